"""Importing a 20,000-row member sheet from .xlsx: the dry run, then the apply.

Goal (issue "Excel and CSV import and export"): dry run and apply of 20,000 rows in ≤ 10 s in
all, on the sheet a unit would bring (a title row, dates typed several ways, NFD names). The
export of the same list back to .xlsx is timed for information.
"""

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from db.store import Change
from desktop.installation.setup import NewUnit, create_unit
from desktop.spreadsheets.exporter import export_list
from desktop.spreadsheets.importer import apply_import, plan_import
from desktop.spreadsheets.report import ADD

from .conftest import timed
from .rows import names

GOAL_S = 10.0
EAST = "00000000-0000-4000-8000-0000000000e1"
NORTH = "00000000-0000-4000-8000-0000000000e2"


def member_sheet(path: Path, n: int) -> Path:
    """`n` members as a unit types them: title rows, a numbering row, mixed date forms."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("Hội viên")
    ws.append(["DANH SÁCH HỘI VIÊN HỘI LHPN XÃ THỬ"])
    ws.append([])
    ws.append(
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Số CCCD",
            "SĐT",
            "Chi hội",
            "Dân tộc",
            "Tôn giáo",
            "Ngày vào Hội",
            "Tình trạng",
        ]
    )
    ws.append([f"({i})" for i in range(1, 11)])
    for i, name in enumerate(names(n)):
        year = 1950 + i % 55
        month, day = 1 + i % 12, 1 + i % 28
        birth = (datetime(year, month, day), f"{day:02d}/{month:02d}/{year}", year)[i % 3]
        ws.append(
            [
                i + 1,
                name,
                birth,
                f"001{1 if year < 2000 else 3}{year % 100:02d}{i:06d}",
                f"09{i:08d}",
                ("thôn đông", "Chi hội Thôn Bắc")[i % 2],
                "Kinh",
                "Không",
                f"{day}/{month}/{max(year + 18, 2000)}",
                "Đang sinh hoạt",
            ]
        )
    book.save(path)
    return path


def test_import_20000_rows(tmp_path, report):
    n = 20_000
    session = create_unit(
        tmp_path / "unit",
        NewUnit("X1", "Hội LHPN xã Thử", "commune", "P1"),
        admin_password="mat-khau-bench",
    ).session
    session.store.write(
        [
            Change("branches", {"name": "Chi hội Thôn Đông", "area_name": "Thôn Đông"}, id=EAST),
            Change("branches", {"name": "Chi hội Thôn Bắc", "area_name": "Thôn Bắc"}, id=NORTH),
        ]
    )
    sheet = member_sheet(tmp_path / "members.xlsx", n)

    with timed() as t_plan:
        plan = plan_import(session.store, sheet, "members")
    assert plan.count(ADD) == n, plan.counts()
    with timed() as t_apply:
        result = apply_import(session.store, plan)
    assert result.inserted == n
    with timed() as t_export:
        export_list(session.store, "members", tmp_path / "out.xlsx", with_personal=True)
    session.close()

    total = t_plan["s"] + t_apply["s"]
    report.add(
        f"sheet import {n:,} members (.xlsx): dry run {t_plan['s']:.2f} s, apply "
        f"{t_apply['s']:.2f} s, total {total:.2f} s → ratio to goal {total / GOAL_S:.2f} "
        f"(goal ≤ 10 s, ratio ≤ 1); export back {t_export['s']:.2f} s"
    )
    assert total <= GOAL_S
