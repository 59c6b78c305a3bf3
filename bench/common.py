"""Shared helpers of the benchmark scripts."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def largest_plan() -> Path:
    """Return the plan example with the most bytes (the benchmarks' input)."""
    plans = [p for p in (ROOT / "examples").glob("*.yaml") if "kind: plan" in p.read_text("utf-8")]
    return max(plans, key=lambda p: p.stat().st_size)


def timed(cmd: list[str], runs: int, *, ok_codes: tuple[int, ...] = (0,)) -> list[float]:
    """Run ``cmd`` once to warm up and ``runs`` more times; return the wall times in s."""
    times = []
    for index in range(runs + 1):
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        if result.returncode not in ok_codes:
            sys.exit(f"{cmd[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        if index:
            times.append(elapsed)
    return times
