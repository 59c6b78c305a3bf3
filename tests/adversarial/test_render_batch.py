"""Issue 17 cause 2: long document properties, and one bad file in a batch of several.

python-docx refuses core properties over 255 characters; check accepted such a title,
org or occasion and render crashed (exit 70), with ``-j 1`` leaving the rest of the
batch unrendered and with ``-j 2`` reporting nothing. Now check and render agree (the
values are stored whole) and a document that fails for any reason fails alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

import drafting.render.batch
from drafting.cli import main
from drafting.errors import ExitCode

from .conftest import PLAN

SPEECH = """kind: speech
title: 在全县教育工作会议上的讲话
year: 2024
speaker: 局长　×××
date: 2024-01-23
sections:
  - title: 关于今年的工作
    text: 今年要抓好三件事。
"""

LONG = "长" * 300  # past python-docx's 255-character limit on a core property

PROPERTIES = [
    ("title", PLAN.replace("2025年工作要点", LONG), "title", LONG),
    ("org", PLAN.replace("year: 2025", f"year: 2025\norg: {LONG}"), "author", LONG),
    ("occasion", SPEECH + f"occasion: {LONG}\n", "subject", LONG),
]


@pytest.mark.parametrize(
    ("field", "text", "prop", "value"), PROPERTIES, ids=[p[0] for p in PROPERTIES]
)
def test_a_long_property_passes_check_and_render_stores_it_whole(
    field: str, text: str, prop: str, value: str, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "doc.yaml").write_text(text, encoding="utf-8")
    assert run("check", tmp_path / "doc.yaml").code == 0
    result = run("render", tmp_path / "doc.yaml", "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    props = docx.Document(str(tmp_path / "out" / "doc.docx")).core_properties
    assert getattr(props, prop) == value


def test_a_long_occasion_comes_back_whole_through_import(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "doc.yaml").write_text(SPEECH + f"occasion: {LONG}\n", encoding="utf-8")
    assert run("render", tmp_path / "doc.yaml", "-o", tmp_path / "out").code == 0
    back = tmp_path / "back.yaml"
    result = run("import", tmp_path / "out" / "doc.docx", "-o", back)
    assert result.code == 0, result.out + result.err
    assert yaml.safe_load(back.read_text(encoding="utf-8"))["occasion"] == LONG


def _batch(tmp_path: Path) -> list[Path]:
    names = ["a", "bad", "c"]
    for name in names:
        (tmp_path / f"{name}.yaml").write_text(
            PLAN.replace("2025年", f"2025年{name}"), encoding="utf-8"
        )
    return [tmp_path / f"{name}.yaml" for name in names]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_document_that_hits_a_defect_neither_stops_nor_hides_the_others(
    jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug is still reported as one (exit 70; the ``run`` fixture forbids that), but for
    that document alone: the others are written and listed."""
    real = drafting.render.batch.render

    def faulty(doc: Any, options: Any) -> bytes:
        if "bad" in "".join(doc.title):
            raise ValueError("injected defect")
        return real(doc, options)

    monkeypatch.setattr(drafting.render.batch, "render", faulty)  # the workers are forked
    monkeypatch.delenv("DRAFTING_DEBUG", raising=False)
    out = tmp_path / "out"
    code = main(["render", *map(str, _batch(tmp_path)), "-j", jobs, "-o", str(out)])
    printed, err = capsys.readouterr()
    assert code == ExitCode.INTERNAL and "Traceback" not in printed + err
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "c.docx"]
    assert f"已生成：{out / 'a.docx'}\n已生成：{out / 'c.docx'}\n" in printed, printed
    assert (
        f"生成 {out / 'bad.docx'} 时发生内部错误（这是程序缺陷，请报告），未生成该文件："
        "ValueError: injected defect" in err
    ), err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_long_title_in_a_batch_renders_with_the_others(jobs: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    files = _batch(tmp_path)
    files[1].write_text(PLAN.replace("2025年工作要点", LONG), encoding="utf-8")
    result = run("render", *files, "-j", jobs, "-o", tmp_path / "out")
    assert result.code == 0, result.out + result.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.docx", "bad.docx", "c.docx"]
