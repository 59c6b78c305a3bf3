"""Hostile reads (issue 17 causes 1, 12, 14, 9): what drafting opens, where it looks, what it counts.

Cases that could hang or eat memory when they regress (a FIFO, /dev/zero) run the CLI in
a child process with a timeout and an address-space limit, so that a regression fails
instead of stalling CI or the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from drafting.check.load import loads
from drafting.check.schema import fast_validator, validator

from .conftest import PLAN

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero")

PLAN_WITH_ID = PLAN.replace(
    "      - title: 认真学习。", "      - id: study\n        title: 认真学习机密任务。"
)

SUMMARY = """kind: summary
title: 2025年工作总结
year: 2025
signature: false
plan: {plan}
sections:
  - title: 工作开展情况
    tasks:
      - plan_ref: study
        title: 认真学习。
        result: 完成了。
"""
"""A valid summary whose ``plan:`` (line 5, value at column 7) cases fill in."""


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``drafting ARGS`` in a child with 30 s and 1 GB; a hang or a blow-up fails the test."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "drafting", *map(str, args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=30,
            preexec_fn=_limit_memory,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"drafting {' '.join(map(str, args))} did not finish within 30 s")
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr, done.stderr
    return done


# --- cause 1: only regular files are read, and never more than the limit -------------


@POSIX
def test_a_device_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    done = _cli("check", "/dev/zero", cwd=tmp_path)
    assert done.returncode == 1
    assert "/dev/zero:1:1: 错误: 这是一个设备文件" in done.stdout + done.stderr
    assert "[not-regular]" in done.stdout + done.stderr


@POSIX
def test_a_committed_symlink_to_dev_zero_fails_the_folder_check_quickly(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "evil.yaml").symlink_to("/dev/zero")
    done = _cli("check", ".", cwd=tmp_path)
    assert done.returncode == 1
    out = done.stdout + done.stderr
    assert "evil.yaml:1:1: 错误: 这是一个设备文件" in out
    assert "检查了 2 个文件：1 个错误" in out  # the real document is still checked


@POSIX
@pytest.mark.parametrize("named", [True, False], ids=["named", "in-folder"])
def test_a_fifo_is_refused_instead_of_waiting_for_a_writer(tmp_path: Path, named: bool) -> None:
    os.mkfifo(tmp_path / "x.yaml")
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    done = _cli("check", "x.yaml" if named else ".", cwd=tmp_path)
    assert done.returncode == 1
    assert "x.yaml:1:1: 错误: 这是一个命名管道（FIFO），不是普通文件" in done.stdout + done.stderr


@POSIX
def test_a_summary_whose_plan_is_a_fifo_gets_a_positioned_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "summary.yaml").write_text(SUMMARY.format(plan="fifo.yaml"), encoding="utf-8")
    done = _cli("check", "summary.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "summary.yaml:5:7: 错误: 找不到或无法读取对应的工作要点" in done.stdout + done.stderr


@POSIX
@pytest.mark.parametrize(
    "args",
    [
        ("summarize", "x.yaml"),
        ("tasks", "x.yaml"),
        ("rollover", "x.yaml"),
        ("diff", "x.yaml", "plan.yaml"),
        ("import", "x.docx"),
    ],
    ids=lambda a: a[0],
)
@pytest.mark.parametrize("special", ["fifo", "dev-zero"])
def test_a_command_given_a_fifo_or_device_says_so(
    tmp_path: Path, args: tuple[str, ...], special: str
) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    target = tmp_path / args[1]
    if special == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    done = _cli(*args, cwd=tmp_path)
    assert done.returncode == 2
    what = "命名管道（FIFO）" if special == "fifo" else "设备文件（如 /dev/zero）"
    assert f"{args[1]}：这是一个{what}，不是普通文件" in done.stderr, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plan.yaml", args[1]])


@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="needs Linux /proc")
def test_the_limit_holds_while_reading_when_the_size_says_zero() -> None:
    """/proc files are regular, report st_size 0 and still have content."""
    from drafting.fsio import read_regular

    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(Exception, match="文件过大") as info:
        read_regular(Path("/proc/self/maps"), 16)
    assert getattr(info.value, "code", None) == "too-large"
    assert len(read_regular(Path("/proc/self/maps"), 16, head=True)) == 16


# --- cause 12: YAML 1.1 line breaks that editors do not count -------------------------

_BREAKS = pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])


@_BREAKS
def test_an_unusual_line_break_does_not_shift_later_positions(
    char: str, run, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    text = PLAN.replace("认真学习", f"认真{char}学习") + "colsing: [结束]\n"
    (tmp_path / "doc.yaml").write_text(text, encoding="utf-8")
    result = run("check", tmp_path / "doc.yaml")
    assert result.code == 1
    assert "doc.yaml:9:1: 错误:" in result.out + result.err, result.out + result.err
    assert "缺少冒号" not in result.out + result.err


@_BREAKS
@pytest.mark.parametrize("quote", ["", '"', "'"], ids=["plain", "double", "single"])
def test_an_unusual_line_break_is_kept_as_an_ordinary_character(char: str, quote: str) -> None:
    text = PLAN.replace("认真学习。", f"{quote}认真{char}学习。{quote}")
    source = loads(text)
    task = source.data["sections"][0]["tasks"][0]
    assert task["title"] == f"认真{char}学习。"
    assert source.position(("sections", 0, "tasks", 0, "units")) == (8, 16)


_ALL_BMP_PRIVATE_USE = "".join(map(chr, range(0xE000, 0xF900)))


@pytest.mark.parametrize("used", ["\ue000\ue001", _ALL_BMP_PRIVATE_USE], ids=["some", "all-BMP"])
def test_a_stand_in_never_collides_with_private_use_text_in_the_file(used: str) -> None:
    text = PLAN.replace("认真学习", f"认真{used}\u2028\ue002学习") + "closing:\n  - 结束\n"
    source = loads(text)
    assert source.data["sections"][0]["tasks"][0]["title"] == f"认真{used}\u2028\ue002学习。"
    assert source.position(("closing", 0)) == (10, 5)


# --- cause 14: reads stay inside the repository (or the document's folder) ------------


def _outside_plan(tmp_path: Path) -> Path:
    other = tmp_path / "other"
    other.mkdir()
    (other / "plan.yaml").write_text(PLAN_WITH_ID, encoding="utf-8")
    return other / "plan.yaml"


def test_an_absolute_plan_path_is_refused_without_echoing_that_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = _outside_plan(tmp_path)
    office = tmp_path / "office"
    office.mkdir()
    (office / "summary.yaml").write_text(SUMMARY.format(plan=plan), encoding="utf-8")
    result = run("check", office / "summary.yaml")
    assert result.code == 1
    assert "summary.yaml:5:7: 错误: plan 应写成相对于本总结所在文件夹的路径" in result.out
    assert "[plan-absolute]" in result.out
    assert "机密任务" not in result.out + result.err


@pytest.mark.parametrize("repository", [False, True], ids=["no-git", "git-below"])
def test_a_dotdot_plan_path_outside_the_boundary_is_refused(
    run, tmp_path: Path, repository: bool
) -> None:  # type: ignore[no-untyped-def]
    _outside_plan(tmp_path)
    office = tmp_path / "office"
    office.mkdir()
    if repository:
        (office / ".git").mkdir()
    (office / "summary.yaml").write_text(SUMMARY.format(plan="../other/plan.yaml"), "utf-8")
    result = run("check", office / "summary.yaml")
    assert result.code == 1
    where = "本仓库" if repository else "本总结所在文件夹"
    assert f"summary.yaml:5:7: 错误: plan 指向了{where}之外的文件" in result.out
    assert "[plan-outside]" in result.out and "机密任务" not in result.out + result.err


def test_a_symlinked_plan_that_leads_outside_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = _outside_plan(tmp_path)
    office = tmp_path / "office"
    office.mkdir()
    (office / "plan.yaml").symlink_to(plan)
    (office / "summary.yaml").write_text(SUMMARY.format(plan="plan.yaml"), "utf-8")
    result = run("check", office / "summary.yaml")
    assert result.code == 1 and "[plan-outside]" in result.out


def test_a_dotdot_plan_path_inside_the_repository_is_followed(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".git").mkdir()
    _outside_plan(tmp_path)
    office = tmp_path / "office"
    office.mkdir()
    (office / "summary.yaml").write_text(SUMMARY.format(plan="../other/plan.yaml"), "utf-8")
    assert run("check", office / "summary.yaml").code == 0
    (office / "summary.yaml").write_text(
        SUMMARY.format(plan="../other/plan.yaml").replace("plan_ref: study", "plan_ref: gone"),
        "utf-8",
    )
    result = run("check", office / "summary.yaml")
    assert result.code == 1 and "[unknown-plan-ref]" in result.out


BROKEN_UNITS = "kind: units\nunits: [办公室\n"


@pytest.mark.parametrize("repository", [False, True], ids=["no-git", "git-above"])
def test_a_units_file_in_a_parent_counts_only_inside_a_repository(
    run, tmp_path: Path, repository: bool
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "units.yaml").write_text(BROKEN_UNITS, encoding="utf-8")  # as if in /tmp
    if repository:
        (tmp_path / ".git").mkdir()
    office = tmp_path / "office"
    office.mkdir()
    (office / "plan.yaml").write_text(PLAN, encoding="utf-8")
    result = run("check", office / "plan.yaml")
    if repository:  # the repository's own registry still governs its documents
        assert result.code == 1 and "units.yaml:2:8: 错误:" in result.out
    else:
        assert result.code == 0, result.out
        assert "units.yaml" not in result.out + result.err


# --- cause 9: check refuses every date render cannot write ----------------------------

DATES = [
    ("0000-01-01", 1),
    ("0001-01-01", 1),
    ("1948-12-31", 1),
    ("1949-01-01", 0),
    ("2024-02-29", 0),
    ("2025-02-29", 1),
    ("2199-12-31", 0),
    ("2200-01-01", 1),
    ("9999-12-31", 1),
]


@pytest.mark.parametrize(("date", "code"), DATES)
def test_fast_and_full_validators_agree_on_dates(date: str, code: int) -> None:
    data = {"kind": "plan", "title": "x", "year": 2025, "date": date, "sections": [{"title": "a"}]}
    full = [e.message for e in validator("plan").iter_errors(data)]
    try:
        fast_validator("plan")(data)
        fast_ok = True
    except ValueError:
        fast_ok = False
    assert (fast_ok, not full) == (code == 0, code == 0), full


@pytest.mark.parametrize(
    ("date", "code"), [d for d in DATES if d[0] in ("0000-01-01", "1949-01-01")]
)
def test_check_and_render_agree_on_a_date(date: str, code: int, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "doc.yaml"
    source.write_text(PLAN.replace("year: 2025\n", f"year: 2025\ndate: {date}\n"), "utf-8")
    checked = run("check", source)
    rendered = run("render", source)
    assert (checked.code, rendered.code) == (code, code), checked.out + rendered.err
    if code:
        assert "doc.yaml:4:7: 错误:" in checked.out and "不是有效的日期" in checked.out
        assert not (tmp_path / "doc.docx").exists()
    else:
        assert docx.Document(str(tmp_path / "doc.docx")).paragraphs[0].text == "2025年工作要点"


@pytest.mark.parametrize("command", ["lint", "import"])
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_lint_and_import_never_block_on_a_fifo_or_read_a_device(
    command: str, kind: str, tmp_path: Path
) -> None:
    # open_package opened the path to read its magic bytes: a FIFO blocked forever,
    # and /dev/zero's size of 0 said nothing about what it yields.
    target = tmp_path / "pipe.docx"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    folder_run = command == "lint"
    args = [command, str(tmp_path if folder_run else target)]
    if command == "import":
        args += ["-o", str(tmp_path / "out.yaml")]
    done = subprocess.run(
        [sys.executable, "-m", "drafting", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode in (1, 2), done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "pipe.docx" in done.stdout + done.stderr
    assert not (tmp_path / "out.yaml").exists()
