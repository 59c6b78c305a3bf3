"""Page-number rules: "— 1 —" in 4号 宋体, odd pages right and even pages left, one
character in, in each form a PAGE field takes in the footers Word, LibreOffice and WPS
write."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from drafting.gbt9704 import (
    FOOTER_SIZE,
    PAGE_NUMBER,
    PAGE_NUMBER_INDENTS,
    PAGE_NUMBER_SIDES,
    font_role,
)
from drafting.lint.read import Doc, paragraph_style, run_format
from drafting.lint.registry import Finding
from drafting.ooxml.ns import R, W
from drafting.ooxml.styles import paragraph_properties
from drafting.ooxml.text import run_text

_TAGS = (f"{W}t", f"{W}fldSimple", f"{W}fldChar", f"{W}instrText", f"{W}tab")


def _is_page(instruction: str) -> bool:
    """Return True for a PAGE field's instruction (field names are case-insensitive)."""
    words = instruction.split()
    return bool(words) and words[0].upper() == "PAGE"


@dataclass(frozen=True)
class _Field:
    """A complex field being read: its instruction so far, and whether its result began."""

    instruction: str = ""
    separated: bool = False

    @property
    def is_page(self) -> bool:
        """Return True for a PAGE field."""
        return _is_page(self.instruction)


@dataclass
class _FooterText:
    """A footer paragraph's text being read, each PAGE field written as ``N``."""

    parts: list[str] = field(default_factory=list)
    fields: list[_Field] = field(default_factory=list)  # open complex fields, outermost first
    has_page: bool = False

    def page(self) -> None:
        """Write the page number."""
        self.parts.append("N")
        self.has_page = True

    def field_char(self, kind: str | None) -> None:
        """Read a ``w:fldChar`` of ``kind`` (begin, separate, end)."""
        fields = self.fields
        if kind == "begin":
            fields.append(_Field())
        elif kind == "separate" and fields and not fields[-1].separated:
            fields[-1] = replace(fields[-1], separated=True)
            if fields[-1].is_page:
                self.page()
        elif kind == "end" and fields:
            field_ = fields.pop()
            if field_.is_page and not field_.separated:
                self.page()

    def instruction(self, text: str) -> None:
        """Add ``text`` to the instruction of the innermost field, before its result."""
        if self.fields and not self.fields[-1].separated:
            self.fields[-1] = replace(
                self.fields[-1], instruction=self.fields[-1].instruction + text
            )

    def text(self, node: Any) -> None:
        """Add a ``w:t`` or ``w:tab`` unless it is a field's code or a PAGE field's result."""
        if all(f.separated and not f.is_page for f in self.fields):
            self.parts.append("\t" if node.tag == f"{W}tab" else node.text or "")


def _in_simple_page(node: Any) -> bool:
    """Return True for a node of a simple PAGE field's cached result."""
    return any(_is_page(a.get(f"{W}instr", "")) for a in node.iterancestors(f"{W}fldSimple"))


def footer_text(paragraph: Any) -> tuple[str, bool]:
    """Return a footer paragraph's text with each PAGE field written as ``N``, and whether
    it has one.

    A PAGE field counts in each form Word and LibreOffice write: ``w:fldSimple`` (with or
    without a result run inside), and a complex field (``w:fldChar`` begin, instruction,
    optional separate and result, end), even when the saving program left out the
    result, the separator, or split the instruction over several runs. The result a
    program cached for the field (the page number it last saw) is not part of the text.
    """
    reader = _FooterText()
    for node in paragraph.iter(*_TAGS):
        if _in_simple_page(node):
            continue
        if node.tag == f"{W}fldSimple":
            if _is_page(node.get(f"{W}instr", "")):
                reader.page()
        elif node.tag == f"{W}fldChar":
            reader.field_char(node.get(f"{W}fldCharType"))
        elif node.tag == f"{W}instrText":
            reader.instruction(node.text or "")
        else:
            reader.text(node)
    return "".join(reader.parts), reader.has_page


def _page_number_paragraph(root: Any) -> Any:
    """Return the first paragraph of a footer that has a PAGE field (None for none)."""
    if root is None:
        return None
    return next((p for p in root.iter(f"{W}p") if footer_text(p)[1]), None)


def _footer_refs(doc: Doc) -> dict[str, str]:
    """Return footer kind (default, even, first) → relationship id, first section first."""
    refs: dict[str, str] = {}
    for section in doc.sections:
        for ref in section.props.findall(f"{W}footerReference"):
            refs.setdefault(ref.get(f"{W}type", "default"), ref.get(f"{R}id", ""))
    return refs


def footer_rules(doc: Doc) -> Iterator[Finding]:
    """Yield the page-number findings of the odd and (with 奇偶页不同) even footers."""
    even_odd = doc.settings is not None and doc.settings.find(f"{W}evenAndOddHeaders") is not None
    refs = _footer_refs(doc)
    found_any = False
    for kind, side, want in PAGE_NUMBER_SIDES:
        if kind == "even" and not even_odd:
            continue
        paragraph = _page_number_paragraph(doc.footers.get(refs.get(kind, "")))
        if paragraph is None:
            if kind == "even":
                yield Finding("page-number-position", 0, "双页码的页脚没有页码")
            continue
        found_any = True
        text = footer_text(paragraph)[0].strip()
        if text != PAGE_NUMBER:
            shown = text.replace("N", "1")
            yield Finding(
                "page-number-format", 0, f"{side}写作“{shown}”，应为“— 1 —”（一字线、半角空格）"
            )
        yield from _footer_format(doc, paragraph, side, want)
    if not found_any:
        yield Finding("page-number-format", 0, "页脚中没有页码")
    elif not even_odd:
        yield Finding("page-number-position", 0, "未设置“奇偶页不同”：双页码也会居右，应居左空一字")


def _footer_format(doc: Doc, paragraph: Any, side: str, want: str) -> Iterator[Finding]:
    """Yield the position and font findings of the page-number ``paragraph``."""
    ppr = paragraph.find(f"{W}pPr")
    style = paragraph_style(doc.styles, ppr)
    fmt = doc.styles.paragraph(style, paragraph_properties(ppr))
    indent = fmt.right if want == "right" else fmt.left
    if fmt.jc != want or indent not in PAGE_NUMBER_INDENTS:
        where = "居右空一字" if want == "right" else "居左空一字"
        yield Finding("page-number-position", 0, f"{side}应{where}")
    for run in paragraph.iter(f"{W}r"):
        if not run_text(run).strip() and run.find(f"{W}instrText") is None:
            continue
        problem = _page_number_font(run_format(doc.styles, style, run), side)
        if problem is not None:
            yield problem
            return


def _page_number_font(run_fmt: Any, side: str) -> Finding | None:
    """Return the finding of a page-number run that is not 4号 宋体 (None when right)."""
    if font_role(run_fmt.cjk_font) != "song" or font_role(run_fmt.ascii) != "song":
        return Finding(
            "page-number-font",
            0,
            f"{side}用了“{run_fmt.cjk_font or '未指定'}/{run_fmt.ascii or '未指定'}”，应为宋体",
        )
    if (run_fmt.size or 20) != FOOTER_SIZE:
        return Finding(
            "page-number-font", 0, f"{side}字号 {(run_fmt.size or 20) / 2:g} 磅，应为 4 号（14 磅）"
        )
    return None
