"""Signals: Ctrl-C (SIGINT) and SIGTERM stop a run between files, never inside a write.

In the main process both signals raise :class:`KeyboardInterrupt` (so one clean-up path
serves them) and :func:`received` tells which one it was. Inside :func:`held` they are
only noted and take effect when the block ends, so that a file is either not begun or
complete and recorded. Worker processes (:func:`worker_start`) die with their parent.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from types import FrameType

STOPPING = (signal.SIGINT, signal.SIGTERM)
"""The signals that stop a run cleanly."""

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_WATCH_INTERVAL = 0.5  # seconds between looks at the parent, where prctl is missing


class _State:
    """What this process has seen: the last stopping signal, how deep :func:`held` is."""

    last: int = signal.SIGINT
    depth: int = 0
    parent: int | None = None  # set in a worker process: the pid it must die with
    busy: bool = False  # a worker is on a document


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def received() -> int:
    """Return the number of the last stopping signal this process received (SIGINT if none)."""
    return _State.last


def _stop(signum: int, frame: FrameType | None) -> None:
    """Main-process handler: note the signal and stop with KeyboardInterrupt."""
    _State.last = signum
    raise KeyboardInterrupt


@contextlib.contextmanager
def stopping() -> Iterator[None]:
    """Let SIGINT and SIGTERM raise KeyboardInterrupt in the block; restore the handlers after.

    Off the main thread (where handlers cannot be set) the block runs unchanged.
    """
    if not _on_main_thread():
        yield
        return
    _State.last = signal.SIGINT
    previous = {s: signal.signal(s, _stop) for s in STOPPING}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _deliver(signum: int, handler: signal._HANDLER) -> None:
    """Act on ``signum`` as ``handler`` (the one held back) would have."""
    if callable(handler):
        handler(signum, None)
    elif handler == signal.SIG_DFL:
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        signal.raise_signal(signum)


@contextlib.contextmanager
def held(*, deliver: bool = True) -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs; act on them when it ends.

    Nested blocks act only when the outermost ends. With ``deliver=False`` signals that
    came meanwhile are dropped (a second Ctrl-C while stopping). Off the main thread the
    block runs unchanged.
    """
    if not _on_main_thread():
        yield
        return
    if _State.depth:
        _State.depth += 1
        try:
            yield
        finally:
            _State.depth -= 1
        return
    pending: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        pending.append(signum)

    previous: dict[int, signal._HANDLER] = {s: signal.signal(s, note) for s in STOPPING}
    _State.depth = 1
    try:
        yield
    finally:
        _State.depth = 0
        for number, handler in previous.items():
            signal.signal(number, handler)
        if pending and deliver:
            _deliver(pending[0], previous[pending[0]])


@contextlib.contextmanager
def blocked() -> Iterator[None]:
    """Block SIGINT and SIGTERM at the OS level (while forking workers); POSIX only."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, set(STOPPING))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(STOPPING))


def _parent_gone() -> bool:
    return _State.parent is not None and os.getppid() != _State.parent


def _worker_term(signum: int, frame: FrameType | None) -> None:
    """Worker handler for SIGTERM: die when the parent is gone, else leave it to the parent.

    A worker whose parent died abandons its document (the write in progress removes its
    temporary file as it unwinds) and exits; one that is idle exits at once. While the
    parent lives, it decides when the run stops and collects what the worker finishes.
    """
    if not _parent_gone():
        return
    if _State.busy:
        raise KeyboardInterrupt
    os._exit(128 + signum)


def _set_death_signal() -> bool:
    """Ask Linux to send this process SIGTERM when its parent dies; return True if it did."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent() -> None:
    """Fallback of :func:`_set_death_signal`: look at the parent pid twice a second."""
    while not _parent_gone():
        time.sleep(_WATCH_INTERVAL)
    with contextlib.suppress(OSError):
        os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(_WATCH_INTERVAL * 4)
    os._exit(128 + signal.SIGTERM)  # the handler could not run (main thread stuck in C)


def worker_start(parent: int) -> None:
    """Make this (pool worker) process die with ``parent``; call first in the worker.

    The process watched is the worker's own parent: ``parent`` itself when forked or
    spawned, the fork server (which ends with ``parent``) under ``forkserver``. SIGINT
    raises KeyboardInterrupt again (the render time limit is delivered as one); SIGTERM
    is handled by :func:`_worker_term`. Both are unblocked (they were blocked while the
    worker was forked). Returns nothing.
    """
    _State.parent = os.getppid()
    _State.depth = 0
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _worker_term)
    if not _set_death_signal():
        threading.Thread(target=_watch_parent, name="drafting-parent-watch", daemon=True).start()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(STOPPING))
    if _parent_gone() or not _exists(parent):  # it died before the death signal was set
        os._exit(128 + signal.SIGTERM)


def _exists(pid: int) -> bool:
    """Return False when no process ``pid`` exists (POSIX; elsewhere always True)."""
    if os.name != "posix":
        return True  # os.kill(pid, 0) would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def working() -> Iterator[None]:
    """Mark the worker busy on a document; a death of the parent then unwinds the work.

    Yields; when the parent died meanwhile, the worker exits after the block's clean-up.
    """
    _State.busy = True
    try:
        yield
    except KeyboardInterrupt:
        if _parent_gone():
            os._exit(128 + signal.SIGTERM)
        raise
    finally:
        _State.busy = False
