"""``summarize``: the year-end summary skeleton from a plan.

The plan's sections, groups and tasks become summary items that reference the plan's
task ids (``plan_ref``), with empty ``result`` fields to fill in. ``drafting check``
then reports items still without a result and references to tasks that do not exist.
The skeleton is written as YAML text with Chinese comments, atomically, never over an
existing file without ``force``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from drafting.emit import Value, document
from drafting.errors import InputError, UsageError


def summary_title(title: str) -> str:
    """Return the summary's title for a plan title (工作要点/工作计划 → 工作总结)."""
    for word in ("工作要点", "工作计划", "要点", "计划"):
        if word in title:
            return title.replace(word, "工作总结" if word.startswith("工作") else "总结", 1)
    return title + "总结"


def _item(task: dict[str, Any]) -> dict[str, Any]:
    """Return the summary item for a plan task: its reference, title, units, no result."""
    item: dict[str, Any] = {}
    if task.get("id"):
        item["plan_ref"] = task["id"]
    if task.get("title"):
        item["title"] = task["title"]
    units = [*(task.get("lead") or []), *(task.get("units") or [])]
    if units:
        item["units"] = Value(list(dict.fromkeys(units)), flow=True)
    item["result"] = Value(None, after="完成情况：主要做法和成效")
    return item


def _section(section: dict[str, Any]) -> dict[str, Any]:
    """Return the summary section for a plan section, its groups or tasks as items."""
    if section.get("groups"):
        groups = []
        for group in section["groups"]:
            entry: dict[str, Any] = {"title": group["title"]}
            if group.get("tasks"):
                entry["tasks"] = [_item(task) for task in group["tasks"]]
            groups.append(entry)
        return {"title": section["title"], "groups": groups}
    if section.get("tasks"):
        return {"title": section["title"], "tasks": [_item(task) for task in section["tasks"]]}
    return {"title": section["title"]}


def skeleton(plan: dict[str, Any], plan_ref: str, *, schema: str = "") -> str:
    """Return the summary YAML text for the typed data of a plan.

    ``schema`` is the editor schema for the modeline (none when empty).
    """
    title = plan["title"]
    data: dict[str, Any] = {"kind": "summary"}
    if isinstance(title, list):
        lines = [*title[:-1], summary_title(title[-1])]
        data["title"] = Value(lines, flow=False)
    else:
        data["title"] = summary_title(title)
    if plan.get("org"):
        data["org"] = plan["org"]
    data["year"] = plan["year"]
    data["plan"] = Value(plan_ref, after="对应的工作要点，check 据此核对 plan_ref")
    if plan.get("numbering"):
        data["numbering"] = plan["numbering"]
    data["signature"] = Value(False, above=(_SIGNATURE,))
    data["sections"] = Value([_section(s) for s in plan.get("sections") or []], above=_OPTIONAL)
    return document(data, schema=schema)


_SIGNATURE = "写好成文日期（date: YYYY-MM-DD）后把 signature 改为 true，文末才编排署名和日期"
_OPTIONAL = (  # keys the writer may add, shown commented out
    "attachments: [completion-table]  # 附件：按责任单位统计的任务完成情况表",
    "preamble:  # 开头的总体情况，可写成多段",
)


def summarize_file(path: Path, output: Path | None = None, *, force: bool = False) -> Path:
    """Write the summary skeleton of the plan at ``path``; return the file written.

    Raises :class:`~drafting.errors.InputError` when the plan has errors and
    :class:`~drafting.errors.UsageError` for a document that is not a plan or an
    existing target without ``force``.
    """
    from drafting.check import Checker
    from drafting.fsio import atomic_write, guard
    from drafting.scaffold.vscode import schema_reference

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
    text = skeleton(checked.data, plan_ref, schema=schema_reference("summary", target) or "")
    result = checker.check_text(text, target, str(target))
    if not result.ok:  # pragma: no cover - a bug in the skeleton, not the user's input
        raise InputError(result.diagnostics)
    atomic_write(target, text.encode("utf-8"), claim=claim)
    return target
