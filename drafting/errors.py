"""The one exceptions module of drafting.

Every error the library raises on purpose derives from :class:`DraftingError`. Errors
about an input file carry one or more :class:`~drafting.diagnostics.Diagnostic` so that
they read like a compiler's (``file:line:col: 错误: message [code]``).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from drafting.diagnostics import Diagnostic


class ExitCode(IntEnum):
    """Process exit codes of the command-line interface."""

    OK = 0
    INVALID = 1  # the input has errors (or, for diff, the inputs differ)
    USAGE = 2  # the command line itself is wrong
    INTERNAL = 70  # a bug: EX_SOFTWARE


class DraftingError(Exception):
    """Base class of every error drafting raises on purpose.

    ``message`` is Chinese and meant for the user; ``code`` is a stable identifier.
    """

    exit_code: ExitCode = ExitCode.INVALID

    def __init__(self, message: str, *, code: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class UsageError(DraftingError):
    """The command line asks for something impossible (missing file, bad option)."""

    exit_code = ExitCode.USAGE


class InputError(DraftingError):
    """An input file cannot be used; ``diagnostics`` says where and why."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else None
        super().__init__(
            first.format() if first else "输入有误", code=first.code if first else "input"
        )


class LoadError(InputError):
    """A YAML file could not be read into plain data (encoding, syntax, forbidden features)."""


class UnreadableFile(DraftingError):
    """A path names something that is not a regular file we may read (a device, a FIFO, a
    folder) or a file larger than the limit; ``message`` says which, without a position.
    """


class ResourceError(DraftingError):
    """Package data (a schema or template) is missing: the installation is broken."""

    exit_code = ExitCode.INTERNAL
