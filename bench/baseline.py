"""Start-up and per-file cost of the CLI against an older commit, on the same inputs.

    python bench/baseline.py                    # against 408207f (before issue 19), n=15
    python bench/baseline.py --base REF -n 25   # another commit, more rounds
    python bench/baseline.py --only import      # one workload (import, library, check, render)

bench/run.py cannot run on an old tree (its scripts use today's modules), so this one
runs ``python -m drafting …`` (and, for the library, a script that finds
``import_file`` wherever that tree keeps it) with ``PYTHONPATH`` pointing either at a
``git worktree`` of the old commit or at this tree. Both get the same inputs (a plan
rendered to .docx by this tree, the largest plan example), a shared scratch byte-code
cache (so neither compiles its modules in the timed runs) and alternate round by round,
so the machine's noise hits them alike. It prints median and minimum wall time and
CPU time (user + system, less sensitive to other processes on the machine) per run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, BenchFailed, Sample, copies, largest_plan, run_process

BASE = "408207f"
"""The commit before the issue-19 work: its import speed is the bar (issue 19, Done when)."""

LIBRARY = """
import sys
from pathlib import Path
try:
    from drafting.ingest.importer import import_file
except ImportError:  # before the ingest package (408207f and older)
    from drafting.importer import import_file
for path in sys.argv[1:]:
    import_file(Path(path), Path(path).with_suffix(".yaml"), force=True)
"""
"""Imports every file given in one process: the library's cost per file, without start-up."""

WORKLOADS = ("import", "library", "check", "render")


@dataclass(frozen=True)
class Figures:
    """Median and minimum of several runs, wall and CPU seconds."""

    wall_median: float
    wall_min: float
    cpu_median: float
    cpu_min: float

    @staticmethod
    def of(samples: Sequence[Sample], per: int = 1) -> Figures:
        """Return the figures of ``samples``, each divided by ``per`` (files in a run)."""
        walls = [s.wall / per for s in samples]
        cpus = [s.cpu / per for s in samples]
        return Figures(statistics.median(walls), min(walls), statistics.median(cpus), min(cpus))


@dataclass(frozen=True)
class Row:
    """One workload measured on both trees."""

    name: str
    base: Figures
    ours: Figures


@contextmanager
def base_tree(ref: str, given: Path | None) -> Iterator[Path]:
    """Yield a checkout of ``ref``: ``given`` if set, else a temporary ``git worktree``."""
    if given is not None:
        if not (given / "drafting" / "__main__.py").is_file():
            raise BenchFailed(f"{given} 不是 drafting 的源码树")
        yield given
        return
    folder = Path(tempfile.mkdtemp(prefix="drafting-base-"))
    tree = folder / "tree"
    git = ["git", "-C", str(ROOT)]
    made = subprocess.run(
        [*git, "worktree", "add", "--detach", str(tree), ref], capture_output=True, text=True
    )
    if made.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise BenchFailed(f"无法检出 {ref}：{made.stderr.strip()}")
    try:
        yield tree
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(tree)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


class Compare:
    """The workloads, each a command line to run once on a given tree."""

    def __init__(self, base: Path, ours: Path, work: Path, files: int) -> None:
        self.trees = {"base": base, "ours": ours}
        self.work = work
        self.files = files
        cache = work / "pycache"
        self.envs = {}
        for name, tree in self.trees.items():
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env.update(PYTHONPATH=str(tree), PYTHONPYCACHEPREFIX=str(cache / name))
            self.envs[name] = env
        self.docx = work / "plan.docx"
        self.plan = work / "plan.yaml"
        shutil.copyfile(largest_plan(), self.plan)
        self._run("ours", ["render", str(self.plan), "-o", str(self.docx)])
        self.batch = copies(self.docx, work / "library", files, suffix=".docx")
        self.script = work / "library.py"
        self.script.write_text(LIBRARY, encoding="utf-8")

    def _run(self, tree: str, args: list[str]) -> Sample:
        return run_process(
            [sys.executable, "-m", "drafting", *args], cwd=self.work, env=self.envs[tree]
        )

    def action(self, workload: str, tree: str) -> Callable[[], Sample]:
        """Return one run of ``workload`` on ``tree`` ("base" or "ours")."""
        out = self.work / f"out-{tree}"
        out.mkdir(exist_ok=True)
        if workload == "import":
            target = out / "plan.yaml"

            def run() -> Sample:
                target.unlink(missing_ok=True)  # no .bak to write
                return self._run(tree, ["import", str(self.docx), "-o", str(target), "--force"])

            return run
        if workload == "library":
            env = self.envs[tree]
            return lambda: run_process(
                [sys.executable, str(self.script), *map(str, self.batch)], cwd=self.work, env=env
            )
        if workload == "check":
            return lambda: self._run(tree, ["check", str(self.plan)])
        if workload == "render":
            target = out / "plan.docx"
            return lambda: self._run(tree, ["render", str(self.plan), "-o", str(target), "--force"])
        raise ValueError(workload)

    def measure(self, workload: str, runs: int) -> Row:
        """Warm up both trees (byte-code cache, disk), then ``runs`` alternating rounds."""
        actions = {tree: self.action(workload, tree) for tree in self.trees}
        for action in actions.values():
            action()
        samples: dict[str, list[Sample]] = {tree: [] for tree in actions}
        for index in range(runs):
            order = list(actions) if index % 2 == 0 else list(actions)[::-1]
            for tree in order:
                samples[tree].append(actions[tree]())
        per = self.files if workload == "library" else 1
        return Row(
            NAMES[workload].format(files=self.files),
            Figures.of(samples["base"], per),
            Figures.of(samples["ours"], per),
        )


NAMES = {
    "import": "`drafting import` 渲染后的 .docx（每份一个进程）",
    "library": "库内 import_file（一个进程 {files} 份，每份）",
    "check": "`drafting check` 1 个文件",
    "render": "`drafting render` 1 个文件",
}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def table(rows: Sequence[Row], ref: str) -> list[str]:
    """Return the Markdown table of ``rows``: base and ours, median / min, in ms."""
    lines = [
        f"| 命令 | {ref} 墙钟 中位/最小 | 现在 墙钟 中位/最小 | 比值（中位） "
        f"| {ref} CPU 中位/最小 | 现在 CPU 中位/最小 |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        b, o = row.base, row.ours
        lines.append(
            f"| {row.name} | {_ms(b.wall_median)} / {_ms(b.wall_min)} ms "
            f"| {_ms(o.wall_median)} / {_ms(o.wall_min)} ms "
            f"| {o.wall_median / b.wall_median:.2f} "
            f"| {_ms(b.cpu_median)} / {_ms(b.cpu_min)} ms "
            f"| {_ms(o.cpu_median)} / {_ms(o.cpu_min)} ms |"
        )
    return lines


def compare(
    workloads: Sequence[str],
    runs: int,
    *,
    ref: str = BASE,
    tree: Path | None = None,
    files: int = 20,
    say: Callable[[str], None] = print,
) -> list[Row]:
    """Measure ``workloads`` on ``ref`` and on this tree; print the table; return the rows."""
    rows = []
    with (
        base_tree(ref, tree) as base,
        tempfile.TemporaryDirectory(prefix="drafting-baseline-") as tmp,
    ):
        bench = Compare(base, ROOT, Path(tmp), files)
        for workload in workloads:
            rows.append(bench.measure(workload, runs))
    for line in table(rows, ref):
        say(line)
    say("")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BASE, help=f"the older commit (default {BASE})")
    parser.add_argument("--base-tree", type=Path, help="an existing checkout of that commit")
    parser.add_argument("-n", "--runs", type=int, default=15, help="alternating rounds (15)")
    parser.add_argument("--files", type=int, default=20, help="files in the library batch")
    parser.add_argument("--only", nargs="*", choices=WORKLOADS, default=list(WORKLOADS))
    args = parser.parse_args()
    try:
        compare(args.only, args.runs, ref=args.base, tree=args.base_tree, files=args.files)
    except BenchFailed as exc:
        sys.exit(f"基准中断：{exc}")


if __name__ == "__main__":
    main()
