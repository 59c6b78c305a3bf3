"""``check``: load, type, validate and apply the rules to YAML documents.

This is the library entry point behind ``drafting check`` and the first step of every
other command that reads a document.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafting.diagnostics import Diagnostic, Severity, Tally
from drafting.errors import InputError
from drafting.files import discover
from drafting.load import Source, load, loads
from drafting.registry import REGISTRY_NAME, UnitRegistry, find_registry_file
from drafting.resources import KINDS
from drafting.rules import Context, apply
from drafting.schema import property_names, typed
from drafting.validate import validate

DOCUMENT_KINDS = (*KINDS, "units")


@dataclass(frozen=True)
class Checked:
    """One checked file: its source and typed data (when readable) and its diagnostics."""

    display: str
    kind: str | None
    source: Source | None
    data: Any
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """Return True when the file has no error (warnings allowed)."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass(frozen=True)
class CheckReport(Tally):
    """The outcome of checking several files."""

    files: tuple[Checked, ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass
class Checker:
    """Checks documents, sharing the unit registries it has read between files."""

    registries: dict[Path, UnitRegistry | None] = field(default_factory=dict)
    registry_files: dict[Path, Path | None] = field(default_factory=dict)
    registry_diagnostics: dict[Path, tuple[Diagnostic, ...]] = field(default_factory=dict)

    def check_file(self, path: Path, display: str | None = None) -> Checked:
        """Check one file and return its :class:`Checked` (never raises on bad input)."""
        name = display if display is not None else str(path)
        try:
            source = load(path, display=name, keys=property_names())
        except InputError as exc:
            return Checked(name, None, None, None, exc.diagnostics)
        return self.check_source(source, path)

    def check_text(self, text: str, path: Path, display: str | None = None) -> Checked:
        """Check YAML ``text`` as if it were the file at ``path`` (which need not exist)."""
        name = display if display is not None else str(path)
        try:
            source = loads(text, name, keys=property_names())
        except InputError as exc:
            return Checked(name, None, None, None, exc.diagnostics)
        return self.check_source(source, path)

    def check_source(self, source: Source, path: Path) -> Checked:
        """Check a loaded document; ``path`` locates its unit registry."""
        name = source.path
        kind, diagnostics = document_kind(source)
        if kind is None:
            return Checked(name, None, source, source.data, tuple(diagnostics))
        data = typed(source, kind)
        diagnostics = validate(source, data, kind)
        if not diagnostics and kind != "units":
            registry = self.registry_for(path)
            diagnostics = apply(Context(source, data, kind, registry))
        return Checked(name, kind, source, data, tuple(sorted(diagnostics)))

    def registry_for(self, document: Path) -> UnitRegistry | None:
        """Return the unit registry that governs ``document`` (read once per file)."""
        folder = document.parent
        if folder not in self.registry_files:
            self.registry_files[folder] = find_registry_file(document)
        file = self.registry_files[folder]
        if file is None:
            return None
        if file not in self.registries:
            checked = self.check_file(file, display_name(file))
            registry = None
            if checked.ok and checked.kind == "units" and isinstance(checked.data, dict):
                registry = UnitRegistry.from_data(checked.display, checked.data)
            self.registries[file] = registry
            self.registry_diagnostics[file] = checked.diagnostics
        return self.registries[file]


def document_kind(source: Source) -> tuple[str | None, list[Diagnostic]]:
    """Return the document's kind, or None with a diagnostic saying what is wrong."""
    kind = source.data.get("kind")
    if kind in DOCUMENT_KINDS:
        return kind, []
    options = "、".join(KINDS)
    if "kind" not in source.data:
        if Path(source.path).name == REGISTRY_NAME:
            return "units", []
        return None, [
            source.diagnostic(
                (), "missing-kind", f"缺少 kind（文档类型），应为 {options} 之一", key=True
            )
        ]
    import difflib  # only on the error path; keeps start-up small

    guess = difflib.get_close_matches(str(kind), DOCUMENT_KINDS, n=1, cutoff=0.5)
    hint = f"，是不是“{guess[0]}”？" if guess else ""
    return None, [
        source.diagnostic(
            ("kind",), "unknown-kind", f"未知的文档类型“{kind}”，应为 {options} 之一{hint}"
        )
    ]


def display_name(path: Path) -> str:
    """Return ``path`` relative to the working folder when it is below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def check_paths(paths: Sequence[str], *, strict: bool = False) -> CheckReport:
    """Check every YAML file under ``paths`` and return the :class:`CheckReport`.

    With ``strict`` every warning is reported as an error.
    """
    checker = Checker()
    files = tuple(checker.check_file(path, display) for path, display in discover(paths))
    diagnostics: list[Diagnostic] = [d for f in files for d in f.diagnostics]
    checked = {Path(f.display).resolve() for f in files}
    for registry_file, extra in checker.registry_diagnostics.items():
        if registry_file.resolve() not in checked:
            diagnostics.extend(extra)
    if strict:
        diagnostics = [d.promoted() for d in diagnostics]
    return CheckReport(files, tuple(diagnostics))
