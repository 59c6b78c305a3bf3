"""The preview's pages in a real browser: Debian's chromium, headless, driven by selenium.

The inline script pages the document; here we read what it made: the text of every page
(it must still be the .docx's, paragraph by paragraph: pagination splits and moves, it
never changes a character), the page count against LibreOffice's PDF of the same .docx,
the 22 lines of a full body page, the page numbers and the 版记's page. A screenshot of
the pages is written (to ``DRAFTING_PREVIEW_SHOTS`` when set) to be looked at beside the
PDF. Skipped without chromium, chromedriver or selenium unless DRAFTING_REQUIRE_BROWSER=1 or CI=true.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from drafting.cli import main
from drafting.ooxml.text import paragraph_text
from drafting.preview import build_preview

from ..conftest import EXAMPLES
from .test_preview import docx_paragraphs

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
try:
    import selenium  # noqa: F401

    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False
HAVE_BROWSER = HAVE_SELENIUM and Path(CHROMIUM).exists() and Path(DRIVER).exists()
if not HAVE_BROWSER:
    if os.environ.get("DRAFTING_REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true":
        raise RuntimeError(
            "the browser tests are required (CI=true or DRAFTING_REQUIRE_BROWSER=1) but chromium/chromedriver/selenium are missing"
        )
    pytest.skip("chromium, chromedriver or selenium is not installed", allow_module_level=True)
HAVE_PDF = all(shutil.which(tool) for tool in ("soffice", "pdfinfo"))

# Read back what the script laid out: per page, its number, whether blank, the footer's
# text, and its body paragraphs (a split paragraph's second part joined to its first,
# repeated table headers left out), and the lines of 28.95 pt text on it.
READ_PAGES = r"""
const pages = [];
for (const page of document.querySelectorAll('#dr-pages > .page')) {
  const texts = [];
  let lines = 0;
  for (const p of page.querySelectorAll('.body .p')) {
    if (p.closest('[data-repeat]')) continue;
    let text = '';
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) text += child.data;
        else if (child.nodeName === 'BR') text += '\n';
        else if (child.nodeType === 1 && !child.classList.contains('txbx')) walk(child);
      }
    };
    walk(p);
    texts.push([text, p.hasAttribute('data-cont')]);
    const style = getComputedStyle(p);
    if (style.lineHeight === '38.6px' && !p.closest('table') && !p.closest('.txbx')) {
      lines += Math.round(p.getBoundingClientRect().height / 38.6);
    }
  }
  const ftr = page.querySelector('.ftr, .float');
  pages.push({
    number: page.getAttribute('data-number'),
    blank: page.hasAttribute('data-blank'),
    footer: Array.from(page.querySelectorAll('.ftr, .float')).map(f => f.textContent).join('').trim(),
    texts: texts, lines: lines,
    imprint: page.querySelector('.txbx') !== null,
  });
}
return pages;
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(arg)
    options.add_argument("--window-size=1000,1200")
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: Any, html: str, folder: Path) -> list[dict[str, Any]]:
    page = folder / "preview.html"
    page.write_text(html, encoding="utf-8")
    browser.get(page.as_uri())
    for _ in range(200):
        if browser.execute_script("return document.documentElement.classList.contains('paged')"):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the pagination script did not finish")
    pages: list[dict[str, Any]] = browser.execute_script(READ_PAGES)
    return pages


def _shoot(browser: Any, folder: Path, name: str) -> Path:
    """Save the whole preview as a PNG (in DRAFTING_PREVIEW_SHOTS when set); return it."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    width = browser.execute_script("return document.documentElement.scrollWidth")
    browser.set_window_size(max(width, 1000), height + 100)
    target = Path(os.environ.get("DRAFTING_PREVIEW_SHOTS") or folder) / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(target))
    browser.set_window_size(1000, 1200)
    return target


def _joined(pages: list[dict[str, Any]]) -> list[str]:
    texts: list[str] = []
    for page in pages:
        for text, cont in page["texts"]:
            if cont and texts:
                texts[-1] += text
            else:
                texts.append(text)
    return texts


def _pdf_pages(docx: Path) -> int:
    assert main(["render", str(docx.with_suffix(".yaml")), "--pdf", "--force"]) == 0
    info = subprocess.run(
        ["pdfinfo", str(docx.with_suffix(".pdf"))], capture_output=True, text=True, check=True
    ).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.parametrize(
    "name", ["plan-2023-county.yaml", "notice-2025-issue-plan.yaml", "speech-2024-guanwei.yaml"]
)
def test_pages_keep_the_text_and_match_libreoffice(browser: Any, name: str, tmp_path: Path) -> None:
    for file in ("plan-2023-county.yaml", "units.yaml", name):
        shutil.copy(EXAMPLES / file, tmp_path / file)
    source = tmp_path / name
    preview = build_preview(source.read_text("utf-8"), source)
    assert preview.html is not None
    pages = _open(browser, preview.html, tmp_path)
    _shoot(browser, tmp_path, source.stem)
    docx = source.with_suffix(".docx")
    assert main(["render", str(source), "-o", str(docx)]) == 0
    assert _joined(pages) == [paragraph_text(p) for p in docx_paragraphs(docx)]
    numbered = [p for p in pages if p["footer"]]
    assert numbered and all(p["footer"] == f"— {p['number']} —" for p in numbered)
    assert [int(p["number"]) for p in pages] == list(range(1, len(pages) + 1))
    if HAVE_PDF:
        assert len(pages) == _pdf_pages(docx)


def test_a_full_body_page_has_22_lines_and_the_imprint_an_even_page(
    browser: Any, tmp_path: Path
) -> None:
    for file in ("plan-2023-county.yaml", "units.yaml", "notice-2025-issue-plan.yaml"):
        shutil.copy(EXAMPLES / file, tmp_path / file)
    source = tmp_path / "notice-2025-issue-plan.yaml"
    preview = build_preview(source.read_text("utf-8"), source)
    assert preview.html is not None
    pages = _open(browser, preview.html, tmp_path)
    full = [p for p in pages if p["lines"] and p["texts"][0][1] and p["texts"][-1][0]]
    assert full and max(p["lines"] for p in full) == 22  # gbt9704 §2.2: 22 lines a page
    last = pages[-1]
    assert last["imprint"] and int(last["number"]) % 2 == 0 and not last["footer"]  # §7.5


def test_a_page_break_inside_a_paragraph_starts_a_page(browser: Any, tmp_path: Path) -> None:
    from drafting.preview.layout import to_html

    from .test_preview import BROKEN, MERGED, synthetic_docx

    pages = _open(browser, to_html(synthetic_docx(MERGED + BROKEN)), tmp_path)
    assert len(pages) == 2
    assert pages[0]["texts"][-1] == ["上一页\n", False]
    assert pages[1]["texts"] == [["下一页\t末2025年", True]]
    widths = browser.execute_script(
        "return Array.from(document.querySelectorAll('.tab')).map(t => t.offsetWidth)"
    )
    assert widths and all(w > 0 for w in widths)  # to the next default tab stop
