"""The one exceptions module of drafting.

Every error the library raises on purpose derives from :class:`DraftingError`. Errors
about an input file carry one or more :class:`~drafting.diagnostics.Diagnostic` so that
they read like a compiler's (``file:line:col: 错误: message [code]``).
"""

from __future__ import annotations

import errno
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


class ResourceError(DraftingError):
    """Package data (a schema or template) is missing: the installation is broken."""

    exit_code = ExitCode.INTERNAL


class OutsideRoot(DraftingError):
    """A path to be written leads, through a link, outside the folder it must stay in."""


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    getattr(errno, "EDQUOT", errno.ENOSPC): "磁盘配额已用完",
    errno.EROFS: "文件系统只读",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOTDIR: "路径中有一项是文件而不是文件夹",
    errno.EEXIST: "已有同名的文件",
    errno.ENAMETOOLONG: "文件名太长",
}


def os_reason(exc: OSError) -> str:
    """Return why ``exc`` happened, in Chinese; the system's own text for other errors."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
