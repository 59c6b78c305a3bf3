"""Notices around a plan: title from the 《》, 文号, 主送, issuing sentence reported (issue 19)."""

from __future__ import annotations

from pathlib import Path

from drafting.ingest.importer import import_file
from drafting.ingest.notice import doc_number

NOTICE = """关于印发《芜湖市教育局2024年工作要点》的通知
芜教〔2024〕12号
各县市区教育局,各直属学校:
现将《芜湖市教育局2024年工作要点》印发给你们,请认真贯彻落实。
芜湖市教育局
2024年3月27日
(此件主动公开)
芜湖市教育局2024年工作要点
一、加强党的建设
1.加强理论武装。深入学习。（责任科室：组干科）
"""


def _imported(tmp_path: Path, text: str) -> tuple[dict[str, object], list[str]]:
    source = tmp_path / "source.txt"
    source.write_text(text, encoding="utf-8")
    imported = import_file(source, write=False)
    notes = [f"{d.line} {d.code} {d.message}" for d in imported.recognised.notes]
    return imported.recognised.data, notes


def test_a_notice_gives_the_plan_title_doc_number_and_addressee(tmp_path: Path) -> None:
    data, notes = _imported(tmp_path, NOTICE)
    assert data["title"] == "芜湖市教育局2024年工作要点"
    assert data["doc_number"] == "芜教〔2024〕12号"
    assert data["addressee"] == "各县市区教育局，各直属学校："
    assert "preamble" not in data
    for line in (1, 4, 5, 6, 7):  # notice title, issuing sentence, issuer, date, 此件公开
        assert any(n.startswith(f"{line} import-notice") for n in notes), (line, notes)


def test_the_title_comes_from_the_issuing_sentence_without_a_repeat(tmp_path: Path) -> None:
    text = NOTICE.replace("关于印发《芜湖市教育局2024年工作要点》的通知", "关于印发工作要点的通知")
    text = text.replace("(此件主动公开)\n芜湖市教育局2024年工作要点\n", "")
    data, _ = _imported(tmp_path, text)
    assert data["title"] == "芜湖市教育局2024年工作要点"


def test_doc_numbers_in_other_brackets_are_written_with_hexagonal_ones() -> None:
    assert doc_number("教政法[2017]4號") == ("教政法〔2017〕4号", 2017)
    assert doc_number("文 号: | 北区政办发(2022)16号 |") == ("北区政办发〔2022〕16号", 2022)
    assert doc_number("【字\u3000号】苏教〔2023〕2号") == ("苏教〔2023〕2号", 2023)


def test_a_doc_number_cited_in_a_sentence_is_not_the_documents() -> None:
    assert doc_number("根据《关于开展创建工作的通知》(浙体群〔2022〕119号)要求，结合实际") is None


SEVERAL = """各乡镇人民政府,县直各有关单位:
现将《2024年县重点工作任务清单》《2024年县民生实事任务分解》印发给你们,请认真抓好落实。
一、压实责任。各牵头单位要细化措施。
附件:1.2024年县重点工作任务清单
2.2024年县民生实事任务分解
某县人民政府办公室
2024年3月1日
附件1
2024年县重点工作任务清单
一、县发改局牵头工作(2项)
1.推进重大项目建设。全年完成投资10亿元。
"""


def test_a_notice_issuing_several_documents_wraps_its_first_attachment(tmp_path: Path) -> None:
    data, notes = _imported(tmp_path, SEVERAL)
    assert data["title"] == "2024年县重点工作任务清单"
    assert data["org"] == "某县人民政府办公室"  # not "2.2024年…" of the 附件 list
    sections = data["sections"]
    assert [s["title"] for s in sections] == ["县发改局牵头工作（2项）"]
    assert sections[0]["tasks"][0]["lead"] == ["县发改局"]
    for line in (3, 4, 5, 8):  # its own 一、, the 附件 list, the label
        assert any(n.startswith(f"{line} import-notice") for n in notes), (line, notes)


def test_a_document_cited_before_the_issued_one_is_not_a_second_document(tmp_path: Path) -> None:
    """ "根据《甲》要求，现将《乙》印发给你们": one document is issued; an attachment
    label after it belongs to that document, which is imported from after the notice."""
    text = NOTICE.replace(
        "现将《芜湖市教育局2024年工作要点》",
        "根据《全省教育工作要点》要求,现将《芜湖市教育局2024年工作要点》",
    )
    text += "附件1\n重点工作任务分解表\n"
    data, _ = _imported(tmp_path, text)
    assert data["title"] == "芜湖市教育局2024年工作要点"
    assert [s["title"] for s in data["sections"]] == ["加强党的建设"]


def test_a_heading_that_only_mentions_leading_is_no_lead(tmp_path: Path) -> None:
    """ "坚持党委牵头" is a principle, not a unit leading the tasks under it; a heading
    names a lead by "X牵头工作/任务" or with a count "(8项)"."""
    text = "2024年县教育局工作要点\n一、坚持党委牵头\n1.加强理论武装。深入学习。\n"
    data, _ = _imported(tmp_path, text)
    assert "lead" not in data["sections"][0]["tasks"][0]
