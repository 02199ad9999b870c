"""Tài khoản in the window, driven as a person would: an admin adds, resets, disables and
enables accounts and renews the recovery code; anyone changes their own password; the person's
name on the status bar and the lock screen. Outcomes are read from the key file (who can sign
in), the database (rows, audit log) and the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.errors import LoginRefused
from desktop.installation.setup import login
from desktop.security import audit, users
from desktop.security.accounts import get_account, list_accounts
from tests.ui.conftest import ADMIN, PASSWORD, type_text
from ui import strings
from ui.dialogs.account_dialogs import (
    AddUserDialog,
    ChangePasswordDialog,
    ConfirmDialog,
    OneTimePasswordDialog,
    RecoveryCodeDialog,
    RoleDialog,
)
from ui.main_window import MainWindow
from ui.pages.accounts_page import AccountsPage
from ui.session_flow import SessionFlow

ENTRY = "nhap"
ENTRY_PASSWORD = "Nhập-liệu-2026"
ENTRY_NAME = "Trần Thị Mai"


def click(qtbot, button: QWidget) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_section(qtbot, window: MainWindow, label: str) -> None:
    nav = window.navigation
    [item] = nav.findItems(label, Qt.MatchFlag.MatchExactly)
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center()
    )


def click_row(qtbot, page: AccountsPage, username: str) -> None:
    [row] = [r for r, texts in enumerate(page.row_texts()) if texts[0] == username]
    rect = page.table.visualItemRect(page.table.item(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected() is not None and page.selected().username == username


def fill(field: QWidget, text: str) -> None:
    field.setFocus()
    type_text(field, text)


@pytest.fixture
def admin_window(app, qtbot, unit_dir: Path):
    session = login(unit_dir, ADMIN, PASSWORD)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    session.close()


def accounts_page(qtbot, window: MainWindow) -> AccountsPage:
    click_section(qtbot, window, "Tài khoản")
    page = window.pages.currentWidget()
    assert isinstance(page, AccountsPage) and page.isVisible()
    return page


def add_entry_user(qtbot, page: AccountsPage, *, display_name: str = ENTRY_NAME) -> None:
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert isinstance(dialog, AddUserDialog) and dialog.isVisible()
    assert dialog.role.currentData() == "entry"  # the usual choice comes first
    fill(dialog.username, ENTRY)
    fill(dialog.display_name, display_name)
    fill(dialog.password, ENTRY_PASSWORD)
    fill(dialog.again, ENTRY_PASSWORD)
    click(qtbot, dialog.confirm)
    assert not dialog.isVisible()


def sign_in_with_window(qtbot, unit_dir: Path, username: str, password: str) -> SessionFlow:
    flow = SessionFlow(unit_dir)
    window = flow.show_login()
    qtbot.addWidget(window)
    window.accounts.setCurrentIndex(window.accounts.findText(username))
    field = window.prompt.password
    field.setFocus()
    type_text(field, password)
    with qtbot.waitSignal(window.signed_in, timeout=8000):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert flow.main_window is not None
    qtbot.addWidget(flow.main_window)
    return flow


def test_admin_adds_an_entry_user_who_signs_in_without_the_accounts_page(
    qtbot, admin_window: MainWindow, unit_dir: Path
) -> None:
    page = accounts_page(qtbot, admin_window)
    assert page.row_texts()[0][:4] == (ADMIN, "", "Quản trị", "Đang dùng")
    add_entry_user(qtbot, page)
    assert page.notice.text() == f"Đã thêm tài khoản “{ENTRY}” (Nhập liệu)."
    rows = dict((r[0], r) for r in page.row_texts())
    assert rows[ENTRY] == (ENTRY, ENTRY_NAME, "Nhập liệu", "Đang dùng", "Chưa đăng nhập")
    db = admin_window.session.store.db
    stored = get_account(db, ENTRY)
    assert stored is not None and stored.role == "entry" and stored.display_name == ENTRY_NAME
    assert audit.entries(db, limit=1)[0].action == "user_add"
    admin_window.close()
    admin_window.session.close()

    flow = sign_in_with_window(qtbot, unit_dir, ENTRY, ENTRY_PASSWORD)
    try:
        main = flow.main_window
        assert main is not None
        assert "accounts" not in main.section_keys()
        assert not main.navigation.findItems("Tài khoản", Qt.MatchFlag.MatchExactly)
        assert main.status.user_status.text() == f"Người dùng: {ENTRY_NAME} — {ENTRY} (Nhập liệu)"
        main.open_record("accounts", "")  # no way round the navigation either
        assert not isinstance(main.pages.currentWidget(), AccountsPage)
        main.lock()
        assert main.lock_page.user.text() == f"Người dùng: {ENTRY_NAME} — {ENTRY} (Nhập liệu)"
        assert ENTRY_PASSWORD not in main.lock_page.user.text()
    finally:
        if flow.main_window is not None:
            flow.main_window.close()
        flow.close_session()
    # An entry user asking the service directly is refused too.
    entry = login(unit_dir, ENTRY, ENTRY_PASSWORD)
    try:
        page = AccountsPage(entry)
        qtbot.addWidget(page)
        assert page.table.rowCount() == 0 and page.note.text() == strings.ACCOUNTS_ADMIN_ONLY
    finally:
        entry.close()


def test_bad_input_says_why_and_changes_nothing(qtbot, admin_window: MainWindow) -> None:
    page = accounts_page(qtbot, admin_window)
    db = admin_window.session.store.db
    before = len(list_accounts(db))
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert isinstance(dialog, AddUserDialog)
    click(qtbot, dialog.confirm)  # nothing typed
    assert dialog.error.text() == "Hãy nhập tên đăng nhập." and dialog.isVisible()
    fill(dialog.username, "Admin")  # the admin's name, another case
    fill(dialog.password, "ngan")
    fill(dialog.again, "ngan")
    click(qtbot, dialog.confirm)
    assert dialog.error.text() == "Mật khẩu phải có ít nhất 8 ký tự."
    fill(dialog.password, "-dai-hon-nua")
    fill(dialog.again, "-dai-hon-nua")
    click(qtbot, dialog.confirm)
    assert dialog.error.text() == "Đã có tài khoản “Admin”."
    assert dialog.isVisible()
    assert len(list_accounts(db)) == before
    click(qtbot, dialog.cancel)
    assert page.table.rowCount() == before


def test_reset_password_hands_over_a_one_time_password_that_opens_the_account(
    qtbot, admin_window: MainWindow, unit_dir: Path
) -> None:
    users.add_user(admin_window.session, ENTRY, ENTRY_PASSWORD, "entry")
    page = accounts_page(qtbot, admin_window)
    click_row(qtbot, page, ADMIN)
    assert not page.reset_button.isEnabled()  # one's own: "Đổi mật khẩu" instead
    assert not page.disable_button.isEnabled()
    click_row(qtbot, page, ENTRY)
    click(qtbot, page.reset_button)
    assert isinstance(page.dialog, ConfirmDialog)
    click(qtbot, page.dialog.confirm)
    shown = page.dialog
    assert isinstance(shown, OneTimePasswordDialog) and shown.isVisible()
    one_time = shown.password.text()
    assert len(one_time) == 14 and one_time.count("-") == 2
    assert page.notice.text() == f"Đã đặt mật khẩu mới cho “{ENTRY}”."
    recent = [e.action for e in audit.entries(admin_window.session.store.db, limit=3)]
    assert "password_reset" in recent
    click(qtbot, shown.done_button)
    assert page.dialog is None
    with pytest.raises(LoginRefused):
        login(unit_dir, ENTRY, ENTRY_PASSWORD)
    login(unit_dir, ENTRY, one_time).close()


def test_disable_refuses_sign_in_and_enable_gives_a_one_time_password(
    qtbot, admin_window: MainWindow, unit_dir: Path
) -> None:
    users.add_user(admin_window.session, ENTRY, ENTRY_PASSWORD, "entry")
    page = accounts_page(qtbot, admin_window)
    click_row(qtbot, page, ENTRY)
    assert page.disable_button.text() == "Ngừng tài khoản…"
    click(qtbot, page.disable_button)
    assert isinstance(page.dialog, ConfirmDialog)
    click(qtbot, page.dialog.cancel)  # changed mind: nothing happens
    assert get_account(admin_window.session.store.db, ENTRY).disabled is False
    click(qtbot, page.disable_button)
    click(qtbot, page.dialog.confirm)
    assert page.notice.text() == (
        f"Đã ngừng tài khoản “{ENTRY}”: mật khẩu của người đó không còn mở được sổ."
    )
    assert dict((r[0], r[3]) for r in page.row_texts())[ENTRY] == "Ngừng dùng"
    assert get_account(admin_window.session.store.db, ENTRY).disabled is True
    actions = [e.action for e in audit.entries(admin_window.session.store.db, limit=3)]
    assert "user_disable" in actions
    with pytest.raises(LoginRefused):
        login(unit_dir, ENTRY, ENTRY_PASSWORD)

    click_row(qtbot, page, ENTRY)
    assert page.disable_button.text() == "Cho dùng lại…"
    click(qtbot, page.disable_button)
    click(qtbot, page.dialog.confirm)
    shown = page.dialog
    assert isinstance(shown, OneTimePasswordDialog)
    one_time = shown.password.text()
    click(qtbot, shown.done_button)
    assert dict((r[0], r[3]) for r in page.row_texts())[ENTRY] == "Đang dùng"
    login(unit_dir, ENTRY, one_time).close()


def test_the_last_admin_keeps_their_role(qtbot, admin_window: MainWindow) -> None:
    page = accounts_page(qtbot, admin_window)
    click_row(qtbot, page, ADMIN)
    click(qtbot, page.role_button)
    dialog = page.dialog
    assert isinstance(dialog, RoleDialog)
    dialog.role.setFocus()
    qtbot.keyClick(dialog.role, Qt.Key.Key_Down)  # Quản trị → Nhập liệu
    assert dialog.role.currentData() == "entry"
    click(qtbot, dialog.confirm)
    assert dialog.error.text() == "Không thể hạ vai trò của quản trị viên cuối cùng của đơn vị."
    assert get_account(admin_window.session.store.db, ADMIN).role == "admin"
    click(qtbot, dialog.cancel)
    with pytest.raises(Exception, match="Không thể tự khóa"):
        users.disable_user(admin_window.session, ADMIN)


def test_renewed_recovery_code_is_shown_until_kept_and_opens_the_unit(
    qtbot, admin_window: MainWindow, unit_dir: Path, made_unit, tmp_path: Path
) -> None:
    page = accounts_page(qtbot, admin_window)
    click(qtbot, page.recovery_button)
    click(qtbot, page.dialog.confirm)
    dialog = page.dialog
    assert isinstance(dialog, RecoveryCodeDialog) and dialog.isVisible()
    code = dialog.page.code.text()
    assert code and code != made_unit.recovery_code
    assert not dialog.close_button.isEnabled()
    sheet = dialog.page.save_sheet(tmp_path / "phieu.pdf")
    assert sheet is not None and sheet.read_bytes().startswith(b"%PDF")
    click(qtbot, dialog.page.kept)
    click(qtbot, dialog.close_button)
    assert page.dialog is None
    recent = [e.action for e in audit.entries(admin_window.session.store.db, limit=3)]
    assert "recovery_renew" in recent
    admin_window.close()
    admin_window.session.close()
    from desktop.installation.setup import recover

    with pytest.raises(LoginRefused):
        recover(unit_dir, made_unit.recovery_code, username=ADMIN, new_password="moi-12345678")
    recover(unit_dir, code, username=ADMIN, new_password="moi-12345678").close()


def test_anyone_changes_their_own_password_from_the_status_bar(
    qtbot, admin_window: MainWindow, unit_dir: Path
) -> None:
    users.add_user(admin_window.session, ENTRY, ENTRY_PASSWORD, "viewer")
    admin_window.close()
    admin_window.session.close()
    flow = sign_in_with_window(qtbot, unit_dir, ENTRY, ENTRY_PASSWORD)
    new = "Mật-khẩu-mới-của-tôi"
    try:
        main = flow.main_window
        assert main is not None
        click(qtbot, main.status.password_button)
        dialog = main.password_dialog
        assert isinstance(dialog, ChangePasswordDialog) and dialog.isVisible()
        fill(dialog.current, "sai-mật-khẩu")
        fill(dialog.new_password, new)
        fill(dialog.again, new)
        click(qtbot, dialog.confirm)
        assert dialog.error.text() == "Mật khẩu hiện tại không đúng." and dialog.isVisible()
        fill(dialog.current, ENTRY_PASSWORD)
        dialog.new_password.clear()
        dialog.again.clear()
        fill(dialog.new_password, "ngắn")
        fill(dialog.again, "ngắn")
        click(qtbot, dialog.confirm)
        assert dialog.error.text() == "Mật khẩu phải có ít nhất 8 ký tự."
        fill(dialog.current, ENTRY_PASSWORD)
        dialog.new_password.clear()
        dialog.again.clear()
        fill(dialog.new_password, new)
        fill(dialog.again, new)
        click(qtbot, dialog.confirm)
        assert not dialog.isVisible()
        assert main.status.currentMessage() == strings.PASSWORD_CHANGED
        assert audit.entries(main.session.store.db, limit=1)[0].action == "password_change"
    finally:
        if flow.main_window is not None:
            flow.main_window.close()
        flow.close_session()
    with pytest.raises(LoginRefused):
        login(unit_dir, ENTRY, ENTRY_PASSWORD)
    login(unit_dir, ENTRY, new).close()
