"""The folder being served: confined paths, the document list, hashes, atomic saves.

Every path a request names goes through :meth:`Workspace.resolve`: POSIX, relative,
no ``..``, no backslash, no hidden part (``.git``, ``.vscode``), and once every link is
followed still inside the folder and still not hidden. Saves go through
:func:`drafting.fsio.atomic_write` and are refused when the file on disk is not the one
the editor opened (:class:`Conflict`).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from drafting.check import Checker, is_document
from drafting.check.load import MAX_BYTES
from drafting.check.registry import UnitRegistry
from drafting.diagnostics import Diagnostic, Severity
from drafting.errors import DraftingError, OutsideRoot, OverwriteRefused, UsageError
from drafting.fsio import YAML_SUFFIXES, atomic_write, guard, read_regular
from drafting.resources import KINDS

BOM = b"\xef\xbb\xbf"
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


class Conflict(DraftingError):
    """The file on disk is not the one the editor opened; the save was not made."""

    def __init__(self, path: str, disk: bytes | None) -> None:
        super().__init__(
            f"{path} 在打开之后已被其他程序修改（或删除），为免覆盖未保存；请比较两个版本后选择",
            code="conflict",
        )
        self.disk = disk


def digest(data: bytes) -> str:
    """Return the sha256 hex digest of ``data`` (the hash of a file's bytes)."""
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, shown: str) -> str:
    """Return the text of a file's bytes (UTF-8, a BOM dropped); UsageError if not UTF-8."""
    try:
        return data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            f"{shown} 不是 UTF-8 编码，无法在浏览器中编辑；请先用 drafting check 查看并转换编码",
            code="not-utf8",
        ) from None


def is_hidden(part: str) -> bool:
    """Return True for a path part the server never shows (``.git``, ``.vscode`` …)."""
    return part.startswith(".")


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    """Return a diagnostic as the API gives it (1-based; the end is the start)."""
    return {
        "severity": str(d.severity),
        "code": d.code,
        "message": d.message,
        "line": d.line,
        "col": d.col,
        "end_line": d.line,
        "end_col": d.col,
    }


@dataclass(frozen=True)
class Entry:
    """One document of the list: what ``GET /api/docs`` shows of it."""

    path: str
    kind: str | None
    year: int | None
    title: str
    errors: int
    warnings: int


class RootChecker(Checker):
    """A :class:`Checker` naming unit registries by their absolute paths (not relative
    to the working folder, which a server does not choose), for :meth:`Workspace.localise`."""

    def registry_display(self, file: Path) -> str:
        """Return ``file``'s absolute path: :meth:`Workspace.localise` words it later."""
        return str(file)


class Workspace:
    """The served folder ``root`` (resolved), with the one lock saves take."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.lock = threading.Lock()

    def resolve(self, given: object, *, must_exist: bool = True) -> Path:
        """Return the real path of the request's relative POSIX path ``given``.

        Raises :class:`UsageError` (``bad-path``, ``not-found``) or :class:`OutsideRoot`.
        """
        if not isinstance(given, str) or not given.strip():
            raise UsageError("缺少文件路径", code="bad-path")
        if "\\" in given or "\x00" in given or given.startswith("/") or ":" in given[:2]:
            raise UsageError(f"路径“{given}”无效：应为文件夹内的相对路径", code="bad-path")
        pure = PurePosixPath(given)
        if (
            any(p in ("..", ".") or is_hidden(p) for p in given.split("/") if p)
            or pure.is_absolute()
        ):
            raise UsageError(f"路径“{given}”无效：不能含 ..、. 或隐藏文件夹", code="bad-path")
        real = (self.root / pure).resolve()
        if real != self.root and not real.is_relative_to(self.root):
            raise OutsideRoot(f"{given} 指向所服务的文件夹之外，已拒绝", code="outside-root")
        if any(is_hidden(p) for p in real.relative_to(self.root).parts):
            raise UsageError(f"路径“{given}”指向隐藏文件夹，已拒绝", code="bad-path")
        if must_exist and not real.is_file():
            raise UsageError(f"找不到文件：{given}", code="not-found")
        return real

    def localise(self, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        """Return ``diagnostics`` as ``drafting check`` run in the root folder words them.

        Documents are checked under their absolute paths (so that 附件 and units.yaml are
        found wherever the server was started); paths inside the root become relative.
        """
        prefix = str(self.root) + os.sep
        out = []
        for d in diagnostics:
            path = d.path.removeprefix(prefix)
            message = d.message.replace(prefix, "")
            out.append(Diagnostic(path, d.line, d.col, d.severity, d.code, message))
        return tuple(out)

    def relative(self, path: Path) -> str:
        """Return ``path`` (inside the root) as the API names it: POSIX, relative."""
        return path.resolve().relative_to(self.root).as_posix()

    def yaml_files(self) -> Iterator[Path]:
        """Yield the YAML files under the root, hidden folders and links leading out skipped."""
        for folder, dirs, files in os.walk(self.root):
            here = Path(folder)
            dirs[:] = sorted(
                d
                for d in dirs
                if not is_hidden(d) and d not in _SKIPPED_DIRS and self._inside(here / d)
            )
            for name in sorted(files):
                path = here / name
                if is_hidden(name) or not name.lower().endswith(YAML_SUFFIXES):
                    continue
                if self._inside(path) and path.is_file():
                    yield path

    def _inside(self, path: Path) -> bool:
        real = path.resolve()
        if not real.is_relative_to(self.root):
            return False
        return not any(is_hidden(p) for p in real.relative_to(self.root).parts)

    def documents(self) -> tuple[list[Entry], Entry | None, list[str]]:
        """Return the documents, the unit registry (if any) and the registry's unit names."""
        checker = RootChecker()
        entries: list[Entry] = []
        units: Entry | None = None
        names: list[str] = []
        for path in self.yaml_files():
            if not is_document(path):
                continue
            shown = path.relative_to(self.root).as_posix()
            checked = checker.check_file(path, str(path))
            data = checked.data if isinstance(checked.data, dict) else {}
            entry = Entry(
                shown,
                checked.kind,
                _year(data.get("year")),
                _title(data.get("title")),
                sum(d.severity is Severity.ERROR for d in checked.diagnostics),
                sum(d.severity is Severity.WARNING for d in checked.diagnostics),
            )
            if checked.kind == "units":
                if units is None or shown.count("/") < units.path.count("/"):
                    units = entry
                    names = unit_names(shown, data) if checked.ok else []
            elif checked.kind in KINDS or checked.kind is None:
                entries.append(entry)
        return entries, units, names

    def read(self, given: object) -> tuple[Path, bytes]:
        """Return the real path and the bytes of the file ``given`` names."""
        path = self.resolve(given)
        try:
            return path, read_regular(path, MAX_BYTES)
        except OSError as exc:
            raise UsageError(f"无法读取 {given}：{exc.strerror}", code="io") from exc

    def save(self, given: object, text: str, base_hash: str | None, *, force: bool) -> str:
        """Write ``text`` to ``given`` atomically; return the new hash.

        Raises :class:`Conflict` unless the file on disk is ``base_hash`` (None: no file),
        or ``force``. A UTF-8 BOM the file had is kept.
        """
        path = self.resolve(given, must_exist=False)
        if not path.name.lower().endswith(YAML_SUFFIXES):
            raise UsageError("只能保存 .yaml 或 .yml 文件", code="bad-path")
        shown = str(given)
        with self.lock:
            try:
                claim = guard(path, force=False, ours=lambda _: True)
            except OverwriteRefused as exc:
                raise UsageError(exc.message, code=exc.code) from exc
            disk = read_regular(path, MAX_BYTES) if claim.seen is not None else None
            if not force and (None if disk is None else digest(disk)) != base_hash:
                raise Conflict(shown, disk)
            data = text.encode("utf-8")
            if disk is not None and disk.startswith(BOM):
                data = BOM + data
            try:
                atomic_write(path, data, claim=claim)
            except OverwriteRefused as exc:  # changed between the look and the rename
                now = read_regular(path, MAX_BYTES) if path.exists() else None
                raise Conflict(shown, now) from exc
        return digest(data)

    def create(self, given: object, data: bytes) -> Path:
        """Write a new file ``given``; never over an existing one (:class:`Conflict`)."""
        path = self.resolve(given, must_exist=False)
        with self.lock:
            if os.path.lexists(path):
                raise Conflict(
                    str(given), read_regular(path, MAX_BYTES) if path.is_file() else None
                )
            try:
                atomic_write(path, data)
            except OverwriteRefused as exc:
                raise Conflict(str(given), None) from exc
        return path


def unit_names(shown: str, data: dict[str, Any]) -> list[str]:
    """Return the unit names of a registry's data, as ``drafting check`` reads them."""
    try:
        return list(UnitRegistry.from_data(shown, data).names)
    except (TypeError, ValueError, KeyError, AttributeError):  # a broken registry has none
        return []


def _year(value: object) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def _title(value: object) -> str:
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""
