"""The bundled templates: reproducible from tools/build_templates.py, and GB/T 9704 values."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafting.gbt9704 import LEVEL_ROLES, font_role

from ..conftest import ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KINDS = ("plan", "summary", "speech", "notice")


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_templates", ROOT / "tools" / "build_templates.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _part(kind: str, name: str) -> etree._Element:
    with zipfile.ZipFile(ROOT / "templates" / f"{kind}.docx") as archive:
        return etree.fromstring(archive.read(name))


@pytest.mark.parametrize("kind", KINDS)
def test_committed_templates_are_what_the_builder_makes(kind: str, tmp_path: Path) -> None:
    builder = _builder()
    builder.write(kind, tmp_path / f"{kind}.docx")
    with (
        zipfile.ZipFile(tmp_path / f"{kind}.docx") as new,
        zipfile.ZipFile(ROOT / "templates" / f"{kind}.docx") as old,
    ):
        assert new.namelist() == old.namelist()
        for name in new.namelist():
            assert new.read(name) == old.read(name), (
                f"{kind}.docx:{name} is stale: run tools/build_templates.py"
            )


def _style(kind: str, style_id: str) -> etree._Element:
    styles = _part(kind, "word/styles.xml")
    found = styles.find(f"{W}style[@{W}styleId='{style_id}']")
    assert found is not None, style_id
    return found


def _attr(element: etree._Element, path: str, name: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.get(f"{W}{name}")


@pytest.mark.parametrize("kind", KINDS)
def test_page_setup_follows_gbt9704(kind: str) -> None:
    sect = _part(kind, "word/document.xml").findall(f".//{W}sectPr")[0]
    assert _attr(sect, f"{W}pgSz", "w") == "11906" and _attr(sect, f"{W}pgSz", "h") == "16838"
    margins = {
        k: _attr(sect, f"{W}pgMar", k)
        for k in ("top", "bottom", "left", "right", "header", "footer")
    }
    # 37 / 35 mm moved up by half the leading, so that the glyphs of line 1 start at the
    # 37 mm 天头 (issue 20); 28 / 26 mm; header 15 mm, footer 25 mm (gbt9704.md §2.1, §5.1)
    assert margins == {
        "top": "1968",
        "bottom": "2114",
        "left": "1587",
        "right": "1474",
        "header": "851",
        "footer": "1417",
    }
    assert _attr(sect, f"{W}docGrid", "type") == "lines"
    assert _attr(sect, f"{W}docGrid", "linePitch") == "579"
    settings = _part(kind, "word/settings.xml")
    for name in ("mirrorMargins", "evenAndOddHeaders"):
        assert settings.find(f"{W}{name}") is not None
    assert _attr(settings, f"{W}characterSpacingControl", "val") == "doNotCompress"


EXPECTED = {
    # style: (eastAsia font, half-point size, bold)
    "Normal": ("仿宋_GB2312", "32", None),
    "GwTitle": ("方正小标宋简体", "44", "0"),
    "Heading1": ("黑体", "32", "0"),
    "Heading2": ("楷体_GB2312", "32", "0"),
    "Heading3": ("仿宋_GB2312", "32", ""),
    "Heading4": ("仿宋_GB2312", "32", "0"),
    "GwByline": ("楷体_GB2312", None, None),
    "GwAttachLabel": ("黑体", None, None),
    "GwPageNum": ("宋体", "28", None),
    "GwTableHead": ("黑体", "28", None),
    "GwTableText": ("仿宋_GB2312", "28", None),
}


@pytest.mark.parametrize("style_id", sorted(EXPECTED))
def test_styles_follow_gbt9704(style_id: str) -> None:
    east, size, bold = EXPECTED[style_id]
    style = _style("plan", style_id)
    fonts = style.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == east
    assert fonts.get(f"{W}hint") == "eastAsia"
    for slot in ("ascii", "hAnsi", "cs"):
        assert fonts.get(f"{W}{slot}"), f"{style_id}: {slot} slot missing"
    assert _attr(style, f"{W}rPr/{W}sz", "val") == size
    if bold is None:
        assert style.find(f"{W}rPr/{W}b") is None
    else:
        assert style.find(f"{W}rPr/{W}b") is not None
        assert (_attr(style, f"{W}rPr/{W}b", "val") or "") == bold


def test_body_text_grid_values() -> None:
    normal = _style("plan", "Normal")
    assert _attr(normal, f"{W}rPr/{W}spacing", "val") == "-5"  # 28 characters a line
    assert _attr(normal, f"{W}pPr/{W}spacing", "line") == "579"
    assert _attr(normal, f"{W}pPr/{W}spacing", "lineRule") == "exact"
    assert _attr(normal, f"{W}pPr/{W}ind", "firstLine") == "640"  # 左空二字
    assert _attr(normal, f"{W}pPr/{W}widowControl", "val") == "0"
    title = _style("plan", "GwTitle")
    assert _attr(title, f"{W}pPr/{W}snapToGrid", "val") == "0"
    assert _attr(title, f"{W}pPr/{W}spacing", "line") == "720"
    assert _attr(_style("plan", "GwPageNum"), f"{W}pPr/{W}snapToGrid", "val") == "0"
    names = {s: _attr(_style("plan", s), f"{W}name", "val") for s in ("Heading1", "Heading2")}
    assert names == {"Heading1": "heading 1", "Heading2": "heading 2"}  # Word's built-in names


@pytest.mark.parametrize("kind", KINDS)
def test_footers_carry_page_numbers(kind: str) -> None:
    for part, jc, side in (
        ("word/footer1.xml", "right", "right"),
        ("word/footer2.xml", "left", "left"),
    ):
        footer = _part(kind, part)
        assert _attr(footer, f".//{W}jc", "val") == jc
        assert _attr(footer, f".//{W}ind", side) == "280"  # one 4号 character
        assert "".join(t.text for t in footer.iter(f"{W}t")) == "— 1 —"


@pytest.mark.parametrize("kind", KINDS)
def test_jinja_only_in_paragraph_text(kind: str) -> None:
    """Word and LibreOffice keep the text of w:t on save, and drop Jinja anywhere else
    (in typed attributes such as w:ind/@w:right, as text inside w:sectPr)."""
    misplaced = []
    for element in _part(kind, "word/document.xml").iter():
        for name, value in element.attrib.items():
            if "{{" in value or "{%" in value:
                misplaced.append(f"{etree.QName(element).localname}/@{name}={value}")
        for text in (element.text, element.tail):
            if text and ("{{" in text or "{%" in text) and element.tag != f"{W}t":
                misplaced.append(f"{etree.QName(element).localname}: {text}")
    assert misplaced == []


def test_style_table_references_only_its_own_styles() -> None:
    """Every row of the builder's STYLES has its own id, and what it is based on or followed
    by, and every style the document and footers use, is a row of the table."""
    rows = _builder().STYLES
    ids = [row.style_id for row in rows]
    assert len(ids) == len(set(ids))
    referenced = {name for row in rows for name in (row.based, row.next) if name}
    for kind in KINDS:
        for part in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
            for element in _part(kind, part).iter(f"{W}pStyle", f"{W}rStyle"):
                referenced.add(element.get(f"{W}val"))
    assert referenced - set(ids) == set()


@pytest.mark.parametrize("level", sorted(LEVEL_ROLES))
def test_heading_fonts_are_the_roles_lint_expects(level: int) -> None:
    fonts = _style("plan", f"Heading{level}").find(f"{W}rPr/{W}rFonts")
    assert font_role(fonts.get(f"{W}eastAsia")) == LEVEL_ROLES[level]
