"""Benchmark: ``drafting lint`` on a plan with four heading levels, a table and an attachment.

Renders tests/lint/four-levels.yaml once, then times, after a warm-up:

1. one file: ``drafting lint FILE.docx`` as a whole process (start-up included);
2. a batch: ``drafting lint FOLDER`` over 200 copies, reported per file.

Prints medians. Goal (issue 4): under 200 ms per file.
Usage: python bench/lint_bench.py [--copies 200] [--runs 11]
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
INPUT = ROOT / "tests" / "lint" / "four-levels.yaml"


from common import timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    drafting = shutil.which("drafting")
    if not drafting:
        sys.exit("需要先安装：python3 -m pip install .")
    import drafting as package

    # pip writes .pyc files on install; an editable install would compile on every run.
    compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="drafting-lint-bench-") as tmp:
        work = Path(tmp)
        one = work / "plan.docx"
        subprocess.run(
            [drafting, "render", str(INPUT), "-o", str(one)], check=True, capture_output=True
        )
        single = statistics.median(timed([drafting, "lint", str(one)], args.runs))
        batch = work / "batch"
        batch.mkdir()
        for index in range(args.copies):
            shutil.copy(one, batch / f"plan-{index:04d}.docx")
        many = statistics.median(timed([drafting, "lint", str(batch)], max(3, args.runs // 3)))
    print(f"lint：四级标题 + 表格 + 附件的工作要点（{INPUT.name}）")
    print(f"  单个文件（含进程启动）   {single * 1000:7.0f} ms   (goal: < 200 ms)")
    print(f"  批量 {args.copies} 份，平均每份   {many / args.copies * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
