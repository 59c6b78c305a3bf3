"""This project's distribution (the name ``pip`` installs it under) and its install lines.

The import package and the command are ``drafting``, but the name ``drafting`` on the
public package index belongs to an unrelated project, so the distribution is published as
:data:`DISTRIBUTION`. Every ``pip install`` line the program writes (the generated
repository's README, GitHub workflow and GitLab job) comes from :func:`install_command`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from drafting import __version__
from drafting.errors import UsageError
from drafting.shell import quote

DISTRIBUTION = "drafting-gongwen"
"""The distribution name in pyproject.toml; used when no installed copy of ours is found."""

_PACKAGE = "drafting"
_UNQUOTABLE = re.compile(r'["$`\\!\'\x00-\x1f\x7f]')


@dataclass(frozen=True)
class Release:
    """An installed distribution: its name and version."""

    name: str
    version: str

    @property
    def requirement(self) -> str:
        """Return the pinned requirement, e.g. ``drafting-gongwen==0.1.0``."""
        return f"{self.name}=={self.version}"


def installed() -> Release:
    """Return the distribution that provides the ``drafting`` package being run.

    A distribution counts only when one of its recorded files is this very package's
    ``__init__.py`` (another project's ``drafting`` package, or a stale editable install
    of an older checkout, is not us). In a source checkout, where no installed copy is
    this code, the name is :data:`DISTRIBUTION` and the version ``drafting.__version__``.
    """
    from importlib.metadata import PackageNotFoundError, distribution, packages_distributions

    ours = Path(__file__).resolve().parent.parent / "__init__.py"  # drafting/__init__.py
    for name in packages_distributions().get(_PACKAGE, []):
        try:
            dist = distribution(name)
        except PackageNotFoundError:  # pragma: no cover - listed a moment ago
            continue
        for file in dist.files or ():
            if file.parts[-2:] != (_PACKAGE, "__init__.py"):
                continue
            try:
                located = Path(str(dist.locate_file(file))).resolve()
            except OSError:  # pragma: no cover - an unreadable site folder
                continue
            if located == ours:
                return Release(dist.metadata["Name"], dist.version)
    return Release(DISTRIBUTION, __version__)


def shell_words(spec: str) -> list[str]:
    """Return ``spec`` (what follows ``pip install``) split into words like a shell would.

    Raises :class:`UsageError` for an empty spec, an unclosed quote, or a character
    that cannot be quoted the same way in bash, PowerShell and cmd (``" $ ` \\ ! '``,
    control characters).
    """
    import shlex

    try:
        words = shlex.split(spec)
    except ValueError as exc:
        raise UsageError(f"安装来源“{spec}”的引号没有配对", code="bad-install-from") from exc
    if not words:
        raise UsageError("安装来源不能为空", code="bad-install-from")
    for word in words:
        if _UNQUOTABLE.search(word):
            raise UsageError(
                f"安装来源中的“{word}”含有引号、$、`、\\、! 或控制字符，无法在各种命令行中原样使用",
                code="bad-install-from",
            )
    return words


def install_command(spec: str | None = None) -> str:
    """Return the ``python -m pip install …`` line for ``spec`` or for this release.

    Without ``spec`` the line pins the installed distribution (:func:`installed`). With
    ``spec`` (a requirement on a private index with its ``--index-url``, a wheel file, a
    git URL) its words are used as given, each quoted by :func:`drafting.shell.quote`.
    """
    words = shell_words(spec) if spec is not None else [installed().requirement]
    return " ".join(["python", "-m", "pip", "install", *map(quote, words)])
