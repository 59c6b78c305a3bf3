"""Scale limits (issue 17): the work that was quadratic or worse, at two sizes each.

    python bench/run.py --only scale           # print the figures
    python bench/run.py --only scale --write   # and write them to bench/RESULTS.md

Each workload runs the command line once per size (the large sizes take seconds) and
reports the ratio of the time per unit of work at the large size to that at the small
one: near 1 is linear, 2 would be quadratic at a doubling. Start-up (about 0.2 s) is
subtracted, measured as ``drafting --version`` in the same run. The round trip renders
a 20,000-task plan and checks that ``import`` gives back every section and task and
that ``lint`` finds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from common import Sample, run_process

TaskText = Callable[[int], str]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _plan(sections: list[dict[str, Any]]) -> str:
    data = {"kind": "plan", "title": "2025年工作要点", "year": 2025, "sections": sections}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)


def numbered_plan(tasks: int, reworded: bool) -> str:
    """Return a plan of ``tasks`` distinct tasks without ids; ``reworded`` changes half."""
    texts = [
        f"推进第{n}项重点工作，围绕{n % 37}个方面完善制度、压实责任、加强督查，"
        f"确保第{n}项任务在{n % 12 + 1}月底前取得实效。"
        for n in range(1, tasks + 1)
    ]
    if reworded:
        texts = [t + "（有调整）" if n % 2 else t for n, t in enumerate(texts)]
    return _plan(
        [
            {"title": f"第{s + 1}部分", "tasks": [{"text": t} for t in texts[s * 10 : s * 10 + 10]]}
            for s in range(tasks // 10)
        ]
    )


def names(count: int, seed: int, suffix: str) -> list[str]:
    """Return ``count`` distinct unit-like names made of office words' characters."""
    pool = (
        "教育局办公室政工人事股财务计划基础科职成督导安全法规宣传信息中心幼儿园县市区第一二三四五"
    )
    rng = random.Random(seed)
    found = dict.fromkeys(
        "".join(rng.choice(pool) for _ in range(rng.randint(4, 10))) + suffix
        for _ in range(count * 2)
    )
    return list(found)[:count]


def big_plan(tasks: int, per_section: int) -> str:
    """Return a plan of ``tasks`` short tasks, ``per_section`` to a section."""
    return _plan(
        [
            {
                "title": f"第{s + 1}部分重点工作",
                "tasks": [
                    {"title": f"推进第{n + 1}项工作。", "text": "认真落实。", "units": ["办公室"]}
                    for n in range(s * per_section, min((s + 1) * per_section, tasks))
                ],
            }
            for s in range(-(-tasks // per_section))
        ]
    )


class Scale:
    """The scale workloads, run through ``drafting`` (the command) in ``work``."""

    def __init__(self, drafting: str, work: Path, say: Callable[[str], None]) -> None:
        self.drafting = drafting
        self.work = work
        self.say = say
        self.start = min(run_process([drafting, "--version"]).wall for _ in range(3))

    def _net(self, sample: Sample) -> float:
        return max(sample.wall - self.start, 1e-3)

    def run(self) -> list[tuple[str, float, float]]:
        """Run every workload; print the tables; return (name, ratio, quadratic ratio)."""
        rows: list[list[str]] = []
        ratios: list[tuple[str, float, float]] = []
        for name, unit, sizes, make in (
            ("diff（无 id，一半任务改写）", "项任务", (1000, 2000), self._diff),
            ("未知单位提示（名册 50,000 个单位）", "个未知单位", (200, 2000), self._units),
            ("导入一个长段落（带括号和日期）", "字", (100_000, 1_000_000), self._paragraph),
            ("导入一个长段落（未闭合的书签标记）", "字", (100_000, 1_000_000), self._bookmarks),
        ):
            per = {}
            for size in sizes:
                sample = make(size)
                per[size] = self._net(sample) / size
                rows.append(
                    [
                        name,
                        f"{size:,}{unit}",
                        f"{sample.wall:.2f} s",
                        f"{self._net(sample):.2f} s",
                        f"{sample.peak_mb:.0f} MB",
                    ]
                )
            small, large = sizes
            label = f"{name}：{large:,} 与 {small:,} 的单位耗时之比"
            ratios.append((label, per[large] / per[small], large / small))
        self.say("## 规模上限：曾为平方级的工作（issue 17）")
        self.say("")
        self.say(f"启动耗时（`drafting --version`，已从“去掉启动”一列中减去）：{self.start:.2f} s")
        self.say("")
        self.say("| 工作 | 规模 | 命令行耗时 | 去掉启动 | 峰值内存 |")
        self.say("|---|---|---|---|---|")
        for row in rows:
            self.say("| " + " | ".join(row) + " |")
        self.say("")
        for name, value, quadratic in ratios:
            self.say(f"- {name}：{value:.2f}（1 为线性，平方级为 {quadratic:.0f}）")
        self.say("")
        self._round_trip()
        return ratios

    def _diff(self, tasks: int) -> Sample:
        old, new = self.work / f"diff-old-{tasks}.yaml", self.work / f"diff-new-{tasks}.yaml"
        old.write_text(numbered_plan(tasks, False), encoding="utf-8")
        new.write_text(numbered_plan(tasks, True), encoding="utf-8")
        return run_process([self.drafting, "diff", str(old), str(new)], ok=(1,))

    def _units(self, count: int) -> Sample:
        folder = self.work / f"units-{count}"
        folder.mkdir(exist_ok=True)
        registry = names(50_000, 1, "")
        known = set(registry)
        unknown = [u for u in names(count + 200, 2, "处") if u not in known][:count]
        units = {"kind": "units", "units": registry}
        (folder / "units.yaml").write_text(yaml.safe_dump(units, allow_unicode=True), "utf-8")
        tasks = [{"title": f"推进第{n + 1}项工作。", "units": [u]} for n, u in enumerate(unknown)]
        plan = folder / "plan.yaml"
        plan.write_text(_plan([{"title": "加强建设", "tasks": tasks}]), encoding="utf-8")
        return run_process([self.drafting, "check", str(plan)], cwd=folder)

    def _long_line(self, name: str, unit: str, chars: int) -> Sample:
        source = self.work / f"{name}-{chars}.txt"
        source.write_text("2025年工作要点\n" + unit * (chars // len(unit)) + "\n", "utf-8")
        out = source.with_suffix(".yaml")
        return run_process(
            [self.drafting, "import", str(source), "-o", str(out), "--force"], ok=(0, 1)
        )

    def _paragraph(self, chars: int) -> Sample:
        return self._long_line("paragraph", "（2025年1月1日", chars)

    def _bookmarks(self, chars: int) -> Sample:
        return self._long_line("bookmarks", "[bookmark:a", chars)

    def _round_trip(self) -> None:
        source = self.work / "plan-20000.yaml"
        source.write_text(big_plan(20_000, 100), encoding="utf-8")
        docx, back = self.work / "plan-20000.docx", self.work / "plan-20000-back.yaml"
        render = run_process([self.drafting, "render", str(source), "-o", str(docx), "--force"])
        imported = run_process([self.drafting, "import", str(docx), "-o", str(back), "--force"])
        linted = run_process([self.drafting, "lint", str(docx)])  # exit 0: no finding at all
        before = yaml.load(source.read_text("utf-8"), Loader=_LOADER)["sections"]
        after = yaml.load(back.read_text("utf-8"), Loader=_LOADER)["sections"]
        for section in after:
            for task in section.get("tasks", []):
                task.pop("id", None)
        tasks = sum(len(s.get("tasks", [])) for s in after)
        same = "是" if after == before else "否"
        self.say("## 规模上限：20,000 项任务（200 个部分，一、至二百、）渲染后读回")
        self.say("")
        self.say("| 步骤 | 耗时 | 峰值内存 | 结果 |")
        self.say("|---|---|---|---|")
        self.say(
            f"| render | {render.wall:.2f} s | {render.peak_mb:.0f} MB | {docx.stat().st_size:,} 字节 |"
        )
        self.say(
            f"| import | {imported.wall:.2f} s | {imported.peak_mb:.0f} MB | "
            f"{len(after)} 个部分、{tasks} 项任务；与原文逐项相同：{same} |"
        )
        self.say(
            f"| lint | {linted.wall:.2f} s | {linted.peak_mb:.0f} MB | 没有发现问题（退出码 0） |"
        )
        self.say("")
