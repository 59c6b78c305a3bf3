"""Outline edits through ruamel.yaml's round trip: one test per op, and random edits on
every example that keep every other line byte for byte and still pass ``drafting check``."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.check import Checker
from drafting.diagnostics import Severity
from drafting.errors import UsageError
from drafting.serve import outline

from ..conftest import CASES, EXAMPLES

DOCUMENTS = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "units.yaml")
UNITS = ["办公室", "政工人事股", "行政监察股", "工会办", "基础教育股"]
COUNTY = (EXAMPLES / "plan-2023-county.yaml").read_text("utf-8")


def _errors(text: str, name: str) -> list[str]:
    checked = Checker().check_text(text, EXAMPLES / name, name)
    return [d.format() for d in checked.diagnostics if d.severity is Severity.ERROR]


def _block(lines: list[str], start: int) -> range:
    """Return the 0-based lines of the list item starting on 1-based line ``start``."""
    return outline.item_block(lines, start - 1)


def _removed(before: str, after: str) -> set[int]:
    """Return the 0-based lines of ``before`` that ``after`` no longer has, as they were."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    gone: set[int] = set()
    for tag, a0, a1, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            gone.update(range(a0, a1))
    return gone


def _nodes(tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for node in tree:
        out.append(node)
        out += _nodes(node["children"])
    return out


def _find(text: str, path: list[Any]) -> dict[str, Any]:
    return next(n for n in _nodes(outline.tree(text)) if n["path"] == path)


# the tree
def test_the_tree_gives_each_node_its_type_title_and_line() -> None:
    tree = outline.tree(COUNTY)
    lines = COUNTY.splitlines()
    first = tree[0]
    assert first["type"] == "section"
    assert first["title"] == "以政治建设为统领，全面加强党的领导"
    assert lines[first["line"] - 1] == "  - title: 以政治建设为统领，全面加强党的领导"
    task = first["children"][2]
    assert task["path"] == ["sections", 0, "tasks", 2]
    assert task["type"] == "task"
    assert task["units"] == ["办公室", "政工人事股"]
    assert lines[task["line"] - 1] == "      - id: ideology"
    for node in _nodes(tree):  # the line of the node's dash: its title, or its id above it
        line = lines[node["line"] - 1].lstrip()
        assert line == f"- title: {node['title']}" or line.startswith("- id: "), line


def test_a_task_without_a_title_is_labelled_by_the_start_of_its_text() -> None:
    text = (
        "kind: plan\ntitle: 要点\nsections:\n  - title: 部分\n    tasks:\n"
        "      - text: 健全理论学习制度，组织开展专题学习和研讨交流，做到有计划。\n"
        "      - text: 短任务。\n      - title: 有标题\n        text: 正文\n"
    )
    tasks = outline.tree(text)[0]["children"]
    assert [t["label"] for t in tasks] == [
        "健全理论学习制度，组织开展专题学习和研讨…",
        "短任务。",
        "有标题",
    ]
    assert [t["title"] for t in tasks] == ["", "", "有标题"]


def test_groups_and_items_are_in_the_tree() -> None:
    text = (CASES / "positive" / "minimal-speech.yaml").read_text("utf-8")
    nodes = _nodes(outline.tree(text))
    assert [n["type"] for n in nodes] == ["section", "group", "item", "item"]
    assert [n["title"] for n in nodes[2:]] == ["一是抓学习。", "二是抓落实。"]
    assert nodes[3]["path"] == ["sections", 0, "groups", 0, "items", 1]
    summary = (EXAMPLES / "summary-2021-city.yaml").read_text("utf-8")
    groups = [n for n in _nodes(outline.tree(summary)) if n["type"] == "group"]
    assert groups and groups[0]["path"] == ["sections", 1, "groups", 0]


def test_a_text_that_does_not_parse_is_an_error() -> None:
    with pytest.raises(UsageError) as caught:
        outline.tree("kind: plan\nsections: [\n")
    assert caught.value.code == "yaml"


# one test per op
def test_set_deadline_adds_one_line_in_the_schema_order() -> None:
    after = outline.edit(
        COUNTY,
        {"op": "set", "node": ["sections", 0, "tasks", 0], "field": "deadline", "value": "6月底前"},
    )
    diff = [
        line for line in difflib.ndiff(COUNTY.splitlines(), after.splitlines()) if line[:1] in "+-"
    ]
    assert diff == ["+         deadline: 6月底前"]
    assert _errors(after, "plan-2023-county.yaml") == []


def test_set_units_keeps_the_list_style_and_quotes_what_needs_it() -> None:
    flow = (CASES / "positive" / "plan-own-line.yaml").read_text("utf-8")
    node = next(n for n in _nodes(outline.tree(flow)) if n["type"] == "task" and n["units"])
    after = outline.edit(
        flow, {"op": "set", "node": node["path"], "field": "units", "value": ["办公室", "yes"]}
    )
    changed = [
        line for line in difflib.ndiff(flow.splitlines(), after.splitlines()) if line[:1] in "+-"
    ]
    assert len(changed) == 2
    assert changed[1].endswith("units: [办公室, 'yes']") or changed[1].endswith(
        'units: [办公室, "yes"]'
    )
    block = outline.edit(
        COUNTY,
        {"op": "set", "node": ["sections", 0, "tasks", 0], "field": "units", "value": ["团委"]},
    )
    assert "        units:\n          - 团委\n      - id: grassroots" in block


def test_set_an_empty_value_removes_the_field() -> None:
    after = outline.edit(
        COUNTY, {"op": "set", "node": ["sections", 0, "tasks", 0], "field": "units", "value": []}
    )
    assert len(COUNTY.splitlines()) - len(after.splitlines()) == 2
    assert _find(after, ["sections", 0, "tasks", 0])["units"] == []


def test_set_title_keeps_quotes() -> None:
    text = "kind: plan\ntitle: \"2024年工作要点\"  # 标题\nyear: 2024\nsections:\n  - title: '一'\n    tasks:\n      - title: 学习。\n        units: [办公室]\n"
    after = outline.edit(
        text, {"op": "set", "node": ["sections", 0], "field": "title", "value": "加强党的建设"}
    )
    assert after == text.replace("'一'", "'加强党的建设'")


def test_add_a_task_a_group_and_a_section() -> None:
    after = outline.edit(
        COUNTY,
        {
            "op": "add",
            "parent": ["sections", 1],
            "type": "task",
            "index": 0,
            "title": "新增一项任务。",
            "units": ["办公室"],
            "deadline": "年底前",
        },
    )
    assert _removed(COUNTY, after) == set()
    task = _find(after, ["sections", 1, "tasks", 0])
    assert (task["title"], task["units"], task["deadline"]) == (
        "新增一项任务。",
        ["办公室"],
        "年底前",
    )
    assert _errors(after, "plan-2023-county.yaml") == []
    section = outline.edit(
        COUNTY, {"op": "add", "parent": [], "type": "section", "title": "新的部分"}
    )
    assert _removed(COUNTY, section) == set()
    assert outline.tree(section)[-1]["title"] == "新的部分"
    with pytest.raises(UsageError):  # a section with tasks takes no group
        outline.edit(
            COUNTY, {"op": "add", "parent": ["sections", 0], "type": "group", "title": "组"}
        )
    last = len(outline.tree(section)) - 1
    grouped = outline.edit(
        section, {"op": "add", "parent": ["sections", last], "type": "group", "title": "分组"}
    )
    assert _removed(section, grouped) == set()
    assert outline.tree(grouped)[-1]["children"][0]["type"] == "group"


def test_delete_removes_exactly_the_node_lines() -> None:
    node = _find(COUNTY, ["sections", 0, "tasks", 1])
    lines = COUNTY.splitlines()
    after = outline.edit(COUNTY, {"op": "delete", "node": ["sections", 0, "tasks", 1]})
    block = _block(lines, node["line"])
    assert after.splitlines() == [line for i, line in enumerate(lines) if i not in block]
    with pytest.raises(UsageError):
        outline.edit(
            "kind: plan\nsections:\n  - title: a\n", {"op": "delete", "node": ["sections", 0]}
        )


def test_move_a_task_within_and_across_sections() -> None:
    lines = COUNTY.splitlines()
    moved = _find(COUNTY, ["sections", 0, "tasks", 0])
    block = [lines[i] for i in _block(lines, moved["line"])]
    within = outline.edit(
        COUNTY,
        {"op": "move", "node": ["sections", 0, "tasks", 0], "parent": ["sections", 0], "index": 2},
    )
    assert _find(within, ["sections", 0, "tasks", 2])["title"] == moved["title"]
    assert sorted(within.splitlines()) == sorted(lines)
    across = outline.edit(
        COUNTY,
        {"op": "move", "node": ["sections", 0, "tasks", 0], "parent": ["sections", 1], "index": 0},
    )
    assert _find(across, ["sections", 1, "tasks", 0])["title"] == moved["title"]
    assert "\n".join(block) in across
    assert sorted(across.splitlines()) == sorted(lines)
    assert _errors(across, "plan-2023-county.yaml") == []


def test_bad_ops_are_refused_in_chinese() -> None:
    for op in (
        {"op": "explode"},
        {"op": "delete", "node": ["sections", 99]},
        {"op": "delete", "node": "sections"},
        {"op": "set", "node": ["sections", 0], "field": "kind", "value": "x"},
        {"op": "move", "node": ["sections", 0], "parent": ["sections", 0, "tasks", 0]},
        {"op": "add", "parent": [], "type": "task", "title": "x"},
    ):
        with pytest.raises(UsageError) as caught:
            outline.edit(COUNTY, op)
        assert caught.value.code == "bad-op"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)


def test_bom_and_crlf_are_kept() -> None:
    text = "\ufeff" + COUNTY.replace("\n", "\r\n")
    after = outline.edit(
        text,
        {"op": "set", "node": ["sections", 0, "tasks", 0], "field": "deadline", "value": "全年"},
    )
    assert after.startswith("\ufeff# yaml-language-server")
    assert after.count("\r\n") == text.count("\r\n") + 1
    assert "\n" not in after.replace("\r\n", "")


def test_the_indentation_of_the_file_is_detected() -> None:
    text = "kind: plan\ntitle: 2024年工作要点\nyear: 2024\nsections:\n- title: 一\n  tasks:\n  - title: 学习。\n    units: [办公室]\n"
    assert outline.detect_indent(text) == outline.Indent(2, 2, 0)
    after = outline.edit(
        text,
        {"op": "set", "node": ["sections", 0, "tasks", 0], "field": "deadline", "value": "全年"},
    )
    assert after == text + "    deadline: 全年\n"


# random edits on every example
def _ops(text: str, kind: str, data: st.DataObject) -> dict[str, Any]:
    nodes = _nodes(outline.tree(text))
    tasks = [n for n in nodes if n["type"] == "task"]
    holders = [n for n in nodes if any(c["type"] == "task" for c in n["children"])]
    choices = ["delete", "move"]
    if kind == "plan":
        choices += ["deadline", "units", "add"]
    name = data.draw(st.sampled_from(choices))
    if not tasks:
        name = "none"
    if name == "delete":
        many = [t for t in tasks if sum(1 for s in tasks if s["path"][:-1] == t["path"][:-1]) > 1]
        if not many:
            return {}
        node = data.draw(st.sampled_from(many))
        return {"op": "delete", "node": node["path"]}
    if name == "move":
        node = data.draw(st.sampled_from(tasks))
        parent = data.draw(st.sampled_from(holders))
        siblings = sum(1 for t in tasks if t["path"][:-2] == parent["path"])
        same = node["path"][:-2] == parent["path"]
        if not same and sum(1 for s in tasks if s["path"][:-1] == node["path"][:-1]) == 1:
            return {}
        index = data.draw(st.integers(0, siblings))
        return {"op": "move", "node": node["path"], "parent": parent["path"], "index": index}
    if name == "deadline":
        node = data.draw(st.sampled_from(tasks))
        value = data.draw(st.sampled_from(["6月底前", "年底前", "全年", "持续推进", "2025-06-30"]))
        return {"op": "set", "node": node["path"], "field": "deadline", "value": value}
    if name == "units":
        node = data.draw(st.sampled_from(tasks))
        value = data.draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True))
        return {"op": "set", "node": node["path"], "field": "units", "value": value}
    if name == "add":
        parent = data.draw(st.sampled_from(holders))
        siblings = sum(1 for t in tasks if t["path"][:-2] == parent["path"])
        return {
            "op": "add",
            "parent": parent["path"],
            "type": "task",
            "index": data.draw(st.integers(0, siblings)),
            "title": "新增一项任务。",
            "units": [data.draw(st.sampled_from(UNITS))],
        }
    return {}


def _touched(text: str, op: dict[str, Any]) -> set[int]:
    """Return the 0-based lines of ``text`` an op may remove or change."""
    lines = text.splitlines()
    if op["op"] == "add":
        return set()
    node = _find(text, op["node"])
    return set(_block(lines, node["line"]))


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_edits_keep_every_other_line(path: Path, data: st.DataObject) -> None:
    text = path.read_text("utf-8")
    kind = outline.load(text)["kind"]
    op = _ops(text, kind, data)
    if not op:
        return
    round_trip = op["op"] in ("set", "add") and data.draw(st.booleans())
    if round_trip:  # the same edit through ruamel alone (what a splice falls back to)
        with mock.patch.object(outline, "quick", lambda body: None):
            after = outline.edit(text, op)
    else:
        after = outline.edit(text, op)
    if op["op"] == "move":  # the node's lines, re-indented, in one piece; the rest in order
        before, now = text.splitlines(), after.splitlines()
        block = _touched(text, op)
        moved = [before[i].strip() for i in sorted(block)]
        stripped = [line.strip() for line in now]
        at = next(i for i in range(len(now)) if stripped[i : i + len(moved)] == moved)
        rest = now[:at] + now[at + len(moved) :]
        assert rest == [line for i, line in enumerate(before) if i not in block], op
    else:
        assert _removed(text, after) <= _touched(text, op), op
    assert _errors(after, path.name) == [], op


def test_everyday_edits_are_made_on_the_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """The common edits never need ruamel's dump (slow on long plans); the result is the
    data the round-trip edit gives."""

    def refuse(data: Any, original: str) -> str:
        raise AssertionError("the round trip was used")

    ops = [
        {"op": "set", "node": ["sections", 0, "tasks", 0], "field": "deadline", "value": "全年"},
        {"op": "set", "node": ["sections", 0, "tasks", 1], "field": "units", "value": ["团委"]},
        {"op": "set", "node": ["sections", 0, "tasks", 1], "field": "title", "value": "改。"},
        {"op": "add", "parent": ["sections", 0], "type": "task", "index": 1, "title": "新。"},
        {"op": "delete", "node": ["sections", 0, "tasks", 1]},
        {"op": "move", "node": ["sections", 0, "tasks", 0], "parent": ["sections", 1], "index": 1},
    ]
    fast = {}
    with monkeypatch.context() as patch:
        patch.setattr(outline, "dump", refuse)
        for index, op in enumerate(ops):
            fast[index] = outline.edit(COUNTY, op)
    for index, op in enumerate(ops):
        slow = outline.load(outline.dump(_round_trip(COUNTY, op), COUNTY))
        assert outline.plain(outline.load(fast[index])) == outline.plain(slow), op


def _round_trip(text: str, op: dict[str, Any]) -> Any:
    data = outline.load(text)
    outline._apply(data, op)
    return data
