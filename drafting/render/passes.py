"""lxml passes over the rendered parts: layout the template cannot hold, and profiles.

Word and LibreOffice rewrite some markup when an office re-saves a template: Jinja in a
typed attribute (``w:ind w:right="{{ … }}"``) or inside ``w:sectPr`` is dropped, and
LibreOffice renumbers style ids (“GW 公文标题” becomes ``GW4``). So values that depend on
the document are set here, on the rendered file, and styles are found by name as well.
The font and page profiles are GB/T 9704 values, read from :mod:`drafting.gbt9704`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drafting.gbt9704 import FONT_PROFILES, PAGE_PROFILES
from drafting.ooxml.ns import W
from drafting.render.context import width

_SLOTS = (f"{W}ascii", f"{W}hAnsi", f"{W}eastAsia", f"{W}cs")

STYLE_NAMES = {
    "GwTitle": "GW 公文标题",
    "GwSignature": "GW 发文机关署名",
    "GwDate": "GW 成文日期",
    "GwAttachNote": "GW 附件说明",
}
"""The display names of the styles the passes look for (editors keep names, not ids)."""

_CONTENT = frozenset(
    f"{W}{name}" for name in ("tbl", "drawing", "pict", "object", "sym", "fldSimple", "fldChar")
)


def style_ids(document: Any, style_id: str) -> set[str]:
    """Return the ids of the styles that are ``style_id``: by id, or by its display name."""
    name = STYLE_NAMES.get(style_id)
    found = {style_id}
    for style in document.styles.element.iter(f"{W}style"):
        label = style.find(f"{W}name")
        if name is not None and label is not None and label.get(f"{W}val") == name:
            found.add(style.get(f"{W}styleId"))
    return found


def _has_content(element: Any) -> bool:
    """Return True when ``element`` shows something: text, a table, a picture, a field."""
    return any(
        node.tag in _CONTENT or (node.tag == f"{W}t" and bool(node.text)) for node in element.iter()
    )


def section_breaks(document: Any) -> int:
    """Return how many section breaks (paragraph-level ``w:sectPr``) the body has."""
    body = document.element.body
    return sum(1 for child in body if child.find(f"{W}pPr/{W}sectPr") is not None)


def drop_empty_last_section(document: Any) -> None:
    """Remove a last section that has no content (a blank page), e.g. an attachment's
    section when the document has no attachment; the section before it becomes the last.
    """
    body = document.element.body
    final = body.find(f"{W}sectPr")
    children = list(body)
    breaks = [
        i
        for i, child in enumerate(children)
        if child.tag == f"{W}p" and child.find(f"{W}pPr/{W}sectPr") is not None
    ]
    if final is None or not breaks:
        return
    last = children[breaks[-1]]
    tail = [child for child in children[breaks[-1] + 1 :] if child is not final]
    if any(_has_content(child) for child in tail):
        return
    for child in tail:
        body.remove(child)
    section = last.find(f"{W}pPr/{W}sectPr")
    section.getparent().remove(section)
    body.replace(final, section)
    if not _has_content(last):
        body.remove(last)


def set_signature_indents(document: Any, signature: Mapping[str, Any] | None) -> None:
    """Give the 发文机关署名 and 成文日期 paragraphs the right indents of ``signature``
    (``org_right``, ``date_right`` in twips: gbt9704.md §7.3.5.2); None leaves them.
    """
    if not signature:
        return
    for style_id, key in (("GwSignature", "org_right"), ("GwDate", "date_right")):
        ids = style_ids(document, style_id)
        for paragraph in document.element.body.iter(f"{W}p"):
            if paragraph.style not in ids:
                continue
            ind = paragraph.get_or_add_pPr().get_or_add_ind()
            for stale in ("rightChars", "end", "endChars"):  # each would beat w:right
                ind.attrib.pop(f"{W}{stale}", None)
            ind.set(f"{W}right", str(int(signature[key])))


def keep_signature_with_text(document: Any) -> None:
    """Keep the 署名 with the text above it (§7.3.5.4: it never stands alone on a page).

    The paragraphs from the last body paragraph down to the 署名 (the blank lines and the
    附件说明 between) keep with the next one, and the last body paragraph gets widow
    control, so at least its last two lines move with the 署名 when the page is full.
    Elsewhere widow control stays off, so that every full page keeps its 22 lines.
    """
    ids = style_ids(document, "GwSignature")
    paragraphs = list(document.element.body.iter(f"{W}p"))
    start = next((i for i, p in enumerate(paragraphs) if p.style in ids), None)
    if start is None:
        return
    index = start - 1
    while index >= 0:
        paragraph = paragraphs[index]
        ppr = paragraph.get_or_add_pPr()
        _set_on(ppr, "keepNext")
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t")).strip()
        if text and paragraph.style not in style_ids(document, "GwAttachNote"):
            _set_on(ppr, "widowControl")
            break
        index -= 1


_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")
"""The first children of w:pPr in schema order (CT_PPrBase), as far as the passes set them."""


def _set_on(ppr: Any, name: str) -> None:
    """Switch the on/off property ``w:name`` on in ``ppr``, at its place in the sequence."""
    for old in ppr.findall(f"{W}{name}"):
        ppr.remove(old)
    element = ppr.makeelement(f"{W}{name}", {})
    rank = _PPR_ORDER.index(name)
    position = 0
    for position, child in enumerate(ppr):  # noqa: B007 - the index is the result
        local = child.tag.rsplit("}", 1)[-1]
        if local not in _PPR_ORDER[: rank + 1]:
            break
    else:
        position = len(ppr)
    ppr.insert(position, element)


TASK_TABLE_HEAD = ("序号", "工作任务", "牵头单位", "责任单位", "完成时限")
"""The header of the 重点工作任务分解表, by which the sizing pass finds it."""
TABLE_CHAR = 280
"""One 4号 character, the task table's text, in twips."""
CELL_PADDING = 170 + 60
"""Left and right cell margins (85 each) and room for a border and rounding, twips."""
UNIT_CAP = 8
"""The 牵头单位 and 责任单位 columns grow to at most this many characters (then wrap at 、)."""


def _cell_text(cell: Any) -> str:
    return "".join(t.text or "" for t in cell.iter(f"{W}t"))


def size_task_table(document: Any, table: Mapping[str, Any] | None) -> None:
    """Size the task table's columns from its content: the header and the longest short
    value (序号, 完成时限; the unit columns up to :data:`UNIT_CAP` characters) never wrap,
    and 工作任务 gets the rest of the table's width."""
    if not table:
        return
    rows = [row for group in table["groups"] for row in group["rows"]]
    keys = ("number", "task", "lead", "units", "deadline")
    for tbl in document.element.body.iter(f"{W}tbl"):
        first = tbl.find(f"{W}tr")
        if first is None:
            continue
        head = tuple(_cell_text(tc).strip() for tc in first.findall(f"{W}tc"))
        if head != TASK_TABLE_HEAD:
            continue
        grid = tbl.find(f"{W}tblGrid")
        cols = grid.findall(f"{W}gridCol")
        total = sum(int(col.get(f"{W}w")) for col in cols)
        need = []
        for name, key in zip(head, keys, strict=True):
            chars = max([width(name), *(width(str(row[key])) for row in rows)])
            if key in ("lead", "units"):
                chars = min(chars, max(UNIT_CAP, width(name)))
            need.append(round(chars * TABLE_CHAR) + CELL_PADDING)
        need[1] = total - sum(need) + need[1]
        if need[1] < total // 3:  # long unit names: the task column keeps a third
            return
        for col, value in zip(cols, need, strict=True):
            col.set(f"{W}w", str(value))
        for tr in tbl.iter(f"{W}tr"):
            cells = tr.findall(f"{W}tc")
            if len(cells) != len(cols):
                continue
            for tc, value in zip(cells, need, strict=True):
                tcw = tc.find(f"{W}tcPr/{W}tcW")
                if tcw is not None:
                    tcw.set(f"{W}w", str(value))


def _xml_parts(document: Any) -> list[Any]:
    """Return the root elements of the document, styles and footer parts."""
    roots = []
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            roots.append(element)
    return roots


def map_fonts(document: Any, profile: str) -> None:
    """Rename the 公文 fonts in every rFonts slot to those of ``profile``."""
    mapping = FONT_PROFILES[profile]
    for root in _xml_parts(document):
        for fonts in root.iter(f"{W}rFonts"):
            for slot in _SLOTS:
                name = fonts.get(slot)
                if name in mapping:
                    fonts.set(slot, mapping[name])
    if profile == "open":  # a heavy Song stands in for 小标宋: make the title bold
        titles = style_ids(document, "GwTitle")
        for style in document.styles.element.iter(f"{W}style"):
            if style.get(f"{W}styleId") in titles:
                rpr = style.find(f"{W}rPr")
                bold = rpr.find(f"{W}b") if rpr is not None else None
                if bold is not None:
                    bold.attrib.pop(f"{W}val", None)


def set_page_profile(document: Any, profile: str) -> None:
    """Apply the margins and line pitch of ``profile`` to every section and style.

    A landscape (rotated) page keeps the standard whites in every profile: the strict
    profile narrows the whites above and below lines of text so that the glyphs, not
    the line boxes, fill the 版心; on a rotated page those whites are left and right of
    the text, where glyphs start at the margin itself, so the strict values put the
    附件 label and the table 2.4 mm outside the 版心.
    """
    values = PAGE_PROFILES[profile]
    old_pitch = {str(v["pitch"]) for v in PAGE_PROFILES.values()}
    for root in _xml_parts(document):
        for margin in root.iter(f"{W}pgMar"):
            if int(margin.get(f"{W}left", "0")) <= int(margin.get(f"{W}top", "0")):
                margin.set(f"{W}top", str(values["top"]))
                margin.set(f"{W}bottom", str(values["bottom"]))
        for grid in root.iter(f"{W}docGrid"):
            grid.set(f"{W}linePitch", str(values["pitch"]))
        for spacing in root.iter(f"{W}spacing"):
            if spacing.get(f"{W}line") in old_pitch and spacing.get(f"{W}lineRule") == "exact":
                spacing.set(f"{W}line", str(values["pitch"]))


def lay_out(document: Any, context: Mapping[str, Any]) -> None:
    """Apply the layout that depends on the document: signature indents and keeping, the
    task table's column widths, the last section."""
    set_signature_indents(document, context.get("signature"))
    if context.get("signature"):
        keep_signature_with_text(document)
    size_task_table(document, context.get("task_table"))
    drop_empty_last_section(document)


def apply_profiles(document: Any, *, fonts: str | None, profile: str | None) -> None:
    """Apply the requested font and page profiles (None leaves the template as it is)."""
    if fonts is not None:
        map_fonts(document, fonts)
    if profile is not None:
        set_page_profile(document, profile)
