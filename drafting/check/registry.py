"""The office's unit registry, ``units.yaml``, found beside the documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REGISTRY_NAME = "units.yaml"


@dataclass(frozen=True)
class UnitRegistry:
    """Unit names (and aliases) an office uses; ``display`` is the file as reported."""

    display: str
    names: tuple[str, ...]
    aliases: frozenset[str]
    _known: frozenset[str] = field(init=False, repr=False, compare=False)
    _order: dict[str, int] = field(init=False, repr=False, compare=False)
    _candidates: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _joined: str = field(init=False, repr=False, compare=False)
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _guesses: dict[str, str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Indexes, built once: a set for knows() (the tuple was scanned per unit), the
        # names joined for substring search, and the answers of suggest().
        starts, offset = [], 0
        for name in self.names:
            starts.append(offset)
            offset += len(name) + 1
        order: dict[str, int] = {}
        for index, name in enumerate(self.names):
            order.setdefault(name, index)
        object.__setattr__(self, "_known", frozenset(self.names) | self.aliases)
        object.__setattr__(self, "_order", order)
        object.__setattr__(self, "_candidates", (*self.names, *sorted(self.aliases)))
        object.__setattr__(self, "_joined", "\n".join(self.names))
        object.__setattr__(self, "_starts", tuple(starts))
        object.__setattr__(self, "_guesses", {})

    def knows(self, unit: str) -> bool:
        """Return True when ``unit`` is a registered name or alias."""
        return unit in self._known

    def suggest(self, unit: str) -> str | None:
        """Return the registered name closest to ``unit``, if one is close enough.

        Closest by rapidfuzz's normalised Indel similarity, at least 50 of 100, scored
        in C against every name (difflib took 12 s for 40 unknown units against 50,000
        names, rapidfuzz about 10 ms a unit); failing that, the first name that contains
        ``unit`` or is contained in it. Each answer is kept: a unit misspelt on a
        thousand tasks is looked up once.
        """
        if unit not in self._guesses:
            from rapidfuzz import fuzz, process  # only on the warning path: start-up stays small

            found = process.extractOne(unit, self._candidates, scorer=fuzz.ratio, score_cutoff=50)
            self._guesses[unit] = str(found[0]) if found else self._containing(unit)
        return self._guesses[unit]

    def _containing(self, unit: str) -> str | None:
        """Return the first name that contains ``unit`` or that ``unit`` contains."""
        import bisect

        found: list[int] = []
        at = self._joined.find(unit) if unit and "\n" not in unit else -1
        if at >= 0:
            found.append(bisect.bisect_right(self._starts, at) - 1)
        for size in range(1, len(unit) + 1):
            for begin in range(len(unit) - size + 1):
                index = self._order.get(unit[begin : begin + size])
                if index is not None:
                    found.append(index)
        return self.names[min(found)] if found else None

    @classmethod
    def from_data(cls, display: str, data: dict[str, Any]) -> UnitRegistry:
        """Build a registry from the validated data of a units.yaml file."""
        names: list[str] = []
        aliases: set[str] = set()
        for entry in data.get("units") or []:
            if isinstance(entry, str):
                names.append(entry)
            elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
                names.append(entry["name"])
                aliases.update(a for a in entry.get("aliases") or [] if isinstance(a, str))
        return cls(display, tuple(names), frozenset(aliases))


def find_registry_file(document: Path) -> Path | None:
    """Return the units.yaml that governs ``document``, if any.

    It is looked for in the document's folder and then in each parent folder, up to
    and including the root of the git repository (a folder holding ``.git``); outside a
    repository only the document's own folder counts (see :func:`drafting.fsio.boundary`).
    A units.yaml that is a symlink to a file outside that boundary is not used.
    """
    from drafting.fsio import boundary

    folder = document.resolve().parent
    root = boundary(folder)
    for candidate in (folder, *folder.parents):
        path = candidate / REGISTRY_NAME
        if path.is_file() and path.resolve().is_relative_to(root):
            return path
        if candidate == root:
            return None
    return None
