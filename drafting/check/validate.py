"""Schema validation: JSON Schema errors turned into positioned Chinese diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from drafting.check.schema import bundled, fast_validator, resolve, validator
from drafting.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from drafting.check.load import NodePath, Source

_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "是非值（true 或 false）",
    "array": "列表",
    "object": "“键: 值”形式",
    "null": "空值",
}


def validate(source: Source, data: Any, name: str) -> list[Diagnostic]:
    """Validate ``data`` (read from ``source``) against schema ``name``.

    Returns the diagnostics in document order; an empty list means valid.
    """
    from drafting.check._validators import Invalid

    try:
        fast_validator(name)(data)
    except Invalid:
        pass
    else:
        return []
    found: dict[tuple[int, int, str, str], Diagnostic] = {}
    for error in validator(name).iter_errors(data):
        for diag in _translate(error, source, bundled(name)):
            found.setdefault((diag.line, diag.col, diag.code, diag.message), diag)
    # A date that fails its format also fails its pattern: say it once.
    formats = {(d.line, d.col) for d in found.values() if d.code == "schema-format"}
    return sorted(
        d for d in found.values() if not (d.code == "schema-pattern" and (d.line, d.col) in formats)
    )


def _either(options: list[str]) -> str:
    """Return “a、b或c” for a list of alternatives."""
    if len(options) <= 1:
        return "".join(options)
    return "、".join(options[:-1]) + "或" + options[-1]


def describe(value: Any) -> str:
    """Return a short Chinese description of a YAML value, for messages."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 20 else value[:20] + "……"
        return f"文字“{text}”"
    if isinstance(value, int | float):
        return f"数字 {value}"
    if isinstance(value, list):
        return "列表"
    return "“键: 值”形式"


def _where(path: NodePath) -> str:
    """Return the name of the field at ``path`` for messages, e.g. “units”的第2项."""
    if not path:
        return "文档"
    last = path[-1]
    if isinstance(last, int):
        parent = next((p for p in reversed(path) if isinstance(p, str)), None)
        return f"“{parent}”的第{last + 1}项" if parent else f"第{last + 1}项"
    return f"“{last}”"


def _types(schema: dict[str, Any], root: dict[str, Any]) -> list[str]:
    schema = resolve(schema, root)
    if "const" in schema:
        return [f"“{_yaml_word(schema['const'])}”"]
    if "enum" in schema:
        return ["、".join(str(v) for v in schema["enum"]) + " 之一"]
    kind = schema.get("type")
    if isinstance(kind, str):
        return [_TYPE_NAMES.get(kind, kind)]
    if isinstance(kind, list):
        return [_TYPE_NAMES.get(str(k), str(k)) for k in kind]
    out: list[str] = []
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        out.extend(t for t in _types(branch, root) if t not in out)
    return out


def _yaml_word(value: Any) -> str:
    """Return ``value`` as it is written in YAML: false, true, or the text itself."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _type_matches(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    schema = resolve(schema, root)
    kind = schema.get("type")
    if kind is None:
        branches = schema.get("anyOf", []) + schema.get("oneOf", [])
        return not branches or any(_type_matches(value, b, root) for b in branches)
    kinds = [kind] if isinstance(kind, str) else kind
    checks = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
        "null": value is None,
    }
    return any(checks.get(k, False) for k in kinds)


@dataclass(frozen=True)
class _Error:
    """One jsonschema error, with what every translation needs."""

    error: ValidationError
    source: Source
    root: dict[str, Any]

    @property
    def path(self) -> NodePath:
        """Return the path of the value in error."""
        return tuple(self.error.absolute_path)

    @property
    def schema(self) -> dict[str, Any]:
        """Return the schema (object) that failed, or an empty one."""
        return self.error.schema if isinstance(self.error.schema, dict) else {}

    @property
    def value(self) -> Any:
        """Return the value in error."""
        return self.error.instance

    @property
    def expected(self) -> Any:
        """Return the value of the keyword that failed (``minItems: 1``: 1)."""
        return self.error.validator_value

    @property
    def where(self) -> str:
        """Return the name of the field in error, for messages."""
        return _where(self.path)

    def at(
        self, code: str, message: str, node: NodePath | None = None, *, key: bool = False
    ) -> Diagnostic:
        """Return the error ``schema-<code>`` at ``node`` (default: the value in error)."""
        where = self.path if node is None else node
        return self.source.diagnostic(where, f"schema-{code}", message, key=key)


def _translate(
    error: ValidationError, source: Source, root: dict[str, Any]
) -> Iterator[Diagnostic]:
    """Return the Chinese diagnostics of one jsonschema ``error``."""
    failed = _Error(error, source, root)
    keyword = str(error.validator)
    translate = _TRANSLATIONS.get(keyword)
    if translate is not None:
        return translate(failed)
    if keyword in _SIMPLE:
        code, message = _SIMPLE[keyword](failed)
        return iter([failed.at(code, message)])
    return iter(
        [
            Diagnostic(
                source.path,
                *source.position(failed.path),
                Severity.ERROR,
                f"schema-{keyword}",
                f"{failed.where}不符合要求（{keyword}）",
            )
        ]
    )


def _branches(failed: _Error) -> Iterator[Diagnostic]:
    """anyOf / oneOf: name the keys of a required-one-of, the type, or the closest branch."""
    keyword = str(failed.error.validator)
    root = failed.root
    branches = [resolve(b, root) for b in failed.schema.get(keyword, [])]
    if branches and all(set(b) == {"required"} for b in branches):
        names = "、".join(n for b in branches for n in b["required"])
        yield failed.at("required", f"{failed.where}至少要写 {names} 中的一项", key=True)
        return
    if not any(_type_matches(failed.value, b, root) for b in branches):
        yield failed.at("type", _type_message(failed))
        return
    # The type fits some branch: report what went wrong inside the closest one.
    from jsonschema.exceptions import best_match

    # only the branches the value's type fits: “同志们” against a string-or-false salutation
    # is a pattern error of the string branch, not “应为 False”
    fitting = {i for i, b in enumerate(branches) if _type_matches(failed.value, b, root)}
    context = list(failed.error.context or [])
    inner = best_match([e for e in context if e.relative_schema_path[0] in fitting] or context)
    if inner is not None:
        yield from _translate(inner, failed.source, root)
        return
    yield failed.at(keyword, f"{failed.where}的写法不符合要求")


def _required(failed: _Error) -> Iterator[Diagnostic]:
    """Each missing key, with its title."""
    props = failed.schema.get("properties", {})
    value = failed.value
    for name in failed.expected:
        if isinstance(value, dict) and name not in value:
            title = (
                resolve(props.get(name, {}), failed.root).get("title") if name in props else None
            )
            label = f"“{name}”（{title}）" if title else f"“{name}”"
            yield failed.at("required", f"缺少必填项{label}", key=True)


def _additional(failed: _Error) -> Iterator[Diagnostic]:
    """Each unknown key, with the closest known one (or the list of them)."""
    allowed = list(failed.schema.get("properties", {}))
    value = failed.value
    for name in value if isinstance(value, dict) else []:
        if name in allowed:
            continue
        import difflib  # only on the error path; keeps start-up small

        guess = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"，是不是“{guess[0]}”？" if guess else f"。可用的键：{'、'.join(allowed)}"
        yield failed.at("additional", f"未知的键“{name}”{hint}", (*failed.path, name), key=True)


def _unique(failed: _Error) -> Iterator[Diagnostic]:
    """Each repeated item, naming the earlier copy."""
    seen: dict[str, int] = {}
    value = failed.value
    for index, item in enumerate(value if isinstance(value, list) else []):
        marker = repr(item)
        if marker in seen:
            message = f"{describe(item)}与第{seen[marker] + 1}项重复"
            yield failed.at("unique", message, (*failed.path, index))
        else:
            seen[marker] = index


def _type_message(failed: _Error) -> str:
    expected = _either(_types(failed.schema, failed.root))
    return f"{failed.where}应为{expected}，这里是{describe(failed.value)}"


def _enum(failed: _Error) -> tuple[str, str]:
    import difflib

    options = [str(v) for v in failed.expected]
    guess = difflib.get_close_matches(str(failed.value), options, n=1)
    hint = f"，是不是“{guess[0]}”？" if guess else ""
    return "enum", f"{failed.where}的值“{failed.value}”无效，可选：{'、'.join(options)}{hint}"


def _pattern(failed: _Error) -> tuple[str, str]:
    message = failed.schema.get("patternErrorMessage") or f"{failed.where}的格式不符合要求"
    return "pattern", f"{message}（这里是{describe(failed.value)}）"


def _format(failed: _Error) -> tuple[str, str]:
    if failed.expected == "date":
        return "format", (
            f"{describe(failed.value)}不是有效的日期：应写成 YYYY-MM-DD（如 2024-01-05），"
            "日期要真实存在，年份在 1949 至 2199 之间"
        )
    return "format", failed.schema.get("patternErrorMessage") or f"{failed.where}的格式不正确"


def _min_items(failed: _Error) -> tuple[str, str]:
    if failed.expected == 1:
        return "min-items", f"{failed.where}至少要有一项"
    return "min-items", f"{failed.where}至少要有 {failed.expected} 项"


def _range(failed: _Error) -> tuple[str, str]:
    bound = "不能小于" if failed.error.validator == "minimum" else "不能大于"
    return "range", f"{failed.where}{bound} {failed.expected}，这里是 {failed.value}"


_TRANSLATIONS: dict[str, Callable[[_Error], Iterator[Diagnostic]]] = {
    "anyOf": _branches,
    "oneOf": _branches,
    "required": _required,
    "additionalProperties": _additional,
    "uniqueItems": _unique,
}
"""Keywords that may yield several diagnostics (or none)."""

_SIMPLE: dict[str, Callable[[_Error], tuple[str, str]]] = {
    "type": lambda f: ("type", _type_message(f)),
    "const": lambda f: (
        "const",
        f"{f.where}应为“{_yaml_word(f.expected)}”，这里是{describe(f.value)}",
    ),
    "enum": _enum,
    "pattern": _pattern,
    "format": _format,
    "minLength": lambda f: ("min-length", f"{f.where}不能为空"),
    "maxLength": lambda f: ("max-length", f"{f.where}太长，最多 {f.expected} 个字"),
    "minItems": _min_items,
    "maxItems": lambda f: ("max-items", f"{f.where}最多 {f.expected} 项"),
    "minimum": _range,
    "maximum": _range,
}
"""Keywords that yield one diagnostic: the code (after ``schema-``) and the message."""
