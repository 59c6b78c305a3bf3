"""``drafting tasks``: the responsibility ledger in every format, filtered by unit."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
import yaml

from drafting.check import Checker
from drafting.cli import main
from drafting.cycle.ledger import rows
from drafting.model import from_data
from drafting.render.context import Options, body, task_table

from ..conftest import EXAMPLES, ROOT

PLAN = ROOT / "tests" / "lint" / "four-levels.yaml"


def _doc():  # type: ignore[no-untyped-def]
    checked = Checker().check_file(PLAN)
    return from_data("plan", checked.data)


def test_rows_and_unit_filter() -> None:
    doc = _doc()
    everything = rows(doc)
    assert [r.number for r in everything] == [1, 2, 3, 4, 5]
    assert everything[0].lead == "办公室" and everything[0].units == "政工人事股"
    assert everything[0].deadline == "2025年12月底前"
    assert everything[3].section == "二、促进教育优质均衡发展"
    assert [r.number for r in rows(doc, "办公室")] == [1, 2]
    assert [r.number for r in rows(doc, "办公室", "lead")] == [1, 2]  # 2: its only unit
    assert [r.number for r in rows(doc, "办公室", "member")] == []
    assert [r.number for r in rows(doc, "政工人事股", "member")] == [1]
    assert [r.number for r in rows(doc, "教研室", "member")] == [5]
    assert [r.number for r in rows(doc, "基础教育股")] == [4, 5]


def test_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tasks", str(PLAN), "--format", "json", "--unit", "教研室"]) == 0
    assert [r["task"] for r in json.loads(capsys.readouterr().out)] == ["提升义务教育质量。"]
    assert main(["tasks", str(PLAN), "--format", "md"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("| 序号 | 所属部分 | 工作任务 |")

    target = tmp_path / "清单.csv"
    assert main(["tasks", str(PLAN), "--format", "csv", "-o", str(target)]) == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 CSV only with a BOM
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0][:3] == ["序号", "所属部分", "工作任务"] and len(table) == 6
    assert main(["tasks", str(PLAN), "--format", "csv", "-o", str(target)]) == 2  # no --force

    book_path = tmp_path / "清单.xlsx"
    assert main(["tasks", str(PLAN), "--format", "xlsx", "-o", str(book_path)]) == 0
    sheet = openpyxl.load_workbook(book_path).active
    assert [c.value for c in sheet[1]] == [
        "序号",
        "所属部分",
        "工作任务",
        "牵头单位",
        "责任单位",
        "完成时限",
    ]
    assert sheet.max_row == 6 and sheet["A2"].value == 1
    assert sheet.column_dimensions["C"].width == 48
    assert sheet["C2"].alignment.wrap_text and sheet.freeze_panes == "A2"
    assert main(["tasks", str(PLAN), "--format", "xlsx"]) == 2  # needs -o


# Who leads and who takes part, for each way a task can name its units (design: the first
# of `units` leads unless `lead` is given). One rule feeds the attachment table, `tasks`
# in every format, its --role filter, render --by-unit and diff.
SHAPES = [
    ({"units": ["办公室"]}, "办公室", ""),
    ({"units": ["办公室", "政工人事股"]}, "办公室", "政工人事股"),
    ({"lead": ["政工人事股"], "units": ["办公室"]}, "政工人事股", "办公室"),
    ({"lead": ["办公室"]}, "办公室", ""),
    ({"lead": ["办公室"], "units": ["办公室", "教研室"]}, "办公室", "教研室"),  # lint warns
    ({"units": ["教研室", "办公室"]}, "教研室", "办公室"),
    ({}, "", ""),
]


@pytest.fixture
def shapes_plan(tmp_path: Path) -> Path:
    tasks = [{"title": f"第{i}项任务。", **fields} for i, (fields, _, _) in enumerate(SHAPES, 1)]
    data = {
        "kind": "plan",
        "title": "测试工作要点",
        "year": 2025,
        "attachments": ["task-table"],
        "sections": [{"title": "重点任务", "tasks": tasks}],
    }
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _plan(path: Path):  # type: ignore[no-untyped-def]
    checked = Checker().check_file(path)
    assert checked.ok, checked.diagnostics
    return from_data("plan", checked.data)


def test_one_rule_decides_the_lead_everywhere(
    shapes_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _plan(shapes_plan)
    expected = [(lead, members) for _, lead, members in SHAPES]
    assert [(r.lead, r.units) for r in rows(doc)] == expected
    table = task_table(doc)
    assert table is not None
    assert [(r["lead"], r["units"]) for r in table["groups"][0]["rows"]] == expected
    assert main(["tasks", str(shapes_plan), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [(r["lead"], r["units"]) for r in printed] == expected
    assert main(["tasks", str(shapes_plan), "--format", "md"]) == 0
    lines = capsys.readouterr().out.splitlines()[2:]
    assert [tuple(line.split(" | ")[3:5]) for line in lines] == expected
    for fmt in ("table", "csv", "xlsx"):
        target = shapes_plan.with_suffix(f".{fmt}")
        assert main(["tasks", str(shapes_plan), "--format", fmt, "-o", str(target)]) == 0
        if fmt == "xlsx":
            sheet = openpyxl.load_workbook(target).active
            cells = [[c or "" for c in r] for r in sheet.iter_rows(min_row=2, values_only=True)]
        else:
            text = target.read_text(encoding="utf-8-sig")
            cells = list(csv.reader(io.StringIO(text), delimiter="\t" if fmt == "table" else ","))
            cells = cells[1:]
        assert [(r[3], r[4]) for r in cells] == expected, fmt
    for unit in ("办公室", "政工人事股", "教研室"):
        for role, column in (("lead", 0), ("member", 1)):
            wanted = [i for i, pair in enumerate(expected, 1) if unit in pair[column].split("、")]
            assert [r.number for r in rows(doc, unit, role)] == wanted, (unit, role)
        either = [r.number for r in rows(doc, unit)]
        assert either == sorted(
            {
                *[r.number for r in rows(doc, unit, "lead")],
                *[r.number for r in rows(doc, unit, "member")],
            }
        )
        by_unit = body(doc, Options(unit=unit))
        assert [b["head"] or b["text"] for b in by_unit if b["kind"] != "heading1"] == [
            f"{n}.第{n}项任务。" for n in either
        ]


def test_first_unit_leads_in_the_county_plan(capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case: 办公室 is the first unit of tasks 1 and 3 and so leads them."""
    plan = EXAMPLES / "plan-2023-county.yaml"
    assert main(["tasks", str(plan), "--unit", "办公室", "--role", "lead", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "没有任务" not in captured.err
    found = json.loads(captured.out)
    assert [r["number"] for r in found][:2] == [1, 3]
    assert all(r["lead"].split("、")[0] == "办公室" for r in found)
    table = task_table(_plan(plan))
    assert table is not None
    leads = [(int(r["number"]), r["lead"]) for g in table["groups"] for r in g["rows"]]
    assert [n for n, lead in leads if lead == "办公室"] == [r["number"] for r in found]
