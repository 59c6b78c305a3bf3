"""A notice with its 附件 rendered into one .docx (render.enclose, issue 20.2)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from drafting.cli import main

from ..conftest import EXAMPLES


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
