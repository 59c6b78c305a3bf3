"""Benchmark: ``drafting import`` of 200 rendered plans (documents/s).

The largest plan example is rendered once and copied; the copies are imported in one
process (the library, as a batch would) and, for the start-up cost, a few through the
CLI. Usage: python bench/import_bench.py [--copies 200]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import largest_plan  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args()
    from drafting.check import check_paths
    from drafting.importer import import_file
    from drafting.model import from_data
    from drafting.render import render
    from drafting.write import package

    source = largest_plan()
    checked = check_paths([str(source)]).files[0]
    data = package(render(from_data(checked.kind, checked.data)))
    with tempfile.TemporaryDirectory(prefix="drafting-bench-") as tmp:
        work = Path(tmp)
        docs = []
        for index in range(args.copies):
            path = work / f"plan-{index:04d}.docx"
            path.write_bytes(data)
            docs.append(path)
        import_file(docs[0], work / "warm.yaml")
        start = time.perf_counter()
        for path in docs:
            import_file(path, path.with_suffix(".yaml"))
        elapsed = time.perf_counter() - start
        print(f"导入 {args.copies} 份渲染后的工作要点（{source.name}）")
        print(f"  库内批量       {args.copies / elapsed:7.1f} docs/s  ({elapsed:.2f} s)")
        drafting = shutil.which("drafting")
        if drafting:
            runs = []
            for path in docs[:5]:
                begin = time.perf_counter()
                subprocess.run(
                    [drafting, "import", str(path), "-o", str(work / "cli.yaml"), "--force"],
                    capture_output=True,
                    check=True,
                )
                runs.append(time.perf_counter() - begin)
            print(f"  命令行单个文件 {sorted(runs)[2] * 1000:7.0f} ms（含进程启动）")


if __name__ == "__main__":
    main()
