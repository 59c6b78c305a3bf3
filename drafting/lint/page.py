"""Page setup rules: A4, the margins of a page profile, 22 lines of 28 characters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from drafting.gbt9704 import (
    A4,
    CHARS_PER_LINE,
    LINES_PER_PAGE,
    MARGIN_TOLERANCE,
    PAGE_PROFILES,
    TWIPS_PER_MM,
    accepted_margins,
)
from drafting.lint.read import Doc, Para, Section
from drafting.lint.registry import Finding
from drafting.ooxml.ns import W
from drafting.ooxml.package import twips
from drafting.ooxml.styles import ParaFormat, RunFormat

_SIDES = ("top", "bottom", "left", "right")


@dataclass(frozen=True)
class _Page:
    """A section's page: its size in twips and its four whites."""

    width: int
    height: int
    got: dict[str, int]

    @property
    def landscape(self) -> bool:
        """Return True for a page wider than it is high."""
        return self.width > self.height


def _off_grid(para: Para) -> bool:
    """Return True when the paragraph itself turns snapping to the line grid off."""
    if para.element is None:
        return False
    snap = para.element.find(f"{W}pPr/{W}snapToGrid")
    return snap is not None and snap.get(f"{W}val") in ("0", "false", "off")


def _body_format(doc: Doc) -> tuple[ParaFormat, RunFormat]:
    """Return the paragraph and run format that carry most of the body text.

    The 22 × 28 grid is the body text's: lines of its line spacing, characters of its
    size and character spacing. The default paragraph style is only a stand-in for it:
    a file LibreOffice saved from .odt has no ``w:default`` style at all and names
    ``Normal`` on every paragraph. Text outside tables is counted, character by
    character, leaving out titles (2号 and larger) and paragraphs set off the line grid
    by their own ``w:snapToGrid w:val="0"`` (lines tightened so that a 署名 stays with
    its 正文, as §7.3.5.5 allows) or in a text box (the 版记); a document without such text falls back to
    the default paragraph style.
    """
    lines: Counter[tuple[int | None, str | None]] = Counter()
    sizes: Counter[tuple[int | None, int]] = Counter()
    formats: dict[tuple[int | None, str | None], ParaFormat] = {}
    runs: dict[tuple[int | None, int], RunFormat] = {}
    for para in doc.paras:
        if para.in_table or _off_grid(para):
            continue
        boxed = Counter(run for box in para.boxed for run in box.runs)
        for text, fmt in para.runs:
            if boxed[(text, fmt)]:  # a text box's text (the 版记) is set off the grid
                boxed[(text, fmt)] -= 1
                continue
            count = len("".join(text.split()))
            if not count or (fmt.size or 20) >= 36:
                continue
            line_key = (para.fmt.line, para.fmt.line_rule)
            size_key = (fmt.size, fmt.spacing)
            lines[line_key] += count
            sizes[size_key] += count
            formats.setdefault(line_key, para.fmt)
            runs.setdefault(size_key, fmt)
    if not sizes:
        return doc.styles.paragraph(None, {}), doc.styles.run(None, None, {})
    return formats[lines.most_common(1)[0][0]], runs[sizes.most_common(1)[0][0]]


def _wrong_margins(got: dict[str, int], want: dict[str, int]) -> list[str]:
    """Return the sides of ``got`` more than :data:`MARGIN_TOLERANCE` away from ``want``."""
    return [side for side in _SIDES if abs(got[side] - want[side]) > MARGIN_TOLERANCE]


def _number(value: str | None) -> int:
    """Return the ``ST_DecimalNumber`` ``value`` (linePitch, charSpace), 0 when absent or not one."""
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def _measure(element: Any, name: str) -> int:
    """Return attribute ``w:name`` of ``element`` in twips (0 when absent or no measure)."""
    if element is None:
        return 0
    return twips(element.get(f"{W}{name}")) or 0


def _page(section: Section) -> _Page:
    """Return the page size and whites of ``section``."""
    size = section.props.find(f"{W}pgSz")
    margin = section.props.find(f"{W}pgMar")
    got = {side: _measure(margin, side) for side in _SIDES}
    return _Page(_measure(size, "w"), _measure(size, "h"), got)


def _mm(value: float) -> float:
    return value / TWIPS_PER_MM


def _size_finding(section: Section, page: _Page) -> Finding | None:
    """Return the page-size finding of a page that is not A4 (either way round)."""
    expected = (A4[1], A4[0]) if page.landscape else A4
    if (
        abs(page.width - expected[0]) <= MARGIN_TOLERANCE
        and abs(page.height - expected[1]) <= MARGIN_TOLERANCE
    ):
        return None
    return Finding(
        "page-size",
        section.first,
        f"纸张为 {_mm(page.width):.0f} mm × {_mm(page.height):.0f} mm，应为 A4（210 mm × 297 mm）",
    )


def _margin_finding(doc: Doc, section: Section, page: _Page, profiles: list[str]) -> Finding | None:
    """Return the page-margin finding of a page whose whites fit none of ``profiles``.

    Either page profile is right (gbt9704.md §2.2); a wrong page is measured against
    the one it is closest to.
    """
    got = page.got
    wants = [w for name in profiles for w in accepted_margins(name, landscape=page.landscape)]
    want = min(wants, key=lambda w: len(_wrong_margins(got, w)))
    wrong_sides = _wrong_margins(got, want)
    if not wrong_sides:
        return None
    mirror = doc.settings is not None and doc.settings.find(f"{W}mirrorMargins") is not None
    names = {
        "top": "上",
        "bottom": "下",
        "left": "内侧" if mirror else "左",
        "right": "外侧" if mirror else "右",
    }
    wrong = [
        f"{names[side]} {_mm(got[side]):.1f} mm（应为 {_mm(want[side]):.1f} mm）"
        for side in wrong_sides
    ]
    swapped = all(
        abs(got[a] - want[b]) <= MARGIN_TOLERANCE for a, b in (("left", "right"), ("right", "left"))
    )
    hint = "（左右放反了：订口一侧应为 28 mm）" if swapped and not page.landscape else ""
    return Finding("page-margin", section.first, "页边距不符：" + "，".join(wrong) + hint)


def _grid_findings(
    section: Section, page: _Page, body_para: ParaFormat, normal: RunFormat
) -> Iterator[Finding]:
    """Yield the page-lines and page-chars findings of a portrait page."""
    grid = section.props.find(f"{W}docGrid")
    grid_type = grid.get(f"{W}type", "default") if grid is not None else "default"
    text_height = page.height - page.got["top"] - page.got["bottom"]
    text_width = page.width - page.got["left"] - page.got["right"]
    if body_para.line_rule == "exact" and body_para.line:
        pitch = body_para.line
    elif grid_type in ("lines", "linesAndChars") and grid is not None:
        pitch = _number(grid.get(f"{W}linePitch"))
    else:
        pitch = 0
    lines = text_height // pitch if pitch > 0 else 0
    if lines != LINES_PER_PAGE:
        shown = f"行距 {pitch / 20:g} 磅，每面 {lines} 行" if pitch else "没有固定行距或行网格"
        yield Finding("page-lines", section.first, f"{shown}，应为 22 行（28.95 磅或 29.6 磅）")
    size_twips = (normal.size or 20) * 10
    if grid_type == "linesAndChars" and grid is not None:
        cell = size_twips + _number(grid.get(f"{W}charSpace")) * 20 / 4096
    else:
        cell = size_twips + normal.spacing
    chars = int(text_width // cell) if cell > 0 else 0
    if chars != CHARS_PER_LINE:
        yield Finding(
            "page-chars", section.first, f"每行 {chars} 字，应为 28 字（正文字符间距紧缩 0.25 磅）"
        )


def page_rules(doc: Doc, profile: str | None) -> Iterator[Finding]:
    """Yield the page findings of each section: size, margins (of ``profile``, or of
    either profile when ``None``), lines per page and characters per line."""
    profiles = [profile] if profile else list(PAGE_PROFILES)
    body_para, normal = _body_format(doc)
    for section in doc.sections:
        page = _page(section)
        problem = _size_finding(section, page) or _margin_finding(doc, section, page, profiles)
        if problem is not None:
            yield problem
        elif not page.landscape:  # a landscape table page has no 22 × 28 grid
            yield from _grid_findings(section, page, body_para, normal)
