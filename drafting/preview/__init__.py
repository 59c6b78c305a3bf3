"""Preview: a document's text checked, rendered as ``drafting render`` would, shown as pages.

:func:`build_preview` is what ``drafting serve`` calls on each edit: the check of the text
(the diagnostics ``drafting check`` prints for that file), and when there is no error the
.docx rendered with the same template, fonts and page profile as ``drafting render``
(notices with their 附件 composed in), turned into one self-contained HTML document of
A4 pages by :mod:`drafting.preview.layout`. The exact page view from LibreOffice is
:mod:`drafting.preview.pageview`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafting.check import Checker
from drafting.diagnostics import Diagnostic, Severity
from drafting.errors import DraftingError
from drafting.resources import KINDS


@dataclass(frozen=True)
class Preview:
    """What the preview of one text came to."""

    html: str | None
    """A complete HTML document (own ``<style>`` and pagination script), None on errors."""
    diagnostics: tuple[Diagnostic, ...]
    """What ``drafting check`` says of the text (same codes, lines and columns)."""
    kind: str | None
    """The document's kind (plan, summary, speech, notice, units), None when unknown."""


def render_text(
    text: str,
    path: Path,
    checker: Checker | None = None,
    *,
    packaged: bool = True,
    unit: str | None = None,
) -> tuple[tuple[Diagnostic, ...], str | None, bytes | None]:
    """Check ``text`` as the file at ``path``; return its diagnostics, kind and, when it
    has no error and is a document, the .docx ``drafting render`` writes for it (with
    ``packaged`` False, before its reproducible re-zip: the same parts, a few ms sooner;
    with ``unit``, that unit's task list, as ``drafting render --by-unit`` writes it).

    Raises :class:`~drafting.errors.DraftingError` subclasses (Chinese message) when the
    render itself fails: a broken office template, an 附件 changed since the check.
    """
    from drafting.render.docx import RenderOptions
    from drafting.render.enclose import render_notice
    from drafting.render.package import package

    checker = checker or Checker()
    checked = checker.check_text(text, path, str(path))
    diagnostics = list(checked.diagnostics)
    for registry, extra in checker.registry_diagnostics.items():  # as check_paths reports
        if registry.resolve() != path.resolve():
            diagnostics.extend(extra)
    if not checked.ok or checked.kind not in KINDS:  # render too ignores units.yaml's errors
        return tuple(diagnostics), checked.kind, None
    document = checked.open().document
    data = render_notice(document, path, RenderOptions(unit=unit))
    return tuple(diagnostics), checked.kind, package(data) if packaged else data


def build_preview(text: str, path: Path, *, unit: str | None = None) -> Preview:
    """Check ``text`` as the file at ``path`` (its units.yaml found from there), render it as
    ``drafting render`` would (same template, fonts, profile), and return it as pages;
    with ``unit``, the task list of that unit (one of the plan's units).

    ``html`` is None when the text has an error (or is not a document: a units.yaml);
    a render failure (a broken template of the office's own) becomes one error in
    ``diagnostics`` with the Chinese message, never an exception.
    """
    from drafting.preview.layout import to_html

    try:
        diagnostics, kind, data = render_text(text, path, packaged=False, unit=unit)
    except DraftingError as exc:
        problem = Diagnostic(str(path), 1, 1, Severity.ERROR, exc.code, exc.message)
        return Preview(None, (problem,), None)
    if data is None:
        return Preview(None, diagnostics, kind)
    return Preview(to_html(data, title=path.stem), diagnostics, kind)
