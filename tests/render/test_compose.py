"""Composing a main document and its 附件 into one .docx (drafting.render.compose).

The parts: the example plan of 武进 rendered with its task table, split into the plan and
the table; an office's own .docx made by python-docx (its own style names, a numbered
list, an image, a different first page, a page-number restart at 5); and one that uses
our style ids with other definitions. What was written is read back and asserted on;
LibreOffice decides the rest (page numbers, every character, labels at the top of a
page, the office's fonts and sizes as in its own PDF).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Pt, RGBColor

from drafting.check import open_document
from drafting.errors import PackageError
from drafting.fsio import is_untouched
from drafting.render.compose import Attachment, compose, label, split_attachments, write
from drafting.render.docx import render

from ..conftest import EXAMPLES, ROOT
from .test_ooxml_valid import _errors

_spec = importlib.util.spec_from_file_location("measure_pdf", ROOT / "tools" / "measure_pdf.py")
assert _spec is not None and _spec.loader is not None
measure_pdf: Any = importlib.util.module_from_spec(_spec)
sys.modules["measure_pdf"] = measure_pdf  # dataclasses look their module up
_spec.loader.exec_module(measure_pdf)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
OFFICE_TEXT = "为规范管理，制定本办法。Office text in its own font."


def _png(width: int = 40, height: int = 20) -> bytes:
    """Return a small red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _office(path: Path) -> Path:
    """Write an office's .docx with python-docx's own styles; return its path."""
    office = docx.Document()
    for name, east in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Title", "黑体")):
        # as a Chinese office sets them; the Latin fonts stay the theme's
        fonts = office.styles[name].element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(f"{W}eastAsia", east)
        fonts.attrib.pop(f"{W}eastAsiaTheme", None)
    office.add_heading("某某单位管理办法", level=0)
    office.add_heading("第一章　总则", level=1)
    office.add_paragraph(OFFICE_TEXT)
    office.add_paragraph("第一项要求", style="List Number")
    office.add_paragraph("第二项要求", style="List Number")
    office.add_picture(io.BytesIO(_png()))
    table = office.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲栏"
    table.cell(0, 1).text = "乙栏"
    section = office.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_footer.paragraphs[0].text = "首页页脚"
    section.footer.paragraphs[0].text = "办公室页脚"
    number_type = section._sectPr.makeelement(f"{W}pgNumType", {f"{W}start": "5"})
    section._sectPr.append(number_type)
    office.save(path)
    return path


def _clashing(path: Path) -> Path:
    """Write a .docx whose styles carry our ids (GwTitle, Heading1) with other looks."""
    office = docx.Document()
    title = office.styles.add_style("GW 公文标题", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    title.element.set(f"{W}styleId", "GwTitle")
    title.font.size = Pt(24)
    title.font.color.rgb = RGBColor(0xC0, 0, 0)
    title.font.italic = True
    office.add_paragraph("同名样式的标题", style=title)
    office.add_paragraph("同名样式的一级标题", style="Heading 1")
    office.add_paragraph("同名样式的正文")
    office.save(path)
    return path


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The rendered plan with its task table, its two parts, and the offices' files."""
    folder = tmp_path_factory.mktemp("compose")
    doc = open_document(EXAMPLES / "plan-2024-wujin.yaml").document
    whole = render(dataclasses.replace(doc, attachments=("task-table",)))
    plan, tables = split_attachments(whole)
    return {
        "folder": folder,
        "whole": whole,
        "plan": plan,
        "table": tables[0],
        "tables": tables,
        "office": _office(folder / "office.docx"),
        "clash": _clashing(folder / "clash.docx"),
    }


@pytest.fixture(scope="module")
def composed(parts: dict[str, Any]) -> Path:
    data = compose(
        parts["plan"],
        [
            Attachment(parts["table"], "重点工作任务分解表"),
            Attachment(parts["office"], "某某单位管理办法"),
            Attachment(parts["clash"], "同名样式"),
        ],
    )
    return write(parts["folder"] / "composed.docx", data)


def _paragraphs(document: Any) -> list[Any]:
    return list(document.element.body.iter(f"{W}p"))


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _style(paragraph: Any) -> str | None:
    ref = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if ref is None else ref.get(f"{W}val")


def _open(source: Path | bytes) -> Any:
    return docx.Document(source if isinstance(source, Path) else io.BytesIO(source))


def _texts(source: Path | bytes) -> list[str]:
    return [_text(p) for p in _paragraphs(_open(source))]


def _ends_in_table(source: Path | bytes) -> bool:
    body = _open(source).element.body
    return [c for c in body if c.tag != f"{W}sectPr"][-1].tag == f"{W}tbl"


def test_split_gives_the_plan_and_its_table_without_the_label(parts: dict[str, Any]) -> None:
    whole, plan, table = (_texts(parts[k]) for k in ("whole", "plan", "table"))
    assert len(parts["tables"]) == 1
    label_at = whole.index("附件")
    assert plan == whole[: label_at - 1]  # the section-break paragraph holds no text
    assert table == whole[label_at + 2 :]
    assert table[0] == "武进区教育局关工委2024年工作要点重点工作任务分解表"
    plan_doc, table_doc = _open(parts["plan"]), _open(parts["table"])
    assert [s.orientation for s in plan_doc.sections] == [0]
    assert [s.orientation for s in table_doc.sections] == [1]


def test_parts_follow_the_main_text_in_order_each_under_its_label(
    parts: dict[str, Any], composed: Path
) -> None:
    texts = _texts(composed)
    plan, table, office, clash = (_texts(parts[k]) for k in ("plan", "table", "office", "clash"))
    # a part that ends in a table gets an empty paragraph to carry its section break
    ends = {k: _ends_in_table(parts[k]) for k in ("plan", "table", "office")}
    assert ends == {"plan": False, "table": True, "office": True}
    expected = [*plan, "附件1", "", *table, "", "附件2", "", *office, "", "附件3", "", *clash]
    assert texts == expected
    paragraphs = _paragraphs(_open(composed))
    labels = [p for p in paragraphs if _text(p).startswith("附件") and _style(p) == "GwAttachLabel"]
    assert [_text(p) for p in labels] == ["附件1", "附件2", "附件3"]
    for paragraph in labels:  # a new page: the paragraph before ends a section
        before = paragraph.getprevious()
        assert before.find(f"{W}pPr/{W}sectPr") is not None


def test_one_attachment_alone_is_labelled_without_a_number(parts: dict[str, Any]) -> None:
    texts = _texts(compose(parts["plan"], [Attachment(parts["table"], "分解表")]))
    assert texts == [*_texts(parts["plan"]), "附件", "", *_texts(parts["table"])]  # nothing after
    assert [label(1, 1), label(1, 2), label(2, 3)] == ["附件", "附件1", "附件2"]


def test_recomposing_the_split_plan_gives_back_what_was_rendered(parts: dict[str, Any]) -> None:
    again = _open(compose(parts["plan"], [Attachment(parts["table"], "分解表")]))
    original = _open(parts["whole"])
    kept = [p for p in _paragraphs(original) if p.find(f"{W}pPr/{W}sectPr") is None]
    assert len(kept) == len(_paragraphs(original)) - 1  # the one section-break paragraph
    assert [(_text(p), _style(p)) for p in _paragraphs(again)] == [
        (_text(p), _style(p)) for p in kept
    ]
    assert [(s.orientation, s.page_width, s.left_margin) for s in again.sections] == [
        (s.orientation, s.page_width, s.left_margin) for s in original.sections
    ]


def test_sections_keep_their_pages_and_all_carry_our_footers(
    parts: dict[str, Any], composed: Path
) -> None:
    document = _open(composed)
    office = _open(parts["office"])
    sizes = [(s.orientation, s.page_width, s.page_height) for s in document.sections]
    assert sizes == [
        (0, 11906 * 635, 16838 * 635),  # the plan, A4 portrait (EMU)
        (1, 16838 * 635, 11906 * 635),  # the task table, landscape
        (0, office.sections[0].page_width, office.sections[0].page_height),  # as the office set it
        (0, office.sections[0].page_width, office.sections[0].page_height),
    ]
    footers = {
        rel.rId: rel.target_part
        for rel in document.part.rels.values()
        if rel.reltype.endswith("/footer")
    }
    for section in document.sections:
        sect = section._sectPr
        refs = {ref.get(f"{W}type"): ref.get(f"{R}id") for ref in sect.iter(f"{W}footerReference")}
        assert set(refs) == {"default", "even"}
        for rid in refs.values():
            xml = footers[rid].blob.decode()
            assert "PAGE" in xml and "— " in xml and "办公室页脚" not in xml
            # a landscape page's number turned at the portrait position (issue 20.4)
            assert ('w:val="tbRl"' in xml) == (section.orientation == 1), (rid, xml)
        assert sect.find(f"{W}headerReference") is None
        assert sect.find(f"{W}pgNumType") is None  # the office's restart at 5 is gone
        assert sect.find(f"{W}titlePg") is None  # its first page shows its number
        assert sect.find(f"{W}type") is None  # each part starts on the next page


def _style_element(document: Any, style_id: str) -> Any:
    return document.styles.element.get_by_id(style_id)


def test_office_styles_are_kept_under_their_own_definitions(
    parts: dict[str, Any], composed: Path
) -> None:
    document = _open(composed)
    ours = _open(parts["plan"])
    paragraphs = {_text(p): p for p in _paragraphs(document)}
    # our own styles are untouched and still the defaults
    for style_id in ("Normal", "GwTitle", "Heading1", "GwAttachLabel"):
        mine = _style_element(ours, style_id)
        theirs = _style_element(document, style_id)
        assert theirs is not None and theirs.xml == mine.xml
    defaults = [s.get(f"{W}styleId") for s in document.styles.element.iter(f"{W}style")]
    flagged = [
        s.get(f"{W}styleId")
        for s in document.styles.element.iter(f"{W}style")
        if s.get(f"{W}default") == "1"
    ]
    assert "Normal" in flagged and len(flagged) == len(set(flagged)) and "Normal_1" in defaults
    # the office's heading is a copy of its own Heading 1 (same id as ours, other look)
    heading = paragraphs["第一章　总则"]
    assert _style(heading) == "Heading1_1"
    copy_ = _style_element(document, "Heading1_1")
    assert copy_.find(f"{W}basedOn") is None  # self-contained: nothing of ours leaks in
    assert copy_.find(f"{W}rPr/{W}b") is not None
    assert copy_.find(f"{W}rPr/{W}color").get(f"{W}val") == "365F91"
    # its body text has its own Normal, not ours (仿宋 on our grid)
    body = paragraphs[OFFICE_TEXT]
    assert _style(body) == "Normal_1"
    fonts = _style_element(document, "Normal_1").find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}ascii") not in (None, "Times New Roman")
    assert f"{W}asciiTheme" not in fonts.attrib  # resolved from the office's own theme
    size = _style_element(document, "Normal_1").find(f"{W}rPr/{W}sz").get(f"{W}val")
    assert size == "22"
    # the clashing GwTitle keeps its red italic 24 pt under a new id and name
    clash = paragraphs["同名样式的标题"]
    assert _style(clash) == "GwTitle_1"
    renamed = _style_element(document, "GwTitle_1")
    assert renamed.find(f"{W}name").get(f"{W}val") == "GW 公文标题_1"
    assert renamed.find(f"{W}rPr/{W}color").get(f"{W}val") == "C00000"
    assert renamed.find(f"{W}rPr/{W}sz").get(f"{W}val") == "48"
    # our table keeps its several styles (head, number, text cells)
    table_styles = {_style(p) for p in document.tables[0]._tbl.iter(f"{W}p")}
    assert {"GwTableHead", "GwTableNum", "GwTableText", "GwTableGroup"} <= table_styles


def test_numbering_and_images_are_carried_over(parts: dict[str, Any], composed: Path) -> None:
    document = _open(composed)
    items = [p for p in _paragraphs(document) if _text(p) in ("第一项要求", "第二项要求")]
    styles = {_style(p) for p in items}
    assert len(styles) == 1  # one list, one style: numbered 1, 2 (not 1, 1)
    style = _style_element(document, styles.pop())
    num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    numbering = document.part.numbering_part.element
    num = numbering.find(f"{W}num[@{W}numId='{num_id}']")
    assert num is not None
    abstract = num.find(f"{W}abstractNumId").get(f"{W}val")
    levels = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract}']/{W}lvl")
    assert levels.find(f"{W}numFmt").get(f"{W}val") == "decimal"
    blips = list(
        document.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    )
    assert len(blips) == 1
    image = document.part.related_parts[blips[0].get(f"{R}embed")]
    assert image.blob == _png()


def test_a_part_without_a_title_gets_it_on_line_3(parts: dict[str, Any]) -> None:
    bare = _open(parts["office"])
    body = bare.element.body
    for paragraph in _paragraphs(bare)[:2]:  # drop its title and heading
        body.remove(paragraph)
    out = io.BytesIO()
    bare.save(out)
    texts = _texts(
        compose(parts["plan"], [Attachment(out.getvalue(), "管理办法", print_title=True)])
    )
    start = texts.index("附件")
    assert texts[start : start + 4] == ["附件", "", "管理办法", ""]
    assert texts[start + 4] == OFFICE_TEXT


def test_the_tail_comes_after_the_last_attachment(parts: dict[str, Any]) -> None:
    imprint = docx.Document()
    imprint.add_paragraph("抄送：县委办公室。")
    out = io.BytesIO()
    imprint.save(out)
    attachments = [Attachment(parts["table"], "分解表"), Attachment(parts["office"], "办法")]
    texts = _texts(compose(parts["plan"], attachments, tail=out.getvalue()))
    assert texts[-1] == "抄送：县委办公室。"
    assert texts.index("附件2") < len(texts) - 1

    def sign(document: Any) -> None:
        document.add_paragraph("印发机关　2024年1月5日印发")

    texts = _texts(compose(parts["plan"], attachments, tail=sign))
    assert texts[-1] == "印发机关　2024年1月5日印发"


def _encrypted(path: Path) -> Path:
    """An OLE2 container, which is what Word writes for a password-protected .docx."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    return path


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: p, "docx-missing"),
        (lambda p: (p.write_text("不是 Word 文件", "utf-8"), p)[1], "docx-not-zip"),
        (lambda p: (p.write_bytes(_office(p).read_bytes()[:900]), p)[1], "docx-corrupt"),
        (_encrypted, "docx-legacy"),
    ],
    ids=["missing", "not-docx", "truncated", "password"],
)
def test_an_unusable_attachment_is_named_in_a_chinese_message(
    make: Any, code: str, parts: dict[str, Any], tmp_path: Path
) -> None:
    bad = make(tmp_path / "坏附件.docx")
    target = tmp_path / "out.docx"
    with pytest.raises(PackageError) as caught:
        write(target, compose(parts["plan"], [Attachment(bad, "坏附件")]))
    assert caught.value.code == code
    assert str(bad) in caught.value.message
    assert re.search(r"[\u4e00-\u9fff]", caught.value.message.replace(str(bad), ""))
    assert not target.exists()


def test_bytes_that_are_not_a_docx_are_named_by_the_attachment(parts: dict[str, Any]) -> None:
    with pytest.raises(PackageError) as caught:
        compose(parts["plan"], [Attachment(b"PK\x03\x04broken", "分解表", name="分解表.docx")])
    assert "分解表.docx" in caught.value.message


def test_written_file_is_packaged_and_valid_ooxml(parts: dict[str, Any], composed: Path) -> None:
    """Our parts compose into a valid package; with the offices' files, no error that
    their own files do not already have (python-docx writes Word 2010 table attributes)."""
    assert is_untouched(composed)  # our hash: a later run may replace it
    ours = write(
        parts["folder"] / "ours.docx",
        compose(parts["plan"], [Attachment(parts["table"], "分解表")]),
    )
    assert _errors(ours) == []
    inherited = {e.split(": ", 1)[1] for k in ("office", "clash") for e in _errors(parts[k])}
    assert [e for e in _errors(composed) if e.split(": ", 1)[1] not in inherited] == []


# --- LibreOffice ------------------------------------------------------------------------

NEEDED = ("soffice", "pdftotext", "pdfinfo", "pdftoppm")
HAVE_PDF = all(shutil.which(tool) for tool in NEEDED)
if not HAVE_PDF and os.environ.get("DRAFTING_REQUIRE_PDF"):
    raise RuntimeError("DRAFTING_REQUIRE_PDF is set but LibreOffice/poppler are missing")
needs_pdf = pytest.mark.skipif(not HAVE_PDF, reason="LibreOffice or poppler-utils missing")


@pytest.fixture(scope="module")
def pdfs(parts: dict[str, Any], composed: Path) -> dict[str, Path]:
    from drafting.render.pdf import Conversion, convert_batch

    if not HAVE_PDF:
        pytest.skip("LibreOffice or poppler-utils missing")
    office = parts["office"]
    items = [
        Conversion(composed, composed.with_suffix(".pdf")),
        Conversion(office, office.with_suffix(".pdf")),
    ]
    assert convert_batch(items) == []
    return {"composed": items[0].target, "office": items[1].target}


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


@needs_pdf
def test_page_numbers_run_on_and_labels_top_new_pages(pdfs: dict[str, Path]) -> None:
    pages = _pages(pdfs["composed"])
    assert len(pages) >= 8
    turned = {page.index for page in measure_pdf.read_pdf(pdfs["composed"]) if page.landscape}
    for number, page in enumerate(pages, 1):
        if number in turned:  # its turned number: test_landscape_pages_have_the_number_turned
            continue
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert re.sub(r"\s", "", lines[-1]) == f"—{number}—", (number, lines[-1])
    firsts = [re.sub(r"\s", "", next(ln for ln in p.splitlines() if ln.strip())) for p in pages]
    starts = [i for i, first in enumerate(firsts) if re.fullmatch(r"附件\d", first)]
    assert [firsts[i] for i in starts] == ["附件1", "附件2", "附件3"]
    assert all(not re.search(r"附件\d", page) for i, page in enumerate(pages) if i not in starts)
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(len(pages)), str(pdfs["composed"])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    landscape = [i for i, (w, h) in enumerate(sizes) if float(w) > float(h)]
    assert landscape and landscape[0] == starts[0]  # the task table's pages, from its label
    assert landscape == list(range(starts[0], starts[1]))


@needs_pdf
def test_landscape_pages_have_the_number_turned(pdfs: dict[str, Path]) -> None:
    """Issue 20.4: an attached task table's landscape pages, odd and even, print their own
    number turned at the portrait position (measured by tools/measure_pdf.py), not in the
    landscape footer; LibreOffice 7.4 laid the text box that held it out at the corner."""
    pages = measure_pdf.read_pdf(pdfs["composed"])
    landscape = [page for page in pages if page.landscape]
    assert {page.index % 2 for page in landscape} == {0, 1}, [p.index for p in landscape]
    for page in landscape:
        text = "".join(g.text for g in page.turned if g.turn == 90)
        assert re.sub(r"\s", "", text) == f"—{page.index}—", (page.index, text)
        assert page.number_line is None, page.index  # nothing upright in the footer
    row = measure_pdf.measure(pages, measure_pdf.Options(kind="plan"))
    found = {r.rule: r for r in row}["横排页页码（与竖排页同一位置）"]
    assert found.status == "pass", measure_pdf.table([found])


@needs_pdf
def test_every_character_of_every_part_reaches_the_pdf(
    parts: dict[str, Any], pdfs: dict[str, Path]
) -> None:
    printed = Counter(re.sub(r"\s", "", "".join(_pages(pdfs["composed"]))))
    for key in ("plan", "table", "office", "clash"):
        wanted = Counter(re.sub(r"\s", "", "".join(_texts(parts[key]))))
        missing = wanted - printed
        assert not missing, (key, missing)


Char = tuple[str, str, float, int]
"""A printed character: text, font (subset tag removed), size in pt, left edge in pt."""


def _lines(pdf: Path, page: int) -> list[list[Char]]:
    """Return the characters of page ``page`` (from 0) by line, top line first."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer

    by_line: dict[int, list[Char]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, LTChar) and node.get_text().strip():
            font = node.fontname.split("+")[-1]
            char = (node.get_text(), font, round(node.size, 1), round(node.x0))
            by_line.setdefault(round(node.y0), []).append(char)
        elif isinstance(node, LTContainer):
            for child in node:
                walk(child)

    for layout in extract_pages(pdf, page_numbers=[page]):
        walk(layout)
    return [by_line[y] for y in sorted(by_line, reverse=True)]


@needs_pdf
def test_the_office_part_prints_as_in_its_own_pdf(pdfs: dict[str, Path]) -> None:
    """Every character of the office's page in its own font, size and left edge: its
    headings and text render as in the original, only the label and footer differ.

    Except one measured difference, left alone: the table's text starts 6 pt (its cell
    margin) further right, because the composed document is in Word 2013 mode (ours),
    where a table is no longer pulled left by its cell margin as in the office's Word
    2010 mode; its fonts and sizes are compared, not its left edge.
    """
    pages = _pages(pdfs["composed"])
    at = next(i for i, p in enumerate(pages) if "附件2" in re.sub(r"\s", "", p))
    own = _lines(pdfs["office"], 0)
    mine = _lines(pdfs["composed"], at)
    assert "".join(c[0] for c in own[-1]) == "首页页脚"  # its own footer, not composed
    assert "".join(c[0] for c in mine[0]) == "附件2"
    assert "".join(c[0] for c in mine[-1]) == f"—{at + 1}—"
    table = {"甲", "乙", "栏"}
    printed = [c for line in mine[1:-1] for c in line]
    original = [c for line in own[:-1] for c in line]
    assert Counter(c for c in printed if c[0] not in table) == Counter(
        c for c in original if c[0] not in table
    )
    assert Counter(c[:3] for c in printed if c[0] in table) == Counter(
        c[:3] for c in original if c[0] in table
    )
    heading = next(c for c in printed if c[0] == "章")
    assert "Hei" in heading[1] and heading[2] == 14.0  # its Heading 1 (14 pt), not ours (16 pt)


def test_rendering_after_docxcompose_is_loaded_keeps_core_properties_valid() -> None:
    """docxtpl imports docxcompose when it is installed, which rebinds python-docx's
    ``cp:`` prefix: every rendered document then had ``cp:lastModifiedBy`` and
    ``cp:revision`` in the custom-properties namespace in its core properties."""
    import zipfile

    import docxcompose.composer  # noqa: F401  # as docxtpl does

    doc = open_document(EXAMPLES / "plan-2024-wujin.yaml").document
    core = zipfile.ZipFile(io.BytesIO(render(doc))).read("docProps/core.xml").decode()
    assert "custom-properties" not in core
    assert core.count("lastModifiedBy>drafting<") == 1
