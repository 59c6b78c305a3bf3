"""Fit the 署名 block onto the page that holds the body's end (GB/T 9704 §7.3.5.4–5).

The 发文机关署名, 成文日期 and the seal's place must stand on a page with 正文; “此页无
正文” is not allowed, and the standard's remedy is to adjust line or character spacing.
This pass estimates where each paragraph of the main text falls (lines of 28 CJK
characters at 3号, the real heights of exact lines such as the 版头's white and the
标志, the grid pitch for the rest) and, when the block from the last body paragraph to
the 附注 would run over onto the next page, tightens the exact line spacing of the
paragraphs from the 主送 (or from the top of that page) down, never below
:data:`MIN_LINE` (24 pt). When even that cannot fit the block, the keep chain of
:func:`drafting.render.passes.keep_signature_with_text` stays the remedy: at least two
lines of the last body paragraph move to the next page with the 署名.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from drafting.ooxml.ns import W
from drafting.render.notice import advance
from drafting.render.passes import style_ids

MIN_LINE = 480
"""The tightest exact line the pass sets, in twips (24 pt: 1.5 × a 3号 character)."""
BODY_HALF_POINTS = 32
"""3号 in half-points, the size :func:`drafting.render.notice.advance` measures."""
SLACK = 200
"""Twips the estimate keeps free at the page's foot: LibreOffice set the 主送 of the
issue-plan notice 95 twips lower than estimated (the 版头's exact lines), and a block
estimated to fit by less ran over in the PDF."""
NOT_BODY = ("GwAttachNote", "GwAttachNoteFirst", "GwAttachNoteNext")
"""Styles between the body and the 署名 that are not 正文 (the 附件说明)."""


@dataclass(frozen=True)
class Block:
    """One paragraph of the main text as the estimate sees it."""

    element: Any
    lines: int
    line: int  # twips of one line
    before: int
    after: int
    page_break: bool


def _style_map(document: Any) -> dict[str, Any]:
    return {s.get(f"{W}styleId"): s for s in document.styles.element.iter(f"{W}style")}


def _chain(styles: dict[str, Any], style_id: str | None) -> Iterator[Any]:
    """Yield the style ``style_id`` and the styles it is based on, nearest first."""
    seen: set[str] = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        style = styles[style_id]
        yield style
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None


def _attr(elements: list[Any], path: str, name: str) -> str | None:
    """Return ``name`` of the first ``path`` child found in ``elements`` (nearest first)."""
    for element in elements:
        if element is None:
            continue
        found = element.find(path)
        if found is not None and found.get(f"{W}{name}") is not None:
            return str(found.get(f"{W}{name}"))
    return None


def _block(paragraph: Any, styles: dict[str, Any], pitch: int, width: int) -> Block:
    ppr = paragraph.find(f"{W}pPr")
    sid = paragraph.style if hasattr(paragraph, "style") else None
    chain = [ppr, *(s.find(f"{W}pPr") for s in _chain(styles, sid or "Normal"))]
    chain = [c for c in chain if c is not None]
    rule = _attr(chain, f"{W}spacing", "lineRule")
    value = _attr(chain, f"{W}spacing", "line")
    line = int(value) if rule == "exact" and value else pitch
    before = int(_attr(chain, f"{W}spacing", "before") or 0)
    after = int(_attr(chain, f"{W}spacing", "after") or 0)
    left = int(_attr(chain, f"{W}ind", "left") or 0)
    right = int(_attr(chain, f"{W}ind", "right") or 0)
    first = int(_attr(chain, f"{W}ind", "firstLine") or 0) - int(
        _attr(chain, f"{W}ind", "hanging") or 0
    )
    rprs = [s.find(f"{W}rPr") for s in _chain(styles, sid or "Normal")]
    size = int(_attr([r for r in rprs if r is not None], f"{W}sz", "val") or BODY_HALF_POINTS)
    text = "".join(
        t.text or "\t" if t.tag == f"{W}tab" else t.text or ""
        for t in paragraph.iter(f"{W}t", f"{W}tab")
    )
    if "\t" in text and first < 0:  # a hanging label (“1.”) tabs to the indent
        text, first = text.rsplit("\t", 1)[1], 0
    wide = advance(text.replace("\t", "一")) * size // BODY_HALF_POINTS + first
    room = max(1, width - left - right)
    lines = max(1, math.ceil(wide / room)) if text else 1
    breaks = any(br.get(f"{W}type") == "page" for br in paragraph.iter(f"{W}br"))
    page_break = ppr is not None and ppr.find(f"{W}pageBreakBefore") is not None
    return Block(paragraph, lines, line, before, after, page_break or breaks)


def _pages(blocks: list[Block], height: int, lines: dict[int, int]) -> list[tuple[int, int]]:
    """Return (page of the first line, page of the last line) of each block; ``lines``
    overrides the line height of the blocks at those indexes."""
    page, used = 0, 0
    placed = []
    for index, block in enumerate(blocks):
        line = lines.get(index, block.line)
        if block.page_break and used:
            page, used = page + 1, 0
        used += block.before if used else 0
        start = None
        for _ in range(block.lines):
            if used + line > height:
                page, used = page + 1, 0
            start = page if start is None else start
            used += line
        used += block.after
        placed.append((start if start is not None else page, page))
    return placed


def fit_signature(document: Any) -> int | None:
    """Tighten the lines above the 署名 so that its block ends on the page of the body's
    end; return the exact line set (twips), or None when nothing was changed (it fits,
    it cannot be made to fit within :data:`MIN_LINE`, or the main text has a table)."""
    body = document.element.body
    section = body.find(f"{W}p/{W}pPr/{W}sectPr")
    if section is None:
        section = body.find(f"{W}sectPr")
    size, margin = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
    grid = section.find(f"{W}docGrid")
    if size is None or margin is None or grid is None:
        return None
    pitch = int(grid.get(f"{W}linePitch"))
    width = int(size.get(f"{W}w")) - int(margin.get(f"{W}left")) - int(margin.get(f"{W}right"))
    height = int(size.get(f"{W}h")) - int(margin.get(f"{W}top")) - int(margin.get(f"{W}bottom"))
    height -= SLACK
    paragraphs = []
    for child in body:
        if child.tag != f"{W}p":
            if child.tag == f"{W}tbl":
                return None  # a table's height is not estimated
            continue
        paragraphs.append(child)
        if child.find(f"{W}pPr/{W}sectPr") is not None:
            break
    signs = style_ids(document, "GwSignature") | style_ids(document, "GwDate")
    start = next((i for i, p in enumerate(paragraphs) if p.style in signs), None)
    if start is None:
        return None
    skip = set().union(*(style_ids(document, s) for s in NOT_BODY))
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")).strip() for p in paragraphs]
    last = next(
        (i for i in range(start - 1, -1, -1) if texts[i] and paragraphs[i].style not in skip), None
    )
    if last is None:
        return None
    styles = _style_map(document)
    blocks = [_block(p, styles, pitch, width) for p in paragraphs]
    end = len(blocks) - 1
    placed = _pages(blocks, height, {})
    body_page = placed[last][1]
    if placed[end][1] == body_page:
        return None
    addressee = style_ids(document, "GwAddressee")
    first = next((i for i, p in enumerate(paragraphs) if p.style in addressee), 0)
    first = max(first, next(i for i, (page, _) in enumerate(placed) if page == body_page))
    for line in range(pitch - 10, MIN_LINE - 1, -10):
        trial = dict.fromkeys(range(first, end + 1), line)
        trial = {i: min(line, blocks[i].line) for i in trial}
        if _pages(blocks, height, trial)[end][1] == body_page:
            for index, value in trial.items():
                spacing = blocks[index].element.get_or_add_pPr().get_or_add_spacing()
                spacing.set(f"{W}line", str(value))
                spacing.set(f"{W}lineRule", "exact")
                ppr = blocks[index].element.get_or_add_pPr()
                snap = ppr.find(f"{W}snapToGrid")
                if snap is None:  # LibreOffice snaps an exact line to the grid's pitch
                    snap = ppr.makeelement(f"{W}snapToGrid", {})
                    spacing.addprevious(snap)
                snap.set(f"{W}val", "0")
            return line
    return None
