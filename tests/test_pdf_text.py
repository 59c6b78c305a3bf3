"""The PDF as LibreOffice prints it: nothing outside the 版心."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafting.cli import main
from drafting.postprocess import PAGE_PROFILES

from .conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("profile", sorted(PAGE_PROFILES))
def test_a_rotated_page_keeps_the_standard_whites(profile: str, tmp_path: Path) -> None:
    """The strict profile's whites are above and below lines, not beside a rotated table."""
    docx = tmp_path / "plan.docx"
    source = EXAMPLES / "plan-2023-county.yaml"
    assert main(["render", str(source), "-o", str(docx), "--profile", profile]) == 0
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    margins = {
        sect.find(f"{W}pgSz").get(f"{W}orient", "portrait"): {
            side: int(sect.find(f"{W}pgMar").get(f"{W}{side}"))
            for side in ("top", "bottom", "left", "right")
        }
        for sect in root.iter(f"{W}sectPr")
    }
    assert margins["landscape"] == {"top": 1587, "bottom": 1474, "left": 1984, "right": 2098}
    values = PAGE_PROFILES[profile]
    assert (margins["portrait"]["top"], margins["portrait"]["bottom"]) == (
        values["top"],
        values["bottom"],
    )
