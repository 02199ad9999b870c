"""The "Quên mật khẩu?" dialog: the printed recovery code and a new password sign in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.security.keyfile import KeyFile
from tests.ui.conftest import ADMIN, MadeUnit, type_text
from ui.login_window import LoginWindow
from ui.recovery_dialog import RecoveryDialog

NEW_PASSWORD = "Mới-tinh-2027"


@pytest.fixture
def login(app, qtbot, made_unit: MadeUnit) -> LoginWindow:
    w = LoginWindow(made_unit.data_dir)
    qtbot.addWidget(w)
    w.show()
    return w


def open_dialog(qtbot, login: LoginWindow) -> RecoveryDialog:
    qtbot.mouseClick(login.forgot, Qt.MouseButton.LeftButton)
    dialog = login.recovery_dialog
    assert isinstance(dialog, RecoveryDialog)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.windowTitle() == "Đặt lại mật khẩu quản trị"
    return dialog


def fill(dialog: RecoveryDialog, code: str, password: str, again: str) -> None:
    type_text(dialog.code, code)
    type_text(dialog.new_password, password)
    type_text(dialog.again, again)


def test_the_dialog_asks_for_the_admin_the_code_and_the_new_password_twice(login, qtbot):
    dialog = open_dialog(qtbot, login)
    assert dialog.account.currentText() == ADMIN
    assert dialog.new_password.echoMode() == dialog.new_password.EchoMode.Password
    assert dialog.again.echoMode() == dialog.again.EchoMode.Password
    assert dialog.confirm.text() == "Đặt mật khẩu mới" and dialog.cancel.text() == "Hủy"
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Hãy nhập mã khôi phục."


def test_two_different_new_passwords_are_refused_before_any_try(login, qtbot, made_unit):
    dialog = open_dialog(qtbot, login)
    fill(dialog, made_unit.recovery_code, NEW_PASSWORD, NEW_PASSWORD + "x")
    with qtbot.assertNotEmitted(dialog.recovered):
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Hai lần nhập mật khẩu mới không giống nhau."
    assert dialog.again.text() == "" and dialog.isVisible()


def test_a_wrong_code_is_refused_and_the_dialog_stays(login, qtbot):
    dialog = open_dialog(qtbot, login)
    fill(dialog, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", NEW_PASSWORD, NEW_PASSWORD)
    with qtbot.assertNotEmitted(login.signed_in):
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and dialog.error.text() == "Mã khôi phục không đúng."
    assert dialog.isVisible()


def test_the_right_code_sets_the_new_password_and_signs_the_admin_in(login, qtbot, made_unit):
    dialog = open_dialog(qtbot, login)
    fill(dialog, made_unit.recovery_code.lower(), NEW_PASSWORD, NEW_PASSWORD)
    with qtbot.waitSignal(login.signed_in, timeout=5000) as signal:
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    [session] = signal.args
    try:
        assert session.account.username == ADMIN and not session.locked
        assert not dialog.isVisible()
        # The new password opens the key now (checked on the key file, not by another login).
        key = KeyFile.load(made_unit.data_dir).unwrap("password", ADMIN, NEW_PASSWORD)
        assert bytes(key) == session.key_copy()
    finally:
        session.close()
