"""The 公文 frame in the template context: 版头, 署名 and 成文日期, 附件说明, 版记.

Notices have all of it; a plan or summary issued with a 发文字号 has the same 版头, and
every kind that signs uses the same 署名 placement (GB/T 9704 §7.2–7.4, gbt9704.md §4).
What depends on text widths is returned here in twips and written by
:mod:`drafting.render.passes` (Word drops Jinja in typed attributes).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from drafting.gbt9704 import CHAR_TWIPS, GLYPH_TWIPS, HALF_TWIPS, LETTERHEAD_SIZE
from drafting.model import Document
from drafting.outline import chinese_date

LATIN_TWIPS = {"×": 175}
"""Half-width characters wider than a digit, in twips at 3号 (Times New Roman 0.564 em)."""


MIXED_GAP = 66
"""Twips LibreOffice 7.4 adds where full-width and half-width characters meet (3.3 pt),
even with autoSpaceDN and autoSpaceDE off: measured in the PDFs of the examples, where
“2023年2月20日” (five such boundaries) came out 330 twips wider than its glyphs."""


def advance(text: str) -> int:
    """Return the advance of ``text`` as 3号 body text in twips, as LibreOffice sets it:
    a CJK character 315 (16 pt less the 0.25 pt tracking), a half-width one 155 (Times
    New Roman digits are half an em), × 175, and :data:`MIXED_GAP` at each boundary
    between full-width and half-width text. An estimate only where half-width
    characters occur."""
    total = 0
    previous: bool | None = None
    for ch in text:
        full = unicodedata.east_asian_width(ch) in "FW"
        total += GLYPH_TWIPS if full else LATIN_TWIPS.get(ch, HALF_TWIPS)
        if previous is not None and previous != full:
            total += MIXED_GAP
        previous = full
    return total


def head_marks(doc: Document) -> dict[str, str]:
    """Return 份号, 密级和保密期限 and 紧急程度 ('' for those the document has not)."""
    return {
        "copy_number": doc.copy_number or "",
        "secrecy": doc.secrecy or "",
        "urgency": doc.urgency or "",
    }


def letterhead(doc: Document) -> dict[str, Any] | None:
    """Return the 发文机关标志, or None: ``lines`` of one paragraph each (a single organ
    with its “文件”, or several names stacked without it), or ``joint`` with ``names``
    and ``word`` for the two-column form (“文件” centred beside the names)."""
    head = doc.letterhead
    if head is None:
        return None
    word = "文件" if head.file_word else ""
    joint = len(head.names) > 1 and bool(word)
    lines = [head.names[0] + word] if len(head.names) == 1 else list(head.names)
    return {
        "names": list(head.names),
        "word": word,
        "joint": joint,
        "lines": [] if joint else lines,
        "size": LETTERHEAD_SIZE,
    }


def issuer_lines(doc: Document) -> tuple[list[dict[str, str]], dict[str, Any] | None]:
    """Return the 签发人 lines above the 字号's and the 字号's own line, for a 上行文.

    Two names a line; the 字号 stands on the line of the last names (§7.2.6). None for
    the 字号's line when the document has no 签发人 (the 字号 is then centred).
    """
    if not doc.issuers or doc.letterhead is None:
        return [], None
    names = list(doc.issuers)
    pairs = [names[i : i + 2] for i in range(0, len(names), 2)]
    lines = [
        {"label": "签发人：" if i == 0 else "", "a": pair[0], "b": pair[1] if len(pair) > 1 else ""}
        for i, pair in enumerate(pairs)
    ]
    last = lines.pop()
    widest = max(advance(n) for n in names)
    label = advance("签发人：")
    names_w = widest * 2 + GLYPH_TWIPS if len(names) > 1 else widest
    return lines, {
        **last,
        "number": doc.doc_number or "",
        # left tab stops from the 版心's left edge: 字号 居左空一字; 签发人 居右空一字
        "tabs": {"indent": CHAR_TWIPS, "label_w": label, "names_w": names_w, "widest": widest},
    }


def attachment_notes(doc: Document) -> tuple[str, list[dict[str, str]]]:
    """Return the 附件说明 of a notice: one line for one 附件, numbered items for several."""
    titles = [e.title or e.path for e in doc.enclosures]
    if len(titles) == 1:
        return f"附件：{titles[0]}", []
    return "", [{"number": f"{i}.", "title": title} for i, title in enumerate(titles, 1)]


def signature(doc: Document) -> dict[str, Any] | None:
    """Return the 署名 and 成文日期 with their placement, or None when not signed.

    - no seal (§7.3.5.2): the 署名 右空二字, the date's first character two characters
      right of the 署名's; when the date is the longer line it 右空二字 and the 署名
      moves left. Both lines are left-aligned at indents that differ by exactly two
      characters, so that offset holds whatever the glyphs' widths; only where the
      block starts uses :func:`advance`.
    - 发文机关印章 (§7.3.5.1): the date 右空四字 (right-aligned, exact), each 署名
      centred over it (by :func:`advance`).
    - 签发人签名章 (§7.3.5.3): the 职务 and the name where the seal goes 右空四字, the
      date one line below, 右空四字.

    ``org_indents`` (one per 署名 line) and ``date_indent`` are ``{"left": twips}`` for a
    left-aligned line or ``{"right": twips}`` for a right-aligned one (numbers, not text:
    the template shows every text of the context).
    """
    if not doc.signature or not doc.org or not doc.date:
        return None
    date = chinese_date(doc.date)
    orgs = list(doc.orgs or (doc.org,))
    two = 2 * CHAR_TWIPS
    from drafting.gbt9704 import CHARS_PER_LINE

    text_w = CHARS_PER_LINE * GLYPH_TWIPS  # the 28 characters of a line
    if doc.seal == "signer":
        signer = f"{doc.signer_title}\u3000\u3000{doc.signer_name}"
        return {
            "orgs": [],
            "date": date,
            "sealed": True,
            "signer": signer,
            "org_indents": [],
            "date_indent": {"right": 2 * two},
        }
    if doc.seal == "org":
        w_date = advance(date)
        indents = [{"right": max(0, 2 * two + (w_date - advance(o)) // 2)} for o in orgs]
        return {
            "org": orgs[0],
            "orgs": orgs,
            "date": date,
            "sealed": True,
            "signer": "",
            "org_indents": indents,
            "date_indent": {"right": 2 * two},
        }
    offset = 2 * GLYPH_TWIPS  # 首字右移二字: two characters of the text itself
    block = max(max(advance(o) for o in orgs), offset + advance(date))
    left = max(0, text_w - two - block)
    return {
        "org": orgs[0],
        "orgs": orgs,
        "date": date,
        "sealed": False,
        "signer": "",
        "org_indents": [{"left": left} for _ in orgs],
        "date_indent": {"left": left + offset},
    }


def imprint(doc: Document) -> dict[str, Any] | None:
    """Return the 版记 lines (主送 moved there, 抄送, 印发), or None when it has none."""
    given = doc.imprint
    if given is None:
        return None
    addressee = ""
    if given.addressee and doc.addressee:
        addressee = "主送：" + doc.addressee.rstrip("：:") + "。"
    cc = "抄送：" + "，".join(given.cc) + "。" if given.cc else ""
    printer = given.printer or ""
    date = f"{chinese_date(given.date)}印发" if given.date else ""
    if not (addressee or cc or printer or date):
        return None
    return {
        "addressee": addressee,
        "cc": cc,
        "printer": printer,
        "date": date,
        "sends": bool(addressee or cc),
        "printed": bool(printer or date),
    }


def frame(doc: Document) -> dict[str, Any]:
    """Return the context variables of the 公文 frame for ``doc`` (any kind)."""
    lines, number_line = issuer_lines(doc)
    note, items = attachment_notes(doc) if doc.kind == "notice" else ("", [])
    moved = bool(doc.imprint and doc.imprint.addressee)
    return {
        **head_marks(doc),
        "letterhead": letterhead(doc),
        "doc_number": doc.doc_number or "" if doc.letterhead else "",
        "issuer_lines": lines,
        "number_line": number_line,
        "addressee": "" if moved else doc.addressee or "",
        "attachment_first": items[0] if items else None,
        "attachment_rest": items[1:],
        "notice_attachment_note": note,
        "note": doc.note or "",
        "imprint": imprint(doc),
    }
