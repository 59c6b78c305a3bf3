"""Benchmark: ``drafting check`` against check-jsonschema on the same files.

Prepares 200 copies of the largest plan example, then times, in one run and on the
same machine, ``drafting check FOLDER`` and ``check-jsonschema --schemafile
plan.json FILES…`` (with our bundled plan schema), each as a whole process, several
times after a warm-up. Prints the median wall time, files per second and the ratio.

Usage: python bench/check_bench.py [--copies 200] [--runs 5]
Needs: pip install ".[bench]"  (check-jsonschema)
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


from common import largest_plan, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    drafting = shutil.which("drafting")
    checker = shutil.which("check-jsonschema")
    if not drafting or not checker:
        sys.exit('需要先安装：python3 -m pip install ".[bench]"')

    source = largest_plan()
    with tempfile.TemporaryDirectory(prefix="drafting-bench-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for index in range(args.copies):
            shutil.copy(source, folder / f"plan-{index:04d}.yaml")
        files = sorted(str(p) for p in folder.iterdir())
        schema = Path(tmp) / "plan.schema.json"
        bundled = subprocess.run(
            [drafting, "schema", "plan"], capture_output=True, text=True, check=True
        ).stdout
        schema.write_text(bundled, encoding="utf-8")
        json.loads(bundled)

        ours = timed([drafting, "check", str(folder)], args.runs)
        theirs = timed([checker, "--schemafile", str(schema), *files], args.runs)

    ours_s, theirs_s = statistics.median(ours), statistics.median(theirs)
    print(
        f"输入：{args.copies} 份 {source.name}（{source.stat().st_size} 字节），每项 {args.runs} 次取中位数"
    )
    print(f"drafting check       {ours_s * 1000:8.0f} ms  {args.copies / ours_s:8.1f} files/s")
    print(f"check-jsonschema     {theirs_s * 1000:8.0f} ms  {args.copies / theirs_s:8.1f} files/s")
    print(f"ratio (throughput)   {theirs_s / ours_s:8.2f}x  (goal: >= 5x)")


if __name__ == "__main__":
    main()
