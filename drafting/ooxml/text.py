"""The text of a ``w:p``: the one paragraph reader of ``lint`` and ``import``.

A paragraph's text is what its runs show, in order: ``w:t``, a ``w:tab`` of a run as
``\\t``, a ``w:br`` or ``w:cr`` as ``\\n`` (a page break too), and the result of a field
(``w:fldSimple``'s runs, a complex field's runs after ``separate``). Not part of it: a
field's code (between ``begin`` and ``separate``), text a tracked change took out
(:func:`removed_by_revision`) and, unless asked for, the text of a text box anchored in
the paragraph (import lists text boxes separately; lint checks their runs' fonts with
the anchor's).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from drafting.ooxml.ns import W

_T, _TAB, _BR, _CR, _FLD = (f"{W}{name}" for name in ("t", "tab", "br", "cr", "fldChar"))
_TAGS = (_T, _TAB, _BR, _CR, _FLD)
_REMOVED = (f"{W}del", f"{W}moveFrom")
_TEXT_BOX = f"{W}txbxContent"


@dataclass(frozen=True)
class Piece:
    """One piece of a paragraph's text and the ``w:r`` it belongs to.

    ``page_break`` marks a ``w:br w:type="page"`` (its text is ``\\n``); ``literal``
    marks a ``w:t`` (tabs and breaks are not).
    """

    run: Any
    text: str
    page_break: bool = False
    literal: bool = False


def removed_by_revision(node: Any, para: Any) -> bool:
    """Return True when ``node`` (inside the paragraph ``para``) is text a tracked change
    took out: a deletion (``w:del``) or the old place of a move (``w:moveFrom``).

    The one rule for what a reader of the body skips; import and lint both use it.
    """
    for ancestor in node.iterancestors():
        if ancestor.tag in _REMOVED:
            return True
        if ancestor is para:
            return False
    return False


def _in_text_box(node: Any, para: Any) -> bool:
    """Return True for a node of a text box anchored inside ``para``."""
    for ancestor in node.iterancestors():
        if ancestor is para:
            return False
        if ancestor.tag == _TEXT_BOX:
            return True
    return False


def _piece(node: Any) -> Piece | None:
    """Return the piece a ``w:t``, ``w:tab``, ``w:br`` or ``w:cr`` shows (None for none)."""
    run = node.getparent()
    tag = node.tag
    if tag == _T:
        return Piece(run, node.text or "", literal=True)
    if run is None or run.tag != f"{W}r":
        return None  # a w:tab of w:tabs (a tab stop), not a character
    if tag == _TAB:
        return Piece(run, "\t")
    return Piece(run, "\n", page_break=tag == _BR and node.get(f"{W}type") == "page")


def pieces(para: Any, *, text_boxes: bool = False) -> Iterator[Piece]:
    """Yield the pieces of text of the paragraph ``para`` in document order.

    With ``text_boxes``, the text of text boxes anchored in ``para`` is included.
    """
    in_field_code = False
    for node in para.iter(*_TAGS):
        if node.tag == _FLD:
            kind = node.get(f"{W}fldCharType")
            in_field_code = kind == "begin" or (in_field_code and kind != "separate")
            continue
        if in_field_code or removed_by_revision(node, para):
            continue
        if not text_boxes and _in_text_box(node, para):
            continue
        piece = _piece(node)
        if piece is not None:
            yield piece


def paragraph_text(para: Any, *, text_boxes: bool = False) -> str:
    """Return the text of the paragraph ``para`` (see :func:`pieces`)."""
    return "".join(piece.text for piece in pieces(para, text_boxes=text_boxes))


def run_text(run: Any) -> str:
    """Return the text of one ``w:r`` on its own (no field or revision context)."""
    found = (_piece(node) for node in run if node.tag in _TAGS and node.tag != _FLD)
    return "".join(piece.text for piece in found if piece is not None)
