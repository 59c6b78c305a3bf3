"""Render: a checked document to .docx bytes through docxtpl, then the lxml passes.

docxtpl always runs in the bounded sandbox of :mod:`drafting.render.sandbox`, with
autoescaping and StrictUndefined, so text with ``& < > " '`` or ``{{ }}`` comes out
exactly as typed and a custom template that uses an unknown variable is an error, not
an empty string. Whatever stops a template (a syntax error, an unsafe attribute, a
runaway loop past the time, output or memory limit, Python raising in its code) becomes
one :class:`~drafting.errors.TemplateProblem` that says where, and nothing is written.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import docxtpl  # type: ignore[import-untyped]
import jinja2
from docxtpl import DocxTemplate
from jinja2 import (
    Environment,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError

from drafting.errors import (
    OutputTooLarge,
    PackageError,
    TemplateProblem,
    TemplateRuntimeError,
)
from drafting.model import Document
from drafting.ooxml.ns import CP
from drafting.ooxml.package import open_package
from drafting.render.cache import remember
from drafting.render.context import Options, build
from drafting.render.fit import fit_signature
from drafting.render.passes import apply_profiles, lay_out, lay_out_frame, section_breaks
from drafting.render.sandbox import (
    SOURCES,
    environment,
    memory_bounded,
    stopped_after,
    text_environment,
    time_limit,
)
from drafting.render.tags import fingerprint, missing, referenced
from drafting.resources import data_dir


def _core_prefix() -> None:
    """Bind python-docx's ``cp:`` prefix to the core properties again: docxtpl imports
    docxcompose when it is installed (a dependency, for :mod:`drafting.render.compose`),
    and docxcompose rebinds the prefix to the custom properties for the whole process,
    so that ``cp:lastModifiedBy`` was written in the wrong namespace (invalid OOXML)."""
    from docx.oxml.ns import nsmap

    nsmap["cp"] = CP[1:-1]


_core_prefix()


@dataclass(frozen=True)
class RenderOptions:
    """Choices that affect the rendered bytes."""

    template: Path | None = None
    fonts: str | None = None  # gb2312 | windows | open
    profile: str | None = None  # standard | strict
    unit: str | None = None
    enclosed: bool = False  # rendered as a notice's 附件 (see render.context.Options)


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl without its post-render brace unescaping, which would alter user text.

    Its XML clean-up (``patch_xml``, a pure function of the part) is remembered in the
    cache folder, and document properties are rendered only when they hold Jinja tags,
    as plain text: docxtpl renders them with the XML environment, so a value put into
    a property came out XML-escaped (“A & B” as “A &amp; B”).
    """

    docx: Any
    is_rendered: bool
    shown: set[str]

    def render_init(self) -> None:
        super().render_init()
        self.shown = set()

    def init_docx(self, reload: bool = True) -> None:
        """Start from a copy of the template's parsed package (parsed once per process)."""
        if not self.docx or (self.is_rendered and reload):
            self.docx = copy.deepcopy(_parsed_template(self.template_file))
            self.is_rendered = False

    def patch_xml(self, src_xml: str) -> str:
        return remember("xml", src_xml, super().patch_xml, salt=docxtpl.__version__)

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        props = self.docx.core_properties
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            value = getattr(props, name)
            if value and ("{{" in value or "{%" in value):
                try:
                    rendered = text_environment().from_string(value).render(context)
                except TemplateNotFound as exc:
                    raise TemplateRuntimeError(_runtime_message(exc, where=name)) from exc
                except (TemplateError, OutputTooLarge, MemoryError):
                    raise
                except Exception as exc:  # as in a part: {{ 1/0 }} in the title property
                    raise TemplateRuntimeError(_runtime_message(exc, where=name)) from exc
                set_property(props, name, rendered)

    def render_xml_part(
        self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None
    ) -> str:
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        self.current_rendering_part = part
        try:
            template = SOURCES.template(jinja_env, src_xml)
        except TemplateSyntaxError as exc:
            exc.docx_context = _paragraph_at(src_xml, exc.lineno)  # type: ignore[attr-defined]
            raise
        self.shown |= _shown(jinja_env, src_xml)
        try:
            dst_xml = template.render(context)
        except TemplateNotFound as exc:
            raise TemplateRuntimeError(_runtime_message(exc, src_xml, part)) from exc
        except (TemplateError, OutputTooLarge, MemoryError):
            raise
        except Exception as exc:  # {{ 1/0 }}, {{ doc + 1 }}, endless macros, .encode('ascii')
            raise TemplateRuntimeError(_runtime_message(exc, src_xml, part)) from exc
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        return str(self.resolve_listing(dst_xml))


@lru_cache(maxsize=16)
def _shown(env: Environment, xml: str) -> frozenset[str]:
    """Return the paths the part ``xml`` shows (:func:`drafting.render.tags.referenced`).

    Kept in memory (a batch) and in the cache folder (the next process): parsing the
    plan template's body takes about 20 ms, reading the entry back about 0.1 ms.
    """
    text = remember(
        "tags",
        xml,
        lambda src: "\n".join(sorted(referenced(env, src))),
        salt=f"{jinja2.__version__}\0{fingerprint()}",
    )
    return frozenset(text.split("\n")) if text else frozenset()


_REASONS: dict[type[Exception], str] = {
    TemplateNotFound: "模板不能引用其他模板（include、import、extends）",
    ZeroDivisionError: "除数为零",
    RecursionError: "递归过深（宏无限调用自身？）",
    TypeError: "类型不匹配",
    UnicodeError: "字符编码错误",
    ValueError: "取值有误",
    KeyError: "键不存在",
    IndexError: "下标越界",
    OverflowError: "数值过大",
}


def _runtime_message(exc: Exception, xml: str = "", part: Any = None, where: str = "") -> str:
    """Return "第 N 段“…”：reason" for ``exc`` raised by the template code of ``xml``,
    or "文档属性 ``where``：reason" for one raised by a core property's.

    Parts are rendered with each ``<w:p`` on its own line, so the template line of the
    innermost template frame (Jinja rewrites tracebacks to show it) counts paragraphs.
    """
    reason = next((text for kind, text in _REASONS.items() if isinstance(exc, kind)), "运行出错")
    detail = str(exc)[:200]
    because = f"{reason}（{type(exc).__name__}{'：' + detail if detail else ''}）"
    if where:
        return f"文档属性 {where}：{because}"
    lineno = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    name = str(getattr(part, "partname", "")).lstrip("/")
    place = "" if name in ("", "word/document.xml") else f"{name} "
    if lineno is not None and lineno > 1:
        quote = _paragraph_at(xml, lineno)
        place += f"第 {lineno - 1} 段" + (f"“{quote[:40]}”" if quote else "")
    return f"{place or '模板'}：{because}"


def _paragraph_at(xml: str, lineno: int | None) -> str:
    """Return the text of the paragraph on line ``lineno`` of ``xml`` ('' if none).

    What follows the paragraph's ``</w:p>`` on that line is a tag docxtpl moved out of a
    ``{%p … %}`` paragraph (such as the templates' ``{% if letterhead %}``); it is quoted
    instead only when the paragraph itself holds no template code.
    """
    lines = xml.splitlines()
    if not lineno or lineno > len(lines):
        return ""
    own, _, tail = lines[lineno - 1].partition("</w:p>")
    text, after = (re.sub(r"<[^>]+>", "", part).strip() for part in (own, tail))
    if after and not re.search(r"\{[{%]", text) and re.search(r"\{[{%]", after):
        return after
    return text


@cache
def _template_bytes(path: Path) -> bytes:
    return path.read_bytes()


@cache
def _within_limits(path: Path) -> None:
    """Raise :class:`TemplateProblem` when ``path`` breaks the zip limits of
    :mod:`drafting.ooxml.package` (a template's 1.5 GB XML comment took 3.1 GB of memory)."""
    try:
        with open_package(path) as package:
            package.check_every_part()
    except PackageError as exc:
        raise TemplateProblem(f"模板不可用：{exc.message}", code=exc.code) from exc


@cache
def _parsed_template(path: Path) -> Any:
    """Return the template's package parsed by python-docx; callers render a deep copy."""
    from docx import Document as open_document

    return open_document(io.BytesIO(_template_bytes(path)))


def template_path(kind: str, override: Path | None = None) -> Path:
    """Return the template for ``kind``: the office's own, or the bundled one."""
    if override is not None:
        if not override.is_file():
            raise TemplateProblem(f"找不到模板文件：{override}", code="template-missing")
        return override
    return Path(str(data_dir("templates").joinpath(f"{kind}.docx")))


def render(doc: Document, options: RenderOptions = RenderOptions()) -> bytes:
    """Render ``doc`` and return the .docx as bytes (not yet packaged for writing)."""
    path = template_path(doc.kind, options.template)
    if options.template is not None:  # an office's own: the limits import and lint apply
        _within_limits(path)
    try:
        template = _Template(path)
        template.init_docx()
    except Exception as exc:  # python-docx raises several types for a non-docx file
        raise TemplateProblem(
            f"模板 {path} 不是有效的 Word 文档（.docx）：{exc}", code="template-invalid"
        ) from exc
    context = build(doc, Options(unit=options.unit, enclosed=options.enclosed))
    try:
        with stopped_after(time_limit(), path), memory_bounded():
            template.render(context, jinja_env=environment(), autoescape=True)
    except (TemplateError, OutputTooLarge, TemplateRuntimeError, MemoryError) as exc:
        raise _stopped(exc, path) from exc
    lost = missing(template.shown, context)
    if lost:
        raise TemplateProblem(
            f"模板 {path} 缺少标签 {'、'.join(lost)}：本文档的这些内容会丢失，未生成文件。"
            "请在 Word 中把标签补回模板（可对照程序自带的模板）",
            code="template-missing-tag",
        )
    if (context["task_table"] or context["completion_table"]) and not section_breaks(template.docx):
        raise TemplateProblem(
            f"模板 {path} 缺少正文与附件之间的分节符（写着“分节：以上为正文，以下为附件”的一段）："
            "附件无法另起一页（要点的分解表为横排），未生成文件。请从程序自带的模板中把这一段复制回来",
            code="template-missing-break",
        )
    _set_properties(template, doc)
    if options.unit:  # tells `drafting lint` that task numbers are the plan's, with gaps
        set_property(template.docx.core_properties, "category", "任务清单")
    lay_out(template.docx, context)
    apply_profiles(template.docx, fonts=options.fonts, profile=options.profile)
    lay_out_frame(template.docx, context)
    if signature := context.get("signature"):
        fit_signature(template.docx, sealed=signature["sealed"] and not signature["signer"])
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _stopped(exc: BaseException, path: Path) -> TemplateProblem:
    """Return the problem to report for ``exc``, which stopped the template at ``path``."""
    if isinstance(exc, TemplateSyntaxError):
        where = getattr(exc, "docx_context", "")
        place = f"，位于段落“{where}”" if where else ""
        return TemplateProblem(
            f"模板 {path} 中的 Jinja 语法有误：{exc.message}{place}", code="template-syntax"
        )
    if isinstance(exc, UndefinedError):
        if "unsafe" in (exc.message or ""):  # the sandbox reports a refusal as undefined
            return TemplateProblem(
                f"模板 {path} 试图访问不安全的属性，已阻止：{exc.message}", code="template-unsafe"
            )
        return TemplateProblem(
            f"模板 {path} 使用了未定义的变量：{exc.message}", code="template-undefined"
        )
    if isinstance(exc, OutputTooLarge | MemoryError):
        return TemplateProblem(
            f"模板 {path} 生成的内容过大（{str(exc) or '内存超过 1 GB'}，可能有失控的循环或重复），"
            "已停止，未生成文件",
            code="template-too-large",
        )
    if isinstance(exc, SecurityError):
        return TemplateProblem(
            f"模板 {path} 试图执行不安全的操作，已阻止：{exc}", code="template-unsafe"
        )
    if isinstance(exc, TemplateRuntimeError):
        return TemplateProblem(f"模板 {path} {exc}，未生成文件", code="template-runtime")
    return TemplateProblem(f"模板 {path} 渲染失败：{exc}", code="template-error")


_ELEMENTS = {
    "author": "creator",
    "category": "category",
    "comments": "description",
    "identifier": "identifier",
    "language": "language",
    "last_modified_by": "lastModifiedBy",
    "subject": "subject",
    "title": "title",
}
"""python-docx's name of a text core property, and its element in docProps/core.xml."""


def set_property(props: Any, name: str, value: str) -> None:
    """Store the text core property ``name`` (python-docx's name) whole, whatever its length.

    python-docx refuses values over 255 characters, a limit of its own: ECMA-376 part 2
    types ``dc:title`` and the others as plain ``xsd:string``, and Word and LibreOffice
    open longer ones. A long title, 发文机关 or 场合 is therefore written, not lost.
    """
    element = getattr(props._element, f"get_or_add_{_ELEMENTS[name]}")()
    element.text = value


def _set_properties(template: Any, doc: Document) -> None:
    props = template.docx.core_properties
    set_property(props, "title", "".join(doc.title))
    set_property(props, "author", doc.org or "drafting")
    set_property(props, "last_modified_by", "drafting")
    if doc.occasion:  # 主题: kept for archives, and read back by `drafting import`
        set_property(props, "subject", doc.occasion)
    stamp = dt.datetime.combine(doc.date or dt.date(doc.year, 1, 1), dt.time())
    props.created = stamp
    props.modified = stamp
    props.revision = 1
