"""Text rules: the title, headings and body — fonts, sizes, outline numbers, punctuation,
document numbers, dates, attachments and GB2312 coverage — paragraph by paragraph."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field

from drafting.gbt9704 import (
    BODY_SIZE,
    LEVEL_ROLES,
    ROLE_NAMES,
    TITLE_SIZE,
    font_role,
    missing,
)
from drafting.lint.read import Doc, Para
from drafting.lint.registry import Finding
from drafting.ooxml.styles import RunFormat
from drafting.outline import LEVEL_NAMES, heading_number, number_form

_SENTENCE_END = "。！？"
_FINAL_PUNCT = "。；，：！？.;,:、"

_LABEL = re.compile(r"^附件\s*([0-9０-９]*)\s*([:：]?)$")
_DATE = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月(?:\s*([0-9]{1,2})\s*日)?")
_CN_DATE = re.compile(
    "[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?"
)
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}([\[【［(（〔﹝])\s*([0-9]{4})\s*([\]】］)）〕﹞])\s*(第?)\s*([0-9]+)\s*号"
)


def _is_cjk_text(text: str) -> bool:
    return any(ord(ch) > 0x7F and not ch.isspace() for ch in text)


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
    """Return the first run format of visible text whose size is not ``size``."""
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


def _check_body_fonts(para: Para, level: int | None) -> Iterator[Finding]:
    text = para.text
    span = 0
    if level is not None:
        ends = [text.find(ch) for ch in _SENTENCE_END if ch in text]
        span = min(ends) + 1 if ends else len(text)
        role = LEVEL_ROLES[level]
        bad = _font_problem(para.runs, 0, span, {role})
        if bad is not None:
            yield Finding(
                "heading-font",
                para.number,
                f"{LEVEL_NAMES[level]}用了“{_font_name(bad)}”，应为{ROLE_NAMES[role]}",
            )
    bad = _font_problem(para.runs, span, len(text), {"fangsong"})
    if bad is not None:
        yield Finding("body-font", para.number, f"正文用了“{_font_name(bad)}”，应为仿宋")
    yield from _body_size(para)


@dataclass
class _Numbers:
    """The last number seen at each level, and whether a restart is allowed."""

    last: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    restart3: bool = True
    excerpt: bool = False  # numbers taken from a plan: gaps allowed, order kept

    def _reset_below(self, level: int) -> None:
        """Forget the numbers under ``level``: a new 一、 restarts （一） and （1）."""
        if level == 1:
            self.last[2] = 0
        if level <= 3:
            self.last[4] = 0
        self.restart3 = level < 3

    def see(self, level: int, value: int) -> str | None:
        """Record ``value`` at ``level``; return a message when it breaks the sequence."""
        previous = self.last[level]
        expected = previous + 1
        ok = value == expected or (level == 3 and self.restart3 and value == 1)
        ok = ok or (self.excerpt and value > previous)
        self.last[level] = value
        if level < 4:
            self._reset_below(level)
        if ok:
            return None
        if value == previous:
            return f"序号 {value} 重复"
        if value < expected:
            return f"序号 {value} 倒退（上一个是 {previous}）"
        return f"序号跳号：上一个是 {previous}，这里是 {value}"


def _text_rules(para: Para) -> Iterator[Finding]:
    """Yield the document-number and date findings of ``para``."""
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
    for match in _CN_DATE.finditer(para.text):
        yield Finding(
            "date-format", para.number, f"日期“{match.group(0)}”应用阿拉伯数字，如“2024年1月5日”"
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


@dataclass
class _Reader:
    """Where the structure rules are in a document: start → title → (byline) → body;
    ``label`` after an attachment label, counting the blank lines under it."""

    doc: Doc
    numbers: _Numbers
    state: str = "start"
    blank_after_label: int = 0

    def step(self, para: Para, text: str) -> Iterator[Finding]:
        """Yield the findings of the non-blank paragraph ``para`` (``text`` stripped)."""
        label_match = _LABEL.match(text)
        if label_match and (para.page_start or not label_match.group(2)):
            yield from _check_label(para, label_match)
            self.state, self.blank_after_label = "label", 0
            self.numbers = _Numbers(excerpt=self.doc.excerpt)
        elif self.state == "label":
            yield from self._attachment_title(para)
        elif self._is_title(para):
            yield from _check_title(para)
            self.state = "title"
        elif self.state in ("title", "byline") and para.fmt.jc == "center":
            yield from self._byline(para)
        else:
            self.state = "body"
            yield from self._body(para, text)

    def _is_title(self, para: Para) -> bool:
        """Return True for a title: a title style, or large or centred text at the start."""
        if self.state not in ("start", "title"):
            return False
        large = any((fmt.size or 20) >= 36 for t, fmt in para.runs if t.strip())
        centred = para.fmt.jc == "center"
        return (
            _is_title_style(self.doc.styles.name(para.style))
            or (large and (centred or self.state == "start"))
            or (centred and self.state == "start")
        )

    def _attachment_title(self, para: Para) -> Iterator[Finding]:
        if self.blank_after_label != 1 or para.page_start:
            yield Finding(
                "attachment-title",
                para.number,
                f"附件标题应在附件标识下空一行（第 3 行），这里空了 {self.blank_after_label} 行",
            )
        if para.fmt.jc != "center":
            yield Finding("attachment-title", para.number, "附件标题应居中")
        self.state = "title"
        yield from _check_title(para)

    def _byline(self, para: Para) -> Iterator[Finding]:
        """Speaker, date or approval lines under a title: 楷体 or 仿宋."""
        self.state = "byline"
        bad = _font_problem(para.runs, 0, len(para.text), {"kai", "fangsong"})
        if bad is not None:
            yield Finding(
                "body-font",
                para.number,
                f"标题下的署名或日期行用了“{_font_name(bad)}”，应为楷体或仿宋",
            )
        yield from _body_size(para)

    def _body(self, para: Para, text: str) -> Iterator[Finding]:
        found = None
        if para.fmt.left <= 0:
            found = heading_number(text, self.numbers.last[3] + 1)
        level = None
        if found is not None:
            level, value = found.level, found.value
            problem = number_form(found)
            if problem:
                yield Finding("heading-number-form", para.number, problem)
            stray = self.numbers.see(level, value)
            if stray:
                yield Finding("numbering-sequence", para.number, f"{LEVEL_NAMES[level]}{stray}")
            if level in (1, 2):
                yield from _final_punctuation(para, text, level)
        yield from _check_body_fonts(para, level)


def _final_punctuation(para: Para, text: str, level: int) -> Iterator[Finding]:
    """Report the final punctuation of a stand-alone 一、 or （一） heading."""
    body = text.rstrip()
    inner = body[:-1]
    if body[-1] in _FINAL_PUNCT and not any(ch in inner for ch in _SENTENCE_END):
        yield Finding(
            "heading-final-punctuation",
            para.number,
            f"单独成段的{LEVEL_NAMES[level]}末尾不加标点“{body[-1]}”",
        )


def text_rules(doc: Doc, skip: Collection[int] = ()) -> Iterator[Finding]:
    """Yield the findings of the text rules on every paragraph of ``doc``, in order;
    the fonts and structure of the paragraphs numbered in ``skip`` (版头, 版记: the
    红头 rules judge them) are left out."""
    reader = _Reader(doc, _Numbers(excerpt=doc.excerpt))
    for para in doc.paras:
        yield from _text_rules(para)
        yield from _gb2312_rule(para)
        if para.in_table or para.number in skip:
            continue
        text = para.text.strip().lstrip("\u3000")
        if text:
            yield from reader.step(para, text)
        elif reader.state == "label":
            reader.blank_after_label += 1
