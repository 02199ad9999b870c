"""Bounds on a spreadsheet from outside: what a hostile or broken .xlsx may not make us do.

An .xlsx is a zip of XML parts, and a few bytes of it can claim a billion rows (`<row
r="1e300">`), a cell in column 10,000,000, or a part that inflates to gigabytes. The readers
check each bound as they go and raise `TooLarge` with a Vietnamese reason: such a file is
refused, never read by another reader instead (openpyxl would try the same work unbounded).

* rows and columns: Excel's own limits (1,048,576 rows, 16,384 columns);
* parts: the size each may inflate to, checked against the zip's header *and* while inflating
  (a header can lie); the zip's central directory (how many parts) is bounded before it is read;
* shared strings: how many and how many characters in all;
* elements per row (or per shared string), styles, worksheets: junk cannot fill the memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import IO

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_PART_BYTES = 8 * 2**20  # workbook, relationships, styles: a few KB in real files
MAX_STYLE_ELEMENTS = 200_000  # in a small part; Excel allows 64,000 cell formats
MAX_SHEETS = 256
MAX_SHEET_BYTES = 256 * 2**20  # a worksheet's XML; 50,000 members take about 40 MB
MAX_STRINGS_BYTES = 64 * 2**20  # sharedStrings.xml
MAX_SHARED_STRINGS = 1_048_576
MAX_STRING_CHARS = 32 * 2**20  # every shared string together
MAX_ELEMENTS_PER_ROW = 16 * MAX_COLUMNS  # rich text runs included
MAX_DIRECTORY_BYTES = 1 * 2**20  # the zip's list of parts: a real workbook has a few dozen

TOO_LARGE = "Tệp Excel vượt giới hạn đọc được ({}), nên không nhập. Hãy kiểm tra lại tệp."


class TooLarge(Exception):
    """The file is beyond a bound; the message is Vietnamese, for people."""

    def __init__(self, what: str):
        super().__init__(TOO_LARGE.format(what))


def check_directory(data: bytes) -> None:
    """Refuse a zip whose list of parts is too big to read (before zipfile reads it)."""
    try:
        end = zipfile._EndRecData(io.BytesIO(data))  # type: ignore[attr-defined]  # private, no stub  # the (zip64-aware) end record
    except (OSError, ValueError, zipfile.BadZipFile):
        return  # not a zip: zipfile says so in its own words
    if end and end[zipfile._ECD_SIZE] > MAX_DIRECTORY_BYTES:  # type: ignore[attr-defined]  # private, no stub
        raise TooLarge("quá nhiều thành phần trong tệp")


class _Bounded(io.RawIOBase):
    """A zip member's stream that refuses to give more than `limit` bytes."""

    def __init__(self, source: IO[bytes], limit: int, what: str):
        self.source, self.left, self.what = source, limit, what

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]  # io passes one of these
        data = self.source.read(min(len(buffer), self.left + 1))
        if len(data) > self.left:
            raise TooLarge(self.what)
        self.left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.source.close()
        super().close()


def open_part(book: zipfile.ZipFile, path: str, limit: int, what: str) -> IO[bytes]:
    """A part to parse, refused beyond `limit` bytes once inflated (KeyError if absent)."""
    info = book.getinfo(path)
    if info.file_size > limit:
        raise TooLarge(what)
    return io.BufferedReader(_Bounded(book.open(info), limit, what), 1 << 16)


def limit_for(path: str) -> int:
    """How big a part may inflate to, by what it is."""
    name = path.rpartition("/")[2].lower()
    if name.startswith("sheet") or "worksheets/" in path:
        return MAX_SHEET_BYTES
    if name.startswith("sharedstrings"):
        return MAX_STRINGS_BYTES
    return MAX_PART_BYTES


_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_ROW_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\s[^>]*?\br\s*=\s*[\"']([^\"']*)")
_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def check_parts(book: zipfile.ZipFile) -> None:
    """Inflate every part once, counting, before a reader without bounds (openpyxl) opens the
    package: no part bigger than the bounds above, no row beyond Excel's last, not more rows or
    shared strings than Excel holds (openpyxl would make up each missing row one by one)."""
    for info in book.infolist():
        if "/media/" in info.filename or info.is_dir():
            continue  # pictures: openpyxl's read-only mode does not open them
        limit = limit_for(info.filename)
        strings = limit == MAX_STRINGS_BYTES
        if strings:
            limit = min(limit, MAX_STRING_CHARS)  # openpyxl keeps them all as they are
        what = f"thành phần {info.filename[-40:]} quá lớn"
        rows = elements = tags = 0
        tail = b""
        with open_part(book, info.filename, limit, what) as source:
            while chunk := source.read(1 << 20):
                text = tail + chunk
                if limit == MAX_SHEET_BYTES:
                    rows += len(_ROW.findall(chunk))
                    for ref in _ROW_REF.findall(text[len(tail) - 200 if tail else 0 :]):
                        _check_row_ref(ref)
                elif strings:
                    elements += len(_STRING.findall(chunk))
                else:  # a small part: tags, opening and closing, of at most so many elements
                    tags += chunk.count(b"<")
                    if tags > MAX_STYLE_ELEMENTS:
                        raise TooLarge(what)
                if rows > MAX_ROWS:
                    raise TooLarge("quá 1.048.576 dòng")
                if elements > MAX_SHARED_STRINGS:
                    raise TooLarge("quá nhiều chuỗi ký tự")
                tail = text[-4096:]


def _check_row_ref(ref: bytes) -> None:
    try:
        number = float(ref[:20])
    except ValueError:
        return  # openpyxl refuses it in its own way
    if len(ref) > 12 or not number < MAX_ROWS + 1:
        raise TooLarge("quá 1.048.576 dòng")
