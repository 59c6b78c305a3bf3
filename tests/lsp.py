"""A minimal LSP client that drives yaml-language-server over stdio (JSON-RPC 2.0).

Only what the editor tests need: initialize, workspace/didChangeConfiguration,
textDocument/didOpen, hover and completion. Requests the server sends to us
are answered: workspace/configuration (which yaml-language-server pulls on every
workspace/didChangeConfiguration, ignoring the settings sent with it) from the settings
given, anything else (client/registerCapability …) with null.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any, BinaryIO

TIMEOUT = 30.0  # seconds for one answer; the first hover also loads the schema


class LanguageServer:
    """A running yaml-language-server; use as a context manager."""

    def __init__(self, command: list[str], root: Path, settings: dict[str, Any]) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in = self.process.stdin
        self._answers: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._next_id = 0
        self._versions: dict[str, int] = {}
        self.settings = settings
        self._configured = threading.Event()
        self._diagnostics: dict[str, queue.Queue[list[dict[str, Any]]]] = {}
        reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        reader.start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {"completionItem": {"snippetSupport": True}},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})
        # Hover and completion do not wait for the server to apply the settings it pulls;
        # a code-lens request does (and answers null for a document that is not open).
        if not self._configured.wait(TIMEOUT):
            raise RuntimeError("yaml-language-server did not ask for its settings")
        self.request("textDocument/codeLens", {"textDocument": {"uri": root.as_uri() + "/-"}})

    def __enter__(self) -> LanguageServer:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
            self.process.wait()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        with self._lock:
            self._in.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self._in.flush()

    def _read(self, stream: BinaryIO) -> None:
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # a request from the server
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": self._answer(message)})
                if message["method"] == "workspace/configuration":
                    self._configured.set()
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self._diagnostics.setdefault(params["uri"], queue.Queue()).put(
                    params["diagnostics"]
                )
            elif "id" in message:
                box = self._answers.get(message["id"])
                if box is not None:
                    box.put(message)

    def _answer(self, message: dict[str, Any]) -> Any:
        if message["method"] != "workspace/configuration":
            return None
        answer = [self.settings.get(item.get("section", "")) for item in message["params"]["items"]]
        return answer

    def request(self, method: str, params: Any) -> Any:
        """Send a request and return its result; raise on an error answer or timeout."""
        with self._lock:
            self._next_id += 1
            ident = self._next_id
        box: queue.Queue[dict[str, Any]] = queue.Queue()
        self._answers[ident] = box
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        answer = box.get(timeout=TIMEOUT)
        del self._answers[ident]
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result")

    def notify(self, method: str, params: Any) -> None:
        """Send a notification."""
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def open(self, path: Path, text: str) -> str:
        """Open (or re-open with new text) the document ``path``; return its URI."""
        uri = path.as_uri()
        version = self._versions.get(uri, 0) + 1
        self._versions[uri] = version
        if version == 1:
            document = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
            self.notify("textDocument/didOpen", {"textDocument": document})
        else:
            self.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": text}],
                },
            )
        return uri

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """Return the next non-empty diagnostics the server publishes for ``uri``."""
        box = self._diagnostics.setdefault(uri, queue.Queue())
        while True:
            found = box.get(timeout=TIMEOUT)
            if found:
                return found

    def hover(self, uri: str, line: int, character: int) -> str:
        """Return the hover text (markdown) at a 0-based position, or "" when none."""
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        """Return the completion items at a 0-based position."""
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if result is None:
            return []
        items = result["items"] if isinstance(result, dict) else result
        return list(items)
