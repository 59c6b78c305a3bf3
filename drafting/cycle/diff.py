"""``diff``: what changed between two documents, task by task.

Tasks are matched by ``id`` first, then by text similarity (an id ``import`` derived
from the wording does not keep a reworded task from being matched). Years are compared after
moving the old document's years to the new one's, so a rolled-over plan equals its
source. Changes: a task added, removed, moved to another section, reworded, its units
(who leads or takes part) changed or its deadline changed; sections added or removed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from drafting.cycle.rollover import shift_years
from drafting.ingest.ids import is_derived
from drafting.model import Document, Task
from drafting.outline import section_label, task_numbers

SIMILAR = 0.6  # minimum similarity of two unmatched tasks to be the same task
WINDOW = 200  # how many places a reworded task is looked for around where it would fall

KINDS = {
    "added": "新增任务",
    "removed": "删除任务",
    "moved": "调整部分",
    "reworded": "文字改动",
    "units": "责任单位变更",
    "deadline": "完成时限变更",
    "section-added": "新增部分",
    "section-removed": "删除部分",
}


@dataclass(frozen=True)
class Change:
    """One difference: its kind, the task it concerns and the old and new values."""

    kind: str
    task: str
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class _Entry:
    task: Task
    number: int
    section: str  # section key: id, or title
    section_title: str
    text: str


def _entries(doc: Document, delta: int) -> list[_Entry]:
    numbers = task_numbers(doc)
    out = []
    for index, section in enumerate(doc.sections, start=1):
        label = f"{section_label(index)}{shift_years(section.title, delta)}"
        key = section.id or shift_years(section.title, delta)
        tasks = (*section.tasks, *(t for g in section.groups for t in g.tasks))
        for task in tasks:
            text = shift_years((task.title or "") + "".join(task.paragraphs), delta)
            out.append(_Entry(task, numbers.get(id(task), 0), key, label, text))
    return out


def _name(entry: _Entry) -> str:
    head = entry.task.title or (entry.task.paragraphs[0] if entry.task.paragraphs else "")
    head = head if len(head) <= 30 else head[:30] + "…"
    return f"{entry.number}.{head}" if entry.number else head


def _match(
    old: list[_Entry], new: list[_Entry]
) -> tuple[list[tuple[_Entry, _Entry]], list[_Entry], list[_Entry]]:
    """Return matched pairs, unmatched old and unmatched new entries.

    By id, then by identical text, then by similarity: each unmatched old task is
    compared (rapidfuzz's normalised Indel similarity, in C) with the unmatched new
    tasks within :data:`WINDOW` places of where it would fall, so the work grows with
    the number of tasks, not with its square (difflib on every pair took 87 s at 1,000
    tasks). A task moved further than that is reported as removed and added.
    """
    pairs, left, right = _match_ids(old, new)
    scored = _scored(left, right)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i not in used_a and j not in used_b:
            pairs.append((left[i], right[j]))
            used_a.add(i)
            used_b.add(j)
    removed = [a for i, a in enumerate(left) if i not in used_a]
    added = [b for j, b in enumerate(right) if j not in used_b]
    return pairs, removed, added


def _match_ids(
    old: list[_Entry], new: list[_Entry]
) -> tuple[list[tuple[_Entry, _Entry]], list[_Entry], list[_Entry]]:
    """Return the pairs of tasks with the same id, and the old and new tasks left over."""
    pairs: list[tuple[_Entry, _Entry]] = []
    by_id = {e.task.id: i for i, e in enumerate(new) if e.task.id}
    taken: set[int] = set()
    left: list[_Entry] = []
    for entry in old:
        partner = by_id.get(entry.task.id) if entry.task.id else None
        if partner is not None and partner not in taken:
            pairs.append((entry, new[partner]))
            taken.add(partner)
        else:
            left.append(entry)
    return pairs, left, [e for i, e in enumerate(new) if i not in taken]


def _may_pair(a: _Entry, b: _Entry) -> bool:
    """Return False when both tasks carry ids of their own and they differ."""
    own = bool(a.task.id and b.task.id) and not (is_derived(a.task.id) or is_derived(b.task.id))
    return not own


def _scored(left: list[_Entry], right: list[_Entry]) -> list[tuple[float, int, int]]:
    """Return (similarity, index in left, index in right) of the candidate pairs.

    A text found unchanged pairs with its first unpaired copy wherever it stands (the
    n-th copy with the n-th, so a thousand equal tasks cost a thousand steps); the
    others are compared within :data:`WINDOW` places and kept at :data:`SIMILAR` or above.
    """
    from rapidfuzz import fuzz, process  # only diff needs it; keeps check's start-up small

    scored: list[tuple[float, int, int]] = []
    same: dict[str, list[int]] = {}
    for j in range(len(right) - 1, -1, -1):
        same.setdefault(right[j].text, []).append(j)  # popped from the end: first copy first
    texts = [b.text for b in right]
    for i, a in enumerate(left):
        copies = same.get(a.text, [])
        if copies and _may_pair(a, right[copies[-1]]):
            scored.append((1.0, i, copies.pop()))
            continue
        centre = i * len(right) // max(len(left), 1)
        low, high = max(0, centre - WINDOW), min(len(right), centre + WINDOW + 1)
        found = process.extract(
            a.text, texts[low:high], scorer=fuzz.ratio, score_cutoff=SIMILAR * 100, limit=None
        )
        scored += [
            (score / 100, i, low + offset)
            for _, score, offset in found
            if _may_pair(a, right[low + offset])
        ]
    return scored


def _units(task: Task) -> str:
    """Return who answers for ``task`` as compared and shown: ``办公室（牵头）、政工人事股``.

    The lead units come from :meth:`Task.roles`, so writing out the lead that the first
    unit already had is no change, and putting another unit first is one. A task's only
    unit is shown bare: it leads by itself.
    """
    roles = task.roles()
    if len(roles.everyone) == 1:
        return roles.everyone[0]
    marked = [f"{u}（牵头）" for u in roles.lead] + list(roles.members)
    return "、".join(marked) or "（无）"


def diff(old: Document, new: Document) -> list[Change]:
    """Return the changes from ``old`` to ``new``, in the new document's order."""
    delta = new.year - old.year
    before, after = _entries(old, delta), _entries(new, 0)
    pairs, removed, added = _match(before, after)
    changes = _section_changes(old, new, before, after, delta)
    changes += [Change("removed", _name(e), old=e.section_title) for e in removed]
    order = {id(e): i for i, e in enumerate(after)}
    for a, b in sorted(pairs, key=lambda p: order[id(p[1])]):
        changes += _task_changes(a, b, delta)
    changes += [Change("added", _name(e), new=e.section_title) for e in added]
    return changes


def _section_changes(
    old: Document, new: Document, before: list[_Entry], after: list[_Entry], delta: int
) -> list[Change]:
    """Return the sections removed (in the old order), then those added (in the new)."""
    old_sections = {e.section for e in before}
    new_sections = {e.section for e in after}
    changes: list[Change] = []
    for index, section in enumerate(old.sections, start=1):
        key = section.id or shift_years(section.title, delta)
        if key not in new_sections:
            changes.append(Change("section-removed", f"{section_label(index)}{section.title}"))
    for index, section in enumerate(new.sections, start=1):
        key = section.id or section.title
        if key not in old_sections:
            changes.append(Change("section-added", f"{section_label(index)}{section.title}"))
    return changes


def _task_changes(a: _Entry, b: _Entry, delta: int) -> list[Change]:
    """Return how the matched task ``a`` (old) became ``b`` (new)."""
    name = _name(b)
    changes: list[Change] = []
    if a.section != b.section:
        changes.append(Change("moved", name, a.section_title, b.section_title))
    if a.text != b.text:
        changes.append(Change("reworded", name, a.text, b.text))
    old_units, new_units = _units(a.task), _units(b.task)
    if old_units != new_units:
        changes.append(Change("units", name, old_units, new_units))
    if shift_years(a.task.deadline or "", delta) != (b.task.deadline or ""):
        changes.append(
            Change("deadline", name, a.task.deadline or "（无）", b.task.deadline or "（无）")
        )
    return changes


def as_text(changes: list[Change]) -> str:
    """Return the changes as Chinese lines."""
    if not changes:
        return "两份文档没有差别。\n"
    lines = []
    for c in changes:
        label = KINDS[c.kind]
        if c.kind == "added":
            lines.append(f"{label}：{c.task}（{c.new}）")
        elif c.kind == "removed":
            lines.append(f"{label}：{c.task}（原在{c.old}）")
        elif c.kind.startswith("section-"):
            lines.append(f"{label}：{c.task}")
        else:
            lines.append(f"{label}：{c.task}：{c.old} → {c.new}")
    return "\n".join(lines) + f"\n共 {len(changes)} 处变化。\n"


def as_markdown(changes: list[Change]) -> str:
    """Return the changes as a Markdown table."""
    if not changes:
        return "两份文档没有差别。\n"
    rows = ["| 变化 | 任务 | 原来 | 现在 |", "| --- | --- | --- | --- |"]
    for c in changes:
        cells = [KINDS[c.kind], c.task, c.old, c.new]
        rows.append(
            "| " + " | ".join(x.replace("|", "\\|").replace("\n", " ") for x in cells) + " |"
        )
    return "\n".join(rows) + "\n"


def as_json(changes: list[Change]) -> str:
    """Return the changes as a JSON array."""
    rows: list[dict[str, Any]] = [asdict(c) for c in changes]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": as_text, "md": as_markdown, "json": as_json}
