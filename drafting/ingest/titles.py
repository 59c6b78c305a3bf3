"""Titles: the title a person reads in a line a web page has dressed up, and its year.

Document sites wrap a document's title in their own furniture: a file name
("……总结.docx"), a page ("……_第5页", "……讲话(6)"), a count of the pieces on the page
("（3篇）", "篇1", "7篇", "篇1:" before it), a piece's number ("……总结1"), 《》 around the
whole title, a compilation's tag ("范文模板合集"), an editing note ("下载后可任意编辑"), a
genre tag ("范文", "【必备】"), a metadata label ("名称："), a glued
attachment label ("附件……") or a "related" link's 有关……. :func:`site_title` takes those off and says what it took;
:func:`editor_title` reads the title out of an editor's sentence ("下面是小编为大家整理
的……，供大家参考。") when the page has no title line; :func:`title_year` is the year a
title names ("2023-2024年" is 2023, "2023教育局年度工作总结" is 2023).
"""

from __future__ import annotations

import re

from drafting.ingest.patterns import lazy

_NUMERAL = r"[0-9０-９一二三四五六七八九十]{1,3}"
_PREFIXES = (
    lazy(r"^(?:文件)?(?:名\s*称|标\s*题|標\s*題|题\s*目)\s*[:：]\s*"),  # 名称：
    lazy(r"^附件\s*(?:[0-9０-９]{1,2}(?![0-9０-９]))?\s*[:：]?\s*"),  # 附件 glued to the title
    lazy(r"^[【\[［](?:必备|精选|推荐|热门|最新|优秀|实用|精品|通用|原创)[】\]］]\s*"),
    lazy(r"^(?:[〔\[［(（]\s*(?:\.{3}|…+)\s*[〕\]］)）]|…{2}|\.{3,6})\s*"),  # 〔...〕 elision
    lazy(r"^(?:下载后)?可(?:任意)?编辑(?:版|的)?\s*|^[Ww][Oo][Rr][Dd]\s*(?:版|格式)\s*"),
    # 篇1: or "第1篇 " of a compilation
    lazy(rf"^(?:篇\s*{_NUMERAL}|第\s*{_NUMERAL}\s*篇)(?:\s*[:：、.．]|\s+)\s*", needs=("篇",)),
    lazy(rf"^[【\[［]\s*第\s*{_NUMERAL}\s*篇\s*[】\]］]?\s*", needs=("篇",)),  # 【第1篇 of a list
    # the tail of the page title's dressing left before a second copy of the title:
    # "范例(精选5篇)2025……计划范例篇1" (a run-together page split after 计划)
    lazy(
        rf"^(?:范文|範文|范例|範例|模板|模版|范本|範本)?\s*[（(【\[［]\s*(?:精选|精選|通用|优秀|優秀)?"
        rf"\s*{_NUMERAL}\s*篇\s*[）)】\]］]\s*",
        needs=("篇",),
    ),
    # a site's tag glued to the front: 最新……, 优秀…… (not 优秀教师/学生……, a title's words)
    lazy(
        r"^(?:最新|優秀|优秀)(?!教师|教師|学生|學生|班主任|少先队|少先隊|党员|黨員|员工|員工|"
        r"干部|幹部|代表|个人|個人|工作者|青年|团员|團員|辅导员|輔導員|校长|校長|共产党员)"
    ),
    # a site's "related" link: 有关校长在…上讲话 (not 有关问题/事项/部门…, words of a title)
    lazy(r"^[?？]+\s*"),  # a character the page lost, glued before the title
    # a compilation's tag left before a copy of the title ("……致辞汇总 ……致辞" split)
    lazy(r"^(?:汇总|匯總|合集|大全|集锦|集錦)\s+"),
    # a "related" link's 关于 before a title that has no 的 (关于……的通知 is a title's own)
    lazy(r"^(?:关于|關於)(?!.*的)"),
    # a 文号 a site glued before the title ("石教函【2025】95號關于……"): the page's, not the title's
    lazy(
        r"^[\u4e00-\u9fff]{1,8}[〔【\[［(（]\s*(?:19|20)\d{2}\s*[〕】\]］)）]\s*[0-9０-９]{1,4}\s*[号號]\s*"
        r"(?=关于|關于|關於)",
        needs=("关于", "關于", "關於"),
    ),
    lazy(r"^(?:有关|有關)(?!问题|問題|事项|事項|部门|部門|单位|單位|工作|情况|情況|规定|規定)"),
)
_SUFFIX = lazy(
    r"(?:\s*[_\-—－]\s*第\s*\d+\s*页"  # _第5页
    r"|\.(?:docx?|DOCX?|pdf|PDF|wps|txt)"  # a file name
    r"|\s*[Ww][Oo][Rr][Dd]\s*(?:文档|文檔)?\s*(?:格式|版)"  # "Word文档格式" of a file's name
    r"|\s*(?:如何|怎么|怎样|怎麼|怎樣)(?:写|寫)\s*[?？]"  # a site's question: "……发言稿如何写?"
    rf"|(?<=[0-9０-９一二三四五六七八九十]篇)\s*[“\"「][^“”\"「」]{{2,30}}[”\"」]"  # "7篇 “slogan”"
    rf"|\s*[（(]\s*篇\s*{_NUMERAL}\s*[）)]"  # (篇1)
    rf"|\s*[（(【\[［]\s*(?:精选|通用|优秀|热门|最新|汇编)?\s*{_NUMERAL}\s*篇\s*[）)】\]］]"
    rf"|\s*{_NUMERAL}\s*篇|\s*篇\s*{_NUMERAL}|\s*第\s*{_NUMERAL}\s*篇"  # 7篇, 篇1, 篇一, 第一篇
    rf"|\s*[【\[［(（]\s*(?:篇\s*{_NUMERAL}|第\s*{_NUMERAL}\s*篇)\s*[】\]］)）]"  # 【篇1】, (篇1)
    r"|\s*(?:范文|範文|范例|範例|模板|模版|范本|範本)+(?:大全|精选|精選|优选|優選|合集|锦集|集锦|錦集|集錦)?"
    r"|\s*大全|\s*精选|\s*合集|\s*锦集|\s*集锦|\s*錦集|\s*集錦|\s*通用"
    r"|(?:(?<=总结|總結|计划|計劃|要点|要點|讲话|講話|报告|報告|方案|规划|規劃)|(?<=稿))\s*[范範]"
    # 通用 left by "(通用6篇)" losing its brackets; 范 of a 范文 cut short
    r"|(?<=范文|範文|模板|模版|范本|範本)\s*(?:19|20)\d{2}"  # 范文2024: the year the site posted it
    r"|\s*[（(]\s*[0-9０-９]{1,2}\s*[）)]"  # (6): one page of a text split over pages
    r"|\s+[0-9０-９]{2,6}\s*字"  # " 9250字": a compilation's word count of the piece
    r"|(?:(?<=总结|總結|小结|小結|计划|計劃|要点|要點|讲话|講話|报告|報告|方案|安排|致辞|發言|发言|规划|規劃"
    r"|范文|範文)|(?<=稿)|(?<=[)）][结結划劃点點话話告案排辞辭言])|(?<=篇[)）]))"  # 計(jì)劃1
    r"\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2}|[（(][一二三四五六七八九十]{1,2}[)）])"
    # "……总结1", "……计划一", "……规划（一）": the piece's number
    r")$"
)
PIECE_LABEL = lazy(rf"^(?:篇\s*{_NUMERAL}|第\s*{_NUMERAL}\s*篇)")
_LABEL_YEAR = lazy(
    r"(?<=总结|總結|计划|計劃|要点|要點|讲话|講話|报告|報告|方案|规划|規劃)\s*(?:19|20)\d{2}$"
)
"""A year after the last word of a compilation piece's title ("第1篇 ……总结2023"): the
piece label's, not the title's (a page title "……计划2025" keeps its year)."""
_QUOTED = lazy(r"^《([^《》]{4,})》$")
"""A title a site quoted whole ("篇一:《学校年度工作总结》"): the brackets are no title's."""
_KIND_WORD = (
    r"(?:计划|計劃|总结|總結|要点|要點|规划|規劃|方案|讲话|講話|致辞|致辭|发言|發言|报告|報告)"
)
_QUOTED_CATEGORY = lazy(
    rf"^[“\"]([^“”\"]{{2,}}?{_KIND_WORD}[^“”\"]{{0,8}})[”\"]\s*([^“”\"]{{0,8}}{_KIND_WORD})$",
    needs=("“", '"'),
)
"""A title a site quoted and followed by its category ("“社区2022年教育工作规划”教育工作计划"):
the quoted part is the title."""
_SHORTEST = 4
"""A title is never cut shorter than this (a cut that would leave less is not made)."""

_EDITOR = lazy(
    r"小[编編][^，,。]{0,12}?(?:(?:收集|搜集|精心)?整理|收集|搜集|准备|整编)[了的]?"
    r"(?:多篇|几篇|\d+篇)?(?:相关的|关于)?\s*[《“\"]?"
    rf"(?P<title>[^，,。《》“”\"]{{4,60}}?)[》”\"]?\s*(?:{_NUMERAL}篇)?\s*[，,。]",
    needs=("小编", "小編"),
)
_SPAN_YEAR = lazy(r"(?<!\d)((?:19|20)\d{2})\s*[-－—–~～至到]\s*(?:19|20)?\d{2}\s*(?:学\s*)?年")
_GLUED_SPAN = lazy(r"(?<!\d)((?:19|20)\d{2})((?:19|20)\d{2})\s*(?:学\s*)?年")
"""A school year whose two years lost their dash: "20252026学年度"."""
_YEAR = lazy(r"((?:19|20)\d{2})\s*年")
_CITED_NUMBER = lazy(
    r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*[0-9０-９]{1,4}\s*号", needs=("号",)
)
"""A 文号 a sentence cites: "教体艺〔2007〕7号" (its year is the cited document's)."""
_BARE_YEAR = lazy(r"(?<![0-9０-９.])((?:19|20)\d{2})(?![0-9０-９.%])")


def site_title(text: str) -> tuple[str, list[str]]:
    """Return ``text`` without the furniture a site adds to a title, and what was taken off.

    Labels and tags come off the front, file names, page numbers, piece counts and
    genre words off the end, each as often as they occur ("……范文.docx" loses both).
    """
    taken: list[str] = []
    changed = True
    while changed:
        changed = False
        for pattern in (*_PREFIXES, _SUFFIX):
            match = pattern.search(text)
            if match and match.group(0) and len(text) - len(match.group(0)) >= _SHORTEST:
                taken.append(match.group(0).strip())
                text = (text[: match.start()] + text[match.end() :]).strip()
                changed = True
        if quoted := _QUOTED.match(text):
            taken.append("《》")
            text, changed = quoted.group(1).strip(), True
        elif category := _QUOTED_CATEGORY.match(text):
            taken.append(f"引号和其后的栏目名“{category.group(2).strip()}”")
            text, changed = category.group(1).strip(), True
    year = _LABEL_YEAR.search(text)
    if year and any(PIECE_LABEL.match(piece) for piece in taken):
        taken.append(year.group(0).strip())
        text = text[: year.start()].strip()
    return text, taken


def editor_title(text: str) -> str:
    """Return the title named in an editor's sentence ("小编为大家整理的……"), or ""."""
    match = _EDITOR.search(text)
    return site_title(match.group("title").strip())[0] if match else ""


def title_year(text: str) -> int | None:
    """Return the year a title names, or None.

    A span ("2023-2024年", "2023—2024学年", "20232024学年" whose dash was lost) is its
    first year, the second for a school year's second term ("2024~2025学年度第二学期",
    "下学期", "春季学期"); else the first "2024年";
    else a four-digit year standing alone ("2023教育局年度工作总结").
    """
    cited = _CITED_NUMBER.sub("", text)
    if cited != text and (year := title_year(cited)) is not None:
        return year  # "（教体艺〔2007〕7号）……2019级新生": the cited document's year is not it
    glued = _GLUED_SPAN.search(text)
    if glued and int(glued.group(2)) == int(glued.group(1)) + 1:
        return int(glued.group(1)) + _second_term(text, glued)
    for pattern in (_SPAN_YEAR, _YEAR, _BARE_YEAR):
        match = pattern.search(text)
        if match:
            return int(match.group(1)) + (_second_term(text, match) if pattern is _SPAN_YEAR else 0)
    return None


def title_span(text: str) -> tuple[int, int] | None:
    """Return the first and last year of a span of calendar years a title names
    ("（2022-2024年）": a plan's period), or None (a school year is no such span)."""
    match = _SPAN_YEAR.search(text)
    if match is None or "学" in match.group(0):
        return None
    last = re.search(r"(\d{2,4})\s*年$", match.group(0))
    if last is None:
        return None
    first, end = int(match.group(1)), int(last.group(1))
    end = end if end >= 100 else first // 100 * 100 + end
    return (first, end) if first < end <= first + 10 else None


_SECOND_TERM = lazy(r"^度?\s*(?:第二|下|春季?)\s*学期")
"""The second term of a school year: it lies in the school year's second calendar year."""


def _second_term(text: str, span: re.Match[str]) -> int:
    """Return 1 when the school year ``span`` is followed by its second term, else 0."""
    if "学" not in span.group(0):
        return 0
    return 1 if _SECOND_TERM.match(text[span.end() :]) else 0
