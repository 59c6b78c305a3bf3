"""The store of compiled patterns (drafting/ingest/compiled.py): a pattern given back from
the store is the pattern :func:`re.compile` makes, and a missing, damaged or switched-off
store only means compiling again."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import drafting.ingest
from drafting.cachedir import cache_folder
from drafting.ingest import compiled
from drafting.ingest.patterns import LazyPattern

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "web"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private cache folder of this test's own, and an empty store."""
    monkeypatch.setenv("DRAFTING_CACHE_DIR", str(tmp_path / "cache"))
    cache_folder.cache_clear()
    compiled._reset()
    yield tmp_path / "cache" / "patterns"
    cache_folder.cache_clear()
    compiled._reset()


def _lazy_patterns() -> list[LazyPattern]:
    """Return every lazy pattern the import stages define (in tuples too)."""
    found: dict[int, LazyPattern] = {}
    for info in pkgutil.iter_modules(drafting.ingest.__path__):
        module = importlib.import_module(f"drafting.ingest.{info.name}")
        for value in vars(module).values():
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                if isinstance(item, LazyPattern):
                    found[id(item)] = item
    return list(found.values())


def _lines() -> list[str]:
    """Return real lines to match: the first lines of every tenth corpus page."""
    pages = sorted(CORPUS.glob("*.txt"))[::10]
    return [line for page in pages for line in page.read_text(encoding="utf-8").split("\n")[:8]]


def _spans(pattern: re.Pattern[str], lines: list[str]) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in pattern.finditer(line)] for line in lines]


def test_every_pattern_from_the_store_is_the_one_re_compile_makes(store: Path) -> None:
    patterns = _lazy_patterns()
    assert len(patterns) > 150
    lines = _lines()
    fresh = [compiled.compile_pattern(p.pattern, p.flags) for p in patterns]
    compiled._STORE.save()
    assert len(list(store.glob("*.bin"))) == 1
    compiled._reset()  # a later run: everything comes from the file
    for lazy_pattern, first in zip(patterns, fresh, strict=True):
        again = compiled.compile_pattern(lazy_pattern.pattern, lazy_pattern.flags)
        want = re.compile(lazy_pattern.pattern, lazy_pattern.flags)
        for got in (first, again):
            assert (got.pattern, got.flags, got.groups) == (want.pattern, want.flags, want.groups)
            assert got.groupindex == want.groupindex
            assert _spans(got, lines) == _spans(want, lines), lazy_pattern.pattern
    assert compiled._STORE.added is False  # nothing had to be compiled the second time


def test_a_damaged_store_is_compiled_again(store: Path) -> None:
    compiled.compile_pattern(r"(?P<n>[0-9]+)号")
    compiled._STORE.save()
    (path,) = store.glob("*.bin")
    data = path.read_bytes()
    path.write_bytes(data[:-7] + b"garbage")  # its hash no longer matches
    compiled._reset()
    got = compiled.compile_pattern(r"(?P<n>[0-9]+)号")
    assert got.match("17号") is not None and compiled._STORE.added is True


def test_a_stored_program_the_engine_refuses_is_compiled_again(store: Path) -> None:
    compiled._STORE.load()[("abc", 0)] = (0, [1, 2, 3], 0, {}, ())  # not a valid program
    assert compiled.compile_pattern("abc").match("abcd") is not None


def test_no_cache_folder_means_plain_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTING_CACHE_DIR", "")
    cache_folder.cache_clear()
    compiled._reset()
    try:
        assert compiled.compile_pattern("x+").fullmatch("xx") is not None
        assert compiled._STORE.added is False and compiled._STORE.path() is None
    finally:
        cache_folder.cache_clear()
        compiled._reset()
