"""Take the README's screenshots of ``drafting serve``: docs/serve-editor.png, docs/serve-preview.png.

Runs the real ``drafting serve`` of this tree on a copy of the county plan and its unit
list, opens it in Debian's headless chromium at 1366×768 (an office screen), and shoots the
editor with key completion open (Chinese descriptions from the schema) and a check
warning marked, then the preview pane. Usage: ``python3 tools/screenshot_serve.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
PLAN = "plan-2023-county.yaml"


def serve(folder: Path) -> tuple[subprocess.Popen[str], str]:
    """Start ``drafting serve`` on ``folder``; return the process and the URL it printed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    # the page's unsaved-text drafts go to a cache of this run, not the user's ~/.cache
    env["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="drafting-shot-cache-")
    process = subprocess.Popen(
        [sys.executable, "-m", "drafting", "serve", str(folder), "--no-browser", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    found: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            match = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
            if match and not found:
                found.append(match.group(0))

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + 30
    while not found and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    if not found:
        process.kill()
        raise SystemExit("drafting serve 没有启动")
    return process, found[0]


def browser() -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False},
    )
    return driver


def wait(driver: WebDriver, script: str) -> None:
    WebDriverWait(driver, 60, poll_frequency=0.1).until(lambda d: d.execute_script(script))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    out: Path = parser.parse_args().out
    with tempfile.TemporaryDirectory(prefix="drafting-shot-") as tmp:
        folder = Path(tmp) / "县教育局"
        folder.mkdir()
        for name in (PLAN, "units.yaml"):
            text = (ROOT / "examples" / name).read_text("utf-8")
            # the schemas as `drafting new` places them (modeline relative to the folder)
            text = text.replace("../schemas/", ".drafting/schemas/")
            (folder / name).write_text(text, encoding="utf-8")
        process, url = serve(folder)
        driver = browser()
        try:
            driver.get(url)
            wait(driver, f"return !!document.querySelector('#doc-list li[data-path=\"{PLAN}\"]')")
            driver.execute_script(
                f"document.querySelector('#doc-list li[data-path=\"{PLAN}\"]').click()"
            )
            wait(driver, "return document.querySelectorAll('#outline .tree .label').length > 5")
            wait(
                driver, "return document.getElementById('preview-status').className.includes('ok')"
            )
            # a unit that is not in units.yaml: the check's warning, marked in the editor
            driver.execute_script(
                """const e = window.draftingEditor, m = e.getModel();
                const at = m.findMatches('- 工会办', false, false, true, null, false)[0].range;
                e.executeEdits('shot', [{range: at, text: '- 工会'}]);"""
            )
            wait(driver, "return document.querySelectorAll('#problems li.problem').length > 0")
            # completion in the third task's mapping
            driver.execute_script(
                """const e = window.draftingEditor, m = e.getModel();
                const line = m.findMatches('id: ideology', false, false, true, null, false)[0]
                    .range.startLineNumber;
                e.revealLineNearTop(line - 2);
                e.setPosition({lineNumber: line + 1, column: m.getLineMaxColumn(line + 1)});
                e.focus();"""
            )
            ActionChains(driver).send_keys(Keys.ENTER).perform()
            for _ in range(2):  # open the list, then its description
                ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.SPACE).key_up(
                    Keys.CONTROL
                ).perform()
                time.sleep(1.0)
            wait(driver, "return !!document.querySelector('.suggest-details')")
            time.sleep(0.5)
            out.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(out / "serve-editor.png"))
            ActionChains(driver).send_keys(Keys.ESCAPE).perform()
            # the preview pane, scrolled to the first page's tasks
            driver.execute_script("document.getElementById('preview').scrollIntoView()")
            time.sleep(1.0)
            driver.find_element(By.ID, "right").screenshot(str(out / "serve-preview.png"))
        finally:
            driver.quit()
            process.terminate()
            process.wait(timeout=15)
    print(f"{out / 'serve-editor.png'}\n{out / 'serve-preview.png'}")


if __name__ == "__main__":
    main()
