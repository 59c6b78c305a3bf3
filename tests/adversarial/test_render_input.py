"""Values and templates that try to break rendering: literal text, illegal XML, escapes, loops."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from drafting.render.sandbox import time_limit

from .conftest import PLAN

LITERALS = [
    "A & B < C > D \"E\" 'F'",
    "{{ 7*7 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "{# comment #}",
    "{{ cycler.__init__.__globals__.os.system('id') }}",
    "]]><w:p/><![CDATA[",
    "&amp; &#x41; &lt;",
]


@pytest.mark.parametrize("value", LITERALS)
def test_values_render_exactly_as_typed(value: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    quoted = "'" + value.replace("'", "''") + "'"
    text = PLAN.replace("认真学习。", quoted).replace("加强党的建设", quoted)
    (tmp_path / "doc.yaml").write_text(text, encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "-o", tmp_path)
    assert result.code == 0, result.out + result.err
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "doc.docx")).paragraphs]
    assert f"一、{value}" in paragraphs
    assert any(p.startswith(f"1.{value}") for p in paragraphs), paragraphs


XML_ILLEGAL = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + [
    "\ufffe",
    "\uffff",
    "\ud800",
]


@pytest.mark.parametrize("char", XML_ILLEGAL, ids=[f"U+{ord(c):04X}" for c in XML_ILLEGAL])
def test_every_xml_illegal_character_is_rejected_with_its_place(
    char: str, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    escaped = f'"认真\\u{ord(char):04x}学习。"'
    (tmp_path / "doc.yaml").write_text(PLAN.replace("认真学习。", escaped), encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "-o", tmp_path)
    assert result.code == 1
    if "\ud800" <= char <= "\udfff":  # a lone surrogate: PyYAML refuses the escape itself
        assert "doc.yaml:7:21: 错误: YAML 格式错误" in result.out, result.out
    else:
        assert f"doc.yaml:7:16: 错误: 值中含有控制字符 U+{ord(char):04X}" in result.out, result.out
    assert not (tmp_path / "doc.docx").exists()


def test_an_empty_plan_gets_no_table_without_rows(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    text = "kind: plan\ntitle: 2025年工作要点\nyear: 2025\nsections:\n  - title: 总体要求\n"
    text += "    text: 只有说明。\nattachments: [task-table]\n"
    (tmp_path / "doc.yaml").write_text(text, encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "-o", tmp_path)
    assert result.code == 0
    assert "doc.yaml:7:14: 警告: 文档中没有任何任务，附件“重点工作任务分解表”没有内容" in result.out
    rendered = docx.Document(str(tmp_path / "doc.docx"))
    assert rendered.tables == []
    assert not any("附件" in p.text for p in rendered.paragraphs)


def _template_with(tmp_path: Path, name: str, tag: str) -> Path:
    source = Path(__file__).resolve().parents[2] / "templates" / "plan.docx"
    target = tmp_path / name
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                at = text.index("<w:body>") + len("<w:body>")
                text = f"{text[:at]}<w:p><w:r><w:t>{tag}</w:t></w:r></w:p>{text[at:]}"
                data = text.encode("utf-8")
            dst.writestr(item, data)
    return target


@pytest.mark.parametrize(
    "tag",
    [
        "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ doc.__class__.__init__.__globals__ }}",
    ],
)
def test_a_template_cannot_escape_the_sandbox(
    tag: str, tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    template = _template_with(tmp_path, "evil.docx", tag)
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    result = run("render", "doc.yaml", "--template", template, "-o", "out/")
    assert result.code == 1
    assert "试图" in result.err and "不安全" in result.err, result.err
    assert not (tmp_path / "PWNED").exists()
    assert not (tmp_path / "out").exists()


def test_a_runaway_template_is_stopped_by_the_time_limit(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DRAFTING_RENDER_TIMEOUT", "1")
    assert time_limit() == 1
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    template = _template_with(tmp_path, "loop.docx", loop)
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "--template", template, "-o", tmp_path / "out")
    assert result.code == 1
    assert "运行超过 1 秒仍未结束（可能有死循环），已停止，未生成文件" in result.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["", "0", "-5", "abc"])
def test_a_bad_time_limit_falls_back_to_a_minute(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAFTING_RENDER_TIMEOUT", value)
    assert time_limit() == 60


BIG = 10**9  # characters: far past the limit, and more memory than a test machine has


@pytest.mark.parametrize(
    "tag",
    [
        "{% for a in range(100000) %}{% for b in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
        f"{{{{ 'x' * {BIG} }}}}",
        f"{{{{ [0] * {BIG} }}}}",
        "{{ 7 ** 1000000 }}",
        f"{{{{ 'x'|center({BIG}) }}}}",
        f"{{{{ 'x'|indent({BIG}) }}}}",
        f"{{{{ 'x'.ljust({BIG}) }}}}",
        f"{{{{ '{{:>{BIG}}}'.format(1) }}}}",
        f"{{{{ '{{0:{{1}}}}'.format(1, {BIG}) }}}}",
        f"{{{{ '%{BIG}d' % 1 }}}}",
        f"{{{{ '%.{BIG}f' % 1 }}}}",
        f"{{{{ '%*d' % ({BIG}, 1) }}}}",
        f"{{{{ '%{BIG}d'|format(1) }}}}",
        "{% set ns = namespace(s='x' * 16000000) %}{{ ns.s + ns.s }}",
    ],
)
def test_a_template_that_would_produce_huge_output_is_stopped(
    tag: str, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    template = _template_with(tmp_path, "big.docx", tag)
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "--template", template, "-o", tmp_path / "out")
    assert result.code == 1, result.err
    assert "生成的内容过大（输出超过 16 百万字符，可能有失控的循环或重复），已停止，未生成文件" in (
        result.err
    )
    assert not (tmp_path / "out").exists()


def test_ordinary_formatting_in_a_template_still_works(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    tag = (
        "{{ 'ab' * 3 }}|{{ 2 ** 10 }}|{{ '%5d' % 3 }}|{{ '{:>4}'.format(1) }}|"
        "{{ 'x'|center(5) }}|{{ '电话 123456789 {}'.format(1) }}|{{ '%d%%'|format(5) }}"
    )
    template = _template_with(tmp_path, "fmt.docx", tag)
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "--template", template, "-o", tmp_path)
    assert result.code == 0, result.err
    first = docx.Document(str(tmp_path / "doc.docx")).paragraphs[0].text
    assert first == "ababab|1024|    3|   1|  x  |电话 123456789 1|5%"


def test_the_time_limit_fires_again_and_spares_the_next_document(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """One watchdog thread serves the whole process: re-armed for every document."""
    monkeypatch.setenv("DRAFTING_RENDER_TIMEOUT", "0.5")
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    template = _template_with(tmp_path, "loop.docx", loop)
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    for _ in range(2):
        stopped = run("render", tmp_path / "doc.yaml", "--template", template, "-o", tmp_path / "x")
        assert stopped.code == 1 and "运行超过 0.5 秒" in stopped.err
    monkeypatch.setenv("DRAFTING_RENDER_TIMEOUT", "2")
    slow = "{% for a in range(100000) %}{% endfor %}"  # well under the limit
    ok = _template_with(tmp_path, "slow.docx", slow)
    for _ in range(3):
        assert (
            run("render", tmp_path / "doc.yaml", "--template", ok, "-o", tmp_path / "y").code == 0
        )
        (tmp_path / "y" / "doc.docx").unlink()
