"""The live preview of ``drafting serve`` (issue 21): edit-to-preview latency, page view.

    python bench/run.py --only preview pageview

**Edit to preview over HTTP**: ``POST /api/preview`` sent to a real ``drafting serve``
(a subprocess on loopback), timed from sending the request to the last byte of the finished
HTML — the figure the goal (p95 < 100 ms for 30 tasks) is judged on.

**Edit to preview in process**: what ``POST /api/preview`` does for one edit, from the request's text
to the finished HTML — :func:`drafting.preview.build_preview` (check, render as
``drafting render`` does, the .docx turned into pages) — on a 30-task and a 1000-task
plan made from the examples, each edit changing one task's text (a different task each
time), ≥ 30 edits per size after one warm-up; p50 and p95. The browser's own work (the
inline script paging the HTML) is measured apart in headless chromium when selenium and
chromium are installed: the script records how long it took.

**Exact page view**: the PNG pages of the 30-task plan's .docx from one warm LibreOffice
(:class:`drafting.preview.pageview.PageView`) against one ``soffice --convert-to pdf``
start per refresh (its profile kept warm across runs, as a user's would be), each
followed by the same rasterising (pdftoppm, the PNG made as the view makes it); p50 of each.
"""

from __future__ import annotations

import math
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import plan_with

Say = Callable[[str], None]


def edits(text: str, count: int) -> list[str]:
    """Return ``count`` versions of the plan ``text``, each with one task's text changed
    (the ``i``-th task's for edit ``i``, wrapping around)."""
    lines = text.split("\n")
    places = [i for i, line in enumerate(lines) if re.match(r"\s+text: \S", line)]
    versions = []
    for n in range(count):
        changed = list(lines)
        k = places[n % len(places)]
        changed[k] = changed[k].rstrip("。") + f"，第{n + 1}次修改。"
        versions.append("\n".join(changed))
    return versions


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def load() -> str:
    """Return the machine's load averages, to say how busy it was while measuring."""
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def edit_to_preview(work: Path, say: Say, sizes: dict[int, int]) -> dict[int, tuple[float, float]]:
    """Measure build_preview over the edits of each plan size; return size → (p50, p95) s."""
    from drafting.preview import build_preview

    results: dict[int, tuple[float, float]] = {}
    rows = []
    pages: dict[int, str] = {}
    for tasks, count in sizes.items():
        path = work / f"preview-{tasks}.yaml"
        text = plan_with(tasks)
        path.write_text(text, encoding="utf-8")
        first = build_preview(text, path)  # warm-up: templates parsed, caches filled
        if first.html is None:
            raise RuntimeError(f"{tasks} 项任务的计划无法预览：{first.diagnostics}")
        times = []
        for version in edits(text, count):
            start = time.perf_counter()
            preview = build_preview(version, path)
            times.append(time.perf_counter() - start)
            if preview.html is None or "次修改" not in preview.html:
                raise RuntimeError("预览没有反映修改")
        pages[tasks] = preview.html
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        results[tasks] = (p50, p95)
        rows.append(
            f"| {tasks} 项任务 | {count} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms | "
            f"{len(preview.html) / 1024:.0f} KiB |"
        )
    say("| 计划 | 修改次数 | p50 | p95 | HTML 大小 |")
    say("|---|---|---|---|---|")
    for row in rows:
        say(row)
    say("")
    browser = _paging(work, pages)
    if browser:
        say("浏览器中分页（内联脚本，headless chromium，各 5 次）：")
        say("")
        say("| 计划 | 页数 | 分页耗时 p50 |")
        say("|---|---|---|")
        for tasks, (count, ms) in browser.items():
            say(f"| {tasks} 项任务 | {count} | {ms:.0f} ms |")
        say("")
    else:
        say("（未安装 selenium/chromium：浏览器中的分页耗时未测。）")
        say("")
    return results


def over_http(work: Path, say: Say, sizes: dict[int, int]) -> dict[int, tuple[float, float]]:
    """Measure ``POST /api/preview`` on a real ``drafting serve`` over loopback HTTP.

    Each time runs from sending the request to the last byte of the answer (the finished
    HTML); returns size → (p50, p95) s.
    """
    import json
    import os
    import sys
    import urllib.request

    folder = work / "served"
    folder.mkdir(parents=True, exist_ok=True)
    for tasks in sizes:
        (folder / f"preview-{tasks}.yaml").write_text(plan_with(tasks), encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "drafting", "serve", str(folder), "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    results: dict[int, tuple[float, float]] = {}
    try:
        url = ""
        assert server.stdout is not None
        for line in server.stdout:
            found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
            if found:
                url = found.group(0)
                break
        if not url:
            raise RuntimeError("drafting serve 没有给出网址")
        base, token = url.split("/?token=")

        def post(path: str, text: str) -> bytes:
            body = json.dumps({"path": path, "text": text}).encode()
            request = urllib.request.Request(
                base + "/api/preview",
                data=body,
                headers={"Content-Type": "application/json", "X-Drafting-Token": token},
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=120) as answer:
                return bytes(answer.read())

        say("| 计划 | 修改次数 | p50 | p95 |")
        say("|---|---|---|---|")
        for tasks, count in sizes.items():
            name = f"preview-{tasks}.yaml"
            text = plan_with(tasks)
            post(name, text)  # warm-up
            times = []
            for version in edits(text, count):
                start = time.perf_counter()
                answer = json.loads(post(name, version))
                times.append(time.perf_counter() - start)
                if not answer.get("html") or "次修改" not in answer["html"]:
                    raise RuntimeError("预览没有反映修改")
            p50, p95 = statistics.median(times), percentile(times, 0.95)
            results[tasks] = (p50, p95)
            say(f"| {tasks} 项任务 | {count} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms |")
        say("")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


def _paging(work: Path, pages: dict[int, str]) -> dict[int, tuple[int, float]]:
    """Return size → (page count, p50 ms of the pagination script) in headless chromium."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return {}
    if not (Path(chromium).exists() and Path(driver_path).exists()):
        return {}
    options = Options()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,1200"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    found: dict[int, tuple[int, float]] = {}
    try:
        for tasks, html in pages.items():
            page = work / f"preview-{tasks}.html"
            page.write_text(html, encoding="utf-8")
            times, count = [], 0
            for _ in range(6):
                driver.get(page.as_uri())
                for _ in range(600):
                    done = driver.execute_script(
                        "return document.documentElement.getAttribute('data-paged-ms')"
                    )
                    if done:
                        break
                    time.sleep(0.05)
                times.append(float(done or "nan"))
                count = int(
                    driver.execute_script(
                        "return document.documentElement.getAttribute('data-pages')"
                    )
                    or 0
                )
            found[tasks] = (count, statistics.median(times[1:]))
    finally:
        driver.quit()
    return found


def page_view(work: Path, say: Say, runs: int) -> dict[str, float] | None:
    """Measure the exact page view: warm PageView against a soffice start per refresh."""
    from drafting.preview import render_text
    from drafting.preview.pageview import PageView, _png_pages
    from drafting.render.lo_input import copy_for_libreoffice
    from drafting.resources import data_dir

    view = PageView(work / "pageview")
    if not view.available():
        say("LibreOffice、python3-uno 或 pdftoppm 未安装：精确页面视图未测。")
        say("")
        return None
    path = work / "pageview-30.yaml"
    path.write_text(plan_with(30), encoding="utf-8")
    _, _, docx = render_text(path.read_text("utf-8"), path)
    assert docx is not None
    soffice = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
    folder = work / "pageview-cold"
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / "raw.docx"
    raw.write_bytes(docx)
    copy_for_libreoffice(raw, folder / "plan.docx")
    profile = (work / "pageview-cold-profile").as_uri()
    env = {"FONTCONFIG_FILE": str(data_dir("templates").joinpath("fonts.conf"))}

    def cold(pages: int) -> int:
        out = Path(tempfile.mkdtemp(dir=folder))
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(folder / "plan.docx"),
            ],
            capture_output=True,
            check=True,
            env={**_env(), **env},
            timeout=300,
        )
        # the same rasterising as the view's, shared between the cores the same way
        return len(_png_pages(out / "plan.pdf", out, pages))

    try:
        start = time.perf_counter()
        count = len(view.pages(docx))
        first = time.perf_counter() - start
        cold(count)  # its profile made once, as a user's LibreOffice would have it
        warm_times: list[float] = []
        cold_times: list[float] = []
        for _ in range(runs):  # alternating, so that the machine's noise hits both alike
            start = time.perf_counter()
            got = len(view.pages(docx))
            warm_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            cold_count = cold(count)
            cold_times.append(time.perf_counter() - start)
            if got != count or cold_count != count:
                raise RuntimeError(f"页数不一致：{got}、{cold_count}、{count}")
    finally:
        view.close()
    warm, cold_p50 = statistics.median(warm_times), statistics.median(cold_times)
    say(f"30 项任务的计划，{count} 页，各 {runs} 次交替：")
    say("")
    say("| 方式 | p50 |")
    say("|---|---|")
    say(f"| 常驻 LibreOffice（PageView，首次启动 {first:.1f} s 不计） | {warm * 1000:.0f} ms |")
    say(f"| 每次刷新启动一次 soffice --convert-to pdf | {cold_p50 * 1000:.0f} ms |")
    say("")
    return {"warm": warm, "cold": cold_p50, "first": first}


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)
