"""The 公文 frame measured in LibreOffice's PDF (pdfminer): the 标志 35 mm below the 版心
top, the red line 4 mm below the 字号 and 156 mm long, the 版记's last line on the 版心
bottom, and the 成文日期 exactly two characters right of the 署名 without a seal."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from drafting.cli import main

from ..conftest import EXAMPLES

pdfminer = pytest.importorskip("pdfminer.high_level")
from pdfminer.layout import LTChar, LTLine, LTTextLine  # noqa: E402

MM = 72 / 25.4
CHAR = 15.75  # one character of body text: 16 pt less the 0.25 pt tracking

if not shutil.which("soffice") and not os.environ.get("DRAFTING_REQUIRE_PDF"):
    pytest.skip("LibreOffice is not installed", allow_module_level=True)


def _walk(node):  # type: ignore[no-untyped-def]
    yield node
    if hasattr(node, "__iter__"):
        for child in node:
            yield from _walk(child)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("notice-pdf")
    names = ["notice-2025-full", "notice-2025-issue-plan", "summary-2013-district"]
    args = [str(EXAMPLES / f"{n}.yaml") for n in names]
    assert main(["render", *args, "-o", str(out), "--pdf"]) == 0
    return {n: out / f"{n}.pdf" for n in names}


@pytest.mark.parametrize("name", ["notice-2025-full", "notice-2025-issue-plan"])
def test_letterhead_and_red_line(name: str, pdfs: dict[str, Path]) -> None:
    page = next(iter(pdfminer.extract_pages(pdfs[name])))
    chars = [c for c in _walk(page) if isinstance(c, LTChar)]
    head = [c for c in chars if c.size > 30]
    assert {c.get_text() for c in head} >= set("文件")
    assert all(c.graphicstate.ncolor == (1.0, 0.0, 0.0) for c in head)  # FF0000
    assert (page.height - max(c.y1 for c in head)) / MM == pytest.approx(72.0, abs=0.3)
    red = [o for o in _walk(page) if isinstance(o, LTLine) and o.stroking_color == (1.0, 0.0, 0.0)]
    assert red and (red[0].x1 - red[0].x0) / MM == pytest.approx(156.0, abs=0.3)
    number = next(o for o in _walk(page) if isinstance(o, LTTextLine) and "〔" in o.get_text())
    bottom = min(c.y0 for c in number if isinstance(c, LTChar) and c.get_text().strip())
    assert (bottom - (red[0].y0 + red[0].y1) / 2) / MM == pytest.approx(4.0, abs=0.3)


def test_imprint_last_line_on_the_type_area_bottom(pdfs: dict[str, Path]) -> None:
    last = list(pdfminer.extract_pages(pdfs["notice-2025-full"]))[-1]
    lines = [o for o in _walk(last) if isinstance(o, LTLine) and (o.x1 - o.x0) > 400]
    black = [o for o in lines if o.stroking_color != (1.0, 0.0, 0.0)]
    assert [round(o.linewidth, 2) for o in black] == [1.0, 0.75, 1.0]  # thick, thin, thick
    assert (last.height - min(o.y0 for o in black)) / MM == pytest.approx(262.0, abs=0.5)


@pytest.mark.parametrize("name", ["notice-2025-full", "summary-2013-district"])
def test_date_starts_two_characters_right_of_the_signature(
    name: str, pdfs: dict[str, Path]
) -> None:
    rows = []
    for page in pdfminer.extract_pages(pdfs[name]):
        for line in _walk(page):
            if isinstance(line, LTTextLine):
                glyphs = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                if glyphs:
                    rows.append((line.get_text().strip(), glyphs[0].x0))
    at = next(i for i, (text, _) in enumerate(rows) if text.endswith("日") and "年" in text)
    # before issue 20: 0.146 字 (2.3 pt) for this summary; now exactly 2 characters
    assert (rows[at][1] - rows[at - 1][1]) / CHAR == pytest.approx(2.0, abs=0.01)
