"""The units table written to Excel (desktop/units/export.py): what the window gives, numbers as
numbers, and a text that looks like a formula kept as text."""

from openpyxl import load_workbook

from desktop.units.export import write_units_xlsx


def test_rows_are_written_as_given_and_formula_like_text_stays_text(tmp_path):
    path = tmp_path / "don-vi.xlsx"
    rows = [
        ["07210", "Hội LHPN phường Bắc Giang", "04/12/2026", 0, 0, 0, 87.5],
        ["07211", '=HYPERLINK("http://x")', "Chưa gửi", None, 0, 0, None],
        ["07212", "+84 912", "@tên", 3, 1, 2, 12],
        ["07213", "-1", "\tbắt đầu bằng tab", 1, 0, 0, 0.0],
    ]
    headers = [
        "Mã",
        "Tên đơn vị",
        "Lần nhận cuối",
        "Số ngày",
        "Gói chưa nhận",
        "Cảnh báo",
        "=Chỉ tiêu",
    ]
    assert write_units_xlsx(path, "Đơn vị cấp dưới", headers, rows) == 4
    sheet = load_workbook(path).active
    assert sheet.title == "Đơn vị cấp dưới"
    assert [c.value for c in sheet[1]] == headers
    assert [[c.value for c in r] for r in sheet.iter_rows(min_row=2)] == rows
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"  # never a formula
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
    assert sheet["D2"].data_type == "n" and sheet["G2"].value == 87.5
    assert not list(tmp_path.glob(".*.tmp"))  # written whole, no temporary left


def test_a_cancelled_export_writes_nothing(tmp_path):
    path = tmp_path / "don-vi.xlsx"
    rows = [["07210", "Hội LHPN phường Bắc Giang"]]
    assert write_units_xlsx(path, "x", ["Mã", "Tên"], rows, cancelled=lambda: True) == 0
    assert not path.exists()
