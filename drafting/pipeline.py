"""``render``: check every input, then render, package and write each document.

Nothing is written when any input has an error. Outputs are planned before anything
is rendered, so that two inputs can never write the same file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from drafting import signals
from drafting.check import Checker, CheckReport, document_files
from drafting.diagnostics import Severity
from drafting.errors import DraftingError, Interrupted, UsageError, os_reason
from drafting.model import Document, from_data
from drafting.render import RenderOptions, render
from drafting.write import atomic_write, guard, package


@dataclass(frozen=True)
class Job:
    """One document to write: its source, the unit it is filtered to, and its targets."""

    source: Path
    target: Path
    unit: str | None = None


@dataclass(frozen=True)
class Settings:
    """What the user asked for on the command line."""

    output: Path | None = None
    template: Path | None = None
    fonts: str | None = None
    profile: str | None = None
    pdf: bool = False
    jobs: int = 1
    by_unit: bool = False
    force: bool = False


@dataclass
class RenderReport:
    """Diagnostics of the check, and the files written."""

    check: CheckReport
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(text: str) -> str:
    """Return ``text`` usable in a file name on Windows, macOS and Linux."""
    return _UNSAFE.sub("_", text).strip(" .") or "_"


def plan_jobs(docs: Sequence[tuple[Path, Document]], settings: Settings) -> list[Job]:
    """Return the jobs for the checked documents; raise UsageError on clashing outputs."""
    out = settings.output
    single_file = out is not None and out.suffix.lower() == ".docx"
    if single_file and len(docs) > 1:
        raise UsageError("有多个输入文件时，-o 应指定一个文件夹，而不是 .docx 文件", code="output")
    jobs: list[Job] = []
    for source, doc in docs:
        if single_file:
            base = out
        elif out is not None:
            base = out / (source.stem + ".docx")
        else:
            base = source.with_suffix(".docx")
        assert base is not None
        if settings.by_unit:
            units = sorted({u for t in doc.all_tasks() for u in t.roles().everyone})
            if not units:
                raise UsageError(
                    f"{source} 中没有任何责任单位，无法按单位生成清单", code="no-units"
                )
            jobs.extend(
                Job(source, base.with_name(f"{base.stem}-{safe_name(u)}.docx"), u) for u in units
            )
        else:
            jobs.append(Job(source, base))
    seen: dict[Path, Path] = {}
    for job in jobs:
        key = job.target.resolve()
        if key in seen:
            raise UsageError(
                f"{seen[key]} 和 {job.source} 会写到同一个文件 {job.target}，请用 -o 分开",
                code="output-clash",
            )
        seen[key] = job.source
    return jobs


class Progress(Protocol):
    """Where ``render`` reports how far it is (the command line shows it on a terminal)."""

    def phase(self, title: str, total: int) -> None:
        """A new phase of ``total`` items begins (checking, Word documents, PDFs)."""

    def current(self, name: str) -> None:
        """``name`` is the item being worked on now."""

    def advance(self) -> None:
        """One more item of the phase is done."""


class _Quiet:
    """The progress of a run nobody watches."""

    def phase(self, title: str, total: int) -> None:
        """Ignore the phase."""

    def current(self, name: str) -> None:
        """Ignore the item."""

    def advance(self) -> None:
        """Ignore the step."""


def _execute(job: Job, doc: Document, settings: Settings, done: list[Path]) -> None:
    """Render, package and write one job's .docx; add the file written to ``done``.

    A stopping signal during the write takes effect once the file is complete and in
    ``done`` (:func:`~drafting.signals.held`), so that every file listed is whole.
    """
    claim = guard(job.target, force=settings.force, inputs=(job.source,))
    data = package(
        render(doc, RenderOptions(settings.template, settings.fonts, settings.profile, job.unit))
    )
    with signals.held():
        atomic_write(job.target, data, claim=claim)
        done.append(job.target)


def _worker(
    args: tuple[Job, Document, Settings], done: list[Path] | None = None
) -> tuple[list[Path], str | None]:
    """Write one job; return the files written (also added to ``done``) and any failure."""
    job, doc, settings = args
    written: list[Path] = [] if done is None else done
    start = len(written)
    try:
        with signals.working():
            _execute(job, doc, settings, written)
    except DraftingError as exc:
        return written[start:], exc.message
    except OSError as exc:  # disk full, permissions, a vanished folder: the user's, not ours
        return written[start:], f"生成 {job.target} 失败：{os_reason(exc)}（原文件未改动）"
    return written[start:], None


def _away_from_the_terminal(parent: int) -> None:
    """Pool initializer: leave the terminal's process group and die with ``parent``.

    The terminal sends SIGINT to its whole foreground process group; a worker in its own
    group finishes the document it is on while the main process stops handing out work.
    (SIGINT cannot simply be ignored: the render time limit is delivered as one.) When
    the main process dies, even by SIGKILL, the worker gets SIGTERM and stops
    (:func:`~drafting.signals.worker_start`).
    """
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    signals.worker_start(parent)


def _in_pool(
    work: list[tuple[Job, Document, Settings]],
    workers: int,
    report: RenderReport,
    progress: Progress,
) -> list[Path]:
    """Write every job with ``workers`` processes; return the .docx files written, in order."""
    from concurrent.futures import Future, ProcessPoolExecutor, as_completed

    results: dict[int, tuple[list[Path], str | None]] = {}
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_away_from_the_terminal, initargs=(os.getpid(),)
    ) as pool:
        futures: dict[Future[tuple[list[Path], str | None]], int] = {}
        try:
            # Workers are forked while submitting: hold Ctrl-C and SIGTERM back until each
            # has left the terminal's process group and set its own handlers (they are
            # delivered right after, to this process).
            with signals.blocked():
                for index, item in enumerate(work):
                    futures[pool.submit(_worker, item)] = index
            for future in as_completed(futures):
                index = futures[future]
                results[index] = future.result()
                progress.current(work[index][0].target.name)
                progress.advance()
        except KeyboardInterrupt:
            # The workers finish the document they are on; a second signal meanwhile
            # must not lose the list of what they finished.
            with signals.held(deliver=False):
                pool.shutdown(wait=True, cancel_futures=True)
                for future, index in futures.items():
                    if future.done() and not future.cancelled() and future.exception() is None:
                        results[index] = future.result()
                written = _docx_written(results, report)
            raise Interrupted(written, signals.received()) from None
    return _docx_written(results, report)


def _docx_written(
    results: dict[int, tuple[list[Path], str | None]], report: RenderReport
) -> list[Path]:
    """Record ``results`` in ``report`` in job order; return the .docx files written."""
    written: list[Path] = []
    for index in sorted(results):
        paths, failure = results[index]
        written.extend(paths)
        if failure:
            report.failures.append(failure)
    report.written.extend(written)
    return written


def _write_pdfs(docx: list[Path], workers: int, report: RenderReport, progress: Progress) -> None:
    """Convert the written .docx files to PDF beside them, with ``workers`` LibreOffices."""
    from drafting.pdf import Conversion, convert_batch

    progress.phase("生成 PDF", len(docx))

    def started(item: Conversion) -> None:
        progress.current(item.docx.name)

    def finished(item: Conversion, failure: str | None) -> None:
        if failure is None:
            report.written.append(item.target)
        else:
            report.failures.append(failure)
        progress.advance()

    convert_batch(
        [Conversion(path, path.with_suffix(".pdf")) for path in docx],
        instances=workers,
        started=started,
        finished=finished,
    )


def render_paths(
    paths: Sequence[str], settings: Settings, progress: Progress | None = None
) -> RenderReport:
    """Check ``paths`` and, when there is no error, write every document.

    Raises :class:`~drafting.errors.UsageError` for impossible requests, and
    :class:`~drafting.errors.Interrupted` (naming the files finished) on Ctrl-C or
    SIGTERM;
    rendering and writing problems are collected in ``failures`` (other files still
    render). ``progress`` is told how far the work is.
    """
    report = RenderReport(CheckReport((), ()))
    try:
        with signals.stopping():
            return _render_paths(paths, settings, progress or _Quiet(), report)
    except KeyboardInterrupt:
        raise Interrupted(report.written, signals.received()) from None


def _render_paths(
    paths: Sequence[str], settings: Settings, progress: Progress, report: RenderReport
) -> RenderReport:
    if settings.pdf:
        from drafting.pdf import soffice

        soffice()
    if settings.template is not None and not settings.template.is_file():
        raise UsageError(f"找不到模板文件：{settings.template}", code="template-missing")
    checker = Checker()
    found, skipped = document_files(paths)
    progress.phase("检查", len(found))
    files = []
    for path, display in found:
        progress.current(display)
        files.append(checker.check_file(path, display))
        progress.advance()
    diagnostics = tuple(d for f in files for d in f.diagnostics)
    report.check = CheckReport(tuple(files), diagnostics, skipped)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return report
    docs = [
        (Path(f.display), from_data(f.kind, f.data))
        for f in files
        if f.kind in ("plan", "summary", "speech")
    ]
    if not docs:
        raise UsageError("没有可生成的文档（plan、summary 或 speech）", code="nothing")
    if settings.template is not None and len({d.kind for _, d in docs}) > 1:
        raise UsageError(
            "--template 只能用于同一类文档，请分开生成不同类型的文档", code="template-kinds"
        )
    jobs = plan_jobs(docs, settings)
    by_source = dict(docs)
    work = [(job, by_source[job.source], settings) for job in jobs]
    workers = max(1, min(settings.jobs, len(work), os.cpu_count() or 1))
    progress.phase("生成 Word 文档", len(work))
    if workers == 1:
        docx: list[Path] = []
        for item in work:
            progress.current(item[0].target.name)
            written, failure = _worker(item, report.written)
            docx.extend(written)
            if failure:
                report.failures.append(failure)
            progress.advance()
    else:
        docx = _in_pool(work, workers, report, progress)
    if settings.pdf:
        _write_pdfs(docx, max(1, min(settings.jobs, os.cpu_count() or 1)), report, progress)
    return report
