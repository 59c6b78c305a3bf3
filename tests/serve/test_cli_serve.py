"""``drafting serve`` as a user starts it: a real process, a real port, real HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from drafting.cli import main
from drafting.serve import server

from ..conftest import ROOT
from .serving import office

URL = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+)")


@contextmanager
def serving(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[str], str, list[str]]]:
    """Start ``drafting serve FOLDER ARGS`` and yield it with its URL and the lines it printed."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "drafting", "serve", str(folder), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    printed: list[str] = []
    try:
        assert process.stdout is not None
        for _ in range(10):
            line = process.stdout.readline()
            if not line:
                break
            printed.append(line)
            if URL.search(line):
                break
        found = URL.search("".join(printed))
        assert found, "".join(printed) + (process.stderr.read() if process.stderr else "")
        yield process, found.group(0), printed
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_the_real_server_answers_only_with_the_token(tmp_path: Path) -> None:
    folder = office(tmp_path / "office")
    with serving(folder, "--no-browser", "--port", "0") as (process, url, printed):
        port, token = URL.search(url).groups()  # type: ignore[union-attr]
        assert int(port) > 0
        assert any("请在浏览器中打开" in line for line in printed)
        base = f"http://127.0.0.1:{port}"
        status, body = _get(f"{base}/api/docs?token={token}")
        assert status == 200
        assert "plan-2023-county.yaml" in body
        status, body = _get(f"{base}/api/docs")
        assert status == 403 and "bad-token" in body
        status, body = _get(f"{base}/api/docs", {"X-Drafting-Token": token})
        assert status == 200
        status, _ = _get(f"{base}/api/docs?token={token}", {"Host": f"evil.com:{port}"})
        assert status == 421
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "已停止" in out
    assert token not in err  # no access log of the token
    assert "Traceback" not in err


def test_sigterm_stops_cleanly_too(tmp_path: Path) -> None:
    folder = office(tmp_path / "office")
    with serving(folder, "--no-browser", "--port", "0") as (process, url, _):
        assert _get(url)[0] in (200, 500)  # the index page (500 when the bundle is not built)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "已停止" in out


def test_no_browser_is_said_plainly(tmp_path: Path) -> None:
    folder = office(tmp_path / "office")
    with serving(folder, "--port", "0", env={"BROWSER": "false"}) as (process, _, _):
        assert process.stderr is not None
        said = process.stderr.readline()
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=20)
    assert "未能自动打开浏览器" in said
    assert process.returncode == 0
    assert "已停止" in out


def test_a_busy_port_is_a_chinese_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["serve", str(tmp_path), "--no-browser", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"端口 {port} 已被占用" in err


def test_the_default_port_falls_back_to_a_free_one() -> None:
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            busy.bind(("127.0.0.1", server.DEFAULT_PORT))
            busy.listen(1)
        except OSError:
            pass  # something else holds it already: the fallback is needed all the same
        bound = server.bind()
        try:
            assert bound.port != server.DEFAULT_PORT
            assert bound.url.startswith(f"http://127.0.0.1:{bound.port}/?token=")
            assert len(bound.token) >= 32
        finally:
            bound.sock.close()


def test_a_missing_folder_and_a_missing_dependency(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(tmp_path / "nothing"), "--no-browser"]) == 2
    assert "找不到文件夹" in capsys.readouterr().err
    monkeypatch.setattr(server, "REQUIRED", ("starlette", "no_such_module_for_drafting"))
    assert main(["serve", str(tmp_path), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "no_such_module_for_drafting" in err
    assert "pip install" in err and "drafting-gongwen" in err
    assert "pip install drafting\n" not in err


def test_only_loopback_is_served_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert server.is_loopback("127.0.0.1") and server.is_loopback("::1")
    assert server.is_loopback("localhost")
    assert not server.is_loopback("0.0.0.0") and not server.is_loopback("192.168.1.5")
    assert server.host_names("127.0.0.1") == ()
    assert server.host_names("192.168.1.5") == ("192.168.1.5",)
    assert "0.0.0.0" not in server.host_names("0.0.0.0")


def _pageview_processes(server_pid: int) -> list[int]:
    """Return the live processes of the page view a server ``server_pid`` started (its pipe
    name, ``drafting-pageview-PID-…``, is on their command lines)."""
    mark = f"drafting-pageview-{server_pid}-".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if mark in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def test_a_killed_server_leaves_no_libreoffice_running(tmp_path: Path) -> None:
    from drafting.preview.pageview import PageView

    probe = PageView(tmp_path / "probe")
    try:
        if not probe.available():
            if os.environ.get("DRAFTING_REQUIRE_PDF") == "1":
                pytest.fail("DRAFTING_REQUIRE_PDF=1 但没有 LibreOffice 的页面视图")
            pytest.skip("没有 LibreOffice（及其 Python UNO），没有精确页面")
    finally:
        probe.close()
    folder = office(tmp_path / "office")
    doc = next(p for p in sorted(folder.glob("plan-*.yaml")))
    with serving(folder, "--no-browser", "--port", "0") as (process, url, _):
        port, token = URL.search(url).groups()  # type: ignore[union-attr]
        body = json.dumps({"path": doc.name, "text": doc.read_text("utf-8")}).encode("utf-8")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/pageview",
            data=body,
            method="POST",
            headers={"X-Drafting-Token": token, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as answer:
            assert json.loads(answer.read())["pages"]
        running = _pageview_processes(process.pid)
        assert len(running) >= 2, running  # soffice (and soffice.bin) and the bridge
        process.send_signal(signal.SIGKILL)  # no chance to clean up
        process.wait(10)
        deadline = time.monotonic() + 30
        while _pageview_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _pageview_processes(process.pid)
        for pid in left:  # do not leave them to the other tests either
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        assert not left, "服务器被杀后仍在运行：" + ", ".join(map(str, left))
