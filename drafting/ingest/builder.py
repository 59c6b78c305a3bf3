"""The document tree that ``recognise`` builds: sections, groups, tasks, items, text.

:class:`Builder` takes the numbered paragraphs and the text between them one at a time
and nests them; :func:`finish` then checks the task numbering, gives every task its
id and tidies the lists. Which paragraph is which level is decided by
:mod:`drafting.ingest.recognise`; the numbers are reported when out of sequence, never
renumbered.
"""

from __future__ import annotations

import re
from typing import Any

from drafting.defaults import DEFAULT_NUMBERING
from drafting.ingest.extract import Line
from drafting.ingest.ids import derived_id
from drafting.ingest.notes import (
    CLUTTER,
    NO_GROUP_TITLE,
    NO_SECTION,
    NUMBERING,
    RESPONSIBILITY,
    Notes,
    clip,
)
from drafting.ingest.patterns import lazy
from drafting.ingest.responsibility import parse_responsibility, take_responsibility
from drafting.outline import chinese

_SENTENCE_END = "。！？；"
_HEADING_LEAD = lazy(
    r"^(?P<units>[^，,。；;：:（()）]{2,40}?)\s*(?:牵头|牽頭)(?:的|负责的|負責的)?"
    r"(?:(?:工作|任务|任務|事项|事項|项目|項目)\s*(?:[（(]\s*[0-9０-９]{1,3}\s*[项項条條]\s*[）)])?"
    r"|\s*[（(]\s*[0-9０-９]{1,3}\s*[项項条條]\s*[）)])$"
)
"""A heading naming the lead of every task under it: "县示范区管委会牵头工作(8项)",
"县教育局牵头任务", "县财政局牵头(3项)" — not a principle such as "坚持党委牵头"."""


GROUP_PLACEHOLDER = "××"
"""The title given to the group made of tasks read before a section's first （一）."""


def numeral(number: int) -> str:
    """Return ``number`` as an outline numeral for a message (一百零一); digits past 999."""
    return chinese(number) if 0 < number < 1000 else str(number)


class Builder:
    """Walks the body lines and builds the nested document data."""

    def __init__(self, kind: str, notes: Notes, *, marked: bool = False) -> None:
        self.kind = kind
        self.marked = marked  # rendered by drafting: run-in titles carry a character style
        self.mid_document = False  # the page starts inside the document (a compilation's page)
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
        self.nested = 0  # the last 一、 read as a group of the section above (0: none)
        self.heading_lines: dict[int, int] = {}  # id() of a section or group: its line
        self.sub_items = 0  # items of the restarted "1. 2." run under a task heading (0: none)

    # -- levels --------------------------------------------------------------------

    def add_section(self, line: Line, number: int, rest: str) -> None:
        """Start a first-level section (一、) with the title and run-in text in ``rest``.

        An 一、 sequence restarted right under a section's heading (三、主要工作 then
        一、…二、…, the section holding no group or task yet) is a lower level reusing
        the numbering: its headings become that section's groups, with a warning (it is
        a reading, not a certainty), until a number follows the sections' own again. The
        first section restarts so only when it is a bare heading (一、主要工作回顾 then
        一、…二、…).
        """
        expected = len(self.sections) + 1
        if self._nested_level(number, expected, rest):
            self.warn(
                line,
                f"“{numeral(number)}、”在第{numeral(len(self.sections))}部分下重新编号，"
                f"读作该部分的二级标题（（{numeral(number)}））：请核对",
            )
            self.nested = number
            self.add_group(line, number, rest, None)
            return
        self.nested = 0
        if self.mid_document and expected == 1 and number == 2 and self.preamble:
            self._continued_section(line)
            expected = 2
        if number != expected:
            self.warn(
                line,
                f"一级标题编号应为“{numeral(expected)}、”，这里是“{numeral(number)}、”（未重新编号）",
            )
        title, text = _split_heading(rest)
        section: dict[str, Any] = {"title": title}
        if text:
            section["text"] = [text]
        self.sections.append(section)
        self.heading_lines[id(section)] = line.number
        self.section, self.group, self.task = section, None, None

    def _continued_section(self, line: Line) -> None:
        """Put the text before a first 二、 in a first section of its own, with a warning.

        A page of a site's compilation (``mid_document``) that opens with text and then
        二、 starts in mid-document: the text is the end of the 一、 whose heading was on
        the page before, not a preamble (a whole page whose 一、 heading the site lost keeps
        it as the preamble). The section is titled with the placeholder ``GROUP_PLACEHOLDER``.
        """
        section: dict[str, Any] = {"title": GROUP_PLACEHOLDER, "text": self.preamble[:]}
        self.preamble.clear()
        self.sections.append(section)
        self.heading_lines[id(section)] = line.number
        self.notes.add(
            line.number,
            NO_SECTION,
            f"第{line.number}行的“二、”之前没有“一、”（页面从文档中间开始，一、的标题在前一页）："
            f"之前的正文已放在标题为“{GROUP_PLACEHOLDER}”的第一部分中，请补上标题",
        )

    def _nested_level(self, number: int, expected: int, rest: str) -> bool:
        """Return True when 一、 number ``number`` continues (or starts) a nested run.

        A number that both continues the nested run and follows the sections' own goes
        on with the sections, except under a first section (一、主要工作 then 一、…, and
        then 二、), where it goes on with the nested run unless it is a bare heading like
        the section's own (a paragraph with text is like the run's).
        """
        if self.nested and number == self.nested + 1:
            if number != expected:
                return True
            return len(self.sections) == 1 and not _bare_heading(rest)
        if number == expected:
            return False
        section = self.section
        if section is None or number != 1 or section.get("groups") or section.get("tasks"):
            return False
        # a first section restarted at once is nested only under a bare heading: a page
        # whose title or 目录 carries an 一、 has text or a long line there
        return len(self.sections) >= 2 or (
            not section.get("text") and _bare_heading(section["title"])
        )

    def add_group(self, line: Line, number: int, rest: str, head: str | None) -> None:
        """Start a second-level group (（一）); ``head`` is the title in a run-in style."""
        section = self._need_section(line)
        if section.get("tasks") and not section.get("groups"):
            self._group_leading_tasks(section, line)
        groups = section.setdefault("groups", [])
        if number != len(groups) + 1:  # after a leading group, a (一) is renumbered: said
            self.warn(
                line,
                f"二级标题编号应为“（{numeral(len(groups) + 1)}）”，这里是“（{numeral(number)}）”",
            )
        if head is not None:
            title = head
            text = rest[len(title) :].strip() if rest.startswith(title) else rest
        elif self.marked:
            title, text = rest, ""
        else:
            title, text = _split_group(rest)
        group: dict[str, Any] = {"title": title}
        if text:
            group["text"] = [text]
        groups.append(group)
        self.heading_lines[id(group)] = line.number
        self.group, self.task = group, None

    def _group_leading_tasks(self, section: dict[str, Any], line: Line) -> None:
        """Put the tasks read before a section's first group in a group of their own.

        A section holds groups or tasks, never both (their order would be a guess); tasks
        before the first （一） are what a page cut in mid-document leaves (the heading of
        their group was on the page before). They become the section's first group, titled
        with the placeholder ``GROUP_PLACEHOLDER`` and a warning naming their lines, rather
        than failing the import.
        """
        tasks = section.pop("tasks")
        first = self.task_numbers[-len(tasks)][2] if len(tasks) <= len(self.task_numbers) else 0
        last = self.task_numbers[-1][2] if self.task_numbers else 0
        lines = f"第{first}行" if first == last else f"第{first}–{last}行"
        group: dict[str, Any] = {"title": GROUP_PLACEHOLDER, "tasks": tasks}
        section["groups"] = [group]
        self.heading_lines[id(group)] = first
        self.notes.add(
            first,
            NO_GROUP_TITLE,
            f"第{line.number}行的二级标题之前有 {len(tasks)} 项任务（{lines}）没有二级标题"
            f"（可能是文档从中间截断）：已放在标题为“{GROUP_PLACEHOLDER}”的分组中，请补上标题",
        )

    def add_task(self, line: Line, number: int, rest: str, head: str | None) -> None:
        """Add a numbered task (1.) to the group or section; ``head`` as for a group.

        A run restarting at 1 right under a task that is a bare heading ("1. 加强思想政治
        教育" then "1. 利用……。2. 开展……。") is a lower level numbered the same way: its
        numbers are that task's items (:meth:`_restarted_item`).
        """
        if self._restarted_item(line, number, rest, head):
            self.add_item(line, rest.strip())
            return
        section = self._need_section(line)
        owner = self.group if self.group is not None else section
        body, resp = take_responsibility(rest, line.resp)
        if head is not None:
            title = head
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
            self.apply_responsibility(task, resp, line.number)

    def _restarted_item(self, line: Line, number: int, rest: str, head: str | None) -> bool:
        """Return True when task number ``number`` is an item of the task heading above.

        Chinese office texts nest "1." headings over their own "1. 2." (a lower level
        numbered like the tasks): a 1 right under a task that has only a short title
        without a full stop starts such a run (reported once, it is a reading); the run
        goes on while the numbers follow it, except for a line as bare as the heading
        whose number follows the heading's, which is the next task heading.
        """
        task = self.task
        if task is None or head is not None or self.marked:
            self.sub_items = 0
            return False
        if self.sub_items and number == self.sub_items + 1:
            heading_next = self.task_numbers and number == self.task_numbers[-1][1] + 1
            if not (heading_next and _bare_heading(rest)):
                self.sub_items += 1
                return True
        elif (
            number == 1
            and not self.sub_items
            and set(task) == {"title"}
            and _bare_heading(str(task["title"]))
        ):
            self.sub_items = 1
            self.warn(
                line,
                f"编号在任务“{clip(str(task['title']), 16)}”下从 1. 重新开始，"
                "读作该任务的细项（（1）（2）……）：请核对",
            )
            return True
        self.sub_items = 0
        return False

    def add_item(self, line: Line, rest: str) -> None:
        """Add a numbered item (（1）) to the task (or group) above, else a paragraph."""
        owner = self.task if self.task is not None else self.group
        if owner is None:
            self.paragraph(line, line.text)
            return
        body, resp = take_responsibility(rest, line.resp)
        owner.setdefault("items", []).append(body)
        if resp and self.task is not None:
            self.apply_responsibility(self.task, resp, line.number)

    # -- text ----------------------------------------------------------------------

    @property
    def _text_key(self) -> str:
        return "result" if self.kind == "summary" else "text"

    def paragraph(self, line: Line, text: str, *, closing: bool = False) -> None:
        """Add a paragraph to the preamble, the closing, or the level above it."""
        if self.section is None:
            self.preamble.append(text)
            return
        if closing or self.closing_started:
            self.closing.append(text)
            self.appended.append((self.closing, line.number))
            self.closing_started = True
            return
        if self.task is not None:
            body, resp = take_responsibility(text, line.resp)
            if body:
                self.task.setdefault(self._text_key, []).append(body)
                self.appended.append((self.task[self._text_key], line.number))
            if resp:
                self.apply_responsibility(self.task, resp, line.number)
        elif self.group is not None:
            self.group.setdefault("text", []).append(text)
        else:
            self.section.setdefault("text", []).append(text)

    def responsibility_line(self, note: str, number: int = 0) -> bool:
        """Attach a responsibility or deadline line to the task above; False if none."""
        if self.task is None:
            return False
        self.own_line = True
        self.apply_responsibility(self.task, note, number)
        return True

    def apply_responsibility(self, task: dict[str, Any], note: str, number: int = 0) -> None:
        """Add the units and deadline named in ``note`` (at source line ``number``) to
        ``task``; a list closed by 等 is reported (the units written are not all)."""
        parsed = parse_responsibility(note)
        if parsed.open_ended:
            self.notes.add(
                number,
                CLUTTER,
                f"单位名单以“等”结尾（{clip(note, 24)}）：“等”未写入单位，名单可能不全，请核对",
            )
        if parsed.unlabelled:
            self.notes.add(
                number,
                RESPONSIBILITY,
                f"括号中的“{clip(note, 30)}”没有“牵头单位：”“责任单位：”标签："
                "“牵头”前的单位作为牵头单位，“负责”“配合”前的作为责任单位，请核对",
            )
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
        """Report a numbering problem at ``line``."""
        self.notes.add(line.number, NUMBERING, message)

    def _need_section(self, line: Line) -> dict[str, Any]:
        if self.section is None:
            self.notes.add(
                line.number,
                NO_SECTION,
                "第一个编号事项之前没有一级标题（一、），已放在标题为“工作任务”的部分中",
            )
            self.add_section(line, 1, "工作任务")
        assert self.section is not None
        return self.section

    # -- the end -------------------------------------------------------------------

    def invent_section(self) -> None:
        """Give a plan without any 一、 one section "工作任务", with a warning.

        A plan needs a section; the paragraphs after the first (the 总体要求) move into
        it, so that nothing is lost and the person sees where the heading was invented.
        """
        moved = self.preamble[1:]
        del self.preamble[1:]
        section: dict[str, Any] = {"title": "工作任务"}
        if moved:
            section["text"] = moved
        self.sections.append(section)
        self.notes.add(
            0,
            NO_SECTION,
            "全文没有一级标题（一、），已把正文放在标题为“工作任务”的部分中（标题为程序所加，请核对）",
        )

    def heading_leads(self) -> None:
        """Give the tasks under a heading that names their lead ("X牵头工作(8项)") that lead.

        A task naming its own lead keeps it; each heading read so is reported once.
        """
        for section in self.sections:
            self._heading_lead(section, section.get("tasks") or [])
            for group in section.get("groups") or []:
                self._heading_lead(group, group.get("tasks") or [])

    def _heading_lead(self, node: dict[str, Any], tasks: list[dict[str, Any]]) -> None:
        match = _HEADING_LEAD.match(str(node.get("title") or "").rstrip("。"))
        without = [task for task in tasks if not task.get("lead")]
        if match is None or not without:
            return
        units = [u.strip() for u in re.split(r"[、，,]", match.group("units")) if u.strip()]
        for task in without:
            task["lead"] = list(units)
        self.notes.add(
            self.heading_lines.get(id(node), 0),
            RESPONSIBILITY,
            f"标题“{clip(str(node['title']))}”指明了牵头单位："
            f"其下 {len(without)} 项任务的牵头单位写作“{'、'.join(units)}”，请核对",
        )

    def drop_trailing_furniture(self) -> None:
        """Drop short trailing lines after the last task (site footers), listing each one.

        Only paragraphs after the last task's first paragraph (or in the closing) are
        candidates, so a task or closing made of one short sentence is never taken for
        furniture, nor are the short lines of an earlier task.
        """
        last = self.task.get(self._text_key) if self.task is not None else None
        while self.appended:
            container, number = self.appended[-1]
            if container is not self.closing and (container is not last or len(container) < 2):
                break  # only the last task's own paragraphs, never an earlier task's
            if not _furniture(container[-1]):
                break
            self.notes.add(number, CLUTTER, f"已删除文末的网页杂项：“{clip(container.pop())}”")
            self.appended.pop()


_BARE_HEADING = 30
"""Characters of a task heading that stands alone ("加强思想政治教育"), at most."""


def _bare_heading(text: str) -> bool:
    """A short task title without a full stop or a comma: a heading with text below it."""
    text = text.strip()
    return 0 < len(text) <= _BARE_HEADING and not any(ch in text for ch in "。！？；，,.")


def _furniture(text: str) -> bool:
    return len(text) <= 25 and not any(ch in text for ch in "。！？；，")


_PINYIN = r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[）)]"
"""A pinyin gloss some sites put after a character: 當(dāng)前."""
_GLOSS = f"(?:{_PINYIN})?"

_OPENERS = (
    "一是",
    "当前",
    "當前",
    "目前",
    "过去",
    "過去",
    "近年来",
    "近年來",
    "一年来",
    "一年來",
    "一年以来",
    "一年以來",
    "半年来",
    "半年來",
    "半年以来",
    "半年以來",
    "随着",
    "隨著",
    "今年以来",
    "今年以來",
    "对照",
    "對照",
    "按照",
    "根据",
    "根據",
    "完成",
    "党和国家",
    "黨和國家",
    "党中央",
    "黨中央",
    "通过",
    "通過",
    "采用",
    "採用",
)
"""Words a heading's text starts with, where the heading ran into it unpunctuated."""

_TEXT_START_TAIL = (
    r"|[0-9]{4}年(?=[，,]|以来|以來)"
    + r"|(?<=回顾|回顧|总结|總結|情况|情況|成效|概况|概況)[0-9]{4}年"  # "工作回顾2015年xx…"
    + r"|(?:今年|去年|上年)(?=\s*[0-9０-９]{1,2}\s*月)"
    + r"|(?<=[^\s0-9])[ \u3000]+(?=\S)"
    + r"|(?<![大一小绝絕])(?:部分|一些|个别|個別|少数|少數)"  # "…依然存在部分学校在…"
    + r"(?=学校|學校|教师|教師|学生|學生|幼儿园|幼兒園|师生|師生|单位|單位|家长|家長)"
)
_TEXT_START = lazy(
    "|".join(_GLOSS.join(map(re.escape, word)) for word in _OPENERS) + _TEXT_START_TAIL
)
"""Where a heading's text starts: an opening word, a year or a date opening a clause
("2023年，", "今年7月13日…"), a space. An opening word may carry pinyin glosses (當(dāng)前)."""
_TEXT_START_PLAIN = lazy("|".join(map(re.escape, _OPENERS)) + _TEXT_START_TAIL)
""":data:`_TEXT_START` for a text without glosses, where it finds the same places: its
forty gloss groups make it the costliest pattern of the import to compile (13 ms)."""

_GLOSSES = lazy(_PINYIN)
_HEADING_MAX = 32
"""Characters (glosses left out) past which a heading's first sentence holds its text."""
_HEADING_MIN = 4


def _heading_length(text: str) -> int:
    return len(_GLOSSES.sub("", text))


_STANDARD_HEADINGS = (
    "指导思想",
    "指導思想",
    "总体要求",
    "總體要求",
    "工作目标",
    "工作目標",
    "主要目标",
    "主要目標",
    "目标任务",
    "目標任務",
    "基本原则",
    "基本原則",
    "背景分析",
    "工作背景",
    "主要任务",
    "主要任務",
    "重点任务",
    "重點任務",
    "工作措施",
    "保障措施",
    "工作要求",
)
"""The headings a plan's 一、 level is named by, standing alone ("一、工作目标")."""
_AFTER_STANDARD = 8
"""Characters after a standard heading, at least, that make its run-on text."""


def _split_heading(rest: str) -> tuple[str, str]:
    """Return (title, run-in text) of a first-level heading; the final 。 is dropped.

    A standard heading ("工作目标") with a clause run into it unpunctuated ("工作目标本
    学期的主要目标包括") ends where the clause starts; "工作目标和主要任务" is one title.
    """
    title, text = _split_run_in(rest, heading_words=60)
    if not title:
        title, text = rest.strip(), ""
    standard = next((h for h in _STANDARD_HEADINGS if title.startswith(h)), "")
    after = title[len(standard) :]
    if standard and len(after) >= _AFTER_STANDARD and after[0] not in "和与與及暨、的之":
        return standard, f"{after.lstrip('：:')}{text}"  # "指导思想：XX年，……"
    title, more = _run_on(title)
    if glued := _glued_verb_heading(title):
        title, head_text = glued
        more = f"{head_text}{more}"
    if more:
        text = f"{more}{text}"
    return title.rstrip("。．.;；"), text


_TEXT_VERBS = (
    "加强|加強|统筹|統籌|积极|積極|指导|指導|推动|推動|深化|健全|完善|组织|組織|"
    "督促|围绕|圍繞|聚焦|持续|持續|紧盯|緊盯|坚持|堅持|建立|强化|強化"
)
"""Verbs a heading's text opens with, where the heading ran into it."""
_VERB_GLUED = lazy(
    r"(?<=任务|任務|考核|评估|評估|工作|建设|建設|机制|機制|体系|體系|职责|職責|保障|质量|質量|"
    r"能力|素养|素養|修养|修養)(?:" + _TEXT_VERBS + ")"
)
"""Where a heading glued to its text ends: a heading's last noun (…职责任务, …督导评估)
then a verb the text opens with (加强, 统筹, 积极推动 …)."""
_SUBJECT_GLUED = lazy(
    r"(?<![城都超部])(?:市|县|縣|区|區|镇|鎮|乡|鄉|省)[\u4e00-\u9fff]{0,4}?(?:办|辦|局|委)"
    r"(?=" + _TEXT_VERBS + r"|认真|認真|扎实|紮實|全面|切实|切實|落实|落實)",
    needs=("办", "辦", "局", "委"),
)
"""Where a heading glued to its text ends at the text's subject: an office of a city,
county … (市督导办, 县教育局) then a verb ("…长牙齿市督导办围绕…")."""
_MASKED_SUBJECT = lazy(r"(?<=[\u4e00-\u9fff])(?:xx|XX|××)(?=[0-9０-９])", needs=("xx", "XX", "××"))
"""Where a heading glued to its text ends at a masked name opening the text with a count
("…村级小学xx50个行政村": the place, then its figures); "XX年" is a year."""
_GLUED_MIN = 20
"""A first clause this long (glosses left out) may hold a heading and its text."""
_LEAD_PHRASE = lazy(r"[^，,；;：:。！？!?、]{2,10}[，,]")
"""A first phrase this short, closed by a comma, is the first half of a two-phrase
heading ("加强学习,不断提高…能力"): the clause searched is the second."""


def _glued_verb_heading(sentence: str) -> tuple[str, str] | None:
    """Return (heading, text) of a first sentence whose first clause is a heading run into
    its text with no punctuation ("…督导各项职责任务加强督学责任区建设,…", "…长牙齿市督导
    办围绕…", "加强学习,不断提高自身素养与能力坚持理论学习,…"), or None."""
    start = 0
    lead = _LEAD_PHRASE.match(sentence)
    if lead:
        start = lead.end()
    clause = re.split(r"[，,；;：:。！？!?]", sentence[start:], maxsplit=1)[0]
    if _heading_length(sentence[: start + len(clause)]) < _GLUED_MIN:
        return None
    found = [
        m
        for m in (
            _VERB_GLUED.search(clause, 8),
            _SUBJECT_GLUED.search(clause, 6),
            _MASKED_SUBJECT.search(clause, 6),
        )
        if m
    ]
    if not found:
        return None
    cut = min(m.start() for m in found)
    if len(clause) - cut < 4:
        return None
    return sentence[: start + cut], sentence[start + cut :]


def _split_group(rest: str) -> tuple[str, str]:
    """Return (title, text) of a second-level heading (:func:`_split_run_in`, :func:`_run_on`)."""
    colon = _COLON_HEADING.match(rest.strip())
    if colon and (_CLAUSE_MARK.search(colon.group(2)) or len(colon.group(2)) > _SUBHEADING_MAX):
        return colon.group(1), colon.group(2)  # "教师招聘:为从源头上……，……"
    title, text = _split_run_in(rest, heading_words=20)
    if not title:  # a group needs a title: with no split point the whole line is one
        return _run_on(text)
    title, more = _run_on(title)
    return title, f"{more}{text}"


_COLON_HEADING = lazy(r"^([^，,。！？；;：:、“”\"（）()]{2,10})[：:]\s*([^\s：:].*)$")
"""A group heading of a few words closed by a colon, its text after it: "教师招聘:为……"."""
_CLAUSE_MARK = lazy(r"[，,。；;！!？?]")
_SUBHEADING_MAX = 16
"""After the colon, a phrase this short without a comma is the heading's second half
("干部队伍建设:夯实管理核心"), not its text."""


def _run_on(sentence: str) -> tuple[str, str]:
    """Return (heading, text) of a heading's first sentence that ran into its text.

    "工作小结2023年，县教育体育局…" / "肯定成绩，…精彩纷呈过去的一学年，是…" — with no
    punctuation after the heading, its text starts at a word a text opens with (一是,
    当前, 对照 …), at a year opening a clause, or at a space. A short sentence is
    split only before 一是; a long one (past a heading's length) at the first of
    them. Returns (sentence, "") when there is nothing to split.
    """
    long = _heading_length(sentence.rstrip("。！？；")) > _HEADING_MAX
    starts = _TEXT_START if _GLOSSES.search(sentence) else _TEXT_START_PLAIN
    for match in starts.finditer(sentence, _HEADING_MIN):
        if sentence[match.start() - 1] in "，,、；;：:":
            continue  # a heading ends in no comma: the clause goes on
        if match.group().startswith("完") and sentence[match.start() - 1] in _DONE_ADVERB:
            continue  # "…任务全部完成，…": 完成 ends a clause here, it opens no text
        if long or match.group().startswith("一是") or _clause_follows(sentence, match):
            return sentence[: match.start()].rstrip(), sentence[match.start() :].strip()
    return sentence, ""


def _clause_follows(sentence: str, match: re.Match[str]) -> bool:
    """Return True when an opening word starts a text of clauses after a short bare
    heading: "个人自修采用线下和线上……相结合的方式，进行……。" (a comma after it); an
    adverb before it keeps it in the clause ("…顺利通过评估，…")."""
    return (
        match.group() in _OPENERS
        and match.start() <= _BARE_HEAD_MAX
        and sentence[match.start() - 1] not in _DONE_ADVERB
        and bool(re.search(r"[，,]", sentence[match.end() :]))
    )


_BARE_HEAD_MAX = 10
"""A heading run into a short text of clauses is at most this long ("个人自修")."""


_DONE_ADVERB = "部面时時期本已未均如按满滿利"
"""The last characters of adverbs before 完成 in a clause (全部/全面/按时/如期/基本/已/圆满/顺利)."""


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
    if _parallel_phrases(rest):
        return rest, ""
    return "", rest


_PHRASE = lazy(r"^[^，,。！？；：:;!?、“”\"]{2,10}$")


def _parallel_phrases(text: str) -> bool:
    """Return True for a heading of two or three short phrases: "聚力行动,大力攻坚"."""
    pieces = re.split(r"[，,]", text)
    return 2 <= len(pieces) <= 3 and len(text) <= 24 and all(_PHRASE.match(p) for p in pieces)


# -- numbering -----------------------------------------------------------------------


def numbering(builder: Builder) -> str:
    """Return continuous or per-section from the task numbers; warn about gaps and repeats."""
    numbers = builder.task_numbers
    if not numbers:
        return DEFAULT_NUMBERING[builder.kind]
    per_section = _restarts_per_section(numbers)
    expected = 0
    last_section = None
    for section, number, line in numbers:
        if per_section and section != last_section:
            expected = 0
        last_section = section
        expected += 1
        if number != expected:
            kind = "重复" if number < expected else "跳号"
            builder.notes.add(
                line, NUMBERING, f"任务编号{kind}：应为 {expected}.，这里是 {number}.（未重新编号）"
            )
            expected = number
    return "per-section" if per_section else "continuous"


def _restarts_per_section(numbers: list[tuple[int, int, int]]) -> bool:
    """Return True when the task numbers start at 1 again in every section."""
    first = numbers[0][0]
    restarts = any(number == 1 for (section, number, _) in numbers if section != first)
    return restarts and all(
        number == 1
        for i, (section, number, _) in enumerate(numbers)
        if i == 0 or numbers[i - 1][0] != section
    )


# -- finishing -----------------------------------------------------------------------


def finish(sections: list[dict[str, Any]], lead_first: bool) -> list[dict[str, Any]]:
    """Return the sections with one-paragraph lists made plain strings and units ordered.

    Every task gets its id (:func:`task_id`) first; ``lead_first`` makes the first unit
    of a task without a lead unit its lead.
    """
    used: set[str] = set()
    for section in sections:
        _tidy(section, lead_first)
        for group in section.get("groups") or []:
            _tidy(group, lead_first)
            if "tasks" in group:
                group["tasks"] = [_with_id(_tidy(t, lead_first), used) for t in group["tasks"]]
        if "tasks" in section:
            section["tasks"] = [_with_id(_tidy(t, lead_first), used) for t in section["tasks"]]
    return sections


def _tidy(node: dict[str, Any], lead_first: bool) -> dict[str, Any]:
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
