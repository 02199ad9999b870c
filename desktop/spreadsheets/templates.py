"""Blank sheets to fill in, one per importable list: the headers the import recognises.

The first sheet ("Danh sách") has the header row only, frozen, with a note on each header (how to
write the value, an example) and drop-down lists for enumerations and yes/no columns; date
columns are formatted dd/mm/yyyy and citizen ID and phone columns as text, so Excel keeps their
leading zeros. A second sheet ("Hướng dẫn") explains every column with an example row; a hidden
one holds the drop-down lists. No data folder is needed.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from db.schema import TABLES, Field, choice_label
from desktop.spreadsheets.reader import SheetError
from desktop.spreadsheets.tables import IMPORT_TABLES
from desktop.spreadsheets.workbook import (
    DATE_FORMAT,
    HEADER_ALIGNMENT,
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    TEXT_FORMAT,
    TITLE_FONT,
    column_width,
    save_workbook,
)

TEMPLATE_ROWS = 2000  # rows the formats and drop-down lists cover
LISTS_SHEET = "Danh mục"

EXAMPLES = {
    "full_name": "Nguyễn Thị Ánh",
    "birth_date": "05/03/1985",
    "citizen_id": "001185000123",
    "phone": "0912345678",
    "ethnicity": "Kinh",
    "religion": "Không",
    "address": "Thôn Đông, xã Tân Phú",
    "joined_on": "20/10/2010",
    "card_number": "HV-00123",
    "special_groups": "Phụ nữ khuyết tật; Nữ công nhân",
    "note": "",
    "branch_id": "Chi hội Thôn Đông",
    "name": "Chi hội Thôn Đông",
    "area_name": "Thôn Đông",
    "established_on": "15/03/1995",
    "union_work_since": "2015",
    "allowance_amount_vnd": "1.500.000",
    "started_on": "01/01/2020",
}


def _choices(table: str, f: Field) -> list[str]:
    return [choice_label(table, f.name, c) for c in f.choices]


def how_to_write(table: str, f: Field) -> str:
    """A short Vietnamese hint on writing one column's values."""
    kind = f.kind
    if kind == "birth_date":
        return "ngày/tháng/năm (05/03/1985), hoặc chỉ năm sinh (1985)"
    if kind == "date":
        return "ngày/tháng/năm, ví dụ 01/01/2020"
    if kind == "citizen_id":
        return "12 chữ số (số CMND cũ 9 chữ số cũng được); giữ nguyên số 0 ở đầu"
    if kind == "phone":
        return "10 chữ số, bắt đầu bằng 0"
    if kind == "enum":
        return "chọn một: " + ", ".join(_choices(table, f))
    if kind == "enum_list":
        return "một hoặc nhiều giá trị, cách nhau bằng dấu ; — " + ", ".join(_choices(table, f))
    if kind == "text_list":
        return "một hoặc nhiều nhóm, cách nhau bằng dấu ;"
    if kind == "bool":
        return "Có hoặc Không"
    if kind == "ref":
        return "tên chi hội, hoặc tên thôn/ấp/bản/tổ dân phố của chi hội"
    if kind in ("money", "int"):
        return "số nguyên"
    if kind == "year":
        return "năm, ví dụ 2015"
    return "chữ"


def example(table: str, f: Field) -> str:
    """An example value of one column, as a person would type it."""
    if f.name in EXAMPLES:
        return EXAMPLES[f.name]
    if f.kind == "bool":
        return "Có"
    if f.kind in ("enum", "enum_list"):
        choices = [c for c in f.choices if c != "none"] or list(f.choices)
        return choice_label(table, f.name, choices[0])
    return ""


def write_template(table: str, out: Path) -> Path:
    """Write the blank sheet of `table` (members, branch_heads, cadres or branches) to `out`."""
    if table not in IMPORT_TABLES:
        raise SheetError(f"Chỉ có mẫu cho các danh sách: {', '.join(IMPORT_TABLES)}.")
    spec = TABLES[table]
    book = Workbook()
    ws = book.active
    ws.title = "Danh sách"
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    ws.freeze_panes = "A2"
    list_column = 0
    for i, f in enumerate(spec.fields, 1):
        letter = get_column_letter(i)
        cell = ws.cell(row=1, column=i, value=f.label)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment, cell.border = HEADER_ALIGNMENT, HEADER_BORDER
        note = f"{f.label}{' (bắt buộc)' if f.required else ''}: {how_to_write(table, f)}."
        if example(table, f):
            note += f"\nVí dụ: {example(table, f)}"
        cell.comment = Comment(note, "Sổ Hội", width=300, height=120)
        ws.column_dimensions[letter].width = column_width(f.label, [example(table, f)])
        fmt = {"date": DATE_FORMAT, "birth_date": DATE_FORMAT}.get(f.kind)
        fmt = TEXT_FORMAT if f.kind in ("citizen_id", "phone") else fmt
        if fmt:
            for row in range(2, TEMPLATE_ROWS + 2):
                ws.cell(row=row, column=i).number_format = fmt
        values = _choices(table, f) if f.kind == "enum" else []
        values = ["Có", "Không"] if f.kind == "bool" else values
        if values:
            list_column += 1
            col = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=f.name)
            for r, value in enumerate(values, 2):
                lists.cell(row=r, column=list_column, value=value)
            rule = DataValidation(
                type="list",
                formula1=f"='{LISTS_SHEET}'!${col}$2:${col}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f.label,
                error=f"Hãy chọn trong danh sách: {', '.join(values)}",
            )
            rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            ws.add_data_validation(rule)
    _guide(book, table)
    save_workbook(book, out)
    return Path(out)


def _guide(book: Workbook, table: str) -> None:
    """The "Hướng dẫn" sheet: one line per column, with an example value."""
    spec = TABLES[table]
    ws = book.create_sheet("Hướng dẫn")
    ws["A1"] = f"Mẫu nhập danh sách {spec.label} — Sổ Hội"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = (
        "Điền mỗi người (mỗi chi hội) một dòng ở trang “Danh sách”, từ dòng 2. Có thể thêm dòng "
        "tiêu đề ở trên hoặc cột STT; cột không nhận ra sẽ được báo và bỏ qua."
    )
    heads = ("Cột", "Bắt buộc", "Cách ghi", "Ví dụ")
    for i, text in enumerate(heads, 1):
        cell = ws.cell(row=4, column=i, value=text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for r, f in enumerate(spec.fields, 5):
        ws.cell(row=r, column=1, value=f.label)
        ws.cell(row=r, column=2, value="Có" if f.required else "")
        ws.cell(row=r, column=3, value=how_to_write(table, f))
        ws.cell(row=r, column=4, value=example(table, f))
    for letter, width in zip("ABCD", (30, 10, 60, 30), strict=True):
        ws.column_dimensions[letter].width = width
