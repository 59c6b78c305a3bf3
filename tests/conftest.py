"""Shared fixtures and paths for the test suite."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "check" / "cases"
EXAMPLES = ROOT / "examples"

# Compiled templates go to a folder of this run, not the user's ~/.cache (subprocesses
# started by the tests inherit it). tests/render/test_cache.py points it elsewhere as needed.
os.environ["DRAFTING_CACHE_DIR"] = tempfile.mkdtemp(prefix="drafting-test-cache-")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside an empty temporary folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def summary_with_tables(folder: Path) -> Path:
    """Write a summary of the county plan with a completion table, a signature and a date
    (no example has all three) into ``folder``; return its path."""
    from drafting.cycle.summarize import summarize_file

    for name in ("plan-2023-county.yaml", "units.yaml"):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    summary = summarize_file(folder / "plan-2023-county.yaml")
    text = summary.read_text("utf-8").replace("# attachments:", "attachments:")
    text = text.replace("signature: false", "signature: true\ndate: 2023-12-20")
    text = text.replace("result:  # 完成情况：主要做法和成效", "result: 全年集中学习12次。", 1)
    summary.write_text(text, encoding="utf-8")
    return summary
