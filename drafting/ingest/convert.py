"""Convert: the formats ``drafting import`` reads through another program.

**.doc, .wps, .rtf, .odt** are converted to .docx by LibreOffice when it is installed
(``soffice --headless --convert-to docx``), in a private temporary folder with a profile
of its own, under the time limit of every LibreOffice run (``DRAFTING_PDF_TIMEOUT``,
:func:`drafting.soffice.time_limit`). The .docx it writes is then read like any other,
through the safe reader of :mod:`drafting.ooxml.package`; the folder goes afterwards.

**.pdf** with a text layer is read by pdfminer.six in a child process that has a memory
limit (a decompression bomb ends there, not in ours) and a time limit. Its lines keep
their place on the page, which decides three things:

- page furniture: a page number (``— 3 —``, ``- 3 -``, ``第 3 页``, ``3/12``) at the top or
  bottom of a page, and a line repeated at the same place at the top or bottom of several
  pages, set apart from the text (a running header or footer), are dropped and reported;
- hard wrapping: a line that reaches the right edge of the text is joined to the next
  one unless that starts with an outline number (一、 （一） 1. （1）) or begins a new
  paragraph -- indented where the document indents its paragraphs, else after a line
  ending in sentence-final punctuation. CJK text joins without a space;
- the spaces pdfminer puts between Chinese and Latin letters or digits (LibreOffice's
  autospacing, not the author's) are removed.

Line numbers of a PDF count its text lines from the top of the first page over all
pages, the dropped ones included; a paragraph joined from several lines has the number of
its first. A dropped line's report names its page and line within the page as well.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from drafting.diagnostics import Diagnostic, Severity
from drafting.errors import InputError, UnreadableFile, UsageError, os_reason
from drafting.fsio import read_regular
from drafting.ingest.patterns import lazy
from drafting.outline import LEVEL_PATTERNS

OFFICE_SUFFIXES = (".doc", ".wps", ".rtf", ".odt")
"""Formats converted to .docx by LibreOffice."""

PDF_SUFFIX = ".pdf"

MAX_INPUT_BYTES = 50 * 1024 * 1024
"""Largest .doc/.wps/.rtf/.odt/.pdf we import (the limit of a .docx)."""

MAX_PAGES = 500
"""Most pages of a PDF we read."""

MAX_PDF_CHARS = 5_000_000
"""Most characters of text we take from a PDF."""

PDF_MEMORY = 1024 * 1024 * 1024
"""Address space the PDF reader may use (POSIX): a decompression bomb stops there."""

PDF_TIMEOUT = 120.0
"""Seconds the PDF reader may take."""

_INSTALL = "（Debian/Ubuntu：apt-get install libreoffice-writer-nogui）"


def fail(path: Path, code: str, message: str) -> InputError:
    """Return the input error for ``path`` (placed at line 1) with ``code`` and ``message``."""
    return InputError([Diagnostic(str(path), 1, 1, Severity.ERROR, code, message)])


def read_input(path: Path) -> bytes:
    """Return the bytes of ``path``, at most :data:`MAX_INPUT_BYTES`; raise InputError."""
    try:
        return read_regular(path, MAX_INPUT_BYTES)
    except UnreadableFile as exc:
        if exc.code == "too-large":
            limit = MAX_INPUT_BYTES // 2**20
            raise fail(path, "import-too-large", f"文件超过 {limit} MB，不像是一份公文") from None
        raise fail(path, "import-io", exc.message) from None
    except OSError as exc:
        raise fail(path, "import-io", f"无法读取文件：{os_reason(exc)}") from None


# --- LibreOffice ------------------------------------------------------------------------


@contextmanager
def office_to_docx(path: Path) -> Iterator[Path]:
    """Yield the .docx LibreOffice makes of the document at ``path``.

    The .docx lives in a private temporary folder, removed when the block ends. Raises
    InputError when LibreOffice is missing, fails, stalls past the time limit or writes
    nothing.
    """
    from drafting.soffice import scratch, soffice

    data = read_input(path)
    try:
        binary = soffice()
    except UsageError:
        raise fail(
            path,
            "import-no-soffice",
            f"导入 {path.suffix.lower()} 文件需要 LibreOffice，但没有找到 soffice 命令。"
            f"请安装 LibreOffice{_INSTALL}后重试，或在 Word/WPS 中另存为 .docx 再导入",
        ) from None
    with scratch() as work:
        inbox = work / "in"
        inbox.mkdir()
        copy = inbox / ("source" + path.suffix.lower())  # no odd name reaches soffice
        copy.write_bytes(data)
        yield _run_soffice(binary, copy, work, path)


def _run_soffice(binary: str, copy: Path, work: Path, path: Path) -> Path:
    """Convert ``copy`` to .docx in ``work``; return the .docx (checked non-empty)."""
    from drafting.soffice import command, environment, exit_text, kill, start, time_limit

    outdir = work / "out"
    words = command(binary, work / "profile", "docx:MS Word 2007 XML", outdir, [copy.name])
    limit = time_limit()
    try:
        process = start(words, copy.parent, environment(work))
    except OSError as exc:
        raise fail(path, "import-convert", f"无法启动 LibreOffice：{os_reason(exc)}") from None
    try:
        output, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        raise fail(
            path,
            "import-convert-timeout",
            f"LibreOffice 转换超过 {limit:g} 秒仍未完成，已停止；请在 Word/WPS 中另存为 .docx 再导入",
        ) from None
    finally:
        kill(process)  # also on Ctrl-C: LibreOffice runs in a session of its own
    produced = outdir / (copy.stem + ".docx")
    if process.returncode == 0 and produced.is_file() and produced.stat().st_size > 0:
        return produced
    said = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    detail = said[-1].strip() if said else "没有输出"
    if process.returncode:  # soffice exits 0 even when it could not load the file
        detail = f"{exit_text(process.returncode)}：{detail}"
    raise fail(
        path,
        "import-convert",
        f"LibreOffice 无法转换这个文件（{detail}）；文件可能已损坏，或不是它的扩展名所说的格式",
    )


# --- PDF --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One text line of a PDF page: where it is (points, origin bottom left) and its text."""

    number: int  # over the whole document, from 1
    page: int
    index: int  # within the page, from 1
    x0: float
    x1: float
    y0: float
    y1: float
    text: str


@dataclass(frozen=True)
class PdfText:
    """What a PDF gives: its paragraphs (number, text), the lines dropped, its properties.

    ``dropped`` holds (line number, message) for each page number or running header or
    footer left out.
    """

    paragraphs: list[tuple[int, str]]
    dropped: list[tuple[int, str]]
    properties: dict[str, str]


_PDF_ERRORS = {
    "encrypted": "这份 PDF 已加密（需要密码才能打开）：请提供不加密的文件",
    "corrupt": "无法读取这份 PDF：文件已损坏或不是 PDF",
    "memory": "这份 PDF 解压后过大（疑似压缩炸弹），没有读取",
    "pages": f"这份 PDF 超过 {MAX_PAGES} 页，不像是一份公文",
    "chars": f"这份 PDF 的文字超过 {MAX_PDF_CHARS} 个字符，不像是一份公文",
}


def read_pdf(path: Path) -> PdfText:
    """Return the paragraphs of the PDF at ``path``; raise InputError when it has none.

    The file is read by a child process (:func:`pdf_child`) with a memory and a time
    limit. An encrypted, broken, oversized or scanned PDF (no text layer) is an
    InputError with a Chinese message and a code.
    """
    data = read_input(path)
    if b"%PDF-" not in data[:1024]:
        raise fail(path, "import-pdf-corrupt", _PDF_ERRORS["corrupt"])
    with tempfile.TemporaryDirectory(prefix="drafting-pdf-in-") as folder:
        source = Path(folder) / "source.pdf"
        source.write_bytes(data)
        result = Path(folder) / "result.json"
        _run_child(path, source, result)
        try:
            found = json.loads(result.read_text("utf-8"))
        except (OSError, ValueError):
            found = {"error": "memory"}  # the child died without a word: out of memory
    if "error" in found:
        code = str(found["error"])
        raise fail(path, f"import-pdf-{code}", _PDF_ERRORS.get(code, _PDF_ERRORS["corrupt"]))
    rows = [Row(*row) for row in found["rows"]]
    return _layout(path, rows, {k: str(v) for k, v in found["info"].items()})


def _run_child(path: Path, source: Path, result: Path) -> None:
    """Run :func:`pdf_child` on ``source`` writing ``result``; raise InputError on a stall."""
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    code = "import sys; from drafting.ingest.convert import pdf_child; pdf_child(*sys.argv[1:])"
    try:
        subprocess.run(
            [sys.executable, "-c", code, str(source), str(result)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=_pdf_time_limit(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise fail(
            path,
            "import-pdf-timeout",
            f"读取这份 PDF 超过 {_pdf_time_limit():g} 秒仍未完成，已停止",
        ) from None


def _pdf_time_limit() -> float:
    """Return the seconds the PDF reader may take (``DRAFTING_PDF_READ_TIMEOUT``)."""
    try:
        value = float(os.environ.get("DRAFTING_PDF_READ_TIMEOUT", PDF_TIMEOUT))
    except ValueError:
        return PDF_TIMEOUT
    return value if value > 0 else PDF_TIMEOUT


def pdf_child(source: str, result: str) -> None:
    """Read the PDF ``source`` and write its rows (or an error code) to ``result`` as JSON.

    Runs in a child process: the address space is limited first (POSIX), so a PDF that
    decompresses to more than :data:`PDF_MEMORY` ends this process, not the import.
    """
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (PDF_MEMORY, PDF_MEMORY))
    except (ImportError, ValueError, OSError):  # Windows: the time limit still holds
        pass
    try:
        found: dict[str, Any] = _pdf_rows(source)
    except MemoryError:
        found = {"error": "memory"}
    Path(result).write_text(json.dumps(found, ensure_ascii=False), "utf-8")


def _pdf_rows(source: str) -> dict[str, Any]:
    """Return ``{"rows": [...], "info": {...}}`` for the PDF ``source``, or ``{"error": code}``."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSException

    try:
        return _read_pages(source)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        return {"error": "encrypted"}
    except _TooMuch as exc:
        return {"error": str(exc)}
    except MemoryError:
        raise
    except (PSException, Exception):  # pdfminer raises many kinds on a broken file
        return {"error": "corrupt"}


class _TooMuch(Exception):
    """The PDF has more pages or characters than we read (the message is the error code)."""


def _read_pages(source: str) -> dict[str, Any]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    rows: list[list[Any]] = []
    chars = 0
    with open(source, "rb") as handle:
        document = PDFDocument(PDFParser(handle), password="")
        info = _info(document)
        manager = PDFResourceManager()
        device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(manager, device)
        for page_number, page in enumerate(PDFPage.create_pages(document), 1):
            if page_number > MAX_PAGES:
                raise _TooMuch("pages")
            interpreter.process_page(page)
            for index, line in enumerate(_page_lines(device.get_result()), 1):
                chars += len(line[4])
                if chars > MAX_PDF_CHARS:
                    raise _TooMuch("chars")
                rows.append([len(rows) + 1, page_number, index, *line])
    return {"rows": rows, "info": info}


def _info(document: Any) -> dict[str, str]:
    """Return the title, author and subject of the PDF's document information."""
    found: dict[str, str] = {}
    for entry in document.info[:1]:
        for key, name in (("title", "Title"), ("author", "Author"), ("subject", "Subject")):
            value = entry.get(name)
            text = _pdf_string(value)
            if text:
                found[key] = text
    return found


def _pdf_string(value: Any) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        return decode_text(value).strip()
    return value.strip() if isinstance(value, str) else ""


_Piece = tuple[float, float, float, float, str]
"""A text line on a page: x0, x1, y0, y1, text."""


def _page_lines(layout: Any) -> list[_Piece]:
    """Return the text lines of one page top to bottom: (x0, x1, y0, y1, text).

    Pieces pdfminer found on one baseline (cells of a table row, text after a wide gap)
    make one line, left to right.
    """
    from pdfminer.layout import LTTextLineHorizontal

    pieces = []
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, LTTextLineHorizontal):
            text = node.get_text().strip()
            if text:
                pieces.append((node.x0, node.x1, node.y0, node.y1, text))
        elif hasattr(node, "__iter__"):
            stack.extend(node)
    pieces.sort(key=lambda p: (-(p[2] + p[3]) / 2, p[0]))
    merged: list[_Piece] = []
    for piece in pieces:
        if merged and _same_line(merged[-1], piece):
            last = merged[-1]
            gap = " " if piece[0] - last[1] > (last[3] - last[2]) else ""
            merged[-1] = (
                last[0],
                max(last[1], piece[1]),
                min(last[2], piece[2]),
                max(last[3], piece[3]),
                last[4] + gap + piece[4],
            )
        else:
            merged.append(piece)
    return merged


def _same_line(a: _Piece, b: _Piece) -> bool:
    height = min(a[3] - a[2], b[3] - b[2])
    return abs((a[2] + a[3]) / 2 - (b[2] + b[3]) / 2) < 0.4 * height and b[0] >= a[1] - 1


# --- the page: furniture, wrapping, spacing ---------------------------------------------

_PAGE_NUMBER = lazy(
    r"^(?:[-—–－－―\s]*\d{1,4}[-—–－―\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|(?:Page|page)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019"
_CJK_SPACE = lazy(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")
_FINAL = tuple("。！？；：…!?;:）)”』」")


@dataclass(frozen=True)
class _Frame:
    """The text block of a document: its left and right edges, a tolerance, its habits."""

    left: float
    right: float
    tolerance: float  # about one character
    indented: bool  # paragraphs begin with a first-line indent


def _layout(path: Path, rows: list[Row], properties: dict[str, str]) -> PdfText:
    """Return the paragraphs of ``rows``: furniture dropped and reported, wrapping joined."""
    dropped = _furniture(rows)
    body = [row for row in rows if row.number not in dropped]
    if not any(row.text.strip() for row in body):
        raise fail(
            path,
            "import-pdf-scanned",
            "这份 PDF 没有文字层（可能是扫描件或图片）：请先用 OCR 软件识别文字，"
            "或提供 .docx、.txt 文件",
        )
    if sum(row.text.count("(cid:") for row in body) * 4 > sum(len(row.text) for row in body):
        raise fail(
            path,
            "import-pdf-no-text",
            "这份 PDF 的字体没有文字映射，取不出可读的文字：请提供 .docx 或 .txt 文件",
        )
    frame = _frame(body)
    paragraphs: list[tuple[int, str]] = []
    previous: Row | None = None
    for row in body:
        text = _CJK_SPACE.sub("", row.text)
        if previous is not None and paragraphs and _continues(previous, row, text, frame):
            number, start = paragraphs[-1]
            paragraphs[-1] = (number, _join(start, text))
        else:
            paragraphs.append((row.number, text))
        previous = row
    notes = [(row.number, dropped[row.number]) for row in rows if row.number in dropped]
    return PdfText(paragraphs, notes, properties)


def _frame(rows: list[Row]) -> _Frame:
    heights = sorted(row.y1 - row.y0 for row in rows)
    char = heights[len(heights) // 2]
    left = min(row.x0 for row in rows)
    right = max(row.x1 for row in rows)
    indented = sum(1 for row in rows if left + 1.5 * char <= row.x0 <= left + 2.5 * char)
    return _Frame(left, right, 1.5 * char, indented * 10 >= len(rows))


def _continues(previous: Row, row: Row, text: str, frame: _Frame) -> bool:
    """Return True when ``row`` (its text ``text``) goes on the paragraph of ``previous``."""
    if any(pattern.match(text) for pattern in LEVEL_PATTERNS):
        return False
    if previous.x1 < frame.right - frame.tolerance:
        return False  # a short line ends its paragraph (a title, a heading, a last line)
    flush = row.x0 <= frame.left + frame.tolerance / 2
    if frame.indented:
        return flush
    return flush and not previous.text.rstrip().endswith(_FINAL)


def _join(start: str, more: str) -> str:
    """Return two pieces of one paragraph joined: no space next to CJK, else one."""
    if not start or not more:
        return start + more
    if re.match(rf"[{_CJK}]", start[-1]) or re.match(rf"[{_CJK}]", more[0]):
        return start + more
    return f"{start} {more}"


def _furniture(rows: list[Row]) -> dict[int, str]:
    """Return {line number: report message} for page numbers and running headers/footers."""
    pages: dict[int, list[Row]] = {}
    for row in rows:
        pages.setdefault(row.page, []).append(row)
    edges = [(row, side) for page in pages.values() for row, side in _edge_rows(page)]
    repeated = _repeated(edges, len(pages))
    found: dict[int, str] = {}
    for row, side in edges:
        place = f"第 {row.page} 页第 {row.index} 行"
        if _PAGE_NUMBER.match(row.text.strip()):
            found[row.number] = f"已删除 PDF 的页码“{row.text.strip()}”（{place}）"
        elif (side, _shape(row.text)) in repeated:
            what = "页眉" if side == "top" else "页脚"
            found[row.number] = f"已删除 PDF 每页重复的{what}“{row.text.strip()}”（{place}）"
    return found


def _edge_rows(page: list[Row]) -> list[tuple[Row, str]]:
    """Return the first two and last two lines of a page, each with its side, when set apart.

    A line counts as set apart when the gap to its neighbour towards the text is larger
    than the page's usual line pitch (headers and footers sit in the margins), or when it
    is a page number.
    """
    pitch = _pitch(page)
    found: list[tuple[Row, str]] = []
    for side, order in (("top", page[:2]), ("bottom", page[::-1][:2])):
        neighbours = page[1:3] if side == "top" else page[::-1][1:3]
        for row, neighbour in zip(order, neighbours, strict=False):
            apart = abs((row.y0 + row.y1) / 2 - (neighbour.y0 + neighbour.y1) / 2) > pitch * 1.4
            if apart or _PAGE_NUMBER.match(row.text.strip()):
                found.append((row, side))
            else:
                break
        else:
            if len(page) == 1:
                found.append((page[0], side))
    return found


def _pitch(page: list[Row]) -> float:
    """Return the page's median distance between consecutive lines (points)."""
    gaps = sorted(abs((a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2) for a, b in pairwise(page))
    return gaps[len(gaps) // 2] if gaps else 0.0


def _shape(text: str) -> str:
    """Return ``text`` without spaces and with digits as #: the same header on every page."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _repeated(edges: list[tuple[Row, str]], pages: int) -> set[tuple[str, str]]:
    """Return the (side, shape) of edge lines found on at least half the pages (and two)."""
    counts: dict[tuple[str, str], set[int]] = {}
    for row, side in edges:
        counts.setdefault((side, _shape(row.text)), set()).add(row.page)
    return {key for key, seen in counts.items() if len(seen) >= max(2, (pages + 1) // 2)}
