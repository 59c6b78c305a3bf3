"""Responsibility notes: the units and deadline named after a task.

``（牵头单位：办公室；责任单位：人事股、财务股）``, ``责任股室：办公室。`` at the end of a
task paragraph, a line of its own below the task (``完成时限：6月底前``), or the trailing
run in the responsibility character style of a file drafting rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafting.ingest.patterns import lazy

LABELS = (
    "责任股室|责任科室|责任处室|责任部门|责任单位|牵头单位|牵头部门|牵头股室|牵头科室|牵头处室|"
    "协办股室|协办科室|协办处室|协办单位|协办部门|配合单位|配合部门|参与单位"
)
"""The labels a responsibility note starts with (a regular-expression alternation)."""

_RESP_PAREN = lazy(rf"[（(]\s*((?:{LABELS})\s*[:：][^（）()]*?)\s*[）)]\s*[。.]?\s*$")
_RESP_INLINE = lazy(rf"(?:(?<=[。；;！？])|^)\s*((?:{LABELS})\s*[:：][^。]*?)[。.]?\s*$")
RESP_LINE = lazy(rf"^\s*((?:{LABELS}|完成时限)\s*[:：].*?)[。.]?\s*$")
"""A line that is a responsibility or deadline note of its own; group 1 is the note."""
DEADLINE_ONLY = lazy(r"^([^：:，,；;。]{1,20}前)完成[。.]?$")
"""A bare deadline such as ``6月底前完成``; group 1 is the deadline."""
_LABELLED = lazy(rf"^({LABELS}|完成时限)\s*[:：]\s*(.*)$")
_UNIT_SPLIT = lazy(r"[、，,;；/]+")


@dataclass(frozen=True)
class Responsibility:
    """What one note names: the label of its units, lead units, other units, deadline."""

    label: str = ""
    lead: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    deadline: str = ""
    open_ended: bool = False
    """Whether a list ended in 等 ("商贸物流园等"), which is left off the unit."""


def split_units(text: str) -> list[str]:
    """Return the units of a responsibility list: split on 、，,;； and without 等 or 。."""
    units = []
    for unit in _UNIT_SPLIT.split(text):
        unit = unit.strip().rstrip("。.")
        if unit.endswith("等") and len(unit) > 2:
            unit = unit[:-1]
        if unit and unit not in units:
            units.append(unit)
    return units


def parse_responsibility(note: str) -> Responsibility:
    """Return the units and deadline named in a note such as ``牵头单位：…；责任单位：…``."""
    label, deadline = "", ""
    open_ended = False
    lead: list[str] = []
    units: list[str] = []
    for part in re.split(r"[；;]", note):
        part = part.strip().rstrip("。.")
        match = _LABELLED.match(part)
        if match is None:
            bare = DEADLINE_ONLY.match(part + "完成" if part.endswith("前") else part)
            deadline = bare.group(1) if bare else deadline
        elif match.group(1) == "完成时限":
            deadline = match.group(2).strip()
        elif match.group(1).startswith("牵头"):
            lead += split_units(match.group(2))
            open_ended = open_ended or _open_ended(match.group(2))
        else:
            units += split_units(match.group(2))
            open_ended = open_ended or _open_ended(match.group(2))
            label = label or match.group(1)
    return Responsibility(label, tuple(lead), tuple(units), deadline, open_ended)


def _open_ended(text: str) -> bool:
    """Return True when a unit of the list ends in the 等 that :func:`split_units` drops."""
    return any(
        unit.strip().rstrip("。.").endswith("等") and len(unit.strip().rstrip("。.")) > 2
        for unit in _UNIT_SPLIT.split(text)
    )


def take_responsibility(text: str, marked: str) -> tuple[str, str]:
    """Return (text without the responsibility note, the note) of a task paragraph.

    ``marked`` is the text a .docx carried in the responsibility character style (empty
    otherwise); without it the note is found by its label at the end of ``text``.
    """
    if marked:
        note = marked.strip()
        if text.endswith(marked):
            text = text[: -len(marked)]
        return text.rstrip(), note.strip("（）()")
    match = _RESP_PAREN.search(text) or _RESP_INLINE.search(text)
    if match is None:
        return text, ""
    return text[: match.start()].rstrip(), match.group(1).strip()
