"""The document model: frozen dataclasses built from checked, typed YAML data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from drafting.defaults import DEFAULT_NUMBERING


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
class Letterhead:
    """The 发文机关标志: the organs' names (主办机关 first), with or without “文件”."""

    names: tuple[str, ...]
    file_word: bool = True


@dataclass(frozen=True)
class Imprint:
    """The 版记: 主送 moved into it, 抄送机关, 印发机关 and 印发日期."""

    addressee: bool = False
    cc: tuple[str, ...] = ()
    printer: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Enclosure:
    """One 附件 of a notice: a file (our YAML document or a .docx), its title, and for a
    YAML document the generated part attached (``task-table``, ``completion-table``) or
    None for its main text."""

    path: str
    title: str | None = None
    part: str | None = None


UPWARD_GENRES = frozenset({"请示", "报告"})
"""The 上行文 genres: 签发人 beside the 发文字号 (GB/T 9704 §7.2.6)."""


@dataclass(frozen=True)
class Document:
    """One plan, summary, speech or notice."""

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
    salutation: str = "同志们："  # "" for none (salutation: false)
    occasion: str | None = None
    genre: str | None = None
    orgs: tuple[str, ...] = ()
    letterhead: Letterhead | None = None
    copy_number: str | None = None
    secrecy: str | None = None
    urgency: str | None = None
    issuers: tuple[str, ...] = ()
    seal: str = "none"
    signer_title: str | None = None
    signer_name: str | None = None
    note: str | None = None
    imprint: Imprint | None = None
    enclosures: tuple[Enclosure, ...] = ()

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


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _letterhead(kind: str, data: dict[str, Any], orgs: tuple[str, ...]) -> Letterhead | None:
    """Return the 发文机关标志 of ``data``: a notice always has one; a plan or summary
    has one when it is issued as its own document (it has a 发文字号)."""
    given = data.get("letterhead") or {}
    names = tuple(given.get("names") or orgs)
    if kind == "notice":
        default_word = data.get("genre") != "函"
    elif data.get("doc_number") and names:
        default_word = True
    else:
        return None
    return Letterhead(names, bool(given.get("file_word", default_word)))


def _imprint(value: Any) -> Imprint | None:
    if not isinstance(value, dict) or not value:
        return None
    return Imprint(
        addressee=bool(value.get("addressee", False)),
        cc=tuple(value.get("cc") or ()),
        printer=value.get("printer"),
        date=_date(value.get("date")),
    )


def from_data(kind: str, data: dict[str, Any]) -> Document:
    """Return the :class:`Document` for schema-valid, typed ``data`` of ``kind``."""
    sections = [_section(s, kind) for s in data.get("sections") or []]
    title = data["title"]
    date = data.get("date")
    org = data.get("org")
    orgs = (org,) if isinstance(org, str) else tuple(org or ())
    notice = kind == "notice"
    year = data.get("year") or (int(date[:4]) if isinstance(date, str) else 0)
    return Document(
        kind=kind,
        title=(title,) if isinstance(title, str) else tuple(title),
        year=year,
        sections=tuple(sections),
        subtitle=data.get("subtitle"),
        org=orgs[0] if orgs else None,
        date=_date(date),
        doc_number=data.get("doc_number"),
        addressee=data.get("addressee"),
        numbering=data.get("numbering") or DEFAULT_NUMBERING[kind],
        units_label=data.get("units_label") or "责任单位",
        responsibility=data.get("responsibility") or "inline",
        signature=notice or bool(data.get("signature", kind == "summary")),
        preamble=_paragraphs(data.get("preamble")),
        closing=_paragraphs(data.get("closing")),
        attachments=() if notice else tuple(data.get("attachments") or ()),
        speaker=data.get("speaker"),
        date_line=data.get("date_line"),
        # salutation: false is a speech without one ("": no line printed)
        salutation="" if data.get("salutation") is False else data.get("salutation") or "同志们：",
        occasion=data.get("occasion"),
        genre=(data.get("genre") or "通知") if notice else None,
        orgs=orgs,
        letterhead=_letterhead(kind, data, orgs),
        copy_number=data.get("copy_number"),
        secrecy=data.get("secrecy"),
        urgency=data.get("urgency"),
        issuers=tuple(data.get("issuers") or ()),
        seal=(data.get("seal") or "org") if notice else "none",
        signer_title=data.get("signer_title"),
        signer_name=data.get("signer_name"),
        note=data.get("note"),
        imprint=_imprint(data.get("imprint")),
        enclosures=tuple(
            Enclosure(a["path"], a.get("title"), a.get("part"))
            for a in (data.get("attachments") or ())
            if notice
        ),
    )
