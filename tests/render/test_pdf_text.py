"""The PDF as LibreOffice prints it: every character of the body, and nothing outside the 版心.

Every example is rendered with every ``--fonts`` and ``--profile`` choice and the lot is
converted in one soffice call, the way ``drafting render --pdf`` hands a .docx to
LibreOffice (:func:`drafting.render.lo_input.for_libreoffice`, our font mapping). Then

* the non-space characters of the .docx body must all appear in the PDF text, in order
  (``pdftotext -raw``; extra characters such as page numbers are allowed);
* no ink may lie outside the 版心 of GB/T 9704-2012 §5.2.1, 156 mm × 225 mm at 28 mm
  from the binding edge and 37 mm from the top, mirrored on even pages when the
  document asks for mirrored margins, rotated on landscape pages. The page number is
  outside the 版心 by definition and is masked out. Pages are rasterised by pdftoppm.

The fast tests at the end need neither: the templates' own value, the copy soffice
gets, and the whites of a rotated page.

Needs LibreOffice and poppler-utils (tools/install-pdf-deps.sh, run by .ci/run);
skipped without them unless DRAFTING_REQUIRE_PDF=1 makes that a failure.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from drafting.cli import main
from drafting.gbt9704 import FONT_PROFILES, PAGE_PROFILES
from drafting.render.lo_input import for_libreoffice
from drafting.resources import KINDS, data_dir
from drafting.soffice import soffice

from ..conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM_PER_PT = 25.4 / 72
DPI = 100
MM_PER_PX = 25.4 / DPI
DARK = bytes(1 if value < 128 else 0 for value in range(256))  # ink: darker than mid-grey

# GB/T 9704-2012 §5.2.1 on A4 (mm): 天头 37, 订口 28, 版心 156 × 225.
PAPER = (210.0, 297.0)
TOP, BINDING, WIDTH, HEIGHT = 37.0, 28.0, 156.0, 225.0
# Horizontally a 28-character line fills 155.6 of the 156 mm; what remains is the
# -0.25 pt spacing of a line's last character (0.09 mm), a table border's half width
# and one pixel. Vertically GB/T 9704 §5.2.1 allows the whites ±1 mm, and where
# LibreOffice puts a glyph inside an exact-height line is its own choice.
SLACK_X, SLACK_Y = 0.3, 1.0

DOCUMENTS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "units.yaml")
CHOICES = [(fonts, profile) for fonts in FONT_PROFILES for profile in PAGE_PROFILES]
CASES = [f"{source.stem}.{fonts}.{profile}" for source in DOCUMENTS for fonts, profile in CHOICES]


@dataclass(frozen=True)
class Word:
    """A word of ``pdftotext -bbox`` output, its box in mm from the page's top left."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    """One PDF page: its number, size in mm and words (the page number excluded)."""

    number: int
    width: float
    height: float
    words: list[Word]
    page_number: list[Word]


def _tools() -> None:
    missing = [tool for tool in ("soffice", "pdftotext", "pdftoppm") if not shutil.which(tool)]
    if missing:
        if os.environ.get("DRAFTING_REQUIRE_PDF"):
            raise RuntimeError(f"DRAFTING_REQUIRE_PDF is set but {missing} are missing")
        pytest.skip(f"{', '.join(missing)} not installed")


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Render every case, convert them all in one soffice call; return the folder."""
    _tools()
    folder = tmp_path_factory.mktemp("pdf-text")
    copies = []
    for source in DOCUMENTS:
        for fonts, profile in CHOICES:
            docx = folder / f"{source.stem}.{fonts}.{profile}.docx"
            args = ["render", str(source), "-o", str(docx), "--fonts", fonts, "--profile", profile]
            assert main(args) == 0
            copies.append(for_libreoffice(docx, folder / "in"))
    env = dict(os.environ, FONTCONFIG_FILE=str(data_dir("templates").joinpath("fonts.conf")))
    subprocess.run(
        [
            soffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, copies),
        ],
        env=env,
        capture_output=True,
        check=True,
        timeout=900,
    )
    return folder


def _docx_text(docx: Path) -> str:
    """Return the non-space characters of the document body, in order."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    body = root.find(f"{W}body")
    return re.sub(r"\s", "", "".join(t.text or "" for t in body.iter(f"{W}t")))


def _mirrored(docx: Path) -> bool:
    with zipfile.ZipFile(docx) as archive:
        settings = etree.fromstring(archive.read("word/settings.xml"))
    return settings.find(f"{W}mirrorMargins") is not None


def _pages(pdf: Path) -> list[Page]:
    """Return the pages of ``pdf`` with their words in content order (``pdftotext -raw``)."""
    html = subprocess.run(
        ["pdftotext", "-raw", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    pages = []
    for number, page in enumerate(root.iter("page"), 1):
        words = [
            Word(
                w.text or "",
                *(float(w.get(k)) * MM_PER_PT for k in ("xmin", "ymin", "xmax", "ymax")),
            )
            for w in page.iter("word")
        ]
        count = _page_number_words(words, f"—{number}—")
        body, numbered = words[: len(words) - count], words[len(words) - count :]
        if not count:  # a landscape page's turned number, in its footer's text box, comes first
            head = _leading_number_words(words, f"—{number}—")
            body, numbered = words[head:], words[:head]
        if not numbered:  # drawn before a text box anchored on the page (a notice's 版记)
            start, count = _footer_number_words(words, f"—{number}—", TOP + HEIGHT)
            body = words[:start] + words[start + count :]
            numbered = words[start : start + count]
        pages.append(
            Page(
                number,
                float(page.get("width")) * MM_PER_PT,
                float(page.get("height")) * MM_PER_PT,
                body,
                numbered,
            )
        )
    return pages


def _page_number_words(words: list[Word], number: str) -> int:
    """Return how many of the last ``words`` spell ``number`` (LibreOffice draws it last)."""
    tail = ""
    for count, word in enumerate(reversed(words), 1):
        tail = word.text + tail
        if tail == number:
            return count
        if not number.endswith(tail):
            break
    return 0


def _leading_number_words(words: list[Word], number: str) -> int:
    """Return how many of the first ``words`` spell ``number`` (0 when they do not)."""
    text = ""
    for count, word in enumerate(words, 1):
        text += word.text
        if text == number:
            return count
        if not number.startswith(text):
            break
    return 0


def _footer_number_words(words: list[Word], number: str, below: float) -> tuple[int, int]:
    """Return (start, count) of the words that spell ``number`` on one line whose top is
    lower than ``below`` mm — under the 版心, where GB/T 9704 §7.5 puts the page number;
    (0, 0) when there are none."""
    for start, first in enumerate(words):
        if first.y0 <= below:
            continue
        count = _leading_number_words(words[start:], number)
        if count and all(abs(w.y0 - first.y0) < 0.5 for w in words[start : start + count]):
            return start, count
    return 0, 0


def _text_block(page: Page, mirrored: bool) -> tuple[float, float, float, float]:
    """Return the 版心 of ``page`` as (left, top, right, bottom) in mm."""
    if page.width > page.height:  # a rotated page: the binding edge is at the top
        left, top, width, height = PAPER[1] - TOP - HEIGHT, BINDING, HEIGHT, WIDTH
    else:
        left, top, width, height = BINDING, TOP, WIDTH, HEIGHT
    if mirrored and page.number % 2 == 0:  # an even page: the binding edge is on the right
        left = page.width - left - width
    return left, top, left + width, top + height


def _ink(
    pdf: Path, pages: list[Page], folder: Path
) -> list[tuple[int, float, float, float, float]]:
    """Return (page, left, top, right, bottom) in mm of the ink of every page.

    The page number is masked out; a page without ink is left out.
    """
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), str(pdf), str(prefix)], check=True)
    images = {int(p.stem.rsplit("-", 1)[1]): p for p in folder.glob(f"{pdf.stem}-*.pgm")}
    found = []
    for page in pages:
        image = images[page.number]
        data = image.read_bytes()
        head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+\d+\s", data)
        assert head, image
        width, height = int(head[1]), int(head[2])
        pixels = data[head.end() :].translate(DARK)
        masks = [
            (
                int(w.x0 / MM_PER_PX) - 2,
                int(w.y0 / MM_PER_PX) - 2,
                int(w.x1 / MM_PER_PX) + 2,
                int(w.y1 / MM_PER_PX) + 2,
            )
            for w in page.page_number
        ]
        x0, x1, rows = width, -1, []
        for y in range(height):
            row = bytearray(pixels[y * width : (y + 1) * width])
            for mx0, my0, mx1, my1 in masks:
                if my0 <= y <= my1:
                    row[max(mx0, 0) : mx1] = bytes(len(row[max(mx0, 0) : mx1]))
            first = row.find(1)
            if first >= 0:
                rows.append(y)
                x0, x1 = min(x0, first), max(x1, row.rfind(1) + 1)
        if rows:
            found.append(
                (
                    page.number,
                    x0 * MM_PER_PX,
                    rows[0] * MM_PER_PX,
                    x1 * MM_PER_PX,
                    (rows[-1] + 1) * MM_PER_PX,
                )
            )
        image.unlink()
    return found


@pytest.mark.parametrize("case", CASES)
def test_every_body_character_reaches_the_pdf(case: str, converted: Path) -> None:
    want = _docx_text(converted / f"{case}.docx")
    got = re.sub(
        r"\s", "", "".join(w.text for p in _pages(converted / f"{case}.pdf") for w in p.words)
    )
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    missing = [
        f"…{want[max(i1 - 12, 0) : i1]}[{want[i1:i2]}]"
        for op, i1, i2, _, _ in matcher.get_opcodes()
        if op in ("delete", "replace")
    ]
    assert not missing, f"{len(missing)} 处字符没有出现在 PDF 中：" + "；".join(missing[:10])


@pytest.mark.parametrize("case", CASES)
def test_no_ink_outside_the_text_block(case: str, converted: Path, tmp_path: Path) -> None:
    pdf = converted / f"{case}.pdf"
    pages = _pages(pdf)
    mirrored = _mirrored(converted / f"{case}.docx")
    by_number = {page.number: page for page in pages}
    outside = []
    for number, x0, y0, x1, y1 in _ink(pdf, pages, tmp_path):
        page = by_number[number]
        left, top, right, bottom = _text_block(page, mirrored)
        across = max(left - x0, x1 - right)
        down = max(top - y0, y1 - bottom)
        if across > SLACK_X or down > SLACK_Y:
            words = [
                w.text
                for w in page.words
                if w.x0 < left - SLACK_X
                or w.x1 > right + SLACK_X
                or w.y0 < top - SLACK_Y
                or w.y1 > bottom + SLACK_Y
            ]
            outside.append(
                f"第 {number} 页超出版心：左右 {across:.2f} mm，上下 {down:.2f} mm，"
                f"墨迹 x {x0:.1f}–{x1:.1f} y {y0:.1f}–{y1:.1f}，版心 x {left:.0f}–{right:.0f} "
                f"y {top:.0f}–{bottom:.0f}；{words[:3]}"
            )
    assert not outside, "\n".join(outside)


def test_the_issue_16_lines_keep_their_punctuation(tmp_path: Path) -> None:
    """``drafting render --pdf`` itself: the two line ends the issue found stripped."""
    _tools()
    source = tmp_path / "plan.yaml"
    source.write_bytes((EXAMPLES / "plan-2023-county.yaml").read_bytes())
    assert main(["render", "--pdf", str(source)]) == 0
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "plan.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = re.sub(r"\s", "", text)
    assert "承前启后的关键之年。全县" in flat
    assert "的决定性意义，增强" in flat


@pytest.mark.parametrize("kind", KINDS)
def test_the_template_forbids_punctuation_past_the_margins(kind: str) -> None:
    """Word reads the value as written (ECMA-376 §17.3.1.21): no overflow past the 版心."""
    with (
        data_dir("templates").joinpath(f"{kind}.docx").open("rb") as raw,
        zipfile.ZipFile(raw) as archive,
    ):
        styles = etree.fromstring(archive.read("word/styles.xml"))
    normal = styles.find(f"{W}style[@{W}styleId='Normal']")
    assert normal.find(f"{W}pPr/{W}overflowPunct").get(f"{W}val") == "0"


def test_libreoffice_gets_the_value_it_reads_as_no_overflow(tmp_path: Path) -> None:
    """soffice reads overflowPunct inverted: the copy it converts says 1 for our 0."""
    docx = tmp_path / "a.docx"
    assert main(["render", str(EXAMPLES / "speech-2024-guanwei.yaml"), "-o", str(docx)]) == 0
    copy = for_libreoffice(docx, tmp_path / "in")
    assert copy.name == docx.name and copy != docx
    with zipfile.ZipFile(copy) as archive, zipfile.ZipFile(docx) as original:
        assert archive.namelist() == original.namelist()
        styles = etree.fromstring(archive.read("word/styles.xml"))
        for name in original.namelist():
            if name != "word/styles.xml":
                assert archive.read(name) == original.read(name), name
    values = [e.get(f"{W}val") for e in styles.iter(f"{W}overflowPunct")]
    assert values == ["1"]


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
