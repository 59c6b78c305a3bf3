"""``drafting tasks``: the responsibility ledger in every format, filtered by unit."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from drafting.check import Checker
from drafting.cli import main
from drafting.ledger import rows
from drafting.model import from_data

from .conftest import ROOT

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
    assert [r.number for r in rows(doc, "办公室", "lead")] == [1]
    assert [r.number for r in rows(doc, "办公室", "member")] == [2]
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
