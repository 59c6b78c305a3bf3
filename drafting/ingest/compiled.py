"""Compiled regular expressions kept across runs: what one ``drafting import`` spends most.

The import stages hold about 400 patterns, a third of them compiled for one document, and
Python compiles each one again in every process: for a CLI import of a clean .docx that
is most of its own work (50–60 ms of parsing and optimising long word lists and CJK
character classes). :func:`compile_pattern` keeps what Python's compiler produces for a
pattern — the program of the regular expression engine, its groups and flags, plain data
— in the private cache folder (:mod:`drafting.cachedir`), one file per Python build, and
gives later processes the same compiled pattern without compiling again.

The store is an optimisation only. Python's own compiler makes every entry; an entry is
looked up by the pattern's text and flags, in a file named by the interpreter's version
and its engine's magic number, and checked by a hash of the file's content; anything
missing, damaged, foreign or refused by the engine (which validates a program before it
runs it) falls back to :func:`re.compile`. ``DRAFTING_CACHE_DIR=`` (set, empty) turns it
off, as it does the render cache.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

from drafting.cachedir import cache_folder

try:  # the compiler's parts: CPython 3.11 and later name them so
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: compile as usual
    _sre = None

Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""What the engine needs besides the text: flags, program, groups, group names both ways."""

_MAX_ENTRIES = 2000
"""A store never grows past this: patterns of older releases make way for this run's."""


class _Store:
    """The entries of this Python's file, loaded on first use and written at exit."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], Entry] | None = None
        self.used: set[tuple[str, int]] = set()
        self.added = False

    def path(self) -> Path | None:
        """Return this interpreter's file in the cache folder, or None (no cache)."""
        folder = cache_folder()
        if folder is None or _sre is None:
            return None
        build = f"{sys.implementation.cache_tag}-{sys.version_info[:3]}-{_sre.MAGIC}"
        name = hashlib.sha256(f"{build}\0{sys.version}".encode()).hexdigest()[:24]
        return folder / "patterns" / f"{name}.bin"

    def load(self) -> dict[tuple[str, int], Entry]:
        """Return the stored entries (none when the file is missing or damaged)."""
        if self.entries is None:
            self.entries = {}
            path = self.path()
            if path is not None:
                with suppress(OSError, ValueError, EOFError, TypeError):
                    digest, _, data = path.read_bytes().partition(b"\n")
                    if digest == hashlib.sha256(data).hexdigest().encode("ascii"):
                        loaded = marshal.loads(data)
                        if isinstance(loaded, dict):
                            self.entries = loaded
        return self.entries

    def save(self) -> None:
        """Write the entries back when this run compiled new ones (atomically; errors ignored)."""
        path = self.path()
        if not self.added or self.entries is None or path is None:
            return
        entries = self.entries
        if len(entries) > _MAX_ENTRIES:
            entries = {key: entries[key] for key in self.used if key in entries}
        temp = None
        try:
            data = marshal.dumps(entries)
            fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data)
            os.replace(temp, path)
        except (OSError, ValueError):
            if temp is not None:
                with suppress(OSError):
                    os.unlink(temp)


_STORE = _Store()
atexit.register(_STORE.save)


def _build(pattern: str, entry: Entry) -> re.Pattern[str]:
    """Return the engine's pattern for ``pattern`` from a stored ``entry``."""
    flags, code, groups, groupindex, indexgroup = entry
    built: re.Pattern[str] = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
    return built


def _fresh(pattern: str, flags: int) -> tuple[re.Pattern[str], Entry]:
    """Return ``pattern`` compiled as :func:`re.compile` compiles it, and its entry."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry: Entry = (
        int(flags | parsed.state.flags),
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    return _build(pattern, entry), entry


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Return ``pattern`` compiled with ``flags``: from the store when a run before
    compiled it, else compiled (and kept for the next run); :func:`re.compile` when
    there is no store or the engine refuses what it holds."""
    if _sre is None or cache_folder() is None:
        return re.compile(pattern, flags)
    key = (pattern, flags)
    entries = _STORE.load()
    _STORE.used.add(key)
    entry = entries.get(key)
    if entry is not None:
        try:
            return _build(pattern, entry)
        except (TypeError, ValueError, RuntimeError):  # damaged or foreign: compile again
            entries.pop(key, None)
    try:
        compiled, entry = _fresh(pattern, flags)
    except (AttributeError, TypeError, ValueError, RuntimeError, re.error):  # pragma: no cover
        return re.compile(pattern, flags)  # this Python's compiler differs: no store
    entries[key] = entry
    _STORE.added = True
    return compiled


def _reset() -> None:
    """Forget what was loaded (for tests: the next use reads the file again)."""
    _STORE.entries = None
    _STORE.used.clear()
    _STORE.added = False
