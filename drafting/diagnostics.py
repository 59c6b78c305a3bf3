"""Diagnostics: what ``check`` and every other stage report about an input file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    return _ESCAPES.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def one_line(text: str) -> str:
    """Return ``text`` with line breaks and control characters as escapes (``\\n``, ``\\x1b``).

    A value the user typed (a kind with a line break in it) then cannot split a report
    line in two or send a terminal escape sequence.
    """
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), text)


def shown_path(path: str) -> str:
    """Return ``path`` as a report shows it: as it is, or quoted with escapes (as git does).

    A file name with a line break or another control character is written
    ``"a\\nb.yaml"`` (backslashes and quotes in it escaped too), so that the line still
    starts with the whole name and ``file:line:col`` stays one line.
    """
    if not _UNPRINTABLE.search(path):
        return path
    return '"' + one_line(path.replace("\\", "\\\\").replace('"', '\\"')) + '"'


class Severity(StrEnum):
    """How serious a diagnostic is; ``--strict`` turns warnings into errors.

    INFO says what a stage did (``import`` dropped a line of web furniture, made
    punctuation full-width): it is never counted as an error or a warning, and
    ``--strict`` leaves it as it is.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """Return the Chinese word printed in text reports (错误, 警告, 说明)."""
        return _LABELS[self]


_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "说明"}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, anchored at a 1-based line and column of a file."""

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """Return the compiler-style line ``file:line:col: 错误: message [code]``.

        Always one line: control characters in the path or the message are escaped
        (:func:`shown_path`, :func:`one_line`).
        """
        where = f"{shown_path(self.path)}:{self.line}:{self.col}"
        return f"{where}: {self.severity.label}: {one_line(self.message)} [{self.code}]"

    def promoted(self) -> Diagnostic:
        """Return this diagnostic as an error if it is a warning (used by ``--strict``).

        Errors and INFO diagnostics are returned as they are.
        """
        if self.severity is not Severity.WARNING:
            return self
        return Diagnostic(self.path, self.line, self.col, Severity.ERROR, self.code, self.message)


class Tally:
    """Mixin for reports with a ``diagnostics`` tuple: counts by severity."""

    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        """Return the number of errors."""
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """Return the number of warnings."""
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)
