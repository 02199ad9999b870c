"""The reporting period on the overview: closing with the figures shown, reopening with a reason,
the states and versions in the list of periods."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from db.periods import snapshots
from desktop.security.session import Session
from tests.ui.conftest import type_text
from ui.dialogs.period_dialogs import ClosePeriodDialog, PeriodsDialog, ReopenPeriodDialog
from ui.pages.overview_page import OverviewPage


def _page(qtbot, session: Session) -> OverviewPage:
    page = OverviewPage(session)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.checking(), timeout=10_000)
    return page


def test_closing_shows_the_figures_then_reopening_asks_a_reason(app, qtbot, session) -> None:
    session.store.today = lambda: date(2027, 1, 5)  # after the cut-off of "Cả năm 2026"
    page = _page(qtbot, session)
    panel = page.period
    assert panel.line.text() == "Kỳ báo cáo: Cả năm 2026 — hạn 15/01/2027 · Chưa chốt"
    assert panel.close_button.isVisible() and not panel.reopen_button.isVisible()

    dialog = panel.ask_close()
    assert isinstance(dialog, ClosePeriodDialog)
    cells = [
        [dialog.figures.item(r, c).text() for c in range(4)]
        for r in range(dialog.figures.rowCount())
    ]
    assert ["Số chi hội", "2", "", ""] in cells
    assert ["Chi hội trưởng là đảng viên", "1", "2", "50,00%"] in cells
    assert dialog.cancel.isDefault()  # a stray Enter does not close the period
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    assert snapshots(session.store.db) == []

    dialog = panel.ask_close()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    # Closed, and reminded that the level above has it only once the file is written.
    assert panel.line.text().endswith("· Đã chốt — chưa gửi lên cấp trên: ghi tệp ở trang Đồng bộ")
    assert panel.reopen_button.isVisible() and not panel.close_button.isVisible()

    reopen = panel.ask_reopen()
    assert isinstance(reopen, ReopenPeriodDialog)
    qtbot.mouseClick(reopen.confirm, Qt.MouseButton.LeftButton)  # no reason
    assert reopen.isVisible() and "lý do" in reopen.error.text()
    assert [s.current for s in snapshots(session.store.db)] == [True]
    type_text(reopen.reason, "Thiếu một hội viên")
    qtbot.mouseClick(reopen.confirm, Qt.MouseButton.LeftButton)
    assert not reopen.isVisible()
    assert panel.line.text().endswith("· Đang mở lại để sửa (đã chốt lần 1): sửa xong hãy chốt lại")

    again = panel.ask_close()
    qtbot.mouseClick(again.confirm, Qt.MouseButton.LeftButton)
    assert panel.line.text().endswith(
        "· Đã sửa (chốt lại) — chưa gửi lên cấp trên: ghi tệp ở trang Đồng bộ"
    )

    # A file for the level above written after the close: no reminder any more.
    session.store.db.execute(
        "INSERT INTO outbox (seq, package_id, manifest_hash, db_version_to, created_at) "
        "VALUES (1, 'p', 'h', 1, '2999-01-01T00:00:00+00:00')"
    )
    panel.refresh()
    assert panel.line.text().endswith("· Đã sửa (chốt lại)")

    listing = panel.show_periods()
    assert isinstance(listing, PeriodsDialog)
    rows = {row[0]: row for row in listing.texts()}
    year = rows["Cả năm 2026"]
    assert year[1:4] == ["31/12/2026", "15/01/2027", "Đã sửa (chốt lại)"]
    assert "Lần 2: 05/01/2027, admin" in year[4]
    assert "Lần 1: 05/01/2027, admin (đã thay thế)" in year[4]
    assert rows["6 tháng đầu năm 2026"][3] == "Chưa chốt"
    listing.accept()


def test_before_the_cut_off_the_close_is_refused_in_the_dialog(app, qtbot, session) -> None:
    session.store.today = lambda: date(2026, 11, 26)
    page = _page(qtbot, session)
    # The button says from when, rather than offer what would be refused …
    assert not page.period.close_button.isEnabled()
    assert "(chốt được từ 31/12/2026)" in page.period.line.text()
    # … and the service refuses it anyway (the command line, a clock moved back).
    dialog = page.period.ask_close()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Chưa đến ngày chốt số liệu" in dialog.error.text()
    assert snapshots(session.store.db) == []
    dialog.reject()


def test_an_overdue_period_is_closed_from_the_list_of_periods(app, qtbot, session) -> None:
    session.store.today = lambda: date(2027, 1, 20)  # "Cả năm 2026" current; H1 never closed
    dialog = PeriodsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = {r[0]: i for i, r in enumerate(dialog.texts())}
    assert dialog.close_chosen.isVisible() and not dialog.close_chosen.isEnabled()
    dialog.table.selectRow(rows["6 tháng đầu năm 2026"])
    assert dialog.close_chosen.isEnabled()
    confirm = dialog.close_selected()
    assert isinstance(confirm, ClosePeriodDialog)
    qtbot.mouseClick(confirm.confirm, Qt.MouseButton.LeftButton)
    (snap,) = snapshots(session.store.db)
    assert (snap.period_id, snap.version) == ("2026-H1", 1)
    texts = {r[0]: r for r in dialog.texts()}
    assert texts["6 tháng đầu năm 2026"][3] == "Chốt muộn"
    assert "Nhớ ghi tệp gửi cấp trên" in dialog.notice.text()
    dialog.table.selectRow(rows["6 tháng đầu năm 2026"])
    assert not dialog.close_chosen.isEnabled()  # closed: reopened from the overview, if need be
