"""The cache folder: work that depends only on a template, kept across runs.

Three things are kept, each named by a hash of what produced them, so an entry can never
be stale: docxtpl's clean-up of a template part (``xml/``), Jinja's compiled code for it
(``jinja/``) and the values it shows (``tags/``, see :mod:`drafting.render.tags`). A second
``drafting render`` with the same template skips all three, which is most of the work
for a small document. The cache is an optimisation only: a
missing, unwritable, foreign or corrupt cache never changes output or fails a render.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

from drafting import __version__
from drafting.cachedir import cache_folder

__all__ = ["BytecodeCache", "cache_folder", "remember"]


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode("ascii")


def remember(kind: str, text: str, compute: Callable[[str], str], *, salt: str = "") -> str:
    """Return ``compute(text)``, from the cache when it was computed before.

    ``compute`` must be a pure function of ``text`` and of the versions named in
    ``salt`` (which, with drafting's and Python's versions, are part of the key). An
    entry carries the hash of its content; a damaged one is computed again.
    """
    base = cache_folder()
    if base is None:
        return compute(text)
    material = f"{kind}\0{salt}\0{__version__}\0{sys.version}\0{text}".encode()
    path = base / kind / (hashlib.sha256(material).hexdigest() + ".txt")
    try:
        digest, _, stored = path.read_bytes().partition(b"\n")
        if digest == _digest(stored):
            return stored.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    result = compute(text)
    data = result.encode("utf-8")
    temp = None
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(_digest(data) + b"\n" + data)
        os.replace(temp, path)
    except OSError:
        if temp is not None:
            with suppress(OSError):
                os.unlink(temp)
    return result


class BytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, except that a broken or unwritable cache never fails.

    Jinja names compiled code by the template's name and checks its source, but not
    the environment that compiled it: code compiled without the sandbox's operator
    checks would run unchecked in one that has them. ``salt`` (what of the environment
    shapes compiled code) is therefore part of every name.
    """

    def __init__(self, directory: str, salt: str) -> None:
        super().__init__(directory)
        self.salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.salt}\0{name}", filename)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a truncated or foreign file: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)
