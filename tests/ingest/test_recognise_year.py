"""The year and the placeholders (issue 19, "The year"): a guess is reported, never silent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafting.ingest.importer import import_file

BODY = "一、加强党建\n1.学习。深入学习。\n"


def _notes(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    source = tmp_path / "source.txt"
    source.write_text(text, encoding="utf-8")
    rec = import_file(source, write=False).recognised
    return rec.data["year"], [f"{d.line} {d.code} {d.severity}" for d in rec.notes]


def test_a_year_in_the_title_is_no_guess(tmp_path: Path) -> None:
    year, notes = _notes(tmp_path, "县教育局2024年工作要点\n" + BODY)
    assert year == 2024
    assert not any("import-year-guessed" in n for n in notes)


def test_the_year_of_the_doc_number_is_no_guess(tmp_path: Path) -> None:
    text = (
        "县教育局工作要点\n县教〔2023〕5号\n各学校:\n现将《县教育局工作要点》印发给你们。\n" + BODY
    )
    year, notes = _notes(tmp_path, text)
    assert year == 2023
    assert not any("import-year-guessed" in n for n in notes)


def test_this_year_is_a_guess_and_says_so(tmp_path: Path) -> None:
    year, notes = _notes(tmp_path, "县教育局工作要点\n" + BODY)
    assert year == dt.date.today().year
    assert "1 import-year-guessed warning" in notes


@pytest.mark.parametrize(
    "placeholder", ["××县", "***人", "20xx年", "XX学校", "＿＿所", "[学校名称]", "20__年"]
)
def test_placeholders_are_reported_at_their_line(tmp_path: Path, placeholder: str) -> None:
    text = f"县教育局2024年工作要点\n一、加强党建\n1.学习。{placeholder}深入学习。\n"
    _, notes = _notes(tmp_path, text)
    assert "3 import-placeholder warning" in notes


def test_ordinary_text_has_no_placeholder(tmp_path: Path) -> None:
    text = "县教育局2024年工作要点\n一、加强党建\n1.学习。完成XML与Excel表格3.5万份。\n"
    _, notes = _notes(tmp_path, text)
    assert not any("import-placeholder" in n for n in notes)


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("小学2023-2024年工作计划", 2023),
        ("2023—2024学年工作计划", 2023),
        ("2023教育局年度工作总结", 2023),
    ],
)
def test_a_span_is_its_first_year_and_a_bare_year_counts(
    tmp_path: Path, title: str, year: int
) -> None:
    found, notes = _notes(tmp_path, f"{title}\n{BODY}")
    assert found == year
    assert not any("import-year" in n for n in notes)


def test_a_summary_and_plan_is_about_the_year_its_text_opens_with(tmp_path: Path) -> None:
    text = "县教育局2023年工作总结和2023年工作计划\n2022年，我局扎实开展工作。\n" + BODY
    year, notes = _notes(tmp_path, text)
    assert year == 2022
    assert "1 import-year-from-text warning" in notes


def test_a_plain_summary_keeps_its_titles_year(tmp_path: Path) -> None:
    text = "县教育局2023年工作总结\n2022年，我局扎实开展工作。\n" + BODY
    year, notes = _notes(tmp_path, text)
    assert year == 2023
    assert not any("import-year" in n for n in notes)


def test_the_editors_title_gives_a_year_guess(tmp_path: Path) -> None:
    text = (
        "教育体育局XX年工作小结\n下面是小编为大家整理的教育体育局2023年工作小结,请大家参阅。\n"
        "一、工作小结\n1.学习。深入学习。\n"
    )
    year, notes = _notes(tmp_path, text)
    assert year == 2023
    assert any("import-year-guessed" in n for n in notes)
    assert "2 import-clutter info" in notes  # the editor's sentence is furniture
