"""The outline of a document (sections, groups, tasks, items) and the edits made on it.

Both go through ruamel.yaml's round trip (``YAML(typ="rt")``): the text is loaded with
its comments, key order and quoting, changed in place, and dumped with the indentation
the file itself uses and no refolding of long lines, so that every line the edit does
not concern comes back byte for byte.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from drafting.errors import UsageError

NodePath = list[str | int]
CHILD_KEYS = {"groups": "group", "tasks": "task", "items": "item"}
"""The keys holding an outline node's children, and the type of each child."""
CONTAINER = {"section": "sections", "group": "groups", "task": "tasks", "item": "items"}
FIELDS = ("units", "lead", "deadline", "title", "text")
_WIDTH = 1 << 30  # never fold a long line
_DASH = re.compile(r"^( *)- ")
_KEY = re.compile(r"^( *)[^\s#\-][^:#]*:\s*(?:#.*)?$")


@dataclass(frozen=True)
class Indent:
    """How a file indents: mapping keys, sequence items, and the dash's offset."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


def detect_indent(text: str) -> Indent:
    """Return the indentation ``text`` uses (the first nested mapping and list decide)."""
    lines = text.splitlines()
    mapping: int | None = None
    offset: int | None = None
    for before, line in itertools.pairwise(lines):
        key = _KEY.match(before)
        if key is None:
            continue
        start = len(key.group(1))
        dash = _DASH.match(line)
        if dash is not None and offset is None and len(dash.group(1)) >= start:
            offset = len(dash.group(1)) - start
        elif dash is None and mapping is None:
            inner = len(line) - len(line.lstrip(" "))
            if inner > start and line.strip() and not line.lstrip().startswith("#"):
                mapping = inner - start
        if mapping is not None and offset is not None:
            break
    dash_offset = 2 if offset is None else offset
    return Indent(mapping or 2, dash_offset + 2, dash_offset)


def _yaml(indent: Indent) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    return yaml


def _split(text: str) -> tuple[str, str, str]:
    """Return (BOM, text with LF line ends, line end) of ``text``."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in body else "\n"
    return bom, body.replace("\r\n", "\n"), newline


def load(text: str) -> Any:
    """Return the round-trip data of ``text``; UsageError (``yaml``) when it does not parse."""
    _, body, _ = _split(text)
    try:
        data = _yaml(detect_indent(body)).load(body)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark is not None else ""
        raise UsageError(f"YAML 无法解析{where}：{exc}", code="yaml") from None
    return data


def dump(data: Any, original: str) -> str:
    """Return ``data`` as text in the manner of ``original`` (indentation, BOM, line ends)."""
    bom, body, newline = _split(original)
    out = io.StringIO()
    _yaml(detect_indent(body)).dump(data, out)
    return bom + out.getvalue().replace("\n", newline)


def _text_of(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def tree(text: str) -> list[dict[str, Any]]:
    """Return the outline of ``text``: one node per section with its children, each with
    its path in the data, type, title, 1-based line, units, lead and deadline."""
    data = load(text)
    if not isinstance(data, CommentedMap):
        return []
    sections = data.get("sections")
    if not isinstance(sections, CommentedSeq):
        return []
    return _nodes(sections, ["sections"], "section")


def _nodes(seq: CommentedSeq, path: NodePath, kind: str) -> list[dict[str, Any]]:
    out = []
    for index, value in enumerate(seq):
        here: NodePath = [*path, index]
        line = seq.lc.item(index)[0] + 1
        if not isinstance(value, CommentedMap):
            title = value if isinstance(value, str) else ""
            out.append(_node(here, kind, title, line, None, []))
            continue
        children: list[dict[str, Any]] = []
        for key, child_kind in CHILD_KEYS.items():
            child = value.get(key)
            if isinstance(child, CommentedSeq):
                children += _nodes(child, [*here, key], child_kind)
        out.append(_node(here, kind, _text_of(value.get("title")), line, value, children))
    return out


def _node(
    path: NodePath,
    kind: str,
    title: str,
    line: int,
    value: CommentedMap | None,
    children: list[dict[str, Any]],
) -> dict[str, Any]:
    deadline = value.get("deadline") if value is not None else None
    return {
        "path": path,
        "type": kind,
        "title": title,
        "line": line,
        "lead": _names(value.get("lead")) if value is not None else [],
        "units": _names(value.get("units")) if value is not None else [],
        "deadline": deadline if isinstance(deadline, str) else None,
        "children": children,
    }


def _bad(message: str) -> UsageError:
    return UsageError(message, code="bad-op")


def _walk(data: Any, path: Sequence[Any]) -> Any:
    """Return the node at ``path`` (keys and indexes) of ``data``."""
    node = data
    for step in path:
        if (isinstance(node, CommentedMap) and isinstance(step, str) and step in node) or (
            isinstance(node, CommentedSeq)
            and isinstance(step, int)
            and not isinstance(step, bool)
            and 0 <= step < len(node)
        ):
            node = node[step]
        else:
            raise _bad(f"大纲中没有这个位置：{list(path)}")
    return node


def _node_path(value: Any) -> NodePath:
    if (
        not isinstance(value, list)
        or len(value) < 2
        or len(value) % 2
        or not all(isinstance(v, str) for v in value[0::2])
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value[1::2])
    ):
        raise _bad(f"节点路径无效：{value!r}")
    return list(value)


def _scalar(value: str, like: Any = None) -> Any:
    """Return ``value`` as ruamel should write it: the quoting of ``like`` if it was
    quoted, else the quoting :mod:`drafting.emit` would choose (YAML 1.1 and 1.2 alike)."""
    if isinstance(like, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(value)
    if isinstance(like, SingleQuotedScalarString):
        return SingleQuotedScalarString(value)
    from drafting.emit import scalar

    try:
        written = scalar(value)
    except ValueError:  # more than one line: ruamel chooses
        return value
    if written.startswith('"'):
        return DoubleQuotedScalarString(value)
    if written.startswith("'"):
        return SingleQuotedScalarString(value)
    return value


def _names_value(value: Any, like: Any) -> CommentedSeq:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _bad("单位应是一组单位名称")
    seq = CommentedSeq([_scalar(v) for v in value])
    flow = like.fa.flow_style() if isinstance(like, CommentedSeq) else True
    if flow:
        seq.fa.set_flow_style()
    else:
        seq.fa.set_block_style()
    return seq


def _container(data: Any, parent: NodePath, kind: str) -> CommentedSeq:
    """Return the list of ``kind`` nodes under ``parent`` (made when missing)."""
    if kind == "section":
        if parent:
            raise _bad("部分只能加在文档的第一层")
        owner = data
    else:
        allowed = ("sections",) if kind == "group" else ("sections", "groups")
        if len(parent) < 2 or parent[-2] not in allowed:
            where = "部分" if kind == "group" else "部分或分组"
            raise _bad(f"{'分组' if kind == 'group' else '任务'}只能加在{where}中")
        owner = _walk(data, parent)
    if not isinstance(owner, CommentedMap):
        raise _bad("这里不能添加")
    key = CONTAINER[kind]
    if kind == "task" and "groups" in owner:
        raise _bad("这一部分有分组，任务应加在分组中")
    if kind == "group" and "tasks" in owner and owner["tasks"]:
        raise _bad("这一部分已直接写有任务，不能再加分组")
    seq = owner.get(key)
    if seq is None:
        seq = CommentedSeq()
        owner[key] = seq
    if not isinstance(seq, CommentedSeq):
        raise _bad(f"{key} 不是列表")
    return seq


def _index(value: Any, size: int) -> int:
    if value is None:
        return size
    if not isinstance(value, int) or isinstance(value, bool):
        raise _bad("index 应是整数")
    return size if value < 0 or value > size else value


def _kind_of(path: NodePath) -> str:
    key = path[-2]
    return "section" if key == "sections" else CHILD_KEYS.get(str(key), "")


def _remove(data: Any, path: NodePath) -> Any:
    """Take the node at ``path`` out of its list and return it; an emptied list goes too."""
    seq = _walk(data, path[:-1])
    index = path[-1]
    assert isinstance(seq, CommentedSeq) and isinstance(index, int)
    _walk(data, path)
    value = seq.pop(index)
    if not seq and len(path) > 2:
        owner = _walk(data, path[:-2])
        if isinstance(owner, CommentedMap):
            del owner[path[-2]]
    return value


def edit(text: str, op: dict[str, Any]) -> str:
    """Return ``text`` with the outline edit ``op`` made (see the contract's ops)."""
    data = load(text)
    if not isinstance(data, CommentedMap):
        raise _bad("文档的第一层不是映射，无法编辑大纲")
    name = op.get("op")
    if name == "add":
        _add(data, op)
    elif name == "delete":
        path = _node_path(op.get("node"))
        if path[:1] == ["sections"] and len(path) == 2 and len(data.get("sections") or []) == 1:
            raise _bad("文档至少要有一个部分")
        _remove(data, path)
    elif name == "move":
        _move(data, op)
    elif name == "set":
        _set(data, op)
    else:
        raise _bad(f"未知的操作：{name!r}")
    if name in ("delete", "move"):
        spliced = _spliced(text, op, data)
        if spliced is not None:
            return spliced
    return dump(data, text)


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def item_block(lines: Sequence[str], start: int) -> range:
    """Return the 0-based lines of the list item whose dash is on 0-based line ``start``.

    That is the comment lines right above it at the dash's column (they introduce it),
    its own line, and every line below indented deeper than the dash (blank lines at the
    end left out).
    """
    column = _indent_of(lines[start])
    begin = start
    while (
        begin > 0
        and lines[begin - 1].lstrip().startswith("#")
        and _indent_of(lines[begin - 1]) == column
    ):
        begin -= 1
    end = start + 1
    while end < len(lines) and not (lines[end].strip() and _indent_of(lines[end]) <= column):
        end += 1
    while end - 1 > start and not lines[end - 1].strip():
        end -= 1
    return range(begin, end)


def _reindent(line: str, delta: int) -> str:
    if not line.strip() or delta == 0:
        return line
    if delta > 0:
        return " " * delta + line
    return line[min(-delta, _indent_of(line)) :]


def plain(value: Any) -> Any:
    """Return round-trip data as plain dicts, lists and scalars (to compare two texts)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _spliced(text: str, op: dict[str, Any], edited: Any) -> str | None:
    """Return ``text`` with a delete or move made by moving lines, or None where it cannot be.

    Moving whole lines keeps the comments that introduce a node with it (ruamel keeps them
    with the node before). The result must load as the same data as ruamel's edit
    (``edited``); otherwise None, and ruamel's dump is used.
    """
    bom, body, newline = _split(text)
    pristine = load(body)
    lines = body.split("\n")
    path = _node_path(op["node"])
    source = _walk(pristine, path[:-1])
    index = path[-1]
    assert isinstance(source, CommentedSeq) and isinstance(index, int)
    block = item_block(lines, source.lc.item(index)[0])
    taken = [lines[i] for i in block]
    rest = lines[: block.start] + lines[block.stop :]
    if op["op"] == "delete":
        if len(source) == 1:
            return None
        result = rest
    else:
        kind = _kind_of(path)
        given = op.get("parent") or []
        owner = (
            pristine if kind == "section" else _walk(pristine, _node_path(given) if given else [])
        )
        target = owner.get(CONTAINER[kind]) if isinstance(owner, CommentedMap) else None
        if not isinstance(target, CommentedSeq) or not target:
            return None
        same = target is source
        if not same and len(source) == 1:
            return None
        others = [i for i in range(len(target)) if not (same and i == index)]
        if not others:
            return None
        at = _index(op.get("index"), len(others))
        if at < len(others):
            place = item_block(lines, target.lc.item(others[at])[0]).start
        else:
            place = item_block(lines, target.lc.item(others[-1])[0]).stop
        if place > block.start:
            place -= len(block)
        column = _indent_of(lines[target.lc.item(others[0])[0]])
        delta = column - _indent_of(lines[source.lc.item(index)[0]])
        result = rest[:place] + [_reindent(line, delta) for line in taken] + rest[place:]
    joined = "\n".join(result)
    try:
        if plain(load(joined)) != plain(edited):
            return None
    except UsageError:
        return None
    return bom + joined.replace("\n", newline)


def _add(data: CommentedMap, op: dict[str, Any]) -> None:
    kind = op.get("type")
    if kind not in ("section", "group", "task"):
        raise _bad("type 应为 section、group 或 task")
    title = op.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _bad("请填写标题")
    parent = op.get("parent") or []
    parent = _node_path(parent) if parent else []
    seq = _container(data, parent, kind)
    node = CommentedMap()
    node["title"] = _scalar(title)
    for key in ("units", "lead"):
        if op.get(key):
            node[key] = _names_value(op[key], None)
    if isinstance(op.get("deadline"), str) and op["deadline"]:
        node["deadline"] = _scalar(op["deadline"])
    seq.insert(_index(op.get("index"), len(seq)), node)


def _move(data: CommentedMap, op: dict[str, Any]) -> None:
    path = _node_path(op.get("node"))
    kind = _kind_of(path)
    if not kind:
        raise _bad("只能移动部分、分组、任务或条目")
    given = op.get("parent") or []
    parent: NodePath = _node_path(given) if given else []
    if kind == "section" and parent:
        raise _bad("部分只能在文档的第一层移动")
    if parent[: len(path)] == path:
        raise _bad("不能移到自己里面")
    holders = {"group": ("sections",), "task": ("sections", "groups"), "item": ("tasks", "groups")}
    if kind != "section" and (len(parent) < 2 or parent[-2] not in holders[kind]):
        raise _bad("不能移到这里")
    node = _walk(data, path)
    owner = data if kind == "section" else _walk(data, parent)
    if not isinstance(owner, CommentedMap):
        raise _bad("目标位置无效")
    key = CONTAINER[kind]
    source = _walk(data, path[:-1])
    if kind == "task" and "groups" in owner:
        raise _bad("这一部分有分组，任务应移到分组中")
    if kind == "group" and owner.get("tasks"):
        raise _bad("这一部分已直接写有任务，不能再移入分组")
    target = owner.get(key)
    if target is not None and not isinstance(target, CommentedSeq):
        raise _bad(f"{key} 不是列表")
    index = path[-1]
    assert isinstance(source, CommentedSeq) and isinstance(index, int)
    source.pop(index)
    if not source and source is not target and len(path) > 2:
        holder = _walk(data, path[:-2])
        if isinstance(holder, CommentedMap):
            del holder[path[-2]]
    if target is None:
        target = CommentedSeq()
        owner[key] = target
    target.insert(_index(op.get("index"), len(target)), node)


def _set(data: CommentedMap, op: dict[str, Any]) -> None:
    path = _node_path(op.get("node"))
    field = op.get("field")
    if field not in FIELDS:
        raise _bad(f"field 应为 {'、'.join(FIELDS)} 之一")
    value = op.get("value")
    if _kind_of(path) == "item":
        if field not in ("text", "title") or not isinstance(value, str) or not value:
            raise _bad("条目只能改文字")
        seq = _walk(data, path[:-1])
        old = seq[path[-1]]
        seq[path[-1]] = _scalar(value, old)
        return
    node = _walk(data, path)
    if not isinstance(node, CommentedMap):
        raise _bad("这个节点不能设置字段")
    empty = value is None or value == "" or value == []
    if empty:
        if field == "title":
            raise _bad("标题不能为空")
        if field in node:
            del node[field]
        return
    old = node.get(field)
    if field in ("units", "lead"):
        new: Any = _names_value(value, old)
    elif isinstance(value, str):
        new = _scalar(value, old)
    else:
        raise _bad(f"{field} 应是文字")
    if field in node:
        node[field] = new
        return
    position = _insert_position(node, field)
    node.insert(position, field, new)


_ORDER = ("id", "plan_ref", "title", "result", "text", "units", "lead", "deadline", "items")


def _insert_position(node: CommentedMap, field: str) -> int:
    """Return where a new ``field`` goes among the node's keys: the schema's order."""
    rank = _ORDER.index(field)
    keys = list(node.keys())
    for position, key in enumerate(keys):
        if key in _ORDER and _ORDER.index(key) > rank:
            return position
    return len(keys)
