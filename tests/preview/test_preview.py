"""The live preview (issue 21): its text is the rendered .docx's, paragraph by paragraph.

The .docx is the one ``drafting render`` writes (run here as the command), read with
:mod:`drafting.ooxml.text` — the one paragraph reader; the HTML is read with lxml.html.
Fonts per level are judged against the .docx's effective formatting
(:mod:`drafting.ooxml.styles`), read independently of the preview's own style merge.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import lxml.html  # type: ignore[import-untyped]
import pytest
from lxml import etree

from drafting.check import check_paths
from drafting.cli import main
from drafting.ooxml.ns import W
from drafting.ooxml.styles import Styles, run_properties
from drafting.ooxml.text import paragraph_text
from drafting.preview import build_preview
from drafting.preview.layout import CJK_FALLBACKS

from ..conftest import EXAMPLES, summary_with_tables

DOCUMENTS = sorted(p.name for p in EXAMPLES.glob("*.yaml") if p.name != "units.yaml")


def docx_paragraphs(path: Path) -> list[Any]:
    """Return every ``w:p`` of the body of the .docx at ``path``, in document order
    (those of tables and of text boxes included)."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return list(root.find(f"{W}body").iter(f"{W}p"))


def html_text(element: Any) -> str:
    """Return the text of a preview paragraph: its characters, ``<br>`` as a line break,
    text boxes anchored in it left out (they are paragraphs of their own)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node is not element and "txbx" in (node.get("class") or "").split():
            return
        if node.tag == "br":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


def html_paragraphs(html: str) -> list[Any]:
    """Return the preview's body paragraphs (footers are templates, left out)."""
    tree = lxml.html.document_fromstring(html)
    found: list[Any] = tree.xpath(
        '//main[@id="dr-source"]//div[contains(concat(" ", @class, " "), " p ")]'
        "[not(ancestor::template)]"
    )
    return found


def rendered(source: Path, tmp_path: Path) -> Path:
    """Return the .docx ``drafting render`` writes for ``source`` (into ``tmp_path``)."""
    target = tmp_path / (source.stem + ".docx")
    assert main(["render", str(source), "-o", str(target)]) == 0
    return target


@pytest.mark.parametrize("name", DOCUMENTS)
def test_preview_text_is_the_rendered_docx_text_paragraph_by_paragraph(
    name: str, tmp_path: Path
) -> None:
    source = EXAMPLES / name
    preview = build_preview(source.read_text("utf-8"), source)
    assert preview.html is not None, preview.diagnostics
    expected = [paragraph_text(p) for p in docx_paragraphs(rendered(source, tmp_path))]
    got = [html_text(p) for p in html_paragraphs(preview.html)]
    assert len(expected) > 10
    assert got == expected


def test_a_units_task_list_previews_as_render_by_unit_writes_it(tmp_path: Path) -> None:
    source = EXAMPLES / "plan-2023-county.yaml"
    out = tmp_path / "by-unit"
    assert main(["render", str(source), "--by-unit", "-o", f"{out}/"]) == 0
    lists = sorted(p for p in out.rglob("*.docx") if p.stem != source.stem)
    assert len(lists) >= 2
    for target in lists[:3]:
        unit = target.stem.split("-")[-1]
        preview = build_preview(source.read_text("utf-8"), source, unit=unit)
        assert preview.html is not None, preview.diagnostics
        expected = [paragraph_text(p) for p in docx_paragraphs(target)]
        assert [html_text(p) for p in html_paragraphs(preview.html)] == expected
        assert any(unit in line for line in expected)
    whole = build_preview(source.read_text("utf-8"), source)
    assert whole.html is not None and len(html_paragraphs(whole.html)) > len(expected)


def test_a_summary_with_its_completion_table_and_signature_too(tmp_path: Path) -> None:
    source = summary_with_tables(tmp_path)
    preview = build_preview(source.read_text("utf-8"), source)
    assert preview.html is not None
    expected = [paragraph_text(p) for p in docx_paragraphs(rendered(source, tmp_path / "out"))]
    assert [html_text(p) for p in html_paragraphs(preview.html)] == expected
    assert "全年集中学习12次。" in "".join(expected)


def _rules(html: str) -> dict[str, dict[str, str]]:
    """Return the preview's CSS class rules: class → property → value."""
    css = "".join(lxml.html.document_fromstring(html).xpath("//style/text()"))
    found: dict[str, dict[str, str]] = {}
    for name, body in re.findall(r"\.([a-z]\d+)\{([^}]*)\}", css):
        found[name] = dict(
            (k.strip(), v.strip())
            for k, _, v in (d.partition(":") for d in body.split(";"))
            if k.strip()
        )
    return found


def _families(value: str) -> list[str]:
    return [f.strip().strip('"') for f in value.split(",")]


def _first_run_css(html: str, text: str) -> dict[str, str]:
    """Return the CSS of the first run of the preview paragraph starting with ``text``."""
    rules = _rules(html)
    paras = html_paragraphs(html)
    exact = [p for p in paras if html_text(p) == text]
    for para in exact or paras:
        if html_text(para).startswith(text):
            run = para.xpath("./span")[0]
            return rules[run.get("class")]
    raise AssertionError(f"no paragraph starts with {text!r}")


def _docx_font(path: Path, text: str) -> tuple[str | None, int | None, bool]:
    """Return the East Asian font, size and bold of the first run of the .docx paragraph
    starting with ``text``, by drafting.ooxml.styles."""
    with zipfile.ZipFile(path) as archive:
        styles = Styles(etree.fromstring(archive.read("word/styles.xml")))
    paras = docx_paragraphs(path)
    exact = [p for p in paras if paragraph_text(p) == text]
    for para in exact or paras:
        if paragraph_text(para).startswith(text):
            style = para.find(f"{W}pPr/{W}pStyle")
            sid = style.get(f"{W}val") if style is not None else None
            run = next(r for r in para.iter(f"{W}r") if r.find(f"{W}t") is not None)
            rstyle = run.find(f"{W}rPr/{W}rStyle")
            direct = run_properties(run.find(f"{W}rPr"))
            fmt = styles.run(sid, rstyle.get(f"{W}val") if rstyle is not None else None, direct)
            return fmt.cjk_font, fmt.size, fmt.bold
    raise AssertionError(f"no .docx paragraph starts with {text!r}")


LEVELS = {
    # example, start of a paragraph, the font our templates give it (GB/T 9704 §3, §5.2)
    "title": ("plan-2023-county.yaml", "2023年县教育工作要点", "方正小标宋简体"),
    "一、": ("plan-2023-county.yaml", "一、", "黑体"),
    "（一）": ("notice-2025-full.yaml", "（一）", "楷体_GB2312"),
    "1.": ("plan-2023-county.yaml", "1.", "仿宋_GB2312"),
    "body": ("speech-2024-guanwei.yaml", "同志们", "仿宋_GB2312"),
    "署名": ("notice-2025-issue-plan.yaml", "××县教育局", "仿宋_GB2312"),
}


@pytest.mark.parametrize("level", sorted(LEVELS))
def test_fonts_per_level_are_the_docx_fonts_with_their_fallbacks(
    level: str, tmp_path: Path
) -> None:
    name, start, font = LEVELS[level]
    source = EXAMPLES / name
    preview = build_preview(source.read_text("utf-8"), source)
    assert preview.html is not None
    css = _first_run_css(preview.html, start)
    docx_font, size, bold = _docx_font(rendered(source, tmp_path), start)
    assert docx_font == font
    families = _families(css["font-family"])
    assert families[0] == font
    free = {"方正小标宋简体": "Noto Serif CJK SC", "黑体": "FandolHei", "楷体_GB2312": "FandolKai"}
    assert free.get(font, "FandolFang") in families  # the font LibreOffice is mapped to
    assert css["font-size"] == f"{(size or 0) / 2:g}pt"
    assert (css["font-weight"] == "bold") == bold
    assert families[-1] in ("serif", "sans-serif")


def test_fallback_lists_name_the_windows_fonts_first() -> None:
    assert CJK_FALLBACKS["黑体"][:2] == ("黑体", "SimHei")
    assert "KaiTi" in CJK_FALLBACKS["楷体"] and "FandolKai" in CJK_FALLBACKS["楷体"]
    assert "FangSong" in CJK_FALLBACKS["仿宋"] and "FandolFang" in CJK_FALLBACKS["仿宋"]
    assert "FZXiaoBiaoSong-B05S" in CJK_FALLBACKS["方正小标宋简体"]


def test_pages_sections_and_lines_come_from_the_docx() -> None:
    source = EXAMPLES / "notice-2025-issue-plan.yaml"
    preview = build_preview(source.read_text("utf-8"), source)
    assert preview.html is not None and preview.kind == "notice"
    tree = lxml.html.document_fromstring(preview.html)
    sections = tree.xpath("//section[@class='sec']")
    sizes = [(s.get("data-w"), s.get("data-h")) for s in sections]
    assert ("595.3", "841.9") in sizes and ("841.9", "595.3") in sizes  # A4, and landscape
    assert sections[-1].get("data-type") == "evenPage"  # the 版记 on an even page (§7.5)
    assert sections[0].get("data-top") == str(1968 / 20).rstrip("0").rstrip(".")
    css = "".join(tree.xpath("//style/text()"))
    assert "line-height:28.95pt" in css  # the 22-line grid, exact (gbt9704 §2.2)
    assert re.search(r"border-bottom:1\.5pt solid #FF0000", css)  # the red line
    footers = tree.xpath("//template[@data-footer]")
    assert footers and all(f.xpath(".//span[@class='pg']") or not f.text_content() for f in footers)
    boxes = tree.xpath("//div[@class='txbx']")
    assert len(boxes) == 1 and "印发" in boxes[0].text_content()  # the 版记
    assert not tree.xpath("//*[@src or @href]")  # nothing loaded from outside
    assert len(tree.xpath("//script")) == 1


def test_text_is_escaped(tmp_path: Path) -> None:
    for name in ("plan-2023-county.yaml", "units.yaml"):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    source = tmp_path / "plan-2023-county.yaml"
    hostile = '<script>alert("x")</script>&amp;<img src=x onerror=alert(1)>'
    text = source.read_text("utf-8").replace(
        "认真学习宣传贯彻党的二十大精神。", f"认真学习{hostile}精神。", 1
    )
    assert hostile in text
    preview = build_preview(text, source)
    assert preview.html is not None, preview.diagnostics
    tree = lxml.html.document_fromstring(preview.html)
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//img")
    texts = [html_text(p) for p in html_paragraphs(preview.html)]
    assert any(f"认真学习{hostile}精神。" in t for t in texts)
    assert "&lt;script&gt;" in preview.html


def test_text_with_errors_gives_no_html_and_what_check_says(tmp_path: Path) -> None:
    for name in ("plan-2023-county.yaml", "units.yaml"):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    source = tmp_path / "plan-2023-county.yaml"
    text = source.read_text("utf-8").replace("year: 2023", "year: 二〇二三", 1)
    text = text.replace("办公室", "不存在的股室", 1)
    source.write_text(text, encoding="utf-8")
    preview = build_preview(text, source)
    assert preview.html is None
    report = check_paths([str(source)])
    assert report.errors
    assert preview.diagnostics == report.diagnostics
    assert preview.kind == "plan"


def test_a_units_file_with_errors_is_reported_as_check_reports_it(tmp_path: Path) -> None:
    (tmp_path / "plan-2023-county.yaml").write_bytes(
        (EXAMPLES / "plan-2023-county.yaml").read_bytes()
    )
    (tmp_path / "units.yaml").write_text("kind: units\nunits: 3\n", encoding="utf-8")
    source = tmp_path / "plan-2023-county.yaml"
    preview = build_preview(source.read_text("utf-8"), source)
    report = check_paths([str(source)])
    assert report.diagnostics and preview.diagnostics == report.diagnostics


def test_yaml_that_does_not_parse(tmp_path: Path) -> None:
    source = tmp_path / "plan.yaml"
    preview = build_preview("kind: plan\ntitle: [\n", source)
    assert preview.html is None and preview.diagnostics
    source.write_text("kind: plan\ntitle: [\n", encoding="utf-8")
    assert preview.diagnostics == check_paths([str(source)]).diagnostics


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def synthetic_docx(body: str) -> bytes:
    """Return a minimal .docx whose body is ``body`` (WordprocessingML, ``w:`` prefix)."""
    import io

    xml = (
        f'<w:document xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" '
        'w:bottom="1984" w:left="1587" w:footer="1417"/></w:sectPr></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def _p(text: str, extra: str = "") -> str:
    return f'<w:p><w:r>{extra}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


MERGED = (
    '<w:tbl><w:tblPr><w:tblW w:w="6000" w:type="dxa"/><w:tblBorders>'
    '<w:top w:val="single" w:sz="8"/><w:insideH w:val="single" w:sz="4"/></w:tblBorders>'
    '</w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/>'
    '<w:gridCol w:w="2000"/></w:tblGrid>'
    '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>' + _p("牵头") + "</w:tc>"
    '<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:tcBorders><w:bottom w:val="double" w:sz="12" '
    'w:color="FF0000"/></w:tcBorders></w:tcPr>' + _p("两列") + "</w:tc></w:tr>"
    "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>" + _p("甲") + "</w:tc>"
    "<w:tc>" + _p("乙") + "</w:tc></w:tr></w:tbl>"
)
BROKEN = (
    '<w:p><w:r><w:t>上一页</w:t><w:br w:type="page"/><w:t>下一页</w:t><w:tab/>'
    '<w:t>末</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
    ' DATE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r>'
    '<w:t>2025年</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    "<w:del><w:r><w:delText>删去</w:delText></w:r></w:del></w:p>"
)


def test_merged_cells_borders_breaks_and_fields() -> None:
    from drafting.preview.layout import to_html

    data = synthetic_docx(MERGED + BROKEN)
    html = to_html(data, "表<格>")
    tree = lxml.html.document_fromstring(html)
    cells = tree.xpath("//td")
    assert [c.get("rowspan") for c in cells][:2] == ["2", None]
    assert cells[1].get("colspan") == "2"
    assert "border-bottom:1.5pt double #FF0000" in cells[1].get("style")
    assert "border-top:1pt solid #000000" in cells[0].get("style")
    hidden = tree.xpath("//td[@hidden]")
    assert len(hidden) == 1  # the covered cell, its (empty) paragraph kept
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    expected = [paragraph_text(p) for p in root.iter(f"{W}p")]
    assert [html_text(p) for p in html_paragraphs(html)] == expected
    assert expected[-1] == "上一页\n下一页\t末2025年"  # field result, not its code or deletion
    assert tree.xpath("//br[@class='pb']") and tree.findtext(".//title") == "表<格>"
