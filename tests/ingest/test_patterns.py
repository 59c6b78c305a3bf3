"""Lazy patterns (drafting/ingest/patterns.py): compiled on first use, and a pattern with
``needs`` answers a text that holds none of them without compiling, as the compiled one would."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from drafting.ingest.patterns import lazy

SOURCE = r"^(?:篇\s*[0-9]{1,2}|第\s*[0-9]{1,2}\s*篇)\s*"


def test_a_text_without_what_every_match_needs_is_answered_without_compiling() -> None:
    pattern = lazy(SOURCE, needs=("篇",))
    assert pattern.match("2024年县教育局工作要点") is None
    assert pattern.search("二、主要任务") is None
    assert pattern.fullmatch("") is None
    assert pattern.findall("无") == []
    assert "match" not in vars(pattern)  # nothing compiled, nothing bound yet
    found = pattern.match("篇1 学校工作计划")
    assert found is not None and found.group(0) == "篇1 "
    assert "match" in vars(pattern)  # compiled once a text could match, then bound


@given(st.text(alphabet="篇第12 工作计划、", max_size=12))
def test_a_guarded_pattern_answers_as_the_compiled_one(text: str) -> None:
    guarded, plain = lazy(SOURCE, needs=("篇",)), re.compile(SOURCE)
    for method in ("match", "search", "fullmatch"):
        got, want = getattr(guarded, method)(text), getattr(plain, method)(text)
        assert (got and got.group(0)) == (want and want.group(0))
    assert guarded.findall(text) == plain.findall(text)
