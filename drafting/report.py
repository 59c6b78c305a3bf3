"""Reporters: diagnostics rendered as text, JSON or GitHub annotations, chosen by name."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from drafting.diagnostics import Diagnostic, Severity

Reporter = Callable[[Sequence[Diagnostic]], str]


def text(diagnostics: Sequence[Diagnostic]) -> str:
    """Return one ``file:line:col: 错误: message [code]`` line per diagnostic."""
    return "".join(d.format() + "\n" for d in diagnostics)


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """Return a JSON array of objects (path, line, col, severity, code, message)."""
    rows = [
        {
            "path": d.path,
            "line": d.line,
            "col": d.col,
            "severity": str(d.severity),
            "code": d.code,
            "message": d.message,
        }
        for d in diagnostics
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: Sequence[Diagnostic]) -> str:
    """Return GitHub Actions workflow commands (``::error file=…,line=…::…``)."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity is Severity.ERROR else "warning"
        props = (
            f"file={_escape_property(d.path)},line={d.line},col={d.col},"
            f"title={_escape_property(d.code)}"
        )
        lines.append(f"::{level} {props}::{_escape_data(d.message)}\n")
    return "".join(lines)


REPORTERS: dict[str, Reporter] = {"text": text, "json": as_json, "github": github}
"""Reporter functions by the name given to ``--format``."""


def summary(files: int, errors: int, warnings: int) -> str:
    """Return the closing line of a check, in Chinese."""
    if not errors and not warnings:
        return f"检查了 {files} 个文件，没有发现问题。"
    return f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"
