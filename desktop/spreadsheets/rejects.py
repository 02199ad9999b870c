"""The rows an import refused, saved to an .xlsx to be corrected and imported again.

The workbook has the sheet's own header row (the sub-headers of a two-row header), every cell
of each refused row as the sheet held it (a number stays a number, a date a date), then a
"Dòng" column (the row in the original sheet) and a "Lý do" column with every reason. Only the
rows the dry run refused and those the store refused when applying are written: those are the
rows not saved. The file holds personal data: it is written only where the person chose,
whole or not at all, and nothing of it is logged.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from db.schema import field_label
from desktop.spreadsheets.report import REJECTED, ImportPlan, RowOutcome
from desktop.spreadsheets.workbook import (
    DATE_FORMAT,
    HEADER_FILL,
    HEADER_FONT,
    TEXT_FORMAT,
    column_width,
    safe_cell,
    save_workbook,
    sheet_title,
)

REASON_HEADER = "Lý do"
ROW_HEADER = "Dòng"


def reasons(table: str, outcome: RowOutcome) -> str:
    """Every reason a row was refused, in one Vietnamese cell."""
    parts = [
        f"{field_label(table, p.field)}: {p.message}" if p.field else p.message
        for p in outcome.problems
    ]
    return " ".join(parts)


def _cell(ws: Any, value: Any) -> Any:
    if isinstance(value, datetime | date) and not isinstance(value, time):
        return safe_cell(ws, value, DATE_FORMAT)
    if isinstance(value, str) and value.isdigit() and value.startswith("0"):
        return safe_cell(ws, value, TEXT_FORMAT)  # a citizen ID or a phone number: its zero
    return safe_cell(ws, value)


def write_rejects(plan: ImportPlan, out: Path) -> int:
    """Write the refused rows of `plan` to `out` (.xlsx) with their reasons; how many rows.

    OSError when the file cannot be written (nothing is left half-written).
    """
    rows = sorted(plan.by_fate(REJECTED), key=lambda r: r.row)
    width = max([len(plan.headers), *(len(r.cells) for r in rows)])
    headers = [*plan.headers, *([""] * (width - len(plan.headers)))]
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet_title(f"Bị từ chối — {plan.sheet}"))
    titles = [*headers, ROW_HEADER, REASON_HEADER]
    for i, text in enumerate(titles, 1):
        sample = [r.cells[i - 1] for r in rows[:200] if i - 1 < len(r.cells)]
        if text == REASON_HEADER:
            sample = [reasons(plan.table, r) for r in rows[:200]]
        ws.column_dimensions[get_column_letter(i)].width = column_width(text, sample)
    ws.freeze_panes = "A2"
    head = []
    for text in titles:
        cell = safe_cell(ws, text, "General")
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        head.append(cell)
    ws.append(head)
    for r in rows:
        cells = [*r.cells, *([None] * (width - len(r.cells)))]
        ws.append([*(_cell(ws, c) for c in cells), r.row, safe_cell(ws, reasons(plan.table, r))])
    save_workbook(book, Path(out))
    return len(rows)
