"""Rendered through LibreOffice with the bundled font mapping: the page grid as printed.

Needs LibreOffice, poppler-utils and the fonts installed by tools/install-pdf-deps.sh
(CI runs it). Elsewhere the test is skipped, unless DRAFTING_REQUIRE_PDF=1 (set by
.ci/run) makes a missing tool a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from drafting.cli import main

from ..conftest import EXAMPLES

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


# --- batches: one LibreOffice, the same guarantees per document ----------------------


def _plan_titled(title: str) -> str:
    text = (EXAMPLES / "plan-2023-guanwei.yaml").read_text("utf-8")
    return re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)


def _counting_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put a soffice first on PATH that logs each start and runs the real one; return the log."""
    real = shutil.which("soffice")
    assert real is not None
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "starts.log"
    wrapper = bin_dir / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho start >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_is_converted_by_one_libreoffice_per_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    log = _counting_soffice(tmp_path, monkeypatch)
    titles = {}
    for folder in ("a", "b"):  # the same file names in two folders: PDFs must not mix up
        for name in ("plan", "other"):
            source = tmp_path / folder / f"{name}.yaml"
            source.parent.mkdir(exist_ok=True)
            titles[source.with_suffix(".pdf")] = f"2023年{folder}{name}工作要点"
            source.write_text(_plan_titled(titles[source.with_suffix(".pdf")]), "utf-8")
    args = ["render", "--pdf", "-j", str(jobs), str(tmp_path / "a"), str(tmp_path / "b")]
    assert main(args) == 0
    assert log.read_text().split() == ["start"] * min(jobs, os.cpu_count() or 1)
    for pdf, title in titles.items():
        assert title in re.sub(r"\s", "", "".join(_page_lines(pdf, 1))), pdf


def test_a_long_batch_is_split_into_chunks_each_converted_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import drafting.render.pdf

    log = _counting_soffice(tmp_path, monkeypatch)
    monkeypatch.setattr(drafting.render.pdf, "CHUNK", 2)
    titles = {}
    for index in range(5):
        source = tmp_path / "in" / f"plan{index}.yaml"
        source.parent.mkdir(exist_ok=True)
        titles[tmp_path / "out" / f"plan{index}.pdf"] = f"2023年第{index}份工作要点"
        source.write_text(_plan_titled(f"2023年第{index}份工作要点"), "utf-8")
    assert main(["render", "--pdf", str(tmp_path / "in"), "-o", str(tmp_path / "out")]) == 0
    assert log.read_text().split() == ["start"] * 3  # 2 + 2 + 1
    for pdf, title in titles.items():
        assert title in re.sub(r"\s", "", "".join(_page_lines(pdf, 1))), pdf


def test_a_document_libreoffice_cannot_read_is_named_and_the_rest_convert(
    tmp_path: Path,
) -> None:
    from drafting.render.pdf import Conversion, convert_batch

    good = tmp_path / "good.docx"
    assert main(["render", str(EXAMPLES / "plan-2023-guanwei.yaml"), "-o", str(good)]) == 0
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    items = [
        Conversion(good, tmp_path / "1.pdf"),
        Conversion(broken, tmp_path / "2.pdf"),
        Conversion(good, tmp_path / "3.pdf"),
    ]
    failures = convert_batch(items)
    assert len(failures) == 1 and str(broken) in failures[0], failures
    assert not (tmp_path / "2.pdf").exists()
    for name in ("1.pdf", "3.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")


def test_a_stalled_libreoffice_is_stopped_and_each_document_named(tmp_path: Path) -> None:
    from .test_batch import copies, environment, leftover_processes

    inputs = copies(tmp_path / "in", 3)
    env = environment(tmp_path, DRAFTING_PDF_TIMEOUT="0.5")
    began = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "drafting", "render", "--pdf", str(inputs)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    took = time.monotonic() - began
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for index in range(3):
        assert re.search(rf"doc-000{index}\.docx.*0\.5 秒", result.stderr), result.stderr
    assert not list(inputs.glob("*.pdf")) and not list(inputs.glob("*.tmp"))
    assert not list((tmp_path / "tmp").iterdir())
    assert not leftover_processes(str(tmp_path))
    assert took < 30  # LibreOffice is not started again for every document


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_while_converting_stops_libreoffice_at_once(tmp_path: Path, jobs: str) -> None:
    from .test_batch import assert_clean_stop, copies, environment, interrupt_when

    inputs = copies(tmp_path / "in", 30)
    output = tmp_path / "out"

    def converting() -> bool:
        return output.is_dir() and len(list(output.glob("*.pdf"))) >= 2

    code, took, stdout, stderr = interrupt_when(
        ["render", "--pdf", "-j", jobs, str(inputs), "-o", str(output)],
        environment(tmp_path),
        converting,
    )
    finished = assert_clean_stop(tmp_path, code, took, stdout, stderr, output)
    pdfs = [p for p in finished if p.suffix == ".pdf"]
    assert len([p for p in finished if p.suffix == ".docx"]) == 30
    assert 2 <= len(pdfs) < 30
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


def test_a_libreoffice_crash_fails_one_document_and_the_rest_convert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tempfile
    import threading

    from .test_batch import copies, leftover_processes

    log = _counting_soffice(tmp_path, monkeypatch)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    inputs = copies(tmp_path / "in", 8)
    output = tmp_path / "out"

    def crash_once() -> None:  # kill LibreOffice's worker process once two PDFs are out
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if output.is_dir() and len(list(output.glob("*.pdf"))) >= 2:
                for entry in Path("/proc").iterdir():
                    try:
                        cmdline = (entry / "cmdline").read_bytes()
                    except OSError:
                        continue
                    if b"soffice.bin" in cmdline and str(scratch).encode() in cmdline:
                        os.kill(int(entry.name), signal.SIGKILL)
                        return
            time.sleep(0.02)

    killer = threading.Thread(target=crash_once)
    killer.start()
    code = main(["render", "--pdf", str(inputs), "-o", str(output)])
    killer.join()
    assert code == 1
    pdfs = sorted(p.name for p in output.glob("*.pdf"))
    assert len(pdfs) == 7, pdfs  # one document lost to the crash, named; the rest converted
    lost = next(f"doc-{i:04d}" for i in range(8) if f"doc-{i:04d}.pdf" not in pdfs)
    err = capsys.readouterr().err
    assert re.search(rf"错误：LibreOffice 转换 \S*{lost}\.docx 失败：LibreOffice 异常退出", err), (
        err
    )
    assert log.read_text().split() == ["start", "start"]
    assert not leftover_processes(str(scratch))
    assert not list(scratch.iterdir())
