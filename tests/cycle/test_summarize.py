"""``drafting summarize``: plan → summary skeleton → fill results → check → render."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml

from drafting.check import Checker
from drafting.cli import main
from drafting.cycle.summarize import summarize_file, summary_title
from drafting.errors import UsageError
from drafting.lint import lint_file

from ..conftest import EXAMPLES


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "units.yaml", tmp_path / "units.yaml")
    target = tmp_path / "plan-2023-county.yaml"
    shutil.copy(EXAMPLES / "plan-2023-county.yaml", target)
    return target


def _codes(path: Path) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in Checker().check_file(path).diagnostics]


def test_summarize_fill_check_render(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(plan)]) == 0
    summary = tmp_path / "summary-2023-county.yaml"
    assert f"已生成：{summary}" in capsys.readouterr().out
    text = summary.read_text("utf-8")
    assert "\ntitle: 2023年县教育工作总结\n" in text  # quoted only where needed (drafting.emit)
    assert "\nplan: plan-2023-county.yaml  # " in text
    codes = _codes(summary)
    assert [c for c, _ in codes] == ["missing-result"] * 6  # one per plan task, no error

    filled = text.replace("result:  # 完成情况：主要做法和成效", "result: 全年集中学习12次。", 1)
    filled = filled.replace(
        "result:  # 完成情况：主要做法和成效", "result: [党建项目观摩2次。, 培训书记80人。]", 1
    )
    summary.write_text(filled, encoding="utf-8")
    assert [c for c, _ in _codes(summary)] == ["missing-result"] * 4

    out = tmp_path / "summary.docx"
    assert main(["render", str(summary), "-o", str(out)]) == 0
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "1.认真学习宣传贯彻党的二十大精神。全年集中学习12次。" in paragraphs
    assert "培训书记80人。" in paragraphs
    assert "3.强化意识形态建设。" in paragraphs
    assert lint_file(out) == []


def test_completion_table_by_unit(plan: Path, tmp_path: Path) -> None:
    summary = summarize_file(plan)
    text = summary.read_text("utf-8").replace("# attachments:", "attachments:")
    text = text.replace("result:  # 完成情况：主要做法和成效", "result: 全年集中学习12次。", 1)
    text = text.replace("result:  # 完成情况：主要做法和成效", "result: 开展观摩2次。", 1)
    summary.write_text(text, encoding="utf-8")
    out = tmp_path / "summary.docx"
    assert main(["render", str(summary), "-o", str(out)]) == 0

    # The expected table, counted here from the YAML itself.
    data = yaml.safe_load(text)
    items = [t for s in data["sections"] for t in s["tasks"]]
    units: dict[str, list[dict[str, object]]] = {}
    for item in items:
        for unit in item["units"]:
            units.setdefault(unit, []).append(item)

    def counts(group: list[dict[str, object]]) -> list[str]:
        done = sum(1 for t in group if t["result"])
        return [str(len(group)), str(done), str(len(group) - done)]

    expected = [["序号", "责任单位", "事项数", "已填写", "未填写", "未填写完成情况的事项"]]
    for number, (unit, group) in enumerate(units.items(), 1):
        pending = "；".join(str(t["title"]).rstrip("。") for t in group if not t["result"])
        expected.append([str(number), unit, *counts(group), pending])
    expected.append(["", "合计", *counts(items), ""])

    document = docx.Document(str(out))
    (table,) = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == expected
    assert expected[1] == ["1", "办公室", "3", "1", "2", "强化意识形态建设；推进全面从严治党"]
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # header repeats on every page
    paragraphs = [p.text for p in document.paragraphs]
    assert "附件：任务完成情况统计表" in paragraphs
    assert "2023年县教育工作总结任务完成情况统计表" in paragraphs
    assert lint_file(out) == []  # 附件 label on a new page, title centred, fonts


def test_references_are_checked(plan: Path, tmp_path: Path) -> None:
    summary = summarize_file(plan)
    text = summary.read_text("utf-8")
    broken = text.replace("plan_ref: ideology", "plan_ref: no-such-task")
    summary.write_text(broken, encoding="utf-8")
    codes = [c for c, _ in _codes(summary)]
    assert codes.count("unknown-plan-ref") == 1
    assert codes.count("plan-task-missing") == 1  # ideology is no longer covered
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if "no-such-task" in row)
    assert ("unknown-plan-ref", line) in _codes(summary)

    summary.write_text(
        text.replace("plan: plan-2023-county.yaml", "plan: gone.yaml"), encoding="utf-8"
    )
    codes = [c for c, _ in _codes(summary)]  # the empty results are still reported
    assert codes == ["plan-unreadable"] + ["missing-result"] * 6


def test_refusals(plan: Path, tmp_path: Path) -> None:
    first = summarize_file(plan)
    with pytest.raises(UsageError):
        summarize_file(plan)
    assert summarize_file(plan, force=True) == first
    assert first.with_name(first.name + ".bak").exists()
    with pytest.raises(UsageError):
        summarize_file(EXAMPLES / "speech-2024-guanwei.yaml", tmp_path / "x.yaml")
    with pytest.raises(UsageError):
        summarize_file(plan, plan, force=True)


def test_summary_title() -> None:
    assert summary_title("××局2024年工作要点") == "××局2024年工作总结"
    assert summary_title("2024年学校工作计划") == "2024年学校工作总结"
    assert summary_title("2024年安排") == "2024年安排总结"


ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # schemas/common.schema.json#/$defs/id


def _foreign_plan(path: Path, author: str) -> Path:
    """A plan typed in Word by someone else: no ids, the clerk's name as author."""
    document = docx.Document()
    for line in (
        "某县教育局2025年工作要点",
        "一、加强党的建设",
        "1.认真学习。全年集中学习12次。",
        "2.抓好作风建设。开展专项整治。",
        "二、办好人民满意的教育",
        "3.推进学前教育普惠发展。",
        "4.认真学习。全年集中学习12次。",  # the same wording twice
    ):
        document.add_paragraph(line)
    document.core_properties.author = author
    document.core_properties.last_modified_by = author
    document.save(str(path))
    return path


@pytest.mark.parametrize("author", ["Administrator", "python-docx", "张三"])
def test_an_imported_plan_closes_the_year_end_loop(
    author: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 16.8: imported tasks had no id, so the summary had no plan_ref and check
    no empty-result warnings; the Word user's name became org."""
    source = _foreign_plan(tmp_path / "plan.docx", author)
    assert main(["import", str(source), "-o", str(tmp_path / "plan.yaml")]) == 0
    text = (tmp_path / "plan.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert "org" not in data and author not in text
    tasks = [t for s in data["sections"] for t in s["tasks"]]
    ids = [t["id"] for t in tasks]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert all(ID.match(i) and len(i) <= 12 for i in ids), ids

    assert main(["import", str(source), "-o", str(tmp_path / "again.yaml")]) == 0  # stable
    again = yaml.safe_load((tmp_path / "again.yaml").read_text("utf-8"))
    assert [t["id"] for s in again["sections"] for t in s["tasks"]] == ids

    assert main(["summarize", str(tmp_path / "plan.yaml")]) == 0
    summary = tmp_path / "summary.yaml"
    items = [t for s in yaml.safe_load(summary.read_text("utf-8"))["sections"] for t in s["tasks"]]
    assert [t["plan_ref"] for t in items] == ids
    assert [c for c, _ in _codes(summary)] == ["missing-result"] * 4
    capsys.readouterr()
    assert main(["check", str(summary)]) == 0
    assert "0 个错误，4 个警告" in capsys.readouterr().err


def test_empty_results_are_reported_without_ids(tmp_path: Path) -> None:
    """A skeleton made from a plan without ids still gets one warning per empty result."""
    plan = tmp_path / "plan.yaml"
    text = (EXAMPLES / "plan-2023-county.yaml").read_text("utf-8")
    plan.write_text(re.sub(r"(?m)^(\s*)- id: .*\n\s*", r"\1- ", text), encoding="utf-8")
    assert "id:" not in plan.read_text("utf-8")
    summary = summarize_file(plan, tmp_path / "summary.yaml")
    assert "plan_ref:" not in summary.read_text("utf-8")
    assert [c for c, _ in _codes(summary)] == ["missing-result"] * 6


def test_skeleton_quotes_only_what_needs_it_and_still_checks(tmp_path: Path) -> None:
    """The skeleton is written by drafting.emit: plain where YAML 1.1 and 1.2 read the
    same text, quoted otherwise (an id of digits, a title with ": "), and it checks."""
    shutil.copy(EXAMPLES / "units.yaml", tmp_path / "units.yaml")
    text = (EXAMPLES / "plan-2023-county.yaml").read_text("utf-8")
    text = text.replace("id: party-congress-study", "id: '2024'", 1)
    text = re.sub(r"(?m)^title: .*$", "title: [中共××县教育局, 2023年工作要点]", text, count=1)
    text = text.replace(
        "认真学习宣传贯彻党的二十大精神。", "'认真学习: 宣传贯彻党的二十大精神。'", 1
    )
    plan = tmp_path / "plan-2023.yaml"
    plan.write_text(text, encoding="utf-8")
    assert Checker().check_file(plan).ok
    summary = summarize_file(plan)
    written = summary.read_text("utf-8")
    assert "title:\n  - 中共××县教育局\n  - 2023年工作总结\n" in written  # block, as before
    assert "- plan_ref: '2024'\n" in written
    assert "title: '认真学习: 宣传贯彻党的二十大精神。'\n" in written
    assert "\n        units: [办公室]\n" in written
    assert "result:  # 完成情况：主要做法和成效\n" in written
    assert [c for c, _ in _codes(summary)] == ["missing-result"] * 6
    data = yaml.safe_load(written)
    assert data["sections"][0]["tasks"][0]["plan_ref"] == "2024"
