"""The private cache folder: work kept across runs, an optimisation only.

A missing, unwritable, foreign or corrupt cache never changes a result or fails a run.
Its users: :mod:`drafting.render.cache` (a template's parts, compiled and measured) and
:mod:`drafting.ingest.compiled` (the import's regular expressions, compiled).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

SUBFOLDERS = ("xml", "jinja", "tags", "patterns")
"""One per kind of entry."""


@cache
def cache_folder() -> Path | None:
    """Return the private cache folder, or None when caching is off or unsafe.

    ``DRAFTING_CACHE_DIR`` chooses it (set but empty: off); the default is the user's
    cache folder: ``$XDG_CACHE_HOME/drafting`` or ``~/.cache/drafting``, on Windows
    ``%LOCALAPPDATA%\\drafting\\cache``. A folder that is a symlink or belongs to
    another user is not used (it could hold planted code); a group- or world-readable
    one of ours is made private.
    """
    chosen = os.environ.get("DRAFTING_CACHE_DIR")
    if chosen is not None:
        if not chosen:
            return None
        base = Path(chosen)
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"]) / "drafting" / "cache"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "drafting"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = base.lstat()
        if base.is_symlink():
            return None
        if hasattr(os, "getuid"):
            if info.st_uid != os.getuid():
                return None
            if info.st_mode & 0o077:
                base.chmod(0o700)
        for sub in SUBFOLDERS:
            (base / sub).mkdir(mode=0o700, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home folder
        return None
    return base
