"""lxml passes over the rendered parts: layout the template cannot hold, and profiles.

Word and LibreOffice rewrite some markup when an office re-saves a template: Jinja in a
typed attribute (``w:ind w:right="{{ … }}"``) or inside ``w:sectPr`` is dropped, and
LibreOffice renumbers style ids (“GW 公文标题” becomes ``GW4``). So values that depend on
the document are set here, on the rendered file, and styles are found by name as well.
The font and page profiles are GB/T 9704 values, read from :mod:`drafting.gbt9704`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from drafting.gbt9704 import (
    FONT_PROFILES,
    GLYPH_TWIPS,
    LETTERHEAD_TOP_MM,
    PAGE_PROFILES,
    TEXT_BOTTOM_MM,
    TWIPS_PER_MM,
    WORD_WHITES,
)
from drafting.ooxml.ns import W
from drafting.ooxml.sequence import PPR_ORDER
from drafting.render.context import width

_SLOTS = (f"{W}ascii", f"{W}hAnsi", f"{W}eastAsia", f"{W}cs")

STYLE_NAMES = {
    "GwTitle": "GW 公文标题",
    "GwSignature": "GW 发文机关署名",
    "GwDate": "GW 成文日期",
    "GwAttachNote": "GW 附件说明",
    "GwLetterheadSpace": "GW 版头空白",
    "GwLetterhead": "GW 发文机关标志",
    "GwIssuer": "GW 签发人",
    "GwDocNumberUp": "GW 发文字号(上行文)",
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


def _set_indent(paragraph: Any, placement: Mapping[str, Any]) -> None:
    """Place a 署名 or 成文日期 line: left-aligned at a left indent, or right-aligned at a
    right indent (``placement``: ``{"left": twips}`` or ``{"right": twips}``), whatever
    its style says."""
    ppr = paragraph.get_or_add_pPr()
    ind = ppr.get_or_add_ind()
    for stale in ("rightChars", "end", "endChars", "leftChars", "start", "startChars"):
        ind.attrib.pop(f"{W}{stale}", None)  # each would beat w:left or w:right
    side = "left" if "left" in placement else "right"
    ind.set(f"{W}{side}", str(int(placement[side])))
    ind.set(f"{W}{'right' if side == 'left' else 'left'}", "0")
    jc = ppr.find(f"{W}jc")
    if jc is None:
        jc = ppr.makeelement(f"{W}jc", {})
        ppr.append(jc)
        _order_ppr(ppr)
    jc.set(f"{W}val", side)


def _order_ppr(ppr: Any) -> None:
    rank = {f"{W}{name}": i for i, name in enumerate(PPR_ORDER)}
    children = sorted(ppr, key=lambda child: rank.get(child.tag, len(rank)))
    for child in children:
        ppr.append(child)


def _paragraphs(document: Any, style_id: str) -> list[Any]:
    ids = style_ids(document, style_id)
    return [p for p in document.element.body.iter(f"{W}p") if p.style in ids]


def set_signature_indents(document: Any, signature: Mapping[str, Any] | None) -> None:
    """Place the 发文机关署名 and 成文日期 lines as ``signature`` says (``org_indents``,
    one per 署名 line in order, and ``date_indent``: gbt9704.md §4.3); None leaves them.
    """
    if not signature:
        return
    for paragraph, placement in zip(
        _paragraphs(document, "GwSignature"), signature["org_indents"], strict=False
    ):
        _set_indent(paragraph, placement)
    for paragraph in _paragraphs(document, "GwDate"):
        _set_indent(paragraph, signature["date_indent"])


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
    block = style_ids(document, "GwSignature") | style_ids(document, "GwDate")
    tail = start
    while tail + 1 < len(paragraphs) and paragraphs[tail + 1].style in block | style_ids(
        document, "GwNote"
    ):
        set_on(paragraphs[tail].get_or_add_pPr(), "keepNext")  # 署名, 日期, 附注 together
        tail += 1
    notes = set().union(
        *(style_ids(document, s) for s in ("GwAttachNote", "GwAttachNoteFirst", "GwAttachNoteNext"))
    )
    index = start - 1
    while index >= 0:
        paragraph = paragraphs[index]
        ppr = paragraph.get_or_add_pPr()
        set_on(ppr, "keepNext")
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t")).strip()
        if text and paragraph.style not in notes:
            set_on(ppr, "widowControl")
            break
        index -= 1


def set_on(ppr: Any, name: str) -> None:
    """Switch the on/off property ``w:name`` on in ``ppr``, at its place in the sequence."""
    for old in ppr.findall(f"{W}{name}"):
        ppr.remove(old)
    element = ppr.makeelement(f"{W}{name}", {})
    rank = PPR_ORDER.index(name)
    position = 0
    for position, child in enumerate(ppr):  # noqa: B007 - the index is the result
        local = child.tag.rsplit("}", 1)[-1]
        if local not in PPR_ORDER[: rank + 1]:
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


LETTERHEAD_EM_OFFSET = -30
"""Twips from the top of a 标志 line (exact LETTERHEAD_LINE_TWIPS) to its glyphs' em top,
as LibreOffice 7.4.7 lays it out: calibrated with pdfminer (LTChar.y1, the em top of a
CJK glyph) on the examples: with 0 the 标志 stood at 71.47 mm from the page top instead
of 72.00 (37 + 35), 0.53 mm (30 twips) high; with -30 it measures 72.0 mm."""


def _first_section(document: Any) -> Any:
    body = document.element.body
    found = body.find(f"{W}p/{W}pPr/{W}sectPr")
    return found if found is not None else body.find(f"{W}sectPr")


def set_letterhead_space(document: Any, context: Mapping[str, Any]) -> None:
    """Give the white above the 标志 the height that puts the 标志's upper edge
    LETTERHEAD_TOP_MM (35 mm) below the 版心's top edge: the page's top white plus 35 mm
    from the page's top, less the lines of 份号, 密级 and 紧急程度 above it.

    Runs after the page profile, whose top white and line pitch it reads. The strict
    profile's top white is 2.4 mm less so that the first line's glyphs, not its line
    box, start at 37 mm: the 版心's edge stays at 37 mm, so the target is the same.
    """
    if not context.get("letterhead"):
        return
    section = _first_section(document)
    pitch = int(section.find(f"{W}docGrid").get(f"{W}linePitch"))
    top = int(section.find(f"{W}pgMar").get(f"{W}top"))
    # 37 mm, the 版心's top edge in every profile: Word's top white, not the profiles'
    # (theirs are less by half a grid line's leading, which an exact line has not)
    edge = WORD_WHITES["top"]
    marks = sum(1 for key in ("copy_number", "secrecy", "urgency") if context.get(key))
    target = edge + round(LETTERHEAD_TOP_MM * TWIPS_PER_MM)
    height = target - top - marks * pitch - LETTERHEAD_EM_OFFSET
    for paragraph in _paragraphs(document, "GwLetterheadSpace")[:1]:
        spacing = paragraph.get_or_add_pPr().get_or_add_spacing()
        spacing.set(f"{W}line", str(max(20, height)))
        spacing.set(f"{W}lineRule", "exact")
        spacing.set(f"{W}before", "0")
        spacing.set(f"{W}after", "0")


def _scale_runs(paragraph: Any, percent: int) -> None:
    """Narrow the characters of ``paragraph`` to ``percent`` of their width (w:w)."""
    for run in paragraph.iter(f"{W}r"):
        rpr = run.get_or_add_rPr()
        scale = rpr.find(f"{W}w")
        if scale is None:
            scale = rpr.makeelement(f"{W}w", {})
            # CT_RPr: w follows spacing and precedes kern, position, sz …
            after = [rpr.find(f"{W}{n}") for n in ("spacing", "color", "bCs", "b", "rFonts")]
            anchor = next((a for a in after if a is not None), None)
            if anchor is not None:
                anchor.addnext(scale)
            else:
                rpr.insert(1 if rpr.find(f"{W}rStyle") is not None else 0, scale)
        scale.set(f"{W}val", str(percent))


def fit_letterhead(document: Any, context: Mapping[str, Any], text_width: int) -> None:
    """Keep the 标志 within the 版心 (156 mm): narrow a name that would be wider, and
    size the joint form's columns to the names (left) and “文件” (right).

    Widths count the 标志's characters at its size: organs' names are CJK text, one em
    each, drawn with no tracking.
    """
    head = context.get("letterhead")
    if not head:
        return
    em = int(head["size"]) * 10  # twips of one character of the 标志
    if head["joint"]:
        names_w = max(len(n) for n in head["names"]) * em
        word_w = len(head["word"]) * em + em // 2
        percent = min(100, text_width * 100 // (names_w + word_w))
        names_w, word_w = names_w * percent // 100, word_w * percent // 100
        heads = set(_paragraphs(document, "GwLetterhead"))
        for table in document.element.body.iter(f"{W}tbl"):
            if not any(p in heads for p in table.iter(f"{W}p")):
                continue
            table.find(f"{W}tblPr/{W}tblW").set(f"{W}w", str(names_w + word_w))
            cols = table.findall(f"{W}tblGrid/{W}gridCol")
            for col, width in zip(cols, (names_w, word_w), strict=False):
                col.set(f"{W}w", str(width))
            for cell, width in zip(table.iter(f"{W}tc"), (names_w, word_w), strict=False):
                cell.find(f"{W}tcPr/{W}tcW").set(f"{W}w", str(width))
            if percent < 100:
                for paragraph in table.iter(f"{W}p"):
                    _scale_runs(paragraph, percent)
        return
    for paragraph in _paragraphs(document, "GwLetterhead"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        if text and len(text) * em > text_width:
            _scale_runs(paragraph, text_width * 100 // (len(text) * em))


TAB_SLACK = 60
"""Twips (1 mm) between the end of “签发人：” and the names' tab stop."""


def set_issuer_tabs(document: Any, context: Mapping[str, Any], text_width: int) -> None:
    """Set the tab stops of a 上行文's 字号 and 签发人 lines: the 字号 居左空一字, the
    “签发人：” block 居右空一字, names two a line, each name below the one above."""
    line = context.get("number_line")
    if not line:
        return
    tabs = line["tabs"]
    # a tab stop at the very place a text ends is passed over (LibreOffice goes on to the
    # next one), so the names' stop stands TAB_SLACK after the 4-character “签发人：”
    label = tabs["label_w"] + TAB_SLACK
    start = text_width - tabs["indent"] - label - tabs["names_w"]
    stops = (
        tabs["indent"],
        start,
        start + label,
        start + label + tabs["widest"] + GLYPH_TWIPS,
    )
    for style_id in ("GwIssuer", "GwDocNumberUp"):
        for paragraph in _paragraphs(document, style_id):
            ppr = paragraph.get_or_add_pPr()
            old = ppr.find(f"{W}tabs")
            if old is not None:
                ppr.remove(old)
            element = ppr.makeelement(f"{W}tabs", {})
            for pos in stops:
                element.append(
                    element.makeelement(f"{W}tab", {f"{W}val": "left", f"{W}pos": str(pos)})
                )
            ppr.append(element)
            _order_ppr(ppr)


def lay_out_frame(document: Any, context: Mapping[str, Any]) -> None:
    """Apply the 公文 frame's layout that depends on the page profile and the text."""
    section = _first_section(document)
    if section is None:
        return
    size = section.find(f"{W}pgSz")
    margin = section.find(f"{W}pgMar")
    text_width = (
        int(size.get(f"{W}w"))
        - int(margin.get(f"{W}left", "0"))
        - int(margin.get(f"{W}right", "0"))
    )
    set_letterhead_space(document, context)
    fit_letterhead(document, context, text_width)
    set_issuer_tabs(document, context, text_width)
    set_imprint_height(document, context, text_width)


IMPRINT_LINE, IMPRINT_CHAR = 560, 280
"""The 版记's exact line (28 pt) and one 4号 character, as the template has them."""


def set_imprint_height(document: Any, context: Mapping[str, Any], text_width: int) -> None:
    """Make the 版记's text box as tall as its lines, so that its last line lies on the
    版心's bottom edge (LibreOffice draws a box's text from its top whatever the anchor).

    Lines are counted from the 4号 characters of each entry (a wrapped 抄送 takes more),
    plus the 1 pt paragraph that ends the box and the table's three rules.
    """
    imprint = context.get("imprint")
    if not imprint:
        return
    per_line = max(1, (text_width - 2 * IMPRINT_CHAR) // IMPRINT_CHAR)
    lines = 1 if imprint["printed"] else 0
    for key in ("addressee", "cc"):
        if imprint[key]:
            lines += -(-len(imprint[key]) // per_line)
    height = lines * IMPRINT_LINE + 20 + 3 * 20
    # the box's top from the page's top edge, so that its bottom is the 版心's bottom
    # edge (262 mm) whatever the profile's bottom white (the standard one's margin ends
    # 2.3 mm higher, half a grid line's leading: see gbt9704.PAGE_PROFILES)
    top = round(TEXT_BOTTOM_MM * TWIPS_PER_MM) - height
    for shape in document.element.body.iter("{urn:schemas-microsoft-com:vml}shape"):
        if shape.get("id") != "imprint":
            continue
        style = re.sub(r"height:[0-9.]+pt", f"height:{height / 20}pt", shape.get("style", ""))
        style = re.sub(r"margin-top:[0-9.]+(?:pt)?", f"margin-top:{top / 20}pt", style)
        style = style.replace("mso-position-vertical:bottom", "mso-position-vertical:absolute")
        style = style.replace(
            "mso-position-vertical-relative:margin", "mso-position-vertical-relative:page"
        )
        shape.set("style", style)
        wrap = shape.find("{urn:schemas-microsoft-com:office:word}wrap")
        if wrap is not None:
            wrap.set("anchory", "page")
