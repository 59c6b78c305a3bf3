"""Finding the input files under the paths given on the command line."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from drafting.errors import UnreadableFile, UsageError, os_reason

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
