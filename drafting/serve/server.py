"""Running the app: the socket, the token, and uvicorn started from Python.

:func:`bind` opens the listening socket first, so that the URL (with the port the system
chose for ``--port 0``) is known before the server runs; :func:`run` serves the app on it
with uvicorn until Ctrl-C or SIGTERM, with logs at warning level and no access log (the
token travels in the start URL).
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from drafting.errors import UsageError

DEFAULT_PORT = 8765
"""The port tried first when none is given; a free one is taken when it is busy."""
LOOPBACK = "127.0.0.1"
REQUIRED = ("starlette", "uvicorn", "ruamel.yaml", "multipart")
"""The modules ``drafting serve`` needs beyond the rest of drafting."""


@dataclass(frozen=True)
class Bound:
    """A listening socket and what the start URL is made of."""

    sock: socket.socket
    host: str
    port: int
    token: str

    @property
    def url(self) -> str:
        """Return the start URL, token included."""
        name = f"[{self.host}]" if ":" in self.host else self.host
        if self.host in ("0.0.0.0", "::"):
            name = LOOPBACK
        return f"http://{name}:{self.port}/?token={self.token}"


def missing_module() -> str | None:
    """Return the first module of :data:`REQUIRED` that cannot be imported, or None."""
    import importlib.util

    for name in REQUIRED:
        try:
            if importlib.util.find_spec(name) is None:
                return name
        except (ImportError, ValueError):
            return name
    return None


def is_loopback(host: str) -> bool:
    """Return True when ``host`` is a loopback address or ``localhost``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_names(host: str) -> tuple[str, ...]:
    """Return the Host names a server bound to ``host`` answers besides the loopback ones.

    A specific address is its own name; the wildcard (``0.0.0.0``, ``::``) stands for this
    machine's name and addresses, never for any name (that would let DNS rebinding in).
    """
    if is_loopback(host):
        return ()
    if host.strip("[]") not in ("0.0.0.0", "::"):
        return (host,)
    name = socket.gethostname()
    names = [name]
    with contextlib.suppress(OSError):
        names += [str(info[4][0]) for info in socket.getaddrinfo(name, None)]
    return tuple(dict.fromkeys(n for n in names if not is_loopback(n)))


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def bind(host: str = LOOPBACK, port: int | None = None) -> Bound:
    """Open the listening socket on ``host``: ``port``, or 8765 and else a free one.

    ``port`` 0 asks the system for a free port. Raises :class:`UsageError` when the
    address cannot be bound (the port busy, the host not this machine's).
    """
    token = secrets.token_urlsafe(24)
    tries = [DEFAULT_PORT, 0] if port is None else [port]
    for index, number in enumerate(tries):
        try:
            sock = _listen(host, number)
        except OSError as exc:
            if index + 1 < len(tries) and exc.errno in (errno.EADDRINUSE, errno.EACCES):
                continue
            if exc.errno == errno.EADDRINUSE:
                message = f"端口 {number} 已被占用，请换一个端口（--port）或用 --port 0 自动选择"
            else:
                message = f"无法在 {host}:{number} 上启动服务：{exc.strerror or exc}"
            raise UsageError(message, code="bind") from None
        return Bound(sock, host, sock.getsockname()[1], token)
    raise AssertionError("unreachable")  # pragma: no cover


def run(root: Path, bound: Bound) -> None:
    """Serve ``root`` on ``bound`` until Ctrl-C or SIGTERM (raised as KeyboardInterrupt)."""
    import uvicorn

    from drafting.serve.app import create_app

    app = create_app(root, bound.token, hosts=host_names(bound.host))
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[bound.sock])
    finally:
        bound.sock.close()
