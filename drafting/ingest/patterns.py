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
from functools import partial
from typing import Any

from drafting.ingest.compiled import compile_pattern


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

    def __init__(self, pattern: str, flags: int = 0, needs: tuple[str, ...] = ()) -> None:
        self.pattern = pattern
        self.flags = flags
        self.needs = needs

    def __getattr__(self, name: str) -> Any:
        """Compile, bind the compiled pattern's methods here, return the one asked for.

        A pattern with ``needs`` (strings one of which every match contains) is not
        compiled for a text holding none of them: ``match``, ``search`` and ``fullmatch``
        answer None there, ``findall`` an empty list, until a text that holds one comes.
        """
        if name.startswith("__"):  # copy, pickle and the like: no compiling for them
            raise AttributeError(name)
        if self.needs and name in _GUARDED:
            return partial(_GUARDED[name], self)
        return getattr(self._compile(), name)

    def _compile(self) -> re.Pattern[str]:
        """Compile, bind the compiled pattern's methods here and return it."""
        compiled = compile_pattern(self.pattern, self.flags)
        for method in ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn"):
            setattr(self, method, getattr(compiled, method))
        self.split = compiled.split
        self.groups = compiled.groups
        return compiled

    def _holds(self, text: str) -> bool:
        """Return True when ``text`` holds one of the strings every match contains."""
        return any(need in text for need in self.needs)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def _guarded_match(self: LazyPattern, text: str, *args: Any) -> re.Match[str] | None:
    return self._compile().match(text, *args) if self._holds(text) else None


def _guarded_search(self: LazyPattern, text: str, *args: Any) -> re.Match[str] | None:
    return self._compile().search(text, *args) if self._holds(text) else None


def _guarded_fullmatch(self: LazyPattern, text: str, *args: Any) -> re.Match[str] | None:
    return self._compile().fullmatch(text, *args) if self._holds(text) else None


def _guarded_findall(self: LazyPattern, text: str, *args: Any) -> list[Any]:
    return self._compile().findall(text, *args) if self._holds(text) else []


_GUARDED: dict[str, Callable[..., Any]] = {
    "match": _guarded_match,
    "search": _guarded_search,
    "fullmatch": _guarded_fullmatch,
    "findall": _guarded_findall,
}
"""The methods a pattern with ``needs`` answers without compiling, for a text that cannot match."""


def lazy(pattern: str, flags: int = 0, needs: tuple[str, ...] = ()) -> LazyPattern:
    """Return ``pattern`` to be compiled (with ``flags``) when it is first used.

    ``needs``: strings one of which every match of the pattern contains; a text holding
    none of them is answered without compiling (a rendered .docx never meets most of a
    web page's dressing, and compiling is most of what those patterns cost one import).
    """
    return LazyPattern(pattern, flags, needs)


ADDRESSEE_NOUN = (
    r"(?:们|們|同志|领导|領導|来宾|來賓|嘉宾|嘉賓|朋友|老师|老師|教师|教師|同事|同学|同學|代表|校长|校長|"
    r"家长|家長|委员|委員|先生|女士|干部|幹部|书记|書記|主任|局长|局長|专家|專家|教授|"
    r"园长|園長|职工|職工|员工|員工|伙伴|夥伴|孩子|学子|學子|裁判|运动员|運動員|裁判员|裁判員|"
    r"同仁|校友|教官|学员|學員|前辈|前輩|战友|戰友|乡亲|鄉親)"
)
"""The last word of one addressee group of a salutation ("各位校长", "老师", "同学们")."""
SALUTATION_GROUPS = (
    rf"(?:[^，,。；;：:！!？?、\s]{{0,12}}?{ADDRESSEE_NOUN}\s*[、，,]\s*){{1,5}}"
    rf"[^，,。；;：:！!？?、\s]{{0,12}}?{ADDRESSEE_NOUN}\s*[：:]"
)
"""A salutation of several addressee groups, commas and all: "各位领导,老师,同学们:"."""
