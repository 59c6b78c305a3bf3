"""The bridge to a running LibreOffice, run by the Python that has the UNO module.

Started by :class:`drafting.preview.pageview.PageView` as ``python3 uno_bridge.py PIPE
SECONDS FD OFFICE`` with the system Python (Debian's python3-uno), not the project's: it imports nothing of
drafting, only ``uno`` and the standard library. It connects to the LibreOffice listening
on the named pipe PIPE (waiting up to SECONDS for it to listen), says
``{"ready": true}`` on the file descriptor FD (a pipe of its own, so that whatever UNO
prints on the standard streams cannot garble an answer), then reads one JSON request a
line from its standard input,
``{"docx": "/in.docx", "pdf": "/out.pdf"}``, loads the document hidden, writes its PDF
(blank pages kept, as ``drafting render --pdf`` does) and answers ``{"ok": true, "pages": N}`` or
``{"ok": false, "error": "…", "dead": true|false}`` (``dead``: LibreOffice is gone).
OFFICE is the process group of that LibreOffice, killed when the bridge ends — its stdin
closing means the server is gone, even when it was killed without a chance to clean up.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
from typing import Any

import uno  # type: ignore[import-not-found]  # the system Python's (python3-uno)


def _property(name: str, value: Any) -> Any:
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _connect(pipe: str, seconds: float) -> Any:
    """Return LibreOffice's desktop, connecting to ``pipe`` until ``seconds`` have passed."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + seconds
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def _export(desktop: Any, docx: str, pdf: str) -> int:
    """Write the PDF of ``docx`` to ``pdf``; return LibreOffice's count of its pages."""
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(docx),
        "_blank",
        0,
        (_property("Hidden", True), _property("ReadOnly", True)),
    )
    if document is None:
        raise RuntimeError("LibreOffice 无法打开这个文档")
    try:
        try:
            count = int(document.getCurrentController().PageCount)
        except Exception:
            count = 0
        data = uno.Any(
            "[]com.sun.star.beans.PropertyValue", (_property("IsSkipEmptyPages", False),)
        )
        document.storeToURL(
            uno.systemPathToFileUrl(pdf),
            (_property("FilterName", "writer_pdf_Export"), _property("FilterData", data)),
        )
    finally:
        document.close(True)
    return count


def _office_dies_with_us(office: int) -> None:
    """Make LibreOffice (process group ``office``) go when the server that started us goes.

    The server holds our stdin: killed (even by SIGKILL) it closes, :func:`main` ends and
    kills the group. A watchdog thread also notices the server's death by our parent
    changing (we are re-parented), in case a request keeps the main loop busy. (Not
    ``prctl(PR_SET_PDEATHSIG)``: it fires when the *thread* that started us ends, and the
    server starts us from a worker thread of its pool that may end at any time.)
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        _kill_office(office)
        os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def _kill_office(office: int) -> None:
    if office > 0:
        with contextlib.suppress(OSError):
            os.killpg(office, signal.SIGKILL)


def main(argv: list[str]) -> int:
    """Serve requests on stdin until it closes; return the exit code."""
    office = int(argv[4]) if len(argv) > 4 else 0
    if office:
        _office_dies_with_us(office)
    try:
        return _serve(argv)
    finally:
        _kill_office(office)  # stdin closed: the server is gone (or closed us on purpose)


def _serve(argv: list[str]) -> int:
    answers = os.fdopen(int(argv[3]), "w", encoding="utf-8")

    def say(message: dict[str, Any]) -> None:
        answers.write(json.dumps(message, ensure_ascii=False) + "\n")
        answers.flush()

    try:
        desktop = _connect(argv[1], float(argv[2]))
    except Exception as exc:
        say({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    say({"ready": True})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            count = _export(desktop, request["docx"], request["pdf"])
        except Exception as exc:
            name = type(exc).__name__
            dead = name in ("DisposedException", "RuntimeException") or "Binary URP bridge" in str(
                exc
            )
            say({"ok": False, "error": f"{name}: {exc}", "dead": dead})
            if dead:
                return 2
            continue
        say({"ok": True, "pages": count})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
