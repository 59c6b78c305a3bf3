"""A template an office re-saves in LibreOffice still renders with our page setup and indents.

The README invites offices to edit the templates and use them with --template. Saving
in LibreOffice (as in Word) rewrites the markup: Jinja inside w:sectPr or in typed
attributes (w:ind w:right="{{ … }}") is dropped, empty section-break paragraphs are
merged away, style ids are renumbered. Every shipped template is re-saved here through
LibreOffice itself and every example rendered with it and with the original; the
sections (size, orientation, margins, grid) and every paragraph's indents must agree.

Needs LibreOffice; skipped without it unless DRAFTING_REQUIRE_PDF=1 (set by .ci/run).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafting.check import check_paths
from drafting.model import Document, from_data
from drafting.render.docx import RenderOptions, render

from ..conftest import EXAMPLES, ROOT, summary_with_tables

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KINDS = ("plan", "summary", "speech", "notice")
BODY_SIZE = "32"  # half-points of 3号, the body size; a style chain without w:sz has it

if not shutil.which("soffice"):
    if os.environ.get("DRAFTING_REQUIRE_PDF"):
        raise RuntimeError("DRAFTING_REQUIRE_PDF is set but LibreOffice is missing")
    pytest.skip("LibreOffice is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return each shipped template after one open-and-save in LibreOffice (Word 2007 XML)."""
    folder = tmp_path_factory.mktemp("resaved")
    sources = [str(ROOT / "templates" / f"{kind}.docx") for kind in KINDS]
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    found = {kind: folder / "out" / f"{kind}.docx" for kind in KINDS}
    assert all(path.is_file() for path in found.values())
    return found


def _parts(data: bytes) -> tuple[etree._Element, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return (
            etree.fromstring(archive.read("word/document.xml")),
            etree.fromstring(archive.read("word/styles.xml")),
        )


def _sections(document: etree._Element) -> list[dict[str, str]]:
    """Return size, orientation, margins and grid of every section, in order."""
    found = []
    for sect in document.iter(f"{W}sectPr"):
        size, margin, grid = (sect.find(f"{W}{n}") for n in ("pgSz", "pgMar", "docGrid"))
        values = {
            "w": size.get(f"{W}w"),
            "h": size.get(f"{W}h"),
            "orient": size.get(f"{W}orient", "portrait"),
            "grid": grid.get(f"{W}type"),
            "pitch": grid.get(f"{W}linePitch"),
        }
        # w:header is left out: the templates have no header, and LibreOffice writes 0
        for side in ("top", "right", "bottom", "left", "footer", "gutter"):
            values[side] = margin.get(f"{W}{side}")
        found.append(values)
    return found


def _ind_attrs(ppr: etree._Element | None) -> dict[str, str]:
    ind = None if ppr is None else ppr.find(f"{W}ind")
    return {} if ind is None else {etree.QName(k).localname: v for k, v in ind.attrib.items()}


def _indents(document: etree._Element, styles: etree._Element) -> list[tuple[str, tuple[int, ...]]]:
    """Return (text, (left, right, first line)) in twips for every paragraph with text,
    after the style chain and direct formatting (a …Chars value beats the twips one, a
    hanging indent beats a first-line one: ECMA-376 §17.3.1.12)."""
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}

    def chain(style_id: str | None) -> dict[str, str]:
        style = by_id.get(style_id)
        if style is None:
            return {}
        based = style.find(f"{W}basedOn")
        inherited = chain(based.get(f"{W}val")) if based is not None else {}
        return inherited | _ind_attrs(style.find(f"{W}pPr"))

    def size(style_id: str | None) -> str | None:
        """Return the style chain's w:sz (half-points), the nearest style first."""
        style = by_id.get(style_id)
        if style is None:
            return None
        sz = style.find(f"{W}rPr/{W}sz")
        if sz is not None:
            return sz.get(f"{W}val")
        based = style.find(f"{W}basedOn")
        return size(based.get(f"{W}val")) if based is not None else None

    normal = next(
        (
            s.get(f"{W}styleId")
            for s in styles.iter(f"{W}style")
            if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true", "on")
        ),
        None,
    )  # the style of a paragraph without w:pStyle
    default = _ind_attrs(styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr"))
    default_sz = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    default_size = BODY_SIZE if default_sz is None else default_sz.get(f"{W}val", BODY_SIZE)
    found = []
    for paragraph in document.iter(f"{W}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        if not text.strip():
            continue
        ppr = paragraph.find(f"{W}pPr")
        style = None if ppr is None else ppr.find(f"{W}pStyle")
        style_id = normal if style is None else style.get(f"{W}val")
        attrs = default | chain(style_id) | _ind_attrs(ppr)
        # a character unit is one character of the paragraph's font size (10 twips/half-point):
        # 320 twips in the 3号 body, 280 in the 4号 版记
        char = int(size(style_id) or default_size) * 10

        def twips(name: str, alias: str, attrs: dict[str, str] = attrs, char: int = char) -> int:
            chars = attrs.get(f"{name}Chars", attrs.get(f"{alias}Chars"))
            if chars is not None:
                return int(chars) * char // 100
            return int(attrs.get(name, attrs.get(alias, "0")))

        hangs = "hanging" in attrs or "hangingChars" in attrs  # then firstLine is ignored
        first = -twips("hanging", "hanging") if hangs else twips("firstLine", "firstLine")
        found.append((text, (twips("left", "start"), twips("right", "end"), first)))
    return found


EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "units.yaml")


def _document(path: Path) -> Document:
    checked = check_paths([str(path)]).files[0]
    assert checked.ok and checked.kind is not None, [d.format() for d in checked.diagnostics]
    return from_data(checked.kind, checked.data)


@pytest.mark.parametrize("source", [*EXAMPLE_FILES, None], ids=lambda p: p.stem if p else "tables")
def test_a_resaved_template_keeps_page_setup_and_indents(
    source: Path | None, resaved: dict[str, Path], tmp_path: Path
) -> None:
    doc = _document(source or summary_with_tables(tmp_path))
    original = _parts(render(doc))
    again = _parts(render(doc, RenderOptions(template=resaved[doc.kind])))
    assert _sections(again[0]) == _sections(original[0])
    assert _indents(*again) == _indents(*original)


def test_open_fonts_still_make_the_title_bold_after_a_resave(resaved: dict[str, Path]) -> None:
    """LibreOffice renames the style id GwTitle (to GW4); the style is found by its name."""
    doc = _document(EXAMPLES / "plan-2024-wujin.yaml")
    _, styles = _parts(render(doc, RenderOptions(template=resaved["plan"], fonts="open")))
    (title,) = [
        s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == "GW 公文标题"
    ]
    bold = title.find(f"{W}rPr/{W}b")
    assert bold is not None and bold.get(f"{W}val") in (None, "1", "true", "on")
