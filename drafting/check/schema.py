"""The JSON Schemas: bundling, schema-guided typing of scalars, compiled validators.

The schema files in ``schemas/`` refer to shared definitions in ``common.schema.json``
by the relative reference ``common.schema.json#/$defs/…``. :func:`bundled` inlines those
into one self-contained schema per kind; that is what ``drafting schema KIND`` prints.
:func:`annotated` adds the Chinese pattern messages (:mod:`drafting.check.pattern_messages`);
that is what we validate against. :func:`editor_schema` turns it into draft-07 for
editors (VS Code's YAML extension).

The document schemas have no ``$id``: other tools then resolve the relative reference
against the file's own location, offline (an ``$id`` on a host that does not exist sent
check-jsonschema there). ``common.schema.json`` has the relative ``$id``
``common.schema.json``, the name the references use: that is how ajv-cli and a
``referencing`` registry, which look schemas up by ``$id``, find it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from drafting.resources import raw_schema, schema_text

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

    from drafting.check.load import NodePath, Source

SCHEMA_NAMES: tuple[str, ...] = ("plan", "summary", "speech", "notice", "units")
"""Every document kind that has a schema (``units`` is the office's unit registry)."""

_COMMON_PREFIX = "common.schema.json#/$defs/"
_INTEGER = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_NUMBER = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$")
_BOOLEANS = {"true": True, "false": False}


@cache
def bundled(name: str) -> dict[str, Any]:
    """Return the schema ``name`` with the common definitions inlined under ``$defs``."""
    schema = copy.deepcopy(raw_schema(name))
    common = raw_schema("common")["$defs"]
    defs = schema.setdefault("$defs", {})
    for key, value in common.items():
        if key in defs:
            raise ValueError(f"$defs name clash in {name}.schema.json: {key}")
        defs[key] = copy.deepcopy(value)
    _rewrite_refs(schema)
    return schema


def _rewrite_refs(node: Any) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_COMMON_PREFIX):
            node["$ref"] = "#/$defs/" + ref[len(_COMMON_PREFIX) :]
        for value in node.values():
            _rewrite_refs(value)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value)


@cache
def annotated(name: str) -> dict[str, Any]:
    """Return the bundled schema ``name`` with ``patternErrorMessage`` on each pattern.

    Raises :class:`ValueError` when a message's pointer names no node with a pattern.
    """
    from drafting.check.pattern_messages import PATTERN_MESSAGES

    schema = copy.deepcopy(bundled(name))
    for source in (name, "common"):
        for pointer, message in PATTERN_MESSAGES[source].items():
            node = _pointer_target(schema, pointer)
            if not isinstance(node, dict) or "pattern" not in node:
                raise ValueError(f"{source}.schema.json{pointer}: no pattern for its message")
            node["patternErrorMessage"] = message
    return schema


def _pointer_target(root: dict[str, Any], pointer: str) -> Any:
    target: Any = root
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(target, list):  # an anyOf branch: /anyOf/0
            target = target[int(key)] if key.isdigit() and int(key) < len(target) else None
        else:
            target = target.get(key) if isinstance(target, dict) else None
    return target


@cache
def editor_schema(name: str) -> dict[str, Any]:
    """Return the schema ``name`` as a self-contained draft-07 schema for editors.

    See :mod:`drafting.check.draft07` for what that takes; raises :class:`ValueError` if the
    schema cannot be written in draft-07 without changing what it accepts.
    """
    from drafting.check.draft07 import to_draft_07

    return to_draft_07(annotated(name))


@cache
def validator(name: str) -> Validator:
    """Return a compiled 2020-12 validator (with the format checker) for schema ``name``.

    It validates against :func:`annotated`, so an error's schema node carries the
    Chinese ``patternErrorMessage``.
    """
    from jsonschema import Draft202012Validator

    schema = annotated(name)
    checker = Draft202012Validator.FORMAT_CHECKER
    return Draft202012Validator(schema, format_checker=checker)


def schema_hash(name: str) -> str:
    """Return the hash of the schema files that ``name`` is built from.

    Generated validators record it; hashing the file texts (not the bundled schema as
    canonical JSON) keeps the check that they are current at ~0.1 ms per process.
    """
    import hashlib

    text = "\0".join((name, schema_text(name), schema_text("common")))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compilable(name: str) -> dict[str, Any]:
    """Return a copy of the bundled schema ``name`` for fastjsonschema.

    Without its ``$id``: fastjsonschema names the generated function after it, and
    local references resolve the same either way.
    """
    schema = copy.deepcopy(bundled(name))
    schema.pop("$id", None)
    return schema


@cache
def fast_validator(name: str) -> Callable[[Any], Any]:
    """Return a fastjsonschema function for schema ``name``; it raises on the first error.

    It is ~25x faster than :func:`validator` and only answers "valid or not" by
    raising :class:`drafting.check._validators.Invalid`: a document it rejects is validated
    again by :func:`validator` for full diagnostics.
    """
    import importlib

    try:
        module = importlib.import_module(f"drafting.check._validators.{name}")
    except ImportError:
        module = None
    if module is not None and getattr(module, "SCHEMA_HASH", None) == schema_hash(name):
        return module.validate  # type: ignore[no-any-return]
    import fastjsonschema  # the schema changed since the code was generated

    from drafting.check._validators import Invalid

    compiled = fastjsonschema.compile(compilable(name))

    def check(data: Any) -> Any:
        try:
            return compiled(data)
        except fastjsonschema.JsonSchemaException as exc:
            raise Invalid(str(exc)) from exc

    return check


@cache
def property_names() -> frozenset[str]:
    """Return every key name that any of our schemas defines."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                names.update(props)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in (*SCHEMA_NAMES, "common"):
        walk(raw_schema(name))
    return frozenset(names)


def resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Return ``node`` with a local ``$ref`` followed (siblings of the ref kept on top)."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node
    merged = dict(resolve(_ref_target(root, ref), root))
    merged.update({k: v for k, v in node.items() if k != "$ref"})
    return merged


def _ref_target(root: dict[str, Any], ref: str) -> Any:
    target: Any = root
    for part in ref[2:].split("/"):
        target = target[part]
    return target


_WANTS: dict[int, tuple[Any, bool]] = {}


def _wants_typing(root: dict[str, Any], node: Any) -> bool:
    """Return True when an integer, number or boolean type occurs below ``node``.

    Memoised by identity; the memo keeps each node alive, so an id is never reused.
    """
    hit = _WANTS.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    _WANTS[id(node)] = (node, False)  # guards against recursive schemas
    found = False
    if isinstance(node, dict):
        types = node.get("type")
        types = [types] if isinstance(types, str) else types or []
        ref = node.get("$ref")
        found = (
            any(t in ("integer", "number", "boolean") for t in types)
            or (
                isinstance(ref, str)
                and ref.startswith("#/")
                and _wants_typing(root, _ref_target(root, ref))
            )
            or any(_wants_typing(root, v) for k, v in node.items() if k != "$ref")
        )
    elif isinstance(node, list):
        found = any(_wants_typing(root, v) for v in node)
    _WANTS[id(node)] = (node, found)
    return found


def typed(source: Source, name: str) -> Any:
    """Return ``source.data`` with plain scalars typed where schema ``name`` wants it.

    Only an unquoted scalar becomes an ``int``, ``float`` or ``bool``, and only where the
    schema asks for that type; everything else stays exactly the text that was typed.
    """
    root = bundled(name)
    return _Typer(root, source).walk(source.data, root, ())


class _Typer:
    def __init__(self, root: dict[str, Any], source: Source) -> None:
        self.root = root
        self.source = source

    def wants_typing(self, node: dict[str, Any]) -> bool:
        """Return True when a non-string scalar type occurs anywhere below ``node``."""
        return _wants_typing(self.root, node)

    def walk(self, value: Any, schema: dict[str, Any], path: NodePath) -> Any:
        if not self.wants_typing(schema):
            return value
        schema = resolve(schema, self.root)
        if isinstance(value, str):
            return self.scalar(value, schema, path)
        branches = [
            resolve(b, self.root) for b in schema.get("anyOf", []) + schema.get("oneOf", [])
        ]
        if isinstance(value, dict):
            for branch in [schema, *branches]:
                props = branch.get("properties")
                if isinstance(props, dict):
                    return {
                        k: self.walk(v, props[k], (*path, k)) if k in props else v
                        for k, v in value.items()
                    }
            return value
        if isinstance(value, list):
            for branch in [schema, *branches]:
                items = branch.get("items")
                if isinstance(items, dict):
                    return [self.walk(v, items, (*path, i)) for i, v in enumerate(value)]
            return value
        return value

    def scalar(self, value: str, schema: dict[str, Any], path: NodePath) -> Any:
        types = schema.get("type")
        types = [types] if isinstance(types, str) else types or []
        if types and self.source.is_plain(path):
            if "integer" in types and _INTEGER.match(value):
                return int(value)
            if "number" in types and _NUMBER.match(value):
                return float(value) if "." in value else int(value)
            if "boolean" in types and value in _BOOLEANS:
                return _BOOLEANS[value]
        for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
            typed_value = self.scalar(value, resolve(branch, self.root), path)
            if typed_value is not value:
                return typed_value
        return value
