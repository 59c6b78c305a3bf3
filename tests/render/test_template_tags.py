"""An office template that lost a tag is refused, naming the tag, instead of rendering short."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from jinja2 import Environment

from drafting.cli import main
from drafting.render.tags import as_tag, missing, referenced

from ..conftest import EXAMPLES, ROOT, summary_with_tables


def _without(tmp_path: Path, kind: str, tag: str) -> Path:
    """Return a copy of the bundled ``kind`` template with every ``tag`` deleted."""
    target = tmp_path / f"{kind}-edited.docx"
    with (
        zipfile.ZipFile(ROOT / "templates" / f"{kind}.docx") as src,
        zipfile.ZipFile(target, "w") as dst,
    ):
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                assert tag.encode() in data, tag
                data = data.replace(tag.encode(), b"")
            dst.writestr(name, data)
    return target


LOST = [
    # (template, deleted tag, example that has that text, what the message names)
    ("summary", "{{ signature.date }}", "summary-2021-city.yaml", "{{ signature.date }}"),
    ("plan", "{{ b.resp }}", "plan-2023-county.yaml", "{{ b.resp }}（在 {%p for b in body %} 中）"),
    (
        "plan",
        "{{ t.units }}",
        "plan-2023-county.yaml",
        "{{ t.units }}（在 {%tr for t in g.rows %} 中）",
    ),
    ("plan", "{{ title }}", "plan-2024-wujin.yaml", "{{ title }}"),
    ("speech", "{{ salutation }}", "speech-2024-guanwei.yaml", "{{ salutation }}"),
]


@pytest.mark.parametrize(("kind", "tag", "example", "named"), LOST)
def test_a_template_without_a_needed_tag_is_refused(
    kind: str,
    tag: str,
    example: str,
    named: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    template = _without(tmp_path, kind, tag)
    out = tmp_path / "out.docx"
    code = main(["render", str(EXAMPLES / example), "--template", str(template), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert f"缺少标签 {named}" in err
    assert "未生成文件" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [template]  # no half-written or temporary file


def test_a_tag_only_matters_when_the_document_has_that_text(tmp_path: Path) -> None:
    template = _without(tmp_path, "plan", "{{ t.units }}")
    out = tmp_path / "out.docx"
    # plan-2024-wujin has no task table: nothing is lost, so the template is fine for it
    source = EXAMPLES / "plan-2024-wujin.yaml"
    assert main(["render", str(source), "--template", str(template), "-o", str(out)]) == 0


@pytest.mark.parametrize(
    ("source", "paths"),
    [
        ("{{ title }}", {"title"}),
        ("{% for b in body %}{{ b.text|e }}{% endfor %}", {"body", "body[]", "body[].text"}),
        ("{% for g in t.groups %}{% for r in g.rows %}{{ r['x'] }}{% endfor %}{% endfor %}",
         {"t", "t.groups", "t.groups[]", "t.groups[].rows", "t.groups[].rows[]",
          "t.groups[].rows[].x"}),
        ("{% set s = signature %}{{ s.org }}", {"signature", "signature.org"}),
        ("{% with s = signature %}{{ s.date }}{% endwith %}", {"signature", "signature.date"}),
        ("{# {{ title }} #}", set()),
    ],
)  # fmt: skip
def test_referenced_paths(source: str, paths: set[str]) -> None:
    assert referenced(Environment(), source) == paths


def test_missing_names_loop_tags_as_a_template_writes_them() -> None:
    context = {"doc": object(), "title": "T", "body": [{"kind": "x", "text": "a", "resp": ""}]}
    assert missing({"title"}, context) == ["{{ b.text }}（在 {%p for b in body %} 中）"]
    assert missing({"title", "body[].text"}, context) == []
    assert as_tag("signature.org") == "{{ signature.org }}"


def _without_break(tmp_path: Path, kind: str) -> Path:
    """Return the bundled ``kind`` template with its section-break paragraph deleted."""
    target = tmp_path / f"{kind}-no-break.docx"
    with (
        zipfile.ZipFile(ROOT / "templates" / f"{kind}.docx") as src,
        zipfile.ZipFile(target, "w") as dst,
    ):
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                text = data.decode()
                end = text.index("分节：以上为正文")
                start = text.rindex("<w:p>", 0, end)
                text = text[:start] + text[text.index("</w:p>", end) + len("</w:p>") :]
                data = text.encode()
            dst.writestr(name, data)
    return target


@pytest.mark.parametrize(
    ("kind", "example"),
    [("plan", "plan-2023-county.yaml"), ("summary", None)],
)
def test_a_template_without_the_section_break_is_refused_when_there_is_an_attachment(
    kind: str, example: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _without_break(tmp_path, kind)
    source = EXAMPLES / example if example else summary_with_tables(tmp_path)
    out = tmp_path / "out.docx"
    code = main(["render", str(source), "--template", str(template), "-o", str(out)])
    assert code == 1
    assert "缺少正文与附件之间的分节符" in capsys.readouterr().err
    assert not out.exists()
    # without an attachment there is nothing to break: the same template is fine
    plain = (
        EXAMPLES / f"{kind}-2024-wujin.yaml"
        if kind == "plan"
        else EXAMPLES / "summary-2021-city.yaml"
    )
    assert main(["render", str(plain), "--template", str(template), "-o", str(out)]) == 0
