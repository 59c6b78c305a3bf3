"""``import``: an existing Word or text document to a checked YAML file.

extract (lines of the .docx/.txt/.md) → recognise (structure and report) → emit (YAML
text) → check (the same checks as ``drafting check``) → atomic write, never over an
existing file without ``force``. Nothing is written when the result has errors.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from drafting.defaults import DEFAULT_NUMBERING
from drafting.diagnostics import Diagnostic, Severity, one_line
from drafting.errors import InputError, UsageError
from drafting.ingest.patterns import lazy
from drafting.ingest.recognise import Recognised, recognise

SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".doc", ".wps", ".rtf", ".odt", ".pdf")
"""The files ``drafting import`` reads (.doc/.wps/.rtf/.odt through LibreOffice)."""

KIND_NAMES = {"plan": "工作要点", "summary": "工作总结", "speech": "讲话稿", "notice": "公文"}


def emit(recognised: Recognised, source: Path) -> str:
    """Return the YAML text of a recognised document, headed by where it came from."""
    from drafting.emit import document

    name = one_line(source.name)  # a line break in the name would end the comment
    header = f"由 drafting import 从 {name} 导入；请核对后再用 drafting check 检查。"
    return document(recognised.data, comments=(header,))


@dataclass(frozen=True)
class Imported:
    """What ``import`` produced: the file written (None for a dry run) and the report."""

    target: Path | None
    recognised: Recognised
    text: str
    diagnostics: tuple[Diagnostic, ...]
    backup: Path | None = None  # where --force kept the file it replaced


def import_file(
    path: Path,
    output: Path | None = None,
    *,
    kind: str | None = None,
    part: int | None = None,
    force: bool = False,
    write: bool = True,
) -> Imported:
    """Import the document at ``path``; return what was written and the report.

    Raises :class:`UsageError` for an unsupported file, a missing ``part``
    (:class:`~drafting.errors.PartError`) or an existing target without ``force``; :class:`InputError` when the file cannot be read or the
    result does not pass ``drafting check``.
    """
    from drafting.check import Checker
    from drafting.fsio import atomic_write, guard
    from drafting.ingest.extract import extract
    from drafting.scaffold.vscode import modeline

    if path.suffix.lower() not in SUFFIXES:
        raise UsageError(
            f"{path}：只能导入 .docx、.doc、.wps、.rtf、.odt、.pdf、.txt 和 .md 文件",
            code="import-type",
        )
    target = output if output is not None else path.with_suffix(".yaml")
    if target.is_dir():
        target = target / (path.stem + ".yaml")
    claim = guard(target, force=force, inputs=(path,), ours=None) if write else None
    extracted = extract(path)
    recognised = recognise(extracted, kind=kind, part=part)
    checker = Checker()
    while True:
        text = emit(recognised, path)
        line = modeline(recognised.kind, target)
        if line:
            text = f"{line}\n{text}"
        checked = checker.check_text(text, target, str(target))
        if checked.ok:
            break
        recognised = _left_out(recognised, path, text, checked.diagnostics)
    kept = atomic_write(target, text.encode("utf-8"), claim=claim) if write else None
    return Imported(target if write else None, recognised, text, tuple(checked.diagnostics), kept)


REQUIRED = frozenset({"kind", "title", "year", "sections", "speaker"})
"""Top-level keys import cannot leave out: an error in them must be fixed in the source."""
_TOP_KEY = lazy(r"^([a-z_]+):")


def _top_keys(text: str, diagnostics: tuple[Diagnostic, ...]) -> dict[str, str]:
    """Return the top-level keys of ``text`` (YAML) holding an error, each with its first."""
    starts = [
        (number, match.group(1))
        for number, row in enumerate(text.splitlines(), start=1)
        if (match := _TOP_KEY.match(row))
    ]
    keys: dict[str, str] = {}
    for diagnostic in diagnostics:
        owner = [key for number, key in starts if number <= diagnostic.line]
        if diagnostic.severity is Severity.ERROR and owner:
            keys.setdefault(owner[-1], diagnostic.message)
    return keys


def _left_out(
    recognised: Recognised, path: Path, text: str, diagnostics: tuple[Diagnostic, ...]
) -> Recognised:
    """Return ``recognised`` without the optional fields the check finds invalid.

    Each field left out is reported at its source line (``import-left-out``). Raises
    :class:`InputError` when an error lies in a field a document cannot do without (or
    in none): the check's diagnostics, then for each field the source line to fix
    (``import-fix-source``).
    """
    from drafting.ingest.notes import CODES, FIX_SOURCE, LEFT_OUT

    keys = _top_keys(text, diagnostics)
    if not keys or any(key in REQUIRED or key not in recognised.data for key in keys):
        where = [
            Diagnostic(
                str(path),
                line,
                1,
                CODES[FIX_SOURCE],
                FIX_SOURCE,
                f"导入结果的“{key}”无效，请修改源文件第 {line} 行后重新导入",
            )
            for key in keys
            if (line := recognised.origins.get(key))
        ]
        raise InputError((*diagnostics, *where))
    data = {k: v for k, v in recognised.data.items() if k not in keys}
    # a note saying the field was written ("……写作 doc_number：…") would now be untrue
    claims = tuple(f"写作 {key}" for key in keys)
    kept = tuple(n for n in recognised.notes if not any(c in n.message for c in claims))
    notes = tuple(
        Diagnostic(
            str(path),
            recognised.origins.get(key, 1),
            1,
            CODES[LEFT_OUT],
            LEFT_OUT,
            f"“{key}”（{_shown(recognised.data[key])}）无法写成有效的值，已不导入"
            f"（{one_line(reason)}）",
        )
        for key, reason in keys.items()
    )
    return dataclasses.replace(recognised, data=data, notes=(*kept, *notes))


def _shown(value: object) -> str:
    """Return a field's value as the report shows it: a list joined, cut to 30 characters."""
    from drafting.ingest.notes import clip

    text = "".join(map(str, value)) if isinstance(value, list) else str(value)
    return clip(text)


def recognised_line(path: Path, imported: Imported) -> str:
    """Return the first line of the report: what the document was recognised as."""
    rec = imported.recognised
    numbering = rec.data.get("numbering") or DEFAULT_NUMBERING[rec.kind]
    return (
        f"{path}：识别为{KIND_NAMES[rec.kind]}，{rec.count('sections')} 个部分、"
        f"{rec.count('groups')} 个分组、{rec.count('tasks')} 项任务、{rec.count('items')} 个条目、"
        f"{rec.count('units')} 个责任单位；"
        + ("连续编号" if numbering == "continuous" else "各部分分别编号")
    )


def report_lines(path: Path, imported: Imported) -> list[str]:
    """Return the Chinese report: what was recognised, and every line dropped or doubtful.

    After the first line (:func:`recognised_line`) come the import's diagnostics as
    ``file:line:col: 说明: message [code]`` lines, and a line counting the warnings that
    ``drafting check`` gives the written file.
    """
    lines = [recognised_line(path, imported)]
    lines += [d.format() for d in imported.recognised.notes]
    warnings = [d for d in imported.diagnostics if d.severity is Severity.WARNING]
    if warnings:
        codes = sorted({d.code for d in warnings})
        lines.append(
            f"{imported.target or path}：另有 {len(warnings)} 条检查警告（{'、'.join(codes)}），"
            "请运行 drafting check 查看"
        )
    return lines


def report_diagnostics(imported: Imported) -> tuple[Diagnostic, ...]:
    """Return what ``import --format json|github|gitlab`` reports.

    The import's diagnostics (at the source's lines), then those ``drafting check``
    gives the written file (at its lines).
    """
    return (*imported.recognised.notes, *imported.diagnostics)
