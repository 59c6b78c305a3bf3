"""Score ``drafting import`` on the corpus: how many documents need no manual fix.

For every document of the corpus that has an ``.expected.yaml`` beside it
(``tests/corpus/web/*.txt``, ``tests/corpus/docx/*.docx`` …) the document is imported
in-process through the library, into a temporary folder, with a time limit, and the
result is compared with the expectation (format: ``tests/corpus/README.md``)::

    python3 tools/score_import.py [--corpus tests/corpus] [--json] [--min-share 0.95]
                                  [--timeout 30] [DOCUMENT-STEM …]

It prints one row per document (kind, imported or not, manual fixes, characters lost
without a report line, what is wrong in a few words), then the share of documents that
need no manual fix. Exit status 1 when that share is below ``--min-share`` (a fraction,
0–1) or when any import ended in an internal error (an exception that is not a
``DraftingError``, or the time limit), 0 otherwise.

How a document is scored (the decisions the issue leaves open):

- **Manual fixes** are the fields a person must correct: kind, title, year, 文号, 主送,
  salutation (1 each when wrong); each missing or extra section, group or task (with
  everything under it: a missing section of 5 tasks is 6 fixes); a section or group
  kept in place whose title is wrong, a task kept in place whose start is wrong (1
  each); a task's units, lead or deadline when wrong (1 each). Elements are matched in
  order (longest common subsequence on title/start); unmatched ones between two matches
  are paired in order as "kept in place but wrong", the rest are missing or extra.
- **A failed import** (a ``DraftingError``) is scored against an empty result: one fix
  per expected field and per expected section, group and task.
  A page of several documents refused for want of ``--part`` is imported again with
  ``--part 1`` (the expectation describes the first document) and costs 1 fix.
- **Text is compared** after the importer's own half-width → full-width conversion of
  both sides (repeated until nothing changes, as a second pass of the importer's changes
  a ")" before a "，" the first pass made), with white space removed; a section or group title without a closing 。
  (an expectation leaves it off; the importer keeps the 。 of a run-in title, which
  renders it run-in, on one line with its text); a task's start is a prefix of its title + text
  (plan) or title + result (summary).
- **A null expectation**: a null ``title`` is not scored (the document has none; a
  person always writes one). A null ``year`` accepts any year when the report says the
  year was guessed (an ``import-year-guessed`` warning), otherwise it is 1 fix. Null
  ``doc_number``/``addressee``/``salutation`` expect none.
- **主送** is compared without its final colon (the schema requires one, a reader's
  expectation writes the addressee without it); a speech without ``salutation`` says the
  schema's default, 同志们：; ``salutation: false`` says it has none (a null expectation).
- **文号** is compared with its year in 〔〕 and 号 (the schema requires that form, so
  the importer writes 教政法〔2017〕4号 for a source's 教政法[2017]4號, and 17号 for a
  glossed 17號(hào): the schema's form ends in 号).
- **A title on several lines** (a list: the source broke it by hand, and the schema
  keeps the lines) is compared as its lines joined.
- **No 一、 level**: an expectation with top-level ``tasks:``/``groups:`` (or with no
  structure at all, when the import has a section) is compared with the one section the
  importer must make (a plan's schema needs one); that section's
  title is not scored, but it costs 1 fix unless the report has an ``import-no-section``
  warning (no invented heading without a warning).
- **Tasks before the first group** (an expectation's section, or its top level, with
  both ``tasks:`` and ``groups:``, as a page cut in mid-document shows them): the schema
  does not allow both in one section, so the tasks are compared with a first group the
  importer must make of them; its title is not scored, but it costs 1 fix unless the
  report has an ``import-no-group-title`` warning.
- **A truncated document** (``truncated: true``): the cut can fall inside the last task,
  so the last task of the document matches when its start and the imported text agree
  as far as the imported text goes (either is a prefix of the other); its units, lead
  and deadline are compared as written in the expectation, which lists what the text
  shows.
- **Characters lost**: every CJK ideograph of a source line that no import note names
  must occur in the imported data (the YAML's values, not its comments). The count is
  by multiset (how many of each character), so it is a lower bound: a character lost in
  one place and present in another is not counted. A note about the whole file is placed
  at line 1; it is told apart by coming after notes of later lines, but when it is the
  only note it also names line 1. Not counted for a failed import (nothing was written,
  and the failure is loud).
- **Time limit**: an import running longer than ``--timeout`` seconds is stopped and
  counts as an internal error (a hang is a bug).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, it scores this checkout's package, unless PYTHONPATH names another
# (to score a branch's code against this corpus).
if str(ROOT) not in sys.path and not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))

from drafting.errors import DraftingError, PartError  # noqa: E402
from drafting.ingest.recognise import full_width  # noqa: E402
from drafting.ingest.responsibility import LABELS  # noqa: E402
from drafting.outline import LEVEL_PATTERNS  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
EXPECTED = ".expected.yaml"
SOURCES = (".docx", ".doc", ".txt", ".md", ".wps", ".rtf", ".odt", ".pdf")
TIMEOUT = 30.0
NO_SECTION = "import-no-section"
NO_GROUP_TITLE = "import-no-group-title"


# -- what one import gave -------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One import: the data (None when it failed), its notes, and how it ended.

    ``error`` is "" on success, else the failure's code; ``internal`` says the failure
    was not a ``DraftingError`` (or the time limit); ``part`` says ``--part 1`` was needed.
    """

    data: dict[str, Any] | None
    notes: tuple[Any, ...] = ()
    error: str = ""
    internal: bool = False
    part: bool = False
    seconds: float = 0.0


class _Timeout(Exception):
    """The import ran past its time limit."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


def import_one(path: Path, folder: Path, timeout: float = TIMEOUT) -> Outcome:
    """Import ``path`` into ``folder`` through the library; return how it went."""
    started = time.perf_counter()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        outcome = _attempt(path, folder)
    except _Timeout:
        outcome = Outcome(None, error="timeout", internal=True)
    except Exception as exc:  # the scorer's job is to count these
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        outcome = Outcome(None, error=f"internal: {detail[:80]}", internal=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return Outcome(
        outcome.data,
        outcome.notes,
        outcome.error,
        outcome.internal,
        outcome.part,
        time.perf_counter() - started,
    )


def _attempt(path: Path, folder: Path) -> Outcome:
    """Import once, again with ``part=1`` on a PartError; a DraftingError is a failure."""
    from drafting.ingest.importer import import_file

    target = folder / (path.stem + ".yaml")
    part = False
    try:
        try:
            imported = import_file(path, target, force=True)
        except PartError:
            part = True
            imported = import_file(path, target, part=1, force=True)
    except DraftingError as exc:
        return Outcome(None, error=exc.code or type(exc).__name__, part=part)
    notes = (*imported.recognised.notes, *imported.diagnostics)
    return Outcome(imported.recognised.data, notes, part=part)


# -- comparing ------------------------------------------------------------------------


DEFAULT_SALUTATION = "同志们："
"""What a speech without ``salutation`` says (the schema's default)."""


_DOC_NUMBER_YEAR = re.compile(r"[\[［(（【〔]\s*((?:19|20)\d{2})\s*[\]］)）】〕]")
_DOC_NUMBER_GLOSS = re.compile(r"号[(（][a-zü\u00e0-\u01dc]+[)）]$")
"""A pinyin gloss on the final 号 (號(hào)), which the schema's form cannot keep."""


def _field(key: str, value: Any) -> Any:
    """Return ``value`` as compared: normalised; 主送 without its final colon (the schema
    requires one; a reader writes the addressee without it); a 文号 with its year in
    〔〕 and 号 (the form the schema requires, which the importer must write), without
    a pinyin gloss on that 号."""
    text = norm(value)
    if key == "addressee":
        return text.rstrip("：:")
    if key == "doc_number":
        number = _DOC_NUMBER_YEAR.sub(r"〔\1〕", text).replace("號", "号")
        return _DOC_NUMBER_GLOSS.sub("号", number)
    return text


def _title(value: Any) -> str:
    """Return a title as compared: a title kept on several lines (a list) as one text."""
    if isinstance(value, list):
        return norm("".join(str(line) for line in value))
    return norm(value)


def norm(text: Any) -> str:
    """Return ``text`` as the scorer compares it: full-width punctuation, no white space."""
    if text is None:
        return ""
    converted, changed = full_width(str(text))
    while changed:  # to a fixed point: "(shì)," becomes "（shì），" only once "，" is there
        converted, changed = full_width(converted)
    return "".join(converted.split())


@dataclass
class Tally:
    """The manual fixes of one document, counted by the words saying what they are."""

    fixes: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, count: int, what: str) -> None:
        """Count ``count`` fixes described by ``what`` (a count of 0 only names it)."""
        self.fixes += count
        self.counts[what] = self.counts.get(what, 0) + count

    @property
    def wrong(self) -> list[str]:
        """Return the words, each with its count when above 1, in the order first made."""
        return [what if n <= 1 else f"{what}×{n}" for what, n in self.counts.items()]


def align(
    expected: Sequence[Any], got: Sequence[Any], same: Callable[[Any, Any], bool]
) -> list[tuple[Any, Any]]:
    """Return the pairs (expected, got) in order; None on a side that has no partner.

    The longest common subsequence under ``same`` is matched; between two matches the
    unmatched elements of both sides are paired in order, the rest stand alone.
    """
    n, m = len(expected), len(got)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if same(expected[i], got[j]):
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    pairs: list[tuple[Any, Any]] = []
    gap_e: list[Any] = []
    gap_g: list[Any] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and same(expected[i], got[j]):
            pairs += _gap(gap_e, gap_g)
            gap_e, gap_g = [], []
            pairs.append((expected[i], got[j]))
            i, j = i + 1, j + 1
        elif j >= m or (i < n and table[i + 1][j] >= table[i][j + 1]):
            gap_e.append(expected[i])
            i += 1
        else:
            gap_g.append(got[j])
            j += 1
    return pairs + _gap(gap_e, gap_g)


def _gap(expected: list[Any], got: list[Any]) -> list[tuple[Any, Any]]:
    size = max(len(expected), len(got))
    return [
        (expected[k] if k < len(expected) else None, got[k] if k < len(got) else None)
        for k in range(size)
    ]


def _size(node: dict[str, Any]) -> int:
    """Return 1 + the number of groups and tasks under ``node`` (a section, group or task)."""
    groups = node.get("groups") or []
    tasks = node.get("tasks") or []
    return 1 + sum(_size(g) for g in groups) + len(tasks)


@dataclass(frozen=True)
class Expectation:
    """One document's ``.expected.yaml`` and where its source is."""

    source: Path
    data: dict[str, Any]

    @property
    def truncated(self) -> bool:
        """Return whether the document was cut (its last task may be incomplete)."""
        return bool(self.data.get("truncated"))


def _task_text(task: dict[str, Any]) -> str:
    """Return a task's title and text (or result) as compared; a list of paragraphs is
    its paragraphs in order (not the list's printed form)."""
    body = task.get("text") or task.get("result") or ""
    if isinstance(body, list):
        body = "".join(str(paragraph) for paragraph in body)
    return norm(str(task.get("title") or "") + str(body))


class Scorer:
    """Compares one import with one expectation and counts the fixes."""

    def __init__(self, expected: Expectation, outcome: Outcome) -> None:
        self.expected = expected.data
        self.truncated = expected.truncated
        self.outcome = outcome
        self.data = outcome.data or {}
        self.tally = Tally()
        self.last_task = _last_task(self.expected)

    def score(self) -> Tally:
        """Return the fixes this import needs."""
        if self.outcome.part:
            self.tally.add(1, "需 --part 1")
        if self.outcome.data is None:
            self.tally.add(0, f"导入失败（{self.outcome.error}）")  # its fixes follow
        self._head()
        self._structure()
        return self.tally

    def _head(self) -> None:
        exp, got = self.expected, self.data
        if exp.get("kind") != got.get("kind"):
            self.tally.add(1, f"类型 {got.get('kind')}")
        if exp.get("title") is not None and _title(exp["title"]) != _title(got.get("title")):
            self.tally.add(1, "标题")
        self._year()
        for key, word in (("doc_number", "文号"), ("addressee", "主送"), ("salutation", "称呼")):
            if key in exp and _field(key, exp.get(key)) != _field(key, self._value(key)):
                self.tally.add(1, word)

    def _value(self, key: str) -> Any:
        """Return the imported value of ``key``; a speech's salutation defaults to 同志们："""
        got = self.data.get(key)
        if key == "salutation" and self.data.get("kind") == "speech":
            if got is False:  # salutation: false: the speech has none (a null expectation)
                return None
            if got is None:
                return DEFAULT_SALUTATION
        return got

    def _year(self) -> None:
        year = self.expected.get("year")
        if year is not None:
            if year != self.data.get("year"):
                self.tally.add(1, "年份")
        elif self.outcome.data is not None and not self._year_noted():
            self.tally.add(1, "年份（默认未说明）")

    def _year_noted(self) -> bool:
        return any(n.code == "import-year-guessed" for n in self.outcome.notes)

    def _structure(self) -> None:
        got = list(self.data.get("sections") or [])
        exp = list(self.expected.get("sections") or [])
        # no 一、 level: top-level tasks/groups, or no structure at all while the importer
        # made the one section a plan's schema needs
        flat = not exp and (self.expected.get("tasks") or self.expected.get("groups") or got)
        if flat:
            exp = [
                {
                    "title": None,
                    "groups": self.expected.get("groups") or [],
                    "tasks": self.expected.get("tasks") or [],
                }
            ]
            if self.outcome.data is not None and not self._warned_no_section():
                self.tally.add(1, "虚构部分无警告")
        for e, g in align(exp, got, _same_title):
            self._node(e, g, "部分")

    def _warned_no_section(self) -> bool:
        return any(n.code == NO_SECTION for n in self.outcome.notes)

    def _node(self, exp: dict[str, Any] | None, got: dict[str, Any] | None, word: str) -> None:
        """Compare a section or group pair (either side may be None)."""
        if got is None and exp is not None:  # a virtual section (no 一、) is no fix itself
            self.tally.add(_size(exp) - (exp.get("title") is None), f"缺{word}")
            return
        if exp is None and got is not None:
            self.tally.add(_size(got), f"多{word}")
            return
        assert exp is not None and got is not None
        if not _same_title(exp, got):
            self.tally.add(1, f"{word}标题")
        if exp.get("tasks") and exp.get("groups"):
            exp = self._leading_group(exp, got)
        for e, g in align(exp.get("groups") or [], got.get("groups") or [], _same_title):
            self._node(e, g, "分组")
        for e, g in align(exp.get("tasks") or [], got.get("tasks") or [], self._same_start):
            self._task(e, g)

    def _leading_group(self, exp: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
        """Return ``exp`` with its tasks before the first group made a group of their own.

        A section cannot hold both (the schema's mixed-outline), so the import must put
        them in a group: its title is not scored, but it costs 1 fix unless the report
        has an ``import-no-group-title`` warning.
        """
        groups = got.get("groups") or []
        warned = any(n.code == NO_GROUP_TITLE for n in self.outcome.notes)
        title = groups[0].get("title") if groups and warned else None
        if not warned and self.outcome.data is not None:
            self.tally.add(1, "虚构分组无警告")
        leading = {"title": title, "tasks": exp["tasks"]}
        return {**exp, "tasks": [], "groups": [leading, *exp["groups"]]}

    def _same_start(self, exp: dict[str, Any], got: dict[str, Any]) -> bool:
        start, text = norm(exp.get("start")), _task_text(got)
        if self.truncated and exp is self.last_task and text:
            return start.startswith(text) or text.startswith(start)
        return text.startswith(start)

    def _task(self, exp: dict[str, Any] | None, got: dict[str, Any] | None) -> None:
        if got is None:
            self.tally.add(1, "缺任务")
            return
        if exp is None:
            self.tally.add(1, "多任务")
            return
        if not self._same_start(exp, got):
            self.tally.add(1, "任务开头")
        for key, word in (("units", "责任单位"), ("lead", "牵头单位")):
            if [norm(u) for u in exp.get(key) or []] != [norm(u) for u in got.get(key) or []]:
                self.tally.add(1, word)
        if norm(exp.get("deadline")) != norm(got.get("deadline")):
            self.tally.add(1, "完成时限")


def _same_title(exp: dict[str, Any], got: dict[str, Any]) -> bool:
    """Return whether a section or group title is the expected one; a closing 。 is left
    off both (an expectation leaves it off; the importer keeps a run-in title's 。)."""
    if exp.get("title") is None:
        return True
    return _heading(exp.get("title")) == _heading(got.get("title"))


def _heading(title: Any) -> str:
    return norm(title).rstrip("。")


def _last_task(expected: dict[str, Any]) -> dict[str, Any] | None:
    """Return the last task of the expectation in reading order (None without tasks)."""
    last = None
    for task in _tasks(expected):
        last = task
    return last


def _tasks(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for section in node.get("sections") or []:
        yield from _tasks(section)
    for group in node.get("groups") or []:
        yield from _tasks(group)
    yield from node.get("tasks") or []


# -- characters -----------------------------------------------------------------------


def is_ideograph(ch: str) -> bool:
    """Return whether ``ch`` is a CJK ideograph (basic, extension A or compatibility)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _strings(value: Any) -> Iterator[str]:
    """Yield every text of the imported data; a date as the source writes it (年月日)."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        yield from _strings(dt.date.fromisoformat(value))
    elif isinstance(value, str):
        yield value
    elif isinstance(value, dt.date):
        yield f"{value.year}年{value.month}月{value.day}日"
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


_LABEL = re.compile(f"{LABELS}|完成时限")


def body_characters(text: str) -> Iterator[str]:
    """Yield the ideographs of a source line that are body text.

    A leading outline number (一、（一）1.) and the labels of responsibility notes
    (责任单位, 完成时限 …) are structure: the YAML holds them as nesting and fields.
    """
    text = text.strip(" \t\u3000")
    for pattern in LEVEL_PATTERNS:
        match = pattern.match(text)
        if match is not None:
            text = match.group("rest")
            break
    yield from (ch for ch in _LABEL.sub("", text) if is_ideograph(ch))


def named_lines(notes: Sequence[Any], path: Path) -> set[int]:
    """Return the source lines the import report names (a whole-file note names none)."""
    named: set[int] = set()
    highest = 0
    for note in notes:
        if note.path != str(path):
            continue  # a check warning about the written YAML
        if note.line == 1 and highest > 1:
            continue  # listed after later lines: a note about the whole file
        named.add(note.line)
        highest = max(highest, note.line)
    return named


def lost_characters(path: Path, outcome: Outcome) -> int | None:
    """Return how many ideographs of unnamed source lines are not in the imported data."""
    if outcome.data is None:
        return None
    from drafting.ingest.extract import extract

    named = named_lines(outcome.notes, path)
    source: Counter[str] = Counter()
    for line in extract(path).lines:
        if line.number not in named:
            source.update(body_characters(line.text))
    texts = list(_strings(outcome.data))
    if outcome.data.get("kind") == "speech" and "salutation" not in outcome.data:
        texts.append(DEFAULT_SALUTATION)  # left out because it is the default, not lost
    kept = Counter(ch for text in texts for ch in text if is_ideograph(ch))
    return sum((source - kept).values())


# -- the corpus -----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One document's score, as printed and as written by ``--json``."""

    document: str
    kind: str
    imported: bool
    internal: bool
    fixes: int
    lost: int | None
    wrong: str
    seconds: float


def expectations(corpus: Path) -> list[Expectation]:
    """Return every expectation under ``corpus`` with its source, in path order."""
    found = []
    for spec in sorted(corpus.rglob("*" + EXPECTED)):
        stem = spec.name.removesuffix(EXPECTED)
        sources = [spec.with_name(stem + suffix) for suffix in SOURCES]
        source = next((p for p in sources if p.is_file()), None)
        if source is None:
            raise SystemExit(f"{spec}: 没有对应的文档（{stem}.docx/.txt/…）")
        found.append(Expectation(source, yaml.safe_load(spec.read_text(encoding="utf-8"))))
    return found


def score_one(expected: Expectation, folder: Path, timeout: float = TIMEOUT) -> Row:
    """Import one document and return its row."""
    outcome = import_one(expected.source, folder, timeout)
    tally = Scorer(expected, outcome).score()
    try:
        lost = lost_characters(expected.source, outcome)
    except DraftingError:
        lost = None
    wrong = list(tally.wrong)
    if lost:
        wrong.append(f"丢字{lost}")
    return Row(
        document=expected.source.name,
        kind=str(expected.data.get("kind")),
        imported=outcome.data is not None,
        internal=outcome.internal,
        fixes=tally.fixes,
        lost=lost,
        wrong="、".join(wrong) or "—",
        seconds=round(outcome.seconds, 3),
    )


def score_corpus(corpus: Path, timeout: float = TIMEOUT, only: Sequence[str] = ()) -> list[Row]:
    """Return the rows of every document of ``corpus`` (those named by ``only``, if given)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="score-import-") as folder:
        for expected in expectations(corpus):
            if only and not any(expected.source.stem.startswith(o) for o in only):
                continue
            rows.append(score_one(expected, Path(folder), timeout))
    return rows


def summary(rows: Sequence[Row]) -> dict[str, Any]:
    """Return the totals: documents, share with no fix, internal errors, fixes, lost."""
    clean = sum(1 for r in rows if r.fixes == 0 and r.imported)
    return {
        "documents": len(rows),
        "no_fix": clean,
        "share": round(clean / len(rows), 4) if rows else 0.0,
        "imported": sum(1 for r in rows if r.imported),
        "internal_errors": sum(1 for r in rows if r.internal),
        "fixes": sum(r.fixes for r in rows),
        "lost_characters": sum(r.lost or 0 for r in rows),
        "seconds": round(sum(r.seconds for r in rows), 2),
    }


def table(rows: Sequence[Row]) -> list[str]:
    """Return the printed table: one line per document, then the totals."""
    lines = [
        "| document | kind | imported | fixes | lost | what is wrong |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        state = "internal error" if r.internal else ("yes" if r.imported else "no")
        lost = "—" if r.lost is None else str(r.lost)
        lines.append(f"| {r.document} | {r.kind} | {state} | {r.fixes} | {lost} | {r.wrong} |")
    total = summary(rows)
    lines.append("")
    lines.append(
        f"no manual fix: {total['no_fix']}/{total['documents']} = {total['share']:.1%}; "
        f"imported {total['imported']}, internal errors {total['internal_errors']}, "
        f"fixes {total['fixes']}, characters lost without a report line "
        f"{total['lost_characters']}, {total['seconds']} s"
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Score the corpus; return 1 when the share is below the bar or an import crashed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", action="store_true", help="rows and totals as JSON")
    parser.add_argument("--min-share", type=float, default=0.0, help="a fraction, 0–1")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds a document")
    parser.add_argument("only", nargs="*", help="document names (or their starts) to score")
    args = parser.parse_args(argv)
    rows = score_corpus(args.corpus, args.timeout, args.only)
    total = summary(rows)
    if args.json:
        print(
            json.dumps(
                {"rows": [asdict(r) for r in rows], "summary": total}, ensure_ascii=False, indent=1
            )
        )
    else:
        print("\n".join(table(rows)))
    if total["internal_errors"] or total["share"] < args.min_share:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
