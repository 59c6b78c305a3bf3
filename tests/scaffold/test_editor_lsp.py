"""The editor schemas in yaml-language-server itself (VS Code's YAML extension engine).

A repository gets its schemas from ``drafting schema --install-vscode`` (which
``drafting new`` calls); the server is started on stdio and associates them the two
ways users have: the ``yaml.schemas`` mapping of the written .vscode/settings.json, and
the modeline drafting writes at the top of a file. For every key of every kind:

- hover shows that key's own Chinese title and description (not the shared text of
  the definition it refers to, such as “文本” or “单位列表”);
- completion inside its mapping inserts ``key: `` or, for a list, ``key:`` and a
  ``- `` item on the next line, or, for a mapping, ``key:`` and the indented start of
  its block on the next line (not the bare key).

The documents are generated from the 2020-12 schema drafting checks against, with every
key in it, so a key added to a schema is tested without touching this file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from drafting.check.schema import SCHEMA_NAMES, bundled, editor_schema, resolve
from drafting.scaffold.vscode import install_vscode, modeline, schema_path

from ..lsp import LanguageServer
from ..node_tools import yaml_language_server
from ..schema_keys import KeyPath, keys

FILE_NAMES = {"plan": "plan-2025.yaml", "summary": "summary-2025.yaml"}
FILE_NAMES |= {"speech": "speech-2025.yaml", "notice": "notice-2025.yaml", "units": "units.yaml"}
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


@dataclass(frozen=True)
class Document:
    """A generated YAML document and where each key path's key starts (0-based)."""

    lines: tuple[str, ...]
    positions: dict[KeyPath, tuple[int, int]]

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class Shape:
    """Reads a 2020-12 schema (``$ref`` followed) for the shape of documents it takes."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def branches(self, schema: dict[str, Any]) -> list[dict[str, Any]]:
        schema = resolve(schema, self.root)
        found = [schema]
        for keyword in ("anyOf", "oneOf"):
            for branch in schema.get(keyword, []):
                found.extend(self.branches(branch))
        return found

    def object(self, schema: dict[str, Any]) -> dict[str, Any] | None:
        """Return the branch of ``schema`` that is an object with keys, if any."""
        return next((b for b in self.branches(schema) if b.get("properties")), None)

    def array_items(self, schema: dict[str, Any]) -> dict[str, Any] | None:
        """Return the item schema of the branch of ``schema`` that is a list, if any."""
        for branch in self.branches(schema):
            if branch.get("type") == "array" or "items" in branch:
                items = branch.get("items")
                return items if isinstance(items, dict) else {}
        return None

    def scalar(self, schema: dict[str, Any]) -> str:
        for branch in self.branches(schema):
            if "const" in branch:
                return json.dumps(branch["const"], ensure_ascii=False)
            if "enum" in branch:
                return json.dumps(branch["enum"][0], ensure_ascii=False)
            kind = branch.get("type")
            if kind in ("integer", "number", "boolean"):
                return {"integer": "2025", "number": "1", "boolean": "true"}[kind]
        return "示例文字"

    def is_list(self, schema: dict[str, Any]) -> bool:
        """Return True when the value of a key with ``schema`` is always a list."""
        return resolve(schema, self.root).get("type") == "array"

    def is_mapping(self, schema: dict[str, Any]) -> bool:
        """Return True when the value of a key with ``schema`` is always a mapping."""
        return resolve(schema, self.root).get("type") == "object"

    def generate(self) -> Document:
        """Return a document holding every key (objects in lists: one item)."""
        lines: list[str] = []
        positions: dict[KeyPath, tuple[int, int]] = {}

        def mapping(obj: dict[str, Any], indent: int, path: KeyPath, first: str) -> None:
            for index, (name, prop) in enumerate(obj["properties"].items()):
                prefix = first if index == 0 else " " * indent
                positions[(*path, name)] = (len(lines), indent)
                value(prop, indent, (*path, name), f"{prefix}{name}:")

        def value(schema: dict[str, Any], indent: int, path: KeyPath, head: str) -> None:
            obj = self.object(schema)
            items = None if obj is not None else self.array_items(schema)
            if obj is not None:
                lines.append(head)
                mapping(obj, indent + 2, path, " " * (indent + 2))
            elif items is not None:
                lines.append(head)
                item_obj = self.object(items)
                if item_obj is not None:
                    mapping(item_obj, indent + 4, (*path, "-"), " " * (indent + 2) + "- ")
                else:
                    lines.append(" " * (indent + 2) + "- " + self.scalar(items))
            else:
                lines.append(f"{head} {self.scalar(schema)}")

        mapping(self.root, 0, (), "")
        return Document(tuple(lines), positions)

    def objects(
        self, schema: dict[str, Any] | None = None, path: KeyPath = ()
    ) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
        """Yield every mapping's key path (``"-"`` for list items) and its schema."""
        obj = self.object(self.root if schema is None else schema)
        if obj is not None:
            yield path, obj
            for name, prop in obj["properties"].items():
                yield from self.objects(prop, (*path, name))
        items = self.array_items(self.root if schema is None else schema)
        if items:
            yield from self.objects(items, (*path, "-"))


def _empty_mapping_at(path: KeyPath) -> tuple[list[str], tuple[int, int]]:
    """Return lines that open a new, empty mapping at ``path``, and the cursor there."""
    lines: list[str] = []
    indent = 0
    for index, part in enumerate(path):
        if part == "-":
            continue
        item = index + 1 < len(path) and path[index + 1] == "-"
        lines.append(" " * indent + f"{part}:")
        indent += 2
        if item:
            lines.append(" " * indent + "- ")
            indent += 2
    if not path:
        lines.append("")
        return lines, (len(lines) - 1, 0)
    if path[-1] != "-":
        lines.append(" " * indent)
    return lines, (len(lines) - 1, len(lines[-1]))


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("office")
    (root / ".git").mkdir()
    install_vscode(root)  # what `drafting new` and `drafting schema --install-vscode` do
    return root


@pytest.fixture(scope="module")
def server(repository: Path) -> Iterator[LanguageServer]:
    written = json.loads((repository / ".vscode" / "settings.json").read_text("utf-8"))
    settings = {
        "yaml": {
            "schemas": written["yaml.schemas"],
            "hover": True,
            "completion": True,
            "validate": True,
        }
    }
    with LanguageServer(yaml_language_server(), repository, settings) as running:
        yield running


def _document(repository: Path, kind: str, how: str, lines: list[str]) -> tuple[Path, str]:
    """Return a file name and text associated with the ``kind`` schema the ``how`` way."""
    if how == "settings":
        return repository / FILE_NAMES[kind], "\n".join(lines) + "\n"
    folder = repository / "docs"
    folder.mkdir(exist_ok=True)
    path = folder / f"{kind}-by-modeline.yaml"  # no settings pattern matches this name
    line = modeline(kind, path)
    assert line is not None
    return path, "\n".join([line, *lines]) + "\n"


def _unescape(markdown: str) -> str:
    return _MARKDOWN_ESCAPE.sub(r"\1", markdown)


@pytest.mark.parametrize("how", ["settings", "modeline"])
@pytest.mark.parametrize("kind", SCHEMA_NAMES)
def test_hover_shows_each_keys_own_title_and_description(
    repository: Path, server: LanguageServer, kind: str, how: str
) -> None:
    assert json.loads((repository / schema_path(kind)).read_text("utf-8")) == editor_schema(kind)
    expected = keys(bundled(kind))  # what the schema says, not what the editor file says
    doc = Shape(bundled(kind)).generate()
    assert set(doc.positions) == set(expected)  # the document has every key
    path, text = _document(repository, kind, how, list(doc.lines))
    shift = 0 if how == "settings" else 1
    uri = server.open(path, text)
    wrong = []
    for key_path, (line, col) in doc.positions.items():
        title, description = expected[key_path]
        # inside the key: at its first column the server may pick the node that ends there
        shown = _unescape(server.hover(uri, line + shift, col + 1))
        if not shown.startswith(f"#### {title}\n\n{description}\n"):
            wrong.append(f"{'.'.join(key_path)}: {shown[:80]!r}, not {title!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("how", ["settings", "modeline"])
@pytest.mark.parametrize("kind", SCHEMA_NAMES)
def test_completion_inserts_key_colon_or_a_list_skeleton(
    repository: Path, server: LanguageServer, kind: str, how: str
) -> None:
    shape = Shape(bundled(kind))
    wrong = []
    objects = list(shape.objects())
    assert len(objects) >= 2
    for object_path, obj in objects:
        lines, (line, col) = _empty_mapping_at(object_path)
        path, text = _document(repository, kind, how, lines)
        shift = 0 if how == "settings" else 1
        uri = server.open(path, text)
        offered: dict[str, str] = {}
        for item in server.completion(uri, line + shift, col):
            if "parent" not in item:  # the “whole object” skeleton entries
                offered.setdefault(item["label"], item.get("insertText", item["label"]))
        for name, prop in obj["properties"].items():
            where = ".".join((*object_path, name))
            inserted = offered.get(name)
            if inserted is None:
                wrong.append(f"{where}: not offered (offered: {sorted(offered)})")
            elif shape.is_list(prop):
                if not re.match(rf"{re.escape(name)}:\n +- ", inserted):
                    wrong.append(f"{where}: inserts {inserted!r}, not a list skeleton")
            elif shape.is_mapping(prop):
                if not re.fullmatch(rf"{re.escape(name)}:\n +", inserted):
                    wrong.append(f"{where}: inserts {inserted!r}, not a block for its keys")
            elif not inserted.startswith(f"{name}: "):
                wrong.append(f"{where}: inserts {inserted!r}, not '{name}: '")
    assert not wrong, "\n".join(wrong)


def test_a_pattern_error_is_explained_in_chinese(repository: Path, server: LanguageServer) -> None:
    """The editor schemas carry the messages that the published schemas cannot."""
    text = "kind: plan\ntitle: 要点\nyear: 2025\ndoc_number: 某教发[2025]1号\nsections:\n  - title: 一\n"
    uri = server.open(repository / "plan-2099.yaml", text)
    messages = [d["message"] for d in server.diagnostics(uri)]
    assert any(m.startswith("发文字号应形如“×教发〔2024〕1号”") for m in messages), messages
