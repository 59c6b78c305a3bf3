"""``summarize``: the year-end summary skeleton from a plan.

The plan's sections, groups and tasks become summary items that reference the plan's
task ids (``plan_ref``), with empty ``result`` fields to fill in. ``drafting check``
then reports items still without a result and references to tasks that do not exist.
The skeleton is written as YAML text with Chinese comments, atomically, never over an
existing file without ``force``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from drafting.errors import InputError, UsageError


def _q(value: str) -> str:
    """Return ``value`` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def summary_title(title: str) -> str:
    """Return the summary's title for a plan title (工作要点/工作计划 → 工作总结)."""
    for word in ("工作要点", "工作计划", "要点", "计划"):
        if word in title:
            return title.replace(word, "工作总结" if word.startswith("工作") else "总结", 1)
    return title + "总结"


def _task_lines(task: dict[str, Any], indent: str) -> list[str]:
    lines = []
    first = f"{indent}- "
    rest = indent + "  "
    if task.get("id"):
        lines.append(f"{first}plan_ref: {task['id']}")
        first = rest
    if task.get("title"):
        lines.append(f"{first}title: {_q(task['title'])}")
        first = rest
    units = [*(task.get("lead") or []), *(task.get("units") or [])]
    if units:
        lines.append(f"{first}units: [{', '.join(_q(u) for u in dict.fromkeys(units))}]")
        first = rest
    lines.append(f"{first}result:  # 完成情况：主要做法和成效")
    return lines


def skeleton(plan: dict[str, Any], plan_ref: str) -> str:
    """Return the summary YAML text for the typed data of a plan."""
    title = plan["title"]
    lines = ["kind: summary"]
    if isinstance(title, list):
        lines.append("title:")
        lines += [
            f"  - {_q(summary_title(line) if i == len(title) - 1 else line)}"
            for i, line in enumerate(title)
        ]
    else:
        lines.append(f"title: {_q(summary_title(title))}")
    if plan.get("org"):
        lines.append(f"org: {_q(plan['org'])}")
    lines.append(f"year: {plan['year']}")
    lines.append(f"plan: {_q(plan_ref)}  # 对应的工作要点，check 据此核对 plan_ref")
    if plan.get("numbering"):
        lines.append(f"numbering: {plan['numbering']}")
    lines.append("# 写好成文日期（date: YYYY-MM-DD）后把 signature 改为 true，文末才编排署名和日期")
    lines.append("signature: false")
    lines.append("# attachments: [completion-table]  # 附件：按责任单位统计的任务完成情况表")
    lines.append("# preamble:  # 开头的总体情况，可写成多段")
    lines.append("sections:")
    for section in plan.get("sections") or []:
        lines.append(f"  - title: {_q(section['title'])}")
        if section.get("groups"):
            lines.append("    groups:")
            for group in section["groups"]:
                lines.append(f"      - title: {_q(group['title'])}")
                if group.get("tasks"):
                    lines.append("        tasks:")
                    for task in group["tasks"]:
                        lines += _task_lines(task, "          ")
        elif section.get("tasks"):
            lines.append("    tasks:")
            for task in section["tasks"]:
                lines += _task_lines(task, "      ")
    return "\n".join(lines) + "\n"


def summarize_file(path: Path, output: Path | None = None, *, force: bool = False) -> Path:
    """Write the summary skeleton of the plan at ``path``; return the file written.

    Raises :class:`~drafting.errors.InputError` when the plan has errors and
    :class:`~drafting.errors.UsageError` for a document that is not a plan or an
    existing target without ``force``.
    """
    from drafting.check import Checker
    from drafting.fsio import atomic_write, guard
    from drafting.scaffold.vscode import modeline

    checker = Checker()
    checked = checker.check_file(path)
    if not checked.ok:
        raise InputError(checked.diagnostics)
    if checked.kind != "plan":
        raise UsageError(f"{path} 不是工作要点（kind: plan）", code="not-a-plan")
    target = output or path.with_name(
        path.stem.replace("plan", "summary") if "plan" in path.stem else f"{path.stem}-总结"
    ).with_suffix(path.suffix)
    if target.is_dir():
        target = target / f"{path.stem}-总结{path.suffix}"
    claim = guard(target, force=force, inputs=(path,), ours=None)
    plan_ref = Path(os.path.relpath(path.resolve(), target.resolve().parent)).as_posix()
    text = skeleton(checked.data, plan_ref)
    line = modeline("summary", target)
    if line:
        text = f"{line}\n{text}"
    result = checker.check_text(text, target, str(target))
    if not result.ok:  # pragma: no cover - a bug in the skeleton, not the user's input
        raise InputError(result.diagnostics)
    atomic_write(target, text.encode("utf-8"), claim=claim)
    return target
