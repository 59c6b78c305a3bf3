"""Rendered through LibreOffice with the bundled font mapping: the page grid as printed.

Needs LibreOffice, poppler-utils and the fonts installed by tools/install-pdf-deps.sh
(CI runs it). Elsewhere the test is skipped, unless DRAFTING_REQUIRE_PDF=1 (set by
.ci/run) makes a missing tool a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from drafting.cli import main

from .conftest import EXAMPLES

MM = 25.4 / 72  # millimetres per point
NEEDED = ("soffice", "pdftotext")

if not all(shutil.which(tool) for tool in NEEDED):
    if os.environ.get("DRAFTING_REQUIRE_PDF"):
        raise RuntimeError("DRAFTING_REQUIRE_PDF is set but LibreOffice/poppler are missing")
    pytest.skip("LibreOffice or poppler-utils is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    source = folder / "plan.yaml"
    source.write_bytes((EXAMPLES / "plan-2023-guanwei.yaml").read_bytes())
    assert main(["render", "--pdf", str(source)]) == 0
    return folder / "plan.pdf"


def _page_lines(pdf: Path, page: int) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in text.splitlines() if line.strip()]


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = etree.fromstring(html.encode(), etree.HTMLParser(encoding="utf-8"))
    return [
        (w.text or "", *(float(w.get(k)) * MM for k in ("xmin", "ymin", "xmax", "ymax")))
        for w in root.iter("word")
    ]


def test_pdf_exists_and_embeds_the_mapped_fonts(pdf: Path) -> None:
    assert pdf.read_bytes().startswith(b"%PDF")
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "FandolFang" in fonts and "FandolHei" in fonts


def test_body_page_holds_22_lines_of_28_characters(pdf: Path) -> None:
    lines = _page_lines(pdf, 2)
    page_number = [line for line in lines if re.fullmatch(r"—\s*2\s*—", line.strip())]
    body = [line for line in lines if line not in page_number]
    assert page_number, lines
    assert len(body) == 22, body
    full = [line for line in body if not re.search(r"[ -~]", line)]
    assert max(len(line) for line in full) == 28
    assert sum(len(line) == 28 for line in full) >= 5


def test_page_numbers_sit_below_the_text_block(pdf: Path) -> None:
    for page, side in ((1, "right"), (2, "left")):
        words = _words(pdf, page)
        number = [w for w in words if w[0].startswith("—") or w[0] == str(page)]
        assert number, words[-5:]
        xmin = min(w[1] for w in number)
        xmax = max(w[3] for w in number)
        centre = (min(w[2] for w in number) + max(w[4] for w in number)) / 2
        body_bottom = max(w[4] for w in words if w not in number)
        assert body_bottom < 263.5  # the 版心 ends 35 mm above the paper's edge
        assert 266 < centre < 273, centre  # the dash about 7 mm below the 版心
        if side == "right":
            assert abs(xmax - 179.1) < 2.0, xmax  # 210 - 26 mm - one 4号 character
        else:
            # Mirror margins: on an even page the outside (26 mm) white is on the left.
            assert abs(xmin - 30.94) < 2.0, xmin  # 26 mm + one 4号 character
