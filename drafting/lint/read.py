"""Read a .docx for linting: paragraphs with their effective formats, sections, footers.

Each body ``w:p`` (table cells included, in order) becomes a :class:`Para` numbered
from 1; its text is :mod:`drafting.ooxml.text`'s, the same import reads, with the
runs of a text box anchored in it (their fonts are checked with the paragraph's).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Any

from drafting.ooxml.ns import CP, DCTERMS, W
from drafting.ooxml.package import Package
from drafting.ooxml.styles import (
    ParaFormat,
    RunFormat,
    Styles,
    paragraph_properties,
    run_properties,
)
from drafting.ooxml.text import Piece, pieces


@dataclass(frozen=True)
class Para:
    """A paragraph of the body with its text, runs and effective formats."""

    number: int
    text: str
    runs: tuple[tuple[str, RunFormat], ...]
    fmt: ParaFormat
    style: str
    in_table: bool
    page_start: bool
    element: Any = field(default=None, compare=False, repr=False)  # the w:p
    boxed: tuple[Para, ...] = field(default=(), compare=False, repr=False)
    """The paragraphs of the text boxes anchored here (their runs are in ``runs`` too)."""

    @property
    def quote(self) -> str:
        """Return the start of the text, for messages."""
        flat = " ".join(self.text.split())
        return flat if len(flat) <= 24 else flat[:24] + "…"


@dataclass(frozen=True)
class Section:
    """A section: its first paragraph number, page setup and footers."""

    first: int
    props: Any  # the w:sectPr element


@dataclass
class Doc:
    """A .docx read for linting: paragraphs, sections, styles, settings and footers."""

    paras: list[Para] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    styles: Styles = field(default_factory=lambda: Styles(None))
    styles_root: Any = None  # word/styles.xml, for what Styles does not read (colour, borders)
    settings: Any = None
    footers: dict[str, Any] = field(default_factory=dict)  # relationship id → root
    excerpt: bool = False  # a task list (category 任务清单): numbers are the plan's


def paragraph_style(styles: Styles, ppr: Any) -> str | None:
    """Return the id of the paragraph style a ``w:pPr`` names, as ``styles`` resolves it."""
    style_node = ppr.find(f"{W}pStyle") if ppr is not None else None
    return styles.paragraph_style(style_node.get(f"{W}val") if style_node is not None else None)


def run_format(styles: Styles, style: str | None, run: Any) -> RunFormat:
    """Return the effective format of the ``w:r`` ``run`` in a paragraph of ``style``."""
    rpr = run.find(f"{W}rPr")
    rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
    char_style = rstyle.get(f"{W}val") if rstyle is not None else None
    return styles.run(style, char_style, run_properties(rpr))


def _ends_with_page_break(group: list[Piece]) -> bool:
    """Return True when a page break comes after the last ``w:t`` of a run's pieces."""
    marks = [piece.page_break for piece in group if piece.page_break or piece.literal]
    return bool(marks) and marks[-1]


def _paragraph(
    element: Any, styles: Styles, number: int, in_table: bool, page_start: bool
) -> tuple[Para, bool]:
    """Read one ``w:p``; return it and whether a page break ends it."""
    ppr = element.find(f"{W}pPr")
    style = paragraph_style(styles, ppr)
    fmt = styles.paragraph(style, paragraph_properties(ppr))
    runs: list[tuple[str, RunFormat]] = []
    ends_with_break = False
    for run, grouped in groupby(pieces(element, text_boxes=True), key=lambda p: p.run):
        group = list(grouped)
        text = "".join(piece.text for piece in group)
        if _ends_with_page_break(group):
            ends_with_break = True
        if text:
            ends_with_break = ends_with_break and not text.strip()
            runs.append((text, run_format(styles, style, run)))
    text = "".join(t for t, _ in runs)
    boxed = tuple(
        _paragraph(inner, styles, number, _in_table_below(inner, element), False)[0]
        for inner in element.iter(f"{W}p")
        if inner is not element and _innermost_box_owner(inner) is element
    )
    para = Para(number, text, tuple(runs), fmt, style or "", in_table, page_start, element, boxed)
    return para, ends_with_break


def _in_table_below(inner: Any, anchor: Any) -> bool:
    """Return True when ``inner`` sits in a table inside ``anchor``'s text box."""
    for ancestor in inner.iterancestors():
        if ancestor is anchor:
            return False
        if ancestor.tag == f"{W}tbl":
            return True
    return False


def _innermost_box_owner(inner: Any) -> Any:
    """Return the nearest ``w:p`` above ``inner`` (the paragraph its text box is anchored in)."""
    return next((a for a in inner.iterancestors(f"{W}p")), None)


def _is_excerpt(package: Package) -> bool:
    """Return True when the core properties' category names a task list (任务清单)."""
    excerpt = False
    for _, name in package.related("", "core-properties"):
        root = package.xml(name)
        category = root.find(f"{DCTERMS}category")
        if category is None:
            category = root.find(f"{CP}category")
        excerpt = category is not None and "清单" in (category.text or "")
    return excerpt


def _parts(package: Package) -> Doc:
    """Return a :class:`Doc` with the styles, settings, category and footers of ``package``."""
    doc = Doc()
    styles_part = package.part_of("styles")
    doc.styles_root = package.xml(styles_part) if styles_part else None
    doc.styles = Styles(doc.styles_root)
    settings_part = package.part_of("settings")
    doc.settings = package.xml(settings_part) if settings_part else None
    doc.excerpt = _is_excerpt(package)
    for rel_id, name in package.related(package.main, "footer"):
        doc.footers[rel_id] = package.xml(name)
    return doc


def _starts_page(sect: Any) -> bool:
    """Return True when the section after the paragraph-level ``sect`` starts a page."""
    kind = sect.find(f"{W}type")
    return kind is None or kind.get(f"{W}val") != "continuous"


def read(package: Package) -> Doc:
    """Return the :class:`Doc` of an opened package."""
    doc = _parts(package)
    body = package.xml(package.main).find(f"{W}body")
    if body is None:
        return doc
    page_start = True
    first_of_section = 1
    for element in body.iter(f"{W}p", f"{W}sectPr"):
        if element.tag == f"{W}sectPr":
            if element.getparent() is body:
                doc.sections.append(Section(first_of_section, element))
            continue
        if any(a.tag == f"{W}p" for a in element.iterancestors()):
            continue  # a paragraph inside a text box is read with its anchor's paragraph
        in_table = any(a.tag == f"{W}tbl" for a in element.iterancestors())
        para, page_break = _paragraph(element, doc.styles, len(doc.paras) + 1, in_table, page_start)
        if para.fmt.page_break_before:
            para = replace(para, page_start=True)
        doc.paras.append(para)
        page_start = page_break
        sect = element.find(f"{W}pPr/{W}sectPr")
        if sect is not None:
            doc.sections.append(Section(first_of_section, sect))
            first_of_section = para.number + 1
            page_start = _starts_page(sect)
    return doc
