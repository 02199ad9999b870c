"""The cell values of .xlsx worksheets, read fast: what the import needs and nothing more.

openpyxl's read-only mode builds every cell through its descriptor machinery; the inline strings
openpyxl itself writes (every list Sổ Hội exports) cost it ~15 µs a cell, and a sheet without a
stored size is parsed twice. This reader walks the worksheet XML once with ElementTree's C parser
and keeps values only: shared and inline strings (phonetic runs left out), numbers, booleans,
errors as their text, formula results, and dates, decided as openpyxl decides (the number format
of the cell's style). Anything unexpected raises `XlsxError`, and the caller falls back to openpyxl.
A file beyond the bounds of `limits.py` raises `TooLarge` instead: it is refused, not retried.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from xml.etree.ElementTree import Element, ParseError, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from desktop.spreadsheets.limits import (
    MAX_COLUMNS,
    MAX_ELEMENTS_PER_ROW,
    MAX_PART_BYTES,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_SHEET_BYTES,
    MAX_SHEETS,
    MAX_STRING_CHARS,
    MAX_STRINGS_BYTES,
    MAX_STYLE_ELEMENTS,
    TooLarge,
    check_directory,
    open_part,
)

_OFFICE_DOCUMENT = "/officeDocument"
_LOCALE_DATE_FORMATS = frozenset(range(27, 37)) | frozenset(range(50, 59))  # East Asian dates
_LETTERS = re.compile(r"[A-Z]+")


class XlsxError(Exception):
    """The package is not the .xlsx this reader understands."""


# What a damaged package raises while it is read: the zip (a bad CRC, deflate data, an
# encrypted or unknown compression), the XML, the values.
_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    ParseError,
    ValueError,
    IndexError,
    OverflowError,
)


@dataclass(frozen=True)
class SheetInfo:
    """One worksheet of a workbook: its tab name, its part in the zip, shown or hidden."""

    name: str
    path: str  # inside the zip
    state: str  # visible, hidden, veryHidden


def _local(tag: str) -> str:
    """`{namespace}name` → `name` (transitional and strict OOXML use different namespaces)."""
    return tag.rpartition("}")[2]


@cache
def _column(letters: str) -> int:
    if len(letters) > 3:
        raise TooLarge(f"cột {letters[:10]}… vượt quá cột XFD")
    index: int = column_index_from_string(letters)
    return index - 1


def _text(element: Element) -> str:
    """The text of a shared or inline string: its runs, without phonetic guides."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _row_number(ref: str | None, previous: int) -> int:
    """A row's number (`r`, which some writers put as "5.0"), or the one after the previous."""
    if not ref:
        return previous + 1
    if len(ref) > 12:  # "1e300" is short, but 10 ** 300 digits are not
        raise TooLarge("số dòng quá lớn")
    value = float(ref)
    if not value < MAX_ROWS + 1:  # also infinity and NaN
        raise TooLarge("quá 1.048.576 dòng")
    return int(value)


MAX_MERGED = 10_000  # merged ranges kept per sheet (only the header's matter)


class XlsxBook:
    """An .xlsx package: its worksheets, shared strings, date styles and calendar."""

    def __init__(self, data: bytes):
        self._value_tag = self._inline_tag = ""  # namespaced tags, known once a sheet is opened
        self.merged: dict[
            str, list[str]
        ] = {}  # sheet part → its merged ranges ("E3:F3"), once read
        check_directory(data)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self._names = frozenset(self.zip.namelist())
            self._load()
        except _DAMAGE as exc:
            raise XlsxError(str(exc)) from exc

    def _elements(self, path: str) -> Iterator[Element]:
        """Each element of a small part as it ends, emptied right after: bounded in size and in
        how many elements it may hold."""
        with open_part(self.zip, path, MAX_PART_BYTES, f"{path[-40:]} quá lớn") as source:
            for count, (_, element) in enumerate(iterparse(source), 1):
                if count > MAX_STYLE_ELEMENTS:
                    raise TooLarge(f"{path[-40:]} quá lớn")
                yield element
                element.clear()

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, path inside the zip) of one part."""
        folder, name = posixpath.split(part)
        rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_path not in self._names:
            return {}
        out = {}
        for rel in self._elements(rels_path):
            if _local(rel.tag) != "Relationship":
                continue
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(path))
        return out

    def _load(self) -> None:
        root_rels = self._rels("")
        workbook = next(
            (path for kind, path in root_rels.values() if kind.endswith(_OFFICE_DOCUMENT)),
            "xl/workbook.xml",
        )
        rels = self._rels(workbook)
        self.epoch = CALENDAR_WINDOWS_1900
        self.sheets: list[SheetInfo] = []
        parts: set[str] = set()
        for element in self._elements(workbook):
            name = _local(element.tag)
            if name == "workbookPr" and element.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            elif name == "sheet":
                rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
                if rid in rels and rels[rid][1] not in parts:
                    parts.add(rels[rid][1])  # two tabs on one part: read once, not again
                    state = element.get("state", "visible")
                    self.sheets.append(SheetInfo(element.get("name", ""), rels[rid][1], state))
                    if len(self.sheets) > MAX_SHEETS:
                        raise TooLarge("quá nhiều trang tính")
        paths = {kind.rpartition("/")[2]: path for kind, path in rels.values()}
        self.strings = self._shared_strings(paths.get("sharedStrings"))
        self.date_styles = self._date_styles(paths.get("styles"))

    def _shared_strings(self, path: str | None) -> list[str]:
        """Every shared string, streamed: each `si` is emptied once read."""
        if not path or path not in self._names:
            return []
        strings: list[str] = []
        chars = elements = 0
        si_tag = ""
        with open_part(self.zip, path, MAX_STRINGS_BYTES, "bảng chuỗi quá lớn") as source:
            for _, element in iterparse(source):
                elements += 1
                tag = element.tag
                if not si_tag:
                    si_tag = f"{tag[: tag.index('}') + 1] if tag.startswith('{') else ''}si"
                if tag == si_tag:
                    text = _text(element)
                    strings.append(text)
                    chars += len(text)
                    if len(strings) > MAX_SHARED_STRINGS or chars > MAX_STRING_CHARS:
                        raise TooLarge("quá nhiều chuỗi ký tự")
                    element.clear()
                    elements = 0
                elif elements > MAX_ELEMENTS_PER_ROW:
                    raise TooLarge("một chuỗi có quá nhiều phần")
        return strings

    def _date_styles(self, path: str | None) -> frozenset[int]:
        """The cell styles (`cellXfs` indexes) whose number format is a date, streamed."""
        if not path or path not in self._names:
            return frozenset()
        custom: dict[int, str] = {}
        styles: list[int] = []
        in_cell_xfs, elements = False, 0
        with open_part(self.zip, path, MAX_PART_BYTES, "bảng kiểu định dạng quá lớn") as source:
            for event, element in iterparse(source, ("start", "end")):
                name = _local(element.tag)
                if event == "start":
                    in_cell_xfs = in_cell_xfs or name == "cellXfs"
                    continue
                elements += 1
                if elements > MAX_STYLE_ELEMENTS:
                    raise TooLarge("bảng kiểu định dạng quá lớn")
                if name == "numFmt":
                    custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
                elif name == "xf" and in_cell_xfs:
                    styles.append(int(element.get("numFmtId", "0")))
                elif name == "cellXfs":
                    in_cell_xfs = False
                element.clear()
        dates = set()
        for index, fmt_id in enumerate(styles):
            code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id))
            if fmt_id in _LOCALE_DATE_FORMATS or is_date_format(code):
                dates.add(index)
        return frozenset(dates)

    def rows(
        self, sheet: SheetInfo, *, max_row: int | None = None, max_col: int | None = None
    ) -> Iterator[tuple]:
        """Each row's values from row 1 (missing rows as empty tuples), cut at `max_col`."""
        number = 0
        for row_number, values in self.numbered_rows(sheet, max_row=max_row, max_col=max_col):
            while number + 1 < row_number:
                number += 1
                yield ()
            number = max(number, row_number)
            yield values

    def numbered_rows(
        self, sheet: SheetInfo, *, max_row: int | None = None, max_col: int | None = None
    ) -> Iterator[tuple[int, tuple]]:
        """(row number, values) of each row the sheet holds; rows it does not hold are skipped."""
        try:
            yield from self._rows(sheet, max_row, max_col)
        except _DAMAGE as exc:
            raise XlsxError(str(exc)) from exc

    def _rows(
        self, sheet: SheetInfo, max_row: int | None, max_col: int | None
    ) -> Iterator[tuple[int, tuple]]:
        number = seen = elements = 0
        values: dict[int, object] = {}
        column = -1
        cell_tag = row_tag = merge_tag = ""
        merged = self.merged.setdefault(sheet.path, [])
        merged.clear()
        with open_part(self.zip, sheet.path, MAX_SHEET_BYTES, "trang tính quá lớn") as source:
            for _, element in iterparse(source):
                elements += 1
                if elements > MAX_ELEMENTS_PER_ROW:
                    raise TooLarge(f"dòng {number + 1} có quá nhiều ô")
                tag = element.tag
                if not cell_tag:
                    ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
                    cell_tag, row_tag = f"{ns}c", f"{ns}row"
                    self._value_tag, self._inline_tag = f"{ns}v", f"{ns}is"
                    merge_tag = f"{ns}mergeCell"
                if tag == cell_tag:
                    ref = element.get("r")
                    if ref:
                        match = _LETTERS.match(ref)
                        column = _column(match.group()) if match else column + 1
                    else:
                        column += 1
                    if column >= MAX_COLUMNS:
                        raise TooLarge(f"dòng {number + 1} có ô vượt quá cột XFD")
                    if max_col is None or column < max_col:
                        value = self._value(element)
                        if value is not None:
                            values[column] = value
                    element.clear()
                elif tag == row_tag:
                    row_number = _row_number(element.get("r"), number)
                    seen += 1
                    if row_number > MAX_ROWS or seen > MAX_ROWS:
                        raise TooLarge("quá 1.048.576 dòng")
                    if max_row is not None and row_number > max_row:
                        return
                    number = row_number
                    width = max(values) + 1 if values else 0
                    yield row_number, tuple(values.get(i) for i in range(width))
                    values, column, elements = {}, -1, 0
                    element.clear()  # keep memory flat on long sheets
                elif tag == merge_tag:  # after the rows: the merged cells' ranges
                    if len(merged) < MAX_MERGED:
                        merged.append(element.get("ref", ""))
                    elements = 0
                    element.clear()

    def _value(self, cell: Element) -> object:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(self._inline_tag)
            return _text(inline) if inline is not None else None
        raw = cell.findtext(self._value_tag)
        if raw is None:
            return None
        if kind == "s":
            return self.strings[int(raw)]
        if kind in ("str", "e"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            return datetime.fromisoformat(raw.rstrip("Z"))
        value = _number(raw)
        style = cell.get("s")
        if style and int(style) in self.date_styles:
            try:
                return from_excel(value, self.epoch)
            except (OverflowError, ValueError):
                return value
        return value
