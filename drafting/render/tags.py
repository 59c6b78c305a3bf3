"""Which values a template shows, so that one that lost a tag is refused, not rendered short.

An office edits its template in Word or LibreOffice; a tag deleted or mangled there
(``{{ signature.date }}``, ``{{ b.resp }}``) would make every document quietly lose that
text. The template's Jinja is read once per part: every value it names is a dotted path
(``signature.date``; inside ``{% for b in body %}`` the name ``b.text`` is
``body[].text``). Every non-empty text value of the context must be among them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, nodes

NOT_SHOWN = frozenset({"doc", "kind"})
"""Context keys that are not text of the document: the model itself, and a block's kind
(a template may lay out every kind alike without losing anything)."""

LOOP_NAMES = {
    "body": ("b", "{%p for b in body %}"),
    "task_table.groups": ("g", "{%tr for g in task_table.groups %}"),
    "task_table.groups[].rows": ("t", "{%tr for t in g.rows %}"),
    "completion_table.rows": ("u", "{%tr for u in completion_table.rows %}"),
}
"""How the bundled templates name each loop, for messages."""


@cache
def fingerprint() -> str:
    """Return a hash of this module's code: cached results of :func:`referenced` name it,
    so a change here is never answered from a cache filled by the code before."""
    try:
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    except OSError:  # no source file (a frozen build): the drafting version still counts
        return ""


def referenced(env: Environment, source: str) -> frozenset[str]:
    """Return the dotted paths of every value the Jinja ``source`` names (and their prefixes)."""
    found: set[str] = set()
    _visit(env.parse(source), {}, found)
    return frozenset(found)


def _path(node: nodes.Node, scope: Mapping[str, str]) -> str | None:
    """Return the dotted path of a name, attribute or constant-key item, else None."""
    if isinstance(node, nodes.Name):
        return scope.get(node.name, node.name)
    if isinstance(node, nodes.Getattr):
        head = _path(node.node, scope)
        return None if head is None else f"{head}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        head = _path(node.node, scope)
        return None if head is None else f"{head}.{node.arg.value}"
    return None


def _names(target: nodes.Node) -> Iterator[str]:
    if isinstance(target, nodes.Name):
        yield target.name
    elif isinstance(target, nodes.Tuple):
        for item in target.items:
            yield from _names(item)


def _visit(node: nodes.Node, scope: dict[str, str], found: set[str]) -> None:
    if isinstance(node, nodes.For):
        _visit(node.iter, scope, found)
        items = _path(node.iter, scope)
        inner = dict(scope)
        for name in _names(node.target):
            if items is None:
                inner.pop(name, None)
            else:
                inner[name] = items + "[]"
        for child in (*node.body, *node.else_, *([node.test] if node.test else [])):
            _visit(child, inner, found)
        return
    if isinstance(node, nodes.With):
        inner = dict(scope)
        for target, expr in zip(node.targets, node.values, strict=False):
            _visit(expr, scope, found)
            bound = _path(expr, scope)
            for name in _names(target):
                if bound is None:
                    inner.pop(name, None)
                else:
                    inner[name] = bound
        for child in node.body:
            _visit(child, inner, found)
        return
    if isinstance(node, nodes.Assign):
        _visit(node.node, scope, found)
        value = _path(node.node, scope)
        for name in _names(node.target):
            if value is not None:
                scope[name] = value
        return
    path = _path(node, scope)
    if path is not None:
        while True:
            found.add(path)
            if "." not in path:
                break
            path = path.rsplit(".", 1)[0]
    for child in node.iter_child_nodes():
        _visit(child, scope, found)


def needed(context: Mapping[str, Any]) -> list[str]:
    """Return the paths of every non-empty text value of ``context``, in order, once each."""
    paths: dict[str, None] = {}
    for key, value in context.items():
        if key not in NOT_SHOWN:
            paths.update(dict.fromkeys(_texts(value, key)))
    return list(paths)


def _texts(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if value:
            yield path
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in NOT_SHOWN:
                yield from _texts(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, path + "[]")


def as_tag(path: str) -> str:
    """Return how a template writes ``path``: ``{{ b.text }}（在 {%p for b in body %} 中）``."""
    if "[]" not in path:
        return f"{{{{ {path} }}}}"
    loop, _, attr = path.rpartition("[].")
    name, statement = LOOP_NAMES.get(loop, ("x", f"{{% for x in {loop} %}}"))
    return f"{{{{ {name}.{attr} }}}}（在 {statement} 中）"


def missing(shown: frozenset[str] | set[str], context: Mapping[str, Any]) -> list[str]:
    """Return the tags (as written in a template) of context text that ``shown`` lacks."""
    return [as_tag(path) for path in needed(context) if path not in shown]
