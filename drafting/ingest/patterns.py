"""Patterns: regular expressions of the import stages, compiled the first time they are used.

Importing ``drafting.ingest`` used to compile every pattern of every stage (about a
hundred) before the first line was read, though one document needs a third of them: a
rendered .docx never meets a run-together page, a PDF's page number or a site's title
dressing. :func:`lazy` returns a :class:`LazyPattern` that compiles on first use and then
binds the compiled pattern's methods onto itself, so later calls cost what a compiled
pattern's do. The expressions and their results are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any


class LazyPattern:
    """A regular expression compiled the first time one of its methods is looked up.

    The methods are declared, not defined: looking one up the first time finds nothing
    and reaches :meth:`__getattr__`, which compiles and stores them all on the instance.
    """

    match: Callable[..., re.Match[str] | None]
    search: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    sub: Callable[..., str]
    subn: Callable[..., tuple[str, int]]
    split: Callable[..., list[Any]]
    groups: int

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        """Compile, bind the compiled pattern's methods here, return the one asked for."""
        if name.startswith("__"):  # copy, pickle and the like: no compiling for them
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for method in ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn"):
            setattr(self, method, getattr(compiled, method))
        self.split = compiled.split
        self.groups = compiled.groups
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """Return ``pattern`` to be compiled (with ``flags``) when it is first used."""
    return LazyPattern(pattern, flags)
