"""Shared helpers for the adversarial suite: run the CLI in-process, never expect a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from drafting.cli import main

PLAN = """kind: plan
title: 2025年工作要点
year: 2025
sections:
  - title: 加强党的建设
    tasks:
      - title: 认真学习。
        units: [办公室]
"""
"""A small valid plan that cases change one thing in."""


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Return a function that runs ``drafting ARGS`` and asserts it printed no traceback."""

    def call(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err and "内部错误" not in err, out + err
        return Run(code, out, err)

    return call
