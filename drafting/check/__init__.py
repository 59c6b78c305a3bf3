"""``check``: load, type, validate and apply the rules to YAML documents.

This is the library entry point behind ``drafting check`` and the first step of every
other command that reads a document.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafting.check.load import MAX_BYTES, Source, load, loads
from drafting.check.registry import REGISTRY_NAME, UnitRegistry, find_registry_file
from drafting.check.rules import Context, apply
from drafting.check.schema import property_names, typed
from drafting.check.validate import describe, validate
from drafting.diagnostics import Diagnostic, Severity, Tally
from drafting.errors import InputError, UnreadableFile, WrongKind
from drafting.fsio import discover, read_regular
from drafting.resources import KINDS

if TYPE_CHECKING:  # the model is built only by Checked.open: ``check`` needs none
    from drafting.model import Document

DOCUMENT_KINDS = (*KINDS, "units")
_KIND_NAMES = {"plan": "工作要点", "summary": "工作总结", "speech": "讲话稿", "notice": "公文"}

# `kind: plan`, quoted or not, or in brackets (`kind: [plan]`: an error check must report)
_KIND_LINE = re.compile(
    rb"^kind[ \t]*:[ \t]*\[?[ \t]*([\"']?)([A-Za-z][\w-]*)\1[ \t]*\]?[ \t]*(?:#.*)?\r?$",
    re.M,
)
_MODELINE = re.compile(
    rb"^#[ \t]*yaml-language-server[ \t]*:[ \t]*\$schema=(?:\S*[/\\])?"
    rb"(?:plan|summary|speech|notice|units)\.schema\.json[ \t]*\r?$",
    re.M,
)


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

    def open(self, kinds: Sequence[str] = KINDS) -> Opened:
        """Return the checked document with its model.

        Raises :class:`~drafting.errors.InputError` when the check found an error and
        :class:`~drafting.errors.WrongKind` when the kind is not one of ``kinds``.
        """
        if not self.ok:
            raise InputError(self.diagnostics)
        if self.kind not in kinds or self.kind not in KINDS:
            raise _wrong_kind(self.display, self.kind or "", kinds, self.diagnostics)
        from drafting.model import from_data

        document = from_data(self.kind, self.data)
        if document.enclosures:
            document = _titled(document, Path(self.display).parent)
        return Opened(self, document)


def _titled(document: Document, folder: Path) -> Document:
    """Return ``document`` with a title for each 附件 that has none: the title of the
    attached YAML document (with the table's name for a ``part``, as the table's own
    title reads), or the file name of a .docx (without its extension)."""
    import dataclasses

    from drafting.check.rules import PART_NAMES

    enclosures = []
    for entry in document.enclosures:
        title = entry.title
        if title is None and entry.path.lower().endswith((".yaml", ".yml")):
            try:
                value = load(folder / entry.path).data.get("title")
            except (InputError, AttributeError):
                value = None
            if isinstance(value, list):
                value = "".join(v for v in value if isinstance(v, str))
            title = value if isinstance(value, str) and value else None
            if title and entry.part in PART_NAMES:
                title += PART_NAMES[entry.part]
        enclosures.append(dataclasses.replace(entry, title=title or Path(entry.path).stem))
    return dataclasses.replace(document, enclosures=tuple(enclosures))


@dataclass(frozen=True)
class CheckReport(Tally):
    """The outcome of checking several files."""

    files: tuple[Checked, ...]
    diagnostics: tuple[Diagnostic, ...]
    skipped: int = 0
    """YAML files found in folders (or, for hooks, named) that are not drafting documents."""


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

    def registry_display(self, file: Path) -> str:
        """Return the name diagnostics give the unit registry ``file`` (relative to the
        working folder where it lies below it)."""
        return display_name(file)

    def registry_for(self, document: Path) -> UnitRegistry | None:
        """Return the unit registry that governs ``document`` (read once per file)."""
        folder = document.parent
        if folder not in self.registry_files:
            self.registry_files[folder] = find_registry_file(document)
        file = self.registry_files[folder]
        if file is None:
            return None
        if file not in self.registries:
            checked = self.check_file(file, self.registry_display(file))
            registry = None
            if checked.ok and checked.kind == "units" and isinstance(checked.data, dict):
                registry = UnitRegistry.from_data(checked.display, checked.data)
            self.registries[file] = registry
            self.registry_diagnostics[file] = checked.diagnostics
        return self.registries[file]


@dataclass(frozen=True)
class Opened:
    """A document that passed the check, and its model."""

    checked: Checked
    document: Document

    @property
    def source(self) -> Source:
        """Return the loaded source (always present: the check passed)."""
        assert self.checked.source is not None
        return self.checked.source

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Return the check's diagnostics: warnings only."""
        return self.checked.diagnostics


def open_document(
    path: Path,
    display: str | None = None,
    *,
    kinds: Sequence[str] = KINDS,
    checker: Checker | None = None,
) -> Opened:
    """Check the document at ``path`` and return it with its model (check → model).

    This is the one way a command gets a :class:`~drafting.model.Document`: check the
    file, then :meth:`Checked.open`. Raises :class:`~drafting.errors.InputError` (with
    every diagnostic) when the check finds an error, and
    :class:`~drafting.errors.WrongKind` when the document is not of one of ``kinds``
    (the unit registry never is). ``checker`` shares unit registries between files.
    """
    return (checker or Checker()).check_file(path, display).open(kinds)


def _wrong_kind(
    display: str, kind: str, kinds: Sequence[str], diagnostics: tuple[Diagnostic, ...]
) -> WrongKind:
    """Return the error for a ``kind`` document given where one of ``kinds`` is needed."""
    names = "、".join(_KIND_NAMES[k] for k in kinds)
    codes = "、".join(kinds)
    code = f"not-a-{kinds[0]}" if len(kinds) == 1 else "not-a-document"
    message = f"{display} 不是{names}（kind: {codes}）"
    return WrongKind(message, kind=kind, diagnostics=diagnostics, code=code)


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
    if not isinstance(kind, str):  # `kind: [plan]`: name what was written, never a repr
        only = kind[0] if isinstance(kind, list) and len(kind) == 1 else None
        guess = close_kind(only, cutoff=0.5) if isinstance(only, str) else None
        hint = f"，是不是“kind: {guess}”？" if guess else ""
        message = f"kind（文档类型）应是 {options} 之一，而不是{describe(kind)}{hint}"
        return None, [source.diagnostic(("kind",), "unknown-kind", message)]
    guess = close_kind(kind, cutoff=0.5)
    hint = f"，是不是“{guess}”？" if guess else ""
    shown = kind if len(kind) <= 20 else kind[:20] + "……"
    return None, [
        source.diagnostic(
            ("kind",), "unknown-kind", f"未知的文档类型“{shown}”，应为 {options} 之一{hint}"
        )
    ]


def close_kind(value: str, *, cutoff: float) -> str | None:
    """Return the document kind ``value`` is closest to (difflib ratio >= ``cutoff``), or None."""
    import difflib  # only when a kind is not ours; keeps start-up small

    guess = difflib.get_close_matches(value, DOCUMENT_KINDS, n=1, cutoff=cutoff)
    return guess[0] if guess else None


def is_document(path: Path) -> bool:
    """Return True when the YAML file ``path`` is meant to be a drafting document.

    That is: it is the unit registry (``units.yaml``), its first level has a ``kind``
    line naming one of our kinds (or a misspelling of one: ``plna``), or it has our
    ``yaml-language-server`` schema comment. Decided on the raw bytes, before loading,
    so that another program's YAML (``docker-compose.yml`` with anchors, a
    multi-document manifest) is never judged by our rules; a document of ours that no
    longer loads (an unclosed ``[``, GBK instead of UTF-8) is still recognised. An
    unreadable file counts as a document, so that the error is reported, not hidden.
    """
    if path.name == REGISTRY_NAME:
        return True
    try:
        head = read_regular(path, MAX_BYTES, head=True)
    except (OSError, UnreadableFile):
        return True
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", "replace").encode("utf-8")
    head = head.removeprefix(codecs.BOM_UTF8)
    if _MODELINE.search(head):
        return True
    for match in _KIND_LINE.finditer(head):
        kind = match.group(2).decode("ascii")
        if kind in DOCUMENT_KINDS or close_kind(kind, cutoff=0.75):
            return True
    return False


def document_files(
    paths: Sequence[str], *, documents_only: bool = False
) -> tuple[list[tuple[Path, str]], int]:
    """Return the YAML files to check under ``paths`` (path, display name) and how many were skipped.

    Files found in folders are checked only when :func:`is_document` says they are ours;
    a file named in ``paths`` is always checked, unless ``documents_only`` (the
    pre-commit hook, which names every staged YAML file) applies the same test to it.
    """
    found: list[tuple[Path, str]] = []
    skipped = 0
    for given in paths:
        named = not Path(given).is_dir()
        for path, display in discover([given]):
            if (named and not documents_only) or is_document(path):
                found.append((path, display))
            else:
                skipped += 1
    return found, skipped


def display_name(path: Path) -> str:
    """Return ``path`` relative to the working folder when it is below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def check_paths(
    paths: Sequence[str], *, strict: bool = False, documents_only: bool = False
) -> CheckReport:
    """Check the documents under ``paths`` (see :func:`document_files`); return the report.

    With ``strict`` every warning is reported as an error.
    """
    checker = Checker()
    found, skipped = document_files(paths, documents_only=documents_only)
    files = tuple(checker.check_file(path, display) for path, display in found)
    diagnostics: list[Diagnostic] = [d for f in files for d in f.diagnostics]
    checked = {Path(f.display).resolve() for f in files}
    for registry_file, extra in checker.registry_diagnostics.items():
        if registry_file.resolve() not in checked:
            diagnostics.extend(extra)
    if strict:
        diagnostics = [d.promoted() for d in diagnostics]
    return CheckReport(files, tuple(diagnostics), skipped)
