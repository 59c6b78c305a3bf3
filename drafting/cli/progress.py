"""The progress line of long commands on a terminal (part of the command line: it prints).

``rich`` is imported only once a command has run for :data:`DELAY` seconds, so that a
quick command neither loads it nor flashes a bar.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
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


@dataclass
class _Row:
    """One phase on the display (mutable: it counts up)."""

    title: str
    total: int
    done: int = 0
    name: str = ""
    task: Any = None  # rich's task id, once shown


class TerminalProgress:
    """Shows done/total, the current file and the time left of each phase on stderr.

    Implements :class:`drafting.render.batch.Progress`; use it as a context manager, which
    removes the display at the end.
    """

    def __init__(self) -> None:
        self._begun = time.monotonic()
        self._rows: list[_Row] = []
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
        self._rows.append(_Row(title, total))
        self._show()

    def current(self, name: str) -> None:
        """Show ``name`` as the item being worked on."""
        if self._rows:
            self._rows[-1].name = name
            self._show()

    def advance(self) -> None:
        """Count one more item of the current phase as done."""
        if self._rows:
            self._rows[-1].done += 1
            self._show()

    def _show(self) -> None:
        if self._bar is None:
            if time.monotonic() - self._begun < DELAY:
                return
            self._bar = _make_bar()
            self._bar.start()
        for row in self._rows:
            if row.task is None:
                row.task = self._bar.add_task(
                    row.title, total=row.total, completed=row.done, name=row.name
                )
            else:
                self._bar.update(row.task, completed=row.done, name=row.name)


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
