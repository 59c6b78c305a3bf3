"""Outline numbers: 一、 （一） 1. （1） as the renderer writes them and as documents type them.

The one place for outline numbering: the labels computed from the model (pure
functions), the Chinese numerals, and the patterns ``lint`` finds a typed level number
by (:func:`heading_number`, :func:`number_form`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the check and import paths need no model
    from drafting.model import Document, Task

_DIGITS = "零一二三四五六七八九"

NUMERAL = r"(?![百零])[一二三四五六七八九十百零]{1,5}"
"""A regular-expression fragment for what :func:`chinese` writes, 一 to 九百九十九 (a
numeral never starts with 百 or 零): the pattern ``import`` and ``lint`` find 一百、 by."""


LAST_NUMERAL = 999
"""The largest number :func:`chinese` writes: a 1000th section or group is refused by check."""


def chinese(n: int) -> str:
    """Return ``n`` (1–999) in Chinese numerals as used in outlines: 1→一, 10→十, 21→二十一."""
    if not 0 < n <= LAST_NUMERAL:
        raise ValueError(f"outline number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            return out + "零" + _DIGITS[ones]
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def value_of(text: str) -> int:
    """Return the value of a Chinese numeral such as :func:`chinese` writes (一百零一 → 101).

    Lenient as documents are (一十二 is 12); returns 0 for text that holds anything but
    the digits 零 to 九, 十 and 百.
    """
    value = total = 0
    for ch in text:
        if ch == "十":
            total += (value or 1) * 10
            value = 0
        elif ch == "百":
            total += (value or 1) * 100
            value = 0
        elif ch in _DIGITS:
            value = _DIGITS.index(ch)
        else:
            return 0
    return total + value


def section_label(n: int) -> str:
    """Return the first-level label, e.g. ``一、``."""
    return f"{chinese(n)}、"


def group_label(n: int) -> str:
    """Return the second-level label, e.g. ``（一）``."""
    return f"（{chinese(n)}）"


def task_label(n: int) -> str:
    """Return the third-level label with the half-width point, e.g. ``1.``."""
    return f"{n}."


def item_label(n: int) -> str:
    """Return the fourth-level label, e.g. ``（1）``."""
    return f"（{n}）"


def task_numbers(doc: Document) -> dict[int, int]:
    """Return the number of every task, keyed by ``id()`` of the task object.

    Numbers run across sections when ``doc.numbering`` is ``continuous`` and restart
    at 1 in each section otherwise.
    """
    numbers: dict[int, int] = {}
    counter = 0
    for section in doc.sections:
        if doc.numbering != "continuous":
            counter = 0
        tasks: list[Task] = [*section.tasks, *(t for g in section.groups for t in g.tasks)]
        for task in tasks:
            counter += 1
            numbers[id(task)] = counter
    return numbers


def chinese_date(date: dt.date) -> str:
    """Return a date as 成文日期: ``2024年1月5日`` (no leading zeros)."""
    return f"{date.year}年{date.month}月{date.day}日"


# --- typed outline numbers ----------------------------------------------------------------

LEVEL_NAMES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
"""Outline level → its name in messages."""

_MARK = r"[、.．，,]"
_ARABIC = r"[0-9]{1,3}|[０-９]{1,3}"  # one width: "1０" is no number
_REST = r"\s*(?P<rest>.*)$"
_FLAGS = re.S

# One pattern per level, shared by import (ingest/recognise), lint and the typed-number
# rule of check. Each is lenient where a person would still read a number (a space inside
# the brackets, a wrong mark), so that lint can name what is wrong; the named groups are
# n (the number), gap (space before the mark), mark, open/close (brackets), rest (the text).
SECTION_NUMBER = re.compile(rf"^(?P<n>{NUMERAL})(?P<gap>\s*)(?P<mark>{_MARK}){_REST}", _FLAGS)
"""一、 at the start of a text."""
GROUP_NUMBER = re.compile(
    rf"^(?P<open>[（(])\s*(?P<n>{NUMERAL})\s*(?P<close>[）)])(?P<mark>\s*{_MARK})?{_REST}", _FLAGS
)
"""（一） at the start of a text; mark is a stray punctuation mark after the bracket."""
TASK_NUMBER = re.compile(
    rf"^(?P<n>{_ARABIC})(?P<gap>\s*)(?P<mark>[.．、，,])(?![0-9０-９]){_REST}", _FLAGS
)
"""1. at the start of a text; "1.5" is no number."""
LONG_TASK_NUMBER = re.compile(
    r"^(?P<n>[0-9]{4,6}|[０-９]{4,6})(?P<gap>\s*)(?P<mark>[.．、，,])(?![0-9０-９])" + _REST,
    _FLAGS,
)
"""A task number of four digits or more (20,000-task plans number up to 20000.): it could
be a year ("2025，…"), so it counts only where it continues the numbering."""
ITEM_NUMBER = re.compile(
    rf"^(?P<open>[（(])\s*(?P<n>{_ARABIC})\s*(?P<close>[）)])(?P<mark>\s*{_MARK})?{_REST}", _FLAGS
)
"""（1） at the start of a text (groups as :data:`GROUP_NUMBER`'s)."""

LEVEL_PATTERNS = (SECTION_NUMBER, GROUP_NUMBER, TASK_NUMBER, ITEM_NUMBER)
"""The four levels' patterns, 一、 （一） 1. （1）."""


def typed_number(text: str) -> str | None:
    """Return the outline number ``text`` starts with (spaces before it allowed), or None."""
    stripped = text.lstrip()
    for pattern in LEVEL_PATTERNS:
        if match := pattern.match(stripped):
            return stripped[: match.start("rest")].strip()
    return None


@dataclass(frozen=True)
class HeadingNumber:
    """A level number found at the start of a text: its level (1–4), value and match."""

    level: int
    value: int
    match: re.Match[str]


def _digits(text: str) -> int:
    return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def heading_number(text: str, next_task: int = 0) -> HeadingNumber | None:
    """Return the level number ``text`` starts with, or None.

    A task number of four digits or more counts only when it is ``next_task``.
    """
    for level, pattern, read in (
        (2, GROUP_NUMBER, value_of),
        (4, ITEM_NUMBER, _digits),
        (1, SECTION_NUMBER, value_of),
        (3, TASK_NUMBER, _digits),
    ):
        match = pattern.match(text)
        value = read(match.group("n")) if match else 0
        if match and value:
            return HeadingNumber(level, value, match)
    match = LONG_TASK_NUMBER.match(text)
    if match and _digits(match.group("n")) == next_task:
        return HeadingNumber(3, next_task, match)
    return None


def _bracket_form(found: HeadingNumber) -> str | None:
    """Return what is wrong with a （一） or （1） number's brackets or mark."""
    match, shown = found.match, "（一）" if found.level == 2 else "（1）"
    if match.group("open") != "（" or match.group("close") != "）":
        return f"{LEVEL_NAMES[found.level]}序号用全角括号，写作“{shown}”"
    if match.start("n") > match.end("open") or match.start("close") > match.end("n"):
        return f"{LEVEL_NAMES[found.level]}序号的括号内不加空格，写作“{shown}”"
    if match.group("mark"):
        return f"{LEVEL_NAMES[found.level]}序号“{shown}”后不加标点"
    return None


def number_form(found: HeadingNumber) -> str | None:
    """Return what is wrong with a level number's punctuation (None when right)."""
    match = found.match
    if found.level == 1:
        if match.group("mark") != "、" or match.group("gap"):
            return "一级标题序号后用顿号，写作“一、”"
        return None
    if found.level == 3:
        if not match.group("n").isascii() or match.group("mark") != "." or match.group("gap"):
            return "三级标题序号写作“1.”（半角阿拉伯数字和下脚点）"
        return None
    return _bracket_form(found)
