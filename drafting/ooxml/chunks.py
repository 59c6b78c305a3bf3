"""altChunk: content a .docx carries in another format, merged into the body by Word.

A ``w:altChunk`` points (relationship ``aFChunk``) at a part in HTML, XHTML, plain text,
a web archive (MHT) or a whole Word document; Word shows its text where the chunk sits.
Import cannot place that text in the structure, so, like a text box, it is listed in
the report. What cannot be read (RTF, a missing or external part, a hostile embedded
document) is listed as well: the user must never lose text without being told.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from drafting.errors import PackageError
from drafting.ooxml.package import Package, nested_package

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_SUFFIXES = (".htm", ".html", ".xhtml")
_DOCX_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    }
)
_RTF_TYPES = frozenset({"application/rtf", "text/rtf"})
_CHARSET = re.compile(rb"""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9._-]{1,40})""", re.IGNORECASE)
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_HIDDEN = ("head", "script", "style", "template", "noscript", "title")
_HTML_PARSER = etree.HTMLParser(
    encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
)

MAX_CHUNK_BYTES = 2 * 2**20
"""How much of an HTML, text or MHT chunk is read: the report shows its first words
only, and libxml2 took 7 s on 20 MB of short paragraphs."""
MAX_CHUNKS_BYTES = 8 * 2**20
"""How much of all the chunks of one document is read: 128 parts of 2 MB fit the
package's 256 MB and would each have been parsed."""

DocxText = Callable[[Package], str]
"""Returns the body text of an embedded Word document (given by :mod:`drafting.ingest.extract`)."""


@dataclass
class Seen:
    """What the chunks of one document said so far (a part many chunks point at is read
    once) and how many more bytes of HTML, text or MHT may be parsed for them all."""

    said: dict[str, str | None] = field(default_factory=dict)
    left: int = field(default_factory=lambda: MAX_CHUNKS_BYTES)


def describe(
    package: Package,
    part: str | None,
    external: bool,
    after: int,
    docx_text: DocxText,
    seen: Seen,
) -> str | None:
    """Return the report line for one altChunk found after paragraph ``after``.

    ``part`` is the chunk's part name (None when its relationship leads nowhere in the
    package). Returns None for a chunk that holds no text at all.
    """
    where = f"嵌入内容（第 {after} 段后）" if after else "嵌入内容（正文开头）"
    if external:
        return f"{where}：引用的是外部内容，未读取"
    if part is None:
        return f"{where}：引用的部件不在文件中"
    if part not in seen.said:
        seen.said[part] = _said(package, part, docx_text, seen)
    said = seen.said[part]
    return f"{where}：{said}" if said else None


def _said(package: Package, part: str, docx_text: DocxText, seen: Seen) -> str | None:
    """Return what the report says of chunk ``part``: its text, or why it is not read."""
    content_type = package.content_type(part).split(";")[0].strip().lower()
    try:
        text, size, cut = _text(package, part, content_type, docx_text, seen)
    except PackageError as exc:
        reason = exc.message.removeprefix(f"{package.path}：")
        return f"未能读取 [{exc.code}]：{reason}"
    if text is None:
        label = "RTF" if content_type in _RTF_TYPES or part.lower().endswith(".rtf") else ""
        label = label or content_type or part.rsplit(".", 1)[-1]
        return f"{label} 格式，未能读取其文字，请在 Word 中打开核对"
    text = " ".join(text.split())
    if cut == 0 and size:
        total = _size(MAX_CHUNKS_BYTES)
        return f"嵌入内容过多，未读取（合计只读取 {total}），请在 Word 中打开核对"
    if size > cut:  # only the head was read: say so, and never say nothing
        note = f"共 {size:,} 字节，只读取了开头 {_size(cut)}"
        return f"{text}……（{note}）" if text else f"{note}，其中没有文字，请在 Word 中打开核对"
    return text or None


def _size(count: int) -> str:
    """Return a byte count for the report: "2.0 MB" or "400 字节"."""
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count:,} 字节"


def _text(
    package: Package, part: str, content_type: str, docx_text: DocxText, seen: Seen
) -> tuple[str | None, int, int]:
    """Return the text of the chunk ``part`` (None for a format we do not read), the
    size of what it was read from and how much of it was read."""
    lower = part.lower()
    if content_type in _DOCX_TYPES or lower.endswith((".docx", ".docm", ".dotx")):
        with nested_package(package, part) as nested:
            return docx_text(nested), 0, 0  # read in full, under the package limits
    whole = package.data(part)
    blob = whole[: max(min(MAX_CHUNK_BYTES, seen.left), 0)]
    seen.left -= len(blob)
    if content_type in _HTML_TYPES or lower.endswith(_HTML_SUFFIXES):
        return html_text(_decode(blob, _declared(blob))), len(whole), len(blob)
    if content_type == "text/plain" or lower.endswith(".txt"):
        return _decode(blob, None), len(whole), len(blob)
    if content_type == "message/rfc822" or lower.endswith((".mht", ".mhtml")):
        return _mht_text(blob), len(whole), len(blob)
    return None, len(whole), len(blob)


def html_text(markup: str) -> str:
    """Return the visible text of HTML: no head, scripts or styles; blocks on new lines.

    libxml2's HTML parser reads it (linear even on hostile markup, no DTD or entity
    processing, nothing fetched).
    """
    try:
        root = etree.fromstring(markup.encode("utf-8"), _HTML_PARSER)
    except (etree.XMLSyntaxError, etree.ParserError):
        return ""
    if root is None:
        return ""
    etree.strip_elements(root, *_HIDDEN, with_tail=False)
    for element in root.iter(*_BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return "".join(root.itertext())


def _declared(blob: bytes) -> str | None:
    """Return the charset an HTML chunk's ``<meta>`` names, if any."""
    found = _CHARSET.search(blob[:4096])
    return found.group(1).decode("ascii") if found else None


def _decode(blob: bytes, declared: str | None) -> str:
    """Return the text of a chunk: its BOM decides, then a declared charset, then UTF-8
    or GB18030 (as for text files); a character cut at the end is dropped, and bytes
    no codec takes become U+FFFD, never an error."""
    if blob.startswith(codecs.BOM_UTF8):
        return blob[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    if blob.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return blob.decode("utf-16", "replace")
    for codec in (declared, "utf-8", "gb18030"):
        if codec is None:
            continue
        try:
            return blob.decode(codec)
        except LookupError:
            continue
        except UnicodeDecodeError as exc:
            if exc.start >= len(blob) - 4 and exc.end == len(blob):  # cut at MAX_CHUNK_BYTES
                return blob[: exc.start].decode(codec, "replace")
            continue
    return blob.decode("utf-8", "replace")


def _mht_text(blob: bytes, depth: int = 0) -> str | None:
    """Return the text of the first HTML (or plain text) part of a web archive.

    Split by hand rather than by :mod:`email`, whose parser took 30 s for 20 MB of
    short lines: headers are read from at most 64 KB, and at most 100 parts are looked
    at, three levels deep.
    """
    headers, body = _mime_split(blob)
    if headers is None:
        return None
    kind = headers.get_content_type()
    if kind.startswith("multipart/"):
        boundary = headers.get_param("boundary")
        if not isinstance(boundary, str) or not boundary or depth >= 3:
            return None
        for piece in body.split(b"--" + boundary.encode("utf-8", "replace"))[1:_MAX_PARTS]:
            if piece.startswith(b"--"):
                break
            text = _mht_text(piece.removeprefix(b"\r\n").removeprefix(b"\n"), depth + 1)
            if text is not None:
                return text
        return None
    if kind not in ("text/html", "text/plain"):
        return None
    encoding = str(headers.get("Content-Transfer-Encoding", "")).strip().lower()
    try:
        if encoding == "quoted-printable":
            body = binascii.a2b_qp(body)
        elif encoding == "base64":
            body = binascii.a2b_base64(body)
    except (binascii.Error, ValueError):
        return None
    text = _decode(body, headers.get_content_charset())
    return html_text(text) if kind == "text/html" else text


_MAX_PARTS = 101
_MAX_HEADERS = 64 * 1024


def _mime_split(blob: bytes) -> tuple[Any, bytes]:
    """Return the parsed headers of a MIME entity and its body (None, b"" if none)."""
    end, gap = 0, 0
    if blob.startswith((b"\r\n", b"\n")):  # no headers at all
        gap = 2 if blob.startswith(b"\r\n") else 1
    else:
        found = [
            (at, size)
            for at, size in (
                (blob.find(b"\r\n\r\n", 0, _MAX_HEADERS), 4),
                (blob.find(b"\n\n", 0, _MAX_HEADERS), 2),
            )
            if at >= 0
        ]
        if not found:
            return None, b""
        end, gap = min(found)
    import email.parser  # only MHT chunks need it: about 15 ms of start-up for every .docx
    import email.policy

    headers = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(blob[:end])
    return headers, blob[end + gap :]
