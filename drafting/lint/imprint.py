"""版记 rules (GB/T 9704 §7.4, §7.5): 抄送 and 印发机关和印发日期 in 4号仿宋, their
places, the thick and thin lines, the 版记 last in the document and its page.

The 版记 is found by its text — a "抄送：" (or "主送：") line and a "…年…月…日印发"
line — in the body, in a table or in a text box anchored anywhere. Its lines are
table borders, paragraph borders or drawn lines; a position inside a table cell is
counted from the table's edge (cell margin plus indent).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from drafting.gbt9704 import FOOTER_SIZE, font_role
from drafting.lint.footer import footer_text
from drafting.lint.notice import TOLERANCE, line_end, squeeze, text_width
from drafting.lint.props import Border, Line, drawn_lines, etree_name, first_start, width
from drafting.lint.props import borders as paragraph_borders
from drafting.lint.read import Doc, Para
from drafting.lint.registry import Finding
from drafting.ooxml.ns import R, W
from drafting.ooxml.package import twips

_CC = re.compile(r"^(抄送|主送)[:：]")
_PRINT = re.compile(r"[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日印发$")
CHAR = 280  # one 4号 character in twips
_THICK = range(7, 10)  # 0.35 mm ≈ 1 pt = w:sz 8
_THIN = range(4, 7)  # 0.25 mm ≈ 0.71 pt = w:sz 6


@dataclass(frozen=True)
class Item:
    """A 版记 paragraph: its role (cc, print), itself, and the paragraph it is read in."""

    role: str
    para: Para
    anchor: Para


def items(doc: Doc) -> list[Item]:
    """Return the 版记 paragraphs of ``doc`` in order."""
    found: list[Item] = []
    for anchor in doc.paras:
        for para in anchor.boxed or (anchor,):  # an anchor's text is its boxes' text
            text = squeeze(para.text)
            if _CC.match(text):
                found.append(Item("cc", para, anchor))
            elif _PRINT.search(text) and len(text) <= 60:
                found.append(Item("print", para, anchor))
    return found


def _table(para: Para) -> Any:
    return next(para.element.iterancestors(f"{W}tbl"), None) if para.in_table else None


def _cell_margins(table: Any) -> tuple[int, int]:
    left = right = 108  # Word's default cell margins
    margins = table.find(f"{W}tblPr/{W}tblCellMar") if table is not None else None
    if margins is not None:
        for side in margins:
            value = twips(side.get(f"{W}w")) or 0
            if etree_name(side) in ("left", "start"):
                left = value
            elif etree_name(side) in ("right", "end"):
                right = value
    return left, right


def _area(para: Para, body_width: int) -> tuple[int, int, int]:
    """Return (offset of the text edge, width of the frame, right margin) of ``para``:
    a table's cell text, or the 版心."""
    table = _table(para)
    if table is None:
        return 0, body_width, 0
    left, right = _cell_margins(table)
    size = table.find(f"{W}tblPr/{W}tblW")
    frame = twips(size.get(f"{W}w")) if size is not None and size.get(f"{W}type") == "dxa" else None
    return left, frame or body_width, right


def _font_rules(item: Item) -> Iterator[Finding]:
    para = item.para
    name = "抄送" if item.role == "cc" else "印发机关和印发日期"
    for text, fmt in para.runs:
        if not text.strip():
            continue
        if (fmt.size or 20) != FOOTER_SIZE or (
            any(ord(ch) > 0x2E80 for ch in text) and font_role(fmt.cjk_font) != "fangsong"
        ):
            yield Finding("imprint-font", item.anchor.number, f"版记的{name}用 4 号仿宋")
            return


def _place_rules(item: Item, doc: Doc, body_width: int) -> Iterator[Finding]:
    para = item.para
    offset, frame, margin_right = _area(para, body_width)
    start = offset + first_start(para)
    number = item.anchor.number
    if abs(start - CHAR) > TOLERANCE / 2:
        where = "抄送机关" if item.role == "cc" else "印发机关"
        yield Finding("imprint", number, f"{where}应左空一字，这里空 {start / CHAR:.1f} 字")
    text = squeeze(para.text)
    if item.role == "cc":
        if text[2:3] != "：":
            yield Finding("imprint", number, f"“{text[:2]}”后标全角冒号“：”")
        if not text.endswith("。"):
            yield Finding("imprint", number, "抄送机关最后一个机关名称后标句号")
        if abs(margin_right + para.fmt.right - CHAR) > TOLERANCE / 2:
            yield Finding("imprint", number, "抄送机关应右空一字")
        end, _ = line_end(doc, para, first_start(para))
        wraps = offset + end > frame - margin_right - para.fmt.right
        hang = offset + para.fmt.left - (start + width(para.runs, 0, 3))
        if wraps and abs(hang) > TOLERANCE / 2:
            yield Finding("imprint", number, "抄送机关回行时应与冒号后的首字对齐")
        return
    if para.fmt.jc == "right":
        end = frame - margin_right - para.fmt.right
    else:
        end = offset + line_end(doc, para, first_start(para))[0]
    if abs(frame - end - CHAR) > TOLERANCE:
        yield Finding(
            "imprint", number, f"印发日期应右空一字，这里空 {(frame - end) / CHAR:.1f} 字"
        )


def _border_map(node: Any) -> dict[str, Border]:
    found: dict[str, Border] = {}
    for side in node if node is not None else ():
        found[etree_name(side)] = Border(
            side.get(f"{W}val", "none"),
            int(side.get(f"{W}sz") or 0),
            (side.get(f"{W}color") or "000000").upper(),
        )
    return found


def _table_lines(table: Any, rows: int) -> list[Border | None]:
    """Return the borders above, between and below the ``rows`` rows of ``table``: the
    table's borders, overridden by the first cell's (as LibreOffice saves them)."""
    whole = _border_map(table.find(f"{W}tblPr/{W}tblBorders"))
    cells = [
        _border_map(row.find(f"{W}tc/{W}tcPr/{W}tcBorders")) for row in table.findall(f"{W}tr")
    ]

    def drawn(border: Border | None) -> Border | None:
        return border if border is not None and border.drawn else None

    found: list[Border | None] = []
    for index in range(rows + 1):
        above = cells[index - 1].get("bottom") if 0 < index <= len(cells) else None
        below = cells[index].get("top") if index < len(cells) else None
        table_side = "top" if index == 0 else "bottom" if index == rows else "insideH"
        found.append(drawn(below) or drawn(above) or drawn(whole.get(table_side)))
    return found


def _lines(doc: Doc, found: list[Item], body_width: int) -> tuple[list[Line | None], int]:
    """Return the lines above, between and below the 版记 items, and the frame width."""
    table = _table(found[0].para)
    if table is not None and all(_table(i.para) is table for i in found):
        rows = len(table.findall(f"{W}tr"))
        size = table.find(f"{W}tblPr/{W}tblW")
        kind = size.get(f"{W}type", "dxa") if size is not None else "auto"
        frame = twips(size.get(f"{W}w")) if kind == "dxa" else None  # auto: not stated
        if kind == "pct":
            frame = body_width * int(size.get(f"{W}w", "0").rstrip("%") or 0) // 5000
        return [
            Line("表格边框", b.size, b.color, frame) if b is not None else None
            for b in _table_lines(table, rows)
        ], frame or body_width
    lines: list[Line | None] = []
    paras = [i.para for i in found]
    for index in range(len(paras) + 1):
        above = paras[index - 1] if index else None
        below = paras[index] if index < len(paras) else None
        line = None
        for para, side in ((above, "bottom"), (below, "top")):
            if para is None:
                continue
            border = paragraph_borders(doc, para).get(side)
            if border is not None:
                span = body_width - para.fmt.left - para.fmt.right
                line = Line("段落边框", border.size, border.color, span)
        for para in (above, below):
            drawn = list(drawn_lines(para)) if para is not None else []
            line = line or (drawn[0] if drawn else None)
        lines.append(line)
    return lines, body_width


def _line_rules(doc: Doc, found: list[Item], body_width: int) -> Iterator[Finding]:
    lines, _ = _lines(doc, found, body_width)
    number = found[0].anchor.number
    names = ["首条分隔线", *["中间的分隔线"] * (len(lines) - 2), "末条分隔线"]
    for index, (line, name) in enumerate(zip(lines, names, strict=True)):
        if line is None:
            yield Finding("imprint-lines", number, f"版记缺少{name}")
            continue
        if line.length is not None and abs(line.length - body_width) > 57:
            yield Finding(
                "imprint-lines",
                number,
                f"版记{name}应与版心等宽（{body_width / 56.69:.0f} mm），这里 {line.length / 56.69:.0f} mm",
            )
        thick = index in (0, len(lines) - 1)
        if line.size not in (_THICK if thick else _THIN):
            want = "粗线（推荐 0.35 mm）" if thick else "细线（推荐 0.25 mm）"
            yield Finding(
                "imprint-line-weight",
                number,
                f"版记{name}用{want}，这里 {line.size / 8 * 0.3528:.2f} mm",
            )


def _has_page_number(doc: Doc, para: Para) -> bool:
    """Return True when the section of ``para`` prints a page number (a section without
    its own footer reference inherits the one before)."""
    refs: dict[str, str] = {}
    for index, section in enumerate(doc.sections):
        for ref in section.props.findall(f"{W}footerReference"):
            refs[ref.get(f"{W}type", "default")] = ref.get(f"{R}id", "")
        following = doc.sections[index + 1] if index + 1 < len(doc.sections) else None
        if following is None or following.first > para.number:
            break
    root = doc.footers.get(refs.get("default", ""))
    return root is not None and any(footer_text(p)[1] for p in root.iter(f"{W}p"))


def _position_rules(doc: Doc, found: list[Item]) -> Iterator[Finding]:
    last = found[-1].anchor
    order = [i.role for i in found]
    if "cc" in order and "print" in order and order.index("print") < len(order) - 1:
        yield Finding("imprint", found[-1].anchor.number, "抄送应在印发机关和印发日期之上一行")
    after = [p for p in doc.paras if p.number > last.number and p.text.strip()]
    if after:
        yield Finding("imprint-position", last.number, "版记应置于公文最后一页，其后不再有内容")
    first = found[0].anchor
    before = [p for p in doc.paras if p.number < first.number and p.text.strip()]
    own_page = first.page_start or any(
        p.page_start for p in doc.paras if before and before[-1].number < p.number <= first.number
    )
    if own_page and _has_page_number(doc, first):
        yield Finding("imprint-position", first.number, "版记单独成页时，版记页不编排页码")


def imprint_rules(doc: Doc) -> tuple[set[int], list[Finding]]:
    """Return the paragraphs the 版记 takes (for the text rules to leave) and its findings."""
    found = items(doc)
    if not found:
        return set(), []
    body_width = text_width(doc)
    findings: list[Finding] = []
    for item in found:
        findings.extend(_font_rules(item))
        findings.extend(_place_rules(item, doc, body_width))
    findings.extend(_line_rules(doc, found, body_width))
    findings.extend(_position_rules(doc, found))
    return {i.anchor.number for i in found}, findings
