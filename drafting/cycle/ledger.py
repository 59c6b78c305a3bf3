"""``tasks``: the responsibility ledger (责任清单) of a plan, as a table in several formats.

One row per task: number, section, task, lead units, other units, deadline. Filtered
by unit (as lead, as participant, or either), in document order.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from drafting.errors import UsageError
from drafting.model import Document
from drafting.outline import section_label, task_numbers
from drafting.render.context import width

HEADER = ("序号", "所属部分", "工作任务", "牵头单位", "责任单位", "完成时限")


@dataclass(frozen=True)
class Row:
    """One task of the ledger."""

    number: int
    section: str
    task: str
    lead: str
    units: str
    deadline: str

    def cells(self) -> tuple[str, ...]:
        """Return the row as text cells, in HEADER order."""
        return (str(self.number), self.section, self.task, self.lead, self.units, self.deadline)


def rows(doc: Document, unit: str | None = None, role: str = "any") -> list[Row]:
    """Return the ledger rows of ``doc``; with ``unit``, only its tasks (``role``:
    ``lead``, ``member`` or ``any``). Who leads is :meth:`Task.roles`."""
    numbers = task_numbers(doc)
    out = []
    for index, section in enumerate(doc.sections, start=1):
        for task in (*section.tasks, *(t for g in section.groups for t in g.tasks)):
            roles = task.roles()
            if unit is not None:
                as_lead, as_member = unit in roles.lead, unit in roles.members
                wanted = {"lead": as_lead, "member": as_member, "any": as_lead or as_member}
                if not wanted[role]:
                    continue
            text = task.title or (task.paragraphs[0] if task.paragraphs else "")
            out.append(
                Row(
                    numbers.get(id(task), 0),
                    f"{section_label(index)}{section.title}",
                    text,
                    "、".join(roles.lead),
                    "、".join(roles.members),
                    task.deadline or "",
                )
            )
    return out


@dataclass(frozen=True)
class Ledger:
    """The rows of one plan's ledger (filtered as asked), with the plan they come from."""

    path: Path
    title: str
    rows: tuple[Row, ...]


def open_ledger(path: Path, unit: str | None = None, role: str = "any") -> Ledger:
    """Check the plan at ``path`` and return its ledger (see :func:`rows`).

    Raises :class:`~drafting.errors.InputError` when the plan has errors and
    :class:`~drafting.errors.WrongKind` when the document is not a plan.
    """
    from drafting.check import open_document

    doc = open_document(path, kinds=("plan",)).document
    return Ledger(path, "".join(doc.title), tuple(rows(doc, unit, role)))


def encode(ledger: Ledger, fmt: str) -> str | bytes:
    """Return the ledger in ``fmt``: text for table, md and json; bytes for csv and xlsx.

    CSV is bytes so that the screen and ``> t.csv`` get the BOM and UTF-8 alike.
    """
    found = list(ledger.rows)
    if fmt == "xlsx":
        return as_xlsx(found, ledger.title)
    if fmt == "csv":
        return as_csv(found)
    return TEXT_FORMATS[fmt](found)


def write_ledger(ledger: Ledger, fmt: str, output: Path, *, force: bool = False) -> Path | None:
    """Write the ledger in ``fmt`` to ``output`` atomically; return the backup kept, if any.

    An existing file is replaced only with ``force`` (then kept as ``.bak``); the plan
    itself is never overwritten.
    """
    from drafting.fsio import atomic_write, guard

    claim = guard(output, force=force, inputs=(ledger.path,), ours=None)
    data = encode(ledger, fmt)
    return atomic_write(
        output, data if isinstance(data, bytes) else data.encode("utf-8"), claim=claim
    )


def screen_text(ledger: Ledger, fmt: str) -> str | bytes:
    """Return the ledger as printed on the screen; raise UsageError for xlsx (a file only)."""
    if fmt == "xlsx":
        raise UsageError("xlsx 格式需要用 -o 指定输出文件", code="xlsx-needs-output")
    return encode(ledger, fmt)


def as_table(found: list[Row]) -> str:
    """Return an aligned plain-text table (for the terminal)."""
    lines = ["\t".join(HEADER)] + ["\t".join(r.cells()) for r in found]
    return "\n".join(lines) + "\n"


def as_csv(found: list[Row]) -> bytes:
    """Return the CSV file as bytes, the same on the screen and in a file: UTF-8 with a BOM
    and CRLF line ends (RFC 4180), as Excel needs to read Chinese without an import dialog
    (without the BOM it reads the file in the Windows code page, 936, and garbles it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(r.cells() for r in found)
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def as_markdown(found: list[Row]) -> str:
    """Return a Markdown table."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    lines += ["| " + " | ".join(cell(c) for c in r.cells()) + " |" for r in found]
    return "\n".join(lines) + "\n"


def as_json(found: list[Row]) -> str:
    """Return a JSON array of row objects."""
    return json.dumps([asdict(r) for r in found], ensure_ascii=False, indent=2) + "\n"


TEXT_FORMATS = {"table": as_table, "md": as_markdown, "json": as_json}
"""Formats printed as text; ``csv`` (:func:`as_csv`) and ``xlsx`` (:func:`as_xlsx`) are bytes."""


XLSX_FONT = "宋体"
"""The sheet's font: SimSun, on every Chinese Windows and bundled with Office for Mac."""

GB2312_CHARSET = 134
"""The font charset Excel writes for Simplified Chinese fonts."""

LINE_PT = 14.25
"""The height of one line of 11-point 宋体: Excel's row height for that font."""


def _lines(text: str, column_width: float) -> int:
    """Return how many lines ``text`` wraps to in a column ``column_width`` wide (Excel units:
    7 px, the digit width of the default font; an 11-point CJK character takes 15 px)."""
    per_line = max(1, int(column_width * 7 / 15))
    return sum(max(1, math.ceil(width(part) / per_line)) for part in text.split("\n"))


def as_xlsx(found: list[Row], title: str) -> bytes:
    """Return an .xlsx workbook: a header row with an autofilter, column widths, wrapped
    text in rows as high as it needs, a frozen header, every cell (and new ones typed in
    the columns) in 宋体."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    body_font = Font(name=XLSX_FONT, size=11, charset=GB2312_CHARSET)
    book = Workbook()
    sheet = book.active
    sheet.title = "责任清单"
    sheet.append(list(HEADER))
    for row in found:
        sheet.append([row.number, *row.cells()[1:]])
    widths = (6, 24, 48, 16, 24, 16)
    for column, chars in zip("ABCDEF", widths, strict=True):
        sheet.column_dimensions[column].width = chars
        sheet.column_dimensions[column].font = body_font
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.font = body_font
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(name=XLSX_FONT, size=11, charset=GB2312_CHARSET, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for cells in sheet.iter_rows():  # Calc does not fit rows to wrapped text by itself
        lines = max(_lines(str(c.value), widths[c.column - 1]) for c in cells)
        sheet.row_dimensions[cells[0].row].height = lines * LINE_PT
    sheet.auto_filter.ref = f"A1:F{len(found) + 1}"
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
