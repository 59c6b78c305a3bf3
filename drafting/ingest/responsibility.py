"""Responsibility notes: the units and deadline named after a task.

``（牵头单位：办公室；责任单位：人事股、财务股）``, ``责任股室：办公室。`` or a note without
labels, ``（市政府办公室牵头，各县区政府按职责分工负责）``, at the end of a task paragraph, a
line of its own below the task (``完成时限：6月底前``), or the trailing
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
_LEAD_VERB = r"牵头负责|牽頭負責|牵头|牽頭"
_UNIT_VERB = (
    r"按职责分工负责|按職責分工負責|按职责负责|按職責負責|分工负责|分工負責|共同负责|共同負責|"
    r"分别负责|分別負責|协同配合|協同配合|配合|参与|參與|负责|負責"
)
_VERB_PART = lazy(
    rf"^(?:由)?(?P<units>[^，,；;。：:]{{2,80}}?)\s*(?:(?P<lead>{_LEAD_VERB})|(?P<unit>{_UNIT_VERB}))$"
)
"""One part of a note without labels: "市政府办公室牵头", "各县区政府按职责分工负责"."""
_VERB_PAREN = lazy(
    rf"[（(]\s*([^（）()。：:]{{2,160}}?(?:{_LEAD_VERB}|{_UNIT_VERB}))\s*[）)]\s*[。.]?\s*$"
)
"""A bracketed note without labels at the end of a task: "（X、Y牵头，Z按职责分工负责）"."""
_AND = lazy(r"及|以及")


@dataclass(frozen=True)
class Responsibility:
    """What one note names: the label of its units, lead units, other units, deadline."""

    label: str = ""
    lead: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    deadline: str = ""
    open_ended: bool = False
    """Whether a list ended in 等 ("商贸物流园等"), which is left off the unit."""
    unlabelled: bool = False
    """Whether the note named its units by verbs (X牵头，Y负责) instead of labels."""


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


def _verb_note(note: str) -> Responsibility | None:
    """Return what a note without labels names ("X、Y牵头，Z及W按职责分工负责"): the units
    before 牵头 lead, those before 负责/配合/参与 are the units; None unless every part of
    the note is such a list (a sentence that only says 负责 is no note)."""
    lead: list[str] = []
    units: list[str] = []
    open_ended = False
    for part in re.split(r"[，,；;]", note):
        match = _VERB_PART.match(part.strip().rstrip("。."))
        if match is None:
            return None
        listed = _AND.sub("、", match.group("units"))
        (lead if match.group("lead") else units).extend(split_units(listed))
        open_ended = open_ended or _open_ended(listed)
    if not lead and not units:
        return None
    return Responsibility("", tuple(lead), tuple(units), "", open_ended, unlabelled=True)


def parse_responsibility(note: str) -> Responsibility:
    """Return the units and deadline named in a note such as ``牵头单位：…；责任单位：…``,
    or in one without labels (``X牵头，Y按职责分工负责``)."""
    if _LABELLED.match(note.strip()) is None and (verbs := _verb_note(note)) is not None:
        return verbs
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
    if match is None:  # a bracket naming units by verbs only (X牵头，Y负责)
        match = _VERB_PAREN.search(text)
        if match is not None and _verb_note(match.group(1)) is None:
            match = None
    if match is None:
        return text, ""
    return text[: match.start()].rstrip(), match.group(1).strip()
