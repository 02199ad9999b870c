"""Hostile spreadsheets: a few bytes that claim a billion rows, parts that inflate to gigabytes,
thousands of junk elements. Each is refused with a Vietnamese reason, or read, within bounded
time and memory (generous bounds: these measure "not minutes, not gigabytes")."""

from __future__ import annotations

import io
import os
import pickle
import struct
import time
import zipfile
from pathlib import Path

import pytest

from desktop.spreadsheets import reader
from desktop.spreadsheets.limits import MAX_ROWS
from desktop.spreadsheets.reader import SheetError
from desktop.spreadsheets.xlsx import XlsxError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

SECONDS = 15.0  # on a machine shared by several busy processes; unbounded took minutes
BYTES = 200 * 2**20
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c></row>'
DATA = '<row r="2"><c r="A2" t="inlineStr"><is><t>Lê Thị Hoa</t></is></c></row>'


def package(
    sheet: str = "",
    *,
    strings: str | bytes | None = None,
    styles: str | bytes | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A small .xlsx with one worksheet whose <sheetData> is `sheet`, built by hand."""
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
            '<sheet name="Hội viên" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{DOC}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/sharedStrings.xml": strings or f'<sst xmlns="{MAIN}"/>',
        "xl/styles.xml": styles
        or f'<styleSheet xmlns="{MAIN}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs>'
        "</styleSheet>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{sheet}'
        "</sheetData></worksheet>",
        **(extra or {}),
    }
    path_bytes = {k: v.encode() if isinstance(v, str) else v for k, v in parts.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in path_bytes.items():
            z.writestr(name, data)
    return buffer.getvalue()


def measured(work):
    """work() in a child process: (its result, seconds, bytes its memory grew by at most).

    A child, so that the memory is the peak of this work alone (tracemalloc would slow the
    parsing down several times on a busy machine)."""
    if not hasattr(os, "fork"):
        pytest.skip("measured in a child process (POSIX)")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(read_end)
            before = _status("VmRSS")
            start = time.perf_counter()
            result = work()
            elapsed = time.perf_counter() - start
            grown = _status("VmHWM") - before
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump((result, elapsed, grown), pipe)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0 and data, "the measured work failed"
    return pickle.loads(data)


def _status(field: str) -> int:
    """A memory figure of this process, in bytes, from /proc/self/status."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(field)


def read_bounded(tmp_path: Path, data: bytes) -> reader.Sheet | SheetError:
    """read_sheet of `data`, measured: the sheet or the refusal, within SECONDS and BYTES."""
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(data)

    def work():
        try:
            return reader.read_sheet(path, "members")
        except SheetError as exc:
            return exc

    result, elapsed, grown = measured(work)
    assert elapsed < SECONDS, elapsed
    assert grown < BYTES, grown
    return result


def refused(tmp_path: Path, data: bytes) -> str:
    result = read_bounded(tmp_path, data)
    assert isinstance(result, SheetError), result
    return str(result)


@pytest.fixture(params=["fast", "openpyxl"])
def readers(request, monkeypatch):
    """Each case through the fast reader, and through openpyxl (what the fast reader does not
    know goes there: it must be just as bounded)."""
    if request.param == "openpyxl":

        def unknown(data: bytes):
            raise XlsxError("unknown")

        monkeypatch.setattr(reader, "XlsxBook", unknown)
    return request.param


def test_a_small_sheet_is_read_by_both_readers(tmp_path, readers):
    sheet = read_bounded(tmp_path, package(HEADER + DATA))
    assert isinstance(sheet, reader.Sheet)
    assert sheet.rows == [("Họ và tên",), ("Lê Thị Hoa",)]


@pytest.mark.parametrize("number", ["1e300", "20000000", "1048577", "inf", "9" * 400])
def test_rows_beyond_excels_last_row_are_refused(tmp_path, number):
    data = package(HEADER + DATA + f'<row r="{number}"><c><v>1</v></c></row>')
    message = refused(tmp_path, data)
    assert message.startswith("Tệp Excel vượt giới hạn đọc được")
    assert "dòng" in message


def test_rows_beyond_excels_last_row_do_not_run_away_in_openpyxl(tmp_path, readers):
    data = package(HEADER + DATA + '<row r="1e300"><c><v>1</v></c></row>')
    result = read_bounded(tmp_path, data)
    if isinstance(result, reader.Sheet):  # openpyxl stops at Excel's last row
        assert result.rows == [("Họ và tên",), ("Lê Thị Hoa",)]
    else:
        assert str(result).startswith("Tệp Excel vượt giới hạn đọc được")


def test_the_last_row_excel_allows_is_read_without_making_up_a_million_rows(tmp_path):
    data = package(HEADER + DATA + f'<row r="{MAX_ROWS}"><c r="A{MAX_ROWS}"><v>7</v></c></row>')
    sheet = read_bounded(tmp_path, data)
    assert isinstance(sheet, reader.Sheet)
    assert len(sheet.rows) == MAX_ROWS
    assert sheet.rows[:2] == [("Họ và tên",), ("Lê Thị Hoa",)] and sheet.rows[-1] == (7,)
    assert all(r == () for r in sheet.rows[2:-1])


def test_empty_rows_at_the_end_are_not_kept(tmp_path, readers):
    data = package(HEADER + DATA + "".join(f'<row r="{n}"/>' for n in range(3, 20_000)))
    sheet = read_bounded(tmp_path, data)
    assert isinstance(sheet, reader.Sheet) and len(sheet.rows) == 2


@pytest.mark.parametrize("cell", ['<c r="XFE1"><v>1</v></c>', '<c r="AAAAAAA1"><v>1</v></c>'])
def test_columns_beyond_xfd_are_refused(tmp_path, cell):
    message = refused(tmp_path, package(f'<row r="1">{cell}</row>'))
    assert "cột XFD" in message


def test_a_row_of_too_many_cells_is_refused(tmp_path):
    cells = "<c><v>1</v></c>" * 20_000  # no references: columns A, B, … past XFD
    assert "cột XFD" in refused(tmp_path, package(f"<row>{cells}</row>"))


def test_a_row_full_of_junk_elements_is_refused(tmp_path):
    junk = "<x/>" * 300_000
    message = refused(tmp_path, package(HEADER + f'<row r="2"><c><v>1</v>{junk}</c></row>'))
    assert "quá nhiều ô" in message


def test_a_huge_styles_part_is_refused(tmp_path, readers):
    styles = f'<styleSheet xmlns="{MAIN}">'.encode() + b" " * (40 * 2**20) + b"</styleSheet>"
    data = package(HEADER + DATA, styles=styles)
    assert len(data) < 1 * 2**20
    message = refused(tmp_path, data)
    assert message.startswith("Tệp Excel vượt giới hạn đọc được")
    assert "bảng kiểu định dạng quá lớn" in message or "styles.xml quá lớn" in message


def test_a_zip_header_that_lies_about_a_size_is_refused(tmp_path, readers):
    styles = f'<styleSheet xmlns="{MAIN}">'.encode() + b" " * (40 * 2**20) + b"</styleSheet>"
    data = bytearray(package(HEADER + DATA, styles=styles))
    # Say 100 bytes in the central directory and the local header of styles.xml.
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature)
        while at >= 0:
            name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + 13] == b"xl/styles.xml":
                data[at + offset : at + offset + 4] = struct.pack("<I", 100)
            at = data.find(signature, at + 4)
    message = refused(tmp_path, bytes(data))
    assert message.startswith(("Tệp Excel vượt giới hạn", "Tệp được đặt mật khẩu hoặc bị hỏng"))


def test_too_many_shared_strings_are_refused(tmp_path, readers):
    strings = f'<sst xmlns="{MAIN}">' + "<si><t>x</t></si>" * 1_100_000 + "</sst>"
    message = refused(tmp_path, package(HEADER + DATA, strings=strings))
    assert "chuỗi" in message or "quá lớn" in message


def test_shared_strings_too_long_together_are_refused(tmp_path, readers):
    one = "<si><t>" + "Nguyễn Thị Hoa " * 100_000 + "</t></si>"  # 1.5 M characters each
    strings = f'<sst xmlns="{MAIN}">' + one * 30 + "</sst>"
    message = refused(tmp_path, package(HEADER + DATA, strings=strings))
    assert message.startswith("Tệp Excel vượt giới hạn đọc được")


def test_a_zip_of_too_many_parts_is_refused(tmp_path):
    extra = {f"xl/junk/{n:06d}.bin": b"" for n in range(25_000)}
    message = refused(tmp_path, package(HEADER + DATA, extra=extra))
    assert "quá nhiều thành phần" in message


def _patch_member(data: bytes, name: bytes, central: int, local: int, value: bytes) -> bytes:
    """Overwrite a field of one member's central and local headers."""
    out = bytearray(data)
    for signature, offset, name_at in ((b"PK\x01\x02", central, 46), (b"PK\x03\x04", local, 30)):
        at = out.find(signature)
        while at >= 0:
            if out[at + name_at : at + name_at + len(name)] == name:
                out[at + offset : at + offset + len(value)] = value
            at = out.find(signature, at + 4)
    return bytes(out)


def test_a_worksheet_damaged_inside_the_zip_is_refused_not_a_traceback(tmp_path, readers):
    """A bad CRC is found only when the worksheet has been read to its end (found by fuzzing)."""
    data = package(HEADER + DATA)
    damaged = _patch_member(data, b"xl/worksheets/sheet1.xml", 16, 14, b"\0\0\0\0")
    assert refused(tmp_path, damaged).startswith("Tệp được đặt mật khẩu hoặc bị hỏng")


def test_styles_of_too_many_elements_are_refused(tmp_path, readers):
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs>' + "<xf/>" * 300_000 + "</cellXfs></styleSheet>"
    assert len(styles) < 8 * 2**20  # within the size of a part: its elements are the bound
    assert "quá lớn" in refused(tmp_path, package(HEADER + DATA, styles=styles))


def test_a_workbook_of_too_many_sheets_is_refused(tmp_path):
    data = package(HEADER + DATA)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    sheets = "".join(f'<sheet name="T{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, 301))
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{DOC}/worksheet" Target="worksheets/s{n}.xml"/>'
        for n in range(1, 301)
    )
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>{sheets}</sheets></workbook>'
    ).encode()
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{RELS}">{rels}</Relationships>'.encode()
    )
    for n in range(1, 301):
        parts[f"xl/worksheets/s{n}.xml"] = parts["xl/worksheets/sheet1.xml"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    assert "quá nhiều trang tính" in refused(tmp_path, buffer.getvalue())


def test_relationships_of_too_many_elements_are_refused(tmp_path):
    data = package(HEADER + DATA)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    junk = ("<x/>" * 600_000).encode()
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"</Relationships>", junk + b"</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    assert "quá lớn" in refused(tmp_path, buffer.getvalue())
