"""``drafting import``: real samples, round trips through render, hostile and bad input."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from drafting.check import check_paths
from drafting.cli import main
from drafting.errors import InputError, UsageError
from drafting.fsio import ORG_NAME
from drafting.ingest.importer import import_file
from drafting.model import Document, Item, from_data
from drafting.render.docx import render
from drafting.render.package import package

from ..conftest import EXAMPLES, ROOT

SAMPLES = ROOT.parent / "shared" / "samples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples not present")

# (sample, --part, the clean example it must match, must web furniture be reported?)
SAMPLE_CASES = [
    ("000_ee22244499360594.txt", None, "plan-2023-guanwei.yaml", True),
    ("001_74b5b41519334696.txt", None, "plan-2023-county.yaml", True),
    ("002_cde9277fb6fd22a3.txt", None, "speech-2024-guanwei.yaml", True),
    ("003_e80a0d74ab5dd52e.txt", None, "plan-2024-wujin.yaml", False),
    ("004_be128d1fb429700d.txt", 3, "summary-2013-district.yaml", False),
    ("004_be128d1fb429700d.txt", 9, "summary-2021-city.yaml", False),
]


def _model(path: Path) -> Document:
    checked = check_paths([str(path)]).files[0]
    assert checked.ok, [d.format() for d in checked.diagnostics]
    assert checked.kind is not None
    return from_data(checked.kind, checked.data)


def _shape(doc: Document) -> list[tuple[int, list[tuple[str, ...]]]]:
    """Sections → (number of groups, [units of each task]) : the structure to compare."""
    return [
        (
            len(section.groups),
            [
                (*t.lead, *t.units)
                for t in (*section.tasks, *(t for g in section.groups for t in g.tasks))
            ],
        )
        for section in doc.sections
    ]


@needs_samples
@pytest.mark.parametrize(("sample", "part", "example", "furniture"), SAMPLE_CASES)
def test_samples_import_to_the_structure_of_their_examples(
    sample: str, part: int | None, example: str, furniture: bool, tmp_path: Path
) -> None:
    imported = import_file(SAMPLES / sample, tmp_path / "out.yaml", part=part)
    ours, clean = _model(tmp_path / "out.yaml"), _model(EXAMPLES / example)
    assert ours.kind == clean.kind
    assert _shape(ours) == _shape(clean)  # same sections, groups, tasks and units
    assert ours.numbering == clean.numbering  # same numbers
    dropped = [n for n in imported.recognised.notes if n.code == "import-clutter"]
    if furniture:
        assert dropped and all(n.line > 0 and n.severity == "info" for n in dropped)


@needs_samples
def test_page_furniture_and_gaps_are_reported_with_lines(tmp_path: Path) -> None:
    imported = import_file(SAMPLES / "001_74b5b41519334696.txt", tmp_path / "a.yaml")
    dropped = {n.line: n.message for n in imported.recognised.notes if n.code == "import-clutter"}
    assert "联系客服提示-稿子365网" in dropped[4]
    assert "阅读全文" in dropped[26]
    text = (tmp_path / "a.yaml").read_text("utf-8")
    assert "赏赞" not in text and "登陆" not in text and "稿子365" not in text
    summary = import_file(SAMPLES / "004_be128d1fb429700d.txt", tmp_path / "b.yaml", part=3)
    warnings = [(n.line, n.message) for n in summary.recognised.notes if n.severity == "warning"]
    # the title "教育工委工作总结" has no year, and the text holds 20__ and ___ to fill in
    assert {n.code for n in summary.recognised.notes if n.severity == "warning"} == {
        "import-numbering",
        "import-placeholder",
        "import-year-guessed",
    }
    numbering = [n for n in summary.recognised.notes if n.code == "import-numbering"]
    assert [(n.line, n.message) for n in numbering] == [
        (77, "任务编号跳号：应为 4.，这里是 5.（未重新编号）")
    ]
    assert (63, "有待填写的占位符“20__”，请补上实际内容") in warnings
    with pytest.raises(UsageError, match="14 篇文档"):
        import_file(SAMPLES / "004_be128d1fb429700d.txt", tmp_path / "c.yaml")
    assert not (tmp_path / "c.yaml").exists()


def _comparable(doc: Document) -> Document:
    """Drop what a rendered page cannot carry: ids, plan references, item title splits,
    and a notice's ``attachments`` (enclosures): the 附件说明 prints each title, never the
    file's path, so import reports each entry (import-attachment) and writes none."""

    def fix(value: Any) -> Any:
        if isinstance(value, Item):
            return Item(None, "".join(p for p in (value.title, value.text) if p))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: fix(getattr(value, f.name)) for f in dataclasses.fields(value)}
            for name in ("id", "plan_ref"):
                if name in changes:
                    changes[name] = None
            return dataclasses.replace(value, **changes)
        if isinstance(value, tuple):
            return tuple(fix(v) for v in value)
        return value

    return dataclasses.replace(fix(doc), enclosures=())


ROUND_TRIP = [
    *sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "units.yaml"),
    ROOT / "tests" / "lint" / "four-levels.yaml",
]


@pytest.mark.parametrize("source", ROUND_TRIP, ids=lambda p: p.name)
def test_render_then_import_gives_the_same_data(source: Path, tmp_path: Path) -> None:
    doc = _model(source)
    rendered = tmp_path / "doc.docx"
    rendered.write_bytes(package(render(doc)))
    import_file(rendered, tmp_path / "back.yaml")
    assert _comparable(_model(tmp_path / "back.yaml")) == _comparable(doc)


def test_real_sentences_with_web_words_are_kept(tmp_path: Path) -> None:
    source = tmp_path / "p.txt"
    source.write_text(
        "2025年工作要点\n一、推进信息化\n1.登录国家智慧教育平台开展研修。\n"
        "引导教师登录平台、分享到校本教研中，形成常态化应用机制，全年不少于20学时。\n分享到：\n",
        encoding="utf-8",
    )
    imported = import_file(source, tmp_path / "p.yaml")
    task = yaml.safe_load((tmp_path / "p.yaml").read_text("utf-8"))["sections"][0]["tasks"][0]
    assert task["title"] == "登录国家智慧教育平台开展研修。"
    assert task["text"].startswith("引导教师登录平台")
    dropped = [(n.line, n.message) for n in imported.recognised.notes if n.code == "import-clutter"]
    assert dropped == [(5, "已删除网页杂项：“分享到：”")]


def _no_id(task: dict[str, Any]) -> dict[str, Any]:
    """Return ``task`` without the id import gives it (tested on its own below)."""
    return {k: v for k, v in task.items() if k != "id"}


def test_text_forms_of_levels_units_and_deadlines(tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(
        "\n".join(
            [
                "××局2025年工作要点",
                "（列第一位的为牵头单位）",
                "一. 加强党的建设",
                "(一)强化理论武装",
                "1 .加强思想理论武装。深入推进学习。(责任科室:组干科、机关党委)",
                "１．抓好意识形态。全面落实责任制。责任科室：组织科、思政科等",
                "（二）严格作风",
                "3、开展专项整治。（牵头单位：办公室；责任单位：纪检组；6月底前完成）",
                "（1）查摆问题；",
                "(2)整改落实。",
                "二、办好教育",
                "4.推进普惠。",
                "责任单位：基础教育股、财务股。",
                "完成时限：2025年9月底前",
            ]
        ),
        encoding="gb18030",
    )
    import_file(source, tmp_path / "plan.yaml")
    data = yaml.safe_load((tmp_path / "plan.yaml").read_text("utf-8"))
    first, second = data["sections"]
    assert first["title"] == "加强党的建设"
    g1, g2 = first["groups"]
    assert g1["title"] == "强化理论武装"
    assert _no_id(g1["tasks"][0]) == {
        "title": "加强思想理论武装。",
        "text": "深入推进学习。",
        "lead": ["组干科"],
        "units": ["机关党委"],
    }
    assert g1["tasks"][1]["lead"] == ["组织科"] and g1["tasks"][1]["units"] == ["思政科"]
    task = g2["tasks"][0]
    assert task["lead"] == ["办公室"] and task["units"] == ["纪检组"]
    assert task["deadline"] == "6月底前"
    assert task["items"] == ["查摆问题；", "整改落实。"]
    last = second["tasks"][0]
    assert last["lead"] == ["基础教育股"] and last["units"] == ["财务股"]
    assert last["deadline"] == "2025年9月底前"
    assert data["responsibility"] == "own-line"


def _docx_with(tmp_path: Path, body: str, name: str = "doc.docx") -> Path:
    path = tmp_path / name
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>"
        )
    return path


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_docx_content_controls_tracked_changes_fields_and_tables(tmp_path: Path) -> None:
    body = "".join(
        [
            _p(_r("2025年工作要点")),
            _p(_r("一、加强党建")),
            "<w:sdt><w:sdtContent>" + _p(_r("1.学习。在控件里。")) + "</w:sdtContent></w:sdt>",
            _p(
                _r("2.整改。"),
                "<w:ins><w:r><w:t>插入的文字。</w:t></w:r></w:ins>",
                "<w:del><w:r><w:delText>删除的文字。</w:delText></w:r></w:del>",
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                _r("域结果。"),
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            ),
            "<w:tbl><w:tr><w:tc>" + _p(_r("3.表格里的任务。")) + "</w:tc></w:tr></w:tbl>",
            _p(
                "<w:r><w:pict><w:txbxContent>"
                + _p(_r("文本框里的话"))
                + "</w:txbxContent></w:pict></w:r>"
            ),
        ]
    )
    path = _docx_with(tmp_path, body)
    imported = import_file(path, tmp_path / "out.yaml")
    notes = [n.message for n in imported.recognised.notes if n.severity == "warning"]
    assert notes == ["未导入正文的内容（请手工处理）——文本框：文本框里的话"]
    data = yaml.safe_load((tmp_path / "out.yaml").read_text("utf-8"))
    tasks = data["sections"][0]["tasks"]
    assert [_no_id(t) for t in tasks] == [
        {"title": "学习。", "text": "在控件里。"},
        {"title": "整改。", "text": "插入的文字。域结果。"},
        {"title": "表格里的任务。"},
    ]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("sheet.xlsx", b"x", "import-type"),
        ("ole.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "docx-legacy"),
        ("cut.docx", b"PK\x03\x04" + b"\0" * 40, "docx-corrupt"),
        ("empty.docx", b"", "docx-empty"),
        ("nul.txt", b"abc\x00def", "import-binary"),
    ],
)
def test_bad_files_are_refused_without_output(
    name: str, content: bytes, code: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises((UsageError, InputError)) as info:
        import_file(path, tmp_path / "out.yaml")
    codes = {d.code for d in getattr(info.value, "diagnostics", ())} | {info.value.code}
    assert code in codes, codes
    assert not (tmp_path / "out.yaml").exists()


def test_dtd_in_docx_is_refused(tmp_path: Path) -> None:
    path = _docx_with(tmp_path, _p(_r("x")))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(
            "word/document2.xml", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
        )
    hostile = tmp_path / "dtd.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(hostile, "w") as dst:
        for item in src.namelist():
            if item == "word/document2.xml":
                continue
            data = src.read(item)
            if item == "word/document.xml":
                data = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + data
            dst.writestr(item, data)
    with pytest.raises(InputError) as info:
        import_file(hostile, tmp_path / "out.yaml")
    assert [d.code for d in info.value.diagnostics] == ["docx-dtd"]
    assert not (tmp_path / "out.yaml").exists()


def test_cli_refuses_to_overwrite_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "p.txt"
    source.write_text("2025年工作要点\n一、党建\n1.学习。\n阅读全文\n", encoding="utf-8")
    assert main(["import", str(source)]) == 0
    err = capsys.readouterr().err
    assert "1 个部分" in err and "1 项任务" in err
    assert f"{source}:4:1: 说明: 已删除网页杂项：“阅读全文” [import-clutter]" in err
    before = (tmp_path / "p.yaml").read_bytes()
    assert main(["import", str(source)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert (tmp_path / "p.yaml").read_bytes() == before
    assert main(["import", str(source), "--force"]) == 0
    assert (tmp_path / "p.yaml.bak").exists()


def test_four_digit_task_numbers_continue_but_a_year_is_not_a_task(tmp_path: Path) -> None:
    body = "".join(
        [
            _p(_r("2025年工作要点")),
            _p(_r("一、加强党建")),
            _p(_r("998.学习。")),
            _p(_r("999.调研。")),
            _p(_r("1000.整改。（责任股室：办公室）")),
            _p(_r("2025.年度目标全面完成。")),  # not 1001: a year, part of the task above
        ]
    )
    imported = import_file(_docx_with(tmp_path, body), tmp_path / "out.yaml")
    tasks = imported.recognised.data["sections"][0]["tasks"]
    assert [t["title"] for t in tasks] == ["学习。", "调研。", "整改。"]
    assert tasks[2]["units"] == ["办公室"]
    assert "2025.年度目标全面完成。" in str(tasks[2])


def test_a_unit_named_in_two_notes_of_one_task_is_listed_once(tmp_path: Path) -> None:
    body = "".join(
        [
            _p(_r("2025年工作要点")),
            _p(_r("一、加强党建")),
            _p(_r("1.学习。（责任股室：办公室、人事股）")),
            _p(_r("责任股室：人事股、财务股")),
        ]
    )
    imported = import_file(_docx_with(tmp_path, body), tmp_path / "out.yaml")
    task = imported.recognised.data["sections"][0]["tasks"][0]
    assert task["units"] == ["办公室", "人事股", "财务股"]
    assert check_paths([str(tmp_path / "out.yaml")]).files[0].ok


def test_section_numbers_of_a_hundred_and_more_are_sections(tmp_path: Path) -> None:
    body = "".join(
        _p(_r(text))
        for text in ("2025年工作要点", "九十九、加强党建", "1.学习。", "一百、改进作风", "2.调研。")
    )
    imported = import_file(_docx_with(tmp_path, body), tmp_path / "out.yaml")
    sections = imported.recognised.data["sections"]
    assert [s["title"] for s in sections] == ["加强党建", "改进作风"]
    assert [t["title"] for s in sections for t in s["tasks"]] == ["学习。", "调研。"]


@pytest.mark.parametrize("signed", [False, True])
def test_the_author_of_a_docx_never_becomes_org(signed: bool, tmp_path: Path) -> None:
    """python-docx writes "python-docx" as author, Word the user's name ("Administrator"):
    neither is the issuing organisation, which only a signature line gives."""
    import docx

    document = docx.Document()  # python-docx's own core properties: author "python-docx"
    lines = ["2025年工作要点", "一、加强党的建设", "1.认真学习。全年集中学习12次。"]
    if signed:
        lines += ["某县教育局", "2025年1月6日"]
    for line in lines:
        document.add_paragraph(line)
    document.save(str(tmp_path / "plan.docx"))
    assert docx.Document(str(tmp_path / "plan.docx")).core_properties.author == "python-docx"
    imported = import_file(tmp_path / "plan.docx", tmp_path / "plan.yaml")
    assert imported.recognised.data.get("org") == ("某县教育局" if signed else None)
    assert "python-docx" not in (tmp_path / "plan.yaml").read_text("utf-8")


def test_imported_tasks_get_short_stable_ids_from_their_wording(tmp_path: Path) -> None:
    """Same document → same ids; an edited task changes only its own id; ids are schema-valid."""
    lines = [
        "2025年工作要点",
        "一、加强党的建设",
        "1.认真学习。全年集中学习12次。",
        "2.抓好作风建设。开展专项整治。",
        "3.认真学习。全年集中学习12次。",
        "二、办好教育",
        "4.推进2025年学前教育普惠发展。",
    ]

    def ids(text: list[str], name: str) -> list[str]:
        source = tmp_path / f"{name}.txt"
        source.write_text("\n".join(text), encoding="utf-8")
        import_file(source, tmp_path / f"{name}.yaml")
        data = yaml.safe_load((tmp_path / f"{name}.yaml").read_text("utf-8"))
        return [t["id"] for s in data["sections"] for t in s["tasks"]]

    first = ids(lines, "a")
    assert first == ids(lines, "b")
    assert len(set(first)) == 4 and first[2] == first[0] + "-2"
    assert all(re.fullmatch(r"t-[0-9a-f]{6}(-[0-9]+)?", i) for i in first), first
    edited = [*lines[:3], "2.抓好作风建设和纪律建设。开展专项整治。", *lines[4:]]
    edited[-1] = "4.推进2026年学前教育普惠发展。"  # next year's plan, worded alike
    assert [a == b for a, b in zip(first, ids(edited, "c"), strict=True)] == [
        True,
        False,
        True,
        True,
    ]


def test_two_imported_years_still_pair_a_reworded_task(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Derived ids name the wording: diff must not take two of them for two tasks."""
    import json

    old = ["2024年工作要点", "一、加强党的建设", "1.落实党建带关建工作机制。", "2.开展学习。"]
    new = [*old[:2], "1.健全党建带关建工作机制。", "2.开展学习。"]
    for name, lines in (("old", old), ("new", new)):
        (tmp_path / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")
        import_file(tmp_path / f"{name}.txt", tmp_path / f"{name}.yaml")
    capsys.readouterr()
    assert (
        main(["diff", "--format", "json", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")])
        == 1
    )
    changes = json.loads(capsys.readouterr().out)
    assert [c["kind"] for c in changes] == ["reworded"]


def test_info_is_said_by_every_reporter_and_counted_as_nothing() -> None:
    from drafting.diagnostics import Diagnostic, Severity, Tally
    from drafting.report import REPORTERS

    info = Diagnostic("a.txt", 4, 1, Severity.INFO, "import-clutter", "已删除网页杂项")
    assert REPORTERS["text"]([info]) == "a.txt:4:1: 说明: 已删除网页杂项 [import-clutter]\n"
    assert json.loads(REPORTERS["json"]([info]))[0]["severity"] == "info"
    assert REPORTERS["github"]([info]).startswith("::notice file=a.txt,line=4,col=1,")
    assert json.loads(REPORTERS["gitlab"]([info]))[0]["severity"] == "info"
    assert info.promoted() is info  # --strict turns warnings into errors, never INFO

    @dataclasses.dataclass(frozen=True)
    class Counted(Tally):
        diagnostics: tuple[Diagnostic, ...]

    assert (Counted((info, info)).errors, Counted((info, info)).warnings) == (0, 0)


def test_a_page_of_several_documents_raises_a_drafting_error_with_a_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from drafting.errors import PartError
    from drafting.ingest.extract import extract
    from drafting.ingest.recognise import recognise

    source = tmp_path / "page.txt"
    source.write_text(
        "工作要点篇一\n一、甲\n1.做好甲。\n工作要点篇二\n一、乙\n1.做好乙。\n", encoding="utf-8"
    )
    with pytest.raises(PartError) as raised:
        recognise(extract(source))
    assert raised.value.code == "import-part"
    assert raised.value.message.startswith(f"{source}：这个文件包含 2 篇文档")
    with pytest.raises(PartError, match="没有篇三"):
        recognise(extract(source), part=3)
    assert main(["import", str(source), "--part", "3"]) == 2
    assert f"错误：{source}：没有篇三：这个文件包含篇一至篇二" in capsys.readouterr().err


_REPORTED = "联系客服\n2025年工作要点\n一、党建\n1.学习,落实。\n3.做好。\n阅读全文\n"
_EXPECTED = [  # (line, severity, code): by line, the whole-file note last (at line 1)
    (1, "info", "import-clutter"),
    (5, "warning", "import-numbering"),
    (6, "info", "import-clutter"),
    (1, "info", "import-full-width"),
]


@pytest.mark.parametrize("fmt", ["json", "gitlab", "github"])
def test_import_reports_through_the_check_reporters(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "p.txt"
    source.write_text(_REPORTED, encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "p.yaml"), "--format", fmt]) == 0
    out, err = capsys.readouterr()
    if fmt == "json":
        rows = json.loads(out)
        found = [(r["line"], r["severity"], r["code"]) for r in rows]
        assert {r["path"] for r in rows} == {str(source)} and {r["col"] for r in rows} == {1}
        assert rows[2]["message"] == "已删除网页杂项：“阅读全文”"
    elif fmt == "gitlab":
        rows = json.loads(out)
        levels = {"info": "info", "minor": "warning"}
        found = [
            (r["location"]["lines"]["begin"], levels[r["severity"]], r["check_name"]) for r in rows
        ]
    else:
        pattern = re.compile(r"^::(notice|warning) file=(.*?),line=(\d+),col=1,title=(.*?)::")
        matches = [pattern.match(line) for line in out.splitlines()]
        levels = {"notice": "info", "warning": "warning"}
        found = [(int(m[3]), levels[m[1]], m[4]) for m in matches if m]
        assert len(found) == len(out.splitlines())
    assert found == _EXPECTED
    assert "识别为工作要点" in err and "已生成：" in err  # stdout holds only the report
    assert (tmp_path / "p.yaml").exists()


def test_import_text_report_keeps_lines_and_file_wide_notes_last(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "p.txt"
    source.write_text(_REPORTED, encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "p.yaml")]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[1:] == [
        f"{source}:1:1: 说明: 已删除标题之前的网页杂项：“联系客服” [import-clutter]",
        f"{source}:5:1: 警告: 任务编号跳号：应为 2.，这里是 3.（未重新编号） [import-numbering]",
        f"{source}:6:1: 说明: 已删除网页杂项：“阅读全文” [import-clutter]",
        f"{source}:1:1: 说明: 把 1 处半角标点改为全角（，：；？！（）） [import-full-width]",
    ]
    assert out.startswith("已生成：")


def test_import_notes_are_never_errors_and_info_is_not_a_warning(tmp_path: Path) -> None:
    from drafting.ingest.notes import CODES

    source = tmp_path / "p.txt"
    source.write_text(_REPORTED, encoding="utf-8")
    notes = import_file(source, tmp_path / "p.yaml").recognised.notes
    assert all(CODES[n.code] == n.severity for n in notes)
    assert not any(n.severity == "error" for n in notes)
    assert [n.code for n in notes if n.promoted().severity == "error"] == ["import-numbering"]


def test_import_failure_is_reported_in_the_chosen_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    assert main(["import", str(broken), "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert [(r["path"], r["severity"]) for r in json.loads(out)] == [(str(broken), "error")]
    assert "导入失败" in err and not (tmp_path / "broken.yaml").exists()


TIED_LABELS = (
    "××县教育局2025年工作要点\n一、加强党的建设\n"
    "1.认真学习。（责任科室：办公室）\n2.严守纪律。（责任股室：人事股）\n"
    "3.改进作风。（责任股室：人事股）\n4.强化监督。（责任科室：办公室）\n"
)


def test_a_tie_between_unit_labels_gives_the_same_yaml_in_every_run(tmp_path: Path) -> None:
    """units_label is the most used label, and on a tie the first used: the same file in
    every process (it once came from a set, whose order changes with PYTHONHASHSEED)."""
    source = tmp_path / "plan.txt"
    source.write_text(TIED_LABELS, encoding="utf-8")
    outputs = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        target = tmp_path / f"out-{seed}.yaml"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "drafting", "import", str(source), "-o", str(target)],
            capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.add(target.read_text(encoding="utf-8"))
    assert len(outputs) == 1
    assert "units_label: 责任科室\n" in outputs.pop()


def _rewritten(path: Path, change: Any) -> None:
    """Rewrite the parts of the .docx at ``path`` through ``change(parts)``."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_org_of_a_rendered_file_comes_from_drafting_org_never_from_the_author(
    tmp_path: Path,
) -> None:
    """Issue 19: render writes org into the custom property drafting-org; import reads it
    from there (a speech has no 署名 line), not from dc:creator, which Word rewrites."""
    doc = _model(EXAMPLES / "speech-2024-guanwei.yaml")
    assert doc.org == "省教育厅关工委"
    rendered = tmp_path / "doc.docx"
    rendered.write_bytes(package(render(doc)))

    def author(name: str) -> Any:
        def change(parts: dict[str, bytes]) -> None:
            core = parts["docProps/core.xml"].decode()
            parts["docProps/core.xml"] = core.replace("省教育厅关工委", name).encode()

        return change

    _rewritten(rendered, author("Administrator"))  # Word saved it: the author is the clerk
    import_file(rendered, tmp_path / "back.yaml")
    assert yaml.safe_load((tmp_path / "back.yaml").read_text("utf-8"))["org"] == "省教育厅关工委"

    def no_property(parts: dict[str, bytes]) -> None:
        custom = parts["docProps/custom.xml"].decode()
        parts["docProps/custom.xml"] = custom.replace("drafting-org", "other").encode()

    rendered.write_bytes(package(render(doc)))
    _rewritten(rendered, no_property)  # the author still reads 省教育厅关工委: not used
    import_file(rendered, tmp_path / "bare.yaml", force=True)
    assert "org" not in yaml.safe_load((tmp_path / "bare.yaml").read_text("utf-8"))


def test_the_org_property_is_written_only_for_a_document_with_an_org() -> None:
    """drafting-org is in docProps/custom.xml when the document names an org, else not."""

    doc = _model(EXAMPLES / "speech-2024-guanwei.yaml")
    data = package(render(doc))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        custom = archive.read("docProps/custom.xml").decode()
    assert f'name="{ORG_NAME}"><vt:lpwstr>省教育厅关工委</vt:lpwstr>' in custom
    bare = _model(EXAMPLES / "speech-2024-guanwei.yaml")
    bare = dataclasses.replace(bare, org=None)
    with zipfile.ZipFile(io.BytesIO(package(render(bare)))) as archive:
        assert ORG_NAME not in archive.read("docProps/custom.xml").decode()


def test_speech_without_salutation_round_trips_with_none_printed(tmp_path: Path) -> None:
    """``salutation: false``: the .docx has no salutation line, import writes false back."""
    source = tmp_path / "speech.yaml"
    source.write_text(
        "kind: speech\ntitle: 在2025年全县教育工作会议上的讲话\nyear: 2025\n"
        "speaker: 县长　×××\nsalutation: false\n"
        "preamble: [今天召开全县教育工作会议。]\n"
        "sections:\n  - title: 抓好落实\n    text: 各校要抓好落实。\n",
        encoding="utf-8",
    )
    doc = _model(source)
    assert doc.salutation == ""
    rendered = tmp_path / "speech.docx"
    rendered.write_bytes(package(render(doc)))
    with zipfile.ZipFile(rendered) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    # the template's salutation paragraph stays (see the report): it holds no text
    assert "同志们" not in body and "：</w:t>" not in body.split("GwAddressee", 1)[1][:400]
    import_file(rendered, tmp_path / "back.yaml")
    back = yaml.safe_load((tmp_path / "back.yaml").read_text("utf-8"))
    assert back["salutation"] is False
    assert _model(tmp_path / "back.yaml") == doc
