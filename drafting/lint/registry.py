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
    "doc-number": (
        ERROR,
        "发文字号的年份用六角括号“〔〕”，序号不加“第”、不编虚位；3 号仿宋，"
        "居中（有签发人时居左空一字）",
    ),
    "date-format": (WARNING, "日期用阿拉伯数字写作“2024年1月5日”，月、日不编虚位"),
    "copy-number": (ERROR, "份号用 6 位阿拉伯数字，顶格编排在版心左上角第 1 行"),
    "secrecy": (ERROR, "密级和保密期限用 3 号黑体、顶格，密级和期限之间用“★”"),
    "urgency": (ERROR, "紧急程度用 3 号黑体、顶格"),
    "header-order": (
        ERROR,
        "版头依次为份号、密级和保密期限、紧急程度、发文机关标志、发文字号，标题在红色分隔线之下",
    ),
    "letterhead": (ERROR, "发文机关标志红色、居中；联合行文时“文件”置于机关名称右侧"),
    "letterhead-font": (WARNING, "发文机关标志推荐用小标宋体，字号大于正文"),
    "issuer": (ERROR, "签发人：“签发人：”3 号仿宋、姓名 3 号楷体，居右空一字"),
    "red-line": (ERROR, "发文字号之下有红色分隔线，与版心等宽"),
    "addressee": (ERROR, "主送机关顶格编排，末尾用全角冒号“：”"),
    "attachment-note": (
        ERROR,
        "附件说明“附件：”左空二字；多个附件用“1.”“2.”编号；名称后不加标点；回行与名称首字对齐",
    ),
    "attachment-count": (ERROR, "附件说明列出的附件与文中的附件标识（附件1、附件2…）一一对应"),
    "signature": (
        ERROR,
        "署名和成文日期：不加盖印章时署名右空二字、日期首字比署名首字右移二字；"
        "加盖印章时日期右空四字、署名居中于日期之上",
    ),
    "note": (ERROR, "附注用全角圆括号，在成文日期下一行居左空二字"),
    "imprint-font": (ERROR, "版记的抄送机关、印发机关和印发日期用 4 号仿宋"),
    "imprint": (
        ERROR,
        "版记：抄送在印发之上，左右各空一字、回行与冒号后首字对齐、末尾句号；"
        "印发机关左空一字，印发日期右空一字",
    ),
    "imprint-lines": (ERROR, "版记有首条、中间和末条分隔线，与版心等宽"),
    "imprint-line-weight": (WARNING, "版记首末分隔线推荐粗 0.35 mm，中间分隔线推荐 0.25 mm"),
    "imprint-position": (ERROR, "版记在公文最后一页、最后的内容；单独成页的版记页不编排页码"),
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
