"""The main window over a small commune: title, status bar, overview table, navigation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo

from db.indicators import compute_indicators, format_value
from tests.ui.conftest import ADMIN, UNIT_CODE, UNIT_NAME
from ui.main_window import MainWindow
from ui.models.indicator_table_model import Column
from ui.pages.overview_page import TERM, OverviewPage
from ui.pages.table_page import TablePage
from ui.pages.unit_page import UnitPage


@pytest.fixture
def window(app, qtbot, session):
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def click_section(qtbot, window: MainWindow, label: str) -> None:
    """Click the navigation entry that reads `label`, as a person would."""
    nav = window.navigation
    [item] = nav.findItems(label, Qt.MatchFlag.MatchExactly)
    rect = nav.visualItemRect(item)
    assert rect.isValid()
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_title_and_status_bar_name_the_unit_and_the_user(window):
    assert window.windowTitle() == f"Sổ Hội — {UNIT_NAME}"
    assert window.status.unit_status.text() == f"Đơn vị: {UNIT_NAME} (mã {UNIT_CODE})"
    assert window.status.unit_status.isVisible()
    assert window.status.user_status.text() == f"Người dùng: {ADMIN} (Quản trị)"
    assert window.status.user_status.isVisible()
    assert window.status.sync_status.text() == "Chưa gửi báo cáo lên cấp trên"
    assert window.status.lock_button.isVisible() and window.status.lock_button.text() == "Khóa"


def test_overview_is_shown_first_with_the_unit_card(window):
    page = window.pages.currentWidget()
    assert isinstance(page, OverviewPage)
    assert window.current_section() == "overview"
    assert window.navigation.currentItem().text() == "Tổng quan"
    assert page.unit_name.text() == UNIT_NAME
    assert page.unit_details.text() == "Cấp: Cơ sở (xã/phường/đặc khu)   ·   Mã đơn vị: C1"


def test_overview_table_has_one_row_per_indicator_with_its_figures(window, session):
    expected = compute_indicators(session.store.db, UNIT_CODE, term=TERM)
    assert expected, "the fixture unit should have indicators"
    model = window.page("overview").table.model()
    assert model.rowCount() == len(expected)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Chỉ tiêu", "Tử số", "Mẫu số", "Giá trị", "Mục tiêu", "Đạt"]
    for row, ind in enumerate(expected):
        assert model.index(row, Column.INDICATOR).data() == ind.label
        shown_value = model.index(row, Column.VALUE).data()
        assert shown_value == ("—" if ind.value is None else format_value(ind))
        assert model.index(row, Column.MET).data() in {"Đạt", "Chưa đạt", "—"}


def test_overview_shows_a_full_percentage_the_vietnamese_way(window):
    # Both branches have a head on a monthly allowance and both use social media: some indicator
    # of this commune is a full 100 percent, written with a decimal comma.
    model = window.page("overview").table.model()
    values = [model.index(r, Column.VALUE).data() for r in range(model.rowCount())]
    assert "100,00%" in values
    assert all("." not in v.rstrip("%") for v in values if v.endswith("%"))


def test_clicking_a_section_shows_its_page_and_back(window, qtbot):
    click_section(qtbot, window, "Hội viên")
    page = window.pages.currentWidget()
    assert window.current_section() == "members"
    assert isinstance(page, TablePage) and page.table == "members"

    click_section(qtbot, window, "Tổng quan")
    assert isinstance(window.pages.currentWidget(), OverviewPage)


def test_every_future_section_is_listed_and_has_a_polite_page(window):
    labels = [window.navigation.item(r).text() for r in range(window.navigation.count())]
    assert labels == [
        "Tổng quan",
        "Đơn vị",
        "Cán bộ",
        "Chi hội",
        "Chi hội trưởng",
        "Hội viên",
        "Mô hình",
        "Kênh trực tuyến",
        "Sinh hoạt",
        "Đồng bộ",
        "Báo cáo",
        "Nhật ký",
        "Tài khoản",  # an admin's window (tests/ui/test_accounts.py: no one else's)
        "Cài đặt",
    ]
    for key in window.section_keys()[1:]:
        page = window.show_section(key)
        assert window.pages.currentWidget() is page


def test_pages_are_built_once(window):
    first = window.show_section("sync")
    window.show_section("overview")
    assert window.show_section("sync") is first


def test_widgets_use_the_bundled_liberation_sans(window):
    assert QFontInfo(window.font()).family() == "Liberation Sans"
    page = window.page("overview")
    assert QFontInfo(page.table.font()).family() == "Liberation Sans"


def test_the_keyboard_moves_through_the_sections(window, qtbot):
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.current_section() == "unit"
    assert isinstance(window.pages.currentWidget(), UnitPage)
    qtbot.keyClick(window.navigation, Qt.Key.Key_End)
    assert window.current_section() == "settings"
