"""Frame: a notice's 版头, 署名 and 版记 read back as data (``kind: notice``).

A notice (通知, 请示, 报告, 函 … : the ``genre`` its title ends with) is a body between a
frame: above the title the 份号, 密级, 紧急程度, 发文机关标志 (“……文件”, one organ a line
when issued jointly), 发文字号 and 签发人; below the body the 附件说明, the seal's place,
the 署名 (or 签发人签名章) and 成文日期, the 附注, then the 附件 pages, and last the 版记
(主送, 抄送, 印发机关和印发日期). Our styles name each paragraph (GwLetterhead, GwIssuer,
GwSignature …); an office's own Word file or a web page is read by its text
(:func:`read_frame`). The body in between is recognised as any document's.

Decisions: an 附件说明 names a file whose path cannot be known, so ``attachments`` is not
written; each entry is reported with its title (``import-attachment``). The 附件 pages
are other documents: they are left out, each reported with its title and lines
(``import-attachment-page``), to be imported on their own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from drafting.ingest.extract import Extracted, Line
from drafting.ingest.notes import (
    ATTACHMENT,
    ATTACHMENT_PAGE,
    CLUTTER,
    LEFT_OUT,
    NOTICE,
    Notes,
    clip,
)
from drafting.ingest.notice import DISCLOSURE, DOC_NUMBER, doc_number
from drafting.ingest.patterns import lazy
from drafting.outline import value_of

GENRES = ("通知", "通报", "请示", "报告", "函", "意见", "决定", "批复", "纪要")
"""The 文种 of the notice schema's ``genre``, by which a title ends."""
_COPY = lazy(r"^[0-9０-９]{6}$")
_SECRECY = lazy(r"^(?:绝密|机密|秘密)(?:\s*★\s*\S{1,6})?$")
_URGENCY = lazy(r"^(?:特急|加急)$")
_ORGAN = lazy(r"(?:委|局|厅|部|政府|委员会|办公室|办|学校|中心|院|校|会|处|室|所|站|队|文件)$")
"""How an organ's name in a 发文机关标志 ends (a typed line that does not is no 标志)."""
_ISSUER = lazy(r"签\s*发\s*人\s*[:：]")
_DATE = lazy(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DATE = lazy(
    r"^([〇○OＯ零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
    r"\s*([一二三四五六七八九十]{1,3})\s*日$"
)
"""A 成文日期 in Chinese numerals, as older notices print it: "二〇〇七年十二月三十日" (a
page may write 〇 as ○ or the letter O)."""
_CN_ZERO = str.maketrans("〇○OＯ", "零零零零")
_ATTACH_FIRST = lazy(r"^附\s*件\s*[:：]\s*(?:[0-9０-９]{1,2}\s*[.．、]\s*)?(.+?)\s*$")
_ATTACH_NEXT = lazy(r"^[0-9０-９]{1,2}\s*[.．、]\s*(.+?)\s*$")
_ATTACH_LABEL = lazy(r"^附\s*件\s*[0-9０-９]{0,2}\s*$")
_KEYWORDS = lazy(r"^主\s*[题題]\s*[词詞]\s*[:：]")
"""An older notice's 主题词 line in the 版记."""
_CC = lazy(r"^抄\s*(?:送|报|報)\s*[:：]\s*(.+?)[。.]?$")
"""A 抄送 line, or an older notice's 抄报 (to the organs above), which GB/T 9704—2012 folds
into 抄送."""
_SENT = lazy(r"^主\s*送\s*[:：]\s*(.+?)[。.]?$")
_PRINTED = lazy(
    r"^(.*?)\s*((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\s*印\s*发(?:\s*[(（]\s*共印\s*\d+\s*份\s*[)）])?$"
)
"""The 印发机关 and 印发日期, perhaps with the copies printed: "……2007年12月30日印发(共印13份)"."""
_NOTE = lazy(r"^[（(].{2,200}[）)]$")
_CLOSING = lazy(
    r"^(?:特此(?:通知|通报|报告|函告|函复|批复|决定)|妥否[，,]\s*请批示|以上(?:请示|报告)[，,]?\s*请"
    r"|请予(?:审批|批准|批复)|专此函(?:达|告|复)|请研究函复)"
)
_STYLES = {
    "GwCopyNumber": "copy_number",
    "GwSecrecy": "secrecy",
    "GwUrgency": "urgency",
    "GwLetterhead": "letterhead",
    "GwIssuer": "issuer",
    "GwDocNumber": "doc_number",
    "GwDocNumberUp": "doc_number",
    "GwTitle": "title",
    "Title": "title",
    "GwAddressee": "addressee",
    "GwAttachNoteFirst": "attach-first",
    "GwAttachNoteNext": "attach-next",
    "GwAttachNote": "attach-first",
    "GwSignature": "signature",
    "GwSigner": "signer",
    "GwDate": "date",
    "GwNote": "note",
    "GwAttachLabel": "attach-label",
}
_HEAD_LIMIT = 14
"""The 版头 is within the first lines: a title further down is no notice's."""


@dataclass
class Frame:
    """What the frame of a notice holds, and the body between (``body``: lines).

    ``head`` and ``tail`` are data in the notice schema's keys; ``used_extras`` the text
    boxes read as the 版记 (not reported as unread).
    """

    genre: str
    title: str
    title_line: int
    body: list[Line]
    head: dict[str, Any] = field(default_factory=dict)
    tail: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, int] = field(default_factory=dict)
    used_extras: set[str] = field(default_factory=set)


def genre_of(title: str) -> str:
    """Return the 文种 ``title`` ends with ("" for none)."""
    text = title.rstrip("　 ")
    return next((g for g in GENRES if text.endswith(g)), "")


def _role(line: Line) -> str:
    return _STYLES.get(line.style, "")


def _title_index(lines: list[Line]) -> int | None:
    """Return the index of the notice's title: a title style, else the first line ending
    with a 文种 that follows a 版头 mark (文号, “……文件”, 份号, 密级)."""
    for index, line in enumerate(lines[:_HEAD_LIMIT]):
        if _role(line) == "title" and not line.table:
            return index if genre_of(line.text) else None
    marked = False
    for index, line in enumerate(lines[:_HEAD_LIMIT]):
        text = line.text
        if _head_mark(text):
            marked = True
            continue
        if marked and genre_of(text) and 6 <= len(text) <= 100 and "。" not in text:
            return index
    return None


def _head_mark(text: str) -> bool:
    """Return True for a line of the 版头: 份号, 密级, 紧急, “……文件”, 文号, 签发人."""
    return bool(
        _COPY.match(text)
        or _SECRECY.match(text)
        or _URGENCY.match(text)
        or (text.endswith("文件") and len(text) <= 40 and "，" not in text)
        or _ISSUER.search(text)
        or doc_number(text)
    )


def is_notice(lines: list[Line]) -> bool:
    """Return True when ``lines`` begin with a notice's 版头 and a title ending with a 文种."""
    index = _title_index(lines)
    if index is None:
        return False
    before = lines[:index]
    return any(_role(ln) == "letterhead" or _head_mark(ln.text) for ln in before)


def read_frame(source: Extracted, lines: list[Line], notes: Notes) -> Frame:
    """Return the frame of the notice in ``lines`` and the body lines it encloses.

    Every line of the frame is reported where it is used or left out.
    """
    index = _title_index(lines)
    if index is None:  # --kind notice on a document without a 版头: the first line
        index = 0
    title = lines[index]
    frame = Frame(genre_of(title.text) or "通知", title.text, title.number, [])
    _head(lines[:index], frame, notes)
    rest = lines[index + 1 :]
    while rest and _PAGE_METADATA.search(rest[0].text):  # "时间:2020-09-29 来源: 作者:"
        notes.add(rest[0].number, CLUTTER, f"已删除网页杂项：“{clip(rest[0].text)}”")
        rest = rest[1:]
    start = 0
    if rest and (_role(rest[0]) == "addressee" or _addressee_like(rest[0].text)):
        frame.head["addressee"] = rest[0].text[:-1] + "："
        frame.origins["addressee"] = rest[0].number
        start = 1
    rest = _attachment_pages(rest[start:], notes)
    rest = _imprint(source, rest, frame, notes)
    frame.body = _tail(source, rest, frame, notes)
    _signed_by_imprint(frame, notes)
    return frame


def _signed_by_imprint(frame: Frame, notes: Notes) -> None:
    """Give a notice without 署名 or 成文日期 those of its 版记: the 印发机关 (when no 版头
    names the organ either) and the 印发日期, each reported at the 版记's line."""
    imprint = frame.tail.get("imprint", {})
    line = frame.origins.get("imprint", 0)
    unsigned = not (frame.tail.get("org") or frame.head.get("letterhead"))
    if unsigned and "signer_title" not in frame.tail and imprint.get("printer"):
        frame.tail["org"] = imprint["printer"]
        frame.origins["org"] = line
        notes.add(
            line,
            NOTICE,
            f"没有署名，发文机关取版记的印发机关，写作 org：{imprint['printer']}，请核对",
        )
    if not frame.tail.get("date") and imprint.get("date"):
        frame.tail["date"] = imprint["date"]
        frame.origins["date"] = line
        notes.add(
            line, NOTICE, f"没有成文日期，取版记的印发日期，写作 date：{imprint['date']}，请核对"
        )


_PAGE_METADATA = lazy(
    r"^(?:发布)?(?:时间|時間|日期)\s*[:：]\s*(?:19|20)\d{2}-\d{1,2}-\d{1,2}.{0,40}"
    r"(?:来源|來源|作者|点击|點擊)\s*[:：]"
)
"""A page's date, source and author line under the title: never the 主送."""


def _addressee_like(text: str) -> bool:
    return text.endswith(("：", ":")) and len(text) <= 80 and "。" not in text


def _head(lines: list[Line], frame: Frame, notes: Notes) -> None:
    """Read the 版头 lines before the title into ``frame.head``."""
    head = frame.head
    names: list[str] = []
    word = False
    issuers: list[str] = []
    for line in lines:
        text, role = line.text, _role(line)
        if role == "copy_number" or _COPY.match(text):
            head["copy_number"] = text
        elif role == "secrecy" or _SECRECY.match(text):
            head["secrecy"] = re.sub(r"\s+", "", text)
        elif role == "urgency" or _URGENCY.match(text):
            head["urgency"] = text
        elif _ISSUER.search(text) or role in ("issuer", "doc_number") or doc_number(text):
            pieces = _ISSUER.split(text, maxsplit=1)
            before, after = pieces[0], (pieces[1] if len(pieces) > 1 else "")
            match = DOC_NUMBER.search(before)
            if match:
                found = doc_number(match.group(0))
                if found:
                    head["doc_number"] = found[0]
                    frame.origins["doc_number"] = line.number
                issuers += before[match.end() :].split()
            issuers += after.split()
        elif role == "letterhead" or (
            len(text) <= 40 and not any(c in text for c in "。，,") and _ORGAN.search(text)
        ):
            if text == "文件":
                word = True
            elif text.endswith("文件"):
                names.append(text[:-2].strip())
                word = True
            else:
                names.append(text)
        else:
            notes.add(line.number, CLUTTER, f"已删除版头中的网页杂项：“{clip(text)}”")
            continue
        notes.add(line.number, NOTICE, f"版头：“{clip(text)}”")
    if names:
        head["letterhead"] = {"names": names, "file_word": word}
    if issuers:
        head["issuers"] = issuers


def _attachment_pages(lines: list[Line], notes: Notes) -> list[Line]:
    """Return ``lines`` up to the first 附件 page, the 版记 lines after them kept.

    Each 附件 page (label, title, its text) is reported with its title and lines.
    """
    labels = [
        i
        for i, ln in enumerate(lines)
        if (_role(ln) == "attach-label" or _ATTACH_LABEL.match(ln.text)) and not ln.table
    ]
    if not labels:
        return lines
    kept = lines[: labels[0]]
    after = lines[labels[0] :]
    imprint = [
        ln for ln in after if _CC.match(ln.text) or _SENT.match(ln.text) or _PRINTED.match(ln.text)
    ]
    bounds = [*labels, len(lines)]
    for first, end in pairwise(bounds):
        page = [ln for ln in lines[first:end] if ln not in imprint]
        label = page[0]
        title = next((ln.text for ln in page[1:] if not ln.table), "")
        last = page[-1].number
        notes.add(
            label.number,
            ATTACHMENT_PAGE,
            f"{label.text}“{clip(title)}”（第 {label.number}–{last} 行）是另一份文档，未导入；"
            "请单独导入",
        )
    return [*kept, *imprint]


def _imprint(source: Extracted, lines: list[Line], frame: Frame, notes: Notes) -> list[Line]:
    """Read the 版记 (a text box of ours, or the last lines) into ``frame.tail``."""
    imprint: dict[str, Any] = {}
    texts: list[tuple[int, str]] = []
    for extra in source.extras:
        box = extra.removeprefix("文本框：")
        if box != extra and re.search(r"印\s*发$|^抄\s*送|^主\s*送", box):
            frame.used_extras.add(extra)
            texts += [(0, piece) for piece in re.split(r"(?<=。)", box) if piece.strip()]
    kept = []
    for line in lines:
        if _CC.match(line.text) or _SENT.match(line.text) or _PRINTED.match(line.text):
            texts.append((line.number, line.text))
        elif _KEYWORDS.match(line.text):
            notes.add(
                line.number, NOTICE, f"主题词（GB/T 9704—2012 已取消），未导入：“{clip(line.text)}”"
            )
        else:
            kept.append(line)
    for number, text in texts:
        text = text.strip()
        if cc := _CC.match(text):
            units = [u for u in re.split(r"[，,、]\s*", cc.group(1)) if u]
            imprint["cc"] = [*imprint.get("cc", []), *units]
            if not text.replace(" ", "").startswith("抄送") and number:
                notes.add(number, NOTICE, "抄报机关并入抄送（cc）：GB/T 9704—2012 统称抄送")
        elif sent := _SENT.match(text):
            imprint["addressee"] = True
            frame.head.setdefault("addressee", sent.group(1) + "：")
        elif printed := _PRINTED.match(text):
            if printed.group(1).strip():
                imprint["printer"] = printed.group(1).strip()
            imprint["date"] = _iso(printed.group(2)) or ""
            frame.origins["imprint"] = number
        if number:
            notes.add(number, NOTICE, f"版记：“{clip(text)}”")
    if imprint:
        frame.tail["imprint"] = imprint
    return kept


def _iso(text: str) -> str | None:
    """Return a date line as an ISO date ("2025年2月10日", "二〇二五年二月十日"), else None."""
    match = _DATE.match(text.strip())
    if match is not None:
        parts = [int(part) for part in match.groups()]
    elif chinese := _CN_DATE.match(text.strip()):
        year, month, day = chinese.groups()
        digits = "".join(str(value_of(ch)) for ch in year.translate(_CN_ZERO))
        parts = [int(digits), value_of(month), value_of(day)]
    else:
        return None
    try:
        return dt.date(*parts).isoformat()
    except ValueError:
        return None


def _blank_before(source: Extracted, number: int) -> int:
    """Return how many empty paragraphs stand right before paragraph ``number``."""
    count = 0
    for line in reversed([ln for ln in source.lines if ln.number < number]):
        if line.text.strip():
            break
        count += 1
    return count


def _tail(source: Extracted, lines: list[Line], frame: Frame, notes: Notes) -> list[Line]:
    """Read 附件说明, 署名, 成文日期 and 附注 off the end of ``lines``; return the body."""
    tail = frame.tail
    end = len(lines)
    if end and (
        _role(lines[-1]) == "note"
        or DISCLOSURE.match(lines[-1].text)
        or (_NOTE.match(lines[-1].text) and end > 1 and _iso(lines[-2].text))
    ):
        tail["note"] = lines[-1].text
        frame.origins["note"] = lines[-1].number
        end -= 1
    dates = [i for i in range(end) if _role(lines[i]) == "date" or _iso(lines[i].text)]
    if not dates:
        return lines[:end]
    date = dates[-1]
    tail["date"] = _iso(lines[date].text)
    frame.origins["date"] = lines[date].number
    if tail["date"] and not _DATE.match(lines[date].text.strip()):
        notes.add(
            lines[date].number, NOTICE, f"成文日期“{lines[date].text}”写作 date：{tail['date']}"
        )
    for line in lines[date + 1 : end]:  # after the 成文日期: not the notice's; never silent
        notes.add(line.number, LEFT_OUT, f"成文日期之后的内容，未导入正文：“{clip(line.text)}”")
    first = date
    orgs: list[str] = []
    while first > 0 and _signature_like(lines[first - 1]):
        first -= 1
        orgs.insert(0, lines[first].text)
    if orgs and _role(lines[first]) == "signer":
        signer = re.split(r"[\s\u3000]+", orgs[0], maxsplit=1)
        tail["seal"] = "signer"
        tail["signer_title"] = signer[0]
        if len(signer) > 1:
            tail["signer_name"] = signer[1]
        orgs = []
    elif orgs:
        tail["org"] = orgs[0] if len(orgs) == 1 else orgs
        frame.origins["org"] = lines[first].number
        if source.path.suffix.lower() == ".docx":
            # Without a seal the date starts two characters right of the 署名, both set
            # from the left (§7.3.5.2); with one it stands right, four characters in
            # (§7.3.5.1), and a fit pass may have left a single white line above.
            sealed = lines[date].align in ("right", "end")
            if not sealed and _blank_before(source, lines[first].number) == 1:
                tail["seal"] = "none"
    titles: list[tuple[int, str]] = []
    index = first
    while index > 0:
        line = lines[index - 1]
        role = _role(line)
        if role == "attach-first" or _ATTACH_FIRST.match(line.text):
            match = _ATTACH_FIRST.match(line.text)
            titles.insert(0, (line.number, (match.group(1) if match else line.text).strip()))
            index -= 1
            break
        if role == "attach-next" or _ATTACH_NEXT.match(line.text):
            match = _ATTACH_NEXT.match(line.text)
            titles.insert(0, (line.number, (match.group(1) if match else line.text).strip()))
            index -= 1
            continue
        break
    if titles and not (
        _role(lines[index]) == "attach-first" or _ATTACH_FIRST.match(lines[index].text)
    ):
        titles, index = [], first  # numbered lines without 附件： are the body's
    for number, title in titles:
        shown = clip(re.sub(r"\s+", "", title))
        notes.add(
            number,
            ATTACHMENT,
            f"附件说明“{shown}”：附件文件的路径无从得知，未写入 "
            "attachments，请补上 path（或删去这一项）",
        )
    body = lines[:index]
    if body and _CLOSING.match(body[-1].text) and _role(body[-1]) == "":
        body[-1] = replace(body[-1], style="GwClosing")
    return body


def _signature_like(line: Line) -> bool:
    """A 署名 line: styled so, or short without sentence punctuation (an organ's name)."""
    if _role(line) in ("signature", "signer"):
        return True
    text = line.text
    return (
        _role(line) == ""
        and 2 <= len(text) <= 30
        and not any(ch in text for ch in "。，,；;：:！？")
        and not _ATTACH_NEXT.match(text)
        and not re.match(r"^[一二三四五六七八九十]+、|^[（(]", text)
    )


def notice_data(data: dict[str, Any], frame: Frame) -> dict[str, Any]:
    """Return the notice's data in the examples' key order: the frame around ``data``
    (the recognised title, preamble, sections and closing)."""
    out: dict[str, Any] = {"kind": "notice"}
    if frame.genre != "通知":
        out["genre"] = frame.genre
    head, tail = frame.head, frame.tail
    for key in ("copy_number", "secrecy", "urgency"):
        if key in head:
            out[key] = head[key]
    orgs = tail.get("org")
    org_list = [orgs] if isinstance(orgs, str) else list(orgs or [])
    letterhead = head.get("letterhead")
    if letterhead:
        default_word = frame.genre != "函"
        given = {}
        if letterhead["names"] != org_list:
            given["names"] = letterhead["names"]
        if letterhead["file_word"] != default_word:
            given["file_word"] = letterhead["file_word"]
        if given:
            out["letterhead"] = given
        if not org_list:
            org_list = list(letterhead["names"])
    for key in ("doc_number", "issuers"):
        if key in head:
            out[key] = head[key]
    out["title"] = data["title"]
    if "addressee" in head:
        out["addressee"] = head["addressee"]
    for key in ("preamble", "sections", "closing"):
        if data.get(key):
            out[key] = data[key]
    for key in ("seal", "signer_title", "signer_name"):
        if key in tail:
            out[key] = tail[key]
    if org_list:
        out["org"] = org_list[0] if len(org_list) == 1 else org_list
    if tail.get("date"):
        out["date"] = tail["date"]
    elif "year" in data:
        out["year"] = data["year"]
    for key in ("note", "imprint"):
        if key in tail:
            out[key] = tail[key]
    return out
