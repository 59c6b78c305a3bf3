"""Data-driven import cases: each source imports to exactly its expected YAML, or is refused.

A case is a folder under ``tests/ingest/cases/positive/`` or ``…/negative/`` holding one
source named ``source.txt``, ``source.md``, ``source.docx`` (or any other
``source.*``; a .docx is usually built from ``source.docx.yaml`` by
``tools/build_fixtures.py``) and, optionally, ``args.txt``: more command-line
arguments for ``drafting import``, separated by white space (``--part 2``).

Positive: ``drafting import SOURCE -o out.yaml`` exits 0 and writes exactly the bytes of
``expected.yaml``. Optional files add checks:

- ``report.txt``: one line per piece of text the import report (stderr) must hold; a
  line starting with ``!`` holds text it must not hold.
- ``expected.txt``: the import's diagnostics, one ``file:line:col: severity [code]`` line
  each, from ``drafting import --format json`` (as the lint and check cases); for when
  the import notes become diagnostics (issue 18). Cases without it are not compared.

A case with ``xfail.txt`` records a known bug: the file says what goes wrong, the case
holds the right result, and the test is a strict xfail until the bug is fixed.

Negative: ``expected.txt`` holds the exit status on line 1 and a piece of stderr on line
2 (for a refused file, its ``[code]``); nothing is written.

Everything goes through ``drafting.cli.main``, so the cases hold whatever the package
inside looks like.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from drafting.cli import main

from ..lint.test_cases import builder

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
NEGATIVE = sorted(p for p in (CASES / "negative").iterdir() if p.is_dir())
POSITIVE = sorted(p for p in (CASES / "positive").iterdir() if p.is_dir())
WITH_DIAGNOSTICS = [p for p in POSITIVE if (p / "expected.txt").is_file()]


def _params(cases: list[Path]) -> list[Any]:
    """Return the cases as pytest params; one with ``xfail.txt`` is a strict xfail."""
    params = []
    for case in cases:
        bug = case / "xfail.txt"
        marks = []
        if bug.is_file():
            reason = bug.read_text(encoding="utf-8").strip()
            marks.append(pytest.mark.xfail(reason=reason, strict=True))
        params.append(pytest.param(case, marks=marks, id=case.name))
    return params


CJK = re.compile("[\u4e00-\u9fff]")


def _source(case: Path) -> str:
    """Return the name of the case's source (``source.*`` that is no fixture spec)."""
    names = [p.name for p in case.iterdir() if p.name.startswith("source.") and p.suffix != ".yaml"]
    assert len(names) == 1, f"{case.name}: one source.* expected, found {names}"
    return names[0]


def _args(case: Path) -> list[str]:
    extra = case / "args.txt"
    return extra.read_text(encoding="utf-8").split() if extra.is_file() else []


def _import(
    case: Path,
    target: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *more: str,
) -> tuple[int, str, str]:
    """Run ``drafting import`` on the case (from inside its folder); return code, out, err."""
    monkeypatch.chdir(case)
    before = sorted(p.name for p in case.iterdir())
    code = main(["import", _source(case), "-o", str(target), *_args(case), *more])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert sorted(p.name for p in case.iterdir()) == before, "import wrote into the case"
    return code, out, err


@pytest.mark.parametrize("case", _params(POSITIVE))
def test_positive_case_writes_the_expected_yaml(
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "out.yaml"
    code, _, err = _import(case, target, monkeypatch, capsys)
    assert code == 0, err
    expected = (case / "expected.yaml").read_bytes()
    assert target.read_bytes().decode("utf-8") == expected.decode("utf-8")
    assert target.read_bytes() == expected
    report = case / "report.txt"
    for line in report.read_text(encoding="utf-8").splitlines() if report.is_file() else []:
        if line.startswith("!"):
            assert line[1:] not in err, f"the report says {line[1:]!r}:\n{err}"
        elif line:
            assert line in err, f"the report lacks {line!r}:\n{err}"


def _line(row: dict[str, Any], target: Path) -> str:
    """Return a JSON report row as ``file:line:col: severity [code]``; the written file
    (whose check warnings follow the import's notes) is named ``out.yaml``."""
    path = "out.yaml" if row["path"] == str(target) else row["path"]
    return f"{path}:{row['line']}:{row['col']}: {row['severity']} [{row['code']}]"


@pytest.mark.parametrize("case", _params(WITH_DIAGNOSTICS))
def test_positive_case_gives_exact_diagnostics(
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    target = tmp_path / "out.yaml"
    code, out, err = _import(case, target, monkeypatch, capsys, "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [_line(row, target) for row in rows] == expected
    for row in rows:
        assert CJK.search(row["message"]), f"message is not Chinese: {row['message']}"


@pytest.mark.parametrize("case", _params(NEGATIVE))
def test_negative_case_is_refused(
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, piece = (case / "expected.txt").read_text(encoding="utf-8").splitlines()[:2]
    target = tmp_path / "out.yaml"
    code, _, err = _import(case, target, monkeypatch, capsys)
    assert code == int(status), err
    assert piece in err
    assert CJK.search(err), err
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [], "a refused import leaves no file behind"


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


def test_tracked_move_case_is_the_lint_case() -> None:
    # Issue 18's drift bug c: lint and import must read the same paragraph text past a
    # tracked move; both case folders hold the very same document.
    lint_case = HERE.parent / "lint" / "cases" / "positive" / "tracked-move" / "source.docx"
    ours = CASES / "positive" / "tracked-move" / "source.docx"
    assert ours.read_bytes() == lint_case.read_bytes()
