"""Never fail over what can be repaired or left out (issue 19, "Never fail")."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from drafting.errors import InputError
from drafting.ingest import importer
from drafting.ingest.importer import import_file
from drafting.ingest.recognise import Recognised, recognise


def _imported(tmp_path: Path, text: str) -> tuple[dict[str, Any], list[str]]:
    source = tmp_path / "source.txt"
    source.write_text(text, encoding="utf-8")
    imported = import_file(source, write=False)
    return imported.recognised.data, [f"{d.line} {d.code}" for d in imported.recognised.notes]


def test_a_half_width_colon_after_the_salutation_is_converted(tmp_path: Path) -> None:
    text = "在全县教育工作会议上的讲话\n县长　×××\n同志们:\n今天我们召开会议。\n一、成绩\n过去一年很好。\n"
    data, notes = _imported(tmp_path, text)
    assert data.get("salutation", "同志们：") == "同志们："
    assert "1 import-full-width" in notes


def test_a_half_width_colon_after_the_addressee_is_converted(tmp_path: Path) -> None:
    text = "县教育局2024年工作总结\n县委教育工委:\n一、主要工作\n做了很多事。\n"
    data, _ = _imported(tmp_path, text)
    assert data["addressee"] == "县委教育工委："


@pytest.mark.parametrize("label", ["文号:", "索 引 号：", "发布机构:", "xx实验已三年,现计划如下:"])
def test_a_metadata_label_is_no_addressee(tmp_path: Path, label: str) -> None:
    text = f"县教育局2024年工作要点\n{label}\n一、加强党建\n1.学习。深入学习。\n"
    data, _ = _imported(tmp_path, text)
    assert "addressee" not in data


def test_a_plan_without_any_heading_gets_one_with_a_warning(tmp_path: Path) -> None:
    text = "小学2023年工作计划\n总的要求是办好教育。\n首先，抓好教学。\n其次，抓好安全。\n"
    data, notes = _imported(tmp_path, text)
    assert data["preamble"] == ["总的要求是办好教育。"]
    assert data["sections"][0]["title"] == "工作任务"
    assert data["sections"][0]["text"] == ["首先，抓好教学。", "其次，抓好安全。"]
    assert "1 import-no-section" in notes


def test_a_field_that_cannot_be_made_valid_is_left_out_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = recognise

    def spoiled(*args: Any, **kwargs: Any) -> Recognised:
        rec = real(*args, **kwargs)
        data = {**rec.data, "addressee": "县委教育工委"}  # no colon: invalid
        return dataclasses.replace(rec, data=data, origins={**rec.origins, "addressee": 2})

    monkeypatch.setattr(importer, "recognise", spoiled)
    data, notes = _imported(tmp_path, "县教育局2024年工作要点\n一、加强党建\n1.学习。深入学习。\n")
    assert "addressee" not in data
    assert "2 import-left-out" in notes


def test_an_invalid_required_field_names_the_source_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = recognise

    def spoiled(*args: Any, **kwargs: Any) -> Recognised:
        rec = real(*args, **kwargs)
        return dataclasses.replace(
            rec, data={**rec.data, "year": 1800}, origins={**rec.origins, "year": 1}
        )

    monkeypatch.setattr(importer, "recognise", spoiled)
    with pytest.raises(InputError) as caught:
        _imported(tmp_path, "县教育局2024年工作要点\n一、加强党建\n1.学习。深入学习。\n")
    fix = [d for d in caught.value.diagnostics if d.code == "import-fix-source"]
    assert [(d.line, d.path.endswith("source.txt")) for d in fix] == [(1, True)]


def test_a_disclosure_line_in_the_body_is_reported(tmp_path: Path) -> None:
    text = "县教育局2024年工作要点\n一、加强党建\n1.学习。深入学习。\n（此件公开发布）\n"
    data, notes = _imported(tmp_path, text)
    assert "4 import-notice" in notes
    assert "此件" not in str(data)
