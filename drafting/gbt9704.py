"""GB2312 coverage: which characters a ``*_GB2312`` font (仿宋_GB2312, 楷体_GB2312) lacks.

Those fonts hold only the 7445 characters of GB2312; anything else prints as a blank
in an office that has no other font (gbt9704.md §3.1).
"""

from __future__ import annotations


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
