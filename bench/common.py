"""Shared pieces of the benchmark: inputs, timing of whole processes, the machine."""

from __future__ import annotations

import copy
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@dataclass(frozen=True)
class Sample:
    """One run of a workload: wall time in seconds, peak resident memory in MB and CPU
    seconds (user + system, 0 where not measured)."""

    wall: float
    peak_mb: float
    cpu: float = 0.0


@dataclass(frozen=True)
class Stats:
    """The median wall time and the highest peak memory of several runs."""

    wall: float
    peak_mb: float
    runs: int

    @staticmethod
    def of(samples: Sequence[Sample]) -> Stats:
        """Return the median wall and the largest peak of ``samples``."""
        return Stats(
            statistics.median(s.wall for s in samples),
            max(s.peak_mb for s in samples),
            len(samples),
        )


class BenchFailed(RuntimeError):
    """A benchmarked command failed: the figures would mean nothing."""


LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    cpu = usage.ru_utime + usage.ru_stime
    out.write(f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {cpu}")
"""
"""Runs a command for :func:`run_process`; writes its wall time, peak RSS, exit code and CPU.

The figures come from this small process, not from the benchmark: on Linux a child's
peak RSS counts the memory of the process that forked it (tens of MB here), so it is
measured one step removed, from a parent of about 10 MB that does nothing else.
"""


def run_process(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    ok: Sequence[int] = (0,),
    env: dict[str, str] | None = None,
) -> Sample:
    """Run ``cmd`` to the end (in ``env``, else ours); return its wall time, own peak RSS
    and CPU time.

    Output goes to a temporary file (a full pipe would stall the child).
    """
    with (
        tempfile.TemporaryDirectory(prefix="drafting-run-") as tmp,
        tempfile.TemporaryFile() as out,
    ):
        result = Path(tmp) / "result"
        launcher = [sys.executable, "-S", "-c", LAUNCHER, str(result), *map(str, cmd)]
        subprocess.run(
            launcher, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=False
        )
        try:
            wall_s, peak_s, code_s, cpu_s = result.read_text().split()
        except (OSError, ValueError) as exc:
            raise BenchFailed(f"{' '.join(map(str, cmd))}: 无法启动（{exc}）") from exc
        if int(code_s) not in ok:
            out.seek(0)
            text = out.read().decode("utf-8", "replace")[-2000:]
            raise BenchFailed(f"{' '.join(map(str, cmd))} → {code_s}\n{text}")
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS
    return Sample(float(wall_s), int(peak_s) / scale, float(cpu_s))


def tool(name: str) -> str | None:
    """Return the command ``name`` beside this Python (no pyenv or wrapper shim), or on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def rounds(actions: dict[str, Callable[[], Sample]], runs: int) -> dict[str, Stats]:
    """Run each action once to warm up, then ``runs`` rounds, alternating actions.

    Alternating spreads the machine's noise over every contender alike.
    """
    for action in actions.values():
        action()
    samples: dict[str, list[Sample]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            samples[name].append(action())
    return {name: Stats.of(found) for name, found in samples.items()}


def in_parallel(commands: list[list[str]], jobs: int) -> Sample:
    """Run ``commands`` ``jobs`` at a time; return the total wall and the largest peak."""
    from concurrent.futures import ThreadPoolExecutor

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        peaks = [s.peak_mb for s in pool.map(run_process, commands)]
    return Sample(time.perf_counter() - start, max(peaks, default=0.0))


# --- inputs ----------------------------------------------------------------------------


def _plans() -> list[dict[str, Any]]:
    plans = []
    for path in sorted(EXAMPLES.glob("plan-*.yaml")):
        plans.append(yaml.safe_load(path.read_text("utf-8")))
    return plans


def _all_tasks(plan: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for section in plan.get("sections", []):
        found += section.get("tasks", [])
        for group in section.get("groups", []):
            found += group.get("tasks", [])
    return found


def plan_with(tasks: int) -> str:
    """Return a plan of ``tasks`` tasks built from the examples' own tasks, as YAML.

    Tasks (text, units, deadlines, items) are taken in turn from every plan example
    (those with responsible units, so that no warning is printed per task);
    ten go in a section, under two groups, so every heading level is exercised.
    """
    plans = _plans()
    pool = [t for plan in plans for t in _all_tasks(plan) if t.get("units") or t.get("lead")]
    headings = [s["title"] for plan in plans for s in plan["sections"] if s.get("title")]
    base = dict(max(plans, key=lambda p: len(_all_tasks(p))))
    base.pop("sections")
    sections = []
    for start in range(0, tasks, 10):
        chosen = []
        for index in range(start, min(start + 10, tasks)):
            task = copy.deepcopy({k: v for k, v in pool[index % len(pool)].items() if k != "id"})
            chosen.append(task)
        half = (len(chosen) + 1) // 2
        sections.append(
            {
                "title": f"{headings[len(sections) % len(headings)]}（{len(sections) + 1}）",
                "groups": [
                    {"title": "统筹推进重点工作", "tasks": chosen[:half]},
                    {"title": "扎实做好常规工作", "tasks": chosen[half:]},
                ]
                if len(chosen) > 1
                else [{"title": "统筹推进重点工作", "tasks": chosen}],
            }
        )
    base["sections"] = sections
    base["title"] = f"{base.get('year', 2025)}年工作要点（{tasks}项任务）"
    return yaml.safe_dump(base, allow_unicode=True, sort_keys=False, width=1000)


def largest_plan() -> Path:
    """Return the plan example with the most bytes (the single-document input)."""
    plans = [p for p in EXAMPLES.glob("plan-*.yaml")]
    return max(plans, key=lambda p: p.stat().st_size)


def copies(source: Path, folder: Path, count: int, *, suffix: str = ".yaml") -> list[Path]:
    """Copy ``source`` ``count`` times into ``folder``; return the copies in order."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for index in range(count):
        target = folder / f"doc-{index:04d}{suffix}"
        shutil.copyfile(source, target)
        made.append(target)
    return made


# --- the machine -----------------------------------------------------------------------


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return "?"


def _version(cmd: list[str]) -> str:
    exe = shutil.which(cmd[0])
    if exe is None:
        return "未安装"
    result = subprocess.run([exe, *cmd[1:]], capture_output=True, text=True, check=False)
    return (
        (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 else "?"
    )


def machine() -> dict[str, str]:
    """Return what the figures depend on: CPU, cores, memory, OS and tool versions."""
    from importlib.metadata import version

    from drafting.scaffold.distribution import installed

    return {
        "CPU": _cpu(),
        "核数": str(os.cpu_count()),
        "内存": _memory_gb(),
        "系统": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "drafting": installed().version,  # the distribution is drafting-gongwen
        "docxtpl": version("docxtpl"),
        "python-docx": version("python-docx"),
        "check-jsonschema": _version(["check-jsonschema", "--version"]),
        "pandoc": _version(["pandoc", "--version"]),
    }
