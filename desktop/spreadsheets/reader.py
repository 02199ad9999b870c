"""Reading a spreadsheet file into rows of cell values: .xlsx and .csv.

An .xlsx is read by the fast value reader of `xlsx.py`, or by openpyxl when that one does not
know the package.

CSV files come in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"), Windows-1258 or
TCVN3; the encoding is detected or chosen, and text is NFC. An .xlsx typed with the old ".VnTime"
fonts holds TCVN3 bytes as Windows-1252 letters: detected the same way and retyped. Files that
cannot be read (an encrypted workbook, an old .xls, random bytes) raise `SheetError` with a
Vietnamese sentence; nothing is imported from them.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from pathlib import Path

from openpyxl.worksheet.cell_range import CellRange

from desktop.spreadsheets import encodings
from desktop.spreadsheets.headers import HEADER_SCAN_ROWS, find_header_row
from desktop.spreadsheets.limits import MAX_ROWS, TooLarge, check_directory, check_parts
from desktop.spreadsheets.xlsx import SheetInfo, XlsxBook, XlsxError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: encrypted OOXML, or an old .xls
EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_FILE_BYTES = 200 * 1024 * 1024
PROTECTED = (
    "Tệp được đặt mật khẩu hoặc bị hỏng (hoặc là tệp Excel 97–2003 .xls), nên không đọc được. "
    "Hãy mở tệp bằng Excel, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) và lưu lại "
    "dạng Sổ làm việc Excel (.xlsx) hoặc CSV UTF-8."
)


class SheetError(Exception):
    """A file that cannot be imported; the message is Vietnamese, for people."""


@dataclass
class Sheet:
    """The cells of one worksheet (or CSV file), row 1 first, and how they were read."""

    name: str
    rows: list[tuple] = field(default_factory=list)
    kind: str = "xlsx"  # or "csv"
    encoding: str = "unicode"  # see encodings.ENCODING_LABELS
    epoch: datetime = EXCEL_EPOCH
    # Merged cells as 0-based (first row, first column, last row, last column), inclusive.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def read_sheet(
    path: Path, table: str, *, encoding: str = "auto", user_keys: frozenset[str] = frozenset()
) -> Sheet:
    """The worksheet of `path` that holds the table's list (the best header among sheets)."""
    path = Path(path)
    if encoding not in encodings.ENCODINGS:
        choices = ", ".join(encodings.ENCODINGS)
        raise SheetError(f"Bảng mã “{encoding}” không được hỗ trợ ({choices}).")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SheetError(f"Tệp {path.name} quá lớn ({size // 2**20} MB; tối đa 200 MB).")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SheetError(f"Không tìm thấy tệp {path}.") from None
    except IsADirectoryError:
        raise SheetError(f"{path} là một thư mục, không phải tệp.") from None
    except OSError as exc:  # no permission, a vanished USB stick …
        raise SheetError(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from None
    if not data.strip():
        raise SheetError(f"Tệp {path.name} trống, không có dữ liệu.")
    suffix = path.suffix.lower()
    if data.startswith(b"PK") or suffix in (".xlsx", ".xlsm", ".xls", ".xltx"):
        return _read_workbook(data, table, encoding, user_keys)
    if suffix in (".ods", ".xlsb", ".numbers"):
        raise SheetError("Hãy lưu tệp dạng Sổ làm việc Excel (.xlsx) hoặc CSV rồi nhập lại.")
    return _read_csv(data, path.stem, encoding)


def _read_workbook(data: bytes, table: str, encoding: str, user_keys: frozenset[str]) -> Sheet:
    if data.startswith(CFB_MAGIC) or not data.startswith(b"PK"):
        raise SheetError(PROTECTED)
    try:
        return _pick_sheet(XlsxBook(data), table, encoding, user_keys)
    except XlsxError:
        pass  # a package the fast reader does not know: openpyxl reads it (slower)
    except TooLarge as exc:
        raise SheetError(str(exc)) from None
    try:
        check_directory(data)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            check_parts(package)  # openpyxl itself has no bounds
        book = _OpenpyxlBook(data)
    except TooLarge as exc:
        raise SheetError(str(exc)) from None
    except Exception as exc:  # a damaged zip or XML: openpyxl raises many kinds
        raise SheetError(PROTECTED) from exc
    try:
        return _pick_sheet(book, table, encoding, user_keys)
    except SheetError:
        raise
    except TooLarge as exc:
        raise SheetError(str(exc)) from None
    except Exception as exc:
        raise SheetError(PROTECTED) from exc
    finally:
        book.close()


class _OpenpyxlBook:
    """openpyxl's read-only workbook, shaped like XlsxBook."""

    def __init__(self, data: bytes):
        from openpyxl import load_workbook

        with warnings.catch_warnings():  # "extension not supported" and the like: not for people
            warnings.simplefilter("ignore")
            self.book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        self.epoch = self.book.epoch
        self.sheets = [
            SheetInfo(ws.title, "", getattr(ws, "sheet_state", "visible"))
            for ws in self.book.worksheets
        ]

    def numbered_rows(
        self, sheet: SheetInfo, *, max_row: int | None = None, max_col: int | None = None
    ) -> Iterator[tuple[int, tuple]]:
        """Like XlsxBook's: rows without a value are left out. openpyxl makes up every missing
        row one by one: `check_parts` made sure there are not more than Excel's."""
        ws = self.book[sheet.name]
        ws.reset_dimensions()  # read every row, whatever the file claims its size is
        rows = ws.iter_rows(max_row=max_row, max_col=max_col, values_only=True)
        for number, row in enumerate(rows, 1):
            if number > MAX_ROWS:
                raise TooLarge("quá 1.048.576 dòng")
            if any(c is not None for c in row):
                yield number, tuple(row)

    def close(self) -> None:
        self.book.close()


def _pick_sheet(
    book: XlsxBook | _OpenpyxlBook, table: str, encoding: str, user_keys: frozenset[str]
) -> Sheet:
    """The visible worksheet with the best header row for `table`, read whole."""
    best: tuple[int, SheetInfo, int] | None = None
    for info in book.sheets:
        if info.state != "visible":
            continue
        head = _read_rows(book, info, max_row=HEADER_SCAN_ROWS)
        if encoding == "tcvn3" or (encoding == "auto" and _tcvn3_cells(head)):
            head = _retype_rows(head)
        _, matches = find_header_row(head, table, user_keys)
        if best is None or matches > best[0]:
            best = (matches, info, max((len(r) for r in head), default=0))
    if best is None:
        raise SheetError("Tệp không có trang tính nào để đọc.")
    _, info, width = best
    # Cells right of the widest of the first rows have no header: not read at all.
    rows = _read_rows(book, info, max_col=max(width, 1))
    used = "unicode"
    if encoding == "tcvn3" or (encoding == "auto" and _tcvn3_cells(rows[:500])):
        rows, used = _retype_rows(rows), "tcvn3"
    merged = _merged_ranges(getattr(book, "merged", {}).get(info.path, []))  # not openpyxl's
    return Sheet(info.name, rows, "xlsx", used, book.epoch, merged)


def _merged_ranges(refs: list[str]) -> list[tuple[int, int, int, int]]:
    """openpyxl's reading of merged ranges ("E3:F3"), 0-based; damaged ones are left out."""
    out = []
    for ref in refs:
        try:
            cells = CellRange(ref)
        except (ValueError, TypeError):
            continue
        out.append((cells.min_row - 1, cells.min_col - 1, cells.max_row - 1, cells.max_col - 1))
    return out


def _read_rows(
    book: XlsxBook | _OpenpyxlBook,
    info: SheetInfo,
    *,
    max_row: int | None = None,
    max_col: int | None = None,
) -> list[tuple]:
    """The rows of a sheet by position (row n at n - 1), trimmed; the rows the file skips are
    empty, added in one go, and empty rows at the end are left out."""
    rows: list[tuple] = []
    for number, values in book.numbered_rows(info, max_row=max_row, max_col=max_col):
        row = _trim(values)
        if not row:
            continue
        if number > len(rows) + 1:
            rows.extend(repeat((), number - 1 - len(rows)))
        rows.append(row)
    return rows


def _trim(row: tuple | list) -> tuple:
    row = tuple(row)
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end]


def _tcvn3_cells(rows: list[tuple]) -> bool:
    return encodings.looks_like_tcvn3(c for row in rows for c in row if isinstance(c, str))


def _retype_rows(rows: list[tuple]) -> list[tuple]:
    def fix(cell: object) -> object:
        if isinstance(cell, str) and not cell.isascii():
            return encodings.retype_tcvn3(cell) or cell
        return cell

    return [tuple(fix(c) for c in row) for row in rows]


def _read_csv(data: bytes, name: str, encoding: str) -> Sheet:
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if data.startswith(CFB_MAGIC) or (b"\x00" in data[:4096] and not utf16):
        raise SheetError(PROTECTED)  # binary, not text
    try:
        if encoding == "auto":
            text, used = encodings.detect_bytes(data)
        else:
            text, used = encodings.decode_bytes(data, encoding), encoding
    except encodings.EncodingError as exc:
        raise SheetError(str(exc)) from None
    except UnicodeDecodeError:
        raise SheetError(
            f"Tệp không phải bảng mã {encodings.ENCODING_LABELS.get(encoding, encoding)}; "
            "hãy chọn bảng mã khác (hoặc để tự nhận biết)."
        ) from None
    sample = text[:65536]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = max(",;\t", key=first.count)
        dialect = csv.excel_tab if delimiter == "\t" else csv.excel
        if delimiter == ";":
            dialect = _Semicolon
    try:
        rows = [_trim(tuple(r)) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise SheetError(f"Tệp CSV bị hỏng: {exc}.") from None
    return Sheet(name, rows, "csv", used)


class _Semicolon(csv.excel):
    delimiter = ";"


def header_row_texts(sheet: Sheet, header_index: int) -> list[str]:
    """The texts of the rows above the header (titles)."""
    return [
        str(c) for row in sheet.rows[:header_index] for c in row if isinstance(c, str) and c.strip()
    ]


def is_blank(row: tuple) -> bool:
    """Whether every cell of a row is empty or spaces."""
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)
