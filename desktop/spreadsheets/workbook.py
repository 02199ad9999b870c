"""What every workbook Sổ Hội writes shares: styles, number formats, widths, atomic saving."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from desktop.files import atomic_write_bytes

DATE_FORMAT = "dd/mm/yyyy"
YEAR_FORMAT = "0"
WHOLE_FORMAT = "#,##0"
PERCENT_FORMAT = "0.00%"
TEXT_FORMAT = "@"  # keeps the leading zeros of citizen IDs and phone numbers when edited
MIN_WIDTH, MAX_WIDTH = 6, 45

TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
HEADER_BORDER = Border(bottom=Side(style="thin"))


# What makes Excel or LibreOffice read typed text as a formula (OWASP "CSV injection"), with
# the full-width forms an East Asian input method types.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(ws: Any, value: Any, number_format: str | None = None) -> Any:
    """A value to append to a write-only sheet: text that looks like a formula is written as text
    (a string cell, never `<f>`) with Excel's quote prefix, so editing the cell keeps it text.
    Other values are given as they are (numbers stay numbers), in a cell when formatted."""
    risky = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if not risky and number_format is None:
        return value
    cell = WriteOnlyCell(ws, value=value)
    if risky:
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format is not None:
        cell.number_format = number_format
    return cell


def column_width(header: str, values: Iterable[object]) -> float:
    """A width that shows the header and the usual content, within bounds."""
    longest = max((len(_shown(v)) for v in values), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, len(header) * 0.9 + 2, longest + 2)))


def _shown(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return "dd/mm/yyyy"
    return str(value)


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def save_workbook(book: Workbook, path: Path) -> None:
    """Write the workbook whole or not at all (temporary file, fsync, rename, read back)."""
    atomic_write_bytes(Path(path), workbook_bytes(book))


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts (31 characters, none of []:*?/\\)."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in text).strip()
    return cleaned[:31] or "Danh sách"
