"""The progress line of long commands on a terminal (part of the command line: it prints).

``rich`` is imported only once a command has run for :data:`DELAY` seconds, so that a
quick command neither loads it nor flashes a bar.
"""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import Any

DELAY = 0.5
"""Seconds of work before the progress display appears."""


def wanted() -> bool:
    """Return True when progress should be shown: stderr is a terminal and not in CI."""
    if os.environ.get("CI"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


class TerminalProgress:
    """Shows done/total, the current file and the time left of each phase on stderr.

    Implements :class:`drafting.pipeline.Progress`; use it as a context manager, which
    removes the display at the end.
    """

    def __init__(self) -> None:
        self._begun = time.monotonic()
        self._phases: list[list[Any]] = []  # [title, total, done, name, task id]
        self._bar: Any = None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def phase(self, title: str, total: int) -> None:
        """Start a new row: ``title`` with ``total`` items."""
        self._phases.append([title, total, 0, "", None])
        self._show()

    def current(self, name: str) -> None:
        """Show ``name`` as the item being worked on."""
        if self._phases:
            self._phases[-1][3] = name
            self._show()

    def advance(self) -> None:
        """Count one more item of the current phase as done."""
        if self._phases:
            self._phases[-1][2] += 1
            self._show()

    def _show(self) -> None:
        if self._bar is None:
            if time.monotonic() - self._begun < DELAY:
                return
            self._bar = _make_bar()
            self._bar.start()
        for row in self._phases:
            title, total, done, name, task = row
            if task is None:
                row[4] = self._bar.add_task(title, total=total, completed=done, name=name)
            else:
                self._bar.update(task, completed=done, name=name)


def _make_bar() -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.table import Column

    return Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("剩余", markup=False),
        TimeRemainingColumn(),
        TextColumn(
            "{task.fields[name]}",
            markup=False,
            table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1),
        ),
        console=Console(stderr=True),
        transient=True,
    )
