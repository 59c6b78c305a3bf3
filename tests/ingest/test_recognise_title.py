"""Titles are never lost silently (issue 19, "Never lose text")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

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


BODY = "一、加强党建\n1.学习。深入学习。\n"


@pytest.mark.parametrize(
    ("line", "taken"),
    [
        ("2023年县教育局重点工作总结.docx", ".docx"),
        ("2023年县教育局重点工作总结（3篇）", "（3篇）"),
        ("2023年县教育局重点工作总结(二篇)", "(二篇)"),
        ("2023年县教育局重点工作总结_第5页", "_第5页"),
        ("2023年县教育局重点工作总结范文", "范文"),
        ("2023年县教育局重点工作总结 篇1", "篇1"),
        ("2023年县教育局重点工作总结7篇", "7篇"),
        ("名称: 2023年县教育局重点工作总结", "名称:"),
        ("附件2023年县教育局重点工作总结", "附件"),
        ("2023年县教育局重点工作总结一", "一"),  # the piece's number in a compilation
        ("《2023年县教育局重点工作总结二》", "二"),
    ],
)
def test_what_a_site_adds_to_a_title_is_taken_off_and_reported(
    tmp_path: Path, line: str, taken: str
) -> None:
    source = tmp_path / "source.txt"
    source.write_text(f"{line}\n{BODY}", encoding="utf-8")
    rec = import_file(source, write=False).recognised
    assert rec.data["title"] == "2023年县教育局重点工作总结"
    assert any(d.line == 1 and d.code == "import-clutter" and taken in d.message for d in rec.notes)


def test_a_page_without_a_title_line_takes_the_editors_title(tmp_path: Path) -> None:
    text = "下面是小编为大家整理的县教育局2023年工作总结(通用),供大家参考。\n" + BODY
    data, notes = _imported(tmp_path, text)
    assert data["title"] == "县教育局2023年工作总结（通用）"
    assert "1 import-title" in notes  # the sentence is named, and the title doubtful


def test_a_title_glued_to_the_first_sentence_by_a_space_is_cut_off(tmp_path: Path) -> None:
    text = (
        "2023年县教育局重点工作总结.docx\n2023 教育局 重点 工作总结\n"
        "县教育体育局重点工作总结 2023年全县教育工作以办好人民满意教育为宗旨，扎实推动。\n" + BODY
    )
    data, notes = _imported(tmp_path, text)
    assert data["title"] == "县教育体育局重点工作总结"
    assert data["preamble"] == ["2023年全县教育工作以办好人民满意教育为宗旨，扎实推动。"]
    assert {"1 import-clutter", "2 import-clutter"} <= set(notes)


def test_the_title_repeated_at_the_start_of_the_text_is_removed(tmp_path: Path) -> None:
    text = (
        "2024年县教育部门年度工作计划模版(二篇)\n"
        "2024年县教育部门年度工作计划模版本年的工作将围绕提升质量展开。\n" + BODY
    )
    data, notes = _imported(tmp_path, text)
    assert data["title"] == "2024年县教育部门年度工作计划"  # 模版: the site's dressing
    assert data["preamble"] == ["本年的工作将围绕提升质量展开。"]
    assert "2 import-repeated" in notes


def test_a_sites_numbered_notice_before_the_title_is_no_body(tmp_path: Path) -> None:
    text = (
        "温馨提示:\n1. 本文档由用户上传，版权归属用户。\n2. 下载前请仔细阅读文档内容。\n"
        "县教育局2023年工作总结\n" + BODY
    )
    data, notes = _imported(tmp_path, text)
    assert data["title"] == "县教育局2023年工作总结"
    assert [s["title"] for s in data["sections"]] == ["加强党建"]
    assert {"1 import-clutter", "2 import-clutter", "3 import-clutter"} <= set(notes)


def test_a_pages_time_stamp_line_is_no_title(tmp_path: Path) -> None:
    text = "县教育局2023年工作总结\n工作计划 时间:2023-02-24 12:14:02 收藏 WORD下载\n" + BODY
    data, notes = _imported(tmp_path, text)
    assert (data["kind"], data["title"]) == ("summary", "县教育局2023年工作总结")
    assert "2 import-clutter" in notes


def test_a_xiaojie_is_a_summary(tmp_path: Path) -> None:
    data, _ = _imported(tmp_path, "教育体育局2023年工作小结\n" + BODY)
    assert (data["kind"], data["title"]) == ("summary", "教育体育局2023年工作小结")


def test_a_sites_counters_are_no_addressee(tmp_path: Path) -> None:
    text = (
        "昆山市2017年教育工作意见\n时间: 2017-02-10 14:40 来源:昆山市\n浏览次数:\n字号:[ ]\n" + BODY
    )
    data, notes = _imported(tmp_path, text)
    assert "addressee" not in data
    assert {"3 import-clutter", "4 import-clutter"} <= set(notes)
