"""Package data (schemas, templates) found through :mod:`importlib.resources`.

In an installed wheel, ``schemas/`` and ``templates/`` live inside the package
(``drafting/schemas``). In a source checkout they are top-level folders beside the
package; we fall back to them so that tests and ``python -m drafting`` work there too.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from drafting.errors import ResourceError

KINDS: tuple[str, ...] = ("plan", "summary", "speech", "notice")
"""Document kinds, each with a schema ``<kind>.schema.json``."""


@cache
def data_dir(name: str) -> Traversable:
    """Return the package-data folder ``name`` (``schemas`` or ``templates``)."""
    packaged = files("drafting").joinpath(name)
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise ResourceError(
        f"安装不完整：找不到程序自带的 {name} 目录，请重新安装 drafting", code="resource"
    )


@cache
def schema_text(name: str) -> str:
    """Return the text of the schema file ``<name>.schema.json``."""
    entry = data_dir("schemas").joinpath(f"{name}.schema.json")
    if not entry.is_file():
        raise ResourceError(f"安装不完整：缺少模式文件 {name}.schema.json", code="resource")
    return entry.read_text(encoding="utf-8")


@cache
def raw_schema(name: str) -> dict[str, Any]:
    """Return the parsed schema ``<name>.schema.json`` as stored (with cross-file refs)."""
    value = json.loads(schema_text(name))
    if not isinstance(value, dict):
        raise ResourceError(f"模式文件 {name}.schema.json 已损坏", code="resource")
    return value
