"""Unsaved drafts kept by the server, so that they outlive the browser's storage.

The browser keeps a draft per path in its localStorage, which is per origin: a server
restarted on another port starts with none. The server keeps the same draft in the
user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``, ``drafting/drafts/`` and one
folder per served FOLDER, named by the sha256 of its resolved path) — never inside
FOLDER, where it would show in git and in the document list. One JSON file per document
(named by the sha256 of its relative path), written atomically, bounded in size.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drafting.errors import DraftingError, UsageError
from drafting.fsio import atomic_write

MAX_TEXT = 4 * 1024 * 1024
"""Largest draft text in bytes (UTF-8): the request body limit."""
MAX_DRAFTS = 500
"""Most drafts kept for one folder; a new one beyond is refused."""


def cache_home() -> Path:
    """Return the user's cache folder: ``$XDG_CACHE_HOME`` if absolute, else ``~/.cache``."""
    given = os.environ.get("XDG_CACHE_HOME", "")
    return Path(given) if given and Path(given).is_absolute() else Path.home() / ".cache"


def folder_for(root: Path) -> Path:
    """Return the folder that holds the drafts of the served folder ``root``."""
    key = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_home() / "drafting" / "drafts" / key


class Drafts:
    """The drafts of one served folder, keyed by the API's relative POSIX path."""

    def __init__(self, root: Path) -> None:
        self.folder = folder_for(root)

    def _file(self, path: str) -> Path:
        return self.folder / (hashlib.sha256(path.encode("utf-8")).hexdigest() + ".json")

    def get(self, path: str) -> dict[str, Any] | None:
        """Return the draft of ``path`` ({path, text, base_hash, saved_at}) or None."""
        try:
            value = json.loads(self._file(path).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(value, dict) or value.get("path") != path:
            return None
        if not isinstance(value.get("text"), str):
            return None
        return {k: value.get(k) for k in ("path", "text", "base_hash", "saved_at", "kind")}

    def put(self, path: str, text: str, base_hash: str | None, kind: str | None) -> str:
        """Keep ``text`` as the draft of ``path``; return when it was kept (ISO 8601)."""
        if len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT:
            raise DraftingError("草稿过大（超过 4 MB），未保留", code="too-large")
        target = self._file(path)
        if not target.exists():
            with contextlib.suppress(OSError):
                if sum(1 for _ in self.folder.glob("*.json")) >= MAX_DRAFTS:
                    raise UsageError(
                        f"未保存的草稿已有 {MAX_DRAFTS} 份，请先保存或丢弃一些", code="too-many"
                    )
        saved_at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        record = {"path": path, "text": text, "base_hash": base_hash, "saved_at": saved_at}
        if kind is not None:
            record["kind"] = kind
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(target, json.dumps(record, ensure_ascii=False).encode("utf-8"))
        return saved_at

    def delete(self, path: str) -> None:
        """Forget the draft of ``path`` (no error when there is none)."""
        with contextlib.suppress(FileNotFoundError):
            self._file(path).unlink()
