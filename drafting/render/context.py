"""The template context: a document turned into the flat blocks the templates loop over.

Every template (ours or an office's own) receives the same variables:

- ``title`` (lines joined by line breaks), ``subtitle``, ``addressee``;
- ``body``: a list of blocks, each a dict with ``kind`` (heading1, heading2, heading3,
  runin1, runin2, runin3, responsibility, closing, paragraph), ``head`` (the numbered heading or
  run-in sentence), ``text`` and ``resp`` (a responsibility note at the paragraph end);
- ``attachment_note``, ``signature`` (org, orgs, date, sealed, signer, and the indents
  :mod:`drafting.render.passes` writes: org_indents, date_indent);
- the 公文 frame of :func:`drafting.render.notice.frame`: ``copy_number``, ``secrecy``,
  ``urgency``, ``letterhead``, ``doc_number``, ``issuer_lines``, ``number_line``,
  ``attachment_first``, ``attachment_rest``, ``note``, ``imprint`` (notices; the 版头 of a plan or
  summary issued with a 发文字号);
- ``task_table`` (label, title, groups of rows) for plans that ask for it;
- ``completion_table`` (label, title, rows by unit, total) for summaries that ask for it;
- ``speaker``, ``date_line``, ``salutation`` for speeches; ``doc`` for anything else.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from drafting.model import Document, Group, Item, Section, Task
from drafting.outline import (
    chinese_date,
    group_label,
    item_label,
    section_label,
    task_label,
    task_numbers,
)
from drafting.render import notice

RUN_IN_ENDINGS = tuple("。！？；：…!?;:")
"""A title ending in one of these runs into its paragraph; otherwise it is a heading."""


@dataclass(frozen=True)
class Options:
    """What changes the context beyond the document itself."""

    unit: str | None = None  # --by-unit: keep only this unit's tasks
    enclosed: bool = False  # an 附件 of a notice: no 版头, 版记 or 附件说明 of its own


def is_run_in(title: str | None) -> bool:
    """Return True when ``title`` is a run-in sentence rather than a stand-alone heading."""
    return bool(title) and title.rstrip().endswith(RUN_IN_ENDINGS)  # type: ignore[union-attr]


def _block(kind: str, head: str = "", text: str = "", resp: str = "") -> dict[str, str]:
    return {"kind": kind, "head": head, "text": text, "resp": resp}


def deadline_phrase(deadline: str) -> str:
    """Return the deadline as said at the end of a task: ``6月底前`` → ``6月底前完成``."""
    return deadline + "完成" if deadline.endswith("前") else deadline


def responsibility(doc: Document, task: Task) -> str:
    """Return the responsibility note of ``task`` without parentheses ('' when none).

    Units only: ``责任股室：办公室、政工人事股``; with a lead unit:
    ``牵头单位：…；责任单位：…``; a deadline comes last: ``…；6月底前完成``.
    """
    parts = []
    roles = task.roles()
    if task.lead:  # written out; otherwise the first unit leads without saying so
        parts.append("牵头单位：" + "、".join(roles.lead))
        if roles.members:
            parts.append("责任单位：" + "、".join(roles.members))
    elif task.units:
        parts.append(f"{doc.units_label}：" + "、".join(roles.everyone))
    if task.deadline:
        parts.append(deadline_phrase(task.deadline) if parts else "完成时限：" + task.deadline)
    return "；".join(parts)


def _items(items: tuple[Item, ...]) -> list[dict[str, str]]:
    out = []
    for index, item in enumerate(items, 1):
        text = "".join(part for part in (item.title, item.text) if part)
        out.append(_block("paragraph", text=item_label(index) + text))
    return out


def _task_blocks(doc: Document, task: Task, number: int) -> list[dict[str, str]]:
    label = task_label(number)
    blocks: list[dict[str, str]] = []
    paragraphs = list(task.paragraphs)
    if task.title and (is_run_in(task.title) or not paragraphs):
        blocks.append(_block("runin3", label + task.title, paragraphs.pop(0) if paragraphs else ""))
    elif task.title:
        blocks.append(_block("heading3", label + task.title))
    else:
        blocks.append(_block("paragraph", text=label + (paragraphs.pop(0) if paragraphs else "")))
    blocks.extend(_block("paragraph", text=p) for p in paragraphs)
    blocks.extend(_items(task.items))
    note = responsibility(doc, task) if doc.kind == "plan" else ""
    if note and doc.responsibility == "own-line":
        blocks.extend(_block("responsibility", text=line) for line in note.split("；"))
    elif note:
        last = blocks[-1]
        if last["kind"] == "heading3":
            last["kind"] = "runin3"
        last["resp"] = f"（{note}）"
    return blocks


def _group_blocks(group: Group, index: int) -> list[dict[str, str]]:
    label = group_label(index)
    paragraphs = list(group.paragraphs)
    if is_run_in(group.title) and paragraphs:
        blocks = [_block("runin2", label + group.title, paragraphs.pop(0))]
    else:
        blocks = [_block("heading2", label + group.title)]
    blocks.extend(_block("paragraph", text=p) for p in paragraphs)
    blocks.extend(_items(group.items))
    return blocks


def _keep(task: Task, unit: str | None) -> bool:
    return unit is None or unit in task.roles().everyone


def body(doc: Document, options: Options = Options()) -> list[dict[str, str]]:
    """Return the document's body as a flat list of blocks in reading order."""
    numbers = task_numbers(doc)
    blocks: list[dict[str, str]] = []
    if options.unit is None:
        blocks.extend(_block("paragraph", text=p) for p in doc.preamble)
    section_index = 0
    for section in doc.sections:
        section_index += 1
        inner = _section_inner(doc, section, numbers, options)
        if options.unit is not None and not inner:
            continue
        blocks.append(_block("heading1", section_label(section_index) + section.title))
        if options.unit is None:
            blocks.extend(_block("paragraph", text=p) for p in section.paragraphs)
        blocks.extend(inner)
    if options.unit is None:
        blocks.extend(_block("closing", text=p) for p in doc.closing)
    return blocks


def _section_inner(
    doc: Document, section: Section, numbers: dict[int, int], options: Options
) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    for index, group in enumerate(section.groups, 1):
        tasks = [t for t in group.tasks if _keep(t, options.unit)]
        if options.unit is not None and not tasks:
            continue
        blocks.extend(_group_blocks(group, index))
        for task in tasks:
            blocks.extend(_task_blocks(doc, task, numbers[id(task)]))
    for task in section.tasks:
        if _keep(task, options.unit):
            blocks.extend(_task_blocks(doc, task, numbers[id(task)]))
    return blocks


def width(text: str) -> float:
    """Return the width of ``text`` in characters: CJK (and ambiguous ×“”—) 1, half-width 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "FWA" else 0.5 for ch in text)


def task_table(doc: Document) -> dict[str, Any] | None:
    """Return the 重点工作任务分解表 rows grouped by section, or None when not asked for.

    None too when the plan has no task: there would be no row to show.
    """
    if "task-table" not in doc.attachments:
        return None
    numbers = task_numbers(doc)
    groups = []
    for index, section in enumerate(doc.sections, 1):
        rows = []
        for task in [*section.tasks, *(t for g in section.groups for t in g.tasks)]:
            roles = task.roles()
            text = task.title or (task.paragraphs[0] if task.paragraphs else "")
            rows.append(
                {
                    "number": str(numbers[id(task)]),
                    "task": text,
                    "lead": "、".join(roles.lead),
                    "units": "、".join(roles.members),
                    "deadline": task.deadline or "",
                }
            )
        if rows:
            groups.append({"title": section_label(index) + section.title, "rows": rows})
    if not groups:  # a table of headings only is worse than none (check warns)
        return None
    title = "".join(doc.title)
    return {"label": "附件", "title": f"{title}重点工作任务分解表", "groups": groups}


NO_UNIT = "（未标注单位）"
"""The completion-table row for summary items without units."""


def completion_table(doc: Document) -> dict[str, Any] | None:
    """Return the 任务完成情况统计表 of a summary, or None when not asked for.

    One row per responsible unit, in order of first appearance: the number of items,
    how many have a result and how many do not, and the titles of those that do not.
    An item with several units counts for each; the total row counts every item once.
    Items without units get a row of their own, so that no item goes uncounted.
    """
    if doc.kind != "summary" or "completion-table" not in doc.attachments:
        return None
    by_unit: dict[str, list[Task]] = {}
    tasks = doc.all_tasks()
    if not tasks:  # nothing to count (check warns)
        return None
    for task in tasks:
        for unit in task.roles().everyone or (NO_UNIT,):
            by_unit.setdefault(unit, []).append(task)

    def row(number: str, name: str, group: list[Task]) -> dict[str, str]:
        pending = [t for t in group if not t.paragraphs]
        return {
            "number": number,
            "unit": name,
            "total": str(len(group)),
            "done": str(len(group) - len(pending)),
            "open": str(len(pending)),
            "pending": "；".join(_short(t) for t in pending),
        }

    rows = [row(str(i), unit, group) for i, (unit, group) in enumerate(by_unit.items(), 1)]
    total = row("", "合计", tasks) | {"pending": ""}  # the rows above already name them
    title = "".join(doc.title)
    return {"label": "附件", "title": f"{title}任务完成情况统计表", "rows": rows, "total": total}


def _short(task: Task) -> str:
    """Return how the completion table names a task: its title without final punctuation."""
    text = task.title or task.plan_ref or (task.paragraphs[0] if task.paragraphs else "")
    return text.rstrip("".join(RUN_IN_ENDINGS))


def build(doc: Document, options: Options = Options()) -> dict[str, Any]:
    """Return the complete template context for ``doc``."""
    table = task_table(doc) if options.unit is None else None
    completion = completion_table(doc) if options.unit is None else None
    note = "重点工作任务分解表" if table else "任务完成情况统计表" if completion else ""
    title = "\n".join(doc.title)
    if options.unit is not None:
        title = f"{title}\n{options.unit}任务清单"
    date_line = doc.date_line or (f"（{chinese_date(doc.date)}）" if doc.date else "")
    frame = notice.frame(doc)
    if options.unit is not None:  # a unit's task list is no 公文 of its own
        frame.update(letterhead=None, doc_number="", issuer_lines=[], number_line=None)
        frame.update(copy_number="", secrecy="", urgency="", imprint=None)
    if options.enclosed:  # the notice it is attached to has them, and numbers the 附件
        frame.update(letterhead=None, doc_number="", issuer_lines=[], number_line=None)
        frame.update(copy_number="", secrecy="", urgency="", imprint=None, note="")
        note = ""
    listed = frame.pop("notice_attachment_note")
    signed = notice.signature(doc)
    if signed:  # a notice's template shows every line of ``orgs``, the others ``org``
        signed.pop("org" if doc.kind == "notice" else "orgs", None)
    return {
        **frame,
        "doc": doc,
        "title": title,
        "subtitle": doc.subtitle or "",
        "body": body(doc, options),
        "attachment_note": listed or (f"附件：{note}" if note else ""),
        "signature": signed if options.unit is None else None,
        "task_table": table,
        "completion_table": completion,
        "speaker": doc.speaker or "",
        "date_line": date_line if doc.kind == "speech" else "",
        "salutation": doc.salutation if doc.kind == "speech" else "",  # a speech's only
    }
