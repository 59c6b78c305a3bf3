"""Quoting words of the commands we print or write, so that they can be pasted as shown."""

from __future__ import annotations

import re

_BARE = re.compile(r"[\w.+\-/:@~%,]+")
_NOT_IN_DOUBLE_QUOTES = re.compile(r'["$`\\!]')


def quote(word: str) -> str:
    """Return ``word`` as one word of a command line.

    Plain words stay bare; others are put in double quotes, which bash, zsh,
    PowerShell and cmd all read the same way; a word with ``" $ ` \\ !`` (which double
    quotes do not protect in a POSIX shell) gets POSIX single quotes.
    """
    if _BARE.fullmatch(word):
        return word
    if not _NOT_IN_DOUBLE_QUOTES.search(word):
        return f'"{word}"'
    import shlex

    return shlex.quote(word)
