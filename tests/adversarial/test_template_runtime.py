"""Issue 17 cause 7: an office's own template that fails while running, or grows memory.

Python exceptions raised by template code (``{{ 1/0 }}``, an endless macro, an
``include`` of any name) used to exit 70; memory grew unbounded (``~`` doubling, ``sum``
of lists, ``replace`` growth, ``append`` loops) and a template .docx got none of the
zip limits import and lint apply. Each is now the user's error: exit 1, a position
(第 N 段) where there is one, and nothing written.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import PLAN
from .test_render_input import _template_with

RUNTIME = [
    (
        "{% include 'x' %}",
        "模板不能引用其他模板（include、import、extends）（TemplateNotFound：x）",
    ),
    (
        "{% import 'x' as y %}",
        "模板不能引用其他模板（include、import、extends）（TemplateNotFound：x）",
    ),
    (
        "{% extends 'x' %}",
        "模板不能引用其他模板（include、import、extends）（TemplateNotFound：x）",
    ),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "递归过深（宏无限调用自身？）"),
    ("{{ 1/0 }}", "除数为零（ZeroDivisionError：division by zero）"),
    ("{{ doc + 1 }}", "类型不匹配（TypeError：unsupported operand type(s) for +: 'Document'"),
    ("{{ [1,'a']|sort }}", "类型不匹配（TypeError：'<' not supported"),
    ("{{ 'é'.encode('ascii') }}", "字符编码错误（UnicodeEncodeError："),
]


@pytest.mark.parametrize(("tag", "reason"), RUNTIME, ids=[r[0] for r in RUNTIME])
def test_a_template_runtime_error_is_the_users_with_its_paragraph(
    tag: str, reason: str, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    template = _template_with(tmp_path, "t.docx", tag)
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "--template", template, "-o", tmp_path / "out")
    assert result.code == 1, result.err
    assert f"模板 {template} 第 1 段“{tag[:40]}”：{reason}" in result.err, result.err
    assert "未生成文件" in result.err
    assert not (tmp_path / "out").exists()


GROWTH = [
    "{% set ns = namespace(s='xx') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "{% set ns = namespace(l=[0]) %}{% for i in range(40) %}"
    "{% set ns.l = [ns.l, ns.l]|sum(start=[]) %}{% endfor %}{{ ns.l|length }}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
    "{% set ns.s = ns.s.replace('x', 'xxxx') %}{% endfor %}{{ ns.s|length }}",
    "{% set l = [] %}{% for i in range(100000) %}{% set _ = l.append('x' * 10000000) %}"
    "{% endfor %}{{ l|length }}",
]


@pytest.mark.parametrize("tag", GROWTH, ids=["concat", "sum", "replace", "append"])
def test_a_template_that_grows_memory_is_stopped_at_the_budget(
    tag: str, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    template = _template_with(tmp_path, "t.docx", tag)
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "--template", template, "-o", tmp_path / "out")
    assert result.code == 1, result.err
    assert "生成的内容过大（内存超过 1 GB，可能有失控的循环或重复），已停止，未生成文件" in (
        result.err
    )
    assert not (tmp_path / "out").exists()


def test_a_template_with_a_huge_part_gets_the_zip_limits(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """A 100 MB XML comment compresses to 100 KB: refused before python-docx loads it."""
    source = Path(__file__).resolve().parents[2] / "templates" / "plan.docx"
    template = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(source) as src,
        zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                at = data.index(b"<w:body>")
                with dst.open(item.filename, "w", force_zip64=True) as part:
                    part.write(data[:at] + b"<!--")
                    for _ in range(100):
                        part.write(b"x" * 2**20)
                    part.write(b"-->" + data[at:])
            else:
                dst.writestr(item.filename, data)
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "--template", template, "-o", tmp_path / "out")
    assert result.code == 1, result.err
    assert f"模板不可用：{template}：部件 word/document.xml 解压后超过 64 MB，疑似压缩炸弹" in (
        result.err
    )
    assert not (tmp_path / "out").exists()


PROPERTY = [
    ("{{ 1/0 }}", "文档属性 title：除数为零（ZeroDivisionError：division by zero）"),
    ("{% include 'x' %}", "文档属性 title：模板不能引用其他模板（include、import、extends）"),
]


@pytest.mark.parametrize(("tag", "reason"), PROPERTY, ids=[p[0] for p in PROPERTY])
def test_a_runtime_error_in_a_template_property_is_the_users(
    tag: str, reason: str, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    source = Path(__file__).resolve().parents[2] / "templates" / "plan.docx"
    template = tmp_path / "prop.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(template, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "docProps/core.xml":
                data = data.replace("工作要点模板".encode(), tag.encode())
            dst.writestr(item, data)
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "--template", template, "-o", tmp_path / "out")
    assert result.code == 1, result.err
    assert f"模板 {template} {reason}" in result.err, result.err
    assert not (tmp_path / "out").exists()
