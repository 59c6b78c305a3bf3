"""GB2312 coverage, against the set of characters decoded from every GB2312 code."""

from __future__ import annotations

import contextlib

from drafting.gbt9704 import in_gb2312, missing


def _decoded_gb2312() -> set[str]:
    """Decode every double-byte code of rows A1–F7 under both codecs (the oracle)."""
    found: set[str] = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            for codec in ("gb2312", "gb18030"):
                with contextlib.suppress(UnicodeDecodeError):
                    found.add(bytes((lead, trail)).decode(codec))
    return found


def test_every_character_is_judged_as_the_decoded_set_says() -> None:
    oracle = _decoded_gb2312()
    assert len(oracle) > 7445  # GB2312 itself, both dash and dot readings, PUA cells
    wrong = [
        f"U+{code:04X}"
        for code in range(0x80, 0x30000)
        if in_gb2312(chr(code)) != (chr(code) in oracle)
    ]
    assert wrong == []


def test_missing_lists_each_character_once_in_order() -> None:
    assert missing("一、加强“党建”工作——全面提升·质量") == []
    assert missing("推进镕铁堃，再推进镕") == ["镕", "堃"]
    assert missing("emoji 😀 and ㎡ ") == ["😀", "㎡"]
