"""``POST /api/check`` says exactly what ``drafting check --format json`` says of a file:
for every example and every negative check case (data-driven over the case folders)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from drafting.cli import main

from ..conftest import CASES, EXAMPLES
from .serving import client

NEGATIVE = sorted(p for p in (CASES / "negative").iterdir() if p.is_dir())
FILES = [
    *sorted(EXAMPLES.glob("*.yaml")),
    *sorted(f for case in NEGATIVE for f in case.iterdir() if f.suffix in (".yaml", ".yml")),
]


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _cli(
    path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[tuple[Any, ...]]:
    """Return what ``drafting check --format json FILE`` run in the file's folder reports of it."""
    monkeypatch.chdir(path.parent)
    main(["check", "--format", "json", path.name])
    out = capsys.readouterr().out
    rows = json.loads(out) if out.strip() else []
    return [
        (r["severity"], r["code"], r["message"], r["line"], r["col"])
        for r in rows
        if r["path"] == path.name
    ]


def _decodable(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("path", FILES, ids=[_name(p) for p in FILES])
def test_api_check_equals_the_command_line(
    path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _cli(path, monkeypatch, capsys)
    monkeypatch.chdir("/")  # the server's working folder is nobody's business
    with client(path.parent) as api:
        if not _decodable(path):
            answer = api.get(f"/api/doc?path={path.name}")
            assert answer.status_code == 422
            assert answer.json()["code"] == "not-utf8"
            assert any(row[0] == "error" for row in expected)
            return
        text = api.get(f"/api/doc?path={path.name}").json()["text"]
        found = api.post("/api/check", json={"path": path.name, "text": text}).json()
    got = [
        (d["severity"], d["code"], d["message"], d["line"], d["col"]) for d in found["diagnostics"]
    ]
    assert got == expected
    for d in found["diagnostics"]:
        assert (d["end_line"], d["end_col"]) >= (d["line"], d["col"])


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_the_document_list_counts_what_the_command_line_finds(
    case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(case)
    main(["check", "--format", "json", "."])
    rows = json.loads(capsys.readouterr().out or "[]")
    monkeypatch.chdir("/")
    with client(case) as api:
        listed = api.get("/api/docs").json()
    entries = list(listed["documents"]) + ([listed["units"]] if listed["units"] else [])
    for entry in entries:
        mine = [r for r in rows if r["path"] == entry["path"]]
        assert entry["errors"] == sum(r["severity"] == "error" for r in mine), entry
        assert entry["warnings"] == sum(r["severity"] == "warning" for r in mine), entry
    assert {r["path"] for r in rows} <= {e["path"] for e in entries}
