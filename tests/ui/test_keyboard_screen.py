"""Keyboard and screen (#15): shortcuts wherever the focus is, Enter through the first start,
type-ahead past "Tỉnh"/"Xã"/"Chi hội", roomy drop-downs, every window within 1366×700, a status
bar that keeps the user and "Khóa", the sync folder remembered, Qt's own buttons in Vietnamese.
Driven with keys and clicks, as a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QMessageBox,
    QWidget,
)

from desktop.installation.setup import NewUnit, create_unit, login
from tests.ui.conftest import ADMIN, PASSWORD, type_text
from tests.ui.lists_forms_support import make_active, tick
from ui.first_start.wizard import FirstStartWindow
from ui.main_window import MainWindow
from ui.pages.table_page import TablePage
from ui.widgets.combos import MIN_VISIBLE_ITEMS

SCREEN = QSize(1366, 700)  # 1366×768 less a title bar and a task bar


@pytest.fixture
def window(app, qtbot, session):
    w = MainWindow(session, idle_check_ms=3_600_000)
    qtbot.addWidget(w)
    w.resize(SCREEN)
    w.show()
    qtbot.waitExposed(w)
    make_active(qtbot, w)
    return w


def ctrl(qtbot, widget: QWidget, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)


# -- shortcuts wherever the focus is -------------------------------------------------------------


def test_ctrl_n_from_the_search_box_opens_the_add_form(window, qtbot):
    page = window.show_section("members")
    assert isinstance(page, TablePage)
    page.panel.search.setFocus()
    qtbot.waitUntil(page.panel.search.hasFocus)
    ctrl(qtbot, page.panel.search, Qt.Key.Key_N)
    assert page.is_showing_form() and page.form.is_new


def test_ctrl_n_and_ctrl_f_work_right_after_choosing_a_section(window, qtbot):
    """The section just clicked in the navigation: the focus is still there."""
    page = window.show_section("members")
    assert isinstance(page, TablePage)
    window.navigation.setFocus()
    qtbot.waitUntil(window.navigation.hasFocus)
    ctrl(qtbot, window.navigation, Qt.Key.Key_F)
    assert page.panel.search.hasFocus()
    window.navigation.setFocus()
    ctrl(qtbot, window.navigation, Qt.Key.Key_N)
    assert page.is_showing_form() and page.form.is_new


def test_ctrl_s_saves_the_form_wherever_the_focus_is(window, qtbot):
    page = window.show_section("branches")
    assert isinstance(page, TablePage)
    before = page.model.total_count()
    ctrl(qtbot, page.panel.table, Qt.Key.Key_N)
    line = page.form.blocks["name"].editor.line
    line.setFocus()
    type_text(line, "Chi hội Xóm Mới")
    window.navigation.setFocus()  # a click on the navigation while the form is open
    qtbot.waitUntil(window.navigation.hasFocus)
    ctrl(qtbot, window.navigation, Qt.Key.Key_S)
    assert not page.is_showing_form()
    assert page.model.total_count() == before + 1


def test_typing_a_branch_name_without_chi_hoi_picks_it_in_the_form(window, qtbot):
    page = window.show_section("members")
    assert isinstance(page, TablePage)
    page.panel.search.setFocus()
    ctrl(qtbot, page.panel.search, Qt.Key.Key_N)
    branch = page.form.blocks["branch_id"].editor.combo
    branch.setFocus()
    qtbot.keyClicks(branch, "doai")
    assert branch.currentText() == "Chi hội Thôn Đoài"
    assert branch.maxVisibleItems() >= 10


def test_ctrl_f_focuses_the_search_of_the_upper_pages_too(app, qtbot, tmp_path):
    session = create_unit(
        tmp_path / "tinh",
        NewUnit("20", "Hội LHPN tỉnh Lạng Sơn", "province"),
        admin_password=PASSWORD,
    ).session
    try:
        w = MainWindow(session, idle_check_ms=3_600_000)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        make_active(qtbot, w)
        page = w.show_section("units_below")
        w.navigation.setFocus()
        qtbot.waitUntil(w.navigation.hasFocus)
        ctrl(qtbot, w.navigation, Qt.Key.Key_F)
        assert page.search.hasFocus()
    finally:
        session.close()


# -- the first start: Enter, type-ahead, its size ---------------------------------------------


@pytest.fixture
def wizard(app, qtbot, tmp_path) -> FirstStartWindow:
    w = FirstStartWindow(tmp_path / "mới")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    make_active(qtbot, w)
    return w


def test_typing_bac_in_the_province_list_picks_a_bac_province(wizard, qtbot):
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)
    province = wizard.place.province
    province.setFocus()
    qtbot.keyClicks(province, "bac")
    assert province.currentText().endswith(" Bắc Ninh")  # after "Thành phố", tones ignored
    province.setCurrentIndex(0)
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    type_text(province, "Bắc")
    assert province.currentText().endswith(" Bắc Ninh")
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(province, "ha noi")
    assert province.currentText() == "Thành phố Hà Nội"


def test_typing_in_the_commune_list_skips_the_xa_and_phuong(wizard, qtbot):
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)
    place = wizard.place
    place.province.setFocus()
    qtbot.keyClicks(place.province, "lang")
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    communes = place.communes
    communes.setFocus()
    qtbot.keyClicks(communes, "quy")
    assert communes.currentItem().text().startswith("Xã Quý")


def test_enter_moves_the_first_start_on_at_each_complete_step(wizard, qtbot):
    created = []
    wizard.created.connect(created.append)
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)  # "Tạo đơn vị mới"
    place = wizard.place
    assert wizard.current() is place
    place.province.setFocus()
    qtbot.keyClicks(place.province, "lang")
    assert place.province.currentText() == "Tỉnh Lạng Sơn"
    place.search.setFocus()
    type_text(place.search, "quy hoa")
    qtbot.keyClick(place.search, Qt.Key.Key_Return)  # picks the first commune found
    assert wizard.current() is place and place.ready()
    qtbot.keyClick(place.search, Qt.Key.Key_Return)  # the page is complete: on
    assert wizard.current() is wizard.admin
    admin = wizard.admin
    admin.password.setFocus()
    type_text(admin.password, "Chủ-tịch-2026")
    admin.again.setFocus()
    type_text(admin.again, "Chủ-tịch-2026")
    qtbot.keyClick(admin.again, Qt.Key.Key_Return)
    assert wizard.current() is wizard.recovery
    tick(qtbot, wizard.recovery.kept)
    qtbot.keyClick(wizard.recovery.kept, Qt.Key.Key_Return)
    assert wizard.current() is wizard.enrol
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)
    [session] = created
    session.close()


def test_every_drop_down_shows_at_least_ten_entries(wizard, qtbot):
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)
    province = wizard.place.province
    assert province.count() > MIN_VISIBLE_ITEMS
    assert province.maxVisibleItems() >= 10
    province.showPopup()
    view = province.view()
    qtbot.waitUntil(view.isVisible)
    rows = view.height() / view.sizeHintForRow(0)
    province.hidePopup()
    assert rows >= 10


def test_every_drop_down_of_the_main_pages_is_roomy(window):
    for key in window.section_keys():
        window.show_section(key)
    combos = window.findChildren(QComboBox)
    assert combos
    assert all(c.maxVisibleItems() >= 10 for c in combos)
    assert "combobox-popup: 0" in QApplication.instance().styleSheet()


# -- 1366×700 --------------------------------------------------------------------------------


def fits(size: QSize) -> bool:
    return size.width() <= SCREEN.width() and size.height() <= SCREEN.height()


def cut_off(window: QWidget) -> list[str]:
    """The visible buttons, fields and lists that do not lie whole inside `window`."""
    inside = QRect(0, 0, window.width(), window.height())
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if not isinstance(widget, (QAbstractButton, QComboBox)):
            continue
        if _scrolled(widget, window):
            continue
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not inside.contains(rect):
            problems.append(f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}")
    return problems


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's content or a table's cells: reached by scrolling, not cut off."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if parent.objectName() == "qt_scrollarea_viewport":
            return True
        parent = parent.parentWidget()
    return False


def test_the_main_login_and_first_start_windows_fit_1366x700(app, qtbot, window, wizard):
    from ui.login_window import LoginWindow

    assert fits(window.minimumSizeHint()), window.minimumSizeHint()
    assert fits(window.minimumSize())
    login_window = LoginWindow(window.session.data_dir)
    qtbot.addWidget(login_window)
    assert fits(login_window.minimumSizeHint()), login_window.minimumSizeHint()
    for page in (wizard.choice, wizard.place, wizard.admin, wizard.recovery, wizard.restore):
        wizard.pages.setCurrentWidget(page)
        assert fits(wizard.minimumSizeHint()), (type(page).__name__, wizard.minimumSizeHint())
    wizard.pages.setCurrentWidget(wizard.place)
    wizard.resize(SCREEN)
    qtbot.wait(20)
    assert cut_off(wizard) == []


def test_every_main_page_fits_1366x700_with_nothing_cut_off(window, qtbot, tmp_path):
    window.resize(SCREEN)
    for key in window.section_keys():
        page = window.show_section(key)
        qtbot.wait(20)
        assert window.size() == SCREEN
        assert cut_off(window) == [], key
        window.grab().save(str(tmp_path / f"{key}.png"))
        if isinstance(page, TablePage):
            page.new_record()
            qtbot.wait(20)
            assert cut_off(window) == [], f"{key} form"
            page.form.cancel()


# -- the status bar ----------------------------------------------------------------------------


def test_a_long_draft_notice_leaves_the_user_and_the_lock_button_on_screen(window, qtbot):
    window.resize(SCREEN)
    links = [(f"members/{n}", "Hội viên " * 6, False) for n in range(3)]
    links += [("members/new", "Hội viên", True)] * 4
    window.status.show_drafts(links)
    qtbot.wait(20)
    bar = window.status
    for widget in (bar.user_status, bar.lock_button):
        assert widget.isVisible()
        assert widget.width() >= widget.sizeHint().width()
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        assert QRect(0, 0, window.width(), window.height()).contains(rect)
    assert bar.draft_notice.isVisible()
    assert "…" in bar.draft_notice.text()  # cut short, not pushing the others out
    assert "Đang nhập dở" in bar.draft_notice.toolTip()
    assert bar.lock_button.text() == "Khóa"


# -- the sync folder ---------------------------------------------------------------------------


def test_the_sync_folder_is_remembered_across_a_restart(app, qtbot, unit_dir, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    first = login(unit_dir, ADMIN, PASSWORD)
    try:
        w = MainWindow(first, idle_check_ms=3_600_000)
        qtbot.addWidget(w)
        page = w.show_section("sync")
        assert page.drives.currentText() != "Thư mục khác…"  # nothing looks chosen by mistake
        page.set_folder(stick)
        assert page.drives.currentText() == str(stick)
        w.close()
    finally:
        first.close()
    second = login(unit_dir, ADMIN, PASSWORD)
    try:
        w = MainWindow(second, idle_check_ms=3_600_000)
        qtbot.addWidget(w)
        page = w.show_section("sync")
        assert page.folder == stick
        assert page.drives.currentText() == str(stick)
        assert page.folder_label.text() == str(stick)
    finally:
        second.close()


def test_with_no_folder_the_drop_down_says_none_is_chosen(app, qtbot, session, monkeypatch):
    import ui.pages.sync_page as sync_page

    monkeypatch.setattr(sync_page, "removable_drives", lambda: [])
    page = sync_page.SyncPage(session)
    qtbot.addWidget(page)
    assert page.folder is None
    assert page.drives.currentIndex() == -1
    assert page.drives.currentText() == ""
    assert page.drives.placeholderText() == "Chưa chọn nơi ghi"
    assert [page.drives.itemText(i) for i in range(page.drives.count())] == ["Thư mục khác…"]


# -- Qt's own words in Vietnamese ------------------------------------------------------------


def test_qt_standard_buttons_speak_vietnamese(app, qtbot):
    from ui.app import install_qt_translations

    assert install_qt_translations(app)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Sổ Hội",
        "?",
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel,
    )
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Có", "Không", "Hủy"}
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text().replace("&", "") == "Đồng ý"
    QTimer.singleShot(0, box.reject)
