"""The outline of a document (sections, groups, tasks, items) and the edits made on it.

Both go through ruamel.yaml's round trip (``YAML(typ="rt")``): the text is loaded with
its comments, key order and quoting, changed in place, and dumped with the indentation
the file itself uses and no refolding of long lines, so that every line the edit does
not concern comes back byte for byte.
"""

from __future__ import annotations

import copy
import io
import itertools
import json
import re
from collections.abc import Callable, Mapping, Sequence
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
    except RecursionError:  # ruamel's loader recurses; the check's guard normally comes first
        raise UsageError("嵌套层数过多，请检查缩进", code="too-deep") from None
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


Lines = Callable[[NodePath], int]
"""The 0-based line of the dash of the list item at a path."""


@dataclass(frozen=True)
class Quick:
    """A text as ``drafting check`` loads it (PyYAML, fast): plain data and item lines."""

    data: Any
    marks: Mapping[tuple[str | int, ...], Any]

    def line(self, path: NodePath) -> int:
        """Return the 0-based line where the node at ``path`` starts."""
        return int(self.marks[tuple(path)].line) - 1


def quick(body: str) -> Quick | None:
    """Return ``body`` loaded by the check's loader, or None when it does not load there
    (the round trip then decides: it reads some YAML that our documents forbid)."""
    from drafting.check.load import loads
    from drafting.check.schema import property_names
    from drafting.errors import InputError

    try:
        source = loads(body, "outline.yaml", keys=property_names())
    except InputError as exc:
        for found in exc.diagnostics:
            # the check's guards hold for the round trip too: ruamel's recursive loader
            # would end in a RecursionError (and take seconds) on such text
            if found.code in _REFUSED:
                raise UsageError(
                    f"第 {found.line} 行第 {found.col} 列：{found.message}", code=found.code
                ) from None
        return None
    return Quick(source.data, source.marks)


_REFUSED = frozenset({"too-deep", "too-large"})
"""Codes of the check's loader that the round trip must not try either."""


def _ruamel_line(data: Any) -> Lines:
    def line(path: NodePath) -> int:
        seq = _walk(data, path[:-1])
        return int(seq.lc.item(path[-1])[0])

    return line


def tree(text: str) -> list[dict[str, Any]]:
    """Return the outline of ``text``: one node per section with its children, each with
    its path in the data, type, title, 1-based line, units, lead and deadline."""
    _, body, _ = _split(text)
    fast = quick(body)
    line: Lines
    if fast is not None:
        data, line = fast.data, fast.line
    else:
        data = load(body)
        line = _ruamel_line(data)
    if not isinstance(data, dict):
        return []
    sections = data.get("sections")
    if not isinstance(sections, list):
        return []
    return _nodes(sections, ["sections"], "section", line)


def _nodes(seq: list[Any], path: NodePath, kind: str, line_of: Lines) -> list[dict[str, Any]]:
    out = []
    for index, value in enumerate(seq):
        here: NodePath = [*path, index]
        line = line_of(here) + 1
        if not isinstance(value, dict):
            title = value if isinstance(value, str) else ""
            out.append(_node(here, kind, title, line, None, []))
            continue
        children: list[dict[str, Any]] = []
        for key, child_kind in CHILD_KEYS.items():
            child = value.get(key)
            if isinstance(child, list):
                children += _nodes(child, [*here, key], child_kind, line_of)
        out.append(_node(here, kind, _text_of(value.get("title")), line, value, children))
    return out


def _node(
    path: NodePath,
    kind: str,
    title: str,
    line: int,
    value: dict[str, Any] | None,
    children: list[dict[str, Any]],
) -> dict[str, Any]:
    deadline = value.get("deadline") if value is not None else None
    return {
        "path": path,
        "type": kind,
        "title": title,
        "label": title or _start(value.get("text") if value is not None else None),
        "line": line,
        "lead": _names(value.get("lead")) if value is not None else [],
        "units": _names(value.get("units")) if value is not None else [],
        "deadline": deadline if isinstance(deadline, str) else None,
        "children": children,
    }


LABEL_CHARS = 20
"""How much of the text of a node without a title the outline shows in its place."""


def _start(text: Any) -> str:
    """Return the start of ``text`` (one line, :data:`LABEL_CHARS` characters and "…")."""
    flat = " ".join(_text_of(text).split())
    return flat if len(flat) <= LABEL_CHARS else flat[:LABEL_CHARS] + "…"


def _bad(message: str) -> UsageError:
    return UsageError(message, code="bad-op")


def _walk(data: Any, path: Sequence[Any]) -> Any:
    """Return the node at ``path`` (keys and indexes) of ``data``."""
    node = data
    for step in path:
        found = isinstance(node, dict) and isinstance(step, str) and step in node
        found = found or (
            isinstance(node, list)
            and isinstance(step, int)
            and not isinstance(step, bool)
            and 0 <= step < len(node)
        )
        if not found:
            raise _bad(f"大纲中没有这个位置：{list(path)}")
        node = node[step]
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


def _container(data: Any, parent: NodePath, kind: str) -> list[Any]:
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
    if not isinstance(owner, dict):
        raise _bad("这里不能添加")
    key = CONTAINER[kind]
    if kind == "task" and "groups" in owner:
        raise _bad("这一部分有分组，任务应加在分组中")
    if kind == "group" and "tasks" in owner and owner["tasks"]:
        raise _bad("这一部分已直接写有任务，不能再加分组")
    seq = owner.get(key)
    if seq is None:
        seq = CommentedSeq() if isinstance(owner, CommentedMap) else []
        owner[key] = seq
    if not isinstance(seq, list):
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
    _walk(data, path)
    assert isinstance(seq, list) and isinstance(index, int)
    value = seq.pop(index)
    if not seq and len(path) > 2:
        owner = _walk(data, path[:-2])
        if isinstance(owner, dict):
            del owner[path[-2]]
    return value


def _apply(data: Any, op: dict[str, Any]) -> None:
    """Make ``op`` on ``data`` (round-trip or plain); raise ``bad-op`` when it cannot be."""
    if not isinstance(data, dict):
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


def edit(text: str, op: dict[str, Any]) -> str:
    """Return ``text`` with the outline edit ``op`` made (see the contract's ops).

    The edit is made on the lines themselves where it can be (a delete or move moves
    whole lines, :func:`_spliced`; a set or add writes the lines of one key or one node,
    :func:`_spliced_set`, :func:`_spliced_add`) and kept when the result loads as the
    same data as the edit made on the data; everything else goes through ruamel's round
    trip. Both keep untouched lines as they are; the splice is much faster on long files
    (ruamel's loader is pure Python).
    """
    bom, body, newline = _split(text)
    splice = _SPLICES.get(str(op.get("op")))
    fast = quick(body)  # raises first on text nested too deep or too large
    if splice is not None and fast is not None and isinstance(fast.data, dict):
        expected = copy.deepcopy(fast.data)
        _apply(expected, op)
        spliced = splice(body, op, fast)
        if spliced is not None:
            again = quick(spliced)
            if again is not None and again.data == expected:
                return bom + spliced.replace("\n", newline)
    data = load(body)
    _apply(data, op)
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


def _spliced(body: str, op: dict[str, Any], fast: Quick) -> str | None:
    """Return ``body`` with a delete or move made by moving lines, or None where it cannot be.

    Moving whole lines keeps the comments that introduce a node with it (ruamel keeps them
    with the node before); the caller checks that the result is the data it should be.
    """
    lines = body.split("\n")
    path = _node_path(op["node"])
    source = _walk(fast.data, path[:-1])
    index = path[-1]
    assert isinstance(source, list) and isinstance(index, int)
    block = item_block(lines, fast.line(path))
    taken = [lines[i] for i in block]
    rest = lines[: block.start] + lines[block.stop :]
    if op["op"] == "delete":
        return None if len(source) == 1 else "\n".join(rest)
    kind = _kind_of(path)
    given = op.get("parent") or []
    parent: NodePath = [] if kind == "section" else _node_path(given)
    owner = _walk(fast.data, parent)
    target = owner.get(CONTAINER[kind]) if isinstance(owner, dict) else None
    if not isinstance(target, list) or not target:
        return None
    same = target is source
    if not same and len(source) == 1:
        return None
    others = [i for i in range(len(target)) if not (same and i == index)]
    if not others:
        return None
    at = _index(op.get("index"), len(others))
    where: NodePath = [*parent, CONTAINER[kind]]
    if at < len(others):
        place = item_block(lines, fast.line([*where, others[at]])).start
    else:
        place = item_block(lines, fast.line([*where, others[-1]])).stop
    if place > block.start:
        place -= len(block)
    column = _indent_of(lines[fast.line([*where, others[0]])])
    delta = column - _indent_of(lines[fast.line(path)])
    return "\n".join(rest[:place] + [_reindent(line, delta) for line in taken] + rest[place:])


_KEY_AT = re.compile(r"([A-Za-z_][\w-]*):(?: |$)")


def _keys(lines: Sequence[str], dash: int, block: range) -> list[tuple[str, int]]:
    """Return the keys of the mapping item whose dash is on line ``dash``, with their lines."""
    column = _indent_of(lines[dash]) + 2
    found = []
    for number in range(dash, block.stop):
        line = lines[number]
        if number == dash:
            if line[column - 2 : column] != "- ":
                return []
        elif _indent_of(line) != column:
            continue
        match = _KEY_AT.match(line, column)
        if match is not None:
            found.append((match.group(1), number))
    return found


def _extent(lines: Sequence[str], start: int, column: int, stop: int) -> range:
    """Return the lines of the key on line ``start`` (at ``column``) and its value."""
    end = start + 1
    while end < stop:
        line = lines[end]
        deeper = _indent_of(line) > column or line[column:].startswith("- ")
        if line.strip() and not deeper:
            break
        end += 1
    while end - 1 > start and not lines[end - 1].strip():
        end -= 1
    return range(start, end)


def _written(value: str, old: str) -> str | None:
    """Return ``value`` as a scalar after a key: quoted as ``old`` was, else as emit writes it."""
    from drafting.emit import scalar

    if "\n" in value or "\r" in value:
        return None
    if old.startswith('"'):
        return json.dumps(value, ensure_ascii=False)
    if old.startswith("'"):
        return "'" + value.replace("'", "''") + "'"
    try:
        return scalar(value)
    except ValueError:
        return None


def _spliced_set(body: str, op: dict[str, Any], fast: Quick) -> str | None:
    """Return ``body`` with the ``set`` op written on the key's own lines, or None."""
    from drafting.emit import flow_list, scalar

    lines = body.split("\n")
    path = _node_path(op["node"])
    field, value = str(op["field"]), op.get("value")
    dash = fast.line(path)
    block = item_block(lines, dash)
    if _kind_of(path) == "item":
        if block.stop != dash + 1 or "#" in lines[dash] or not isinstance(value, str):
            return None
        column = _indent_of(lines[dash])
        try:
            lines[dash] = lines[dash][:column] + "- " + scalar(value, item=True)
        except ValueError:
            return None
        return "\n".join(lines)
    keys = _keys(lines, dash, block)
    if not keys:
        return None
    column = _indent_of(lines[dash]) + 2
    present = dict(keys)
    empty = value is None or value == "" or value == []
    if field in present:
        start = present[field]
        extent = _extent(lines, start, column, block.stop)
        prefix = lines[start][:column]
        old = lines[start][column + len(field) + 1 :].strip()
        if "#" in old or (len(extent) > 1 and old):
            return None
        if empty:
            if start == dash:
                return None
            return "\n".join(lines[: extent.start] + lines[extent.stop :])
        if isinstance(value, list):
            if old.startswith("[") or len(extent) == 1:
                new = [f"{prefix}{field}: {flow_list(value)}"]
            else:
                items = [n for n in extent if lines[n].lstrip().startswith("- ")]
                if not items:
                    return None
                indent = " " * _indent_of(lines[items[0]])
                new = [f"{prefix}{field}:", *(f"{indent}- {scalar(v, item=True)}" for v in value)]
        else:
            written = _written(str(value), old)
            if written is None:
                return None
            new = [f"{prefix}{field}: {written}"]
        return "\n".join(lines[: extent.start] + new + lines[extent.stop :])
    if empty:
        return body
    node = _walk(fast.data, path)
    position = _insert_position(node, field)
    if position == 0:
        return None
    if position < len(keys):
        place = keys[position][1]
    else:
        place = _extent(lines, keys[-1][1], column, block.stop).stop
    if isinstance(value, list):
        rendered: str | None = flow_list(value)
    else:
        rendered = _written(str(value), "")
    if rendered is None:
        return None
    return "\n".join([*lines[:place], f"{' ' * column}{field}: {rendered}", *lines[place:]])


def _spliced_add(body: str, op: dict[str, Any], fast: Quick) -> str | None:
    """Return ``body`` with the new node's lines written among its siblings, or None."""
    from drafting.emit import flow_list

    kind = str(op["type"])
    given = op.get("parent") or []
    parent: NodePath = _node_path(given) if given else []
    owner = _walk(fast.data, parent)
    siblings = owner.get(CONTAINER[kind]) if isinstance(owner, dict) else None
    if not isinstance(siblings, list) or not siblings:
        return None
    lines = body.split("\n")
    where: NodePath = [*parent, CONTAINER[kind]]
    at = _index(op.get("index"), len(siblings))
    if at < len(siblings):
        place = item_block(lines, fast.line([*where, at])).start
    else:
        place = item_block(lines, fast.line([*where, len(siblings) - 1])).stop
    dash = " " * _indent_of(lines[fast.line([*where, 0])])
    title = _written(str(op["title"]), "")
    if title is None:
        return None
    new = [f"{dash}- title: {title}"]
    for key in ("units", "lead"):
        if op.get(key):
            new.append(f"{dash}  {key}: {flow_list(op[key])}")
    if isinstance(op.get("deadline"), str) and op["deadline"]:
        deadline = _written(op["deadline"], "")
        if deadline is None:
            return None
        new.append(f"{dash}  deadline: {deadline}")
    return "\n".join([*lines[:place], *new, *lines[place:]])


_SPLICES: dict[str, Callable[[str, dict[str, Any], Quick], str | None]] = {
    "delete": _spliced,
    "move": _spliced,
    "set": _spliced_set,
    "add": _spliced_add,
}


def _add(data: dict[str, Any], op: dict[str, Any]) -> None:
    kind = op.get("type")
    if kind not in ("section", "group", "task"):
        raise _bad("type 应为 section、group 或 task")
    title = op.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _bad("请填写标题")
    parent = op.get("parent") or []
    parent = _node_path(parent) if parent else []
    seq = _container(data, parent, kind)
    rt = isinstance(data, CommentedMap)
    node: dict[str, Any] = CommentedMap() if rt else {}
    node["title"] = _scalar(title) if rt else title
    for key in ("units", "lead"):
        if op.get(key):
            node[key] = _names_value(op[key], None) if rt else _names_plain(op[key])
    if isinstance(op.get("deadline"), str) and op["deadline"]:
        node["deadline"] = _scalar(op["deadline"]) if rt else op["deadline"]
    seq.insert(_index(op.get("index"), len(seq)), node)


def _names_plain(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _bad("单位应是一组单位名称")
    return list(value)


def _move(data: dict[str, Any], op: dict[str, Any]) -> None:
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
    if not isinstance(owner, dict):
        raise _bad("目标位置无效")
    key = CONTAINER[kind]
    source = _walk(data, path[:-1])
    if kind == "task" and "groups" in owner:
        raise _bad("这一部分有分组，任务应移到分组中")
    if kind == "group" and owner.get("tasks"):
        raise _bad("这一部分已直接写有任务，不能再移入分组")
    target = owner.get(key)
    if target is not None and not isinstance(target, list):
        raise _bad(f"{key} 不是列表")
    index = path[-1]
    assert isinstance(source, list) and isinstance(index, int)
    source.pop(index)
    if not source and source is not target and len(path) > 2:
        holder = _walk(data, path[:-2])
        if isinstance(holder, dict):
            del holder[path[-2]]
    if target is None:
        target = type(source)()
        owner[key] = target
    target.insert(_index(op.get("index"), len(target)), node)


def _set(data: dict[str, Any], op: dict[str, Any]) -> None:
    path = _node_path(op.get("node"))
    field = op.get("field")
    if field not in FIELDS:
        raise _bad(f"field 应为 {'、'.join(FIELDS)} 之一")
    assert isinstance(field, str)
    value = op.get("value")
    rt = isinstance(data, CommentedMap)
    if _kind_of(path) == "item":
        if field not in ("text", "title") or not isinstance(value, str) or not value:
            raise _bad("条目只能改文字")
        seq = _walk(data, path[:-1])
        old = _walk(data, path)
        if isinstance(old, dict):
            raise _bad("这个条目有标题和正文，请在编辑器中修改")
        seq[path[-1]] = _scalar(value, old) if rt else value
        return
    node = _walk(data, path)
    if not isinstance(node, dict):
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
        new: Any = _names_value(value, old) if rt else _names_plain(value)
    elif isinstance(value, str):
        new = _scalar(value, old) if rt else value
    else:
        raise _bad(f"{field} 应是文字")
    if field in node:
        node[field] = new
        return
    position = _insert_position(node, field)
    if isinstance(node, CommentedMap):
        node.insert(position, field, new)
        return
    items = list(node.items())
    items.insert(position, (field, new))
    node.clear()
    node.update(items)


_ORDER = ("id", "plan_ref", "title", "result", "text", "units", "lead", "deadline", "items")


def _insert_position(node: dict[str, Any], field: str) -> int:
    """Return where a new ``field`` goes among the node's keys: the schema's order."""
    rank = _ORDER.index(field)
    keys = list(node.keys())
    for position, key in enumerate(keys):
        if key in _ORDER and _ORDER.index(key) > rank:
            return position
    return len(keys)
