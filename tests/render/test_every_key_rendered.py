"""Every key of every schema reaches the rendered .docx, or is listed here with the reason
it prints nothing (issue 20: never accepted and dropped).

One document per kind sets every key with a value of its own; the test renders it, reads
the .docx back (body, tables and the 版记's text box) and finds each value. A key added to
a schema and not rendered fails here until it is rendered or listed below.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest

from drafting.check import Checker
from drafting.check.schema import bundled
from drafting.outline import chinese_date
from drafting.render.docx import render

from ..schema_keys import keys

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

NON_PRINTING: dict[str, str] = {
    "kind": "chooses the schema and the template",
    "id": "a stable name for rollover, summary references and diff",
    "plan_ref": "links a summary item to its plan task (check, summarize)",
    "plan": "the summary's plan file, for checking plan_ref",
    "numbering": "changes the numbers printed (1. continuous or per section)",
    "responsibility": "changes where the units are printed (inline or own line)",
    "signature": "switches the 署名 and 成文日期 on or off (their values are checked)",
    "year": "the year of the document (rollover, check); the title and dates carry it",
    "occasion": "a speech's occasion, kept in the document properties (subject)",
    "seal": "chooses the 署名 placement and the seal's place (values checked)",
    "file_word": "switches “文件” in the 标志 (checked: 文件 is printed)",
    "path": "the 附件's file; its title is printed",
    "part": "the 附件 a YAML document generates: its table's name ends the 附件's title",
    "genre": "the 文种: the title carries it; it decides checks and the 标志's 文件",
    # containers: their own keys are walked
    "sections": "container",
    "groups": "container",
    "tasks": "container",
    "items": "container",
    "letterhead": "container",
    "imprint": "container",
    "attachments": "container (plan/summary: the generated table is printed as 附件说明)",
}
"""Key name → why it prints no text of its own."""

SPEECH_ONLY_META = {("org",): "a speech's organ: document properties (author); not printed"}

PLAN = """
kind: plan
title: 甲乙丙工作要点
subtitle: （题注丁戊）
org: 某某县教育局
year: 2025
date: 2025-01-06
doc_number: 某教发〔2025〕7号
addressee: 主送某单位：
units_label: 责任股室
signature: true
preamble: [导语己庚]
sections:
  - title: 部分辛壬
    text: 部分说明癸
    groups:
      - title: 分组子丑
        text: 分组正文寅
        tasks:
          - title: 任务卯辰。
            text: 任务正文巳
            units: [办公室]
            lead: [人事股]
            deadline: 年底前
            items: [{title: 条目午。, text: 条目未}]
  - title: 部分申酉
    tasks:
      - title: 任务戌亥。
        text: 正文甲一
        units: [财务股]
        lead: [基础股]
        deadline: 6月底前
        items: [{title: 条目乙二。, text: 条目丙四}]
      - title: 任务丁五。
        units: [督导室]
closing: [结尾丙三]
attachments: [task-table]
"""

SUMMARY = """
kind: summary
title: 甲乙丙工作总结
subtitle: （题注丁戊）
org: 某某县教育局
year: 2025
date: 2025-12-26
doc_number: 某教发〔2025〕9号
addressee: 主送某单位：
preamble: [开头己庚]
sections:
  - title: 部分辛壬
    text: 部分说明癸
    groups:
      - title: 分组子丑
        text: 分组正文寅
        tasks:
          - title: 事项卯辰。
            result: 完成情况巳
            units: [办公室]
            items: [{title: 条目午。, text: 条目未}]
  - title: 部分申酉
    tasks:
      - title: 事项戌亥。
        result: 完成情况甲一
        units: [财务股]
        items: [{title: 条目乙二。, text: 条目丙四}]
closing: [结尾丙三]
attachments: [completion-table]
"""

SPEECH = """
kind: speech
title: 在某会议上的讲话
subtitle: ——副题丁戊
speaker: 讲话人己庚
org: 某某县教育局
year: 2025
date: 2025-03-01
date_line: （2025年3月1日）
salutation: 各位同志：
preamble: [开头辛壬]
sections:
  - title: 部分癸子
    text: 部分说明丑
    groups:
      - title: 分组寅卯
        text: 分组正文辰
        items: [{title: 条目巳。, text: 条目午}]
closing: [结尾未申]
"""

NOTICE = """
kind: notice
genre: 报告
title: 某某县教育局关于某事的报告
org: [某某县教育局, 某某县财政局]
letterhead: {names: [某某县教育局, 某某县财政局], file_word: true}
copy_number: "000123"
secrecy: 机密★5年
urgency: 加急
doc_number: 某教文〔2025〕8号
issuers: [张甲, 李乙]
year: 2025
date: 2025-04-02
addressee: 县人民政府：
preamble: [开头丙丁]
sections:
  - title: 部分戊己
    text: 部分说明庚
    groups:
      - title: 分组辛壬
        text: 分组正文癸
        tasks:
          - title: 事项子丑。
            text: 事项正文寅
            items: [{title: 条目卯。, text: 条目辰}]
  - title: 部分巳午
    tasks:
      - title: 事项未申。
        text: 正文酉
        items: [{title: 条目乙二。, text: 条目丙四}]
closing: [特此报告。]
attachments:
  - path: att.yaml
    title: 附件名称戌
  - path: att.yaml
    part: completion-table
seal: signer
signer_title: 局长
signer_name: 张甲
note: （联系人：赵丙，电话：1234567）
imprint:
  addressee: false
  cc: [县审计局, 县统计局]
  printer: 某某县教育局办公室
  date: 2025-04-03
"""

ATTACHED = (
    "kind: summary\ntitle: 被附的总结亥\nyear: 2025\nsignature: false\n"
    "sections:\n  - title: 部分\n    tasks:\n      - title: 事项。\n        result: 结果\n"
)

DOCUMENTS = {"plan": PLAN, "summary": SUMMARY, "speech": SPEECH, "notice": NOTICE}


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(
        "".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.element.body.iter(f"{W}p")
    )


def _leaves(value: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [leaf for v in value for leaf in _leaves(v, (*path, "-"))]
    return [(path, value)]


def _printed_forms(path: tuple[str, ...], value: Any) -> list[str]:
    """Return the texts ``value`` must show as in the .docx (dates as 2025年1月6日)."""
    values = value if isinstance(value, list) else [value]
    out = []
    for item in values:
        if isinstance(item, dict):  # a （1） item with title and text
            out += [v for v in item.values() if isinstance(v, str)]
        elif isinstance(item, str) and path[-1] == "date":
            out.append(chinese_date(dt.date.fromisoformat(item)))
        elif isinstance(item, str):
            out.append(item.rstrip("：") if path[-1] == "addressee" else item)
    return out


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_every_schema_key_is_rendered_or_listed(kind: str, tmp_path: Path) -> None:
    (tmp_path / "att.yaml").write_text(ATTACHED, encoding="utf-8")
    target = tmp_path / f"{kind}.yaml"
    target.write_text(DOCUMENTS[kind], encoding="utf-8")
    checked = Checker().check_file(target)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    text = _text(render(checked.open().document))
    covered: set[tuple[str, ...]] = set()
    for path, value in _leaves(checked.data):
        name = path[-1]
        if name in NON_PRINTING or (kind == "speech" and path in SPEECH_ONLY_META):
            covered.add(path)
            continue
        for form in _printed_forms(path, value):
            assert form in text, f"{kind}: {'.'.join(path)} = {form!r} is not in the .docx"
        covered.add(path)
    for path in keys(bundled(kind)):
        listed = path[-1] in NON_PRINTING or (kind == "speech" and path in SPEECH_ONLY_META)
        assert listed or path in covered, (
            f"{kind}: key {'.'.join(path)} is in the schema but neither set in this test's "
            "document nor listed as non-printing: render it (and set it here) or list it"
        )


def test_attachment_titles_and_issued_plan_frame(tmp_path: Path) -> None:
    """The 附件说明 numbers several attachments and takes a missing title from the
    attached document; a plan with a 发文字号 prints the 标志 (org + 文件) and the 字号."""
    (tmp_path / "att.yaml").write_text(ATTACHED, encoding="utf-8")
    (tmp_path / "notice.yaml").write_text(NOTICE, encoding="utf-8")
    checked = Checker().check_file(tmp_path / "notice.yaml")
    document = docx.Document(io.BytesIO(render(checked.open().document)))
    notes = [p for p in document.paragraphs if p.style.style_id.startswith("GwAttachNote")]
    assert [p.text for p in notes] == ["附件：1.\t附件名称戌", "2.\t被附的总结亥任务完成情况统计表"]
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    plan = Checker().check_file(tmp_path / "plan.yaml").open().document
    head = docx.Document(io.BytesIO(render(plan))).paragraphs
    styles = [(p.style.style_id, p.text) for p in head if p.text][:3]
    assert styles == [
        ("GwLetterhead", "某某县教育局文件"),
        ("GwDocNumber", "某教发〔2025〕7号"),
        ("GwTitle", "甲乙丙工作要点"),
    ]
