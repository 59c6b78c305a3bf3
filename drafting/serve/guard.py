"""The gate in front of the app: Host header, token, Origin and body size (pure ASGI).

Every request passes here before any route runs:

- the ``Host`` header must name the server itself (``127.0.0.1:PORT``, ``localhost:PORT``,
  ``[::1]:PORT``, or the host given with ``--host``), so that a web page that rebinds its
  own name to 127.0.0.1 (DNS rebinding) is refused: 421, or 400 without a Host;
- ``/api/*`` needs the token: the ``X-Drafting-Token`` header, or for GET and HEAD only
  the ``token`` query parameter (downloads by link). A foreign page cannot set the header
  without a CORS preflight, which is never answered;
- a request with an ``Origin`` other than the server's own is refused;
- a body is read whole, counting bytes, before the app sees it: more than the limit
  (4 MiB, 20 MiB for uploads) is 413, whatever ``Content-Length`` said.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BODY_LIMIT = 4 * 1024 * 1024
"""The largest request body, in bytes (a YAML document is far smaller)."""
UPLOAD_LIMIT = 20 * 1024 * 1024
"""The largest upload (``POST /api/import``), in bytes."""
UPLOAD_PATHS = frozenset({"/api/import"})
TOKEN_HEADER = b"x-drafting-token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_SAFE_METHODS = frozenset({"GET", "HEAD"})


def _host_names(extra: Iterable[str]) -> tuple[str, ...]:
    names = list(LOOPBACK_NAMES)
    for host in extra:
        name = f"[{host}]" if ":" in host and not host.startswith("[") else host
        if name.lower() not in names:
            names.append(name.lower())
    return tuple(names)


def allowed_hosts(port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """Return the Host header values that name this server on ``port``.

    Without a port in the header a browser means 80, so the bare names count only then.
    """
    names = _host_names(extra)
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:
        hosts.update(names)
    return frozenset(hosts)


def _header(scope: Scope, name: bytes) -> str | None:
    """Return the first header ``name`` (lower case) of ``scope`` as text, or None."""
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _count(scope: Scope, name: bytes) -> int:
    return sum(1 for key, _ in scope.get("headers", ()) if key == name)


async def _json(send: Send, status: int, code: str, message: str) -> None:
    """Send the error answer every endpoint uses: ``{"error", "code"}``."""
    body = json.dumps({"error": message, "code": code}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware refusing what must never reach the app (see the module docstring).

    ``token`` is the secret of this run; ``hosts`` are names besides the loopback ones
    that the server was bound to on purpose (``--host``). The port a Host header must
    carry is the one the request arrived on (``scope["server"]``), so a server bound to a
    free port (``--port 0``) needs no configuration.
    """

    def __init__(self, app: ASGIApp, token: str, *, hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.token = token
        self.extra = tuple(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await _json(send, *refusal)
            return
        if scope["method"] in _SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        limit = UPLOAD_LIMIT if scope["path"] in UPLOAD_PATHS else BODY_LIMIT
        body = await _read_body(scope, receive, limit)
        if body is None:
            await _json(
                send,
                413,
                "too-large",
                f"请求内容过大（上限 {limit // (1024 * 1024)} MB）",
            )
            return
        await self.app(scope, _replay(body, receive), send)

    def _refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        """Return (status, code, message) when the request must be refused, else None."""
        host = _header(scope, b"host")
        if host is None or _count(scope, b"host") != 1:
            return 400, "bad-host", "请求缺少 Host 头"
        server = scope.get("server")
        port = int(server[1]) if server and server[1] is not None else 80
        hosts = allowed_hosts(port, self.extra)
        if host.lower() not in hosts:
            return 421, "bad-host", "Host 头不是本机服务器的地址，已拒绝（防止 DNS 重绑定）"
        origin = _header(scope, b"origin")
        if origin is not None and origin.lower() not in {f"http://{h}" for h in hosts}:
            return 403, "bad-origin", "请求来自其他网页，已拒绝"
        path: str = scope["path"]
        if (path == "/api" or path.startswith("/api/")) and not self._token_ok(scope):
            return 403, "bad-token", "缺少访问令牌或令牌不对，请用启动时显示的网址打开"
        return None

    def _token_ok(self, scope: Scope) -> bool:
        """Return True when the request carries this run's token where it may."""
        given = _header(scope, TOKEN_HEADER)
        if given is None and scope["method"] in _SAFE_METHODS:
            query = parse_qs(bytes(scope.get("query_string", b"")).decode("latin-1"))
            values = query.get("token", [])
            given = values[0] if len(values) == 1 else None
        return given is not None and token_equal(given, self.token)


def token_equal(given: str, token: str) -> bool:
    """Return True when ``given`` is ``token`` (compared in constant time)."""
    return secrets.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


async def _read_body(scope: Scope, receive: Receive, limit: int) -> bytes | None:
    """Return the whole request body, or None as soon as it passes ``limit`` bytes.

    ``Content-Length`` is used only to refuse early; the bytes are counted either way.
    """
    declared = _header(scope, b"content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                return None
        except ValueError:
            return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = bytes(message.get("body", b""))
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """Return a ``receive`` that gives ``body`` once, then waits on the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
