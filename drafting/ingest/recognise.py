"""Recognise: the structure of a document from its extracted lines.

The second stage of ``drafting import``. It finds the title (by style, or the last
title-like line before the body), the speech head (speaker, date line, 同志们：), the
four levels in every variant seen in real documents (一、/一. ; （一）/(一) ;
1./1、/1．/１．/"1 ." ; （1）/(1)), run-in titles, responsibility notes and deadlines,
the attachment note, signature and date. Web-page furniture around the document is
dropped and listed; nothing is dropped silently, and numbering gaps or repeats are
warnings, never renumbered.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from drafting.errors import PartError
from drafting.ingest.extract import Extracted, Line
from drafting.ingest.ids import derived_id
from drafting.model import DEFAULT_NUMBERING
from drafting.outline import NUMERAL, chinese, value_of

_SECTION = re.compile(rf"^({NUMERAL})\s*[、.．,，]\s*(.*)$", re.S)
_GROUP = re.compile(rf"^[（(]\s*({NUMERAL})\s*[）)]\s*[、.．]?\s*(.*)$", re.S)
_TASK = re.compile(r"^([0-9０-９]{1,3})\s*[.．、]\s*(?![0-9０-９])(.*)$", re.S)
# Four digits or more could be a year ("2025.…"): a task only when it continues the
# numbering (a plan of 20,000 tasks numbers them up to 20000.).
_LONG_TASK = re.compile(r"^([0-9０-９]{4,6})\s*[.．、]\s*(?![0-9０-９])(.*)$", re.S)
_ITEM = re.compile(r"^[（(]\s*([0-9０-９]{1,3})\s*[）)]\s*(.*)$", re.S)
_PART = re.compile(r"^(.{2,40}?)篇([一二三四五六七八九十]{1,3})$")
# [^][]: a scan stops at the next "[", so a paragraph of unclosed marks stays linear
_BOOKMARK = re.compile(r"\[bookmark:[^\][]*\]")
_DATE = re.compile(r"^[（(]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[）)]?$")
_DATE_YEAR = re.compile(r"(?:19|20)\d{2}年")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_LABELS = "责任股室|责任科室|责任处室|责任部门|责任单位|牵头单位|牵头部门|配合单位|参与单位"
_RESP_PAREN = re.compile(rf"[（(]\s*((?:{_LABELS})\s*[:：][^（）()]*?)\s*[）)]\s*[。.]?\s*$")
_RESP_INLINE = re.compile(rf"(?:(?<=[。；;！？])|^)\s*((?:{_LABELS})\s*[:：][^。]*?)[。.]?\s*$")
_RESP_LINE = re.compile(rf"^\s*((?:{_LABELS}|完成时限)\s*[:：].*?)[。.]?\s*$")
_DEADLINE_ONLY = re.compile(r"^([^：:，,；;。]{1,20}前)完成[。.]?$")
_ATTACH_NOTE = re.compile(r"^附件\s*[:：]\s*(.+?)\s*$")
_ATTACH_LABEL = re.compile(r"^附件\s*[0-9０-９]*\s*$")
_SALUTATION = re.compile(r"^[^，。；：:！？]{2,30}[：:]$")
_SENTENCE_END = "。！？；"
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
)
_STRONG_JUNK = re.compile(r"www\.|https?://|\||阅读全文|展开全文|下载文档|全屏查看")
"""Page furniture that no document sentence contains."""
_JUNK = re.compile(
    r"阅读全文|展开全文|推荐访问|相关推荐|相关文章|上一篇|下一篇|分享到|扫一扫|点击下载|下载文档|"
    r"全屏查看|页未读|继续阅读|返回顶部|版权所有|免责声明|联系客服|小编|小編|网友投稿|網友投稿|"
    r"来源[:：]|來源[:：]|www\.|https?://|\||登陆|登录|赞赏|赏赞|打赏|喜欢本篇|想阅读完|"
    r"猜你喜欢|猜你喜歡|热门推荐|最新推荐|最新推薦|本文标题|关于本文|二维码|订阅号"
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
_UNIT_SPLIT = re.compile(r"[、，,;；/]+")
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
class Note:
    """A line of the import report: where, how serious, what."""

    line: int
    severity: str  # "dropped" | "warning" | "info"
    message: str


@dataclass
class Recognised:
    """The document data (plain Python, ready to be written as YAML) and the report."""

    kind: str
    data: dict[str, Any]
    notes: list[Note] = field(default_factory=list)

    def count(self, what: str) -> int:
        """Return how many sections, groups, tasks, items or units were recognised."""
        sections = self.data.get("sections") or []
        groups = [g for s in sections for g in s.get("groups") or []]
        tasks = [t for s in sections for t in (*s.get("tasks", []), *_group_tasks(s))]
        if what == "sections":
            return len(sections)
        if what == "groups":
            return len(groups)
        if what == "tasks":
            return len(tasks)
        if what == "items":
            return sum(len(t.get("items") or []) for t in tasks)
        units = {u for t in tasks for u in (*t.get("lead", []), *t.get("units", []))}
        return len(units)


def _group_tasks(section: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for g in section.get("groups") or [] for t in g.get("tasks") or []]


def cn_number(text: str) -> int:
    """Return the value of a Chinese numeral up to 999 (一 → 1, 十二 → 12, 二十 → 20)."""
    return value_of(text)


def _continued(builder: _Builder, text: str) -> re.Match[str] | None:
    """Return the match of a four-digit task number that follows the last task's number."""
    match = _LONG_TASK.match(text)
    if match is None or not builder.task_numbers:
        return None
    return match if _arabic(match.group(1)) == builder.task_numbers[-1][1] + 1 else None


def _arabic(text: str) -> int:
    return int(unicodedata.normalize("NFKC", text))


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


def full_width(text: str) -> tuple[str, int]:
    """Return ``text`` with half-width punctuation next to Chinese made full-width.

    ``,:;?!()`` become ``，：；？！（）`` when the character before or after is Chinese
    (so "3.5", "12:30" and English text stay as they are); returns the count changed.
    """
    out = []
    changed = 0
    for index, ch in enumerate(text):
        if ch in _HALF_TO_FULL:
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if (before and _is_cjk(before)) or (after and _is_cjk(after)):
                out.append(_HALF_TO_FULL[ch])
                changed += 1
                continue
        out.append(ch)
    return "".join(out), changed


def split_units(text: str) -> list[str]:
    """Return the units of a responsibility list: split on 、，,;； and without 等 or 。."""
    units = []
    for unit in _UNIT_SPLIT.split(text):
        unit = unit.strip().rstrip("。.")
        if unit.endswith("等") and len(unit) > 2:
            unit = unit[:-1]
        if unit and unit not in units:
            units.append(unit)
    return units


@dataclass
class _Responsibility:
    label: str = ""
    lead: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    deadline: str = ""


def parse_responsibility(note: str) -> _Responsibility:
    """Return the units and deadline named in a note such as ``牵头单位：…；责任单位：…``."""
    found = _Responsibility()
    for part in re.split(r"[；;]", note):
        part = part.strip().rstrip("。.")
        if not part:
            continue
        match = re.match(rf"^({_LABELS}|完成时限)\s*[:：]\s*(.*)$", part)
        if match is None:
            deadline = _DEADLINE_ONLY.match(part + "完成" if part.endswith("前") else part)
            if deadline:
                found.deadline = deadline.group(1)
            continue
        label, value = match.groups()
        if label == "完成时限":
            found.deadline = value.strip()
        elif label.startswith("牵头"):
            found.lead += split_units(value)
        else:
            found.units += split_units(value)
            found.label = found.label or label
    return found


class _Builder:
    """Walks the body lines and builds the nested document data."""

    def __init__(self, kind: str, notes: list[Note], *, marked: bool = False) -> None:
        self.kind = kind
        self.marked = marked  # rendered by drafting: run-in titles carry a character style
        self.notes = notes
        self.preamble: list[str] = []
        self.closing: list[str] = []
        self.sections: list[dict[str, Any]] = []
        self.section: dict[str, Any] | None = None
        self.group: dict[str, Any] | None = None
        self.task: dict[str, Any] | None = None
        self.task_numbers: list[tuple[int, int, int]] = []  # (section index, number, line)
        self.labels: list[str] = []
        self.own_line = False
        self.closing_started = False
        self.appended: list[tuple[list[str], int]] = []  # (list, source line) of each paragraph

    # -- levels --------------------------------------------------------------------

    def add_section(self, line: Line, number: int, rest: str) -> None:
        expected = len(self.sections) + 1
        if number != expected:
            self.warn(
                line, f"一级标题编号应为“{_cn(expected)}、”，这里是“{_cn(number)}、”（未重新编号）"
            )
        title, text = _split_heading(rest)
        section: dict[str, Any] = {"title": title}
        if text:
            section["text"] = [text]
        self.sections.append(section)
        self.section, self.group, self.task = section, None, None

    def add_group(self, line: Line, number: int, rest: str) -> None:
        section = self._need_section(line)
        groups = section.setdefault("groups", [])
        if number != len(groups) + 1:
            self.warn(
                line, f"二级标题编号应为“（{_cn(len(groups) + 1)}）”，这里是“（{_cn(number)}）”"
            )
        if line.head:
            head_rest = _GROUP.match(line.head)
            title = head_rest.group(2) if head_rest else line.head
            text = rest[len(title) :].strip() if rest.startswith(title) else rest
        elif self.marked:
            title, text = rest, ""
        else:
            title, text = _split_run_in(rest, heading_words=20)
        group: dict[str, Any] = {"title": title}
        if text:
            group["text"] = [text]
        groups.append(group)
        self.group, self.task = group, None

    def add_task(self, line: Line, number: int, rest: str) -> None:
        section = self._need_section(line)
        owner = self.group if self.group is not None else section
        body, resp = _take_responsibility(rest, line.resp)
        if line.head:
            numbered = _TASK.match(line.head) or _LONG_TASK.match(line.head)
            title = numbered.group(2) if numbered else line.head
            text = body[len(title) :] if body.startswith(title) else body
        elif self.marked:  # no run-in head: a Heading 3 title, or a paragraph without one
            title, text = (body, "") if line.style.startswith("Heading") else ("", body)
        else:
            title, text = _split_run_in(body)
        task: dict[str, Any] = {}
        if title:
            task["title"] = title
        if text:
            task[self._text_key] = [text]
        owner.setdefault("tasks", []).append(task)
        self.task = task
        self.task_numbers.append((len(self.sections), number, line.number))
        if resp:
            self.apply_responsibility(task, resp)

    def add_item(self, line: Line, rest: str) -> None:
        owner = self.task if self.task is not None else self.group
        if owner is None:
            self.paragraph(line, line.text)
            return
        body, resp = _take_responsibility(rest, line.resp)
        owner.setdefault("items", []).append(body)
        if resp and self.task is not None:
            self.apply_responsibility(self.task, resp)

    # -- text ----------------------------------------------------------------------

    @property
    def _text_key(self) -> str:
        return "result" if self.kind == "summary" else "text"

    def paragraph(self, line: Line, text: str, *, closing: bool = False) -> None:
        if self.section is None:
            self.preamble.append(text)
            return
        if closing or self.closing_started:
            self.closing.append(text)
            self.appended.append((self.closing, line.number))
            self.closing_started = True
            return
        if self.task is not None:
            body, resp = _take_responsibility(text, line.resp)
            if body:
                self.task.setdefault(self._text_key, []).append(body)
                self.appended.append((self.task[self._text_key], line.number))
            if resp:
                self.apply_responsibility(self.task, resp)
        elif self.group is not None:
            self.group.setdefault("text", []).append(text)
        else:
            self.section.setdefault("text", []).append(text)

    def responsibility_line(self, line: Line, note: str) -> bool:
        """Attach a responsibility or deadline line to the task above; False if none."""
        if self.task is None:
            return False
        self.own_line = True
        self.apply_responsibility(self.task, note)
        return True

    def apply_responsibility(self, task: dict[str, Any], note: str) -> None:
        parsed = parse_responsibility(note)
        if parsed.label:
            self.labels.append(parsed.label)
        # dict.fromkeys: a unit named again (two notes on one task) is listed once
        if parsed.lead:
            task["lead"] = list(dict.fromkeys([*task.get("lead", []), *parsed.lead]))
        if parsed.units:
            task["units"] = list(dict.fromkeys([*task.get("units", []), *parsed.units]))
        if parsed.deadline:
            task["deadline"] = parsed.deadline

    def warn(self, line: Line, message: str) -> None:
        self.notes.append(Note(line.number, "warning", message))

    def _need_section(self, line: Line) -> dict[str, Any]:
        if self.section is None:
            self.warn(
                line, "第一个编号事项之前没有一级标题（一、），已放在标题为“工作任务”的部分中"
            )
            self.add_section(line, 1, "工作任务")
        assert self.section is not None
        return self.section


def _cn(number: int) -> str:
    """Return ``number`` as an outline numeral for a message (一百零一); digits past 999."""
    return chinese(number) if 0 < number < 1000 else str(number)


def _split_heading(rest: str) -> tuple[str, str]:
    """Return (title, run-in text) of a first-level heading; the final 。 is dropped."""
    title, text = _split_run_in(rest, heading_words=60)
    if not title:
        title, text = rest.strip(), ""
    return title.rstrip("。．.;；"), text


def _split_run_in(rest: str, heading_words: int = 30) -> tuple[str, str]:
    """Return (title, text) of a numbered paragraph.

    "加强思想理论武装。深入推进……" → the first sentence is the title. A lone short
    phrase without final punctuation is a stand-alone heading. A single long sentence is
    text without a title.
    """
    rest = rest.strip()
    for index, ch in enumerate(rest):
        if ch in _SENTENCE_END and index + 1 < len(rest):
            if rest[index + 1] in "”’）)":
                continue
            return rest[: index + 1], rest[index + 1 :].strip()
    if rest and rest[-1] in _SENTENCE_END:
        return (rest, "") if len(rest) <= heading_words else ("", rest)
    if len(rest) <= heading_words and not any(ch in "，," for ch in rest):
        return rest, ""
    return "", rest


def _take_responsibility(text: str, marked: str) -> tuple[str, str]:
    """Return (text without the responsibility note, the note) of a task paragraph."""
    if marked:
        note = marked.strip()
        if text.endswith(marked):
            text = text[: -len(marked)]
        return text.rstrip(), note.strip("（）()")
    match = _RESP_PAREN.search(text) or _RESP_INLINE.search(text)
    if match is None:
        return text, ""
    return text[: match.start()].rstrip(), match.group(1).strip()


def _is_title_like(text: str) -> bool:
    return (
        4 <= len(text) <= 60
        and text[-1] not in "。；;，,：:！!？?…."
        and any(word in text for word in _TITLE_WORDS)
        and not _JUNK.search(text)
        and "首页" not in text
        and _SECTION.match(text) is None
        and _TASK.match(text) is None
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


def _kind_of(title: str, lines: list[Line]) -> str:
    if any(w in title for w in ("讲话", "講話", "致辞", "发言")):
        return "speech"
    if any(w in title for w in ("总结", "總結")):
        return "summary"
    if any(line.text.strip() in ("同志们：", "同志们:") for line in lines[:40]):
        return "speech"
    return "plan"


def parts(lines: list[Line]) -> list[tuple[int, str, Line]]:
    """Return the documents of a page that holds several (“……篇一”, “……篇二”)."""
    found = []
    for line in lines:
        match = _PART.match(line.text.strip())
        if match:
            found.append((cn_number(match.group(2)), match.group(1), line))
    return found if len(found) >= 2 else []


def recognise(source: Extracted, kind: str | None = None, part: int | None = None) -> Recognised:
    """Return the document data and report for the extracted lines of one document.

    ``kind`` forces plan, summary or speech; ``part`` picks one document of a page
    that holds several. Raises :class:`~drafting.errors.PartError` when ``part`` is
    needed or does not exist.
    """
    notes: list[Note] = []
    lines: list[Line] = []
    for line in source.lines:
        text = line.text
        if _BOOKMARK.search(text):
            text = _BOOKMARK.sub("", text)
            notes.append(Note(line.number, "dropped", "删去 Word 书签标记"))
        text = text.strip(" \t\u3000\ufeff\u200b")
        if text:
            lines.append(Line(line.number, text, line.style, line.head, line.resp, line.table))

    title_lines: list[str] = []
    pieces = parts(lines)
    if pieces:
        if part is None:
            listing = "、".join(f"篇{_cn(n)}（第 {ln.number} 行）" for n, _, ln in pieces)
            raise PartError(
                f"{source.path}：这个文件包含 {len(pieces)} 篇文档：{listing}。请用 --part N 选择一篇"
            )
        chosen = [i for i, (n, _, _) in enumerate(pieces) if n == part]
        if not chosen:
            raise PartError(
                f"{source.path}：没有篇{_cn(part)}：这个文件包含篇一至篇{_cn(len(pieces))}"
            )
        index = chosen[0]
        _, base_title, start_line = pieces[index]
        end = pieces[index + 1][2].number if index + 1 < len(pieces) else None
        notes.append(
            Note(
                start_line.number,
                "info",
                f"选取篇{_cn(part)}（共 {len(pieces)} 篇），其余各篇未导入",
            )
        )
        lines = [
            ln for ln in lines if start_line.number < ln.number and (end is None or ln.number < end)
        ]
        title_lines = [base_title]
        body = lines
    else:
        body, title_lines = _find_title(lines, notes)

    for extra in source.extras:  # text boxes, footnotes, comments: listed, never silent
        notes.append(Note(0, "warning", f"未导入正文的内容（请手工处理）——{_clip(extra, 40)}"))
    title = "".join(title_lines)
    kind = kind or _kind_of(title, body)
    return _build(source, kind, title_lines, body, notes)


def _find_title(lines: list[Line], notes: list[Note]) -> tuple[list[Line], list[str]]:
    """Return the body lines after the title, and the title's lines; report what is dropped."""
    styled = [
        i for i, ln in enumerate(lines) if _STYLE_ROLES.get(ln.style) == "title" and not ln.table
    ]
    if styled:
        index = styled[0]
        title = lines[index].text.split("\n")
    else:
        first_body = next(
            (
                i
                for i, ln in enumerate(lines)
                if _SECTION.match(ln.text) or _TASK.match(ln.text) or _SALUTATION.match(ln.text)
            ),
            len(lines),
        )
        candidates = [i for i in range(first_body) if _is_title_like(lines[i].text)]
        index = candidates[-1] if candidates else 0
        title = [lines[index].text] if lines else [""]
    for line in lines[:index]:
        notes.append(Note(line.number, "dropped", f"标题之前的网页杂项：“{_clip(line.text)}”"))
    return lines[index + 1 :], [t.strip() for t in title if t.strip()]


def is_junk(text: str) -> bool:
    """Return True for a line of web-page furniture (never for a numbered paragraph).

    Words such as 登录 or 分享到 also occur in real sentences, so they only mark short
    lines without sentence punctuation; any other line is furniture only with a site
    address or a 阅读全文-like marker.
    """
    if any(p.match(text) for p in (_SECTION, _GROUP, _TASK, _ITEM)):
        return False
    if len(text) > 25 or any(ch in text for ch in "，。；"):
        return bool(_STRONG_JUNK.search(text))
    return bool(_JUNK.search(text))


def _clip(text: str, size: int = 30) -> str:
    return text if len(text) <= size else text[:size] + "…"


def _build(
    source: Extracted, kind: str, title_lines: list[str], lines: list[Line], notes: list[Note]
) -> Recognised:
    builder = _Builder(kind, notes, marked=_ours(source))
    data: dict[str, Any] = {"kind": kind}
    head: dict[str, Any] = {}
    attachments: list[str] = []
    signature: dict[str, Any] = {}
    lead_first = False
    changed = 0
    index = 0
    # The head: byline (speaker or subtitle), date line, addressee or salutation.
    while index < len(lines):
        line = lines[index]
        role = _STYLE_ROLES.get(line.style, "")
        text = line.text
        if is_junk(text) or (text == "".join(title_lines) and not head):
            notes.append(Note(line.number, "dropped", f"网页杂项：“{_clip(text)}”"))
        elif text.startswith(("——", "--")) and "subtitle" not in head:
            head["subtitle"] = text
        elif _is_date_line(text) and "date_line" not in head:
            head["date_line"] = text
            match = _YEAR.search(text)
            full = re.search(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日", text)
            if full:
                head["date"] = dt.date(*map(int, full.groups())).isoformat()
            elif match:
                head["year"] = int(match.group(1))
        elif role == "byline" and kind == "speech" and "speaker" not in head:
            head["speaker"] = text
        elif role == "byline" and "subtitle" not in head:
            head["subtitle"] = text
        elif kind == "speech" and "speaker" not in head and _looks_like_speaker(text):
            head["speaker"] = text
        elif _SALUTATION.match(text) and (role == "addressee" or len(text) <= 30):
            head["salutation" if kind == "speech" else "addressee"] = text
            index += 1
            break
        else:
            break
        index += 1

    in_attachment = False
    for position in range(index, len(lines)):
        line = lines[position]
        following = lines[position + 1].text if position + 1 < len(lines) else ""
        text = line.text
        role = _STYLE_ROLES.get(line.style, "")
        if in_attachment:
            continue
        if "列第一位的为牵头单位" in text or "排在第一位的为牵头单位" in text:
            lead_first = True
            notes.append(
                Note(
                    line.number, "info", "说明“列第一位的为牵头单位”：各任务第一个单位作为牵头单位"
                )
            )
            text = re.sub(r"[（(]?(?:列|排在)第一位的为牵头单位[。]?[）)]?", "", text).strip()
            if not text:
                continue
        if role == "attach-label" or (_ATTACH_LABEL.match(text) and not line.table):
            in_attachment = True
            notes.append(Note(line.number, "info", "附件页（标识、标题和表格）不导入正文"))
            continue
        note = _ATTACH_NOTE.match(text)
        if note and (role == "attach-note" or builder.section is not None):
            name = note.group(1).rstrip("。")
            if name in ATTACHMENTS:
                attachments.append(ATTACHMENTS[name])
            else:
                notes.append(
                    Note(line.number, "warning", f"附件“{name}”不是程序生成的附件，未导入")
                )
            continue
        if role == "signature" or (
            builder.section is not None and not signature and _is_signature(text, following)
        ):
            signature["org"] = text
            continue
        if role == "date" or (builder.section is not None and _date(text) and not line.table):
            day = _date(text)
            if day:
                signature["date"] = day.isoformat()
                continue
        if is_junk(text):
            notes.append(Note(line.number, "dropped", f"网页杂项：“{_clip(text)}”"))
            continue
        text, count = full_width(text)
        changed += count
        line = Line(
            line.number,
            text,
            line.style,
            full_width(line.head)[0],
            full_width(line.resp)[0],
            line.table,
        )
        if role == "closing":
            builder.paragraph(line, text, closing=True)
            continue
        if role == "responsibility" or (builder.task is not None and _RESP_LINE.match(text)):
            match = _RESP_LINE.match(text)
            if builder.responsibility_line(line, match.group(1) if match else text):
                continue
        deadline = _DEADLINE_ONLY.match(text)
        if deadline and builder.task is not None and builder.own_line:
            builder.task["deadline"] = deadline.group(1)
            continue
        if match := _SECTION.match(text):
            builder.add_section(line, cn_number(match.group(1)), match.group(2))
        elif match := _GROUP.match(text):
            builder.add_group(line, cn_number(match.group(1)), match.group(2))
        elif match := _ITEM.match(text):
            builder.add_item(line, match.group(2).strip())
        elif (match := _TASK.match(text) or _continued(builder, text)) and kind != "speech":
            builder.add_task(line, _arabic(match.group(1)), match.group(2))
        else:
            closing = builder.task is not None and text.startswith(_CLOSING_CUES) and kind != "plan"
            builder.paragraph(line, text, closing=closing)

    _trailing_furniture(builder, notes)
    title = [full_width(t)[0] for t in title_lines] or ["（无标题）"]
    data["title"] = title[0] if len(title) == 1 else title
    data.update({k: v for k, v in head.items() if k in ("subtitle",)})
    # The core-properties author is whoever's Word saved the file ("Administrator",
    # "python-docx", a clerk's name), never the issuing organisation; only a file
    # drafting rendered (and nobody saved since) carries the org there.
    org = signature.get("org") or (source.properties.get("author", "") if _ours(source) else "")
    if org and org != "drafting":
        data["org"] = org
    data["year"] = _year(title, head, signature, builder, source)
    if signature.get("date") or head.get("date"):
        data["date"] = signature.get("date") or head.get("date")
    if kind == "speech":
        data["speaker"] = head.get("speaker") or "×××"
        if "speaker" not in head:
            notes.append(Note(0, "warning", "没有找到讲话人行，speaker 暂写作“×××”，请补上"))
        if "date_line" in head:
            data["date_line"] = head["date_line"]
        if _ours(source) and source.properties.get("subject"):
            data["occasion"] = source.properties["subject"]
        if head.get("salutation", "同志们：") != "同志们：":
            data["salutation"] = head["salutation"]
    elif "addressee" in head:
        data["addressee"] = head["addressee"]
    numbering = _numbering(builder)
    default = DEFAULT_NUMBERING[kind]
    if numbering != default and kind != "speech":
        data["numbering"] = numbering
    labels = [lb for lb in builder.labels if lb not in ("责任单位", "牵头单位")]
    if labels and kind == "plan":
        data["units_label"] = max(set(labels), key=labels.count)
    if builder.own_line and kind == "plan":
        data["responsibility"] = "own-line"
    if kind == "summary" and not (signature.get("org") and signature.get("date")):
        data["signature"] = False
    elif kind == "plan" and signature.get("org") and signature.get("date"):
        data["signature"] = True
    if attachments:
        data["attachments"] = attachments
    if builder.preamble:
        data["preamble"] = builder.preamble
    data["sections"] = _finish(builder.sections, lead_first)
    if builder.closing:
        data["closing"] = builder.closing
    if changed:
        notes.append(Note(0, "info", f"把 {changed} 处半角标点改为全角（，：；？！（））"))
    return Recognised(kind, data, notes)


def _ours(source: Extracted) -> bool:
    return source.properties.get("last_modified_by") == "drafting"


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
        and _SECTION.match(text) is None
        and _TASK.match(text) is None
    )


def _year(
    title: list[str],
    head: dict[str, Any],
    signature: dict[str, Any],
    builder: _Builder,
    source: Extracted,
) -> int:
    for text in title:
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
    for value in (signature.get("date"), head.get("date")):
        if value:
            return int(str(value)[:4])
    if "year" in head:
        return int(head["year"])
    for text in builder.preamble:
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
    created = source.properties.get("created", "")
    if created[:4].isdigit():
        return int(created[:4])
    return dt.date.today().year


def _numbering(builder: _Builder) -> str:
    """Return continuous or per-section from the task numbers; warn about gaps and repeats."""
    numbers = builder.task_numbers
    if not numbers:
        return DEFAULT_NUMBERING[builder.kind]
    restarts = any(
        number == 1 and section != numbers[0][0]
        for (section, number, _) in numbers
        if section != numbers[0][0]
    ) and any(section != numbers[0][0] for section, _, _ in numbers)
    per_section = restarts and all(
        number == 1
        for i, (section, number, _) in enumerate(numbers)
        if i == 0 or numbers[i - 1][0] != section
    )
    expected = 0
    last_section = None
    for section, number, line in numbers:
        if per_section and section != last_section:
            expected = 0
        last_section = section
        expected += 1
        if number != expected:
            kind = "重复" if number < expected else "跳号"
            builder.notes.append(
                Note(
                    line,
                    "warning",
                    f"任务编号{kind}：应为 {expected}.，这里是 {number}.（未重新编号）",
                )
            )
            expected = number
    return "per-section" if per_section else "continuous"


def _finish(sections: list[dict[str, Any]], lead_first: bool) -> list[dict[str, Any]]:
    """Return the sections with one-paragraph lists made plain strings and units ordered."""

    def tidy(node: dict[str, Any]) -> dict[str, Any]:
        for key in ("text", "result"):
            value = node.get(key)
            if isinstance(value, list) and len(value) == 1:
                node[key] = value[0]
        if lead_first and node.get("units") and not node.get("lead"):
            units = node.pop("units")
            node["lead"] = units[:1]
            if units[1:]:
                node["units"] = units[1:]
        return node

    used: set[str] = set()
    for section in sections:
        tidy(section)
        for group in section.get("groups") or []:
            tidy(group)
            if "tasks" in group:
                group["tasks"] = [_with_id(tidy(t), used) for t in group["tasks"]]
        if "tasks" in section:
            section["tasks"] = [_with_id(tidy(t), used) for t in section["tasks"]]
    return sections


def task_id(task: dict[str, Any]) -> str:
    """Return the id a recognised task is given (:func:`drafting.ingest.ids.derived_id`).

    The wording is the task's title, or without one its first paragraph: the same
    document imported again gets the same ids, and an edit elsewhere in it changes no
    other task's id. The id is what ``drafting summarize`` writes as ``plan_ref``.
    """
    wording = task.get("title") or task.get("text") or task.get("result") or ""
    if isinstance(wording, list):
        wording = wording[0] if wording else ""
    return derived_id(str(wording))


def _with_id(task: dict[str, Any], used: set[str]) -> dict[str, Any]:
    """Return ``task`` with its :func:`task_id` first; a repeat gets ``-2``, ``-3`` …"""
    base = ident = task_id(task)
    count = 1
    while ident in used:
        count += 1
        ident = f"{base}-{count}"
    used.add(ident)
    return {"id": ident, **{k: v for k, v in task.items() if k != "id"}}


def _trailing_furniture(builder: _Builder, notes: list[Note]) -> None:
    """Drop short trailing lines after the last task (site footers), listing each one.

    Only paragraphs after the last task's first paragraph are candidates, so a task or
    closing made of one short sentence is never taken for furniture.
    """
    while builder.appended:
        container, number = builder.appended[-1]
        if len(container) < 2 and container is not builder.closing:
            break
        if not _furniture(container[-1]):
            break
        notes.append(Note(number, "dropped", f"文末的网页杂项：“{_clip(container.pop())}”"))
        builder.appended.pop()


def _furniture(text: str) -> bool:
    return len(text) <= 25 and not any(ch in text for ch in "。！？；，")
