"""Data-driven lint cases: each case folder lints to exactly its expected diagnostics.

A case is a folder under ``tests/lint/cases/negative/`` or ``…/positive/`` holding one
.docx (usually ``source.docx``, built from ``source.docx.yaml`` by
``tools/build_fixtures.py``; a hostile file that no spec can describe is committed as it
is). A negative case has an ``expected.txt`` with one ``file:line:col: severity [code]``
line per diagnostic, in the order lint reports them; a positive case lints clean.
Diagnostics come through the command line (``drafting lint --format json``) only, so
the cases hold whatever the package inside looks like.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from drafting.cli import main

from . import ext_fixtures

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASES = HERE / "cases"
NEGATIVE = sorted(p for p in (CASES / "negative").iterdir() if p.is_dir())
POSITIVE = sorted(p for p in (CASES / "positive").iterdir() if p.is_dir())
CJK = re.compile("[\u4e00-\u9fff]")


def builder() -> ModuleType:
    """Return tools/build_fixtures.py as a module (tools/ is no package)."""
    name = "build_fixtures"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "build_fixtures.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _documents(case: Path) -> list[str]:
    names = sorted(p.name for p in case.iterdir() if p.suffix == ".docx")
    assert names, f"{case.name}: no .docx in the case folder"
    return names


def _lint(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, Any]]]:
    """Return the exit status and the JSON rows of ``drafting lint`` on the case."""
    monkeypatch.chdir(case)
    code = main(["lint", "--format", "json", *_documents(case)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, json.loads(out)


def _line(row: dict[str, Any]) -> str:
    return f"{row['path']}:{row['line']}:{row['col']}: {row['severity']} [{row['code']}]"


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative_case_gives_exact_diagnostics(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, "a negative case must expect at least one diagnostic"
    code, rows = _lint(case, monkeypatch, capsys)
    assert [_line(row) for row in rows] == expected
    for row in rows:
        assert CJK.search(row["message"]), f"message is not Chinese: {row['message']}"
    assert code == (1 if any(row["severity"] == "error" for row in rows) else 0)


@pytest.mark.parametrize("case", POSITIVE, ids=[p.name for p in POSITIVE])
def test_positive_case_is_clean(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not (case / "expected.txt").exists(), "a positive case expects nothing"
    code, rows = _lint(case, monkeypatch, capsys)
    assert [f"{_line(row)} {row['message']}" for row in rows] == []
    assert code == 0


def test_every_rule_has_a_negative_case(capsys: pytest.CaptureFixture[str]) -> None:
    # "." only because the command insists on a path even with --rules (reported).
    assert main(["lint", "--rules", "."]) == 0
    rules = {line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()}
    expected = {
        line.rsplit("[", 1)[1].rstrip("]")
        for case in NEGATIVE
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    }
    assert len(rules) >= 19
    assert sorted(rules - expected) == []


@pytest.mark.parametrize(
    "spec",
    sorted(CASES.rglob("*.docx.yaml")),
    ids=[p.parent.name for p in sorted(CASES.rglob("*.docx.yaml"))],
)
def test_fixture_is_built_from_its_spec(spec: Path) -> None:
    tool = builder()
    target = tool.target_of(spec)
    assert target.is_file(), f"run python3 tools/build_fixtures.py to build {target.name}"
    assert target.read_bytes() == tool.build(spec), "stale: run python3 tools/build_fixtures.py"


@pytest.mark.parametrize(
    "spec", ext_fixtures.specs(), ids=[p.parent.name for p in ext_fixtures.specs()]
)
def test_extended_fixture_is_built_from_its_spec(spec: Path) -> None:
    target = ext_fixtures.target_of(spec)
    assert target.is_file(), f"run python3 tests/lint/ext_fixtures.py to build {target.name}"
    blob = ext_fixtures.build(spec, builder())
    assert target.read_bytes() == blob, "stale: run python3 tests/lint/ext_fixtures.py"


def test_build_check_names_a_stale_fixture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tool = builder()
    case = tmp_path / "case"
    shutil.copytree(CASES / "positive" / "plan", case)
    assert tool.main(["--check", str(case)]) == 0
    spec = case / "source.docx.yaml"
    spec.write_text(spec.read_text("utf-8").replace("加强党的建设", "加强党建"), "utf-8")
    capsys.readouterr()
    assert tool.main(["--check", str(case)]) == 1
    assert "source.docx" in capsys.readouterr().err
    assert tool.main([str(case)]) == 0  # rebuilt
    assert tool.main(["--check", str(case)]) == 0
