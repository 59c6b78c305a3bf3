"""The one YAML writer: plain data (and comments) to the text of a document.

``drafting import``, ``drafting summarize`` and ``drafting new`` write YAML through this
module only, so a value is written the same way whichever command wrote it:

- a string is written plain where a YAML 1.1 reader (PyYAML, which ``drafting check``
  uses) and a YAML 1.2 reader (editors, yaml-language-server) both read the same string
  back; otherwise in single quotes, or in double quotes with escapes where single quotes
  cannot hold it (control characters, spaces next to a line break, the line separators
  NEL, LS and PS that only YAML 1.1 counts as line breaks). Quoted are, for example:
  ``''``, ``2025``, ``0571``, ``1e3``, ``2024-01-05``, ``yes``, ``n``, ``on``, ``null``,
  ``~``, text that starts with ``- ``, ``#``, ``[``, ``@`` or a quote, text holding
  ``: `` or `` #``, and a list item such as ``title：…`` that ``drafting check`` would
  read as a key typed with a full-width colon;
- a mapping is written in block style, list items indented under their key; a list is
  written in flow style (``units: [办公室, 人事股]``) when it is short: not empty and
  every item a string of at most 20 characters; :class:`Value` can choose either style;
- :class:`Value` attaches comments to a key: lines above it and one after its value;
- the document may start with the yaml-language-server modeline (:func:`modeline`) and
  comment lines; lines end in LF and the text ends with a newline.

The output for import's data is the same, byte for byte, as PyYAML's ``SafeDumper`` with
list items indented, ``allow_unicode=True`` and ``width=10_000`` wrote before this module
existed, except where PyYAML's text would not read back the same (see
``tests/test_emit.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

SHORT_ITEM = 20
"""Longest string item, in characters, of a list written in flow style by default."""

_STR = "tag:yaml.org,2002:str"
# What PyYAML, a YAML 1.1 reader, reads a plain scalar as (its stubs leave it untyped).
_RESOLVE: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = (
    yaml.resolver.Resolver().resolve
)
_WS = "\0 \t\r\n\x85\u2028\u2029"
_BREAKS = "\n\x85\u2028\u2029"
# Text a YAML 1.2 (core schema) reader takes for null, a boolean or a number, and the
# one-letter booleans of the YAML 1.1 specification that PyYAML does not implement.
_NOT_TEXT = re.compile(
    r"null|Null|NULL|~|true|True|TRUE|false|False|FALSE|[yYnN]"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# Indicators that forbid a plain scalar in block context (and so in flow context too).
_BLOCK_INDICATOR = re.compile(
    rf"^(?:---|\.\.\.)|^[#,\[\]{{}}&*!|>'\"%@`]|^[?\-](?=[{_WS}]|\Z)|:(?=[{_WS}]|\Z)"
    rf"|(?<=[{_WS}])#",
    re.DOTALL,
)
_FLOW_INDICATOR = re.compile(r"[,?\[\]{}:]")
# Characters written raw in no style but double quotes with escapes: those outside
# "\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010fffe", and the BOM. Listed
# as they are, not as the negation of what may stay: the negated class took about 5 ms
# of every import's start-up to compile (the same set, checked over every code point).
_SPECIAL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff]"
)
_BREAK = re.compile(f"[{_BREAKS}]")
_SPACE_AT_BREAK = re.compile(f" [{_BREAKS}]|[{_BREAKS}] ")
# A line that ``drafting check`` refuses as a key typed with a full-width colon.
_KEY_AND_FULLWIDTH_COLON = re.compile(r"[A-Za-z_][A-Za-z0-9_]*[ \t]*：")
# Escapes of the double-quoted style, as PyYAML writes them.
_ESCAPES = {
    "\0": "0",
    "\x07": "a",
    "\x08": "b",
    "\x09": "t",
    "\x0a": "n",
    "\x0b": "v",
    "\x0c": "f",
    "\x0d": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\u2028": "L",
    "\u2029": "P",
}
_ALWAYS_ESCAPED = '"\\\x85\u2028\u2029\ufeff'


@dataclass(frozen=True)
class Value:
    """A mapping value with its comments and, for a list, the style to write it in.

    ``above`` are comment lines written before the key, ``after`` a comment written on
    the key's line after the value (``result:  # 完成情况`` for an empty value);
    ``flow`` chooses flow (True) or block (False) style for a list, None the default.
    """

    value: Any
    above: tuple[str, ...] = ()
    after: str = ""
    flow: bool | None = None


def modeline(schema: str) -> str:
    """Return the yaml-language-server modeline naming ``schema`` (a path or URL)."""
    return _comment(f"yaml-language-server: $schema={schema}")


def document(data: Mapping[str, Any], *, comments: Sequence[str] = (), schema: str = "") -> str:
    """Return the YAML text of ``data``: the modeline of ``schema`` if given, then
    ``comments`` as comment lines, then the mapping; LF line ends and a final newline.

    Raises :class:`TypeError` for a value that is not a string, int, bool, None, list,
    dict or :class:`Value`, and :class:`ValueError` for a comment with a line break or
    a key that cannot be written on one line.
    """
    lines = [modeline(schema)] if schema else []
    lines += [_comment(text) for text in comments]
    lines += _mapping(data, 0) if data else ["{}"]
    return "\n".join(lines) + "\n"


def scalar(value: str | int | bool | None, *, item: bool = False) -> str:
    """Return ``value`` as it is written after a key (or after ``- `` with ``item``).

    Raises :class:`ValueError` when the text needs more than one line.
    """
    return _single_line(_scalar(value, "item" if item else "value", 0))


def flow_list(values: Sequence[str]) -> str:
    """Return ``values`` as one flow-style list: ``[办公室, 人事股]``.

    Raises :class:`ValueError` when an item needs more than one line.
    """
    return _single_line(_flow(values, 0))


def _single_line(text: str) -> str:
    if "\n" in text:
        raise ValueError(f"cannot write {text!r} on one line")
    return text


def _comment(text: str) -> str:
    if _BREAK.search(text) or "\r" in text:
        raise ValueError(f"a comment must be one line: {text!r}")
    return f"# {text}"


def _mapping(data: Mapping[str, Any], indent: int) -> list[str]:
    """Return the lines of a non-empty block mapping whose keys start at column ``indent``."""
    lines: list[str] = []
    for key, value in data.items():
        lines += _entry(key, value if isinstance(value, Value) else Value(value), indent)
    return lines


def _entry(key: Any, entry: Value, indent: int) -> list[str]:
    """Return the comment lines, the ``key: value`` line and any block below it."""
    if not isinstance(key, str):
        raise TypeError(f"a key must be a string, not {key!r}")
    pad = " " * indent
    lines = [pad + _comment(text) for text in entry.above]
    head = f"{pad}{_single_line(_scalar(key, 'key', indent))}:"
    after = f"  {_comment(entry.after)}" if entry.after else ""
    block = _block(entry.value, indent + 2, entry.flow)
    if block is None:
        text = _inline(entry.value, indent, entry.flow)
        lines.append(f"{head} {text}{after}" if text else f"{head}{after}")
    else:
        lines.append(head + after)
        lines += block
    return lines


def _block(value: Any, indent: int, flow: bool | None) -> list[str] | None:
    """Return the lines of ``value`` as a block collection at ``indent``, or None when it
    is written on the key's (or the dash's) line."""
    if isinstance(value, Mapping) and value:
        return _mapping(value, indent)
    if isinstance(value, list) and value and not _is_flow(value, flow):
        return _sequence(value, indent)
    return None


def _is_flow(values: list[Any], flow: bool | None) -> bool:
    if flow is not None:
        return flow
    return all(isinstance(v, str) and len(v) <= SHORT_ITEM for v in values)


def _sequence(values: list[Any], indent: int) -> list[str]:
    """Return the lines of a non-empty block list whose dashes are at column ``indent``."""
    lines: list[str] = []
    for value in values:
        if isinstance(value, Value):
            raise TypeError("comments can only be attached to mapping values")
        block = _block(value, indent + 2, None)
        if block is None:
            text = _inline(value, indent, None, item=True)
            lines.append(f"{' ' * indent}- {text}" if text else f"{' ' * indent}-")
            continue
        first = next(i for i, line in enumerate(block) if not line.lstrip().startswith("#"))
        comments = [" " * indent + line.lstrip() for line in block[:first]]  # above the dash
        lines += [*comments, f"{' ' * indent}- {block[first][indent + 2 :]}", *block[first + 1 :]]
    return lines


def _inline(value: Any, indent: int, flow: bool | None, *, item: bool = False) -> str:
    """Return ``value`` written after its key or dash, whose line starts at ``indent``."""
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list):
        return _flow(value, indent) if value else "[]"
    return _scalar(value, "item" if item else "value", indent)


def _flow(values: Sequence[Any], indent: int) -> str:
    return "[" + ", ".join(_flow_item(v, indent) for v in values) + "]"


def _flow_item(value: Any, indent: int) -> str:
    if value is None or isinstance(value, list | Mapping | Value):
        raise TypeError(f"a flow list holds strings, numbers and booleans, not {value!r}")
    return _scalar(value, "flow", indent)


def _scalar(value: Any, context: str, indent: int) -> str:
    """Return the text of a scalar in ``context`` (key, value, item or flow).

    ``indent`` is the column of the key, dash or key of the flow list the scalar belongs
    to; the lines of a multi-line quoted scalar continue two columns further in (four in
    a flow list), as PyYAML writes them.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} {value!r} as YAML")
    style = _style(value, context)
    if style == "'":
        return _single_quoted(value, indent + (4 if context == "flow" else 2))
    if style == '"':
        return '"' + "".join(_escape(ch) for ch in value) + '"'
    return value


def _style(text: str, context: str) -> str:
    """Return ``""`` (plain), ``"'"`` or ``'"'``: the style ``text`` is written in."""
    if _SPECIAL.search(text) or _SPACE_AT_BREAK.search(text) or _unusual_break(text):
        return '"'
    multiline = "\n" in text
    if _plain(text, context, multiline):
        return ""
    if context == "key" and multiline:
        raise ValueError(f"a key must be one line: {text!r}")
    if multiline and any(_KEY_AND_FULLWIDTH_COLON.match(line) for line in text.split("\n")[1:]):
        return '"'  # a continuation line would start like a key
    return "'"


def _unusual_break(text: str) -> bool:
    """Return True for text with NEL, LS or PS: line breaks to YAML 1.1 only."""
    return "\x85" in text or "\u2028" in text or "\u2029" in text


def _plain(text: str, context: str, multiline: bool) -> bool:
    """Return True when ``text`` (with no special character) reads back as itself plain."""
    if not text or multiline or text[0] == " " or text[-1] == " ":
        return False
    if _RESOLVE(yaml.ScalarNode, text, (True, False)) != _STR:
        return False  # YAML 1.1 reads it as something else: 2025, yes, 2024-01-05, ~
    if _NOT_TEXT.fullmatch(text) or _BLOCK_INDICATOR.search(text):
        return False
    if context == "flow":
        return not _FLOW_INDICATOR.search(text)
    return not (context == "item" and _KEY_AND_FULLWIDTH_COLON.match(text))


def _single_quoted(text: str, indent: int) -> str:
    """Return ``text`` in single quotes; each run of n line breaks becomes n + 1 of them
    (a single one would read back as a space), followed by ``indent`` spaces."""
    body = text.replace("'", "''")
    body = re.sub(r"\n+", lambda m: "\n" * (len(m.group()) + 1) + " " * indent, body)
    return f"'{body}'"


def _escape(ch: str) -> str:
    """Return ``ch`` as PyYAML writes it in double quotes: raw where printable."""
    if ch not in _ALWAYS_ESCAPED and (
        "\x20" <= ch <= "\x7e" or "\xa0" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd"
    ):
        return ch
    if ch in _ESCAPES:
        return "\\" + _ESCAPES[ch]
    if ch <= "\xff":
        return f"\\x{ord(ch):02X}"
    if ch <= "\uffff":
        return f"\\u{ord(ch):04X}"
    return f"\\U{ord(ch):08X}"
