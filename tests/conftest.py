"""Shared fixtures and paths for the test suite."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
EXAMPLES = ROOT / "examples"

# Compiled templates go to a folder of this run, not the user's ~/.cache (subprocesses
# started by the tests inherit it). tests/test_cache.py points it elsewhere as needed.
os.environ["DRAFTING_CACHE_DIR"] = tempfile.mkdtemp(prefix="drafting-test-cache-")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside an empty temporary folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
