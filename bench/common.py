"""Shared helpers of the benchmark scripts."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def largest_plan() -> Path:
    """Return the plan example with the most bytes (the benchmarks' input)."""
    plans = [p for p in (ROOT / "examples").glob("*.yaml") if "kind: plan" in p.read_text("utf-8")]
    return max(plans, key=lambda p: p.stat().st_size)
