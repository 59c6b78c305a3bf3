"""Confinement: a file we write inside a repository stays inside it, links or not.

Checking the root folder alone is not enough: ``repo/.vscode -> /elsewhere`` sends
``repo/.vscode/settings.json`` to ``/elsewhere/settings.json``. Every path is resolved
(each link on the way followed, a dangling one too) before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from drafting.errors import OutsideRoot


def confined(root: Path, path: Path) -> Path:
    """Return ``path`` resolved; raise :class:`OutsideRoot` if it leads outside ``root``."""
    base = root.resolve()
    real = path.resolve()
    if real != base and not real.is_relative_to(base):
        raise OutsideRoot(
            f"{path} 经链接指向 {base} 之外（{real}），为免写到别处，未做任何改动；"
            "请删除或改正这个链接后再试",
            code="outside-root",
        )
    return real


def check_confined(root: Path, paths: Iterable[Path]) -> None:
    """Raise :class:`OutsideRoot` for the first of ``paths`` leading outside ``root``.

    Returns nothing; meant to run before the first write, so a refusal writes nothing.
    """
    for path in paths:
        confined(root, path)
