"""GB2312 coverage: which characters a ``*_GB2312`` font (仿宋_GB2312, 楷体_GB2312) lacks.

Those fonts hold only the 7445 characters of GB2312; anything else prints as a blank
in an office that has no other font (gbt9704.md §3.1).
"""

from __future__ import annotations

import contextlib
from functools import cache


@cache
def gb2312() -> frozenset[str]:
    """Return every character of GB2312, under both of Python's mappings of its codes.

    The ``gb2312`` codec maps A1AA to U+2015 and A1A4 to U+30FB, while Word and GB18030
    map them to U+2014 (—) and U+00B7 (·); both are accepted.
    """
    found: set[str] = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            for codec in ("gb2312", "gb18030"):
                with contextlib.suppress(UnicodeDecodeError):
                    found.add(bytes((lead, trail)).decode(codec))
    return frozenset(found)


def missing(text: str) -> list[str]:
    """Return the distinct characters of ``text`` (in order) that GB2312 lacks.

    ASCII and white space are never reported: they are drawn with the Latin font.
    """
    try:
        text.encode("gb2312")
        return []
    except UnicodeEncodeError:
        pass
    charset = gb2312()
    found: list[str] = []
    for ch in text:
        if ord(ch) > 0x7F and not ch.isspace() and ch not in charset and ch not in found:
            found.append(ch)
    return found
