"""What the user reads: one line per finding, no Python repr, no look-alike file names."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import docx
import pytest

from drafting.diagnostics import Diagnostic, Severity
from drafting.scaffold.vscode import EDITOR_KINDS

from .conftest import PLAN, Run

# ---- a file name or a value with a line break ----------------------------------------

NAMES = [
    ("newline", "a\nb.yaml", '"a\\nb.yaml"'),
    ("carriage return", "a\rb.yaml", '"a\\rb.yaml"'),
    ("escape sequence", "a\x1b[31mb.yaml", '"a\\x1b[31mb.yaml"'),
    ("line separator", "a\u2028b.yaml", '"a\\u2028b.yaml"'),
    ("tab and a quote", 'a\t"b".yaml', '"a\\t\\"b\\".yaml"'),
]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows forbids these characters in names")
@pytest.mark.parametrize(("case", "name", "shown"), NAMES, ids=[c for c, _, _ in NAMES])
@pytest.mark.parametrize("command", ["check", "render"])
def test_a_control_character_in_a_file_name_keeps_one_line_per_finding(
    command: str, case: str, name: str, shown: str, tmp_path: Path, run: Run
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text("kind: plan\ntitle: x\n", encoding="utf-8")
    result = run(command, tmp_path / name)
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == 2, result.out  # two missing keys: two lines, each whole
    for line in lines:
        assert line.startswith(shown[0] + str(tmp_path)) and f"{shown[1:]}:1:1: 错误: " in line
    assert "\x1b" not in result.out + result.err


@pytest.mark.skipif(sys.platform == "win32", reason="Windows forbids a line break in a name")
def test_what_render_and_rollover_wrote_is_one_line_per_file(tmp_path: Path, run: Run) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "p\n2025.yaml"
    source.write_text(PLAN.replace("认真学习。", "认真学习。2025年要做好。"), encoding="utf-8")
    rendered = run("render", source)
    assert rendered.code == 0 and rendered.out == f'已生成："{tmp_path}/p\\n2025.docx"\n'
    rolled = run("rollover", source)
    assert rolled.code == 0, rolled.out + rolled.err
    shown = f'"{tmp_path}/p\\n2026.yaml"'
    assert rolled.out.splitlines() == [
        f"已生成：{shown}（2025 → 2026）",
        "已修改 2 处：",
        f"  {shown}:2:8: title：2025年工作要点 → 2026年工作要点",
        f"  {shown}:3:7: year：2025 → 2026",
        "请复核正文中的 1 处年份（未自动修改）：",
        f"  {shown}:7:21: sections[0].tasks[0].title：“2025” 见“…认真学习。2025年要做好。…”",
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows forbids a line break in a name")
def test_import_summarize_and_install_keep_a_name_with_a_line_break_whole(
    tmp_path: Path, run: Run
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "p\n2025.yaml"
    source.write_text(PLAN, encoding="utf-8")
    assert run("render", source).code == 0
    imported = run("import", tmp_path / "p\n2025.docx", "-o", tmp_path / "q\nx.yaml")
    assert imported.code == 0, imported.out + imported.err
    assert imported.out == f'已生成："{tmp_path}/q\\nx.yaml"（请核对后用 drafting check 检查）\n'
    header = (tmp_path / "q\nx.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert (
        header == "# 由 drafting import 从 p\\n2025.docx 导入；请核对后再用 drafting check 检查。"
    )
    assert run("check", tmp_path / "q\nx.yaml").code == 0
    summarized = run("summarize", source)
    assert summarized.code == 0 and summarized.out.count("\n") == 1, summarized.out
    (tmp_path / "r\nepo").mkdir()
    installed = run("schema", "--install-vscode", "--dir", tmp_path / "r\nepo")
    written = len(EDITOR_KINDS) + 2  # a schema per kind, settings.json, extensions.json
    assert installed.code == 0 and installed.out.count("\n") == written, installed.out
    assert all(line.startswith('已写入："') for line in installed.out.splitlines())


def test_a_control_character_in_a_value_keeps_the_finding_on_one_line(
    tmp_path: Path, run: Run
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "doc.yaml").write_text(
        PLAN.replace("kind: plan", 'kind: "pl\\nan\\u2028x"'), encoding="utf-8"
    )
    result = run("check", tmp_path / "doc.yaml")
    assert result.code == 1
    assert result.out.count("\n") == 1, result.out
    assert "未知的文档类型“pl\\nan\\u2028x”" in result.out, result.out


def test_the_reporters_that_quote_for_themselves_keep_the_name_as_it_is() -> None:
    found = [Diagnostic("a\nb.yaml", 3, 4, Severity.ERROR, "x", "甲\n乙")]
    from drafting.report import REPORTERS

    assert REPORTERS["text"](found) == '"a\\nb.yaml":3:4: 错误: 甲\\n乙 [x]\n'
    assert '"path": "a\\nb.yaml"' in REPORTERS["json"](found)
    assert REPORTERS["github"](found).startswith("::error file=a%0Ab.yaml,line=3,")


# ---- kind written as something other than a word ------------------------------------

KINDS = [
    ("list of one", "[plan]", "1:7", "而不是列表，是不是“kind: plan”？"),
    ("list of a misspelling", "[plna]", "1:7", "而不是列表，是不是“kind: plan”？"),
    ("list of two", "[plan, summary]", "1:7", "而不是列表 ["),
    ("mapping", "{plan: 1}", "1:7", "而不是“键: 值”形式 ["),
    ("block list", "\n  - plan", "2:3", "而不是列表，是不是“kind: plan”？"),
    ("empty", "", "1:6", "而不是空值 ["),
    ("a long word", "p" * 300, "1:7", "未知的文档类型“" + "p" * 20 + "……”"),
]


@pytest.mark.parametrize(("case", "value", "where", "says"), KINDS, ids=[c for c, *_ in KINDS])
def test_a_kind_that_is_not_a_word_is_named_in_chinese(
    case: str, value: str, where: str, says: str, tmp_path: Path, run: Run
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "doc.yaml").write_text(PLAN.replace("kind: plan", f"kind: {value}"), "utf-8")
    result = run("check", tmp_path / "doc.yaml")
    assert result.code == 1
    assert f"doc.yaml:{where}: 错误: " in result.out and says in result.out, result.out
    assert "['" not in result.out and "{'" not in result.out and "'plan'" not in result.out


@pytest.mark.parametrize("value", ["[plan]", "[ 'plan' ]", "[plna]"])
def test_a_kind_in_brackets_is_checked_in_a_folder_not_skipped(
    value: str, tmp_path: Path, run: Run
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "plan-2025.yaml").write_text(PLAN.replace("kind: plan", f"kind: {value}"), "utf-8")
    result = run("check", tmp_path)
    assert result.code == 1, result.out + result.err
    assert "plan-2025.yaml:1:7: 错误: kind（文档类型）应是" in result.out, result.out
    assert "跳过" not in result.err


# ---- units that look alike: --by-unit file names -------------------------------------

TWINS = [
    ("compatibility ideograph", "\u91d1融股", "\uf90a融股", "“U+F90A”与“U+91D1”"),
    ("NFC and NFD", "Caf\u00e9股", "Cafe\u0301股", "“U+0065 U+0301”与“U+00E9”"),
    ("full-width letters", "A股", "\uff21股", "“U+FF21”与“U+0041”"),
    ("case", "甲A股", "甲a股", "“U+0061”与“U+0041”"),
]


def _plan(first: str, second: str) -> str:
    return PLAN.replace("units: [办公室]", f"units: [{first}]") + (
        f"      - title: 再学习。\n        lead: [办公室]\n        units: [{second}]\n"
    )


@pytest.mark.parametrize(("case", "first", "second", "says"), TWINS, ids=[c for c, *_ in TWINS])
def test_units_that_look_alike_are_refused_with_their_characters(
    case: str, first: str, second: str, says: str, tmp_path: Path, run: Run
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "doc.yaml").write_text(_plan(first, second), encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "--by-unit")
    assert result.code == 1, result.out + result.err
    message = f"doc.yaml:11:17: 错误: 单位“{second}”和第 8 行的“{first}”看起来相同，写法却不同"
    assert message in result.out and says in result.out, result.out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.yaml"]
    plain = run("render", tmp_path / "doc.yaml")  # one document: nothing looks alike there
    assert plain.code == 0 and (tmp_path / "doc.docx").is_file()


def test_a_unit_written_decomposed_gets_a_composed_file_name(tmp_path: Path, run: Run) -> None:  # type: ignore[no-untyped-def]
    nfd = unicodedata.normalize("NFD", "Café股")
    (tmp_path / "doc.yaml").write_text(_plan(nfd, nfd), encoding="utf-8")
    result = run("render", tmp_path / "doc.yaml", "--by-unit")
    assert result.code == 0, result.out + result.err
    names = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".docx")
    assert names == ["doc-Caf\u00e9股.docx", "doc-办公室.docx"]
    text = [p.text for p in docx.Document(str(tmp_path / names[0])).paragraphs]
    assert any(nfd in t for t in text), text  # the document keeps what was typed
