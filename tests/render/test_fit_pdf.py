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
from drafting.ooxml.ns import W
from drafting.render.lo_input import for_libreoffice
from drafting.resources import data_dir
from drafting.soffice import soffice

TEXT = "为做好春季学期开学工作，确保师生安全有序返校，现就有关事项通知如下，请认真贯彻落实。" * 6


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


@pytest.mark.parametrize("chars", [170, 220])  # 7 lines (1 estimated over) and 8 (2 over)
def test_a_block_that_cannot_fit_keeps_body_lines_with_the_signature(
    tmp_path: Path, chars: int
) -> None:
    """A single body paragraph running over page 1 is not chained to the 署名 (LibreOffice
    would move it whole, page 1 left without 正文, §7.3.3): widow control sends its last
    lines with the 署名."""
    pdf, xml = _pdf(tmp_path, chars)
    pages = _pages(pdf)
    page = next(p for p in pages if "2023 年 2 月 20 日" in p)
    assert page is not pages[0] and pages[0].count("，") >= 2  # §7.3.3: 正文 on page 1 too
    above = page.split("××县教育局")[0]
    assert sum(1 for line in above.splitlines() if "。" in line or "，" in line) >= 2
    assert 'w:lineRule="exact"' not in xml.split("GwAddressee")[1]  # nothing tightened


def test_keep_body_never_chains_a_short_first_paragraph_away() -> None:
    """§7.3.3: the first body paragraph keeps with the 署名 only when it can split two
    lines and two; later paragraphs are chained until two lines go with the 署名."""
    from docx import Document

    from drafting.render.fit import Block, keep_body

    document = Document()
    paragraphs = [document.add_paragraph("x")._p for _ in range(3)]

    def flags() -> list[tuple[bool, bool]]:
        return [
            (
                p.find(f"{W}pPr/{W}keepNext") is not None,
                p.find(f"{W}pPr/{W}widowControl") is not None,
            )
            for p in paragraphs
        ]

    def blocks(*lines: int) -> list[Block]:
        return [Block(p, n, 579, 0, 0, False) for p, n in zip(paragraphs, lines, strict=True)]

    keep_body(blocks(3, 3, 3)[:1], [0])  # a lone 3-line paragraph stays where it starts
    assert flags()[0] == (False, False)
    keep_body(blocks(5, 1, 1), [0, 1, 2])  # two 1-line paragraphs make the two lines
    assert flags() == [(False, False), (True, True), (True, True)]
    keep_body(blocks(5, 9, 9), [0, 1, 2])
    assert flags()[2] == (True, True)
    keep_body(blocks(4, 1, 1)[:1], [0])  # four lines: split, two stay and two go
    assert flags()[0] == (True, True)


def test_a_sealed_notice_drops_one_white_line_before_tightening(tmp_path: Path) -> None:
    """§7.3.5.1: the seal's top within one line of the text: with a seal, the second white
    line above the 署名 goes first; the 署名 then stands on page 1 with its 正文."""
    source = tmp_path / "sealed.yaml"
    source.write_text(_notice(100).replace("seal: none\n", ""), encoding="utf-8")
    target = tmp_path / "sealed.docx"
    assert main(["render", str(source), "-o", str(target)]) == 0
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    before = xml.split("GwSignature")[0].rsplit("</w:t>", 1)[1]
    assert before.count("<w:p>") == 2, before  # one white paragraph (and the 署名s own)


def test_a_first_paragraph_surely_running_over_is_released() -> None:
    """The first body paragraph keeps with the 署名 unless the estimate puts some of its
    lines on the next page (widow control then sends two with the 署名)."""
    from docx import Document

    from drafting.render.fit import Block, keep_body, release_split_first

    for height, released in ((6 * 579, True), (8 * 579 - 100, True), (8 * 579, False)):
        document = Document()
        paragraph = document.add_paragraph("x")._p
        blocks = [Block(paragraph, 8, 579, 0, 0, False)]
        keep_body(blocks, [0])
        assert release_split_first(blocks, [0], height) is released
        keep = paragraph.find(f"{W}pPr/{W}keepNext")
        assert (keep is None) is released
        assert paragraph.find(f"{W}pPr/{W}widowControl") is not None
