"""The command line: exit codes, formats, Chinese messages, installed package data."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from drafting.cli import main

from .conftest import CASES, EXAMPLES, ROOT

NEG = CASES / "negative"


def test_clean_examples_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict", str(EXAMPLES)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "没有发现问题" in err


def test_errors_exit_one_and_warnings_only_with_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(NEG / "duplicate-key")]) == 1
    assert main(["check", str(NEG / "title-year")]) == 0
    assert main(["check", "--strict", str(NEG / "title-year")]) == 1
    out = capsys.readouterr().out
    assert "警告: 标题中的年份" in out
    assert "错误: 标题中的年份" in out


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", str(NEG / "unknown-key")]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "path": str(NEG / "unknown-key" / "doc.yaml"),
            "line": 4,
            "col": 1,
            "severity": "error",
            "code": "schema-additional",
            "message": "未知的键“titel”，是不是“title”？",
        }
    ]


def test_github_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "github", str(NEG / "missing-units")]) == 0
    out = capsys.readouterr().out
    path = str(NEG / "missing-units" / "doc.yaml")
    assert out.startswith(f"::warning file={path},line=9,col=9,title=missing-units::")
    assert out.count("\n") == 1


def test_gitlab_format_is_a_code_quality_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "gitlab", str(NEG / "unknown-key")]) == 1
    (row,) = json.loads(capsys.readouterr().out)
    assert row["check_name"] == "schema-additional"
    assert row["severity"] == "major"
    assert row["location"] == {"path": str(NEG / "unknown-key" / "doc.yaml"), "lines": {"begin": 4}}
    assert row["description"] == "未知的键“titel”，是不是“title”？ [schema-additional]"
    assert len(row["fingerprint"]) == 64
    assert main(["check", "--format", "gitlab", str(NEG / "missing-units")]) == 0
    (warning,) = json.loads(capsys.readouterr().out)
    assert warning["severity"] == "minor"
    assert warning["fingerprint"] != row["fingerprint"]
    assert main(["check", "--format", "gitlab", str(EXAMPLES)]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "--format", "xml", "."],
        ["check", "--nope", "."],
        ["check", "no/such/file.yaml"],
        ["schema", "letter"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_two_in_chinese(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：") or err.startswith("错误：")
    assert "错误：" in err
    assert "Traceback" not in err


def test_schema_command_prints_the_bundled_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "plan"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["kind"]["const"] == "plan"
    assert "common.schema.json" not in json.dumps(schema)


def test_binary_garbage_gets_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yaml").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "b.yml").write_bytes(b"\x00\x01PK\x03\x04")
    assert main(["check", str(tmp_path / "a.yaml"), str(tmp_path / "b.yml")]) == 1
    out, err = capsys.readouterr()
    assert out.count("[binary]") == 2
    assert out.count(": 错误: ") == 2
    assert "Traceback" not in out + err


def test_hidden_files_and_other_suffixes_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("on: push\n")
    (tmp_path / "notes.txt").write_text("not yaml: [\n")
    shutil.copy(EXAMPLES / "plan-2024-wujin.yaml", tmp_path / "plan.yml")
    assert main(["check", str(tmp_path)]) == 0
    assert "检查了 1 个文件" in capsys.readouterr().err


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_python_dash_m_works(tmp_path: Path) -> None:
    result = _run([sys.executable, "-m", "drafting", "--version"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("drafting ")


def test_installed_package_finds_its_schemas_outside_the_checkout(tmp_path: Path) -> None:
    """The installed wheel carries schemas/ and templates/ (importlib.resources)."""
    probe = _run(
        [
            sys.executable,
            "-c",
            "import drafting, drafting.resources as r;"
            "print(drafting.__file__); print(r.data_dir('schemas')); print(r.data_dir('templates'))",
        ],
        tmp_path,
    )
    assert probe.returncode == 0, probe.stderr
    module, schemas, templates = probe.stdout.splitlines()
    if Path(module).resolve().is_relative_to(ROOT):
        pytest.skip("drafting is installed in editable mode; the README installs a wheel")
    assert not Path(schemas).resolve().is_relative_to(ROOT)
    assert Path(schemas, "plan.schema.json").is_file()
    assert Path(templates).is_dir()
    script = shutil.which("drafting")
    assert script, "the console script `drafting` is not on PATH"
    result = _run([script, "schema", "summary"], tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["properties"]["kind"]["const"] == "summary"
    result = _run([script, "check", "--strict", str(EXAMPLES)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


HEAVY = {"docxtpl", "docx", "lxml", "jinja2", "ruamel", "cookiecutter"}


@pytest.mark.parametrize("args", [["--version"], ["check", "examples/plan-2023-county.yaml"]])
def test_version_and_check_do_not_load_the_rendering_libraries(args: list[str]) -> None:
    """Start-up stays small: what only render, import and lint need is imported lazily."""
    probe = (
        "import sys\nfrom drafting.cli import main\n"
        "try:\n    code = main(sys.argv[1:])\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))\nsys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded = set(ast.literal_eval(result.stdout.strip().splitlines()[-1]))
    assert "drafting" in loaded and "click" in loaded
    assert loaded & HEAVY == set()


CHECK_MODULES = 19
"""``drafting.*`` modules that ``drafting check`` of one plan loaded before issue 18's move."""


def test_check_loads_no_more_of_our_modules_than_before() -> None:
    """``drafting check`` start-up: the restructure must not make it import more of us."""
    probe = (
        "import sys\nfrom drafting.cli import main\ncode = main(sys.argv[1:])\n"
        "print(sorted(m for m in sys.modules if m == 'drafting' or m.startswith('drafting.')))\n"
        "sys.exit(code)\n"
    )
    args = ["check", "examples/plan-2023-county.yaml"]
    result = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    ours = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert len(ours) <= CHECK_MODULES, ours


PLAN = (EXAMPLES / "plan-2024-wujin.yaml").read_bytes()
MODELINE = b"# yaml-language-server: $schema=.drafting/schemas/plan.schema.json\n"

# Other programs' YAML that a folder or hook run must leave alone, and files that are ours
# (each with an error, so that being checked shows as a diagnostic naming the file).
OTHERS: dict[str, bytes] = {
    "docker-compose.yml": b"x-common: &common\n  image: nginx\nservices:\n  web:\n    <<: *common\n",
    "k8s.yaml": b"apiVersion: v1\nkind: Service\n---\napiVersion: v1\nkind: Pod\n",
    "playbook.yml": b"- hosts: all\n  tasks:\n    - name: kind: plan\n",
    "mkdocs.yml": b"site_name: x\nnav:\n  - kind: plan\n",
    "empty.yaml": b"",
    "custom-schema.yaml": b"# yaml-language-server: $schema=https://example.org/myplan.schema.json\na: 1\n",
}
OURS: dict[str, bytes] = {
    "typo.yaml": b"kind: plna\ntitle: x\n",
    "quoted.yaml": b"\xef\xbb\xbfkind: 'summary'  # \xe6\x80\xbb\xe7\xbb\x93\r\ntitle: [\r\n",
    "modeline-no-kind.yaml": MODELINE + b"title: 2024\n",
    "broken.yaml": PLAN.replace(b"year: 2024", b"year: [2024"),
    "gbk.yaml": "kind: plan\ntitle: 2024年工作要点\n".encode("gbk"),
    "utf16.yaml": "kind: speech\ntitle: 讲话\n".encode("utf-16"),
    "later.yml": b"title: x\nyear: 2024\nkind: plan\nsections: 1\n",
}


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    for name, data in {**OTHERS, **OURS}.items():
        (tmp_path / name).write_bytes(data)
    shutil.copy(EXAMPLES / "plan-2024-wujin.yaml", tmp_path / "plan.yaml")
    return tmp_path


def _checked(out: str) -> set[str]:
    return {Path(line.split(":", 1)[0]).name for line in out.splitlines()}


def test_a_folder_run_checks_only_drafting_documents(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(mixed)]) == 1
    out, err = capsys.readouterr()
    assert _checked(out) == set(OURS)
    assert f"检查了 {len(OURS) + 1} 个文件" in err
    assert f"跳过了 {len(OTHERS)} 个不是 drafting 文档的 YAML 文件" in err


def test_the_hook_option_applies_the_same_test_to_named_files(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    named = sorted(str(p) for p in mixed.iterdir())
    assert main(["check", "--documents-only", *named]) == 1
    assert _checked(capsys.readouterr().out) == set(OURS)
    others = [str(mixed / n) for n in OTHERS]
    assert main(["check", "--documents-only", *others]) == 0
    assert main(["check", "--documents-only", str(mixed / "plan.yaml")]) == 0


@pytest.mark.parametrize("name", sorted(OTHERS))
def test_a_named_file_is_always_checked(
    name: str, mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(mixed / name)]) == 1
    assert _checked(capsys.readouterr().out) == {name}


def test_render_of_a_folder_ignores_other_programs_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docker-compose.yml").write_bytes(OTHERS["docker-compose.yml"])
    shutil.copy(EXAMPLES / "plan-2024-wujin.yaml", tmp_path / "plan.yaml")
    assert main(["render", str(tmp_path), "-o", str(tmp_path / "build")]) == 0, capsys.readouterr()
    assert [p.name for p in (tmp_path / "build").iterdir()] == ["plan.docx"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("rendr", "render"), ("chek", "check"), ("improt", "import"), ("sumarize", "summarize")],
)
def test_a_misspelt_command_gets_the_closest_one(
    typed: str, meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([typed, "x.yaml"]) == 2
    assert f"错误：没有这个命令：{typed}，是不是 {meant}？" in capsys.readouterr().err


def _help_pages() -> list[list[str]]:
    from drafting.cli import cli

    return [[], *([name] for name in sorted(cli.commands))]


@pytest.mark.parametrize("command", _help_pages(), ids=lambda c: c[0] if c else "drafting")
def test_help_pages_use_one_heading_style_and_describe_every_argument(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from drafting.cli import ARGUMENT_HELP, cli

    assert main([*command, "--help"]) == 0
    page = capsys.readouterr().out
    headings = [line for line in page.splitlines() if line and not line.startswith(" ")]
    assert headings[0].startswith("用法：drafting")
    assert all(not h.endswith(":") for h in headings), headings  # no “选项:” beside “用法：”
    assert {"选项：", *(["命令："] if not command else [])} <= set(headings)
    params = cli.commands[command[0]].params if command else cli.params
    arguments = [p for p in params if isinstance(p, click.Argument)]
    if arguments:
        section = "".join(page.split("参数：\n", 1)[1].split("\n\n", 1)[0].split())
        expected = "".join(
            f"{p.metavar}{ARGUMENT_HELP[(command[0], str(p.name))]}" for p in arguments
        )
        assert section == "".join(expected.split())
        options = page.split("选项：\n", 1)[1]
        assert all(str(p.metavar) not in options.split() for p in arguments)


# click's English, as it read before: none of it may reach the user.
ENGLISH = re.compile(
    r"is not|not in the range|valid integer|one of|requires an|take a value|No such|"
    r"Option|Error|Usage|Got unexpected|Did you mean|Missing"
)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", "-j", "0", "x.yaml"], "-j / --jobs：0 超出范围，应为 1 到 64 之间的整数"),
        (["render", "-j", "二", "x.yaml"], "-j / --jobs：“二”不是整数"),
        (["rollover", "--year", "1800", "x"], "--year：1800 超出范围，应为 1900 到 2199 之间的整数"),
        (["import", "--part", "0", "x"], "--part：0 超出范围，应为 不小于 1 的整数"),
        (["import", "--kind", "letter", "x"], "--kind：“letter”无效，可选：plan、summary、speech、notice"),
        (["new", "--org"], "选项 --org 后面要给出一个值"),
        (["check", "--strict=yes", "."], "选项 --strict 不带值"),
        (["diff", "a.yaml"], "缺少参数 新.yaml"),
        (["check", "--formt", "json", "."], "没有这个选项：--formt，是不是 --format？"),
        (["schema", "plan", "extra"], "多余的参数：extra"),
    ],
)  # fmt: skip
def test_click_errors_are_chinese(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"错误：{message}" in err
    assert not ENGLISH.search(err), err


def test_a_bare_drafting_shows_the_help_page_not_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：drafting") and "命令：" in err
    assert "错误：" not in err


@pytest.mark.parametrize(
    ("text", "where", "bracket"),
    [
        ("kind: plan\nunits: [办公室, 人事股\ntitle: x\n", "2:8", "[”没有配对的“]"),
        ("kind: plan\nsections:\n  - tasks:\n      - deadline: [全年\n", "4:19", "[”没有配对的“]"),
        ("kind: plan\nmeta: {a: 1\nb: 2\n", "2:7", "{”没有配对的“}"),
        ("kind: plan\nunits: [办公室,\ntitle: x\n", "2:8", "[”没有配对的“]"),
    ],
)
def test_an_unclosed_bracket_is_reported_where_it_opens_in_chinese(
    text: str, where: str, bracket: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "doc.yaml").write_text(text, encoding="utf-8")
    assert main(["check", str(tmp_path / "doc.yaml")]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{tmp_path / 'doc.yaml'}:{where}: 错误: “{bracket}")
    assert not re.search(r"[A-Za-z]{4,}", line.split(": 错误: ", 1)[1].replace("[syntax]", ""))


@pytest.mark.parametrize("name", ["我的 公文", "office (2025)", "a&b", "it's", "$HOME x", "甲;乙"])
@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_cd_line_after_new_works_when_pasted_into_a_shell(
    name: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", name, "--no-input"]) == 0
    (cd,) = [line.strip() for line in capsys.readouterr().out.splitlines() if "cd " in line]
    pasted = subprocess.run(
        ["bash", "-c", f"{cd} && pwd"], cwd=in_tmp, capture_output=True, text=True, check=False
    )
    assert pasted.returncode == 0, (cd, pasted.stderr)
    assert Path(pasted.stdout.strip()) == (in_tmp / name).resolve()
