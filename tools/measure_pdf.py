"""Measure a rendered PDF against GB/T 9704-2012: one row per rule, expected versus measured.

Usage: python3 tools/measure_pdf.py FILE.pdf [--kind plan|summary|speech|notice]
       [--profile standard|strict] [--seal] [--json]

Reads the PDF with pdfminer.six (glyph boxes, fonts, lines and rectangles with their
colours) and prints, for each rule of ../shared/gbt9704.md that applies, what the
standard expects, what the PDF shows, the tolerance and pass / fail; a rule whose element
the document does not have is "n/a". Exit status 1 when a rule fails, 2 for bad usage or
a file that is not a readable PDF.

Conventions. Lengths are mm from the page's top left corner as the page is displayed
(a landscape page is measured landscape). A glyph's box is its em box as pdfminer gives
it (from the font's descent, one em high), not its ink. Fonts are the embedded names that
LibreOffice writes with templates/fonts.conf: FandolFang (仿宋), FandolKai (楷体),
FandolHei (黑体), FandolSong (宋体), Noto Serif CJK Bold (小标宋). Odd and even pages are
told by the printed page number (or the page's place in the file); on a double-sided
document the even pages have the outside (26 mm) white on the left.

The 一字线 of a page number sits 0.30 em above the baseline in FandolSong (gbt9704.md
§5.1): its position is the baseline moved up by that much.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

MM = 25.4 / 72
"""Millimetres per point."""

# --- the numbers (gbt9704.md §2, §4, §5), mm ---------------------------------------------

PAPER = (210.0, 297.0)
TOP, BINDING, OUTSIDE, WIDTH, HEIGHT = 37.0, 28.0, 26.0, 156.0, 225.0
BOTTOM = TOP + HEIGHT  # 262: the 版心's lower edge
BODY_PT, SMALL_PT, TITLE_PT = 16.0, 14.0, 22.0
PITCH_PT = {"standard": 28.95, "strict": 29.6}
"""The line pitch of each page profile, pt."""
CHAR_MM = BODY_PT * MM
"""One 3号 character (5.64 mm): the unit of 空二字, 右空四字."""
SMALL_CHAR_MM = SMALL_PT * MM
"""One 4号 character (4.94 mm): the page number's 空一字."""
DASH_EM = 0.30
"""Height of the 一字线 above the baseline in FandolSong, em."""
DASH_BELOW = 7.0
"""The 一字线 is 7 mm below the 版心."""

TOL_MM = 1.0
"""The standard's own tolerance for the whites (§5.2.1), used for every position in mm."""
TOL_CHAR = 0.3
"""Tolerance for offsets counted in characters (署名, 成文日期)."""
TOL_PT = 0.25
"""Tolerance for font sizes, pt."""

ROLE_FONTS = {"仿宋": "FandolFang", "楷体": "FandolKai", "黑体": "FandolHei", "宋体": "FandolSong"}
"""The font role → the free font fonts.conf maps it to."""

NUMERAL = "一二三四五六七八九十百"
HEADING1 = re.compile(rf"^[{NUMERAL}]+、")
HEADING2 = re.compile(rf"^（[{NUMERAL}]+）")
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
DOC_NUMBER = re.compile(r"〔\d{4}〕\d+号")
ATTACHMENT_LABEL = re.compile(r"^附件\d*$")


# --- what is read from the PDF -------------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    """One character: its text, font, size (pt) and box (mm, page top left).

    ``turn`` is 0 for upright text, 90 for text turned a quarter clockwise (it reads
    downwards), 270 for text reading upwards. ``base`` is the baseline: a y for upright
    text, an x for turned text.
    """

    text: str
    font: str
    size: float
    x0: float
    top: float
    x1: float
    bottom: float
    base: float
    turn: int
    red: bool


@dataclass(frozen=True)
class Shape:
    """A straight line or thin rectangle (a rule): its extent (mm), weight (mm), colour."""

    x0: float
    top: float
    x1: float
    bottom: float
    weight: float
    red: bool


@dataclass(frozen=True)
class Line:
    """Upright glyphs on one baseline, left to right."""

    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def base(self) -> float:
        return self.glyphs[0].base

    @property
    def size(self) -> float:
        return max(g.size for g in self.glyphs)

    @property
    def red(self) -> bool:
        return all(g.red for g in self.glyphs)


@dataclass(frozen=True)
class Page:
    """One page: its place, size (mm), lines of upright text, turned glyphs and rules."""

    index: int
    width: float
    height: float
    lines: tuple[Line, ...]
    turned: tuple[Glyph, ...]
    shapes: tuple[Shape, ...]
    images: int

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def number_line(self) -> Line | None:
        """Return the upright page number line ("— N —" below the text), if any."""
        for line in reversed(self.lines):
            if PAGE_NUMBER.match(line.text) and line.top > self.height * 0.8:
                return line
        return None

    @property
    def number(self) -> int:
        """Return the page number printed on the page, else its place in the file."""
        line = self.number_line
        turned = "".join(g.text for g in self.turned)
        found = PAGE_NUMBER.match(line.text if line else turned)
        return int(found[1]) if found else self.index

    @property
    def text_lines(self) -> list[Line]:
        """Return the lines of the 版心: every line but the page number."""
        number = self.number_line
        return [line for line in self.lines if line is not number]


def _is_red(colour: object) -> bool:
    """Return True for an RGB (or CMYK) colour that is clearly red."""
    if not isinstance(colour, tuple | list):
        return False
    values = [float(v) for v in colour]
    if len(values) == 3:
        r, g, b = values
        return r > 0.6 and g < 0.35 and b < 0.35
    if len(values) == 4:
        c, m, y, k = values
        return c < 0.3 and m > 0.6 and y > 0.6 and k < 0.4
    return False


def _font_name(name: str) -> str:
    """Return the font name without its subset prefix (``ABCDEF+``)."""
    return name.split("+", 1)[1] if "+" in name else name


def read_pdf(path: Path) -> list[Page]:
    """Return the pages of the PDF at ``path`` (raises :class:`ValueError` when unreadable)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[Page] = []
    try:
        with path.open("rb") as handle:
            for index, pdf_page in enumerate(PDFPage.get_pages(handle), 1):
                interpreter.process_page(pdf_page)
                layout = device.get_result()
                height = layout.height
                glyphs: list[Glyph] = []
                shapes: list[Shape] = []
                images = _collect(layout, height, glyphs, shapes)
                upright = [g for g in glyphs if g.turn == 0 and g.text.strip()]
                turned = [g for g in glyphs if g.turn != 0 and g.text.strip()]
                pages.append(
                    Page(
                        index,
                        layout.width * MM,
                        height * MM,
                        tuple(_lines(upright)),
                        tuple(sorted(turned, key=lambda g: (g.top, g.x0))),
                        tuple(shapes),
                        images,
                    )
                )
    except Exception as exc:  # pdfminer raises many types for a damaged file
        raise ValueError(f"无法读取 PDF：{exc}") from exc
    return pages


def _collect(
    items: Iterable[object], height: float, glyphs: list[Glyph], shapes: list[Shape]
) -> int:
    """Append the glyphs and rules of ``items`` (figures entered) and return how many
    images they hold."""
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTLine, LTRect

    images = 0
    for item in items:
        if isinstance(item, LTChar):
            glyphs.append(_glyph(item, height))
        elif isinstance(item, LTImage):
            images += 1
        elif isinstance(item, LTFigure):
            images += _collect(item, height, glyphs, shapes)
        elif isinstance(item, LTLine | LTRect | LTCurve):
            shape = _shape(item, height)
            if shape is not None:
                shapes.append(shape)
    return images


def _glyph(char: object, height: float) -> Glyph:
    _, b, c, _, e, f = char.matrix  # type: ignore[attr-defined]
    if abs(b) < 1e-6 and abs(c) < 1e-6:
        turn, base = 0, (height - f) * MM
    elif b < 0:  # the text's x axis points down the page: reads downwards
        turn, base = 90, e * MM
    else:
        turn, base = 270, e * MM
    colour = char.graphicstate.ncolor  # type: ignore[attr-defined]
    return Glyph(
        text=char.get_text(),  # type: ignore[attr-defined]
        font=_font_name(char.fontname),  # type: ignore[attr-defined]
        # pdfminer's size is the box's height: for turned text that is the advance
        size=round(char.size if turn == 0 else char.width, 2),  # type: ignore[attr-defined]
        x0=char.x0 * MM,  # type: ignore[attr-defined]
        top=(height - char.y1) * MM,  # type: ignore[attr-defined]
        x1=char.x1 * MM,  # type: ignore[attr-defined]
        bottom=(height - char.y0) * MM,  # type: ignore[attr-defined]
        base=base,
        turn=turn,
        red=_is_red(colour),
    )


def _shape(item: object, height: float) -> Shape | None:
    """Return a horizontal rule drawn by ``item`` (a line, or a thin filled rectangle)."""
    x0, y0, x1, y1 = item.bbox  # type: ignore[attr-defined]
    w, h = (x1 - x0) * MM, (y1 - y0) * MM
    if w < 5 or h > 2:  # not a horizontal rule
        return None
    stroke = bool(getattr(item, "stroke", False))
    fill = bool(getattr(item, "fill", False))
    if h < 0.05 or (stroke and not fill):
        weight = float(getattr(item, "linewidth", 0) or 0) * MM
        red = _is_red(getattr(item, "stroking_color", None))
    else:
        weight = h
        red = _is_red(getattr(item, "non_stroking_color", None))
    return Shape(x0 * MM, (height - y1) * MM, x1 * MM, (height - y0) * MM, weight, red)


def _lines(glyphs: list[Glyph]) -> Iterator[Line]:
    """Group upright glyphs into lines: one baseline (within 0.3 mm), left to right."""
    rows: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: (round(g.base, 1), g.x0)):
        if rows and abs(rows[-1][0].base - glyph.base) < 0.3:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    for row in rows:
        yield Line(tuple(sorted(row, key=lambda g: g.x0)))


# --- what is judged -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One rule's verdict: ``status`` is pass, fail or n/a."""

    rule: str
    expected: str
    measured: str
    tolerance: str
    status: str
    detail: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    """What the document is: its kind, page profile, and whether it is sealed."""

    kind: str = "plan"
    profile: str = "standard"
    seal: bool = False


def _row(rule: str, expected: str, measured: str, tolerance: str, ok: bool | None) -> Row:
    return Row(
        rule, expected, measured, tolerance, "n/a" if ok is None else "pass" if ok else "fail"
    )


def _na(rule: str, expected: str, tolerance: str = "") -> Row:
    return Row(rule, expected, "—", tolerance, "n/a")


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def role_of(font: str) -> str:
    """Return the 公文 font role of an embedded font name ("" for Latin or unknown)."""
    if "NotoSerifCJK" in font.replace(" ", "") and "Bold" in font:
        return "小标宋"
    for role, name in ROLE_FONTS.items():
        if name in font:
            return role
    return ""


def _roles(glyphs: Iterable[Glyph]) -> dict[str, int]:
    """Return how many CJK glyphs each font role draws."""
    found: dict[str, int] = {}
    for glyph in glyphs:
        if _cjk(glyph.text):
            role = role_of(glyph.font) or glyph.font
            found[role] = found.get(role, 0) + 1
    return found


def _portrait(pages: Sequence[Page]) -> list[Page]:
    return [page for page in pages if not page.landscape]


def _even(page: Page) -> bool:
    return page.number % 2 == 0


def _is_body(line: Line) -> bool:
    """Return True for a line of 3号 text on the grid (body, headings, signature)."""
    return abs(line.size - BODY_PT) < TOL_PT


def _fmt(value: float) -> str:
    return f"{value:.1f} mm"


def _sections(pages: Sequence[Page]) -> list[list[Page]]:
    """Return runs of pages with the same orientation."""
    runs: list[list[Page]] = []
    for page in pages:
        if runs and runs[-1][0].landscape == page.landscape:
            runs[-1].append(page)
        else:
            runs.append([page])
    return runs


def rule_paper(pages: Sequence[Page]) -> Row:
    """Every page A4, either way round."""
    wrong = [
        f"第 {p.index} 页 {p.width:.1f} × {p.height:.1f} mm"
        for p in pages
        if abs(min(p.width, p.height) - PAPER[0]) > TOL_MM
        or abs(max(p.width, p.height) - PAPER[1]) > TOL_MM
    ]
    sizes = sorted({f"{p.width:.1f} × {p.height:.1f}" for p in pages})
    row = _row("纸张 A4", "210 × 297 mm", "；".join(sizes), "±1 mm", not wrong)
    return Row(**{**asdict(row), "detail": wrong})


def _body_lines(page: Page) -> list[Line]:
    return [line for line in page.text_lines if _is_body(line) and not line.red]


def rule_left_edge(pages: Sequence[Page]) -> Row:
    """The 版心's binding-side edge: where unindented 3号 lines start (28 mm; 26 on even pages)."""
    detail, ok, seen = [], True, []
    for page in _portrait(pages):
        starts = [line.x0 for line in _body_lines(page)]
        if not starts:
            continue
        left = min(starts)
        want = (OUTSIDE, BINDING) if _even(page) else (BINDING,)
        good = any(abs(left - w) <= TOL_MM for w in want)
        seen.append(left)
        ok &= good
        if not good:
            detail.append(f"第 {page.index} 页 {left:.1f} mm")
    if not seen:
        return _na("版心左边（订口 28 mm）", "28 mm（双面印刷偶数页 26 mm）", "±1 mm")
    measured = f"{min(seen):.1f}–{max(seen):.1f} mm"
    row = _row("版心左边（订口 28 mm）", "28 mm（双面印刷偶数页 26 mm）", measured, "±1 mm", ok)
    return Row(**{**asdict(row), "detail": detail})


def rule_right_edge(pages: Sequence[Page]) -> Row:
    """The 版心's other edge: where the longest 3号 lines end (184 mm; 182 on even pages)."""
    detail, ok, seen = [], True, []
    for page in _portrait(pages):
        lines = _body_lines(page)
        if not lines:
            continue
        right = max(line.x1 for line in lines)
        if right - min(line.x0 for line in lines) < WIDTH - 10:  # no full line on the page
            continue
        want = (BINDING + WIDTH - 2, BINDING + WIDTH) if _even(page) else (BINDING + WIDTH,)
        good = any(abs(right - w) <= TOL_MM for w in want)
        seen.append(right)
        ok &= good
        if not good:
            detail.append(f"第 {page.index} 页 {right:.1f} mm")
    expected = "184 mm（双面印刷偶数页 182 mm）"
    if not seen:
        return _na("版心右边（宽 156 mm）", expected, "±1 mm")
    measured = f"{min(seen):.1f}–{max(seen):.1f} mm"
    row = _row("版心右边（宽 156 mm）", expected, measured, "±1 mm", ok)
    return Row(**{**asdict(row), "detail": detail})


def _text_without_imprint(pages: Sequence[Page], page: Page) -> list[Line]:
    """Return the text lines of ``page`` other than the 版记's (§7.4: the 版记 sits on
    the 版心's bottom edge, alone on the last page when the text above ends a page)."""
    imprint = _imprint_lines(pages)
    return [line for line in page.text_lines if id(line) not in imprint]


def rule_first_line(pages: Sequence[Page]) -> Row:
    """The first line's glyph top on each portrait page: 37 mm (天头); a page holding
    only the 版记 has no first line (the 版记 rows judge it)."""
    detail, tops = [], []
    for page in _portrait(pages):
        lines = _text_without_imprint(pages, page)
        if not lines or _masthead(page) is not None:  # a 版头: its own rows judge it
            continue
        top = lines[0].top
        tops.append((top, page.index))
        if abs(top - TOP) > TOL_MM:
            detail.append(f"第 {page.index} 页 {top:.1f} mm（{lines[0].text[:8]}）")
    if not tops:
        return _na("首行上沿（天头 37 mm）", "37 mm", "±1 mm")
    worst = max(tops, key=lambda t: abs(t[0] - TOP))
    row = _row(
        "首行上沿（天头 37 mm）",
        "37 mm",
        f"{min(t for t, _ in tops):.1f}–{max(t for t, _ in tops):.1f} mm（最差第 {worst[1]} 页）",
        "±1 mm",
        not detail,
    )
    return Row(**{**asdict(row), "detail": detail})


def rule_text_bottom(pages: Sequence[Page]) -> Row:
    """No text below the 版心 (262 mm) but the page number."""
    detail, bottoms = [], []
    for page in _portrait(pages):
        lines = page.text_lines
        if not lines:
            continue
        bottom = max(line.bottom for line in lines)
        bottoms.append(bottom)
        if bottom > BOTTOM + TOL_MM:
            detail.append(f"第 {page.index} 页 {bottom:.1f} mm")
    if not bottoms:
        return _na("版心下沿（262 mm）", "≤ 262 mm", "+1 mm")
    row = _row("版心下沿（262 mm）", "≤ 262 mm", f"最低 {max(bottoms):.1f} mm", "+1 mm", not detail)
    return Row(**{**asdict(row), "detail": detail})


def _pitch_mm(options: Options) -> float:
    return PITCH_PT[options.profile] * MM


def _slots(page: Page, pitch: float) -> int:
    """Return how many grid lines the page's 3号 lines span, blank lines between included."""
    bases = [line.base for line in _body_lines(page)]
    if not bases:
        return 0
    return round((max(bases) - min(bases)) / pitch) + 1


def rule_lines_per_page(pages: Sequence[Page], options: Options) -> Row:
    """22 lines a page: counted on portrait pages that are not the last of their run."""
    pitch = _pitch_mm(options)
    counts = []
    for run in _sections(pages):
        if run[0].landscape:
            continue
        for page in run[:-1]:
            if any(line.size > BODY_PT + TOL_PT for line in page.text_lines):
                continue  # a title's taller lines are off the grid
            counts.append((_slots(page, pitch), page.index))
    if not counts:
        return _na("每面行数", "22 行", "0")
    most = max(counts)
    detail = [f"第 {i} 页 {n} 行" for n, i in counts if n > 22]
    row = _row(
        "每面行数",
        "22 行",
        f"最多 {most[0]} 行（第 {most[1]} 页；{len(counts)} 面满页）",
        "0",
        most[0] == 22 and not detail,
    )
    return Row(**{**asdict(row), "detail": detail})


def rule_chars_per_line(pages: Sequence[Page]) -> Row:
    """28 characters in a full line: the most on an all-CJK 3号 仿宋 line that spans
    the 版心 (顶格 to the right edge); n/a when the document has no such line."""
    counts = []
    for page in _portrait(pages):
        left = OUTSIDE if _even(page) else BINDING
        for line in _body_lines(page):
            if line.x0 > left + CHAR_MM / 2 or line.x1 < left + WIDTH - CHAR_MM / 2:
                continue  # not a full line: indented, or a paragraph's short last line
            chars = [g for g in line.glyphs if g.text.strip()]
            if any(ord(g.text) < 0x2000 for g in chars):  # half-width digits and letters
                continue
            if role_of(chars[0].font) != "仿宋":
                continue
            counts.append(len(chars))
    if not counts:
        return _na("每行字数", "28 字", "0")
    most = max(counts)
    full = sum(n == most for n in counts)
    row = _row("每行字数", "28 字", f"最多 {most} 字（{full} 行）", "0", most == 28)
    return row


def _font_row(rule: str, role: str, size: float, glyphs: list[Glyph]) -> Row:
    """Judge the fonts and sizes of an element's glyphs: all CJK in ``role``, all at ``size``."""
    expected = f"{role} {size:g} pt"
    if not glyphs:
        return _na(rule, expected, "±0.25 pt")
    roles = _roles(glyphs)
    sizes = sorted({g.size for g in glyphs})
    measured = "、".join(
        f"{r or '?'} {n} 字" for r, n in sorted(roles.items(), key=lambda x: -x[1])
    )
    measured += "；" + "、".join(f"{s:g} pt" for s in sizes)
    ok = set(roles) <= {role} and all(abs(s - size) <= TOL_PT for s in sizes)
    return _row(rule, expected, measured, "±0.25 pt", ok)


def _head_glyphs(line: Line) -> list[Glyph]:
    """Return the glyphs of a heading line up to its first 。 (a run-in heading's sentence)."""
    out = []
    for glyph in line.glyphs:
        out.append(glyph)
        if glyph.text in "。：":
            break
    return out


def elements(pages: Sequence[Page]) -> dict[str, list[Glyph]]:
    """Return the glyphs of each element, found by size, position and text pattern.

    A 3号 line is a heading when it starts with its number (一、 in 黑体, （一） in any font:
    run-in 二级 headings are 楷体 up to their first 。); a line wholly in the heading's
    font right after it is the heading's wrapped second line. A centred 楷体 line is a
    byline (speaker, date under a speech title).
    """
    found: dict[str, list[Glyph]] = {
        k: []
        for k in (
            *("title", "h1", "h2", "byline", "body", "page", "label", "imprint"),
            *("marks", "issuer", "head"),
        )
    }
    imprint = _imprint_lines(pages)
    head = _head_lines(pages)
    for page in pages:
        number = page.number_line
        if number is not None:
            found["page"].extend(number.glyphs)
        found["page"].extend(page.turned)
        previous = ""
        for line in page.text_lines:
            if line.red:
                continue
            text = line.text.strip()
            roles = set(_roles(line.glyphs))
            kind = ""
            if abs(line.size - TITLE_PT) <= TOL_PT:
                kind, glyphs = "title", list(line.glyphs)
            elif id(line) in imprint:
                kind, glyphs = "imprint", list(line.glyphs)
            elif id(line) in head:
                kind = head[id(line)]
                if kind == "issuer":  # 签发人 names in 楷体; the label and the 字号 仿宋
                    found["head"].extend(g for g in line.glyphs if g not in head_names(line))
                    glyphs = head_names(line)
                else:
                    glyphs = list(line.glyphs)
            elif _is_body(line):
                centre = (line.x0 + line.x1) / 2 - (page.width / 2 + (BINDING - OUTSIDE) / 2)
                if (
                    HEADING1.match(text)
                    and roles == {"黑体"} | roles & {"黑体"}
                    and "黑体" in roles
                ):
                    kind, glyphs = "h1", _head_glyphs(line)
                elif HEADING2.match(text):
                    kind, glyphs = "h2", [g for g in _head_glyphs(line) if g.text not in "（）"]
                elif previous == "h1" and roles == {"黑体"}:
                    kind, glyphs = "h1", list(line.glyphs)
                elif ATTACHMENT_LABEL.match(text) and line.x0 < BINDING + 40:
                    kind, glyphs = "label", list(line.glyphs)
                elif roles == {"楷体"} and abs(centre) < 8 and line.x0 > BINDING + 2 * CHAR_MM:
                    kind, glyphs = "byline", list(line.glyphs)
                else:
                    kind, glyphs = "body", list(line.glyphs)
            if kind:
                found[kind].extend(glyphs)
            previous = kind if kind in ("h1", "h2") and not text.endswith("。") else ""
    return found


def _head_lines(pages: Sequence[Page]) -> dict[int, str]:
    """Return the 版头's 3号 lines of the first page by id: "marks" above the 标志 (份号,
    密级, 紧急程度), "issuer" for a 签发人 line, "head" for the 字号 line without one."""
    if not pages:
        return {}
    page = pages[0]
    marks = _masthead_lines(page)
    rule = _red_rule(page)
    if not marks:
        return {}
    found: dict[int, str] = {}
    issuer = False
    for line in page.text_lines:
        if line.red or not _is_body(line):
            continue
        if line.bottom <= marks[0].top:
            found[id(line)] = "marks"
        elif line.top >= marks[-1].bottom and (rule is None or line.bottom <= rule.top):
            issuer = issuer or "签发人" in line.text
            found[id(line)] = "issuer" if issuer else "head"
    return found


def head_names(line: Line) -> list[Glyph]:
    """Return the 签发人 names of a 字号/签发人 line: the glyphs after “签发人：”, or the
    whole line for a second line of names; never the 字号 (“×教发〔2025〕1号”)."""
    text = line.text
    if "签发人" in text:
        start = text.index("签发人") + 3
        start += 1 if text[start : start + 1] in "：:" else 0
        return [g for g in line.glyphs[start:] if g.text.strip()]
    number = DOC_NUMBER.search(text)
    end = number.end() if number else 0
    return [g for g in line.glyphs[end:] if g.text.strip()]


def rule_fonts(pages: Sequence[Page]) -> list[Row]:
    """Fonts and sizes of the title, heading levels, body, 附件 label, page number, 版记."""
    found = elements(pages)
    # the body is 仿宋 but for run-in heading sentences that wrapped (楷体 of a （一）
    # sentence, bold 仿宋 of a 1. one): a line is judged by the font most of it is in
    body = [g for g in found["body"]]
    return [
        _font_row("标题 小标宋 2号", "小标宋", TITLE_PT, found["title"]),
        _font_row("一级标题 黑体 3号", "黑体", BODY_PT, found["h1"]),
        _font_row("二级标题 楷体 3号", "楷体", BODY_PT, found["h2"]),
        _font_row("署名行 楷体 3号", "楷体", BODY_PT, found["byline"]),
        _font_row("正文 仿宋 3号", "仿宋", BODY_PT, body),
        _font_row("附件标识 黑体 3号", "黑体", BODY_PT, found["label"]),
        _font_row("密级、紧急程度 黑体 3号", "黑体", BODY_PT, found["marks"]),
        _font_row("签发人姓名 楷体 3号", "楷体", BODY_PT, found["issuer"]),
        _font_row("发文字号、“签发人：” 仿宋 3号", "仿宋", BODY_PT, found["head"]),
        _page_font_row(found["page"]),
        _font_row("版记 仿宋 4号", "仿宋", SMALL_PT, found["imprint"]),
    ]


def _page_font_row(glyphs: list[Glyph]) -> Row:
    """The page number: 宋体 4号, digits and dashes alike."""
    rule, expected = "页码 宋体 4号", "宋体 14 pt（数字、一字线）"
    if not glyphs:
        return _na(rule, expected, "±0.25 pt")
    fonts = sorted({role_of(g.font) or g.font for g in glyphs})
    sizes = sorted({g.size for g in glyphs})
    ok = fonts == ["宋体"] and all(abs(s - SMALL_PT) <= TOL_PT for s in sizes)
    measured = "、".join(fonts) + "；" + "、".join(f"{s:g} pt" for s in sizes)
    return _row(rule, expected, measured, "±0.25 pt", ok)


def _page_number_portrait(page: Page) -> tuple[float, float] | None:
    """Return (horizontal error, dash depth below the 版心) of an upright page number, mm."""
    line = page.number_line
    if line is None:
        return None
    dash = line.base - DASH_EM * line.size * MM
    if _even(page):
        error = line.x0 - (OUTSIDE + SMALL_CHAR_MM)
    else:
        error = line.x1 - (BINDING + WIDTH - SMALL_CHAR_MM)
    return error, dash - BOTTOM


def _page_number_turned(page: Page) -> tuple[float, float] | None:
    """Return the errors of a turned page number on a landscape page, or None.

    Held the way the portrait pages are held (the table head at the left edge), the
    number must sit where theirs does: its 一字线 7 mm outside the 版心's long edge at
    the page's left (x = 297 − 262 = 35 mm of the landscape page, minus 7), and one
    character in from the end of that edge, at the right-hand end (odd pages: the bottom
    of the landscape page) or the left-hand end (even: the top).
    """
    glyphs = [g for g in page.turned if g.turn == 90]
    if not glyphs or not PAGE_NUMBER.match("".join(g.text for g in glyphs)):
        return None
    size = max(g.size for g in glyphs)
    dash = min(g.base for g in glyphs) + DASH_EM * size * MM
    outer = PAPER[1] - BOTTOM  # 35: the 版心's edge on the landscape page
    if _even(page):
        error = min(g.top for g in glyphs) - (OUTSIDE + SMALL_CHAR_MM)
    else:
        error = max(g.bottom for g in glyphs) - (BINDING + WIDTH - SMALL_CHAR_MM)
    return error, outer - dash


def rule_page_numbers(pages: Sequence[Page]) -> list[Row]:
    """The page number on every page: side (odd right, even left, one 4号 character in), the
    一字线 7 mm below the 版心; on a landscape page, turned, at the portrait position."""
    side_detail, depth_detail, depths, sides = [], [], [], []
    for page in _portrait(pages):
        found = _page_number_portrait(page)
        if found is None:
            continue
        error, depth = found
        sides.append(error)
        depths.append(depth)
        if abs(error) > TOL_MM:
            side_detail.append(f"第 {page.index} 页偏 {error:+.1f} mm")
        if abs(depth - DASH_BELOW) > TOL_MM:
            depth_detail.append(f"第 {page.index} 页 {depth:.1f} mm")
    rows = []
    expected_side = "单页右空一字（179.1 mm 止），双页左空一字（30.9 mm 起）"
    if sides:
        worst = max(sides, key=abs)
        row = _row(
            "页码左右位置", expected_side, f"最大偏差 {worst:+.1f} mm", "±1 mm", not side_detail
        )
        rows.append(Row(**{**asdict(row), "detail": side_detail}))
        row = _row(
            "页码一字线距版心下沿",
            "7 mm",
            f"{min(depths):.1f}–{max(depths):.1f} mm",
            "±1 mm",
            not depth_detail,
        )
        rows.append(Row(**{**asdict(row), "detail": depth_detail}))
    else:
        rows += [
            _na("页码左右位置", expected_side, "±1 mm"),
            _na("页码一字线距版心下沿", "7 mm", "±1 mm"),
        ]
    rows.append(_landscape_number_row(pages))
    return rows


def _landscape_number_row(pages: Sequence[Page]) -> Row:
    rule = "横排页页码（与竖排页同一位置）"
    expected = "转 90°，一字线在版心长边外 7 mm，距端一字"
    landscape = [page for page in pages if page.landscape]
    if not landscape:
        return _na(rule, expected, "±1 mm")
    detail, measured = [], []
    for page in landscape:
        found = _page_number_turned(page)
        if found is None:
            upright = page.number_line
            where = f"横排页脚 y {upright.top:.1f} mm" if upright else "无页码"
            detail.append(f"第 {page.index} 页：{where}")
            measured.append(where)
            continue
        error, depth = found
        measured.append(f"一字线距版心 {depth:.1f} mm，端距偏差 {error:+.1f} mm")
        if abs(error) > TOL_MM or abs(depth - DASH_BELOW) > TOL_MM:
            detail.append(f"第 {page.index} 页 {measured[-1]}")
    row = _row(rule, expected, "；".join(measured), "±1 mm", not detail)
    return Row(**{**asdict(row), "detail": detail})


def _signature(pages: Sequence[Page]) -> tuple[Page, Line, Line] | None:
    """Return (page, 署名 line, 成文日期 line): a right-hand date line and the line above it."""
    for page in reversed(_portrait(pages)):
        lines = [line for line in page.text_lines if _is_body(line)]
        for index in range(len(lines) - 1, 0, -1):
            date, above = lines[index], lines[index - 1]
            if (
                DATE.match(date.text.strip())
                and date.x0 > BINDING + WIDTH / 3
                and above.x0 > BINDING + WIDTH / 4
            ):
                return page, above, date
    return None


def rule_signature(pages: Sequence[Page], options: Options) -> list[Row]:
    """署名 and 成文日期 (§7.3.5): without a seal the 署名 右空二字 and the date starts two
    characters right of the 署名's start (when the date is longer, the date 右空二字);
    with a seal the date 右空四字 and the 署名 centred over it."""
    found = _signature(pages)
    names = ("署名右空", "成文日期位置")
    if found is None:
        return [_na(names[0], "2 字"), _na(names[1], "首字比署名右移 2 字")]
    page, sig, date = found
    right = BINDING + WIDTH if not _even(page) else OUTSIDE + WIDTH
    sig_right = (right - sig.x1) / CHAR_MM
    date_right = (right - date.x1) / CHAR_MM
    shift = (date.x0 - sig.x0) / CHAR_MM
    tol = f"±{TOL_CHAR} 字"
    if options.seal:
        centre = ((sig.x0 + sig.x1) - (date.x0 + date.x1)) / 2 / CHAR_MM
        return [
            _row(
                "署名居中于日期之上（有印章）",
                "0 字",
                f"{centre:+.2f} 字",
                tol,
                abs(centre) <= TOL_CHAR,
            ),
            _row(
                "成文日期右空（有印章）",
                "4 字",
                f"{date_right:.2f} 字",
                tol,
                abs(date_right - 4) <= TOL_CHAR,
            ),
        ]
    longer = date.x1 - date.x0 > sig.x1 - sig.x0 - 2 * CHAR_MM
    if longer:  # the date is the wider: it is 右空二字, the 署名 moves left
        rows = [
            _row(
                names[0],
                "日期长于署名：日期右空 2 字",
                f"{date_right:.2f} 字",
                tol,
                abs(date_right - 2) <= TOL_CHAR,
            ),
        ]
    else:
        rows = [_row(names[0], "2 字", f"{sig_right:.2f} 字", tol, abs(sig_right - 2) <= TOL_CHAR)]
    rows.append(
        _row(
            names[1],
            "首字比署名首字右移 2 字",
            f"{shift:.2f} 字（第 {page.index} 页）",
            tol,
            abs(shift - 2) <= TOL_CHAR,
        )
    )
    return rows


def rule_signature_alone(pages: Sequence[Page]) -> Row:
    """§7.3.5.4: the 署名 never alone on a page: text of the body shares its page."""
    found = _signature(pages)
    rule, expected = "署名不单独成页", "署名页上有正文"
    if found is None:
        return _na(rule, expected)
    page, sig, _ = found
    before = [line for line in page.text_lines if line.base < sig.base - 0.5]
    return _row(
        rule, expected, f"署名之上 {len(before)} 行（第 {page.index} 页）", "≥ 1 行", bool(before)
    )


ATTACHMENT_NOTE = re.compile(r"^附件[：:]")


def _text_lines(pages: Sequence[Page], page: Page) -> list[Line]:
    """Return the 正文 lines of ``page`` above its 署名 (if it has it): 3号 lines below the
    标题 (on the first page), without the 版头's lines, the 主送 (the lines up to the first
    ending in “：”, right after the 标题), the 附件说明 and the 附件 label."""
    head = _head_lines(pages)
    found = _signature(pages)
    lines = [
        line
        for line in page.text_lines
        if _is_body(line) and not line.red and id(line) not in head and line.text.strip()
    ]
    if found is not None and found[0] is page:
        lines = [line for line in lines if line.base < found[1].base - 0.5]
    titles = [line for line in page.text_lines if abs(line.size - TITLE_PT) <= TOL_PT]
    if titles:
        lines = [line for line in lines if line.top > titles[-1].bottom]
        ends = [i for i, line in enumerate(lines[:4]) if line.text.strip().endswith(("：", ":"))]
        lines = lines[ends[0] + 1 :] if ends else lines
    out = []
    note = False
    for line in lines:
        text = line.text.strip()
        note = bool(ATTACHMENT_NOTE.match(text)) or (
            note and line.x0 > (OUTSIDE if _even(page) else BINDING) + 2.5 * CHAR_MM
        )
        if not note and not ATTACHMENT_LABEL.match(text):
            out.append(line)
    return out


def rule_first_page_text(pages: Sequence[Page]) -> Row:
    """§7.3.3: 公文首页必须显示正文 — a document with a 版头 or 标题 has body lines on its
    first page."""
    rule, expected = "首页有正文", "首页有正文行"
    if not pages or not any(abs(line.size - TITLE_PT) <= TOL_PT for line in pages[0].text_lines):
        return _na(rule, expected, "≥ 1 行")
    count = len(_text_lines(pages, pages[0]))
    return _row(rule, expected, f"首页正文 {count} 行", "≥ 1 行", count >= 1)


def rule_signature_page_text(pages: Sequence[Page]) -> Row:
    """§7.3.5.4–5: the 署名's page has lines of 正文 (the 附件说明 alone is not 正文); on a
    page after the first at least two, as the keep chain moves them."""
    rule, expected = "署名页有正文", "署名页上有正文行（首页之后 ≥ 2 行）"
    found = _signature(pages)
    if found is None:
        return _na(rule, expected, "≥ 1 行")
    page = found[0]
    count = len(_text_lines(pages, page))
    need = 1 if page is pages[0] else 2
    return _row(
        rule,
        expected,
        f"署名之上正文 {count} 行（第 {page.index} 页）",
        f"≥ {need} 行",
        count >= need,
    )


def rule_short_pages(pages: Sequence[Page]) -> Row:
    """No page of the main text that holds a single line (a widowed line or a lone date)."""
    rule = "无只有一行的页面"
    lonely = [
        f"第 {p.index} 页：{p.text_lines[0].text[:12]}"
        for p in _portrait(pages)
        if len(p.text_lines) == 1 and _text_without_imprint(pages, p)
    ]
    return Row(
        **{
            **asdict(_row(rule, "每页 ≥ 2 行", f"{len(lonely)} 页只有一行", "0", not lonely)),
            "detail": lonely,
        }
    )


TABLE_LINE_MM = 20 * MM
"""The task tables' exact line spacing: 20 pt."""


def _cells(page: Page) -> list[Line]:
    """Return the 4号 lines of a page's table, split where a gap wider than 2 characters
    separates two cells on one baseline."""
    out: list[Line] = []
    for line in page.text_lines:
        if abs(line.size - SMALL_PT) > TOL_PT:
            continue
        run = [line.glyphs[0]]
        for glyph in line.glyphs[1:]:
            if glyph.x0 - run[-1].x1 > 2 * SMALL_CHAR_MM:
                out.append(Line(tuple(run)))
                run = []
            run.append(glyph)
        out.append(Line(tuple(run)))
    return out


def rule_table_wraps(pages: Sequence[Page]) -> Row:
    """A table's header and short values (≤ 8 characters, e.g. 完成时限, 6月底前) stay on one
    line: two cell lines one table line apart in one column that together are that short
    are a wrapped short value."""
    rule, expected = "表格表头与短值不折行", "表头、≤ 8 字的单元格各占一行"
    wraps, tables = [], 0
    for page in pages:
        cells = _cells(page)
        if not cells:
            continue
        tables += 1
        for upper in cells:
            for lower in cells:
                step = lower.base - upper.base
                overlap = min(upper.x1, lower.x1) - max(upper.x0, lower.x0)
                short = len(upper.text.strip()) + len(lower.text.strip()) <= 8
                between = any(
                    upper.base < (r.top + r.bottom) / 2 < lower.base
                    and r.x0 <= max(upper.x0, lower.x0)
                    and r.x1 >= min(upper.x1, lower.x1)
                    for r in page.shapes
                )  # a row border: the next row, not a wrapped line
                if abs(step - TABLE_LINE_MM) < 0.8 and overlap > 0 and short and not between:
                    wraps.append(f"第 {page.index} 页“{upper.text.strip()}/{lower.text.strip()}”")
    if not tables:
        return _na(rule, expected)
    row = _row(rule, expected, f"{len(wraps)} 处折行", "0", not wraps)
    return Row(**{**asdict(row), "detail": wraps})


# --- 版头 and 版记 (notices) -----------------------------------------------------------------


def _masthead_lines(page: Page) -> list[Line]:
    """Return the lines of the 发文机关标志: red lines larger than the body above the red
    rule (a joint 标志 has one per organ, with “文件” beside them), top to bottom."""
    rule = _red_rule(page)
    return [
        line
        for line in page.text_lines
        if line.red and line.size > BODY_PT + 1 and (rule is None or line.bottom <= rule.top)
    ]


def _masthead(page: Page) -> Line | None:
    """Return the 发文机关标志's first line (its top is measured)."""
    lines = _masthead_lines(page)
    return lines[0] if lines else None


def _red_rule(page: Page) -> Shape | None:
    rules = [s for s in page.shapes if s.red and s.x1 - s.x0 > WIDTH / 2]
    return min(rules, key=lambda s: s.top) if rules else None


def rule_masthead(pages: Sequence[Page], options: Options) -> list[Row]:
    """版头 (§7.2): 标志 35 mm below the 版心 top, red; 发文字号 2 lines below; the red rule
    4 mm below the 字号, 156 mm, red; the 标题 2 lines below the rule."""
    names = (
        ("发文机关标志上沿", "72 mm（版心上沿下 35 mm），红色", "±1 mm"),
        ("发文字号（标志下空二行）", "字号上沿距标志下沿 2–3 行", "2–3 行"),
        ("红色分隔线（字号下 4 mm）", "字号下 4 mm，长 156 mm，红色", "±1 mm"),
        ("标题（分隔线下空二行）", "标题上沿距分隔线 2–3 行", "2–3 行"),
    )
    if not pages:
        return [_na(*n) for n in names]
    page = pages[0]
    mark = _masthead(page)
    rule = _red_rule(page)
    if mark is None and rule is None:
        return [_na(*n) for n in names]
    pitch = _pitch_mm(options)
    rows: list[Row] = []
    if mark is not None:
        rows.append(
            _row(
                names[0][0],
                names[0][1],
                f"{mark.top:.1f} mm，{'红色' if mark.red else '非红色'}",
                names[0][2],
                abs(mark.top - (TOP + 35)) <= TOL_MM and mark.red,
            )
        )
    else:
        rows.append(_row(names[0][0], names[0][1], "没有红色标志", names[0][2], False))
    number = next(
        (line for line in page.text_lines if DOC_NUMBER.search(line.text) and not line.red), None
    )
    below = [
        line
        for line in page.text_lines
        if not line.red
        and mark is not None
        and line.top >= mark.bottom
        and ("签发人" in line.text or DOC_NUMBER.search(line.text))
    ]
    if number is not None and mark is not None:
        # from the 标志's last line (a joint 标志 stacks several) to the first 签发人 or
        # 字号 line (§7.2.4, §7.2.6: 签发人 lines above the 字号's own)
        gap = (below[0].top - _masthead_lines(page)[-1].bottom) / pitch
        rows.append(_row(names[1][0], names[1][1], f"{gap:.2f} 行", names[1][2], 2.0 <= gap <= 3.0))
    else:
        rows.append(_na(*names[1]))
    if rule is not None:
        length = rule.x1 - rule.x0
        below = (rule.top + rule.bottom) / 2 - number.bottom if number is not None else None
        measured = (
            f"长 {length:.1f} mm，粗 {rule.weight:.2f} mm，{'红色' if rule.red else '非红色'}"
        )
        ok = abs(length - WIDTH) <= TOL_MM and rule.red
        if below is not None:
            measured = f"字号下 {below:.1f} mm，" + measured
            ok = ok and abs(below - 4) <= TOL_MM
        rows.append(_row(names[2][0], names[2][1], measured, names[2][2], ok))
        title = next(
            (
                line
                for line in page.text_lines
                if line.size >= TITLE_PT - TOL_PT and line.top > rule.bottom
            ),
            None,
        )
        if title is not None:
            gap = (title.top - rule.bottom) / pitch
            rows.append(
                _row(names[3][0], names[3][1], f"{gap:.2f} 行", names[3][2], 2.0 <= gap <= 3.0)
            )
        else:
            rows.append(_row(names[3][0], names[3][1], "分隔线下没有 2 号标题", names[3][2], False))
    else:
        rows.append(_row(names[2][0], names[2][1], "没有红色分隔线", names[2][2], False))
        rows.append(_na(*names[3]))
    return rows


def _imprint_rules(pages: Sequence[Page]) -> tuple[Page, list[Shape]] | None:
    """Return the last page's black rules as wide as the 版心 (the 版记's lines), if ≥ 2."""
    if not pages:
        return None
    page = pages[-1]
    rules = sorted(
        (s for s in page.shapes if not s.red and abs((s.x1 - s.x0) - WIDTH) <= 3),
        key=lambda s: s.top,
    )
    return (page, rules) if len(rules) >= 2 else None


def _imprint_lines(pages: Sequence[Page]) -> set[int]:
    """Return the ids of the lines between the 版记's first and last rules."""
    found = _imprint_rules(pages)
    if found is None:
        return set()
    page, rules = found
    return {id(line) for line in page.text_lines if rules[0].top < line.base < rules[-1].bottom}


def rule_imprint(pages: Sequence[Page]) -> list[Row]:
    """版记 (§7.4): thick first and last lines (0.35 mm), thin ones between (0.25 mm), all
    156 mm; the last on the 版心's lower edge (262 mm)."""
    names = (
        ("版记分隔线", "首末粗线 0.35 mm，中间细线 0.25 mm，长 156 mm", "粗细 ±0.1 mm，长 ±1 mm"),
        ("版记末条分隔线与版心下沿重合", "262 mm", "±1 mm"),
    )
    found = _imprint_rules(pages)
    if found is None:
        return [_na(*n) for n in names]
    _, rules = found
    weights = [r.weight for r in rules]
    lengths = [r.x1 - r.x0 for r in rules]
    thick = [weights[0], weights[-1]]
    thin = weights[1:-1]
    ok = (
        all(abs(w - 0.35) <= 0.1 for w in thick)
        and all(abs(w - 0.25) <= 0.1 for w in thin)
        and all(abs(n - WIDTH) <= TOL_MM for n in lengths)
    )
    measured = (
        "粗细 "
        + "、".join(f"{w:.2f}" for w in weights)
        + " mm；长 "
        + "、".join(f"{n:.1f}" for n in lengths)
        + " mm"
    )
    last = (rules[-1].top + rules[-1].bottom) / 2
    return [
        _row(*names[0][:2], measured, names[0][2], ok),
        _row(names[1][0], names[1][1], f"{last:.1f} mm", names[1][2], abs(last - BOTTOM) <= TOL_MM),
    ]


def rule_imprint_page(pages: Sequence[Page]) -> Row:
    """版记 on a page of its own (§7.5): that page and any blank page before it print no
    page number, and it stands on an even page (the back of the last sheet, gbt9704.md
    §4.3). A 版记 that shares the last page with text leaves that page its number."""
    rule = "版记页不编页码（且在偶数页）"
    expected = "版记单独成页：偶数页，该页及其前空白页无页码；与正文同页：照常编页码"
    found = _imprint_rules(pages)
    if found is None:
        return _na(rule, expected)
    page = found[0]
    if _text_without_imprint(pages, page):
        ok = page.number_line is not None
        where = "有页码" if ok else "无页码"
        return _row(rule, expected, f"版记与正文同页（第 {page.index} 页），{where}", "", ok)
    detail = []
    if page.number_line is not None:
        detail.append(f"版记页（第 {page.index} 页）印有页码“{page.number_line.text}”")
    if page.index % 2:
        detail.append(f"版记页是第 {page.index} 页（奇数页）")
    blank = 0
    for before in reversed(pages[: page.index - 1]):
        if before.text_lines or before.turned or before.shapes or before.images:
            break
        blank += 1
        if before.number_line is not None:
            detail.append(f"版记前空白页（第 {before.index} 页）印有页码")
    measured = f"版记单独在第 {page.index} 页，前有空白页 {blank} 页，" + (
        "有页码" if page.number_line is not None else "无页码"
    )
    row = _row(rule, expected, measured, "", not detail)
    return Row(**{**asdict(row), "detail": detail})


# --- all rules -----------------------------------------------------------------------------


def measure(pages: Sequence[Page], options: Options = Options()) -> list[Row]:
    """Return one row per rule for the pages of a document of ``options.kind``."""
    rows = [
        rule_paper(pages),
        rule_left_edge(pages),
        rule_right_edge(pages),
        rule_first_line(pages),
        rule_text_bottom(pages),
        rule_lines_per_page(pages, options),
        rule_chars_per_line(pages),
        *rule_fonts(pages),
        *rule_page_numbers(pages),
        *rule_signature(pages, options),
        rule_signature_alone(pages),
        rule_first_page_text(pages),
        rule_signature_page_text(pages),
        rule_short_pages(pages),
        rule_table_wraps(pages),
        *rule_masthead(pages, options),
        *rule_imprint(pages),
        rule_imprint_page(pages),
    ]
    if options.kind == "speech":  # a speech has no 署名 at its end (§7.4 of gbt9704.md)
        rows = [
            r if not r.rule.startswith(("署名", "成文日期")) else _na(r.rule, "讲话稿无落款")
            for r in rows
        ]
    return rows


def failed(rows: Iterable[Row]) -> list[Row]:
    """Return the rows that fail."""
    return [row for row in rows if row.status == "fail"]


def table(rows: Sequence[Row]) -> str:
    """Return the rows as a plain-text table (rule, expected, measured, tolerance, verdict)."""
    marks = {"pass": "通过", "fail": "不符", "n/a": "不适用"}
    out = []
    for row in rows:
        out.append(
            f"{marks[row.status]}\t{row.rule}\t应为 {row.expected}\t实测 {row.measured}\t容差 {row.tolerance}"
        )
        out.extend(f"\t\t- {line}" for line in row.detail[:10])
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="按 GB/T 9704-2012 逐条测量 PDF")
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--kind", choices=("plan", "summary", "speech", "notice"), default="plan")
    parser.add_argument("--profile", choices=tuple(PITCH_PT), default="standard")
    parser.add_argument("--seal", action="store_true", help="有印章（署名居中于日期之上）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    args = parser.parse_args(argv)
    try:
        pages = read_pdf(args.pdf)
    except (OSError, ValueError) as exc:
        print(f"{args.pdf}: 错误: {exc}", file=sys.stderr)
        return 2
    if not pages:
        print(f"{args.pdf}: 错误: PDF 中没有页面", file=sys.stderr)
        return 2
    rows = measure(pages, Options(args.kind, args.profile, args.seal))
    if args.json:
        print(json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=1))
    else:
        print(table(rows))
    return 1 if failed(rows) else 0


if __name__ == "__main__":
    sys.exit(main())
