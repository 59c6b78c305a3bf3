"""PDF through LibreOffice (optional): soffice --headless with our font mapping.

A batch is converted by one LibreOffice process (or one per ``-j`` share, each taking
:data:`CHUNK` documents at a time), not one per document: starting LibreOffice with a
fresh profile costs more than converting a typical document. LibreOffice announces each document as it starts it
(``convert A -> B``, or ``Error: …`` when it cannot load it); a document is finished
when the next one is announced or the process ends, and its PDF is checked and moved
to its target at that moment, so an interrupted batch keeps the PDFs it finished.

Every document still gets its own checks: a non-empty PDF, an error naming the
document, and a time limit (:func:`time_limit` seconds without LibreOffice moving on).
A document that crashes or stalls LibreOffice fails alone; the ones after it are
converted by a new process.
"""

from __future__ import annotations

import queue
import subprocess
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from drafting import signals
from drafting.errors import DraftingError
from drafting.fsio import atomic_write
from drafting.render.lo_input import copy_for_libreoffice
from drafting.soffice import (
    command,
    environment,
    exit_text,
    kill,
    scratch,
    soffice,
    start,
    time_limit,
)

MIN_BYTES = 1000
"""A PDF shorter than this has no page in it."""

PDF_TARGET = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
"""The PDF filter with the pages LibreOffice inserts itself kept, as a printer gets them:
the blank page before a 版记 that starts on an even page (§7.5; enclose.py). Without the
option a headless conversion drops it."""

CHUNK = 500
"""Documents per LibreOffice process: bounds its command line (Windows allows 32767
characters) and its memory; one more start-up per 500 documents costs under 3%."""


@dataclass(frozen=True)
class Conversion:
    """One document of a batch: the .docx to read and the PDF to write."""

    docx: Path
    target: Path


Chunk = list[tuple[Path, Conversion]]
"""Documents one LibreOffice process converts in order: (numbered copy, conversion)."""

Started = Callable[[Conversion], None]
"""Called when LibreOffice starts on a document."""

Finished = Callable[[Conversion, str | None], None]
"""Called when a document is done: ``None`` when its PDF was written, else the message."""


def convert_batch(
    items: Sequence[Conversion],
    *,
    instances: int = 1,
    started: Started | None = None,
    finished: Finished | None = None,
) -> list[str]:
    """Convert every item with ``instances`` LibreOffice processes; return the failures.

    Each PDF is checked and written atomically as soon as LibreOffice is done with it
    (``finished`` is told). On KeyboardInterrupt every LibreOffice process is killed,
    the temporary folder removed, and the interrupt re-raised.
    """
    if not items:
        return []
    binary = soffice()
    failures: list[str] = []

    def done(item: Conversion, failure: str | None) -> None:
        if failure is not None:
            failures.append(failure)
        if finished is not None:
            finished(item, failure)

    with scratch() as work:
        inbox = work / "in"
        inbox.mkdir()
        staged: Chunk = []
        for index, item in enumerate(items):
            # Numbered copies: two documents may share a name, and an odd name cannot
            # upset LibreOffice's argument parsing. The PDF's title comes from the
            # document's properties, not from its file name.
            copy = inbox / f"{index:05d}.docx"
            try:
                # The copy carries w:overflowPunct as LibreOffice reads it (lo_input).
                copy_for_libreoffice(item.docx, copy)
            except (OSError, zipfile.BadZipFile) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                done(item, f"无法读取 {item.docx}：{reason}")
                continue
            staged.append((copy, item))
        count = max(1, min(instances, len(staged)))
        shares = [staged[k::count] for k in range(count)]
        slots = [[share[i : i + CHUNK] for i in range(0, len(share), CHUNK)] for share in shares]
        batch = _Batch(binary, work, time_limit(), started, done)
        batch.run([chunks for chunks in slots if chunks])
    return failures


def _is_announcement(line: str) -> bool:
    """Return True for the line LibreOffice prints as it starts on the next document."""
    return line.startswith("convert ") or line.startswith("Error: source file could not be loaded")


@dataclass
class _Run:
    """One LibreOffice process converting ``share`` in order; ``queued`` come after it."""

    share: Chunk
    queued: list[Chunk]
    profile: Path
    outdir: Path
    process: subprocess.Popen[bytes]
    retry: bool  # started for the documents after one that failed
    moved: float  # monotonic time of the last announcement
    notes: list[str | None] = field(default_factory=list)  # last message per announced document
    settled: int = 0  # documents whose outcome is known
    delivered: int = 0  # of which PDFs were written
    last: str = ""  # LibreOffice's last line of output


class _Batch:
    """Runs shares of documents through LibreOffice processes side by side."""

    def __init__(
        self,
        binary: str,
        work: Path,
        limit: float,
        started: Started | None,
        done: Finished,
    ) -> None:
        self.binary = binary
        self.work = work
        self.limit = limit
        self.started = started
        self.done = done
        self.env = environment(work)
        self.lines: queue.Queue[tuple[int, str | None]] = queue.Queue()
        self.runs: dict[int, _Run] = {}
        self.serial = 0

    def run(self, slots: list[list[Chunk]]) -> None:
        """Convert the chunks of each slot in turn, the slots side by side.

        Returns when every document has an outcome.
        """
        try:
            for chunks in slots:
                self._start(chunks[0], chunks[1:], self._fresh_profile(), retry=False)
            while self.runs:
                self._step()
        finally:
            with signals.held():
                for run in self.runs.values():
                    kill(run.process)

    def _fresh_profile(self) -> Path:
        self.serial += 1
        return self.work / f"profile-{self.serial}"

    def _start(self, share: Chunk, queued: list[Chunk], profile: Path, *, retry: bool) -> None:
        self.serial += 1
        key = self.serial
        outdir = self.work / f"out-{key}"
        names = [copy.name for copy, _ in share]  # short names: the command line has a limit
        words = command(self.binary, profile, PDF_TARGET, outdir, names)
        try:
            process = start(words, share[0][0].parent, self.env)
        except OSError as exc:
            for chunk in (share, *queued):
                for _, item in chunk:
                    self.done(item, f"无法启动 LibreOffice（{item.docx}）：{exc.strerror or exc}")
            return
        self.runs[key] = _Run(share, queued, profile, outdir, process, retry, time.monotonic())
        reader = threading.Thread(
            target=_read, args=(key, process, self.lines), name="drafting-soffice", daemon=True
        )
        reader.start()
        if self.started is not None:
            self.started(share[0][1])

    def _step(self) -> None:
        """Handle one line of output, an ended process or a stalled one."""
        deadline = min(run.moved for run in self.runs.values()) + self.limit
        try:
            key, line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            for key, stalled in list(self.runs.items()):
                if time.monotonic() - stalled.moved >= self.limit:
                    self._stalled(key, stalled)
            return
        run = self.runs.get(key)
        if run is None:  # the rest of the output of a process stopped for stalling
            return
        if line is None:
            self._ended(key, run)
            return
        if not line:
            return
        run.last = line
        if not _is_announcement(line):
            if run.notes:  # said while working on the last announced document
                run.notes[-1] = line
            return
        run.notes.append(line if line.startswith("Error") else None)
        run.moved = time.monotonic()
        announced = len(run.notes)
        self._settle(run, announced - 1)
        if announced <= len(run.share) and self.started is not None:
            self.started(run.share[announced - 1][1])

    def _settle(self, run: _Run, upto: int) -> None:
        """Decide the documents before position ``upto``: their PDF is there or never will be."""
        while run.settled < min(upto, len(run.share)):
            copy, item = run.share[run.settled]
            note = run.notes[run.settled] if run.settled < len(run.notes) else run.last
            data = _finished_pdf(run.outdir, copy)
            if data is None:
                detail = note or "没有输出"
                self.done(item, f"LibreOffice 没有生成有效的 PDF（{item.docx}）：{detail}")
            else:
                self._write(run, item, data)
            run.settled += 1

    def _write(self, run: _Run, item: Conversion, data: bytes) -> None:
        # A signal during the write acts once the PDF is complete and reported done.
        with signals.held():
            try:
                atomic_write(item.target, data)
            except DraftingError as exc:
                self.done(item, exc.message)
                return
            run.delivered += 1
            self.done(item, None)

    def _ended(self, key: int, run: _Run) -> None:
        """LibreOffice closed its output: settle what it did; go on after a crash."""
        code = run.process.wait()
        del self.runs[key]
        if code == 0:
            self._settle(run, len(run.share))
            self._next(run, run.profile)  # a clean exit leaves a profile fit to reuse
            return
        self._settle(run, len(run.notes) - 1)
        self._blame(run, f"LibreOffice 异常退出（{exit_text(code)}）：{run.last or '没有输出'}")

    def _stalled(self, key: int, run: _Run) -> None:
        """LibreOffice made no progress within the time limit: stop it, blame the document."""
        kill(run.process)
        del self.runs[key]
        self._settle(run, len(run.notes) - 1)
        self._blame(run, f"超过 {self.limit:g} 秒仍未完成，已停止 LibreOffice")

    def _blame(self, run: _Run, reason: str) -> None:
        """Fail the document LibreOffice was on with ``reason``; convert the rest anew.

        When a process started for the rest produces nothing either, LibreOffice itself
        does not work here: the remaining documents fail with the same reason rather
        than starting it once more for each.
        """
        if run.settled < len(run.share):
            copy, item = run.share[run.settled]
            data = _finished_pdf(run.outdir, copy)
            if data is None:
                self.done(item, f"LibreOffice 转换 {item.docx} 失败：{reason}")
            else:  # it had finished; the next one stalled while loading
                self._write(run, item, data)
            run.settled += 1
        rest = run.share[run.settled :]
        if not rest:
            self._next(run, self._fresh_profile())  # a killed one's profile may be locked
            return
        if run.retry and run.delivered == 0:
            for chunk in (rest, *run.queued):
                for _, item in chunk:
                    self.done(
                        item,
                        f"没有转换 {item.docx}：LibreOffice 连续两次失败（{reason}），不再重试",
                    )
            return
        self._start(rest, run.queued, self._fresh_profile(), retry=True)

    def _next(self, run: _Run, profile: Path) -> None:
        """Start the slot's next chunk, if any, after ``run``."""
        if run.queued:
            self._start(run.queued[0], run.queued[1:], profile, retry=False)


def _finished_pdf(outdir: Path, copy: Path) -> bytes | None:
    """Return LibreOffice's PDF of ``copy`` when it is complete and non-empty, else None."""
    produced = outdir / (copy.stem + ".pdf")
    try:
        data = produced.read_bytes()
    except OSError:
        return None
    produced.unlink(missing_ok=True)
    if not data.startswith(b"%PDF") or len(data) < MIN_BYTES:
        return None
    if not data.rstrip().endswith(b"%%EOF"):  # cut short: LibreOffice was stopped mid-write
        return None
    return data


def _read(
    key: int, process: subprocess.Popen[bytes], lines: queue.Queue[tuple[int, str | None]]
) -> None:
    """Put each line LibreOffice prints on ``lines``, then ``None`` at the end."""
    assert process.stdout is not None
    with process.stdout:
        for raw in process.stdout:
            lines.put((key, raw.decode("utf-8", "replace").strip()))
    lines.put((key, None))
