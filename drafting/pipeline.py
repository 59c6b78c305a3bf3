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

from drafting.check import Checker, CheckReport, document_files
from drafting.diagnostics import Severity
from drafting.errors import DraftingError, UsageError, os_reason
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


def _execute(job: Job, doc: Document, settings: Settings) -> list[Path]:
    """Render, package and write one job (and its PDF); return the files written."""
    claim = guard(job.target, force=settings.force, inputs=(job.source,))
    pdf_target = job.target.with_suffix(".pdf")
    data = package(
        render(doc, RenderOptions(settings.template, settings.fonts, settings.profile, job.unit))
    )
    atomic_write(job.target, data, claim=claim)
    written = [job.target]
    if settings.pdf:
        from drafting.pdf import convert

        convert(job.target, pdf_target)
        written.append(pdf_target)
    return written


def _worker(args: tuple[Job, Document, Settings]) -> tuple[list[Path], str | None]:
    job, doc, settings = args
    try:
        return _execute(job, doc, settings), None
    except DraftingError as exc:
        return [], exc.message
    except OSError as exc:  # disk full, permissions, a vanished folder: the user's, not ours
        return [], f"生成 {job.target} 失败：{os_reason(exc)}（原文件未改动）"


def render_paths(paths: Sequence[str], settings: Settings) -> RenderReport:
    """Check ``paths`` and, when there is no error, write every document.

    Raises :class:`~drafting.errors.UsageError` for impossible requests; rendering
    and writing problems are collected in ``failures`` (other files still render).
    """
    if settings.pdf:
        from drafting.pdf import soffice

        soffice()
    if settings.template is not None and not settings.template.is_file():
        raise UsageError(f"找不到模板文件：{settings.template}", code="template-missing")
    checker = Checker()
    found, skipped = document_files(paths)
    files = tuple(checker.check_file(path, display) for path, display in found)
    diagnostics = tuple(d for f in files for d in f.diagnostics)
    report = RenderReport(CheckReport(files, diagnostics, skipped))
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
    if workers == 1:
        results = [_worker(item) for item in work]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_worker, work, chunksize=max(1, len(work) // (workers * 4))))
    for written, failure in results:
        report.written.extend(written)
        if failure:
            report.failures.append(failure)
    return report
