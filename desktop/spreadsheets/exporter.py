"""Lists and the indicators table as .xlsx for upper levels and for people.

Headers are the fields' Vietnamese labels; enumeration ids are shown as their labels (the import
reads them back); dates are real Excel dates shown dd/mm/yyyy; citizen IDs and phone numbers are
text (their leading zeros stay). An exported file is not encrypted, so the personal columns
(citizen ID, birth date, ethnicity, religion) are left out unless asked for. The header row is
frozen and filtered, and the last column holds each record's id, so a list edited in Excel and
imported again updates the same records. Files are written atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from db.indicators import compute_indicators
from db.schema import TABLES, Field, choice_label
from db.store import Store
from db.text import name_key, text_key
from desktop.security import audit
from desktop.spreadsheets.branches import BranchMatcher
from desktop.spreadsheets.cells import convert_choice
from desktop.spreadsheets.headers import ID_LABEL
from desktop.spreadsheets.reader import SheetError
from desktop.spreadsheets.tables import EXPORT_TABLES, INDICATORS
from desktop.spreadsheets.workbook import (
    DATE_FORMAT,
    HEADER_ALIGNMENT,
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    PERCENT_FORMAT,
    TEXT_FORMAT,
    TITLE_FONT,
    WHOLE_FORMAT,
    YEAR_FORMAT,
    column_width,
    safe_cell,
    save_workbook,
    sheet_title,
)

SENSITIVE_FIELDS = ("citizen_id", "birth_date", "ethnicity", "religion")
WIDTH_SAMPLE = 300
_TEXT_KINDS = ("citizen_id", "phone")
_LIST_TITLES = {
    "members": "DANH SÁCH HỘI VIÊN",
    "branch_heads": "DANH SÁCH CHI HỘI TRƯỞNG",
    "cadres": "DANH SÁCH CÁN BỘ HỘI",
    "branches": "DANH SÁCH CHI HỘI",
}


@dataclass(frozen=True)
class ExportSummary:
    """What was written: where, how many records, which columns, with personal data or not."""

    path: Path
    rows: int
    headers: tuple[str, ...]
    personal: bool


def _unit_name(store: Store) -> str:
    row = store.db.execute(
        "SELECT name FROM units WHERE code = ? AND is_deleted = 0", [store.unit_code]
    ).fetchone()
    return row[0] if row else store.unit_code or ""


def export_columns(table: str, with_personal: bool) -> list[Field]:
    """The fields a list shows, in declaration order."""
    return [f for f in TABLES[table].fields if with_personal or f.name not in SENSITIVE_FIELDS]


def _filters(store: Store, table: str, branch: str | None, status: str | None) -> dict[str, str]:
    spec = TABLES[table]
    where: dict[str, str] = {}
    if branch:
        if "branch_id" not in spec.fields_by_name:
            raise SheetError(f"Danh sách {spec.label} không chia theo chi hội.")
        found = BranchMatcher.load(store, below=True).find(branch)
        if found.id is None:
            raise SheetError(f"Chi hội: {found.reason}")
        where["branch_id"] = found.id
    if status:
        f = spec.fields_by_name.get("status")
        if f is None:
            raise SheetError(f"Danh sách {spec.label} không có tình trạng.")
        got = convert_choice(status, table, f)
        if got.error:
            raise SheetError(f"Tình trạng {got.error}")
        where["status"] = got.value
    return where


def list_records(
    store: Store, table: str, where: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Live records of the unit and the units below it, sorted the Vietnamese way."""
    spec = TABLES[table]
    units = sorted(store.descendant_units()) or [store.unit_code or ""]
    marks = ",".join("?" * len(units))
    sql = f"SELECT * FROM [{table}] WHERE is_deleted = 0 AND unit_code IN ({marks})"
    params: list[Any] = list(units)
    for column, value in (where or {}).items():
        sql += f" AND [{column}] = ?"
        params.append(value)
    cur = store.db.conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    records = [dict(zip(names, r, strict=True)) for r in cur]
    title = spec.title_field
    if title == "full_name":
        records.sort(key=lambda r: name_key(r["full_name"] or ""))
    elif title:
        records.sort(key=lambda r: text_key(str(r[title] or "")))
    return records


def _cell_value(table: str, f: Field, value: Any, branch_names: dict[str, str]) -> Any:
    """A stored value as shown in the sheet."""
    if value is None:
        return None
    kind = f.kind
    if kind == "ref":
        return branch_names.get(value, value)
    if kind == "enum":
        return choice_label(table, f.name, value)
    if kind in ("enum_list", "text_list"):
        items = json.loads(value) if isinstance(value, str) else value
        if kind == "enum_list":
            items = [choice_label(table, f.name, i) for i in items]
        return "; ".join(items)
    if kind == "bool":
        return "Có" if value else "Không"
    if kind in ("date", "birth_date"):
        return int(value) if len(value) == 4 else date.fromisoformat(value)
    return value


def _number_format(f: Field, value: Any) -> str | None:
    if f.kind in ("date", "birth_date"):
        return YEAR_FORMAT if isinstance(value, int) else DATE_FORMAT
    if f.kind == "money":
        return WHOLE_FORMAT
    if f.kind in _TEXT_KINDS:
        return TEXT_FORMAT
    return None


def _list_title(
    store: Store, table: str, where: dict[str, str], branch_names: dict[str, str]
) -> str:
    """`DANH SÁCH HỘI VIÊN — Hội LHPN xã … (chi hội “…”) — ngày dd/mm/yyyy`."""
    spec = TABLES[table]
    title = _LIST_TITLES.get(table, f"DANH SÁCH {spec.label.upper()}")
    title += f" — {_unit_name(store)}"
    filters = []
    if "branch_id" in where:
        filters.append(f"chi hội “{branch_names[where['branch_id']]}”")
    if "status" in where:
        filters.append(f"tình trạng “{choice_label(table, 'status', where['status'])}”")
    if filters:
        title += f" ({', '.join(filters)})"
    return title + f" — ngày {store.today().strftime('%d/%m/%Y')}"


def _start_sheet(ws: Any, title: str, headers: list[str], widths: list[float]) -> None:
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    last = get_column_letter(len(headers))
    ws.merged_cells.add(f"A1:{last}1")
    cell = WriteOnlyCell(ws, value=title)  # "DANH SÁCH …", "CÁC CHỈ TIÊU …": never a formula
    cell.font = TITLE_FONT
    ws.append([cell])
    row = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment, cell.border = HEADER_ALIGNMENT, HEADER_BORDER
        row.append(cell)
    ws.append(row)


def export_list(
    store: Store,
    table: str,
    out: Path,
    *,
    branch: str | None = None,
    status: str | None = None,
    with_personal: bool = False,
    actor: str | None = None,
) -> ExportSummary:
    """Write the list of `table` (filtered by branch name and status) to `out` (.xlsx).

    SheetError for an unknown table, branch or status. With `actor`, the export is written to
    the audit log (which table, how many rows, whether personal columns were included).
    """
    if table not in TABLES:
        raise SheetError(f"Không có danh sách “{table}” ({', '.join(EXPORT_TABLES)}).")
    spec = TABLES[table]
    where = _filters(store, table, branch, status)
    records = list_records(store, table, where)
    fields = export_columns(table, with_personal)
    branch_names = dict(store.db.execute("SELECT id, name FROM branches").fetchall())
    several_units = len({r["unit_code"] for r in records}) > 1
    headers = ["STT", *(f.label for f in fields)]
    headers += ["Mã đơn vị"] if several_units else []
    headers.append(ID_LABEL)
    shown = [[_cell_value(table, f, r[f.name], branch_names) for f in fields] for r in records]
    widths = [6.0]
    for i, f in enumerate(fields):
        widths.append(column_width(f.label, (row[i] for row in shown[:WIDTH_SAMPLE])))
    widths += [10.0] if several_units else []
    widths.append(12.0)

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet_title(spec.label.capitalize()))
    _start_sheet(ws, _list_title(store, table, where, branch_names), headers, widths)
    for n, (record, values) in enumerate(zip(records, shown, strict=True), 1):
        row: list[Any] = [n]
        for f, value in zip(fields, values, strict=True):
            fmt = _number_format(f, value) if value is not None else None
            row.append(safe_cell(ws, value, fmt))
        if several_units:
            row.append(safe_cell(ws, record["unit_code"]))
        row.append(safe_cell(ws, record["id"]))
        ws.append(row)
    ws.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{len(records) + 2}"
    save_workbook(book, out)
    personal = with_personal and any(f.name in SENSITIVE_FIELDS for f in fields)
    if actor:
        detail = f"{len(records)} dòng" + (", có dữ liệu cá nhân" if personal else "")
        with store.db.atomic():
            audit.append(store.db, actor, "sheet_export", tbl=table, detail=detail)
    return ExportSummary(Path(out), len(records), tuple(headers), personal)


def export_indicators(
    store: Store, out: Path, *, as_of: date | None = None, actor: str | None = None
) -> ExportSummary:
    """Write the indicators of the unit (over the commune units below it) to `out` (.xlsx)."""
    as_of = as_of or store.today()
    indicators = compute_indicators(store.db, store.unit_code or "", as_of=as_of)
    headers = ["Chỉ tiêu", "Tử số", "Mẫu số", "Giá trị", "Mục tiêu", "Đạt", "Mã chỉ tiêu"]
    widths = [
        column_width(headers[0], (i.label for i in indicators)),
        10.0,
        10.0,
        11.0,
        11.0,
        10.0,
        column_width(headers[6], (i.id for i in indicators)),
    ]
    book = Workbook(write_only=True)
    ws = book.create_sheet("Chỉ tiêu")
    title = f"CÁC CHỈ TIÊU — {_unit_name(store)} — tính đến ngày {as_of.strftime('%d/%m/%Y')}"
    _start_sheet(ws, title, headers, widths)

    def number(value: float | int | None, percent: bool) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(ws, value=value / 100 if percent else value)
        cell.number_format = PERCENT_FORMAT if percent else WHOLE_FORMAT
        return cell

    for ind in indicators:
        percent = ind.kind == "percent"
        met = None if ind.met is None else ("Đạt" if ind.met else "Chưa đạt")
        ws.append(
            [
                safe_cell(ws, ind.label),
                number(ind.numerator, False),
                number(ind.denominator, False),
                number(ind.value, percent),
                number(ind.target, percent),
                met,
                safe_cell(ws, ind.id),
            ]
        )
    save_workbook(book, out)
    if actor:
        with store.db.atomic():
            audit.append(store.db, actor, "sheet_export", tbl=INDICATORS)
    return ExportSummary(Path(out), len(indicators), tuple(headers), False)
