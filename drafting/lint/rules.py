"""``lint``: check any .docx against GB/T 9704-2012, paragraph by paragraph.

The library entry point behind ``drafting lint``. Each finding is a
:class:`~drafting.diagnostics.Diagnostic` whose line is the paragraph number (1-based,
every ``w:p`` of the body in order, table cells included; 0 for the page footers and
settings) and whose message quotes the paragraph. The input is never modified.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from drafting.diagnostics import Diagnostic, Severity, Tally
from drafting.errors import PackageError
from drafting.fsio import discover
from drafting.gbt9704 import missing
from drafting.ooxml.package import Package, W, open_package, removed_by_revision, twips
from drafting.ooxml.styles import (
    ParaFormat,
    RunFormat,
    Styles,
    paragraph_properties,
    run_properties,
)
from drafting.outline import NUMERAL, value_of
from drafting.render.passes import PAGE_PROFILES

ERROR, WARNING = Severity.ERROR, Severity.WARNING

RULES: dict[str, tuple[Severity, str]] = {
    "page-size": (ERROR, "纸张为 A4（210 mm × 297 mm）"),
    "page-margin": (ERROR, "页边距：天头 37 mm、订口 28 mm、版心 156 mm × 225 mm（±1 mm）"),
    "page-lines": (ERROR, "每面排 22 行并撑满版心"),
    "page-chars": (ERROR, "每行排 28 个字"),
    "title-font": (ERROR, "标题用 2 号小标宋体，居中"),
    "heading-font": (ERROR, "一级标题黑体、二级标题楷体、三级和四级标题仿宋"),
    "body-font": (ERROR, "正文用仿宋"),
    "font-size": (ERROR, "正文和各级标题用 3 号字（16 磅），标题 2 号（22 磅）"),
    "heading-number-form": (ERROR, "层次序号写作“一、”“（一）”“1.”“（1）”"),
    "heading-final-punctuation": (WARNING, "单独成段的一级、二级标题末尾不加标点"),
    "numbering-sequence": (ERROR, "同一层次的序号连续，不跳号、不重号"),
    "doc-number": (ERROR, "发文字号的年份用六角括号“〔〕”，序号不加“第”、不编虚位"),
    "date-format": (WARNING, "日期写作“2024年1月5日”，月、日不编虚位"),
    "page-number-format": (ERROR, "页码写作“— 1 —”（一字线、半角空格）"),
    "page-number-font": (ERROR, "页码用 4 号半角宋体"),
    "page-number-position": (ERROR, "单页码居右空一字，双页码居左空一字"),
    "attachment-label": (ERROR, "附件标识“附件”或“附件2”：另起一页、顶格、3 号黑体、不加冒号"),
    "attachment-title": (WARNING, "附件标题在附件标识下空一行（第 3 行）居中编排"),
    "gb2312-missing": (WARNING, "用 _GB2312 字体的文字中有 GB2312 字库没有的字，打印为空白"),
}
"""Every rule: stable code → (severity, what the standard asks), in Chinese."""

TOLERANCE = 57  # ±1 mm in twips
A4 = (11906, 16838)
LEFT, RIGHT = 1587, 1474  # 订口 28 mm, right white 26 mm
BODY_SIZE, TITLE_SIZE, FOOTER_SIZE = 32, 44, 28  # half-points: 3号, 2号, 4号

ROLE_NAMES = {"xbs": "小标宋体", "fangsong": "仿宋", "kai": "楷体", "hei": "黑体", "song": "宋体"}
_SENTENCE_END = "。！？"
_FINAL_PUNCT = "。；，：！？.;,:、"

_L1 = re.compile(rf"^({NUMERAL})(\s*)([、.．，,])")
_L2 = re.compile(rf"^([（(])({NUMERAL})([）)])(\s*[、.．，,])?")
_L3 = re.compile(r"^([0-9]{1,3}|[０-９]{1,3})(\s*)([.．、，,])(?![0-9０-９])")
# Four digits or more could be a year ("2025，…"): a task number only when it continues
# the numbering (our own 20,000-task plans number up to 20000.).
_LONG_L3 = re.compile(r"^([0-9]{4,6}|[０-９]{4,6})(\s*)([.．、，,])(?![0-9０-９])")
_L4 = re.compile(r"^([（(])([0-9]{1,3})([）)])(\s*[、.．，,])?")
_LABEL = re.compile(r"^附件\s*([0-9０-９]*)\s*([:：]?)$")
_DATE = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月(?:\s*([0-9]{1,2})\s*日)?")
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}([\[【［(（〔﹝])\s*([0-9]{4})\s*([\]】］)）〕﹞])\s*(第?)\s*([0-9]+)\s*号"
)


@dataclass(frozen=True)
class Para:
    """A paragraph of the body with its text, runs and effective formats."""

    number: int
    text: str
    runs: tuple[tuple[str, RunFormat], ...]
    fmt: ParaFormat
    style: str
    in_table: bool
    page_start: bool

    @property
    def quote(self) -> str:
        """Return the start of the text, for messages."""
        flat = " ".join(self.text.split())
        return flat if len(flat) <= 24 else flat[:24] + "…"


@dataclass(frozen=True)
class Section:
    """A section: its first paragraph number, page setup and footers."""

    first: int
    props: Any  # the w:sectPr element


@dataclass
class Doc:
    """A .docx read for linting: paragraphs, sections, styles, settings and footers."""

    paras: list[Para] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    styles: Styles = field(default_factory=lambda: Styles(None))
    settings: Any = None
    footers: dict[str, Any] = field(default_factory=dict)  # relationship id → root
    excerpt: bool = False  # a task list (category 任务清单): numbers are the plan's


@dataclass(frozen=True)
class Finding:
    """A rule's finding before it becomes a diagnostic."""

    code: str
    para: int
    message: str


@dataclass(frozen=True)
class LintReport(Tally):
    """The outcome of linting several files."""

    files: int
    diagnostics: tuple[Diagnostic, ...]


# --- reading -------------------------------------------------------------------------


def _run_text(run: Any) -> tuple[str, bool]:
    """Return a run's text (tabs and line breaks kept) and whether it ends with a page break."""
    parts: list[str] = []
    page_break = False
    for child in run:
        tag = child.tag
        if tag == f"{W}t":
            parts.append(child.text or "")
            page_break = False
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            if child.get(f"{W}type") == "page":
                page_break = True
            else:
                parts.append("\n")
    return "".join(parts), page_break


def _paragraph(
    element: Any, styles: Styles, number: int, in_table: bool, page_start: bool
) -> tuple[Para, bool]:
    """Read one ``w:p``; return it and whether a page break ends it."""
    ppr = element.find(f"{W}pPr")
    style_node = ppr.find(f"{W}pStyle") if ppr is not None else None
    style = styles.paragraph_style(style_node.get(f"{W}val") if style_node is not None else None)
    fmt = styles.paragraph(style, paragraph_properties(ppr))
    runs: list[tuple[str, RunFormat]] = []
    ends_with_break = False
    for run in element.iter(f"{W}r"):
        if removed_by_revision(run, element):
            continue  # a tracked deletion or move is not part of the text
        text, page_break = _run_text(run)
        if page_break:
            ends_with_break = True
        if text:
            ends_with_break = ends_with_break and not text.strip()
            rpr = run.find(f"{W}rPr")
            rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
            fmt_run = styles.run(
                style,
                rstyle.get(f"{W}val") if rstyle is not None else None,
                run_properties(rpr),
            )
            runs.append((text, fmt_run))
    text = "".join(t for t, _ in runs)
    return Para(number, text, tuple(runs), fmt, style or "", in_table, page_start), ends_with_break


def read(package: Package) -> Doc:
    """Return the :class:`Doc` of an opened package."""
    doc = Doc()
    styles_part = package.part_of("styles")
    doc.styles = Styles(package.xml(styles_part) if styles_part else None)
    settings_part = package.part_of("settings")
    doc.settings = package.xml(settings_part) if settings_part else None
    for _, name in package.related("", "core-properties"):
        category = package.xml(name).find("{http://purl.org/dc/terms/}category")
        if category is None:
            category = package.xml(name).find(
                "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}category"
            )
        doc.excerpt = category is not None and "清单" in (category.text or "")
    for rel_id, name in package.related(package.main, "footer"):
        doc.footers[rel_id] = package.xml(name)
    body = package.xml(package.main).find(f"{W}body")
    if body is None:
        return doc
    number = 0
    page_start = True
    first_of_section = 1
    for element in body.iter(f"{W}p", f"{W}sectPr"):
        if element.tag == f"{W}sectPr":
            if element.getparent() is body:
                doc.sections.append(Section(first_of_section, element))
            continue
        if any(a.tag == f"{W}p" for a in element.iterancestors()):
            continue  # a paragraph inside a text box is read with its anchor's paragraph
        number += 1
        in_table = any(a.tag == f"{W}tbl" for a in element.iterancestors())
        para, page_break = _paragraph(element, doc.styles, number, in_table, page_start)
        if para.fmt.page_break_before:
            para = Para(para.number, para.text, para.runs, para.fmt, para.style, in_table, True)
        doc.paras.append(para)
        page_start = page_break
        sect = element.find(f"{W}pPr/{W}sectPr")
        if sect is not None:
            doc.sections.append(Section(first_of_section, sect))
            first_of_section = number + 1
            kind = sect.find(f"{W}type")
            page_start = kind is None or kind.get(f"{W}val") != "continuous"
    return doc


# --- helpers -------------------------------------------------------------------------


def font_role(name: str | None) -> str | None:
    """Return the 公文 font family a font name belongs to (``None`` when unknown)."""
    if not name:
        return None
    low = name.lower()
    if "小标宋" in name or "biaosong" in low:
        return "xbs"
    if "仿宋" in name or "fang" in low:
        return "fangsong"
    if "楷" in name or "kai" in low:
        return "kai"
    if "黑" in name or "hei" in low or "sans cjk" in low:
        return "hei"
    if "宋" in name or "song" in low or "simsun" in low or "serif cjk" in low or "ming" in low:
        return "song"
    return None


def chinese_number(text: str) -> int:
    """Return the value of a Chinese numeral up to 九百九十九 (一, 十二, 一百零一); 0 if none."""
    return value_of(text)


def _digits(text: str) -> int:
    return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def _is_cjk_text(text: str) -> bool:
    return any(ord(ch) > 0x7F and not ch.isspace() for ch in text)


def _heading_level(text: str) -> tuple[int, int, re.Match[str]] | None:
    """Return (level, number, match) when ``text`` starts with a level number."""
    for level, pattern in ((2, _L2), (4, _L4), (1, _L1), (3, _L3)):
        match = pattern.match(text)
        if not match:
            continue
        if level in (1, 2):
            value = chinese_number(match.group(1) if level == 1 else match.group(2))
        else:
            value = _digits(match.group(1) if level == 3 else match.group(2))
        if value:
            return level, value, match
    return None


# --- rules ---------------------------------------------------------------------------


def _body_format(doc: Doc) -> tuple[ParaFormat, RunFormat]:
    """Return the paragraph and run format that carry most of the body text.

    The 22 × 28 grid is the body text's: lines of its line spacing, characters of its
    size and character spacing. The default paragraph style is only a stand-in for it:
    a file LibreOffice saved from .odt has no ``w:default`` style at all and names
    ``Normal`` on every paragraph. Text outside tables is counted, character by
    character, titles (2号 and larger) left out; a document without such text falls
    back to the default paragraph style.
    """
    lines: Counter[tuple[int | None, str | None]] = Counter()
    sizes: Counter[tuple[int | None, int]] = Counter()
    formats: dict[tuple[int | None, str | None], ParaFormat] = {}
    runs: dict[tuple[int | None, int], RunFormat] = {}
    for para in doc.paras:
        if para.in_table:
            continue
        for text, fmt in para.runs:
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


_SIDES = ("top", "bottom", "left", "right")


def _wrong_margins(got: dict[str, int], want: dict[str, int]) -> list[str]:
    """Return the sides of ``got`` more than :data:`TOLERANCE` away from ``want``."""
    return [side for side in _SIDES if abs(got[side] - want[side]) > TOLERANCE]


def _number(value: str | None) -> int:
    """Return the ``ST_DecimalNumber`` ``value`` (linePitch, charSpace), 0 when absent or not one."""
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def _page_rules(doc: Doc, profile: str | None) -> Iterator[Finding]:
    """Yield the page findings of each section: size, margins (of ``profile``, or of
    either profile when ``None``), lines per page and characters per line."""
    profiles = [PAGE_PROFILES[profile]] if profile else list(PAGE_PROFILES.values())
    mirror = doc.settings is not None and doc.settings.find(f"{W}mirrorMargins") is not None
    body_para, normal = _body_format(doc)
    for section in doc.sections:
        props = section.props
        size = props.find(f"{W}pgSz")
        width = (twips(size.get(f"{W}w")) or 0) if size is not None else 0
        height = (twips(size.get(f"{W}h")) or 0) if size is not None else 0
        landscape = width > height
        expected = (A4[1], A4[0]) if landscape else A4
        if abs(width - expected[0]) > TOLERANCE or abs(height - expected[1]) > TOLERANCE:
            yield Finding(
                "page-size",
                section.first,
                f"纸张为 {width / 56.69:.0f} mm × {height / 56.69:.0f} mm，应为 A4（210 mm × 297 mm）",
            )
            continue
        margin = props.find(f"{W}pgMar")
        got = {
            side: (twips(margin.get(f"{W}{side}")) or 0) if margin is not None else 0
            for side in _SIDES
        }
        wants = []
        for values in profiles:
            if landscape:  # gbt9704.md §4.5: the table head at the binding edge
                # The same whites in every profile (see postprocess.set_page_profile).
                rotated = PAGE_PROFILES["standard"]
                wants.append(
                    {
                        "top": LEFT,
                        "bottom": RIGHT,
                        "left": rotated["bottom"],
                        "right": rotated["top"],
                    }
                )
            else:
                wants.append(
                    {"top": values["top"], "bottom": values["bottom"], "left": LEFT, "right": RIGHT}
                )
        # Either page profile is right (gbt9704.md §2.2); a wrong page is measured
        # against the one it is closest to.
        want = min(wants, key=lambda w: len(_wrong_margins(got, w)))
        names = {
            "top": "上",
            "bottom": "下",
            "left": "内侧" if mirror else "左",
            "right": "外侧" if mirror else "右",
        }
        wrong = [
            f"{names[side]} {got[side] / 56.69:.1f} mm（应为 {want[side] / 56.69:.1f} mm）"
            for side in _wrong_margins(got, want)
        ]
        if wrong:
            swapped = all(
                abs(got[a] - want[b]) <= TOLERANCE
                for a, b in (("left", "right"), ("right", "left"))
            )
            hint = "（左右放反了：订口一侧应为 28 mm）" if swapped and not landscape else ""
            yield Finding("page-margin", section.first, "页边距不符：" + "，".join(wrong) + hint)
            continue
        if landscape:
            continue  # a landscape table page has no 22 × 28 grid
        grid = props.find(f"{W}docGrid")
        grid_type = grid.get(f"{W}type", "default") if grid is not None else "default"
        text_height = height - got["top"] - got["bottom"]
        text_width = width - got["left"] - got["right"]
        if body_para.line_rule == "exact" and body_para.line:
            pitch = body_para.line
        elif grid_type in ("lines", "linesAndChars") and grid is not None:
            pitch = _number(grid.get(f"{W}linePitch"))
        else:
            pitch = 0
        lines = text_height // pitch if pitch > 0 else 0
        if lines != 22:
            shown = f"行距 {pitch / 20:g} 磅，每面 {lines} 行" if pitch else "没有固定行距或行网格"
            yield Finding("page-lines", section.first, f"{shown}，应为 22 行（28.95 磅或 29.6 磅）")
        size_twips = (normal.size or 20) * 10
        if grid_type == "linesAndChars" and grid is not None:
            cell = size_twips + _number(grid.get(f"{W}charSpace")) * 20 / 4096
        else:
            cell = size_twips + normal.spacing
        chars = int(text_width // cell) if cell > 0 else 0
        if chars != 28:
            yield Finding(
                "page-chars",
                section.first,
                f"每行 {chars} 字，应为 28 字（正文字符间距紧缩 0.25 磅）",
            )


def _font_problem(
    runs: Sequence[tuple[str, RunFormat]], start: int, end: int, roles: set[str]
) -> RunFormat | None:
    """Return the first run format overlapping [start, end) whose CJK font is not in roles."""
    offset = 0
    for text, fmt in runs:
        lo, hi = offset, offset + len(text)
        offset = hi
        if hi <= start or lo >= end:
            continue
        piece = text[max(start - lo, 0) : end - lo]
        if _is_cjk_text(piece) and font_role(fmt.cjk_font) not in roles:
            return fmt
    return None


def _size_problem(runs: Sequence[tuple[str, RunFormat]], size: int) -> RunFormat | None:
    for text, fmt in runs:
        if text.strip() and (fmt.size or 20) != size:
            return fmt
    return None


def _body_size(para: Para) -> Iterator[Finding]:
    """Report a run of ``para`` that is not 3号 (16 pt)."""
    wrong = _size_problem(para.runs, BODY_SIZE)
    if wrong is not None:
        yield Finding(
            "font-size", para.number, f"字号 {(wrong.size or 20) / 2:g} 磅，应为 3 号（16 磅）"
        )


def _font_name(fmt: RunFormat) -> str:
    return fmt.cjk_font or "未指定字体"


def _check_title(para: Para, code: str = "title-font") -> Iterator[Finding]:
    bad = None
    for text, fmt in para.runs:
        if not _is_cjk_text(text):
            continue
        role = font_role(fmt.cjk_font)
        if role != "xbs" and not (role == "song" and fmt.bold):
            bad = fmt
            break
    if bad is not None:
        yield Finding(code, para.number, f"标题用了“{_font_name(bad)}”，应为小标宋体")
    if para.fmt.jc != "center":
        yield Finding(code, para.number, "标题应居中")
    wrong = _size_problem(para.runs, TITLE_SIZE)
    if wrong is not None:
        yield Finding(
            "font-size", para.number, f"标题字号 {(wrong.size or 20) / 2:g} 磅，应为 2 号（22 磅）"
        )


_LEVEL_ROLE = {
    1: ("hei", "黑体"),
    2: ("kai", "楷体"),
    3: ("fangsong", "仿宋"),
    4: ("fangsong", "仿宋"),
}
_LEVEL_NAME = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}


def _check_body_fonts(para: Para, level: int | None) -> Iterator[Finding]:
    text = para.text
    span = 0
    if level is not None:
        ends = [text.find(ch) for ch in _SENTENCE_END if ch in text]
        span = min(ends) + 1 if ends else len(text)
        role, role_name = _LEVEL_ROLE[level]
        bad = _font_problem(para.runs, 0, span, {role})
        if bad is not None:
            yield Finding(
                "heading-font",
                para.number,
                f"{_LEVEL_NAME[level]}用了“{_font_name(bad)}”，应为{role_name}",
            )
    bad = _font_problem(para.runs, span, len(text), {"fangsong"})
    if bad is not None:
        yield Finding("body-font", para.number, f"正文用了“{_font_name(bad)}”，应为仿宋")
    yield from _body_size(para)


def _long_task(text: str, numbers: _Numbers) -> tuple[int, int, re.Match[str]] | None:
    """Return (3, number, match) for a task number of four digits or more that follows
    the last task's (1000. after 999.); a year such as "2025，" is no task number."""
    match = _LONG_L3.match(text)
    if match is None or _digits(match.group(1)) != numbers.last[3] + 1:
        return None
    return 3, _digits(match.group(1)), match


def _number_form(level: int, match: re.Match[str]) -> str | None:
    """Return what is wrong with a level number's punctuation (None when right)."""
    if level == 1:
        if match.group(3) != "、" or match.group(2):
            return "一级标题序号后用顿号，写作“一、”"
    elif level == 2:
        if match.group(1) != "（" or match.group(3) != "）":
            return "二级标题序号用全角括号，写作“（一）”"
        if match.group(4):
            return "二级标题序号“（一）”后不加标点"
    elif level == 3:
        if not match.group(1).isascii() or match.group(3) != "." or match.group(2):
            return "三级标题序号写作“1.”（半角阿拉伯数字和下脚点）"
    elif match.group(1) != "（" or match.group(3) != "）":
        return "四级标题序号用全角括号，写作“（1）”"
    elif match.group(4):
        return "四级标题序号“（1）”后不加标点"
    return None


@dataclass
class _Numbers:
    """The last number seen at each level, and whether a restart is allowed."""

    last: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    restart3: bool = True
    excerpt: bool = False  # numbers taken from a plan: gaps allowed, order kept

    def see(self, level: int, value: int) -> str | None:
        """Record ``value`` at ``level``; return a message when it breaks the sequence."""
        previous = self.last[level]
        expected = previous + 1
        ok = value == expected or (level == 3 and self.restart3 and value == 1)
        ok = ok or (self.excerpt and value > previous)
        self.last[level] = value
        if level == 1:
            self.last[2] = self.last[4] = 0
            self.restart3 = True
        elif level == 2:
            self.last[4] = 0
            self.restart3 = True
        elif level == 3:
            self.last[4] = 0
            self.restart3 = False
        if ok:
            return None
        if value == previous:
            return f"序号 {value} 重复"
        if value < expected:
            return f"序号 {value} 倒退（上一个是 {previous}）"
        return f"序号跳号：上一个是 {previous}，这里是 {value}"


def _text_rules(para: Para) -> Iterator[Finding]:
    for match in _DOC_NUMBER.finditer(para.text):
        open_, year, close, di, number = match.groups()
        if open_ != "〔" or close != "〕":
            yield Finding(
                "doc-number",
                para.number,
                f"发文字号“{match.group(0)}”的年份应用六角括号，写作“〔{year}〕”",
            )
        elif di or number.startswith("0"):
            yield Finding(
                "doc-number",
                para.number,
                f"发文字号“{match.group(0)}”的序号不加“第”、不编虚位，写作“〔{year}〕{int(number)}号”",
            )
    for match in _DATE.finditer(para.text):
        year, month, day = match.groups()
        if month.startswith("0") or (day or "").startswith("0"):
            fixed = f"{year}年{int(month)}月" + (f"{int(day)}日" if day else "")
            yield Finding("date-format", para.number, f"日期“{match.group(0)}”应写作“{fixed}”")


def _gb2312_rule(para: Para) -> Iterator[Finding]:
    seen: set[str] = set()
    for text, fmt in para.runs:
        font = fmt.cjk_font or ""
        if "gb2312" not in font.lower():
            continue
        for ch in missing(text):
            if ch not in seen:
                seen.add(ch)
                yield Finding(
                    "gb2312-missing",
                    para.number,
                    f"“{ch}”（U+{ord(ch):04X}）不在 GB2312 字库中，用“{font}”会印成空白",
                )


def _structure_rules(doc: Doc) -> Iterator[Finding]:
    numbers = _Numbers(excerpt=doc.excerpt)
    state = "start"  # start → title → body; "label" after an attachment label
    blank_after_label = 0
    for para in doc.paras:
        yield from _text_rules(para)
        yield from _gb2312_rule(para)
        if para.in_table:
            continue
        text = para.text.strip().lstrip("\u3000")
        if not text:
            if state == "label":
                blank_after_label += 1
            continue
        label_match = _LABEL.match(text)
        if label_match and (para.page_start or not label_match.group(2)):
            yield from _check_label(para, label_match)
            state, blank_after_label = "label", 0
            numbers = _Numbers(excerpt=doc.excerpt)
            continue
        if state == "label":
            if blank_after_label != 1 or para.page_start:
                yield Finding(
                    "attachment-title",
                    para.number,
                    f"附件标题应在附件标识下空一行（第 3 行），这里空了 {blank_after_label} 行",
                )
            if para.fmt.jc != "center":
                yield Finding("attachment-title", para.number, "附件标题应居中")
            state = "title"
            yield from _check_title(para)
            continue
        large = any((fmt.size or 20) >= 36 for t, fmt in para.runs if t.strip())
        centred = para.fmt.jc == "center"
        if state in ("start", "title") and (
            _is_title_style(doc.styles.name(para.style))
            or (large and (centred or state == "start"))
            or (centred and state == "start")
        ):
            yield from _check_title(para)
            state = "title"
            continue
        if state in ("title", "byline") and para.fmt.jc == "center":
            state = "byline"  # speaker, date or approval lines under a title: 楷体 or 仿宋
            bad = _font_problem(para.runs, 0, len(para.text), {"kai", "fangsong"})
            if bad is not None:
                yield Finding(
                    "body-font",
                    para.number,
                    f"标题下的署名或日期行用了“{_font_name(bad)}”，应为楷体或仿宋",
                )
            yield from _body_size(para)
            continue
        state = "body"
        found = _heading_level(text) or _long_task(text, numbers) if para.fmt.left <= 0 else None
        level = None
        if found is not None:
            level, value, match = found
            problem = _number_form(level, match)
            if problem:
                yield Finding("heading-number-form", para.number, problem)
            stray = numbers.see(level, value)
            if stray:
                yield Finding("numbering-sequence", para.number, f"{_LEVEL_NAME[level]}{stray}")
            if level in (1, 2):
                body = text.rstrip()
                inner = body[:-1]
                if body[-1] in _FINAL_PUNCT and not any(ch in inner for ch in _SENTENCE_END):
                    yield Finding(
                        "heading-final-punctuation",
                        para.number,
                        f"单独成段的{_LEVEL_NAME[level]}末尾不加标点“{body[-1]}”",
                    )
        yield from _check_body_fonts(para, level)


def _is_title_style(name: str) -> bool:
    """Return True for Word's Title style and 公文标题-like style names."""
    return name.lower() == "title" or name == "标题" or "公文标题" in name


def _check_label(para: Para, match: re.Match[str]) -> Iterator[Finding]:
    if match.group(2):
        yield Finding("attachment-label", para.number, "附件标识不加冒号，写作“附件”或“附件2”")
    if not para.page_start:
        yield Finding("attachment-label", para.number, "附件应另起一页，附件标识在版心第 1 行")
    if para.fmt.indent_chars > 0.1 or para.fmt.left > 0 or para.fmt.jc not in ("left", "both"):
        yield Finding("attachment-label", para.number, "附件标识应顶格编排")
    bad = _font_problem(para.runs, 0, len(para.text), {"hei"})
    if bad is not None:
        yield Finding("attachment-label", para.number, f"附件标识用了“{_font_name(bad)}”，应为黑体")
    yield from _body_size(para)


@dataclass(frozen=True)
class _Field:
    """A complex field being read: its instruction so far, and whether its result began."""

    instruction: str = ""
    separated: bool = False

    @property
    def is_page(self) -> bool:
        """Return True for a PAGE field (field names are case-insensitive)."""
        return _is_page(self.instruction)


def _is_page(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper() == "PAGE"


def _footer_text(paragraph: Any) -> tuple[str, bool]:
    """Return a footer paragraph's text with each PAGE field written as ``N``, and whether
    it has one.

    A PAGE field counts in each form Word and LibreOffice write: ``w:fldSimple`` (with or
    without a result run inside), and a complex field (``w:fldChar`` begin, instruction,
    optional separate and result, end), even when the saving program left out the
    result, the separator, or split the instruction over several runs. The result a
    program cached for the field (the page number it last saw) is not part of the text.
    """
    parts: list[str] = []
    fields: list[_Field] = []  # open complex fields, outermost first
    has_page = False
    tags = (f"{W}t", f"{W}fldSimple", f"{W}fldChar", f"{W}instrText", f"{W}tab")
    for node in paragraph.iter(*tags):
        if any(_is_page(a.get(f"{W}instr", "")) for a in node.iterancestors(f"{W}fldSimple")):
            continue  # the cached result of a simple PAGE field
        if node.tag == f"{W}fldSimple":
            if _is_page(node.get(f"{W}instr", "")):
                parts.append("N")
                has_page = True
            continue
        if node.tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            if kind == "begin":
                fields.append(_Field())
            elif kind == "separate" and fields and not fields[-1].separated:
                fields[-1] = replace(fields[-1], separated=True)
                if fields[-1].is_page:
                    parts.append("N")
                    has_page = True
            elif kind == "end" and fields:
                field_ = fields.pop()
                if field_.is_page and not field_.separated:
                    parts.append("N")
                    has_page = True
        elif node.tag == f"{W}instrText":
            if fields and not fields[-1].separated:
                fields[-1] = replace(
                    fields[-1], instruction=fields[-1].instruction + (node.text or "")
                )
        elif all(f.separated and not f.is_page for f in fields):
            parts.append("\t" if node.tag == f"{W}tab" else node.text or "")
    return "".join(parts), has_page


def _footer_rules(doc: Doc) -> Iterator[Finding]:
    even_odd = doc.settings is not None and doc.settings.find(f"{W}evenAndOddHeaders") is not None
    refs: dict[str, str] = {}
    for section in doc.sections:
        for ref in section.props.findall(f"{W}footerReference"):
            refs.setdefault(ref.get(f"{W}type", "default"), ref.get(f"{R_ID}id", ""))
    found_any = False
    for kind, side, want in (("default", "单页码", "right"), ("even", "双页码", "left")):
        if kind == "even" and not even_odd:
            continue
        root = doc.footers.get(refs.get(kind, ""))
        paragraph = None
        if root is not None:
            for p in root.iter(f"{W}p"):
                if _footer_text(p)[1]:
                    paragraph = p
                    break
        if paragraph is None:
            if kind == "even":
                yield Finding("page-number-position", 0, "双页码的页脚没有页码")
            continue
        found_any = True
        text = _footer_text(paragraph)[0].strip()
        if text != "— N —":
            shown = text.replace("N", "1")
            yield Finding(
                "page-number-format", 0, f"{side}写作“{shown}”，应为“— 1 —”（一字线、半角空格）"
            )
        yield from _footer_format(doc, paragraph, side, want)
    if not found_any:
        yield Finding("page-number-format", 0, "页脚中没有页码")
    elif not even_odd:
        yield Finding("page-number-position", 0, "未设置“奇偶页不同”：双页码也会居右，应居左空一字")


def _footer_format(doc: Doc, paragraph: Any, side: str, want: str) -> Iterator[Finding]:
    ppr = paragraph.find(f"{W}pPr")
    style_node = ppr.find(f"{W}pStyle") if ppr is not None else None
    style = doc.styles.paragraph_style(
        style_node.get(f"{W}val") if style_node is not None else None
    )
    fmt = doc.styles.paragraph(style, paragraph_properties(ppr))
    indent = fmt.right if want == "right" else fmt.left
    if fmt.jc != want or not 200 <= indent <= 400:
        where = "居右空一字" if want == "right" else "居左空一字"
        yield Finding("page-number-position", 0, f"{side}应{where}")
    for run in paragraph.iter(f"{W}r"):
        text, _ = _run_text(run)
        if not text.strip() and run.find(f"{W}instrText") is None:
            continue
        rpr = run.find(f"{W}rPr")
        rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
        run_fmt = doc.styles.run(
            style, rstyle.get(f"{W}val") if rstyle is not None else None, run_properties(rpr)
        )
        if font_role(run_fmt.cjk_font) != "song" or font_role(run_fmt.ascii) != "song":
            yield Finding(
                "page-number-font",
                0,
                f"{side}用了“{run_fmt.cjk_font or '未指定'}/{run_fmt.ascii or '未指定'}”，应为宋体",
            )
            return
        if (run_fmt.size or 20) != FOOTER_SIZE:
            yield Finding(
                "page-number-font",
                0,
                f"{side}字号 {(run_fmt.size or 20) / 2:g} 磅，应为 4 号（14 磅）",
            )
            return


R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


# --- entry points --------------------------------------------------------------------


def lint_doc(doc: Doc, profile: str | None = None) -> list[Finding]:
    """Return the findings of every rule on ``doc``, in paragraph order.

    ``profile`` names the one page profile to accept; ``None`` accepts either.
    """
    findings = [*_page_rules(doc, profile), *_footer_rules(doc), *_structure_rules(doc)]
    return sorted(findings, key=lambda f: f.para)


def lint_file(
    path: Path, display: str | None = None, profile: str | None = None
) -> list[Diagnostic]:
    """Lint one .docx and return its diagnostics (an unreadable file gives one error)."""
    shown = display or str(path)
    try:
        with open_package(path) as package:
            doc = read(package)
    except PackageError as exc:  # positioned at the file's start, as import reports it
        message = exc.message.removeprefix(f"{path}：")
        return [Diagnostic(shown, 1, 1, Severity.ERROR, exc.code, message)]
    paras = {p.number: p for p in doc.paras}
    diagnostics = []
    for finding in lint_doc(doc, profile):
        para = paras.get(finding.para)
        where = f"第 {finding.para} 段“{para.quote}”：" if para is not None else ""
        if finding.para == 0:
            where = "页脚：" if finding.code.startswith("page-number") else ""
        diagnostics.append(
            Diagnostic(
                shown,
                finding.para,
                1 if finding.para else 0,
                RULES[finding.code][0],
                finding.code,
                where + finding.message,
            )
        )
    return diagnostics


def lint_paths(
    paths: Sequence[str], *, profile: str | None = None, strict: bool = False
) -> LintReport:
    """Lint every .docx under ``paths`` (Word lock files skipped); return the report."""
    found = [(p, d) for p, d in discover(paths, suffixes=(".docx",)) if not p.name.startswith("~$")]
    diagnostics: list[Diagnostic] = []
    for path, display in found:
        diagnostics.extend(lint_file(path, display, profile))
    if strict:
        diagnostics = [d.promoted() for d in diagnostics]
    return LintReport(len(found), tuple(diagnostics))
