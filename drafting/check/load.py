"""The reader: a YAML file to plain data plus the position of every node.

PyYAML's C-accelerated parser produces events; we build the data from them ourselves
so that nothing is guessed: every scalar stays text (``NO``, ``0571``, ``2024-01-05``
and ``3.10`` are kept exactly as typed; :mod:`drafting.check.schema` turns a plain scalar into
a number or boolean only where the schema asks for one), and every YAML feature we do
not want in an office document is a positioned error: anchors and aliases (no alias
bombs), tags, several documents, duplicate keys, tabs used as indentation, control
characters, absurd nesting and oversized files. Encodings other than UTF-8 get a message
that says how to fix them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from drafting.diagnostics import Diagnostic, Severity
from drafting.errors import LoadError, UnreadableFile, os_reason
from drafting.fsio import read_regular

MAX_BYTES = 5 * 1024 * 1024
"""Largest file we read: a 1000-task plan is about 0.3 MB."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists (a plan needs 8)."""

NodePath = tuple[str | int, ...]
"""Where a node sits in the data: keys and list indexes from the root."""

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The parser's context when a flow collection is never closed: where it opened, its brackets.
_UNCLOSED_FLOW = {
    "while parsing a flow sequence": ("[", "]"),
    "while parsing a flow mapping": ("{", "}"),
}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOM_UTF8 = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Characters outside what YAML and XML 1.0 both accept (YAML's printable set:
# \x09 \x0a \x0d \x20-\x7e \x85 \xa0-\ud7ff \ue000-\ufffd \U00010000-\U0010ffff); such a
# character in the file is refused. Written as the complement, because the negated
# class takes ~6 ms to compile at every start-up; a test checks all code points.
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
# Characters that PyYAML, reading YAML 1.1, takes for line breaks, but that YAML 1.2,
# editors and yaml-language-server read as ordinary characters: NEL, LINE SEPARATOR and
# PARAGRAPH SEPARATOR. Before parsing, each is replaced by a private-use character the
# text does not contain (same length, so every offset stays), and put back in the values.
_UNUSUAL_BREAKS = "\x85\u2028\u2029"
_UNUSUAL_BREAK = re.compile("[\x85\u2028\u2029]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]")
# Characters that survive YAML escapes ("\x07") but are illegal in Word's XML.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class Mark(NamedTuple):
    """Where a node starts (1-based), where its key starts, and whether it was plain.

    For scalars, ``start`` and ``end`` are the character offsets of the value's source
    text (quotes and block indicators included) in :attr:`Source.text`.
    """

    line: int
    col: int
    key_line: int | None = None
    key_col: int | None = None
    plain: bool = False
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Source:
    """A YAML document as plain data, with the mark of every node by its path."""

    path: str
    data: Any
    marks: Mapping[NodePath, Mark]
    text: str = ""  # the decoded file (BOM removed), which the marks index into

    def position(self, node: NodePath, *, key: bool = False) -> tuple[int, int]:
        """Return the (line, col) of ``node`` or of its nearest known ancestor.

        With ``key=True`` the position of the key that holds the node is preferred,
        which is where an editor should put the cursor for an unknown or misplaced key.
        """
        probe = tuple(node)
        while probe not in self.marks and probe:
            probe = probe[:-1]
        mark = self.marks.get(probe)
        if mark is None:
            return (1, 1)
        if key and mark.key_line is not None and mark.key_col is not None:
            return (mark.key_line, mark.key_col)
        return (mark.line, mark.col)

    def is_plain(self, node: NodePath) -> bool:
        """Return True when the scalar at ``node`` was written without quotes."""
        mark = self.marks.get(node)
        return mark is not None and mark.plain

    def diagnostic(
        self,
        node: NodePath,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        key: bool = False,
    ) -> Diagnostic:
        """Return a diagnostic anchored at ``node`` (see :meth:`position`)."""
        line, col = self.position(node, key=key)
        return Diagnostic(self.path, line, col, severity, code, message)


def load(path: str | Path, *, display: str | None = None, keys: Iterable[str] = ()) -> Source:
    """Read the YAML file at ``path`` and return its :class:`Source`.

    ``display`` is the name used in diagnostics (default: ``path`` as given); ``keys``
    are the known key names, used to spot a full-width colon typed after a key.
    Raises :class:`~drafting.errors.LoadError` with positioned diagnostics.
    """
    name = display if display is not None else str(path)
    try:
        raw = read_regular(Path(path), MAX_BYTES)
    except UnreadableFile as exc:
        raise _fail(name, 1, 1, exc.code, exc.message) from None
    except FileNotFoundError:
        raise _fail(name, 1, 1, "io", "文件不存在") from None
    except PermissionError:
        raise _fail(name, 1, 1, "io", "没有读取该文件的权限") from None
    except OSError as exc:
        raise _fail(name, 1, 1, "io", f"无法读取文件：{os_reason(exc)}") from exc
    return loads(raw, name, keys=keys)


def loads(raw: bytes | str, name: str = "<字符串>", *, keys: Iterable[str] = ()) -> Source:
    """Parse YAML given as bytes (or already-decoded text) and return its :class:`Source`."""
    text = _decode(raw, name) if isinstance(raw, bytes) else raw
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _fail(name, 1, 1, "too-large", "内容过大，单个文档不应超过 5 MB")
    _check_characters(text, name)
    _check_fullwidth_colons(text, name, keys)
    data, marks = _Builder(text, name).build()
    if data is None:
        raise _fail(name, 1, 1, "empty-file", "文件是空的：至少需要写上 kind、title 等内容")
    if not isinstance(data, dict):
        raise _fail(
            name,
            marks[()].line,
            marks[()].col,
            "not-mapping",
            "文档的最外层应是“键: 值”形式（如“kind: plan”），而不是列表或单独的文字",
        )
    return Source(name, data, marks, text)


def _fail(name: str, line: int, col: int, code: str, message: str) -> LoadError:
    return LoadError([Diagnostic(name, line, col, Severity.ERROR, code, message)])


def line_col(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of character ``index`` of ``text``."""
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return line, index - start + 1


def strings(
    node: Any, path: NodePath = (), skip: frozenset[str] = frozenset()
) -> Iterator[tuple[NodePath, str]]:
    """Yield the (path, text) of every string in the plain data ``node``, depth first;
    keys in ``skip`` are not entered."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in skip:
                yield from strings(value, (*path, key), skip)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, (*path, index), skip)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(_BOM_UTF8):
        raw = raw[len(_BOM_UTF8) :]
    elif raw.startswith(_UTF16_BOMS) or raw.startswith(b"\x00\x00\xfe\xff"):
        raise _fail(
            name, 1, 1, "encoding", "文件是 UTF-16/UTF-32 编码，请在编辑器中“另存为 UTF-8”后再试"
        )
    if b"\x00" in raw:
        index = raw.index(b"\x00")
        good = raw[:index].decode("utf-8", "replace")
        line, col = line_col(good, len(good))
        raise _fail(
            name,
            line,
            col,
            "binary",
            "这不是文本文件（含有 NUL 字节）：可能是 Word 等二进制文件，或无 BOM 的 UTF-16 文本。"
            "请提供 UTF-8 编码的 YAML 文件",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", "replace")
        line, col = line_col(good, len(good))
        if _looks_like_big5(raw):
            message = (
                "文件不是 UTF-8 编码，看起来是 Big5（繁体中文 Windows 的默认编码）。"
                "请在编辑器中“另存为 UTF-8”，或运行：iconv -f BIG5 -t UTF-8 原文件 > 新文件"
            )
        elif _looks_like_gb18030(raw):  # CJK read as GB18030
            message = (
                "文件不是 UTF-8 编码，看起来是 GBK/GB18030（简体中文 Windows 的默认编码）。"
                "请在编辑器中“另存为 UTF-8”，或运行：iconv -f GB18030 -t UTF-8 原文件 > 新文件"
            )
        else:
            message = "文件不是有效的 UTF-8 编码，请在编辑器中“另存为 UTF-8”后再试"
        raise _fail(name, line, col, "encoding", message) from None


def _looks_like_gb18030(raw: bytes) -> bool:
    try:
        guess = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return any("\u4e00" <= ch <= "\u9fff" for ch in guess)


def _looks_like_big5(raw: bytes) -> bool:
    """Return True when ``raw`` reads as Big5 text and not as plausible GB text.

    Big5 bytes usually also decode as GBK, but into rare characters: when more than a
    fifth of the Chinese characters that GBK yields lie outside GB2312, Big5 is meant.
    """
    from drafting.gbt9704 import in_gb2312

    try:
        raw.decode("big5")
        as_gb = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    cjk = [ch for ch in as_gb if "\u4e00" <= ch <= "\u9fff"]
    rare = sum(1 for ch in cjk if not in_gb2312(ch))
    return bool(cjk) and rare * 5 > len(cjk)


def _error_at(text: str, index: int, name: str, code: str, message: str) -> Diagnostic:
    """Return an error diagnostic at character ``index`` of ``text``."""
    line, col = line_col(text, index)
    return Diagnostic(name, line, col, Severity.ERROR, code, message)


def _check_characters(text: str, name: str) -> None:
    found = []
    for match in _NON_PRINTABLE.finditer(text):
        found.append(
            _error_at(
                text,
                match.start(),
                name,
                "control-char",
                f"含有不可见的控制字符 U+{ord(match.group()):04X}，Word 文档中不允许出现，请删除",
            )
        )
        if len(found) >= 20:
            break
    if found:
        raise LoadError(found)


_KEY_BEFORE_COLON = re.compile(r"[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*")


def _check_fullwidth_colons(text: str, name: str, keys: Iterable[str]) -> None:
    """Refuse ``title：…``: a known key followed by a full-width colon."""
    names = keys if isinstance(keys, frozenset) else frozenset(keys)
    found = []
    index = text.find("：")
    while index != -1 and names:
        start = text.rfind("\n", 0, index) + 1
        match = _KEY_BEFORE_COLON.fullmatch(text, start, index)
        if match and match.group(1) in names:
            found.append(
                _error_at(
                    text,
                    index,
                    name,
                    "fullwidth-colon",
                    "键名后用了全角冒号“：”，应改为半角冒号加空格“: ”",
                )
            )
        index = text.find("：", index + 1)
    if found:
        raise LoadError(found)


def _stand_ins(text: str) -> tuple[str, dict[str, str]]:
    """Return ``text`` with no character PyYAML would count as a line break but editors do not.

    Returns the text to parse and ``{stand-in: original}`` to turn the stand-ins back
    (empty, and the text unchanged, when there was nothing to replace).
    """
    if not _UNUSUAL_BREAK.search(text):
        return text, {}
    used = set(_PRIVATE_USE.findall(text))
    candidates = itertools.chain(range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))
    free = (chr(c) for c in candidates if chr(c) not in used)
    table = {ord(ch): stand_in for ch, stand_in in zip(_UNUSUAL_BREAKS, free, strict=False)}
    return text.translate(table), {stand_in: chr(ch) for ch, stand_in in table.items()}


class _Frame:
    __slots__ = ("container", "path", "pending", "pending_mark", "seen")

    def __init__(self, container: dict[str, Any] | list[Any], path: NodePath) -> None:
        self.container = container
        self.path = path
        self.pending: str | None = None  # a key waiting for its value
        self.pending_mark: tuple[int, int] | None = None
        self.seen: dict[str, int] = {}  # key -> line of first occurrence


class _Builder:
    """Turn the parser's events into plain data, recording a :class:`Mark` per node."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.parsed, self.restore = _stand_ins(text)
        self.name = name
        self.marks: dict[NodePath, Mark] = {}
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0

    def error(self, mark: Any, code: str, message: str) -> LoadError:
        return _fail(self.name, mark.line + 1, mark.column + 1, code, message)

    def build(self) -> tuple[Any, dict[NodePath, Mark]]:
        loader = _LOADER(self.parsed)
        try:
            get = loader.get_event
            scalar, start_map, start_seq = (
                yaml.ScalarEvent,
                yaml.MappingStartEvent,
                yaml.SequenceStartEvent,
            )
            ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
            while (event := get()) is not None:
                kind = type(event)
                if kind is scalar:  # the most frequent event first
                    if event.anchor is not None or event.tag is not None:
                        self.refuse(event)
                    plain = event.implicit[0] and not event.style
                    value = event.value
                    self.add(
                        None if plain and value in _NULLS else value,
                        event.start_mark,
                        plain,
                        event.end_mark.index,
                    )
                elif kind in ends:
                    self.stack.pop()
                elif kind is start_map or kind is start_seq:
                    self.open(event, {} if kind is start_map else [])
                else:
                    self.other(event)
        except yaml.MarkedYAMLError as exc:
            raise self.translate(exc) from None
        except yaml.YAMLError as exc:  # pragma: no cover - the reader checks come first
            raise _fail(self.name, 1, 1, "syntax", f"YAML 格式错误：{exc}") from None
        finally:
            loader.dispose()
        return self.root, self.marks

    def open(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        """Start the mapping or sequence of ``event``: place it and make it current."""
        if event.anchor is not None or event.tag is not None:
            self.refuse(event)
        if len(self.stack) >= MAX_DEPTH:
            raise self.error(
                event.start_mark, "too-deep", f"嵌套层数超过 {MAX_DEPTH} 层，请检查缩进"
            )
        path = self.add(container, event.start_mark, False)
        self.stack.append(_Frame(container, path))

    def other(self, event: Any) -> None:
        """Refuse an alias and a second document; the other events carry no data."""
        if type(event) is yaml.AliasEvent:
            raise self.error(
                event.start_mark,
                "alias",
                f"不支持 YAML 别名“*{event.anchor}”：请把内容直接写出来",
            )
        if type(event) is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self.error(
                    event.start_mark,
                    "multi-doc",
                    "一个文件只能有一个文档：请删除“---”之后的内容，或拆成多个文件",
                )

    def refuse(self, event: Any) -> None:
        """Raise the error for an anchor or a tag on ``event``."""
        if event.anchor is not None:
            raise self.error(
                event.start_mark, "anchor", f"不支持 YAML 锚点“&{event.anchor}”：请删除它"
            )
        raise self.error(
            event.start_mark, "tag", f"不支持 YAML 标签“{event.tag}”：请删除它，值一律按文字读取"
        )

    def add(self, value: Any, mark: Any, plain: bool, end: int = -1) -> NodePath:
        """Place ``value`` in the current container; return its path."""
        if self.restore and value.__class__ is str:
            for stand_in, original in self.restore.items():  # replace() beats translate()
                if stand_in in value:
                    value = value.replace(stand_in, original)
        line, col = mark.line + 1, mark.column + 1
        start = mark.index if end >= 0 else -1
        if not self.stack:
            self.root = value
            self.marks[()] = Mark(line, col, plain=plain, start=start, end=end)
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
            self.marks[path] = Mark(line, col, plain=plain, start=start, end=end)
            return path
        if frame.pending is None:  # this node is a key
            if not isinstance(value, str):
                if value is None:
                    raise self.error(mark, "empty-key", "键名不能为空")
                raise self.error(mark, "complex-key", "键名只能是简单的文字，不能是列表或键值对")
            if _XML_ILLEGAL.search(value):
                raise self.error(mark, "control-char", "键名中含有控制字符")
            if value in frame.seen:
                raise self.error(
                    mark,
                    "duplicate-key",
                    f"键“{value}”重复（第一次出现在第 {frame.seen[value]} 行），"
                    "后一个会覆盖前一个，请合并或删除其中一个",
                )
            frame.seen[value] = line
            frame.pending, frame.pending_mark = value, (line, col)
            return frame.path
        key, (key_line, key_col) = frame.pending, frame.pending_mark or (line, col)
        frame.pending = frame.pending_mark = None
        path = (*frame.path, key)
        frame.container[key] = value
        self.marks[path] = Mark(line, col, key_line, key_col, plain, start, end)
        if value.__class__ is str and not plain and (bad := _XML_ILLEGAL.search(value)):
            raise self.error(
                mark,
                "control-char",
                f"值中含有控制字符 U+{ord(bad.group()):04X}（可能来自转义符），"
                "Word 文档中不允许出现，请删除",
            )
        return path

    def translate(self, exc: yaml.MarkedYAMLError) -> LoadError:
        """Return the error for the parser's ``exc``, in Chinese, where the mistake is."""
        problem = exc.problem or ""
        # For an unclosed quote or a key without its colon, where it started is more
        # useful than where the parser gave up.
        flow = _UNCLOSED_FLOW.get(exc.context or "") if "expected ','" in problem else None
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and (
            "end of stream" in problem or "could not find expected ':'" in problem or flow
        ):
            mark = exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        index = mark.index if mark else -1
        char = self.text[index] if 0 <= index < len(self.text) else ""
        code, message = _syntax_message(problem, char, flow)
        return _fail(self.name, line, col, code, message)


# What the parser's problem text means, tried in order: (part of the problem, code, message).
_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    # libyaml 0.2.5 (in PyYAML 6.0.4's wheels) stops at 1000 levels, before the depth guard
    # of the event loop below sees them: the same code and message as that guard's
    ("exceeded maximum nesting depth", "too-deep", f"嵌套层数超过 {MAX_DEPTH} 层，请检查缩进"),
    (
        "mapping values are not allowed",
        "syntax",
        "此处不能出现“: ”：如果值里有“冒号加空格”，请给整个值加引号，否则请检查缩进",
    ),
    (
        "could not find expected ':'",
        "syntax",
        "缺少冒号“:”：键和值之间要用半角冒号加空格，或上一行的缩进有误",
    ),
    ("did not find expected key", "syntax", "缩进不一致：这一行与同一层的键没有对齐"),
    ("did not find expected '-' indicator", "syntax", "列表项缩进不一致：同一列表的“- ”要对齐"),
    (
        "block sequence entries are not allowed",
        "syntax",
        "此处不能开始列表项“- ”，请检查缩进（列表要另起一行写在键的下面）",
    ),
    ("found unexpected end of stream", "syntax", "引号或括号没有闭合"),
    ("unclosed", "syntax", "引号或括号没有闭合"),
    (
        "unknown escape character",
        "syntax",
        "双引号中有无效的转义符“\\”：请改用单引号，或把“\\”写成“\\\\”",
    ),
    ("did not find expected node content", "syntax", "此处缺少内容，请检查缩进或标点"),
    ("expected <document start>", "syntax", "文档结尾处有多余的内容，请检查缩进"),
    ("undefined tag handle", "tag", "不支持 YAML 标签，请删除“!”开头的部分"),
)


def _syntax_message(problem: str, char: str, flow: tuple[str, str] | None) -> tuple[str, str]:
    """Return the code and Chinese message for the parser's ``problem`` at ``char``.

    ``flow`` is the brackets of an unclosed flow list or mapping, if that is the problem.
    """
    if flow:
        opening, closing = flow
        return "syntax", (
            f"“{opening}”没有配对的“{closing}”：列表或映射要在同一个值里写完整，"
            f"如 [办公室, 人事股]；如果“{opening}”是文字的一部分，请给整个值加引号"
        )
    if char == "\t" or "tab" in problem:
        return "tab", "这里用了制表符（Tab）缩进，YAML 只能用空格缩进"
    if "cannot start any token" in problem:
        if char in "@`":
            return "syntax", f"以“{char}”开头的值需要用引号括起来"
        return "syntax", f"此处的字符“{char}”不能作为内容的开头，请检查缩进或给值加引号"
    for part, code, message in _PROBLEMS:
        if part in problem:
            return code, message
    return "syntax", f"YAML 格式错误：{problem}"
