"""Outline numbers are read alike by import, lint and check (drafting.outline holds the
one pattern per level they share).

Before they shared it, each had its own copy: lint took "（ 一 ）" for body text while
import read a group heading, and check did not warn about "一，" or "1，" that both import
and lint read as numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafting.ingest.extract import extract
from drafting.ingest.recognise import recognise
from drafting.outline import heading_number, typed_number

# text -> the level a person reads (None: no outline number)
READINGS = {
    "一、加强党的建设": 1,
    "一，加强党的建设": 1,
    "二十一、深化改革": 1,
    "（一）强化理论武装": 2,
    "（ 一 ）强化理论武装": 2,
    "(二)强化理论武装": 2,
    "1.认真学习。": 3,
    "1，认真学习。": 3,
    "１２．认真学习。": 3,
    "（1）每月一次": 4,
    "（ 1 ）每月一次": 4,
    "2.5亿元投入学校建设。": None,
    "2024年全县教育工作": None,
    "一是加强学习。": None,
}


def _imported_level(text: str, folder: Path) -> int | None:
    """Return the level import gives ``text`` placed after a section and a group heading."""
    source = folder / "plan.txt"
    source.write_text(f"2025年工作要点\n一、总体安排\n（一）第一项\n{text}\n", "utf-8")
    data = recognise(extract(source)).data
    section = data["sections"][-1]
    if len(data["sections"]) > 1:
        return 1
    group = section["groups"][-1]
    if len(section["groups"]) > 1:
        return 2
    task = (group.get("tasks") or [None])[-1]
    if task is None:
        return None
    return 4 if task.get("items") else 3


@pytest.mark.parametrize("text", sorted(READINGS))
def test_import_lint_and_check_read_the_same_numbers(text: str, tmp_path: Path) -> None:
    want = READINGS[text]
    found = heading_number(text)
    assert (found.level if found else None) == want  # lint
    assert (typed_number(text) is not None) == (want is not None)  # check's typed-number rule
    if want != 4:  # import reads a lone （1） line as an item of the task before it
        assert _imported_level(text, tmp_path) == want
