"""The Báo cáo page: a person picks a report and a file, presses "Tạo báo cáo", sees it saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt

from desktop.demo.unit import create_demo
from desktop.security.session import Session
from ui import strings
from ui.pages.reports_page import ReportsPage


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """A demo commune of 100 members, its admin signed in (made once for the module)."""
    session = create_demo(tmp_path_factory.mktemp("demo") / "unit", members=100)
    yield session
    session.close()


def test_unit_report_is_saved_and_shown(app, qtbot, demo: Session, tmp_path: Path) -> None:
    page = ReportsPage(demo)
    qtbot.addWidget(page)
    page.show()
    assert not page.kind_buttons["summary"].isVisibleTo(page)  # a commune has no units below
    assert page.kind() == "unit"
    out = tmp_path / "bao-cao.pdf"
    page.path_edit.setText(str(out))
    with qtbot.waitSignal(page.finished, timeout=30_000) as made:
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
        assert not page.generate_button.isEnabled()  # in the background: no second press
    assert made.args[0] is not None and made.args[0].path == out
    assert out.exists()
    assert "BÁO CÁO" in PdfReader(out).pages[0].extract_text().upper()
    assert page.saved.isVisible()
    assert str(out) in page.saved.label.text()
    assert page.saved.label.text().startswith("Đã lưu")
    assert page.saved.open_button.text() == strings.OPEN


def test_roster_hides_sensitive_columns_unless_asked(
    app, qtbot, demo: Session, tmp_path: Path
) -> None:
    page = ReportsPage(demo)
    qtbot.addWidget(page)
    page.show()
    roster = page.kind_buttons["roster"]
    qtbot.mouseClick(roster, Qt.MouseButton.LeftButton, pos=QPoint(8, roster.height() // 2))
    assert page.kind() == "roster"
    assert page.sensitive.isEnabled() and not page.sensitive.isChecked()
    plain, full = tmp_path / "plain.pdf", tmp_path / "full.pdf"
    page.path_edit.setText(str(plain))
    with qtbot.waitSignal(page.finished, timeout=30_000):
        page.generate_button.click()
    page.sensitive.setChecked(True)
    page.path_edit.setText(str(full))
    with qtbot.waitSignal(page.finished, timeout=30_000):
        page.generate_button.click()
    assert "CCCD" not in PdfReader(plain).pages[0].extract_text()
    assert "CCCD" in PdfReader(full).pages[0].extract_text()


def test_enrolment_sheet_and_refused_path(app, qtbot, demo: Session, tmp_path: Path) -> None:
    page = ReportsPage(demo)
    qtbot.addWidget(page)
    page.show()
    page.choose("enrolment")
    page.path_edit.setText(str(tmp_path / "phieu.pdf"))
    with qtbot.waitSignal(page.finished, timeout=30_000):
        page.generate_button.click()
    assert (tmp_path / "phieu.pdf").exists()

    page.choose("unit")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    page.path_edit.setText(str(blocker / "x.pdf"))  # a folder that is a file: refused
    with qtbot.waitSignal(page.finished, timeout=30_000) as made:
        page.generate_button.click()
    assert made.args == [None]
    assert page.notice.isVisible()
    assert page.notice.text().startswith("Chưa thực hiện được")
    assert "Traceback" not in page.notice.text()
    assert not page.saved.isVisible()


def test_a_report_can_be_cancelled_and_writes_nothing(app, qtbot, demo: Session, tmp_path):
    page = ReportsPage(demo)
    qtbot.addWidget(page)
    page.show()
    page.choose("roster")
    out = tmp_path / "huy.pdf"
    page.path_edit.setText(str(out))
    with qtbot.waitSignal(page.finished, timeout=30_000) as made:
        handle = page.generate()
        handle.cancel()  # "Hủy" on the progress dialog
    assert made.args == [None]
    assert page.notice.text() == strings.REPORT_CANCELLED
    assert not out.exists()
    assert page.generate_button.isEnabled()


def test_a_viewer_prints_the_roster_without_the_personal_columns(app, qtbot, demo, tmp_path):
    from desktop.installation.setup import login
    from desktop.security.users import add_user

    add_user(demo, "xemds", "mat-khau-xem", "viewer")
    viewer = login(demo.data_dir, "xemds", "mat-khau-xem")
    try:
        page = ReportsPage(viewer)
        qtbot.addWidget(page)
        page.show()
        page.choose("roster")
        assert not page.sensitive.isEnabled()
        page.sensitive.setChecked(True)  # even if it were ticked somehow: refused, no file
        out = tmp_path / "ds.pdf"
        page.path_edit.setText(str(out))
        with qtbot.waitSignal(page.finished, timeout=30_000) as made:
            page.generate_button.click()
        assert made.args == [None] and not out.exists()
        assert "không được xuất dữ liệu cá nhân" in page.notice.text()
    finally:
        viewer.close()


def test_the_periods_comparison_is_printed_from_the_window(app, qtbot, demo, tmp_path) -> None:
    from datetime import date

    from desktop.periods.closing import close_period

    real_today = demo.store.today
    demo.store.today = lambda: date(2026, 7, 1)  # after the cut-off of "6 tháng đầu năm 2026"
    try:
        close_period(demo, "2026-H1")
    finally:
        demo.store.today = real_today
    page = ReportsPage(demo)
    qtbot.addWidget(page)
    page.show()
    assert page.kind_buttons["periods"].isVisibleTo(page)
    page.choose("periods")
    out = tmp_path / "so-sanh.pdf"
    page.path_edit.setText(str(out))
    with qtbot.waitSignal(page.finished, timeout=30_000) as made:
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert made.args[0] is not None and made.args[0].path == out
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "6 tháng đầu" in text and "Đã chốt" in text
