"""Diagnostics: what ``check`` and every other stage report about an input file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How serious a diagnostic is; ``--strict`` turns warnings into errors."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """Return the Chinese word printed in text reports."""
        return "错误" if self is Severity.ERROR else "警告"


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
        """Return the compiler-style line ``file:line:col: 错误: message [code]``."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity.label}: {self.message} [{self.code}]"

    def promoted(self) -> Diagnostic:
        """Return this diagnostic as an error (used by ``--strict``)."""
        if self.severity is Severity.ERROR:
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
