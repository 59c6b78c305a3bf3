"""Notices: the 印发 notice that wraps a plan (“关于印发《……》的通知”).

An office publishes its plan inside a notice: the notice title, the 文号, the 主送
(the line ending in ：before the issuing sentence), the issuing sentence "现将《……》印发给
你们", the issuer and date, "（此件主动公开）", and only then the plan with its own title.
:func:`read_notice` finds that wrapper in the lines before the first 一、 and returns
what it holds; every line of it is reported (``import-notice``), nothing is dropped
silently. A notice issuing several documents wraps the first attachment (its own
requirements, the 附件 list, issuer and date are the notice's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from drafting.ingest.extract import Line
from drafting.ingest.notes import CLUTTER, NOTICE, Notes, clip
from drafting.ingest.patterns import lazy
from drafting.outline import SECTION_NUMBER

_ISSUING = lazy(r"印[发發]\s*[给給]\s*(?:你们|你們|各)|(?:现|現)予(?:以)?\s*印[发發]")
"""The issuing sentence: "现将《……》印发给你们", "《……》经……研究通过，现予印发"."""
_ISSUED_NOW = lazy(r"(?:现将|现把|現將)[^。]{2,200}?(印[发發])\s*(?:[，,。；;]|如下|$)")
"""The issuing sentence naming no one: "现将《……》印发，请认真贯彻落实"."""


def _issuing(text: str) -> int:
    """Return where an issuing sentence's 印发 (or 现予印发) stands in ``text``, -1 if none."""
    if found := _ISSUING.search(text):
        return found.start()
    if now := _ISSUED_NOW.search(text):
        return now.start(1)
    return -1


_QUOTED = lazy(r"[《〈]([^《》〈〉]{2,80})[》〉]")
_ISSUER_IN_TITLE = lazy(
    r"^([^\s，,。；;：:《》“”()（）]{2,40}?(?:委|局|厅|部|政府|委员会|工委|办公室|办|学校|中心|学院|大学))"
    r"(?:关于|關於|關于|关於)印[发發]"
)
"""A notice title naming its issuer: "蒙自市人民政府办公室关于印发《……》的通知"."""
_NOTICE_TITLE = lazy(r"(?:关于|關於|關于|关於)?印[发發].{0,80}的通知$")
_OWN_NOTICE_TITLE = lazy(
    r"^(?:[\[【［][^\]】］]{1,4}[\]】］])?[^，,。；;：:]{0,40}(?:关于|關於|關于|关於).{2,80}的通知$"
)
"""A notice's own title that names no 印发 ("[通知]关于开展……活动的通知"): its issuing
sentence then says "现将相关活动方案印发给你们"."""
_PINYIN = r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[）)]"
"""A pinyin gloss some sites put after a character: 發(fā)."""
GLOSSES = lazy(_PINYIN)
_DOC_NUMBER = lazy(
    rf"((?:[^\s|:：，,。；;【】\[\]()（）〔〕［］]|{_PINYIN}){{1,12}}?)\s*[〔\[［(（【]\s*((?:19|20)\d{{2}})\s*"
    rf"[〕\]］)）】]\s*(\d{{1,4}})\s*[号號](?:{_PINYIN})?"
)
DOC_NUMBER = _DOC_NUMBER
"""A 文号 anywhere in a line: 机关代字, the year in any brackets, the serial and 号."""
_LABEL_CHARS = lazy(r"[\s|:：【】\[\]]|文号|文號|发文字号|發文字號|字|号")
DISCLOSURE = lazy(r"^[（(]?\s*此件.{0,6}公[开開].{0,4}\s*[）)]?$")
"""A disclosure line: （此件主动公开）, 此件公开发布, （此件依申请公开）."""
_DATE_LIKE = lazy(r"^[0-9０-９〇○OＯ零一二三四五六七八九十年月日.\-/\s]{4,20}$")
"""A date line; a page may write the 〇 of "二〇〇七年" as ○ or the letter O."""
_PRINTED = lazy(
    r"^(\S{2,40}?)\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印[发發]"
    r"(?:\s*[(（]\s*共印\s*\d+\s*份\s*[)）])?$"
)
"""The 版记's 印发机关 and 印发日期: "南通大学……中心2007年12月30日印发（共印13份）"."""
_RECORD = lazy(r"^(?:主题词|主題詞|抄报|抄報|抄送|印发|印發)\s*[:：]")
"""A 版记 line under a notice: 主题词, 抄报, 抄送 (and :data:`_PRINTED`)."""
_LISTED = lazy(r"^[0-9０-９]{1,2}\s*[.．、]")
"""An entry of the 附件 list under "附件：1.……": "2.……任务分解"."""


@dataclass(frozen=True)
class Notice:
    """What a notice wrapper holds, and where the document it wraps begins.

    ``title`` is the wrapped document's title (from its own title line when the page
    repeats it, else from the 《》 of the notice); ``start`` is the index of the first
    line after the wrapper; the line numbers say where each field came from (0: none).
    """

    title: str
    title_line: int
    start: int
    doc_number: str = ""
    doc_number_line: int = 0
    addressee: str = ""
    addressee_line: int = 0
    year: int = 0
    """The year of the 文号, else of the notice's date line (0: neither)."""
    issuer: str = ""
    issuer_line: int = 0
    """The 发文机关署名 under the issuing sentence (the org of a document with a 文号)."""
    subtitle: str = ""
    """The "——……" after a slogan title on the document's title line."""
    doc_number_bare: str = ""
    """The 文号 line as printed when its year's brackets were lost ("滨教函202011号")."""


def _slogan(title: str) -> tuple[str, str]:
    """Return a title line "口号——……规划" as its slogan and its "——……" subtitle."""
    head, dash, tail = title.partition("——")
    if dash and len(head.strip()) >= 4 and len(tail.strip()) >= 4:
        return head.strip(), dash + tail.strip()
    return title, ""


def doc_number(text: str) -> tuple[str, int] | None:
    """Return the 文号 a line holds, written with 〔〕 and 号, and its year; None if none.

    Only a line that is the 文号 (perhaps labelled 文号：, 【字号】, or in a table row
    with "|") counts: a 文号 cited inside a sentence is another document's.
    """
    match = _DOC_NUMBER.search(text)
    if match is None:
        return None
    rest = _LABEL_CHARS.sub("", text[: match.start()] + text[match.end() :])
    if len(rest) > 8:
        return None
    prefix, year, serial = match.groups()
    if int(serial) == 0:
        return None
    return f"{prefix}〔{year}〕{int(serial)}号", int(year)


def read_notice(lines: list[Line], notes: Notes) -> Notice | None:
    """Return the notice wrapping the document in ``lines``, or None when there is none.

    The wrapper is recognised by its issuing sentence ("现将《……》印发给你们", "……
    现印发给你们") before the first 一、; its lines are reported, those before it as
    page furniture.
    """
    shown, lines = lines, _unglossed(lines)
    first_section = next(
        (i for i, ln in enumerate(lines) if SECTION_NUMBER.match(ln.text)), len(lines)
    )
    issuing = next(
        (
            i
            for i in range(min(first_section, 60))
            if _issuing(lines[i].text) >= 0 and len(lines[i].text) <= 200
        ),
        None,
    )
    if issuing is None:
        return None
    begin, title_end = _notice_begin(lines, issuing)
    quoted = _quoted_title(lines, begin, title_end, issuing)
    end, title_index = _first_attachment(lines, issuing) or _notice_end(
        lines, issuing, first_section, quoted
    )
    subtitle = ""
    if title_index is not None:
        # the wrapped document's title: one line, or two when the page breaks it
        title = "".join(ln.text for ln in shown[title_index:end])  # glosses and all
        title, subtitle = _slogan(title)
        title_line = lines[title_index].number
    elif quoted:
        title, title_line = quoted, lines[issuing].number
    else:
        return None
    number, number_line, year = _find_doc_number(shown, issuing)
    year = year or _date_year(lines, issuing, end)
    addressee, addressee_line = _addressee(shown, title_end, issuing)
    issuer, issuer_line = _issuer(shown, issuing, end, title_index)
    # a 主送 run into the issuing sentence leaves that line reported as the notice's
    taken = {number_line, addressee_line, issuer_line}
    if _run_in_addressee(shown[issuing].text):
        taken.discard(lines[issuing].number)
    _report(shown, begin, end, title_index, taken, notes, (addressee.strip(), issuer.strip()))
    if not issuer and (named := _ISSUER_IN_TITLE.match(lines[begin].text.replace(" ", ""))):
        # no 署名 line (a disclosure page gives the date only): the organ the notice's
        # title names ("X关于印发《……》的通知") issued it
        issuer, issuer_line = named.group(1), lines[begin].number
    if not issuer:  # no 署名 either: the 印发机关 of the 版记 ("X2007年12月30日印发")
        issuer, issuer_line = _printer(shown, issuing, end)
    return Notice(
        title,
        title_line,
        end,
        number,
        number_line,
        addressee,
        addressee_line,
        year,
        issuer,
        issuer_line,
        subtitle,
        _bare_line(shown[:issuing], number),
    )


_GLOSS_TOP = 60
"""A page glosses its characters (發(fā)) when a gloss shows in this many first lines."""


def _unglossed(lines: list[Line]) -> list[Line]:
    """Return ``lines`` without pinyin glosses (印發(fā)給你們 is 印發給你們) for finding the
    notice's parts, whose text is then taken from the lines as printed; the same list
    when the page has no glosses."""
    if not any(GLOSSES.search(ln.text) for ln in lines[:_GLOSS_TOP]):
        return lines
    return [replace(ln, text=GLOSSES.sub("", ln.text)) for ln in lines]


def _bare_line(lines: list[Line], number: str) -> str:
    """Return the line that printed ``number`` without its brackets, or ""."""
    for line in lines:
        found = bare_doc_number(line.text)
        if found and found[0] == number:
            return line.text.strip()
    return ""


_NOW = ("现将", "现把", "現將")
"""The words that open the list of documents issued ("现将《甲》《乙》印发给你们")."""
_ATTACHMENT_LABEL = lazy(r"^附件\s*(?:[1１一]\s*[.．、]?)?\s*[:：]?$")
_ATTACHMENT_LIST = lazy(r"^附件\s*[1１一]?\s*[:：]\s*\S")
"""The notice's list of what it issues: "附件：……专项规划" (the document itself follows)."""
_SEARCH_ATTACHMENT = 80
"""The first attachment's label is looked for this many lines after the issuing sentence."""


def _first_attachment(lines: list[Line], issuing: int) -> tuple[int, int] | None:
    """Return where the document starts and its title line when the notice issues several.

    An issuing sentence naming two or more documents ("现将《甲》《乙》《丙》印发给你们")
    is followed by the notice's own requirements (its 一、二、三、), the 附件 list, the
    issuer and date; the document imported is the first attachment: its label "附件1",
    then its title. None when the notice issues one document or no label follows.
    """
    if len(_QUOTED.findall(_issued_list(lines[issuing].text))) < 2:
        return None  # one document issued ("根据《甲》要求，现将《乙》印发…" cites 甲)
    for index in range(issuing + 1, min(len(lines) - 1, issuing + _SEARCH_ATTACHMENT)):
        if _ATTACHMENT_LABEL.match(lines[index].text.strip()):
            title = lines[index + 1].text
            if len(title) <= 60 and not SECTION_NUMBER.match(title) and "。" not in title:
                return index + 2, index + 1
            return None
    return None


def _issued_list(text: str) -> str:
    """Return the part of an issuing sentence naming what it issues: from "现将" to "印发"."""
    issued = _issuing(text)
    end = issued if issued >= 0 else len(text)
    start = max(text.rfind(word, 0, end) for word in _NOW)
    return text[max(start, 0) : end]


def _issuer(lines: list[Line], issuing: int, end: int, title_index: int | None) -> tuple[str, int]:
    """Return the first 署名 line after the issuing sentence (not a date or 此件公开, nor
    an entry of the 附件 list)."""
    for index in range(issuing + 1, end):
        text = lines[index].text
        if index == title_index or DISCLOSURE.match(text) or _DATE_LIKE.match(text):
            continue
        if _LISTED.match(text) or text.startswith("附件") or _record(text):
            continue
        if _wrapper_tail(text) and not _DOC_NUMBER.search(text):
            return text, lines[index].number
    return "", 0


_TITLE_LINES = 3
"""A notice title broken by the page is joined from at most this many lines."""


def _notice_begin(lines: list[Line], issuing: int) -> tuple[int, int]:
    """Return the indexes of the first and last line of the notice's title (the last
    title before ``issuing``; a title the page breaks "……关于印发……推进 / …… / ……的通知"
    spans several lines)."""
    for index in range(issuing - 1, -1, -1):
        if not lines[index].text.replace(" ", "").endswith("通知"):
            continue
        for pattern in (_NOTICE_TITLE, _OWN_NOTICE_TITLE):
            for first in range(index, max(index - _TITLE_LINES, -1), -1):
                joined = "".join(ln.text for ln in lines[first : index + 1]).replace(" ", "")
                if pattern.search(joined) and len(joined) <= 120:
                    return first, index
    if lines[issuing - 1].text.endswith((":", "：")):
        return max(issuing - 1, 0), max(issuing - 1, 0)
    return issuing, issuing


def _quoted_title(lines: list[Line], begin: int, title_end: int, issuing: int) -> str:
    """Return the 《》 title of the notice title, else of the issuing sentence; "" if none."""
    title = "".join(ln.text for ln in lines[begin : title_end + 1])
    # the notice's title only when it is one (not the issuing sentence standing in for
    # it: a page without a notice title, whose join is that very string)
    for own, text in ((True, title), (False, lines[issuing].text)):
        if own and not _NOTICE_TITLE.search(text.replace(" ", "")):
            continue
        match = _QUOTED.search(text)
        if match:
            return match.group(1).strip()
    return ""


def _same_title(text: str, quoted: str) -> bool:
    squeeze = re.compile(r"[\s《》〈〉]")
    return bool(quoted) and squeeze.sub("", text) == squeeze.sub("", quoted)


def _notice_end(lines: list[Line], issuing: int, limit: int, quoted: str) -> tuple[int, int | None]:
    """Return the index of the first line of the wrapped document and of its title line.

    After the issuing sentence come the issuer, the date and the disclosure line; the
    document begins at its repeated title, or else at the first line that is none of them.
    """
    index, window = issuing + 1, issuing + 10
    while index < min(limit, window):
        text = lines[index].text
        if _same_title(text, quoted) or _named_unquoted(text, lines[issuing].text, quoted):
            return index + 1, index
        if index + 1 < limit and _same_title(text + lines[index + 1].text, quoted):
            return index + 2, index  # the repeated title on two lines
        listed = _attachment_list(lines, index)
        if listed > index + 1:
            # "附件：" over the list "1.……方案" "2.……方案": the notice's, as its issuer
            # and date are; the attachments' own pages come after them
            window, index = window + listed - index, listed
            continue
        if _ATTACHMENT_LABEL.match(text.strip()) and index + 1 < len(lines):
            # the document issued is the notice's attachment: its page follows the label
            title = lines[index + 1].text
            if len(title) <= 100 and not SECTION_NUMBER.match(title) and "。" not in title:
                return index + 2, index + 1
            return index + 1, None
        if not (_wrapper_tail(text) or _ATTACHMENT_LIST.match(text)):
            break
        index += 1
    return index, None


def _attachment_list(lines: list[Line], index: int) -> int:
    """Return the index after the 附件 list that the line at ``index`` opens: a label
    "附件：" over lines of its own ("1.……方案" "2.……方案"), or "附件：1.……方案" with
    the next entries below it; ``index`` when there is none."""
    text = lines[index].text.strip()
    label = _ATTACHMENT_LABEL.match(text)
    if not label and not (_ATTACHMENT_LIST.match(text) and _LISTED.match(_after_label(text))):
        return index
    end = index + 1
    while end < len(lines) and _LISTED.match(lines[end].text) and len(lines[end].text) <= 80:
        end += 1
    return end if end > index + 1 else index


def _after_label(text: str) -> str:
    """Return what follows "附件：" on its line ("1.……方案")."""
    return re.split(r"[:：]", text, maxsplit=1)[-1].strip()


def _used(line: Line, numbers: list[int], used: tuple[str, ...]) -> bool:
    """Return True when ``line`` (on a source line ``taken``) is the 文号, 主送 or 署名 used:
    the whole source line, or the piece of a split line that holds one of them."""
    if numbers.count(line.number) == 1:
        return True
    text = line.text.strip()
    bare = {u.rstrip(":：") for u in used if u}
    return text.rstrip(":：") in bare or bool(doc_number(text) or bare_doc_number(text))


def _named_unquoted(text: str, issuing: str, quoted: str) -> bool:
    """Return True for the title of a document the issuing sentence names without 《》
    ("现将滨州市……培养方案(2019-2022年)……印发给你们"): the page repeats it as a line."""
    title = text.replace(" ", "")
    return (
        not quoted
        and 6 <= len(title) <= 80
        and "。" not in title
        and not _DATE_LIKE.match(title)
        and title in _issued_list(issuing).replace(" ", "")
    )


def _record(text: str) -> bool:
    """Return True for a line of the 版记: 主题词, 抄报, 抄送, the 印发机关 and 印发日期."""
    return bool(_RECORD.match(text) or _PRINTED.match(text.replace(" ", "")))


def _printer(lines: list[Line], issuing: int, end: int) -> tuple[str, int]:
    """Return the 印发机关 of the 版记 after the issuing sentence and its line, or ("", 0)."""
    for line in lines[issuing + 1 : end]:
        if printed := _PRINTED.match(line.text.replace(" ", "")):
            return printed.group(1), line.number
    return "", 0


def _wrapper_tail(text: str) -> bool:
    """Return True for an issuer, date or disclosure line after the issuing sentence."""
    if DISCLOSURE.match(text) or _DATE_LIKE.match(text) or _record(text):
        return True
    return len(text) <= 30 and not any(ch in text for ch in "。，,；;：:") and "要点" not in text


_DATE_YEAR = lazy(r"^\s*((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*$")
"""The notice's date line: "2024年3月1日", or "2015年3月" without its day."""


def _date_year(lines: list[Line], issuing: int, end: int) -> int:
    """Return the year of the notice's date line (after the issuing sentence), 0 if none."""
    for line in lines[issuing + 1 : end]:
        if match := _DATE_YEAR.match(line.text):
            return int(match.group(1))
    return 0


def _find_doc_number(lines: list[Line], issuing: int) -> tuple[str, int, int]:
    """Return the 文号 before the issuing sentence, its line number and its year (a page
    headline may glue it to the notice's title: "凌政办发[2020]35号凌海市……的通知")."""
    for line in lines[:issuing]:
        found = doc_number(line.text) or _glued_doc_number(line.text) or bare_doc_number(line.text)
        if found:
            return found[0], line.number, found[1]
    return "", 0, 0


_BARE_DOC_NUMBER = lazy(
    r"^([^\s\d，,。；;：:！!？?()（）〔〕]{1,12}?)((?:19|20)\d{2})([1-9]\d{0,3})\s*[号號]$"
)
"""A 文号 line whose brackets a page lost: "滨教函202011号" (代字, year, serial)."""
_DAMAGED_DOC_NUMBER = lazy(
    r"^([\u4e00-\u9fff]{2,12}?)\s*([〔\[［(（【]?)\s*((?:19|20)\d{2})\s*([〕\]］)）】]?)\s*([1-9]\d{0,3})$"
)
"""A 文号 line that lost its 号 and a bracket or both: "教民〔20211", "松教通字201571"
(代字 in Chinese characters only, the year, the serial)."""


_BRACKETED_YEAR = lazy(r"[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]")


def doc_number_damage(text: str) -> str:
    """Return what a 文号 line restored by :func:`bare_doc_number` lost, in words for the
    report: "年份的括号" (or one of them), "“号”字" or both."""
    text = text.strip()
    lost = []
    if not _BRACKETED_YEAR.search(text):
        opened, closed = (any(ch in text for ch in marks) for marks in ("〔[［(（【", "〕]］)）】"))
        lost.append("年份的后括号" if opened else "年份的前括号" if closed else "年份的括号")
    if not text.endswith(("号", "號")):
        lost.append("“号”字")
    return "和".join(lost)


def bare_doc_number(text: str) -> tuple[str, int] | None:
    """Return a 文号 line printed without the brackets round its year (or without its 号
    as well), restored with 〔〕 and 号 ("滨教函202011号" is 滨教函〔2020〕11号,
    "教民〔20211" is 教民〔2021〕1号), and its year; None for any other line."""
    match = _BARE_DOC_NUMBER.match(text.strip())
    if match is not None:
        prefix, year, serial = match.groups()
        return f"{prefix}〔{year}〕{int(serial)}号", int(year)
    damaged = _DAMAGED_DOC_NUMBER.match(text.strip())
    if damaged is None:
        return None
    prefix, _, year, _, serial = damaged.groups()
    return f"{prefix}〔{year}〕{int(serial)}号", int(year)


def _glued_doc_number(text: str) -> tuple[str, int] | None:
    """Return the 文号 opening a headline that goes on with a notice title, else None."""
    match = _DOC_NUMBER.match(text.strip())
    if match is None or not text.strip().endswith("通知"):
        return None
    if len(text.strip()) - match.end() < 6:
        return None
    return doc_number(match.group(0))


_ADDRESSEE_END = lazy(r"(?:单位|部门|政府|机关|学校|局|委|办|处|室|会|院|校|园|[)）])$")
"""How a 主送 written without its colon ends: the last organ of the list."""


def _addressee(lines: list[Line], title_end: int, issuing: int) -> tuple[str, int]:
    """Return the 主送: the line ending in a colon just before the issuing sentence, or a
    list of organs without its colon between the notice's title and that sentence."""
    if run_in := _run_in_addressee(lines[issuing].text):
        return run_in, lines[issuing].number
    if issuing == 0:
        return "", 0
    line = lines[issuing - 1]
    text = line.text
    if issuing - 1 >= title_end and text.endswith((":", "：")) and len(text) > 2:
        return text[:-1] + "：", line.number
    if (
        issuing - 1 > title_end
        and len(text) <= 150
        and not any(ch in text for ch in "。；;：:")
        and any(ch in text for ch in "，,、")
        and _ADDRESSEE_END.search(text)
        and not doc_number(text)
    ):
        return text + "：", line.number
    return "", 0


def _run_in_addressee(text: str) -> str:
    """Return the 主送 an issuing sentence opens with ("各……单位：现将《……》印发给你们"),
    or "" (a colon ending a list of organs, before the sentence names what it issues)."""
    colon = min((i for i in (text.find(":"), text.find("：")) if i > 0), default=-1)
    head = text[:colon]
    if (
        colon < 0
        or len(head) > 150
        or any(ch in head for ch in "。；;《》“”")
        or not any(ch in head for ch in "，,、")
        or not _ADDRESSEE_END.search(head)
    ):
        return ""
    return head + "："


def _report(
    lines: list[Line],
    begin: int,
    end: int,
    title_index: int | None,
    taken: set[int],
    notes: Notes,
    used: tuple[str, ...] = (),
) -> None:
    """Report the lines before the notice as furniture and the notice's own lines.

    The title line and the lines in ``taken`` (文号, 主送) are reported where they are used;
    of a source line split in pieces (a run-together page) only the pieces in ``used``.
    """
    for line in lines[:begin]:
        if line.number not in taken:
            notes.add(line.number, CLUTTER, f"已删除标题之前的网页杂项：“{clip(line.text)}”")
    titles = set(range(title_index, end)) if title_index is not None else set()
    numbers = [ln.number for ln in lines[:end]]
    for index in range(begin, end):
        line = lines[index]
        if index in titles or (line.number in taken and _used(line, numbers, used)):
            continue
        notes.add(line.number, NOTICE, f"印发通知的内容，未导入正文：“{clip(line.text)}”")
