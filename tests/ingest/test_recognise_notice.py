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
