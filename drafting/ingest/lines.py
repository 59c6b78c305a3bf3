"""Lines: the line structure of a document, repaired before it is recognised.

Run once at the start of :func:`drafting.ingest.recognise.recognise`, on the cleaned
lines. Five passes, in order:

1. page markers of document sites are dropped: "第1页共4页" anywhere, and a run of
   "1、", "2、", "3、" at the start of page-long lines that cut sentences (the page
   that a marker cuts is joined back to the one before);
2. 目录 blocks are dropped: a 目录 line and the entries after it that end in page
   numbers, or an inline 目录 whose entries run into each other ("…思路22 .区…"),
   or an unlabelled outline glued to the title and to the body's first heading;
3. a task table flattened into text (one cell a line, or cells split by "|") is read
   by its header's column meanings into the lines a typed plan has
   (:func:`drafting.ingest.tables.read_flat`), and a bracketed responsibility note
   broken over lines is joined;
4. hard-wrapped lines (text copied from a PDF) are joined: a line about as wide as the
   document's wrap width that ends mid-sentence is joined to the next, unless that
   starts with an outline number, a title, a salutation or a responsibility note;
   a chapter outline (第一章 / 1.1 / 2.1.1) is read as 一、 / （一） / 1. and split there,
   a decimal outline (1. / 2.1) with no 一、 as 一、 / 1., "01 / …" heading lines as 一、,
   1.1 groups under 一、 sections as （一）, a "??" after a numbered heading as its break,
   group numbers that lost their opening bracket ("一)") as （一）,
   and a speech's 第一，/ 第二， headings as 一、/ 二、 when the text has no 一、 of its own;
   a task whose number a site blanked ("、…") gets it back, and a heading line read
   one GBK byte off ("?。ㄒ唬…") is read again;
5. run-together text (a page with no line breaks) is split: after the title, around
   the salutation, and before each outline number that follows sentence-final
   punctuation, a heading or a responsibility note and continues the numbering; an
   unnumbered group heading run into the 一、 heading before task 1. is typed （一）.

Every output line keeps the number of the source line it starts on, and every change
is reported at that line (codes below).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from drafting.ingest.extract import Line
from drafting.ingest.notes import JOINED, PAGE_MARKER, SPLIT, TABLE_HEADER, TOC, Notes, clip
from drafting.ingest.patterns import SALUTATION_GROUPS, LazyPattern, lazy
from drafting.ingest.tables import flat_cells, read_flat
from drafting.outline import LEVEL_PATTERNS, chinese, typed_number, value_of

_SENTENCE_END = "。！？!?；;：:…"
"""A line ending in one of these ends a sentence (or a clause, a list item, a lead-in)."""
_CLOSED = _SENTENCE_END + "）)】」』"
"""A line ending in one of these is never joined to the next."""
_STOP = "。！？!?"
"""Sentence-final punctuation before an outline number that starts a new paragraph."""
_TITLE_WORD = (
    r"(?:要点|要點|计划|計劃|总结|總結|小结|小結|讲话稿|讲话|講話|发言|發言|致辞|致辭|"
    r"意见|意見|方案|报告|報告|安排|思路|打算)"
)
_TITLE_END = lazy(_TITLE_WORD + r"$")
_PAGE_OF = lazy(r"第\s*[0-9０-９]{1,4}\s*页\s*[,，/]?\s*共\s*[0-9０-９]{1,4}\s*页")
_PAGE_MARK = lazy(r"^([0-9]{1,3})、")
_PAGE_DASHED = lazy(r"^[-—–－]{1,2}\s*[0-9０-９]{1,4}\s*[-—–－]{1,2}$")
"""A page number printed between dashes on a line of its own: "- 2 -", "— 3 —"."""
_PAGE_SLASH = lazy(r"^([0-9]{1,4})\s*/\s*([0-9]{1,4})(?![0-9.．/])\s*")
"""A document site's "page of pages" at the start of a line: "1/11" (glued to the title)."""
_PAGE_LONG = 200
"""A page of a document site is at least this long; a shorter line is no page."""
_SALUTATION = lazy(r"(?:各位领导、?|各位代表、?)?同志们\s*[：:]|同志們\s*[：:]")
_SALUTATION_AT = lazy(SALUTATION_GROUPS)
"""A salutation of several groups where the text after a run-together title starts."""
_SITE_ADDRESS = lazy(
    r"^[^，,。；;：:！!？?]{0,40}?(?:https?://|www\.)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
    r"(?:/[A-Za-z0-9_\-./?=&%#]*)?"
)
"""A site's name, slogan and address run into the top of a run-together page
("秘书之家—全网资源每日更新www.mishuzj.com在……上的讲话")."""
_RESPONSIBILITY = lazy(
    r"(?:责任|責任|牵头|牽頭|协办|協辦)(?:单位|單位|科室|处室|處室|股室|部门|部門)\s*[：:]"
)
_OPENING = lazy(r"^[（(]\s*(?:责任|責任|牵头|牽頭|协办|協辦)")
_RUN_TOGETHER = 150
"""A line this long at the top of a document may hold the title and the body together."""
_TOP = 30
"""A run-together page starts within this many lines of web furniture from the top: its
first long line is the one that may start with the title."""
_WRAP_MIN = 40
"""The narrowest wrap width of a hard-wrapped text (display width: 20 Chinese characters)."""
_DATE_LINE = lazy(
    r"^\s*[（(][^（()）]{0,30}?(?:19|20)[0-9]{2}\s*年[^（()）]{0,30}?日[^（()）]{0,30}[）)]"
)
"""A speech's date line right after its title: "（2011年11月3日 根据录音整理）"."""
_HEAD_MAX = 40
"""A heading that runs into the next number is at most this long."""


def structure(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with page markers and 目录 dropped, wraps joined, run-ons split.

    Each change is noted in ``notes`` at the source line it concerns.
    """
    lines = _drop_page_markers(lines, notes)
    lines = _drop_toc(lines, notes)
    lines = _read_flat_tables(lines, notes)
    lines = _close_notes(lines, notes)
    lines = _join_wrapped(lines, notes)
    lines = _chapters(lines, notes)
    lines = _decimal_outline(lines, notes)
    lines = _section_decimals(lines, notes)
    lines = _damaged_heading_ends(lines, notes)
    lines = _slashed_headings(lines, notes)
    lines = _lost_open_brackets(lines, notes)
    lines = _ordinal_headings(lines, notes)
    lines = _blanked_task_numbers(lines, notes)
    lines = _mojibake_numbers(lines, notes)
    lines = _split_run_together(lines, notes)
    return _glued_group_headings(lines, notes)


def _plain(line: Line) -> bool:
    """Return True for a line of running text (no table cell, no run-in styles)."""
    return not line.table and not line.head and not line.resp


# -- page markers --------------------------------------------------------------------


def _drop_page_markers(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines without "第1页共4页" and without a site's "1、2、3、" page run."""
    out: list[Line] = []
    markers = _page_run(lines)
    for index, line in enumerate(lines):
        text = line.text
        for found in _PAGE_OF.findall(text):
            notes.add(line.number, PAGE_MARKER, f"已删除页码标记“{found}”")
        text = _PAGE_OF.sub("", text).strip()
        if _PAGE_DASHED.match(text):
            notes.add(line.number, PAGE_MARKER, f"已删除页码标记“{text}”")
            continue
        if (slash := _PAGE_SLASH.match(text)) and _page_of_pages(slash, text):
            notes.add(line.number, PAGE_MARKER, f"已删除页码标记“{slash.group(0).strip()}”")
            text = text[slash.end() :]
        if index + 1 < len(lines) and (end := _page_at_end(text)):
            notes.add(line.number, PAGE_MARKER, f"已删除行末的页码标记“{end.group(0)}”")
            text = text[: end.start()]
        if index in markers:
            mark = _PAGE_MARK.match(text)
            assert mark is not None
            notes.add(line.number, PAGE_MARKER, f"已删除文档网站的页码标记“{mark.group(0)}”")
            text = text[mark.end() :].lstrip()
            if out and _cut(out[-1].text) and markers[index] > 1:
                out[-1] = replace(out[-1], text=_glue(out[-1].text, text))
                continue
        if text:
            out.append(replace(line, text=text))
    return out


def _page_of_pages(slash: re.Match[str], text: str) -> bool:
    """Return True when "N/M" at a line's start is a page count: N ≤ M, and nothing or
    Chinese text follows (a date "3/4" or a fraction "1/2是…" is rare there, but "1/2"
    followed by a digit or a Latin letter is no page)."""
    page, pages = int(slash.group(1)), int(slash.group(2))
    rest = text[slash.end() :]
    return 1 <= page <= pages and (not rest or "\u4e00" <= rest[0] <= "\u9fff")


_PAGE_SLASH_END = lazy(r"(?<=[\u4e00-\u9fff])([0-9]{1,3})/([0-9]{1,3})$")
"""A page count "1/3" at the end of a page-long line run into its last words."""


def _page_at_end(text: str) -> re.Match[str] | None:
    """Return the page count ending a page-long line that a later line follows ("…落实
    校安工程1/3"), N ≤ M; a fraction ("…的1/3。") ends a sentence, not a page."""
    if len(text) < _PAGE_LONG:
        return None
    found = _PAGE_SLASH_END.search(text)
    if found and 1 <= int(found.group(1)) <= int(found.group(2)):
        return found
    return None


def _cut(text: str) -> bool:
    """Return True when a page ends mid-sentence (the next page's marker cuts it)."""
    return len(text) >= _PAGE_LONG and text[-1] not in _SENTENCE_END + "”」）)"


def _page_run(lines: list[Line]) -> dict[int, int]:
    """Return the indexes of the lines that start with a site's page marker, with its value.

    A marker run is "1、", "2、", "3、"… at the start of lines in order, where the lines
    before markers 2, 3… are page-long and most of them end mid-sentence: a real list
    "1、…。 2、…。" ends its paragraphs, and a list of short headings holds no pages.
    """
    run: dict[int, int] = {}
    for index, line in enumerate(lines):
        mark = _PAGE_MARK.match(line.text)
        if mark and _plain(line) and int(mark.group(1)) == len(run) + 1:
            run[index] = len(run) + 1
    later = [index for index, value in run.items() if value > 1]
    cuts = [index for index in later if _cut(lines[index - 1].text)]
    if not later or 2 * len(cuts) < len(later):
        return {}
    return run


def _glue(before: str, after: str) -> str:
    """Return two pieces of one sentence joined: no space, except between Latin letters."""
    latin = before[-1:].isascii() and after[:1].isascii()
    if latin and before[-1:].isalnum() and after[:1].isalnum():
        return f"{before} {after}"
    return before + after


# -- 目录 ------------------------------------------------------------------------------

_TOC_LINE = lazy(r"^目\s*录[：:]?$")
_TOC_ENTRY = lazy(r"^(?:[0-9]{1,2}\s*[.．、]\s*)?(?:\S.{0,78}?\D)?[0-9]{1,3}$")
_TOC_BARE = lazy(r"^[0-9]{1,2}\s*[.．、]$")
_TOC_LAST = lazy(r"[^。，,；;：:]{2,60}?" + _TITLE_WORD + r"(?:[(（][^)）]{0,10}[)）])?[0-9]{1,3}")


def _drop_toc(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines without 目录 blocks, each dropped line reported."""
    out: list[Line] = []
    in_toc = False
    for line in lines:
        text = line.text
        if _TOC_LINE.match(text) and _plain(line):
            in_toc = True
        elif in_toc and (_TOC_BARE.match(text) or _TOC_ENTRY.match(text)) and _plain(line):
            pass
        else:
            in_toc = False
            out.extend(_inline_toc(line, notes))
            continue
        notes.add(line.number, TOC, f"已删除目录行：“{clip(text)}”")
    return _glued_toc(_unlabelled_toc(out, notes), notes)


_TOC_RUN = 5
"""An outline printed before the title is at least this many heading lines."""
_TOC_TOP = 5
"""It starts within this many lines of the top of the page."""


def _outline_line(line: Line) -> bool:
    """Return True for a short numbered heading line (一、/（一）/1.) without a sentence."""
    text = line.text.strip()
    return (
        _plain(line)
        and len(text) <= _HEAD_MAX
        and not any(ch in text for ch in "。；;：:，,")
        and any(pattern.match(text) for pattern in LEVEL_PATTERNS[:3])
    )


def _unlabelled_toc(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines without an outline of the whole document printed at the top with
    no 目录 label: a run of heading lines whose first 一、 heading the text repeats later
    (the body's own), each dropped line reported."""
    start = next(
        (i for i, ln in enumerate(lines[:_TOC_TOP]) if LEVEL_PATTERNS[0].match(ln.text)), None
    )
    if start is None:
        return lines
    end = start
    while end < len(lines) and _outline_line(lines[end]):
        end += 1
    first = re.sub(r"\s+", "", lines[start].text)
    if end - start < _TOC_RUN or not any(
        re.sub(r"\s+", "", ln.text) == first for ln in lines[end:]
    ):
        return lines
    for line in lines[start:end]:
        notes.add(line.number, TOC, f"已删除目录行（标题前的全文提纲）：“{clip(line.text)}”")
    return lines[:start] + lines[end:]


_TOC_GLUED_TITLE = lazy(
    r"^(?P<title>[^，,。；;：:]{4,40}?"
    + _TITLE_WORD
    + r")(?P<head>一\s*、\s*[^，,。；;：:]{2,30})$"
)
"""A title with the first heading of an outline printed under it glued on: "…工作方案一、背景分析"."""
_DECIMAL_HEAD = lazy(r"^[0-9]{1,2}[.．][0-9]{1,2}\s*[^\s，,。；;：:]{2,30}$")
"""A short heading numbered "1.1" on a line of its own (an outline entry)."""


def _toc_entry(text: str) -> bool:
    text = text.strip()
    return _DECIMAL_HEAD.match(text) is not None or (
        len(text) <= _HEAD_MAX
        and not any(ch in text for ch in "。；;：:，,")
        and any(pattern.match(text) for pattern in LEVEL_PATTERNS[:3])
    )


def _glued_toc(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines without an outline printed at the top with no 目录 label whose
    first entry is glued to the title ("…工作方案一、背景分析") and whose last entry is
    glued to the body's first heading ("8.5…效果一、背景分析1.1…"); the title and the
    body are kept, each dropped entry reported."""
    top = ((i, _TOC_GLUED_TITLE.match(ln.text.strip())) for i, ln in enumerate(lines[:_TOC_TOP]))
    start, found = next(((i, m) for i, m in top if m and _plain(lines[i])), (None, None))
    if start is None or found is None:
        return lines
    end, head = start + 1, found.group("head")
    while end < len(lines) and _plain(lines[end]) and _toc_entry(lines[end].text):
        if lines[end].text.find(head) > 0:
            break  # the last entry, the body's first heading glued to it
        end += 1
    at = lines[end].text.find(head) if end < len(lines) else -1
    if end + 1 - start < _TOC_RUN or at < 0 or not _toc_entry(lines[end].text[:at]):
        return lines
    notes.add(lines[start].number, TOC, f"已删除目录行（标题后的全文提纲）：“{clip(head)}”")
    for line in lines[start + 1 : end]:
        notes.add(line.number, TOC, f"已删除目录行（标题后的全文提纲）：“{clip(line.text)}”")
    entry = lines[end].text[:at]
    notes.add(lines[end].number, TOC, f"已删除目录行（标题后的全文提纲）：“{clip(entry)}”")
    title, body = replace(lines[start], text=found.group("title")), lines[end]
    return [*lines[:start], title, replace(body, text=body.text[at:]), *lines[end + 1 :]]


def _inline_toc(line: Line, notes: Notes) -> list[Line]:
    """Return ``line`` with an inline 目录 ("目录1.甲2 2.乙15 …") taken out of it."""
    start = line.text.find("目录")
    if start < 0 or not _plain(line):
        return [line]
    end, entries = _toc_entries(line.text, start + 2)
    if entries < 2:
        return [line]
    notes.add(line.number, TOC, f"已删除目录（{entries} 条）：“{clip(line.text[start:end])}”")
    pieces = (line.text[:start].strip(), line.text[end:].strip())
    return [replace(line, text=piece) for piece in pieces if piece]


def _toc_entries(text: str, pos: int) -> tuple[int, int]:
    """Return where a run of entries "1.…2 2.…15 …" from ``pos`` ends, and how many."""
    count = 0
    while True:
        number = re.compile(rf"\s*{count + 1}\s*[.．、]\s*").match(text, pos)
        if number is None:
            return pos, count
        after = number.end()
        following = re.compile(rf".+?[0-9]{{1,3}}(?={count + 2}\s*[.．、](?![0-9]))").match(
            text, after
        )
        if following is not None and following.end() - after <= 60:
            pos, count = following.end(), count + 1
            continue
        last = _TOC_LAST.match(text, after)
        return (last.end(), count + 1) if last else (pos, count)


# -- task tables flattened into text ---------------------------------------------------


def _read_flat_tables(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with each task table flattened one cell a line read into rows.

    The rows become the lines a typed plan has (``3.任务……（牵头单位：X；责任单位：Y）``,
    marked as table lines); each header line is reported as the columns' meaning.
    """
    texts = [(line.number, line.text) for line in lines]
    out: list[Line] = []
    index = 0
    while index < len(lines):
        table = read_flat(texts, index) if _plain(lines[index]) else None
        if table is None:
            out.append(lines[index])
            index += 1
            continue
        for number, text in table.header:
            shown = "｜".join(flat_cells(text))
            notes.add(number, TABLE_HEADER, f"逐格分行的任务表的表头“{clip(shown)}”读作各列的含义")
        out += [Line(row.number, row.text, resp=row.resp, table=True) for row in table.rows]
        index = table.end
    return out


# -- responsibility notes broken over lines ------------------------------------------------

_NOTE_PIECE = 60
"""A piece of a responsibility note broken over lines is at most this long."""
_NOTE_LINES = 3
"""A broken responsibility note is closed within this many lines."""


def _unclosed(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _note_end(lines: list[Line], index: int) -> int | None:
    """Return the index of the line that closes the note opened at ``index``, if one does."""
    for end in range(index + 1, min(index + 1 + _NOTE_LINES, len(lines))):
        line = lines[end]
        if not _plain(line) or len(line.text) > _NOTE_PIECE or "（" in line.text:
            return None
        if not _unclosed(lines[index].text + "".join(ln.text for ln in lines[index + 1 : end + 1])):
            return end
    return None


def _close_notes(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with a bracketed responsibility note broken over lines joined.

    "(牵头股室: 办" and "协办股室:办公室)" become one note, its parts joined by "；".
    """
    out: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        end = None
        if _plain(line) and _OPENING.match(text) and _unclosed(text):
            end = _note_end(lines, index)
        if end is None:
            out.append(line)
            index += 1
            continue
        for piece in lines[index + 1 : end + 1]:
            text = (
                text.rstrip() + ("" if text.rstrip()[-1] in "；;，,、：:（(" else "；") + piece.text
            )
        notes.add(
            line.number, JOINED, f"把分成 {end - index + 1} 行的责任说明接成一行：“{clip(text)}”"
        )
        out.append(replace(line, text=text))
        index = end + 1
    return out


# -- hard-wrapped lines ----------------------------------------------------------------


def _width(text: str) -> int:
    """Return the display width of ``text``: two for a wide (CJK) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _median(values: list[int]) -> float:
    """Return the median of ``values`` (not empty), as :func:`statistics.median` does; the
    statistics module and the fractions and decimal it imports cost an import 5 ms."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _wrap_width(lines: list[Line]) -> int:
    """Return the width a hard-wrapped text was wrapped at, or 0 when it is not wrapped.

    Wrapped text has at least three lines that end mid-sentence at about the same
    width, and few lines wider than that.
    """
    measured = [ln.text for ln in lines if _plain(ln) and len(ln.text) >= 10]
    open_texts = [text for text in measured if text[-1] not in _SENTENCE_END]
    if len(open_texts) < 3:  # no wrapped text: no width worth measuring
        return 0
    long = [_width(text) for text in measured]
    open_ends = [w for text, w in zip(measured, long, strict=True) if text[-1] not in _SENTENCE_END]
    if len(open_ends) < 3:
        return 0
    width = _median(open_ends)
    wrapped = [w for w in open_ends if 0.85 * width <= w <= 1.15 * width]
    wider = [w for w in long if w > 1.15 * width]
    if width < _WRAP_MIN or len(wrapped) < 3 or len(wider) * 5 > len(long):
        return 0
    return int(width)


def _starts_new(text: str) -> bool:
    """Return True when a line starts a paragraph of its own (number, title, salutation…)."""
    return bool(
        any(pattern.match(text) for pattern in LEVEL_PATTERNS)
        or _OPENING.match(text)
        or _RESPONSIBILITY.match(text)
        or _SALUTATION.match(text)
        or (len(text) <= 40 and _TITLE_END.search(text))
    )


def _joins(line: Line, following: Line, width: int) -> bool:
    """Return True when ``line`` is wrapped mid-sentence and ``following`` continues it."""
    text = line.text
    return (
        _plain(line)
        and _plain(following)
        and line.style == following.style
        and _width(text) >= 0.85 * width
        and text[-1] not in _CLOSED
        and not _TITLE_END.search(text)
        and not _starts_new(following.text)
    )


def _join_wrapped(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with each hard-wrapped run joined into one line; one note per run."""
    width = _wrap_width(lines)
    if not width:
        return lines
    out: list[Line] = []
    joined = 0
    for index, line in enumerate(lines):
        if index and _joins(lines[index - 1], line, width):
            out[-1] = replace(out[-1], text=_glue(out[-1].text, line.text))
            joined += 1
            continue
        _report_join(out, joined, notes)
        joined = 0
        out.append(line)
    _report_join(out, joined, notes)
    return out


def _report_join(out: list[Line], joined: int, notes: Notes) -> None:
    if joined and out:
        first = out[-1]
        notes.add(
            first.number,
            JOINED,
            f"把断行的 {joined + 1} 行接成一段（PDF 复制的文字）：“{clip(first.text, 20)}”",
        )


# -- chapters: 第一章 / 1.1 / 2.1.1 ----------------------------------------------------

_CHAPTER = lazy(
    r"第(?P<c>[一二三四五六七八九十]{1,3})章\s*"
    r"|^第(?P<r>[一二三四五六七八九十百零]{1,5})条\s*"  # an article opens its line: a task
    r"|(?<![0-9.．])(?P<a>[0-9]{1,2})[.．](?P<b>[0-9]{1,2})(?:[.．](?P<t>[0-9]{1,2}))?"
    r"(?![0-9.．])\s*(?=[\u4e00-\u9fff“\"《（(])(?![倍万亿元个%％])"
)
_PARTS = lazy(r"[与和及、，,]")


class _NumberedRun:
    """An outline numbered in a text, read number by number: :meth:`typed` says whether a
    number found by ``PATTERN`` continues it (and as what), :meth:`_piece` types a piece."""

    PATTERN: LazyPattern

    def typed(self, found: re.Match[str]) -> str | None:
        raise NotImplementedError

    def _piece(self, typed: str, text: str) -> list[str]:
        raise NotImplementedError

    def pieces(self, text: str) -> list[str]:
        """Return ``text`` split before each number that continues the outline, the
        numbers typed."""
        out: list[str] = []
        start, typed = 0, ""
        for found in self.PATTERN.finditer(text):
            number = self.typed(found)
            if number is None:
                continue
            out += self._piece(typed, text[start : found.start()])
            start, typed = found.end(), number
        return [piece for piece in out + self._piece(typed, text[start:]) if piece]

    def state(self) -> tuple[int, ...]:
        """Return what a line that holds the outline's numbers changes."""
        raise NotImplementedError

    def note(self, pieces: list[str], text: str) -> str:
        """Return the report's line on ``text`` read into ``pieces``."""
        raise NotImplementedError


def _split_numbered(lines: list[Line], notes: Notes, run: _NumberedRun) -> list[Line]:
    """Return the plain lines split by ``run`` (:meth:`_NumberedRun.pieces`), each line
    that holds the outline's numbers reported."""
    out: list[Line] = []
    for line in lines:
        if not _plain(line) or line.style:
            out.append(line)
            continue
        before = run.state()
        pieces = run.pieces(line.text)
        if run.state() != before:
            notes.add(line.number, SPLIT, run.note(pieces, line.text))
        out.extend(replace(line, text=piece) for piece in pieces)
    return out


class _Chapters(_NumberedRun):
    """The chapter outline seen so far: chapter, group and task, and the running task number."""

    PATTERN = _CHAPTER

    def __init__(self) -> None:
        self.chapter = self.group = self.task = self.tasks = self.article = 0
        self.title = ""

    def state(self) -> tuple[int, ...]:
        return (self.chapter, self.group, self.tasks)

    def note(self, pieces: list[str], text: str) -> str:
        return (
            f"章节编号读作各级标题（第一章→一、，1.1→（一），1.1.1→1.，第一条→1.），"
            f"分成 {len(pieces)} 段：“{clip(text, 20)}”"
        )

    def typed(self, found: re.Match[str]) -> str | None:
        """Return the typed number for a chapter number that continues the outline, or None."""
        if found.group("c"):
            if value_of(found.group("c")) != self.chapter + 1:
                return None
            self.chapter, self.group, self.task = self.chapter + 1, 0, 0
            return f"{chinese(self.chapter)}、"
        if found.group("r"):  # 第一条, 第二条 … numbered through the chapters
            if not self.chapter or value_of(found.group("r")) != self.article + 1:
                return None
            self.article, self.tasks = self.article + 1, self.tasks + 1
            return f"{self.tasks}."
        a, b = int(found.group("a")), int(found.group("b"))
        if a != self.chapter or not self.chapter:
            return None
        if found.group("t") is None:
            if b != self.group + 1:
                return None
            self.group, self.task = b, 0
            return f"（{chinese(b)}）"
        if b != self.group or int(found.group("t")) != self.task + 1:
            return None
        self.task, self.tasks = self.task + 1, self.tasks + 1
        return f"{self.tasks}."

    def _piece(self, typed: str, text: str) -> list[str]:
        """Return a piece with its typed number; a group heading cut after the part of the
        chapter title it repeats ("1.1指导思想以…" under "指导思想与总体目标")."""
        text = text.strip()
        if typed.endswith("、"):
            self.title = text
        elif typed.startswith("（"):
            for part in filter(None, _PARTS.split(self.title)):
                if len(part) >= 2 and text.startswith(part) and len(text) > len(part):
                    return [typed + part, text[len(part) :]]
        return [typed + text]


def _has_chapters(lines: list[Line]) -> bool:
    """Return True when the text numbers its outline 第一章 / 1.1 (第一章, 第二章 and a 1.1)
    or 第一章 / 第一条 (rules: a line 第一章, then lines opening with 第一条 and 第二条)."""
    text = "".join(line.text for line in lines if _plain(line))
    first, second = text.find("第一章"), text.find("第二章")
    if (
        0 <= first < second
        and re.search(r"1[.．]1\s*[\u4e00-\u9fff]", text[first:second]) is not None
    ):
        return True
    starts = [line.text.strip()[:4] for line in lines if _plain(line)]
    chapter = next((i for i, t in enumerate(starts) if t.startswith("第一章")), None)
    return chapter is not None and all(
        any(t.startswith(article) for t in starts[chapter:]) for article in ("第一条", "第二条")
    )


def _chapters(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with a chapter outline typed as 一、/（一）/1., split at its numbers."""
    if not _has_chapters(lines):
        return lines
    return _split_numbered(lines, notes, _Chapters())


# -- decimal outlines: 1. / 2.1 -----------------------------------------------------

_DECIMAL = lazy(
    r"(?<![0-9.．])(?P<a>[0-9]{1,2})(?:\s?[.．](?P<b>[0-9]{1,2}))?\s?[.．]?(?![0-9.．])\s*"
    r"(?=[\u4e00-\u9fff“\"《（(])(?![倍万亿元个%％年月日])"
)
"""A number of a two-level decimal outline: "1.", "2 ." (a section) or "2.1" (a task)."""


class _Decimal(_NumberedRun):
    """The decimal outline seen so far: the section, the task under it, the running task."""

    PATTERN = _DECIMAL

    def __init__(self) -> None:
        self.section = self.task = self.tasks = 0

    def state(self) -> tuple[int, ...]:
        return (self.section, self.tasks)

    def note(self, pieces: list[str], text: str) -> str:
        return (
            "小数编号读作各级标题（1.→一、，2.1→1.）"
            + (f"，分成 {len(pieces)} 段" if len(pieces) > 1 else "")
            + f"：“{clip(text, 20)}”"
        )

    def typed(self, found: re.Match[str]) -> str | None:
        """Return the typed number for a decimal number that continues the outline, or None."""
        a = int(found.group("a"))
        if found.group("b") is None:
            if a != self.section + 1 or ("." not in found.group(0) and "．" not in found.group(0)):
                return None
            self.section, self.task = a, 0
            return f"{chinese(a)}、"
        b = int(found.group("b"))
        if a != self.section or b != self.task + 1:
            return None
        self.task, self.tasks = b, self.tasks + 1
        return f"{self.tasks}."

    def _piece(self, typed: str, text: str) -> list[str]:
        return _decimal_piece(typed, text.strip())


_NAMED_HEADING = lazy(r"^([^，,。；;：:！!？?“”\"]{2,20}?" + _TITLE_WORD + r")(?=[\u4e00-\u9fff])")
"""A section heading that names a plan ("幼儿园秋季园务工作计划") run into its first sentence."""


def _decimal_piece(typed: str, text: str) -> list[str]:
    """Return a piece with its typed number; a section heading ending in a title word and
    run into its text ("1.…工作计划为了保证…") is cut there, the text a paragraph."""
    if typed.endswith("、") and (named := _NAMED_HEADING.match(text)):
        return [typed + named.group(1), text[named.end() :]]
    return [typed + text]


def _has_decimal_outline(lines: list[Line]) -> bool:
    """Return True when a text with no 一、 and no 第一章 numbers its outline "1." / "2.1":
    sections 1. 2. 3. in order, each of at least two holding a task N.1 right after it."""
    text = "".join(line.text for line in lines if _plain(line))
    if "第一章" in text or 0 <= text.find("一、") < text.find("二、"):
        return False
    probe = _Decimal()
    opened = 0
    for found in _DECIMAL.finditer(text):
        before = probe.section
        if probe.typed(found) is not None and found.group("b") == "1" and before == probe.section:
            opened += 1
    return opened >= 2


def _decimal_outline(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with a decimal outline (1. / 2.1) typed as 一、 / 1., split at its
    numbers; the split is reported at each line it concerns."""
    if not _has_decimal_outline(lines):
        return lines
    return _split_numbered(lines, notes, _Decimal())


# -- 一、 sections with 1.1 groups -----------------------------------------------------

_SECTION_DECIMAL = lazy(
    r"^\s*(?P<s>[一二三四五六七八九十]{1,3})\s*、\s*"
    r"|(?<![0-9.．])(?P<a>[0-9]{1,2})[.．](?P<b>[0-9]{1,2})(?:[.．](?P<t>[0-9]{1,2}))?"
    r"(?![0-9.．])\s*(?=[\u4e00-\u9fff“\"《（(])(?![倍万亿元个%％])"
)


class _SectionDecimals(_Chapters):
    """An outline 一、 / 1.1 / 1.1.1: the sections keep their numbers, N.M under section N
    is its group （M）, N.M.K a task (as a chapter outline's)."""

    PATTERN = _SECTION_DECIMAL

    def __init__(self) -> None:
        super().__init__()
        self.decimals = 0

    def state(self) -> tuple[int, ...]:
        return (self.decimals,)

    def note(self, pieces: list[str], text: str) -> str:
        return (
            "小数编号读作下级标题（1.1→（一），1.1.1→1.）"
            + (f"，分成 {len(pieces)} 段" if len(pieces) > 1 else "")
            + f"：“{clip(text, 20)}”"
        )

    def typed(self, found: re.Match[str]) -> str | None:
        """Return the typed number for a number that continues the outline, or None."""
        if found.group("s"):
            if value_of(found.group("s")) != self.chapter + 1:
                return None
            self.chapter, self.group, self.task = self.chapter + 1, 0, 0
            return f"{chinese(self.chapter)}、"
        a, b = int(found.group("a")), int(found.group("b"))
        if a != self.chapter:
            return None
        if found.group("t") is None:
            if b != self.group + 1:
                return None
            self.group, self.task, self.decimals = b, 0, self.decimals + 1
            return f"（{chinese(b)}）"
        if b != self.group or int(found.group("t")) != self.task + 1:
            return None
        self.task, self.tasks, self.decimals = self.task + 1, self.tasks + 1, self.decimals + 1
        return f"{self.tasks}."


def _has_section_decimals(lines: list[Line]) -> bool:
    """Return True when a text with 一、 headings and no （一） numbers its groups 1.1: a
    line opening with 1.1 or 一、…1.1 after the 一、 line, and 2.1 after 二、 if it has one."""
    plain = [line.text.strip() for line in lines if _plain(line) and not line.style]
    if any(LEVEL_PATTERNS[1].match(text) for text in plain):
        return False
    opens = {1: False, 2: False}
    section = 0
    for text in plain:
        if found := LEVEL_PATTERNS[0].match(text):
            section = value_of(text[: found.start("rest")].strip().rstrip("、.．"))
            text = found.group("rest")
        first = re.search(rf"(?<![0-9.．]){section}[.．]1(?![0-9.．])\s*[\u4e00-\u9fff]", text)
        if section in opens and first is not None and first.start() <= _HEAD_MAX:
            opens[section] = True
    seen_second = any(text.startswith("二、") for text in plain)
    return opens[1] and (opens[2] or not seen_second)


def _section_decimals(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with the 1.1 groups of a 一、 outline typed （一）, split at them."""
    if not _has_section_decimals(lines):
        return lines
    return _split_numbered(lines, notes, _SectionDecimals())


_DAMAGED_END = lazy(r"(?<=[\u4e00-\u9fff)）])\?{2,}(?=[\u4e00-\u9fff“\"《])")
"""Question marks a page put for characters it could not show ("…导向??教育强国…")."""


def _damaged_heading_ends(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with a numbered heading whose break before its text a page turned
    into "??" ("（一）国家政策导向??教育强国…") split there, each split reported."""
    out: list[Line] = []
    for line in lines:
        number = typed_number(line.text) if _plain(line) and not line.style else None
        found = _DAMAGED_END.search(line.text) if number is not None else None
        if found is None or found.start() > len(number or "") + _HEAD_MAX:
            out.append(line)
            continue
        notes.add(
            line.number,
            SPLIT,
            f"标题后的“{found.group()}”是网页损坏的字符，在此分段：“{clip(line.text, 20)}”",
        )
        out.append(replace(line, text=line.text[: found.start()]))
        out.append(replace(line, text=line.text[found.end() :]))
    return out


# -- slashed headings: 01 / 指导思想 --------------------------------------------------

_SLASHED = lazy(
    r"^\s*(?P<n>[0-9]{2})\s*[/／|｜丨]\s*(?P<rest>[\u4e00-\u9fff“\"《][^。；;！!？?]{1,30})$"
)
"""A section heading an article numbers "01 / 指导思想" on a line of its own."""


def _slashed_headings(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with "01 / …" headings typed as 一、 when the text has no 一、
    heading of its own; the numbers must run 01, 02 … in order, at least two of them."""
    if any(LEVEL_PATTERNS[0].match(line.text) for line in lines if _plain(line)):
        return lines
    found = [
        (index, heading)
        for index, line in enumerate(lines)
        if _plain(line) and not line.style and (heading := _SLASHED.match(line.text))
    ]
    typed: list[tuple[int, re.Match[str]]] = []
    for index, heading in found:
        if int(heading.group("n")) != len(typed) + 1:
            break
        typed.append((index, heading))
    if len(typed) < 2:
        return lines
    out = list(lines)
    for count, (index, heading) in enumerate(typed, start=1):
        shown = heading.string[: heading.start("rest")].strip()
        notes.add(lines[index].number, SPLIT, f"“{shown}”读作一级标题编号“{chinese(count)}、”")
        out[index] = replace(
            lines[index], text=f"{chinese(count)}、{heading.group('rest').strip()}"
        )
    return out


# -- group numbers that lost their opening bracket: 一) / 二) --------------------------

_HALF_BRACKETED = lazy(r"^\s*(?P<n>[一二三四五六七八九十]{1,3})\s*[)）](?P<rest>\s*\S.*)$")
"""A group number at a line start whose opening bracket is lost: "一)“护校安园”…"."""


def _lost_open_brackets(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with "一)" / "二)" group numbers given back their opening bracket
    (（一）); the numbers must run 一, 二 … (again after each 一、 heading), at least two."""
    typed: dict[int, int] = {}
    count = 0
    for index, line in enumerate(lines):
        if not _plain(line) or line.style:
            continue
        if LEVEL_PATTERNS[0].match(line.text):
            count = 0
        elif (found := _HALF_BRACKETED.match(line.text)) and value_of(
            found.group("n")
        ) == count + 1:
            count += 1
            typed[index] = count
    if len(typed) < 2 or 2 not in typed.values():
        return lines
    out = list(lines)
    for index, number in typed.items():
        found = _HALF_BRACKETED.match(lines[index].text)
        assert found is not None
        notes.add(
            lines[index].number,
            SPLIT,
            f"“{found.string[: found.start('rest')].strip()}”缺左括号，读作二级标题编号“（{chinese(number)}）”",
        )
        out[index] = replace(
            lines[index], text=f"（{chinese(number)}）{found.group('rest').strip()}"
        )
    return out


# -- task numbers a site blanked: "、幼儿园建设目标。" -----------------------------------

_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_BLANKED = lazy(r"^\s*、\s*(?P<rest>[\u4e00-\u9fff].*)$")
"""A line whose number the site blanked (it deletes every digit): only its 、 is left."""


def _blanked_task_numbers(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with a task whose number was blanked ("、幼儿园建设目标。") given
    the number that follows the task before it under its heading (1. after a heading)."""
    out: list[Line] = []
    count = 0
    for line in lines:
        text = line.text
        if LEVEL_PATTERNS[0].match(text) or LEVEL_PATTERNS[1].match(text):
            count = 0
        elif task := LEVEL_PATTERNS[2].match(text):
            count = int(task.group("n").translate(_FULL_DIGITS))
        elif (
            text.lstrip()[:1] == "、"
            and (found := _BLANKED.match(text))
            and _plain(line)
            and not line.style
            and out
        ):
            count += 1
            notes.add(line.number, SPLIT, f"行首只剩“、”（网站删去了序号），读作任务编号“{count}.”")
            line = replace(line, text=f"{count}.{found.group('rest')}")
        out.append(line)
    return out


# -- a heading line in mojibake: "?。ㄒ唬┛傮w目標" for "（一）總體目標" ------------------

_MOJIBAKE_SHIFT = (1, 2)
"""Bytes a GBK line's reading lost at its start (a byte turned "?" and a half character)."""


def _mojibake_numbers(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with a heading whose GBK bytes were read one byte off (its first
    byte damaged, "?。ㄒ唬┛傮w目標") read again from the next character boundary, when
    that gives an outline number (（一）總體目標); each repair reported."""
    out: list[Line] = []
    for line in lines:
        repaired = _realigned(line.text) if _plain(line) and not line.style else None
        if repaired is not None:
            notes.add(
                line.number,
                SPLIT,
                f"乱码行“{clip(line.text, 12)}”按 GBK 错位一字节重读为“{clip(repaired, 12)}”",
            )
            line = replace(line, text=repaired)
        out.append(line)
    return out


def _realigned(text: str) -> str | None:
    """Return ``text`` read again one or two bytes on as GBK, when it then starts with an
    outline number and did not before; else None."""
    if typed_number(text) is not None or not text or "\u4e00" <= text[0] <= "\u9fff":
        return None
    try:
        raw = text.encode("gbk")
    except UnicodeEncodeError:
        return None
    for shift in _MOJIBAKE_SHIFT:
        try:
            again = raw[shift:].decode("gbk")
        except UnicodeDecodeError:
            continue
        if any(pattern.match(again) for pattern in LEVEL_PATTERNS[:2]):
            return again
    return None


# -- ordinal headings: 第一，/ 第二， ---------------------------------------------------

_ORDINAL = lazy(
    r"^第(?P<n>[一二三四五六七八九十]{1,3})\s*[，,、]\s*(?P<rest>[^。；;！!？?]{2,40}。?)$"
)
"""A first-level heading a speech numbers 第一，…: a short line, one sentence at most
("第一，要做一个有责任感的人。")."""
_ORDINAL_POINT = lazy(
    r"^第(?P<n>[一二三四五六七八九十]{1,3})\s*(?:点|個|个|条|條)\s*"
    r"(?:希望|要求|建议|建議|意见|意見|体会|體會|想法|感受)?\s*[，,、：:]\s*(?P<rest>\S.{1,})$"
)
"""A speech's point "第一点希望，希望大家……。……": its run-in heading and its text."""


def _ordinal_headings(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with 第一，/第二， headings typed as 一、/二、 when the text has no
    一、 heading of its own; the ordinals must run 第一, 第二 … in order."""
    if any(LEVEL_PATTERNS[0].match(line.text) for line in lines if _plain(line)):
        return lines
    out: list[Line] = []
    count = 0
    for line in lines:
        found = (
            (_ORDINAL.match(line.text) or _ORDINAL_POINT.match(line.text))
            if _plain(line) and not line.style
            else None
        )
        if found is None or value_of(found.group("n")) != count + 1:
            out.append(line)
            continue
        count += 1
        typed = f"{chinese(count)}、{found.group('rest').strip()}"
        notes.add(
            line.number,
            SPLIT,
            f"“{_ordinal_shown(found)}”读作一级标题编号“{chinese(count)}、”",
        )
        out.append(replace(line, text=typed))
    return out


def _ordinal_shown(found: re.Match[str]) -> str:
    """Return the ordinal as the report names it: "第一，", "第一点希望,"."""
    if found.re.pattern == _ORDINAL.pattern:
        return f"第{found.group('n')}，"
    return clip(found.string[: found.start("rest")].strip(), 12)


# -- run-together text -----------------------------------------------------------------

_CANDIDATE = lazy(r"[（(]\s*[一二三四五六七八九十0-9０-９]|[一二三四五六七八九十0-9０-９]")
_NUMERALS = "零一二三四五六七八九十百"
_TITLE_PREFIX = lazy(
    r"^[^，,。；;：:！!？?《》“”\"]{2,58}?"
    + _TITLE_WORD
    + r"(?![会會]|大[会會])"  # 在……总结会上发言: the meeting's name, not the title's end
    + r"(?:(?:及|和|与|與|暨)[^，,。；;：:！!？?《》“”\"]{2,30}?"
    + _TITLE_WORD
    + r")?(?:范文|稿)?"
)


@dataclass(frozen=True)
class _Number:
    """An outline number found inside a text: where, its level (1–4) and value."""

    start: int
    level: int
    value: int
    bare: int = 0
    """For a task number without its point ("4 不断…"): the length of "4 " (else 0)."""
    glued: bool = False
    """A task number without its point glued to a month ("13月中旬": 1 then 3月)."""


class _Outline:
    """The numbering seen so far: the last value at each level, to judge a candidate."""

    def __init__(self) -> None:
        self.last = {1: 0, 2: 0, 3: 0, 4: 0}

    def fits(self, number: _Number) -> bool:
        """Return True when ``number`` starts its level or continues it."""
        return number.value in (1, self.last[number.level] + 1)

    def see(self, number: _Number) -> None:
        """Record ``number``; a section restarts its groups, any number its items.

        Task numbers are never restarted: plans number them across sections too.
        """
        self.last[number.level] = number.value
        if number.level == 1:
            self.last[2] = 0
        self.last[4] = 0


def _number_at(text: str, pos: int, bare: bool = False) -> _Number | None:
    """Return the outline number that starts at ``pos`` in ``text``, if one does
    (with ``bare``, also a task number without its point)."""
    window = text[pos : pos + 16]
    for level, pattern in zip((1, 2, 3, 4), LEVEL_PATTERNS, strict=True):
        match = pattern.match(window)
        if match and match.group("rest"):
            digits = match.group("n")
            value = (
                value_of(digits) if level in (1, 2) else int(unicodedata.normalize("NFKC", digits))
            )
            return _Number(pos, level, value) if value else None
    found = _BARE_TASK.match(window) if bare else None
    if found:
        return _Number(pos, 3, int(found.group(1)), found.end())
    month = _MONTH_TASK.match(window) if bare else None
    if month and int(month.group(1) + month.group(2)) > _MONTHS:
        return _Number(pos, 3, int(month.group(1)), 1, glued=True)
    return None


_BARE_TASK = lazy(
    r"([1-9][0-9]{0,2})[ \u3000]+(?=[\u4e00-\u9fff])(?![个名所项年月日万亿元次人家天周])"
)
"""A task number that lost its point ("4 不断加强…"): read only where it continues the
numbering after a sentence's end."""


_MONTH_TASK = lazy(r"([1-9])(?=(1[0-2]|[1-9])(?:\s*[-－—~～至]\s*[0-9]{1,2})?\s*月)")
"""A task number that lost its point before a month ("13月中旬" for "1、3月中旬",
"37-8月份" for "3、7-8月份"): read only where the two would make no month."""
_MONTHS = 12


def _candidates(text: str) -> Iterator[_Number]:
    """Yield the outline numbers inside ``text`` (not at its start, not inside a number)."""
    for found in _CANDIDATE.finditer(text, 1):
        before = text[found.start() - 1]
        piece = before.isdigit() and _PIECE_NUMBER.search(text, 0, found.start())
        if (before.isdigit() and not piece) or before in _NUMERALS or before in "第、.．":
            continue
        number = _number_at(text, found.start(), bare=True)
        if number is not None:
            yield number


def _prev_char(text: str, pos: int) -> str:
    stripped = text[:pos].rstrip(' \u3000”’"」')
    return stripped[-1:] if stripped else ""


_RUN_ORDINAL = lazy(r"第(?P<n>[一二三四五六七八九十]{1,2})、\s*")
"""A speech's first-level point run into the text: "……我讲三点意见: 第一、……"."""
_ORDINAL_BEFORE = "。：:！？!?"


class _Splitter:
    """Splits run-together lines at outline numbers, keeping the numbering's state."""

    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.outline = _Outline()
        self.points = 0  # task numbers given back their point ("4 " → "4.")
        self.months = 0  # task numbers parted from the month they were glued to ("13月")
        self.month_shown = ""  # the last of them, as written
        self.stops = 0  # a scanner's "O" before the next number read as 。
        self.colons = 0  # a run-in heading's colon before the number that follows it
        self.ordinals = 0  # a speech's run-in 第一、 typed 一、

    def split(self, line: Line, top: bool) -> list[str]:
        """Return the pieces of ``line``'s text; ``top``: the line may start with the title."""
        text = line.text
        pieces = _head_pieces(text) if top and len(text) >= _RUN_TOGETHER else [text]
        out: list[str] = []
        for piece in (cut for whole in pieces for cut in self._at_ordinals(whole)):
            for cut in self._at_numbers(piece):
                if out and _PIECE_NUMBER.fullmatch(cut):  # "篇1" stays with the title
                    out[-1] += cut
                else:
                    out.append(cut)
        return out

    def _at_ordinals(self, text: str) -> list[str]:
        """Return ``text`` split before a speech's run-in 第一、 第二、 (after a sentence's
        end, in order from 第一, each heading ended by a space), each typed 一、."""
        found = [
            m for m in _RUN_ORDINAL.finditer(text) if _prev_char(text, m.start()) in _ORDINAL_BEFORE
        ]
        values = [value_of(m.group("n")) for m in found]
        if not found or values != list(range(1, len(found) + 1)):
            return [text]
        out, heads = [text[: found[0].start()]], []
        for match, after in zip(found, [*found[1:], None], strict=True):
            rest = text[match.end() : after.start() if after else len(text)]
            space = _HEADING_SPACE.search(rest)
            if space is None or space.start() > _HEAD_MAX or "。" in rest[: space.start()]:
                return [text]  # a point without a heading of its own: not split
            heads.append(f"{chinese(value_of(match.group('n')))}、{rest[: space.start()]}")
            out += [heads[-1], rest[space.end() :]]
        self.ordinals += len(heads)
        return [piece.strip() for piece in out if piece.strip()]

    def _at_numbers(self, text: str) -> list[str]:
        pieces: list[str] = []
        start = 0
        head = _start_number(text)
        if head is not None:
            self.outline.see(head)
        for number in _candidates(text):
            segment = text[start : number.start]
            if self.outline.fits(number) and _scanned_stop(segment, number, self.outline):
                segment = segment.rstrip()[:-1] + "。"
                self.stops += 1
                pieces.extend(_heading_end(self._pointed(segment, head), head))
                start, head = number.start, number
                self.outline.see(number)
            elif self.outline.fits(number) and _breaks(segment, head, number, self.outline):
                if _run_in_colon(segment, head):  # "二、主要目标:1、……"
                    segment = segment.rstrip()[:-1]
                    self.colons += 1
                pieces.extend(_heading_end(self._pointed(segment, head), head))
                start, head = number.start, number
                self.outline.see(number)
        pieces.extend(_heading_end(self._pointed(text[start:], head), head))
        return [piece.strip() for piece in pieces if piece.strip()]

    def _pointed(self, segment: str, head: _Number | None) -> str:
        """Return a piece that starts with a task number without its point, pointed: "4."."""
        if head is None or not head.bare:
            return segment
        if head.glued:
            self.months += 1
            self.month_shown = segment[: segment.find("月") + 1]
        else:
            self.points += 1
        # "1.3月" and "1、3月" read as no number (a decimal, a list of months): a space
        # after the point keeps the task's text, which starts with a digit, apart
        point = ". " if head.glued else "."
        return f"{head.value}{point}{segment[head.bare :]}"


def _run_in_colon(segment: str, head: _Number | None) -> bool:
    """Return True for a first- or second-level heading ending in the colon of its run-in
    text (the text split off at the number after it)."""
    return (
        head is not None
        and head.level <= 2
        and _is_heading(segment, head)
        and segment.rstrip().endswith(("：", ":"))
    )


def _start_number(text: str) -> _Number | None:
    return _number_at(text, 0)


_PIECE_NUMBER = lazy(r"篇\s*[0-9０-９一二三四五六七八九十]{1,2}\s*[:：]?$")
"""The number of a compilation's piece at the end of a run-together segment: "篇1"."""


def _breaks(segment: str, head: _Number | None, number: _Number, outline: _Outline) -> bool:
    """Return True when a new paragraph starts at ``number`` after ``segment``."""
    before = _prev_char(segment, len(segment))
    if _PIECE_NUMBER.search(segment) and number.level == 1 and number.value == 1:
        return True  # "……范例篇1一、指导思想": a compilation's piece, then its first 一、
    if before.isdigit() or not before:
        return False
    if number.glued and head is not None and head.level < 3 and _is_heading(segment, head):
        return number.value == 1  # "二、…迈进13月中旬…": the heading's first task
    if number.bare:  # no point: only the next task number after a sentence
        return before in _STOP and number.value == outline.last[3] + 1 > 1
    if before in _STOP or (before in "：:" and number.level <= 2):
        return True
    if head is not None and _is_heading(segment, head):
        child = number.level > head.level and number.value == 1
        sibling = number.level == head.level and number.value == outline.last[head.level] + 1
        return child or sibling
    if _RESPONSIBILITY.search(segment):
        return number.value == outline.last[number.level] + 1
    return bool(_TITLE_END.search(segment.rstrip())) and number.value == 1


def _scanned_stop(segment: str, number: _Number, outline: _Outline) -> bool:
    """Return True when a scanner read the 。 before the next heading as "O" or "o":
    "…配备率达100%O(二)五育融合…" (a digit, % or Chinese before it, and the number the
    next of its level — a first- or second-level heading)."""
    text = segment.rstrip()
    if len(text) < 2 or text[-1] not in "Oo" or number.bare or number.level > 2:
        return False
    before = text[-2]
    cjk = "\u4e00" <= before <= "\u9fff"
    return (before.isdigit() or before == "%" or cjk) and number.value == (
        outline.last[number.level] + 1
    ) > 1


def _is_heading(segment: str, head: _Number) -> bool:
    """Return True for a numbered heading without a sentence (the text runs into a number)."""
    return len(segment) <= _HEAD_MAX and "。" not in segment and head.level <= 3


_HEADING_SPACE = lazy(r"(?<=[^\s\d,，、;；:：])[ \u3000]+(?=[\u4e00-\u9fff])")


def _heading_end(segment: str, head: _Number | None) -> list[str]:
    """Return a numbered heading cut at the space that ends it ("一、甲 近年来…").

    A space after a comma is no heading's end: the heading goes on ("……关注教育发展, 深入
    学习……" is a newspaper column's gap inside one heading).
    """
    if head is None or head.level > 2:
        return [segment]
    space = _HEADING_SPACE.search(segment, 4)
    if space is None or space.start() > _HEAD_MAX:
        return [segment]
    return [segment[: space.start()], segment[space.end() :]]


_TITLE_GOES_ON = lazy(
    r"[^\s，,。；;：:！!？?《》“”\"]{1,10}?" + _TITLE_WORD + r"(?=[ \u3000]|同志们|各位)"
)
"""The rest of a title whose first 文种 word names its occasion: "……在教育总结 / 会上发言"."""


def _title_goes_on(text: str, end: int) -> int:
    """Return where a run-together title ends: at ``end``, or at a later 文种 word that
    the space or salutation after the title follows ("……总结会上发言 同志们:")."""
    more = _TITLE_GOES_ON.match(text, end)
    return more.end() if more else end


def _head_pieces(text: str) -> list[str]:
    """Return the top of a run-together page cut into title, date line, salutation and text.

    A site's name and address before the title is a piece of its own (the title pass
    drops it as furniture); a salutation of several groups ("各位校长、书记,同志们:") is
    cut whole where the text after the title starts. A half-width colon after the
    salutation becomes "：".
    """
    pieces: list[str] = []
    if notice := _RUN_NOTICE.match(text):  # a 印发 notice's head run into its document
        pieces.extend(p for p in notice.groups() if p)
        text = text[notice.end() :].strip()
    if site := _SITE_ADDRESS.match(text):  # furniture: a piece of its own, dropped later
        pieces.append(text[: site.end()])
        text = text[site.end() :]
    if label := _LABEL_BEFORE_TITLE.match(text):  # "1附件 2:": page number, 附件 label
        pieces.append(text[: label.end()])
        text = text[label.end() :]
    title = _TITLE_PREFIX.match(text)
    if title and text[title.end() : title.end() + 1] not in ("的", "是", ""):
        end = _title_goes_on(text, title.end())
        if span := _TITLE_SPAN.match(text, end):  # "……方案(2019-2022年)": the title's years
            end = span.end()
        pieces.extend(_title_and_occasion(text[:end]))
        text = text[end:]
    byline = _SPEAKER_THEN_DATE.match(text) if pieces else None
    if byline:  # "教育部副部长 刘利民(2013 年 6 月 24 日)": speaker, then date line
        pieces.append(byline.group("speaker"))
        text = text[byline.end("speaker") :]
    date_line = _DATE_LINE.match(text) if pieces else None
    if date_line:
        pieces.append(date_line.group(0))
        text = text[date_line.end() :]
    # groups where the text after the title starts, or opening the line (the title stood
    # on its own line above): "尊敬的各位老师,同志们:" whole, never cut before its 同志们:
    salutation = _SALUTATION_AT.match(text)
    salutation = salutation or _SALUTATION.search(text, 0, 200)
    if salutation:
        # the salutation line stands alone now: its colon is made full-width as the body's
        # punctuation is (the split note says so), or "同志们:" would fail the schema
        pieces.extend((text[: salutation.start()], salutation.group(0).replace(":", "：")))
        text = text[salutation.end() :]
    pieces.append(text)
    return [piece.strip() for piece in pieces if piece.strip()]


_TITLE_SPAN = lazy(r"\s*[（(]\s*(?:19|20)\d{2}\s*[-—–－~～至]\s*(?:19|20)?\d{2}\s*年?\s*[)）]")
"""The years a title covers, after its 文种 word: "(2019-2022年)"."""
_RUN_NOTICE = lazy(
    r"^(?P<number>[^\s，,。；;：:！!？?]{1,12}?(?:[〔\[［(（【]\s*)?(?:19|20)\d{2}\s*[〕\]］)）】]?\s*"
    r"\d{1,4}\s*[号號])?"
    r"(?P<title>[^，,。；;：:！!？?]{4,150}?(?:关于|關於|關于)?印[发發][^。；;：:！!？?]{2,150}?的通知)"
    r"(?P<addressee>[^。；;：:！!？?]{2,150}?[：:])"
    r"(?P<issuing>[^。]{0,400}?印[发發]\s*[给給][^。]{0,60}。)"
    r"(?:\s*(?P<issuer>[^\s，,。；;：:！!？?\d]{2,30}?)\s*"
    r"(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日))?"
)
"""A 印发 notice run into the document it issues: 文号 (its brackets perhaps lost),
"……关于印发……的通知", 主送, the issuing sentence, then 署名 and date."""
_LABEL_BEFORE_TITLE = lazy(r"^[0-9]{0,3}\s*附件\s*[0-9０-９]{0,2}\s*[:：]\s*")
"""A page number and an 附件 label run into the top of a page: "1附件 2:"."""
_OCCASION = lazy(
    r"(?P<occasion>在[^在，,。；;：:！!？?]{4,60}?(?:会|会议|大会|典礼|仪式|论坛|推进会)上的"
    r"(?:讲话|講話|发言|發言|致辞|致辭|报告|報告))$"
)
"""The occasion a run-together speech title ends with: "在全国……推进会上的讲话"."""
_SPEAKER_THEN_DATE = lazy(
    r"^(?P<speaker>[^，,。；;：:！!？?（()）]{2,30}?)\s*(?=[（(][^（()）]{0,30}?(?:19|20)[0-9]{2}\s*年)"
)
"""A speaker line run into the date line after a title: "教育部副部长 刘利民(2013 年…)"."""


_OFFICE = lazy(
    r"书记|書記|局长|局長|部长|部長|主任|校长|校長|县长|縣長|市长|市長|厅长|廳長|主席|同志"
)
"""An office before 在……上的讲话 names the speaker: the line is one title."""


def _title_and_occasion(title: str) -> list[str]:
    """Return a run-together speech title as its title and its occasion, which becomes
    the "——在……上的讲话" subtitle; a title that is the occasion alone stays whole."""
    found = _OCCASION.search(title)
    if found is None or found.start() < 4 or _OFFICE.search(title[: found.start()]):
        return [title]  # "县委书记张渭在……上的讲话": the speaker's name, no theme
    return [title[: found.start()], "——" + found.group("occasion")]


def _first_long(lines: list[Line]) -> int | None:
    """Return the index of the line that may start with the title of a run-together page.

    That is the first long line near the top, before any line starts with a number.
    """
    for index, line in enumerate(lines[:_TOP]):
        if _start_number(line.text) is not None:
            return None
        if len(line.text) >= _RUN_TOGETHER:
            return index
    return None


def _split_run_together(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with run-together text split; one note per line split."""
    splitter = _Splitter(notes)
    out: list[Line] = []
    first_long = _first_long(lines)
    for index, line in enumerate(lines):
        if not _plain(line) or line.style:
            out.append(line)
            continue
        points, stops, colons = splitter.points, splitter.stops, splitter.colons
        ordinals, months = splitter.ordinals, splitter.months
        pieces = splitter.split(line, index == first_long)
        if len(pieces) > 1:
            colon = (
                "，称呼后的半角冒号改为全角"
                if any(_SALUTATION.fullmatch(p) or _SALUTATION_AT.fullmatch(p) for p in pieces)
                else ""
            )
            if splitter.points > points:
                colon += "，没有“.”的任务序号补上“.”"
            if splitter.months > months:
                shown = splitter.month_shown
                colon += f"，与月份连写的任务序号拆开（“{shown}”读作“{shown[0]}. {shown[1:]}”）"
            if splitter.stops > stops:
                colon += "，序号前误识别为“O”的句号改为“。”"
            if splitter.ordinals > ordinals:
                colon += "，讲话的“第一、”读作一级标题“一、”"
            if splitter.colons > colons:
                colon += "，标题后、序号前的冒号删去"
            if any(p.startswith("——在") for p in pieces) and "——在" not in line.text:
                colon += "，标题后的讲话场合前加“——”作副题"
            notes.add(
                line.number,
                SPLIT,
                f"把连在一起的一行分成 {len(pieces)} 段（在标题、称呼和序号处{colon}）："
                f"“{clip(line.text, 20)}”",
            )
        out.extend(replace(line, text=piece) for piece in pieces)
    return out


# -- an unnumbered group heading between 一、 and 1.: "三、实施步骤与时间节点教育质量提升1.…" --

_PINYIN_GLOSS = r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[）)]"
"""A pinyin gloss some sites put after a character: 節(jié)點."""
_GLOSS_MARK = f"(?:{_PINYIN_GLOSS})?"
_GLOSS_STRIP = lazy(_PINYIN_GLOSS)
_SECTION_NOUNS = (
    "步骤", "步驟", "节点", "節點", "安排", "措施", "目标", "目標", "任务", "任務", "要求",
    "保障", "原则", "原則", "分析", "内容", "內容", "重点", "重點", "进度", "進度",
)  # fmt: skip
_SECTION_NOUN = lazy(
    "|".join(_GLOSS_MARK.join(map(re.escape, w)) + _GLOSS_MARK for w in _SECTION_NOUNS)
)
"""The nouns a 一、 heading ends in (…实施步骤与时间节点), a pinyin gloss allowed after each character."""
_BARE_GROUP = lazy(r"^[\u4e00-\u9fff]{4,16}$")
_GROUP_NOT_START = "和与與及暨、的之并並或"
_LEAD_IN_ENDS = ("包括", "如下", "是", "有", "为", "為", "要", "在", "的")


def _glued_group_headings(lines: list[Line], notes: Notes) -> list[Line]:
    """Return the lines with an unnumbered group heading run into the 一、 heading before the
    first task of its section ("三、实施步骤与时间节点教育质量提升" then "1.…", split from one
    line) typed as （一）: the heading ends in a heading noun, a short phrase follows it."""
    out: list[Line] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        split = _glued_group(line, following) if following is not None else None
        if split is None:
            out.append(line)
            continue
        heading, group = split
        notes.add(
            line.number,
            SPLIT,
            f"一级标题后连着无编号的分组标题“{clip(group, 16)}”，读作“（一）{clip(group, 16)}”",
        )
        out += [replace(line, text=heading), replace(line, text=f"（一）{group}")]
    return out


def _glued_group(line: Line, following: Line) -> tuple[str, str] | None:
    """Return (section heading, group heading) of a 一、 heading with a group heading glued
    on, when the next piece of the same line is task 1.; else None."""
    section = LEVEL_PATTERNS[0].match(line.text)
    task = LEVEL_PATTERNS[2].match(following.text)
    if section is None or task is None or following.number != line.number or not _plain(line):
        return None
    if task.group("n").translate(_FULL_DIGITS) != "1":
        return None
    rest = section.group("rest").strip()
    for noun in _SECTION_NOUN.finditer(rest):
        head, group = rest[: noun.end()], rest[noun.end() :]
        bare = _GLOSS_STRIP.sub("", group)
        if (
            len(_GLOSS_STRIP.sub("", head)) >= 4
            and _BARE_GROUP.match(bare)
            and bare[0] not in _GROUP_NOT_START
            and not bare.endswith(_LEAD_IN_ENDS)
        ):
            return line.text[: section.start("rest")] + head, group
    return None
