"""Benchmark: ``drafting render`` against bare docxtpl and pandoc, in one run.

1. Single document: ``drafting render`` of the largest plan example (the CLI end to
   end: check, render, package, atomic write) against a bare docxtpl script that renders
   the same context into the same template, each as a whole process.
2. Batch: 200 copies of that plan with ``drafting render -j2`` against pandoc
   converting the same content from Markdown, two pandoc processes at a time.

Prints medians and ratios. Usage: python bench/render_bench.py [--copies 200] [--runs 5]
Needs: the project installed, and pandoc (apt-get install pandoc) for the batch peer.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BARE = """
import json, sys
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from jinja2 import StrictUndefined
context = json.load(open(sys.argv[2], encoding="utf-8"))
template = DocxTemplate(sys.argv[1])
template.render(context, jinja_env=SandboxedEnvironment(autoescape=True, undefined=StrictUndefined),
                autoescape=True)
template.save(sys.argv[3])
"""


from common import largest_plan  # noqa: E402


def interleaved(first, second, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Time two actions alternately (so that machine noise hits both); return medians."""
    first()
    second()
    a, b = [], []
    for _ in range(runs):
        for action, times in ((first, a), (second, b)):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def run(cmd: list[str]) -> None:
    """Run a command and stop the benchmark if it fails."""
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{cmd[0]} failed: {result.stdout}{result.stderr}")


def markdown(doc) -> str:  # type: ignore[no-untyped-def]
    """Return the plan as Markdown with the same text and numbers, for pandoc."""
    from drafting.context import build

    context = build(doc)
    lines = [f"# {context['title']}", ""]
    for block in context["body"]:
        if block["kind"].startswith("heading"):
            lines += [f"## {block['head']}", ""]
        else:
            lines += [f"**{block['head']}**{block['text']}{block['resp']}", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    drafting = shutil.which("drafting")
    pandoc = shutil.which("pandoc")
    if not drafting:
        sys.exit("需要先安装：python3 -m pip install .")

    import compileall

    import drafting as package
    from drafting.check import check_paths

    # pip writes .pyc files when it installs a package; an editable install (or
    # PYTHONDONTWRITEBYTECODE) would make every run compile our modules from source.
    compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    from drafting.context import build
    from drafting.model import from_data
    from drafting.render import template_path

    source = largest_plan()
    checked = check_paths([str(source)]).files[0]
    doc = from_data(checked.kind, checked.data)
    context = {k: v for k, v in build(doc).items() if k != "doc"}
    with tempfile.TemporaryDirectory(prefix="drafting-bench-") as tmp:
        work = Path(tmp)
        plan = work / "plan.yaml"
        shutil.copy(source, plan)
        (work / "context.json").write_text(
            json.dumps(context, ensure_ascii=False), encoding="utf-8"
        )
        (work / "bare.py").write_text(BARE, encoding="utf-8")
        template = str(template_path("plan"))

        bare_cmd = [
            sys.executable,
            str(work / "bare.py"),
            template,
            str(work / "context.json"),
            str(work / "b.docx"),
        ]
        ours, bare = interleaved(
            lambda: run([drafting, "render", str(plan), "-o", str(work / "a.docx")]),
            lambda: run(bare_cmd),
            args.runs,
        )
        print(f"单个文档（{source.name}，{len(doc.all_tasks())} 项任务），{args.runs} 次取中位数")
        print(f"  drafting render      {ours * 1000:7.0f} ms")
        print(f"  bare docxtpl script  {bare * 1000:7.0f} ms")
        print(f"  ratio                {ours / bare:7.2f}x  (goal: <= 1.3x)")

        batch = work / "batch"
        batch.mkdir()
        for index in range(args.copies):
            shutil.copy(source, batch / f"plan-{index:04d}.yaml")
        start = time.perf_counter()
        run([drafting, "render", "-j", "2", str(batch), "-o", str(work / "out")])
        ours_batch = time.perf_counter() - start
        print(f"批量 {args.copies} 份")
        print(
            f"  drafting render -j2  {args.copies / ours_batch:7.1f} docs/s  ({ours_batch:.1f} s)"
        )
        if not pandoc:
            print("  pandoc               未安装，跳过（apt-get install pandoc）")
            return
        md = batch / "plan.md"
        md.write_text(markdown(doc), encoding="utf-8")
        (work / "pandoc").mkdir()
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(
                pool.map(
                    lambda i: run([pandoc, str(md), "-o", str(work / "pandoc" / f"{i}.docx")]),
                    range(args.copies),
                )
            )
        theirs = time.perf_counter() - start
        print(f"  pandoc (2 at a time) {args.copies / theirs:7.1f} docs/s  ({theirs:.1f} s)")
        print(f"  ratio                {theirs / ours_batch:7.2f}x  (goal: >= 2x)")


if __name__ == "__main__":
    main()
