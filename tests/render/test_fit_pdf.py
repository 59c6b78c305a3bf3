"""The fit pass (render/fit.py) measured in LibreOffice's PDF: a notice whose 署名 block
runs one line over is tightened onto page 1; one that cannot fit keeps its last body
lines with the 署名 (§7.3.5.4–5: no page with the 署名 and no 正文)."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from drafting.cli import main
from drafting.render.lo_input import for_libreoffice
from drafting.resources import data_dir
from drafting.soffice import soffice

TEXT = "为做好春季学期开学工作，确保师生安全有序返校，现就有关事项通知如下，请认真贯彻落实。" * 4


def _notice(chars: int) -> str:
    return (
        "kind: notice\ntitle: ××县教育局关于做好2023年春季学期开学工作的通知\norg: ××县教育局\n"
        'date: "2023-02-20"\ndoc_number: ×教发〔2023〕4号\naddressee: 各中小学、幼儿园：\n'
        f"preamble:\n  - {TEXT[:chars]}\nseal: none\n"
    )


def _pdf(tmp_path: Path, chars: int) -> tuple[Path, str]:
    if not shutil.which("soffice"):
        if os.environ.get("DRAFTING_REQUIRE_PDF"):
            raise RuntimeError("DRAFTING_REQUIRE_PDF is set but LibreOffice is missing")
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / f"n{chars}.yaml"
    source.write_text(_notice(chars), encoding="utf-8")
    target = tmp_path / f"n{chars}.docx"
    assert main(["render", str(source), "-o", str(target)]) == 0
    copy = for_libreoffice(target, tmp_path / "in")
    env = dict(os.environ, FONTCONFIG_FILE=str(data_dir("templates").joinpath("fonts.conf")))
    subprocess.run(
        [
            soffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(copy),
        ],
        env=env,
        capture_output=True,
        check=True,
        timeout=300,
    )
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return tmp_path / f"n{chars}.pdf", xml


def _pages(pdf: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")


def test_a_block_one_line_over_is_tightened_onto_the_body_page(tmp_path: Path) -> None:
    pdf, xml = _pdf(tmp_path, 100)
    pages = [p for p in _pages(pdf) if p.strip()]
    assert len(pages) == 1 and "××县教育局" in pages[0].split("各中小学")[1]
    assert 'w:line="579"' not in xml.split("GwAddressee")[1]  # tightened from the 主送 down


def test_a_block_that_cannot_fit_keeps_body_lines_with_the_signature(tmp_path: Path) -> None:
    pdf, xml = _pdf(tmp_path, 150)
    page = next(p for p in _pages(pdf) if "2023 年 2 月 20 日" in p)
    above = page.split("××县教育局")[0]
    assert sum(1 for line in above.splitlines() if "。" in line or "，" in line) >= 2
    assert 'w:lineRule="exact"' not in xml.split("GwAddressee")[1]  # nothing tightened
