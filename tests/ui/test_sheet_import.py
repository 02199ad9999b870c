"""Excel in and out of the list pages, as a person does it: choose the file, read the dry run,
look at the rejected rows, import, see the list; export a list and the indicators."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QPoint, Qt

from desktop.installation.setup import login
from desktop.security.session import Session
from desktop.security.users import add_user
from desktop.spreadsheets.importer import plan_import
from desktop.spreadsheets.reader import SheetError
from desktop.spreadsheets.report import REJECTED
from tests.ui.lists_forms_support import shown_column
from ui import strings
from ui.dialogs import files
from ui.dialogs.sheet_export import SheetExportDialog
from ui.dialogs.sheet_import import SheetImportDialog
from ui.models.import_plan_model import Column
from ui.pages.overview_page import OverviewPage
from ui.pages.table_page import TablePage

BAD_CID = "12345"  # five digits: a citizen ID has twelve
NEW_PEOPLE = {
    # name: (birth date as typed, citizen ID)
    "Đỗ Thị Hạnh": ("12/05/1988", "001188000777"),
    "Vũ Thị Thu Trang": ("03/09/1992", ""),
}


def write_members_sheet(path: Path) -> Path:
    """A member list as a commune types it: a title row, headers, one bad row, one repeated."""
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỘI VIÊN CHI HỘI THÔN ĐÔNG"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Số điện thoại", "Chi hội"])
    sheet.append([1, "Đỗ Thị Hạnh", "12/05/1988", "001188000777", "0912000111", "Thôn Đông"])
    sheet.append([2, "Ngô Thị Mai", "20/10/1975", BAD_CID, "", "Thôn Đông"])
    sheet.append([3, "Vũ Thị Thu Trang", "03/09/1992", "", "0987000222", "Chi hội Thôn Đoài"])
    sheet.append([4, "Đỗ Thị Hạnh", "12/05/1988", "001188000777", "0912000111", "Thôn Đông"])
    book.save(path)
    return path


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tick(qtbot, box) -> None:
    """Click a check box on its square."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def members_page(qtbot, session: Session) -> TablePage:
    page = TablePage(session, "members")
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def open_wizard(qtbot, page: TablePage) -> SheetImportDialog:
    """Click "Nhập từ Excel…" and take the wizard it opens."""
    assert page.panel.import_button.isVisible()
    assert page.panel.import_button.text() == strings.SHEET_IMPORT_ACTION
    click(qtbot, page.panel.import_button)
    dialog = page.findChild(SheetImportDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def choose_and_read(qtbot, monkeypatch, dialog: SheetImportDialog, path: Path) -> None:
    """ "Chọn tệp…" (the chooser answers `path`), then "Đọc thử", and wait for it."""
    monkeypatch.setattr(files, "pick_open_path", lambda *_args: path)
    click(qtbot, dialog.choose.browse)
    assert dialog.choose.path.text() == str(path)
    click(qtbot, dialog.choose.read_button)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10_000)


def table_counts(session: Session) -> dict[str, int]:
    db = session.store.db
    return {
        t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
        for t in ("members", "branches", "branch_heads", "cadres", "audit_log")
    }


def rows_shown(dialog: SheetImportDialog) -> list[tuple[str, str, str, str]]:
    model = dialog.review.model
    return [
        tuple(model.index(r, c).data() for c in Column)  # type: ignore[misc]
        for r in range(model.rowCount())
    ]


def test_dry_run_then_import_members(app, qtbot, monkeypatch, session, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    page = members_page(qtbot, session)
    before = table_counts(session)
    version = session.store.db_version
    dialog = open_wizard(qtbot, page)
    assert dialog.steps.currentWidget() is dialog.choose
    assert not dialog.choose.read_button.isEnabled()  # no file yet

    choose_and_read(qtbot, monkeypatch, dialog, write_members_sheet(tmp_path / "hoi-vien.xlsx"))

    assert dialog.steps.currentWidget() is dialog.review
    review = dialog.review
    assert review.summary.text() == strings.sheet_counts(
        4, {"add": 2, "update": 0, "duplicate": 1, "unchanged": 0, "rejected": 1}, 0
    )
    assert strings.SHEET_DRY_RUN_NOTE in review.notice.text()
    assert "hoi-vien.xlsx" in review.file_line.text()
    rows = rows_shown(dialog)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("3", "Đỗ Thị Hạnh", "Thêm mới"),
        ("4", "Ngô Thị Mai", "Bị từ chối"),
        ("5", "Vũ Thị Thu Trang", "Thêm mới"),
        ("6", "Đỗ Thị Hạnh", "Trùng dòng khác trong tệp (bỏ qua)"),
    ]
    assert rows[1][3].startswith("Số CCCD: ") and "12 chữ số" in rows[1][3]
    assert rows[3][3] == "Trùng dòng 3."
    # Only the rejected rows, then all again.
    tick(qtbot, review.only_rejected)
    assert [r[1] for r in rows_shown(dialog)] == ["Ngô Thị Mai"]
    assert review.shown.text() == strings.sheet_rejected_shown(1, 4)
    review.table.setCurrentIndex(review.model.index(0, 0))
    assert "12 chữ số" in review.row_detail.text()
    tick(qtbot, review.only_rejected)
    assert review.model.rowCount() == 4
    # A dry run changes nothing.
    assert table_counts(session) == before
    assert session.store.db_version == version

    assert review.apply_button.text() == strings.sheet_apply(2)
    click(qtbot, review.apply_button)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert review.notice.text().startswith(strings.sheet_applied(2, 0, 0))
    assert strings.sheet_rejected_after(1) in review.notice.text()
    assert not review.apply_button.isVisible()

    db = session.store.db
    stored = {
        name: (birth, cid, branch)
        for name, birth, cid, branch in db.execute(
            "SELECT m.full_name, m.birth_date, m.citizen_id, b.name FROM members m "
            "JOIN branches b ON b.id = m.branch_id WHERE m.full_name IN (?, ?, ?)",
            ["Đỗ Thị Hạnh", "Vũ Thị Thu Trang", "Ngô Thị Mai"],
        ).fetchall()
    }
    assert stored == {
        "Đỗ Thị Hạnh": ("1988-05-12", "001188000777", "Chi hội Thôn Đông"),
        "Vũ Thị Thu Trang": ("1992-09-03", None, "Chi hội Thôn Đoài"),
    }
    after = table_counts(session)
    assert after["members"] == before["members"] + 2
    assert session.store.db_version == version + 1  # one transaction
    # The list behind the wizard was read again, and says what was stored.
    names = shown_column(page, "full_name")
    assert "Đỗ Thị Hạnh" in names and "Vũ Thị Thu Trang" in names
    assert "Ngô Thị Mai" not in names
    assert page.notice.text() == strings.sheet_applied(2, 0, 0)

    assert review.close_button.text() == strings.SHEET_DONE
    click(qtbot, review.close_button)
    qtbot.waitUntil(lambda: page.findChild(SheetImportDialog) is None)
    # Nothing personal reached the log: counts and kinds only.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "sheet import applied" in logged
    for secret in ("001188000777", BAD_CID, "Hạnh", "Ngô", "1988", "0912000111"):
        assert secret not in logged


def test_a_file_that_cannot_be_read_is_refused_in_vietnamese(
    app, qtbot, monkeypatch, session, tmp_path
) -> None:
    page = members_page(qtbot, session)
    before = table_counts(session)
    garbage = tmp_path / "danh-sach.xlsx"
    garbage.write_bytes(b"\xd0\xcf\x11\xe0 this is no workbook \x00\x01\x02" * 40)
    with pytest.raises(SheetError) as refused:
        plan_import(session.store, garbage, "members")

    dialog = open_wizard(qtbot, page)
    choose_and_read(qtbot, monkeypatch, dialog, garbage)

    assert dialog.steps.currentWidget() is dialog.choose  # still step 1
    assert dialog.choose.notice.isVisible()
    assert dialog.choose.notice.text() == str(refused.value)
    assert "không đọc được" in dialog.choose.notice.text()
    assert table_counts(session) == before


def test_a_sheet_whose_rows_are_all_rejected_imports_nothing(
    app, qtbot, monkeypatch, session, tmp_path
) -> None:
    page = members_page(qtbot, session)
    before = table_counts(session)
    book = Workbook()
    book.active.append(["Họ và tên", "Ngày sinh", "Chi hội"])
    book.active.append(["Lý Thị Nga", "31/02/1990", "Thôn Đông"])
    book.active.append(["Đinh Thị Oanh", "1991", "Chi hội Thôn Nam"])  # no such branch
    path = tmp_path / "loi.xlsx"
    book.save(path)
    dialog = open_wizard(qtbot, page)
    choose_and_read(qtbot, monkeypatch, dialog, path)

    review = dialog.review
    assert [r[2] for r in rows_shown(dialog)] == ["Bị từ chối", "Bị từ chối"]
    assert "không phải ngày có thật" in rows_shown(dialog)[0][3]
    assert "Chi hội Thôn Nam" in rows_shown(dialog)[1][3]
    assert not review.apply_button.isEnabled()
    assert review.apply_button.text() == strings.SHEET_NOTHING_TO_APPLY
    assert dialog.apply() is None
    assert table_counts(session) == before

    # Back to step 1: creating the missing branch makes the second row acceptable.
    click(qtbot, review.back_button)
    assert dialog.steps.currentWidget() is dialog.choose
    tick(qtbot, dialog.choose.create_branches)
    click(qtbot, dialog.choose.read_button)
    qtbot.waitUntil(lambda: dialog.steps.currentWidget() is review, timeout=10_000)
    assert [r[2] for r in rows_shown(dialog)] == ["Bị từ chối", "Thêm mới"]
    assert strings.sheet_new_branches(["Chi hội Thôn Nam"]) in review.details.text()
    assert dialog.plan is not None and dialog.plan.count(REJECTED) == 1


def test_the_blank_template_is_saved(app, qtbot, monkeypatch, session, tmp_path) -> None:
    page = members_page(qtbot, session)
    dialog = open_wizard(qtbot, page)
    out = tmp_path / "mau"
    monkeypatch.setattr(files, "pick_save_path", lambda *_args: out)
    click(qtbot, dialog.choose.template_button)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10_000)
    written = out.with_name("mau.xlsx")
    assert dialog.choose.template_saved.label.text() == strings.sheet_template_saved(str(written))
    headers = [c.value for c in next(load_workbook(written).worksheets[0].iter_rows())]
    assert "Họ và tên" in headers


def test_export_the_member_list(app, qtbot, monkeypatch, session, tmp_path) -> None:
    page = members_page(qtbot, session)
    assert page.panel.export_button.isVisible()
    click(qtbot, page.panel.export_button)
    dialog = page.findChild(SheetExportDialog)
    assert dialog is not None
    assert dialog.personal.isVisible() and not dialog.personal.isChecked()
    out = tmp_path / "danh-sach"
    monkeypatch.setattr(files, "pick_save_path", lambda *_args: out)
    click(qtbot, dialog.browse)
    assert dialog.path.text() == str(tmp_path / "danh-sach.xlsx")
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10_000)

    written = tmp_path / "danh-sach.xlsx"
    assert dialog.saved.label.text() == strings.sheet_exported(10, "hội viên", str(written))
    rows = list(load_workbook(written).worksheets[0].iter_rows(values_only=True))
    headers = rows[1]
    assert "Họ và tên" in headers and "Số CCCD" not in headers and "Ngày sinh" not in headers
    names = sorted(r[headers.index("Họ và tên")] for r in rows[2:])
    stored = sorted(
        n
        for (n,) in session.store.db.execute(
            "SELECT full_name FROM members WHERE is_deleted = 0"
        ).fetchall()
    )
    assert names == stored and len(names) == 10

    # Again, with the personal columns asked for: they are there, and the file is flagged.
    tick(qtbot, dialog.personal)
    personal = tmp_path / "ca-nhan.xlsx"
    dialog.path.setText(str(personal))
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: dialog.summary is not None and dialog.summary.personal, timeout=10_000)
    headers = next(load_workbook(personal).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert "Số CCCD" in headers and "Ngày sinh" in headers
    assert dialog.notice.text() == strings.SHEET_PERSONAL_WARNING


def test_export_the_indicators_from_the_overview(app, qtbot, session, tmp_path) -> None:
    overview = OverviewPage(session)
    qtbot.addWidget(overview)
    overview.show()
    qtbot.waitUntil(lambda: not overview.checking(), timeout=10_000)
    assert overview.export_button.isVisible()
    click(qtbot, overview.export_button)
    dialog = overview.findChild(SheetExportDialog)
    assert dialog is not None
    assert not dialog.personal.isVisible()  # nothing personal in the indicators
    out = tmp_path / "chi-tieu.xlsx"
    dialog.path.setText(str(out))
    click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10_000)
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "Chỉ tiêu"
    assert len(rows) - 2 == dialog.summary.rows == overview.model.rowCount()


def test_a_viewer_exports_but_cannot_import(app, qtbot, session) -> None:
    add_user(session, "xem", "xem-12345", "viewer")
    viewer = login(session.data_dir, "xem", "xem-12345")
    try:
        page = members_page(qtbot, viewer)
        assert not page.panel.import_button.isVisible()
        assert page.import_sheet() is None
        assert page.panel.export_button.isVisible()
        export = page.export_sheet()
        assert export is not None and not export.personal_allowed  # no personal columns
        assert export.personal.isHidden()
        export.close()
        branches = TablePage(viewer, "branches")
        qtbot.addWidget(branches)
        assert branches.panel.import_button.isHidden()
    finally:
        viewer.close()


def test_lists_that_cannot_be_imported_only_export(app, qtbot, session) -> None:
    page = TablePage(session, "activities")
    qtbot.addWidget(page)
    page.show()
    assert not page.panel.import_button.isVisible()
    assert page.panel.export_button.isVisible()


def test_the_wizard_stays_open_while_its_work_runs(app, qtbot, session) -> None:
    page = members_page(qtbot, session)
    dialog = open_wizard(qtbot, page)
    release = threading.Event()
    dialog.run_task(lambda _p, _c: release.wait(10), on_done=lambda _r: None, on_failed=print)
    assert dialog.busy()
    assert not dialog.choose.close_button.isEnabled()
    dialog.reject()  # Esc, or the window's close button
    assert dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=5_000)
    assert dialog.choose.close_button.isEnabled()
    dialog.reject()
    assert not dialog.isVisible()


def test_the_wizard_closes_when_the_session_locks(app, qtbot, session) -> None:
    page = members_page(qtbot, session)
    assert open_wizard(qtbot, page).isVisible()
    session.lock()  # what the idle watch does after the idle minutes
    qtbot.waitUntil(lambda: page.findChild(SheetImportDialog) is None, timeout=5_000)


def test_cancelling_the_import_stores_nothing(app, qtbot, monkeypatch, session, tmp_path) -> None:
    page = members_page(qtbot, session)
    book = Workbook()
    book.active.append(["Họ và tên", "Năm sinh", "Chi hội"])
    for n in range(1200):  # the write path looks at "Hủy" every 1,000 rows
        book.active.append([f"Nguyễn Thị Thử {n}", 1960 + n % 40, "Thôn Đông"])
    path = tmp_path / "dai.xlsx"
    book.save(path)
    dialog = open_wizard(qtbot, page)
    choose_and_read(qtbot, monkeypatch, dialog, path)
    assert dialog.review.apply_button.text() == strings.sheet_apply(1200)
    before = table_counts(session)
    version = session.store.db_version

    handle = dialog.apply()
    assert handle is not None
    handle.cancel()  # what "Hủy" on the progress dialog does
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10_000)

    assert dialog.outcome is None
    assert dialog.review.notice.text() == strings.SHEET_CANCELLED
    assert table_counts(session) == before
    assert session.store.db_version == version
    assert dialog.review.apply_button.isEnabled()  # it may be tried again


# -- issue 15: nothing lost or moved silently ------------------------------------------------


def merged_header_sheet(path: Path) -> Path:
    """ "Thông tin liên hệ" merged over "Số điện thoại | Địa chỉ"; a column none can guess."""
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỘI VIÊN CHI HỘI THÔN 3"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Thông tin liên hệ", None, "Khen thưởng"])
    sheet.append([None, None, None, "Số điện thoại", "Địa chỉ"])
    sheet.append([1, "Đỗ Thị Hạnh", "12/05/1988", "0912000111", "Xóm 2", "Giỏi"])
    sheet.append([2, "Vũ Thị Thu Trang", "03/09/1992", "0987000222", "Xóm 5"])
    sheet.append([3, "Ngô Thị Mai", "20/10/1975", "0912000333", "Xóm 1"])
    sheet.cell(6, 3).value = "31/02/1975"  # a date that does not exist: refused
    for cells in ("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"):
        sheet.merge_cells(cells)
    book.save(path)
    return path


def stored(session: Session, name: str) -> dict:
    cur = session.store.db.conn.execute(
        "SELECT m.*, b.name AS branch FROM members m JOIN branches b ON b.id = m.branch_id "
        "WHERE m.full_name = ? AND m.is_deleted = 0",
        [name],
    )
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    return dict(zip(names, row, strict=True)) if row else {}


def test_a_merged_header_sheet_through_the_window(
    app, qtbot, monkeypatch, session, tmp_path
) -> None:
    page = members_page(qtbot, session)
    dialog = open_wizard(qtbot, page)
    tick(qtbot, dialog.choose.create_branches)
    choose_and_read(qtbot, monkeypatch, dialog, merged_header_sheet(tmp_path / "m.xlsx"))
    review = dialog.review
    # The columns not read, in view before anything is saved.
    assert review.unread.isVisible()
    assert "A “STT”" in review.unread.text() and "F “Khen thưởng”" in review.unread.text()
    assert strings.sheet_new_branches(["Chi hội Thôn 3"]) in review.details.text()
    assert strings.sheet_default_status(2) in review.details.text()
    combos = review.mapping.combos
    assert combos["D"].currentText() == "Số điện thoại"
    assert combos["E"].currentText() == "Địa chỉ"
    assert combos["F"].currentText() == strings.SHEET_COLUMN_NOT_READ

    # The column choice: "Khen thưởng" read as the note; the dry run runs again.
    combos["F"].setFocus()
    combos["F"].setCurrentIndex(combos["F"].findText("Ghi chú"))
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10_000)
    assert "Khen thưởng" not in review.unread.text()
    assert dialog.plan is not None and dialog.mapping is not None

    # Two columns into one field would leave one unread: refused, said, then chosen again.
    combo = review.mapping.combos["E"]  # the drop-downs are made anew by each dry run
    combo.setCurrentIndex(combo.findText("Số điện thoại"))
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10_000)
    assert "Cột D và cột E cùng được chọn đọc vào “Số điện thoại”" in review.notice.text()
    combo = review.mapping.combos["E"]
    combo.setCurrentIndex(combo.findText("Địa chỉ"))
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10_000)
    assert dialog.mapping is not None and dialog.mapping["E"] == "address"

    # The refused row saved with its reason, where the person chose.
    rejects = tmp_path / "loi.xlsx"
    monkeypatch.setattr(files, "pick_save_path", lambda *_args: rejects)
    assert review.rejects_button.isVisible()
    click(qtbot, review.rejects_button)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10_000)
    rows = list(load_workbook(rejects).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Lý do" and rows[1][1] == "Ngô Thị Mai" and rows[1][-1]

    click(qtbot, review.apply_button)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    hanh = stored(session, "Đỗ Thị Hạnh")
    assert (hanh["phone"], hanh["address"], hanh["note"]) == ("0912000111", "Xóm 2", "Giỏi")
    assert hanh["branch"] == "Chi hội Thôn 3" and hanh["status"] == "active"
    assert stored(session, "Ngô Thị Mai") == {}


def imported_members_sheet(qtbot, monkeypatch, session: Session, tmp_path: Path) -> TablePage:
    """The members page after the sample sheet was imported through the wizard, closed."""
    page = members_page(qtbot, session)
    dialog = open_wizard(qtbot, page)
    choose_and_read(qtbot, monkeypatch, dialog, write_members_sheet(tmp_path / "hv.xlsx"))
    click(qtbot, dialog.review.apply_button)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    click(qtbot, dialog.review.close_button)
    qtbot.waitUntil(lambda: page.findChild(SheetImportDialog) is None)
    return page


def test_the_list_filter_and_the_report_count_the_same_after_an_import(
    app, qtbot, monkeypatch, session, tmp_path
) -> None:
    from datetime import date

    from desktop.reports.unit_data import load_unit_data
    from tests.ui.lists_forms_support import choose_in_combo

    page = imported_members_sheet(qtbot, monkeypatch, session, tmp_path)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    choose_in_combo(qtbot, page.panel.filters["status"], "Đang sinh hoạt")
    report = load_unit_data(session.store.db, session.store.unit_code or "", date.today())
    assert page.model.rowCount() == report.totals["members"] > 0


def test_a_move_is_shown_and_applied_only_when_ticked(
    app, qtbot, monkeypatch, session, tmp_path
) -> None:
    page = imported_members_sheet(qtbot, monkeypatch, session, tmp_path)
    assert stored(session, "Đỗ Thị Hạnh")["branch"] == "Chi hội Thôn Đông"

    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ngày sinh", "Số CCCD", "Số điện thoại", "Chi hội"])
    sheet.append(["Đỗ Thị Hạnh", "12/05/1988", "001188000777", "0912000999", "Thôn Đoài"])
    path = tmp_path / "chuyen.xlsx"
    book.save(path)
    for ticked in (False, True):
        dialog = open_wizard(qtbot, page)
        choose_and_read(qtbot, monkeypatch, dialog, path)
        review = dialog.review
        assert review.move_branches.isVisible() and review.moves_note.isVisible()
        assert "Chuyển chi hội: Chi hội Thôn Đông → Chi hội Thôn Đoài" in rows_shown(dialog)[0][3]
        # The summary counts every row: the move too (it added up to 0 of 1 row before).
        assert review.summary.text() == (
            "1 dòng: 0 thêm mới, 0 cập nhật, 1 chuyển chi hội, 0 bị từ chối."
        )
        if ticked:
            tick(qtbot, review.move_branches)
            # Another column's choice, the same moves: the tick stands.
            combo = review.mapping.combos["D"]
            combo.setCurrentIndex(combo.findText(strings.SHEET_COLUMN_NOT_READ))
            qtbot.waitUntil(lambda d=dialog: not d.busy(), timeout=10_000)
            assert review.move_branches.isChecked()
            # The branch column not read: no move any more; read again, the tick is asked anew.
            combo = review.mapping.combos["E"]
            combo.setCurrentIndex(combo.findText(strings.SHEET_COLUMN_NOT_READ))
            qtbot.waitUntil(lambda d=dialog: not d.busy(), timeout=10_000)
            assert not review.move_branches.isVisible()
            combo = review.mapping.combos["E"]
            combo.setCurrentIndex(combo.findText("Chi hội"))
            qtbot.waitUntil(lambda d=dialog: not d.busy(), timeout=10_000)
            assert review.move_branches.isVisible() and not review.move_branches.isChecked()
            tick(qtbot, review.move_branches)
            combo = review.mapping.combos["D"]
            combo.setCurrentIndex(combo.findText("Số điện thoại"))
            qtbot.waitUntil(lambda d=dialog: not d.busy(), timeout=10_000)
            assert review.move_branches.isChecked()
        click(qtbot, review.apply_button)
        qtbot.waitUntil(lambda d=dialog: d.outcome is not None, timeout=10_000)
        hanh = stored(session, "Đỗ Thị Hạnh")
        assert hanh["phone"] == "0912000999"
        assert hanh["branch"] == ("Chi hội Thôn Đoài" if ticked else "Chi hội Thôn Đông")
        click(qtbot, review.close_button)
        qtbot.waitUntil(lambda: page.findChild(SheetImportDialog) is None)


def test_an_eleven_digit_citizen_id_is_a_length_error(
    app, qtbot, monkeypatch, session, tmp_path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ngày sinh", "Số CCCD", "Chi hội"])
    sheet.append(["Đỗ Thị Hạnh", "12/05/1992", "00118800077", "Thôn Đông"])
    path = tmp_path / "cccd.xlsx"
    book.save(path)
    page = members_page(qtbot, session)
    dialog = open_wizard(qtbot, page)
    choose_and_read(qtbot, monkeypatch, dialog, path)
    assert rows_shown(dialog)[0][3] == "Số CCCD: số CCCD phải có đúng 12 chữ số (đang có 11)."


def test_a_reason_without_a_field_starts_as_a_sentence(
    app, qtbot, monkeypatch, session, tmp_path
) -> None:
    """Two rows for one stored person (by citizen ID, then by name and birth date) with other
    details: the second refused, its reason a sentence of its own (it began in lower case,
    "trùng …", unlike every other reason, which starts with its field), and says a person of
    the book, not "a record"."""
    branch = session.store.db.execute("SELECT id FROM branches ORDER BY name LIMIT 1").fetchone()
    session.store.save(
        "members",
        {
            "branch_id": branch[0],
            "full_name": "Đỗ Thị Hạnh",
            "birth_date": "1988-05-12",
            "citizen_id": "001188000777",
            "status": "active",
        },
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ngày sinh", "Số CCCD", "Số điện thoại"])
    sheet.append(["Đỗ Thị Hạnh", "12/05/1988", "001188000777", "0912000111"])
    sheet.append(["Đỗ Thị Hạnh", "12/05/1988", None, "0912000222"])
    path = tmp_path / "hai-dong.xlsx"
    book.save(path)
    page = members_page(qtbot, session)
    dialog = open_wizard(qtbot, page)
    choose_and_read(qtbot, monkeypatch, dialog, path)
    rejected = [row for row in rows_shown(dialog) if row[2] == "Bị từ chối"]
    assert [row[3][:18] for row in rejected] == ["Trùng một người đã"]


def test_ctrl_s_stores_the_rows_read_as_the_apply_button_does(
    app, qtbot, monkeypatch, session, tmp_path
) -> None:
    from PySide6.QtGui import QKeySequence, QShortcut

    page = members_page(qtbot, session)
    before = table_counts(session)
    dialog = open_wizard(qtbot, page)
    (save,) = [s for s in dialog.findChildren(QShortcut) if s.key() == QKeySequence("Ctrl+S")]
    save.activated.emit()  # nothing read yet: nothing to store
    assert dialog.outcome is None and table_counts(session) == before
    choose_and_read(qtbot, monkeypatch, dialog, write_members_sheet(tmp_path / "hoi-vien.xlsx"))
    save.activated.emit()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert table_counts(session)["members"] == before["members"] + 2
