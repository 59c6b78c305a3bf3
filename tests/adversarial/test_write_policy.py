"""Issue 17, causes 4, 5, 6 and the write-related small ones: one policy for every writer.

Never the input itself, only regular files, a backup on ``--force`` that no later
``--force`` replaces, a second look just before the rename, Chinese reasons for system
errors, names up to 255 bytes, and LibreOffice's lock file like Word's.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

import drafting.check
import drafting.render.batch

from .conftest import PLAN

TEXT = "2025年工作要点\n一、加强党建\n1.认真学习。\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "plan-2025.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "source.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def _command(writer: str, folder: Path, target: Path) -> list[str | Path]:
    """Return the arguments that make ``writer`` write ``target`` with --force."""
    source = folder / ("source.txt" if writer == "import" else "plan-2025.yaml")
    return [writer, source, "-o", target, "--force"]


def _no_temp_left(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


WRITERS = ("tasks", "rollover", "summarize", "import", "render")


# --- cause 4: never the input itself, only regular files, .bak on --force -------------


@pytest.mark.parametrize("writer", ["tasks", "rollover", "summarize", "import"])
def test_the_input_itself_is_never_the_output(writer: str, folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    source = folder / ("source.txt" if writer == "import" else "plan-2025.yaml")
    before = source.read_bytes()
    result = run(*_command(writer, folder, source))
    assert result.code == 2, result.err
    assert "就是输入文件" in result.err and str(source) in result.err
    assert source.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["plan-2025.yaml", "source.txt"]


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink(path: Path) -> None:
    path.with_name("shared.out").write_text("共享的文件", encoding="utf-8")
    path.symlink_to("shared.out")


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("x", encoding="utf-8")


def _device(path: Path) -> None:
    os.mknod(path, 0o666 | 0o020000, os.makedev(1, 3))  # a character device like /dev/null


TARGETS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "不是普通文件"),
    "symlink": (_symlink, "是符号链接"),
    "folder": (_folder, "是一个文件夹"),
    "device": (_device, "不是普通文件"),
}
_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")
@pytest.mark.parametrize("kind", sorted(TARGETS))
@pytest.mark.parametrize("writer", WRITERS)
def test_only_regular_files_are_replaced(writer: str, kind: str, folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    if kind == "device" and not _ROOT:
        pytest.skip("mknod of a device needs root")
    if kind == "folder" and writer in ("rollover", "summarize", "import"):
        pytest.skip("these write into a folder given as -o")
    make, said = TARGETS[kind]
    target = folder / ("out.docx" if writer == "render" else "out.yaml")
    make(target)
    before = os.lstat(target)
    result = run(*_command(writer, folder, target))
    assert result.code == (1 if writer == "render" else 2), result.out + result.err
    assert said in result.err and "Errno" not in result.err
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    _no_temp_left(folder)


def test_dev_full_is_refused_as_what_it_is(folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    """``-o /dev/full`` said “File exists” (render) or offered --force (tasks)."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    rendered = run("render", folder / "plan-2025.yaml", "-o", "/dev/full")
    assert rendered.code != 0
    assert "/dev/full 不是文件夹" in rendered.err and "exists" not in rendered.err
    listed = run("tasks", folder / "plan-2025.yaml", "-o", "/dev/full")
    assert listed.code == 2
    assert "不是普通文件" in listed.err and "--force" not in listed.err


def test_a_directory_named_like_a_docx_is_called_a_folder(folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    (folder / "x.docx").mkdir()
    result = run("render", folder / "plan-2025.yaml", "-o", folder / "x.docx")
    assert result.code != 0
    assert "是一个文件夹" in result.err and "手工修改" not in result.err


def test_tasks_force_keeps_the_replaced_file(folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    target = folder / "t.csv"
    target.write_text("我自己的表格", encoding="utf-8")
    result = run("tasks", folder / "plan-2025.yaml", "--format", "csv", "-o", target, "--force")
    assert result.code == 0
    assert (folder / "t.csv.bak").read_text("utf-8") == "我自己的表格"
    assert f"原文件已另存为：{folder / 't.csv.bak'}" in result.out
    assert "认真学习" in target.read_text("utf-8-sig")


# --- cause 5: no later --force replaces a backup ---------------------------------------


def _edit(path: Path, text: str) -> bytes:
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))
    return path.read_bytes()


def test_a_second_render_force_keeps_the_backup_of_the_hand_edit(folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    source, target = folder / "plan-2025.yaml", folder / "plan-2025.docx"
    assert run("render", source).code == 0
    edited = _edit(target, "手工加的一段")
    assert run("render", source, "--force").code == 0
    ours = target.read_bytes()
    assert run("render", source, "--force").code == 0
    assert (folder / "plan-2025.docx.bak").read_bytes() == edited
    assert (folder / "plan-2025.docx.2.bak").read_bytes() == ours
    assert run("render", source, "--force").code == 0  # the same bytes again: no third copy
    assert sorted(p.name for p in folder.glob("*.bak")) == [
        "plan-2025.docx.2.bak",
        "plan-2025.docx.bak",
    ]


@pytest.mark.parametrize("writer", ["rollover", "summarize", "import", "tasks"])
def test_a_second_force_keeps_the_backup_of_the_hand_edit(writer: str, folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    target = folder / "out.yaml"
    assert run(*_command(writer, folder, target)[:-1]).code == 0
    target.write_text(target.read_text("utf-8") + "# 我的修改\n", encoding="utf-8")
    edited = target.read_bytes()
    assert run(*_command(writer, folder, target)).code == 0
    second = run(*_command(writer, folder, target))
    assert second.code == 0
    if writer != "summarize":  # summarize reports only the file it wrote
        assert f"原文件已另存为：{folder / 'out.yaml.2.bak'}" in second.out
    assert (folder / "out.yaml.bak").read_bytes() == edited
    assert (folder / "out.yaml.2.bak").read_bytes() == target.read_bytes()
    assert not (folder / "out.yaml.3.bak").exists()


# --- cause 6: what changed after the guard ran is refused ------------------------------


def test_a_hand_edit_saved_during_the_render_is_not_overwritten(
    folder: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    source, target = folder / "plan-2025.yaml", folder / "plan-2025.docx"
    assert run("render", source).code == 0
    real = drafting.render.batch.render
    saved: list[bytes] = []

    def slow_render(*args: object, **kwargs: object) -> bytes:
        data = real(*args, **kwargs)  # type: ignore[arg-type]
        saved.append(_edit(target, "渲染期间保存的修改"))  # Word saves while we render
        return data

    monkeypatch.setattr(drafting.render.batch, "render", slow_render)
    source.write_text(PLAN.replace("认真学习", "认真学习和宣传"), encoding="utf-8")
    result = run("render", source)
    assert result.code == 1
    assert "在本次生成期间被修改" in result.err
    assert target.read_bytes() == saved[0]
    _no_temp_left(folder)


def test_a_target_created_meanwhile_by_another_writer_is_not_overwritten(
    folder: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    target = folder / "plan-2026.yaml"
    real = drafting.check.Checker.check_text

    def meanwhile(self: drafting.check.Checker, text: str, *args: object) -> object:
        if not target.exists():
            target.write_text("另一个 rollover 的结果\n", encoding="utf-8")
        return real(self, text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(drafting.check.Checker, "check_text", meanwhile)
    result = run("rollover", folder / "plan-2025.yaml")
    assert result.code == 1
    assert "在本次生成期间被修改或被另一个程序写入" in result.err
    assert target.read_text("utf-8") == "另一个 rollover 的结果\n"
    _no_temp_left(folder)


_RACER = """
import sys, time
from drafting.cli import main
import drafting.cycle.rollover, drafting.check, drafting.fsio
start = float(sys.argv[1])
time.sleep(max(0.0, start - time.time()))
sys.exit(main(["rollover", sys.argv[2], "--year", sys.argv[3], "-o", sys.argv[4]]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the folder lock is POSIX")
def test_two_rollovers_to_one_output_never_both_succeed(folder: Path) -> None:
    """Two processes, started at the same instant: one result is written, the other refused."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    target = folder / "out.yaml"
    for _ in range(4):
        target.unlink(missing_ok=True)
        start = time.time() + 1.5
        racers = {
            year: subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _RACER,
                    str(start),
                    str(folder / "plan-2025.yaml"),
                    year,
                    str(target),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for year in ("2026", "2027")
        }
        codes = {
            year: (p.wait(60), p.stderr.read() if p.stderr else "") for year, p in racers.items()
        }
        winners = [year for year, (code, _) in codes.items() if code == 0]
        assert len(winners) == 1, codes
        assert f"year: {winners[0]}" in target.read_text("utf-8")
        loser = codes[next(y for y in codes if y not in winners)]
        assert loser[0] in (1, 2) and ("已存在" in loser[1] or "另一个程序写入" in loser[1])
        _no_temp_left(folder)


# --- cause 15: names, messages, lock files --------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["a" * 226 + ".csv", "a" * 240 + ".csv", "a" * 251 + ".csv", "工" * 83 + ".csv"],
    ids=["230", "244", "255", "cjk-253"],
)
def test_names_up_to_255_bytes_are_written(name: str, folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    target = folder / name
    result = run("tasks", folder / "plan-2025.yaml", "--format", "csv", "-o", target)
    assert result.code == 0, result.err
    assert "认真学习" in target.read_text("utf-8-sig")
    _no_temp_left(folder)


def test_a_name_with_no_room_for_the_backup_is_refused_intact(folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    target = folder / ("a" * 251 + ".csv")
    target.write_text("我的表格", encoding="utf-8")
    result = run("tasks", folder / "plan-2025.yaml", "--format", "csv", "-o", target, "--force")
    assert result.code == 1
    assert "文件名太长，无法在旁边另存备份" in result.err
    assert target.read_text("utf-8") == "我的表格"
    _no_temp_left(folder)


def test_a_name_over_255_bytes_gets_a_chinese_reason(folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run("tasks", folder / "plan-2025.yaml", "-o", folder / ("a" * 256 + ".csv"))
    assert result.code == 1
    assert "文件名太长" in result.err and "File name too long" not in result.err


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.EROFS, "只读"),
        (errno.EDQUOT, "磁盘配额"),
        (errno.EIO, "读写磁盘出错"),
        (errno.ENOTRECOVERABLE, "系统错误 ENOTRECOVERABLE"),
    ],
)
def test_system_errors_are_explained_in_chinese(
    code: int, reason: str, folder: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def failing(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", failing)
    for writer in WRITERS:
        result = run(*_command(writer, folder, folder / f"{writer}.out.yaml")[:-1])
        assert result.code == 1, (writer, result.err)
        assert reason in result.err and os.strerror(code) not in result.err, (writer, result.err)
    _no_temp_left(folder)


def test_a_libreoffice_lock_file_stops_the_overwrite(folder: Path, run) -> None:  # type: ignore[no-untyped-def]
    source, target = folder / "plan-2025.yaml", folder / "plan-2025.docx"
    assert run("render", source).code == 0
    before = target.read_bytes()
    (folder / ".~lock.plan-2025.docx#").write_text(",user,host,01.12.2026 09:00,user;", "utf-8")
    source.write_text(PLAN.replace("认真学习", "认真学习和宣传"), encoding="utf-8")
    result = run("render", source)
    assert result.code == 1
    assert "正在被 LibreOffice 打开（发现 .~lock.plan-2025.docx#）" in result.err
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", ["check", "import", "lint"])
def test_read_errors_are_explained_in_chinese(
    command: str, folder: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A disk error while reading an input used to show the system's English text."""
    name = {"check": "plan-2025.yaml", "import": "source.txt", "lint": "broken.docx"}[command]
    broken = folder / name
    if command == "lint":
        broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    real_bytes, real_open = Path.read_bytes, Path.open

    def read_bytes(self: Path) -> bytes:
        if self.name == name:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_bytes(self)

    def open_(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == name:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    real_os_open = os.open

    def os_open(path: object, *args: object, **kwargs: object) -> int:
        # files.read_regular opens with os.open (non-blocking, checked with fstat)
        if Path(str(path)).name == name:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_os_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(os, "open", os_open)
    result = run(command, broken)
    assert result.code == 1, result.out + result.err
    shown = result.out + result.err
    assert "读写磁盘出错" in shown and os.strerror(errno.EIO) not in shown
