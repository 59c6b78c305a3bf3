"""Schema validation: JSON Schema errors turned into positioned Chinese diagnostics."""

from __future__ import annotations

from collections.abc import Iterator
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
        return [f"“{schema['const']}”"]
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


def _translate(
    error: ValidationError, source: Source, root: dict[str, Any]
) -> Iterator[Diagnostic]:
    path: NodePath = tuple(error.absolute_path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    expected: Any = error.validator_value

    def at(code: str, message: str, node: NodePath = path, *, key: bool = False) -> Diagnostic:
        return source.diagnostic(node, f"schema-{code}", message, key=key)

    if keyword in ("anyOf", "oneOf"):
        branches = [resolve(b, root) for b in schema.get(keyword, [])]
        if branches and all(set(b) == {"required"} for b in branches):
            names = "、".join(n for b in branches for n in b["required"])
            yield at("required", f"{_where(path)}至少要写 {names} 中的一项", key=True)
            return
        if not any(_type_matches(value, b, root) for b in branches):
            expected = _either(_types(schema, root))
            yield at("type", f"{_where(path)}应为{expected}，这里是{describe(value)}")
            return
        # The type fits some branch: report what went wrong inside the closest one.
        from jsonschema.exceptions import best_match

        inner = best_match(error.context or [])
        if inner is not None:
            yield from _translate(inner, source, root)
            return
        yield at(keyword, f"{_where(path)}的写法不符合要求")
        return
    if keyword == "required":
        props = schema.get("properties", {})
        for name in expected:
            if isinstance(value, dict) and name not in value:
                title = resolve(props.get(name, {}), root).get("title") if name in props else None
                label = f"“{name}”（{title}）" if title else f"“{name}”"
                yield at("required", f"缺少必填项{label}", key=True)
        return
    if keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for name in value if isinstance(value, dict) else []:
            if name in allowed:
                continue
            import difflib  # only on the error path; keeps start-up small

            guess = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            hint = f"，是不是“{guess[0]}”？" if guess else f"。可用的键：{'、'.join(allowed)}"
            yield at("additional", f"未知的键“{name}”{hint}", (*path, name), key=True)
        return
    if keyword == "type":
        expected = _either(_types(schema, root))
        yield at("type", f"{_where(path)}应为{expected}，这里是{describe(value)}")
        return
    if keyword == "const":
        yield at("const", f"{_where(path)}应为“{error.validator_value}”，这里是{describe(value)}")
        return
    if keyword == "enum":
        options = "、".join(str(v) for v in expected)
        import difflib

        guess = difflib.get_close_matches(str(value), [str(v) for v in expected], n=1)
        hint = f"，是不是“{guess[0]}”？" if guess else ""
        yield at("enum", f"{_where(path)}的值“{value}”无效，可选：{options}{hint}")
        return
    if keyword == "pattern":
        message = schema.get("patternErrorMessage") or f"{_where(path)}的格式不符合要求"
        yield at("pattern", f"{message}（这里是{describe(value)}）")
        return
    if keyword == "format":
        message = schema.get("patternErrorMessage") or f"{_where(path)}的格式不正确"
        if error.validator_value == "date":
            message = (
                f"{describe(value)}不是有效的日期：应写成 YYYY-MM-DD（如 2024-01-05），"
                "日期要真实存在，年份在 1949 至 2199 之间"
            )
        yield at("format", message)
        return
    if keyword == "minLength":
        yield at("min-length", f"{_where(path)}不能为空")
        return
    if keyword == "maxLength":
        yield at("max-length", f"{_where(path)}太长，最多 {error.validator_value} 个字")
        return
    if keyword == "minItems":
        if error.validator_value == 1:
            yield at("min-items", f"{_where(path)}至少要有一项")
        else:
            yield at("min-items", f"{_where(path)}至少要有 {error.validator_value} 项")
        return
    if keyword == "maxItems":
        yield at("max-items", f"{_where(path)}最多 {error.validator_value} 项")
        return
    if keyword == "uniqueItems":
        seen: dict[str, int] = {}
        for index, item in enumerate(value if isinstance(value, list) else []):
            marker = repr(item)
            if marker in seen:
                yield at("unique", f"{describe(item)}与第{seen[marker] + 1}项重复", (*path, index))
            else:
                seen[marker] = index
        return
    if keyword in ("minimum", "maximum"):
        bound = "不能小于" if keyword == "minimum" else "不能大于"
        yield at("range", f"{_where(path)}{bound} {error.validator_value}，这里是 {value}")
        return
    yield Diagnostic(
        source.path,
        *source.position(path),
        Severity.ERROR,
        f"schema-{keyword}",
        f"{_where(path)}不符合要求（{keyword}）",
    )
