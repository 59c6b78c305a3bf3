"""Faults while writing: the user's previous file always survives."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

import drafting.fsio
from drafting.cli import main
from drafting.errors import WriteFailed
from drafting.fsio import REPLACE_ATTEMPTS, atomic_write

from .conftest import PLAN


@pytest.fixture
def rendered(tmp_path: Path, run) -> Path:  # type: ignore[no-untyped-def]
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    assert run("render", tmp_path / "doc.yaml").code == 0
    return tmp_path / "doc.docx"


def _intact(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_disk_full_while_writing_a_zip_member_keeps_the_old_file(
    rendered: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    before = rendered.read_bytes()
    original = zipfile.ZipFile.writestr

    def full(
        self: zipfile.ZipFile, info: object, data: object, *args: object, **kw: object
    ) -> None:
        name = getattr(info, "filename", info)
        if name == "word/document.xml":
            raise OSError(errno.ENOSPC, "No space left on device")
        original(self, info, data, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    (rendered.parent / "doc.yaml").write_text(PLAN.replace("认真学习", "改过的"), "utf-8")
    result = run("render", rendered.parent / "doc.yaml")
    assert result.code != 0
    assert "No space left on device" in result.err or "空间" in result.err, result.err
    _intact(rendered, before)


def test_disk_full_while_writing_the_file_keeps_the_old_file(
    rendered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = rendered.read_bytes()

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(WriteFailed, match="原文件未改动"):
        atomic_write(rendered, b"new content")
    _intact(rendered, before)


def test_a_locked_target_gets_bounded_retries_and_a_clear_message(
    rendered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = rendered.read_bytes()
    calls: list[Path] = []
    sleeps: list[float] = []

    def locked(source: Path, target: Path) -> None:
        calls.append(Path(target))
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(drafting.fsio.time, "sleep", sleeps.append)
    with pytest.raises(WriteFailed) as info:
        atomic_write(rendered, b"new content")
    assert len(calls) == REPLACE_ATTEMPTS
    assert sum(sleeps) <= 2.0 and len(sleeps) == REPLACE_ATTEMPTS - 1
    assert "文件被占用" in info.value.message and info.value.code == "write-locked"
    _intact(rendered, before)


def test_a_briefly_locked_target_is_written_after_a_retry(
    rendered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = os.replace
    failures = [PermissionError(errno.EACCES, "busy")]

    def flaky(source: Path, target: Path) -> None:
        if failures:
            raise failures.pop()
        original(source, target)

    monkeypatch.setattr(os, "replace", flaky)
    monkeypatch.setattr(drafting.fsio.time, "sleep", lambda s: None)
    atomic_write(rendered, b"new content")
    assert rendered.read_bytes() == b"new content"


def test_a_word_lock_file_stops_the_overwrite(rendered: Path, run) -> None:  # type: ignore[no-untyped-def]
    before = rendered.read_bytes()
    (rendered.parent / "~$doc.docx").write_bytes(b"owner")
    result = run("render", rendered.parent / "doc.yaml")
    assert result.code == 1
    assert "正在被 Word/WPS 打开（发现 ~$doc.docx）" in result.err
    _intact(rendered, before)


def test_a_hand_edited_docx_needs_force_and_then_keeps_a_backup(rendered: Path, run) -> None:  # type: ignore[no-untyped-def]
    edited = docx.Document(str(rendered))
    edited.add_paragraph("手工加的一段")
    edited.save(str(rendered))
    before = rendered.read_bytes()
    refused = run("render", rendered.parent / "doc.yaml")
    assert refused.code == 1 and "可能已被手工修改" in refused.err
    _intact(rendered, before)
    forced = run("render", rendered.parent / "doc.yaml", "--force")
    assert forced.code == 0
    assert (rendered.parent / "doc.docx.bak").read_bytes() == before
    assert "手工加的一段" not in [p.text for p in docx.Document(str(rendered)).paragraphs]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killing_a_loop_of_saves_never_leaves_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "doc.yaml").write_text(PLAN, encoding="utf-8")
    loop = (
        "import sys\nfrom drafting.cli import main\n"
        "while True:\n    main(['render', sys.argv[1], '--force'])\n"
    )
    target = tmp_path / "doc.docx"
    assert main(["render", str(tmp_path / "doc.yaml")]) == 0  # the file every kill must spare
    for round_ in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", loop, str(tmp_path / "doc.yaml")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.6 + 0.13 * round_)  # a different moment of the save each round
        child.send_signal(signal.SIGKILL)
        child.wait()
        with zipfile.ZipFile(target) as archive:
            assert archive.testzip() is None
        assert docx.Document(str(target)).paragraphs[0].text == "2025年工作要点"


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_write_leaves_a_temp_file_that_the_next_write_removes(
    rendered: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    stuck = (
        "import os, sys, time\nfrom pathlib import Path\nimport drafting.fsio as w\n"
        "def hang(fd):\n    print('writing', flush=True)\n    time.sleep(60)\n"
        "os.fsync = hang\nw.atomic_write(Path(sys.argv[1]), b'half')\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", stuck, str(rendered)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    left = [p for p in rendered.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and left[0].name.startswith(".doc.docx.")
    assert left[0].read_bytes() == b"half"  # what a kill leaves: garbage beside the target
    monkeypatch.setattr(drafting.fsio, "_SWEPT", set())  # as in the next drafting process
    assert run("render", rendered.parent / "doc.yaml", "--force").code == 0
    assert [p.name for p in rendered.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_the_sweep_removes_only_stale_temporary_files(tmp_path: Path) -> None:
    tag = drafting.fsio._owner_tag()
    host = tag.split("-")[0]
    day_ago = time.time() - drafting.fsio.STALE_AFTER - 60
    files = {
        f".doc.docx.{host}-{_dead_pid()}.abc_12.tmp": ("dead writer here", True, None),
        f".doc.docx.bak.{host}-{_dead_pid()}.abc_12.tmp": ("dead .bak copier", True, None),
        f".doc.docx.{tag}.live_1.tmp": ("a live writer (us)", False, None),
        f".doc.docx.{host}-{os.getppid()}.live_2.tmp": ("a live writer (parent)", False, None),
        f".doc.docx.0badc0de-{_dead_pid()}.other.tmp": ("another machine, young", False, None),
        f".doc.docx.0badc0de-{_dead_pid()}.older.tmp": (
            "another machine, a day old",
            True,
            day_ago,
        ),
        ".doc.docx.notes.tmp": ("not ours", False, day_ago),
        f".other.docx.{host}-{_dead_pid()}.abc.tmp": ("another target's, dead", True, None),
        f".other.docx.{tag}.abc.tmp": ("another target's, live", False, None),
        "notes.tmp": ("not ours either", False, day_ago),
        "doc.docx": ("the target", False, None),
    }
    for name, (_, _, mtime) in files.items():
        (tmp_path / name).write_text("x")
        if mtime is not None:
            os.utime(tmp_path / name, (mtime, mtime))
    removed = {p.name for p in drafting.fsio.sweep_stale(tmp_path)}
    assert removed == {name for name, (_, gone, _) in files.items() if gone}
    assert {p.name for p in tmp_path.iterdir()} == set(files) - removed
    (tmp_path / f".doc.docx.{host}-{_dead_pid()}.later.tmp").write_text("x")
    assert drafting.fsio.sweep_stale(tmp_path) == []  # once per folder and process


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
@pytest.mark.parametrize("umask", [0o002, 0o022])
def test_new_files_follow_the_umask_and_a_replaced_file_keeps_its_mode(
    umask: int, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    """Issue 16.5: every file came out 0600, and --force turned a shared 0664 file into 0600."""
    saved = os.umask(umask)
    try:
        source = tmp_path / "plan.yaml"
        source.write_text(PLAN, encoding="utf-8")
        target = tmp_path / "plan.docx"
        assert run("render", source).code == 0
        assert run("import", target, "-o", tmp_path / "imported.yaml").code == 0
        assert run("summarize", source).code == 0
        for made in (target, tmp_path / "imported.yaml", tmp_path / "summary.yaml"):
            assert _mode(made) == 0o666 & ~umask, made.name

        for backup, kept in (("plan.docx.bak", 0o664), ("plan.docx.2.bak", 0o640)):
            target.chmod(kept)  # an untouched file: replaced without --force
            source.write_text(PLAN.replace("认真学习", f"认真学习{kept:o}"), encoding="utf-8")
            assert run("render", source).code == 0
            assert _mode(target) == kept

            edited = docx.Document(str(target))  # hand-edited: needs --force, keeps a .bak
            edited.add_paragraph("手工加的一段")
            edited.save(str(target))
            target.chmod(kept)
            assert run("render", source, "--force").code == 0
            assert _mode(target) == kept
            assert _mode(tmp_path / backup) == kept  # the first backup is never replaced
    finally:
        os.umask(saved)


def _other_group() -> int | None:
    """Return a group this process may give its files other than its own, if any."""
    if not hasattr(os, "geteuid"):
        return None
    if os.geteuid() == 0:
        return os.getegid() + 4242
    others = [g for g in os.getgroups() if g != os.getegid()]
    return others[0] if others else None


@pytest.mark.skipif(_other_group() is None, reason="no second group to give a file")
def test_a_replaced_file_keeps_its_group(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """On a shared folder the group decides who may open the file: --force keeps it."""
    group = _other_group()
    assert group is not None
    source = tmp_path / "plan.yaml"
    source.write_text(PLAN, encoding="utf-8")
    assert run("render", source).code == 0
    target = tmp_path / "plan.docx"
    os.chown(target, -1, group)
    target.chmod(0o660)
    source.write_text(PLAN.replace("认真学习", "认真学习和宣传"), encoding="utf-8")
    assert run("render", source, "--force").code == 0
    assert (target.stat().st_gid, _mode(target)) == (group, 0o660)
    backup = tmp_path / "plan.docx.bak"
    assert (backup.stat().st_gid, _mode(backup)) == (group, 0o660)
