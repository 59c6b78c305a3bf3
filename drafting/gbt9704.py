"""Every GB/T 9704-2012 value in one place: page, grid, margins, fonts, sizes, page numbers.

The renderer's passes, ``lint`` and ``tools/build_templates.py`` read them from here
(section numbers refer to ../shared/gbt9704.md, the standard with measured .docx
values). Lengths are in twips (1/20 pt), font sizes in half-points as ``w:sz`` writes
them. Also here: GB2312 coverage, which characters a ``*_GB2312`` font (仿宋_GB2312,
楷体_GB2312) lacks — those fonts hold only the 7445 characters of GB2312; anything else
prints as a blank in an office that has no other font (§3.1).
"""

from __future__ import annotations

# --- page and 版心 (§2) -------------------------------------------------------------------

A4 = (11906, 16838)
"""The A4 page, portrait: (width, height) in twips (210 mm × 297 mm)."""
TWIPS_PER_MM = 56.69
MARGIN_TOLERANCE = 57
"""±1 mm in twips: how far a margin may be from the standard's."""
INNER, OUTER = 1587, 1474
"""The left (订口, 28 mm) and right (26 mm) whites of a portrait page in every profile."""
HEADER, FOOTER = 851, 1417
"""Header and footer distances from the page edge."""
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
"""The grid of the 版心: 22 lines of 28 characters (§2.2)."""
CHAR_SPACING = -5
"""The body text's character spacing in twips (紧缩 0.25 磅), what makes 28 a line."""

PAGE_PROFILES: dict[str, dict[str, int]] = {
    # §2.2: Word's 22-line grid (default) and the glyph-accurate 版心. In both the top
    # white is the 37 mm 天头 less half the leading, (pitch - 16 pt) / 2, because
    # LibreOffice centres a grid line's glyphs in the line; and the text area is 22 lines
    # high (to a few twips), because LibreOffice also centres the grid in the text area.
    # So the first line's glyphs start at 37 mm. The standard profile is Word's page
    # (37/35 mm) moved up by that half leading, 130 twips: its 22 lines of 28.95 pt do
    # not fill the 版心 (21 × 28.95 + 16 pt is 220 mm of glyphs, not 225).
    "standard": {"top": 1968, "bottom": 2114, "pitch": 579},
    "strict": {"top": 1962, "bottom": 1848, "pitch": 592},
}
"""Page profile name → top and bottom whites and the line pitch (28.95 or 29.6 pt)."""

WORD_WHITES = {"top": 2098, "bottom": 1984}
"""The standard page as typed into Word's page setup (37 mm / 35 mm): lint accepts it as
the standard profile, though its first line's glyphs print about 2.3 mm below the 版心."""


def margins(profile: str = "standard", *, landscape: bool = False) -> dict[str, int]:
    """Return the top, bottom, left and right whites of a page of ``profile``.

    A landscape page (§4.5: the table head at the binding edge) is the portrait page
    turned, with the standard whites in every profile (see
    :func:`drafting.render.passes.set_page_profile`).
    """
    if landscape:
        return {
            "top": INNER,
            "bottom": OUTER,
            "left": WORD_WHITES["bottom"],
            "right": WORD_WHITES["top"],
        }
    values = PAGE_PROFILES[profile]
    return {"top": values["top"], "bottom": values["bottom"], "left": INNER, "right": OUTER}


def accepted_margins(profile: str, *, landscape: bool = False) -> list[dict[str, int]]:
    """Return the whites a page of ``profile`` may have: :func:`margins`, and for the
    standard profile also Word's own 37/35 mm (:data:`WORD_WHITES`)."""
    found = [margins(profile, landscape=landscape)]
    if profile == "standard" and not landscape:
        found.append({**found[0], **WORD_WHITES})
    return found


# --- sizes (§3.2): half-points ------------------------------------------------------------

SIZES = {"二号": 44, "三号": 32, "四号": 28}
"""Chinese font size name → half-points (三号 = 16 pt)."""
TITLE_SIZE, BODY_SIZE, FOOTER_SIZE = SIZES["二号"], SIZES["三号"], SIZES["四号"]
"""The title (2号), the body and every heading level (3号), the page number (4号)."""
CHAR_TWIPS = BODY_SIZE * 10
"""The width of one 3号 character in twips."""

# --- fonts (§3.3) -------------------------------------------------------------------------

FANGSONG, KAITI, HEITI, XIAOBIAOSONG, SONGTI = (
    "仿宋_GB2312",
    "楷体_GB2312",
    "黑体",
    "方正小标宋简体",
    "宋体",
)
"""The fonts the templates are built with (the "gb2312" choice of ``--fonts``)."""
LATIN = "Times New Roman"

FONT_PROFILES: dict[str, dict[str, str]] = {
    # The de-facto office fonts (the templates are built with these).
    "gb2312": {name: name for name in (FANGSONG, KAITI, HEITI, XIAOBIAOSONG, SONGTI)},
    # Windows built-ins (the title font is a Founder font in every profile but "open").
    "windows": {
        FANGSONG: "仿宋",
        KAITI: "楷体",
        HEITI: HEITI,
        XIAOBIAOSONG: XIAOBIAOSONG,
        SONGTI: SONGTI,
    },
    # Free fonts (§10): Fandol family and Noto Serif CJK SC Bold for titles.
    "open": {
        FANGSONG: "FandolFang",
        KAITI: "FandolKai",
        HEITI: "FandolHei",
        XIAOBIAOSONG: "Noto Serif CJK SC",
        SONGTI: "FandolSong",
    },
}
"""``--fonts`` choice → template font name → the font written instead."""

ROLE_NAMES = {"xbs": "小标宋体", "fangsong": "仿宋", "kai": "楷体", "hei": "黑体", "song": "宋体"}
"""Font role → its name in messages."""
LEVEL_ROLES = {1: "hei", 2: "kai", 3: "fangsong", 4: "fangsong"}
"""Heading level → the role of its font: 黑体, 楷体, 仿宋, 仿宋 (§7.3.3)."""


def font_role(name: str | None) -> str | None:
    """Return the 公文 font role a font name belongs to (a key of :data:`ROLE_NAMES`),
    ``None`` when unknown."""
    if not name:
        return None
    low = name.lower()
    for role, marks, latin in _ROLE_MARKS:
        if any(mark in name for mark in marks) or any(word in low for word in latin):
            return role
    return None


_ROLE_MARKS = (  # checked in order: 小标宋 before 宋, 仿宋 before 宋
    ("xbs", ("小标宋",), ("biaosong",)),
    ("fangsong", ("仿宋",), ("fang",)),
    ("kai", ("楷",), ("kai",)),
    ("hei", ("黑",), ("hei", "sans cjk")),
    ("song", ("宋",), ("song", "simsun", "serif cjk", "ming")),
)

# --- page numbers (§7.5) ------------------------------------------------------------------

PAGE_NUMBER = "— N —"
"""A page number as text, N for the number: 一字线 and half-width spaces on both sides."""
PAGE_NUMBER_INDENT = 280
"""One 4号 character: odd page numbers sit that far from the right, even from the left."""
PAGE_NUMBER_INDENTS = range(200, 401)
"""The indents lint accepts for "空一字"."""
PAGE_NUMBER_SIDES = (("default", "单页码", "right"), ("even", "双页码", "left"))
"""Footer kind → its name and the side its page number sits on."""


# --- GB2312 coverage (§3.1) ---------------------------------------------------------------


def in_gb2312(ch: str) -> bool:
    """Return True when the character ``ch`` has a code in GB2312's double-byte area.

    Python's ``gb2312`` codec maps A1AA to U+2015 and A1A4 to U+30FB, while Word and
    GB18030 map them to U+2014 (—) and U+00B7 (·); both readings are accepted, so a
    character counts when either codec gives it a code of rows A1–F7, cells A1–FE.
    (Encoding one character, rather than building the set of 7445, keeps a check of a
    whole plan under a millisecond.)
    """
    for codec in ("gb2312", "gb18030"):
        try:
            code = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(code) == 2 and 0xA1 <= code[0] <= 0xF7 and 0xA1 <= code[1] <= 0xFE:
            return True
    return False


def missing(text: str) -> list[str]:
    """Return the distinct characters of ``text`` (in order) that GB2312 lacks.

    ASCII and white space are never reported: they are drawn with the Latin font.
    """
    try:  # the usual case, in one C call: every character is there (—— and · included)
        # Word's readings of A1AA and A1A4, as Python's codec reads them (see in_gb2312)
        text.replace("\u2014", "\u2015").replace("\u00b7", "\u30fb").encode("gb2312")
        return []
    except UnicodeEncodeError:
        pass
    found: list[str] = []
    for ch in text:
        if ord(ch) > 0x7F and not ch.isspace() and ch not in found and not in_gb2312(ch):
            found.append(ch)
    return found


# --- 版头, 署名, 版记 (§4.1, §4.3, §4.4) ---------------------------------------------------

LETTERHEAD_RED = "FF0000"
"""The red of the 发文机关标志 and the separator line (the standard names no RGB)."""
LETTERHEAD_SIZE = 84
"""The 标志's size in half-points: 初号 (42 pt), shrunk horizontally when a name is wider
than the 版心 (the standard leaves the size free, within 156 mm)."""
LETTERHEAD_LINE_TWIPS = 1000
"""Exact height of a 标志 line (50 pt): joint organs' names stack at this pitch."""
LETTERHEAD_TOP_MM = 35.0
"""The 标志's upper edge (em top) below the 版心's top edge (§7.2.4)."""
TEXT_BOTTOM_MM = 262.0
"""The 版心's bottom edge from the page's top (37 mm + 225 mm): the 版记's last line (§7.4)."""
RED_LINE_EIGHTHS = 12
"""The red separator's weight in eighths of a point (1.5 pt; the standard gives none)."""
RED_LINE_GAP_MM = 4.0
"""The red separator below the 发文字号 (§7.2.7)."""
RED_LINE_SPACE = 3
"""The border's w:space (pt) that puts the red line RED_LINE_GAP_MM below the 字号's
glyphs (em bottom, pdfminer LTChar.y0) in LibreOffice 7.4.7: calibrated on the examples,
w:space 4 gave 4.30–4.34 mm, 3 gives 3.95–3.99 mm."""
GLYPH_TWIPS = CHAR_TWIPS + CHAR_SPACING
"""The advance of one 3号 CJK character of body text (16 pt − 0.25 pt = 315 twips)."""
HALF_TWIPS = CHAR_TWIPS // 2 + CHAR_SPACING
"""The advance of one half-width 3号 character (Times New Roman digits are 0.5 em)."""
