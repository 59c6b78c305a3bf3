"""Enclose: a notice and its 附件 rendered into one .docx (GB/T 9704 §7.3.7, §7.4, §7.5).

``drafting render notice.yaml`` writes the notice, then each 附件 on a new page under its
label ("附件1", …), page numbers running on, and the 版记 at the end of the whole
document, on the last page's 版心 bottom. An entry of ``attachments:`` is

- one of our YAML documents (plan, summary, speech): rendered with its own template and
  the notice's fonts and page profile, as an 附件 (no 版头, 版记 or 附件说明 of its own:
  the notice lists and numbers its 附件), its main text only;
- with ``part:`` (``task-table``, ``completion-table``), the table that document
  generates, as an 附件 of its own (the task table keeps its landscape page);
- an office's own .docx, appended with its styles kept (:mod:`drafting.render.compose`).

Paths are relative to the notice's file and confined to its folder tree
(:func:`drafting.fsio.confined`). Whether each file is usable is judged by the check
(:func:`drafting.check.rules.notice_attachments`, file:line:col); a file that changes
between the check and the render is still refused with a Chinese message naming it.
"""

from __future__ import annotations

import copy
import dataclasses
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from drafting.errors import InputError, PackageError, UsageError
from drafting.fsio import confined
from drafting.model import Document, Enclosure
from drafting.ooxml.ns import R, W
from drafting.render.compose import (
    Attachment,
    _body_sect,
    _close_last_section,
    _is_landscape,
    _sections,
    compose,
    split_attachments,
)
from drafting.render.docx import RenderOptions, render

_VML_SHAPE = "{urn:schemas-microsoft-com:vml}shape"
IMPRINT_ID = "imprint"
"""The id of the 版记's text box in our notice template (tools/build_templates.py)."""


def enclosure_paths(doc: Document, source: Path) -> tuple[Path, ...]:
    """Return the files a notice at ``source`` attaches, resolved, each once, in order.

    Raises :class:`~drafting.errors.OutsideRoot` for one leading outside the notice's
    folder tree. These are the render's inputs besides ``source``: nothing may be
    written over them, and a change to any of them changes the output.
    """
    folder = source.parent
    found: dict[Path, None] = {}
    for entry in doc.enclosures:
        found[confined(folder, folder / entry.path)] = None
    return tuple(found)


def render_notice(doc: Document, source: Path, options: RenderOptions) -> bytes:
    """Return the .docx (bytes, not yet packaged) of the notice ``doc`` read from
    ``source`` with its 附件 composed after it; without 附件, the notice alone.

    Raises :class:`~drafting.errors.DraftingError` subclasses with a Chinese message for
    an attachment that cannot be used (checked before, but changed since).
    """
    notice = render(doc, options)
    if not doc.enclosures:
        return notice
    folder = source.parent
    rendered: dict[Path, tuple[bytes, dict[str, bytes]]] = {}
    attachments: list[Attachment] = []
    for entry in doc.enclosures:
        path = confined(folder, folder / entry.path)
        title = entry.title or path.stem
        if path.suffix.lower() == ".docx":
            attachments.append(Attachment(path, title, name=entry.path))
            continue
        if path not in rendered:
            wanted = tuple(
                dict.fromkeys(
                    e.part
                    for e in doc.enclosures
                    if e.part and confined(folder, folder / e.path) == path
                )
            )
            rendered[path] = _render_enclosed(path, entry, wanted, options)
        main, parts = rendered[path]
        data = main if entry.part is None else parts[entry.part]
        attachments.append(Attachment(data, title, name=entry.path))
    body, imprint = _take_imprint(notice)
    tail = None if imprint is None else _imprint_at_end(imprint)
    return compose(body, attachments, tail=tail)


def _render_enclosed(
    path: Path, entry: Enclosure, parts: tuple[str, ...], options: RenderOptions
) -> tuple[bytes, dict[str, bytes]]:
    """Render the YAML document at ``path`` as an 附件; return its main text and the
    generated ``parts`` asked for, by name."""
    from drafting.check import open_document

    try:
        opened = open_document(path, entry.path, kinds=("plan", "summary", "speech"))
    except InputError as exc:
        raise UsageError(
            f"附件 {entry.path} 有错误，未生成文件：{exc.message}", code="attachment-invalid"
        ) from exc
    enclosed = dataclasses.replace(opened.document, attachments=parts)
    whole = render(
        enclosed,
        RenderOptions(fonts=options.fonts, profile=options.profile, enclosed=True),
    )
    main, found = split_attachments(whole)
    if len(found) != len(parts):
        raise PackageError(
            f"附件 {entry.path} 没有生成{'、'.join(parts)}（文档中没有任务？），未生成文件",
            code="attachment-part-empty",
        )
    return main, dict(zip(parts, found, strict=True))


def _imprint_paragraph(document: Any) -> Any | None:
    """Return the paragraph holding the 版记's text box, or None."""
    for shape in document.element.body.iter(_VML_SHAPE):
        if shape.get("id") == IMPRINT_ID:
            node = shape
            while node is not None and node.tag != f"{W}p":
                node = node.getparent()
            return node
    return None


def _take_imprint(notice: bytes) -> tuple[bytes, Any | None]:
    """Return the notice without its 版记 paragraph, and that paragraph (or None)."""
    from docx import Document as open_document

    document = open_document(io.BytesIO(notice))
    paragraph = _imprint_paragraph(document)
    if paragraph is None:
        return notice, None
    paragraph.getparent().remove(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), paragraph


def _imprint_at_end(paragraph: Any) -> Callable[[Any], None]:
    """Return the compose ``tail`` that puts the 版记 ``paragraph`` at the end.

    The 版记 belongs to the last page of the whole document (§7.4): after the last 附件,
    on its last page when there is room (its box is anchored to the 版心 bottom). When
    the last 附件 ends on a landscape page (the task table), the 版记 starts a portrait
    page of its own, with the notice's page setup, unnumbered and on an even page
    (:func:`_unnumbered_even_page`).
    """

    def append(document: Any) -> None:
        final = _body_sect(document)
        if _is_landscape(final):
            portrait = copy.deepcopy(_sections(document)[0])
            _close_last_section(document)
            final.getparent().replace(final, portrait)
            _unnumbered_even_page(document, portrait)
            final = portrait
        final.addprevious(copy.deepcopy(paragraph))

    return append


def _unnumbered_even_page(document: Any, sect: Any) -> None:
    """Make the section ``sect`` (the 版记's page of its own) start on an even page and
    print no page number; a blank page the start inserts before it prints none either.

    §7.5: "公文的版记页前有空白页的，空白页和版记页均不编排页码"; the 版记 stands on the
    back of the last sheet (gbt9704.md §4.3). The section gets empty default and even
    footers of its own: a section without a footerReference would inherit the numbered
    ones (gbt9704.md §8.4). LibreOffice prints the blank page its evenPage start inserts
    with the page style of the section that follows, so unnumbered too
    (tests/render/test_enclose.py measures it).
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.parts.hdrftr import FooterPart

    for old in [c for c in sect if c.tag in (f"{W}footerReference", f"{W}titlePg")]:
        sect.remove(old)
    for old in sect.findall(f"{W}pgNumType"):
        sect.remove(old)
    headers = sum(1 for c in sect if c.tag == f"{W}headerReference")
    for position, kind in enumerate(("default", "even"), headers):
        part = FooterPart.new(document.part.package)
        ref = etree.Element(f"{W}footerReference")
        ref.set(f"{W}type", kind)
        ref.set(f"{R}id", document.part.relate_to(part, RT.FOOTER))
        sect.insert(position, ref)
    start = sect.find(f"{W}type")
    if start is None:
        start = etree.Element(f"{W}type")
        sect.insert(headers + 2, start)
    start.set(f"{W}val", "evenPage")
