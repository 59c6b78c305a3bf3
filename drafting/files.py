"""Finding the input files under the paths given on the command line."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from drafting.errors import UsageError

YAML_SUFFIXES = (".yaml", ".yml")


def discover(
    paths: Iterable[str], suffixes: tuple[str, ...] = YAML_SUFFIXES
) -> list[tuple[Path, str]]:
    """Expand files and folders into the files to check, as (path, display name).

    Folders are searched recursively for ``suffixes`` (YAML by default); files and folders
    whose name starts with a dot (``.git``, ``.pre-commit-config.yaml``) are skipped.
    A path that does not exist is a :class:`~drafting.errors.UsageError`.
    """
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for file in sorted(names):
                    if file.endswith(suffixes) and not file.startswith("."):
                        full = Path(root) / file
                        found.append((full, str(full)))
        elif path.exists():
            found.append((path, given))
        else:
            raise UsageError(f"找不到文件或文件夹：{given}", code="not-found")
    return found
