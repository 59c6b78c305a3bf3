"""tools/measure_pdf.py on real PDFs: every example passes, each broken .docx fails its rule.

Every example and every deliberately broken copy is rendered and converted to PDF in one
soffice call (module fixture). The broken copies change one thing in the rendered .docx:
the top white (a wrong margin), the body's character spacing (27 characters a line), the
odd pages' page-number indent. A hand-made notice page (a red 发文机关标志, a 发文字号
with a red bottom border, a 版记 table of thick and thin lines in a text box at the
版心's foot) exercises the 版头 and 版记 rows before the notice kind exists.

Needs LibreOffice (tools/install-pdf-deps.sh); skipped without it unless
DRAFTING_REQUIRE_PDF=1 makes that a failure.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from drafting.cli import main
from drafting.render.lo_input import for_libreoffice
from drafting.render.pdf import PDF_TARGET
from drafting.resources import data_dir
from drafting.soffice import soffice

from ..conftest import EXAMPLES, ROOT

_spec = importlib.util.spec_from_file_location("measure_pdf", ROOT / "tools" / "measure_pdf.py")
assert _spec is not None and _spec.loader is not None
measure_pdf: Any = importlib.util.module_from_spec(_spec)
sys.modules["measure_pdf"] = measure_pdf  # dataclasses look their module up
_spec.loader.exec_module(measure_pdf)

DOCUMENTS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "units.yaml")
DATE_RULE = "成文日期位置"
"""Issue 20.4's first defect (the date 0.1 character right of the 署名, not 2): fixed."""


def _mutate(source: Path, target: Path, part: str, edit: Callable[[str], str]) -> None:
    """Copy the .docx ``source`` to ``target`` with ``part`` passed through ``edit``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == part:
                changed = edit(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), part
                data = changed.encode("utf-8")
            new.writestr(item, data)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _imprint_box() -> str:
    """Return a run: a text box whose bottom is the 版心's (262 mm), holding the 版记 table."""
    mm = 36000
    height = 20 * mm
    row = (
        '<w:tr><w:tc><w:tcPr><w:tcW w:w="8845" w:type="dxa"/></w:tcPr>'
        '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="560" w:lineRule="exact"/>'
        '<w:ind w:firstLine="0"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/>'
        '<w:spacing w:val="0"/><w:sz w:val="28"/></w:rPr><w:t>{}</w:t></w:r></w:p></w:tc></w:tr>'
    )
    table = (
        '<w:tbl><w:tblPr><w:tblW w:w="8845" w:type="dxa"/><w:tblBorders>'
        '<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tblBorders>'
        '<w:tblCellMar><w:left w:w="280" w:type="dxa"/><w:right w:w="280" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="8845"/></w:tblGrid>'
        + row.format("抄送：县委办公室，县人大常委会办公室。")
        + row.format("××县教育局办公室　　　　　　　　2024年1月5日印发")
        + "</w:tbl>"
    )
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{28 * mm}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{262 * mm - height}</wp:posOffset>'
        f'</wp:positionV><wp:extent cx="{156 * mm}" cy="{height}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="9" name="版记"/>'
        "<wp:cNvGraphicFramePr/><a:graphic><a:graphicData "
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f'<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{156 * mm}" '
        f'cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        f"<a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent>{table}<w:p/>"
        '</w:txbxContent></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" '
        'tIns="0" rIns="0" bIns="0" anchor="b" anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def _notice(xml: str) -> str:
    """Put a 版头 (红头, 字号 with the red line) above the title and a 版记 at the end."""
    red = (
        '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="2054" w:after="0" '
        'w:line="960" w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
        '<w:r><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:color w:val="FF0000"/>'
        '<w:spacing w:val="0"/><w:sz w:val="72"/></w:rPr><w:t>××县教育局文件</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:ind w:firstLine="0"/></w:pPr></w:p>'
        '<w:p><w:pPr><w:ind w:firstLine="0"/></w:pPr></w:p>'
        '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="3" w:color="FF0000"/>'
        '</w:pBdr><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>'
        "<w:r><w:t>×教发〔2024〕1号</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:ind w:firstLine="0"/></w:pPr></w:p>'
        '<w:p><w:pPr><w:ind w:firstLine="0"/></w:pPr></w:p>'
    )
    body = re.sub(r"(<w:body>)", r"\1" + red, xml, count=1)
    return re.sub(r"(<w:sectPr[ >])", "<w:p>" + _imprint_box() + r"</w:p>\1", body, count=1)


BROKEN: dict[str, tuple[str, str, Callable[[str], str]]] = {
    # the top white 3 mm too deep (bottom 3 mm less: the 22 lines still fit)
    "margin": (
        "word/document.xml",
        "首行上沿（天头 37 mm）",
        lambda xml: xml.replace('w:top="1968"', 'w:top="2138"').replace(
            'w:bottom="2114"', 'w:bottom="1944"'
        ),
    ),
    # no -0.25 pt character spacing: 27 characters a line
    "chars": (
        "word/styles.xml",
        "每行字数",
        lambda xml: xml.replace('<w:spacing w:val="-5"/>', '<w:spacing w:val="0"/>', 1),
    ),
    # the odd pages' number 空三字 instead of 空一字
    "page-number": (
        "word/footer1.xml",
        "页码左右位置",
        lambda xml: xml.replace('w:right="280"', 'w:right="840"'),
    ),
}
"""Broken copy → (the part changed, the rule it must fail, the change)."""


def _restyle(style: str, font: str) -> Callable[[str], str]:
    """Return an edit of styles.xml that gives ``style`` the East Asian font ``font``."""

    def edit(xml: str) -> str:
        return re.sub(
            rf'(w:styleId="{style}".*?w:eastAsia=")[^"]*',
            lambda m: m[1] + font,
            xml,
            count=1,
            flags=re.S,
        )

    return edit


BLANK = '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>'
IMPRINT_PAGE_RULE = "版记页不编页码（且在偶数页）"


def _last_section(xml: str, edit: Callable[[str], str]) -> str:
    """Return document.xml with its body's own (last) sectPr passed through ``edit``."""
    start = xml.rindex("<w:sectPr")
    return xml[:start] + edit(xml[start:])


NOTICE_BROKEN: dict[str, tuple[str, str, str, Callable[[str], str]]] = {
    # the notice's one body paragraph pushed to page 2: page 1 ends with the 主送
    "no-first-text": (
        "notice-2025-issue-plan",
        "word/document.xml",
        "首页有正文",
        lambda xml: re.sub(
            r'(GwAddressee"/>.*?</w:p><w:p><w:pPr><w:pStyle w:val="Normal"/>)',
            r"\1<w:pageBreakBefore/>",
            xml,
            count=1,
            flags=re.S,
        ),
    ),
    # the 附件说明 and the 署名 on page 2, the body on page 1: 附件说明 is not 正文
    "signature-page": (
        "notice-2025-issue-plan",
        "word/document.xml",
        "署名页有正文",
        lambda xml: xml.replace(
            '<w:pStyle w:val="GwAttachNoteFirst"/><w:keepNext/>',
            '<w:pStyle w:val="GwAttachNoteFirst"/><w:keepNext/><w:pageBreakBefore/>',
        ),
    ),
    # the 签发人 names in 仿宋 instead of 楷体 (§7.2.6)
    "issuer-font": (
        "notice-2025-full",
        "word/styles.xml",
        "签发人姓名 楷体 3号",
        _restyle("GwIssuerNameChar", "仿宋_GB2312"),
    ),
    # the 密级 in 仿宋 instead of 黑体 (§7.2.2)
    "marks-font": (
        "notice-2025-full",
        "word/styles.xml",
        "密级、紧急程度 黑体 3号",
        _restyle("GwSecrecy", "仿宋_GB2312"),
    ),
    # two more white lines between the joint 标志 and the first 签发人 line
    "number-gap": (
        "notice-2025-full",
        "word/document.xml",
        "发文字号（标志下空二行）",
        lambda xml: xml.replace(
            '<w:p><w:pPr><w:pStyle w:val="GwIssuer"/>',
            BLANK * 2 + '<w:p><w:pPr><w:pStyle w:val="GwIssuer"/>',
            1,
        ),
    ),
    # the 版记's page of its own given the numbered footers again (§7.5)
    "imprint-numbered": (
        "notice-2025-issue-plan",
        "word/document.xml",
        IMPRINT_PAGE_RULE,
        lambda xml: _last_section(
            xml,
            lambda sect: re.sub(
                r'(w:type="(default|even)" r:id=")[^"]*',
                lambda m: m[1] + ("rIdFooterOdd" if m[2] == "default" else "rIdFooterEven"),
                sect,
            ),
        ),
    ),
    # the 版记's page of its own no longer started on an even page: it falls on page 7
    "imprint-odd": (
        "notice-2025-issue-plan",
        "word/document.xml",
        IMPRINT_PAGE_RULE,
        lambda xml: _last_section(xml, lambda sect: sect.replace('<w:type w:val="evenPage"/>', "")),
    ),
}
"""Broken copy of a notice → (the notice, the part changed, the rule it must fail, the change)."""


def _tools() -> None:
    if not shutil.which("soffice"):
        if os.environ.get("DRAFTING_REQUIRE_PDF"):
            raise RuntimeError("DRAFTING_REQUIRE_PDF is set but LibreOffice is missing")
        pytest.skip("LibreOffice is not installed")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Render the examples, the broken copies and the notice page; convert them at once."""
    _tools()
    folder = tmp_path_factory.mktemp("measure")
    docx = []
    for source in DOCUMENTS:
        target = folder / f"{source.stem}.docx"
        assert main(["render", str(source), "-o", str(target)]) == 0
        docx.append(target)
    base = folder / "summary-2021-city.docx"
    for name, (part, _, edit) in BROKEN.items():
        target = folder / f"broken-{name}.docx"
        _mutate(base, target, part, edit)
        docx.append(target)
    for name, (stem, part, _, edit) in NOTICE_BROKEN.items():
        target = folder / f"broken-{name}.docx"
        _mutate(folder / f"{stem}.docx", target, part, edit)
        docx.append(target)
    notice = folder / "notice.docx"
    _mutate(base, notice, "word/document.xml", _notice)
    docx.append(notice)
    copies = [for_libreoffice(path, folder / "in") for path in docx]
    env = dict(os.environ, FONTCONFIG_FILE=str(data_dir("templates").joinpath("fonts.conf")))
    subprocess.run(
        [
            soffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            PDF_TARGET,  # the blank page before an even-page 版记 kept
            "--outdir",
            str(folder),
            *map(str, copies),
        ],
        env=env,
        capture_output=True,
        check=True,
        timeout=600,
    )
    return folder


SEALED = {"notice-2025-issue-plan"}
"""The examples signed with the 发文机关印章 (seal: org, the notice's default)."""


SHORT = {"notice-2025-full"}
"""Examples without a full page or a line that spans the 版心 (每面行数, 每行字数 n/a)."""


def _rows(pdf: Path, kind: str = "plan") -> dict[str, Any]:
    options = measure_pdf.Options(kind=kind, seal=pdf.stem in SEALED)
    rows = measure_pdf.measure(measure_pdf.read_pdf(pdf), options)
    return {row.rule: row for row in rows}


@pytest.mark.parametrize("source", DOCUMENTS, ids=lambda p: p.stem)
def test_every_example_passes_every_applicable_rule(source: Path, pdfs: Path) -> None:
    kind = source.stem.split("-")[0]
    rows = _rows(pdfs / f"{source.stem}.pdf", kind)
    failing = {rule: row for rule, row in rows.items() if row.status == "fail"}
    assert not failing, measure_pdf.table(list(failing.values()))
    applied = {rule for rule, row in rows.items() if row.status == "pass"}
    full = {"每面行数", "每行字数"} if source.stem not in SHORT else set()
    assert full | {"首行上沿（天头 37 mm）", "页码左右位置"} <= applied


@pytest.mark.parametrize("name", ["summary-2011-guanwei", "summary-2021-city"])
def test_the_date_starts_two_characters_right_of_the_signature(name: str, pdfs: Path) -> None:
    assert _rows(pdfs / f"{name}.pdf", "summary")[DATE_RULE].status == "pass"


def test_the_fixed_layout_defects_are_measured(pdfs: Path) -> None:
    """Issue 20.4: the landscape page's number turned at the portrait position, the task
    table's short values on one line, the first line at 37 mm (the rows say what they saw)."""
    rows = _rows(pdfs / "plan-2023-county.pdf")
    landscape = rows["横排页页码（与竖排页同一位置）"]
    assert landscape.status == "pass" and "一字线距版心" in landscape.measured, landscape
    assert rows["表格表头与短值不折行"].status == "pass"
    assert rows["署名不单独成页"].status == "n/a"  # a plan without a signature
    summary = _rows(pdfs / "summary-2013-district.pdf", "summary")
    assert summary["署名不单独成页"].status == "pass"


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_copy_fails_exactly_its_rule(name: str, pdfs: Path) -> None:
    rows = _rows(pdfs / f"broken-{name}.pdf", "summary")
    failing = {rule for rule, row in rows.items() if row.status == "fail"}
    assert failing == {BROKEN[name][1]}, measure_pdf.table([rows[rule] for rule in failing])


def test_the_masthead_and_imprint_rows_measure_a_notice(pdfs: Path) -> None:
    rows = _rows(pdfs / "notice.pdf", "notice")
    for rule in (
        "发文机关标志上沿",
        "发文字号（标志下空二行）",
        "红色分隔线（字号下 4 mm）",
        "标题（分隔线下空二行）",
        "版记分隔线",
        "版记末条分隔线与版心下沿重合",
        "版记 仿宋 4号",
    ):
        assert rows[rule].status == "pass", measure_pdf.table([rows[rule]])
    assert "红色" in rows["红色分隔线（字号下 4 mm）"].measured


@pytest.mark.parametrize("name", ["notice-2025-issue-plan", "notice-2025-full"])
def test_the_masthead_and_imprint_rows_pass_on_our_notices(name: str, pdfs: Path) -> None:
    """The 版头 distances, the red line and the 版记 lines measured on the real notices
    (the 版记 of the issue-plan notice at the end of the whole document, after 附件2)."""
    rows = _rows(pdfs / f"{name}.pdf", "notice")
    for rule in (
        "发文机关标志上沿",
        "发文字号（标志下空二行）",
        "红色分隔线（字号下 4 mm）",
        "标题（分隔线下空二行）",
        "版记分隔线",
        "版记末条分隔线与版心下沿重合",
        "版记 仿宋 4号",
    ):
        assert rows[rule].status == "pass", measure_pdf.table([rows[rule]])


def test_a_plain_page_has_no_masthead_rows(pdfs: Path) -> None:
    rows = _rows(pdfs / "summary-2021-city.pdf", "summary")
    assert rows["发文机关标志上沿"].status == "n/a" and rows["版记分隔线"].status == "n/a"


def test_the_command_line_exits_1_on_a_failure_and_2_on_a_bad_file(
    pdfs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert measure_pdf.main([str(pdfs / "plan-2024-wujin.pdf"), "--json"]) == 0
    assert '"status": "pass"' in capsys.readouterr().out
    assert measure_pdf.main([str(pdfs / "broken-page-number.pdf"), "--kind", "summary"]) == 1
    assert "不符\t页码左右位置" in capsys.readouterr().out
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    assert measure_pdf.main([str(bad)]) == 2
    err = capsys.readouterr().err
    assert "错误" in err and "Traceback" not in err


def test_the_signature_keeps_with_the_last_body_paragraph(tmp_path: Path) -> None:
    """§7.3.5.4: from the last body paragraph to the 署名 every paragraph keeps with the
    next, and only that body paragraph has widow control (the 22-line grid elsewhere)."""
    from lxml import etree

    target = tmp_path / "summary.docx"
    assert main(["render", str(EXAMPLES / "summary-2021-city.yaml"), "-o", str(target)]) == 0
    with zipfile.ZipFile(target) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = list(root.iter(f"{ns}p"))
    styles = [p.find(f"{ns}pPr/{ns}pStyle") for p in paragraphs]
    names = [s.get(f"{ns}val") if s is not None else "" for s in styles]
    sig = names.index("GwSignature")
    texts = ["".join(t.text or "" for t in p.iter(f"{ns}t")).strip() for p in paragraphs]
    last = max(i for i in range(sig) if texts[i] and names[i] != "GwAttachNote")
    for paragraph in paragraphs[last:sig]:
        assert paragraph.find(f"{ns}pPr/{ns}keepNext") is not None
    widows = [p for p in paragraphs if p.find(f"{ns}pPr/{ns}widowControl") is not None]
    assert widows == [paragraphs[last]]


@pytest.mark.parametrize("name", sorted(NOTICE_BROKEN))
def test_a_broken_notice_fails_its_rule(name: str, pdfs: Path) -> None:
    stem, _, rule, _ = NOTICE_BROKEN[name]
    rows = _rows(pdfs / f"broken-{name}.pdf", "notice")
    assert rows[rule].status == "fail", measure_pdf.table([rows[rule]])
    assert _rows(pdfs / f"{stem}.pdf", "notice")[rule].status == "pass"


def test_the_signature_page_rule_sees_what_the_old_one_missed(pdfs: Path) -> None:
    """With the 附件说明 above it the 署名 is not alone on its page, yet it has no 正文."""
    rows = _rows(pdfs / "broken-signature-page.pdf", "notice")
    assert rows["署名不单独成页"].status == "pass"
    assert rows["署名页有正文"].status == "fail"
    assert rows["首页有正文"].status == "pass"


def test_a_notice_without_a_full_line_has_no_chars_per_line_row(pdfs: Path) -> None:
    """notice-2025-full has no body line that spans the 版心: n/a, not a failure (the
    broken-chars copy still fails the rule: test_a_broken_copy_fails_exactly_its_rule)."""
    rows = _rows(pdfs / "notice-2025-full.pdf", "notice")
    assert rows["每行字数"].status == "n/a"
    assert rows["正文 仿宋 3号"].status == "pass", measure_pdf.table([rows["正文 仿宋 3号"]])
    assert rows["签发人姓名 楷体 3号"].status == "pass"
    assert rows["密级、紧急程度 黑体 3号"].status == "pass"


def test_an_imprint_sharing_the_last_page_keeps_its_number(pdfs: Path) -> None:
    """notice-2025-full's 版记 stands under its text on page 1: that page keeps "— 1 —"."""
    row = _rows(pdfs / "notice-2025-full.pdf", "notice")[IMPRINT_PAGE_RULE]
    assert row.status == "pass", measure_pdf.table([row])
    assert "同页" in row.measured and "有页码" in row.measured, row.measured
