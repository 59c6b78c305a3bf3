"""Effective formatting of Word paragraphs and runs, read through style inheritance.

Order (ECMA-376 §17.7.2): document defaults → paragraph style chain → character style
chain → direct formatting. Only the properties that GB/T 9704 rules look at are read.
Table styles and theme colours are ignored; a theme font is reported as such, because
a theme attribute beats the explicit font name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drafting.ooxml.ns import W

_FONT_SLOTS = {
    "eastAsia": "east_asia",
    "ascii": "ascii",
    "eastAsiaTheme": "east_asia_theme",
    "asciiTheme": "ascii_theme",
}


@dataclass(frozen=True)
class RunFormat:
    """What a run looks like: fonts per slot, size in half-points and bold."""

    east_asia: str | None = None
    ascii: str | None = None
    east_asia_theme: str | None = None
    ascii_theme: str | None = None
    size: int | None = None
    bold: bool = False
    spacing: int = 0  # character spacing in twips (negative: condensed)

    @property
    def cjk_font(self) -> str | None:
        """Return the font Chinese text is drawn with (``主题字体…`` for a theme font)."""
        if self.east_asia_theme:
            return f"主题字体 {self.east_asia_theme}"
        return self.east_asia


@dataclass(frozen=True)
class ParaFormat:
    """Paragraph properties: alignment, indents (twips and 1/100 characters), breaks."""

    jc: str = "left"
    first_line: int = 0
    first_line_chars: int | None = None
    left: int = 0
    right: int = 0
    page_break_before: bool = False
    line: int | None = None
    line_rule: str | None = None

    @property
    def indent_chars(self) -> float:
        """Return the first-line indent in characters of 16 pt (negative when hanging)."""
        if self.first_line_chars is not None:
            return self.first_line_chars / 100
        return self.first_line / 320


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _on(element: Any) -> bool:
    return element.get(f"{W}val", "true") not in ("0", "false", "off")


def run_properties(rpr: Any) -> dict[str, Any]:
    """Return the properties set in one ``w:rPr`` (only those present)."""
    found: dict[str, Any] = {}
    if rpr is None:
        return found
    fonts = rpr.find(f"{W}rFonts")
    if fonts is not None:
        for attr, key in _FONT_SLOTS.items():
            value = fonts.get(f"{W}{attr}")
            if value is not None:
                found[key] = value
        if "east_asia" in found and "east_asia_theme" not in found:
            found["east_asia_theme"] = None
    size = rpr.find(f"{W}sz")
    if size is not None and _int(size.get(f"{W}val")) is not None:
        found["size"] = _int(size.get(f"{W}val"))
    bold = rpr.find(f"{W}b")
    if bold is not None:
        found["bold"] = _on(bold)
    spacing = rpr.find(f"{W}spacing")
    if spacing is not None and _int(spacing.get(f"{W}val")) is not None:
        found["spacing"] = _int(spacing.get(f"{W}val"))
    return found


def paragraph_properties(ppr: Any) -> dict[str, Any]:
    """Return the properties set in one ``w:pPr`` (only those present)."""
    found: dict[str, Any] = {}
    if ppr is None:
        return found
    jc = ppr.find(f"{W}jc")
    if jc is not None:
        value = jc.get(f"{W}val", "left")
        found["jc"] = {"start": "left", "end": "right", "both": "left"}.get(value, value)
    ind = ppr.find(f"{W}ind")
    if ind is not None:
        for attr, key in (
            ("left", "left"),
            ("start", "left"),
            ("right", "right"),
            ("end", "right"),
        ):
            value = _int(ind.get(f"{W}{attr}"))
            if value is not None:
                found[key] = value
        first = _int(ind.get(f"{W}firstLine"))
        hanging = _int(ind.get(f"{W}hanging"))
        if first is not None:
            found["first_line"] = first
        if hanging is not None:
            found["first_line"] = -hanging
        chars = _int(ind.get(f"{W}firstLineChars"))
        hanging_chars = _int(ind.get(f"{W}hangingChars"))
        if chars is not None:
            found["first_line_chars"] = chars if chars else None
        if hanging_chars is not None:
            found["first_line_chars"] = -hanging_chars if hanging_chars else None
    page_break = ppr.find(f"{W}pageBreakBefore")
    if page_break is not None:
        found["page_break_before"] = _on(page_break)
    spacing = ppr.find(f"{W}spacing")
    if spacing is not None and _int(spacing.get(f"{W}line")) is not None:
        found["line"] = _int(spacing.get(f"{W}line"))
        found["line_rule"] = spacing.get(f"{W}lineRule", "auto")
    return found


@dataclass(frozen=True)
class _Style:
    kind: str
    name: str
    based_on: str | None
    ppr: dict[str, Any]
    rpr: dict[str, Any]


class Styles:
    """The styles part of a document, answering "what does this paragraph/run look like"."""

    def __init__(self, root: Any | None) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_ppr: dict[str, Any] = {}
        self.default_rpr: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        self._memo: dict[tuple[Any, ...], Any] = {}
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults")
        if defaults is not None:
            self.default_rpr = run_properties(defaults.find(f"{W}rPrDefault/{W}rPr"))
            self.default_ppr = paragraph_properties(defaults.find(f"{W}pPrDefault/{W}pPr"))
        for style in root.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            if not style_id:
                continue
            name = style.find(f"{W}name")
            based = style.find(f"{W}basedOn")
            kind = style.get(f"{W}type", "paragraph")
            self._styles[style_id] = _Style(
                kind,
                name.get(f"{W}val", style_id) if name is not None else style_id,
                based.get(f"{W}val") if based is not None else None,
                paragraph_properties(style.find(f"{W}pPr")),
                run_properties(style.find(f"{W}rPr")),
            )
            if kind == "paragraph" and _on_attr(style.get(f"{W}default")):
                self.default_paragraph = style_id

    def name(self, style_id: str | None) -> str:
        """Return the style's display name (``w:name``), or the id when unknown."""
        style = self._styles.get(style_id or "")
        return style.name if style else (style_id or "")

    def _chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            chain.append(style)
            style_id = style.based_on
        return chain[::-1]

    def paragraph_style(self, style_id: str | None) -> str | None:
        """Return the id of the style a paragraph with ``pStyle`` ``style_id`` uses."""
        return style_id if style_id in self._styles else self.default_paragraph

    def paragraph(self, style_id: str | None, direct: dict[str, Any]) -> ParaFormat:
        """Return the effective paragraph format."""
        key = ("p", style_id, tuple(sorted(direct.items())))
        if key not in self._memo:
            merged = dict(self.default_ppr)
            for style in self._chain(self.paragraph_style(style_id)):
                merged.update(style.ppr)
            merged.update(direct)
            self._memo[key] = ParaFormat(**merged)
        result: ParaFormat = self._memo[key]
        return result

    def run(
        self, para_style: str | None, run_style: str | None, direct: dict[str, Any]
    ) -> RunFormat:
        """Return the effective run format for a run in a paragraph of ``para_style``."""
        key = ("r", para_style, run_style, tuple(sorted(direct.items())))
        if key not in self._memo:
            merged = dict(self.default_rpr)
            for style in self._chain(self.paragraph_style(para_style)):
                merged.update(style.rpr)
            for style in self._chain(run_style):
                merged.update(style.rpr)
            merged.update(direct)
            self._memo[key] = RunFormat(**merged)
        result: RunFormat = self._memo[key]
        return result


def _on_attr(value: str | None) -> bool:
    return value in ("1", "true", "on")
