"""Word's automatic numbering in import: numbering.xml read as Word shows it (issue 19).

The fixtures come from ``tools/build_fixtures.py`` (``numbering:`` and ``num:`` keys),
which writes its own WordprocessingML, so the reader is not tested against itself.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree  # type: ignore[import-untyped]

from drafting.ingest.extract import extract
from drafting.ingest.wordnum import format_number

from ..lint.test_cases import builder

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _parts(spec: dict[str, Any]) -> dict[str, Any]:
    """Return part name → parsed XML of the package ``spec`` builds."""
    blob = io.BytesIO()
    with zipfile.ZipFile(blob, "w") as archive:
        for name, data in builder().parts(spec):
            archive.writestr(name, data)
    with zipfile.ZipFile(blob) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def test_fixture_builder_writes_numbering_and_merged_cells() -> None:
    spec = {
        "numbering": {
            "abstract": {
                3: [
                    {"format": "chineseCounting", "text": "%1、", "style": "Heading1"},
                    {"format": "decimal", "text": "%2.", "restart": 0, "legal": True},
                ]
            },
            "num": {7: {"abstract": 3, "start": {1: 4}}},
        },
        "styles": {
            "ListTask": {"based_on": "Normal", "num": {"id": 7, "ilvl": 1}},
            "Heading1": {"num": {"id": 7}},
        },
        "body": [
            {"text": "党的建设", "num": {"id": 7, "ilvl": 0}},
            {"table": [[{"text": "一、", "span": 2}], [{"text": "1", "vmerge": "restart"}, "x"]]},
        ],
    }
    parts = _parts(spec)
    assert "word/numbering.xml" in parts
    content_types = etree.tostring(parts["[Content_Types].xml"]).decode()
    assert "numbering+xml" in content_types
    rels = etree.tostring(parts["word/_rels/document.xml.rels"]).decode()
    assert 'Target="numbering.xml"' in rels
    numbering = parts["word/numbering.xml"]
    levels = numbering.findall(f"{W}abstractNum/{W}lvl")
    assert [lvl.find(f"{W}numFmt").get(f"{W}val") for lvl in levels] == [
        "chineseCounting",
        "decimal",
    ]
    assert levels[0].find(f"{W}pStyle").get(f"{W}val") == "Heading1"
    assert levels[1].find(f"{W}lvlRestart").get(f"{W}val") == "0"
    assert levels[1].find(f"{W}isLgl") is not None
    override = numbering.find(f"{W}num/{W}lvlOverride")
    assert override.get(f"{W}ilvl") == "1"
    assert override.find(f"{W}startOverride").get(f"{W}val") == "4"
    body = parts["word/document.xml"].find(f"{W}body")
    numpr = body.find(f"{W}p/{W}pPr/{W}numPr")
    assert numpr.find(f"{W}ilvl").get(f"{W}val") == "0"
    assert numpr.find(f"{W}numId").get(f"{W}val") == "7"
    style = parts["word/styles.xml"].find(f"{W}style[@{W}styleId='ListTask']")
    assert style.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") == "7"
    assert style.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val") == "1"
    heading = parts["word/styles.xml"].find(f"{W}style[@{W}styleId='Heading1']")
    assert heading.find(f"{W}pPr/{W}numPr/{W}ilvl") is None  # the level linked by pStyle
    cells = body.findall(f"{W}tbl/{W}tr/{W}tc")
    assert cells[0].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    assert cells[1].find(f"{W}tcPr/{W}vMerge").get(f"{W}val") == "restart"
    assert len(body.findall(f"{W}tbl/{W}tblGrid/{W}gridCol")) == 2


def test_fixture_builder_without_numbering_writes_no_numbering_part() -> None:
    assert "word/numbering.xml" not in _parts({"body": [{"text": "一、总体要求"}]})


def _docx(tmp_path: Path, spec: dict[str, Any]) -> Path:
    path = tmp_path / "doc.docx"
    blob = io.BytesIO()
    with zipfile.ZipFile(blob, "w") as archive:
        for name, data in builder().parts(spec):
            archive.writestr(name, data)
    path.write_bytes(blob.getvalue())
    return path


def _texts(tmp_path: Path, spec: dict[str, Any]) -> list[str]:
    return [line.text for line in extract(_docx(tmp_path, spec)).lines]


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        ("decimal", ["1", "2", "10", "11"]),
        ("chineseCounting", ["一", "二", "十", "十一"]),
        ("chineseCountingThousand", ["一", "二", "十", "十一"]),
        ("ideographTraditional", ["甲", "乙", "癸", "11"]),
        ("decimalFullWidth", ["１", "２", "１０", "１１"]),
        ("upperLetter", ["A", "B", "J", "K"]),
        ("lowerLetter", ["a", "b", "j", "k"]),
        ("upperRoman", ["I", "II", "X", "XI"]),
        ("lowerRoman", ["i", "ii", "x", "xi"]),
        ("decimalEnclosedCircle", ["①", "②", "⑩", "⑪"]),
        ("chineseLegalSimplified", ["壹", "贰", "拾", "拾壹"]),
    ],
)
def test_number_formats(fmt: str, shown: list[str]) -> None:
    assert [format_number(n, fmt) for n in (1, 2, 10, 11)] == shown
    assert format_number(27, "upperLetter") == "AA"


def _list(
    levels: list[dict[str, Any]], body: list[dict[str, Any]], num: dict[int, Any] | None = None
) -> dict[str, Any]:
    return {"numbering": {"abstract": {5: levels}, "num": num or {1: 5}}, "body": body}


def _at(ilvl: int, text: str = "事项", num: int = 1) -> dict[str, Any]:
    return {"text": text, "num": {"id": num, "ilvl": ilvl}}


def test_a_level_advances_and_deeper_levels_restart(tmp_path: Path) -> None:
    levels = [
        {"format": "chineseCounting", "text": "%1、"},
        {"format": "chineseCounting", "text": "（%2）"},
        {"format": "decimal", "text": "%3."},
    ]
    body = [_at(0), _at(1), _at(2), _at(2), _at(1), _at(2), _at(0), _at(2)]
    assert _texts(tmp_path, _list(levels, body)) == [
        "一、事项",
        "（一）事项",
        "1.事项",
        "2.事项",
        "（二）事项",
        "1.事项",
        "二、事项",
        "1.事项",  # (一) was never used under 二、: the task level restarted all the same
    ]


def test_lvl_restart_and_is_lgl(tmp_path: Path) -> None:
    levels: list[dict[str, Any]] = [
        {"format": "chineseCounting", "text": "第%1章"},
        {"format": "decimal", "text": "%1.%2", "legal": True, "restart": 0},
    ]
    body = [_at(0), _at(1), _at(1), _at(0), _at(1)]
    assert _texts(tmp_path, _list(levels, body)) == [
        "第一章\u3000事项",
        "1.1 事项",
        "1.2 事项",
        "第二章\u3000事项",
        "2.3 事项",  # lvlRestart 0: never restarts
    ]


def test_start_override_restarts_a_list_that_otherwise_continues(tmp_path: Path) -> None:
    levels = [{"format": "decimal", "text": "%1.", "start": 3}]
    body = [_at(0, num=1), _at(0, num=1), _at(0, num=2), _at(0, num=3), _at(0, num=3)]
    numbering = {1: 5, 2: 5, 3: {"abstract": 5, "start": {0: 1}}}
    assert _texts(tmp_path, _list(levels, body, numbering)) == [
        "3.事项",
        "4.事项",
        "5.事项",  # another w:num of the same abstract numbering continues it
        "1.事项",
        "2.事项",
    ]


def test_bullet_none_and_no_numbering_show_no_number(tmp_path: Path) -> None:
    levels = [{"format": "bullet", "text": "●"}, {"format": "none", "text": ""}]
    body = [_at(0), _at(1), {"text": "事项", "num": {"id": 0}}, {"text": "事项", "num": {"id": 8}}]
    assert _texts(tmp_path, _list(levels, body)) == ["事项"] * 4


def test_an_empty_numbered_paragraph_counts_but_shows_nothing(tmp_path: Path) -> None:
    levels = [{"format": "decimal", "text": "%1."}]
    body = [_at(0), {"num": {"id": 1, "ilvl": 0}}, _at(0)]
    assert _texts(tmp_path, _list(levels, body)) == ["1.事项", "", "3.事项"]


def test_numbering_from_the_style_chain_and_the_level_linked_to_the_style(
    tmp_path: Path,
) -> None:
    spec = _list(
        [
            {"format": "chineseCounting", "text": "%1、", "style": "Heading1"},
            {"format": "decimal", "text": "%2."},
        ],
        [
            {"text": "总体要求", "style": "Heading1"},
            {"text": "任务", "style": "Task"},
            {"text": "任务", "style": "Task", "num": {"id": 1, "ilvl": 0}},
        ],
    )
    spec["styles"] = {
        "Heading1": {"num": {"id": 1}},
        "TaskBase": {"based_on": "Normal", "num": {"id": 1, "ilvl": 1}},
        "Task": {"based_on": "TaskBase"},
    }
    assert _texts(tmp_path, spec) == ["一、总体要求", "1.任务", "二、任务"]


def test_numbered_cells_of_a_table_count_in_document_order(tmp_path: Path) -> None:
    cell = {"text": "学习", "num": {"id": 1, "ilvl": 0}}
    spec = _list([{"format": "decimal", "text": "%1."}], [_at(0), {"table": [[cell, "办公室"]]}])
    assert _texts(tmp_path, spec) == ["1.事项", "2.学习", "办公室"]
