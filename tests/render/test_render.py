"""Rendering: the .docx is re-read and checked for text, numbers, styles and page setup."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from drafting.check import check_paths
from drafting.cli import main
from drafting.errors import TemplateProblem
from drafting.fsio import atomic_write, is_untouched
from drafting.model import Document, from_data
from drafting.render.docx import RenderOptions, render
from drafting.render.package import package

from ..conftest import CASES, EXAMPLES, ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GOLDEN = ROOT / "tests" / "render" / "golden"
DOCUMENTS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "units.yaml")
SKIP_KEYS = {
    "kind",
    "year",
    "numbering",
    "units_label",
    "responsibility",
    "signature",
    "attachments",
    "id",
    "plan_ref",
    "date",
    "occasion",
    "plan",
    "doc_number",
    "org",
    "genre",
    "seal",
    "path",
}


def _document(path: Path) -> Document:
    checked = check_paths([str(path)]).files[0]
    assert checked.ok, [d.format() for d in checked.diagnostics]
    assert checked.kind is not None
    return from_data(checked.kind, checked.data)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _text_of(data: bytes) -> str:
    """Return all text of the body (paragraphs and table cells) in reading order."""
    document = docx.Document(io.BytesIO(data))
    chunks = []
    for element in document.element.body.iter(f"{W}p"):
        chunks.append(docx.text.paragraph.Paragraph(element, document).text)
    return "\n".join(chunks)


def _strings(value: Any, key: str = "") -> list[str]:
    """Return every text value of the YAML data in document order."""
    if key in SKIP_KEYS:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, k)]
    return []


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {p.name: package(render(_document(p))) for p in DOCUMENTS}


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_every_text_comes_back_in_order(path: Path, rendered: dict[str, bytes]) -> None:
    text = _text_of(rendered[path.name])
    checked = check_paths([str(path)]).files[0]
    position = 0
    for value in _strings(checked.data):
        found = text.find(value, position)
        assert found >= 0, f"missing or out of order: {value[:40]}"
        position = found + len(value)


def test_numbers_are_text_and_run_across_sections(rendered: dict[str, bytes]) -> None:
    text = _text_of(rendered["plan-2023-guanwei.yaml"])
    assert "一、学习贯彻党的二十大精神" in text
    assert "八、加强工作宣传" in text
    assert (
        "\n4.组织编印《××州教育系统关工委成立三十周年纪念画册》" in text
    )  # first task of section 二
    assert "\n28.管理和应用好关工委工作网站" in text


def test_summary_numbers_restart_per_section(rendered: dict[str, bytes]) -> None:
    text = _text_of(rendered["summary-2013-district.yaml"])
    assert text.count("\n1.") == 4


def test_responsibility_at_the_end_of_the_task_paragraph(rendered: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(rendered["plan-2023-county.yaml"]))
    texts = [p.text for p in document.paragraphs]
    task = next(t for t in texts if t.startswith("3.强化意识形态建设。"))
    assert task.endswith("防范和抵制宗教、邪教向校园渗透。（责任股室：办公室、政工人事股）")
    paragraph = next(p for p in document.paragraphs if p.text.startswith("3."))
    assert paragraph.runs[0].style.style_id == "GwRunIn3Char"
    assert paragraph.runs[0].text == "3.强化意识形态建设。"
    assert paragraph.runs[-1].style.style_id == "GwResponsibilityChar"


def test_lead_units_deadline_and_own_line(tmp_path: Path) -> None:
    doc = _document(CASES / "positive" / "plan-own-line.yaml")
    texts = [p.text for p in docx.Document(io.BytesIO(render(doc))).paragraphs]
    assert "（一）强化理论武装" in texts
    assert "1.认真学习。第一段。" in texts
    index = texts.index("第二段。")
    assert texts[index + 1 : index + 4] == ["牵头单位：办公室", "责任单位：人事股", "6月底前完成"]
    inline = Document(**{**doc.__dict__, "responsibility": "inline"})
    texts = [p.text for p in docx.Document(io.BytesIO(render(inline))).paragraphs]
    assert "第二段。（牵头单位：办公室；责任单位：人事股；6月底前完成）" in texts


def test_signature_and_date_placed_without_seal(rendered: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(rendered["summary-2013-district.yaml"]))
    sig = next(p for p in document.paragraphs if p.style.style_id == "GwSignature")
    date = next(p for p in document.paragraphs if p.style.style_id == "GwDate")
    assert (sig.text, date.text) == ("××区教育局", "2013年12月25日")
    # Both lines are left-aligned; the date's left indent is the 署名's plus exactly two
    # characters of text (2 × 315 twips), so 首字右移二字 holds whatever the glyph widths
    # (the 0.1-character error of right indents computed from estimated widths, issue 20).
    # The date is the longer line: it ends 2 characters (640 twips) from the right.
    assert sig.alignment == date.alignment == 0  # WD_ALIGN_PARAGRAPH.LEFT
    assert date.paragraph_format.left_indent.twips - sig.paragraph_format.left_indent.twips == 630
    # 8 Times New Roman digits, 年月日, and LibreOffice's 3.3 pt (66 twips) at each of the
    # five boundaries between digits and 年月日 (measured: render.notice.MIXED_GAP)
    date_w = 8 * 155 + 3 * 315 + 5 * 66
    assert date.paragraph_format.left_indent.twips == 28 * 315 - 640 - date_w


def test_speech_title_block(rendered: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(rendered["speech-2024-guanwei.yaml"]))
    paragraphs = document.paragraphs
    assert paragraphs[0].style.style_id == "GwTitle"
    assert paragraphs[0].text == "在2024年全省教育系统关工委\n年度工作会上的讲话"
    assert [p.style.style_id for p in paragraphs[1:3]] == ["GwByline", "GwByline"]
    assert paragraphs[2].text == "（2024年1月25日）"
    assert paragraphs[3].text == ""
    assert (paragraphs[4].style.style_id, paragraphs[4].text) == ("GwAddressee", "同志们：")


def test_task_table_attachment_on_a_landscape_page(rendered: dict[str, bytes]) -> None:
    root = etree.fromstring(_parts(rendered["plan-2023-county.yaml"])["word/document.xml"])
    sections = root.findall(f".//{W}sectPr")
    portrait, landscape = sections[0], sections[-1]
    assert portrait.find(f"{W}pgSz").get(f"{W}orient") is None
    size = landscape.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == (
        "16838",
        "11906",
        "landscape",
    )
    table = root.find(f".//{W}tbl")
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    cells = [
        ["".join(t.text or "" for t in c.iter(f"{W}t")) for c in r.findall(f"{W}tc")] for r in rows
    ]
    assert cells[0] == ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
    assert cells[1] == ["一、以政治建设为统领，全面加强党的领导"]
    assert cells[4] == ["3", "强化意识形态建设。", "办公室", "政工人事股", ""]
    assert len(rows) == 1 + 2 + 6
    text = _text_of(rendered["plan-2023-county.yaml"])
    assert "附件：重点工作任务分解表" in text


def test_plan_without_attachment_ends_portrait(rendered: dict[str, bytes]) -> None:
    root = etree.fromstring(_parts(rendered["plan-2024-wujin.yaml"])["word/document.xml"])
    sections = root.findall(f".//{W}sectPr")
    assert len(sections) == 1
    assert sections[0].find(f"{W}pgSz").get(f"{W}w") == "11906"


@pytest.mark.parametrize(
    "text",
    [
        "甲 & 乙 < 丙 > 丁 \" ' 戊",
        "{{ 7*7 }} 与 {% for x in y %} 原样",
        "第一行\n第二行",
        "制表\t分隔",
        "{_{ 不是转义 }_}",
    ],
)
def test_special_text_comes_out_exactly(text: str) -> None:
    doc = _document(CASES / "positive" / "plan-own-line.yaml")
    doc = Document(**{**doc.__dict__, "preamble": (text,)})
    paragraphs = [p.text for p in docx.Document(io.BytesIO(render(doc))).paragraphs]
    assert text in paragraphs


def _custom_template(
    tmp_path: Path, replace: tuple[str, str], part: str = "word/document.xml"
) -> Path:
    source = ROOT / "templates" / "plan.docx"
    target = tmp_path / "custom.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == part:
                data = data.decode().replace(*replace, 1).encode()
            dst.writestr(name, data)
    return target


def test_undefined_variable_in_custom_template_is_an_error(tmp_path: Path) -> None:
    template = _custom_template(tmp_path, ("{{ title }}", "{{ titel }}"))
    doc = _document(EXAMPLES / "plan-2024-wujin.yaml")
    with pytest.raises(TemplateProblem) as info:
        render(doc, RenderOptions(template=template))
    assert info.value.code == "template-undefined"
    assert "titel" in info.value.message


def test_jinja_syntax_error_names_the_paragraph(tmp_path: Path) -> None:
    template = _custom_template(tmp_path, ("{{ title }}", "本局标题 {{ title + }}"))
    doc = _document(EXAMPLES / "plan-2024-wujin.yaml")
    with pytest.raises(TemplateProblem) as info:
        render(doc, RenderOptions(template=template))
    assert info.value.code == "template-syntax"
    assert "本局标题" in info.value.message


def test_sandbox_blocks_unsafe_templates(tmp_path: Path) -> None:
    template = _custom_template(tmp_path, ("{{ title }}", "{{ title.__class__.__mro__ }}"))
    doc = _document(EXAMPLES / "plan-2024-wujin.yaml")
    with pytest.raises(TemplateProblem):
        render(doc, RenderOptions(template=template))


def test_template_properties_are_text_and_may_hold_tags(tmp_path: Path) -> None:
    fields = (
        "<dc:subject>A &amp; B &lt;局&gt;</dc:subject>"
        "<dc:description>{{ doc.year ~ '年 &amp; &lt;要点&gt;' }}</dc:description>"
    )
    template = _custom_template(
        tmp_path, ("<dc:creator>", fields + "<dc:creator>"), part="docProps/core.xml"
    )
    doc = _document(EXAMPLES / "plan-2024-wujin.yaml")
    data = render(doc, RenderOptions(template=template))
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.subject == "A & B <局>"
    assert props.comments == "2024年 & <要点>"  # plain text, not XML-escaped a second time


def test_same_input_gives_the_same_bytes() -> None:
    doc = _document(EXAMPLES / "plan-2023-county.yaml")
    assert package(render(doc)) == package(render(doc))


def test_page_setup_and_styles_of_the_rendered_file(rendered: dict[str, bytes]) -> None:
    parts = _parts(rendered["plan-2024-wujin.yaml"])
    body = etree.fromstring(parts["word/document.xml"]).find(f"{W}body/{W}sectPr")
    size, margin, grid = body.find(f"{W}pgSz"), body.find(f"{W}pgMar"), body.find(f"{W}docGrid")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert {k: margin.get(f"{W}{k}") for k in ("top", "bottom", "left", "right", "footer")} == {
        "top": "1968",  # the glyphs of line 1 at the 37 mm 天头 (issue 20)
        "bottom": "2114",
        "left": "1587",
        "right": "1474",
        "footer": "1417",
    }
    assert (grid.get(f"{W}type"), grid.get(f"{W}linePitch")) == ("lines", "579")
    settings = etree.fromstring(parts["word/settings.xml"])
    for name in ("mirrorMargins", "evenAndOddHeaders"):
        assert settings.find(f"{W}{name}") is not None
    refs = body.findall(f"{W}footerReference")
    assert sorted(r.get(f"{W}type") for r in refs) == ["default", "even"]
    footers = [etree.fromstring(parts[f"word/footer{i}.xml"]) for i in (1, 2)]
    texts = ["".join(t.text for t in f.iter(f"{W}t")) for f in footers]
    assert texts == ["— 1 —", "— 1 —"]
    assert [f.find(f".//{W}jc").get(f"{W}val") for f in footers] == ["right", "left"]
    assert all(f.find(f".//{W}fldSimple").get(f"{W}instr").strip() == "PAGE" for f in footers)


def test_font_and_page_profiles(tmp_path: Path) -> None:
    doc = _document(EXAMPLES / "plan-2024-wujin.yaml")
    parts = _parts(render(doc, RenderOptions(fonts="open", profile="strict")))
    styles = parts["word/styles.xml"].decode()
    assert "FandolFang" in styles and "仿宋_GB2312" not in styles
    assert 'w:line="592"' in styles and 'w:line="579"' not in styles
    sect = etree.fromstring(parts["word/document.xml"]).find(f"{W}body/{W}sectPr")
    assert sect.find(f"{W}pgMar").get(f"{W}top") == "1962"
    assert sect.find(f"{W}docGrid").get(f"{W}linePitch") == "592"
    windows = _parts(render(doc, RenderOptions(fonts="windows")))["word/styles.xml"].decode()
    assert 'w:eastAsia="仿宋"' in windows and 'w:eastAsia="楷体"' in windows


def _normalised(xml: bytes) -> str:
    root = etree.fromstring(xml)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


@pytest.mark.parametrize("name", ["plan-2023-county.yaml", "speech-2024-guanwei.yaml"])
def test_document_xml_matches_golden(name: str, rendered: dict[str, bytes]) -> None:
    actual = _normalised(_parts(rendered[name])["word/document.xml"])
    golden = GOLDEN / (Path(name).stem + ".document.xml")
    if os.environ.get("DRAFTING_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


# --- writing: protection, atomicity ---------------------------------------------------


def test_render_cli_protects_edited_and_open_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "plan.yaml"
    source.write_bytes((EXAMPLES / "plan-2024-wujin.yaml").read_bytes())
    target = tmp_path / "plan.docx"
    assert main(["render", str(source)]) == 0
    assert is_untouched(target)
    assert main(["render", str(source)]) == 0  # our own untouched output: allowed
    document = docx.Document(str(target))
    document.add_paragraph("手工加的一段")
    document.save(str(target))
    edited = target.read_bytes()
    assert main(["render", str(source)]) == 1
    assert "手工修改" in capsys.readouterr().err
    assert target.read_bytes() == edited
    assert main(["render", "--force", str(source)]) == 0
    assert (tmp_path / "plan.docx.bak").read_bytes() == edited
    assert is_untouched(target)
    lock = tmp_path / "~$plan.docx"
    lock.write_bytes(b"owner")
    before = target.read_bytes()
    assert main(["render", str(source)]) == 1
    assert "正在被 Word/WPS 打开" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_errors_mean_no_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_bytes((EXAMPLES / "plan-2024-wujin.yaml").read_bytes())
    bad = tmp_path / "bad.yaml"
    bad.write_bytes((CASES / "negative" / "unknown-key" / "doc.yaml").read_bytes())
    assert main(["render", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "bad.yaml:4:1: 错误: 未知的键“titel”" in out
    assert "未生成任何文件" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "good.yaml"]


def test_failed_replace_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(Exception, match="原文件未改动"):
        atomic_write(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_killed_mid_write_leaves_the_previous_file(tmp_path: Path) -> None:
    source = tmp_path / "plan.yaml"
    source.write_bytes((EXAMPLES / "plan-2024-wujin.yaml").read_bytes())
    assert main(["render", str(source)]) == 0
    target = tmp_path / "plan.docx"
    before = target.read_bytes()
    script = (
        "import os, time, sys\n"
        "os.fsync = lambda fd: (open(sys.argv[2], 'w').close(), time.sleep(60))\n"
        "from drafting.cli import main\n"
        "main(['render', '--force', sys.argv[1]])\n"
    )
    flag = tmp_path / "writing"
    process = subprocess.Popen([sys.executable, "-c", script, str(source), str(flag)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while not flag.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists(), "the renderer never reached the write"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert target.read_bytes() == before


def test_by_unit_lists_keep_plan_numbers(tmp_path: Path) -> None:
    source = tmp_path / "plan.yaml"
    source.write_bytes((EXAMPLES / "plan-2023-county.yaml").read_bytes())
    assert main(["render", "--by-unit", str(source), "-o", str(tmp_path / "out")]) == 0
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "plan-办公室.docx" in files and len(files) == 8
    texts = [
        p.text for p in docx.Document(str(tmp_path / "out" / "plan-政工人事股.docx")).paragraphs
    ]
    assert texts[0] == "2023年县教育工作要点\n政工人事股任务清单"
    numbered = [m.group(1) for t in texts if (m := re.match(r"(\d+)\.", t))]
    assert numbered == ["2", "3"]


def test_parallel_render_matches_serial(tmp_path: Path) -> None:
    for name in ("plan-2023-county.yaml", "plan-2024-wujin.yaml", "speech-2024-guanwei.yaml"):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    assert main(["render", str(tmp_path), "-o", str(tmp_path / "a")]) == 0
    assert main(["render", "-j", "2", str(tmp_path), "-o", str(tmp_path / "b")]) == 0
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
