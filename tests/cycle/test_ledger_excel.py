"""``drafting tasks`` for Excel: CSV that opens right whether printed or written, an xlsx
in a Chinese font with an autofilter, both read back by LibreOffice Calc.

Excel itself cannot run here. It opens a CSV as UTF-8 only when the file starts with a
BOM (otherwise in the Windows code page, 936 on Chinese Windows, which garbles it), so the
bytes are tested exactly, from stdout and from -o. Calc then reads both files and opens
and prints the xlsx. LibreOffice Calc (libreoffice-calc-nogui) and poppler come from
tools/install-pdf-deps.sh; the Calc tests are skipped without them unless
DRAFTING_REQUIRE_PDF=1 (set by .ci/run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from lxml import etree

from drafting.check import Checker
from drafting.cycle.ledger import rows
from drafting.model import from_data
from drafting.resources import data_dir

from ..conftest import ROOT

PLAN = ROOT / "tests" / "lint" / "four-levels.yaml"
BOM = b"\xef\xbb\xbf"
HEADER_LINE = "序号,所属部分,工作任务,牵头单位,责任单位,完成时限\r\n".encode()
FIRST_ROW = "1,一、加强党的建设,深入学习贯彻党的二十大精神。,办公室,政工人事股,2025年12月底前\r\n"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _attr(element: etree._Element, name: str) -> str | None:
    """Return the attribute ``prefix:local`` of an OpenDocument ``element``."""
    prefix, local = name.split(":")
    return element.get(f"{{{NS[prefix]}}}{local}")


def _expected() -> list[list[str]]:
    """Return the ledger of PLAN as text cells, header first."""
    doc = from_data("plan", Checker().check_file(PLAN).data)
    header = ["序号", "所属部分", "工作任务", "牵头单位", "责任单位", "完成时限"]
    return [header, *[list(r.cells()) for r in rows(doc)]]


def _drafting(*args: str, encoding: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    """Run the CLI as a user does, with stdout a file of bytes in ``encoding``'s locale."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "drafting", *args], capture_output=True, env=env, check=False
    )


# PYTHONIOENCODING=gbk stands for a Chinese Windows console or `>` redirect (code page 936)
@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_csv_is_the_same_bytes_on_stdout_and_with_o(tmp_path: Path, encoding: str) -> None:
    printed = _drafting("tasks", str(PLAN), "--format", "csv", encoding=encoding)
    assert printed.returncode == 0, printed.stderr.decode()
    target = tmp_path / "t.csv"
    written = _drafting("tasks", str(PLAN), "--format", "csv", "-o", str(target))
    assert written.returncode == 0, written.stderr.decode()
    data = target.read_bytes()
    assert printed.stdout == data
    assert data.startswith(BOM + HEADER_LINE + FIRST_ROW.encode())
    assert data.count(b"\r\n") == 6 and data.count(b"\n") == 6  # CRLF only, one per row


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("DRAFTING_REQUIRE_PDF"):
            raise RuntimeError("DRAFTING_REQUIRE_PDF is set but LibreOffice is missing")
        pytest.skip("LibreOffice is not installed")
    return found


def _calc(sources: list[Path], fmt: str, folder: Path, infilter: str | None = None) -> None:
    """Convert ``sources`` with LibreOffice Calc into ``folder``; skip when Calc is missing."""
    command = [
        _soffice(),
        "--headless",
        "--norestore",
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
    ]
    command += [f"--infilter={infilter}"] if infilter else []
    command += ["--convert-to", fmt, "--outdir", str(folder), *map(str, sources)]
    env = {**os.environ, "FONTCONFIG_FILE": str(data_dir("templates").joinpath("fonts.conf"))}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    suffix = fmt.split(":")[0]
    if not all((folder / f"{s.stem}.{suffix}").is_file() for s in sources):
        message = f"LibreOffice Calc did not convert: {result.stdout}{result.stderr}"
        if os.environ.get("DRAFTING_REQUIRE_PDF"):
            raise AssertionError(message)
        pytest.skip(message + " (is libreoffice-calc-nogui installed?)")


def test_calc_reads_both_csv_files_as_the_chinese_table(tmp_path: Path) -> None:
    printed = tmp_path / "printed.csv"
    printed.write_bytes(_drafting("tasks", str(PLAN), "--format", "csv").stdout)
    written = tmp_path / "written.csv"
    assert _drafting("tasks", str(PLAN), "--format", "csv", "-o", str(written)).returncode == 0
    out = tmp_path / "calc"
    # comma, double quote, UTF-8 (76): the BOM must not end up in cell A1
    _calc([printed, written], "xlsx", out, infilter="CSV:44,34,76,1")
    for name in ("printed", "written"):
        sheet = openpyxl.load_workbook(out / f"{name}.xlsx").active
        table = [
            ["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)
        ]
        assert table == _expected(), name


def test_xlsx_is_in_songti_with_an_autofilter_on_the_header(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    assert _drafting("tasks", str(PLAN), "--format", "xlsx", "-o", str(target)).returncode == 0
    sheet = openpyxl.load_workbook(target).active
    assert sheet.auto_filter.ref == "A1:F6"  # the header and every task
    cells = [c for row in sheet.iter_rows(min_row=1, max_row=6, max_col=6) for c in row]
    assert {c.font.name for c in cells} == {"宋体"}
    assert {c.font.charset for c in cells} == {134}  # GB2312, as Excel writes for 宋体
    assert all(c.font.bold for c in sheet[1]) and not any(c.font.b for c in sheet[2])
    assert {sheet.column_dimensions[c].font.name for c in "ABCDEF"} == {"宋体"}  # typed-in cells


def test_calc_opens_the_xlsx_with_its_filter_and_font(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    assert _drafting("tasks", str(PLAN), "--format", "xlsx", "-o", str(target)).returncode == 0
    _calc([target], "fods", tmp_path)
    root = etree.parse(str(tmp_path / "t.fods")).getroot()
    ranges = root.findall(".//table:database-range", NS)
    found = [
        (_attr(r, "table:target-range-address"), _attr(r, "table:display-filter-buttons"))
        for r in ranges
    ]
    assert found == [("责任清单.A1:责任清单.F6", "true")]
    asian = {}
    for style in root.iterfind(".//style:style[@style:family='table-cell']", NS):
        props = style.find("style:text-properties", NS)
        if props is not None:
            asian[_attr(style, "style:name")] = _attr(props, "style:font-name-asian")
    seen, fonts = [], set()
    for row in root.findall(".//table:table-row", NS)[:6]:
        cells = [
            cell
            for cell in row.findall("table:table-cell", NS)
            for _ in range(int(_attr(cell, "table:number-columns-repeated") or "1"))
        ][:6]
        seen.append(
            ["".join(t for p in c.iterfind("text:p", NS) for t in p.itertext()) for c in cells]
        )
        fonts |= {asian.get(_attr(c, "table:style-name")) for c in cells}
    assert seen == _expected()
    # Calc gives a cell's font to its Chinese text only when the font has CJK glyphs; with
    # the bundled fonts.conf 宋体 is FandolSong. The Default cell style is Calibri.
    assert fonts == {"宋体"}


def _words(pdf: Path) -> list[list[tuple[float, float, float, float]]]:
    """Return the word boxes of each page of ``pdf`` (pdftotext -bbox), in points."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    return [
        [
            tuple(float(w.get(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
            for w in page.iter("word")
        ]
        for page in root.iter("page")
    ]


def test_calc_prints_every_wrapped_cell_whole_and_apart(tmp_path: Path) -> None:
    """Calc does not grow rows for wrapped text: without row heights the second line of a
    long 所属部分 was cut off (Calibri) or printed over the next row (宋体)."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("DRAFTING_REQUIRE_PDF"):
            raise RuntimeError("DRAFTING_REQUIRE_PDF is set but poppler-utils is missing")
        pytest.skip("poppler-utils is not installed")
    plan = ROOT / "examples" / "plan-2023-county.yaml"
    target = tmp_path / "t.xlsx"
    assert _drafting("tasks", str(plan), "--format", "xlsx", "-o", str(target)).returncode == 0
    _calc([target], "pdf", tmp_path)
    pdf = tmp_path / "t.pdf"
    printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
    text = "".join(printed.stdout.decode().split())
    doc = from_data("plan", Checker().check_file(plan).data)
    cells = {c for r in rows(doc) for c in r.cells()[1:] if c}
    assert "一、以政治建设为统领，全面加强党的领导" in cells  # wraps in its column
    assert [c for c in cells if c not in text] == []
    for boxes in _words(pdf):
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                across = min(a[2], b[2]) - max(a[0], b[0])
                down = min(a[3], b[3]) - max(a[1], b[1])
                assert across <= 3 or down <= 3, (a, b)  # lines of a cell touch by ~0.5
