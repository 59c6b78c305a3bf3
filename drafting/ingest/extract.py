"""Extract: the lines of an existing document (.docx, .txt, .md, .pdf…), in reading order.

The first stage of ``drafting import``. A .docx is read through :mod:`drafting.ooxml.package`
(size, ratio and DTD checks before any XML is parsed); its body paragraphs, table
cells, content controls, tracked insertions and field results all give text, tracked
deletions and field codes do not. What cannot be placed in the body (text boxes,
altChunk content, footnotes, comments) is returned as ``extras`` so that the report
can list it. A paragraph of a Word list starts with its number as Word shows it
(:mod:`drafting.ingest.wordnum`); a task table gives the lines of a typed plan
(:mod:`drafting.ingest.tables`), its header row listed in ``structure``.
Text files are UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.
.doc, .wps, .rtf and .odt are read as the .docx LibreOffice makes of them, and a .pdf
by its text layer (:mod:`drafting.ingest.convert`); the lines a PDF loses (page numbers,
running headers and footers) are ``notes`` for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafting.errors import InputError, PackageError, UnreadableFile, os_reason
from drafting.fsio import ORG_NAME, read_regular
from drafting.ingest.notes import CLUTTER
from drafting.ingest.tables import TaskTable, grid_row, task_columns
from drafting.ooxml.chunks import Seen, describe
from drafting.ooxml.ns import CP, DC, DCTERMS, R, W
from drafting.ooxml.package import Package, open_package
from drafting.ooxml.text import paragraph_text, pieces

if TYPE_CHECKING:
    from drafting.ingest.wordnum import Numbering

MAX_TEXT_BYTES = 10 * 1024 * 1024
"""Largest text file we import."""


@dataclass(frozen=True)
class Line:
    """One paragraph of the source: its number (line or paragraph), text and hints.

    ``style`` is the paragraph style id of a .docx (empty for text); ``head`` is the
    leading text in a run-in character style; ``resp`` the trailing text in the
    responsibility character style; ``table`` says the paragraph sits in a table;
    ``align`` is the paragraph's own ``w:jc`` (empty when it has none, and for text).
    """

    number: int
    text: str
    style: str = ""
    head: str = ""
    resp: str = ""
    table: bool = False
    align: str = ""


@dataclass
class Extracted:
    """The lines of one document and what else was found in it."""

    path: Path
    lines: list[Line]
    properties: dict[str, str] = field(default_factory=dict)
    extras: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    structure: list[tuple[int, str]] = field(default_factory=list)
    """(paragraph number, text) of what was read as structure rather than as a line:
    the header row of a task table, whose columns gave the tasks' fields."""
    notes: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, code, message) of each line left out before recognition (a PDF's page numbers)."""


def extract(path: Path) -> Extracted:
    """Return the lines of the document at ``path``; raise InputError when unreadable."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _checked_docx(path, path)
    if suffix in (".txt", ".md", ".markdown", ""):
        return _text(path)
    from drafting.ingest import convert  # LibreOffice and PDF: loaded only for those

    if suffix in convert.OFFICE_SUFFIXES:
        with convert.office_to_docx(path) as docx:
            extracted = _checked_docx(docx, path)
        extracted.path = path
        return extracted
    if suffix == convert.PDF_SUFFIX:
        return _pdf(path)
    return _text(path)


def _checked_docx(docx: Path, path: Path) -> Extracted:
    """Return the lines of ``docx``, its errors placed at ``path`` (the file the user gave)."""
    try:
        return _docx(docx)
    except PackageError as exc:  # positioned like every other input error
        raise _fail(path, exc.code, exc.message.removeprefix(f"{docx}：")) from None


def _pdf(path: Path) -> Extracted:
    """Return the paragraphs of a PDF's text layer, its dropped lines as notes."""
    from drafting.ingest import convert
    from drafting.ingest.notes import PAGE_FURNITURE

    found = convert.read_pdf(path)
    lines = [Line(number, text) for number, text in found.paragraphs]
    notes = [(number, PAGE_FURNITURE, message) for number, message in found.dropped]
    return Extracted(path, lines, found.properties, notes=notes)


def _fail(path: Path, code: str, message: str) -> InputError:
    from drafting.diagnostics import Diagnostic, Severity

    return InputError([Diagnostic(str(path), 1, 1, Severity.ERROR, code, message)])


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    """Return the text of a text file and the encoding it was read with."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "strict"), "utf-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw:
        raise _fail(
            path, "import-binary", "这不是文本文件（含有 NUL 字节），请提供 .docx、.txt 或 .md"
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise _fail(
            path, "import-encoding", f"无法识别文件编码（既不是 UTF-8 也不是 GB18030）：{exc}"
        ) from None


def _text(path: Path) -> Extracted:
    try:
        raw = read_regular(path, MAX_TEXT_BYTES)
    except UnreadableFile as exc:
        if exc.code == "too-large":
            raise _fail(
                path, "import-too-large", f"文件超过 {MAX_TEXT_BYTES // 2**20} MB，不像是一份公文"
            ) from None
        raise _fail(path, "import-io", exc.message) from None
    except OSError as exc:
        raise _fail(path, "import-io", f"无法读取文件：{os_reason(exc)}") from None
    text, encoding = decode(raw, path)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    markdown = path.suffix.lower() in (".md", ".markdown")
    notes: list[tuple[int, str, str]] = []
    if not markdown and (first := _markdown_start(raw_lines)):  # a web page's Markdown
        markdown = True
        notes.append(
            (first, CLUTTER, "文本带有 Markdown 标记（#、**），按 Markdown 读入，已去掉标记")
        )
    lines = []
    for number, line in enumerate(raw_lines, 1):
        if markdown:
            line = _unmarkdown(line)
        lines.append(Line(number, line))
    return Extracted(path, lines, encoding=encoding, notes=notes)


_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_MD_STRONG = re.compile(r"^\*\*[^*]+\*\*$")
_MD_LINES = 2


def _markdown_start(lines: list[str]) -> int:
    """Return the number of the first Markdown line of a text that holds at least two
    (a "## 一、…" heading or a line in ``**…**``), or 0 for a plain text."""
    found = [
        number
        for number, line in enumerate(lines, 1)
        if _MD_HEADING.match(line.strip()) or _MD_STRONG.match(line.strip())
    ]
    return found[0] if len(found) >= _MD_LINES else 0


def _unmarkdown(line: str) -> str:
    """Return a Markdown line as plain text: no heading marks, emphasis or quote marks."""
    stripped = line.strip()
    while stripped.startswith(("#", ">")):
        stripped = stripped[1:].lstrip()
    if stripped.startswith(("- ", "* ", "+ ", "– ", "• ")):  # – and • of a converted page
        stripped = stripped[2:]
    for mark in ("**", "__"):
        stripped = stripped.replace(mark, "")
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!’‘“”'\"])", r"\1", stripped)  # \* → *


# --- .docx -----------------------------------------------------------------------------


def _docx(path: Path) -> Extracted:
    with open_package(path) as package:
        properties = _properties(package)
        structure: list[tuple[int, str]] = []
        lines, extras = _body(package, chunks=True, structure=structure)
        for kind, label in (("footnotes", "脚注"), ("endnotes", "尾注"), ("comments", "批注")):
            part = package.part_of(kind)
            if part is None:
                continue
            for note in package.xml(part):
                text = "".join(paragraph_text(p) for p in note.iter(f"{W}p")).strip()
                if text and note.get(f"{W}type") not in ("separator", "continuationSeparator"):
                    extras.append(f"{label}：{text}")
    return Extracted(path, lines, properties, extras, structure=structure)


class _Reader:
    """Numbers the paragraphs of one body and gives each its text and Word number."""

    def __init__(self, package: Package, body: Any) -> None:
        numbering = _numbering(package)
        # every paragraph in document order, so that Word's counters advance as Word's do
        self.labels = {p: numbering.label(p) for p in body.iter(f"{W}p")} if numbering else {}
        self.number = 0
        self.tables: dict[Any, list[Any]] = {}  # task table → its header row and columns
        for table in body.iter(f"{W}tbl"):
            if not any(a.tag == f"{W}tbl" for a in table.iterancestors()):
                self._classify(table)
        self.done: set[Any] = set()

    def text(self, para: Any) -> str:
        """Return the paragraph's text after the number Word shows before it."""
        return self.labels.get(para, "") + paragraph_text(para)

    def _classify(self, table: Any) -> None:
        for index, tr in enumerate(table.findall(f"{W}tr")[:3]):
            columns = task_columns(grid_row(tr, self.text))
            if columns is not None:
                self.tables[table] = [index, columns]
                return

    def line(self, para: Any) -> Line:
        self.number += 1
        return _paragraph(para, self.number, self.labels.get(para, ""))

    def task_table(self, table: Any, structure: list[tuple[int, str]]) -> list[Line]:
        """Return the lines of a task table (its header noted in ``structure``)."""
        self.done.add(table)
        header, columns = self.tables[table]
        reader = TaskTable(columns)
        lines: list[Line] = []
        for index, tr in enumerate(table.findall(f"{W}tr")):
            paragraphs = [p for p in tr.iter(f"{W}p") if not _in_text_box(p)]
            if index < header:  # a title row above the header: read as before
                lines += [self.line(p) for p in paragraphs]
                continue
            first = self.number + 1
            self.number += len(paragraphs)
            cells = grid_row(tr, self.text)
            if index == header:
                structure.append((first, "｜".join(c.text for c in cells if c.text)))
                continue
            for row in reader.row(cells, first):
                lines.append(Line(row.number, row.text, resp=row.resp, table=True))
        return lines


def _numbering(package: Package) -> Numbering | None:
    """Return the lists of ``package`` (None when it has no numbering part).

    :mod:`~drafting.ingest.wordnum` is imported only for a package that has lists.
    """
    if package.part_of("numbering") is None:
        return None
    from drafting.ingest.wordnum import numbering_of

    return numbering_of(package)


def _in_text_box(node: Any) -> bool:
    return any(a.tag == f"{W}txbxContent" for a in node.iterancestors())


def _task_table(node: Any, reader: _Reader) -> Any:
    """Return the task table ``node`` sits in (None when in none)."""
    table = None
    for ancestor in node.iterancestors(f"{W}tbl"):
        table = ancestor  # the outermost
    return table if table in reader.tables else None


def _body(
    package: Package, *, chunks: bool, structure: list[tuple[int, str]] | None = None
) -> tuple[list[Line], list[str]]:
    """Return the body paragraphs of ``package`` and what else it holds (text boxes and,
    with ``chunks``, the altChunk content Word would merge in; an embedded document's
    own chunks are not opened, so nesting cannot go deeper). The header rows of task
    tables are added to ``structure``."""
    root = package.xml(package.main)
    body = root.find(f"{W}body")
    lines: list[Line] = []
    extras: list[str] = []
    if body is None:
        return lines, extras
    targets = dict(package.related(package.main, "aFChunk"))
    external = dict(package.related(package.main, "aFChunk", external=True))
    seen = Seen()
    reader = _Reader(package, body)
    for node in body.iter(f"{W}p", f"{W}altChunk"):
        number = reader.number
        if node.tag == f"{W}altChunk":  # also one inside a text box
            rid = node.get(f"{R}id", "")
            if not chunks:
                extras.append(f"嵌入内容（第 {number} 段后）：嵌入文档内的嵌入内容，未读取")
                continue
            line = describe(package, targets.get(rid), rid in external, number, _nested_text, seen)
            if line:
                extras.append(line)
            continue
        if _in_text_box(node):
            continue  # read below as an extra
        table = _task_table(node, reader) if reader.tables else None
        if table is None:
            lines.append(reader.line(node))
        elif table not in reader.done:
            lines += reader.task_table(table, structure if structure is not None else [])
    for box in body.iter(f"{W}txbxContent"):
        text = "".join(paragraph_text(p) for p in box.iter(f"{W}p")).strip()
        if text:
            extras.append(f"文本框：{text}")
    return lines, extras


def _nested_text(package: Package) -> str:
    """Return the text of an embedded Word document, paragraphs joined by spaces."""
    lines, extras = _body(package, chunks=False)
    return " ".join([*(line.text for line in lines), *extras])


def _properties(package: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for _, name in package.related("", "core-properties"):
        root = package.xml(name)
        for key, tag in (
            ("title", f"{DC}title"),
            ("author", f"{DC}creator"),
            ("subject", f"{DC}subject"),
            ("last_modified_by", f"{CP}lastModifiedBy"),
            ("created", f"{DCTERMS}created"),
            ("category", f"{CP}category"),
        ):
            element = root.find(tag)
            if element is not None and element.text:
                found[key] = element.text.strip()
    for _, name in package.related("", "custom-properties"):
        for prop in package.xml(name).iter(f"{_CUSTOM_NS}property"):
            if prop.get("name") == ORG_NAME:  # the org drafting rendered, never dc:creator
                text = "".join(prop.itertext()).strip()
                if text:
                    found["org"] = text
    return found


_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def _char_style(run: Any) -> str:
    """Return the character style id of the ``w:r`` ``run`` ("" for none)."""
    rstyle = run.find(f"{W}rPr/{W}rStyle") if run is not None else None
    return rstyle.get(f"{W}val", "") if rstyle is not None else ""


def _paragraph(para: Any, number: int, label: str = "") -> Line:
    """Return the text of one w:p (after ``label``, the number Word shows before it)
    with its style, run-in head and responsibility."""
    style_el = para.find(f"{W}pPr/{W}pStyle")
    style = style_el.get(f"{W}val", "") if style_el is not None else ""
    parts = [(_char_style(piece.run), piece.text) for piece in pieces(para)]
    text = "".join(t for _, t in parts)
    text = label + text if text.strip() else text
    head = ""
    for char_style, chunk in parts:
        if not char_style.startswith("GwRunIn"):
            break
        head += chunk
    resp = "".join(t for s, t in parts if s == "GwResponsibilityChar")
    table = any(a.tag == f"{W}tbl" for a in para.iterancestors())
    jc = para.find(f"{W}pPr/{W}jc")
    align = jc.get(f"{W}val", "") if jc is not None else ""
    return Line(number, text, style, head, resp, table, align)
