"""The Chinese message for each ``pattern`` in our schemas, kept outside the schema files.

The files in ``schemas/`` are published for other tools, and ajv (in its default strict
mode) rejects a schema with a keyword it does not know, such as ``patternErrorMessage``.
So the messages live here, keyed by schema name and the JSON pointer of the node that
carries the ``pattern``; :func:`drafting.check.schema.annotated` puts them back as
``patternErrorMessage`` for ``drafting check`` and for the editor schemas
(yaml-language-server shows that keyword in its diagnostics).

A pointer into ``common`` stays the same in every bundled schema: bundling copies the
common definitions to ``/$defs/<name>`` unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

_COLON_ADDRESSEE = "主送机关应以全角冒号“：”结尾，如“县委教育工委：”"

PATTERN_MESSAGES: Mapping[str, Mapping[str, str]] = {
    "common": {
        "/$defs/text": "文字不能只有空白",
        "/$defs/date": "日期应写成 YYYY-MM-DD，如 2024-01-05，年份在 1949 至 2199 之间（与 year 的范围相同）",
        "/$defs/doc_number": (
            "发文字号应形如“×教发〔2024〕1号”：年份用六角括号〔〕，序号不加“第”、不编虚位"
        ),
        "/$defs/unit": "一个单位名称中不能含有“、，；：”等分隔符或空格，多个单位请分成多项",
        "/$defs/id": "标识只能由英文字母、数字和 - _ . 组成，以字母或数字开头，最长 64 个字符",
    },
    "plan": {
        "/properties/addressee": _COLON_ADDRESSEE,
        "/properties/units_label": "称谓应为2至8个字，如“责任股室”，不含标点和空格",
    },
    "speech": {
        "/properties/salutation/anyOf/0": "称谓应以全角冒号“：”结尾，如“同志们：”",
    },
    "summary": {
        "/properties/addressee": _COLON_ADDRESSEE,
    },
    "notice": {
        "/properties/addressee": _COLON_ADDRESSEE,
        "/properties/copy_number": "份号应为6位阿拉伯数字，如“000001”",
        "/properties/secrecy": "密级和保密期限应形如“秘密”“机密★1年”“绝密★长期”",
        "/properties/note": "附注应加圆括号，如“（此件公开发布）”",
        "/$defs/attachment/properties/path": "附件应为 .yaml/.yml 文档或 .docx 文件的路径",
    },
    "units": {},
}
"""``{schema name: {JSON pointer of a node with "pattern": message}}``."""
