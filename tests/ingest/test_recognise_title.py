"""Titles are never lost silently (issue 19, "Never lose text")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drafting.ingest.importer import import_file


def _imported(tmp_path: Path, text: str) -> tuple[dict[str, Any], list[str]]:
    source = tmp_path / "source.txt"
    source.write_text(text, encoding="utf-8")
    rec = import_file(source, write=False).recognised
    return rec.data, [f"{d.line} {d.code}" for d in rec.notes]


def test_a_title_on_two_lines_keeps_both(tmp_path: Path) -> None:
    text = "中共某县委教育工委\n某县教育局2024年工作要点\n一、加强党建\n1.学习。深入学习。\n"
    data, notes = _imported(tmp_path, text)
    assert data["title"] == ["中共某县委教育工委", "某县教育局2024年工作要点"]
    assert not any(n.endswith("import-clutter") for n in notes)


def test_a_speech_keeps_its_title_above_the_subtitle(tmp_path: Path) -> None:
    text = (
        "深化改革 全面提升教育的整体水平\n2014-03-14 来源:记者站 浏览数:\n"
        "——在2014年全市教育工作会议上的报告\n局长　赵某\n同志们：\n一、回顾\n过去一年很好。\n"
    )
    data, notes = _imported(tmp_path, text)
    assert data["title"] == "深化改革 全面提升教育的整体水平"
    assert data["subtitle"] == "——在2014年全市教育工作会议上的报告"
    assert "2 import-clutter" in notes  # the furniture between them is named


def test_web_furniture_above_a_title_is_still_dropped(tmp_path: Path) -> None:
    text = "首页 > 工作要点\n县教育局2024年工作要点\n一、加强党建\n1.学习。深入学习。\n"
    data, notes = _imported(tmp_path, text)
    assert data["title"] == "县教育局2024年工作要点"
    assert "1 import-clutter" in notes
