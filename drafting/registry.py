"""The office's unit registry, ``units.yaml``, found beside the documents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

REGISTRY_NAME = "units.yaml"


@dataclass(frozen=True)
class UnitRegistry:
    """Unit names (and aliases) an office uses; ``display`` is the file as reported."""

    display: str
    names: tuple[str, ...]
    aliases: frozenset[str]

    def knows(self, unit: str) -> bool:
        """Return True when ``unit`` is a registered name or alias."""
        return unit in self.names or unit in self.aliases

    def suggest(self, unit: str) -> str | None:
        """Return the registered name closest to ``unit``, if one is close enough."""
        candidates = [*self.names, *sorted(self.aliases)]
        import difflib  # only on the error path; keeps start-up small

        found = difflib.get_close_matches(unit, candidates, n=1, cutoff=0.5)
        if not found:
            found = [name for name in self.names if unit in name or name in unit][:1]
        return found[0] if found else None

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
    repository only the document's own folder counts (see :func:`drafting.files.boundary`).
    A units.yaml that is a symlink to a file outside that boundary is not used.
    """
    from drafting.files import boundary

    folder = document.resolve().parent
    root = boundary(folder)
    for candidate in (folder, *folder.parents):
        path = candidate / REGISTRY_NAME
        if path.is_file() and path.resolve().is_relative_to(root):
            return path
        if candidate == root:
            return None
    return None
