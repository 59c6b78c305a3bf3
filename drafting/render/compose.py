"""Compose: one .docx of a main document followed by its 附件 (GB/T 9704 §7.3.7, §7.5).

The content, styles, numbering definitions and images of every attachment are carried
over by docxcompose; what it gets wrong for a 公文 is put right by the small passes
below, each named after what it fixes.

API (what the ``notice`` kind calls)::

    from drafting.render.compose import Attachment, compose, split_attachments, write

    plan, (table,) = split_attachments(render(plan_doc))  # our plan and its task table
    data = compose(
        notice_bytes,                                    # the main document (ours)
        [Attachment(plan, "2024年工作要点"),              # -> 附件1
         Attachment(table, "重点工作任务分解表"),         # -> 附件2, its landscape page kept
         Attachment(Path("office.docx"), "某某办法")],    # -> 附件3, an office's own file
        tail=imprint,                                    # 版记 after the last attachment
    )
    write(Path("out.docx"), data)                        # packaged, atomic, returns the path

- :class:`Attachment` (frozen): ``source`` is a path or the bytes of a .docx; ``title``
  names it in messages and, with ``print_title=True``, is written as its title (for a
  part that has none); ``number`` overrides its place in the list; ``name`` names a
  source given as bytes in messages.
- :func:`compose` returns the composed .docx as bytes (not yet packaged): the main
  document, then each attachment on a new page headed by its label — "附件1", "附件2", …
  or "附件" when there is one (style ``GwAttachLabel``: 3号黑体, 顶格, line 1) — and a
  blank line, so that the attachment's own first paragraph, its title, is on line 3.
  Our rendered documents begin with their title; an office's .docx is kept as it is.
- ``tail`` is appended after the last attachment, on the same page (a caller that wants
  a new page puts a page break first): a .docx (path or bytes) whose body is appended,
  or a callable that receives the composed python-docx ``Document`` and edits it in
  place (for the 版记, which needs its own anchored text box).
- :func:`split_attachments` takes a document we rendered with attachment sections (a
  plan with ``task-table``, a summary with ``completion-table``) and returns its main
  text and each attachment alone, label removed (it begins with its title): the parts
  that :func:`compose` numbers.
- :func:`write` packages the bytes (fixed zip, our content hash) and writes them
  atomically (:mod:`drafting.fsio`); it returns the path written.

Every problem with an input (missing file, not a .docx, a corrupt zip, a password-
protected file, a document docxcompose cannot read) raises
:class:`~drafting.errors.PackageError` with a Chinese message naming the file.

What the passes fix, beyond docxcompose:

- **Sections.** docxcompose drops each appended document's last section properties, so
  a landscape last section (the task table) would become portrait. Before each
  attachment the composed document's last section is closed in its last paragraph and
  the attachment's own last section properties become the new last ones.
- **Footers and page numbers.** Every section gets the main document's footer (and
  header) references — our odd/even "— N —" footers; a landscape section gets their
  turned twins when the main document has them (ours do: the number turned at the
  portrait position, tools/build_templates.py) — and loses the attachment's own; ``pgNumType`` (restarts, number formats), ``titlePg``
  (a first page without number) and odd/even-page section starts of the attachments are
  removed, so that numbers run on without a gap.
- **Styles.** docxcompose maps a style to ours by name and, with ``preserve_styles``,
  copies one of the same id but another definition under a new id (``Heading1_1``);
  but the copy still inherits from *our* ``basedOn`` styles and document defaults, and
  paragraphs without a style take *our* Normal, so an office's text would come out in
  仿宋 on our grid. For a document whose defaults differ from the main document's, every
  paragraph and character style is first made self-contained: its ``basedOn`` chain and
  the document defaults are merged into it (theme fonts resolved to names from its own
  theme), paragraphs without a style get the default one explicitly, and properties our
  defaults set but the attachment's do not get the values Word assumes. Only the main
  document's styles stay the defaults (``w:default``).
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from drafting.errors import DraftingError, PackageError
from drafting.fsio import atomic_write, guard
from drafting.ooxml.ns import A_NS, CP, R, W
from drafting.ooxml.package import open_package
from drafting.ooxml.sequence import PPR_ORDER, RPR_ORDER
from drafting.render.package import package

Source = Path | bytes
"""A .docx: a path to read, or its bytes."""

Tail = Path | bytes | Callable[[Any], None]
"""What follows the last attachment: a .docx to append, or a callable editing the
composed python-docx ``Document`` in place (called last, once every section has its
headers and footers, so that it may set those of a section it adds)."""

LABEL_STYLE = "GwAttachLabel"
LABEL_STYLE_NAME = "GW 附件标识"
TITLE_STYLE = "GwTitle"
TITLE_STYLE_NAME = "GW 公文标题"


@dataclass(frozen=True)
class Attachment:
    """One 附件: the .docx, the title it goes by, and how it is numbered."""

    source: Source
    title: str
    number: int | None = None  # None: its place in the list, from 1
    print_title: bool = False  # True: write ``title`` on line 3 (the part has no title)
    name: str = ""  # how messages name a source given as bytes


def label(number: int, count: int) -> str:
    """Return the label of attachment ``number`` of ``count``: "附件" alone, else "附件N"."""
    return "附件" if count == 1 else f"附件{number}"


# --- reading ---------------------------------------------------------------------------


def _display(source: Source, name: str, fallback: str) -> str:
    if isinstance(source, Path):
        return str(source)
    return name or fallback


def _open(source: Source, display: str) -> Any:
    """Return ``source`` opened by python-docx; raise PackageError naming ``display``."""
    from docx import Document as open_document

    if isinstance(source, Path):
        if not source.exists():
            raise PackageError(f"{display}：找不到文件", code="docx-missing")
        with open_package(source) as checked:  # .doc, encrypted, corrupt, bombs: refused
            checked.check_every_part()
        blob = source.read_bytes()
    else:
        blob = source
        if blob[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise PackageError(
                f"{display}：这是旧版 .doc/.wps 文件或加密的 Word 文件；"
                "请在 Word/WPS 中另存为 .docx（不加密）",
                code="docx-legacy",
            )
        if not blob.startswith(b"PK"):
            raise PackageError(f"{display}：不是 .docx 文件（不是 zip 格式）", code="docx-not-zip")
    try:
        return open_document(io.BytesIO(blob))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise PackageError(f"{display}：文件不完整或已损坏（{exc}）", code="docx-corrupt") from exc
    except Exception as exc:  # python-docx raises several types for what is not a document
        raise PackageError(
            f"{display}：不是可用的 Word 文档（{type(exc).__name__}）", code="docx-corrupt"
        ) from exc


def _bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- sections ----------------------------------------------------------------------------

_REFS = (f"{W}headerReference", f"{W}footerReference")


def _body_sect(document: Any) -> Any:
    body = document.element.body
    sect = body.find(f"{W}sectPr")
    if sect is None:
        sect = etree.SubElement(body, f"{W}sectPr")
    return sect


def _paragraph(ppr: str = "", runs: str = "") -> Any:
    """Return a new paragraph with pPr children ``ppr`` and ``runs`` (XML, ``w:`` prefixed)."""
    return _xml(f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")


def _close_last_section(document: Any) -> None:
    """Turn the last section of ``document`` into a paragraph-level section break, so that
    what is appended next starts a section of its own (the body's sectPr stays, to be
    replaced by the attachment's)."""
    body = document.element.body
    final = _body_sect(document)
    index = body.index(final)
    last = body[index - 1] if index else None
    if last is None or last.tag != f"{W}p" or last.find(f"{W}pPr/{W}sectPr") is not None:
        last = _paragraph()
        body.insert(index, last)
    ppr = last.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.SubElement(last, f"{W}pPr")
        last.insert(0, ppr)
    closing = copy.deepcopy(final)
    after = ppr.find(f"{W}rPr")  # sectPr comes after rPr, before pPrChange
    change = ppr.find(f"{W}pPrChange")
    if change is not None:
        change.addprevious(closing)
    elif after is not None:
        after.addnext(closing)
    else:
        ppr.append(closing)


def _adopt_last_section(document: Any, attachment: Any) -> None:
    """Give ``document`` the last section properties of ``attachment`` (its page size,
    orientation, margins, grid); the footers are set later by :func:`_fix_sections`."""
    final = _body_sect(document)
    final.getparent().replace(final, copy.deepcopy(_body_sect(attachment)))


def _sections(document: Any) -> list[Any]:
    """Return every sectPr of the body in order, the body's own last."""
    body = document.element.body
    found = [p.find(f"{W}pPr/{W}sectPr") for p in body.iterchildren(f"{W}p")]
    return [s for s in found if s is not None] + [_body_sect(document)]


LANDSCAPE_FOOTERS = {
    "rIdFooterOdd": "rIdFooterOddLandscape",
    "rIdFooterEven": "rIdFooterEvenLandscape",
}
"""Our templates' footer relationships and those of the same footers turned for a
landscape page (the page number at the portrait position, §7.5; build_templates.py)."""


def _is_landscape(sect: Any) -> bool:
    """Return True when the section ``sect`` has a landscape page."""
    size = sect.find(f"{W}pgSz")
    if size is None:
        return False
    wide = int(size.get(f"{W}w", "0")) > int(size.get(f"{W}h", "0"))
    return wide or size.get(f"{W}orient") == "landscape"


def _landscape_refs(document: Any, refs: list[Any]) -> list[Any]:
    """Return ``refs`` with each of our footers replaced by its turned twin when the main
    document has one (ours do), so that a landscape 附件 keeps its turned page number."""
    rels = document.part.rels
    turned = []
    for ref in refs:
        twin = LANDSCAPE_FOOTERS.get(ref.get(f"{R}id", ""))
        ref = copy.deepcopy(ref)
        if twin is not None and twin in rels:
            ref.set(f"{R}id", twin)
        turned.append(ref)
    return turned


def _fix_sections(document: Any, refs: list[Any], main_count: int) -> None:
    """Give every section ``refs`` (the main document's headers and footers; a landscape
    section their turned twins, :func:`_landscape_refs`); in the
    sections after the first ``main_count`` drop page-number restarts and formats, a
    different first page, and odd/even-page starts (a blank page before an attachment).
    """
    turned = _landscape_refs(document, refs)
    for index, sect in enumerate(_sections(document)):
        for old in [child for child in sect if child.tag in _REFS]:
            sect.remove(old)
        for position, ref in enumerate(turned if _is_landscape(sect) else refs):
            sect.insert(position, copy.deepcopy(ref))
        if index < main_count:
            continue
        for tag in ("pgNumType", "titlePg"):
            for old in sect.findall(f"{W}{tag}"):
                sect.remove(old)
        start = sect.find(f"{W}type")
        if start is not None and start.get(f"{W}val") in ("oddPage", "evenPage"):
            sect.remove(start)


# --- styles ------------------------------------------------------------------------------

_STYLE_ORDER = [
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
]

_WORD_ASSUMES = {
    "rFonts": '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
    'w:eastAsia="宋体" w:cs="Times New Roman"/>',
    "sz": '<w:sz w:val="20"/>',
    "szCs": '<w:szCs w:val="20"/>',
    "spacing@pPr": '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
    "spacing@rPr": '<w:spacing w:val="0"/>',
    "ind": '<w:ind w:left="0" w:right="0" w:firstLine="0"/>',
    "jc": '<w:jc w:val="left"/>',
}
"""What Word takes when nothing says otherwise (ECMA-376 §17.7.2: 10pt, single spacing,
no indent), for the properties the main document's defaults or Normal set."""


def _local(element: Any) -> str:
    return str(etree.QName(element).localname)


def _xml(snippet: str) -> Any:
    """Return the element written in ``snippet`` (``w:`` prefixed)."""
    return etree.fromstring(f'<root xmlns:w="{W[1:-1]}">{snippet}</root>')[0]


_NOT_INHERITED = frozenset({"pStyle", "rStyle", "sectPr", "pPrChange", "rPrChange"})
"""Children of a pPr/rPr that belong to the element itself, never merged from a base."""


def _merge(base: Any, over: Any, order: list[str]) -> Any:
    """Return a new pPr/rPr: ``base`` with ``over`` on top (attributes merged per element;
    an element with children is taken whole), children in schema order."""
    merged: dict[str, Any] = {}
    for source in (base, over):
        if source is None:
            continue
        for child in source:
            if not isinstance(child.tag, str):
                continue
            name = _local(child)
            if source is base and name in _NOT_INHERITED:
                continue
            old = merged.get(name)
            if old is not None and len(child) == 0 and len(old) == 0:
                combined = copy.deepcopy(old)
                for key, value in child.attrib.items():
                    combined.set(key, value)
                merged[name] = combined
            else:
                merged[name] = copy.deepcopy(child)
    tag = over.tag if over is not None else base.tag
    result = etree.Element(tag)
    for name in sorted(merged, key=lambda n: order.index(n) if n in order else len(order)):
        result.append(merged[name])
    return result


def _set_child(style: Any, element: Any) -> None:
    """Put ``element`` (a pPr or rPr) into ``style`` in schema order, replacing its own."""
    name = _local(element)
    old = style.find(f"{W}{name}")
    if old is not None:
        style.replace(old, element)
        return
    rank = _STYLE_ORDER.index(name)
    for child in style:
        name_ = _local(child) if isinstance(child.tag, str) else ""
        if name_ in _STYLE_ORDER and _STYLE_ORDER.index(name_) > rank:
            child.addprevious(element)
            return
    style.append(element)


def _theme_fonts(document: Any) -> dict[str, str]:
    """Return the attachment's theme fonts: ``minorHAnsi`` → its typeface, and so on."""
    found: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            a = "{" + A_NS + "}"
            for which in ("major", "minor"):
                font = root.find(f".//{a}fontScheme/{a}{which}Font")
                if font is None:
                    continue
                latin = font.find(f"{a}latin")
                ea = font.find(f"{a}ea")
                cs = font.find(f"{a}cs")
                hans = font.find(f"{a}font[@script='Hans']")
                east = ea.get("typeface") if ea is not None else ""
                if not east and hans is not None:
                    east = hans.get("typeface", "")
                for slot, face in (
                    ("HAnsi", latin.get("typeface") if latin is not None else ""),
                    ("Ascii", latin.get("typeface") if latin is not None else ""),
                    ("EastAsia", east),
                    ("Bidi", cs.get("typeface") if cs is not None else ""),
                ):
                    if face:
                        found[f"{which}{slot}"] = face
    return found


_THEME_SLOTS = (
    ("ascii", "asciiTheme"),
    ("hAnsi", "hAnsiTheme"),
    ("eastAsia", "eastAsiaTheme"),
    ("cs", "cstheme"),  # sic: ECMA-376 spells this one in lower case
)


def _resolve_theme_fonts(roots: list[Any], theme: dict[str, str]) -> None:
    """Replace theme font references by the attachment's own font names: in the composed
    package they would name the main document's theme fonts."""
    for root in roots:
        for fonts in root.iter(f"{W}rFonts"):
            for slot, theme_slot in _THEME_SLOTS:
                ref = fonts.attrib.pop(f"{W}{theme_slot}", None)
                if ref is not None and ref in theme:
                    fonts.set(f"{W}{slot}", theme[ref])


def _styles_by_id(document: Any) -> dict[str, Any]:
    return {s.get(f"{W}styleId"): s for s in document.styles.element.iterchildren(f"{W}style")}


def _default_style(document: Any, kind: str) -> Any:
    for style in document.styles.element.iterchildren(f"{W}style"):
        if style.get(f"{W}type") == kind and style.get(f"{W}default") in ("1", "true", "on"):
            return style
    return None


def _defaults(document: Any) -> tuple[Any, Any]:
    """Return the document defaults (pPr, rPr) of ``document``'s styles, or None each."""
    root = document.styles.element
    ppr = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
    rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    return ppr, rpr


def _canonical(element: Any) -> bytes:
    return b"" if element is None else etree.tostring(element, method="c14n")


def _same_base(attachment: Any, main: Any) -> bool:
    """Return True when ``attachment`` has the main document's defaults and Normal (one of
    ours): its styles then mean the same in the composed package."""
    mine, theirs = _defaults(main), _defaults(attachment)
    normal = _default_style(main, "paragraph"), _default_style(attachment, "paragraph")
    pairs = (*zip(mine, theirs, strict=True), normal)
    return all(_canonical(a) == _canonical(b) for a, b in pairs)


def _assumed(main: Any, kind: str) -> Any:
    """Return a pPr/rPr of what Word assumes for every property that the main document's
    defaults and default style of ``kind`` (pPr or rPr) set."""
    ppr, rpr = _defaults(main)
    normal = _default_style(main, "paragraph")
    sources = [ppr if kind == "pPr" else rpr]
    if normal is not None:
        sources.append(normal.find(f"{W}{kind}"))
    result = etree.Element(f"{W}{kind}")
    order = PPR_ORDER if kind == "pPr" else RPR_ORDER
    names = {_local(c) for s in sources if s is not None for c in s if isinstance(c.tag, str)}
    for name in sorted(names, key=lambda n: order.index(n) if n in order else len(order)):
        xml = _WORD_ASSUMES.get(f"{name}@{kind}") or _WORD_ASSUMES.get(name)
        if xml is not None:
            result.append(_xml(xml))
    return result


def _flatten_styles(attachment: Any, main: Any) -> None:
    """Make every paragraph and character style of ``attachment`` self-contained (chain and
    document defaults merged in, ``basedOn`` removed), so that it means in the composed
    package what it meant in its own."""
    styles = _styles_by_id(attachment)
    ppr_default, rpr_default = _defaults(attachment)
    base_ppr = _merge(_assumed(main, "pPr"), ppr_default, PPR_ORDER)
    base_rpr = _merge(_assumed(main, "rPr"), rpr_default, RPR_ORDER)

    def chain(style: Any) -> list[Any]:
        seen: list[Any] = []
        while style is not None and style not in seen and len(seen) < 50:
            seen.append(style)
            parent = style.find(f"{W}basedOn")
            style = styles.get(parent.get(f"{W}val")) if parent is not None else None
        return list(reversed(seen))

    flat: dict[Any, tuple[Any, Any]] = {}
    for style in styles.values():
        kind = style.get(f"{W}type")
        if kind not in ("paragraph", "character"):
            continue
        links = chain(style)
        if kind == "paragraph":
            ppr, rpr = base_ppr, base_rpr
        else:
            ppr, rpr = None, etree.Element(f"{W}rPr")
        for link in links:
            if kind == "paragraph":
                ppr = _merge(ppr, link.find(f"{W}pPr"), PPR_ORDER)
            rpr = _merge(rpr, link.find(f"{W}rPr"), RPR_ORDER)
        flat[style] = (ppr, rpr)
    for style, (ppr, rpr) in flat.items():
        based = style.find(f"{W}basedOn")
        if based is not None:
            style.remove(based)
        if ppr is not None and len(ppr):
            _set_child(style, ppr)
        if len(rpr):
            _set_child(style, rpr)


def _prepare(attachment: Any, main: Any) -> None:
    """Make ``attachment`` ready for docxcompose: no reference to a style it lacks, and,
    when its defaults are not the main document's, self-contained styles."""
    styles = _styles_by_id(attachment)
    roots = [attachment.element, attachment.styles.element]
    numbering = _numbering_root(attachment)
    if numbering is not None:
        roots.append(numbering)
    for root in (attachment.element,):
        for tag in ("pStyle", "rStyle", "tblStyle"):
            for ref in list(root.iter(f"{W}{tag}")):
                if ref.get(f"{W}val") not in styles:
                    ref.getparent().remove(ref)
    if _same_base(attachment, main):
        return
    _resolve_theme_fonts(roots, _theme_fonts(attachment))
    normal = _default_style(attachment, "paragraph")
    if normal is not None:
        normal_id = normal.get(f"{W}styleId")
        for paragraph in attachment.element.body.iter(f"{W}p"):
            ppr = paragraph.find(f"{W}pPr")
            if ppr is None:
                ppr = etree.Element(f"{W}pPr")
                paragraph.insert(0, ppr)
            if ppr.find(f"{W}pStyle") is None:
                ref = etree.Element(f"{W}pStyle")
                ref.set(f"{W}val", normal_id)
                ppr.insert(0, ref)
    _flatten_styles(attachment, main)


def _numbering_root(document: Any) -> Any:
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/numbering") and not rel.is_external:
            return rel.target_part.element
    return None


def _one_default(document: Any, main_defaults: set[str]) -> None:
    """Leave ``w:default`` only on the main document's default styles (copies of an
    attachment's Normal carry it too)."""
    for style in document.styles.element.iterchildren(f"{W}style"):
        if style.get(f"{W}default") and style.get(f"{W}styleId") not in main_defaults:
            del style.attrib[f"{W}default"]


# --- composing ---------------------------------------------------------------------------


def _style_id(document: Any, style_id: str, name: str) -> str | None:
    """Return the id of the style ``style_id`` (or named ``name``) in ``document``, or None."""
    for style in document.styles.element.iterchildren(f"{W}style"):
        label_ = style.find(f"{W}name")
        if style.get(f"{W}styleId") == style_id or (
            label_ is not None and label_.get(f"{W}val") == name
        ):
            return str(style.get(f"{W}styleId"))
    return None


def _run(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _head(document: Any, text: str, attachment: Attachment) -> list[Any]:
    """Return the paragraphs that open an attachment: its label on a new page, a blank
    line, and (``print_title``) its title and a blank line."""
    style = _style_id(document, LABEL_STYLE, LABEL_STYLE_NAME)
    if style is not None:
        ppr = f'<w:pStyle w:val="{style}"/>'
        run = _run(text)
    else:  # a main document without our styles: the label's format written out
        ppr = '<w:pageBreakBefore/><w:ind w:firstLine="0"/><w:jc w:val="left"/>'
        run = _run(text).replace(
            "<w:r>",
            '<w:r><w:rPr><w:rFonts w:eastAsia="黑体" w:hint="eastAsia"/>'
            '<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>',
        )
    normal = _default_style(document, "paragraph")
    blank = "" if normal is None else f'<w:pStyle w:val="{normal.get(f"{W}styleId")}"/>'
    paragraphs = [_paragraph(ppr, run), _paragraph(blank)]
    if attachment.print_title:
        title = _style_id(document, TITLE_STYLE, TITLE_STYLE_NAME)
        title_ppr = f'<w:pStyle w:val="{title}"/>' if title else '<w:jc w:val="center"/>'
        paragraphs += [_paragraph(title_ppr, _run(attachment.title)), _paragraph(blank)]
    return paragraphs


def _composer(document: Any) -> Any:
    """Return docxcompose's Composer over ``document``, keeping styles of the same id and
    another definition apart (``preserve_styles``).

    Its copying of the default paragraph style's formatting into runs is switched off:
    :func:`_prepare` gives every paragraph its style explicitly and makes the styles
    self-contained, and the copy would add Normal's formatting to paragraphs of styles
    that were never based on Normal.
    """
    from docx.oxml.ns import nsmap
    from docxcompose.composer import (  # type: ignore[import-untyped]
        IGNORED_STYLE_TAGS,
        Composer,
    )
    from docxcompose.utils import increment_name, xml_elements_equal  # type: ignore[import-untyped]

    nsmap["cp"] = _CORE  # undo what importing docxcompose did (see _custom_prefix)

    class _Composer(Composer):  # type: ignore[misc]
        def retain_formatting_from_default_styles(self, doc: Any) -> None:
            """Do nothing (see :func:`_composer`)."""

        def add_styles(self, doc: Any, element: Any) -> None:
            """Point every style reference in ``element`` at a style of the composed
            document: ours when it is the same style (by name, as docxcompose maps
            them), else a copy of the attachment's, under a new id on a clash.

            Replaces docxcompose's, which with ``preserve_styles`` set *every* reference
            inside ``element`` to the first style it copied (a table's head, number
            and text cells all became one style), and which copied a style twice once
            its numbering was renumbered (a list's items got two styles, so their
            contextual spacing and numbering broke).
            """
            for ref in element.iter(f"{W}pStyle", f"{W}rStyle", f"{W}tblStyle"):
                ref.set(f"{W}val", self._style_for(doc, ref.get(f"{W}val")))

        def _style_for(self, doc: Any, style_id: str) -> str:
            known = self._current_preserved_styles
            if style_id in known:
                return str(known[style_id])
            theirs = doc.styles.element.get_by_id(style_id)
            ours_id = self.mapped_style_id(style_id)
            if theirs is None:
                known[style_id] = ours_id
                return str(ours_id)
            target = self.doc.styles.element
            candidates = self._preserved_styles.get(ours_id, [ours_id])
            for candidate in candidates:
                ours = target.get_by_id(candidate)
                if ours is not None and xml_elements_equal(
                    theirs, ours, ignored_tags=IGNORED_STYLE_TAGS
                ):
                    known[style_id] = candidate
                    return str(candidate)
            copied = copy.deepcopy(theirs)
            if target.get_by_id(ours_id) is not None:  # same name, other definition
                taken = {s.get(f"{W}styleId") for s in target.iterchildren(f"{W}style")}
                new_id = increment_name(ours_id)
                new_name = increment_name(copied.name.val) if copied.name is not None else None
                while new_id in taken:
                    new_id = increment_name(new_id)
                    if new_name is not None:
                        new_name = increment_name(new_name)
                copied.styleId = new_id
                if new_name is not None:
                    copied.name.val = new_name
                self._preserved_styles.setdefault(ours_id, [ours_id]).append(new_id)
            else:
                copied.styleId = ours_id
            target.append(copied)
            known[style_id] = copied.styleId
            self.add_numberings(doc, copied)
            self.add_linked_styles(doc, copied)
            return str(copied.styleId)

    composer = _Composer(document, preserve_styles=True)
    # Its restart gives the first paragraph of a list a numbering instance of its own
    # when the list's numbering comes from the style, so the second item read "1." again;
    # numbering definitions are copied with new ids anyway, so nothing continues a list
    # of the main document.
    composer.restart_numbering = False
    return composer


_CORE = CP[1:-1]
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


@contextmanager
def _custom_prefix() -> Iterator[None]:
    """Let python-docx's ``cp:`` prefix mean the custom properties, as docxcompose needs
    for reading them, only while it runs.

    docxcompose rebinds the prefix for the whole process when it is imported; python-docx
    then wrote ``cp:lastModifiedBy`` and ``cp:revision`` in the custom-properties
    namespace into the core properties of every document saved afterwards (ours too, in
    a batch), which the OOXML validator rejects.
    """
    from docx.oxml.ns import nsmap

    nsmap["cp"] = _CUSTOM
    try:
        yield
    finally:
        nsmap["cp"] = _CORE


def _append(composer: Any, document: Any, display: str) -> None:
    try:
        with _custom_prefix():
            composer.append(document)
    except DraftingError:
        raise
    except Exception as exc:  # docxcompose on a document it does not expect
        raise PackageError(
            f"{display}：无法并入合成文档（{type(exc).__name__}：{str(exc)[:200]}）",
            code="docx-compose",
        ) from exc


def _insert_before_final(document: Any, elements: list[Any]) -> None:
    final = _body_sect(document)
    for element in elements:
        final.addprevious(element)


def _start_on_new_page(document: Any, labels: list[Any]) -> None:
    """Make the section holding each label start on the next page: not continuous (the
    type docxcompose may move there), not on an odd or even page (a blank page)."""
    body = document.element.body
    children = list(body)
    for element in labels:
        for child in children[children.index(element) :]:
            sect = child if child.tag == f"{W}sectPr" else child.find(f"{W}pPr/{W}sectPr")
            if sect is not None:
                for old in sect.findall(f"{W}type"):
                    sect.remove(old)
                break


def compose(main: Source, attachments: Sequence[Attachment], *, tail: Tail | None = None) -> bytes:
    """Return the .docx (bytes, not yet packaged) of ``main`` followed by ``attachments``,
    each on a new page under its label, and ``tail`` after the last one.

    Every input is opened before any work; a file that cannot be used raises
    :class:`~drafting.errors.PackageError` naming it.
    """
    document = _open(main, _display(main, "", "正文文档"))
    opened = [
        (_open(a.source, _display(a.source, a.name, f"附件“{a.title}”")), a) for a in attachments
    ]
    tail_doc = None
    if tail is not None and not callable(tail):
        tail_doc = _open(tail, _display(tail, "", "版记"))
    refs = [copy.deepcopy(child) for child in _body_sect(document) if child.tag in _REFS]
    main_count = len(_sections(document))
    main_defaults = {
        str(s.get(f"{W}styleId"))
        for s in document.styles.element.iterchildren(f"{W}style")
        if s.get(f"{W}default")
    }
    composer = _composer(document)
    labels: list[Any] = []
    for index, (part, attachment) in enumerate(opened, 1):
        display = _display(attachment.source, attachment.name, f"附件“{attachment.title}”")
        _prepare(part, document)
        _close_last_section(document)
        _adopt_last_section(document, part)
        number = attachment.number if attachment.number is not None else index
        head = _head(document, label(number, len(opened)), attachment)
        _insert_before_final(document, head)
        labels.append(head[0])
        _append(composer, part, display)
    if tail_doc is not None:
        _prepare(tail_doc, document)
        _append(composer, tail_doc, _display(tail, "", "版记"))  # type: ignore[arg-type]
    _fix_sections(document, refs, main_count)
    if tail is not None and tail_doc is None:
        # after the footers are set: a callable tail may give its own section its own
        # footers and start (the 版记 page, unnumbered, on an even page; enclose.py)
        tail(document)  # type: ignore[operator]
    _start_on_new_page(document, labels)
    _one_default(document, main_defaults)
    return _bytes(document)


def write(target: Path, data: bytes, *, force: bool = False, inputs: Sequence[Path] = ()) -> Path:
    """Package ``data`` (from :func:`compose`) and write it to ``target`` atomically;
    return ``target``. ``force`` and ``inputs`` are :func:`drafting.fsio.guard`'s."""
    claim = guard(target, force=force, inputs=inputs)
    atomic_write(target, package(data), claim=claim)
    return target


# --- splitting a rendered document -----------------------------------------------------


def _is_label(element: Any, ids: set[str]) -> bool:
    style = element.find(f"{W}pPr/{W}pStyle")
    return element.tag == f"{W}p" and style is not None and style.get(f"{W}val") in ids


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _slice(blob: bytes, start: int, stop: int) -> bytes:
    """Return the document ``blob`` with only body children ``start``..``stop - 1``; the
    section that held the last of them gives the last section properties."""
    document = _open(blob, "文档")
    body = document.element.body
    children = [child for child in body if child.tag != f"{W}sectPr"]
    final = _body_sect(document)
    ending = final
    for child in children[stop - 1 :]:
        sect = child.find(f"{W}pPr/{W}sectPr")
        if sect is not None:
            ending = sect
            break
    if ending is not final:
        holder = ending.getparent().getparent()
        body.replace(final, copy.deepcopy(ending))
        if children.index(holder) < stop:
            ending.getparent().remove(ending)
            if not _text(holder) and holder.find(f".//{W}drawing") is None:
                body.remove(holder)
    for child in children[:start] + children[stop:]:
        if child.getparent() is body:
            body.remove(child)
    return _bytes(document)


def split_attachments(rendered: bytes) -> tuple[bytes, tuple[bytes, ...]]:
    """Return the main text of ``rendered`` (a .docx we rendered) and each of its
    attachments as a .docx of its own, without its label and the blank line after it, so
    that it begins with its title. A document without attachments is returned alone."""
    document = _open(rendered, "文档")
    ids = {LABEL_STYLE}
    found = _style_id(document, LABEL_STYLE, LABEL_STYLE_NAME)
    if found:
        ids.add(found)
    children = [child for child in document.element.body if child.tag != f"{W}sectPr"]
    starts = [i for i, child in enumerate(children) if _is_label(child, ids)]
    if not starts:
        return rendered, ()
    parts = []
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(children)
        first = start + 1
        if first < stop and children[first].tag == f"{W}p" and not _text(children[first]):
            first += 1
        parts.append(_slice(rendered, first, stop))
    return _slice(rendered, 0, starts[0]), tuple(parts)
