"""The document model: frozen dataclasses built from checked, typed YAML data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

DEFAULT_NUMBERING = {"plan": "continuous", "summary": "per-section", "speech": "per-section"}
"""How tasks are numbered when a document does not say: continuous or per-section."""


@dataclass(frozen=True)
class Item:
    """A fourth-level entry, numbered （1）."""

    title: str | None
    text: str | None


@dataclass(frozen=True)
class Roles:
    """Who answers for a task: the lead units and the other units, each in order, no repeats."""

    lead: tuple[str, ...]
    members: tuple[str, ...]

    @property
    def everyone(self) -> tuple[str, ...]:
        """Return the lead units, then the other units."""
        return (*self.lead, *self.members)


@dataclass(frozen=True)
class Task:
    """A numbered task (1.) of a plan, or a numbered point of a summary."""

    id: str | None
    title: str | None
    paragraphs: tuple[str, ...]
    units: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    deadline: str | None = None
    items: tuple[Item, ...] = ()
    plan_ref: str | None = None

    def roles(self) -> Roles:
        """Return who leads the task and who takes part: the single rule for both.

        ``lead`` when it is given, and then every unit of ``units`` takes part (less any
        repeated from ``lead``); otherwise the first of ``units`` leads and the rest take
        part (列第一位的为牵头单位). A task without units has neither.
        """
        if self.lead:
            lead = tuple(dict.fromkeys(self.lead))
            return Roles(lead, tuple(u for u in dict.fromkeys(self.units) if u not in lead))
        units = tuple(dict.fromkeys(self.units))
        return Roles(units[:1], units[1:])


@dataclass(frozen=True)
class Group:
    """A second-level group, numbered （一）."""

    id: str | None
    title: str
    paragraphs: tuple[str, ...]
    tasks: tuple[Task, ...] = ()
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Section:
    """A first-level part, numbered 一、."""

    id: str | None
    title: str
    paragraphs: tuple[str, ...]
    groups: tuple[Group, ...] = ()
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True)
class Document:
    """One plan, summary or speech."""

    kind: str
    title: tuple[str, ...]
    year: int
    sections: tuple[Section, ...]
    subtitle: str | None = None
    org: str | None = None
    date: dt.date | None = None
    doc_number: str | None = None
    addressee: str | None = None
    numbering: str = "continuous"
    units_label: str = "责任单位"
    responsibility: str = "inline"
    signature: bool = False
    preamble: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    speaker: str | None = None
    date_line: str | None = None
    salutation: str = "同志们："
    occasion: str | None = None

    def all_tasks(self) -> list[Task]:
        """Return every task in document order."""
        return [
            t for s in self.sections for t in (*s.tasks, *(t for g in s.groups for t in g.tasks))
        ]


def _paragraphs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in value if isinstance(v, str))


def _items(value: Any) -> tuple[Item, ...]:
    out = []
    for item in value or []:
        if isinstance(item, str):
            out.append(Item(None, item))
        else:
            out.append(Item(item.get("title"), item.get("text")))
    return tuple(out)


def _task(data: dict[str, Any], kind: str) -> Task:
    body = data.get("result") if kind == "summary" else data.get("text")
    return Task(
        id=data.get("id"),
        title=data.get("title"),
        paragraphs=_paragraphs(body),
        units=tuple(data.get("units") or ()),
        lead=tuple(data.get("lead") or ()),
        deadline=data.get("deadline"),
        items=_items(data.get("items")),
        plan_ref=data.get("plan_ref"),
    )


def _section(s: dict[str, Any], kind: str) -> Section:
    """Return the :class:`Section` for typed section data ``s`` of a ``kind`` document."""
    groups = tuple(
        Group(
            id=g.get("id"),
            title=g["title"],
            paragraphs=_paragraphs(g.get("text")),
            tasks=tuple(_task(t, kind) for t in g.get("tasks") or []),
            items=_items(g.get("items")),
        )
        for g in s.get("groups") or []
    )
    return Section(
        id=s.get("id"),
        title=s["title"],
        paragraphs=_paragraphs(s.get("text")),
        groups=groups,
        tasks=tuple(_task(t, kind) for t in s.get("tasks") or []),
    )


def from_data(kind: str, data: dict[str, Any]) -> Document:
    """Return the :class:`Document` for schema-valid, typed ``data`` of ``kind``."""
    sections = [_section(s, kind) for s in data.get("sections") or []]
    title = data["title"]
    date = data.get("date")
    return Document(
        kind=kind,
        title=(title,) if isinstance(title, str) else tuple(title),
        year=data["year"],
        sections=tuple(sections),
        subtitle=data.get("subtitle"),
        org=data.get("org"),
        date=dt.date.fromisoformat(date) if isinstance(date, str) else None,
        doc_number=data.get("doc_number"),
        addressee=data.get("addressee"),
        numbering=data.get("numbering") or DEFAULT_NUMBERING[kind],
        units_label=data.get("units_label") or "责任单位",
        responsibility=data.get("responsibility") or "inline",
        signature=bool(data.get("signature", kind == "summary")),
        preamble=_paragraphs(data.get("preamble")),
        closing=_paragraphs(data.get("closing")),
        attachments=tuple(data.get("attachments") or ()),
        speaker=data.get("speaker"),
        date_line=data.get("date_line"),
        salutation=data.get("salutation") or "同志们：",
        occasion=data.get("occasion"),
    )
