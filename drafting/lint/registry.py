"""The rules of ``drafting lint``: every code with its severity and what the standard asks.

A rule module (:mod:`~drafting.lint.page`, :mod:`~drafting.lint.text`,
:mod:`~drafting.lint.footer`) yields :class:`Finding`\\ s whose code is a key of
:data:`RULES`; a new rule is one line here and a check in the module of its part.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafting.diagnostics import Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING

RULES: dict[str, tuple[Severity, str]] = {
    "page-size": (ERROR, "纸张为 A4（210 mm × 297 mm）"),
    "page-margin": (ERROR, "页边距：天头 37 mm、订口 28 mm、版心 156 mm × 225 mm（±1 mm）"),
    "page-lines": (ERROR, "每面排 22 行并撑满版心"),
    "page-chars": (ERROR, "每行排 28 个字"),
    "title-font": (ERROR, "标题用 2 号小标宋体，居中"),
    "heading-font": (ERROR, "一级标题黑体、二级标题楷体、三级和四级标题仿宋"),
    "body-font": (ERROR, "正文用仿宋"),
    "font-size": (ERROR, "正文和各级标题用 3 号字（16 磅），标题 2 号（22 磅）"),
    "heading-number-form": (ERROR, "层次序号写作“一、”“（一）”“1.”“（1）”"),
    "heading-final-punctuation": (WARNING, "单独成段的一级、二级标题末尾不加标点"),
    "numbering-sequence": (ERROR, "同一层次的序号连续，不跳号、不重号"),
    "doc-number": (ERROR, "发文字号的年份用六角括号“〔〕”，序号不加“第”、不编虚位"),
    "date-format": (WARNING, "日期写作“2024年1月5日”，月、日不编虚位"),
    "page-number-format": (ERROR, "页码写作“— 1 —”（一字线、半角空格）"),
    "page-number-font": (ERROR, "页码用 4 号半角宋体"),
    "page-number-position": (ERROR, "单页码居右空一字，双页码居左空一字"),
    "attachment-label": (ERROR, "附件标识“附件”或“附件2”：另起一页、顶格、3 号黑体、不加冒号"),
    "attachment-title": (WARNING, "附件标题在附件标识下空一行（第 3 行）居中编排"),
    "gb2312-missing": (WARNING, "用 _GB2312 字体的文字中有 GB2312 字库没有的字，打印为空白"),
}
"""Every rule: stable code → (severity, what the standard asks), in Chinese."""


@dataclass(frozen=True)
class Finding:
    """A rule's finding before it becomes a diagnostic: its code, the paragraph number
    (0 for page footers and settings) and the message."""

    code: str
    para: int
    message: str
