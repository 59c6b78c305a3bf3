"""The import scorer (tools/score_import.py): right on a tiny corpus, and the ratchet.

Issue 19's goal is that at least 95% of the corpus imports with no manual fix and that
no import ends in an internal error. ``BAR`` is the share measured when the scorer was
added, rounded down: CI fails when the share drops below it. Raise it as the importer
gets better. ``GOAL`` holds the whole corpus — the tuned sets and the held-out one
together — to the issue's 95%, with no character lost without a report line.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("score_import", ROOT / "tools" / "score_import.py")
assert _spec is not None and _spec.loader is not None
score_import: Any = importlib.util.module_from_spec(_spec)
sys.modules["score_import"] = score_import  # dataclasses look their module up
_spec.loader.exec_module(score_import)
_builder_spec = importlib.util.spec_from_file_location(
    "build_fixtures", ROOT / "tools" / "build_fixtures.py"
)
assert _builder_spec is not None and _builder_spec.loader is not None
build_fixtures: Any = importlib.util.module_from_spec(_builder_spec)
_builder_spec.loader.exec_module(build_fixtures)
DOCX = ROOT / "tests" / "corpus" / "docx"

GOAL = 0.95
"""Issue 19: the share of the corpus that must import with no manual fix."""
BAR = 0.99
"""The share measured today (302 of 303: 289 web documents — 001–049 and the sets 201–216,
301–316, 401–416, 501–516, 601–616, 701–732, 801–832, 901–932, 1001–1032 and 1201–1232,
gathered as held-out sets and moved in once tuned on — 13 .docx and a .doc; 809 still needs
a fix), rounded down: the ratchet."""
DEV_DOCUMENTS = 303
"""The development corpus holds at least this many documents (web/ and docx/)."""

PLAN = """\
2024年县教育局工作要点

一、加强党的建设
1.加强理论学习。深入学习党的二十大精神。（责任单位：办公室、人事股）
"""

EXPECTED = """\
kind: plan
title: 2024年县教育局工作要点
year: 2024
doc_number: null
addressee: null
truncated: false
sections:
  - title: 加强党的建设
    groups: []
    tasks:
      - start: 加强理论学习
        units: [{units}]
        lead: []
        deadline: null
"""


def _corpus(folder: Path) -> Path:
    """Write three documents: one perfect, one whose expectation names another unit,
    one that cannot be imported (NUL bytes: no text file)."""
    web = folder / "web"
    web.mkdir()
    (web / "001-plan-perfect.txt").write_text(PLAN, encoding="utf-8")
    (web / "001-plan-perfect.expected.yaml").write_text(
        EXPECTED.format(units="办公室, 人事股"), encoding="utf-8"
    )
    (web / "002-plan-wrong-unit.txt").write_text(PLAN, encoding="utf-8")
    (web / "002-plan-wrong-unit.expected.yaml").write_text(
        EXPECTED.format(units="办公室, 财务股"), encoding="utf-8"
    )
    (web / "003-plan-fails.txt").write_bytes(b"\x00\x00" + PLAN.encode("utf-8"))
    (web / "003-plan-fails.expected.yaml").write_text(
        EXPECTED.format(units="办公室"), encoding="utf-8"
    )
    return folder


def test_scorer_counts_fixes_exactly(tmp_path: Path) -> None:
    rows = {r.document: r for r in score_import.score_corpus(_corpus(tmp_path))}
    perfect = rows["001-plan-perfect.txt"]
    assert (perfect.imported, perfect.fixes, perfect.lost) == (True, 0, 0)
    wrong = rows["002-plan-wrong-unit.txt"]
    assert (wrong.imported, wrong.fixes, wrong.wrong) == (True, 1, "责任单位")
    failed = rows["003-plan-fails.txt"]
    # kind, title, year, the section and its task: one fix per expected element
    assert (failed.imported, failed.internal, failed.fixes, failed.lost) == (False, False, 5, None)
    total = score_import.summary(list(rows.values()))
    assert (total["no_fix"], total["internal_errors"], total["fixes"]) == (1, 0, 6)
    assert score_import.main(["--corpus", str(tmp_path), "--min-share", "0.34"]) == 1
    assert score_import.main(["--corpus", str(tmp_path), "--min-share", "0.33"]) == 0


def test_characters_lost_without_a_report_line(tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(PLAN, encoding="utf-8")
    outcome = score_import.import_one(source, tmp_path / "out")
    assert score_import.lost_characters(source, outcome) == 0
    data = dict(outcome.data)
    data["title"] = "县教育局工作要点"  # "2024年" dropped: 年 is an ideograph
    dropped = score_import.Outcome(data, outcome.notes)
    assert score_import.lost_characters(source, dropped) == 1


def test_truncated_last_task_compares_as_far_as_the_text_goes() -> None:
    expected = score_import.Expectation(
        Path("x.txt"),
        {
            "kind": "plan",
            "title": "要点",
            "year": 2024,
            "truncated": True,
            "sections": [
                {"title": "甲", "tasks": [{"start": "加强理论学习", "units": []}]},
            ],
        },
    )
    got = {
        "kind": "plan",
        "title": "要点",
        "year": 2024,
        "sections": [{"title": "甲", "tasks": [{"title": "加强理论"}]}],
    }
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().fixes == 0
    expected.data["truncated"] = False
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().fixes == 1


def test_a_title_on_two_lines_and_a_doc_number_in_the_schemas_form_match() -> None:
    expected = score_import.Expectation(
        Path("x.txt"),
        {
            "kind": "plan",
            "title": "中共某县委教育工委某县教育局2024年工作要点",
            "year": 2024,
            "doc_number": "教政法[2017]4號",
            "sections": [],
        },
    )
    got = {
        "kind": "plan",
        "title": ["中共某县委教育工委", "某县教育局2024年工作要点"],
        "year": 2024,
        "doc_number": "教政法〔2017〕4号",
        "sections": [],
    }
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().fixes == 0
    got["doc_number"] = "教政法〔2017〕5号"
    got["title"] = ["中共某县委教育工委", "某县教育局2024年工作计划"]
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().fixes == 2
    # a source's glossed 號(hào) (a traditional page with pinyin): the schema's form ends in 号
    expected.data["doc_number"] = "良政發(fā)〔2025〕17號(hào)"
    got.update(title=expected.data["title"], doc_number="良政發(fā)〔2025〕17号")
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().fixes == 0
    got["doc_number"] = "良政發(fā)〔2025〕18号"
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().fixes == 1


HOLDOUT_BAR = 0.62
"""The held-out set (tests/corpus/holdout: pages the importer was never tuned on), rounded
down: how well the heuristics carry over to documents they have not seen. 0.62 is the
set 1101–1132's, 20 of 32 untuned after round 11 (17 of 32 when it was added, after round 9).
The development corpus (web/ and docx/) has ``BAR``."""
HOLDOUT = score_import.CORPUS / "holdout"


@functools.cache
def _scored(name: str) -> tuple[Any, ...]:
    """Return the rows of corpus folder ``name``, scored once per test run."""
    return tuple(score_import.score_corpus(score_import.CORPUS / name))


def _rows(*folders: str) -> list[Any]:
    return [r for name in folders for r in _scored(name)]


def test_corpus_ratchet() -> None:
    rows = _rows("web", "docx")
    total = score_import.summary(rows)
    assert total["documents"] >= DEV_DOCUMENTS
    crashed = [r.document for r in rows if r.internal]
    assert crashed == [], f"internal errors: {crashed}"
    assert total["share"] >= BAR, "\n".join(score_import.table(rows))


def test_holdout_ratchet() -> None:
    if not score_import.expectations(HOLDOUT):
        pytest.skip(
            "tests/corpus/holdout holds no document: the next held-out set is being gathered"
        )
    rows = _rows("holdout")
    total = score_import.summary(rows)
    assert total["documents"] >= 32
    assert [r.document for r in rows if r.internal] == []
    assert total["lost_characters"] == 0, "\n".join(score_import.table(rows))
    assert total["share"] >= HOLDOUT_BAR, "\n".join(score_import.table(rows))


def test_whole_corpus_meets_the_goal() -> None:
    """Issue 19: 95% of the corpus with no manual fix, every document imported without an
    internal error, no body character lost without a report line — held-out set included."""
    folders = sorted(p.name for p in score_import.CORPUS.iterdir() if p.is_dir())
    assert {"web", "docx", "holdout"} <= set(folders)
    rows = _rows(
        *(name for name in folders if score_import.expectations(score_import.CORPUS / name))
    )
    total = score_import.summary(rows)
    assert total["documents"] >= DEV_DOCUMENTS + 32
    assert [r.document for r in rows if r.internal] == []
    assert total["lost_characters"] == 0, "\n".join(score_import.table(rows))
    assert total["share"] >= GOAL, "\n".join(score_import.table(rows))


def test_corpus_docx_are_built_from_their_specs() -> None:
    specs = sorted(DOCX.glob("*.docx.yaml"))
    assert len(specs) >= 12
    for spec in specs:
        target = build_fixtures.target_of(spec)
        assert target.read_bytes() == build_fixtures.build(spec), (
            f"stale: python3 tools/build_fixtures.py tests/corpus/docx ({target.name})"
        )
        assert spec.with_name(target.stem + ".expected.yaml").is_file()


def test_run_in_title_matches_without_its_closing_stop() -> None:
    """An expectation leaves a closing 。 off; the importer keeps a run-in group title's
    (it renders the title run-in): the two are the same title."""
    expected = score_import.Expectation(
        Path("x.txt"),
        {
            "kind": "speech",
            "title": "讲话",
            "year": 2024,
            "sections": [{"title": "甲", "groups": [{"title": "聚焦立德树人"}]}],
        },
    )
    got = {
        "kind": "speech",
        "title": "讲话",
        "year": 2024,
        "sections": [{"title": "甲", "groups": [{"title": "聚焦立德树人。", "text": "要……"}]}],
    }
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().fixes == 0
    got["sections"][0]["groups"][0]["title"] = "聚焦均衡发展。"
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().wrong == ["分组标题"]


def test_no_structure_expected_accepts_the_one_warned_section() -> None:
    """A plan without any outline (046) must still get one section: with the
    import-no-section warning that is no fix, without it one."""
    expected = score_import.Expectation(
        Path("x.txt"), {"kind": "plan", "title": "计划", "year": 2024, "sections": []}
    )
    got = {"kind": "plan", "title": "计划", "year": 2024, "sections": [{"title": "工作任务"}]}
    warned = score_import.Outcome(got, (_Note(score_import.NO_SECTION),))
    assert score_import.Scorer(expected, warned).score().fixes == 0
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().fixes == 1


class _Note:
    def __init__(self, code: str) -> None:
        self.code = code


def test_norm_converts_to_a_fixed_point() -> None:
    """ "(shì)," is "（shì)，" after one conversion and "（shì），" after two; both are one text."""
    assert score_import.norm("形勢(shì),把握") == score_import.norm("形勢（shì），把握")


def test_a_task_text_of_paragraphs_is_compared_as_its_text() -> None:
    """A task whose text is a list of paragraphs starts with its first paragraph, not
    with the list's printed form "['…"."""
    expected = score_import.Expectation(
        Path("x.txt"),
        {
            "kind": "plan",
            "title": "计划",
            "year": 2024,
            "sections": [{"title": "甲", "tasks": [{"start": "聚力行动，大力攻坚"}]}],
        },
    )
    got = {
        "kind": "plan",
        "title": "计划",
        "year": 2024,
        "sections": [{"title": "甲", "tasks": [{"text": ["聚力行动,大力攻坚", "小学没有…"]}]}],
    }
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().fixes == 0
    got["sections"][0]["tasks"][0]["text"] = ["因校制宜", "聚力行动"]
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().wrong == ["任务开头"]


def test_tasks_before_the_first_group_match_the_warned_leading_group() -> None:
    """A page cut in mid-document shows tasks, then （二）: the schema holds no section with
    both, so the import's first group (warned, title a placeholder) holds those tasks."""
    expected = score_import.Expectation(
        Path("x.txt"),
        {
            "kind": "plan",
            "title": None,
            "year": 2024,
            "sections": [
                {
                    "title": "甲",
                    "tasks": [{"start": "加强巡逻"}],
                    "groups": [{"title": "内部管理", "tasks": [{"start": "落实责任"}]}],
                }
            ],
        },
    )
    got = {
        "kind": "plan",
        "title": "（无标题）",
        "year": 2024,
        "sections": [
            {
                "title": "甲",
                "groups": [
                    {"title": "××", "tasks": [{"title": "加强巡逻。"}]},
                    {"title": "内部管理", "tasks": [{"title": "落实责任。"}]},
                ],
            }
        ],
    }
    warned = score_import.Outcome(got, (_Note(score_import.NO_GROUP_TITLE),))
    assert score_import.Scorer(expected, warned).score().fixes == 0
    assert score_import.Scorer(expected, score_import.Outcome(got)).score().wrong == [
        "虚构分组无警告"
    ]


_WRITTEN = re.compile(r"写作 ([a-z_]+)(?:：(.+))?$")


def test_every_field_the_report_says_was_written_is_in_the_yaml(tmp_path: Path) -> None:
    """A report line "…写作 doc_number：X" promises the YAML holds doc_number X: over the
    whole corpus, no import may claim a field it left out (501 reported a 文号 the check
    then refused, and wrote none)."""
    claims = 0
    for expected in score_import.expectations(score_import.CORPUS):
        outcome = score_import.import_one(expected.source, tmp_path)
        for note in outcome.notes:
            match = _WRITTEN.search(note.message)
            if outcome.data is None or match is None:
                continue
            claims += 1
            key, value = match.groups()
            where = f"{expected.source.name}:{note.line}: {note.message}"
            assert key in outcome.data, where
            if value:
                assert score_import.norm(outcome.data[key]) == score_import.norm(value), where
    assert claims >= 10  # the corpus holds notices: the test reads real claims
