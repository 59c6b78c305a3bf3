"""Recognise: the structure of a document from its extracted lines.

The second stage of ``drafting import``. It finds the title (by style, or the last
title-like line before the body), the speech head (speaker, date line, 同志们：), the
four levels in every variant seen in real documents (一、/一. ; （一）/(一) ;
1./1、/1．/１．/"1 ." ; （1）/(1)), run-in titles, responsibility notes and deadlines,
the attachment note, signature and date. Web-page furniture around the document is
dropped and listed; nothing is dropped silently, and numbering gaps or repeats are
warnings, never renumbered (every note and its code: :mod:`drafting.ingest.notes`).

The passes, in order: clean the lines (:func:`_clean`); choose one part of a page of
several (:func:`_choose_part`) or find the title (:func:`_find_title`), and so the kind;
read the head (:func:`_read_head`); take each body line through the steps of
:class:`_Body` (attachment page, lead-unit remark, attachment note, signature, date,
clutter, full-width punctuation, closing, responsibility line, deadline line, outline
level); drop trailing furniture; assemble the document data (:func:`_assemble`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from drafting.diagnostics import Diagnostic
from drafting.errors import PartError
from drafting.ingest.builder import Builder, finish, numbering, numeral
from drafting.ingest.extract import Extracted, Line

if TYPE_CHECKING:
    from drafting.ingest.frame import Frame
from drafting.defaults import DEFAULT_NUMBERING
from drafting.ingest.lines import structure
from drafting.ingest.notes import (
    ATTACHMENT,
    ATTACHMENT_PAGE,
    BOOKMARK,
    CLUTTER,
    FULL_WIDTH,
    JOINED,
    LEAD_FIRST,
    NO_SPEAKER,
    NOTICE,
    PART_CHOSEN,
    PLACEHOLDER,
    REPEATED,
    SPLIT,
    TABLE_HEADER,
    TITLE,
    UNREAD,
    YEAR_FROM_TEXT,
    YEAR_GUESSED,
    Notes,
    clip,
)
from drafting.ingest.notice import (
    DISCLOSURE,
    GLOSSES,
    Notice,
    doc_number,
    doc_number_damage,
    read_notice,
)
from drafting.ingest.patterns import ADDRESSEE_NOUN, SALUTATION_GROUPS, lazy
from drafting.ingest.responsibility import DEADLINE_ONLY, RESP_LINE
from drafting.ingest.titles import PIECE_LABEL, editor_title, site_title, title_span, title_year
from drafting.outline import (
    GROUP_NUMBER,
    ITEM_NUMBER,
    LONG_TASK_NUMBER,
    SECTION_NUMBER,
    TASK_NUMBER,
    value_of,
)

_PART = lazy(r"^(.{2,40}?)篇([一二三四五六七八九十]{1,3})$")
# [^][]: a scan stops at the next "[", so a paragraph of unclosed marks stays linear
_BOOKMARK = lazy(r"\[bookmark:[^\][]*\]")
_DATE = lazy(r"^[（(]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[）)]?$")
_DATE_YEAR = lazy(r"(?:19|20)\d{2}\s*年")
_YEAR = lazy(r"((?:19|20)\d{2})\s*年")
_ATTACH_NOTE = lazy(r"^附件\s*[:：]\s*(.+?)\s*$")
_ATTACH_LABEL = lazy(r"^附件\s*[0-9０-９]*\s*$")
_LABEL_LINE = lazy(r"^[0-9]{0,3}\s*附件\s*[0-9０-９]{0,2}\s*[:：]?$")
"""An 附件 label above a title, perhaps after a page number ("1附件 2:"): no salutation."""
_PAGE_LABEL = lazy(r"^(?:标题|標題|作者|时间|時間|日期|来源|來源|发布时间|發布時間)\s*[:：]$")
"""A page's metadata label on its own line, its value on the next (a forum's print page:
"标题:" over the thread's title, "作者:" over a user name): no salutation."""
_PLACEHOLDER = lazy(
    r"[×✕╳]{2,}|\*{2,}|(?:19|20)[xX×＿_]{1,2}(?=\s*年|\s*-|\s*届|\s*学)|(?<![A-Za-z])(?:XX|xx|Xx)+(?![A-Za-z])"
    r"|[＿_]{2,}|[\[【［][^\]】］]{1,10}(?:名称|名字|姓名|单位)[\]】］]|某某"
)
"""A placeholder the person must fill in: ××, ***, 20xx年, XX, ＿＿, [学校名称], 某某."""
_SALUTATION = lazy(r"^[^，,。；;：:！!？?]{2,30}[：:]$")
_SALUTATION_GROUPS = lazy(rf"^{SALUTATION_GROUPS}$")
"""A salutation of several addressee groups, commas and all: "各位老师,同志们、同学们:"."""
_METADATA_LABEL = lazy(
    r"^(?:索\s*引\s*号|文\s*号|发文字号|发布机构|发文机关|名\s*称|主题分类|组配分类|体裁分类|"
    r"发文日期|发布日期|成文日期|公开方式|信息来源|来\s*源|作\s*者|时\s*间|当前位置|"
    r"标\s*题|標\s*題|发布时间|發佈時間|發布時間)\s*[：:]$"
)
"""A label of a disclosure page's metadata table ("文号:") or a forum's print page
("标题:", "作者:", "时间:" each above its value), never an addressee."""
_LEAD_IN = lazy(
    r"(?:工作|任务|任務|要点|要點|目标|目標|措施|内容|內容|举措|舉措|如下|指导思想|指導思想|基本原则|基本原則)"
    r"\s*[：:]$"
)
"""A lead-in label before the headings ("重点工作:"), never an addressee: an addressee
names offices or people."""
_NOT_ADDRESSEE = ("现将", "现把", "下面", "具体如下", "主要", "一是", "其中")
_TITLE_WORDS = (
    "要点",
    "计划",
    "总结",
    "讲话",
    "意见",
    "方案",
    "报告",
    "安排",
    "要點",
    "計劃",
    "總結",
    "講話",
    "小结",
    "小結",
    "规划",
    "規劃",
    "報告",
    "意見",
    "致辞",
    "致辭",
    "发言",
    "發言",
)
_STRONG_JUNK = lazy(
    r"www\.|https?://|\||阅读全文|展开全文|下载文档|全屏查看|WORD下载|"
    r"\d{4}-\d{1,2}-\d{1,2}\s*\d{1,2}:\d{2}|小[编編][^，,。]{0,12}?(?:整理|收集|搜集)|"
    r"(?:发布|發布|更新|发表|發表|上传|上傳|录入|錄入)\s*(?:时间|時間|日期)\s*[:：]\s*\d|"
    r"(?:发布机构|發布機構|点击数|點擊數)\s*[:：]"  # a disclosure page's metadata row
)
"""Page furniture that no document sentence contains (a page's "发布时间:2017-07-21")."""
_CRUMB = lazy(r"[>＞»›]\s*$|\s[>＞»›]\s")
"""A breadcrumb's separator ("实用范文 >发言稿 >"): never in a title."""
_STAMP = lazy(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}:\d{2}|WORD下载|收藏")
"""A page's date-time stamp or download button: never in a title."""
_JUNK = lazy(
    r"阅读全文|展开全文|推荐访问|相关推荐|相关文章|上一篇|下一篇|分享到|扫一扫|点击下载|下载文档|"
    r"全屏查看|页未读|继续阅读|返回顶部|版权所有|免责声明|联系客服|小编|小編|网友投稿|網友投稿|"
    r"来源[:：]|來源[:：]|www\.|https?://|\||登陆|登录|赞赏|赏赞|打赏|喜欢本篇|想阅读完|"
    r"猜你喜欢|猜你喜歡|热门推荐|最新推荐|最新推薦|本文标题|关于本文|二维码|订阅号|温馨提示|溫馨提示|"
    r"浏览次数|瀏覽次數|阅读次数|点击次数|字[号號]\s*[:：]|视力保护色|打印本页|关闭窗口|"
    r"购物车|購物車|我的足迹|我的足跡|(?<![A-Za-z])[Vv][Ii][Pp](?![A-Za-z])|免费下载|免費下載|"
    r"立即下载|立即下載|下载本文|下載本文|标签\s*[:：]|標簽\s*[:：]|欢迎访问|歡迎訪問|欢迎光临|"
    r"歡迎光臨|举报|舉報|(?:^|\s)#\S|正在(?:进行)?安全检测|正在(?:進行)?安全檢測|正在加载|正在加載|"
    r"加载中|加載中|点击数\s*[:：]|點擊數\s*[:：]|(?:^|[:：\s])首[页頁]\s*[>＞»]|会员上传|會員上傳|下[载載]\s*(?:docx?|DOCX?|pdf|PDF)|"
    r"(?:阅读|閱讀|浏览|瀏覽)\s*[(（]\s*[0-9.]+\s*[万萬wWkK]?\s*[)）]|"  # a views count: 阅读(3.28W)
    r"(?:发布|發布|更新|发表|發表|上传|上傳|录入|錄入)\s*(?:时间|時間|日期)\s*[:：]\s*\d|"
    r"^[A-Za-z][A-Za-z0-9_]{1,20}\s*(?:19|20)\d{2}-\d{1,2}-\d{1,2}$"  # an uploader and the date
)
_CLOSING_CUES = (
    "同志们",
    "总之",
    "总而言之",
    "新的一年",
    "展望",
    "在实际工作中",
    "回顾",
    "让我们",
    "下一步",
)
_STYLE_ROLES = {
    "GwTitle": "title",
    "Title": "title",
    "GwByline": "byline",
    "GwAddressee": "addressee",
    "GwSignature": "signature",
    "GwDate": "date",
    "GwAttachNote": "attach-note",
    "GwAttachLabel": "attach-label",
    "GwResponsibility": "responsibility",
    "GwClosing": "closing",
}
ATTACHMENTS = {"重点工作任务分解表": "task-table", "任务完成情况统计表": "completion-table"}


@dataclass(frozen=True)
class Recognised:
    """The document data (plain Python, ready to be written as YAML) and the report.

    ``notes`` are the import report's diagnostics in report order (codes:
    :mod:`drafting.ingest.notes`); ``origins`` maps a top-level key to its source line.
    """

    kind: str
    data: dict[str, Any]
    notes: tuple[Diagnostic, ...] = field(default=())
    origins: dict[str, int] = field(default_factory=dict)
    """The source line each top-level field came from (title, addressee, org …)."""

    def count(self, what: str) -> int:
        """Return how many sections, groups, tasks, items or units were recognised."""
        sections = self.data.get("sections") or []
        if what == "sections":
            return len(sections)
        if what == "groups":
            return sum(len(s.get("groups") or []) for s in sections)
        tasks = [t for s in sections for t in (*s.get("tasks", []), *_group_tasks(s))]
        if what == "tasks":
            return len(tasks)
        if what == "items":
            return sum(len(t.get("items") or []) for t in tasks)
        return len({u for t in tasks for u in (*t.get("lead", []), *t.get("units", []))})


def _group_tasks(section: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for g in section.get("groups") or [] for t in g.get("tasks") or []]


def cn_number(text: str) -> int:
    """Return the value of a Chinese numeral up to 999 (一 → 1, 十二 → 12, 二十 → 20)."""
    return value_of(text)


def _continued(builder: Builder, text: str) -> re.Match[str] | None:
    """Return the match of a four-digit task number that follows the last task's number."""
    match = LONG_TASK_NUMBER.match(text)
    if match is None or not builder.task_numbers:
        return None
    return match if _arabic(match.group("n")) == builder.task_numbers[-1][1] + 1 else None


def _arabic(text: str) -> int:
    return int(unicodedata.normalize("NFKC", text))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_CHARS = frozenset(_HALF_TO_FULL)
"""The half-width marks :func:`full_width` may turn."""


def full_width(text: str) -> tuple[str, int]:
    """Return ``text`` with half-width punctuation next to Chinese made full-width.

    ``,:;?!()`` become ``，：；？！（）`` when the character before or after is Chinese
    (so "3.5", "12:30" and English text stay as they are); a pair of brackets turns as one,
    when either half does ("設(shè)" is "設（shè）", as "設(shè)根" is); returns the count
    changed.
    """
    if _HALF_CHARS.isdisjoint(text):  # most lines of a typed document: nothing to turn
        return text, 0
    turned = []
    for index, ch in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        turned.append(ch in _HALF_TO_FULL and (_is_cjk(before or "a") or _is_cjk(after or "a")))
    opened: list[int] = []
    for index, ch in enumerate(text):
        if ch == "(":
            opened.append(index)
        elif ch == ")" and opened:
            start = opened.pop()
            both = turned[start] or turned[index]
            turned[start] = turned[index] = both
    out = [_HALF_TO_FULL[ch] if turn else ch for ch, turn in zip(text, turned, strict=True)]
    return "".join(out), sum(turned)


# -- what a line is ------------------------------------------------------------------


def _role(line: Line) -> str:
    """Return what the paragraph style of a .docx says the line is ("" for none)."""
    return _STYLE_ROLES.get(line.style, "")


_QUESTION = lazy(r"(?:如何|怎么|怎样|怎麼|怎樣)(?:写|寫|做|办|辦|写好|寫好)?$|(?:吗|嗎|呢)$")
"""The end of a question a Q&A page asks ("……的讲话稿如何写"): never a title."""


_PART_LABEL = lazy(
    r"^第[一二三四五六七八九十0-9０-９]{1,3}\s*(?:板块|板塊|部分|篇章|单元|單元)\s*[：:]"
)
"""A label of a part of the document above its 一、 ("第一板块:本学期学校工作总结"): a
level the schema lacks, never the title."""


def _is_title_like(text: str) -> bool:
    return (
        4 <= len(text) <= 60
        and not _PART_LABEL.match(text)
        and text[-1] not in "。；;，,：:！!？?…."
        and not _QUESTION.search(text)
        and any(word in GLOSSES.sub("", text) for word in _TITLE_WORDS)  # 計(jì)劃 is 計劃
        and not _JUNK.search(text)
        and "首页" not in text
        and not _CRUMB.search(text)
        and not _STAMP.search(text)
        and SECTION_NUMBER.match(text) is None
        and TASK_NUMBER.match(text) is None
    )


def _is_date_line(text: str) -> bool:
    """Return True for a speech's bracketed date line: ``（2025年1月10日在……上）``.

    Checked piece by piece: the pattern ``^[（(].*年.*日.*[）)]$`` it replaces backtracked
    over the three ``.*`` and took minutes on one long bracketed paragraph.
    """
    if "\n" in text or text[:1] not in "（(" or text[-1:] not in "）)":
        return False
    year = _DATE_YEAR.search(text, 1)
    return year is not None and "日" in text[year.end() : -1]


def _date(text: str) -> dt.date | None:
    match = _DATE.match(text.strip())
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _looks_like_speaker(text: str) -> bool:
    """A short line after a speech title naming the speaker: "县委书记　×××"."""
    return (
        len(text) <= 30
        and not any(ch in text for ch in "。，,；：:")
        and ("\u3000" in text or " " in text or "×" in text)
    )


def _is_signature(text: str, following: str) -> bool:
    """An organisation line directly followed by a date line (``following``)."""
    return (
        len(text) <= 30
        and not any(ch in text for ch in "。，,；：:")
        and _date(following) is not None
        and SECTION_NUMBER.match(text) is None
        and TASK_NUMBER.match(text) is None
    )


def is_junk(text: str) -> bool:
    """Return True for a line of web-page furniture (never for a numbered paragraph).

    Words such as 登录 or 分享到 also occur in real sentences, so they only mark short
    lines without sentence punctuation; any other line is furniture only with a site
    address or a 阅读全文-like marker.
    """
    if any(p.match(text) for p in (SECTION_NUMBER, GROUP_NUMBER, TASK_NUMBER, ITEM_NUMBER)):
        return False
    if len(text) > 25 or any(ch in text for ch in "，。；"):
        return bool(_STRONG_JUNK.search(text))
    return bool(_JUNK.search(text))


def _ours(source: Extracted) -> bool:
    return source.properties.get("last_modified_by") == "drafting"


# -- the passes ----------------------------------------------------------------------


def recognise(source: Extracted, kind: str | None = None, part: int | None = None) -> Recognised:
    """Return the document data and report for the extracted lines of one document.

    ``kind`` forces plan, summary or speech; ``part`` picks one document of a page
    that holds several. Raises :class:`~drafting.errors.PartError` when ``part`` is
    needed or does not exist.
    """
    notes = Notes(str(source.path))
    lines = structure(_clean(source, notes), notes)
    notice = None
    frame = None
    number_line: Line | None = None  # a 文号 line above the title of a document with no notice
    if parts(lines):
        title_lines, body = _choose_part(source, lines, part, notes)
    elif kind == "notice" or (kind is None and _is_notice(lines)):
        from drafting.ingest.frame import read_frame

        frame = read_frame(source, lines, notes)
        title_lines, body, kind = [frame.title], frame.body, "notice"
    elif notice := read_notice(lines, notes):
        title_lines, body = [notice.title], lines[notice.start :]
    else:
        body, title_lines = _find_title(lines, notes)
        body = _first_piece(_title_line(lines, body, None), body, notes)
        above = [ln for ln in lines if body and ln.number < body[0].number]
        number_line = next((ln for ln in above if doc_number(ln.text)), None)
    for number, header in source.structure:  # a task table's header: its columns' meaning
        notes.add(number, TABLE_HEADER, f"任务表的表头“{clip(header)}”读作各列的含义，不作为正文")
    for number, code, message in source.notes:  # left out before recognition (PDF)
        notes.add(number, code, message)
    title_line = [ln for ln in lines if frame and ln.number == frame.title_line]
    _placeholders(title_line or _title_line(lines, body, notice), body, notes)
    for extra in source.extras:  # text boxes, footnotes, comments: listed, never silent
        if frame is None or extra not in frame.used_extras:
            notes.add(0, UNREAD, f"未导入正文的内容（请手工处理）——{clip(extra, 40)}")
    subtitle = notice.subtitle if notice is not None else ""  # "——……规划" names the kind
    kind = kind or _kind_of("".join(title_lines) + subtitle, body, notes)
    return _build(source, kind, title_lines, body, notes, notice, frame, number_line)


def _is_notice(lines: list[Line]) -> bool:
    """Return True for a notice (版头 and a title ending with a 文种), not for a 印发 notice
    wrapping the document that follows it (that document is imported, as before)."""
    from drafting.ingest.frame import is_notice

    if not is_notice(lines):
        return False
    wrapper = read_notice(lines, Notes(""))
    if wrapper is None or wrapper.start >= len(lines):
        return True
    after = lines[wrapper.start]
    return after.text.startswith("附件") or after.style.startswith("GwAttach")


def _clean(source: Extracted, notes: Notes) -> list[Line]:
    """Return the non-empty lines without Word's bookmark marks and outer white space."""
    lines: list[Line] = []
    for line in source.lines:
        text = line.text
        if _BOOKMARK.search(text):
            text = _BOOKMARK.sub("", text)
            notes.add(line.number, BOOKMARK, "已删除 Word 书签标记")
        text = text.strip(" \t\u3000\ufeff\u200b")
        if text:
            lines.append(replace(line, text=text))
    return lines


def _title_line(lines: list[Line], body: list[Line], notice: Notice | None) -> list[Line]:
    """Return the title's source line (the line before the body, or the notice's) as a list."""
    if notice is not None:
        return [ln for ln in lines if ln.number == notice.title_line]
    first = body[0].number if body else 10**9
    before = [ln for ln in lines if ln.number < first]
    return before[-1:]


def _placeholders(title: list[Line], body: list[Line], notes: Notes) -> None:
    """Report each line holding a placeholder to fill in (××, ***, 20xx, ＿＿, [学校名称])."""
    for line in (*title, *body):
        found = list(dict.fromkeys(m.group(0) for m in _PLACEHOLDER.finditer(line.text)))
        if found:
            shown = "、".join(f"“{clip(f, 12)}”" for f in found[:4])
            notes.add(line.number, PLACEHOLDER, f"有待填写的占位符{shown}，请补上实际内容")


def parts(lines: list[Line]) -> list[tuple[int, str, Line]]:
    """Return the documents of a page that holds several (“……篇一”, “……篇二”)."""
    found = []
    for line in lines:
        match = _PART.match(line.text.strip())
        if match:
            found.append((cn_number(match.group(2)), match.group(1), line))
    return found if len(found) >= 2 else []


_NUMERAL = r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
_PIECE_AT_END = lazy(rf"篇\s*{_NUMERAL}\s*[:：]?$")
_PIECE_AT_START = lazy(rf"^第\s*{_NUMERAL}\s*篇")
_PIECE_LINE = 50
"""A compilation's piece label line ("……方案模版篇2") holds at most this many characters."""


def _piece_number(numeral: str) -> int:
    return cn_number(numeral) if numeral[0] in "一二三四五六七八九十" else _arabic(numeral)


def _first_piece(title: list[Line], body: list[Line], notes: Notes) -> list[Line]:
    """Return ``body`` up to the next piece of a compilation whose piece the title line
    labels ("……方案模版篇1" or "第1篇 ……"): from the label "……篇2" (or "第2篇 ……") on,
    the page goes on with another document, each of its lines reported, none imported.

    A page of pieces numbered 篇一、篇二 on lines of their own is refused for want of
    ``--part`` (:func:`parts`); this is the page whose pieces the title line numbers
    in figures, imported as its first piece.
    """
    text = title[0].text.strip() if title else ""
    for pattern in (_PIECE_AT_END, _PIECE_AT_START):
        if own := pattern.search(text):
            break
    else:
        return body
    following = _piece_number(own.group(1)) + 1
    for index, line in enumerate(body):
        label = line.text.strip()
        found = pattern.search(label)
        if (
            found is None
            or len(label) > _PIECE_LINE
            or any(ch in label for ch in "。；;！!？?")
            or _piece_number(found.group(1)) != following
        ):
            continue
        notes.add(line.number, PART_CHOSEN, f"合集的下一篇“{clip(label)}”起是另一篇文档，未导入")
        for rest in body[index + 1 :]:
            notes.add(
                rest.number, PART_CHOSEN, f"合集下一篇的内容，未导入正文：“{clip(rest.text)}”"
            )
        return body[:index]
    return body


def _choose_part(
    source: Extracted, lines: list[Line], part: int | None, notes: Notes
) -> tuple[list[str], list[Line]]:
    """Return the title and the lines of document ``part`` of a page of several."""
    pieces = parts(lines)
    if part is None:
        listing = "、".join(f"篇{numeral(n)}（第 {ln.number} 行）" for n, _, ln in pieces)
        raise PartError(
            f"{source.path}：这个文件包含 {len(pieces)} 篇文档：{listing}。请用 --part N 选择一篇"
        )
    chosen = [i for i, (n, _, _) in enumerate(pieces) if n == part]
    if not chosen:
        raise PartError(
            f"{source.path}：没有篇{numeral(part)}：这个文件包含篇一至篇{numeral(len(pieces))}"
        )
    index = chosen[0]
    _, base_title, start = pieces[index]
    end = pieces[index + 1][2].number if index + 1 < len(pieces) else None
    notes.add(
        start.number, PART_CHOSEN, f"选取篇{numeral(part)}（共 {len(pieces)} 篇），其余各篇未导入"
    )
    body = [ln for ln in lines if start.number < ln.number and (end is None or ln.number < end)]
    return [base_title], body


@dataclass(frozen=True)
class _Found:
    """Where the title is: its first and last line index, its text lines, the text after
    a title glued to the body (``rest``), and whether it came from an editor's sentence
    or a guess (a styled title is taken as it stands)."""

    first: int
    last: int
    lines: list[str]
    rest: str = ""
    editor: bool = False
    guessed: bool = True
    missing: bool = False
    copy: int = -1
    """The index of a second copy of the title the site printed (dropped, reported)."""
    taken_from: str = ""
    """Where in its line a title that is only a piece of it was found (the note names the
    line whole): a disclosure page's 名称 cell, the 《》 of an issuing notice's title."""


def _find_title(lines: list[Line], notes: Notes) -> tuple[list[Line], list[str]]:
    """Return the body lines after the title, and the title's lines; report what is dropped.

    A title of two lines keeps both; a subtitle "——在……上的讲话" is never taken for
    the title when a title stands above it (the lines between are reported). What a
    site adds to a guessed title (.docx, （3篇）, 范文, 名称：) is taken off and reported.
    """
    found = _styled_title(lines) or _guessed_title(lines)
    for line in lines[: found.first]:
        if doc_number(line.text) is None:  # a 文号 above the title is the head's (_build)
            notes.add(line.number, CLUTTER, f"已删除标题之前的网页杂项：“{clip(line.text)}”")
    if found.copy >= 0:
        copy = lines[found.copy].text
        copy = copy[: len(copy) - len(found.rest)].strip()  # without the text glued to it
        notes.add(
            lines[found.copy].number,
            REPEATED,
            f"网站把标题印了两遍，第二遍“{clip(copy)}”与页面其他各处不同，"
            f"已删除，标题取“{clip(found.lines[0])}”：请核对",
        )
    body = lines[found.last + 1 :]
    if dropped := _dropped_copy(lines[found.first].text, found):
        notes.add(
            lines[found.first].number,
            REPEATED,
            f"网站把标题连着印了两遍，已删除其中一遍“{clip(dropped)}”",
        )
    if found.rest:  # the title glued to the first sentence: that sentence starts the body
        body = [replace(lines[found.last], text=found.rest), *body]
    if found.taken_from:
        notes.add(
            lines[found.first].number,
            CLUTTER,
            f"{found.taken_from}：“{clip(lines[found.first].text)}”",
        )
    elif found.editor:
        notes.add(
            lines[found.first].number,
            TITLE,
            f"页面没有标题行，标题取自网站的编者语：“{clip(lines[found.first].text)}”，请核对",
        )
    elif found.missing:
        notes.add(
            lines[found.first].number,
            TITLE,
            f"页面没有标题行（第一行是{_opening(lines[found.first].text)}），"
            f"标题暂写作“{NO_TITLE}”，请补上",
        )
    elif found.guessed and is_sentence("".join(found.lines)):
        notes.add(
            lines[found.first].number,
            TITLE,
            f"页面没有标题行，第一句“{clip(lines[found.first].text)}”暂作标题，"
            "类型按正文判断，请补上标题",
        )
    title = _site_cleaned(found, lines, notes)
    if len(title) == 1 and _SPAN_ONLY.match(title[0]) and (named := _named_in_text(body, title[0])):
        notes.add(
            lines[found.first].number,
            TITLE,
            f"标题行只剩“{title[0]}”，标题取正文所说的《{clip(named)}》，请核对",
        )
        title = [named]
    subtitle = next((i for i, ln in enumerate(body[:4]) if _SUBTITLE.match(ln.text)), None)
    if subtitle:  # furniture between the title and its subtitle: reported, dropped
        for line in body[:subtitle]:
            notes.add(
                line.number, CLUTTER, f"已删除标题与副标题之间的网页杂项：“{clip(line.text)}”"
            )
        body = body[subtitle:]
    if len(title) == 1 and (piece := _piece_title(body, title[0])):
        notes.add(
            lines[found.first].number,
            TITLE,
            f"页面标题“{clip(title[0])}”前的年份是网站加的，标题取合集中这一篇的标题“{piece}”，请核对",
        )
        title = [piece]
    body = _without_answer_page(body, notes)
    return _without_repeated_title(body, "".join(title), notes), title


def _dropped_copy(text: str, found: _Found) -> str:
    """Return the copy of the title dropped from line ``text`` printing it twice, or ""."""
    if not found.lines or not found.lines[0] or found.lines[0] == text:
        return ""
    title = found.lines[0]
    if text.startswith(title * 2):
        return title
    if not found.rest and text.endswith(title) and _doubled_title(text):
        return text[: -len(title)]
    return ""


_ANSWER_LABEL = lazy(
    r"^(?:问题描述|問題描述|最佳答案|推荐答案|推薦答案|满意答案|滿意答案|其他答案|网友回答|網友回答)"
    r"\s*[:：]?$"
)
"""A question-and-answer page's label: 问题描述:, 最佳答案, 推荐答案."""
_TIMESTAMP = lazy(r"^(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ANSWER_TOP = 12
"""The labels of a Q&A page are looked for in this many lines after the title."""


def _without_answer_page(body: list[Line], notes: Notes) -> list[Line]:
    """Return ``body`` without a Q&A page's question above the answer that holds the
    document: the lines up to the last label (问题描述, the question, 最佳答案, 推荐答案)
    and the answer's time stamp under it, each reported."""
    top = body[:_ANSWER_TOP]
    labels = [
        i
        for i, ln in enumerate(top)
        if _ANSWER_LABEL.match(ln.text) and not SECTION_NUMBER.match(ln.text)
    ]
    if len(labels) < 2 or any(SECTION_NUMBER.match(ln.text) for ln in top[: labels[-1]]):
        return body
    end = labels[-1] + 1
    if end < len(body) and _TIMESTAMP.match(body[end].text.strip()):
        end += 1
    for line in body[:end]:
        notes.add(line.number, CLUTTER, f"已删除问答页面的提问和标签：“{clip(line.text)}”")
    return body[end:]


_LEADING_YEAR = lazy(r"^(?:19|20)\d{2}\s*年度?\s*")
"""A year a compilation's page puts before the title of its pieces: "2022年教师节……讲话稿"."""


def _piece_title(body: list[Line], title: str) -> str | None:
    """Return the title of a compilation's piece when it is the page's title without the
    year in front ("教师节园长讲话稿1亲爱的老师们:" under "2022年教师节园长讲话稿"), or None:
    the site dated its page, the piece names no year."""
    year = _LEADING_YEAR.match(title)
    piece = title[year.end() :] if year else ""
    if len(piece) < 8:
        return None
    for line in body[:6]:
        if SECTION_NUMBER.match(line.text) or TASK_NUMBER.match(line.text):
            return None
        if line.text.startswith(piece) and _GLUED_PIECE.match(line.text[len(piece) :]):
            return piece
    return None


_SPAN_ONLY = lazy(r"^[（(]\s*(?:19|20)\d{2}\s*[-—–－~～至]\s*(?:19|20)?\d{2}\s*年?\s*[)）]$")
"""A title cut to its last line, the years it covers: "(2017-2020年)"."""
_NAMED_DOC = lazy(r"制[定订訂][了]?\s*《([^《》]{4,80})》")
"""The preamble naming the document it introduces: "……,特制订《……(2017—2020年)》"."""


def _named_in_text(body: list[Line], span: str) -> str:
    """Return the document the first paragraphs name (特制订《……》) ending in the
    years of ``span``, the rest of a title cut to its last line, or ""."""
    years = re.sub(r"\D", "", span)
    for line in body[:3]:
        for match in _NAMED_DOC.finditer(line.text):
            named = match.group(1).strip()
            if re.sub(r"\D", "", named).endswith(years):
                return named
    return ""


def _opening(text: str) -> str:
    """Return what the first line of a page without a title is, for the report."""
    bare = _SALUTATION_BARE.match(text) or _SALUTATION_BARE_GROUPS.match(text)
    if _is_salutation_line(text) or bare or _salutation_with_text(text):
        return "称呼"
    return "编号事项，页面可能从文档中间开始"


def _site_cleaned(found: _Found, lines: list[Line], notes: Notes) -> list[str]:
    """Return the title lines without a site's additions, each reported at its line."""
    title = [t.strip() for t in found.lines if t.strip()]
    if not found.guessed or found.editor:
        return title
    cleaned: list[str] = []
    for offset, text in enumerate(title):
        text, taken = site_title(text)
        if taken:
            number = lines[min(found.first + offset, found.last)].number
            shown = "、".join(f"“{t}”" for t in taken)
            notes.add(number, CLUTTER, f"已删除网站加在标题上的{shown}")
        if cleaned and cleaned[-1] == text:  # "……致辞7篇" over "……致辞(篇1)": one title
            number = lines[min(found.first + offset, found.last)].number
            notes.add(number, REPEATED, f"标题的第二行又是标题“{clip(text)}”，已删除这一份")
            continue
        cleaned.append(text)
    return cleaned


def _without_repeated_title(body: list[Line], title: str, notes: Notes) -> list[Line]:
    """Return ``body`` without the title the site printed again at the start of its text.

    Only the lines before the first numbered line are looked at, and only a title of
    at least 8 characters followed by more text ("……工作计划模版本年的工作将……").
    """
    if len(title) < 8:
        return body
    for index, line in enumerate(body[:6]):
        if SECTION_NUMBER.match(line.text) or TASK_NUMBER.match(line.text):
            break
        rest = line.text[len(title) :].strip()
        if line.text.startswith(title) and _PIECE_NUMBER.fullmatch(rest):
            # the title again with the piece number of a compilation ("……致辞1"): dressing
            notes.add(
                line.number,
                REPEATED,
                f"正文开头重复了标题“{clip(title)}”，带网站的篇号“{rest}”，已删除这一行",
            )
            return [*body[:index], *body[index + 1 :]]
        if line.text.startswith(title) and rest and site_title(line.text)[0] == title:
            # the title again with the dressing of a compilation's piece ("……发言稿范文1")
            notes.add(
                line.number,
                REPEATED,
                f"正文开头重复了标题“{clip(title)}”，带网站加的“{rest}”，已删除这一行",
            )
            return [*body[:index], *body[index + 1 :]]
        cleaned, dressing = site_title(line.text)
        if cleaned == title and dressing:
            # the page's title again, dressed on both sides ("关于……发言稿(通用6篇)") above
            # a piece of a compilation whose title came from elsewhere (the editor's words)
            notes.add(
                line.number,
                REPEATED,
                f"正文开头重复了标题“{clip(title)}”，带网站加的“{'”“'.join(dressing)}”，"
                "已删除这一行",
            )
            return _without_repeated_title([*body[:index], *body[index + 1 :]], title, notes)
        if line.text.startswith(title) and rest:
            piece = _GLUED_PIECE.match(rest) or _GLUED_DRESSING.match(rest)
            if piece and rest[piece.end() :].strip():  # "……报告 篇1尊敬的各位领导:"
                notes.add(
                    line.number,
                    REPEATED,
                    f"正文开头重复了标题“{clip(title)}”，带网站加的“{piece.group(0).strip()}”，"
                    "已删除这一份",
                )
                rest = rest[piece.end() :].strip()
            else:
                notes.add(line.number, REPEATED, f"正文开头重复了标题“{clip(title)}”，已删除这一份")
            return [*body[:index], replace(line, text=rest), *body[index + 1 :]]
    return body


_PIECE_NUMBER = lazy(
    r"(?:第?\s*[0-9０-９]{1,2}\s*篇?|篇\s*[0-9０-９一二三四五六七八九十]{1,2}|[（(][一二三四五六七八九十]{1,2}[)）])"
)
"""What a compilation adds to the title of each of its pieces: "1", "篇2", "第3篇", "（一）"."""
_GLUED_PIECE = lazy(
    r"\s*(?:篇\s*[0-9０-９一二三四五六七八九十]{1,2}|第\s*[0-9０-９一二三四五六七八九十]{1,2}\s*篇"
    r"|[0-9０-９]{1,2}(?![0-9０-９年月日%％.．、,，]))"
    r"\s*[:：]?"
)
"""A compilation's piece number between the title repeated and the text glued to it."""
_GLUED_DRESSING = lazy(
    r"\s*(?:[范範]文?|通用)?\s*[】\]］]\s*|(?:模版|模板|范文|範文|范本|範本)(?=[\u4e00-\u9fff])"
)
"""A site's closing bracket (and the 范 of a cut 范文) between the title and its text:
"……工作总结范】2023年,……"; or the site's 模版/范文 the title was dressed with, glued to
the text: "……工作计划模版本年的工作……"."""


_DASHES = ("——", "--", "—")
_SUBTITLE = lazy(r"^(?:—|--)+\s*在.{2,60}(?:讲话|講話|报告|報告|发言|發言|致辞|致辭)")
"""A speech's subtitle: "——在2014年全市教育工作会议上的报告"."""
_ORG_END = lazy(r"(?:委|局|厅|部|政府|委员会|工委|办公室|学校|中心|学院|大学)$")
_TITLE_GOES_ON = ("关于", "的", "和", "及", "暨", "与")


def _styled_title(lines: list[Line]) -> _Found | None:
    """Return the first and last index and the lines of the paragraphs in a title style."""
    for index, line in enumerate(lines):
        if _role(line) == "title" and not line.table:
            last = index
            while last + 1 < len(lines) and _role(lines[last + 1]) == "title":
                last += 1
            text = [t for ln in lines[index : last + 1] for t in ln.text.split("\n")]
            return _Found(index, last, text, guessed=False)
    return None


def _guessed_title(lines: list[Line]) -> _Found:
    """Return where the title is: the last title-like line before the body starts.

    The line above joins it when it is an organisation's name or ends mid-phrase (a
    title centred on two lines); a dash subtitle gives way to the heading-shaped line
    above it; a title glued to the first sentence by a space is cut off it. A page
    without a title line takes the title an editor's sentence names ("小编整理的……").
    """
    if not lines:
        return _Found(0, 0, [""])
    first_body = _first_body(lines)
    candidates = [i for i in range(first_body) if _title_candidate(lines[i].text)]
    labelled = {i for i in candidates if i and _PAGE_LABEL.match(lines[i - 1].text)}
    if labelled and candidates[-1] not in labelled:
        # "标题:" over the page's title, the document's own title line below it
        candidates = [i for i in candidates if i not in labelled]
    if not candidates and (cell := _name_cell(lines)):
        return cell
    last = lines[candidates[-1]].text if candidates else ""
    if (not candidates or _ISSUING_TITLE.search(last)) and (
        issued := _issued_title(lines, first_body)
    ):
        return issued
    if not candidates and (editor := _editor_found(lines, first_body)):
        return editor
    if not candidates and (theme := _above_salutation(lines, first_body)):
        return theme
    if not candidates and (templated := _templated_title(lines, first_body)):
        return templated
    index = candidates[-1] if candidates else 0
    text = lines[index].text
    if not candidates and index == first_body and index < len(lines):
        # no title at all: the page opens with the salutation or a numbered line (a page
        # cut in mid-document), which starts the body
        return _Found(index, index - 1, [], missing=True)
    if _SUBTITLE.match(text) or text.startswith(_DASHES):
        # "——……工作计划" under a slogan: the subtitle names the kind, the slogan is the title
        above = next((i for i in range(index - 1, -1, -1) if _heading_shaped(lines[i].text)), None)
        if above is not None:
            return _Found(above, above, [lines[above].text])
    if fuller := _fuller_copy(lines, index, candidates):
        return fuller
    glued = _glued_title(text)
    if index - 1 in candidates and _better_copy(lines, index, glued[0] if glued else text):
        rest = glued[1] if glued else ""
        return _Found(index - 1, index, [lines[index - 1].text], rest=rest, copy=index)
    if glued:
        return _Found(index, index, [glued[0]], rest=glued[1])
    if index and (
        _first_title_line(lines[index - 1].text) or _headline_split(lines, index, candidates)
    ):
        return _Found(index - 1, index, [lines[index - 1].text, text])
    return _Found(index, index, [text])


def _fuller_copy(lines: list[Line], index: int, candidates: list[int]) -> _Found | None:
    """Return the title at line ``index`` as the page's headline above it prints it when
    that copy only adds the 在 the speech title opens with ("在……会议上的讲话" above the
    page's "……会议上的讲话"), or None."""
    text = lines[index].text
    if text.startswith("在") or not text.endswith(("讲话", "講話", "发言", "發言", "致辞", "致辭")):
        return None
    if any(lines[i].text == "在" + text for i in candidates[:-1]):
        note = "这一行是标题少了开头“在”的第二遍，标题取页面上方的完整标题"
        return _Found(index, index, ["在" + text], taken_from=note)
    return None


_EDITING_NOTE = lazy(
    r"[（(][^（()）]{0,20}(?:仅供参考|僅供參考|可自行修改|可任意编辑)[^（()）]{0,20}[）)]"
)
"""A template's editing note: "（此文内容仅供参考，可自行修改）"."""


def _templated_title(lines: list[Line], first_body: int) -> _Found | None:
    """Return the title of a page that opens with a template's head ("编号:____ 学校:____
    ……年__月__日") and its editing note, then the title glued to the text: the longest
    heading-shaped start of the text after the note that the head also names, or None."""
    for index in range(min(first_body, _METADATA_ROWS)):
        text = lines[index].text
        note = _EDITING_NOTE.search(text)
        if note is None:
            continue
        head, rest = text[: note.start()], text[note.end() :]
        size = next(
            (
                n
                for n in range(min(_LONGEST_TITLE, len(rest)), 3, -1)
                if rest[:n] in head and _heading_shaped(rest[:n])
            ),
            0,
        )
        if size:
            note_text = "已删除文档模板的表头和编辑说明，标题取其后的正文开头"
            return _Found(
                index, index, [rest[:size]], rest=rest[size:].strip(), taken_from=note_text
            )
    return None


def _headline_split(lines: list[Line], index: int, candidates: list[int]) -> bool:
    """Return True when lines ``index - 1`` and ``index`` are one title on two lines that
    the page printed whole above them (its headline, an earlier title-like line): "会昌县
    “十四五”教育科技体育" / "事业发展规划" under "会昌县“十四五”教育科技体育事业发展规划"."""
    above = lines[index - 1].text
    if not _heading_shaped(above) or _title_candidate(above):
        return False
    joined = re.sub(r"\s+", "", above + lines[index].text)
    return any(re.sub(r"\s+", "", lines[i].text) == joined for i in candidates if i < index - 1)


_PIECE_LABEL_END = lazy(
    r"\s(?:篇\s*[0-9０-９一二三四五六七八九十]{1,3}|第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*篇)$"
)
"""A piece label after a space at the end of a line: "2024年度……实施方案 篇1"."""
_COPY_RATIO = 0.8
"""How alike two title lines in a row are, at least, to be one title printed twice."""


def _better_copy(lines: list[Line], index: int, text: str) -> bool:
    """Return True when ``text`` (line ``index``, or its title) is a second, differing copy
    of the title above it ("……工作总结和2023年度工作打算" / "……工作总结和2023年度工作准备")
    and the page's other lines (its file name, its headline) name the first copy more
    often than the second."""
    import difflib  # only for two title-like lines in a row: not at start-up (1.6 ms)

    if PIECE_LABEL.match(lines[index].text) or _PIECE_LABEL_END.search(lines[index].text):
        return False  # "第1篇 ……", "…… 篇1": a compilation's piece names its own title
    first, second = site_title(lines[index - 1].text)[0], site_title(text)[0]
    if first == second or difflib.SequenceMatcher(None, first, second).ratio() < _COPY_RATIO:
        return False
    above = [re.sub(r"\s+", "", ln.text) for ln in lines[: index - 1]]

    def named(title: str) -> int:
        return sum(re.sub(r"\s+", "", title) in text for text in above)

    return named(first) > named(second)


_TITLE_ABOVE = 2
"""A title without a kind word above a salutation has at most this many lines."""


def _above_salutation(lines: list[Line], first_body: int) -> _Found | None:
    """Return the heading-shaped lines right above a speech's salutation as its title.

    A speech titled by its theme ("积极创建……基地" / "丰富……内涵") names no kind; when
    no title-like line stands before the salutation, the one or two heading-shaped lines
    directly above it are the title (a question of a Q&A page above them is not).
    """
    if not 0 < first_body < len(lines) or not _is_salutation_line(lines[first_body].text):
        return None
    first = first_body
    while (
        first > 0
        and first_body - first < _TITLE_ABOVE
        and _heading_shaped(lines[first - 1].text)
        and not _QUESTION.search(lines[first - 1].text)
        and not _looks_like_speaker(lines[first - 1].text)  # a head line: speaker, date
        and not _is_date_line(lines[first - 1].text)
    ):
        first -= 1
    if first == first_body:
        return None
    if first_body - first == 2 and _same_title(lines[first].text, lines[first + 1].text):
        first += 1  # the page's title, then the piece's ("……稿8篇" / "……稿篇1"): one title
    return _Found(first, first_body - 1, [ln.text for ln in lines[first:first_body]])


def _same_title(first: str, second: str) -> bool:
    """Return True when two lines are one title once a site's dressing is off each."""
    return site_title(first)[0] == site_title(second)[0]


_NAME_CELL = lazy(r"^.{0,80}?名\s*称\s*[:：]\s*\|\s*([^|]{4,80}?)\s*\|")
"""The 名称 cell of a disclosure page's metadata printed as " | " cells."""
_METADATA_ROWS = 8
"""A disclosure page's metadata rows come within this many lines of its top."""


def _name_cell(lines: list[Line]) -> _Found | None:
    """Return the title a disclosure page names in its metadata's 名称 cell
    ("名称: | 青阳县2023年督导工作总结报告 | 文号: | 无 |"), at that row, or None."""
    for index, line in enumerate(lines[:_METADATA_ROWS]):
        match = _NAME_CELL.match(line.text)
        if match and _is_title_like(site_title(match.group(1))[0]):
            return _Found(index, index, [match.group(1)], taken_from=_CELL_NOTE)
    return None


_CELL_NOTE = "已删除网页的公开信息栏，标题取其“名称”"
_ISSUING_TITLE = lazy(r"关于印发\s*《([^《》]{4,100})》\s*的通知$")
"""The title of a notice issuing a document: "……办公室 关于印发《……》的通知"."""


def _issued_title(lines: list[Line], first_body: int) -> _Found | None:
    """Return the document an issuing notice's title names in its 《》 (a page whose top
    line is a column name or a breadcrumb, the notice's title further down), or None."""
    for index in range(min(first_body, _METADATA_ROWS)):
        match = _ISSUING_TITLE.search(lines[index].text)
        if match:
            note = "标题取自印发通知标题中的《》，通知标题未导入"
            return _Found(index, index, [match.group(1)], taken_from=note)
    return None


def _editor_found(lines: list[Line], first_body: int) -> _Found | None:
    """Return the title an editor's sentence before the body names, at that sentence."""
    for index in range(first_body):
        if title := editor_title(lines[index].text):
            return _Found(index, index, [title], editor=True)
    return None


def _first_body(lines: list[Line]) -> int:
    """Return the index of the first body line: the first 一、 or salutation, else 1.

    A numbered list before the title (a site's 温馨提示 1.–4.) does not start the body
    of a document that has 一、 headings.
    """
    for patterns in ((SECTION_NUMBER, _SALUTATION, _SALUTATION_GROUPS), (TASK_NUMBER,)):
        found = next(
            (
                i
                for i, ln in enumerate(lines)
                if (
                    any(p.match(ln.text) for p in patterns)
                    or (
                        TASK_NUMBER not in patterns
                        and (_bare_salutation_at(lines, i) or _salutation_with_text(ln.text))
                    )
                )
                and not is_junk(ln.text)
                and not _LABEL_LINE.match(ln.text)
                and not _PAGE_LABEL.match(ln.text)
            ),
            None,
        )
        if found is not None:
            return found
    return len(lines)


def _glued_salutation(text: str) -> bool:
    """Return True for a salutation with the greeting or first sentence on its line:
    "各位老师、同学们:大家早上好!", "同志们:今天,……" (no title, however sentence-like)."""
    start = _SALUTATION_START.match(text)
    return start is not None and bool(text[start.end() :].strip())


def _bare_salutation_at(lines: list[Line], index: int) -> bool:
    """Return True when line ``index`` is a salutation without its colon above a greeting."""
    after = lines[index + 1].text if index + 1 < len(lines) else ""
    return _bare_salutation(lines[index].text, after)


_SALUTATION_HEAD = lazy(r"^[^，,。；;：:！!？?]{2,30}[：:]")


def _greeted_salutation(text: str) -> bool:
    """Return True for a salutation with its greeting on the same line ("……同学们:大家好!")."""
    head = _SALUTATION_HEAD.match(text)
    return (
        head is not None
        and _is_salutation_line(head.group(0))
        and _GREETING.match(text[head.end() :].strip()) is not None
    )


def _salutation_with_text(text: str) -> bool:
    """Return True for a salutation with more on its line: the first sentence
    (:func:`_glued_salutation`) or a greeting (:func:`_greeted_salutation`)."""
    return _glued_salutation(text) or _greeted_salutation(text)


def _greeting_on_line(text: str) -> bool:
    """Return True for a salutation start with the greeting on its line:
    "各位老师、同学们:大家早上好!"."""
    start = _SALUTATION_START.match(text)
    return start is not None and _GREETING.match(text[start.end() :].strip()) is not None


NO_TITLE = "（无标题）"
"""The title written for a page that has none (the person fills it in)."""


def _is_salutation_line(text: str) -> bool:
    """A salutation standing alone on its line: "同志们:", "各位老师、同志们:" (a pinyin
    gloss aside: "各位領(lǐng)導(dǎo),各位同仁:")."""
    text = GLOSSES.sub("", text)
    return bool(_SALUTATION.match(text) or _SALUTATION_GROUPS.match(text)) and not (
        _METADATA_LABEL.match(text) or _LEAD_IN.search(text)
    )


def is_sentence(title: str) -> bool:
    """Return True for a "title" that is a sentence: it ends as a sentence ends (。；：！？)
    or holds a 。 — a page without a title line whose first sentence was taken for one."""
    title = title.strip()
    return bool(title) and (title[-1] in "。；;：:！!？?…" or "。" in title)


def _title_candidate(text: str) -> bool:
    """A title-like line once a site's additions are off, or a title glued to a sentence."""
    return (
        _is_title_like(site_title(text)[0])
        or _glued_title(text) is not None
        or _dressed_speech_title(text)
    )


_SPEECH_END = lazy(r"(?:致辞|致辭|发言|發言)稿?$")


def _dressed_speech_title(text: str) -> bool:
    """A speech title (……的发言, ……致辞稿) that a compilation dressed with its count of
    pieces or a piece label ("（精选17篇）", "篇1"): a title though 发言 is no title word
    of a plain line (a breadcrumb's "发言稿 >" is not)."""
    title, taken = site_title(text)
    return (
        any("篇" in piece for piece in taken)
        and _SPEECH_END.search(title) is not None
        and _heading_shaped(title)
    )


def _glued_title(text: str) -> tuple[str, str] | None:
    """Return the title and the sentence of a line "标题 正文……。" (joined by a space), or
    of a line holding the title twice glued to its text ("标题标题正文……": the copy is
    dropped, :func:`_find_title` reports it)."""
    if doubled := _doubled_title(text):
        return doubled
    pieces = re.split(r"[ \u3000]+", text, maxsplit=1)
    if len(pieces) < 2:
        return None
    head, rest = pieces[0], pieces[1].strip()
    if len(rest) < 15 or not any(ch in rest for ch in "，。,"):
        return None
    return (head, rest) if _is_title_like(head) else None


_LONGEST_TITLE = 60


def _doubled_title(text: str) -> tuple[str, str] | None:
    """Return the title and what follows its second copy when ``text`` opens with a
    title-like text printed twice in a row ("……工作规划……工作规划xx镇现有……"), else None."""
    for size in range(4, min(_LONGEST_TITLE, len(text) // 2) + 1):
        if text[:size] == text[size : 2 * size] and _is_title_like(text[:size]):
            return text[:size], text[2 * size :].strip()
    if len(text) > 2 * _LONGEST_TITLE or any(ch in text for ch in "。，,；;"):
        return None
    # two copies dressed differently: "……计划范例(精选3篇)……计划范例篇1": the second is kept
    start = text.find(text[:4], 4)
    while start > 0:
        second = site_title(text[start:])[0]
        if site_title(text[:start])[0] == second and _is_title_like(second):
            return text[start:], ""
        start = text.find(text[:4], start + 1)
    return None


def _heading_shaped(text: str) -> bool:
    """A short line without sentence punctuation, furniture or a date: maybe a title."""
    return (
        4 <= len(text) <= 60
        and not any(ch in text for ch in "。，,；;：:！!？?|")
        and not is_junk(text)
        and not text.startswith(_DASHES)
        and not re.search(r"\d{4}-\d{2}", text)
    )


def _first_title_line(text: str) -> bool:
    """The first line of a title centred on two: an organisation, or a phrase going on."""
    return (
        _heading_shaped(text)
        and len(text) <= 30
        and (
            bool(_ORG_END.search(text))
            or text.endswith(_TITLE_GOES_ON)
            or text.startswith(("关于", "關于", "關於"))
        )
    )


_SUMMARY_TITLE = lazy(
    r"总结|總結|小结|小結|"
    r"(?:述职|述職|工作|情况|情況|履职|履職|自查|年度|質量|质量)(?:报告|報告|汇报|匯報)$|"
    r"(?:述职|述職)$"
)
"""A summary's title: 总结, or one ending in 述职报告, 工作报告, 情况报告 (a 履行教育职责
工作报告 reports on a year's work, so does a 质量年度报告; a 政府工作报告重点工作任务分解表 is a
plan)."""
_PLAN_TITLE = ("要点", "要點", "计划", "計劃", "方案", "安排", "意见", "意見", "规划", "規劃")
_SUMMARY_HEADING = (
    "回顾",
    "回顧",
    "成效",
    "成绩",
    "成績",
    "做法",
    "完成情况",
    "完成情況",
    "开展情况",
    "開展情況",
    "基本情况",
    "基本情況",
    "存在的问题",
    "存在问题",
    "存在的問題",
    "工作总结",
    "工作總結",
    "落实情况",
    "落實情況",
)
_PLAN_HEADING = (
    "指导思想",
    "指導思想",
    "总体要求",
    "總體要求",
    "工作目标",
    "工作目標",
    "主要目标",
    "主要目標",
    "重点任务",
    "重點任務",
    "主要任务",
    "主要任務",
    "工作任务",
    "工作任務",
    "保障措施",
    "工作思路",
    "发展基础",
    "發展基礎",
    "基本原则",
    "基本原則",
)
_REPORTED = lazy(r"(?:汇报|匯報|报告|報告|总结|總結|述职|述職)如下\s*[：:]?$")
"""The last words of a report's opening sentence: "现将……情况汇报如下："."""
_KIND_LINES = 60
_SPEECH_ADDRESSEE = lazy(rf"{ADDRESSEE_NOUN}\s*[：:]$")
"""A salutation to people (a speech's: 同志们, 各位家长, 老师), not an addressee of offices
(a notice's: 各学校, 局属各单位)."""


def _addresses_people(lines: list[Line]) -> bool:
    """Return True when the first line is a speech's salutation: one to people, or one
    (with or without its colon) above a greeting ("你们好!", "大家下午好。") or with the
    greeting on its line."""
    text = lines[0].text
    after = lines[1].text if len(lines) > 1 else ""
    if _is_salutation_line(text):
        return _SPEECH_ADDRESSEE.search(text) is not None or _GREETING.match(after) is not None
    if _greeting_on_line(text):
        return True  # "各位老师、同学们:大家早上好!": the greeting on the salutation's line
    return _bare_salutation(text, after) or _greeted_salutation(text)


def _kind_of(title: str, lines: list[Line], notes: Notes) -> str:
    """Return the kind: by the title's words, a salutation, then the body's own cues.

    A title that names no kind (none at all, or a sentence taken for one) leaves it to
    the body: a report's opening ("……汇报如下：") or the first 一、 heading that reads
    like a summary's (工作回顾, 主要成效, 存在的问题) or a plan's (指导思想, 重点任务), or
    a speaker's words (:func:`_spoken`), which the report names.
    None of the cues is a word a site masks (党 written D, *, ×).
    """
    opening = ""
    if is_sentence(title):  # no title: a sentence's words ("讲话精神") name no kind …
        if _REPORTED.search(title):  # … but a report's opening sentence does
            return "summary"
        opening, title = title, ""  # … and it is the body's first sentence
    if any(w in title for w in _SPEECH_TITLE):
        return "speech"
    if any(_SUBTITLE.match(line.text) for line in lines[:2]):
        return "speech"  # a theme title ("总结经验 突出重点……") over "——在……上的讲话"
    if _SUMMARY_TITLE.search(title):
        return "summary"
    if any(line.text.strip() in ("同志们：", "同志们:") for line in lines[:40]):
        return "speech"
    if _is_title_like(title) and any(w in title for w in _PLAN_TITLE):
        return "plan"
    if lines and _addresses_people(lines):
        return "speech"  # "各位尊敬的专家、领导和老师们:" addresses people, not offices
    if greeted := _greets_listeners(lines[:_GREETED_LINES]):
        # a site's name or breadcrumb taken for the title: the greeting tells
        notes.add(
            greeted.number,
            TITLE,
            f"标题没有写明文种，称呼后有问候语（“{clip(greeted.text, 40)}”），按讲话稿导入，请核对",
        )
        return "speech"
    if spoken := _spoken(opening, lines[:_KIND_LINES]):
        line, cues = spoken
        notes.add(line, TITLE, _read_as(cues, "讲话", "讲话稿"))
        return "speech"
    kind, line, cues = _body_kind(lines[:_KIND_LINES], opening)
    if kind == "summary" and not opening:  # a sentence's title says 类型按正文判断 already
        notes.add(line, TITLE, _read_as(cues, "总结", "工作总结"))
    return kind


def _read_as(cues: list[str], like: str, kind: str) -> str:
    """Return the report's note on a kind read from the body's words ``cues``."""
    words = "、".join(f"“{clip(cue, 12)}”" for cue in cues)
    return f"标题没有说明文档类型，正文是{like}的说法（{words}），按{kind}导入，请核对"


_GREETED_LINES = 8
"""How far down the top of a page a salutation over a greeting makes it a speech's."""


def _greets_listeners(lines: list[Line]) -> Line | None:
    """Return the salutation to people followed by a greeting, on its line or the next
    ("……亲爱的校友、同学们:大家好!"), or None: only a speech greets its listeners."""
    for index, line in enumerate(lines):
        after = lines[index + 1].text if index + 1 < len(lines) else ""
        if _greeting_on_line(line.text):
            return line
        spoken = _is_salutation_line(line.text) and _SPEECH_ADDRESSEE.search(line.text)
        if spoken and _GREETING.match(after):
            return line
    return None


_SPEECH_TITLE = (
    "讲话",
    "講話",
    "致辞",
    "致辭",
    "发言",
    "發言",
    "髮言",
    "开幕词",
    "開幕詞",
    "闭幕词",
    "閉幕詞",
    "演讲稿",
    "演講稿",
    "演讲词",
    "演講詞",
)
"""Words that make a title a speech's: 讲话, 致辞, 发言, a ceremony's 开幕词 / 闭幕词, a
演讲稿 (not a bare 演讲: a 演讲比赛 is a plan's); 髮言 is 发言 as a converter to traditional
characters writes it (发 taken for 頭髮's)."""


_SUMMARY_WORDS = lazy(
    r"取得了|取得的|取得明显|取得明顯|取得显著|取得顯著|成绩|成績|存在.{0,4}(?:问题|問題|不足)|不足之处|不足之處|今后|今後|回顾|回顧|"
    r"开展了|開展了|完成了|举办了|舉辦了|组织了|組織了|学习了|學習了|召开了|召開了|参加了|參加了|"
    r"(?:全年|本年|本学期|本學期)(?:共|累计|累計)|一年来|一年來|半年来|半年來|学期来|學期來|"
    r"荣获|榮獲|获评|獲評|被评为|被評為|先后|先後|圆满完成|圓滿完成|顺利完成|順利完成|"
    r"(?:实现|實現|提升|提高|加强|加強|获得|獲得|达到|達到|推进|推進|落实|落實)了"
)
"""Words of a report on work done, in a heading or a sentence: 取得的成绩, 存在的主要问题,
今后的打算, 开展了…, 学习了…, 全年共…, and a report's looking back (一年来, 先后, 荣获, 被评为,
圆满完成, 实现了) — not 成效 nor a bare 取得 (a plan aims to 取得实效 too), nor 以来 (a plan's
"十八大以来")."""
_PLAN_WORDS_TEXT = lazy(
    r"力争|力爭|(?<![的组組作学學期度])(?:计划|計劃)|拟于|擬於|确保完成|確保完成|到\s*20\d{2}\s*年"
)
"""Words of a plan's sentences: 力争, 计划 (not a plan named: 工作计划, 教学计划, 科组计划, 我们的
计划, which a report mentions too), 拟于, 到2025年."""
_SUMMING_UP = lazy(
    r"(?:^|(?<=[。！？!?；;，,\s]))(?:下面|现|現|特|兹|茲)[^。！？!?；;]{0,24}?(?:作|做)"
    r"(?:以|一|个|個|一个|一個|一下|如下|简要|簡要|简单|簡單)"
    r"\s*(?:的)?(?:总结|總結|小结|小結)(?=[。：:，,！!]|$)"
)
"""An opening sentence that announces a report ("下面分三个方面做以总结。", "现作如下总结:");
checked only above the first heading (a plan's task may ask to 做好总结, never these)."""
_HEADING_WEIGHT = 3
"""A heading's cue counts as much as this many sentences' words."""
_SUMMARY_MARGIN = 2
"""How many more cues a summary needs than a plan: a plan's review of the years before
("……取得明显成效") is one sentence, not a report."""


_SPEECH_WORDS = lazy(
    r"我(?:谨|謹)?代表|(?:谢谢|謝謝|感谢|感謝)(?:大家|各位)|大家(?:上午|下午|晚上|早上)?好|"
    r"祝(?:愿|願)?(?:你们|你們|大家|各位|同学们|同學們|老师们|老師們)|让我们|讓我們|"
    r"(?:同学|同學|老师|老師|同志|朋友)(?:们|們)[，,！!：:]|(?<![给給])(?:你们|你們)|"
    r"欢聚一堂|歡聚一堂|我们在这里|我們在這裡|我們在這裏|刚才|剛才|"
    r"(?:这次|這次|今天的|今天召开的|今天召開的)(?:会议|會議|大会|大會)|"
    r"我(?:讲|講|再讲|再講|强调|強調)(?:几|幾|[两兩三四五])(?:点|點)"
)
"""A speaker's words to listeners: 我代表, 谢谢大家, 大家好, 祝你们, 让我们, 同学们, (a
vocative, before its comma or colon), 你们 (not a notice's 印发给你们), 欢聚一堂, 我们在这里, and a meeting's: 刚才,
这次会议, 我讲几点 — a plan or a report speaks of people, not to them."""
_SPEECH_CUES = 2
"""How many of a speaker's words (each one once a line) make a body a speech's."""
_SHOWN_CUES = 3
"""How many of the words a kind was read by the report names."""


def _spoken(opening: str, lines: list[Line]) -> tuple[int, list[str]] | None:
    """Return the line of the first of a speaker's words and the words, when the body
    holds at least :data:`_SPEECH_CUES` of them and more than it has of a report's or a
    plan's words (:func:`_body_kind`), else None. ``opening`` is the first sentence
    taken for a title (line 1)."""
    texts = [(1, opening)] if opening else []
    texts += [(line.number, line.text) for line in lines]
    found: list[tuple[int, str]] = []
    summary = plan = 0
    for number, text in texts:
        found += [(number, cue) for cue in dict.fromkeys(_SPEECH_WORDS.findall(text))]
        summary += bool(_SUMMARY_WORDS.search(text))
        plan += bool(_PLAN_WORDS_TEXT.search(text))
    if len(found) < _SPEECH_CUES or len(found) <= max(summary, plan):
        return None
    return found[0][0], list(dict.fromkeys(cue for _, cue in found))[:_SHOWN_CUES]


def _body_kind(lines: list[Line], opening: str = "") -> tuple[str, int, list[str]]:
    """Return summary when the body reads as a report on work done, else plan; and the
    line of a report's first word and its first words (for the report).

    A report's opening ("……汇报如下：") decides; else the cues are weighed: each 一、 or
    （一） heading that reads like a summary's (工作回顾, 存在的主要问题) or a plan's (指导思想,
    重点任务) counts :data:`_HEADING_WEIGHT`, each of a summary's words (取得了, 成绩, 开展了,
    今后) or a plan's (力争, 到2025年) one, once a line (a report's paragraph "……取得了较大的
    成绩……取得的一些成绩……" says it more than once). A page that starts in mid-document has
    few headings, and its sentences say which it is: so does the text of a run-in heading
    ("（一）深化理论武装。……系统学习了……"); ``opening``, the first sentence of a page
    without a title (taken for its title), counts as a heading ("2025年,……圆满完成了年度
    各项工作任务" opens a report).
    """
    # the first sentence, taken for a title, opens the page: it counts as a heading
    summary = _HEADING_WEIGHT * bool(_SUMMARY_WORDS.search(opening))
    plan = _HEADING_WEIGHT * bool(_PLAN_WORDS_TEXT.search(opening))
    cues: dict[str, int] = {}  # a report's words, at the line each is first seen
    headed = False
    for line in lines:
        text = line.text
        if found := _REPORTED.search(text) if SECTION_NUMBER.match(text) is None else None:
            return "summary", line.number, [found.group(0).rstrip("：:")]
        if (
            not headed
            and SECTION_NUMBER.match(text) is None
            and (summing := _SUMMING_UP.search(text))
        ):  # the opening announces the summary: "下面分三个方面做以总结。"
            return "summary", line.number, [summing.group(0).strip("。，,")]
        if match := SECTION_NUMBER.match(text) or GROUP_NUMBER.match(text):
            headed = True
            heading = match.group("rest")[:30]
            if any(w in heading for w in _SUMMARY_HEADING) or _SUMMARY_WORDS.search(heading):
                summary += _HEADING_WEIGHT
                cues.setdefault(heading, line.number)
            elif any(w in heading for w in _PLAN_HEADING):
                plan += _HEADING_WEIGHT
            text = match.group("rest")[30:]  # a run-in heading's text: its sentences count
        words = set(_SUMMARY_WORDS.findall(text))
        summary += len(words)
        plan += len(set(_PLAN_WORDS_TEXT.findall(text)))
        for word in sorted(words, key=text.index):
            cues.setdefault(word, line.number)
    if summary >= plan + _SUMMARY_MARGIN:
        return "summary", min(cues.values(), default=1), list(cues)[:_SHOWN_CUES]
    return "plan", 0, []


def _build(
    source: Extracted,
    kind: str,
    title_lines: list[str],
    lines: list[Line],
    notes: Notes,
    notice: Notice | None = None,
    frame: Frame | None = None,
    number: Line | None = None,
) -> Recognised:
    """Return the recognised document: the head, then the body line by line, then the data.

    ``number`` is a line above the title holding the document's own 文号 (a 意见 issued
    without a notice: "粵府〔2004〕4號" over its title).
    """
    head, start = _read_head(lines, kind, "".join(title_lines), notes)
    if number is not None and (found := doc_number(number.text)):
        if kind != "speech":
            head.update(doc_number=found[0], doc_year=found[1])
            head.setdefault("origins", {})["doc_number"] = number.number
        where = f"写作 doc_number：{found[0]}" if kind != "speech" else "讲话稿没有发文字号，未导入"
        notes.add(number.number, NOTICE, f"标题上方的发文字号{where}")
    head["editor_year"] = _editor_year(lines)
    if is_sentence("".join(title_lines)):  # no title line: the text may name the year
        head["text_year"] = _text_year(lines)
    if kind == "speech":
        head["day_year"] = _teachers_day_year(lines)
    if notice is not None:
        head.update(_notice_head(notice, kind, notes))
    if frame is not None and frame.tail.get("date"):
        head["date"] = frame.tail["date"]  # the year comes from the 成文日期
    body = _Body(Builder(kind, notes, marked=_ours(source)), notes)
    # page K of a site's compilation: its text before a first 二、 ends a 一、 of page K-1
    body.builder.mid_document = bool(_compilation_page("".join(title_lines), source))
    for position in range(start, len(lines)):
        following = lines[position + 1].text if position + 1 < len(lines) else ""
        body.read(lines[position], following)
    body.builder.drop_trailing_furniture()
    if kind == "plan":
        body.builder.heading_leads()
    body.changed += int(head.pop("colon_changed", 0))
    origins: dict[str, int] = head.pop("origins", {})
    if notice is not None:
        origins.update(title=notice.title_line, doc_number=notice.doc_number_line)
        origins.update(addressee=notice.addressee_line, org=notice.issuer_line)
    origins.update({k: v for k, v in (("org", body.signature_line), ("date", body.date_line)) if v})
    if not body.builder.sections and kind == "plan":
        body.builder.invent_section()
    data = _assemble(source, title_lines, head, body)
    if frame is not None:
        from drafting.ingest.frame import notice_data

        data = notice_data(data, frame)
        origins.update(frame.origins)
    if body.changed:
        notes.add(0, FULL_WIDTH, f"把 {body.changed} 处半角标点改为全角（，：；？！（））")
    return Recognised(kind, data, notes.diagnostics(), {k: v for k, v in origins.items() if v})


_TEXT_YEAR_LINES = 12


def _text_year(lines: list[Line]) -> int | None:
    """Return the first year the first lines of the text name ("2025年全区……总体目标")."""
    for line in lines[:_TEXT_YEAR_LINES]:
        if match := _YEAR.search(line.text):
            return int(match.group(1))
    return None


_TEACHERS_DAY = lazy(
    r"第\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,4})\s*[个個]\s*(?:教师节|教師節)"
)
"""A speech dating itself: "我们迎来了第28个教师节" (the first was in 1985)."""
_FIRST_TEACHERS_DAY = 1985


def _teachers_day_year(lines: list[Line]) -> tuple[int, str] | None:
    """Return the year a speech's "第N个教师节" names, with those words, or None.

    "第一个教师节" is history ("从1985年第一个教师节到现在"), not the day of the speech.
    """
    for line in lines[:_KIND_LINES]:
        for match in _TEACHERS_DAY.finditer(line.text):
            number = match.group(1)
            count = (
                _arabic(number) if number[0] not in "一二三四五六七八九十" else cn_number(number)
            )
            if count > 1:
                return _FIRST_TEACHERS_DAY + count - 1, match.group(0)
    return None


def _editor_year(lines: list[Line]) -> int | None:
    """Return the year of the title an editor's sentence before the first 一、 names."""
    for line in lines:
        if SECTION_NUMBER.match(line.text):
            break
        if title := editor_title(line.text):
            return title_year(title)
    return None


def _notice_head(notice: Notice, kind: str, notes: Notes) -> dict[str, Any]:
    """Return the head fields a notice gives: 文号 (not for a speech), 主送, its year."""
    head: dict[str, Any] = {}
    used = kind != "speech"  # a speech has neither
    if notice.doc_number:
        if used:
            head["doc_number"] = notice.doc_number
        where = f"写作 doc_number：{notice.doc_number}" if used else "讲话稿没有发文字号，未导入"
        if notice.doc_number_bare:
            notes.add(
                notice.doc_number_line,
                NOTICE,
                _damage_note(notice.doc_number_bare, notice.doc_number),
            )
        notes.add(notice.doc_number_line, NOTICE, f"印发通知的发文字号{where}")
    if notice.addressee:
        if used:
            head["addressee"] = full_width(notice.addressee)[0]
        where = "写作 addressee" if used else "讲话稿没有主送机关，未导入"
        notes.add(notice.addressee_line, NOTICE, f"印发通知的主送机关{where}")
    if notice.issuer and used:
        # a plan with a 文号 is laid out with a 版头 and needs its organ (check: doc-number-org)
        head["notice_org"] = notice.issuer
        notes.add(notice.issuer_line, NOTICE, f"印发通知的发文机关写作 org：{notice.issuer}")
    if notice.year:
        head["doc_year"] = notice.year
    if notice.subtitle:
        head["subtitle"] = full_width(notice.subtitle)[0]
    return head


def _damage_note(bare: str, restored: str) -> str:
    """Return the report note on a 文号 the page printed damaged, as restored."""
    lost = doc_number_damage(bare)
    if lost == "年份的括号":
        return f"发文字号“{bare}”年份的括号已丢失，已按“〔年份〕序号”补上，请核对"
    return f"发文字号“{bare}”缺了{lost}，已补作“{restored}”，请核对"


# -- the head: byline (speaker or subtitle), date line, addressee or salutation ------

_HeadStep = Callable[[dict[str, Any], Line, str], bool]


def _read_head(
    lines: list[Line], kind: str, title: str, notes: Notes
) -> tuple[dict[str, Any], int]:
    """Return what the head says and the index of the first body line.

    Each line is taken by the first of :data:`_HEAD_STEPS` that recognises it; the head
    ends at a line none recognises, or after the salutation (addressee).
    """
    head: dict[str, Any] = {}
    for index, line in enumerate(lines):
        if is_junk(line.text) or (line.text == title and not head):
            notes.add(line.number, CLUTTER, f"已删除网页杂项：“{clip(line.text)}”")
            continue
        if not head and (dressing := _dressed_title(line.text, title)):
            notes.add(
                line.number,
                REPEATED,
                f"正文开头重复了标题“{clip(title)}”，带网站加的“{dressing}”，已删除这一行",
            )
            continue
        if not head and _PIECE_HEADING.search(line.text) and not is_sentence(line.text):
            # a compilation's heading of one piece ("……致辞范文 第一篇"): never the speaker
            notes.add(line.number, CLUTTER, f"已删除网站给这一篇加的篇名行：“{clip(line.text)}”")
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        if kind != "speech" and _spoken_salutation(line, following):
            notes.add(
                line.number,
                CLUTTER,
                f"“{clip(line.text)}”后接问候语，是讲话的称呼，不作主送，留在正文中",
            )
            return head, index
        missed = _missed_salutation(line, following)
        if missed and _salutation(head, missed.line, kind):
            notes.add(line.number, missed.code, missed.message)
            head.setdefault("origins", {}).update(
                {"salutation" if kind == "speech" else "addressee": line.number}
            )
            if missed.rest is not None:  # the sentence glued to it starts the body
                lines[index] = missed.rest
                return head, index
            return head, index + missed.taken
        before = set(head)
        step = next((step for step in _HEAD_STEPS if step(head, line, kind)), None)
        if step is None:
            return head, index
        taken = set(head) - before - {"origins"}
        head.setdefault("origins", {}).update(dict.fromkeys(taken, line.number))
        if step is _salutation:
            return head, index + 1
    return head, len(lines)


_PIECE_HEADING = lazy(
    r"^[^，,。；;：:！!？?]{4,40}?(?:\s(?:第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*篇"
    r"|篇\s*[0-9０-９一二三四五六七八九十]{1,3})"
    r"|[（(【](?:精选|精選|通用|优秀|優秀|热门|熱門|最新|汇编|匯編)?\s*[0-9０-９]{1,3}\s*篇[）)】])$",
    needs=("篇",),
)
"""A compilation's heading of one of its pieces (a title, a space, "第一篇" or "篇1") or
its page title again with the count ("……的发言(精选17篇)")."""


def _dressed_title(text: str, title: str) -> str:
    """Return what a site added to the title printed again above the salutation
    ("校庆演讲稿11篇", "校庆演讲稿1"), or "" for any other line."""
    if not title or not text.startswith(title) or text == title:
        return ""
    bare, taken = site_title(text)
    return "".join(taken) if bare == title else ""


def _spoken_salutation(line: Line, following: Line | None) -> bool:
    """Return True for a salutation above a greeting ("尊敬的各位领导:" / "大家好!"): a
    述职报告 read aloud addresses its listeners, which is no 主送 of a plan or summary."""
    return (
        following is not None
        and _is_salutation_line(line.text)
        and _GREETING.match(following.text) is not None
    )


_SALUTATION_OPEN = lazy(
    rf"^(?:[^，,。；;：:！!？?、\s]{{0,12}}?{ADDRESSEE_NOUN}\s*[、，,]\s*){{1,4}}$"
)
"""The first line of a salutation on two lines: "各位领导,", then "同志们:"."""
_SALUTATION_BARE = lazy(
    rf"^(?:尊敬的|亲爱的|親愛的|敬爱的|敬愛的)[^，,。；;：:！!？?、\s]{{0,10}}?{ADDRESSEE_NOUN}$",
    needs=("尊敬的", "亲爱的", "親愛的", "敬爱的", "敬愛的"),
)
"""A salutation without its colon: "尊敬的家长朋友" (a greeting follows on its own line)."""
_SALUTATION_BARE_GROUPS = lazy(
    rf"^(?:[^，,。；;：:！!？?、\s]{{0,12}}?{ADDRESSEE_NOUN}\s*[、，,]\s*){{1,5}}"
    rf"[^，,。；;：:！!？?、\s]{{0,12}}?{ADDRESSEE_NOUN}$"
)
"""A salutation of several groups without its colon: "尊敬的各位老师,各位家长,亲爱的同学们"."""
_GREETING = lazy(r"^(?:大家|你们|你們|您们|您們)?(?:上午|中午|下午|晚上|早上)?好\s*[!！。]")
"""The greeting under a salutation: "你们好!", "大家上午好!"."""
_SALUTATION_START = lazy(
    rf"^(?:{SALUTATION_GROUPS}|(?:各位领导、?|各位代表、?)?同志们\s*[：:]|同志們\s*[：:])"
)
"""A salutation that starts a line the first sentence is glued to: "同志们:今天,……"."""


@dataclass(frozen=True)
class _Missed:
    """A salutation the head steps would miss: its line, how many source lines it takes,
    the sentence glued to it (the body's first line) and the report's note."""

    line: Line
    taken: int
    rest: Line | None
    code: str
    message: str


def _bare_salutation(text: str, after: str) -> bool:
    """Return True for a salutation without its colon above a greeting: "尊敬的家长朋友" or
    "尊敬的各位老师,各位家长,亲爱的同学们" over "大家下午好!"."""
    bare = _SALUTATION_BARE.match(text) or _SALUTATION_BARE_GROUPS.match(text)
    return bool(bare) and _GREETING.match(after) is not None


def _missed_salutation(line: Line, following: Line | None) -> _Missed | None:
    """Return a salutation the head steps would miss, made a line of its own, or None.

    Three shapes: one on two lines ("各位领导," / "同志们:") is joined; one without
    its colon above a greeting ("尊敬的家长朋友" / "你们好!") gets one; one glued to
    the first sentence ("同志们:今天,……") is cut off it.
    """
    text = line.text
    after = following.text if following is not None else ""
    if _SALUTATION_OPEN.match(text) and (
        _SALUTATION.match(after) or _SALUTATION_GROUPS.match(after)
    ):
        both = text + after
        message = f"称呼分在两行，已合为一行：“{clip(both)}”"
        return _Missed(replace(line, text=both), 2, None, JOINED, message)
    if _bare_salutation(text, after):
        message = f"称呼“{text}”后面没有冒号，已补上“：”"
        return _Missed(replace(line, text=text + "："), 1, None, CLUTTER, message)
    start = _SALUTATION_START.match(text)
    rest = text[start.end() :].strip() if start else ""
    if start and rest:
        message = f"称呼“{start.group(0)}”与第一句连在一行，已分开"
        return _Missed(
            replace(line, text=start.group(0)), 1, replace(line, text=rest), SPLIT, message
        )
    return None


def _dash_subtitle(head: dict[str, Any], line: Line, kind: str) -> bool:
    if line.text.startswith(_DASHES) and "subtitle" not in head:
        head["subtitle"] = line.text
        return True
    return False


def _date_line(head: dict[str, Any], line: Line, kind: str) -> bool:
    text = line.text
    if not _is_date_line(text) or "date_line" in head:
        return False
    head["date_line"] = text
    year = _YEAR.search(text)
    full = re.search(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    if full:
        head["date"] = dt.date(*map(int, full.groups())).isoformat()
    elif year:
        head["year"] = int(year.group(1))
    return True


def _byline(head: dict[str, Any], line: Line, kind: str) -> bool:
    if _role(line) != "byline":
        return False
    if kind == "speech" and "speaker" not in head:
        head["speaker"] = line.text
    elif "subtitle" not in head:
        head["subtitle"] = line.text
    else:
        return False
    return True


def _speaker(head: dict[str, Any], line: Line, kind: str) -> bool:
    if kind == "speech" and "speaker" not in head and _looks_like_speaker(line.text):
        head["speaker"] = line.text
        return True
    return False


_OFFICE = (
    r"[^，,。；;：:！!？?]{1,40}?(?:政府|单位|單位|部门|部門|局|委|办|辦|团体|團體|机关|機關|"
    r"学校|學校|幼儿园|街道|处|處|室|院|会|會|中心|机构|機構)"
)
_OFFICES = lazy(rf"^(?:{_OFFICE}\s*[、，,]\s*){{1,12}}{_OFFICE}\s*[：:]$")
"""A notice's 主送 of several offices: "各县、区党委和人民政府,…,中央、省驻普各单位:"."""


def _salutation(head: dict[str, Any], line: Line, kind: str) -> bool:
    text = line.text
    bare = GLOSSES.sub("", text)  # "各位領(lǐng)導(dǎo),各位同仁:" is read without its glosses
    groups = _SALUTATION_GROUPS.match(bare) is not None  # "各位老师,同志们、同学们:"
    groups = groups or (kind != "speech" and _OFFICES.match(text) is not None)
    if not (_SALUTATION.match(bare) or groups) or _METADATA_LABEL.match(text):
        return False
    if _role(line) != "addressee" and any(
        p.match(text) for p in (SECTION_NUMBER, GROUP_NUMBER, TASK_NUMBER, ITEM_NUMBER)
    ):
        return False  # a numbered heading with a colon ("一、指导思想:", "1.目标:"), never a 主送
    if _LEAD_IN.search(text) and _role(line) != "addressee":
        return False
    short = len(bare) <= 30 or groups  # five groups run past 30: "尊敬的各位老领导、…同学们:"
    if _role(line) == "addressee" or (short and not text.startswith(_NOT_ADDRESSEE)):
        # the colon and commas are converted like the other half-width punctuation
        words, changed = full_width(text[:-1])
        head["salutation" if kind == "speech" else "addressee"] = words + "："
        head["colon_changed"] = changed + text.endswith(":")
        return True
    return False


_HEAD_STEPS: tuple[_HeadStep, ...] = (_dash_subtitle, _date_line, _byline, _speaker, _salutation)


# -- the body: each line through the steps, until one takes it ------------------------


class _Body:
    """The body pass: what it found besides the tree the builder holds.

    :meth:`read` hands a line to each step in turn; a step returns the line (perhaps
    rewritten) for the next step, or None when it took the line. The last step, the
    outline level, takes every line that reaches it.
    """

    def __init__(self, builder: Builder, notes: Notes) -> None:
        self.builder = builder
        self.notes = notes
        self.attachments: list[str] = []
        self.signature: dict[str, Any] = {}
        self.signature_line = 0
        self.date_line = 0
        self.lead_first = False
        self.changed = 0  # punctuation marks made full-width
        self.in_attachment = False
        self._steps: tuple[Callable[[Line, str], Line | None], ...] = (
            self._attachment_page,
            self._lead_first,
            self._attachment_label,
            self._attachment_note,
            self._signature,
            self._date,
            self._clutter,
            self._full_width,
            self._closing,
            self._responsibility,
            self._deadline,
            self._outline,
        )

    def read(self, line: Line, following: str) -> None:
        """Recognise one body line; ``following`` is the text of the next line."""
        for step in self._steps:
            rest = step(line, following)
            if rest is None:
                return
            line = rest

    def _attachment_page(self, line: Line, following: str) -> Line | None:
        """Everything after the attachment label is the attachment page: skipped, each
        line of text named in the report (nothing is left out silently)."""
        if not self.in_attachment:
            return line
        if line.text.strip():
            self.notes.add(
                line.number, ATTACHMENT_PAGE, f"附件页的内容，未导入正文：“{clip(line.text)}”"
            )
        return None

    def _lead_first(self, line: Line, following: str) -> Line | None:
        text = line.text
        if "列第一位的为牵头单位" not in text and "排在第一位的为牵头单位" not in text:
            return line
        self.lead_first = True
        self.notes.add(
            line.number,
            LEAD_FIRST,
            "文中说明“列第一位的为牵头单位”：各任务第一个单位作为牵头单位",
        )
        text = re.sub(r"[（(]?(?:列|排在)第一位的为牵头单位[。]?[）)]?", "", text).strip()
        return replace(line, text=text) if text else None

    def _attachment_label(self, line: Line, following: str) -> Line | None:
        if _role(line) == "attach-label" or (_ATTACH_LABEL.match(line.text) and not line.table):
            self.in_attachment = True
            self.notes.add(line.number, ATTACHMENT_PAGE, "附件页（标识、标题和表格）不导入正文")
            return None
        return line

    def _attachment_note(self, line: Line, following: str) -> Line | None:
        note = _ATTACH_NOTE.match(line.text)
        if note is None or not (_role(line) == "attach-note" or self.builder.section is not None):
            return line
        name = note.group(1).rstrip("。")
        if name in ATTACHMENTS:
            self.attachments.append(ATTACHMENTS[name])
        else:
            self.notes.add(line.number, ATTACHMENT, f"附件“{name}”不是程序生成的附件，未导入")
        return None

    def _signature(self, line: Line, following: str) -> Line | None:
        if _role(line) == "signature" or (
            self.builder.section is not None
            and not self.signature
            and _is_signature(line.text, following)
        ):
            self.signature["org"] = line.text
            self.signature_line = line.number
            return None
        return line

    def _date(self, line: Line, following: str) -> Line | None:
        if _role(line) == "date" or (self.builder.section is not None and not line.table):
            day = _date(line.text)
            if day:
                self.signature["date"] = day.isoformat()
                self.date_line = line.number
                return None
        return line

    def _clutter(self, line: Line, following: str) -> Line | None:
        if DISCLOSURE.match(line.text):
            self.notes.add(line.number, NOTICE, f"公开属性，未导入正文：“{line.text}”")
            return None
        if is_junk(line.text):
            self.notes.add(line.number, CLUTTER, f"已删除网页杂项：“{clip(line.text)}”")
            return None
        return line

    def _full_width(self, line: Line, following: str) -> Line | None:
        text, count = full_width(line.text)
        self.changed += count
        return replace(
            line, text=text, head=full_width(line.head)[0], resp=full_width(line.resp)[0]
        )

    def _closing(self, line: Line, following: str) -> Line | None:
        if _role(line) == "closing":
            self.builder.paragraph(line, line.text, closing=True)
            return None
        return line

    def _responsibility(self, line: Line, following: str) -> Line | None:
        match = RESP_LINE.match(line.text)
        wanted = _role(line) == "responsibility" or (self.builder.task is not None and match)
        note = match.group(1) if match else line.text
        if wanted and self.builder.responsibility_line(note, line.number):
            return None
        return line

    def _deadline(self, line: Line, following: str) -> Line | None:
        deadline = DEADLINE_ONLY.match(line.text)
        task = self.builder.task
        if deadline and task is not None and self.builder.own_line:
            task["deadline"] = deadline.group(1)
            return None
        return line

    def _outline(self, line: Line, following: str) -> Line | None:
        _place(self.builder, line)
        return None


def _place(builder: Builder, line: Line) -> None:
    """Add ``line`` to the tree: as a section, group, item or task, or as a paragraph."""
    text = line.text
    if match := SECTION_NUMBER.match(text):
        builder.add_section(line, cn_number(match.group("n")), match.group("rest"))
    elif match := GROUP_NUMBER.match(text):
        head = _head_title(line.head, GROUP_NUMBER)
        builder.add_group(line, cn_number(match.group("n")), match.group("rest"), head)
    elif match := ITEM_NUMBER.match(text):
        builder.add_item(line, match.group("rest").strip())
    elif (
        match := TASK_NUMBER.match(text) or _continued(builder, text)
    ) and builder.kind != "speech":
        head = _head_title(line.head, TASK_NUMBER, LONG_TASK_NUMBER)
        builder.add_task(line, _arabic(match.group("n")), match.group("rest"), head)
    else:
        cue = text.startswith(_CLOSING_CUES)
        closing = builder.task is not None and cue and builder.kind != "plan"
        builder.paragraph(line, text, closing=closing)


def _head_title(head: str, *numbered: re.Pattern[str]) -> str | None:
    """Return the title in a run-in head without its number; None without a head."""
    if not head:
        return None
    match = next((m for m in (p.match(head) for p in numbered) if m), None)
    return match.group("rest") if match else head


# -- the document data ---------------------------------------------------------------


def _assemble(
    source: Extracted, title_lines: list[str], head: dict[str, Any], body: _Body
) -> dict[str, Any]:
    """Return the document data in the key order of the examples."""
    builder = body.builder
    data = _front(source, title_lines, head, body)
    if builder.kind == "speech":
        data.update(_speech(source, head, body.notes, builder.preamble))
    else:
        data.update({k: head[k] for k in ("doc_number", "addressee") if k in head})
    data.update(_layout(builder, body.signature))
    if body.attachments:
        data["attachments"] = body.attachments
    if builder.preamble:
        data["preamble"] = builder.preamble
    data["sections"] = finish(builder.sections, body.lead_first)
    if builder.closing:
        data["closing"] = builder.closing
    return data


def _front(
    source: Extracted, title_lines: list[str], head: dict[str, Any], body: _Body
) -> dict[str, Any]:
    """Return kind, title, subtitle, org, year and date."""
    signature = body.signature
    title = [full_width(t)[0] for t in title_lines] or [NO_TITLE]
    data: dict[str, Any] = {"kind": body.builder.kind}
    data["title"] = title[0] if len(title) == 1 else title
    if "subtitle" in head:
        data["subtitle"] = head["subtitle"]
    # The core-properties author is whoever's Word saved the file ("Administrator",
    # "python-docx", a clerk's name), never the issuing organisation: org comes from the
    # document's own 署名, else from the custom property drafting renders (drafting-org).
    org = signature.get("org") or head.get("notice_org") or source.properties.get("org", "")
    if org:
        data["org"] = org
    data["year"] = _year(title, head, signature, body.builder, source, body.notes)
    if signature.get("date") or head.get("date"):
        data["date"] = signature.get("date") or head.get("date")
    return data


def _speech(
    source: Extracted, head: dict[str, Any], notes: Notes, preamble: list[str]
) -> dict[str, Any]:
    """Return the fields of a speech's head: speaker, date line, occasion, salutation.

    ``salutation: false`` when the speech has no salutation line: none in the head and
    none among the first paragraphs (a head cut short by a line it did not recognise
    leaves the 同志们： there; the default is kept then).
    """
    data: dict[str, Any] = {"speaker": head.get("speaker") or "×××"}
    if "speaker" not in head:
        notes.add(0, NO_SPEAKER, "没有找到讲话人行，speaker 暂写作“×××”，请补上")
    if "date_line" in head:
        data["date_line"] = head["date_line"]
    if _ours(source) and source.properties.get("subject"):
        data["occasion"] = source.properties["subject"]
    if "salutation" not in head:
        if not any(_SALUTATION.match(p) for p in preamble[:3]):
            data["salutation"] = False  # no salutation line: never the default 同志们：
    elif head["salutation"] != "同志们：":
        data["salutation"] = head["salutation"]
    return data


def _layout(builder: Builder, signature: dict[str, Any]) -> dict[str, Any]:
    """Return numbering, units label, responsibility layout and signature when not default."""
    kind = builder.kind
    data: dict[str, Any] = {}
    found = numbering(builder)  # also reports gaps and repeats
    if found != DEFAULT_NUMBERING[kind] and kind != "speech":
        data["numbering"] = found
    labels = [lb for lb in builder.labels if lb not in ("责任单位", "牵头单位")]
    if labels and kind == "plan":
        # the most used label; on a tie the first one used (a set's order varies per run)
        data["units_label"] = Counter(labels).most_common(1)[0][0]
    if builder.own_line and kind == "plan":
        data["responsibility"] = "own-line"
    signed = bool(signature.get("org") and signature.get("date"))
    if kind == "summary" and not signed:
        data["signature"] = False
    elif kind == "plan" and signed:
        data["signature"] = True
    return data


_OPENING_YEAR = lazy(r"^((?:19|20)\d{2})\s*年度?\s*[,，]")
_STATED_YEAR = lazy(r"[将將]\s*((?:19|20)\d{2})\s*年[^。；;!！?？]{0,40}?(?:总结|總結)如下")
"""A summary naming the year it reports on: "现将2020年我校……工作总结如下"."""
_PLAN_WORDS = ("计划", "計劃", "打算", "安排", "思路")


_COHORT = lazy(r"(?<![0-9０-９])((?:19|20)\d{2})\s*级(?:新生|学生|本科生|同学)")
"""The students a text addresses by the year they entered ("2023级学生军训工作今天开始"):
the year of a 军训 or 开学 text that names no other."""
_MASKED_YEAR = lazy(r"(?:[Xx×＿_]{2,4}|20[Xx×]{2})\s*年")
"""A year the text hides: "XX年", "__年度", "20XX年"."""


def _site_year_only(title: str, builder: Builder) -> bool:
    """Return True when the title's year is bare digits ("2023鄉鎮……總結", no 年) while
    the preamble names no year but hides one (XX年): a year the site may have added."""
    if _YEAR.search(title) or not builder.preamble:
        return False
    return not any(_YEAR.search(p) for p in builder.preamble) and any(
        _MASKED_YEAR.search(p) for p in builder.preamble
    )


def _summary_year(named: int, title: str, builder: Builder, notes: Notes) -> int:
    """Return the year of the title, or the year a summary's text opens with: for a
    summary-and-plan an earlier one (the year reported on), for a plain summary a later
    one ("2024年，我局……" under a title a site gave 2023: no summary opens with a year after
    the one it reports; an earlier year is the one before, as context)."""
    if builder.kind != "summary":
        return named
    stated = next(filter(None, map(_STATED_YEAR.search, builder.preamble[:3])), None)
    if stated and int(stated.group(1)) != named:  # "现将2020年我校……总结如下": its own words
        year = int(stated.group(1))
        notes.add(
            0,
            YEAR_FROM_TEXT,
            f"标题的年份是 {named}，总结正文说“{clip(stated.group(0))}”："
            f"年度取总结的 {year}（标题的年份可能是网站加的），请核对",
        )
        return year
    opening = _OPENING_YEAR.match(builder.preamble[0]) if builder.preamble else None
    if opening is None or int(opening.group(1)) == named:
        return named
    if (int(opening.group(1)) > named) == any(w in title for w in _PLAN_WORDS):
        return named
    year = int(opening.group(1))
    notes.add(
        0,
        YEAR_FROM_TEXT,
        f"标题的年份是 {named}，总结正文开头写的是 {year}年：年度取总结的 {year}，请核对",
    )
    return year


_COMPILATION_PAGE = lazy(r"[0-9０-９]{1,2}\s*篇\s*[（(]\s*([0-9]{1,2})\s*[）)]\s*$")
"""A compilation split over pages, one page's headline: "……工作总结3篇(5)"."""


def _compilation_page(title: str, source: Extracted) -> int:
    """Return K when ``title`` is the headline of page K (K ≥ 2) of a site's compilation
    ("……总结3篇(5)": the page opens inside a later piece), else 0."""
    first = next((ln.text.strip() for ln in source.lines if ln.text.strip()), "")
    match = _COMPILATION_PAGE.search(first)
    if match is None or int(match.group(1)) < 2 or site_title(first)[0] != title:
        return 0
    return int(match.group(1))


def _year(
    title: list[str],
    head: dict[str, Any],
    signature: dict[str, Any],
    builder: Builder,
    source: Extracted,
    notes: Notes,
) -> int:
    """Return the year from the title, the date line or signature date, or the 文号.

    A summary titled with its plan for the next year ("……工作总结和2023年工作计划")
    whose text opens with an earlier year ("2022年，……") is about that year; a speech
    that dates itself ("第28个教师节": 2012) against its title's year (a site's "县长2015年
    庆祝教师节电视讲话") is of its own year.

    Else it is guessed (a warning says from where): a speech's 第N个教师节, the year of
    the title an editor's sentence names ("小编整理的……2023年工作小结"), the first year in
    the preamble, the file's creation date, or this year.
    """
    named = title_year("".join(title))
    if named is None and head.get("subtitle"):  # a slogan title: "——2024~2025学年度…计划"
        named = title_year(str(head["subtitle"]))
    span = title_span("".join(title))
    issued = int(head.get("doc_year") or 0)
    if span and named == span[0] and span[0] < issued <= span[1]:
        notes.add(
            0,
            NOTICE,
            f"标题中的“{span[0]}-{span[1]}年”是规划的期限：年度取印发通知的年份 {issued}，请核对",
        )
        return issued
    day = head.get("day_year")
    if named is not None and day and day[0] != named:
        notes.add(
            0,
            YEAR_FROM_TEXT,
            f"标题的年份是 {named}，讲话说的是“{day[1]}”（{day[0]}年）："
            f"年度取讲话的 {day[0]}（标题的年份可能是网站加的），请核对",
        )
        return int(day[0])
    if named is not None:
        if page := _compilation_page("".join(title), source):
            notes.add(
                0,
                YEAR_GUESSED,
                f"标题取自网站合集第 {page} 页的页面标题，本页没有文档自己的标题："
                f"年度暂取其中的年份（{named}），请核对",
            )
        elif _site_year_only("".join(title), builder):
            notes.add(
                0,
                YEAR_GUESSED,
                f"标题中的年份“{named}”后没有“年”字，正文的年份都已隐去（XX年、__年）："
                f"年度暂取这个年份，它可能是网站加的，请核对",
            )
        return _summary_year(named, "".join(title), builder, notes)
    for value in (signature.get("date"), head.get("date")):
        if value:
            return int(str(value)[:4])
    for key in ("year", "doc_year"):
        if key in head:
            return int(head[key])
    guess, where = dt.date.today().year, "今年"
    created = source.properties.get("created", "")
    if day:
        guess, where = int(day[0]), f"讲话中的“{day[1]}”"
    elif head.get("editor_year"):
        guess, where = int(head["editor_year"]), "网站编者语所写标题中的年份"
    elif match := next(filter(None, map(_YEAR.search, builder.preamble)), None):
        guess, where = int(match.group(1)), "导语中的第一个年份"
    elif cohort := next(filter(None, map(_COHORT.search, builder.preamble)), None):
        guess, where = int(cohort.group(1)), f"导语中的年级“{cohort.group(0)}”"
    elif created[:4].isdigit():
        guess, where = int(created[:4]), "文件的创建日期"
    elif head.get("text_year"):
        guess, where = int(head["text_year"]), "正文中的第一个年份"
    notes.add(
        0, YEAR_GUESSED, f"标题、日期和发文字号中没有年份：年度暂取{where}（{guess}），请核对"
    )
    return guess
