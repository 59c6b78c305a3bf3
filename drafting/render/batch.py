"""``render``: check every input, then render, package and write each document.

Nothing is written when any input has an error. Outputs are planned before anything
is rendered, so that two inputs can never write the same file.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from drafting import signals
from drafting.check import Checker, CheckReport, document_files
from drafting.check.load import NodePath, Source
from drafting.diagnostics import Diagnostic
from drafting.errors import DraftingError, Interrupted, UsageError, os_reason
from drafting.fsio import atomic_write, guard
from drafting.model import Document
from drafting.render.docx import RenderOptions, render
from drafting.render.enclose import enclosure_paths, render_notice
from drafting.render.package import package
from drafting.resources import KINDS


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
    internal: bool = False  # a failure was a bug of ours (exit 70), not the input's


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(text: str) -> str:
    """Return ``text`` usable in a file name on Windows, macOS and Linux."""
    return _UNSAFE.sub("_", text).strip(" .") or "_"


def _code_points(text: str) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in text)


def _difference(a: str, b: str) -> str:
    """Return where ``a`` and ``b`` differ as code points: “U+F90A”与“U+91D1”."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return f"“{_code_points(a[start : len(a) - end])}”与“{_code_points(b[start : len(b) - end])}”"


_UNIT_LISTS = ("units", "lead")


def _unit_nodes(source: Source) -> list[tuple[tuple[int, int], NodePath, str]]:
    """Return every unit name written in ``source`` (in ``units:`` and ``lead:``), in order."""
    found: list[tuple[tuple[int, int], NodePath, str]] = []
    for node in source.marks:
        if len(node) < 2 or not isinstance(node[-1], int) or node[-2] not in _UNIT_LISTS:
            continue
        value: Any = source.data
        for step in node:  # every mark is of a node of ``data``
            value = value[step]
        if isinstance(value, str):
            found.append((source.position(node), node, value))
    return sorted(found)


def lookalike_units(source: Source) -> list[Diagnostic]:
    """Return an error at each unit written like an earlier one but with other characters.

    U+F90A 金 and U+91D1 金, é composed and decomposed, 甲A and 甲a: ``--by-unit`` would
    make file names nobody can tell apart (or, on Windows and macOS, the same file).
    Names are compared in NFKC, case-folded; each error names the differing characters.
    """
    first: dict[str, tuple[str, int]] = {}
    found: list[Diagnostic] = []
    for (line, _), node, unit in _unit_nodes(source):
        key = unicodedata.normalize("NFKC", unit).casefold()
        other, other_line = first.setdefault(key, (unit, line))
        if other != unit:
            found.append(
                source.diagnostic(
                    node,
                    "unit-lookalike",
                    f"单位“{unit}”和第 {other_line} 行的“{other}”看起来相同，写法却不同"
                    f"（{_difference(unit, other)}），按单位生成的文件名会无法区分；"
                    "请统一这个单位的写法",
                )
            )
    return found


def unit_file_name(unit: str) -> str:
    """Return the ``--by-unit`` file name part of ``unit``: :func:`safe_name`, in NFC."""
    return unicodedata.normalize("NFC", safe_name(unit))


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
                Job(source, base.with_name(f"{base.stem}-{unit_file_name(u)}.docx"), u)
                for u in units
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
    options = RenderOptions(settings.template, settings.fonts, settings.profile, job.unit)
    if doc.enclosures:  # a notice with 附件: one .docx of it all (render.enclose)
        attached = enclosure_paths(doc, job.source)
        claim = guard(job.target, force=settings.force, inputs=(job.source, *attached))
        data = package(render_notice(doc, job.source, options))
    else:
        claim = guard(job.target, force=settings.force, inputs=(job.source,))
        data = package(render(doc, options))
    with signals.held():
        atomic_write(job.target, data, claim=claim)
        done.append(job.target)


@dataclass(frozen=True)
class Outcome:
    """What one job came to: the files written, or why not, and whether that was our bug."""

    written: list[Path]
    failure: str | None = None
    internal: bool = False


def _bug(job: Job, exc: BaseException) -> Outcome:
    """Return the outcome of a job stopped by a defect of drafting's, not of its input."""
    if os.environ.get("DRAFTING_DEBUG"):
        raise exc
    return Outcome(
        [],
        f"生成 {job.target} 时发生内部错误（这是程序缺陷，请报告），未生成该文件："
        f"{type(exc).__name__}: {exc}",
        internal=True,
    )


def _worker(args: tuple[Job, Document, Settings], done: list[Path] | None = None) -> Outcome:
    """Write one job; return its outcome (the files written are also added to ``done``).

    No exception of one document leaves here, so that it neither stops the rest of a
    batch (``-j 1``) nor hides them (``-j 2``).
    """
    job, doc, settings = args
    written: list[Path] = [] if done is None else done
    start = len(written)
    try:
        with signals.working():
            _execute(job, doc, settings, written)
    except DraftingError as exc:
        return Outcome(written[start:], exc.message)
    except OSError as exc:  # disk full, permissions, a vanished folder: the user's, not ours
        return Outcome(written[start:], f"生成 {job.target} 失败：{os_reason(exc)}（原文件未改动）")
    except Exception as exc:  # a bug: this document fails, the others still render
        return _bug(job, exc)
    return Outcome(written[start:])


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

    results: dict[int, Outcome] = {}
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_away_from_the_terminal, initargs=(os.getpid(),)
    ) as pool:
        futures: dict[Future[Outcome], int] = {}
        try:
            # Workers are forked while submitting: hold Ctrl-C and SIGTERM back until each
            # has left the terminal's process group and set its own handlers (they are
            # delivered right after, to this process).
            with signals.blocked():
                for index, item in enumerate(work):
                    futures[pool.submit(_worker, item)] = index
            for future in as_completed(futures):
                index = futures[future]
                failed = future.exception()  # a worker that died (BrokenProcessPool)
                results[index] = future.result() if failed is None else _bug(work[index][0], failed)
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


def _docx_written(results: dict[int, Outcome], report: RenderReport) -> list[Path]:
    """Record ``results`` in ``report`` in job order; return the .docx files written."""
    written: list[Path] = []
    for index in sorted(results):
        written.extend(_record(results[index], report))
    report.written.extend(written)
    return written


def _record(outcome: Outcome, report: RenderReport) -> list[Path]:
    """Note ``outcome``'s failure in ``report``; return the files it wrote."""
    if outcome.failure:
        report.failures.append(outcome.failure)
    report.internal = report.internal or outcome.internal
    return outcome.written


def _write_pdfs(docx: list[Path], workers: int, report: RenderReport, progress: Progress) -> None:
    """Convert the written .docx files to PDF beside them, with ``workers`` LibreOffices."""
    from drafting.render.pdf import Conversion, convert_batch

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
    _preflight(settings)
    docs = _open_all(paths, settings, progress, report)
    if report.check.errors:
        return report
    _check_request(docs, settings)
    jobs = plan_jobs(docs, settings)
    by_source = dict(docs)
    work = [(job, by_source[job.source], settings) for job in jobs]
    workers = max(1, min(settings.jobs, len(work), os.cpu_count() or 1))
    progress.phase("生成 Word 文档", len(work))
    if workers == 1:
        docx = _in_turn(work, report, progress)
    else:
        docx = _in_pool(work, workers, report, progress)
    if settings.pdf:
        _write_pdfs(docx, max(1, min(settings.jobs, os.cpu_count() or 1)), report, progress)
    return report


def _preflight(settings: Settings) -> None:
    """Raise UsageError before any work when LibreOffice (for ``--pdf``) or the template is missing."""
    if settings.pdf:
        from drafting.soffice import soffice

        soffice()
    if settings.template is not None and not settings.template.is_file():
        raise UsageError(f"找不到模板文件：{settings.template}", code="template-missing")


def _open_all(
    paths: Sequence[str], settings: Settings, progress: Progress, report: RenderReport
) -> list[tuple[Path, Document]]:
    """Check every file under ``paths`` into ``report.check``; return the documents' models.

    The models are made only when no file has an error. With ``--by-unit``, units
    written alike but with other characters are errors too.
    """
    checker = Checker()
    found, skipped = document_files(paths)
    progress.phase("检查", len(found))
    files = []
    for path, display in found:
        progress.current(display)
        files.append(checker.check_file(path, display))
        progress.advance()
    diagnostics = tuple(d for f in files for d in f.diagnostics)
    if settings.by_unit:
        sources = [f.source for f in files if f.source and f.kind in KINDS]
        diagnostics += tuple(d for source in sources for d in lookalike_units(source))
    report.check = CheckReport(tuple(files), diagnostics, skipped)
    if report.check.errors:
        return []
    return [(Path(f.display), f.open().document) for f in files if f.kind in KINDS]


def _check_request(docs: list[tuple[Path, Document]], settings: Settings) -> None:
    """Raise UsageError when there is nothing to render or ``--template`` spans kinds."""
    if not docs:
        raise UsageError("没有可生成的文档（plan、summary、speech 或 notice）", code="nothing")
    if settings.template is not None and len({d.kind for _, d in docs}) > 1:
        raise UsageError(
            "--template 只能用于同一类文档，请分开生成不同类型的文档", code="template-kinds"
        )


def _in_turn(
    work: list[tuple[Job, Document, Settings]], report: RenderReport, progress: Progress
) -> list[Path]:
    """Write every job in this process; return the .docx files written, in order."""
    docx: list[Path] = []
    for item in work:
        progress.current(item[0].target.name)
        # _worker adds each file to report.written as soon as it is complete
        docx.extend(_record(_worker(item, report.written), report))
        progress.advance()
    return docx
