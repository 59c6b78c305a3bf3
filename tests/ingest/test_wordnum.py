"""Word's automatic numbering in import: numbering.xml read as Word shows it (issue 19).

The fixtures come from ``tools/build_fixtures.py`` (``numbering:`` and ``num:`` keys),
which writes its own WordprocessingML, so the reader is not tested against itself.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

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
