"""The exact page view: one warm LibreOffice driven through the UNO bridge (issue 21).

Skipped where LibreOffice, python3-uno or pdftoppm is missing, unless
DRAFTING_REQUIRE_PDF=1 (CI installs them: tools/install-pdf-deps.sh).
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafting.cli import main
from drafting.errors import PageViewFailed
from drafting.preview import pageview
from drafting.preview.pageview import PageView

from ..conftest import EXAMPLES

if not PageView(Path("/nonexistent")).available():
    if os.environ.get("DRAFTING_REQUIRE_PDF"):
        raise RuntimeError(
            "DRAFTING_REQUIRE_PDF is set but LibreOffice/python3-uno/pdftoppm are missing"
        )
    pytest.skip("LibreOffice, python3-uno or pdftoppm is not installed", allow_module_level=True)


def _size(png: bytes) -> tuple[int, int]:
    """Return (width, height) of a PNG, read from its IHDR chunk."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


def _group_alive(pgid: int) -> bool:
    """Return True while a live process of the group ``pgid`` remains (waiting up to 5 s:
    soffice.bin, a grandchild, dies a moment after the signal)."""
    deadline = time.monotonic() + 5
    while _group_seen(pgid):
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)
    return False


def _group_seen(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return any(
        _alive(int(p.name))
        for p in Path("/proc").iterdir()
        if p.name.isdigit() and _pgid(int(p.name)) == pgid
    )


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _using(folder: Path) -> list[int]:
    """Return the processes whose command line names ``folder`` (our LibreOffice profile)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            words = (proc / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if str(folder) in words and _alive(int(proc.name)):
            found.append(int(proc.name))
    return found


def _gone(folder: Path) -> bool:
    deadline = time.monotonic() + 5
    while _using(folder):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, int]:
    """Return the notice with its 附件 (portrait and landscape pages, a blank page before
    the 版记) as ``drafting render`` writes it, and its PDF's page count."""
    folder = tmp_path_factory.mktemp("pageview-doc")
    for name in ("notice-2025-issue-plan.yaml", "plan-2023-county.yaml", "units.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    source = folder / "notice-2025-issue-plan.yaml"
    assert main(["render", str(source), "--pdf"]) == 0
    info = subprocess.run(
        ["pdfinfo", str(source.with_suffix(".pdf"))], capture_output=True, text=True, check=True
    ).stdout
    count = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    return source.with_suffix(".docx").read_bytes(), count


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PageView]:
    page_view = PageView(tmp_path_factory.mktemp("pageview"))
    try:
        yield page_view
    finally:
        page_view.close()


def test_pages_of_an_example_are_the_pdf_pages(view: PageView, rendered: tuple[bytes, int]) -> None:
    docx, count = rendered
    pages = view.pages(docx)
    assert len(pages) == count == 8
    sizes = [_size(png) for png in pages]
    assert sizes[0] == (794, 1123)  # A4 at 96 dpi
    assert any(w > h for w, h in sizes)  # the task table's landscape page
    first = view.soffice_pid
    assert view.pages(docx) == pages  # warm: the same LibreOffice, the same pages
    assert view.soffice_pid == first


def test_it_survives_a_killed_libreoffice(view: PageView, rendered: tuple[bytes, int]) -> None:
    docx, count = rendered
    view.pages(docx)
    pid = view.soffice_pid
    assert pid is not None
    os.killpg(pid, signal.SIGKILL)  # LibreOffice (started by the view) and soffice.bin
    assert len(view.pages(docx)) == count
    assert view.soffice_pid not in (None, pid)


def test_a_stalled_libreoffice_is_stopped_in_time_and_restarted(
    view: PageView, rendered: tuple[bytes, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    docx, count = rendered
    view.pages(docx)
    pid = view.soffice_pid
    assert pid is not None
    os.killpg(pid, signal.SIGSTOP)
    monkeypatch.setenv("DRAFTING_PAGEVIEW_TIMEOUT", "2")
    with pytest.raises(PageViewFailed) as caught:
        view.pages(docx)
    assert caught.value.code == "pageview-timeout"
    assert "秒内没有完成" in caught.value.message
    assert not _group_alive(pid)  # the stalled one was killed, not left stopped
    monkeypatch.delenv("DRAFTING_PAGEVIEW_TIMEOUT")
    assert len(view.pages(docx)) == count


def test_not_a_docx_is_a_chinese_error(view: PageView) -> None:
    with pytest.raises(PageViewFailed) as caught:
        view.pages(b"not a zip at all")
    assert caught.value.code == "not-docx" and "Word" in caught.value.message


def test_close_leaves_no_process(tmp_path: Path, rendered: tuple[bytes, int]) -> None:
    own = PageView(tmp_path / "view")
    own.pages(rendered[0])
    office = own.soffice_pid
    assert office is not None
    bridge = own._processes[1].pid
    assert _using(tmp_path / "view")  # soffice and soffice.bin, with our profile
    own.close()
    assert not _group_alive(office) and not _alive(bridge)
    assert _gone(tmp_path / "view")
    own.close()  # twice is fine


def test_without_libreoffice_it_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pageview, "_soffice", lambda: None)
    view = PageView(tmp_path)
    assert not view.available()
    with pytest.raises(PageViewFailed) as caught:
        view.pages(b"")
    assert caught.value.code == "no-libreoffice"
    assert "python3-uno" in caught.value.message and "LibreOffice" in caught.value.message


def test_ppm_becomes_a_png_of_the_same_pixels() -> None:
    import zlib

    width, height = 3, 2
    pixels = bytes(range(width * height * 3))
    ppm = b"P6\n# made by a test\n3 2\n255\n" + pixels
    png = pageview.png(ppm)
    assert _size(png) == (3, 2)
    start = png.index(b"IDAT") + 4
    length = struct.unpack(">I", png[start - 8 : start - 4])[0]
    raw = zlib.decompress(png[start : start + length])
    rows = [raw[i * 10 : (i + 1) * 10] for i in range(height)]
    assert all(row[0] == 0 for row in rows)  # filter type None
    assert b"".join(row[1:] for row in rows) == pixels
    with pytest.raises(PageViewFailed):
        pageview.png(b"P6\n3 2\n255\n" + pixels[:5])
