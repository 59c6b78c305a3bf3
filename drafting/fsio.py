"""File input and output: finding input files, confinement, and atomic writes.

**Finding input files** (:func:`input_files`, ...): the paths given on the command line.

**Confinement** (:func:`confined`): a file we write inside a repository stays inside it,
links or not.

**Writing**: every .docx we write carries, in its custom document properties, a hash of
its own content. A target that no longer matches its hash was edited by hand (or saved by
Word) and is not overwritten without ``force``; neither is a file Word, WPS or
LibreOffice has open (``~$name.docx`` or ``.~lock.name.docx#`` beside it).

One policy for every writer (:func:`guard`, then :func:`atomic_write`): never an input
itself, only regular files (no folder, device, pipe or symbolic link), and with ``force``
the replaced content is kept as ``name.bak`` -- or ``name.2.bak``, ``name.3.bak``... when
an earlier backup holds something else, so that no backup is ever replaced. Just before
the final rename the target is looked at again, under a folder lock: a file that changed
since the guard ran (a hand edit saved meanwhile, another drafting writing the same
file) is refused, not overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from drafting.errors import (
    OutsideRoot,
    OverwriteRefused,
    UnreadableFile,
    UsageError,
    WriteFailed,
    os_reason,
)

# Finding input files
# Opening never waits for a FIFO's writer, nor makes a terminal ours; binary on Windows.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)

YAML_SUFFIXES = (".yaml", ".yml")


def discover(
    paths: Iterable[str], suffixes: tuple[str, ...] = YAML_SUFFIXES
) -> list[tuple[Path, str]]:
    """Expand files and folders into the files to check, as (path, display name).

    Folders are searched recursively for ``suffixes`` (YAML by default); files and folders
    whose name starts with a dot (``.git``, ``.pre-commit-config.yaml``) are skipped.
    A path that does not exist is a :class:`~drafting.errors.UsageError`.
    """
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for file in sorted(names):
                    if file.endswith(suffixes) and not file.startswith("."):
                        full = Path(root) / file
                        found.append((full, str(full)))
        elif path.exists():
            found.append((path, given))
        else:
            raise UsageError(f"找不到文件或文件夹：{given}", code="not-found")
    return found


def require_file(path: Path) -> None:
    """Return when ``path`` is a regular file (symlinks followed) that a command may read.

    Otherwise raise :class:`~drafting.errors.UsageError` saying what it is instead:
    missing, a folder, or a device, FIFO or socket (which would block or never end).
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise UsageError(f"找不到文件：{path}", code="not-found") from None
    except OSError as exc:
        raise UsageError(f"无法读取 {path}：{os_reason(exc)}", code="io") from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"{path} 是一个文件夹，这里需要一个文件", code="not-a-file")
    if not stat.S_ISREG(mode):
        error = _not_regular(mode)
        raise UsageError(f"{path}：{error.message}", code=error.code)


def boundary(folder: Path) -> Path:
    """Return the folder that reads on behalf of a document in ``folder`` must stay inside.

    That is the root of the git repository holding ``folder`` (the nearest folder, itself
    or a parent, with a ``.git`` entry), or ``folder`` itself outside any repository, so
    that a file planted in a shared parent such as ``/tmp`` never governs a document.
    The returned path is resolved (symlinks followed).
    """
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def _not_regular(mode: int) -> UnreadableFile:
    """Return the error for a path whose ``st_mode`` is not a regular file's."""
    if stat.S_ISDIR(mode):
        return UnreadableFile("这是一个文件夹，不是 YAML 文件", code="io")
    if stat.S_ISFIFO(mode):
        what = "命名管道（FIFO）"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "设备文件（如 /dev/zero）"
    elif stat.S_ISSOCK(mode):
        what = "套接字"
    else:
        what = "特殊文件"
    return UnreadableFile(
        f"这是一个{what}，不是普通文件，不能读取（如果它是指向设备或管道的符号链接，请删除该链接）",
        code="not-regular",
    )


def _too_large(size: float, limit: int) -> UnreadableFile:
    mb = 1024 * 1024
    return UnreadableFile(
        f"文件过大（{size / mb:.1f} MB），单个文档不应超过 {limit // mb} MB", code="too-large"
    )


def read_regular(path: Path, limit: int, *, head: bool = False) -> bytes:
    """Return the bytes of the regular file at ``path`` (symlinks followed).

    Never more than ``limit`` bytes are read, whatever the file claims its size is;
    a file with more is :class:`~drafting.errors.UnreadableFile` (``too-large``), or,
    with ``head=True``, cut to its first ``limit`` bytes. A folder, device, FIFO or
    socket is refused before it is opened, and checked again on the opened descriptor
    (so a file swapped in between is refused too), so that reading never blocks and
    never runs without end. Other failures are the :class:`OSError` of the system call.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise _not_regular(mode)
    fd = os.open(path, _OPEN_FLAGS)
    with open(fd, "rb", buffering=0, closefd=True) as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        if info.st_size > limit and not head:
            raise _too_large(info.st_size, limit)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0 and (chunk := handle.read(min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while we read, or its size was not its length
        if not head:
            raise _too_large(max(len(data), info.st_size), limit)
        data = data[:limit]
    return data


# Confinement
def confined(root: Path, path: Path) -> Path:
    """Return ``path`` resolved; raise :class:`OutsideRoot` if it leads outside ``root``."""
    base = root.resolve()
    real = path.resolve()
    if real != base and not real.is_relative_to(base):
        raise OutsideRoot(
            f"{path} 经链接指向 {base} 之外（{real}），为免写到别处，未做任何改动；"
            "请删除或改正这个链接后再试",
            code="outside-root",
        )
    return real


def check_confined(root: Path, paths: Iterable[Path]) -> None:
    """Raise :class:`OutsideRoot` for the first of ``paths`` leading outside ``root``.

    Returns nothing; meant to run before the first write, so a refusal writes nothing.
    """
    for path in paths:
        confined(root, path)


# Writing
CUSTOM = "docProps/custom.xml"
HASH_NAME = "drafting-hash"
ORG_NAME = "drafting-org"
"""The custom property holding the issuing organisation of a rendered document."""
_HASH_RE = re.compile(r"<vt:lpwstr>(sha256:[0-9a-f]{64})</vt:lpwstr>")


def content_hash(parts: dict[str, bytes]) -> str:
    """Return the hash of a package's parts, the custom properties part excluded."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        if name == CUSTOM:
            continue
        digest.update(name.encode() + b"\0" + hashlib.sha256(parts[name]).digest())
    return "sha256:" + digest.hexdigest()


def is_untouched(path: Path) -> bool:
    """Return True when ``path`` is a .docx we wrote and nobody changed since."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False
    stored = _HASH_RE.search(parts.get(CUSTOM, b"").decode("utf-8", "replace"))
    return stored is not None and stored.group(1) == content_hash(parts)


def lock_files(path: Path) -> list[Path]:
    """Return the owner files that say ``path`` is open in Word, WPS or LibreOffice."""
    name = path.name
    names = {"~$" + name, "~$" + name[2:], ".~" + name, f".~lock.{name}#"}
    return [path.with_name(n) for n in sorted(names) if os.path.lexists(path.with_name(n))]


Identity = tuple[int, int, int, int, int, int]
"""A file as :func:`os.lstat` sees it: type and mode, device, inode, size, mtime, ctime."""


def _not_a_folder(target: Path) -> UsageError:
    """Return the error for a ``target`` whose folder path runs through a file or device."""
    for parent in reversed(target.parents):
        if os.path.lexists(parent) and not parent.is_dir():
            return UsageError(
                f"{parent} 不是文件夹，无法在其中写入 {target.name}；请另指定输出位置",
                code="not-a-folder",
            )
    return UsageError(f"无法写入 {target}：路径中有一部分不是文件夹", code="not-a-folder")


def _identity(path: Path) -> Identity | None:
    """Return what ``path`` is now, or None when nothing is there (not even a dangling link).

    Raises :class:`WriteFailed` when the path cannot be looked at (too long, no access).
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError as exc:
        raise _not_a_folder(path) from exc
    except OSError as exc:
        raise WriteFailed(f"无法写入 {path}：{os_reason(exc)}", code="write") from exc
    return (st.st_mode, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _refuse_unusable(target: Path, mode: int) -> None:
    """Raise :class:`UsageError` unless ``mode`` (from lstat) is a regular file's."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        raise UsageError(
            f"{target} 是符号链接；为免改动链接本身或它指向的文件，未写入。请直接指定实际的文件",
            code="target-not-file",
        )
    if stat.S_ISDIR(mode):
        raise UsageError(
            f"{target} 是一个文件夹，不能作为输出文件；请另指定一个文件名", code="target-is-folder"
        )
    raise UsageError(
        f"{target} 不是普通文件（而是设备、管道或套接字），不能作为输出文件；请另指定一个文件名",
        code="target-not-file",
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class Claim:
    """What :func:`guard` saw at a target, for :func:`atomic_write` to check again."""

    target: Path
    seen: Identity | None  # the target when the guard ran; None: there was none
    backup: bool  # keep what is there as a backup before replacing it (--force)


def guard(
    target: Path,
    *,
    force: bool,
    inputs: Iterable[Path] = (),
    ours: Callable[[Path], bool] | None = is_untouched,
) -> Claim:
    """Check that ``target`` may be written; return what was seen there.

    Refused always (:class:`UsageError`): an input file itself (``inputs``, hard and
    symbolic links included), and a target that is not a regular file. Refused without
    ``force``: a target open in an editor (:class:`OverwriteRefused`), and an existing
    target unless ``ours`` says it is our own untouched output (:class:`OverwriteRefused`
    for .docx; :class:`UsageError` when ``ours`` is None, as for YAML and CSV, where we
    cannot tell). Pass the returned :class:`Claim` to :func:`atomic_write`.
    """
    for source in inputs:
        if _same_file(target, source):
            raise UsageError(
                f"输出文件 {target} 就是输入文件 {source}；为免覆盖原文件未写入，请用 -o 另指定输出文件",
                code="same-file",
            )
    seen = _identity(target)
    if seen is None:
        return Claim(target, None, backup=False)
    _refuse_unusable(target, seen[0])
    locks = lock_files(target)
    if locks and not force:
        editor = "LibreOffice" if locks[0].name.startswith(".~lock.") else "Word/WPS"
        raise OverwriteRefused(
            f"{target} 正在被 {editor} 打开（发现 {locks[0].name}），请先关闭文档；确需覆盖请加 --force",
            code="target-open",
        )
    mine = ours is not None and ours(target)
    if not force and not mine:
        if ours is None:
            raise UsageError(
                f"{target} 已存在；确认要覆盖请加 --force（原文件另存为 .bak）",
                code="target-exists",
            )
        raise OverwriteRefused(
            f"{target} 不是本工具生成的原样文件（可能已被手工修改），为免丢失内容未覆盖；"
            "请另存或改用 -o 指定新文件，确需覆盖请加 --force（原文件会保存为 .bak）",
            code="target-edited",
        )
    return Claim(target, seen, backup=force)  # .bak on --force, as the help promises


REPLACE_ATTEMPTS = 5
REPLACE_PAUSE = 0.2  # seconds, growing with each attempt: 0.2 + 0.4 + 0.6 + 0.8 = 2 s at most


def _replace(source: Path, target: Path) -> None:
    """``os.replace`` with bounded retries while the target is locked.

    On Windows a file that Word, WPS or a virus scanner holds open cannot be replaced
    for a moment (PermissionError); a few short retries ride that out.
    """
    for attempt in range(1, REPLACE_ATTEMPTS + 1):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == REPLACE_ATTEMPTS:
                raise
            time.sleep(REPLACE_PAUSE * attempt)


STALE_AFTER = 24 * 3600  # seconds: a temporary file this old belongs to nobody


@cache
def _host_tag() -> str:
    """Return 8 hex digits naming this machine (a hash: no host name leaks into file names)."""
    if hasattr(os, "uname"):
        host = os.uname().nodename
    else:
        import socket  # Windows only: socket costs a few ms of start-up

        host = socket.gethostname()
    return hashlib.sha256(host.encode("utf-8", "replace")).hexdigest()[:8]


def _owner_tag() -> str:
    """Return ``host-pid``: who writes a temporary file (the host keeps network shares safe)."""
    return f"{_host_tag()}-{os.getpid()}"


NAME_MAX = 255  # bytes in one file name: ext4, XFS, APFS, NTFS (UTF-16 units) alike
_TEMP_RANDOM = 8  # characters tempfile adds between prefix and suffix


def _clip(name: str, room: int) -> str:
    """Return ``name`` cut to at most ``room`` bytes, never inside a character."""
    return os.fsencode(name)[: max(room, 1)].decode("utf-8", "ignore")


def _temp_prefix(target: Path, kind: str = "") -> str:
    """Return the temporary file prefix for ``target``: the name, clipped so that the
    whole temporary name (``.NAME.HOST-PID.RANDOM.tmp``) fits in :data:`NAME_MAX`."""
    tail = f".{kind}{_owner_tag()}."
    room = NAME_MAX - 1 - len(tail) - _TEMP_RANDOM - len(".tmp")
    return f".{_clip(target.name, room)}{tail}"


def _alive(pid: int) -> bool:
    """Return False only when process ``pid`` surely no longer exists on this machine."""
    if sys.platform == "win32":  # os.kill would terminate it there; rely on age alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process, or we may not ask: assume alive
        return True
    return True


_TEMP_RE = re.compile(r"^\..+\.(?:bak\.)?([0-9a-f]{8})-([0-9]+)\.[^.]+\.tmp$")
_SWEPT: set[Path] = set()


def sweep_stale(folder: Path) -> list[Path]:
    """Remove the temporary files that killed earlier writes left in ``folder``.

    A temporary file (``.NAME.HOST-PID.RANDOM.tmp``) is stale when the process that made
    it on this machine is gone, or when it is older than :data:`STALE_AFTER` (another
    machine on a shared folder, or a system where processes cannot be asked). Another
    live writer's files are kept. A folder is swept once per process (a batch writes
    many files into one folder). Returns the files removed; errors are ignored (the
    sweep is a courtesy).
    """
    removed: list[Path] = []
    if folder in _SWEPT:
        return removed
    _SWEPT.add(folder)
    host = _host_tag()
    try:
        candidates = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    except OSError:
        return removed
    now = time.time()
    for path in candidates:
        match = _TEMP_RE.match(path.name)
        if match is None:
            continue
        try:
            old = now - path.stat().st_mtime > STALE_AFTER
            dead = match.group(1) == host and not _alive(int(match.group(2)))
            if old or dead:
                path.unlink()
                removed.append(path)
        except (OSError, ValueError):
            continue
    return removed


MAX_BACKUPS = 999


def backup_name(target: Path, number: int) -> Path:
    """Return the ``number``-th backup of ``target``: ``name.bak``, then ``name.2.bak``..."""
    suffix = ".bak" if number == 1 else f".{number}.bak"
    return target.with_name(target.name + suffix)


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _claim_name(copy: Path, name: Path) -> bool:
    """Give ``copy`` the name ``name`` unless something is there; return False if it is.

    A hard link never replaces; where the file system has none (FAT, some network
    shares), the name is first reserved with an exclusive create.
    """
    try:
        os.link(copy, name)
    except FileExistsError:
        return False
    except OSError:
        try:
            os.close(os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            return False
        _replace(copy, name)
        return True
    copy.unlink(missing_ok=True)
    return True


def _keep_copy(target: Path, folder: Path) -> Path:
    """Copy ``target`` to its first free backup name; return the backup that holds it.

    No backup is ever replaced: when ``name.bak`` holds something else, ``name.2.bak``
    is tried, and so on; a backup with exactly these bytes already is reused. ``target``
    itself never goes missing (renaming it away first would leave a moment without it).
    Raises :class:`WriteFailed` when no backup name fits or :data:`MAX_BACKUPS` are used.
    """
    import shutil

    with tempfile.NamedTemporaryFile(
        dir=folder, prefix=_temp_prefix(target, "bak."), suffix=".tmp", delete=False
    ) as handle:
        copy = Path(handle.name)
    try:
        shutil.copy2(target, copy)  # times and mode, but not the group
        _take_access(copy, target)
        for number in range(1, MAX_BACKUPS + 1):
            name = backup_name(target, number)
            if len(os.fsencode(name.name)) > NAME_MAX:
                raise WriteFailed(
                    f"{target} 的文件名太长，无法在旁边另存备份 {name.name[-12:]}…；"
                    "原文件未改动。请改用较短的文件名",
                    code="backup-name",
                )
            if os.path.lexists(name):
                if name.is_file() and not name.is_symlink() and _same_bytes(name, copy):
                    copy.unlink(missing_ok=True)
                    return name
                continue
            if _claim_name(copy, name):
                return name
        raise WriteFailed(
            f"{target} 旁的备份已有 {MAX_BACKUPS} 个，未覆盖；请先清理 .bak 文件",
            code="backup-full",
        )
    except BaseException:
        copy.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (POSIX ``flock``) while the body runs.

    It serialises the last look and the rename of every drafting writer in the folder,
    so that two of them cannot both find the target as they expect. Best effort: where
    folders cannot be locked (Windows, some network shares) the body runs unlocked.
    """
    fd = -1
    if sys.platform != "win32":
        import fcntl

        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        if fd >= 0:
            os.close(fd)  # releases the lock


def _umask() -> int:
    """Return the process umask without changing it for other threads where possible.

    Linux reports it in /proc (since 4.7); elsewhere it can only be read by setting it,
    which is safe here: drafting's only other thread (the render watchdog) creates no
    files.
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _take_access(temp: Path, target: Path) -> None:
    """Give ``temp`` the access ``target`` has, or a new file's access when it is new.

    A replaced file keeps its permission bits (a colleague's 0664 on a shared folder
    stays 0664) and, where we may set it, its group; a new file gets what ``open()``
    would give it, ``0666 & ~umask``. A temporary file from :mod:`tempfile` is always
    0600, so this must happen before the rename. Returns nothing.
    """
    try:
        old = target.stat()
    except OSError:
        os.chmod(temp, 0o666 & ~_umask())
        return
    if hasattr(os, "chown") and old.st_gid != temp.stat().st_gid:
        with contextlib.suppress(OSError):  # not a member of that group: the bits still apply
            os.chown(temp, -1, old.st_gid)
    os.chmod(temp, stat.S_IMODE(old.st_mode) & 0o777)


def _changed(target: Path) -> OverwriteRefused:
    return OverwriteRefused(
        f"{target} 在本次生成期间被修改或被另一个程序写入；为免丢失其内容未覆盖。"
        "请检查该文件后重新运行",
        code="target-changed",
    )


def _create(temp: Path, target: Path) -> None:
    """Give ``temp`` the name ``target`` where nothing is; refuse if something appeared."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise _changed(target) from None
    except OSError:  # no hard links on this file system: the folder lock has to do
        _replace(temp, target)
        return
    with contextlib.suppress(OSError):
        temp.unlink()


def atomic_write(
    target: Path, data: bytes, *, backup: bool = False, claim: Claim | None = None
) -> Path | None:
    """Write ``data`` to ``target`` through a temporary file in the same folder.

    ``claim`` is what :func:`guard` saw before the work began; without one, the target
    as it is now (and ``backup``) stand in. Just before the rename, under a folder lock,
    the target must still be what was seen: a file changed or created meanwhile is
    refused (:class:`OverwriteRefused`), and it must be a regular file. The previous
    file stays intact until the final rename; when the claim says so it is kept as a
    backup first (:func:`_keep_copy`). The file gets the previous file's permissions and
    group, or for a new file those the umask allows (:func:`_take_access`). Temporary
    files that a killed earlier write left beside the target are removed first
    (:func:`sweep_stale`). Ctrl-C or SIGTERM meanwhile takes effect after the rename
    (:func:`~drafting.signals.held`): the file is either untouched or complete, and no
    temporary file is left. Returns the backup kept, if any; raises :class:`WriteFailed`
    with a Chinese message.
    """
    from drafting import signals  # not loaded by check, which never writes

    with signals.held():
        return _write(target, data, backup, claim)


def _write(target: Path, data: bytes, backup: bool, claim: Claim | None) -> Path | None:
    """The body of :func:`atomic_write`, run with stopping signals held back."""
    if claim is None:
        seen = _identity(target)
        if seen is not None:
            _refuse_unusable(target, seen[0])
        claim = Claim(target, seen, backup=backup and seen is not None)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep_stale(folder)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
            dir=folder, prefix=_temp_prefix(target), suffix=".tmp", delete=False
        )
    except (FileExistsError, NotADirectoryError) as exc:  # a file where a folder should be
        raise _not_a_folder(target) from exc
    except OSError as exc:
        raise WriteFailed(f"无法在 {folder} 中写入：{os_reason(exc)}", code="write") from exc
    temp = Path(handle.name)
    kept: Path | None = None
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _take_access(temp, target)
        with _folder_lock(folder):
            now = _identity(target)
            if now != claim.seen:
                raise _changed(target)
            if now is None:
                _create(temp, target)
            else:
                _refuse_unusable(target, now[0])
                if claim.backup:
                    kept = _keep_copy(target, folder)
                _replace(temp, target)
    except PermissionError as exc:
        temp.unlink(missing_ok=True)
        raise WriteFailed(
            f"写入 {target} 失败：文件被占用或没有写权限（可能正在 Word/WPS 中打开），"
            f"已重试 {REPLACE_ATTEMPTS} 次；原文件未改动。请关闭文档后再试",
            code="write-locked",
        ) from exc
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WriteFailed(
            f"写入 {target} 失败：{os_reason(exc)}（原文件未改动）", code="write"
        ) from exc
    except BaseException:  # Ctrl-C mid-write: the target is untouched, and no temp is left
        temp.unlink(missing_ok=True)
        raise
    return kept
