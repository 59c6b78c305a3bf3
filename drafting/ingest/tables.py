"""Task tables: a table whose header names a task column and a unit or deadline column.

Offices often keep a plan's tasks as a table (序号 / 工作任务 / 牵头单位 / 责任单位 /
完成时限), with the section and group headings as rows merged across the table. Such a
table is read into the lines a typed plan would have, so that the passes of
:mod:`drafting.ingest.recognise` read it like any other text:

- a heading row (one cell holds text, or one cell spans most of the grid) becomes
  ``一、…`` or ``（一）…`` by its own number, else by its position (a section, or a group
  once the table has numbered sections);
- a task row becomes ``3.推进……（牵头单位：X；责任单位：Y；完成时限：Z）``: the number from
  the 序号 column (else the next one), the task and detail columns as its text, any
  other column as ``名称：内容`` in the text, the units, lead and deadline columns as the
  responsibility note (also given as the line's ``resp``, so that a note with only a
  deadline is read too). A vertically merged unit or deadline cell applies to each row
  it spans.

The header row gives only the columns' meaning; :func:`read_table` returns it as
``header`` so that the caller can report it. Any other table is no task table
(:func:`task_columns` returns None) and is read as before, cell by cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drafting.ingest.patterns import lazy
from drafting.ingest.responsibility import LABELS
from drafting.ooxml.ns import W
from drafting.outline import GROUP_NUMBER, NUMERAL, SECTION_NUMBER, TASK_NUMBER, chinese

NUMBER_NAMES = ("序号", "编号", "序", "项目编号")
TASK_NAMES = ("工作内容", "重点工作", "工作事项", "工作项目", "项目名称", "主要工作", "事项")
DETAIL_NAMES = ("措施", "举措", "目标", "要求", "标准", "具体内容", "主要内容", "内容")
DEADLINE_NAMES = ("时限", "时间", "节点", "期限", "进度")
UNIT_WORDS = ("单位", "部门", "科室", "股室", "处室", "机构", "责任方")
PERSON_WORDS = ("领导", "责任人", "联系人", "负责人")
_LEAD_LABELS = ("牵头单位", "牵头部门")
_LEAD_START = ("牵头", "主要", "主责")
"""A unit column whose header starts so names the lead units (主要责任单位, 牵头责任单位)."""
_UNIT_LABELS = tuple(label for label in LABELS.split("|") if not label.startswith("牵头"))
_BARE_SECTION = lazy(rf"^(?:{NUMERAL})[、.．]?$")
_BARE_GROUP = lazy(rf"^[（(](?:{NUMERAL})[）)]$")
_DIGITS = lazy(r"^\s*([0-9０-９]{1,4})\s*[.．、]?\s*$")
_SPACE = lazy(r"\s+")


@dataclass(frozen=True)
class Column:
    """One column of a task table: its role (number, task, detail, lead, units,
    deadline, person, other), its header text and the label its note is written with."""

    role: str
    name: str
    label: str = ""


@dataclass(frozen=True)
class Cell:
    """One grid cell: its text, the grid columns it spans and whether it continues a
    vertical merge from the row above (its text is then the text above)."""

    text: str
    span: int = 1
    merged: bool = False


@dataclass(frozen=True)
class Row:
    """A line a task table gives: its text, the responsibility note it ends with and the
    paragraph number (of the source) of the row it comes from."""

    number: int
    text: str
    resp: str = ""


def _role(name: str) -> Column:
    """Return the column a header cell ``name`` names (role ``other`` when unknown)."""
    plain = _SPACE.sub("", name)
    if plain in NUMBER_NAMES:
        return Column("number", plain)
    if any(word in plain for word in PERSON_WORDS):
        return Column("person", plain)
    if any(word in plain for word in UNIT_WORDS):
        if plain.startswith(_LEAD_START):
            return Column("lead", plain, plain if plain in _LEAD_LABELS else "牵头单位")
        return Column("units", plain, plain if plain in _UNIT_LABELS else "责任单位")
    if "任务" in plain or plain in TASK_NAMES:
        return Column("task", plain)
    if any(word in plain for word in DEADLINE_NAMES):
        return Column("deadline", plain, "完成时限")
    if any(word in plain for word in DETAIL_NAMES):
        return Column("detail", plain)
    return Column("other", plain)


def task_columns(header: list[Cell]) -> list[Column] | None:
    """Return the columns of a task table's header row (one per grid column), or None
    when the row names no task column, or no unit, lead or deadline column."""
    columns: list[Column] = []
    for cell in header:
        columns += [_role(cell.text)] * cell.span
    roles = {column.role for column in columns}
    if "task" not in roles or not roles & {"units", "lead", "deadline"}:
        return None
    first = next(i for i, column in enumerate(columns) if column.role == "task")
    # a second task-like column is the task's detail
    return [
        Column("detail", c.name) if c.role == "task" and i != first else c
        for i, c in enumerate(columns)
    ]


def cell_text(cell: Any, text_of: Any) -> str:
    """Return the text of a ``w:tc``: its paragraphs (``text_of`` reads one) joined, a
    paragraph without final punctuation ended by 。 when another follows."""
    texts = [t.strip() for t in (text_of(p) for p in cell.iter(f"{W}p")) if t.strip()]
    joined = ""
    for text in texts:
        if joined and joined[-1] not in "。；;！？，,、：:":
            joined += "。"
        joined += text
    return joined


def grid_row(tr: Any, text_of: Any) -> list[Cell]:
    """Return the cells of a ``w:tr`` (its own cells, not those of a nested table)."""
    cells = []
    for tc in tr.findall(f"{W}tc"):
        props = tc.find(f"{W}tcPr")
        span_el = props.find(f"{W}gridSpan") if props is not None else None
        merge = props.find(f"{W}vMerge") if props is not None else None
        try:
            span = max(1, int(span_el.get(f"{W}val", "1"))) if span_el is not None else 1
        except ValueError:
            span = 1
        merged = merge is not None and merge.get(f"{W}val", "continue") != "restart"
        cells.append(Cell(cell_text(tc, text_of), span, merged))
    return cells


class TaskTable:
    """Turns the rows of one task table into lines; :meth:`row` reads one row."""

    def __init__(self, columns: list[Column]) -> None:
        self.columns = columns
        self.above: list[str] = [""] * len(columns)  # the text of each column, row above
        self.task = 0
        self.sections = 0
        self.groups = 0
        self.numbered_sections = False

    def _spread(self, cells: list[Cell]) -> list[str]:
        """Return one text per grid column (a spanning cell's text in its first column,
        a vertically merged cell's text taken from the row above)."""
        texts: list[str] = []
        for cell in cells:
            column = len(texts)
            text = cell.text
            if cell.merged and column < len(self.above):
                text = self.above[column]
            texts += [text] + [""] * (cell.span - 1)
        texts = (texts + [""] * len(self.columns))[: len(self.columns)]
        self.above = texts
        return texts

    def _is_heading(self, cells: list[Cell], own: list[tuple[int, Cell]]) -> bool:
        """Return True for a heading row: one cell spans most of the grid, or one cell of
        the task, number or another text column holds all the row's text."""
        if max(cell.span for cell in cells) * 2 > len(self.columns):
            return True
        if len(own) != 1:
            return False
        column, cell = own[0]
        role = self.columns[min(column, len(self.columns) - 1)].role
        return role in ("task", "number", "detail", "other") and not _DIGITS.match(cell.text)

    def row(self, cells: list[Cell], number: int) -> list[Row]:
        """Return the lines of one row below the header (none for an empty row)."""
        starts = [sum(cell.span for cell in cells[:i]) for i in range(len(cells))]
        own = [
            (start, c) for start, c in zip(starts, cells, strict=True) if c.text and not c.merged
        ]
        texts = self._spread(cells)
        if not own:
            return []
        if self._is_heading(cells, own):
            first, rest = own[0][1].text, "".join(cell.text for _, cell in own[1:])
            if rest and (_BARE_SECTION.match(first) or _BARE_GROUP.match(first)):
                first = _heading_number(first)
            return [Row(number, self._heading(first + rest))]
        return [self._task(texts, number)]

    def _heading(self, text: str) -> str:
        """Return a heading row's text with its outline number (its own, or the next)."""
        if SECTION_NUMBER.match(text):
            self.sections += 1
            self.numbered_sections = True
            self.groups = 0
            return text
        if GROUP_NUMBER.match(text):
            self.groups += 1
            return text
        if self.numbered_sections:
            self.groups += 1
            return f"（{chinese(min(self.groups, 999))}）{text}"
        self.sections += 1
        return f"{chinese(min(self.sections, 999))}、{text}"

    def _task(self, texts: list[str], number: int) -> Row:
        parts: dict[str, list[str]] = {}
        notes: list[str] = []
        for column, text in zip(self.columns, texts, strict=True):
            if not text:
                continue
            if column.label:
                notes.append(f"{column.label}：{text.rstrip('。')}")
            elif column.role in ("person", "other"):
                parts.setdefault("detail", []).append(f"{column.name}：{text}")
            else:
                parts.setdefault(column.role, []).append(text)
        serials = parts.get("number", [])
        serial = next((found for found in map(_DIGITS.match, serials) if found), None)
        odd = [f"序号：{text}" for text in serials if not _DIGITS.match(text)]  # kept as text
        task = _sentences([*parts.get("task", []), *parts.get("detail", []), *odd])
        if not task:  # only units or a deadline: a note of the task above, on its own line
            return Row(number, "；".join(notes) or "".join(serials))
        resp = f"（{'；'.join(notes)}）" if notes else ""
        if TASK_NUMBER.match(task):
            return Row(number, task + resp, resp)
        self.task = int(serial.group(1).translate(_WIDE)) if serial else self.task + 1
        return Row(number, f"{self.task}.{task}{resp}", resp)


_WIDE = str.maketrans("０１２３４５６７８９", "0123456789")


def _heading_number(head: str) -> str:
    """Return a bare 序号 cell such as ``一`` or ``（一）`` as an outline number."""
    return head if head.endswith(("、", "）", ")")) else head.rstrip(".．") + "、"


def _sentences(texts: list[str]) -> str:
    """Return the texts joined, each without final punctuation ended by 。."""
    out = ""
    for text in texts:
        if out and out[-1] not in "。；;！？":
            out += "。"
        out += text
    return out


# -- a task table flattened into text ---------------------------------------------------

_HEADER_CELL = 12
"""A header cell of a flattened table is at most this long (without spaces)."""
_SHORT_CELL = 150
"""A number, unit, deadline or person cell is at most this long: a longer one ends a table."""
_CELL_SPLIT = lazy(r"\s*[|｜]\s*")
_NOT_HEADER = lazy(r"[，。；：,.;:！？!?（）()]")


@dataclass(frozen=True)
class FlatTable:
    """A task table found in text, flattened one cell a line (or cells split by "|").

    ``header`` holds the header's lines (number, text); ``rows`` the lines the table
    gives (as :meth:`TaskTable.row` makes them); ``end`` the index of the first line
    after the table in the lines it was read from.
    """

    header: tuple[tuple[int, str], ...]
    rows: tuple[Row, ...]
    end: int


def flat_cells(text: str) -> list[str]:
    """Return the cells of one line of a flattened table: split on "|", blanks dropped."""
    return [cell for cell in _CELL_SPLIT.split(text.strip()) if cell]


def _header_cell(cell: str) -> bool:
    plain = _SPACE.sub("", cell)
    return (
        0 < len(plain) <= _HEADER_CELL
        and not _NOT_HEADER.search(plain)
        and not any(p.match(plain) for p in (SECTION_NUMBER, GROUP_NUMBER, TASK_NUMBER))
        and _role(plain).role != "other"
    )


def _flat_header(texts: list[tuple[int, str]], start: int) -> tuple[list[str], int]:
    """Return the header cells of lines from ``start`` and the index of the line after."""
    cells: list[str] = []
    index = start
    while index < len(texts):
        found = flat_cells(texts[index][1])
        if not found or not all(map(_header_cell, found)):
            break
        cells += found
        index += 1
    return cells, index


def read_flat(texts: list[tuple[int, str]], start: int) -> FlatTable | None:
    """Return the flattened task table whose header starts at ``texts[start]``, or None.

    ``texts`` are (line number, text). The header is a run of short cells that name a
    number column first, a task column and a unit, lead or deadline column. A row
    starts at a number cell (``80``); a section or group heading (``一、…``) is a row
    of its own; the table ends at a line that fits neither (or a row of too many cells).
    """
    first = flat_cells(texts[start][1])
    if not first or _role(first[0]).role != "number":
        return None
    names, index = _flat_header(texts, start)
    columns = task_columns([Cell(name) for name in names]) if len(names) >= 3 else None
    if columns is None:
        return None
    reader = _FlatReader(columns)
    while index < len(texts) and reader.take(*texts[index]):
        index += 1
    return FlatTable(tuple(texts[start : start + len(names)]), reader.finish(), index)


class _FlatReader:
    """Reads the cells after a flattened header into rows, one line at a time."""

    def __init__(self, columns: list[Column]) -> None:
        self.columns = columns
        self.table = TaskTable(columns)
        self.rows: list[Row] = []
        self.row: list[str] = []
        self.number = 0

    def take(self, number: int, text: str) -> bool:
        """Read one line's cells; False (nothing read) when the line is no part of the table."""
        cells = flat_cells(text)
        if not cells or not self._fits(cells[0]):
            return False
        for cell in cells:
            self._cell(number, cell)
        return True

    def _starts_row(self, cell: str) -> bool:
        return len(self.row) != 1 and bool(
            _DIGITS.match(cell) or SECTION_NUMBER.match(cell) or GROUP_NUMBER.match(cell)
        )

    def _fits(self, cell: str) -> bool:
        """Return True when ``cell`` starts a row or is the next cell of this one."""
        if self._starts_row(cell):
            return True
        if not self.row or len(self.row) >= len(self.columns):
            return False
        role = self.columns[len(self.row)].role
        return role in ("task", "detail", "other") or len(cell) <= _SHORT_CELL

    def _cell(self, number: int, cell: str) -> None:
        if self._starts_row(cell):
            self._flush()
            self.number = number
            if not _DIGITS.match(cell):  # a heading row: one cell across the table
                self.rows += self.table.row([Cell(cell, len(self.columns))], number)
                return
        if len(self.row) >= len(self.columns):  # more cells than columns: kept in the last
            self.row[-1] += " " + cell
            return
        self.row.append(cell)

    def _flush(self) -> None:
        if self.row:
            self.rows += self.table.row([Cell(cell) for cell in self.row], self.number)
        self.row = []

    def finish(self) -> tuple[Row, ...]:
        """Return the rows read (the last one included)."""
        self._flush()
        return tuple(self.rows)
