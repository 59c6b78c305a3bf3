"""``rollover``: last year's plan as the start of this year's, edited in place as text.

The new file is the old file's text with only the changed values rewritten: every
comment, blank line, quoting style and indentation survives by construction, because
the edits are made on the source spans the reader recorded (``Mark.start``/``end``),
never by dumping a tree. A year is four digits either way, so lines and columns of the
old and new files agree.

Structured fields move forward: ``year``, ``date``, the years in ``title``,
``doc_number`` and task ``deadline``. Prose (preamble, texts, headings, subtitle,
closing) is never rewritten; every year near the old one found there is listed for
review.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from drafting.check.load import Mark, NodePath, Source, line_col, strings
from drafting.diagnostics import Diagnostic
from drafting.errors import InputError, UsageError

_YEAR = re.compile(r"(?<![0-9])((?:19|20|21)[0-9]{2})(?![0-9])")
_CN_YEAR = re.compile(r"[二一][〇零○][〇零○一二三四五六七八九]{2}年")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NEAR = 5  # years within this distance of the old year are reported in prose
# Fields that name no year: never reported.
_QUIET = frozenset(
    {"id", "kind", "units", "lead", "org", "units_label", "numbering", "responsibility"}
)
_QUIET |= {"attachments", "signature", "plan_ref", "plan"}
_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGIT |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class Change:
    """A value rewritten: where (1-based, same in both files), the field, old and new."""

    line: int
    col: int
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Review:
    """A year left in prose for a person to check."""

    line: int
    col: int
    field: str
    found: str
    context: str


@dataclass(frozen=True)
class Rolled:
    """The outcome: the new file's text, what changed and what to review."""

    text: str
    old_year: int
    new_year: int
    changes: tuple[Change, ...]
    reviews: tuple[Review, ...]


def field_name(path: NodePath) -> str:
    """Return ``sections[0].tasks[2].deadline`` for a node path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def shift_years(text: str, delta: int, old: int = 0) -> str:
    """Return ``text`` with every four-digit year (19xx–21xx) moved by ``delta``.

    Every year moves, not only those near ``old`` (kept for the callers' signature): a
    window would make rollover +1 then -1 lose years at its edge. Each change is
    reported, so a fixed year in a title (a plan period) is seen and can be put back.
    """
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


def shift_date(text: str, delta: int) -> str:
    """Return ``text`` with its YYYY-MM-DD date moved by ``delta`` years (29 Feb → 28 Feb)."""

    def move(match: re.Match[str]) -> str:
        year, month, day = (int(g) for g in match.groups())
        year += delta
        day = min(day, calendar.monthrange(year, month)[1]) if 1 <= month <= 12 else day
        return f"{year:04d}-{month:02d}-{day:02d}"

    return _DATE.sub(move, text)


def _shift_date(text: str, delta: int, old: int) -> str:
    return shift_date(text, delta)


_MOVES: dict[str, Callable[[str, int, int], str]] = {
    "year": shift_years,
    "date": _shift_date,
    "years": shift_years,
}


def _structured(path: NodePath) -> str | None:
    """Return how the value at ``path`` moves forward (None: it is prose)."""
    if path == ("year",):
        return "year"
    if path == ("date",):
        return "date"
    if path[:1] in (("title",), ("doc_number",)) or (path and path[-1] == "deadline"):
        return "years"
    return None


def _cn_year(text: str) -> int:
    return int("".join(str(_CN_DIGIT.get(ch, 0)) for ch in text[:4]))


def rollover(source: Source, year: int | None = None) -> Rolled:
    """Return the plan of ``source`` moved to ``year`` (default: the next year).

    Raises :class:`~drafting.errors.UsageError` for a document that is not a plan or
    has no valid year.
    """
    data = source.data
    if data.get("kind") != "plan":
        raise UsageError(
            f"{source.path} 不是工作要点（kind: plan），只有工作要点可以滚动到下一年",
            code="not-a-plan",
        )
    try:
        old = int(str(data.get("year")))
    except ValueError:
        raise UsageError(f"{source.path} 中的 year 不是有效的年份", code="bad-year") from None
    new = old + 1 if year is None else year
    if not 1900 <= new <= 2199:
        raise UsageError(f"年份 {new} 不在 1900—2199 之间", code="bad-year")
    delta = new - old
    text = source.text
    edits: list[tuple[int, int, str]] = []
    changes: list[Change] = []
    reviews: list[Review] = []
    for path, value in strings(data, (), _QUIET):
        mark: Mark | None = source.marks.get(path)
        if mark is None or mark.start < 0:
            continue
        span = text[mark.start : mark.end]
        how = _structured(path)
        if how is not None and delta:
            move = _MOVES[how]
            moved = move(span, delta, old)
            if moved != span:
                edits.append((mark.start, mark.end, moved))
                line, col = line_col(text, mark.start)
                changes.append(Change(line, col, field_name(path), value, move(value, delta, old)))
            continue
        if how is not None:
            continue
        reviews += _prose_years(text, mark.start, path, span, old)
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    reviews.sort(key=lambda r: (r.line, r.col))
    return Rolled(text, old, new, tuple(changes), tuple(reviews))


def _prose_years(text: str, start: int, path: NodePath, span: str, old: int) -> list[Review]:
    """Return a review for each year near ``old`` in ``span`` (at ``start`` of ``text``)."""
    found = [
        _review(text, start + m.start(), path, m.group(), span, m)
        for m in _YEAR.finditer(span)
        if abs(int(m.group(1)) - old) <= _NEAR
    ]
    found += [
        _review(text, start + m.start(), path, m.group(), span, m)
        for m in _CN_YEAR.finditer(span)
        if abs(_cn_year(m.group()) - old) <= _NEAR
    ]
    return found


def _review(
    text: str, index: int, path: NodePath, found: str, span: str, match: re.Match[str]
) -> Review:
    line, col = line_col(text, index)
    lo, hi = max(match.start() - 8, 0), min(match.end() + 8, len(span))
    context = " ".join(span[lo:hi].split())
    return Review(line, col, field_name(path), found, context)


@dataclass(frozen=True)
class RolloverResult:
    """What ``rollover_file`` did: the edits, the target and the new file's check."""

    rolled: Rolled
    target: Path
    diagnostics: tuple[Diagnostic, ...]
    backup: Path | None = None  # where --force kept the file it replaced


def default_target(source: Path, old: int, new: int) -> Path:
    """Return ``plan-2025.yaml`` for ``plan-2024.yaml`` (or ``plan-2025.yaml`` for ``plan.yaml``)."""
    if str(old) in source.stem:
        return source.with_name(source.stem.replace(str(old), str(new)) + source.suffix)
    return source.with_name(f"{source.stem}-{new}{source.suffix}")


def rollover_file(
    path: Path, year: int | None = None, output: Path | None = None, *, force: bool = False
) -> RolloverResult:
    """Check ``path``, roll it to ``year`` and write the new file atomically.

    The source is never modified; an existing target is kept unless ``force`` (then a
    ``.bak`` copy is kept). Raises :class:`~drafting.errors.InputError` when the source
    (or, which would be a bug, the result) has errors, and ``UsageError`` for a bad
    target.
    """
    from drafting.check import Checker
    from drafting.fsio import atomic_write, guard

    checker = Checker()
    checked = checker.check_file(path)
    if not checked.ok or checked.source is None:
        raise InputError(checked.diagnostics)
    rolled = rollover(checked.source, year)
    target = output or default_target(path, rolled.old_year, rolled.new_year)
    if target.is_dir():
        target = target / default_target(path, rolled.old_year, rolled.new_year).name
    claim = guard(target, force=force, inputs=(path,), ours=None)
    result = checker.check_text(rolled.text, target, str(target))
    if not result.ok:
        raise InputError(result.diagnostics)
    raw = path.read_bytes()
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    kept = atomic_write(target, bom + rolled.text.encode("utf-8"), claim=claim)
    return RolloverResult(rolled, target, result.diagnostics, kept)
