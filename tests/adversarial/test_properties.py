"""Property tests: what the schema accepts renders, and its text comes back exactly."""

from __future__ import annotations

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.check import Checker
from drafting.check.load import load
from drafting.check.schema import typed
from drafting.emit import document

# Printable text as offices type it: CJK, ASCII, full-width punctuation, markup characters.
_CHARS = st.characters(
    whitelist_categories=("Lu", "Ll", "Lo", "Nd", "Po", "Ps", "Pe", "Pd", "Sm", "Sc", "Zs"),
    blacklist_characters="\u2028\u2029\x85",
)
_TEXT = (
    st.text(_CHARS, min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda s: s != "" and not s[0].isdigit() and "  " not in s)
)
_UNIT = st.text(st.sampled_from("办公室人事股财务基础教育科"), min_size=2, max_size=6)


@st.composite
def plans(draw: st.DrawFn) -> dict[str, object]:
    sections = []
    for _ in range(draw(st.integers(1, 3))):
        tasks = [
            {
                "title": draw(_TEXT) + "。",
                "text": draw(_TEXT),
                "units": draw(st.lists(_UNIT, min_size=1, max_size=2, unique=True)),
            }
            for _ in range(draw(st.integers(1, 3)))
        ]
        sections.append({"title": draw(_TEXT).rstrip("。，；：！？.,;:!?"), "tasks": tasks})
    return {"kind": "plan", "title": "2025年工作要点", "year": 2025, "sections": sections}


def _dump(data: dict[str, object]) -> str:
    return document(data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=plans())
def test_any_accepted_plan_renders_and_its_text_comes_back(
    data: dict[str, object], tmp_path_factory
) -> None:  # type: ignore[no-untyped-def]
    from drafting.cli import main

    folder = tmp_path_factory.mktemp("prop")
    source = folder / "plan.yaml"
    source.write_text(_dump(data), encoding="utf-8")
    checked = Checker().check_file(source)
    if not checked.ok:  # the schema or a rule refused it: nothing to render
        return
    assert main(["render", str(source)]) == 0
    text = "\n".join(p.text for p in docx.Document(str(folder / "plan.docx")).paragraphs)
    for section in data["sections"]:  # type: ignore[attr-defined]
        assert section["title"] in text
        for task in section["tasks"]:
            assert f"{task['title']}{task['text']}" in text
            assert "、".join(task["units"]) in text


@settings(max_examples=50, deadline=None)
@given(data=plans())
def test_yaml_to_data_to_yaml_is_stable(data: dict[str, object], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("stable")
    first = folder / "a.yaml"
    first.write_text(_dump(data), encoding="utf-8")
    once = typed(load(first), "plan")
    second = folder / "b.yaml"
    second.write_text(_dump(once), encoding="utf-8")
    twice = typed(load(second), "plan")
    assert once == twice == data
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
