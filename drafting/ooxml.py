"""Reading .docx packages that may be hostile: zip limits first, then XML without DTDs.

Used by ``lint`` (and later by ``import``). Nothing here writes to the input file. Every
refusal is a :class:`PackageError` with a Chinese message and a stable code.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from drafting.errors import DraftingError, os_reason

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = R_NS + "/officeDocument"

MAX_FILE_BYTES = 50 * 1024 * 1024  # the .docx itself
MAX_ENTRIES = 5000
MAX_PART_BYTES = 64 * 1024 * 1024  # one part, uncompressed
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts we read, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class PackageError(DraftingError):
    """The file is not a .docx we can read safely."""


@dataclass
class Package:
    """An opened .docx: its zip, the main document part name and the parts read so far."""

    path: Path
    archive: zipfile.ZipFile
    main: str
    _read: int = 0
    _cache: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        """Close the zip file."""
        self.archive.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, name: str) -> bool:
        """Return True when the package holds part ``name``."""
        return name in self.archive.NameToInfo

    def data(self, name: str) -> bytes:
        """Return the bytes of part ``name``, enforcing the size and ratio limits."""
        info = self.archive.getinfo(name)
        if info.flag_bits & 0x1:
            raise PackageError(f"{self.path}：文件已加密，无法读取", code="docx-encrypted")
        try:
            with self.archive.open(info) as stream:
                blob = stream.read(MAX_PART_BYTES + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            NotImplementedError,
            ValueError,  # UnicodeDecodeError: a local header's name that is not UTF-8
        ) as exc:
            raise PackageError(
                f"{self.path}：部件 {name} 不完整或已损坏（{exc}）", code="docx-corrupt"
            ) from exc
        if len(blob) > MAX_PART_BYTES:
            raise PackageError(
                f"{self.path}：部件 {name} 解压后超过 {MAX_PART_BYTES // 2**20} MB，疑似压缩炸弹",
                code="docx-too-large",
            )
        if len(blob) > RATIO_FLOOR and len(blob) > MAX_RATIO * max(info.compress_size, 1):
            raise PackageError(
                f"{self.path}：部件 {name} 的压缩比超过 {MAX_RATIO}:1，疑似压缩炸弹",
                code="docx-zip-bomb",
            )
        self._read += len(blob)
        if self._read > MAX_TOTAL_BYTES:
            raise PackageError(
                f"{self.path}：解压后总量超过 {MAX_TOTAL_BYTES // 2**20} MB，疑似压缩炸弹",
                code="docx-too-large",
            )
        return blob

    def check_every_part(self) -> None:
        """Raise :class:`PackageError` unless every part is within the size and ratio limits.

        For a reader that loads the whole package (python-docx, on a template) rather than
        the parts :meth:`data` reads. The zip's declared sizes bind: zipfile never
        returns more than an entry declares.
        """
        total = 0
        for info in self.archive.infolist():
            where = f"{self.path}：部件 {info.filename}"
            if info.file_size > MAX_PART_BYTES:
                raise PackageError(
                    f"{where} 解压后超过 {MAX_PART_BYTES // 2**20} MB，疑似压缩炸弹",
                    code="docx-too-large",
                )
            ratio = info.file_size > MAX_RATIO * max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio:
                raise PackageError(
                    f"{where} 的压缩比超过 {MAX_RATIO}:1，疑似压缩炸弹", code="docx-zip-bomb"
                )
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageError(
                f"{self.path}：解压后总量超过 {MAX_TOTAL_BYTES // 2**20} MB，疑似压缩炸弹",
                code="docx-too-large",
            )

    def xml(self, name: str) -> Any:
        """Return the parsed root element of part ``name`` (no DTD, no entities)."""
        if name not in self._cache:
            self._cache[name] = parse_xml(self.data(name), f"{self.path}：{name}")
        return self._cache[name]

    def related(self, source: str, rel_type: str) -> list[tuple[str, str]]:
        """Return (relationship id, part name) of ``source``'s relationships of a type."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels):
            return []
        found = []
        for rel in self.xml(rels).iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("Type", "").rsplit("/", 1)[-1] != rel_type:
                continue
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
            target = target.lstrip("/")
            if self.has(target):
                found.append((rel.get("Id", ""), target))
        return found

    def part_of(self, rel_type: str) -> str | None:
        """Return the name of the main document's first related part of ``rel_type``."""
        parts = self.related(self.main, rel_type)
        return parts[0][1] if parts else None


def parse_xml(blob: bytes, where: str) -> Any:
    """Parse ``blob`` refusing any DTD (entity bombs, external entities); return the root."""
    head = blob[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in blob.lower():
        raise PackageError(f"{where} 含有 DTD 或实体声明，拒绝读取", code="docx-dtd")
    try:
        return etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"{where} 不是有效的 XML：{exc}", code="docx-xml") from exc


def open_package(path: Path) -> Package:
    """Open ``path`` as a .docx after checking what it is and the zip's limits.

    Returns a :class:`Package`; raises :class:`PackageError` for .doc/.wps, encrypted,
    truncated, oversized or bomb-like files.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as exc:
        raise PackageError(f"{path}：无法读取（{os_reason(exc)}）", code="docx-io") from exc
    if size == 0:
        raise PackageError(f"{path}：文件是空的", code="docx-empty")
    if magic == _OLE2:
        raise PackageError(
            f"{path}：这是旧版 .doc/.wps 文件或加密的 Word 文件；请在 Word/WPS 中另存为 .docx（不加密）",
            code="docx-legacy",
        )
    if size > MAX_FILE_BYTES:
        raise PackageError(
            f"{path}：文件超过 {MAX_FILE_BYTES // 2**20} MB，不予读取", code="docx-too-large"
        )
    if not magic.startswith(b"PK"):
        raise PackageError(f"{path}：不是 .docx 文件（不是 zip 格式）", code="docx-not-zip")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise PackageError(f"{path}：文件不完整或已损坏（{exc}）", code="docx-corrupt") from exc
    try:
        return _checked(path, archive)
    except BaseException:
        archive.close()
        raise


def _no_overlap(path: Path, infos: list[zipfile.ZipInfo], directory: int) -> None:
    """Refuse entries whose data overlap: one compressed stream read again and again
    under many names is how the small "overlapping" zip bombs reach petabytes.
    """
    end = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset < end:
            raise PackageError(f"{path}：zip 内的条目相互重叠，疑似压缩炸弹", code="docx-zip-bomb")
        name = len(info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437"))
        end = info.header_offset + 30 + name + info.compress_size
    if end > directory:
        raise PackageError(f"{path}：zip 内的条目越过了目录区，文件已损坏", code="docx-corrupt")


def _checked(path: Path, archive: zipfile.ZipFile) -> Package:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackageError(f"{path}：zip 内文件超过 {MAX_ENTRIES} 个", code="docx-too-large")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise PackageError(f"{path}：zip 内有重名的条目，拒绝读取", code="docx-corrupt")
    _no_overlap(path, infos, archive.start_dir)
    package = Package(path, archive, "")
    if not package.has("[Content_Types].xml") or not package.has("_rels/.rels"):
        raise PackageError(
            f"{path}：缺少 [Content_Types].xml 或 _rels/.rels，不是 .docx 文件", code="docx-corrupt"
        )
    main = [name for _, name in package.related("", "officeDocument")]
    if not main:
        raise PackageError(f"{path}：找不到正文部件（word/document.xml）", code="docx-corrupt")
    package.main = main[0]
    root = package.xml(package.main)
    if root.tag != f"{W}document":
        raise PackageError(f"{path}：正文部件不是 Word 文档", code="docx-corrupt")
    return package
