"""Fuzz: the spreadsheet reader (`desktop.spreadsheets.reader.read_sheet`) on .xlsx and CSV.
Any bytes give a sheet, or the reader's own refusal (SheetError, a Vietnamese reason), never
another exception, within the deadline. Seeds are real files (an export made by openpyxl, one
made the way Excel writes, CSV in every encoding), mutated as bytes, as XML inside a valid zip,
and as worksheets of generated rows and cells."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from openpyxl import Workbook

from desktop.spreadsheets import reader
from desktop.spreadsheets.encodings import encode_cp1258, encode_tcvn3
from desktop.spreadsheets.reader import SheetError
from tests.desktop.test_sheet_limits import DATA, HEADER, package

from .budget import Budget, fuzz_settings, mutate, mutations

pytestmark = pytest.mark.fuzz

WORK = Path(tempfile.mkdtemp(prefix="sohoi-fuzz-sheets-"))
ROWS = [
    ["Họ và tên", "Ngày sinh", "Số CCCD", "Chi hội", "Dân tộc"],
    ["Nguyễn Thị Thủy", "12/04/1982", "001182000789", "Thôn Đông", "Kinh"],
    ["Trương Thị Ngọc Hường", "1975", "", "Thôn Bắc", "Mường"],
]


def _openpyxl_made() -> bytes:
    book = Workbook()
    ws = book.active
    ws.append(["DANH SÁCH HỘI VIÊN"])
    for row in ROWS:
        ws.append(row)
    ws.append(["Lê Thị Hoa", 1980, 1.5, True, None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX_SEEDS = [_openpyxl_made(), package(HEADER + DATA)]
CSV_TEXT = "\r\n".join(";".join(r) for r in ROWS) + "\r\n"
CSV_SEEDS = [
    CSV_TEXT.encode("utf-8"),
    CSV_TEXT.encode("utf-8-sig"),
    CSV_TEXT.encode("utf-16"),
    encode_cp1258(CSV_TEXT),
    encode_tcvn3(CSV_TEXT),
]


def outcome(data: bytes, suffix: str, encoding: str = "auto") -> str:
    """ "read" or "refused"; any other exception fails the target."""
    path = WORK / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        sheet = reader.read_sheet(path, "members", encoding=encoding)
    except SheetError as exc:
        assert str(exc)  # a reason for people
        return "refused"
    assert isinstance(sheet.rows, list) and all(isinstance(r, tuple) for r in sheet.rows)
    return "read"


def test_the_seeds_are_read():
    assert [outcome(d, ".xlsx") for d in XLSX_SEEDS] == ["read", "read"]
    assert [outcome(d, ".csv") for d in CSV_SEEDS] == ["read"] * len(CSV_SEEDS)


ZIP_BYTES = Budget(6.0)


@fuzz_settings(max_examples=1500)
@given(st.sampled_from(range(len(XLSX_SEEDS))), mutations)
def test_mutated_xlsx_bytes_are_read_or_refused(seed, steps):
    if ZIP_BYTES.spent():
        return
    event(outcome(mutate(XLSX_SEEDS[seed], steps), ".xlsx"))


def _rezip(data: bytes, part: int, steps) -> bytes:
    """The same package with one XML part mutated: the zip is valid, the XML is not."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = [(i.filename, source.read(i)) for i in source.infolist()]
    name, xml = parts[part % len(parts)]
    parts[part % len(parts)] = (name, mutate(xml, steps))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts:
            target.writestr(name, content)
    return out.getvalue()


XML_PARTS = Budget(8.0)


@fuzz_settings(max_examples=1500)
@given(st.sampled_from(range(len(XLSX_SEEDS))), st.integers(0, 20), mutations)
def test_mutated_xml_parts_are_read_or_refused(seed, part, steps):
    if XML_PARTS.spent():
        return
    event(outcome(_rezip(XLSX_SEEDS[seed], part, steps), ".xlsx"))


NUMBERS = st.one_of(
    st.integers(-5, 2_000_000).map(str),
    st.sampled_from(["", "1e300", "1e3", "inf", "nan", "-1", "0", "5.0", "1048577", "9" * 40]),
    st.text("0123456789.eE+-x", max_size=8),
)
REFS = st.builds(
    lambda col, row: col + row,
    st.sampled_from(["", "A", "B", "Z", "XFD", "XFE", "AAAA", "a", "$A"])
    | st.text("ABXZ", max_size=4),
    NUMBERS,
)
CELL = st.builds(
    lambda ref, kind, style, value: (
        f"<c{f' r="{ref}"' if ref else ''}{f' t="{kind}"' if kind else ''}"
        f"{f' s="{style}"' if style else ''}>"
        + (f"<is><t>{value}</t></is>" if kind == "inlineStr" else f"<v>{value}</v>")
        + "</c>"
    ),
    st.none() | REFS,
    st.sampled_from([None, "s", "n", "b", "e", "str", "inlineStr", "d", "zz"]),
    st.sampled_from([None, "0", "1", "7", "-1", "x"]),
    NUMBERS
    | st.text("Nguyễn Thị &;<>", max_size=12).map(
        lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    ),
)
ROW = st.builds(
    lambda ref, cells: f"<row{f' r="{ref}"' if ref is not None else ''}>{''.join(cells)}</row>",
    st.none() | NUMBERS,
    st.lists(CELL, max_size=6),
)

SHEETS = Budget(8.0)


@fuzz_settings(max_examples=1000)
@given(st.lists(ROW, max_size=12), st.booleans())
def test_generated_worksheets_are_read_or_refused(rows, header):
    if SHEETS.spent():
        return
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Họ và tên</t></si><si><r><t>Lê </t></r><r><t>Thị</t></r></si></sst>"
    )
    sheet = (HEADER if header else "") + "".join(rows)
    event(outcome(package(sheet, strings=strings), ".xlsx"))


CSV = Budget(6.0)


@fuzz_settings(max_examples=1500)
@given(
    st.sampled_from(range(len(CSV_SEEDS))),
    st.one_of(st.none(), mutations),
    st.sampled_from(["auto", "utf-8", "cp1258", "tcvn3"]),
    st.binary(max_size=64),
)
def test_csv_of_any_bytes_is_read_or_refused(seed, steps, encoding, junk):
    if CSV.spent():
        return
    data = CSV_SEEDS[seed] if steps is None else mutate(CSV_SEEDS[seed], steps)
    event(outcome(data + junk, ".csv", encoding))
