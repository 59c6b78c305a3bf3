"""The preview benchmark's inputs are what it claims: each edit changes one task's text."""

from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path

import yaml

from drafting.check import Checker

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))  # bench/preview.py imports its sibling common.py
_spec = importlib.util.spec_from_file_location("bench_preview", ROOT / "bench" / "preview.py")
assert _spec is not None and _spec.loader is not None
bench = sys.modules["bench_preview"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _texts(text: str) -> list[str]:
    data = yaml.safe_load(text)
    return [t["text"] for s in data["sections"] for g in s["groups"] for t in g["tasks"]]


def test_each_edit_changes_one_task_text_and_still_checks(tmp_path: Path) -> None:
    base = bench.plan_with(30)
    versions = bench.edits(base, 31)
    assert len(set(versions)) == 31
    before = _texts(base)
    changed = set()
    for version in versions:
        after = _texts(version)
        diff = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert len(diff) == 1
        changed.add(diff[0])
        lines = [d for d in difflib.ndiff(base.split("\n"), version.split("\n")) if d[0] in "+-"]
        assert len(lines) == 2  # one line out, one line in
        checked = Checker().check_text(version, tmp_path / "plan.yaml")
        assert checked.ok, checked.diagnostics
    assert len(changed) == 30  # every task in turn (the 31st wraps around)


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 0.95) == 95.0
    assert bench.percentile(values[:30], 0.95) == 29.0
    assert bench.percentile([5.0], 0.95) == 5.0
