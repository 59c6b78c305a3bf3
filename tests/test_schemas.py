"""The schemas: documented in Chinese, self-contained when bundled, valid 2020-12."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from jsonschema import Draft202012Validator

from drafting.check import check_paths
from drafting.load import load
from drafting.schema import SCHEMA_NAMES, bundled, fast_validator, typed, validator

from .conftest import CASES, EXAMPLES, ROOT

CJK = re.compile("[\u4e00-\u9fff]")
SCHEMA_FILES = sorted((ROOT / "schemas").glob("*.schema.json"))


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{where}/{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{where}/{index}")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_every_property_has_chinese_title_and_description(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    props = list(_properties(schema))
    assert props or path.name == "common.schema.json"
    for where, prop in props:
        assert CJK.search(prop.get("title", "")), f"{path.name}{where}: no Chinese title"
        assert CJK.search(prop.get("description", "")), (
            f"{path.name}{where}: no Chinese description"
        )


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_objects_forbid_unknown_keys(path: Path) -> None:
    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    for obj in objects(json.loads(path.read_text(encoding="utf-8"))):
        assert obj.get("additionalProperties") is False, obj.get("title")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_bundled_schema_is_self_contained_and_valid(name: str) -> None:
    schema = bundled(name)
    Draft202012Validator.check_schema(schema)
    assert "common.schema.json" not in json.dumps(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_dates_use_the_date_format() -> None:
    assert bundled("plan")["$defs"]["date"]["format"] == "date"


def _loadable_documents() -> list[Path]:
    """Every example and case file that loads and names its kind."""
    docs = sorted(EXAMPLES.glob("*.yaml")) + sorted((CASES / "positive").glob("*.yaml"))
    docs += sorted((CASES / "negative").glob("*/*.yaml"))
    return [p for p in docs if check_paths([str(p)]).files[0].kind is not None]


@pytest.mark.parametrize("path", _loadable_documents(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_and_full_validators_agree(path: Path) -> None:
    checked = check_paths([str(path)]).files[0]
    assert checked.kind is not None
    data = typed(load(path), checked.kind)
    full = list(validator(checked.kind).iter_errors(data))
    try:
        fast_validator(checked.kind)(data)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    assert fast_ok == (not full), [e.message for e in full]
