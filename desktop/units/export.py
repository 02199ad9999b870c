"""The units table of an upper level written to an Excel workbook, as the window shows it.

The window decides what is written (the rows its filters leave, in its order, its headers);
this module only makes the workbook and writes it whole or not at all (`atomic_write_bytes`).
A text cell that a spreadsheet would take for a formula (starting with =, +, -, @, a tab or a
carriage return) is written as text, so a unit's name can never run as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.files import atomic_write_bytes

Cell = str | int | float | None
COLUMN_WIDTH_MAX = 48


def write_units_xlsx(
    path: Path,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write `headers` then `rows` to the sheet `title` of a new workbook at `path`; the number
    of rows written. Nothing is written if `cancelled()` turns true meanwhile."""
    from openpyxl import Workbook  # loads in ~0.3 s: only when a person exports
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    widths = [len(str(h)) for h in headers]
    for n, row in enumerate(rows):
        if cancelled is not None and cancelled():
            return 0
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], len(str(value if value is not None else "")))
        if progress is not None and n % 200 == 0:
            progress(n, len(rows), "")
    for i, width in enumerate(widths):
        letter = sheet.cell(row=1, column=i + 1).column_letter
        sheet.column_dimensions[letter].width = min(width + 2, COLUMN_WIDTH_MAX)
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    atomic_write_bytes(Path(path), out.getvalue())
    return len(rows)
