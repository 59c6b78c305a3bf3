"""Write: package .docx bytes reproducibly and replace the target file atomically.

Every file we write carries, in its custom document properties, a hash of its own
content. A target that no longer matches its hash was edited by hand (or saved by Word)
and is not overwritten without ``force``; neither is a file Word or WPS has open
(``~$name.docx`` beside it). With ``force`` the old file is kept as ``name.docx.bak``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import stat
import sys
import tempfile
import time
import zipfile
from functools import cache
from pathlib import Path

from drafting.errors import DraftingError

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CUSTOM = "docProps/custom.xml"
HASH_NAME = "drafting-hash"
_CT_CUSTOM = (
    '<Override PartName="/docProps/custom.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.custom-properties+xml"/>'
)
_REL_CUSTOM = (
    '<Relationship Id="rIdDraftingCustom" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>'
)
_HASH_RE = re.compile(r"<vt:lpwstr>(sha256:[0-9a-f]{64})</vt:lpwstr>")


class OverwriteRefused(DraftingError):
    """The target exists and must not be replaced without ``--force``."""


class WriteFailed(DraftingError):
    """The file could not be written; the previous file (if any) is untouched."""


def content_hash(parts: dict[str, bytes]) -> str:
    """Return the hash of a package's parts, the custom properties part excluded."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        if name == CUSTOM:
            continue
        digest.update(name.encode() + b"\0" + hashlib.sha256(parts[name]).digest())
    return "sha256:" + digest.hexdigest()


def _custom_xml(value: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{HASH_NAME}">'
        f"<vt:lpwstr>{value}</vt:lpwstr></property></Properties>"
    ).encode()


def package(docx: bytes) -> bytes:
    """Return ``docx`` re-zipped with fixed timestamps and our content hash."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts.pop(CUSTOM, None)
    types = parts["[Content_Types].xml"].decode()
    if "/docProps/custom.xml" not in types:
        parts["[Content_Types].xml"] = types.replace("</Types>", _CT_CUSTOM + "</Types>").encode()
    rels = parts["_rels/.rels"].decode()
    if "custom-properties" not in rels:
        parts["_rels/.rels"] = rels.replace(
            "</Relationships>", _REL_CUSTOM + "</Relationships>"
        ).encode()
    parts[CUSTOM] = _custom_xml(content_hash(parts))
    order = ["[Content_Types].xml", *sorted(n for n in parts if n != "[Content_Types].xml")]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name])
    return buffer.getvalue()


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
    """Return the Word/WPS owner files that say ``path`` is open in an editor."""
    names = {"~$" + path.name, "~$" + path.name[2:], ".~" + path.name}
    return [path.with_name(n) for n in sorted(names) if path.with_name(n).exists()]


def guard(target: Path, *, force: bool) -> None:
    """Raise :class:`OverwriteRefused` unless writing ``target`` is safe (or forced)."""
    if force or not target.exists():
        return
    locks = lock_files(target)
    if locks:
        raise OverwriteRefused(
            f"{target} 正在被 Word/WPS 打开（发现 {locks[0].name}），请先关闭文档；确需覆盖请加 --force",
            code="target-open",
        )
    if not is_untouched(target):
        raise OverwriteRefused(
            f"{target} 不是本工具生成的原样文件（可能已被手工修改），为免丢失内容未覆盖；"
            "请另存或改用 -o 指定新文件，确需覆盖请加 --force（原文件会保存为 .bak）",
            code="target-edited",
        )


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


def _temp_prefix(target: Path, kind: str = "") -> str:
    return f".{target.name}.{kind}{_owner_tag()}."


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


def _keep_copy(target: Path, folder: Path) -> None:
    """Copy ``target`` to ``target.bak`` (itself atomically); ``target`` never goes missing.

    Renaming the old file away first would leave a moment without it: a crash there
    would leave the user with only the .bak.
    """
    import shutil

    with tempfile.NamedTemporaryFile(
        dir=folder, prefix=_temp_prefix(target, "bak."), suffix=".tmp", delete=False
    ) as handle:
        copy = Path(handle.name)
    try:
        shutil.copy2(target, copy)  # times and mode, but not the group
        _take_access(copy, target)
        _replace(copy, target.with_name(target.name + ".bak"))
    except BaseException:
        copy.unlink(missing_ok=True)
        raise


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


def atomic_write(target: Path, data: bytes, *, backup: bool = False) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder.

    The previous file stays intact until the final rename; with ``backup`` it is kept
    as ``target.bak``. The file gets the previous file's permissions and group, or for
    a new file those the umask allows (:func:`_take_access`). Temporary files that a killed
    earlier write left beside the target are removed first (:func:`sweep_stale`).
    Returns nothing; raises :class:`WriteFailed` with a Chinese message.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep_stale(folder)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
            dir=folder, prefix=_temp_prefix(target), suffix=".tmp", delete=False
        )
    except OSError as exc:
        raise WriteFailed(f"无法在 {folder} 中写入：{exc.strerror or exc}", code="write") from exc
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _take_access(temp, target)
        if backup and target.exists():
            _keep_copy(target, folder)
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
            f"写入 {target} 失败：{exc.strerror or exc}（原文件未改动）", code="write"
        ) from exc
    except BaseException:  # Ctrl-C mid-write: the target is untouched, and no temp is left
        temp.unlink(missing_ok=True)
        raise
