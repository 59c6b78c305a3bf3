"""What the serve tests share: a copy of the examples served by an in-process app.

Every request goes through the whole ASGI stack (guard, router, endpoint) with
Starlette's TestClient; the base URL carries the port so that the Host header is the
one a browser sends to ``drafting serve``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from starlette.testclient import TestClient

from drafting.serve.app import create_app

from ..conftest import EXAMPLES

TOKEN = "test-token-0123456789abcdef"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
HEADERS = {"X-Drafting-Token": TOKEN}


def office(folder: Path) -> Path:
    """Copy the examples (documents and units.yaml) into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in EXAMPLES.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


@contextmanager
def client(root: Path, *, token: bool = True, static: Path | None = None) -> Iterator[TestClient]:
    """Yield a client of an app serving ``root`` (sending the token header when ``token``)."""
    app = create_app(root, TOKEN, static=static)
    headers = HEADERS if token else {}
    with TestClient(app, base_url=BASE, headers=headers, raise_server_exceptions=True) as made:
        yield made
