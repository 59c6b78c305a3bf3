"""Render: a checked document to .docx bytes through docxtpl, then the lxml passes.

docxtpl always runs in a sandboxed Jinja environment with autoescaping and
StrictUndefined, so text with ``& < > " '`` or ``{{ }}`` comes out exactly as typed and
a custom template that uses an unknown variable is an error, not an empty string.
A template that runs longer than :func:`time_limit` seconds (a runaway loop in an
office's own template) is stopped with a clear error and nothing is written.
"""

from __future__ import annotations

import _thread
import datetime as dt
import hashlib
import io
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import docxtpl  # type: ignore[import-untyped]
from docxtpl import DocxTemplate
from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from drafting.cache import BytecodeCache, cache_folder, remember
from drafting.context import Options, build
from drafting.errors import DraftingError
from drafting.model import Document
from drafting.postprocess import apply_profiles
from drafting.resources import data_dir


class TemplateProblem(DraftingError):
    """A template cannot be used: missing, not a .docx, or broken Jinja."""


@dataclass(frozen=True)
class RenderOptions:
    """Choices that affect the rendered bytes."""

    template: Path | None = None
    fonts: str | None = None  # gb2312 | windows | open
    profile: str | None = None  # standard | strict
    unit: str | None = None


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl without its post-render brace unescaping, which would alter user text.

    Its XML clean-up (``patch_xml``, a pure function of the part) is remembered in the
    cache folder, and document properties are rendered only when they hold Jinja tags,
    as plain text: docxtpl renders them with the XML environment, so a value put into
    a property came out XML-escaped (“A & B” as “A &amp; B”).
    """

    def patch_xml(self, src_xml: str) -> str:
        return remember("xml", src_xml, super().patch_xml, salt=docxtpl.__version__)

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        props = self.docx.core_properties
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            value = getattr(props, name)
            if value and ("{{" in value or "{%" in value):
                setattr(props, name, _text_environment().from_string(value).render(context))

    def render_xml_part(
        self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None
    ) -> str:
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        self.current_rendering_part = part
        try:
            template = _SOURCES.template(jinja_env, src_xml)
        except TemplateSyntaxError as exc:
            exc.docx_context = _paragraph_at(src_xml, exc.lineno)  # type: ignore[attr-defined]
            raise
        dst_xml = template.render(context)
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        return str(self.resolve_listing(dst_xml))


def _paragraph_at(xml: str, lineno: int | None) -> str:
    lines = xml.splitlines()
    if not lineno or lineno > len(lines):
        return ""
    return re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()


class _Sources(BaseLoader):
    """Template parts by the hash of their XML, so that the environment caches them.

    Within a process the environment keeps compiled parts (a batch compiles each part
    once); across processes the bytecode cache keeps them (a second ``drafting render``
    skips Jinja's parse and compile, which is most of a small render's work).
    """

    def __init__(self) -> None:
        self._pending: dict[str, str] = {}

    def template(self, env: Environment, xml: str) -> Any:
        """Return the compiled template for the part ``xml``."""
        name = hashlib.sha256(xml.encode("utf-8")).hexdigest()
        self._pending[name] = xml
        try:
            return env.get_template(name)
        finally:
            self._pending.pop(name, None)

    def get_source(self, environment: Environment, template: str) -> tuple[str, None, Any]:
        return self._pending[template], None, lambda: True  # named by content: never stale


_SOURCES = _Sources()


@cache
def _environment() -> SandboxedEnvironment:
    folder = cache_folder()
    return SandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        loader=_SOURCES,
        bytecode_cache=BytecodeCache(str(folder / "jinja")) if folder else None,
        cache_size=64,
    )


@cache
def _text_environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=False, undefined=StrictUndefined)


@cache
def _template_bytes(path: Path) -> bytes:
    return path.read_bytes()


def template_path(kind: str, override: Path | None = None) -> Path:
    """Return the template for ``kind``: the office's own, or the bundled one."""
    if override is not None:
        if not override.is_file():
            raise TemplateProblem(f"找不到模板文件：{override}", code="template-missing")
        return override
    return Path(str(data_dir("templates").joinpath(f"{kind}.docx")))


def time_limit() -> float:
    """Return the seconds one document may take to render (``DRAFTING_RENDER_TIMEOUT``, 60)."""
    try:
        value = float(os.environ.get("DRAFTING_RENDER_TIMEOUT", "60"))
    except ValueError:
        return 60.0
    return value if value > 0 else 60.0


@contextmanager
def _stopped_after(seconds: float, path: Path) -> Iterator[None]:
    """Interrupt the block after ``seconds`` and raise :class:`TemplateProblem`.

    Jinja code cannot be stopped from outside except by interrupting the main thread
    (portable, unlike SIGALRM); off the main thread the block runs unlimited.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _thread.interrupt_main()

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        try:
            yield
        finally:
            with lock:
                state["done"] = True
    except KeyboardInterrupt:
        if not state["fired"]:
            raise
        raise TemplateProblem(
            f"模板 {path} 运行超过 {seconds:g} 秒仍未结束（可能有死循环），已停止，未生成文件",
            code="template-timeout",
        ) from None
    finally:
        timer.cancel()


def render(doc: Document, options: RenderOptions = RenderOptions()) -> bytes:
    """Render ``doc`` and return the .docx as bytes (not yet packaged for writing)."""
    path = template_path(doc.kind, options.template)
    try:
        template = _Template(io.BytesIO(_template_bytes(path)))
    except Exception as exc:  # python-docx raises several types for a non-docx file
        raise TemplateProblem(
            f"模板 {path} 不是有效的 Word 文档（.docx）：{exc}", code="template-invalid"
        ) from exc
    context = build(doc, Options(unit=options.unit))
    try:
        with _stopped_after(time_limit(), path):
            template.render(context, jinja_env=_environment(), autoescape=True)
    except TemplateSyntaxError as exc:
        where = getattr(exc, "docx_context", "")
        place = f"，位于段落“{where}”" if where else ""
        raise TemplateProblem(
            f"模板 {path} 中的 Jinja 语法有误：{exc.message}{place}", code="template-syntax"
        ) from exc
    except UndefinedError as exc:
        if "unsafe" in (exc.message or ""):  # the sandbox reports a refusal as undefined
            raise TemplateProblem(
                f"模板 {path} 试图访问不安全的属性，已阻止：{exc.message}", code="template-unsafe"
            ) from exc
        raise TemplateProblem(
            f"模板 {path} 使用了未定义的变量：{exc.message}", code="template-undefined"
        ) from exc
    except SecurityError as exc:
        raise TemplateProblem(
            f"模板 {path} 试图执行不安全的操作，已阻止：{exc}", code="template-unsafe"
        ) from exc
    except TemplateError as exc:
        raise TemplateProblem(f"模板 {path} 渲染失败：{exc}", code="template-error") from exc
    _set_properties(template, doc)
    if options.unit:  # tells `drafting lint` that task numbers are the plan's, with gaps
        template.docx.core_properties.category = "任务清单"
    apply_profiles(template.docx, fonts=options.fonts, profile=options.profile)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _set_properties(template: Any, doc: Document) -> None:
    props = template.docx.core_properties
    props.title = "".join(doc.title)
    props.author = doc.org or "drafting"
    props.last_modified_by = "drafting"
    if doc.occasion:  # 主题: kept for archives, and read back by `drafting import`
        props.subject = doc.occasion
    stamp = dt.datetime.combine(doc.date or dt.date(doc.year, 1, 1), dt.time())
    props.created = stamp
    props.modified = stamp
    props.revision = 1
