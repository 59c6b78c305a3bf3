"""``drafting diff``: a rolled-over plan equals its source; each edit is one change."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from drafting.check import Checker
from drafting.cli import main
from drafting.cycle.diff import diff
from drafting.cycle.rollover import rollover_file
from drafting.model import Document, from_data

from ..conftest import EXAMPLES


def _doc(path: Path) -> Document:
    checked = Checker().check_file(path)
    assert checked.ok, checked.diagnostics
    return from_data(checked.kind or "", checked.data)


def _write(path: Path, data: dict[str, Any]) -> Path:
    data = {**data, "year": int(data["year"])}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copy(EXAMPLES / "units.yaml", tmp_path / "units.yaml")
    old = tmp_path / "plan-2023.yaml"
    shutil.copy(EXAMPLES / "plan-2023-county.yaml", old)
    new = rollover_file(old).target
    return old, new


def test_rolled_over_plan_has_no_changes(pair: tuple[Path, Path]) -> None:
    old, new = pair
    assert diff(_doc(old), _doc(new)) == []
    assert main(["diff", str(old), str(new)]) == 0


def test_three_edits_give_exactly_three_changes(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair
    data = copy.deepcopy(Checker().check_file(new).data)
    first, second = data["sections"][0]["tasks"], data["sections"][1]["tasks"]
    second.append(first.pop())  # moved: 充分发挥群团组织作用 → 二、
    first[1]["units"] = ["办公室"]  # units: 政工人事股 → 办公室
    second.append(
        {"title": "推进校园足球特色学校建设。", "text": "新增特色学校3所。", "units": ["体卫艺股"]}
    )
    edited = _write(tmp_path / "edited.yaml", data)

    changes = diff(_doc(old), _doc(edited))
    assert sorted((c.kind, c.task[:8]) for c in changes) == [
        ("added", "7.推进校园足球"),
        ("moved", "6.充分发挥群团"),
        ("units", "2.全面加强党的"),
    ]
    moved = next(c for c in changes if c.kind == "moved")
    assert (moved.old, moved.new) == (
        "一、以政治建设为统领，全面加强党的领导",
        "二、坚持五育并举，促进学生全面健康发展",
    )

    assert main(["diff", str(old), str(edited)]) == 1
    out = capsys.readouterr().out
    assert "责任单位变更：2.全面加强党的领导，激发基层党建活力。：政工人事股 → 办公室" in out
    assert "共 3 处变化。" in out
    assert main(["diff", "--format", "json", str(old), str(edited)]) == 1
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert main(["diff", "--format", "md", str(old), str(edited)]) == 1
    assert capsys.readouterr().out.startswith("| 变化 | 任务 | 原来 | 现在 |")


def test_tasks_without_ids_match_by_similarity(tmp_path: Path) -> None:
    base = {
        "kind": "plan",
        "title": "2024年工作要点",
        "year": 2024,
        "sections": [
            {
                "title": "加强党的建设",
                "tasks": [
                    {
                        "title": "认真学习宣传贯彻党的二十大精神。",
                        "text": "全年集中学习不少于12次。",
                        "deadline": "2024年底前",
                    },
                    {"title": "强化意识形态建设。", "text": "落实意识形态工作责任制。"},
                ],
            }
        ],
    }
    changed = copy.deepcopy(base)
    changed["year"] = 2025
    changed["title"] = "2025年工作要点"
    changed["sections"][0]["tasks"][0]["text"] = "全年集中学习不少于15次。"
    changed["sections"][0]["tasks"][0]["deadline"] = "2025年6月底前"
    changes = diff(
        _doc(_write(tmp_path / "a.yaml", base)), _doc(_write(tmp_path / "b.yaml", changed))
    )
    assert [(c.kind, c.old, c.new) for c in changes] == [
        (
            "reworded",
            "认真学习宣传贯彻党的二十大精神。全年集中学习不少于12次。",
            "认真学习宣传贯彻党的二十大精神。全年集中学习不少于15次。",
        ),
        ("deadline", "2024年底前", "2025年6月底前"),
    ]


def test_missing_or_broken_input_is_a_usage_error(pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, _ = pair
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: plan\n", encoding="utf-8")
    assert main(["diff", str(old), str(broken)]) == 2
    assert main(["diff", str(old), str(tmp_path / "none.yaml")]) == 2


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # the same responsibility written out: the first unit already led
        ({"lead": ["办公室"], "units": ["政工人事股"]}, None),
        # the other unit now comes first, and so leads
        (
            {"units": ["政工人事股", "办公室"]},
            ("办公室（牵头）、政工人事股", "政工人事股（牵头）、办公室"),
        ),
        (
            {"lead": ["政工人事股"], "units": ["办公室"]},
            ("办公室（牵头）、政工人事股", "政工人事股（牵头）、办公室"),
        ),
        ({"units": ["办公室"]}, ("办公室（牵头）、政工人事股", "办公室")),
    ],
)
def test_units_change_is_a_change_of_who_leads_or_takes_part(
    pair: tuple[Path, Path],
    tmp_path: Path,
    fields: dict[str, Any],
    expected: tuple[str, str] | None,
) -> None:
    """强化意识形态建设 has units [办公室, 政工人事股]: 办公室 leads it (Task.roles)."""
    old, new = pair
    data = copy.deepcopy(Checker().check_file(new).data)
    task = data["sections"][0]["tasks"][2]
    assert task["units"] == ["办公室", "政工人事股"]
    task.pop("units")
    task.update(fields)
    changes = diff(_doc(old), _doc(_write(tmp_path / "edited.yaml", data)))
    assert [(c.old, c.new) for c in changes if c.kind == "units"] == (
        [expected] if expected else []
    )
    assert [c for c in changes if c.kind != "units"] == []
