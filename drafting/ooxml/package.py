"""Reading .docx packages that may be hostile: zip limits first, then XML without DTDs.

Used by ``lint``, ``import`` and the renderer's template checks. Nothing here writes to
the input file. Every refusal is a :class:`PackageError` with a Chinese message and a stable code.
Namespaces live in :mod:`drafting.ooxml.ns`, the text of a paragraph in
:mod:`drafting.ooxml.text`.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from drafting.errors import PackageError, UnreadableFile, os_reason
from drafting.fsio import read_regular
from drafting.ooxml.ns import CT_NS, REL_NS, STRICT, STRICT_NAMESPACES, W

MAX_FILE_BYTES = 50 * 1024 * 1024  # the .docx itself
MAX_ENTRIES = 5000
MAX_PART_BYTES = 64 * 1024 * 1024  # one part, uncompressed
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts we read, uncompressed
MAX_RATIO = 1100  # uncompressed / compressed, for parts above RATIO_FLOOR
"""Deflate (what Word, LibreOffice and ``render`` write) never exceeds about 1032:1, so a
document of one repeated character is never refused by it; bzip2 and LZMA entries (which
no Word writes) reach 90,000:1. The work a deflated bomb can cause is bounded by
:data:`MAX_PART_BYTES` and :data:`MAX_TOTAL_BYTES`, read as a stream."""
RATIO_FLOOR = 1024 * 1024

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, encoding="utf-8"
)
"""Reads UTF-8 whatever the XML declaration says: :func:`parse_xml` hands it the bytes it
checked, already in UTF-8, so the parser cannot decode them into something else."""
_DECLARATION = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*["']([^"'>]{1,40})["']""")
_UTF = frozenset({"utf8", "utf16", "utf16le", "utf16be", "utf32", "utf32le", "utf32be"})
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM starts it
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class Package:
    """An opened .docx: its zip, the main document part name and the parts read so far."""

    path: Path
    archive: zipfile.ZipFile
    main: str
    _read: int = 0
    _cache: dict[str, Any] = field(default_factory=dict)
    _types: dict[str, str] = field(default_factory=dict)  # "/part" or ".ext" → content type

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
        """Return the parsed root element of part ``name`` (no DTD, no entities).

        A Strict OOXML part comes back in the transitional namespaces, so that every
        reader of a package sees one vocabulary.
        """
        if name not in self._cache:
            self._cache[name] = parse_xml(
                self.data(name), f"{self.path}：{name}", transitional=True
            )
        return self._cache[name]

    def related(
        self, source: str, rel_type: str, *, external: bool = False
    ) -> list[tuple[str, str]]:
        """Return (relationship id, part name) of ``source``'s relationships of a type.

        With ``external``, return instead those whose target is outside the package
        (id, target as written); they are never fetched.
        """
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels):
            return []
        found = []
        for rel in self.xml(rels).iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("Type", "").rsplit("/", 1)[-1] != rel_type:
                continue
            if (rel.get("TargetMode") == "External") != external:
                continue
            if external:
                found.append((rel.get("Id", ""), rel.get("Target", "")))
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
            target = target.lstrip("/")
            if self.has(target):
                found.append((rel.get("Id", ""), target))
        return found

    def content_type(self, name: str) -> str:
        """Return the content type [Content_Types].xml gives part ``name`` ("" if none)."""
        if not self._types:
            root = self.xml("[Content_Types].xml")
            for default in root.iter(f"{{{CT_NS}}}Default"):
                extension = "." + default.get("Extension", "").lower()
                self._types.setdefault(extension, default.get("ContentType", ""))
            for override in root.iter(f"{{{CT_NS}}}Override"):
                part = override.get("PartName", "").lower()
                self._types.setdefault(part, override.get("ContentType", ""))
        found = self._types.get("/" + name.lower())
        if found is None:
            found = self._types.get(posixpath.splitext(name)[1].lower(), "")
        return found

    def part_of(self, rel_type: str) -> str | None:
        """Return the name of the main document's first related part of ``rel_type``."""
        parts = self.related(self.main, rel_type)
        return parts[0][1] if parts else None


_MEASURE = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|in|pt|pc|pi)?\s*")
_TWIPS_PER = {None: 1.0, "mm": 1440 / 25.4, "cm": 14400 / 25.4, "in": 1440.0, "pt": 20.0}
_TWIPS_PER.update(pc=240.0, pi=240.0)


def twips(value: str | None) -> int | None:
    """Return an ``ST_TwipsMeasure`` / ``ST_SignedTwipsMeasure`` value in twips, or None.

    ISO/IEC 29500 allows a plain number of twips (``11906``) or a number with a unit
    (``210mm``, ``2.5cm``, ``1in``, ``12pt``, ``1pc``); anything else gives None.
    """
    if value is None:
        return None
    match = _MEASURE.fullmatch(value)
    if match is None:
        return None
    return round(float(match.group(1)) * _TWIPS_PER[match.group(2)])


def parse_xml(blob: bytes, where: str, *, transitional: bool = False) -> Any:
    """Parse ``blob`` refusing any DTD (entity bombs, external entities); return the root.

    The part is first decoded (by its byte order mark or XML declaration, as a parser
    would) into UTF-8, and the DTD check runs on those bytes: a part in UTF-16 hid its
    ``<!DOCTYPE`` from a check on the raw bytes. The parser then reads exactly those
    bytes, and a DTD it still finds (one after a long prolog) is refused as well.

    With ``transitional``, Strict OOXML names are renamed to their transitional twins.
    """
    data = _utf8(blob, where)
    if b"<!doctype" in data[:4096].lower() or b"<!entity" in data.lower():
        raise PackageError(f"{where} 含有 DTD 或实体声明，拒绝读取", code="docx-dtd")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"{where} 不是有效的 XML：{exc}", code="docx-xml") from exc
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise PackageError(f"{where} 含有 DTD 或实体声明，拒绝读取", code="docx-dtd")
    if transitional and STRICT.encode() in data:
        _to_transitional(root)
    return root


def _to_transitional(root: Any) -> None:
    """Rename every element and attribute of a Strict namespace to the transitional one."""
    for element in root.iter():
        tag = element.tag
        if isinstance(tag, str) and tag.startswith("{" + STRICT):
            namespace, local = tag[1:].split("}", 1)
            if namespace in STRICT_NAMESPACES:
                element.tag = f"{{{STRICT_NAMESPACES[namespace]}}}{local}"
        for key in [k for k in element.attrib if k.startswith("{" + STRICT)]:
            namespace, local = key[1:].split("}", 1)
            if namespace in STRICT_NAMESPACES:
                value = element.attrib.pop(key)
                element.set(f"{{{STRICT_NAMESPACES[namespace]}}}{local}", value)


def _utf8(blob: bytes, where: str) -> bytes:
    """Return ``blob`` as UTF-8 without a byte order mark, decoded as a parser would.

    A BOM decides; without one, ``<`` followed by NUL (or NUL then ``<``) is UTF-16;
    otherwise the XML declaration names the encoding (UTF-8 when it names none or a
    UTF one, which 8-bit bytes cannot be). Raises ``docx-encoding`` for an encoding
    that is unknown or bytes that are not in it.
    """
    if blob.startswith(codecs.BOM_UTF8):
        return blob[len(codecs.BOM_UTF8) :]
    encoding = next((name for bom, name in _BOMS if blob.startswith(bom)), "")
    if not encoding and blob[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16-le" if blob[:1] == b"<" else "utf-16-be"
    if not encoding:
        found = _DECLARATION.match(blob[:256])
        declared = found.group(1).decode("ascii", "replace") if found else "UTF-8"
        if declared.lower().replace("-", "").replace("_", "") in _UTF:
            return blob
        encoding = declared
    shown = "".join(c if c.isprintable() else "?" for c in encoding)
    try:
        return blob.decode(encoding).encode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError) as exc:
        raise PackageError(
            f"{where} 不是有效的 {shown} 编码文本（第 {exc.start + 1} 个位置起）；"
            "OOXML 部件应为 UTF-8 或 UTF-16",
            code="docx-encoding",
        ) from None
    except (LookupError, ValueError):  # ValueError: a name with NUL in it (found by fuzzing)
        raise PackageError(
            f"{where} 使用无法识别的 {shown} 编码；OOXML 部件应为 UTF-8 或 UTF-16",
            code="docx-encoding",
        ) from None


def open_package(path: Path) -> Package:
    """Open ``path`` as a .docx after checking what it is and the zip's limits.

    Returns a :class:`Package`; raises :class:`PackageError` for .doc/.wps, encrypted,
    truncated, oversized or bomb-like files.
    """
    try:
        if path.is_dir():
            raise PackageError(f"{path}：这是一个文件夹，不是 .docx 文件", code="docx-io")
        # Read at most the limit, and only from a regular file: a FIFO would block the
        # open, and a device's size of 0 says nothing about what it yields.
        blob = read_regular(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        if exc.code == "too-large":
            raise PackageError(
                f"{path}：文件超过 {MAX_FILE_BYTES // 2**20} MB，不予读取", code="docx-too-large"
            ) from exc
        raise PackageError(f"{path}：{exc.message}", code="docx-io") from exc
    except OSError as exc:
        raise PackageError(f"{path}：无法读取（{os_reason(exc)}）", code="docx-io") from exc
    size, magic = len(blob), blob[:8]
    if size == 0:
        raise PackageError(f"{path}：文件是空的", code="docx-empty")
    if magic == _OLE2:
        raise PackageError(
            f"{path}：这是旧版 .doc/.wps 文件或加密的 Word 文件；请在 Word/WPS 中另存为 .docx（不加密）",
            code="docx-legacy",
        )
    if not magic.startswith(b"PK"):
        raise PackageError(f"{path}：不是 .docx 文件（不是 zip 格式）", code="docx-not-zip")
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise PackageError(f"{path}：文件不完整或已损坏（{exc}）", code="docx-corrupt") from exc
    try:
        return _checked(path, archive)
    except BaseException:
        archive.close()
        raise


@contextmanager
def nested_package(outer: Package, name: str) -> Iterator[Package]:
    """Yield part ``name`` of ``outer`` opened as a .docx of its own (an embedded Word
    document), under the same checks; what it reads counts against ``outer``'s total.

    Raises :class:`PackageError` when the part is not a .docx or fails a check; its
    messages are prefixed by ``outer``'s path.
    """
    blob = outer.data(name)
    if not blob.startswith(b"PK"):
        raise PackageError(f"{outer.path}：{name} 不是 .docx 文件", code="docx-not-zip")
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise PackageError(
            f"{outer.path}：{name} 不完整或已损坏（{exc}）", code="docx-corrupt"
        ) from exc
    package = Package(outer.path, archive, "", outer._read)
    try:
        _check(package)
        yield package
    finally:
        outer._read = package._read  # also what a refused embedded document read
        archive.close()


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
    package = Package(path, archive, "")
    _check(package)
    return package


def _check(package: Package) -> None:
    """Check the zip's entries and find the main document part of ``package``."""
    path, archive = package.path, package.archive
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackageError(f"{path}：zip 内文件超过 {MAX_ENTRIES} 个", code="docx-too-large")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise PackageError(f"{path}：zip 内有重名的条目，拒绝读取", code="docx-corrupt")
    _no_overlap(path, infos, archive.start_dir)
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
