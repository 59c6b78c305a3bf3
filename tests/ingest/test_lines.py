"""The line-structure pass of import: page markers, 目录, hard wraps, run-together text."""

from __future__ import annotations

from drafting.ingest.extract import Line
from drafting.ingest.lines import JOINED, PAGE_MARKER, SPLIT, TOC, structure
from drafting.ingest.notes import Notes


def _run(*texts: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Return the output lines (number, text) and the notes (line, code) for ``texts``."""
    notes = Notes("x.txt")
    lines = [Line(number, text) for number, text in enumerate(texts, 1)]
    out = structure(lines, notes)
    return [(ln.number, ln.text) for ln in out], [(d.line, d.code) for d in notes.diagnostics()]


WRAPPED = (
    "市教育局2022年工作要点",
    "2022年是全面实施“十四五”规划的关键之年，是加快推进",
    "区域教育中心建设的开局之年，全市教育系统坚持以习近平新时代",
    "中国特色社会主义思想为指导，深入贯彻党的十九大和十九届历次",
    "全会精神，全面贯彻党的教育方针，落实立德树人根本任务，围绕",
    "总体工作思路。",
    "一、建设区域教育中心，办好人民满意教育",
    "1.推进区域教育中心建设。围绕加快实现“321”发展愿景，成",
    "立市、县两级区域教育中心建设推进专班，制定实施方案，明确年",
    "度建设目标和重点任务。",
    "（责任单位：区域教育中心建设专班）",
)


def test_hard_wrapped_lines_are_joined_without_a_space_and_keep_the_first_number() -> None:
    out, notes = _run(*WRAPPED)
    assert out[1] == (2, "".join(WRAPPED[1:6]))
    assert out[2] == (7, WRAPPED[6])  # a heading is no continuation
    assert out[3] == (8, "".join(WRAPPED[7:10]))
    assert out[4] == (11, WRAPPED[10])  # a responsibility note stays on its own
    assert notes == [(2, JOINED), (8, JOINED)]


def test_short_lines_are_never_joined() -> None:
    texts = ("VIP专免", "2024-06-03", "侵权投诉", "市教育局工作要点", "一、总体要求")
    out, notes = _run(*texts)
    assert [text for _, text in out] == list(texts)
    assert notes == []


def test_lines_of_a_normal_document_are_not_joined() -> None:
    texts = (
        "2025年学校工作要点（精选2篇）",
        "2025-01-06 小编：范文网",
        "2025年学校工作要点篇一",
        "一、加强党的建设",
        "1.认真学习宣传贯彻党的二十大精神。",
    )
    out, notes = _run(*texts)
    assert [text for _, text in out] == list(texts)
    assert notes == []


RUN_TOGETHER = (
    "XX市教育局2024年工作要点总体要求：以习近平新时代中国特色社会主义思想为指导，"
    "紧紧围绕深入学习贯彻党的二十大精神，增强教育服务高质量发展的责任感、使命感、紧迫感，"
    "为建设绿色高质量发展先行市贡献教育智慧和力量！一、坚持党建引领，全面加强党对教育工作的领导"
    "1.强化党的创新理论武装。持续全面深入学习贯彻党的二十大精神，新增投资1.5亿元，"
    "2024年3月1日前完成。责任科室：组织科、思政科等2 .夯实基层党组织建设。加强各级各类学校党的建设。"
)


def test_a_run_together_page_is_split_at_title_and_outline_numbers() -> None:
    out, notes = _run("XX市教育局2024年工作要点.docx", RUN_TOGETHER)
    texts = [text for _, text in out]
    assert texts[1] == "XX市教育局2024年工作要点"
    assert texts[2].startswith("总体要求：") and texts[2].endswith("力量！")
    assert texts[3] == "一、坚持党建引领，全面加强党对教育工作的领导"
    assert texts[4].startswith("1.强化") and "1.5亿元" in texts[4] and "3月1日" in texts[4]
    assert texts[4].endswith("责任科室：组织科、思政科等")
    assert texts[5] == "2 .夯实基层党组织建设。加强各级各类学校党的建设。"
    assert {number for number, _ in out[1:]} == {2}
    assert notes == [(2, SPLIT)]


def test_a_speech_is_split_around_its_salutation() -> None:
    text = (
        "2021年县委书记在全县教育大会讲话稿同志们：今天，我们召开全县教育大会，"
        "主要任务是深入学习贯彻习近平总书记关于教育的重要论述，研究部署当前和今后一个时期我县的教育工作。"
        "下面，我讲几点意见。一、肯定成绩，五张答卷精彩纷呈 过去的一学年，是全县教育系统砥砺奋进的一年。"
        "（一）高考中考成绩取得新突破。今年高考，我县一本上线人数创新高。"
    )
    out, _ = _run(text)
    texts = [text for _, text in out]
    assert texts[:2] == ["2021年县委书记在全县教育大会讲话稿", "同志们："]
    assert texts[3:] == [
        "一、肯定成绩，五张答卷精彩纷呈",
        "过去的一学年，是全县教育系统砥砺奋进的一年。",
        "（一）高考中考成绩取得新突破。今年高考，我县一本上线人数创新高。",
    ]


def test_numbers_inside_a_sentence_are_no_split_points() -> None:
    text = (
        "1.推进项目建设。全年完成投资1.5亿元，新建学校3所、幼儿园2所，"
        "第1、2、3批项目于2024年5月1日前完成。二是加强管理，落实3项制度。"
    )
    out, notes = _run(text)
    assert [text for _, text in out] == [text]
    assert notes == []


PAGE = "教育工作取得新进展，全县新建改扩建学校七所，新增学位三千二百个，" * 8


def test_page_markers_of_a_document_site_are_dropped_and_cut_pages_joined() -> None:
    out, notes = _run(
        "《县教育局2024年工作要点.docx》由会员分享，可在线阅读。",
        "1、县教育局2024年工作要点" + PAGE + "有效缓解",
        "2、城区学位紧张问题。" + PAGE + "收到作品100余件",
        "3、3项发明获国家专利。",
    )
    texts = [text for _, text in out]
    assert texts[1] == "县教育局2024年工作要点"
    assert texts[2].endswith(
        "有效缓解城区学位紧张问题。" + PAGE + "收到作品100余件3项发明获国家专利。"
    )
    assert [n for n, _ in out] == [1, 2, 2]
    assert [(line, code) for line, code in notes if code == PAGE_MARKER] == [
        (2, PAGE_MARKER),
        (3, PAGE_MARKER),
        (4, PAGE_MARKER),
    ]


def test_a_real_numbered_list_is_no_page_run() -> None:
    texts = (
        "1、加强党的建设。" + PAGE + "。",
        "2、深化教育改革。" + PAGE + "。",
        "3、3项发明获奖。",
    )
    out, notes = _run(*texts)
    assert [text for _, text in out] == list(texts)
    assert notes == []


def test_page_of_pages_is_dropped_anywhere() -> None:
    out, notes = _run("第1页共4页教育体育局工作小结", "正文。")
    assert out[0] == (1, "教育体育局工作小结")
    assert notes == [(1, PAGE_MARKER)]


def test_a_toc_block_is_dropped_line_by_line() -> None:
    out, notes = _run(
        "教育局2024年工作要点汇编(6篇)",
        "目录",
        "1.",
        "XX自治县教育局2024年工作要点2",
        "2.区教育局2024年工作要点15",
        "XX自治县教育局2024年工作要点",
        "2024年是关键之年。",
    )
    assert [n for n, _ in out] == [1, 6, 7]
    assert notes == [(2, TOC), (3, TOC), (4, TOC), (5, TOC)]


def test_an_inline_toc_is_taken_out_of_its_line() -> None:
    text = (
        "教育局2024年工作总结汇编(5篇)目录1.教育局2024年工作总结和2025年工作思路22 .区教育局"
        "2024年两会办理工作总结133 .县教育局助学办2024年工作总结18教育局2024年工作总结和2025年工作思路"
        "2024年，在区委、区政府的正确领导下，区教育局坚持以打造幸福城为统揽。"
    )
    out, notes = _run(text)
    texts = [text for _, text in out]
    assert texts[0] == "教育局2024年工作总结汇编(5篇)"
    assert "目录" not in "".join(texts) and "两会办理" not in "".join(texts)
    assert "".join(texts[1:]).startswith("教育局2024年工作总结和2025年工作思路2024年，在区委")
    assert (1, TOC) in notes


def test_a_word_toc_in_the_text_is_kept() -> None:
    texts = ("目录管理制度进一步完善。", "1.加强管理。")
    out, notes = _run(*texts)
    assert [text for _, text in out] == list(texts)
    assert notes == []


def test_a_speech_date_line_and_speaker_are_split_off_the_title() -> None:
    text = (
        "在全市教育工作座谈会上的讲话(2011年11月3日 根据录音整理)刘和平同志们: 今天召开全市教育工作座谈会"
        "主要是落实省市党代会精神总结近年来我市教育事业所取得的成绩切实解决目前我市教育与经济社会发展"
        "不相协调的问题努力办好人民满意的教育积极发展学前教育大力推动各级各类教育全面均衡发展"
        "在省第十三次党代会报告中明确提出要始终坚持把教育摆在优先发展的战略地位要着力提高教育质量"
    )
    out, notes = _run(text)
    assert [text for _, text in out][:4] == [
        "在全市教育工作座谈会上的讲话",
        "(2011年11月3日 根据录音整理)",
        "刘和平",
        "同志们：",
    ]
    assert notes == [(1, SPLIT)]


# -- round 2: flattened task tables, broken notes, bare task numbers, chapters ----------


def test_a_task_table_flattened_one_cell_a_line_becomes_typed_tasks() -> None:
    from drafting.ingest.notes import TABLE_HEADER

    out, notes = _run(
        "某局2025年重点工作任务分解表",
        "序号",
        "重点工作任务",
        "主要责任单位",
        "协同配合单位",
        "一、主要预期目标",
        "3",
        "固定资产投资增长7.5%左右。",
        "区发改委",
        "区工信局、区住建局。",
        "二、扩投资",
    )
    assert [text for _, text in out] == [
        "某局2025年重点工作任务分解表",
        "一、主要预期目标",
        "3.固定资产投资增长7.5%左右。（牵头单位：区发改委；责任单位：区工信局、区住建局）",
        "二、扩投资",
    ]
    assert [number for number, _ in out] == [1, 6, 7, 11]
    assert notes == [(n, TABLE_HEADER) for n in (2, 3, 4, 5)]


HEADER_044 = ("序号 |", "目标与任务 |", "分 管 县领导 |", "牵头责任单位 |", "责任单位 |")


def test_a_task_table_with_cells_ending_in_pipes_keeps_its_leader_column_as_text() -> None:
    lines = structure(
        [
            Line(n, t)
            for n, t in enumerate(
                (
                    *HEADER_044,
                    "80 |",
                    "保障秋季开学。 |",
                    "俞 悦 |",
                    "县教育局 |",
                    "县各有关单位 |",
                ),
                1,
            )
        ],
        Notes("x.txt"),
    )
    assert [(ln.text, ln.resp, ln.table) for ln in lines] == [
        (
            "80.保障秋季开学。分管县领导：俞 悦（牵头单位：县教育局；责任单位：县各有关单位）",
            "（牵头单位：县教育局；责任单位：县各有关单位）",
            True,
        )
    ]


def test_a_header_without_a_number_column_is_no_flattened_table() -> None:
    texts = ("重点工作任务", "责任单位", "一、总体要求")
    out, notes = _run(*texts)
    assert [text for _, text in out] == list(texts)
    assert notes == []


def test_a_responsibility_note_broken_over_lines_is_joined() -> None:
    out, notes = _run("1.强化思想理论武装。", "(牵头股室: 办", "协办股室:办公室)", "2.增强功能。")
    assert [text for _, text in out] == [
        "1.强化思想理论武装。",
        "(牵头股室: 办；协办股室:办公室)",
        "2.增强功能。",
    ]
    assert notes == [(2, JOINED)]


def test_a_task_number_without_its_point_continues_the_numbering() -> None:
    out, notes = _run("1.加强党建。全面加强。2 .落实任务。全面落实。3 推进发展。4 个学校。")
    assert [text for _, text in out] == [
        "1.加强党建。全面加强。",
        "2 .落实任务。全面落实。",
        "3.推进发展。4 个学校。",  # "4 个" counts, it is no number
    ]
    assert notes == [(1, SPLIT)]


def test_a_chapter_outline_is_typed_as_sections_groups_and_tasks() -> None:
    out, notes = _run(
        "学校工作计划第一章指导思想与总体目标1.1指导思想以新思想为统领。1.2总体目标到2025年7月，"
        "建成示范校，提高1.5倍。第二章党建工作2.1支部建设2.1.1标准化：修订手册。2.1.2品牌化：打造品牌。"
    )
    assert [text for _, text in out] == [
        "学校工作计划",
        "一、指导思想与总体目标",
        "（一）指导思想",
        "以新思想为统领。",
        "（二）总体目标",
        "到2025年7月，建成示范校，提高1.5倍。",
        "二、党建工作",
        "（一）支部建设",
        "1.标准化：修订手册。",
        "2.品牌化：打造品牌。",
    ]
    assert notes == [(1, SPLIT)]


def test_numbers_like_1_1_without_chapters_are_left_alone() -> None:
    texts = ("一、总体要求", "1.1万名学生参加。")
    out, notes = _run(*texts)
    assert [text for _, text in out] == list(texts)
    assert notes == []


def test_labels_of_lead_and_assisting_offices_are_read() -> None:
    from drafting.ingest.responsibility import parse_responsibility, take_responsibility

    text, note = take_responsibility("（牵头股室：办；协办股室：办公室）", "")
    assert text == ""
    parsed = parse_responsibility(note)
    assert (parsed.lead, parsed.units, parsed.label) == (("办",), ("办公室",), "协办股室")
