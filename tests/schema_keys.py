"""Every key a schema defines, with the key's own title and description."""

from __future__ import annotations

from typing import Any

from drafting.check.schema import resolve

KeyPath = tuple[str, ...]
"""Keys from the document root; ``"-"`` stands for “an item of this list”."""


def keys(schema: dict[str, Any]) -> dict[KeyPath, tuple[str, str]]:
    """Return ``{key path: (title, description)}`` for every key ``schema`` defines.

    ``$ref`` is followed with the reference's own annotations on top, as JSON Schema
    2020-12 reads them; branches of ``anyOf``/``oneOf``/``allOf`` add their keys.
    """
    found: dict[KeyPath, tuple[str, str]] = {}

    def walk(node: Any, path: KeyPath, depth: int) -> None:
        if not isinstance(node, dict) or depth > 40:
            return
        node = resolve(node, schema)
        for name, prop in (node.get("properties") or {}).items():
            own = resolve(prop, schema)
            found.setdefault((*path, name), (own.get("title", ""), own.get("description", "")))
            walk(prop, (*path, name), depth + 1)
        if isinstance(node.get("items"), dict):
            walk(node["items"], (*path, "-"), depth + 1)
        for keyword in ("anyOf", "oneOf", "allOf"):
            for branch in node.get(keyword, []):
                walk(branch, path, depth + 1)

    walk(schema, (), 0)
    return found
