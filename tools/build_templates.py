"""Build the Word templates in templates/ from code, so they are reproducible.

Usage: python tools/build_templates.py [OUT_DIR]   (default: templates/)

Every value comes from ../shared/gbt9704.md (GB/T 9704-2012 with measured docx
values): A4, margins 37/35/28/26 mm, a 22-line grid (579 twips), 3号仿宋 body with
-0.25 pt character spacing (28 characters a line), 2号小标宋 title, 黑体/楷体/仿宋
heading levels, "— 1 —" page numbers odd right / even left at footer distance 25 mm.
Formatting lives in named styles; the document body is a docxtpl (Jinja) template over
a flat list of blocks prepared by drafting.render.context, so an office can restyle every
element in Word without touching the tags.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

# The values come from the package: run from a checkout, the checkout's (README: run as
# `python3 tools/build_templates.py`, where sys.path[0] is tools/).
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from drafting.gbt9704 import (
    A4,
    BODY_SIZE,
    CHAR_SPACING,
    CHAR_TWIPS,
    FANGSONG,
    FOOTER,
    FOOTER_SIZE,
    HEADER,
    HEITI,
    KAITI,
    LATIN,
    LETTERHEAD_LINE_TWIPS,
    LETTERHEAD_RED,
    LETTERHEAD_SIZE,
    LEVEL_ROLES,
    PAGE_NUMBER_INDENT,
    PAGE_PROFILES,
    RED_LINE_EIGHTHS,
    RED_LINE_SPACE,
    SONGTI,
    TITLE_SIZE,
    XIAOBIAOSONG,
    margins,
)
from drafting.ooxml.ns import A_NS, R_NS, W_NS
from drafting.render.package import ZIP_DATE

# Every GB/T 9704 value comes from drafting.gbt9704 (gbt9704.md §2.1, §3.3 and §8.1).
PAGE_W, PAGE_H = A4
MARGIN = margins("standard")
LANDSCAPE_MARGIN = margins(landscape=True)
LINE_PITCH = PAGE_PROFILES["standard"]["pitch"]
TEXT_W = PAGE_W - MARGIN["left"] - MARGIN["right"]  # 8845
LANDSCAPE_TEXT_W = PAGE_H - LANDSCAPE_MARGIN["left"] - LANDSCAPE_MARGIN["right"]  # 12756
TITLE = XIAOBIAOSONG

TABLE_COLUMNS = (
    ("序号", 900),
    ("工作任务", 6256),
    ("牵头单位", 1800),
    ("责任单位", 2400),
    ("完成时限", 1400),
)
"""The task table's columns and default widths (twips; drafting.render.passes sizes them
from the content): every header fits on one line, 4 × 280 twips plus the cell margins."""


# --- styles: one row per style, turned into XML by the builders below -------------------

TITLE_LINE = 720
"""The title's exact line spacing: 36 pt, 22 + 16 × 7/8 (gbt9704.md §4.2)."""
TABLE_LINE = 400
"""The task tables' exact line spacing: 20 pt (gbt9704.md §6)."""
SINGLE_LINE = 240
"""Single line spacing (with ``rule="auto"``): the page number, off the grid."""

ROLE_FONTS = {"xbs": XIAOBIAOSONG, "fangsong": FANGSONG, "kai": KAITI, "hei": HEITI, "song": SONGTI}
"""Font role (a key of drafting.gbt9704.ROLE_NAMES) → the font the templates name."""


@dataclass(frozen=True)
class Indent:
    """A w:ind, every length in 3号 characters (CHAR_TWIPS twips each).

    ``first_line`` and ``hanging`` are written in characters and in twips, so Word keeps
    them at whole characters when the size changes; ``left`` and ``right`` in twips only.
    """

    left: int | None = None
    first_line: int | None = None
    hanging: int | None = None
    right: int | None = None
    unit: int = CHAR_TWIPS
    """The twips of one character: a 3号 one, or a 4号 one (280) in the 版记."""


BODY_INDENT = Indent(first_line=2)
NO_INDENT = Indent(first_line=0)
RIGHT_2 = Indent(first_line=0, right=2)
"""署名 and 成文日期: 右空二字 (drafting.render.passes sets the text-dependent indent)."""

RED = LETTERHEAD_RED
LETTERHEAD_LINE = LETTERHEAD_LINE_TWIPS
RED_LINE = (
    f'<w:pBdr><w:bottom w:val="single" w:sz="{RED_LINE_EIGHTHS}" w:space="{RED_LINE_SPACE}" '
    f'w:color="{RED}"/></w:pBdr>'
)
IMPRINT_LINE = 560
"""The 版记's exact line spacing: 28 pt (4号 text, two of them fill one body line pair)."""
IMPRINT_CHAR = FOOTER_SIZE * 10
"""One 4号 character (280 twips): the 版记's 左右各空一字 and its hanging indent."""
IMPRINT_TEXT_W = TEXT_W - 2 * IMPRINT_CHAR
IMPRINT_HEIGHT = 3 * IMPRINT_LINE + 60
"""The 版记 box's height in twips for three lines; LibreOffice and Word grow it to fit."""
IMPRINT_TABS = f'<w:tabs><w:tab w:val="right" w:pos="{IMPRINT_TEXT_W}"/></w:tabs>'


@dataclass(frozen=True)
class Style:
    """One row of the styles part; ``None`` (and ``False`` for keep_next) writes nothing.

    Paragraph properties: ``keep_next``; ``widow_control``, ``overflow_punct`` and
    ``snap`` (snapToGrid), where ``False`` writes ``w:val="0"``; ``line`` with ``rule``
    (before and after are always 0); ``indent``; ``align`` (w:jc); ``outline`` (level 0–8).
    Run properties: ``font`` and ``latin`` (roles of ROLE_FONTS; ``latin=None`` is Times
    New Roman); ``bold`` (``True`` writes b and bCs, ``False`` only ``b w:val="0"``);
    ``tracking`` (character spacing in twips); ``size`` (half-points, sz and szCs).
    """

    kind: str
    style_id: str
    name: str
    based: str | None = "Normal"
    next: str | None = None
    default: bool = False
    keep_next: bool = False
    widow_control: bool | None = None
    overflow_punct: bool | None = None
    snap: bool | None = None
    line: int | None = None
    rule: str = "exact"
    indent: Indent | None = None
    align: str | None = None
    outline: int | None = None
    font: str | None = None
    latin: str | None = None
    bold: bool | None = None
    tracking: int | None = None
    size: int | None = None
    color: str | None = None
    border: str | None = None
    tabs: str | None = None


P, C = "paragraph", "character"

NOTICE_STYLES: tuple[Style, ...] = (
    # 版头 (gbt9704.md §4.1): 份号 (Arabic digits), 密级 and 紧急程度 (黑体), 顶格, lines 1–3
    Style(P, "GwCopyNumber", "GW 份号", indent=NO_INDENT, align="left"),
    Style(P, "GwSecrecy", "GW 密级和保密期限", indent=NO_INDENT, align="left", font="hei"),
    Style(P, "GwUrgency", "GW 紧急程度", indent=NO_INDENT, align="left", font="hei"),
    # the white above the 标志: its exact height puts the 标志's top 35 mm below the 版心
    # top whatever stands above it; drafting.render.passes sets it (LETTERHEAD_TOP)
    Style(P, "GwLetterheadSpace", "GW 版头空白", snap=False, line=LETTERHEAD_LINE,
          indent=NO_INDENT, tracking=0, size=2),
    # 发文机关标志: red 小标宋, centred; an office changes size and red here
    Style(P, "GwLetterhead", "GW 发文机关标志", keep_next=True, snap=False,
          line=LETTERHEAD_LINE, indent=NO_INDENT, align="center",
          font="xbs", bold=False, tracking=0, size=LETTERHEAD_SIZE, color=RED),
    # 发文字号 with the red line under it (§7.2.7): the border spans the paragraph, which
    # has no indent, so the line is as wide as the 版心 (156 mm)
    Style(P, "GwDocNumber", "GW 发文字号", keep_next=True, border=RED_LINE,
          indent=NO_INDENT, align="center"),
    # 上行文: 字号 居左空一字, 签发人 居右空一字 on one line, placed by tab stops that
    # drafting.render.passes sets (the names' widths decide them)
    Style(P, "GwDocNumberUp", "GW 发文字号(上行文)", based="GwDocNumber", keep_next=True,
          align="left"),
    Style(P, "GwIssuer", "GW 签发人", keep_next=True, indent=NO_INDENT, align="left"),
    Style(C, "GwIssuerNameChar", "GW 签发人姓名", based=None, font="kai"),
    # 附件说明, several: "附件：1.→名称" (the tab reaches the hanging indent, where the
    # wrapped lines start: no digit width is estimated); the next ones "2.→名称" below "1."
    Style(P, "GwAttachNoteFirst", "GW 附件说明(首项)", indent=Indent(left=6, hanging=4),
          align="left"),
    Style(P, "GwAttachNoteNext", "GW 附件说明(续项)", indent=Indent(left=6, hanging=1),
          align="left"),
    # 签发人签名章 line: 职务, then the name where the seal goes, 右空四字 (§7.3.5.3)
    Style(P, "GwSigner", "GW 签发人签名章", keep_next=True, indent=Indent(first_line=0, right=4),
          align="right"),
    Style(P, "GwNote", "GW 附注", align="left"),
    # 版记 (§4.4): 4号仿宋, exact 28 pt lines off the grid, in a table inside a text box
    Style(P, "GwImprint", "GW 版记", snap=False, line=IMPRINT_LINE, indent=NO_INDENT,
          align="left", tracking=0, size=FOOTER_SIZE),
    Style(P, "GwImprintCc", "GW 版记抄送", based="GwImprint",
          indent=Indent(left=3, hanging=3, unit=IMPRINT_CHAR)),
    Style(P, "GwImprintPrint", "GW 版记印发", based="GwImprint", tabs=IMPRINT_TABS),
)  # fmt: skip
"""The styles of the 版头, 署名 and 版记 (notices; a plan or summary with a 发文字号)."""

STYLES: tuple[Style, ...] = (
    # kind, id, name, based-on, next, default
    #       paragraph properties (see Style)
    #       run properties
    Style(P, "Normal", "Normal", based=None, default=True,
          # no punctuation past the 版心: Word's default lets a 。，； that does not fit hang
          # 5.6 mm into the margin (ECMA-376 §17.3.1.21). LibreOffice reads this element
          # inverted; drafting.render.lo_input flips it in the copy it converts.
          widow_control=False, overflow_punct=False,
          line=LINE_PITCH, indent=BODY_INDENT, align="both",
          font="fangsong", tracking=CHAR_SPACING, size=BODY_SIZE),
    Style(C, "DefaultParagraphFont", "Default Paragraph Font", based=None, default=True),
    # snap=False: LibreOffice ignores exact line spacing on the grid (gbt9704.md §2.3)
    Style(P, "GwTitle", "GW 公文标题", next="Normal",
          keep_next=True, snap=False, line=TITLE_LINE, indent=NO_INDENT,
          align="center", outline=0,
          font="xbs", bold=False, tracking=0, size=TITLE_SIZE),
    # the heading levels: fonts by LEVEL_ROLES (黑体, 楷体, 仿宋, 仿宋), 三级 bold, all 3号
    Style(P, "Heading1", "heading 1", next="Normal",
          keep_next=True, outline=0,
          font=LEVEL_ROLES[1], bold=False, size=BODY_SIZE),
    Style(P, "Heading2", "heading 2", next="Normal",
          keep_next=True, outline=1,
          font=LEVEL_ROLES[2], bold=False, size=BODY_SIZE),
    Style(P, "Heading3", "heading 3", next="Normal",
          keep_next=True, outline=2,
          font=LEVEL_ROLES[3], bold=True, size=BODY_SIZE),
    Style(P, "Heading4", "heading 4", next="Normal",
          outline=3,
          font=LEVEL_ROLES[4], bold=False, size=BODY_SIZE),
    Style(C, "GwRunIn1Char", "GW 一级标题(段首)", based=None, font=LEVEL_ROLES[1]),
    Style(C, "GwRunIn2Char", "GW 二级标题(段首)", based=None, font=LEVEL_ROLES[2]),
    Style(C, "GwRunIn3Char", "GW 三级标题(段首)", based=None, bold=True),
    Style(C, "GwResponsibilityChar", "GW 责任单位(段末)", based=None, font="fangsong"),
    Style(P, "GwResponsibility", "GW 责任单位", font="fangsong"),
    Style(P, "GwClosing", "GW 结尾段落"),
    Style(P, "GwAddressee", "GW 主送机关", indent=NO_INDENT, align="left"),
    Style(P, "GwByline", "GW 署名行(楷体)", indent=NO_INDENT, align="center", font="kai"),
    Style(P, "GwSignature", "GW 发文机关署名", keep_next=True, indent=RIGHT_2, align="right"),
    Style(P, "GwDate", "GW 成文日期", indent=RIGHT_2, align="right"),
    Style(P, "GwAttachNote", "GW 附件说明", indent=Indent(left=5, hanging=3), align="left"),
    Style(P, "GwAttachLabel", "GW 附件标识", next="Normal",
          indent=NO_INDENT, align="left", outline=0,
          font="hei"),
    # table cells: 4号, exact 20 pt off the grid, no first-line indent (gbt9704.md §6)
    Style(P, "GwTableHead", "GW 表头",
          snap=False, line=TABLE_LINE, indent=NO_INDENT, align="center",
          font="hei", tracking=0, size=FOOTER_SIZE),
    Style(P, "GwTableGroup", "GW 表格分组",
          snap=False, line=TABLE_LINE, indent=NO_INDENT, align="left",
          font="hei", tracking=0, size=FOOTER_SIZE),
    Style(P, "GwTableText", "GW 表格文字",
          snap=False, line=TABLE_LINE, indent=NO_INDENT, align="left",
          font="fangsong", tracking=0, size=FOOTER_SIZE),
    Style(P, "GwTableNum", "GW 表格序号",
          snap=False, line=TABLE_LINE, indent=NO_INDENT, align="center",
          font="fangsong", tracking=0, size=FOOTER_SIZE),
    # the page number "— 1 —": 4号 宋体 in every slot, the dashes too (gbt9704.md §5.1)
    Style(P, "GwPageNum", "GW 页码",
          snap=False, line=SINGLE_LINE, rule="auto", indent=NO_INDENT,
          font="song", latin="song", tracking=0, size=FOOTER_SIZE),
    Style(P, "Footer", "footer", snap=False, indent=NO_INDENT),
    *NOTICE_STYLES,
    Style("table", "TableNormal", "Normal Table", based=None, default=True),
)  # fmt: skip
"""Every style of the templates, in the order styles.xml lists them. To add a style, add
a row; to add a property, add a field to :class:`Style` and write it in :func:`ppr` or
:func:`rpr` at its place in the schema's sequence (CT_PPrBase, CT_RPr)."""


QUOTE = {'"': "&quot;"}
"""What attribute values escape besides ``&``, ``<`` and ``>``."""


def el(tag: str, attrs: Iterable[tuple[str, object]] = (), content: str = "") -> str:
    """Return the element ``w:tag`` with ``attrs`` (all ``w:``, in order) around ``content``;
    self-closing when ``content`` is empty."""
    written = "".join(f' w:{name}="{escape(str(value), QUOTE)}"' for name, value in attrs)
    return f"<w:{tag}{written}>{content}</w:{tag}>" if content else f"<w:{tag}{written}/>"


def val(tag: str, value: object) -> str:
    """Return ``<w:tag w:val="value"/>``, or "" when ``value`` is None."""
    return "" if value is None else el(tag, (("val", value),))


def toggle(tag: str, on: bool | None) -> str:
    """Return an on/off property: ``<w:tag/>`` for True, ``w:val="0"`` for False, "" for None."""
    return "" if on is None else el(tag) if on else val(tag, 0)


def wrap(tag: str, content: str) -> str:
    """Return ``w:tag`` around ``content``, or "" when there is no content."""
    return el(tag, content=content) if content else ""


def ind(indent: Indent | None) -> str:
    """Return the w:ind of ``indent`` (characters → hundredths and twips), "" for None."""
    if indent is None:
        return ""
    attrs: list[tuple[str, int]] = []
    if indent.left is not None:
        attrs.append(("left", indent.left * indent.unit))
    for name, chars in (("firstLine", indent.first_line), ("hanging", indent.hanging)):
        if chars is not None:
            attrs += [(f"{name}Chars", chars * 100), (name, chars * indent.unit)]
    if indent.right is not None:
        attrs.append(("right", indent.right * indent.unit))
    return el("ind", attrs)


def spacing(line: int, rule: str) -> str:
    """Return a paragraph w:spacing: nothing before or after, ``line`` by ``rule``."""
    return el("spacing", (("before", 0), ("after", 0), ("line", line), ("lineRule", rule)))


def rfonts(east: str, latin: str = LATIN, *, hint: bool = True) -> str:
    """Return an rFonts element with all four slots (and the eastAsia hint)."""
    slots = (("ascii", latin), ("hAnsi", latin), ("eastAsia", east), ("cs", latin))
    return el("rFonts", slots + ((("hint", "eastAsia"),) if hint else ()))


def ppr(style: Style) -> str:
    """Return the content of the pPr of ``style`` (CT_PPrBase order), "" when it has none."""
    return "".join(
        (
            el("keepNext") if style.keep_next else "",
            toggle("widowControl", style.widow_control),
            style.border or "",
            style.tabs or "",
            toggle("overflowPunct", style.overflow_punct),
            toggle("snapToGrid", style.snap),
            "" if style.line is None else spacing(style.line, style.rule),
            ind(style.indent),
            val("jc", style.align),
            val("outlineLvl", style.outline),
        )
    )


def rpr(style: Style) -> str:
    """Return the content of the rPr of ``style`` (CT_RPr order), "" when it has none."""
    fonts = ""
    if style.font is not None:
        fonts = rfonts(ROLE_FONTS[style.font], ROLE_FONTS[style.latin] if style.latin else LATIN)
    bold = toggle("b", style.bold) + (el("bCs") if style.bold else "")
    return (
        fonts
        + bold
        + val("color", style.color)
        + val("spacing", style.tracking)
        + val("sz", style.size)
        + val("szCs", style.size)
    )


def style_xml(style: Style) -> str:
    """Return the w:style element of one row of :data:`STYLES`."""
    head = (("type", style.kind), ("styleId", style.style_id))
    return el(
        "style",
        head + ((("default", 1),) if style.default else ()),
        val("name", style.name)
        + val("basedOn", style.based)
        + val("next", style.next)
        + el("qFormat")
        + wrap("pPr", ppr(style))
        + wrap("rPr", rpr(style)),
    )


def styles_xml() -> str:
    """Return word/styles.xml: the document defaults, then :data:`STYLES`."""
    run_defaults = (
        rfonts(FANGSONG, hint=False)
        + val("kern", 0)
        + val("sz", BODY_SIZE)
        + val("szCs", BODY_SIZE)
        + el("lang", (("val", "en-US"), ("eastAsia", "zh-CN"), ("bidi", "ar-SA")))
    )
    defaults = el(
        "docDefaults",
        content=wrap("rPrDefault", wrap("rPr", run_defaults))
        + wrap("pPrDefault", wrap("pPr", spacing(LINE_PITCH, "exact"))),
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{W_NS}">{defaults}{"".join(map(style_xml, STYLES))}</w:styles>'
    )


def settings_xml() -> str:
    """Return word/settings.xml (mirror margins, odd/even footers, no compression)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W_NS}">'
        # CT_Settings is a sequence: defaultTabStop before evenAndOddHeaders (ECMA-376 §17.15.1.78)
        '<w:mirrorMargins/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        "</w:settings>"
    )


def theme_xml() -> str:
    """Return word/theme/theme1.xml: the smallest complete theme (Word writes one always).

    The styles name every font explicitly, so the theme's fonts and colours are not used
    by the text; the part is here because Word (and the Open XML SDK's validator) expect
    the main document to have a theme.
    """
    colours = (
        ("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
        ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
        ("dk2", '<a:srgbClr val="44546A"/>'),
        ("lt2", '<a:srgbClr val="E7E6E6"/>'),
        ("accent1", '<a:srgbClr val="4472C4"/>'),
        ("accent2", '<a:srgbClr val="ED7D31"/>'),
        ("accent3", '<a:srgbClr val="A5A5A5"/>'),
        ("accent4", '<a:srgbClr val="FFC000"/>'),
        ("accent5", '<a:srgbClr val="5B9BD5"/>'),
        ("accent6", '<a:srgbClr val="70AD47"/>'),
        ("hlink", '<a:srgbClr val="0563C1"/>'),
        ("folHlink", '<a:srgbClr val="954F72"/>'),
    )
    scheme = "".join(f"<a:{name}>{value}</a:{name}>" for name, value in colours)

    def font(tag: str, east: str) -> str:
        return (
            f'<a:{tag}><a:latin typeface="{LATIN}"/><a:ea typeface="{east}"/>'
            f'<a:cs typeface="{LATIN}"/></a:{tag}>'
        )

    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{fill}</a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<a:theme xmlns:a="{A_NS}" name="drafting"><a:themeElements>'
        f'<a:clrScheme name="drafting">{scheme}</a:clrScheme>'
        f'<a:fontScheme name="drafting">{font("majorFont", HEITI)}{font("minorFont", SONGTI)}'
        "</a:fontScheme>"
        f'<a:fmtScheme name="drafting"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>"
        "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def font_table_xml() -> str:
    """Return word/fontTable.xml with the 公文 fonts and their English names."""
    entries = [
        (FANGSONG, "FangSong_GB2312", "modern"),
        (KAITI, "KaiTi_GB2312", "modern"),
        (HEITI, "SimHei", "modern"),
        (TITLE, "FZXiaoBiaoSong-B05S", "script"),
        (SONGTI, "SimSun", "auto"),
        (LATIN, None, "roman"),
    ]
    body = [
        el(
            "font",
            (("name", name),),
            val("altName", alt) + val("charset", "86" if alt else "00") + val("family", family),
        )
        for name, alt, family in entries
    ]
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:fonts xmlns:w="{W_NS}">{"".join(body)}</w:fonts>'
    )


def footer_xml(odd: bool) -> str:
    """Return a footer with "— PAGE —": odd pages right, even pages left, one 4号 character in."""
    ind = (
        f'<w:ind w:right="{PAGE_NUMBER_INDENT}"/><w:jc w:val="right"/>'
        if odd
        else f'<w:ind w:left="{PAGE_NUMBER_INDENT}"/><w:jc w:val="left"/>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="GwPageNum"/>{ind}</w:pPr>'
        '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'
    )


WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
EMU_PER_MM = 36000
# Where a portrait page has its number (gbt9704.md §5.1, measured in LibreOffice): the
# baseline 26.35 mm above the paper's lower edge (the 一字线 7 mm below the 版心), the
# number's outer end one 4号 character inside the 版心's side.
NUMBER_BASELINE_MM = 26.35
NUMBER_END_MM = {True: 210 - 26 - 4.94, False: 26 + 4.94}
NUMBER_BOX_MM = (12.0, 40.0)
"""The turned page number's text box: across (the line's height) and along (its room)."""


def turned_number_box(odd: bool) -> str:
    """Return a run holding the page number of a landscape page in a text box turned a
    quarter clockwise, placed where the portrait pages have theirs (gbt9704.md §4.5).

    The table head is at the binding edge, so held the way the portrait pages are held
    the landscape page's left edge is the paper's lower edge and its top edge the paper's
    left: a portrait point (X, Y) is the landscape point (297 − Y, X). The box is placed
    relative to the page; its text reads downwards (bodyPr vert="vert"), its first line
    at the box's right-hand side.
    """
    across, along = NUMBER_BOX_MM
    end = NUMBER_END_MM[odd]
    top = end - along if odd else end
    # the box's first line has its baseline one ascent inside the box's side: 0.97 em
    # for FandolSong 4号 at single spacing, as LibreOffice 7.4 lays it out (measured
    # with tools/measure_pdf.py: the 一字线 then lands 7.1 mm outside the 版心)
    right = NUMBER_BASELINE_MM + 0.97 * FOOTER_SIZE / 2 * 25.4 / 72
    x, y = round((right - across) * EMU_PER_MM), round(top * EMU_PER_MM)
    cx, cy = round(across * EMU_PER_MM), round(along * EMU_PER_MM)
    jc = "right" if odd else "left"
    number = (
        f'<w:p><w:pPr><w:pStyle w:val="GwPageNum"/><w:jc w:val="{jc}"/></w:pPr>'
        '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    )
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{1 if odd else 2}" name="页码"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{WPS_NS}"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{number}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="vert" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        'anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
        "</wp:anchor></w:drawing></w:r>"
    )


def landscape_footer_xml(odd: bool) -> str:
    """Return a landscape page's footer: no text of its own, the turned page number box."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}" xmlns:a="{A_NS}" '
        f'xmlns:wps="{WPS_NS}"><w:p><w:pPr><w:pStyle w:val="GwPageNum"/></w:pPr>'
        f"{turned_number_box(odd)}</w:p></w:ftr>"
    )


def p(style_id: str, *runs: str, ppr: str = "") -> str:
    """Return a paragraph of ``style_id`` holding ``runs``."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{ppr}</w:pPr>{"".join(runs)}</w:p>'


def r(text: str, char_style: str | None = None) -> str:
    """Return a run with ``text`` (kept verbatim, Jinja tags included)."""
    rpr = f'<w:rPr><w:rStyle w:val="{char_style}"/></w:rPr>' if char_style else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def tag(text: str) -> str:
    """Return a paragraph that holds only a docxtpl paragraph tag such as ``{%p if x %}``."""
    return p("Normal", r(text))


def sect_pr(*, landscape: bool = False) -> str:
    """Return a sectPr: A4 portrait, or A4 landscape with the 版心 turned with the page.

    No Jinja here: Word and LibreOffice rewrite sectPr on save and drop any text in it.
    Which sections a document has is decided by the paragraphs around the section break
    (see :data:`ATTACHMENT_BLOCK`); drafting.render.passes drops a trailing empty section.
    """
    turned = "Landscape" if landscape else ""  # a landscape page's number is turned
    refs = (
        f'<w:footerReference w:type="default" r:id="rIdFooterOdd{turned}"/>'
        f'<w:footerReference w:type="even" r:id="rIdFooterEven{turned}"/>'
    )
    grid = f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/>'
    if landscape:
        size = f'<w:pgSz w:w="{PAGE_H}" w:h="{PAGE_W}" w:orient="landscape"/>'
        margin = LANDSCAPE_MARGIN
    else:
        size = f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        margin = MARGIN
    sides = [(side, margin[side]) for side in ("top", "right", "bottom", "left")]
    page = size + el("pgMar", [*sides, ("header", HEADER), ("footer", FOOTER), ("gutter", 0)])
    return f"<w:sectPr>{refs}{page}{grid}</w:sectPr>"


BODY_BLOCKS = "".join(
    [
        tag("{%p for b in body %}"),
        tag('{%p if b.kind == "heading1" %}'),
        p("Heading1", r("{{ b.head }}")),
        tag('{%p elif b.kind == "heading2" %}'),
        p("Heading2", r("{{ b.head }}")),
        tag('{%p elif b.kind == "heading3" %}'),
        p("Heading3", r("{{ b.head }}")),
        tag('{%p elif b.kind == "runin1" %}'),
        p("Normal", r("{{ b.head }}", "GwRunIn1Char"), r("{{ b.text }}")),
        tag('{%p elif b.kind == "runin2" %}'),
        p(
            "Normal",
            r("{{ b.head }}", "GwRunIn2Char"),
            r("{{ b.text }}"),
            r("{{ b.resp }}", "GwResponsibilityChar"),
        ),
        tag('{%p elif b.kind == "runin3" %}'),
        p(
            "Normal",
            r("{{ b.head }}", "GwRunIn3Char"),
            r("{{ b.text }}"),
            r("{{ b.resp }}", "GwResponsibilityChar"),
        ),
        tag('{%p elif b.kind == "responsibility" %}'),
        p("GwResponsibility", r("{{ b.text }}")),
        tag('{%p elif b.kind == "closing" %}'),
        p("GwClosing", r("{{ b.text }}")),
        tag("{%p else %}"),
        p("Normal", r("{{ b.text }}"), r("{{ b.resp }}", "GwResponsibilityChar")),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
    ]
)

TITLE_BLOCK = "".join(
    [
        p("GwTitle", r("{{ title }}")),
        tag("{%p if subtitle %}"),
        p("GwByline", r("{{ subtitle }}")),
        tag("{%p endif %}"),
    ]
)

CLOSING_BLOCK = "".join(
    [
        tag("{%p if attachment_note %}"),
        p("Normal"),
        p("GwAttachNote", r("{{ attachment_note }}")),
        tag("{%p endif %}"),
        tag("{%p if signature %}"),
        p("Normal"),
        # the right indents depend on the text (§7.3.5.2): set by drafting.render.passes, since
        # Word and LibreOffice drop Jinja in typed attributes such as w:ind/@w:right
        p("GwSignature", r("{{ signature.org }}")),
        p("GwDate", r("{{ signature.date }}")),
        tag("{%p endif %}"),
    ]
)


def _cell(width: int, content: str, *, span: int = 1) -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}<w:vAlign w:val="center"/></w:tcPr>'
        f"{content}</w:tc>"
    )


def _row(cells: str, *, header: bool = False) -> str:
    trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{trpr}</w:trPr>{cells}</w:tr>"


def _table(columns: tuple[tuple[str, int], ...], rows: str) -> str:
    """Return a bordered, fixed-layout table: a repeated header row, then ``rows``."""
    width = sum(w for _, w in columns)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for _, w in columns)
    head = _row("".join(_cell(w, p("GwTableHead", r(name))) for name, w in columns), header=True)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{head}{rows}</w:tbl>"
    )


def _fields_row(columns: tuple[tuple[str, int], ...], cells: tuple[tuple[str, str], ...]) -> str:
    """Return a table row of one (style, text) paragraph per column."""
    return _row(
        "".join(
            _cell(w, p(style_id, r(text)))
            for (_, w), (style_id, text) in zip(columns, cells, strict=True)
        )
    )


def _tag_row(columns: tuple[tuple[str, int], ...], text: str) -> str:
    width = sum(w for _, w in columns)
    return _row(_cell(width, p("GwTableText", r(text)), span=len(columns)))


def task_table() -> str:
    """Return the 重点工作任务分解表 as a docxtpl table: header, group rows, task rows."""
    cols = TABLE_COLUMNS
    group_row = _row(_cell(LANDSCAPE_TEXT_W, p("GwTableGroup", r("{{ g.title }}")), span=len(cols)))
    task_row = _fields_row(
        cols,
        (
            ("GwTableNum", "{{ t.number }}"),
            ("GwTableText", "{{ t.task }}"),
            ("GwTableText", "{{ t.lead }}"),
            ("GwTableText", "{{ t.units }}"),
            ("GwTableNum", "{{ t.deadline }}"),
        ),
    )
    return _table(
        cols,
        f"{_tag_row(cols, '{%tr for g in task_table.groups %}')}{group_row}"
        f"{_tag_row(cols, '{%tr for t in g.rows %}')}{task_row}{_tag_row(cols, '{%tr endfor %}')}"
        f"{_tag_row(cols, '{%tr endfor %}')}",
    )


COMPLETION_COLUMNS = (
    ("序号", 800),
    ("责任单位", 2000),
    ("事项数", 1100),
    ("已填写", 1100),
    ("未填写", 1100),
    ("未填写完成情况的事项", 2745),
)


def completion_table() -> str:
    """Return the 任务完成情况统计表 as a docxtpl table: one row per unit, then the total."""
    cols = COMPLETION_COLUMNS

    def fields(var: str, unit_style: str) -> tuple[tuple[str, str], ...]:
        return (
            ("GwTableNum", f"{{{{ {var}.number }}}}"),
            (unit_style, f"{{{{ {var}.unit }}}}"),
            ("GwTableNum", f"{{{{ {var}.total }}}}"),
            ("GwTableNum", f"{{{{ {var}.done }}}}"),
            ("GwTableNum", f"{{{{ {var}.open }}}}"),
            ("GwTableText", f"{{{{ {var}.pending }}}}"),
        )

    return _table(
        cols,
        f"{_tag_row(cols, '{%tr for u in completion_table.rows %}')}"
        f"{_fields_row(cols, fields('u', 'GwTableText'))}{_tag_row(cols, '{%tr endfor %}')}"
        f"{_fields_row(cols, fields('completion_table.total', 'GwTableGroup'))}",
    )


SECTION_BREAK = p("Normal", r("{# 分节：以上为正文，以下为附件，请勿删除本段 #}"), ppr=sect_pr())
"""Ends the portrait main text. It stays outside the attachment's ``{%p if %}``: without
an attachment the last section is empty and drafting.render.passes removes it, so the page
setup of both sections is plain Word page setup that editors can change and keep. The
Jinja comment renders to nothing; it keeps the paragraph non-empty, because LibreOffice
drops an empty paragraph that only carries a section break and moves the break onto the
paragraph before it (here a ``{%p endif %}`` that rendering removes)."""

ATTACHMENT_BLOCK = "".join(
    [
        SECTION_BREAK,
        tag("{%p if task_table %}"),
        p("GwAttachLabel", r("{{ task_table.label }}")),
        p("Normal"),
        p("GwTitle", r("{{ task_table.title }}")),
        p("Normal"),
        task_table(),
        tag("{%p endif %}"),
    ]
)

COMPLETION_BLOCK = "".join(
    [
        SECTION_BREAK,
        tag("{%p if completion_table %}"),
        p("GwAttachLabel", r("{{ completion_table.label }}")),
        p("Normal"),
        p("GwTitle", r("{{ completion_table.title }}")),
        p("Normal"),
        completion_table(),
        tag("{%p endif %}"),
    ]
)

SPEECH_HEAD = "".join(
    [
        tag("{%p if speaker %}"),
        p("GwByline", r("{{ speaker }}")),
        tag("{%p endif %}"),
        tag("{%p if date_line %}"),
        p("GwByline", r("{{ date_line }}")),
        tag("{%p endif %}"),
        p("Normal"),
        p("GwAddressee", r("{{ salutation }}")),
    ]
)

ADDRESSEE_BLOCK = "".join(
    [
        p("Normal"),
        tag("{%p if addressee %}"),
        p("GwAddressee", r("{{ addressee }}")),
        tag("{%p endif %}"),
    ]
)


TAB = "<w:r><w:tab/></w:r>"
"""A run holding one tab (to the next tab stop)."""

HEAD_MARKS = "".join(
    [
        tag("{%p if copy_number %}"),
        p("GwCopyNumber", r("{{ copy_number }}")),
        tag("{%p endif %}"),
        tag("{%p if secrecy %}"),
        p("GwSecrecy", r("{{ secrecy }}")),
        tag("{%p endif %}"),
        tag("{%p if urgency %}"),
        p("GwUrgency", r("{{ urgency }}")),
        tag("{%p endif %}"),
    ]
)
"""份号, 密级和保密期限, 紧急程度: 顶格, one a line from the 版心's top (§7.2.1–7.2.3)."""


def joint_letterhead() -> str:
    """Return the 标志 of several organs: a borderless two-column table, the names (主办
    机关 first) stacked on the left, "文件" on the right, centred across them (§7.2.4).
    drafting.render.passes sizes the columns to the names."""
    cell_pr = '<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
    names = (
        tag("{%p for n in letterhead.names %}")
        + p("GwLetterhead", r("{{ n }}"), ppr='<w:jc w:val="distribute"/>')
        + tag("{%p endfor %}")
    )
    word = p("GwLetterhead", r("{{ letterhead.word }}"))
    left, right = TEXT_W - 2000, 2000
    no_border = "".join(
        f'<w:{side} w:val="nil"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_W}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{no_border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        f'<w:tblGrid><w:gridCol w:w="{left}"/><w:gridCol w:w="{right}"/></w:tblGrid>'
        f"<w:tr><w:tc>{cell_pr.format(w=left)}{names}</w:tc>"
        f"<w:tc>{cell_pr.format(w=right)}{word}</w:tc></w:tr></w:tbl>"
    )


LETTERHEAD_BLOCK = "".join(
    [
        tag("{%p if letterhead %}"),
        p("GwLetterheadSpace"),
        tag("{%p if letterhead.joint %}"),
        joint_letterhead(),
        tag("{%p else %}"),
        tag("{%p for n in letterhead.lines %}"),
        p("GwLetterhead", r("{{ n }}")),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        p("Normal"),
        p("Normal"),
        tag("{%p for l in issuer_lines %}"),
        p(
            "GwIssuer",
            TAB,
            TAB,
            r("{{ l.label }}"),
            TAB,
            r("{{ l.a }}", "GwIssuerNameChar"),
            TAB,
            r("{{ l.b }}", "GwIssuerNameChar"),
        ),
        tag("{%p endfor %}"),
        tag("{%p if number_line %}"),
        p(
            "GwDocNumberUp",
            TAB,
            r("{{ number_line.number }}"),
            TAB,
            r("{{ number_line.label }}"),
            TAB,
            r("{{ number_line.a }}", "GwIssuerNameChar"),
            TAB,
            r("{{ number_line.b }}", "GwIssuerNameChar"),
        ),
        tag("{%p else %}"),
        p("GwDocNumber", r("{{ doc_number }}")),
        tag("{%p endif %}"),
        p("Normal"),
        p("Normal"),
        tag("{%p endif %}"),
    ]
)
"""The 版头 below the marks: a white whose height puts the 标志 35 mm below the 版心 top,
the 标志, 2 lines, the 字号 (with the 签发人 of a 上行文) above the red line, 2 lines
(§7.2.4–7.2.7). Shared by notices and by plans and summaries issued with a 字号."""

NOTICE_CLOSING = "".join(
    [
        tag("{%p if attachment_note %}"),
        p("Normal"),
        p("GwAttachNote", r("{{ attachment_note }}")),
        tag("{%p endif %}"),
        tag("{%p if attachment_first %}"),
        p("Normal"),
        p(
            "GwAttachNoteFirst",
            r("附件：{{ attachment_first.number }}"),
            TAB,
            r("{{ attachment_first.title }}"),
        ),
        tag("{%p for a in attachment_rest %}"),
        p("GwAttachNoteNext", r("{{ a.number }}"), TAB, r("{{ a.title }}")),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        # the seal's place (§7.3.5): one white line without a seal, two with one
        p("Normal"),
        tag("{%p if signature.sealed %}"),
        p("Normal"),
        tag("{%p endif %}"),
        tag("{%p if signature.signer %}"),
        p("GwSigner", r("{{ signature.signer }}")),
        p("Normal"),
        tag("{%p else %}"),
        tag("{%p for o in signature.orgs %}"),
        p("GwSignature", r("{{ o }}")),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        p("GwDate", r("{{ signature.date }}")),
        tag("{%p if note %}"),
        p("GwNote", r("{{ note }}")),
        tag("{%p endif %}"),
    ]
)
"""附件说明, the seal's place, 署名 (or the 签发人签名章), 成文日期 and 附注 (§7.3.4–7.3.6)."""


def imprint_table() -> str:
    """Return the 版记 table: 主送/抄送 in one cell, 印发 in the next row; thick first and
    last lines, a thin line between (§7.4); cell margins of one 4号 character."""
    borders = (
        '<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:left w:val="nil"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:right w:val="nil"/>'
        '<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
        '<w:insideV w:val="nil"/>'
    )
    cell = f'<w:tcPr><w:tcW w:w="{TEXT_W}" w:type="dxa"/></w:tcPr>'

    def row(content: str) -> str:
        return f"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>{cell}{content}</w:tc></w:tr>"

    def tag_row(text: str) -> str:
        return row(p("GwImprint", r(text)))

    send = "".join(
        [
            tag("{%p if imprint.addressee %}"),
            p("GwImprintCc", r("{{ imprint.addressee }}")),
            tag("{%p endif %}"),
            tag("{%p if imprint.cc %}"),
            p("GwImprintCc", r("{{ imprint.cc }}")),
            tag("{%p endif %}"),
        ]
    )
    printed = p("GwImprintPrint", r("{{ imprint.printer }}"), TAB, r("{{ imprint.date }}"))
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_W}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{IMPRINT_CHAR}" w:type="dxa"/>'
        f'<w:right w:w="{IMPRINT_CHAR}" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        f'<w:tblGrid><w:gridCol w:w="{TEXT_W}"/></w:tblGrid>'
        + tag_row("{%tr if imprint.sends %}")
        + row(send)
        + tag_row("{%tr endif %}")
        + tag_row("{%tr if imprint.printed %}")
        + row(printed)
        + tag_row("{%tr endif %}")
        + "</w:tbl>"
    )


IMPRINT_BOX = (
    # VML (ECMA-376 transitional, Word and LibreOffice): a text box as wide as the 版心,
    # its bottom on the 版心's bottom edge (mso-position-vertical:bottom relative to the
    # margin), text above and below kept off it (wrap top-and-bottom)
    '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" id="imprint" o:spid="_x0000_s1025" '
    'type="#_x0000_t202" filled="f" stroked="f" '
    f'style="position:absolute;margin-left:0;margin-top:0;width:{TEXT_W / 20}pt;'
    f"height:{IMPRINT_HEIGHT / 20}pt;z-index:1;"
    "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    "mso-position-vertical:bottom;mso-position-vertical-relative:margin;"
    'v-text-anchor:bottom">'
    '<v:textbox inset="0,0,0,0"><w:txbxContent>' + "{IMPRINT}" + "</w:txbxContent></v:textbox>"
    '<w10:wrap type="topAndBottom" anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
)

IMPRINT_BLOCK = "".join(
    [
        tag("{%p if imprint %}"),
        # the paragraph a text box must end with, after the table: 1 pt high, so that the
        # table's last line, not this paragraph, sits on the 版心's bottom edge
        p(
            "GwImprint",
            IMPRINT_BOX.replace(
                "{IMPRINT}",
                imprint_table() + p("GwImprint", ppr='<w:spacing w:line="20" w:lineRule="exact"/>'),
            ),
        ),
        tag("{%p endif %}"),
    ]
)
"""The 版记 at the foot of the last page (§7.4, gbt9704.md §4.4)."""


def document_xml(kind: str) -> str:
    """Return word/document.xml for ``kind`` (plan, summary or speech)."""
    if kind == "speech":
        body = TITLE_BLOCK + SPEECH_HEAD + BODY_BLOCKS + sect_pr()
    elif kind == "notice":
        body = notice_body()
    else:
        body = (
            LETTERHEAD_BLOCK
            + TITLE_BLOCK
            + ADDRESSEE_BLOCK
            + BODY_BLOCKS
            + CLOSING_BLOCK
            + (
                ATTACHMENT_BLOCK + sect_pr(landscape=True)
                if kind == "plan"
                else COMPLETION_BLOCK + sect_pr()
            )
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>'
    )


def notice_body() -> str:
    """Return the body of the notice template: 版头, 主体, 版记, one portrait section."""
    return (
        HEAD_MARKS
        + LETTERHEAD_BLOCK
        + TITLE_BLOCK
        + ADDRESSEE_BLOCK
        + BODY_BLOCKS
        + NOTICE_CLOSING
        + IMPRINT_BLOCK
        + sect_pr()
    )


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/theme/theme1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer3.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer4.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/theme" Target="theme/theme1.xml"/>'
    '<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/footer" Target="footer1.xml"/>'
    '<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/footer" Target="footer2.xml"/>'
    '<Relationship Id="rIdFooterOddLandscape" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/footer" Target="footer3.xml"/>'
    '<Relationship Id="rIdFooterEvenLandscape" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/footer" Target="footer4.xml"/>'
    "</Relationships>"
)


def core_xml(kind: str) -> str:
    """Return docProps/core.xml with fixed values (reproducible bytes)."""
    title = {
        "plan": "工作要点模板",
        "summary": "工作总结模板",
        "speech": "讲话稿模板",
        "notice": "公文模板",
    }[kind]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>drafting</dc:creator>"
        "<cp:lastModifiedBy>drafting</cp:lastModifiedBy>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>drafting</Application></Properties>"
)


def parts(kind: str) -> dict[str, str]:
    """Return every part of the template for ``kind``, by zip member name."""
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": core_xml(kind),
        "docProps/app.xml": APP_XML,
        "word/document.xml": document_xml(kind),
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/theme/theme1.xml": theme_xml(),
        "word/footer1.xml": footer_xml(odd=True),
        "word/footer2.xml": footer_xml(odd=False),
        "word/footer3.xml": landscape_footer_xml(odd=True),
        "word/footer4.xml": landscape_footer_xml(odd=False),
    }


def write(kind: str, path: Path) -> None:
    """Write the template for ``kind`` to ``path`` with fixed zip timestamps."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts(kind).items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))


def main() -> None:
    out = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "templates"
    )
    out.mkdir(parents=True, exist_ok=True)
    for kind in ("plan", "summary", "speech", "notice"):
        write(kind, out / f"{kind}.docx")
        print(out / f"{kind}.docx")


if __name__ == "__main__":
    main()
