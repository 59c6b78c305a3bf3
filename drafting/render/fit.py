"""Fit the 署名 block onto the page that holds the body's end (GB/T 9704 §7.3.5.4–5).

The 发文机关署名, 成文日期 and the seal's place must stand on a page with 正文; “此页无
正文” is not allowed, and the standard's remedy is to adjust line or character spacing.
This pass estimates where each paragraph of the main text falls (lines of 28 CJK
characters at 3号, the real heights of exact lines such as the 版头's white and the
标志, the grid pitch for the rest) and, when the block from the last body paragraph to
the 附注 would run over onto the next page, in this order:

1. with a 发文机关印章, drops the second of the two white lines above the 署名 (one
   line is the standard's own distance, §7.3.5.1);
2. tightens the exact line spacing of the paragraphs from the 主送 (or from the top of
   that page) down, never below :data:`MIN_LINE` (22 pt).

When even that cannot fit the block, the keep chain stays the remedy, and
:func:`keep_body` makes it one that leaves 正文 on both pages: the body paragraphs
after the first keep with the 署名 until at least two lines go with it, and the first
body paragraph (§7.3.3: 公文首页必须显示正文) is only split, by widow control, when it
has at least four lines. A first body paragraph that surely runs over onto the 署名's
page on its own is not chained at all (:func:`release_split_first`): LibreOffice would
move it whole.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from drafting.ooxml.ns import W
from drafting.render.notice import advance
from drafting.render.passes import set_on, style_ids

MIN_LINE = 440
"""The tightest exact line the pass sets, in twips (22 pt: 1.375 × a 3号 character, the
body's glyphs still 6 pt apart; 24 pt left the issue-plan notice one line short)."""
BODY_HALF_POINTS = 32
"""3号 in half-points, the size :func:`drafting.render.notice.advance` measures."""
SLACK = 200
"""Twips the estimate keeps free at the page's foot: LibreOffice set the 主送 of the
issue-plan notice 95 twips lower than estimated (the 版头's exact lines), and a block
estimated to fit by less ran over in the PDF."""
NOT_BODY = ("GwAttachNote", "GwAttachNoteFirst", "GwAttachNoteNext")
"""Styles between the body and the 署名 that are not 正文 (the 附件说明)."""


@dataclass(frozen=True)
class Fit:
    """What :func:`fit_signature` changed."""

    line: int | None
    """The exact line set from the 主送 down (twips), or None when none was tightened."""
    dropped: bool
    """Whether one of the two white lines above a sealed 署名 was dropped."""


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


def _first_line(elements: list[Any]) -> int:
    """Return the first line's indent in twips (negative when hanging): the nearest
    w:ind with either attribute decides, as a hanging style overrides the first-line
    indent of the style it is based on."""
    for element in elements:
        ind = element.find(f"{W}ind")
        if ind is None:
            continue
        first, hanging = ind.get(f"{W}firstLine"), ind.get(f"{W}hanging")
        if first is not None or hanging is not None:
            return int(first or 0) - int(hanging or 0)
    return 0


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
    first = _first_line(chain)
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


def _layout(
    blocks: list[Block], height: int, lines: dict[int, int], gone: int | None = None
) -> list[tuple[int, int, int]]:
    """Return (page of the first line, page of the last line, lines on that last page)
    of each block; ``lines`` overrides the line height of the blocks at those indexes;
    the block at ``gone`` is left out (it gets the place of the one before, no lines)."""
    page, used = 0, 0
    placed: list[tuple[int, int, int]] = []
    for index, block in enumerate(blocks):
        if index == gone:
            placed.append((page, page, 0))
            continue
        line = lines.get(index, block.line)
        if block.page_break and used:
            page, used = page + 1, 0
        used += block.before if used else 0
        start, last = None, 0
        for _ in range(block.lines):
            if used + line > height:
                page, used, last = page + 1, 0, 0
            start = page if start is None else start
            used += line
            last += 1
        used += block.after
        placed.append((start if start is not None else page, page, last))
    return placed


def _pages(
    blocks: list[Block], height: int, lines: dict[int, int], gone: int | None = None
) -> list[tuple[int, int]]:
    """Return (page of the first line, page of the last line) of each block
    (:func:`_layout`)."""
    return [(first, last) for first, last, _ in _layout(blocks, height, lines, gone)]


def release_split_first(blocks: list[Block], body: list[int], height: int) -> bool:
    """Take keep-with-next off the first body paragraph when the estimate (``height``,
    the :data:`SLACK` taken off) puts some of its lines on the next page, the 署名's;
    return whether it did.

    LibreOffice 7.4 moves a whole keep-with-next paragraph that fits on the next page
    (where Word splits it and keeps only its last lines with the next), so a long first
    paragraph chained to the 署名 left page 1 without 正文 (§7.3.3). Running over the
    page on its own, it needs no chain: widow control keeps two lines or more with the
    署名 block, which keeps together by itself. Were the paragraph to end on page 1
    after all, the 署名 would stand alone on page 2: the slack's estimate matched
    LibreOffice for preambles of 100–260 characters (tests/render/test_fit_pdf.py).
    """
    first = body[0]
    ppr = blocks[first].element.find(f"{W}pPr")
    if ppr is None or ppr.find(f"{W}keepNext") is None:
        return False
    start, end, _ = _layout(blocks, height, {})[first]
    if end == start:
        return False
    _set_on(ppr, "keepNext", False)
    return True


def _set_on(ppr: Any, name: str, on: bool) -> None:
    """Switch ``w:name`` on (at its place in the sequence) or remove it (the style's
    value, off in our templates, applies)."""
    for old in ppr.findall(f"{W}{name}"):
        ppr.remove(old)
    if on:
        set_on(ppr, name)


def keep_body(blocks: list[Block], body: list[int]) -> None:
    """Make the keep chain above the 署名 leave 正文 on both pages (§7.3.3, §7.3.5.4).

    ``body`` are the indexes of the body paragraphs, in order. From the last one up,
    each keeps with the next and gets widow control until at least two lines are
    chained; the first body paragraph is chained (and so split, two lines at least
    staying and two going) only when it has four lines or more, and otherwise never
    leaves the page it starts on for the 署名's sake.
    """
    chained = 0
    for index in reversed(body):
        block = blocks[index]
        ppr = block.element.get_or_add_pPr()
        split = index != body[0] or block.lines >= 4
        _set_on(ppr, "keepNext", split)
        _set_on(ppr, "widowControl", split)
        chained += block.lines
        if chained >= 2 or not split:
            break


def fit_signature(document: Any, *, sealed: bool = False) -> Fit | None:
    """Fit the 署名 block onto the page of the body's end: with ``sealed`` (a 发文机关印章)
    first by dropping one of the two white lines above the 署名, then by tightening the
    lines from the 主送 down to :data:`MIN_LINE`. Return what was changed, or None when
    nothing was (it fits, it cannot be made to fit, or the main text has a table); the
    keep chain is set by :func:`keep_body` whenever the estimate is made."""
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
    signs = style_ids(document, "GwSignature") | style_ids(document, "GwDate")
    chain = signs | style_ids(document, "GwNote")
    paragraphs: list[Any] = []
    start = None
    for child in body:
        if child.tag != f"{W}p":
            if child.tag == f"{W}tbl":
                return None  # a table's height is not estimated
            continue
        if start is not None and child.style not in chain:
            break  # the block ends with the 附注 (a 版记 after it has its own place)
        if start is None and child.style in signs:
            start = len(paragraphs)
        paragraphs.append(child)
        if child.find(f"{W}pPr/{W}sectPr") is not None:
            break
    if start is None:
        return None
    skip = set().union(*(style_ids(document, s) for s in NOT_BODY))
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")).strip() for p in paragraphs]
    heads = style_ids(document, "GwTitle") | style_ids(document, "GwAddressee")
    head = max((i for i in range(start) if paragraphs[i].style in heads), default=-1)
    text_body = [i for i in range(head + 1, start) if texts[i] and paragraphs[i].style not in skip]
    if not text_body:
        return None
    last = text_body[-1]
    styles = _style_map(document)
    blocks = [_block(p, styles, pitch, width) for p in paragraphs]
    keep_body(blocks, text_body)
    end = len(blocks) - 1
    placed = _pages(blocks, height, {})
    body_page = placed[last][1]
    if placed[end][1] == body_page:
        release_split_first(blocks, text_body, height)
        return None
    whites = []
    for index in range(start - 1, last, -1):
        if texts[index] or blocks[index].page_break:
            break
        whites.append(index)
    # §7.3.5.1: 印章顶端应当上距正文（或附件说明）一行之内 — one white line is the
    # standard's own distance; the second is practice (room for the seal), dropped first
    gone = whites[-1] if sealed and len(whites) >= 2 else None
    addressee = style_ids(document, "GwAddressee")
    first = next((i for i, p in enumerate(paragraphs) if p.style in addressee), 0)
    first = max(first, next(i for i, (page, _) in enumerate(placed) if page == body_page))
    if gone is not None and _pages(blocks, height, {}, gone)[end][1] == body_page:
        _drop(blocks[gone].element)
        return Fit(None, True)
    for line in range(pitch - 10, MIN_LINE - 1, -10):
        trial = {i: min(line, blocks[i].line) for i in range(first, end + 1) if i != gone}
        if _pages(blocks, height, trial, gone)[end][1] == body_page:
            for index, value in trial.items():
                _tighten(blocks[index].element, value)
            if gone is not None:
                _drop(blocks[gone].element)
            return Fit(line, gone is not None)
    return None


def _drop(paragraph: Any) -> None:
    paragraph.getparent().remove(paragraph)


def _tighten(paragraph: Any, line: int) -> None:
    """Set ``paragraph``'s line to exactly ``line`` twips, off the grid."""
    ppr = paragraph.get_or_add_pPr()
    spacing = ppr.get_or_add_spacing()
    spacing.set(f"{W}line", str(line))
    spacing.set(f"{W}lineRule", "exact")
    snap = ppr.find(f"{W}snapToGrid")
    if snap is None:  # LibreOffice snaps an exact line to the grid's pitch
        snap = ppr.makeelement(f"{W}snapToGrid", {})
        spacing.addprevious(snap)
    snap.set(f"{W}val", "0")
