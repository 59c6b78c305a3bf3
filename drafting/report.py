"""Reporters: diagnostics as text, JSON, GitHub annotations or a GitLab report, by name."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from drafting.diagnostics import Diagnostic, Severity

Reporter = Callable[[Sequence[Diagnostic]], str]


def text(diagnostics: Sequence[Diagnostic]) -> str:
    """Return one ``file:line:col: 错误: message [code]`` line per diagnostic."""
    return "".join(d.format() + "\n" for d in diagnostics)


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """Return a JSON array of objects (path, line, col, severity, code, message).

    ``severity`` is ``error``, ``warning`` or ``info``.
    """
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


_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_GITLAB_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def github(diagnostics: Sequence[Diagnostic]) -> str:
    """Return GitHub Actions workflow commands (``::error file=…,line=…::…``).

    Errors are ``::error``, warnings ``::warning`` and INFO diagnostics ``::notice``.
    """
    lines = []
    for d in diagnostics:
        level = _GITHUB_LEVELS[d.severity]
        props = (
            f"file={_escape_property(d.path)},line={d.line},col={d.col},"
            f"title={_escape_property(d.code)}"
        )
        lines.append(f"::{level} {props}::{_escape_data(d.message)}\n")
    return "".join(lines)


def gitlab(diagnostics: Sequence[Diagnostic]) -> str:
    """Return a GitLab Code Quality report (a JSON array in the Code Climate format).

    GitLab shows it in merge requests when a job saves it as ``artifacts: reports:
    codequality``. Errors are ``major``, warnings ``minor``, INFO diagnostics ``info``;
    the fingerprint is stable for the same finding at the same place.
    """
    import hashlib

    rows = []
    for d in diagnostics:
        key = f"{d.path}\0{d.line}\0{d.col}\0{d.code}\0{d.message}"
        rows.append(
            {
                "description": f"{d.message} [{d.code}]",
                "check_name": d.code,
                "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
                "severity": _GITLAB_SEVERITIES[d.severity],
                "location": {"path": d.path, "lines": {"begin": d.line}},
            }
        )
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


REPORTERS: dict[str, Reporter] = {
    "text": text,
    "json": as_json,
    "github": github,
    "gitlab": gitlab,
}
"""Reporter functions by the name given to ``--format``."""


def summary(files: int, errors: int, warnings: int) -> str:
    """Return the closing line of a check, in Chinese."""
    if not errors and not warnings:
        return f"检查了 {files} 个文件，没有发现问题。"
    return f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"
