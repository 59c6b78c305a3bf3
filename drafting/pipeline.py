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
from typing import Any

from drafting.check import Checker, CheckReport, document_files
from drafting.diagnostics import Diagnostic, Severity
from drafting.errors import DraftingError, UsageError
from drafting.load import NodePath, Source
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


def _execute(job: Job, doc: Document, settings: Settings) -> list[Path]:
    """Render, package and write one job (and its PDF); return the files written."""
    guard(job.target, force=settings.force)
    pdf_target = job.target.with_suffix(".pdf")
    data = package(
        render(doc, RenderOptions(settings.template, settings.fonts, settings.profile, job.unit))
    )
    atomic_write(job.target, data, backup=settings.force and job.target.exists())
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
        return [], f"生成 {job.target} 失败：{exc.strerror or exc}（原文件未改动）"


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
    if settings.by_unit:
        documents = [
            f.source for f in files if f.source and f.kind in ("plan", "summary", "speech")
        ]
        diagnostics += tuple(d for source in documents for d in lookalike_units(source))
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
