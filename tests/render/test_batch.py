"""Long batches as a user at a terminal meets them: progress shown, Ctrl-C obeyed at once.

The command runs as a real process. Progress is read from a pseudo-terminal; Ctrl-C is
SIGINT sent to the command's whole process group, as a terminal sends it.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from ..conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals and signals")

SOURCE = EXAMPLES / "plan-2023-guanwei.yaml"


def copies(folder: Path, count: int) -> Path:
    """Return ``folder`` holding ``count`` copies of a plan."""
    folder.mkdir(parents=True, exist_ok=True)
    data = SOURCE.read_bytes()
    for index in range(count):
        (folder / f"doc-{index:04d}.yaml").write_bytes(data)
    return folder


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Return the environment of a command under test: this tree, its own TMPDIR, no CI."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(ROOT)
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    env["TMPDIR"] = str(tmp)
    env["COLUMNS"] = "160"
    env.update(extra)
    return env


def on_terminal(args: Sequence[str], env: dict[str, str], timeout: float = 300) -> str:
    """Run ``drafting args`` with stderr on a pseudo-terminal; return its text shown there."""
    import pty

    main, side = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "drafting", *args],
        stdout=subprocess.DEVNULL,
        stderr=side,
        env=env,
        cwd=ROOT,
    )
    os.close(side)
    shown = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    os.close(main)
    assert process.wait(timeout=30) == 0, shown.decode("utf-8", "replace")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))


def test_progress_on_a_terminal_shows_count_file_and_time_left(tmp_path: Path) -> None:
    inputs = copies(tmp_path / "in", 300)  # a few seconds: the display waits 0.5 s
    shown = on_terminal(["render", str(inputs), "-o", str(tmp_path / "out")], environment(tmp_path))
    assert "生成 Word 文档" in shown
    assert re.search(r"\b\d+/300\b", shown), shown[-500:]
    assert "剩余" in shown and re.search(r"\d+:\d\d:\d\d|-:--:--", shown)
    assert re.search(r"doc-\d{4}\.docx", shown)
    assert len(list((tmp_path / "out").glob("*.docx"))) == 300


def test_no_progress_in_ci_or_when_not_a_terminal(tmp_path: Path) -> None:
    inputs = copies(tmp_path / "in", 300)  # long enough that a terminal would show progress
    args = ["render", str(inputs), "-o", str(tmp_path / "out"), "--force"]
    assert on_terminal(args, environment(tmp_path, CI="true")) == ""
    piped = subprocess.run(
        [sys.executable, "-m", "drafting", *args],
        capture_output=True,
        text=True,
        env=environment(tmp_path),
        cwd=ROOT,
        check=True,
    )
    assert piped.stderr == ""
    assert piped.stdout.count("已生成：") == 300


def leftover_processes(marker: str) -> list[str]:
    """Return the command lines of live processes that mention ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            )
            state = (entry / "stat").read_text().split(") ", 1)[1][:1]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(cmdline)
    return found


def interrupt_when(
    args: Sequence[str], env: dict[str, str], ready: Callable[[], bool], limit: float = 240
) -> tuple[int, float, str, str]:
    """Start ``drafting args`` as a terminal job, press Ctrl-C once ``ready()``.

    Returns the exit code, the seconds from Ctrl-C to exit, stdout and stderr.
    """
    out = open(env["TMPDIR"] + "/../stdout", "w+b")  # noqa: SIM115 - read back below
    err = open(env["TMPDIR"] + "/../stderr", "w+b")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "drafting", *args],
        stdout=out,
        stderr=err,
        env=env,
        cwd=ROOT,
        start_new_session=True,  # its own process group, like a job at a terminal
    )
    deadline = time.monotonic() + limit
    while not ready() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    assert process.poll() is None, "the command ended before it could be interrupted"
    assert ready(), "the command never reached the point to interrupt"
    pressed = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    try:
        code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        code = process.wait()
    took = time.monotonic() - pressed
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read().decode(), err.read().decode()
    out.close()
    err.close()
    return code, took, stdout, stderr


def assert_clean_stop(
    tmp_path: Path, code: int, took: float, stdout: str, stderr: str, output: Path
) -> list[Path]:
    """Assert the stop was prompt and tidy; return the outputs it reported finished."""
    assert took < 2.0, f"took {took:.1f} s to stop after Ctrl-C"
    assert code == 130, (code, stderr)
    assert "Traceback" not in stderr, stderr
    assert "已中断（Ctrl-C）" in stderr, stderr
    assert not [p for p in output.rglob("*") if p.name.endswith(".tmp")]
    assert not list((tmp_path / "tmp").iterdir()), "temporary files left behind"
    assert not leftover_processes(str(tmp_path)), "child processes left running"
    finished = [Path(line.removeprefix("已生成：")) for line in stdout.splitlines()]
    assert finished and all(line.startswith("已生成：") for line in stdout.splitlines())
    assert f"以上 {len(finished)} 个文件已完成" in stderr
    written = sorted(p for p in output.iterdir() if p.suffix in (".docx", ".pdf"))
    assert sorted(finished) == written  # every file said finished is there, and no other
    return finished


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc for leftover processes")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_while_writing_word_files_stops_at_once(tmp_path: Path, jobs: str) -> None:
    inputs = copies(tmp_path / "in", 400)
    output = tmp_path / "out"

    def some_written() -> bool:
        return output.is_dir() and len(list(output.glob("*.docx"))) >= 5

    code, took, stdout, stderr = interrupt_when(
        ["render", "-j", jobs, str(inputs), "-o", str(output)], environment(tmp_path), some_written
    )
    finished = assert_clean_stop(tmp_path, code, took, stdout, stderr, output)
    assert 5 <= len(finished) < 400


def test_ctrl_c_inside_a_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drafting.fsio import atomic_write

    target = tmp_path / "plan.pdf"
    target.write_bytes(b"before")

    def pressed(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", pressed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"after" * 1000)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]
    assert target.read_bytes() == b"before"


def test_ctrl_c_while_checking_says_nothing_was_written(tmp_path: Path) -> None:
    inputs = copies(tmp_path / "in", 3000)  # checking alone takes seconds
    output = tmp_path / "out"
    began = time.monotonic()
    code, took, stdout, stderr = interrupt_when(
        ["render", str(inputs), "-o", str(output)],
        environment(tmp_path),
        lambda: time.monotonic() - began > 1.0,
    )
    assert took < 2.0 and code == 130, (took, code, stderr)
    assert "已中断（Ctrl-C）：没有生成任何文件" in stderr and "Traceback" not in stderr
    assert stdout == "" and not output.exists()
