"""What the 红头 rules read beyond fonts and indents: colours, borders, tab stops, drawn
lines, and the width of a text estimated from its characters.

:mod:`drafting.ooxml.styles` reads what the page and text rules need; the colour and
borders of a 发文机关标志, a red line or the 版记 lines are read here, through the same
inheritance (document defaults → paragraph style chain → character style → direct).
Widths are estimates: a full-width character (East Asian width F, W or A) is one em of
its run's size, any other character half an em, each plus the run's character spacing;
a layout program's real widths (kerning, digit glyphs) are what ``tools/measure_pdf.py``
measures.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from drafting.lint.read import Doc, Para
from drafting.ooxml.ns import W
from drafting.ooxml.package import twips
from drafting.ooxml.styles import RunFormat

EMU_PER_TWIP = 635
_VML = "urn:schemas-microsoft-com:vml"
_DML = "http://schemas.openxmlformats.org/drawingml/2006/main"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_NAMED = {"red": "FF0000", "black": "000000", "auto": "000000"}
_STYLE_LENGTH = re.compile(r"(?:^|;)\s*width\s*:\s*([0-9.]+)\s*(pt|mm|cm|in|px)?", re.I)


@dataclass(frozen=True)
class Border:
    """One paragraph or table border: kind (``w:val``), width in eighths of a point, colour."""

    val: str
    size: int
    color: str  # RRGGBB, upper case; 000000 for auto

    @property
    def drawn(self) -> bool:
        """Return True unless the border is none or nil."""
        return self.val not in ("nil", "none")


@dataclass(frozen=True)
class Line:
    """A line found near a paragraph: where it comes from, weight, colour and length.

    ``length`` is in twips, ``None`` when the source gives no usable length.
    """

    source: str  # 段落边框, 表格边框, 图形
    size: int  # eighths of a point (0 when unknown)
    color: str
    length: int | None


def _hex(value: str | None) -> str:
    value = (value or "auto").strip().lstrip("#")
    return _NAMED.get(value.lower(), value.upper())


def is_red(color: str | None) -> bool:
    """Return True for FF0000 and the reds near it (R ≥ C0, G and B ≤ 40)."""
    value = _hex(color)
    if not re.fullmatch(r"[0-9A-F]{6}", value):
        return False
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return red >= 0xC0 and green <= 0x40 and blue <= 0x40


def _style_element(doc: Doc, style_id: str) -> Any:
    root = doc.styles_root
    if root is None:
        return None
    for style in root.iter(f"{W}style"):
        if style.get(f"{W}styleId") == style_id:
            return style
    return None


def _chain(doc: Doc, style_id: str | None) -> list[Any]:
    """Return the style elements from the root of ``style_id``'s basedOn chain down."""
    chain: list[Any] = []
    seen: set[str] = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = _style_element(doc, style_id)
        if style is None:
            break
        chain.append(style)
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
    return chain[::-1]


def _defaults(doc: Doc, path: str) -> Any:
    root = doc.styles_root
    return root.find(f"{W}docDefaults/{path}") if root is not None else None


def run_color(doc: Doc, para: Para, run: Any) -> str:
    """Return the colour (RRGGBB) of the ``w:r`` ``run`` in ``para``."""
    found: str | None = None
    holders = [_defaults(doc, f"{W}rPrDefault/{W}rPr")]
    holders += [s.find(f"{W}rPr") for s in _chain(doc, para.style or None)]
    rpr = run.find(f"{W}rPr")
    rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
    if rstyle is not None:
        holders += [s.find(f"{W}rPr") for s in _chain(doc, rstyle.get(f"{W}val"))]
    holders.append(rpr)
    for holder in holders:
        color = holder.find(f"{W}color") if holder is not None else None
        if color is not None:
            found = color.get(f"{W}val")
    return _hex(found)


def text_runs(para: Para) -> Iterator[Any]:
    """Yield the ``w:r`` of ``para`` (not of its text boxes) that carry text."""
    for run in para.element.iter(f"{W}r"):
        owner = next(run.iterancestors(f"{W}p"), None)
        if owner is para.element and "".join(t.text or "" for t in run.iter(f"{W}t")).strip():
            yield run


def _ppr_holders(doc: Doc, para: Para) -> list[Any]:
    holders = [_defaults(doc, f"{W}pPrDefault/{W}pPr")]
    holders += [s.find(f"{W}pPr") for s in _chain(doc, para.style or None)]
    holders.append(para.element.find(f"{W}pPr"))
    return [h for h in holders if h is not None]


def borders(doc: Doc, para: Para) -> dict[str, Border]:
    """Return side (top, bottom, …) → the effective paragraph border of ``para``."""
    found: dict[str, Border] = {}
    for holder in _ppr_holders(doc, para):
        pbdr = holder.find(f"{W}pBdr")
        if pbdr is None:
            continue
        for side in pbdr:
            name = etree_name(side)
            found[name] = Border(
                side.get(f"{W}val", "none"),
                _int(side.get(f"{W}sz")),
                _hex(side.get(f"{W}color")),
            )
    return {side: b for side, b in found.items() if b.drawn}


def tab_stops(doc: Doc, para: Para) -> list[tuple[str, int]]:
    """Return the effective tab stops of ``para``: (kind, position in twips), sorted."""
    stops: dict[int, str] = {}
    for holder in _ppr_holders(doc, para):
        tabs = holder.find(f"{W}tabs")
        for tab in tabs if tabs is not None else ():
            pos = _int(tab.get(f"{W}pos"))
            kind = tab.get(f"{W}val", "left")
            if kind == "clear":
                stops.pop(pos, None)
            else:
                stops[pos] = kind
    return sorted((kind, pos) for pos, kind in stops.items())


def etree_name(element: Any) -> str:
    """Return the local name of ``element``."""
    return str(element.tag).rsplit("}", 1)[-1]


def _int(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


MIXED_GAP_EM = 0.206
"""The space, in ems of the text, that autospacing puts where full-width and half-width
characters meet (w:autoSpaceDE/w:autoSpaceDN, on unless a document turns them off):
3.3 pt at 3号, measured in LibreOffice's PDFs (drafting.render.notice.MIXED_GAP)."""


def _full(ch: str) -> bool:
    """Return True for a full-width character. The Latin-1 signs of ambiguous width
    (× ÷ · ° ±) are set in the Latin font, half-width, as Word and LibreOffice do."""
    if "\u0080" <= ch <= "\u00ff":
        return False
    return unicodedata.east_asian_width(ch) in ("F", "W", "A")


def char_width(ch: str, fmt: RunFormat) -> float:
    """Return the estimated advance of ``ch`` in twips in a run of ``fmt``."""
    em = (fmt.size or 20) * 10
    return (em if _full(ch) else em / 2) + fmt.spacing


def width(
    runs: Sequence[tuple[str, RunFormat]],
    start: int = 0,
    end: int | None = None,
    *,
    gaps: bool = True,
) -> float:
    """Return the estimated width in twips of the characters [start, end) of ``runs``:
    their advances plus, with ``gaps``, :data:`MIXED_GAP_EM` at each boundary between
    full-width and half-width text, as LibreOffice sets “2025年3月12日” (tabs count
    nothing and end a stretch). Without ``gaps``: the advances alone, as a layout made
    without autospacing sets them."""
    total = 0.0
    offset = 0
    previous: bool | None = None
    for text, fmt in runs:
        for ch in text:
            if start <= offset and (end is None or offset < end):
                if ch == "\t":
                    previous = None
                else:
                    full = _full(ch)
                    boundary = previous is not None and previous != full
                    if gaps and boundary and not ch.isspace():
                        total += (fmt.size or 20) * 10 * MIXED_GAP_EM
                    total += char_width(ch, fmt)
                    previous = None if ch.isspace() else full
            offset += 1
    return total


def em(runs: Sequence[tuple[str, RunFormat]]) -> int:
    """Return one character of the paragraph's text (its first visible run) in twips."""
    for text, fmt in runs:
        if text.strip():
            return (fmt.size or 20) * 10 + fmt.spacing
    return 320


def first_start(para: Para) -> int:
    """Return where the first line of a left-aligned ``para`` starts, in twips from its
    text edge: the left indent plus the first-line indent (negative: hanging)."""
    fmt = para.fmt
    first = fmt.first_line
    if fmt.first_line_chars is not None:
        first = round(fmt.first_line_chars / 100 * em(para.runs))
    return fmt.left + first


def _vml_length(shape: Any) -> int | None:
    frm, to = shape.get("from"), shape.get("to")
    if frm and to:
        try:
            x1 = float(frm.split(",")[0].rstrip("pt") or 0)
            x2 = float(to.split(",")[0].rstrip("pt") or 0)
        except ValueError:
            return None
        return round(abs(x2 - x1) * 20)
    match = _STYLE_LENGTH.search(shape.get("style", ""))
    if match is None:
        return None
    value = twips(match.group(1) + (match.group(2) or "pt"))
    return value


def drawn_lines(para: Para) -> Iterator[Line]:
    """Yield the VML and DrawingML lines drawn in ``para`` (anchored or inline)."""
    for shape in para.element.iter(f"{{{_VML}}}line"):
        weight = twips(shape.get("strokeweight", "0.75pt")) or 0
        yield Line(
            "图形", round(weight * 8 / 20), _hex(shape.get("strokecolor")), _vml_length(shape)
        )
    for shape in para.element.iter(f"{{{_WPS}}}wsp"):
        geometry = shape.find(f".//{{{_DML}}}prstGeom")
        kind = geometry.get("prst", "").lower() if geometry is not None else ""
        if "line" not in kind and "connector" not in kind:
            continue
        outline = shape.find(f".//{{{_DML}}}ln")
        weight = _int(outline.get("w")) if outline is not None else 0
        color = outline.find(f".//{{{_DML}}}srgbClr") if outline is not None else None
        drawing = next(shape.iterancestors(f"{{{_WP}}}anchor", f"{{{_WP}}}inline"), None)
        extent = drawing.find(f"{{{_WP}}}extent") if drawing is not None else None
        length = _int(extent.get("cx")) // EMU_PER_TWIP if extent is not None else None
        yield Line(
            "图形",
            round(weight / 12700 * 8),
            _hex(color.get("val") if color is not None else "000000"),
            length,
        )
