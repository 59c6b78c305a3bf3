"""Rewrite a bundled 2020-12 schema as the draft-07 schema that editors read.

The result is what yaml-language-server (VS Code's YAML extension) needs to show, for
every key, that key's own Chinese title and description on hover, and to insert
``key: `` or a list skeleton on completion:

- Every ``$ref`` is inlined. yaml-language-server's hover shows the first title among
  the schemas matching a node, and those reached through ``allOf``/``$ref`` come before
  the node's own; so a key whose schema refers to a shared definition showed that
  definition's generic title (“文本”, “单位列表”). Its completion also found no ``type``
  on a bare ``allOf`` and inserted the key without a colon. Inlined, the key's own
  title and description override the definition's, and its ``type`` is in sight.
- An ``anyOf`` whose branches have disjoint types (“a text or a list of texts”) becomes
  a ``oneOf`` (equivalent: at most one branch can match), with the union of the types
  on the node, and the branches lose their annotations when the node has its own:
  hover would otherwise show the matching branch's title first, or, for an ``anyOf``
  whose branches it cannot tell apart, all of them joined with “||”.

A recursive definition cannot be inlined, and a keyword draft-07 lacks cannot simply be
renamed: both raise :class:`ValueError` instead of yielding a wrong schema.
"""

from __future__ import annotations

from typing import Any

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

_NEWER_KEYWORDS = frozenset(
    {
        "$anchor",
        "$dynamicAnchor",
        "$dynamicRef",
        "$recursiveAnchor",
        "$recursiveRef",
        "$vocabulary",
        "contentSchema",
        "dependentRequired",
        "dependentSchemas",
        "maxContains",
        "minContains",
        "prefixItems",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
_SCHEMA = frozenset(
    {"additionalProperties", "items", "contains", "not", "if", "then", "else", "propertyNames"}
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties"})
_ANNOTATIONS = frozenset({"title", "description", "$comment", "examples", "default"})
_DROPPED = frozenset({"$defs", "definitions", "$schema", "$id"})


def to_draft_07(schema: dict[str, Any]) -> dict[str, Any]:
    """Return ``schema`` (2020-12, only local refs) as a self-contained draft-07 schema.

    The result has no ``$ref`` and no definitions; raises :class:`ValueError` for a
    recursive ``$ref``, a non-local ``$ref`` or a keyword that draft-07 does not have.
    """
    result = _node(schema, schema, (), "")
    return {"$schema": DRAFT_07, **result}


def _node(node: Any, root: dict[str, Any], refs: tuple[str, ...], where: str) -> Any:
    if not isinstance(node, dict):
        return node  # a boolean schema
    newer = _NEWER_KEYWORDS.intersection(node)
    if newer:
        raise ValueError(f"{where or '/'}: draft-07 has no {', '.join(sorted(newer))}")
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROPPED or key == "$ref":
            continue
        at = f"{where}/{key}"
        if key in _SCHEMA:
            out[key] = _node(value, root, refs, at)
        elif key in _SCHEMA_LISTS:
            out[key] = [_node(v, root, refs, f"{at}/{i}") for i, v in enumerate(value)]
        elif key in _SCHEMA_MAPS:
            out[key] = {k: _node(v, root, refs, f"{at}/{k}") for k, v in value.items()}
        else:
            out[key] = value
    ref = node.get("$ref")
    if ref is not None:
        out = _merge(_inline(ref, root, refs, where), out)
    return _disjoint_one_of(out)


def _inline(ref: Any, root: dict[str, Any], refs: tuple[str, ...], where: str) -> dict[str, Any]:
    """Return the converted target of the local reference ``ref``."""
    if not isinstance(ref, str) or not ref.startswith("#/"):
        raise ValueError(f"{where or '/'}: only local references can be inlined: {ref!r}")
    if ref in refs:
        raise ValueError(f"{where or '/'}: recursive reference {ref} cannot be inlined")
    target: Any = root
    for part in ref[2:].split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    converted = _node(target, root, (*refs, ref), ref[1:])
    if not isinstance(converted, dict):
        raise ValueError(f"{where or '/'}: {ref} is not a schema object")
    return converted


def _merge(target: dict[str, Any], siblings: dict[str, Any]) -> dict[str, Any]:
    """Return ``target`` with the ``$ref``'s siblings applied on top of it.

    A sibling annotation replaces the target's; a sibling assertion that the target
    also has keeps both in force through ``allOf``.
    """
    clash = {k for k in siblings if k in target and k not in _ANNOTATIONS}
    if not clash:
        return {**target, **siblings}
    merged = dict(siblings)
    merged["allOf"] = [target, *siblings.get("allOf", [])]
    return merged


def _types(schema: Any) -> list[str] | None:
    types = schema.get("type") if isinstance(schema, dict) else None
    if isinstance(types, str):
        return [types]
    if isinstance(types, list) and all(isinstance(t, str) for t in types):
        return list(types)
    return None


def _disjoint_one_of(node: dict[str, Any]) -> dict[str, Any]:
    """Return ``node`` with a type-disjoint ``anyOf`` rewritten as described above."""
    branches = node.get("anyOf")
    if not isinstance(branches, list) or "oneOf" in node or len(branches) < 2:
        return node
    typed = [_types(b) for b in branches]
    seen: set[str] = set()
    union: list[str] = []
    for types in typed:
        if types is None:
            return node
        wide = set(types) | ({"integer"} if "number" in types else set())
        wide |= {"number"} if "integer" in types else set()
        if wide & seen:
            return node
        seen |= wide
        union.extend(types)
    out = {k: v for k, v in node.items() if k != "anyOf"}
    own = "title" in node or "description" in node
    out["oneOf"] = [
        {k: v for k, v in b.items() if not (own and k in ("title", "description"))}
        for b in branches
    ]
    if "type" not in out:
        out["type"] = union
    return out
