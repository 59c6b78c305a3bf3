"""Word's automatic numbering, read as Word shows it: the number before each paragraph.

A paragraph is numbered by its ``w:numPr`` (``w:numId`` and ``w:ilvl``), or by the
``w:numPr`` of its paragraph style (through ``w:basedOn``). ``w:numId`` names a ``w:num``
of numbering.xml, which names a ``w:abstractNum`` (perhaps through ``w:numStyleLink``)
and may override a level's start (``w:lvlOverride/w:startOverride``) or the whole level.
Each level has a format (``w:numFmt``), a text with ``%1``…``%9`` for the levels'
numbers (``w:lvlText``), a start, a restart rule (``w:lvlRestart``) and ``w:isLgl``
(every number in Arabic digits).

Counting follows Word: the lists of one abstract numbering share their counters (as
when Word continues a list), a ``w:num`` with a start override restarts that level
the first time it is used, a level advances and the deeper levels restart. A bullet or
``none`` level shows no number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drafting.ooxml.ns import W
from drafting.outline import LAST_NUMERAL, chinese

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_IDEOGRAPH_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_SILENT = frozenset({"bullet", "none"})
_PUNCTUATION = "、.．，,）)：:」』】"


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letter(n: int) -> str:
    """Return Word's letter number: A…Z, then AA, BB…, AAA…"""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _chinese(n: int) -> str:
    return chinese(n) if 0 < n <= LAST_NUMERAL else str(n)


def _cycle(symbols: str, n: int) -> str:
    return symbols[n - 1] if 0 < n <= len(symbols) else str(n)


def _legal_chinese(n: int) -> str:
    plain = _chinese(n)
    table = str.maketrans(_IDEOGRAPH_DIGITS[1:] + "十百零", _LEGAL_DIGITS[1:] + "拾佰零")
    return plain.translate(table)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": lambda n: _cycle(_CIRCLED, n),
    "decimalEnclosedCircleChinese": lambda n: _cycle(_CIRCLED, n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "decimalEnclosedFullstop": lambda n: f"{n}.",
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "taiwaneseCountingThousand": _chinese,
    "chineseLegalSimplified": _legal_chinese,
    "ideographTraditional": lambda n: _cycle(_STEMS, n),
    "ideographZodiac": lambda n: _cycle(_BRANCHES, n),
    "ideographDigital": lambda n: "".join(_IDEOGRAPH_DIGITS[int(d)] for d in str(n)),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
}
"""numFmt → how a number is written; a format not here is written in Arabic digits."""


def format_number(n: int, fmt: str) -> str:
    """Return ``n`` written in the ``w:numFmt`` ``fmt`` (Arabic digits for one we lack)."""
    if n <= 0:
        return str(n)
    writer = _FORMATS.get(fmt, str)
    return writer(n)


@dataclass(frozen=True)
class Level:
    """One level of a list: start, format, text with %1…%9, restart rule, isLgl."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart; None: after any higher level; 0: never
    legal: bool = False
    style: str = ""  # w:pStyle: the paragraph style this level is linked to
    suffix: str = "tab"


def _val(node: Any, tag: str, default: str | None = None) -> str | None:
    found = node.find(f"{W}{tag}") if node is not None else None
    return found.get(f"{W}val", default) if found is not None else default


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _level(node: Any) -> Level:
    restart = _val(node, "lvlRestart")
    legal = node.find(f"{W}isLgl")
    return Level(
        start=_int(_val(node, "start"), 1),
        fmt=_val(node, "numFmt", "decimal") or "decimal",
        text=_val(node, "lvlText", "") or "",
        restart=_int(restart, 0) if restart is not None else None,
        legal=legal is not None and legal.get(f"{W}val", "1") not in ("0", "false", "off"),
        style=_val(node, "pStyle", "") or "",
        suffix=_val(node, "suff", "tab") or "tab",
    )


def _ilvl(node: Any) -> int:
    return min(max(_int(node.get(f"{W}ilvl"), 0), 0), 8)


@dataclass(frozen=True)
class _Num:
    """One ``w:num``: its abstract numbering and its overrides by level."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


@dataclass(frozen=True)
class _StyleNum:
    based_on: str | None
    num_id: str | None
    ilvl: int | None


def _style_numbering(styles: Any) -> dict[str, _StyleNum]:
    """Return style id → its basedOn and the numId/ilvl its own w:numPr sets."""
    found: dict[str, _StyleNum] = {}
    for style in styles.iter(f"{W}style") if styles is not None else ():
        style_id = style.get(f"{W}styleId")
        if not style_id:
            continue
        numpr = style.find(f"{W}pPr/{W}numPr")
        ilvl = _val(numpr, "ilvl")
        found[style_id] = _StyleNum(
            _val(style, "basedOn"),
            _val(numpr, "numId"),
            _int(ilvl, 0) if ilvl is not None else None,
        )
    return found


class Numbering:
    """The lists of one document; :meth:`label` numbers its paragraphs in order."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._links: dict[str, str] = {}  # abstract id → numbering style it takes levels from
        self._nums: dict[str, _Num] = {}
        self._styles = _style_numbering(styles)
        self._counters: dict[str, dict[int, int]] = {}
        self._used: set[str] = set()
        for abstract in numbering.iter(f"{W}abstractNum") if numbering is not None else ():
            key = abstract.get(f"{W}abstractNumId", "")
            self._abstracts[key] = {_ilvl(lvl): _level(lvl) for lvl in abstract.iter(f"{W}lvl")}
            link = _val(abstract, "numStyleLink")
            if link:
                self._links[key] = link
        for num in numbering.iter(f"{W}num") if numbering is not None else ():
            self._nums[num.get(f"{W}numId", "")] = _read_num(num)

    def _abstract_of(self, num: _Num) -> str:
        """Return the abstract id whose levels ``num`` shows (through a numStyleLink)."""
        key = num.abstract
        for _ in range(3):  # a link names a numbering style, whose numPr names a num
            style = self._styles.get(self._links.get(key, ""))
            linked = self._nums.get(style.num_id or "") if style else None
            if linked is None:
                break
            key = linked.abstract
        return key

    def _from_style(self, style_id: str | None) -> tuple[str | None, int | None]:
        """Return the numId and ilvl a paragraph style gives (through basedOn)."""
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            if style.num_id is not None:
                return style.num_id, style.ilvl
            style_id = style.based_on
        return None, None

    def _which(self, para: Any) -> tuple[str, int | None, str] | None:
        """Return (numId, ilvl or None, paragraph style) of ``para``; None: no list."""
        ppr = para.find(f"{W}pPr")
        style_id = _val(ppr, "pStyle") or ""
        numpr = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id, ilvl_text = _val(numpr, "numId"), _val(numpr, "ilvl")
        ilvl = _int(ilvl_text, 0) if ilvl_text is not None else None
        if num_id is None or ilvl is None:
            style_num, style_ilvl = self._from_style(style_id)
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        return num_id, ilvl, style_id

    def label(self, para: Any) -> str:
        """Return the number Word shows before ``para`` ("" for none or a bullet).

        Call it for every paragraph in document order: it advances the counters.
        """
        which = self._which(para)
        if which is None:
            return ""
        num_id, ilvl, style_id = which
        num = self._nums[num_id]
        abstract = self._abstract_of(num)
        levels = {**self._abstracts.get(abstract, {}), **num.levels}
        if ilvl is None:  # a style's numPr without ilvl: the level linked to the style
            ilvl = next((i for i, lvl in sorted(levels.items()) if lvl.style == style_id), 0)
        ilvl = min(max(ilvl, 0), 8)
        level = levels.get(ilvl, Level(text=f"%{ilvl + 1}."))
        counters = self._counters.setdefault(abstract, {})
        if num_id not in self._used:
            self._used.add(num_id)
            for overridden in num.starts:
                counters.pop(overridden, None)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else _start(num, level, ilvl)
        for deeper in [d for d in counters if d > ilvl]:
            rule = levels.get(deeper, Level()).restart
            if rule is None or (rule != 0 and ilvl < rule):
                del counters[deeper]
        if level.fmt == "bullet":  # a bullet is no number
            return ""
        return _shown(level, counters, levels, num)


def _start(num: _Num, level: Level, ilvl: int) -> int:
    return num.starts.get(ilvl, level.start)


def _shown(level: Level, counters: dict[int, int], levels: dict[int, Level], num: _Num) -> str:
    """Return the level's text with each %N replaced by level N's number as shown."""
    text = level.text
    out = ""
    index = 0
    while index < len(text):
        ch = text[index]
        if ch == "%" and index + 1 < len(text) and text[index + 1] in "123456789":
            n = int(text[index + 1]) - 1
            other = levels.get(n, Level())
            value = counters.get(n, _start(num, other, n))
            fmt = "decimal" if level.legal and other.fmt not in _SILENT else other.fmt
            out += "" if fmt in _SILENT else format_number(value, fmt)
            index += 2
            continue
        out += ch
        index += 1
    return out + _gap(out, level.suffix)


def _gap(shown: str, suffix: str) -> str:
    """Return what stands between the number and the text (Word's tab or space)."""
    if not shown or suffix == "nothing" or shown[-1] in _PUNCTUATION:
        return ""
    return "\u3000" if ord(shown[-1]) > 0x2E7F else " "


def _read_num(num: Any) -> _Num:
    starts: dict[int, int] = {}
    levels: dict[int, Level] = {}
    for override in num.iter(f"{W}lvlOverride"):
        ilvl = _ilvl(override)
        start = _val(override, "startOverride")
        if start is not None:
            starts[ilvl] = _int(start, 1)
        lvl = override.find(f"{W}lvl")
        if lvl is not None:
            levels[ilvl] = _level(lvl)
    return _Num(_val(num, "abstractNumId", "") or "", starts, levels)


def numbering_of(package: Any) -> Numbering | None:
    """Return the lists of ``package`` (None when it has no numbering part)."""
    part = package.part_of("numbering")
    if part is None:
        return None
    styles = package.part_of("styles")
    return Numbering(package.xml(part), package.xml(styles) if styles else None)
