"""The exact page view: the real .docx laid out by one warm LibreOffice, as PNG pages.

One ``soffice --headless --invisible --accept=pipe,…`` is started on first use, with its
own profile under ``workdir`` and our font mapping (:func:`drafting.soffice.environment`),
and kept running; a small bridge process (:mod:`drafting.preview.uno_bridge`), run by the
Python that has LibreOffice's UNO module (Debian's python3-uno: ``/usr/bin/python3``),
loads each .docx and writes its PDF, which ``pdftoppm`` turns into one PNG a page
(96 dpi). A refresh then costs the layout, not LibreOffice's start.

Each request has a time limit (``DRAFTING_PAGEVIEW_TIMEOUT`` seconds, default 60); a
LibreOffice that stalls is killed, one that died is started again (the request is
retried once), and every failure is a :class:`~drafting.errors.PageViewFailed` with a
Chinese message. :meth:`PageView.close` stops both processes; so does the end of the
program (a finaliser), so that no LibreOffice is left behind.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import shutil
import struct
import subprocess
import threading
import time
import weakref
import zlib
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

from drafting.errors import PageViewFailed
from drafting.soffice import environment, exit_text, kill, start

TIMEOUT = 60.0
"""Seconds one page view may take (LibreOffice's first start included)."""
START_TIMEOUT = 90.0
"""Seconds LibreOffice may take to start listening (a fresh profile is made first)."""
DPI = 96

NEEDS = (
    "精确页面视图需要 LibreOffice、它的 Python UNO 桥和 pdftoppm"
    "（Debian/Ubuntu：apt-get install libreoffice-writer-nogui python3-uno poppler-utils）"
)


def time_limit() -> float:
    """Return the seconds one page view may take (``DRAFTING_PAGEVIEW_TIMEOUT``)."""
    try:
        value = float(os.environ.get("DRAFTING_PAGEVIEW_TIMEOUT", TIMEOUT))
    except ValueError:
        return TIMEOUT
    return value if value > 0 else TIMEOUT


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def uno_python(binary: str | None = None) -> str | None:
    """Return a Python that can ``import uno`` (``DRAFTING_UNO_PYTHON``, the system's
    python3, or the one LibreOffice bundles), or None when there is none."""
    candidates = [os.environ.get("DRAFTING_UNO_PYTHON"), "/usr/bin/python3"]
    if binary:
        program = Path(os.path.realpath(binary)).parent
        candidates += [str(program / "python"), str(program / "python.exe")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and _imports_uno(candidate):
            return candidate
    return None


_CHECKED: dict[str, bool] = {}


def _imports_uno(python: str) -> bool:
    if python not in _CHECKED:
        try:
            done = subprocess.run(
                [python, "-c", "import uno"], capture_output=True, timeout=30, check=False
            )
            _CHECKED[python] = done.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            _CHECKED[python] = False
    return _CHECKED[python]


def _stop(processes: list[subprocess.Popen[bytes]], streams: list[IO[bytes]]) -> None:
    """Stop the bridge and LibreOffice (their process groups), reap them, close ``streams``."""
    for process in processes:
        with suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()
        kill(process)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                with suppress(OSError):
                    stream.close()
    processes.clear()
    for stream in streams:
        with suppress(OSError):
            stream.close()
    streams.clear()


def _lines(stream: IO[bytes], into: queue.Queue[str | None]) -> None:
    """Put each line of ``stream`` into ``into``, then None at its end (a thread)."""
    with suppress(OSError, ValueError):
        for line in stream:
            into.put(line.decode("utf-8", "replace"))
    into.put(None)


class PageView:
    """One warm LibreOffice, started on first use, kept running, stopped by :meth:`close`."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self._lock = threading.Lock()
        self._processes: list[subprocess.Popen[bytes]] = []
        self._streams: list[IO[bytes]] = []  # the bridge's answers
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._count = 0
        self._finalizer = weakref.finalize(self, _stop, self._processes, self._streams)

    def available(self) -> bool:
        """Return True when LibreOffice, a Python with its UNO module and pdftoppm exist."""
        binary = _soffice()
        return bool(binary and shutil.which("pdftoppm") and uno_python(binary))

    @property
    def soffice_pid(self) -> int | None:
        """Return the process id of the running LibreOffice (None when none runs)."""
        alive = [p for p in self._processes[:1] if p.poll() is None]
        return alive[0].pid if alive else None

    def pages(self, docx: bytes) -> list[bytes]:
        """Return the PNG of each page of ``docx`` as LibreOffice lays it out.

        Raises :class:`~drafting.errors.PageViewFailed` (Chinese message; code
        ``no-libreoffice`` when it is not installed).
        """
        with self._lock:
            if not self.available():
                raise PageViewFailed(NEEDS, code="no-libreoffice")
            try:
                return self._pages(docx, retry=True)
            except OSError as exc:
                self._shutdown()
                raise PageViewFailed(f"精确页面视图失败：{exc}", code="pageview-failed") from exc

    def close(self) -> None:
        """Stop LibreOffice and the bridge (nothing is left running); safe to call twice."""
        with self._lock:
            self._shutdown()

    # -- inside the lock

    def _shutdown(self) -> None:
        _stop(self._processes, self._streams)
        self._answers = queue.Queue()

    def _running(self) -> bool:
        return len(self._processes) == 2 and all(p.poll() is None for p in self._processes)

    def _start(self) -> None:
        """Start LibreOffice listening on a pipe of its own, then the bridge to it."""
        self._shutdown()
        binary = _soffice()
        python = uno_python(binary)
        if not binary or not python:
            raise PageViewFailed(NEEDS, code="no-libreoffice")
        self.workdir.mkdir(parents=True, exist_ok=True)
        profile = self.workdir / "profile"
        pipe = f"drafting-pageview-{os.getpid()}-{secrets.token_hex(6)}"
        words = [
            binary,
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ]
        office = start(words, self.workdir, environment(self.workdir))
        self._processes.append(office)
        threading.Thread(target=_drain, args=(office.stdout,), daemon=True).start()
        bridge_path = Path(__file__).with_name("uno_bridge.py")
        read_end, write_end = os.pipe()
        try:
            bridge = subprocess.Popen(
                [
                    python,
                    str(bridge_path),
                    pipe,
                    str(START_TIMEOUT),
                    str(write_end),
                    str(office.pid),
                ],
                cwd=self.workdir,
                env=_bridge_environment(),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(write_end,),
                start_new_session=True,
            )
        except OSError:
            os.close(read_end)
            raise
        finally:
            os.close(write_end)
        self._processes.append(bridge)
        self._answers = queue.Queue()
        answers = os.fdopen(read_end, "rb")
        self._streams.append(answers)
        threading.Thread(target=_lines, args=(answers, self._answers), daemon=True).start()
        answer = self._answer(START_TIMEOUT + 5)
        if not answer.get("ready"):
            self._shutdown()
            raise PageViewFailed(
                f"LibreOffice 没有启动成功（{answer.get('error', '原因不明')}）",
                code="pageview-failed",
            )

    def _answer(self, seconds: float) -> dict[str, Any]:
        """Return the bridge's next answer; raise PageViewFailed when none comes in time."""
        try:
            line = self._answers.get(timeout=seconds)
        except queue.Empty:
            self._shutdown()
            raise PageViewFailed(
                f"LibreOffice 在 {seconds:g} 秒内没有完成，已停止（下次会重新启动）；"
                "文档可能太大，可设置 DRAFTING_PAGEVIEW_TIMEOUT 延长时限",
                code="pageview-timeout",
            ) from None
        if line is None:
            return {"ok": False, "dead": True, "error": self._death()}
        try:
            answer: dict[str, Any] = json.loads(line)
        except ValueError:
            return {"ok": False, "dead": False, "error": line.strip()[:200]}
        return answer

    def _death(self) -> str:
        office = self._processes[0] if self._processes else None
        if office is not None and office.poll() is not None:
            return f"LibreOffice 意外退出（{exit_text(office.returncode)}）"
        return "与 LibreOffice 的连接中断"

    def _pages(self, docx: bytes, *, retry: bool) -> list[bytes]:
        from drafting.render.lo_input import copy_for_libreoffice

        started = time.monotonic()
        if not self._running():
            self._start()
        self._count += 1
        folder = self.workdir / "jobs"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        raw = folder / "raw.docx"
        raw.write_bytes(docx)
        source = folder / "document.docx"
        try:
            copy_for_libreoffice(raw, source)
        except Exception as exc:  # zipfile.BadZipFile and the like: not a .docx
            raise PageViewFailed(
                f"这不是有效的 Word 文档（.docx）：{exc}", code="not-docx"
            ) from exc
        pdf = folder / "document.pdf"
        request = json.dumps({"docx": str(source), "pdf": str(pdf)}, ensure_ascii=False)
        bridge = self._processes[1]
        assert bridge.stdin is not None
        try:
            bridge.stdin.write(request.encode("utf-8") + b"\n")
            bridge.stdin.flush()
        except OSError:
            answer: dict[str, Any] = {"ok": False, "dead": True, "error": self._death()}
        else:
            left = max(1.0, time_limit() - (time.monotonic() - started))
            answer = self._answer(left)
        if not answer.get("ok"):
            if answer.get("dead") or not self._running():
                self._shutdown()
                if retry:
                    return self._pages(docx, retry=False)
                raise PageViewFailed(
                    f"精确页面视图失败：{answer.get('error')}（LibreOffice 已重新启动过一次）",
                    code="pageview-failed",
                )
            raise PageViewFailed(
                f"LibreOffice 无法排版这个文档：{answer.get('error')}", code="pageview-failed"
            )
        return _png_pages(pdf, folder, int(answer.get("pages") or 0))


def _drain(stream: IO[bytes] | None) -> None:
    """Read and drop LibreOffice's output, so that it never blocks on a full pipe."""
    if stream is None:
        return
    with suppress(OSError, ValueError):
        for _ in stream:
            pass


def _bridge_environment() -> dict[str, str]:
    """Return the bridge's environment: ours without the project's Python paths (the
    system Python must not pick up this interpreter's site-packages)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _png_pages(pdf: Path, folder: Path, count: int = 0) -> list[bytes]:
    """Return one PNG per page of ``pdf`` (pdftoppm at :data:`DPI`).

    pdftoppm writes raw PPM, which :func:`png` compresses (at zlib level 1): its own PNG
    writer spent 0.6 s a page compressing, five times the rasterising. The pages are
    shared between one pdftoppm per core; the last one runs to the end of the PDF,
    whatever ``count`` (LibreOffice's page count, 0 when unknown) said.
    """
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise PageViewFailed("LibreOffice 没有生成页面（PDF 为空）", code="pageview-failed")
    workers = max(1, min(os.cpu_count() or 1, count or 1))
    share = -(-count // workers) if count else 0
    commands = []
    for index in range(workers):
        words = ["pdftoppm", "-r", str(DPI)]
        if workers > 1:
            words += ["-f", str(index * share + 1)]
            if index < workers - 1:
                words += ["-l", str((index + 1) * share)]
        commands.append([*words, str(pdf), str(folder / f"part{index}")])
    running = [
        subprocess.Popen(words, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for words in commands
    ]
    failures = []
    for process in running:
        try:
            _, err = process.communicate(timeout=time_limit())
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
        if process.returncode != 0:
            failures.append(
                err.decode("utf-8", "replace").strip()[:200] or exit_text(process.returncode)
            )
    if failures:
        raise PageViewFailed(f"pdftoppm 无法转换页面：{failures[0]}", code="pageview-failed")
    files = sorted(folder.glob("part*-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [png(f.read_bytes()) for f in files]


def png(ppm: bytes) -> bytes:
    """Return the binary PPM (P6, 8 bits) image ``ppm`` as a PNG."""
    fields: list[bytes] = []
    at = 2
    if ppm[:2] != b"P6":
        raise PageViewFailed("pdftoppm 输出的图像格式不对", code="pageview-failed")
    while len(fields) < 3:
        while ppm[at : at + 1].isspace():
            at += 1
        if ppm[at : at + 1] == b"#":
            at = ppm.index(b"\n", at) + 1
            continue
        start = at
        while not ppm[at : at + 1].isspace():
            at += 1
        fields.append(ppm[start:at])
    width, height, maximum = (int(f) for f in fields)
    pixels = memoryview(ppm)[at + 1 :]
    if maximum != 255 or len(pixels) < width * height * 3:
        raise PageViewFailed("pdftoppm 输出的图像不完整", code="pageview-failed")
    stride = width * 3
    raw = b"".join(b"\x00" + pixels[row * stride : (row + 1) * stride] for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 1))
        + chunk(b"IEND", b"")
    )
