"""A notice with its 附件 rendered into one .docx (render.enclose, issue 20.2)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from drafting.cli import main

from ..conftest import EXAMPLES, ROOT

_spec = importlib.util.spec_from_file_location("measure_pdf", ROOT / "tools" / "measure_pdf.py")
assert _spec is not None and _spec.loader is not None
measure_pdf: Any = importlib.util.module_from_spec(_spec)
sys.modules["measure_pdf"] = measure_pdf  # dataclasses look their module up
_spec.loader.exec_module(measure_pdf)

HAVE_PDF = all(shutil.which(tool) for tool in ("soffice", "pdftotext"))
if not HAVE_PDF and os.environ.get("DRAFTING_REQUIRE_PDF"):
    raise RuntimeError("DRAFTING_REQUIRE_PDF is set but LibreOffice/poppler are missing")
LANDSCAPE_RULE = "横排页页码（与竖排页同一位置）"
PROFILES = ("standard", "strict")


def _texts(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs if p.text]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("notice-2025-issue-plan.yaml", "plan-2023-county.yaml", "units.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path


def test_the_notice_its_attachments_and_the_imprint_make_one_document(folder: Path) -> None:
    target = folder / "out.docx"
    assert main(["render", str(folder / "notice-2025-issue-plan.yaml"), "-o", str(target)]) == 0
    texts = _texts(target)
    first, second = texts.index("附件1"), texts.index("附件2")
    assert texts[first + 1] == "2023年县教育工作要点"
    assert texts[second + 1] == "2023年县教育工作要点重点工作任务分解表"
    assert texts.index("（此件公开发布）") < first < second
    # the plan's own 附件说明 would contradict the notice's numbering
    assert "附件：重点工作任务分解表" not in texts
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("word/document.xml").decode()
    assert xml.count('id="imprint"') == 1
    assert xml.index('id="imprint"') > xml.index("工作任务")  # after the last 附件


def test_a_change_to_an_attached_file_changes_the_output(folder: Path) -> None:
    notice, target = folder / "notice-2025-issue-plan.yaml", folder / "out.docx"
    assert main(["render", str(notice), "-o", str(target)]) == 0
    plan = folder / "plan-2023-county.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "title: 2023年县教育工作要点", "title: 2023年要点"
        ),
        encoding="utf-8",
    )
    assert main(["render", str(notice), "-o", str(target), "--force"]) == 0
    assert "2023年要点" in _texts(target)


@pytest.mark.parametrize(
    ("path", "code"),
    [("missing.yaml", "attachment-missing"), ("../outside.yaml", "attachment-outside")],
)
def test_a_bad_attachment_is_an_error_at_its_entry(
    folder: Path, path: str, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = folder / "notice-2025-issue-plan.yaml"
    text = notice.read_text(encoding="utf-8").replace(
        "  - path: plan-2023-county.yaml\n    part: task-table", f"  - path: {path}"
    )
    notice.write_text(text, encoding="utf-8")
    (folder.parent / "outside.yaml").write_text("kind: plan\n", encoding="utf-8")
    assert main(["check", str(notice)]) == 1
    out = capsys.readouterr().out
    line = next(i for i, t in enumerate(text.splitlines(), 1) if path in t)
    assert f"notice-2025-issue-plan.yaml:{line}:" in out and code in out, out
    assert "Traceback" not in out


@pytest.fixture(scope="module")
def turned_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The example notice (附件2 its plan's landscape task table) and that plan alone,
    rendered in both page profiles and converted by LibreOffice in one batch."""
    from drafting.render.pdf import Conversion, convert_batch

    if not HAVE_PDF:
        pytest.skip("LibreOffice or poppler-utils missing")
    folder = tmp_path_factory.mktemp("turned")
    for name in ("notice-2025-issue-plan.yaml", "plan-2023-county.yaml", "units.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    items, found = [], {}
    for stem in ("notice-2025-issue-plan", "plan-2023-county"):
        for profile in PROFILES:
            target = folder / f"{stem}-{profile}.docx"
            argv = ["render", str(folder / f"{stem}.yaml"), "-o", str(target), "--profile", profile]
            assert main(argv) == 0
            items.append(Conversion(target, target.with_suffix(".pdf")))
            found[stem, profile] = target.with_suffix(".pdf")
    assert convert_batch(items) == []
    return found


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("stem", ["notice-2025-issue-plan", "plan-2023-county"])
def test_the_landscape_page_number_is_turned_alone_and_inside_a_notice(
    stem: str, profile: str, turned_pdfs: dict[tuple[str, str], Path]
) -> None:
    """Issue 20.4: the task table's landscape page prints its number turned where the
    portrait pages have theirs -- inside the composed notice as for the plan alone (the
    DrawingML text box that held it was laid out at the page's corner in the notice)."""
    pages = measure_pdf.read_pdf(turned_pdfs[stem, profile])
    landscape = [page for page in pages if page.landscape]
    assert len(landscape) == 1, [page.index for page in pages]
    page = landscape[0]
    text = "".join(g.text for g in page.turned if g.turn == 90).replace(" ", "")
    assert text == f"—{page.index}—", text
    assert page.number_line is None  # nothing printed upright in the landscape footer
    options = measure_pdf.Options(kind=stem.split("-")[0], profile=profile)
    rows = {row.rule: row for row in measure_pdf.measure(pages, options)}
    assert rows[LANDSCAPE_RULE].status == "pass", measure_pdf.table([rows[LANDSCAPE_RULE]])


@pytest.mark.parametrize("profile", PROFILES)
def test_an_imprint_page_of_its_own_is_even_and_unnumbered(
    profile: str, turned_pdfs: dict[tuple[str, str], Path]
) -> None:
    """§7.5: the 版记 alone on its page (the last 附件 ends landscape) prints no page
    number and stands on an even page; the blank page before it prints none either.
    It was alone on page 7 numbered "— 7 —"."""
    pages = measure_pdf.read_pdf(turned_pdfs["notice-2025-issue-plan", profile])
    assert [page.index for page in pages if page.landscape] == [6]
    assert len(pages) == 8
    blank, imprint = pages[6], pages[7]
    assert not blank.lines and not blank.shapes and not blank.turned
    assert imprint.number_line is None
    assert "印发" in "".join(line.text for line in imprint.lines)
    numbered = [page.index for page in pages if page.number_line or page.turned]
    assert numbered == [1, 2, 3, 4, 5, 6]
    options = measure_pdf.Options(kind="notice", profile=profile, seal=True)
    rows = {row.rule: row for row in measure_pdf.measure(pages, options)}
    for rule in ("版记页不编页码（且在偶数页）", "版记末条分隔线与版心下沿重合"):
        assert rows[rule].status == "pass", measure_pdf.table([rows[rule]])
