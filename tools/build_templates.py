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
from pathlib import Path
from xml.sax.saxutils import escape

# The values come from the package: run from a checkout, the checkout's (README: run as
# `python3 tools/build_templates.py`, where sys.path[0] is tools/).
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from drafting.gbt9704 import (
    A4,
    BODY_SIZE,
    CHAR_SPACING,
    FANGSONG,
    FOOTER,
    FOOTER_SIZE,
    HEADER,
    HEITI,
    KAITI,
    LATIN,
    PAGE_NUMBER_INDENT,
    PAGE_PROFILES,
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
    ("工作任务", 6456),
    ("牵头单位", 1800),
    ("责任单位", 2400),
    ("完成时限", 1200),
)


def fonts(east: str, latin: str = LATIN) -> str:
    """Return an rFonts element with all four slots and the eastAsia hint."""
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" '
        f'w:cs="{latin}" w:hint="eastAsia"/>'
    )


def style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based: str | None = "Normal",
    nxt: str | None = None,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
) -> str:
    """Return one w:style element."""
    parts = [f'<w:style w:type="{kind}" w:styleId="{style_id}"{extra}><w:name w:val="{name}"/>']
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if nxt:
        parts.append(f'<w:next w:val="{nxt}"/>')
    parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
NO_GRID = '<w:snapToGrid w:val="0"/>'


def styles_xml() -> str:
    """Return word/styles.xml."""
    size16 = f'<w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
    size14 = f'<w:sz w:val="{FOOTER_SIZE}"/><w:szCs w:val="{FOOTER_SIZE}"/>'
    table_line = '<w:spacing w:before="0" w:after="0" w:line="400" w:lineRule="exact"/>'
    defs = [
        style(
            "paragraph",
            "Normal",
            "Normal",
            based=None,
            extra=' w:default="1"',
            ppr=(
                # No punctuation past the 版心: Word's default lets a 。，； that does not
                # fit hang 5.6 mm into the margin (ECMA-376 §17.3.1.21). LibreOffice reads
                # this element inverted; drafting.render.lo_input flips it in the copy it converts.
                '<w:widowControl w:val="0"/><w:overflowPunct w:val="0"/>'
                f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
                '<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>'
            ),
            rpr=fonts(FANGSONG) + f'<w:spacing w:val="{CHAR_SPACING}"/>' + size16,
        ),
        style(
            "character",
            "DefaultParagraphFont",
            "Default Paragraph Font",
            based=None,
            extra=' w:default="1"',
        ),
        style(
            "paragraph",
            "GwTitle",
            "GW 公文标题",
            nxt="Normal",
            ppr=(
                "<w:keepNext/>"
                + NO_GRID
                + '<w:spacing w:before="0" w:after="0" w:line="720" w:lineRule="exact"/>'
                + NO_INDENT
                + '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>'
            ),
            rpr=fonts(TITLE)
            + '<w:b w:val="0"/><w:spacing w:val="0"/>'
            + f'<w:sz w:val="{TITLE_SIZE}"/><w:szCs w:val="{TITLE_SIZE}"/>',
        ),
        style(
            "paragraph",
            "Heading1",
            "heading 1",
            nxt="Normal",
            ppr='<w:keepNext/><w:outlineLvl w:val="0"/>',
            rpr=fonts(HEITI) + '<w:b w:val="0"/>' + size16,
        ),
        style(
            "paragraph",
            "Heading2",
            "heading 2",
            nxt="Normal",
            ppr='<w:keepNext/><w:outlineLvl w:val="1"/>',
            rpr=fonts(KAITI) + '<w:b w:val="0"/>' + size16,
        ),
        style(
            "paragraph",
            "Heading3",
            "heading 3",
            nxt="Normal",
            ppr='<w:keepNext/><w:outlineLvl w:val="2"/>',
            rpr=fonts(FANGSONG) + "<w:b/><w:bCs/>" + size16,
        ),
        style(
            "paragraph",
            "Heading4",
            "heading 4",
            nxt="Normal",
            ppr='<w:outlineLvl w:val="3"/>',
            rpr=fonts(FANGSONG) + '<w:b w:val="0"/>' + size16,
        ),
        style("character", "GwRunIn1Char", "GW 一级标题(段首)", based=None, rpr=fonts(HEITI)),
        style("character", "GwRunIn2Char", "GW 二级标题(段首)", based=None, rpr=fonts(KAITI)),
        style("character", "GwRunIn3Char", "GW 三级标题(段首)", based=None, rpr="<w:b/><w:bCs/>"),
        style(
            "character",
            "GwResponsibilityChar",
            "GW 责任单位(段末)",
            based=None,
            rpr=fonts(FANGSONG),
        ),
        style("paragraph", "GwResponsibility", "GW 责任单位", rpr=fonts(FANGSONG)),
        style("paragraph", "GwClosing", "GW 结尾段落"),
        style("paragraph", "GwAddressee", "GW 主送机关", ppr=NO_INDENT + '<w:jc w:val="left"/>'),
        style(
            "paragraph",
            "GwByline",
            "GW 署名行(楷体)",
            ppr=NO_INDENT + '<w:jc w:val="center"/>',
            rpr=fonts(KAITI),
        ),
        style(
            "paragraph",
            "GwSignature",
            "GW 发文机关署名",
            ppr='<w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0" w:right="640"/><w:jc w:val="right"/>',
        ),
        style(
            "paragraph",
            "GwDate",
            "GW 成文日期",
            ppr='<w:ind w:firstLineChars="0" w:firstLine="0" w:right="640"/><w:jc w:val="right"/>',
        ),
        style(
            "paragraph",
            "GwAttachNote",
            "GW 附件说明",
            ppr='<w:ind w:left="1600" w:hangingChars="300" w:hanging="960"/><w:jc w:val="left"/>',
        ),
        style(
            "paragraph",
            "GwAttachLabel",
            "GW 附件标识",
            nxt="Normal",
            ppr=NO_INDENT + '<w:jc w:val="left"/><w:outlineLvl w:val="0"/>',
            rpr=fonts(HEITI),
        ),
        style(
            "paragraph",
            "GwTableHead",
            "GW 表头",
            ppr=NO_GRID + table_line + NO_INDENT + '<w:jc w:val="center"/>',
            rpr=fonts(HEITI) + '<w:spacing w:val="0"/>' + size14,
        ),
        style(
            "paragraph",
            "GwTableGroup",
            "GW 表格分组",
            ppr=NO_GRID + table_line + NO_INDENT + '<w:jc w:val="left"/>',
            rpr=fonts(HEITI) + '<w:spacing w:val="0"/>' + size14,
        ),
        style(
            "paragraph",
            "GwTableText",
            "GW 表格文字",
            ppr=NO_GRID + table_line + NO_INDENT + '<w:jc w:val="left"/>',
            rpr=fonts(FANGSONG) + '<w:spacing w:val="0"/>' + size14,
        ),
        style(
            "paragraph",
            "GwTableNum",
            "GW 表格序号",
            ppr=NO_GRID + table_line + NO_INDENT + '<w:jc w:val="center"/>',
            rpr=fonts(FANGSONG) + '<w:spacing w:val="0"/>' + size14,
        ),
        style(
            "paragraph",
            "GwPageNum",
            "GW 页码",
            ppr=(
                NO_GRID
                + '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                + NO_INDENT
            ),
            rpr=fonts(SONGTI, SONGTI) + '<w:spacing w:val="0"/>' + size14,
        ),
        style("paragraph", "Footer", "footer", ppr=NO_GRID + NO_INDENT),
        style("table", "TableNormal", "Normal Table", based=None, extra=' w:default="1"'),
    ]
    doc_defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{FANGSONG}" w:cs="{LATIN}"/>'
        f'<w:kern w:val="0"/><w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{W_NS}">{doc_defaults}{"".join(defs)}</w:styles>'
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
    body = []
    for name, alt, family in entries:
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        charset = '<w:charset w:val="86"/>' if alt else '<w:charset w:val="00"/>'
        body.append(
            f'<w:font w:name="{name}">{alt_xml}{charset}<w:family w:val="{family}"/></w:font>'
        )
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
    refs = (
        '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
    )
    grid = f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/>'
    if landscape:
        size = f'<w:pgSz w:w="{PAGE_H}" w:h="{PAGE_W}" w:orient="landscape"/>'
        margin = LANDSCAPE_MARGIN
    else:
        size = f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        margin = MARGIN
    page = (
        f'{size}<w:pgMar w:top="{margin["top"]}" w:right="{margin["right"]}" '
        f'w:bottom="{margin["bottom"]}" w:left="{margin["left"]}" '
        f'w:header="{HEADER}" w:footer="{FOOTER}" w:gutter="0"/>'
    )
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


def document_xml(kind: str) -> str:
    """Return word/document.xml for ``kind`` (plan, summary or speech)."""
    if kind == "speech":
        body = TITLE_BLOCK + SPEECH_HEAD + BODY_BLOCKS + sect_pr()
    else:
        body = (
            TITLE_BLOCK
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
    "</Relationships>"
)


def core_xml(kind: str) -> str:
    """Return docProps/core.xml with fixed values (reproducible bytes)."""
    title = {"plan": "工作要点模板", "summary": "工作总结模板", "speech": "讲话稿模板"}[kind]
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
    for kind in ("plan", "summary", "speech"):
        write(kind, out / f"{kind}.docx")
        print(out / f"{kind}.docx")


if __name__ == "__main__":
    main()
