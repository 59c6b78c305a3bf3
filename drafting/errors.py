"""The one exceptions module of drafting.

Every error the library raises on purpose derives from :class:`DraftingError`. Errors
about an input file carry one or more :class:`~drafting.diagnostics.Diagnostic` so that
they read like a compiler's (``file:line:col: 错误: message [code]``).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from pathlib import Path

from drafting.diagnostics import Diagnostic


class ExitCode(IntEnum):
    """Process exit codes of the command-line interface."""

    OK = 0
    INVALID = 1  # the input has errors (or, for diff, the inputs differ)
    USAGE = 2  # the command line itself is wrong
    INTERNAL = 70  # a bug: EX_SOFTWARE
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it
    TERMINATED = 143  # SIGTERM: 128 + 15


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


class PartError(UsageError):
    """A page holds several documents (……篇一, ……篇二) and ``--part`` is missing or
    names none of them; ``message`` lists the parts or says which exist.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, code="import-part")


class Interrupted(DraftingError):
    """Ctrl-C (SIGINT) or SIGTERM stopped the run; ``written`` lists the files finished.

    ``exit_code`` is 130 for SIGINT and 143 for SIGTERM, as shells report them.
    """

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, written: Iterable[Path], signum: int = 2) -> None:
        terminated = signum == ExitCode.TERMINATED - 128
        super().__init__(
            "已终止（收到 SIGTERM 信号）" if terminated else "已中断（Ctrl-C）",
            code="terminated" if terminated else "interrupted",
        )
        self.written = tuple(written)
        if terminated:
            self.exit_code = ExitCode.TERMINATED


class InputError(DraftingError):
    """An input file cannot be used; ``diagnostics`` says where and why."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else None
        super().__init__(
            first.format() if first else "输入有误", code=first.code if first else "input"
        )


class WrongKind(UsageError):
    """A document that passed the check is not of a kind the command takes.

    ``kind`` is the document's kind; ``diagnostics`` are its warnings, if any.
    """

    def __init__(
        self, message: str, *, kind: str, diagnostics: Iterable[Diagnostic] = (), code: str
    ) -> None:
        super().__init__(message, code=code)
        self.kind = kind
        self.diagnostics = tuple(diagnostics)


class LoadError(InputError):
    """A YAML file could not be read into plain data (encoding, syntax, forbidden features)."""


class UnreadableFile(DraftingError):
    """A path names something that is not a regular file we may read (a device, a FIFO, a
    folder) or a file larger than the limit; ``message`` says which, without a position.
    """


class ResourceError(DraftingError):
    """Package data (a schema or template) is missing: the installation is broken."""

    exit_code = ExitCode.INTERNAL


class PackageError(DraftingError):
    """The file is not a .docx we can read safely."""


class TemplateProblem(DraftingError):
    """A template cannot be used: missing, not a .docx, or broken Jinja."""


class TemplateRuntimeError(DraftingError):
    """A template's code failed while running (Python raised); the message says where.

    Not jinja2's class of the same name: the renderer raises it itself, from the
    exception a part's code raised, and turns it into :class:`TemplateProblem`.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, code="template-runtime")


class OutputTooLarge(DraftingError):
    """A template would produce more output than the sandbox allows (``message`` says how much).

    Raised inside template code (by the sandbox's operators, calls, filters and output
    join); Jinja passes any exception through unchanged, so it need not be a Jinja
    error. The renderer turns it into :class:`TemplateProblem`.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, code="template-too-large")


class OverwriteRefused(DraftingError):
    """The target exists and must not be replaced without ``--force``."""


class WriteFailed(DraftingError):
    """The file could not be written; the previous file (if any) is untouched."""


class OutsideRoot(DraftingError):
    """A path to be written leads, through a link, outside the folder it must stay in."""


_OS_REASONS = {
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "EACCES": "没有权限",
    "EPERM": "不允许此操作（没有权限）",
    "EROFS": "所在磁盘是只读的",
    "ENAMETOOLONG": "文件名太长",
    "ENOENT": "找不到文件或文件夹",
    "ENOTDIR": "路径中有一项是文件而不是文件夹",
    "EISDIR": "这是一个文件夹，不是文件",
    "EEXIST": "文件已存在",
    "EBUSY": "文件或设备正被占用",
    "ETXTBSY": "文件正被占用",
    "EIO": "读写磁盘出错",
    "ELOOP": "符号链接层数太多（可能循环链接）",
    "EMFILE": "打开的文件太多",
    "ENFILE": "系统打开的文件太多",
    "EXDEV": "不能跨磁盘移动文件",
    "EINVAL": "文件名或参数无效",
    "ENXIO": "设备不存在",
    "ENODEV": "设备不存在",
    "EFBIG": "文件太大",
    "ESTALE": "网络文件句柄已失效",
    "ETIMEDOUT": "连接超时",
    "EAGAIN": "资源暂时不可用",
}


def os_reason(exc: OSError) -> str:
    """Return the Chinese reason for ``exc`` (the system's strerror text is English).

    Known errno values get a Chinese phrase; others read ``系统错误 N`` with the
    symbolic name, so that a message never carries English prose.
    """
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    if isinstance(exc, PermissionError) and not name:
        name = "EACCES"
    reason = _OS_REASONS.get(name)
    if reason is not None:
        return reason
    return f"系统错误 {name or exc.errno or type(exc).__name__}"


class PageViewFailed(DraftingError):
    """The exact page view (a running LibreOffice) could not make the pages; the message
    says why in Chinese and whether LibreOffice is missing (code ``no-libreoffice``)."""
