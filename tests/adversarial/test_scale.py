"""Scale: what ``render`` writes, ``import`` and ``lint`` read back; no input makes work explode.

The hang guards run the command in a child process with a deadline far above what the
work needs now (well under a second) and far below what the old code took on the same
input (minutes): they catch a return of the super-linear work, they do not time it.
The figures themselves are in bench/RESULTS.md (``python bench/run.py --only scale``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import drafting

ROOT = Path(drafting.__file__).resolve().parent.parent
DEADLINE = 60  # seconds; each guarded run takes under 3 s now
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # 2 MB of YAML: 10 s in pure Python


def _drafting(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m drafting ARGS`` from this tree; fail the test past :data:`DEADLINE`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "drafting", *map(str, args)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"drafting {' '.join(map(str, args))} 超过 {DEADLINE} 秒未结束")


def _plan(sections: list[dict[str, object]]) -> str:
    data = {"kind": "plan", "title": "2025年工作要点", "year": 2025, "sections": sections}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)


def _tasks(data: dict[str, object]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for section in data["sections"]:  # type: ignore[attr-defined]
        found += section.get("tasks", [])
        for group in section.get("groups", []):
            found += group["tasks"]
    return found


# --- a long task text: the zip ratio of a document of repeated words ------------------


def test_a_two_megabyte_task_text_is_read_back_by_import_and_lint(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """Deflate packs one repeated phrase about 400:1; the old 200:1 limit called it a bomb."""
    text = "推进各项工作落实，" * 77_000 + "完成。"  # 693,003 characters, 2 MB of UTF-8
    source = tmp_path / "long.yaml"
    source.write_text(
        _plan([{"title": "加强建设", "tasks": [{"title": "认真学习。", "text": text}]}]), "utf-8"
    )
    assert run("render", source, "-o", tmp_path / "long.docx").code == 0
    imported = run("import", tmp_path / "long.docx", "-o", tmp_path / "back.yaml")
    assert imported.code == 0, imported.err
    back = yaml.safe_load((tmp_path / "back.yaml").read_text("utf-8"))
    assert _tasks(back)[0]["text"] == text
    linted = run("lint", tmp_path / "long.docx")
    assert linted.code == 0, linted.out + linted.err


# --- one long paragraph: no regular expression may backtrack over it ------------------

LONG_LINES = {
    # ^[（(].*年.*日.*[）)]$ (the speech date line): 20,000 characters took 261 s
    "bracketed dates": "（2025年1月1日" * 2_000,
    # \[bookmark:[^\]]*\] searched from every unclosed mark: 1,000,000 characters took 76 s
    "unclosed bookmark marks": "[bookmark:a" * 90_000,
}


@pytest.mark.parametrize("case", sorted(LONG_LINES))
def test_one_long_paragraph_is_imported_in_linear_time(case: str, tmp_path: Path) -> None:
    source = tmp_path / "long.txt"
    source.write_text("2025年工作要点\n" + LONG_LINES[case] + "\n", encoding="utf-8")
    result = _drafting("import", source, "-o", tmp_path / "long.yaml", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr


# --- 20,000 tasks in 200 sections: task numbers past 9999, headings from 一百、 on -------

SECTIONS, PER_SECTION = 200, 100


@pytest.fixture(scope="module")
def big_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return the YAML of a 20,000-task plan and the .docx ``render`` made of it."""
    from drafting.cli import main

    folder = tmp_path_factory.mktemp("big")
    sections = [
        {
            "title": f"第{s + 1}部分重点工作",
            "tasks": [
                {"title": f"推进第{n + 1}项工作。", "text": "认真落实。", "units": ["办公室"]}
                for n in range(s * PER_SECTION, (s + 1) * PER_SECTION)
            ],
        }
        for s in range(SECTIONS)
    ]
    source = folder / "big.yaml"
    source.write_text(_plan(sections), encoding="utf-8")
    assert main(["render", str(source), "-o", str(folder / "big.docx")]) == 0
    return source, folder / "big.docx"


def test_import_reads_back_every_task_of_a_rendered_20000_task_plan(  # type: ignore[no-untyped-def]
    big_plan: tuple[Path, Path], tmp_path: Path, run
) -> None:
    """Task numbers 10000. on were folded into task 9999; sections 一百、 on were lost."""
    source, rendered = big_plan
    result = run("import", rendered, "-o", tmp_path / "back.yaml")
    assert result.code == 0, result.err
    assert "200 个部分" in result.out + result.err and "20000 项任务" in result.out + result.err
    before = yaml.load(source.read_text("utf-8"), Loader=_LOADER)
    after = yaml.load((tmp_path / "back.yaml").read_text("utf-8"), Loader=_LOADER)
    for section in after["sections"]:
        for task in section["tasks"]:
            del task["id"]  # import derives one from the wording
    assert after["sections"] == before["sections"]


def test_lint_finds_nothing_wrong_in_a_rendered_20000_task_plan(  # type: ignore[no-untyped-def]
    big_plan: tuple[Path, Path], run
) -> None:
    """一百、 to 二百、 were not taken for headings: 101 false body-font errors (黑体)."""
    result = run("lint", big_plan[1])
    assert result.code == 0, result.out + result.err
    assert "没有发现问题" in result.out + result.err


# --- diff without ids: every pair was compared with difflib (87 s at 1,000 tasks) -----


def _numbered_plan(tasks: int, reworded: bool) -> str:
    texts = [
        f"推进第{n}项重点工作，围绕{n % 37}个方面完善制度、压实责任、加强督查，"
        f"确保第{n}项任务在{n % 12 + 1}月底前取得实效。"
        for n in range(1, tasks + 1)
    ]
    if reworded:  # every other task gets a few words more
        texts = [t + "（有调整）" if n % 2 else t for n, t in enumerate(texts)]
    sections = [
        {"title": f"第{s + 1}部分", "tasks": [{"text": t} for t in texts[s * 10 : s * 10 + 10]]}
        for s in range(tasks // 10)
    ]
    return _plan(sections)


def test_diff_without_ids_pairs_2000_reworded_tasks_in_linear_time(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(_numbered_plan(2000, False), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(_numbered_plan(2000, True), encoding="utf-8")
    result = _drafting("diff", "old.yaml", "new.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # differences found
    assert result.stdout.count("文字改动") == 1000, result.stdout[-2000:]
    assert "新增任务" not in result.stdout and "删除任务" not in result.stdout


# --- unknown units against a large registry: difflib over every name (12 s for 40) ------


def _names(count: int, seed: int, suffix: str) -> list[str]:
    import random

    pool = (
        "教育局办公室政工人事股财务计划基础科职成督导安全法规宣传信息中心幼儿园县市区第一二三四五"
    )
    rng = random.Random(seed)
    found = dict.fromkeys(
        "".join(rng.choice(pool) for _ in range(rng.randint(4, 10))) + suffix
        for _ in range(count * 2)
    )
    return list(found)[:count]


def test_suggestions_for_400_unknown_units_against_50000_names(tmp_path: Path) -> None:
    names = _names(50_000, 1, "")
    unknown = [u for u in _names(450, 2, "处") if u not in names][:400]
    units = {"kind": "units", "units": names}
    (tmp_path / "units.yaml").write_text(yaml.safe_dump(units, allow_unicode=True), "utf-8")
    tasks = [{"title": f"推进第{n + 1}项工作。", "units": [u]} for n, u in enumerate(unknown)]
    (tmp_path / "plan.yaml").write_text(
        _plan([{"title": "加强建设", "tasks": tasks}]), encoding="utf-8"
    )
    result = _drafting("check", "plan.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert output.count("[unknown-unit]") == 400, output[-2000:]
    assert output.count("是不是“") >= 390, output[-2000:]  # nearly every one has a neighbour


# --- a 1000th section: outline numbers end at 九百九十九、 (render crashed, exit 70) -----


@pytest.mark.parametrize(("sections", "code"), [(999, 0), (1000, 1)])
def test_a_thousandth_section_is_refused_by_check(  # type: ignore[no-untyped-def]
    sections: int, code: int, tmp_path: Path, run
) -> None:
    plan = _plan([{"title": f"第{s}部分", "text": "认真落实。"} for s in range(sections)])
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    result = run("render", tmp_path / "plan.yaml", "-o", tmp_path / "plan.docx")
    assert result.code == code, result.out + result.err
    if code:
        line = plan.splitlines().index("- title: 第999部分") + 1  # the 1000th section
        assert f"plan.yaml:{line}:3: 错误: 部分最多 999 个" in result.out, result.out
        assert "[too-many-headings]" in result.out
        assert not (tmp_path / "plan.docx").exists()
