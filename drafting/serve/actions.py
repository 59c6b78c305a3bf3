"""What the API does beyond reading and saving: check, preview, page view, new, import,
downloads, rollover, summarize and diff -- each the library call the command line makes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from drafting.diagnostics import Diagnostic
from drafting.errors import DraftingError, InputError, UsageError
from drafting.serve.workspace import (
    RootChecker,
    Workspace,
    decode,
    diagnostic_json,
    digest,
    unit_names,
)

if TYPE_CHECKING:
    from drafting.model import Document

_KIND_LINE = re.compile(r"^kind[ \t]*:[ \t]*[\"']?([A-Za-z]+)[\"']?[ \t]*(?:#.*)?$", re.M)
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "units": "application/zip",
    "tasks-csv": "text/csv; charset=utf-8",
    "tasks-xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NEW_KINDS = ("plan", "summary", "speech", "notice")


def kind_of(text: str) -> str | None:
    """Return the ``kind:`` the text names at its first level, or None."""
    match = _KIND_LINE.search(text)
    return match.group(1) if match else None


def check_text(ws: Workspace, given: object, text: str) -> tuple[Diagnostic, ...]:
    """Return what ``drafting check`` says of ``text`` as the file ``given``."""
    path = ws.resolve(given, must_exist=False)
    return ws.localise(RootChecker().check_text(text, path, str(path)).diagnostics)


def _document(ws: Workspace, path: Path, text: str) -> Document:
    """Return the model of ``text`` checked as the file at ``path`` (InputError if it has errors)."""
    checked = RootChecker().check_text(text, path, str(path))  # absolute: 附件 are found from it
    try:
        return checked.open().document
    except InputError as exc:
        raise InputError(ws.localise(exc.diagnostics)) from None


def docx_bytes(ws: Workspace, path: Path, text: str, unit: str | None = None) -> bytes:
    """Return the .docx ``drafting render`` makes of ``text`` as the file at ``path``."""
    from drafting.render.docx import RenderOptions, render
    from drafting.render.enclose import render_notice
    from drafting.render.package import package

    doc = _document(ws, path, text)
    options = RenderOptions(unit=unit)
    if doc.enclosures:
        return package(render_notice(doc, path, options))
    return package(render(doc, options))


def preview(ws: Workspace, given: object, text: str, unit: str | None = None) -> dict[str, Any]:
    """Return the preview of ``text`` (``html`` and ``diagnostics``) as the file ``given``;
    with ``unit``, of that unit's task list (``drafting render --by-unit``). A ``unit`` the
    document does not name is ``bad-request``."""
    path = ws.resolve(given, must_exist=False)
    try:
        from drafting.preview import build_preview  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise DraftingError(
            "此版本没有页面预览模块（drafting.preview）", code="no-preview"
        ) from None
    made = build_preview(text, path, unit=unit)
    if unit is not None and made.html is not None and unit not in _units_of(ws, path, text):
        raise UsageError(f"本文档没有责任单位“{unit}”，无法预览它的任务清单", code="bad-request")
    shown = ws.localise(made.diagnostics)
    return {"html": made.html, "diagnostics": [diagnostic_json(d) for d in shown]}


class Pages:
    """The exact page view: one warm LibreOffice for the app (``drafting.preview.pageview``),
    started on first use and stopped by :meth:`close`."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.view: Any = None
        self.folder: Path | None = None
        self.lock = threading.Lock()

    def _view(self) -> Any:
        if self.view is None:
            try:
                from drafting.preview.pageview import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
                    PageView,
                )
            except ImportError:
                raise DraftingError(
                    "此版本没有精确页面视图模块（drafting.preview.pageview）", code="no-preview"
                ) from None
            self.folder = Path(tempfile.mkdtemp(prefix="drafting-pageview-"))
            self.view = PageView(self.folder)
        if not self.view.available():
            raise DraftingError(
                "精确页面视图需要 LibreOffice（及其 Python UNO 组件），本机未安装",
                code="no-libreoffice",
            )
        return self.view

    def render(self, given: object, text: str) -> list[str]:
        """Return the pages of ``text`` rendered as the file ``given``, as PNG data URLs."""
        import base64

        path = self.ws.resolve(given, must_exist=False)
        data = docx_bytes(self.ws, path, text)
        with self.lock:
            pages = self._view().pages(data)
        return ["data:image/png;base64," + base64.b64encode(p).decode("ascii") for p in pages]

    def close(self) -> None:
        """Stop the page view's LibreOffice (if started) and remove its folder."""
        with self.lock:
            if self.view is not None:
                with contextlib.suppress(Exception):
                    self.view.close()
                self.view = None
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
                self.folder = None


# downloads
def disposition(name: str) -> str:
    """Return ``Content-Disposition: attachment`` for ``name`` (RFC 6266 / 5987, UTF-8)."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(ws: Workspace, given: object, fmt: object) -> tuple[str, bytes, str]:
    """Return (file name, bytes, media type) of the document ``given`` in ``fmt``."""
    if fmt not in FORMATS:
        raise UsageError(f"format 应为 {'、'.join(FORMATS)} 之一", code="bad-request")
    path, raw = ws.read(given)
    text = decode(raw, str(given))
    stem = path.stem
    if fmt == "docx":
        return f"{stem}.docx", docx_bytes(ws, path, text), FORMATS[fmt]
    if fmt == "pdf":
        return f"{stem}.pdf", _pdf(docx_bytes(ws, path, text), stem), FORMATS[fmt]
    if fmt == "units":
        return f"{stem}-各单位.zip", _units_zip(ws, path, text), FORMATS[fmt]
    from drafting.cycle.ledger import Ledger, as_csv, as_xlsx, rows

    doc = _document(ws, path, text)
    if doc.kind != "plan":
        raise UsageError("只有工作要点（kind: plan）有任务清单", code="not-a-plan")
    ledger = Ledger(path, "".join(doc.title), tuple(rows(doc)))
    if fmt == "tasks-csv":
        return f"{stem}-任务.csv", as_csv(list(ledger.rows)), FORMATS[fmt]
    return f"{stem}-任务.xlsx", as_xlsx(list(ledger.rows), ledger.title), FORMATS[fmt]


def _pdf(docx: bytes, stem: str) -> bytes:
    """Return the PDF LibreOffice makes of ``docx`` (the path ``drafting render --pdf`` takes)."""
    from drafting.render.pdf import Conversion, convert_batch
    from drafting.soffice import soffice

    try:
        soffice()
    except DraftingError as exc:
        raise DraftingError(exc.message, code="no-libreoffice") from exc
    with tempfile.TemporaryDirectory(prefix="drafting-pdf-") as folder:
        source = Path(folder) / "document.docx"
        target = Path(folder) / "document.pdf"
        source.write_bytes(docx)
        failures = convert_batch([Conversion(source, target)])
        if failures or not target.is_file():
            raise DraftingError(
                "；".join(failures) or f"LibreOffice 未能生成 {stem}.pdf", code="pdf-failed"
            )
        return target.read_bytes()


def _units_of(ws: Workspace, path: Path, text: str) -> set[str]:
    """Return every unit the document ``text`` names on a task (lead or unit)."""
    doc = _document(ws, path, text)
    return {u for t in doc.all_tasks() for u in t.roles().everyone}


def _units_zip(ws: Workspace, path: Path, text: str) -> bytes:
    """Return a zip of the per-unit task lists (``drafting render --by-unit``)."""
    from drafting.render.batch import unit_file_name

    units = sorted(_units_of(ws, path, text))
    if not units:
        raise UsageError(f"{path.name} 中没有任何责任单位，无法按单位生成清单", code="no-units")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for unit in units:
            name = f"{path.stem}-{unit_file_name(unit)}.docx"
            archive.writestr(name, docx_bytes(ws, path, text, unit))
    return out.getvalue()


# the yearly cycle
def _source(ws: Workspace, given: object) -> tuple[Path, Any]:
    """Return the path and the checked source of the document ``given`` (InputError if bad)."""
    path, raw = ws.read(given)
    checked = RootChecker().check_text(decode(raw, str(given)), path, str(path))
    if not checked.ok or checked.source is None:
        raise InputError(ws.localise(checked.diagnostics))
    return path, checked


def _free(ws: Workspace, path: Path) -> str:
    """Return ``path`` relative to the root, numbered (``-2``, ``-3`` …) until nothing is there."""
    candidate, number = path, 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return ws.relative(candidate)


def rollover(ws: Workspace, given: object, year: object) -> dict[str, Any]:
    """Return the next year's plan text and a suggested path (nothing is written)."""
    from drafting.cycle.rollover import default_target
    from drafting.cycle.rollover import rollover as roll

    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise UsageError("year 应是整数年份", code="bad-request")
    path, checked = _source(ws, given)
    rolled = roll(checked.source, year)
    target = default_target(path, rolled.old_year, rolled.new_year)
    return {"text": rolled.text, "path": _free(ws, target)}


def summarize(ws: Workspace, given: object) -> dict[str, Any]:
    """Return the summary skeleton of the plan ``given`` and a suggested path (not written)."""
    from drafting.cycle.summarize import skeleton
    from drafting.scaffold.vscode import schema_reference

    path, checked = _source(ws, given)
    if checked.kind != "plan":
        raise UsageError(f"{given} 不是工作要点（kind: plan）", code="not-a-plan")
    stem = path.stem.replace("plan", "summary") if "plan" in path.stem else f"{path.stem}-总结"
    target = path.with_name(stem + path.suffix)
    plan_ref = Path(os.path.relpath(path, target.parent)).as_posix()
    text = skeleton(checked.data, plan_ref, schema=schema_reference("summary", target) or "")
    return {"text": text, "path": _free(ws, target)}


def diff(ws: Workspace, a: object, b: object) -> dict[str, Any]:
    """Return ``drafting diff``'s text of the documents ``a`` and ``b`` and its changes."""
    from drafting.cycle.diff import as_text
    from drafting.cycle.diff import diff as compare

    docs = []
    for given in (a, b):
        path, raw = ws.read(given)
        docs.append(_document(ws, path, decode(raw, str(given))))
    changes = compare(docs[0], docs[1])
    return {
        "text": as_text(changes),
        "changes": [{"kind": c.kind, "where": c.task, "old": c.old, "new": c.new} for c in changes],
    }


# new documents
def _registry(ws: Workspace) -> tuple[str | None, tuple[str, ...]]:
    """Return the organisation and unit names of the root's units.yaml (if any, and valid)."""
    path = ws.root / "units.yaml"
    if not path.is_file():
        return None, ()
    checked = RootChecker().check_file(path, str(path))
    if not checked.ok or not isinstance(checked.data, dict):
        return None, ()
    org = checked.data.get("org")
    names = unit_names(str(path), checked.data)
    return (org if isinstance(org, str) and org else None), tuple(names)


def starter(kind: str, year: int, org: str | None, units: tuple[str, ...], target: Path) -> str:
    """Return the starter text of a new ``kind`` document for ``year`` at ``target``.

    A plan is the one ``drafting new`` writes; the other kinds are the smallest document
    that passes the check, written by :mod:`drafting.emit`.
    """
    from drafting.emit import document
    from drafting.scaffold import repository as scaffold
    from drafting.scaffold.vscode import modeline

    line = modeline(kind, target)
    if kind == "plan":
        answers = scaffold.Answers(
            org=org or scaffold.DEFAULT_ORG,
            year=year,
            units=units or scaffold.DEFAULT_UNITS,
        )
        values = scaffold.context(answers)
        source = (
            scaffold._template_dir() / "{{cookiecutter._dir}}" / "plan-{{cookiecutter._year}}.yaml"
        ).read_text(encoding="utf-8")
        text = re.sub(r"\{\{ cookiecutter\.(\w+) \}\}", lambda m: values[m.group(1)], source)
        _first, rest = text.split("\n", 1)
        text = rest.replace("drafting new 生成", "drafting serve 新建")
        return f"{line}\n{text}" if line else text
    unit = units[0] if units else scaffold.DEFAULT_UNITS[0]
    name = org or scaffold.DEFAULT_ORG
    data: dict[str, Any]
    if kind == "summary":
        data = {
            "kind": "summary",
            "title": f"{year}年工作总结",
            "org": name,
            "year": year,
            "signature": False,
            "sections": [
                {
                    "title": f"{year}年主要工作",
                    "tasks": [
                        {
                            "title": "（在这里写一项工作。）",
                            "result": "（写完成情况。）",
                            "units": [unit],
                        }
                    ],
                }
            ],
        }
    elif kind == "speech":
        data = {
            "kind": "speech",
            "title": f"在{year}年工作会议上的讲话",
            "year": year,
            "speaker": "×××",
            "salutation": "同志们：",
            "sections": [
                {
                    "title": "关于今年的工作",
                    "groups": [{"title": "抓好重点工作。", "text": "（在这里写讲话内容。）"}],
                }
            ],
            "closing": ["谢谢大家！"],
        }
    else:
        data = {
            "kind": "notice",
            "title": f"{name}关于……的通知",
            "org": name,
            "date": f"{year}-01-01",
            "addressee": "各股室：",
            "preamble": ["（在这里写通知正文。）"],
        }
    comment = f"{year}年{_KIND_NAMES[kind]}（初稿，由 drafting serve 新建）。"
    return (
        document(data, comments=(comment,), schema="")
        if not line
        else f"{line}\n" + document(data, comments=(comment,))
    )


_KIND_NAMES = {"plan": "工作要点", "summary": "工作总结", "speech": "讲话稿", "notice": "公文"}


def new_document(ws: Workspace, kind: object, given: object, year: object) -> dict[str, Any]:
    """Write a new ``kind`` document (at ``given``, or ``KIND-YEAR.yaml``); never over a file."""
    import datetime

    if kind not in NEW_KINDS:
        raise UsageError(f"kind 应为 {'、'.join(NEW_KINDS)} 之一", code="bad-request")
    assert isinstance(kind, str)
    if year is None:
        year = datetime.date.today().year
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2199:
        raise UsageError("year 应是 1900—2199 之间的年份", code="bad-request")
    if given is None or given == "":
        given = f"{kind}-{year}.yaml"
    path = ws.resolve(given, must_exist=False)
    if not path.name.lower().endswith((".yaml", ".yml")):
        raise UsageError("新文档的文件名应以 .yaml 结尾", code="bad-path")
    org, units = _registry(ws)
    text = starter(kind, year, org, units, path)
    data = text.encode("utf-8")
    ws.create(given, data)
    return {"path": ws.relative(path), "hash": digest(data)}


def _rename(exc: DraftingError, temporary: str, name: str, folder: str) -> None:
    """Make ``exc`` name the upload ``name`` where it names its ``temporary`` copy."""
    if isinstance(exc, InputError):
        exc.diagnostics = tuple(
            dataclasses.replace(d, path=name) if d.path == temporary else d for d in exc.diagnostics
        )
    exc.message = exc.message.replace(temporary, name).replace(folder, "…")
    exc.args = (exc.message,)


def import_upload(ws: Workspace, name: str, data: bytes, given: str | None) -> dict[str, Any]:
    """Import an uploaded document as ``drafting import`` does; never over an existing file.

    The upload is kept only in a temporary folder; the YAML goes to ``given`` or beside
    the root with the upload's name.
    """
    from drafting.ingest.importer import SUFFIXES, import_file, report_lines

    base = Path(name.replace("\\", "/")).name or "导入"
    if not base.lower().endswith(SUFFIXES):
        raise UsageError(
            "只能导入 .docx、.doc、.wps、.rtf、.odt、.pdf、.txt 和 .md 文件", code="import-type"
        )
    stem = Path(base).stem
    target_given = given or _free(ws, ws.root / f"{stem}.yaml")
    target = ws.resolve(target_given, must_exist=False)
    if not target.name.lower().endswith((".yaml", ".yml")):
        raise UsageError("导入结果的文件名应以 .yaml 结尾", code="bad-path")
    with tempfile.TemporaryDirectory(prefix="drafting-import-") as folder:
        upload = Path(folder) / base
        upload.write_bytes(data)
        try:
            imported = import_file(upload, target, write=False)
        except DraftingError as exc:  # named as the user knows it, not by the temporary path
            _rename(exc, str(upload), base, folder)
            raise
        text = imported.text
        report = report_lines(upload, imported)
    written = text.encode("utf-8")
    ws.create(target_given, written)
    return {
        "path": ws.relative(target),
        "hash": digest(written),
        "report": [line.replace(str(upload), base) for line in report],
        "diagnostics": [diagnostic_json(d) for d in ws.localise(imported.diagnostics)],
    }
