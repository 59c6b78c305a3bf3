"""The benchmark's own instruments: its inputs are what they claim, its memory figure is the child's.

Speed itself is never asserted here; ``python bench/run.py`` measures it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from drafting.check import check_paths

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("bench_common", ROOT / "bench" / "common.py")
assert _spec is not None and _spec.loader is not None
bench = sys.modules["bench_common"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
BenchFailed, plan_with, run_process = bench.BenchFailed, bench.plan_with, bench.run_process


@pytest.mark.parametrize("tasks", [10, 100, 1000])
def test_generated_plans_have_that_many_tasks_and_pass_the_check(
    tasks: int, tmp_path: Path
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(plan_with(tasks), encoding="utf-8")
    data = yaml.safe_load(path.read_text("utf-8"))
    found = [t for s in data["sections"] for g in s["groups"] for t in g["tasks"]]
    assert len(found) == tasks
    checked = check_paths([str(path)]).files[0]
    assert checked.ok and not checked.diagnostics, [d.format() for d in checked.diagnostics]


def test_peak_memory_is_the_child_s_own_not_the_benchmark_s() -> None:
    ballast = bytearray(300 * 2**20)  # the measuring process grows by 300 MB...
    ballast[::4096] = b"x" * len(ballast[::4096])  # ...and really touches it
    small = run_process([sys.executable, "-c", "pass"])
    big = run_process(
        [sys.executable, "-c", "b = bytearray(200 * 2**20); b[::4096] = b'x' * len(b[::4096])"]
    )
    del ballast
    assert small.peak_mb < 100  # a bare interpreter, not 300 MB inherited at fork
    assert 200 <= big.peak_mb < 300
    assert small.wall > 0 and big.wall > 0


def test_a_failing_command_stops_the_benchmark() -> None:
    with pytest.raises(BenchFailed, match="boom"):
        run_process([sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"])


def test_cpu_time_is_the_child_s_own_work() -> None:
    idle = run_process([sys.executable, "-c", "import time; time.sleep(0.5)"])
    busy = run_process([sys.executable, "-c", "x = 0\nfor i in range(5_000_000): x += i"])
    assert idle.cpu < idle.wall - 0.3  # sleeping costs no CPU
    assert busy.cpu > 0.1  # the loop does (the benchmark's own CPU is not counted)
