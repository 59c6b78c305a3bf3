"""The one YAML writer: what it writes reads back as the same data, in YAML 1.1 and 1.2.

``drafting import``, ``summarize`` and ``new`` write YAML through :mod:`drafting.emit`.
Checked here: the quoting rule value by value; a round trip of generated documents
through ``drafting check``'s reader, PyYAML and a YAML 1.2 reader; byte equality with the
PyYAML dumper that import used before, wherever that dumper's text read back the same;
comments, the modeline and line ends.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting import emit
from drafting.check.load import loads
from drafting.ingest.importer import emit as import_emit
from drafting.ingest.recognise import Recognised

KEYS = ("kind", "title", "text", "units", "items", "result", "id", "on", "2025", "a b")


class _ImportDumper(yaml.SafeDumper):
    """The dumper ``drafting import`` used before :mod:`drafting.emit`: the reference."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> Any:
    short = bool(value) and all(isinstance(v, str) and len(v) <= 20 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_ImportDumper.add_representer(list, _represent_list)


def _pyyaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_ImportDumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=False,
    )


def _yaml12(text: str) -> Any:
    ruamel = pytest.importorskip("ruamel.yaml")
    return ruamel.YAML(typ="safe", pure=True).load(text)  # YAML 1.2 unless told otherwise


def _as_text(value: Any) -> Any:
    """Return ``value`` as ``drafting check``'s reader gives it: every scalar as typed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("2025年工作要点", "2025年工作要点"),
        ("以政治建设为统领，全面加强党的领导", "以政治建设为统领，全面加强党的领导"),
        ("", "''"),
        ("2025", "'2025'"),
        ("0571", "'0571'"),
        ("0598", "'0598'"),  # not octal to YAML 1.1, a number to YAML 1.2
        ("3.10", "'3.10'"),
        ("1e3", "'1e3'"),  # a number to YAML 1.2 only
        ("0o17", "'0o17'"),
        ("+.5", "'+.5'"),
        ("2024-01-05", "'2024-01-05'"),
        ("12:30", "'12:30'"),
        ("yes", "'yes'"),
        ("NO", "'NO'"),
        ("on", "'on'"),
        ("y", "'y'"),  # a boolean in the YAML 1.1 specification, though not in PyYAML
        ("N", "'N'"),
        ("null", "'null'"),
        ("~", "'~'"),
        ("true", "'true'"),
        ("- 办公室", "'- 办公室'"),
        ("-办公室", "-办公室"),
        ("#1", "'#1'"),
        ("第1 #号", "'第1 #号'"),
        ("第1#号", "第1#号"),
        ("要求: 全面", "'要求: 全面'"),
        ("要求：全面", "要求：全面"),
        ("[办公室]", "'[办公室]'"),
        ("@全体", "'@全体'"),
        ("“二十大”精神", "“二十大”精神"),
        ("it's", "it's"),
        ("'引号'", "'''引号'''"),
        ('"引号"', "'\"引号\"'"),
        (" 前有空格", "' 前有空格'"),
        ("\u3000\u3000首行缩进", "\u3000\u3000首行缩进"),
        ("a\tb", '"a\\tb"'),
        ("行\u2028分隔", '"行\\L分隔"'),
        ("行\x85下一行", '"行\\N下一行"'),
        ("\ufeff开头", '"\\uFEFF开头"'),
        ("𠮷", "𠮷"),
        (7, "7"),
        (True, "true"),
        (None, ""),
    ],
)
def test_one_quoting_rule(value: str | int | bool | None, written: str) -> None:
    assert emit.scalar(value) == written
    if isinstance(value, str):
        text = f"title: {written}\n"
        assert loads(text).data == {"title": value}
        assert yaml.safe_load(text) == {"title": value}
        assert _yaml12(text) == {"title": value}


def test_flow_lists_quote_flow_indicators_and_items_quote_key_like_text() -> None:
    assert emit.flow_list(["办公室", "a,b", "a:b", "人事股"]) == "[办公室, 'a,b', 'a:b', 人事股]"
    assert emit.scalar("title：以政治建设为统领", item=True) == "'title：以政治建设为统领'"
    assert emit.scalar("title：以政治建设为统领") == "title：以政治建设为统领"
    with pytest.raises(ValueError):
        emit.scalar("两\n行")


# Text as offices type it, with every character YAML gives a meaning to.
_ALPHABET = st.sampled_from(
    [
        *"以政治建设为统领全面加强党的领导办公室人事股",
        *"，。、；：？！“”‘’（）《》【】—…·",
        *"abcxyzYN_0123456789",
        *" :#-?[]{},&*!|>'\"%@`~.+=<",
        *" \t\n\r\u3000\xa0\x85\u2028\u2029\ufeff",
        "𠮷",
        "🏻",
    ]
)
_SPECIAL = st.sampled_from(
    [
        *("", "yes", "no", "on", "off", "y", "n", "Y", "N", "true", "False", "null", "~"),
        *("1e3", "0o17", "0x1f", "0128", "0571", "2024-01-05", "1:20", ".inf", "+.5", "-1"),
        *("-", "- a", "#", "a #b", "a: b", "a:", "title：x", "---", "...", "<<", "=", "@x"),
        *("\n", "a\n", "\nb", "a\n\nb", "a \nb", "a\n b", "首行\ntitle：第二行", "'", '"'),
    ]
)
_TEXT = st.one_of(st.text(_ALPHABET, max_size=12), _SPECIAL, st.from_regex(r"\A[0-9]{1,6}\Z"))
_SCALAR = st.one_of(_TEXT, st.integers(-5, 3000), st.booleans())
_KEY = st.sampled_from(KEYS)
_TREE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(st.text(_ALPHABET, min_size=21, max_size=30), min_size=1, max_size=2),
        st.dictionaries(_KEY, inner, min_size=1, max_size=3),
    ),
    max_leaves=12,
)
_DOCUMENTS = st.dictionaries(_KEY, _TREE, min_size=1, max_size=4)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_DOCUMENTS)
def test_what_emit_writes_reads_back_the_same(data: dict[str, Any]) -> None:
    text = emit.document(data)
    assert text.endswith("\n") and "\r" not in text
    assert loads(text, keys=KEYS).data == _as_text(data)
    assert yaml.safe_load(text) == data
    assert _yaml12(text) == data


# Where the writer leaves PyYAML's choice on purpose (PyYAML's text does not read back
# the same in YAML 1.2 or through ``drafting check``'s reader).
_DIFFERENT = re.compile(
    r"[\x85\u2028\u2029]|：|\A(?:[yYnN]|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)\Z"
)


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [*value.keys(), *(x for v in value.values() for x in _leaves(v))]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [value]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_DOCUMENTS)
def test_import_text_is_what_pyyaml_wrote(data: dict[str, Any]) -> None:
    if any(isinstance(v, str) and _DIFFERENT.search(v) for v in _leaves(data)):
        return
    assert emit.document(data) == _pyyaml(data)


@pytest.mark.parametrize(
    "value",
    ["第一行\u2028第二行", "第一行\u2029第二行", "第一行\x85第二行", "首行\ntitle：第二行"],
)
def test_import_of_text_with_unusual_line_breaks_reads_back(value: str) -> None:
    """PyYAML wrote these in single quotes, with the break raw (or a continuation line
    that reads as a key), which ``drafting check`` read as other text or refused."""
    data = {"kind": "plan", "title": "要点", "preamble": [value, "第二段" * 10]}
    text = import_emit(Recognised("plan", data), Path("来源.docx"))
    assert loads(text, keys=KEYS).data == data


def test_comments_modeline_and_styles() -> None:
    data = {
        "kind": "summary",
        "title": emit.Value(["中共××县委", "2025年工作总结"], flow=False),
        "plan": emit.Value("plan-2025.yaml", after="对应的工作要点"),
        "signature": emit.Value(False, above=("写好成文日期后改为 true",)),
        "sections": emit.Value(
            [
                {
                    "title": emit.Value("一", above=("第一部分",)),
                    "tasks": [
                        {
                            "units": emit.Value(["办公室"] * 1 + ["很长的单位名称" * 4], flow=True),
                            "result": emit.Value(None, after="完成情况"),
                        }
                    ],
                }
            ],
            above=("attachments: [completion-table]",),
        ),
        "empty": {},
        "none": [],
    }
    text = emit.document(data, comments=("由 drafting 生成",), schema="../s.json")
    assert text == (
        "# yaml-language-server: $schema=../s.json\n"
        "# 由 drafting 生成\n"
        "kind: summary\n"
        "title:\n"
        "  - 中共××县委\n"
        "  - 2025年工作总结\n"
        "plan: plan-2025.yaml  # 对应的工作要点\n"
        "# 写好成文日期后改为 true\n"
        "signature: false\n"
        "# attachments: [completion-table]\n"
        "sections:\n"
        "  # 第一部分\n"
        "  - title: 一\n"
        "    tasks:\n"
        f"      - units: [办公室, {'很长的单位名称' * 4}]\n"
        "        result:  # 完成情况\n"
        "empty: {}\n"
        "none: []\n"
    )
    plain = {k: v.value if isinstance(v, emit.Value) else v for k, v in data.items()}
    assert yaml.safe_load(text)["sections"][0]["tasks"][0]["result"] is None
    assert list(yaml.safe_load(text)) == list(plain)
    assert emit.modeline("a.json") == "# yaml-language-server: $schema=a.json"


def test_what_cannot_be_written_is_refused() -> None:
    with pytest.raises(ValueError):
        emit.document({"a": 1}, comments=("两\n行",))
    with pytest.raises(ValueError):
        emit.document({"a\nb": 1})
    with pytest.raises(TypeError):
        emit.document({"a": 1.5})
    with pytest.raises(TypeError):
        emit.document({1: "a"})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        emit.document({"a": [emit.Value("x")]})
    with pytest.raises(TypeError):
        emit.flow_list([None])  # type: ignore[list-item]
    assert emit.document({}) == "{}\n"


def test_special_characters_are_exactly_those_yaml_does_not_print_raw() -> None:
    # YAML's printable set (less \t and \r, which emit escapes) and the BOM: every code
    # point outside it, and no other, must send a string to double quotes.
    everything = "".join(map(chr, range(0x110000)))
    printable = re.compile("[\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010fffe]")
    expected = {c for c in everything if not printable.match(c)} | {"\ufeff"}
    assert set(emit._SPECIAL.findall(everything)) == expected
