"""Signals to ``render``: only complete files are left, the message lists them, no process stays.

The batch cases run the command as a real process in its own process group and send the
signal to that whole group (as a terminal, ``kill -- -PGID`` or a service manager does);
leftover processes are looked for in /proc. The write cases send a real SIGINT to this
process at the worst moments of a write.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import drafting.fsio
from drafting.fsio import is_untouched

from ..conftest import ROOT
from ..render.test_batch import copies, environment, leftover_processes
from .conftest import PLAN

posix = pytest.mark.skipif(
    sys.platform == "win32" or not Path("/proc").is_dir(), reason="POSIX signals, /proc"
)


def _start(
    tmp_path: Path, jobs: str, count: int = 400, *extra: str
) -> tuple[subprocess.Popen[bytes], Path]:
    """Start ``render -j JOBS`` of ``count`` plans in its own process group.

    Returns the process and its output folder.
    """
    inputs = copies(tmp_path / "in", count)
    output = tmp_path / "out"
    env = environment(tmp_path)
    args = ["render", *extra, "-j", jobs, str(inputs), "-o", str(output)]
    process = subprocess.Popen(
        [sys.executable, "-m", "drafting", *args],
        stdout=open(tmp_path / "stdout", "wb"),  # noqa: SIM115 - the child holds it
        stderr=open(tmp_path / "stderr", "wb"),  # noqa: SIM115
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    return process, output


def _wait_for(ready: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 240
    while not ready() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    assert process.poll() is None and ready(), "the command never reached the point to signal"


def _gone(marker: str, within: float) -> list[str]:
    """Return the processes mentioning ``marker`` still alive after ``within`` seconds."""
    deadline = time.monotonic() + within
    left = leftover_processes(marker)
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = leftover_processes(marker)
    return left


def _some_written(output: Path) -> Callable[[], bool]:
    return lambda: output.is_dir() and len(list(output.glob("*.docx"))) >= 5


def _temporary(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@posix
@pytest.mark.parametrize(
    ("jobs", "number", "code", "said"),
    [
        ("1", signal.SIGTERM, 143, "已终止（收到 SIGTERM 信号）"),
        ("2", signal.SIGTERM, 143, "已终止（收到 SIGTERM 信号）"),
        ("2", signal.SIGINT, 130, "已中断（Ctrl-C）"),
    ],
)
def test_signal_to_the_group_leaves_complete_listed_files_and_no_process(
    tmp_path: Path, jobs: str, number: int, code: int, said: str
) -> None:
    process, output = _start(tmp_path, jobs)
    _wait_for(_some_written(output), process)
    os.killpg(process.pid, number)
    try:
        exit_code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    left = _gone(str(tmp_path), within=0.5)
    for pid in _pids(str(tmp_path)):  # never leave strays to the other tests
        os.kill(pid, signal.SIGKILL)
    stdout = (tmp_path / "stdout").read_text()
    stderr = (tmp_path / "stderr").read_text()
    assert not left, f"processes still running after the command ended: {left}"
    assert exit_code == code, (exit_code, stderr)
    assert "Traceback" not in stderr, stderr
    finished = sorted(Path(line.removeprefix("已生成：")) for line in stdout.splitlines())
    assert finished and f"{said}：以上 {len(finished)} 个文件已完成" in stderr, stderr
    time.sleep(1.0)  # an orphaned worker would go on writing
    on_disk = sorted(output.glob("*.docx"))
    assert on_disk == finished, "every file listed is there, and no other"
    assert all(is_untouched(p) for p in on_disk)
    assert not _temporary(output)


@posix
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_sigterm_while_converting_to_pdf_stops_libreoffice_and_lists_the_pdfs(
    tmp_path: Path,
) -> None:
    process, output = _start(tmp_path, "2", 30, "--pdf")
    _wait_for(lambda: output.is_dir() and len(list(output.glob("*.pdf"))) >= 2, process)
    os.killpg(process.pid, signal.SIGTERM)
    try:
        exit_code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    left = _gone(str(tmp_path), within=0.5)
    for pid in _pids(str(tmp_path)):
        os.kill(pid, signal.SIGKILL)
    stdout = (tmp_path / "stdout").read_text()
    stderr = (tmp_path / "stderr").read_text()
    assert not left, f"processes still running after the command ended: {left}"
    assert exit_code == 143 and "Traceback" not in stderr, (exit_code, stderr)
    finished = sorted(Path(line.removeprefix("已生成：")) for line in stdout.splitlines())
    assert f"已终止（收到 SIGTERM 信号）：以上 {len(finished)} 个文件已完成" in stderr
    assert sorted([*output.glob("*.docx"), *output.glob("*.pdf")]) == finished
    pdfs = [p for p in finished if p.suffix == ".pdf"]
    assert 2 <= len(pdfs) < 30
    assert all(p.read_bytes().rstrip().endswith(b"%%EOF") for p in pdfs)
    assert not _temporary(output) and not list((tmp_path / "tmp").iterdir())


def _pids(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            if marker in cmdline:
                found.append(int(entry.name))
    return found


@posix
def test_workers_die_when_the_main_process_is_killed(tmp_path: Path) -> None:
    process, output = _start(tmp_path, "2")
    _wait_for(_some_written(output), process)
    os.kill(process.pid, signal.SIGKILL)  # no handler can run: the workers must notice
    process.wait(timeout=30)
    left = _gone(str(tmp_path), within=5.0)
    for pid in _pids(str(tmp_path)):
        os.kill(pid, signal.SIGKILL)
    assert not left, f"workers outlived their parent: {left}"
    count = len(list(output.glob("*.docx")))
    time.sleep(1.0)
    assert len(list(output.glob("*.docx"))) == count, "files still being written"
    assert all(is_untouched(p) for p in output.glob("*.docx"))
    assert not _temporary(output)


def _press_ctrl_c_after(
    monkeypatch: pytest.MonkeyPatch, owner: object, name: str, only: Callable[..., bool]
) -> None:
    """Make ``owner.name`` send this process a real SIGINT right after it did its work."""
    original = getattr(owner, name)
    sent: list[bool] = []

    def then_ctrl_c(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)
        if not sent and only(*args, **kwargs):
            sent.append(True)
            os.kill(os.getpid(), signal.SIGINT)
        return result

    monkeypatch.setattr(owner, name, then_ctrl_c)


@posix
@pytest.mark.parametrize(
    ("owner", "name", "only"),
    [
        # the temporary file exists, its handle not yet returned
        (tempfile, "NamedTemporaryFile", lambda *a, **k: True),
        # the new file got its name, the temporary one is not yet removed
        (os, "link", lambda *a, **k: str(a[1]).endswith("doc.docx")),
        # the file was replaced
        (drafting.fsio, "_replace", lambda *a, **k: str(a[1]).endswith("doc.docx")),
    ],
    ids=["temp-created", "linked", "replaced"],
)
def test_ctrl_c_inside_the_write_lists_the_complete_file(
    tmp_path: Path,
    run,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    owner: object,
    name: str,
    only: Callable[..., bool],
) -> None:
    source = tmp_path / "doc.yaml"
    source.write_text(PLAN, encoding="utf-8")
    if name == "_replace":  # an earlier render, replaced by this one
        assert run("render", source).code == 0
        source.write_text(PLAN.replace("认真学习", "深入学习"), encoding="utf-8")
    _press_ctrl_c_after(monkeypatch, owner, name, only)
    result = run("render", "-j", "1", source)
    target = tmp_path / "doc.docx"
    assert result.code == 130, result
    assert result.out == f"已生成：{target}\n", result
    assert "已中断（Ctrl-C）：以上 1 个文件已完成" in result.err, result
    assert is_untouched(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.docx", "doc.yaml"]


WATCHED = """
import os, sys, time
import drafting.signals as s
s._set_death_signal = lambda: False  # as on macOS or Windows: only the watch is left
parent = os.getpid()
ready_r, ready_w = os.pipe()
child = os.fork()
if child == 0:
    s.worker_start(parent)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # do not hold the test's pipes open
    os.dup2(devnull, 2)
    os.write(ready_w, b"x")
    with s.working():
        time.sleep(60)
    os._exit(0)
os.read(ready_r, 1)  # the worker is set up
print(child, flush=True)
os._exit(0)  # the parent dies without a word
"""


@posix
def test_without_prctl_a_worker_still_dies_with_its_parent(tmp_path: Path) -> None:
    env = environment(tmp_path)
    started = subprocess.run(
        [sys.executable, "-c", WATCHED], env=env, capture_output=True, text=True, check=True
    )
    child = int(started.stdout)
    deadline = time.monotonic() + 5
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = Path(f"/proc/{child}").exists()
    if alive:
        os.kill(child, signal.SIGKILL)
    assert not alive, "the worker outlived its parent"
