"""The Đồng bộ page between a central unit and a commune enrolled under it, as people use it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.installation.setup import NewUnit, create_unit
from desktop.security.session import Session
from desktop.sync import enrolment
from tests.ui.conftest import PASSWORD, type_text
from ui import strings
from ui.dialogs.enrol_approve import ApproveDialog
from ui.pages.sync_page import SyncPage
from ui.pages.sync_tables import ALARM_BRUSH


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, Session]]:
    """(central, commune): both admins signed in; the commune's device enrolled by the centre."""
    base = tmp_path_factory.mktemp("pair")
    central = create_unit(
        base / "tw",
        NewUnit("TW", "Trung ương Hội LHPN Việt Nam", "central"),
        admin_password=PASSWORD,
    ).session
    enrolment.ensure_root(central)
    commune = create_unit(
        base / "xa",
        NewUnit("X1", "Hội LHPN xã Tân Phú", "commune", parent_code="TW"),
        admin_password=PASSWORD,
    ).session
    commune.store.save("branches", {"name": "Chi hội Thôn Đông"})
    request = enrolment.make_request(commune)
    _body, fingerprint = enrolment.read_request(request)
    enrolment.accept(commune, enrolment.approve(central, request, fingerprint))
    yield central, commune
    central.close()
    commune.close()


def test_export_at_commune_then_import_at_centre(app, qtbot, pair, tmp_path: Path) -> None:
    central, commune = pair
    usb = tmp_path / "usb"
    usb.mkdir()
    page = SyncPage(commune)
    qtbot.addWidget(page)
    page.show()
    assert not page.dashboard_box.isVisible()  # a commune has no units below
    assert page.enrolment.state.text() == strings.ENROL_CERTIFIED
    page.set_folder(usb)
    page.send_button.click()
    files = list(usb.glob("*.sohoi"))
    assert len(files) == 1
    assert "Có thể rút USB an toàn" in page.notice.text()
    assert files[0].name in page.notice.text()

    top = SyncPage(central)
    qtbot.addWidget(top)
    top.show()
    assert not top.send_box.isVisible()  # nothing above the centre
    top.set_folder(usb)
    top.receive_button.click()
    assert top.results.rowCount() == 1
    assert top.results.item(0, 3).text() == "Đã nhận"
    # The commune by its code and its name; its file's name last, whole in the tooltip.
    assert top.results.item(0, 0).text() == "X1"
    assert top.results.item(0, 1).text() == "Hội LHPN xã Tân Phú"
    assert top.results.item(0, 5).toolTip() == files[0].name
    assert top.dashboard.isVisible()
    rows = {
        top.dashboard.item(r, 0).text(): (
            top.dashboard.item(r, 1).text(),
            top.dashboard.item(r, 3).text(),
        )
        for r in range(top.dashboard.rowCount())
    }
    assert rows == {"X1": ("Hội LHPN xã Tân Phú", "1")}

    # A double click on the line: the commune, read-only, as its package brought it.
    [line] = [r for r in range(top.dashboard.rowCount()) if top.dashboard.item(r, 0).text() == "X1"]
    drill = top.open_unit(line)
    qtbot.addWidget(drill)
    assert drill.windowTitle() == "Hội LHPN xã Tân Phú (mã X1)"
    assert drill.tabs.tabText(0) == "Chỉ tiêu" and drill.indicators.rowCount() > 10
    assert drill.lists["branches"].total_count() == 1
    assert drill.tabs.tabText(1) == "Chi hội (1)"
    assert drill.lists["members"].total_count() == 0
    drill.close()


def test_approve_with_wrong_fingerprint_is_refused(app, qtbot, pair, tmp_path: Path) -> None:
    central, _commune = pair
    other = create_unit(
        tmp_path / "xa2",
        NewUnit("X2", "Hội LHPN xã Tân An", "commune", parent_code="TW"),
        admin_password=PASSWORD,
    ).session
    request = tmp_path / "yeu-cau.sohoi-request"
    request.write_bytes(enrolment.make_request(other))
    other.close()
    top = SyncPage(central)
    qtbot.addWidget(top)
    seen: list[ApproveDialog] = []

    def type_wrong() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ApproveDialog)
        seen.append(dialog)
        assert dialog.typed.text() == ""  # never pre-filled
        type_text(dialog.typed, "ABCD-EFGH-JKMN-PQRS-TVWX")
        dialog.ok_button.click()
        assert dialog.isVisible()  # refused: stays open and says why
        seen.append(dialog.error.text())
        dialog.reject()

    QTimer.singleShot(0, type_wrong)
    assert top.enrolment.approve_request(request) is None
    assert "không khớp" in seen[1]
    assert seen[1].startswith("Chưa thực hiện được")
    assert not list(tmp_path.glob("*.sohoi-cert"))


def test_viewer_cannot_send_or_receive(app, qtbot, pair) -> None:
    _central, commune = pair
    account = commune.account
    commune.account = type(account)(**{**account.__dict__, "role": "viewer"})
    try:
        page = SyncPage(commune)
        qtbot.addWidget(page)
        page.show()
        assert page.viewer_note.isVisible()
        assert not page.send_box.isVisible() and not page.receive_box.isVisible()
        assert not page.enrolment.isVisible()
    finally:
        commune.account = account


def test_the_dashboard_shows_rows_set_aside_and_why(app, qtbot, pair, tmp_path: Path) -> None:
    from tests.desktop.sync_helpers import branch_row, craft, member_row

    central, commune = pair
    bad = member_row("X1", "Lò Thị Xuân")
    bad["values"]["status"] = "bogus"
    usb = tmp_path / "usb"
    usb.mkdir()
    raw = craft(commune, [branch_row("X1"), member_row("X1"), bad], seq=40)
    (usb / "X1_bad_000040.sohoi").write_bytes(raw)
    top = SyncPage(central)
    qtbot.addWidget(top)
    top.show()
    top.set_folder(usb)
    top.receive_button.click()
    assert top.results.item(0, 3).text() == "Đã nhận"
    column = strings.DASHBOARD_COLUMNS.index("Bản ghi cách ly")
    [line] = [r for r in range(top.dashboard.rowCount()) if top.dashboard.item(r, 0).text() == "X1"]
    cell = top.dashboard.item(line, column)
    assert cell.text() == ("1: hội viên — Tình trạng: giá trị không có trong danh mục. (1 bản ghi)")
    assert "Lò Thị Xuân" not in cell.text() and "bogus" not in cell.toolTip()
    assert cell.background() == ALARM_BRUSH


def test_receiving_tells_each_file_with_the_rows_so_far(app, pair, tmp_path: Path) -> None:
    from db.upper_checks import saved_duplicates
    from desktop.sync.export import export_up
    from ui.pages.sync_page import _receive

    central, commune = pair
    commune.store.save("branches", {"name": "Chi hội Thôn Tây"})
    export_up(commune, tmp_path)
    steps: list[tuple[int, int, str]] = []
    result = _receive(central, tmp_path, lambda *step: steps.append(step), lambda: False)
    (verdict,) = result.verdicts
    assert verdict.status == "accepted" and verdict.rows > 0
    ((done, total, label),) = steps
    assert (done, total) == (1, 1)
    assert label.startswith(verdict.path.name) and f"tổng {verdict.rows} dòng" in label
    assert label.endswith("dòng/giây")
    # At an upper level the duplicate citizen ID check ran too, and is kept for the overview.
    assert saved_duplicates(central.store.db, central.store.db_version) is not None


def test_the_status_bar_tells_a_send_at_once(app, qtbot, pair, tmp_path: Path) -> None:
    from ui.main_window import MainWindow

    _central, commune = pair
    commune.store.save("branches", {"name": "Chi hội Thôn Tây"})  # something new to send
    window = MainWindow(commune)
    qtbot.addWidget(window)
    window.show()
    page = window.show_section("sync")
    assert isinstance(page, SyncPage)
    page.set_folder(tmp_path)
    assert page.send()
    # Still on the Đồng bộ page: the bar already says what was sent.
    assert window.pages.currentWidget() is page
    assert window.status.sync_status.text().startswith("Gửi lần cuối: gói")


def test_a_stick_with_only_this_pcs_files_is_not_called_empty(
    app, qtbot, pair, tmp_path: Path
) -> None:
    """Pressing «Nhận các tệp» on the stick just written: its own files are skipped, and the
    page says so (it said "no .sohoi file here", next to the file it had just written)."""
    _central, commune = pair
    commune.store.save("branches", {"name": "Chi hội Thôn Nam"})  # something new to send
    page = SyncPage(commune)
    qtbot.addWidget(page)
    page.show()
    page.set_folder(tmp_path)
    assert page.send()
    assert list(tmp_path.glob("*.sohoi"))
    assert page.receive() is None
    assert page.notice.text() == strings.SYNC_ONLY_OWN_PACKAGES
    assert "chưa có tệp nào gửi về" in page.notice.text()


def test_the_dashboard_page_fits_a_1366_screen(app, qtbot, pair) -> None:
    """A unit with units below, at 1366×700: the Đồng bộ page is no wider than the window (its
    dashboard note, unwrapped, pushed «Nhận các tệp» off the right edge)."""
    from PySide6.QtWidgets import QScrollArea

    from ui.main_window import MainWindow

    central, _commune = pair
    window = MainWindow(central)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    page = window.show_section("sync")
    assert isinstance(page, SyncPage) and page.dashboard_box.isVisible()
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    qtbot.waitUntil(lambda: scroll.widget().width() <= scroll.viewport().width())
    assert not scroll.horizontalScrollBar().isVisible()
    button = page.receive_button
    right = button.mapTo(scroll.viewport(), button.rect().topRight()).x()
    assert right <= scroll.viewport().width()


def test_the_centre_sends_down_its_calendar_and_the_commune_receives_it(
    app, qtbot, pair, tmp_path: Path
) -> None:
    from datetime import date

    from db.periods import Period, find_period
    from desktop.sync.calendar import declare

    central, commune = pair
    survey = Period("2026-KS", "Khảo sát tháng 9/2026", date(2026, 9, 30), date(2026, 10, 10))
    declare(central, survey)
    usb = tmp_path / "usb-down"
    usb.mkdir()
    top = SyncPage(central)
    qtbot.addWidget(top)
    top.show()
    assert top.down_box.isVisible()
    top.set_folder(usb)
    top.down_button.click()
    assert "Đã ghi tệp gửi cấp dưới" in top.notice.text()
    assert len(list(usb.glob("*_down_*.sohoi"))) == 1

    page = SyncPage(commune)
    qtbot.addWidget(page)
    page.show()
    assert not page.down_box.isVisible()  # a commune has nobody below
    page.set_folder(usb)
    page.receive_button.click()
    assert "Đã nhận" in [page.results.item(r, 3).text() for r in range(page.results.rowCount())]
    assert find_period(commune.store.db, "2026-KS", date(2026, 12, 7)) == survey


def test_sending_down_with_nobody_enrolled_below_says_so(app, qtbot, tmp_path: Path) -> None:
    province = create_unit(
        tmp_path / "tinh",
        NewUnit("20", "Hội LHPN tỉnh Thái Nguyên", "province", parent_code="TW"),
        admin_password=PASSWORD,
    ).session
    try:
        page = SyncPage(province)
        qtbot.addWidget(page)
        page.show()
        page.set_folder(tmp_path)
        assert page.send_down() == []
        assert "máy này chưa được cấp trên xác nhận" in page.notice.text()
        assert list(tmp_path.glob("*.sohoi")) == []
    finally:
        province.close()
