"""``lint``: check any .docx against GB/T 9704-2012, paragraph by paragraph.

The library entry point behind ``drafting lint``. Each finding is a
:class:`~drafting.diagnostics.Diagnostic` whose line is the paragraph number (1-based,
every ``w:p`` of the body in order, table cells included; 0 for the page footers and
settings) and whose message quotes the paragraph. The input is never modified.

The parts: :mod:`~drafting.lint.read` (the document as lint sees it),
:mod:`~drafting.lint.page`, :mod:`~drafting.lint.text`, :mod:`~drafting.lint.footer`,
:mod:`~drafting.lint.notice` (版头, 附件说明, 署名, 附注) and :mod:`~drafting.lint.imprint`
(版记) — the rules, with :mod:`~drafting.lint.props` (colours, borders, widths), :mod:`~drafting.lint.registry` (every rule code). The values the rules
check come from :mod:`drafting.gbt9704`, outline numbers from :mod:`drafting.outline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from drafting.diagnostics import Diagnostic, Severity, Tally
from drafting.errors import PackageError
from drafting.fsio import discover
from drafting.lint.footer import footer_rules
from drafting.lint.imprint import imprint_rules
from drafting.lint.notice import close_rules, find_head, head_rules
from drafting.lint.page import page_rules
from drafting.lint.read import Doc, Para, read
from drafting.lint.registry import RULES, Finding
from drafting.lint.text import text_rules
from drafting.ooxml.package import open_package

__all__ = ["RULES", "Doc", "Finding", "LintReport", "lint_doc", "lint_file", "lint_paths", "read"]


@dataclass(frozen=True)
class LintReport(Tally):
    """The outcome of linting several files."""

    files: int
    diagnostics: tuple[Diagnostic, ...]


def lint_doc(doc: Doc, profile: str | None = None) -> list[Finding]:
    """Return the findings of every rule on ``doc``, in paragraph order.

    ``profile`` names the one page profile to accept; ``None`` accepts either.
    """
    head = find_head(doc)
    imprint, imprint_findings = imprint_rules(doc)
    skip = {para for _, p in head.items for para in (p.number,)} | imprint
    findings = [
        *page_rules(doc, profile),
        *footer_rules(doc),
        *head_rules(doc, head),
        *text_rules(doc, skip),
        *close_rules(doc, skip),
        *imprint_findings,
    ]
    return sorted(findings, key=lambda f: f.para)


def _where(finding: Finding, paras: dict[int, Para]) -> str:
    """Return the start of a finding's message: the paragraph it quotes, or 页脚."""
    if finding.para == 0:
        return "页脚：" if finding.code.startswith("page-number") else ""
    para = paras.get(finding.para)
    return f"第 {finding.para} 段“{para.quote}”：" if para is not None else ""


def lint_file(
    path: Path, display: str | None = None, profile: str | None = None
) -> list[Diagnostic]:
    """Lint one .docx and return its diagnostics (an unreadable file gives one error)."""
    shown = display or str(path)
    try:
        with open_package(path) as package:
            doc = read(package)
    except PackageError as exc:  # positioned at the file's start, as import reports it
        message = exc.message.removeprefix(f"{path}：")
        return [Diagnostic(shown, 1, 1, Severity.ERROR, exc.code, message)]
    paras = {p.number: p for p in doc.paras}
    return [
        Diagnostic(
            shown,
            finding.para,
            1 if finding.para else 0,
            RULES[finding.code][0],
            finding.code,
            _where(finding, paras) + finding.message,
        )
        for finding in lint_doc(doc, profile)
    ]


def lint_paths(
    paths: Sequence[str], *, profile: str | None = None, strict: bool = False
) -> LintReport:
    """Lint every .docx under ``paths`` (Word lock files skipped); return the report."""
    found = [(p, d) for p, d in discover(paths, suffixes=(".docx",)) if not p.name.startswith("~$")]
    diagnostics: list[Diagnostic] = []
    for path, display in found:
        diagnostics.extend(lint_file(path, display, profile))
    if strict:
        diagnostics = [d.promoted() for d in diagnostics]
    return LintReport(len(found), tuple(diagnostics))
