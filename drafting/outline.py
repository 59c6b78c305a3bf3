"""Outline numbers as text: 一、 （一） 1. （1）, computed from the model (pure functions)."""

from __future__ import annotations

import datetime as dt

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
