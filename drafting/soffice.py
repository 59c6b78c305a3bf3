"""LibreOffice as a child process: finding soffice, its command line, environment, start,
time limit and stop, for the two flows that run it (PDF output in :mod:`drafting.render.pdf`,
.doc/.wps/.rtf/.odt input in :mod:`drafting.ingest.convert`).

Every run gets a private profile and temporary folder, our font mapping, no terminal
input, and a process group of its own, so that Ctrl-C reaches us and not LibreOffice,
and :func:`kill` stops soffice.bin with it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from drafting import signals
from drafting.errors import UsageError
from drafting.resources import data_dir

TIMEOUT = 180.0
"""Seconds one document may take (LibreOffice's start-up included), unless overridden."""

if sys.platform == "win32":
    NEW_GROUP = subprocess.CREATE_NEW_PROCESS_GROUP
else:
    NEW_GROUP = 0
"""Keeps Ctrl-C away from LibreOffice (with a new session elsewhere): we stop it ourselves."""


def soffice() -> str:
    """Return the LibreOffice executable, or raise a usage error saying how to get it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise UsageError(
            "生成 PDF 需要 LibreOffice，但没有找到 soffice 命令。请安装 LibreOffice"
            "（Debian/Ubuntu：apt-get install libreoffice-writer-nogui）后重试，"
            "或去掉 --pdf 只生成 Word 文档",
            code="no-soffice",
        )
    return found


def time_limit() -> float:
    """Return the seconds LibreOffice may spend on one document (``DRAFTING_PDF_TIMEOUT``)."""
    try:
        value = float(os.environ.get("DRAFTING_PDF_TIMEOUT", TIMEOUT))
    except ValueError:
        return TIMEOUT
    return value if value > 0 else TIMEOUT


@contextmanager
def scratch() -> Iterator[Path]:
    """Yield a temporary folder, removed afterwards even when a second Ctrl-C comes."""
    folder = Path(tempfile.mkdtemp(prefix="drafting-pdf-"))
    try:
        yield folder
    finally:
        with signals.held():
            shutil.rmtree(folder, ignore_errors=True)


def environment(work: Path) -> dict[str, str]:
    """Return LibreOffice's environment: our font mapping, its temporary files in ``work``.

    LibreOffice leaves its own temporary folders (``lu*.tmp``) behind when it is killed;
    inside ``work`` they go with it.
    """
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(data_dir("templates").joinpath("fonts.conf"))
    folder = work / "tmp"
    folder.mkdir(exist_ok=True)
    for name in ("TMPDIR", "TMP", "TEMP"):
        env[name] = str(folder)
    return env


def command(
    binary: str, profile: Path, target: str, outdir: Path, names: Sequence[str]
) -> list[str]:
    """Return the command line converting the files ``names`` to ``target`` into ``outdir``."""
    return [
        binary,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        *names,
    ]


def start(words: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start LibreOffice in a process group of its own, its output on one pipe; return it.

    Raises OSError when it cannot be started.
    """
    return subprocess.Popen(
        words,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=sys.platform != "win32",
        creationflags=NEW_GROUP,
    )


def kill(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and the processes it started (soffice.bin), then reap it."""
    if process.poll() is None:
        if sys.platform == "win32":
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(process.pid)],
                capture_output=True,
                check=False,
            )
        else:
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def exit_text(code: int) -> str:
    """Return how a LibreOffice process ended, in Chinese (a signal's name, or the code)."""
    if code < 0:
        try:
            return f"信号 {signal.Signals(-code).name}"
        except ValueError:
            return f"信号 {-code}"
    return f"退出码 {code}"
