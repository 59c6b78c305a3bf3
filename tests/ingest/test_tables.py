"""Task tables in import: a table whose header names tasks and units becomes tasks."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from drafting.ingest.extract import Line, extract
from drafting.ingest.recognise import recognise
from drafting.ingest.tables import Cell, task_columns

from ..lint.test_cases import builder


def _extract(tmp_path: Path, rows: list[list[Any]]) -> list[Line]:
    blob = io.BytesIO()
    spec = {"body": [{"text": "2025年工作要点", "style": "Title"}, {"table": rows}]}
    with zipfile.ZipFile(blob, "w") as archive:
        for name, data in builder().parts(spec):
            archive.writestr(name, data)
    path = tmp_path / "doc.docx"
    path.write_bytes(blob.getvalue())
    return extract(path).lines


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        (
            ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
            "number task lead units deadline",
        ),
        (["重点任务", "具体措施", "责任科室", "时间节点"], "task detail units deadline"),
        (["任务内容", "牵头领导", "配合单位", "备注"], "task person units other"),
        (["工作内容", "责 任 股 室"], "task units"),
    ],
)
def test_columns_are_taken_by_their_meaning(header: list[str], roles: str) -> None:
    columns = task_columns([Cell(name) for name in header])
    assert columns is not None
    assert " ".join(column.role for column in columns) == roles


@pytest.mark.parametrize(
    "header",
    [["序号", "学校名称", "学生数"], ["工作任务", "备注"], ["单位", "联系电话"]],
)
def test_a_table_without_task_and_unit_columns_is_no_task_table(header: list[str]) -> None:
    assert task_columns([Cell(name) for name in header]) is None


def test_other_tables_are_read_cell_by_cell_as_before(tmp_path: Path) -> None:
    lines = _extract(tmp_path, [["序号", "学校名称"], ["1", "第一中学"]])
    assert [(line.text, line.table) for line in lines[1:]] == [
        ("序号", True),
        ("学校名称", True),
        ("1", True),
        ("第一中学", True),
    ]


def test_rows_become_the_lines_of_a_typed_plan(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["序号", "工作任务", "责任单位", "完成时限"],
        ["一", {"text": "加强党的建设", "span": 3}],
        ["", "推进全面从严治党", {"text": "办公室", "vmerge": "restart"}, ""],
        ["", "开展主题教育", {"text": "", "vmerge": "continue"}, "6月底前"],
        ["", "", "", ""],
        ["", "", "", "全年"],
    ]
    lines = _extract(tmp_path, rows)
    assert [line.text for line in lines[1:]] == [
        "一、加强党的建设",
        "1.推进全面从严治党（责任单位：办公室）",
        "2.开展主题教育（责任单位：办公室；完成时限：6月底前）",
        "完成时限：全年",  # a row without a task: a note of the task above
    ]


def test_a_deadline_only_row_gives_the_task_its_deadline(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["工作任务", "完成时限"],
        [{"text": "重点工作", "span": 2}],
        ["开展督导评估", "12月底前"],
    ]
    extracted = extract(_write(tmp_path, rows))
    data = recognise(extracted).data
    task = data["sections"][0]["tasks"][0]
    assert (task["title"], task["deadline"]) == ("开展督导评估", "12月底前")


def _write(tmp_path: Path, rows: list[list[Any]]) -> Path:
    _extract(tmp_path, rows)
    return tmp_path / "doc.docx"


def test_a_main_unit_column_names_the_lead() -> None:
    from drafting.ingest.tables import Cell, task_columns

    columns = task_columns(
        [Cell("序号"), Cell("重点工作任务"), Cell("主要责任单位"), Cell("协同配合单位")]
    )
    assert columns is not None
    assert [(c.role, c.label) for c in columns] == [
        ("number", ""),
        ("task", ""),
        ("lead", "牵头单位"),
        ("units", "责任单位"),
    ]
