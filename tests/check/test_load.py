"""The reader: text stays text, positions are right, forbidden YAML is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.check.load import MAX_BYTES, load, loads
from drafting.check.schema import typed
from drafting.errors import LoadError

from ..conftest import CASES


def test_scalars_stay_exactly_as_typed() -> None:
    source = load(CASES / "positive" / "typing-traps.yaml")
    data = typed(source, "plan")
    assert data["org"] == "NO"
    assert data["subtitle"] == "0571"
    assert data["preamble"] == ["on", "010", "12:30", "3.10", "2024-01-05", "yes", "1e3"]
    assert data["year"] == 2024 and isinstance(data["year"], int)
    assert data["signature"] is False


def test_quoted_numbers_are_not_typed() -> None:
    source = loads('kind: plan\nyear: "2024"\nsignature: "true"\n')
    data = typed(source, "plan")
    assert data["year"] == "2024"
    assert data["signature"] == "true"


def test_positions_of_keys_and_values() -> None:
    text = "kind: plan\nsections:\n  - title: 甲\n    tasks:\n      - text: 乙\n"
    source = loads(text)
    assert source.position(("sections", 0, "title")) == (3, 12)
    assert source.position(("sections", 0, "tasks", 0, "text")) == (5, 15)
    assert source.position(("sections", 0, "tasks", 0, "text"), key=True) == (5, 9)
    assert source.position(("sections", 0, "missing")) == (3, 5)  # nearest ancestor


def test_bom_and_crlf_are_accepted() -> None:
    for name in ("bom.yaml", "crlf.yaml"):
        data = load(CASES / "positive" / name).data
        assert data["title"] == "2024年工作要点"
        assert data["sections"][0]["tasks"][0]["units"] == ["办公室"]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.write(b"kind: plan\npreamble:\n")
        line = ("  - " + "文" * 200 + "\n").encode()
        while handle.tell() <= MAX_BYTES:
            handle.write(line)
    with pytest.raises(LoadError) as info:
        load(path)
    assert [d.code for d in info.value.diagnostics] == ["too-large"]


def test_missing_file_and_folder_are_load_errors(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load(tmp_path / "nope.yaml")
    assert info.value.diagnostics[0].code == "io"
    with pytest.raises(LoadError) as info:
        load(tmp_path)
    assert info.value.diagnostics[0].code == "io"


def test_alias_bomb_is_refused_at_the_first_alias() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    with pytest.raises(LoadError) as info:
        loads(bomb)
    assert info.value.diagnostics[0].code == "anchor"


def test_every_diagnostic_is_positioned_in_the_file() -> None:
    with pytest.raises(LoadError) as info:
        loads("kind: plan\ntitle: 甲\ntitle: 乙\n", "x.yaml")
    diag = info.value.diagnostics[0]
    assert (diag.path, diag.line, diag.col, diag.code) == ("x.yaml", 3, 1, "duplicate-key")


# Any text a user can type into a value comes back unchanged. Excluded are only the
# characters the reader refuses on purpose (control characters, non-characters).
_TYPABLE = st.lists(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from(["\n", "\t", " ", "：", "#", ": ", "- ", '"', "'", "{{", "}}", "NO", "0571"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(value=_TYPABLE)
def test_any_string_value_survives_load(value: str) -> None:
    text = yaml.safe_dump({"kind": "plan", "title": value}, allow_unicode=True)
    data = loads(text).data
    assert data["title"] == value


@settings(max_examples=100, deadline=None)
@given(values=st.lists(_TYPABLE, min_size=1, max_size=5))
def test_string_lists_survive_load(values: list[str]) -> None:
    text = yaml.safe_dump({"preamble": values}, allow_unicode=True)
    assert loads(text).data["preamble"] == values


def test_refused_characters_are_exactly_those_yaml_cannot_print() -> None:
    from drafting.check.load import _NON_PRINTABLE

    every = "".join(map(chr, range(0x110000)))
    printable = re.compile(
        "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    )
    assert (
        _NON_PRINTABLE.findall(every)
        == printable.findall(every)
        == yaml.reader.Reader.NON_PRINTABLE.findall(every)
    )
