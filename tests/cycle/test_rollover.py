"""``drafting rollover``: only the changed values move; comments and layout survive."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.check import Checker
from drafting.check.load import loads
from drafting.cli import main
from drafting.cycle.rollover import rollover, rollover_file
from drafting.errors import UsageError

from ..conftest import EXAMPLES

PLANS = sorted(p for p in EXAMPLES.glob("*.yaml") if "\nkind: plan" in p.read_text("utf-8"))
YEAR = re.compile(r"(?<![0-9])(?:19|20|21)[0-9]{2}(?![0-9])")


def with_comments(text: str) -> str:
    """Add comments of every kind: header, full-line, end-of-line, in lists, between keys."""
    lines = text.splitlines(keepends=True)
    out = ["# 头部注释：2024年的工作要点，勿删\n", "\n"]
    for line in lines:
        stripped = line.rstrip("\r\n")
        indent = stripped[: len(stripped) - len(stripped.lstrip())]
        if stripped.lstrip().startswith("- title:"):
            out.append(f"{indent}# 列表中的整行注释\n")
        if re.match(r"^(year|title|kind): ", stripped):
            line = stripped + "  # 行尾注释 #2\n"
        if stripped.startswith("sections:"):
            out.append("\n# 各部分之前的注释\n\n")
        out.append(line)
    return "".join(out)


def _comment_free(line: str) -> str:
    return re.sub(r"(^|\s)#.*$", "", line)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_examples_roll_forward_touching_only_values(plan: Path, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "units.yaml", tmp_path / "units.yaml")
    source = tmp_path / plan.name
    original = with_comments(plan.read_text("utf-8"))
    source.write_text(original, encoding="utf-8")
    result = rollover_file(source)
    old, new = result.rolled.old_year, result.rolled.new_year
    assert source.read_text("utf-8") == original  # the source is never modified
    rolled = result.target.read_text("utf-8")
    assert Checker().check_file(result.target).ok

    before, after = original.splitlines(), rolled.splitlines()
    assert len(before) == len(after)
    changed = {i + 1 for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}
    assert changed == {c.line for c in result.rolled.changes}
    assert {"year", "title"} <= {c.field for c in result.rolled.changes}
    for number in changed:  # a changed line differs only in its years (and date)
        a, b = before[number - 1], after[number - 1]
        assert YEAR.sub("Y", a) == YEAR.sub("Y", b), (a, b)
    comments = [line for line in before if line.lstrip().startswith("#")]
    assert comments == [line for line in after if line.lstrip().startswith("#")]
    assert "# 行尾注释 #2" in rolled and "# 头部注释：2024年的工作要点，勿删" in rolled

    # every old-year mention left in a value (not a comment, not an id) is listed
    expected = set()
    top = ""
    for number, line in enumerate(after, start=1):
        body = _comment_free(line)
        if re.match(r"^[a-z_]+:", body):
            top = body.split(":")[0]
        structured = re.match(r"^(title|year|date|doc_number):", body) or (
            top == "title" and body.startswith(" ")
        )
        if structured or re.match(r"^\s*(- )?(id|deadline):", body):
            continue
        for match in YEAR.finditer(body):
            if abs(int(match.group()) - old) <= 5:
                expected.add((number, match.start() + 1, match.group()))
    reviewed = {(r.line, r.col, r.found) for r in result.rolled.reviews}
    assert reviewed == expected
    assert new == old + 1


def test_deadlines_dates_and_numbers_move(tmp_path: Path) -> None:
    text = """kind: plan
title: "××局2024年工作要点（2024—2025学年）"
year: 2024
date: '2024-02-29'
doc_number: ×教发〔2024〕3号
sections:
  - title: 加强党的建设
    tasks:
      - title: 学习。
        text: 2023年已完成的工作要在2024年巩固，二〇二四年底前总结。
        units: [办公室]
        deadline: 2024年6月底前
"""
    rolled = rollover(loads(text, "p.yaml"))
    assert rolled.text == text.replace("2024—2025", "2025—2026").replace(
        "2024-02-29", "2025-02-28"
    ).replace("2024年工作要点", "2025年工作要点").replace("year: 2024", "year: 2025").replace(
        "〔2024〕", "〔2025〕"
    ).replace("deadline: 2024年", "deadline: 2025年")
    assert [(r.line, r.found) for r in rolled.reviews] == [
        (10, "2023"),
        (10, "2024"),
        (10, "二〇二四年"),
    ]
    fields = {c.field: c.new for c in rolled.changes}
    assert fields["date"] == "2025-02-28"
    assert fields["sections[0].tasks[0].deadline"] == "2025年6月底前"


def test_refusals(tmp_path: Path) -> None:
    speech = loads("kind: speech\ntitle: 讲话\nyear: 2024\n", "s.yaml")
    with pytest.raises(UsageError):
        rollover(speech)
    source = tmp_path / "plan-2024.yaml"
    shutil.copy(EXAMPLES / "plan-2024-wujin.yaml", source)
    with pytest.raises(UsageError):
        rollover_file(source, output=source, force=True)
    target = tmp_path / "plan-2025.yaml"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError):
        rollover_file(source)
    assert target.read_text("utf-8") == "mine"
    rollover_file(source, force=True)
    assert (tmp_path / "plan-2025.yaml.bak").read_text("utf-8") == "mine"


def test_cli_reports_changes_and_reviews(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(EXAMPLES / "plan-2024-wujin.yaml", in_tmp / "plan-2024-wujin.yaml")
    assert main(["rollover", "plan-2024-wujin.yaml", "--year", "2026", "-o", "next.yaml"]) == 0
    out = capsys.readouterr().out
    assert "已生成：next.yaml（2024 → 2026）" in out
    assert "next.yaml:7:7: year：2024 → 2026" in out
    assert "next.yaml:10:5: preamble[0]：“2024”" in out
    assert main(["rollover", "plan-2024-wujin.yaml", "--year", "2026", "-o", "next.yaml"]) == 2
    assert main(["rollover", "missing.yaml"]) == 2
    (in_tmp / "bad.yaml").write_text("kind: plan\ntitle: x\n", encoding="utf-8")
    assert main(["rollover", "bad.yaml"]) == 1
    assert not (in_tmp / "bad-2025.yaml").exists()


# --- property: +1 then -1 gives back the original -----------------------------------

texts = st.text(alphabet=st.sampled_from("工作要点年月底前〔〕—、：0123456789 "), max_size=20)


@st.composite
def plans(draw: st.DrawFn) -> str:
    year = draw(st.integers(1950, 2150))
    day = draw(
        st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)).filter(
            lambda d: (d.month, d.day) != (2, 29)
        )
    )
    quote = draw(st.sampled_from(["plain", "single", "double"]))

    def q(value: str) -> str:
        if quote == "double":
            return json.dumps(value, ensure_ascii=False)
        if quote == "single":
            return "'" + value.replace("'", "''") + "'"
        return (
            value
            if value.strip() == value and value and not value[0].isdigit()
            else json.dumps(value, ensure_ascii=False)
        )

    other = year + draw(st.integers(-12, 12))
    title = f"××局{year}年{draw(texts)}工作要点{other}"
    deadline = f"{year + draw(st.integers(0, 1))}年{draw(st.integers(1, 12))}月底前"
    prose = f"{draw(texts)}{other}年{draw(texts)}"
    return (
        f"kind: plan\ntitle: {q(title)}\nyear: {year}\ndate: {day.isoformat()}\n"
        f"doc_number: ×教发〔{year}〕{draw(st.integers(1, 99))}号\n"
        f"preamble:\n  - {q(prose)}\nsections:\n  - title: 工作\n    tasks:\n"
        f"      - title: 任务。\n        deadline: {q(deadline)}\n"
    )


@settings(max_examples=150, deadline=None)
@given(plans(), st.integers(1, 3))
def test_forward_then_back_is_identity(text: str, step: int) -> None:
    source = loads(text, "p.yaml")
    year = int(source.data["year"])
    forward = rollover(source, year + step)
    back = rollover(loads(forward.text, "p.yaml"), year)
    assert back.text == text
    assert loads(back.text).data == source.data
