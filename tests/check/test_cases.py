"""Data-driven cases: every negative case folder gives exactly its expected diagnostics.

A case is a folder under tests/check/cases/negative/ holding one or more YAML files and an
``expected.txt`` with one ``file:line:col: severity [code]`` line per diagnostic.
Positive cases under tests/check/cases/positive/ and every example must check clean with
``--strict``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafting.check import check_paths
from drafting.cli import main

from ..conftest import CASES, EXAMPLES

NEGATIVE = sorted(p for p in (CASES / "negative").iterdir() if p.is_dir())
POSITIVE = sorted((CASES / "positive").glob("*.yaml"))
CJK = re.compile("[\u4e00-\u9fff]")


def _named(case: Path) -> list[str]:
    """The case's YAML files, named one by one: a named file is always checked, while a
    folder run skips YAML that is not recognisably ours (several cases are exactly that)."""
    return sorted(p.name for p in case.iterdir() if p.suffix in (".yaml", ".yml"))


def _lines(case: Path) -> list[str]:
    report = check_paths(_named(case))
    return [f"{d.path}:{d.line}:{d.col}: {d.severity} [{d.code}]" for d in report.diagnostics]


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative_case_gives_exact_diagnostics(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, "a negative case must expect at least one diagnostic"
    assert _lines(case) == expected
    for diag in check_paths(_named(case)).diagnostics:
        assert CJK.search(diag.message), f"message is not Chinese: {diag.message}"


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative_case_through_cli(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(case)
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    has_error = " error [" in expected
    code = main(["check", "--strict", *_named(case)])
    out, err = capsys.readouterr()
    assert code == 1  # --strict: warnings count too
    assert "Traceback" not in out + err
    for line in expected.splitlines():
        location, rest = line.split(": ", 1)
        code_name = rest.split("[", 1)[1]
        assert any(
            o.startswith(location + ": 错误: ") and o.endswith("[" + code_name)
            for o in out.splitlines()
        ), line
    if not has_error:
        assert main(["check", *_named(case)]) == 0


@pytest.mark.parametrize("path", POSITIVE, ids=[p.name for p in POSITIVE])
def test_positive_case_is_clean(path: Path) -> None:
    report = check_paths([str(path)], strict=True)
    assert report.diagnostics == ()
    assert report.files[0].ok


def test_examples_check_clean_in_strict_mode() -> None:
    report = check_paths([str(EXAMPLES)], strict=True)
    assert [d.format() for d in report.diagnostics] == []
    kinds = sorted(f.kind or "" for f in report.files)
    assert kinds.count("plan") >= 3
    assert kinds.count("summary") >= 2
    assert kinds.count("speech") >= 1
    assert kinds.count("notice") >= 2


def test_examples_carry_the_schema_modeline() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = check_paths([str(path)]).files[0].kind
        assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json", path


def _task_count(data: dict[str, object]) -> int:
    count = 0
    for section in data["sections"]:  # type: ignore[attr-defined]
        count += len(section.get("tasks") or [])
        for group in section.get("groups") or []:
            count += len(group.get("tasks") or [])
    return count


@pytest.mark.parametrize(
    ("name", "tasks"),
    [
        ("plan-2023-guanwei.yaml", 28),  # sample 000
        ("plan-2024-wujin.yaml", 15),  # sample 003
        ("plan-2023-county.yaml", 6),  # sample 001 (the page is cut after task 6)
    ],
)
def test_examples_keep_every_task_of_the_samples(name: str, tasks: int) -> None:
    checked = check_paths([str(EXAMPLES / name)]).files[0]
    assert checked.kind == "plan"
    assert _task_count(checked.data) == tasks
