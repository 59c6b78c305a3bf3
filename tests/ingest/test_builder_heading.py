"""Where a heading ends and its text starts (drafting/ingest/builder.py, issue 19).

Web pages lose the line break after a heading: "（一）扎实做好…迎评工作对照均衡开展要求，…"
runs the heading into its text with no punctuation. The corpus documents these come
from are named on each case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafting.ingest.builder import _split_group, _split_heading
from drafting.ingest.extract import extract
from drafting.ingest.recognise import recognise

RUN_ON = [
    # 014: a year opens the text
    (
        "工作小结2023年，县教育体育局根据县委、县政府工作部署和年初制定的工作方案，取得了阶段性成绩：",
        "工作小结",
        "2023年，县教育体育局",
    ),
    # 026: 过去 opens the text after a heading with a comma
    (
        "肯定成绩，“五张答卷”精彩纷呈过去的一学年，是全县教育系统砥砺奋进、开拓创新的一年。",
        "肯定成绩，“五张答卷”精彩纷呈",
        "过去的一学年",
    ),
    # 028: a space ends the heading
    (
        "今年以来，全市推进素质教育工作的基本情况 1 月 16 日全省素质教育工作会议后，全市教育系统认真贯彻落实。",
        "今年以来，全市推进素质教育工作的基本情况",
        "1 月 16 日",
    ),
    # 032: a short sentence, split before 一是
    (
        "抓党建引领，组织建设亮点纷呈一是试点改革走前列。全域推进试点工作。",
        "抓党建引领，组织建设亮点纷呈",
        "一是试点改革走前列。",
    ),
    # 039: 當前 with a pinyin gloss inside, glosses not counted in the length
    (
        "認（rèn）清形勢（shì)，把握教育高質（zhì）量發（fā）展的時（shí）代命題當（dāng）前，世界百年未有之大變局加速演進。",
        "認（rèn）清形勢（shì)，把握教育高質（zhì）量發（fā）展的時（shí）代命題",
        "當（dāng）前，",
    ),
]


@pytest.mark.parametrize(("rest", "title", "text"), RUN_ON)
def test_section_heading_run_into_its_text(rest: str, title: str, text: str) -> None:
    got_title, got_text = _split_heading(rest)
    assert (got_title, got_text[: len(text)]) == (title, text)
    assert "".join((got_title + got_text).split()) == "".join(rest.split())  # nothing lost


GROUPS = [
    # 014: 对照 / 完成 open the text of an unpunctuated （一） heading
    (
        "扎实做好义务教育均衡开展迎评工作对照均衡开展要求，摸清我县义务教育底数找准薄弱环节。针对问题制定方案。",
        "扎实做好义务教育均衡开展迎评工作",
        "对照均衡开展要求",
    ),
    (
        "加快推进校建工程建设完成校建工程投资25327万元，新增校舍约16.05万平方米，一期工程全面完工并投入使用；",
        "加快推进校建工程建设",
        "完成校建工程投资",
    ),
]


@pytest.mark.parametrize(("rest", "title", "text"), GROUPS)
def test_group_heading_run_into_its_text(rest: str, title: str, text: str) -> None:
    got_title, got_text = _split_group(rest)
    assert (got_title, got_text[: len(text)]) == (title, text)
    assert got_title + got_text == rest


@pytest.mark.parametrize(
    ("rest", "split"),
    [
        ("加强党的建设。深入学习党的二十大精神。", ("加强党的建设。", "深入学习党的二十大精神。")),
        ("聚焦立德树人", ("聚焦立德树人", "")),
        # a long sentence is not cut (its opening word follows a comma); a group needs a
        # title, so the whole sentence is the heading (an empty one failed the import)
        (
            "坚持以习近平新时代中国特色社会主义思想为指导，按照县委县政府部署全面推进各项工作落实到位",
            (
                "坚持以习近平新时代中国特色社会主义思想为指导，按照县委县政府部署全面推进各项工作落实到位",
                "",
            ),
        ),
        # a short heading keeps its opening words (完成 in a heading is no text)
        ("圆满完成年度目标任务。全年……", ("圆满完成年度目标任务。", "全年……")),
    ],
)
def test_headings_that_did_not_run_on_are_kept(rest: str, split: tuple[str, str]) -> None:
    assert _split_group(rest) == split


def test_a_group_heading_with_no_split_point_keeps_its_words_as_title(tmp_path: Path) -> None:
    """ "（一）落实农村义务教育保障机制，" followed by its text on the next lines: the group
    came out with an empty title, which the schema refuses, and the import failed (sample
    004, 篇十一)."""
    source = tmp_path / "summary.txt"
    source.write_text(
        "2023年工作总结\n一、加大投入，合理配置教育资源\n（一）落实农村义务教育保障机制，\n"
        "做好帮困助学工作。\n严格按标准落实生均公用经费。\n",
        encoding="utf-8",
    )
    group = recognise(extract(source)).data["sections"][0]["groups"][0]
    assert group["title"] == "落实农村义务教育保障机制，"
