"""The benchmark: how fast drafting checks, renders, converts and imports, against its peers.

    python bench/run.py            # the full run (about 10 minutes on 2 cores)
    python bench/run.py --quick    # fewer documents and runs (under 2 minutes)
    python bench/run.py --write    # the full run, its figures written to bench/RESULTS.md
    python bench/run.py --profile  # pyinstrument reports of the hot paths in bench/out/
    python bench/run.py --only preview pageview   # the live preview of `drafting serve`
                                                  # (with --write: its own block of RESULTS.md)

Every workload runs whole processes, as a user or a CI job would, once to warm up and
then several times, contenders alternating so that the machine's noise hits them alike;
it prints medians (wall time, peak resident memory) and the ratios, all measured in the
same run. Inputs are made from the examples: copies, and plans of 10, 100 and 1000 tasks.

Peers: check-jsonschema with our schema (pip install ".[bench]"), a bare docxtpl script
with the same template and context, and pandoc from the same content in Markdown
(apt-get install pandoc); for PDF, one bare ``soffice --convert-to pdf`` call over the
same .docx files. A missing peer is reported and its ratios left out.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    ROOT,
    BenchFailed,
    Sample,
    Stats,
    copies,
    in_parallel,
    largest_plan,
    machine,
    plan_with,
    rounds,
    run_process,
    tool,
)

PY = sys.executable
WORKLOADS_BASE = ("import", "library", "check", "render")
"""What bench/baseline.py compares with the commit before issue 19 in the import step."""

BARE = """
import json, sys
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
template_path, pairs = sys.argv[1], sys.argv[2:]
for context_path, out in zip(pairs[::2], pairs[1::2]):
    context = json.load(open(context_path, encoding="utf-8"))
    template = DocxTemplate(template_path)
    template.render(context, jinja_env=env, autoescape=True)
    template.save(out)
"""
"""The peer for rendering: docxtpl as its documentation shows it, sandboxed like ours."""

IMPORT_BATCH = """
import sys
from pathlib import Path
from drafting.ingest.importer import import_file
for path in sys.argv[1:]:
    import_file(Path(path), Path(path).with_suffix(".yaml"))
"""

WORK_ONCE = """
import statistics, sys, time
from pathlib import Path
work, path, runs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
from drafting.check import Checker
if work == "render":
    from drafting.model import from_data
    from drafting.render.docx import render
    from drafting.render.package import package
def once():
    checked = Checker().check_file(path)
    if work == "render":
        package(render(from_data(checked.kind, checked.data)))
once()
times = []
for _ in range(runs):
    start = time.perf_counter()
    once()
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""
"""The work of one ``check`` or ``render`` in a warm process, without start-up: the
scaling figures (start-up, 100+ ms, would hide the per-task cost at 10 and 100 tasks)."""

PROBE = """
import sys
from drafting.cli import main
code = main(["check", sys.argv[1]])
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"docxtpl", "docx", "lxml", "jinja2", "ruamel", "cookiecutter"})
print("HEAVY", ",".join(heavy))
sys.exit(code)
"""


@dataclass(frozen=True)
class Ratio:
    """A ratio measured in this run, with its goal (None: for information)."""

    name: str
    value: float
    goal: str | None = None
    met: bool | None = None


@dataclass
class Report:
    """What the run measured: tables of rows, ratios and remarks, printed as they come."""

    lines: list[str] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str = "") -> None:
        """Print ``text`` and keep it for RESULTS.md."""
        print(text, flush=True)
        self.lines.append(text)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        """Print a Markdown table."""
        self.say("| " + " | ".join(header) + " |")
        self.say("|" + "|".join("---" for _ in header) + "|")
        for row in rows:
            self.say("| " + " | ".join(row) + " |")
        self.say()

    def ratio(self, name: str, value: float, goal: str | None = None) -> None:
        """Record a ratio; ``goal`` is ">= 5" or "<= 1.3"."""
        met = None
        if goal is not None:
            op, bound = goal.split()
            met = value >= float(bound) if op == ">=" else value <= float(bound)
        self.ratios.append(Ratio(name, value, goal, met))


@dataclass(frozen=True)
class Plan:
    """How much to run: the full benchmark or the quick one."""

    runs: int
    check_files: int
    batches: tuple[int, ...]
    batch_runs: int
    imports: int
    cli_imports: int
    pdf_docs: int = 100
    pdf_runs: int = 3
    sizes: tuple[int, ...] = (10, 100, 1000)


FULL = Plan(
    runs=7, check_files=200, batches=(200, 1000), batch_runs=3, imports=200, cli_imports=200
)
QUICK = Plan(
    runs=3, check_files=200, batches=(200,), batch_runs=1, imports=200, cli_imports=20, pdf_runs=1
)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def mb(value: float) -> str:
    return f"{value:.0f} MB"


class Bench:
    """The workloads, sharing a scratch folder and the tools found."""

    def __init__(self, work: Path, plan: Plan, report: Report) -> None:
        self.work = work
        self.plan = plan
        self.report = report
        self.drafting = tool("drafting") or sys.exit("需要先安装：python3 -m pip install .")
        self.checker = tool("check-jsonschema")
        self.pandoc = tool("pandoc")
        self.sized = {}
        for tasks in plan.sizes:
            path = work / f"plan-{tasks}.yaml"
            path.write_text(plan_with(tasks), encoding="utf-8")
            self.sized[tasks] = path

    def fresh(self, name: str) -> Path:
        """Return an empty folder ``name`` in the scratch folder."""
        folder = self.work / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    # --- start-up -------------------------------------------------------------------

    def startup(self) -> None:
        say = self.report.say
        say("## 启动")
        say()
        one = self.sized[10]
        stats = rounds(
            {
                "python -c pass": lambda: run_process([PY, "-c", "pass"]),
                "drafting --version": lambda: run_process([self.drafting, "--version"]),
                "drafting check 1 个文件": lambda: run_process([self.drafting, "check", str(one)]),
            },
            self.plan.runs,
        )
        self.report.table(
            ["命令", "耗时（中位数）", "峰值内存"],
            [[f"`{name}`", ms(s.wall), mb(s.peak_mb)] for name, s in stats.items()],
        )
        probe = subprocess.run([PY, "-c", PROBE, str(one)], capture_output=True, text=True)
        heavy = re.search(r"HEAVY (.*)", probe.stdout)
        loaded = heavy.group(1) if heavy else "?"
        say(
            f"检查路径上加载的重型模块（docxtpl/docx/lxml/jinja2/ruamel/cookiecutter）：{loaded or '无'}"
        )
        say()
        self.report.data["startup"] = {k: v.wall for k, v in stats.items()}
        self.report.data["check_path_heavy_modules"] = loaded

    # --- check ------------------------------------------------------------------------

    def check(self) -> None:
        say = self.report.say
        count = self.plan.check_files
        say(f"## 检查：{count} 个文件")
        say()
        folder = self.fresh("check")
        sources = sorted((ROOT / "examples").glob("plan-*.yaml"))
        for index in range(count):
            shutil.copyfile(sources[index % len(sources)], folder / f"plan-{index:04d}.yaml")
        files = sorted(str(p) for p in folder.iterdir())
        actions: dict[str, Callable[[], Sample]] = {
            "drafting check": lambda: run_process([self.drafting, "check", str(folder)])
        }
        if self.checker:
            schema = self.work / "plan.schema.json"
            text = subprocess.run(
                [self.drafting, "schema", "plan"], capture_output=True, text=True, check=True
            ).stdout
            json.loads(text)
            schema.write_text(text, encoding="utf-8")
            actions["check-jsonschema"] = lambda: run_process(
                [self.checker, "--schemafile", str(schema), *files]  # type: ignore[list-item]
            )
        stats = rounds(actions, self.plan.runs)
        self.report.table(
            ["工具", "耗时", "文件/秒", "峰值内存"],
            [[n, ms(s.wall), f"{count / s.wall:.0f}", mb(s.peak_mb)] for n, s in stats.items()],
        )
        if "check-jsonschema" in stats:
            value = stats["check-jsonschema"].wall / stats["drafting check"].wall
            self.report.ratio("检查吞吐量：drafting / check-jsonschema", value, ">= 5")
        else:
            say('check-jsonschema 未安装（pip install ".[bench]"），不计比值。')
        self.report.data["check"] = {k: count / v.wall for k, v in stats.items()}

    # --- render -----------------------------------------------------------------------

    def _context(self, source: Path) -> tuple[dict[str, Any], str]:
        """Return the template context of ``source`` and the same content in Markdown."""
        from drafting.check import check_paths
        from drafting.model import from_data
        from drafting.render.context import build

        checked = check_paths([str(source)]).files[0]
        assert checked.kind is not None and checked.ok
        doc = from_data(checked.kind, checked.data)
        context = build(doc)
        lines = [f"# {context['title']}", ""]
        for block in context["body"]:
            if block["kind"].startswith("heading"):
                lines += [f"## {block['head']}", ""]
            else:
                lines += [f"**{block['head']}**{block['text']}{block['resp']}", ""]
        return {k: v for k, v in context.items() if k != "doc"}, "\n".join(lines)

    def _peers(self, source: Path, name: str) -> tuple[Path, Path]:
        context, markdown = self._context(source)
        ctx = self.work / f"{name}.json"
        ctx.write_text(json.dumps(context, ensure_ascii=False), encoding="utf-8")
        md = self.work / f"{name}.md"
        md.write_text(markdown, encoding="utf-8")
        return ctx, md

    def render_one(self) -> None:
        say = self.report.say
        source = largest_plan()
        say(f"## 生成单个文档：{source.name}")
        say()
        from drafting.render.docx import template_path

        template = str(template_path("plan"))
        bare = self.work / "bare.py"
        bare.write_text(BARE, encoding="utf-8")
        ctx, md = self._peers(source, "one")
        out = self.fresh("one")
        actions: dict[str, Callable[[], Sample]] = {
            "drafting render（命令行全过程）": lambda: run_process(
                [self.drafting, "render", str(source), "-o", str(out / "a.docx"), "--force"]
            ),
            "裸 docxtpl 脚本（同模板同上下文）": lambda: run_process(
                [PY, str(bare), template, str(ctx), str(out / "b.docx")]
            ),
        }
        if self.pandoc:
            actions["pandoc（同内容 Markdown）"] = lambda: run_process(
                [self.pandoc, str(md), "-o", str(out / "c.docx")]  # type: ignore[list-item]
            )
        stats = rounds(actions, self.plan.runs)
        self.report.table(
            ["工具", "耗时（中位数）", "峰值内存"],
            [[n, ms(s.wall), mb(s.peak_mb)] for n, s in stats.items()],
        )
        ours, bare_s = (
            stats["drafting render（命令行全过程）"],
            stats["裸 docxtpl 脚本（同模板同上下文）"],
        )
        self.report.ratio("单个文档耗时：drafting / 裸 docxtpl", ours.wall / bare_s.wall, "<= 1.3")
        if self.pandoc:
            theirs = stats["pandoc（同内容 Markdown）"]
            self.report.ratio("单个文档耗时：drafting / pandoc", ours.wall / theirs.wall)
        self.report.data["render_one"] = {k: [v.wall, v.peak_mb] for k, v in stats.items()}

    def _batch_actions(
        self, count: int, jobs: int, inputs: Path, ctx: Path, md: Path
    ) -> dict[str, Callable[[], Sample]]:
        """Return the contenders for rendering ``count`` documents ``jobs`` at a time."""
        from drafting.render.docx import template_path

        template = str(template_path("plan"))
        bare = self.work / "bare.py"
        bare.write_text(BARE, encoding="utf-8")
        out = self.work / "batch-out"

        def ours() -> Sample:
            shutil.rmtree(out, ignore_errors=True)
            return run_process(
                [self.drafting, "render", "-j", str(jobs), str(inputs), "-o", str(out)]
            )

        def docxtpl() -> Sample:  # one process per share, each rendering its documents in turn
            folder = self.fresh("bare-out")
            pairs = [(str(ctx), str(folder / f"{i}.docx")) for i in range(count)]
            commands = [
                [PY, str(bare), template, *(a for pair in pairs[k::jobs] for a in pair)]
                for k in range(jobs)
            ]
            return in_parallel(commands, jobs)

        def pandoc(exe: str) -> Sample:  # one process per document, as pandoc is used
            folder = self.fresh("pandoc-out")
            commands = [[exe, str(md), "-o", str(folder / f"{i}.docx")] for i in range(count)]
            return in_parallel(commands, jobs)

        actions: dict[str, Callable[[], Sample]] = {
            "drafting render": ours,
            "裸 docxtpl（每进程一批）": docxtpl,
        }
        if self.pandoc:
            actions["pandoc（每份一个进程）"] = lambda exe=self.pandoc: pandoc(exe)
        return actions

    def batch(self) -> None:
        say = self.report.say
        source = largest_plan()
        ctx, md = self._peers(source, "batch")
        for count in self.plan.batches:
            say(f"## 批量生成：{count} 份 {source.name}")
            say()
            inputs = self.work / f"batch-{count}"
            copies(source, inputs, count)
            rows = []
            for jobs in (1, 2):
                actions = self._batch_actions(count, jobs, inputs, ctx, md)
                stats = _rounds_no_warmup(actions, self.plan.batch_runs)
                for name, s in stats.items():
                    rows.append(
                        [
                            name,
                            f"-j{jobs}",
                            f"{count / s.wall:.1f}",
                            f"{s.wall:.1f} s",
                            mb(s.peak_mb),
                        ]
                    )
                if self.pandoc:
                    value = stats["pandoc（每份一个进程）"].wall / stats["drafting render"].wall
                    self.report.ratio(
                        f"批量 {count} 份 -j{jobs} 吞吐量：drafting / pandoc", value, ">= 2"
                    )
                value = stats["裸 docxtpl（每进程一批）"].wall / stats["drafting render"].wall
                self.report.ratio(f"批量 {count} 份 -j{jobs} 吞吐量：drafting / 裸 docxtpl", value)
                self.report.data[f"batch_{count}_j{jobs}"] = {
                    k: count / v.wall for k, v in stats.items()
                }
            self.report.table(["工具", "进程数", "份/秒", "总耗时", "单进程峰值内存"], rows)

    # --- PDF ----------------------------------------------------------------------------

    def pdf(self) -> None:
        """``render --pdf`` of a batch against one bare ``soffice`` call over its .docx files."""
        say = self.report.say
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        count = self.plan.pdf_docs
        source = largest_plan()
        say(f"## PDF：{count} 份 {source.name}（预热后交替运行 {self.plan.pdf_runs} 次）")
        say()
        if soffice is None:
            say("LibreOffice 未安装（tools/install-pdf-deps.sh），不计比值。")
            say()
            return
        from drafting.resources import data_dir

        inputs = self.work / f"pdf-{count}"
        copies(source, inputs, count)
        docx = self.fresh("pdf-docx")
        run_process([self.drafting, "render", str(inputs), "-o", str(docx)])
        files = sorted(str(p) for p in docx.glob("*.docx"))
        out = self.work / "pdf-out"
        bare_out = self.work / "pdf-bare"
        # The bare call gets the same font mapping (the same work) and a profile kept
        # across its runs (warm, like a user's own); ours starts from a fresh profile.
        profile = (self.work / "pdf-bare-profile").as_uri()
        fonts = str(data_dir("templates").joinpath("fonts.conf"))
        env = dict(os.environ, FONTCONFIG_FILE=fonts)

        def ours() -> Sample:
            shutil.rmtree(out, ignore_errors=True)
            return run_process([self.drafting, "render", "--pdf", str(inputs), "-o", str(out)])

        def bare() -> Sample:
            shutil.rmtree(bare_out, ignore_errors=True)
            command = [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(bare_out),
                *files,
            ]
            return run_process(command, env=env)

        actions: dict[str, Callable[[], Sample]] = {
            f"drafting render --pdf（检查、生成 {count} 份 Word 和 PDF）": ours,
            f"裸 soffice --convert-to pdf（一次转换同样的 {count} 份 .docx）": bare,
        }
        stats = rounds(actions, self.plan.pdf_runs)
        for folder in (out, bare_out):
            made = list(folder.glob("*.pdf"))
            if len(made) != count:
                raise BenchFailed(f"{folder} 中只有 {len(made)} 份 PDF")
        self.report.table(
            ["方式", "总耗时（中位数）", "份/秒", "峰值内存"],
            [
                [n, f"{s.wall:.1f} s", f"{count / s.wall:.1f}", mb(s.peak_mb)]
                for n, s in stats.items()
            ],
        )
        ours_s, bare_s = stats.values()
        self.report.ratio(
            f"PDF {count} 份耗时：drafting render --pdf / 裸 soffice",
            ours_s.wall / bare_s.wall,
            "<= 1.3",
        )
        self.report.data["pdf"] = {k: v.wall for k, v in stats.items()}

    # --- import -----------------------------------------------------------------------

    def import_(self) -> None:
        say = self.report.say
        source = largest_plan()
        count = self.plan.imports
        say(f"## 导入：{count} 份渲染后的 {source.name}")
        say()
        rendered = self.fresh("import-src") / "plan.docx"
        run_process([self.drafting, "render", str(source), "-o", str(rendered)])
        docs = copies(rendered, self.fresh("import"), count, suffix=".docx")
        script = self.work / "import_batch.py"
        script.write_text(IMPORT_BATCH, encoding="utf-8")
        cli = docs[: self.plan.cli_imports]

        def library() -> Sample:
            for doc in docs:
                doc.with_suffix(".yaml").unlink(missing_ok=True)
            return run_process([PY, str(script), *map(str, docs)])

        def command() -> Sample:
            samples = [
                run_process(
                    [
                        self.drafting,
                        "import",
                        str(d),
                        "-o",
                        str(d.with_suffix(".cli.yaml")),
                        "--force",
                    ]
                )
                for d in cli
            ]
            return Sample(sum(s.wall for s in samples), max(s.peak_mb for s in samples))

        def pandoc() -> Sample:
            samples = [
                run_process(
                    [self.pandoc, str(d), "-t", "markdown", "-o", str(d.with_suffix(".md"))]
                )  # type: ignore[list-item]
                for d in cli
            ]
            return Sample(sum(s.wall for s in samples), max(s.peak_mb for s in samples))

        actions: dict[str, Callable[[], Sample]] = {
            f"drafting 库内批量（{count} 份，一个进程）": library,
            f"drafting import 命令行（{len(cli)} 份，每份一个进程）": command,
        }
        if self.pandoc:
            actions[f"pandoc docx→markdown（{len(cli)} 份，每份一个进程）"] = pandoc
        stats = _rounds_no_warmup(actions, 1 if self.plan is QUICK else 3)
        counts = [count, len(cli), len(cli)]
        self.report.table(
            ["方式", "份/秒", "总耗时", "峰值内存"],
            [
                [n, f"{c / s.wall:.1f}", f"{s.wall:.1f} s", mb(s.peak_mb)]
                for (n, s), c in zip(stats.items(), counts, strict=False)
            ],
        )
        names = list(stats)
        if self.pandoc:
            value = (len(cli) / stats[names[1]].wall) / (len(cli) / stats[names[2]].wall)
            self.report.ratio("导入吞吐量（命令行）：drafting / pandoc", value)
        self.report.data["import"] = {
            n: c / s.wall for (n, s), c in zip(stats.items(), counts, strict=False)
        }
        self.import_baseline()

    def import_baseline(self) -> None:
        """Import (CLI and library), check and render against the commit before issue 19.

        Issue 19's bar is import throughput no worse than before; this run's own scripts
        need today's modules, so bench/baseline.py runs both trees' ``python -m drafting``.
        """
        from baseline import BASE, compare

        say = self.report.say
        runs = 5 if self.plan is QUICK else 15
        say(f"### 与 {BASE}（第 19 号问题之前）比较：交替运行 {runs} 轮，每次一个进程")
        say()
        try:
            rows = compare(WORKLOADS_BASE, runs, say=say)
        except BenchFailed as exc:  # no git, or a shallow clone without that commit
            say(f"无法与 {BASE} 比较：{exc}")
            say()
            return
        for row in rows:
            self.report.ratio(
                f"{row.name}：现在 / {BASE}（中位数）", row.ours.wall_median / row.base.wall_median
            )
        self.report.data["import_baseline"] = {
            row.name: {"base": vars(row.base), "ours": vars(row.ours)} for row in rows
        }

    # --- lint -------------------------------------------------------------------------

    def lint(self) -> None:
        say = self.report.say
        source = ROOT / "tests" / "lint" / "four-levels.yaml"
        count = self.plan.check_files
        say(f"## 格式检查（lint）：{source.name}（四级标题、表格、附件）")
        say()
        one = self.fresh("lint") / "plan.docx"
        run_process([self.drafting, "render", str(source), "-o", str(one)])
        folder = self.work / "lint-batch"
        copies(one, folder, count, suffix=".docx")
        stats = rounds(
            {
                "单个文件（含进程启动）": lambda: run_process([self.drafting, "lint", str(one)]),
                f"{count} 份一次检查": lambda: run_process([self.drafting, "lint", str(folder)]),
            },
            self.plan.runs,
        )
        single, many = stats.values()
        self.report.table(
            ["方式", "耗时", "平均每份", "峰值内存"],
            [
                ["单个文件（含进程启动）", ms(single.wall), ms(single.wall), mb(single.peak_mb)],
                [
                    f"{count} 份一次检查",
                    ms(many.wall),
                    f"{many.wall / count * 1000:.1f} ms",
                    mb(many.peak_mb),
                ],
            ],
        )
        self.report.data["lint"] = {"single": single.wall, "per_file": many.wall / count}

    # --- scale limits (issue 17: bench/scale.py) ---------------------------------------

    # --- the live preview of drafting serve (issue 21) ---------------------------------------

    def preview(self) -> None:
        """Edit-to-preview latency over HTTP and in process, 30 and 1000 tasks (bench/preview.py)."""
        from preview import edit_to_preview, load, over_http

        say = self.report.say
        count = 30 if self.plan is QUICK else 60
        say(f"## 实时预览：一次修改到预览完成（HTTP 请求到收到整页 HTML；负载 {load()}）")
        say()
        say("真实的 `drafting serve`（子进程，本机回环），从发出 POST /api/preview 到收完回答：")
        say()
        http = over_http(self.fresh("preview-http"), say, {30: count, 1000: 30})
        _, p95 = http[30]
        say(f"同一工作在进程内（build_preview：检查、生成 .docx、排成页面；负载 {load()}）：")
        say()
        results = edit_to_preview(self.fresh("preview"), say, {30: count, 1000: 30})
        say(f"负载（结束时）：{load()}（2 核机器上同时有其他进程时测得，数值偏高）。")
        say()
        self.report.ratio("30 项任务预览 p95 / 100 ms", p95 / 0.1, "<= 1")
        self.report.data["preview"] = {str(k): list(v) for k, v in results.items()}
        self.report.data["preview_http"] = {str(k): list(v) for k, v in http.items()}

    def pageview(self) -> None:
        """The exact page view: warm LibreOffice against a soffice start per refresh."""
        from preview import load, page_view

        say = self.report.say
        say(f"## 精确页面视图：常驻 LibreOffice 与每次启动 soffice（负载 {load()}）")
        say()
        found = page_view(self.fresh("pageview"), say, 5 if self.plan is QUICK else 10)
        if found:
            self.report.ratio(
                "每次启动 soffice / 常驻 LibreOffice", found["cold"] / found["warm"], ">= 2"
            )
            self.report.data["pageview"] = found

    def scale_limits(self) -> None:
        from scale import Scale

        for name, value, _ in Scale(self.drafting, self.fresh("limits"), self.report.say).run():
            self.report.ratio(name, value, "<= 1.5")

    # --- scaling ----------------------------------------------------------------------

    def scaling(self) -> None:
        say = self.report.say
        say("## 规模：10、100、1000 项任务")
        say()
        out = self.fresh("scale")
        script = self.work / "work_once.py"
        script.write_text(WORK_ONCE, encoding="utf-8")
        repeats = {10: 40, 100: 20, 1000: 6}
        cli: dict[str, Callable[[], Sample]] = {}
        for tasks, path in self.sized.items():
            cli[f"check {tasks}"] = lambda p=path: run_process([self.drafting, "check", str(p)])
            cli[f"render {tasks}"] = lambda p=path, t=tasks: run_process(
                [self.drafting, "render", str(p), "-o", str(out / f"{t}.docx"), "--force"]
            )
        stats = rounds(cli, self.plan.runs)
        rows = []
        for work in ("check", "render"):
            inner = {}
            for tasks, path in self.sized.items():
                result = subprocess.run(
                    [PY, str(script), work, str(path), str(repeats.get(tasks, 10))],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                inner[tasks] = float(result.stdout.split()[-1])
            small, middle, large = self.plan.sizes
            per_middle = inner[middle] / middle
            per_large = inner[large] / large
            growth = per_large / per_middle
            for t in self.plan.sizes:
                s = stats[f"{work} {t}"]
                rows.append(
                    [
                        work,
                        str(t),
                        f"{inner[t] * 1000:.1f} ms",
                        f"{inner[t] / t * 1e6:.0f} µs",
                        ms(s.wall),
                        mb(s.peak_mb),
                    ]
                )
            peaks = {t: stats[f"{work} {t}"].peak_mb for t in self.plan.sizes}
            mem_per_task = (peaks[large] - peaks[small]) / (large - small) * 1024
            verdict = "线性" if growth <= 1.5 else "超线性"
            say(
                f"- {work}：每项任务 {per_middle * 1e6:.0f} µs（100 项）→ {per_large * 1e6:.0f} µs"
                f"（1000 项），比 {growth:.2f}，{verdict}；内存每项任务约 {mem_per_task:.0f} KB"
            )
            self.report.ratio(f"规模 {work}：1000 项与 100 项的每项任务耗时之比", growth, "<= 1.5")
            self.report.data[f"scaling_{work}"] = {"inner": inner, "peaks": peaks}
        say()
        self.report.table(
            ["操作", "任务数", "进程内耗时（中位数）", "每项任务", "命令行（含启动）", "峰值内存"],
            rows,
        )

    # --- profile ----------------------------------------------------------------------

    def profile(self) -> None:
        from pyinstrument import Profiler

        from drafting.cli import main

        folder = ROOT / "bench" / "out"
        folder.mkdir(parents=True, exist_ok=True)
        check_folder = self.fresh("profile-check")
        for index in range(200):
            shutil.copyfile(largest_plan(), check_folder / f"plan-{index:04d}.yaml")
        render_folder = self.fresh("profile-render")
        copies(largest_plan(), render_folder, 50)
        rendered = self.work / "profile.docx"
        main(["render", str(self.sized[1000]), "-o", str(rendered), "--force"])
        jobs = {
            "check-200": ["check", str(check_folder)],
            "render-1000-tasks": [
                "render",
                str(self.sized[1000]),
                "-o",
                str(self.work / "p.docx"),
                "--force",
            ],
            "render-batch-50": [
                "render",
                str(render_folder),
                "-o",
                str(self.work / "pout"),
                "--force",
            ],
            "import-1000-tasks": [
                "import",
                str(rendered),
                "-o",
                str(self.work / "p.yaml"),
                "--force",
            ],
        }
        for name, args in jobs.items():
            main(args)  # warm
            profiler = Profiler(interval=0.0005)
            profiler.start()
            main(args)
            profiler.stop()
            text = profiler.output_text(unicode=True, color=False)
            (folder / f"profile-{name}.txt").write_text(text, encoding="utf-8")
            print(f"bench/out/profile-{name}.txt")


def _rounds_no_warmup(actions: dict[str, Callable[[], Sample]], runs: int) -> dict[str, Stats]:
    """Like :func:`rounds`, without the warm-up round (a batch is its own warm-up)."""
    samples: dict[str, list[Sample]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            samples[name].append(action())
    return {name: Stats.of(found) for name, found in samples.items()}


def _summary(report: Report) -> list[str]:
    lines = [
        "## 比值汇总（同一次运行中测得）",
        "",
        "| 比值 | 数值 | 目标 | 达成 |",
        "|---|---|---|---|",
    ]
    for r in report.ratios:
        met = "—" if r.met is None else ("是" if r.met else "否")
        lines.append(f"| {r.name} | {r.value:.2f}x | {r.goal or '（参考）'} | {met} |")
    return lines


def _write_results(report: Report, header: list[str], block: str = "results") -> None:
    """Replace the ``block`` between its markers in RESULTS.md (``--only scale``: its own)."""
    path = ROOT / "bench" / "RESULTS.md"
    start, end = f"<!-- {block}:start -->", f"<!-- {block}:end -->"
    body = "\n".join([start, *header, *report.lines, *_summary(report), end])
    old = path.read_text("utf-8") if path.exists() else f"# 基准测试结果\n\n{start}\n{end}\n"
    if start in old and end in old:
        new = old[: old.index(start)] + body + old[old.index(end) + len(end) :]
    else:
        new = old.rstrip("\n") + "\n\n" + body + "\n"
    path.write_text(new, encoding="utf-8")
    print(f"已写入 {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer documents and runs (< 2 min)")
    parser.add_argument(
        "--write", action="store_true", help="write the figures to bench/RESULTS.md"
    )
    parser.add_argument("--profile", action="store_true", help="pyinstrument reports in bench/out/")
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="startup check render batch pdf import lint scaling scale preview pageview",
    )
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    import drafting

    # pip compiles a package's modules when it installs it; an editable install under
    # PYTHONDONTWRITEBYTECODE would make every run compile drafting from source.
    compileall.compile_dir(Path(drafting.__file__).parent, quiet=1)
    begun = time.perf_counter()
    report = Report()
    with tempfile.TemporaryDirectory(prefix="drafting-bench-") as tmp:
        bench = Bench(Path(tmp), plan, report)
        if args.profile:
            bench.profile()
            return
        info = machine()
        header = [
            f"运行：`python bench/run.py{' --quick' if args.quick else ''}`，"
            f"{time.strftime('%Y-%m-%d')}；每项先预热一次，再交替运行 {plan.runs} 次取中位数"
            f"（批量 {plan.batch_runs} 次）。",
            "",
            "| 机器 | |",
            "|---|---|",
            *[f"| {k} | {v} |" for k, v in info.items()],
            "",
        ]
        for line in header:
            print(line)
        steps = {
            "startup": bench.startup,
            "check": bench.check,
            "render": bench.render_one,
            "batch": bench.batch,
            "pdf": bench.pdf,
            "import": bench.import_,
            "lint": bench.lint,
            "scaling": bench.scaling,
            "scale": bench.scale_limits,
            "preview": bench.preview,
            "pageview": bench.pageview,
        }
        try:
            for name, step in steps.items():
                if args.only is None or name in args.only:
                    step()
        except BenchFailed as exc:
            sys.exit(f"基准中断：{exc}")
    for line in _summary(report):
        print(line)
    report.say(f"\n总耗时 {time.perf_counter() - begun:.0f} 秒。")
    if args.write:
        block = "results"
        if args.only == ["scale"]:
            block = "scale"
        elif args.only and set(args.only) <= {"preview", "pageview"}:
            block = "preview"  # its own block, as --only scale has
        _write_results(report, header, block)


if __name__ == "__main__":
    main()
