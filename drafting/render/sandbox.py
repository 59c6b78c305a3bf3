"""The bounded Jinja sandbox that runs templates: limits on output, time and memory.

Templates run in a :class:`~jinja2.sandbox.SandboxedEnvironment` that also refuses
to build more than :data:`MAX_OUTPUT_CHARS` characters in one part or one step
(``"x" * 10**10``, ``"x"|center(10**10)``, ``7 ** 10**6``), is stopped after
:func:`time_limit` seconds by a watchdog thread, and may take :data:`MEMORY_BUDGET`
bytes of memory beyond what the process already uses. Template parts are named by
the hash of their XML so that compiled parts are cached in memory and on disk.
"""

from __future__ import annotations

import _thread
import hashlib
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from drafting import __version__
from drafting.errors import OutputTooLarge, TemplateProblem
from drafting.ooxml.package import MAX_PART_BYTES
from drafting.render.cache import BytecodeCache, cache_folder


class _Sources(BaseLoader):
    """Template parts by the hash of their XML, so that the environment caches them.

    Within a process the environment keeps compiled parts (a batch compiles each part
    once); across processes the bytecode cache keeps them (a second ``drafting render``
    skips Jinja's parse and compile, which is most of a small render's work).
    """

    def __init__(self) -> None:
        self._pending: dict[str, str] = {}

    def template(self, env: Environment, xml: str) -> Any:
        """Return the compiled template for the part ``xml``."""
        name = hashlib.sha256(xml.encode("utf-8")).hexdigest()
        self._pending[name] = xml
        try:
            return env.get_template(name)
        finally:
            self._pending.pop(name, None)

    def get_source(self, environment: Environment, template: str) -> tuple[str, None, Any]:
        if template not in self._pending:  # {% include/import/extends 'x' %}: parts only
            raise TemplateNotFound(template)
        return self._pending[template], None, lambda: True  # named by content: never stale


SOURCES = _Sources()
"""The loader of every environment here: parts only, no include/import/extends."""


MAX_OUTPUT_CHARS = MAX_PART_BYTES // 4
"""Characters one rendered part may have: even at 4 UTF-8 bytes each, `import` and `lint`
(which refuse parts over 64 MB) can still read what we write."""
_MAX_POWER_BITS = 100_000  # 10**30000: far past any number a document prints
_PRINTF_RE = re.compile(r"%[-#0 +]*(\d*)(?:\.(\d*))?")  # "%08.2f": width, precision
_FIELD_RE = re.compile(r"\{[^{}]*?:([^{}]*)\}")  # "{:>8.2}": the spec after the colon


def _too_large() -> OutputTooLarge:
    return OutputTooLarge(f"输出超过 {MAX_OUTPUT_CHARS // 10**6} 百万字符")


def _check_size(value: Any) -> None:
    """Raise when ``value`` is an int (a count or width) beyond the output limit."""
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_OUTPUT_CHARS:
        raise _too_large()


def _check_format(spec: Any, *, printf: bool) -> None:
    """Raise when a format string asks for a width or precision beyond the output limit."""
    if not isinstance(spec, str):
        return
    if printf:
        numbers = [n for match in _PRINTF_RE.findall(spec) for n in match]
    else:
        numbers = [n for field in _FIELD_RE.findall(spec) for n in re.findall(r"\d+", field)]
    for digits in numbers:
        if digits:
            _check_size(int(digits))


def _bounded_filter(function: Any, *, printf: bool) -> Any:
    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        if printf:  # the format filter is value % args
            _check_format(value, printf=True)
        for arg in (value, *args, *kwargs.values()):
            _check_size(arg)
        return function(value, *args, **kwargs)

    return bounded


class Bounded(SandboxedEnvironment):
    """The sandbox, with a ceiling on output: per part, and per single operation.

    The running total is counted as Jinja's generator yields (a loop that grows the
    output stops at the limit, before memory runs out); operators, calls and filters
    that would build one huge value in a single C-level step are refused beforehand,
    since no timer can interrupt those.
    """

    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        for name in ("center", "indent", "format", "wordwrap", "truncate"):
            self.filters[name] = _bounded_filter(self.filters[name], printf=name == "format")

    def concat(self, chunks: Any) -> str:
        """Join a part's output chunks, stopping once they pass the limit."""
        parts, total = [], 0
        for chunk in chunks:
            total += len(chunk)
            if total > MAX_OUTPUT_CHARS:
                raise _too_large()
            parts.append(chunk)
        return "".join(parts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                _check_size(len(left) + len(right))
        elif operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int):
                    _check_size(len(seq) * count)
        elif operator == "**":
            grows = isinstance(left, int) and isinstance(right, int) and right > 0
            if grows and abs(left) > 1 and right * abs(left).bit_length() > _MAX_POWER_BITS:
                raise _too_large()
        elif isinstance(left, str):  # "%" on a string: printf-style formatting
            _check_format(left, printf=True)
            for arg in right if isinstance(right, tuple) else (right,):
                _check_size(arg)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            _check_size(arg)
        _check_format(getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None), printf=False)
        return super().call(__context, __obj, *args, **kwargs)


@cache
def environment() -> SandboxedEnvironment:
    """Return the environment for template parts (XML: autoescaped), with the bytecode cache."""
    folder = cache_folder()
    env = Bounded(autoescape=True, undefined=StrictUndefined, loader=SOURCES, cache_size=64)
    if folder:
        shape = (type(env).__name__, sorted(env.intercepted_binops), sorted(env.intercepted_unops))
        env.bytecode_cache = BytecodeCache(str(folder / "jinja"), salt=f"{__version__}{shape}")
    return env


@cache
def text_environment() -> SandboxedEnvironment:
    """Return the environment for document properties (plain text: not escaped)."""
    return Bounded(autoescape=False, undefined=StrictUndefined, loader=SOURCES)


def time_limit() -> float:
    """Return the seconds one document may take to render (``DRAFTING_RENDER_TIMEOUT``, 60)."""
    try:
        value = float(os.environ.get("DRAFTING_RENDER_TIMEOUT", "60"))
    except ValueError:
        return 60.0
    return value if value > 0 else 60.0


class _Watchdog:
    """One daemon thread per process that interrupts the main thread at a deadline.

    Starting a thread per document cost about a millisecond in a batch; this one is
    started once and armed and disarmed for each document.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._deadline: float | None = None
        self._fired = False
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> None:
        """Interrupt the main thread ``seconds`` from now unless disarmed first."""
        with self._cond:
            self._deadline = time.monotonic() + seconds
            self._fired = False
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="drafting-watchdog")
                self._thread.daemon = True
                self._thread.start()
            self._cond.notify()

    def disarm(self) -> bool:
        """Cancel the deadline; return True when it fired since it was last armed."""
        with self._cond:
            self._deadline = None
            return self._fired

    def _run(self) -> None:
        with self._cond:
            while True:
                if self._deadline is None:
                    self._cond.wait()
                    continue
                remaining = self._deadline - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                self._deadline = None
                self._fired = True
                _thread.interrupt_main()


_WATCHDOG = _Watchdog()


@contextmanager
def stopped_after(seconds: float, path: Path) -> Iterator[None]:
    """Interrupt the block after ``seconds`` and raise :class:`TemplateProblem`.

    Jinja code cannot be stopped from outside except by interrupting the main thread
    (portable, unlike SIGALRM); off the main thread the block runs unlimited.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = False
    try:
        _WATCHDOG.arm(seconds)
        try:
            yield
        finally:
            fired = _WATCHDOG.disarm()
    except KeyboardInterrupt:
        # the interrupt may arrive while disarming, before ``fired`` was assigned
        if not (fired or _WATCHDOG.disarm()):
            raise
        raise TemplateProblem(
            f"模板 {path} 运行超过 {seconds:g} 秒仍未结束（可能有死循环），已停止，未生成文件",
            code="template-timeout",
        ) from None


MEMORY_BUDGET = 2**30
"""Bytes of memory a template may take beyond what the process already uses: the bundled
templates need about 60 MB for a 20,000-task plan; a runaway template (``~`` doubling,
``sum`` of lists, ``replace`` growth, ``append`` loops) stops here with MemoryError."""


def _data_in_use() -> int | None:
    """Return the bytes of the process's data segment (VmData), or None where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


@contextmanager
def memory_bounded(budget: int = MEMORY_BUDGET) -> Iterator[None]:
    """Lower the soft RLIMIT_DATA to what is in use plus ``budget`` for the block.

    Only the soft limit changes, and it is put back afterwards, so LibreOffice (started
    later, it inherits limits) and the rest of the process are unaffected. Where there
    is no ``resource`` module or no /proc (Windows, macOS), the block runs unbounded.
    """
    try:
        import resource
    except ImportError:
        yield
        return
    used = _data_in_use()
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = None if used is None else used + budget
    if limit is None or (hard != resource.RLIM_INFINITY and limit >= hard):
        yield
        return
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield
        return
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
