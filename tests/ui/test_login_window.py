"""Signing in as a person would: choose the account, type the password, press Enter."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit

from desktop.security.keyfile import KeyFile
from tests.ui.conftest import ADMIN, PASSWORD, UNIT_NAME, FakeClock, type_text
from ui.login_window import LoginWindow
from ui.main_window import MainWindow
from ui.session_flow import SessionFlow

WRONG = "sai-mật-khẩu"
DEMO_HINT = "Dữ liệu mẫu: tài khoản admin, mật khẩu sohoi-demo"


@pytest.fixture
def login(app, qtbot, unit_dir) -> LoginWindow:
    w = LoginWindow(unit_dir)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def flow(app, qtbot, unit_dir):
    f = SessionFlow(unit_dir)
    qtbot.addWidget(f.show_login())
    yield f
    if f.main_window is not None:
        f.main_window.close()
    f.close_session()


def sign_in(qtbot, login: LoginWindow, password: str) -> None:
    """Type `password` into the field and press Enter."""
    field = login.prompt.password
    field.setFocus()
    type_text(field, password)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def failures(data_dir: Path) -> int:
    """Failed tries of the admin account, as the key file counts them."""
    entry = KeyFile.load(data_dir).failures.get(ADMIN)
    return entry["count"] if entry else 0


def test_the_login_window_lists_the_accounts_and_says_nothing_of_the_unit(login, unit_dir):
    assert login.windowTitle() == "Sổ Hội — Đăng nhập"
    assert [login.accounts.itemText(i) for i in range(login.accounts.count())] == [ADMIN]
    assert login.prompt.password.echoMode() == QLineEdit.EchoMode.Password
    assert login.prompt.password.hasFocus()
    assert login.prompt.button.text() == "Đăng nhập" and login.prompt.button.isEnabled()
    assert login.forgot.text() == "Quên mật khẩu?"
    assert login.folder.text() == f"Thư mục dữ liệu: {unit_dir}"
    shown = " ".join(label.text() for label in login.findChildren(QLabel) if label.isVisible())
    assert UNIT_NAME not in shown  # the name is inside the encrypted database
    assert not login.hint.isVisible()


def test_the_style_sheet_centres_the_titles_and_makes_the_folder_selectable(login):
    # Set by style.qss, not in code: the login window uses no enum of the Qt namespace.
    for label in (login.findChild(QLabel, "loginAppName"), login.folder):
        assert label.alignment() & Qt.AlignmentFlag.AlignHCenter
    assert login.folder.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert login.hint.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    card = login.findChild(QFrame, "loginCard")
    middle = card.geometry().center().x()
    assert abs(middle - login.width() // 2) <= 2  # the card stands in the middle


def test_a_wrong_password_is_refused_in_vietnamese_and_the_window_stays(login, qtbot, unit_dir):
    with qtbot.assertNotEmitted(login.signed_in):
        sign_in(qtbot, login, WRONG)
    assert login.isVisible()
    assert login.prompt.error.isVisible()
    assert login.prompt.error.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert login.prompt.password.text() == ""  # ready for the next try
    assert login.prompt.button.isEnabled()
    assert not login.prompt.wait.isVisible()
    assert failures(unit_dir) == 1


def test_an_empty_password_is_not_even_tried(login, qtbot, unit_dir):
    qtbot.mouseClick(login.prompt.button, Qt.MouseButton.LeftButton)
    assert login.prompt.error.text() == "Hãy nhập mật khẩu."
    assert failures(unit_dir) == 0


def test_the_third_wrong_password_starts_an_honest_countdown(login, qtbot, unit_dir):
    prompt = login.prompt
    clock = FakeClock()
    prompt.gate.clock = clock  # the window's countdown on a fake clock; the key file's is real
    for _ in range(2):
        sign_in(qtbot, login, WRONG)
        assert prompt.button.isEnabled() and not prompt.wait.isVisible()

    sign_in(qtbot, login, WRONG)  # the key file now asks for 5 s before the next try
    third_failure = time.monotonic()
    assert failures(unit_dir) == 3
    assert not prompt.button.isEnabled()
    assert prompt.wait.isVisible() and prompt.wait.text() == "Hãy đợi 5 giây…"
    assert prompt.error.text() == "Sai tên đăng nhập hoặc mật khẩu."  # no stale "5 giây" in red

    # Enter in the field during the countdown tries nothing, like the disabled button.
    sign_in(qtbot, login, PASSWORD)
    assert failures(unit_dir) == 3
    assert not prompt.button.isEnabled()

    # The count follows the clock, then the button comes back by itself.
    clock.now += 2.5
    qtbot.waitUntil(lambda: prompt.wait.text() == "Hãy đợi 3 giây…", timeout=2000)
    assert not prompt.button.isEnabled()
    clock.now += 3
    qtbot.waitUntil(prompt.button.isEnabled, timeout=2000)
    assert prompt.wait.text() == "Bây giờ có thể thử lại."

    # The key file keeps its own (wall-clock) delay: a try before it ends is refused, uncounted,
    # and the countdown comes back with the time the key file says.
    assert time.monotonic() - third_failure < 4, "too slow to try within the real delay"
    with qtbot.assertNotEmitted(login.signed_in):
        sign_in(qtbot, login, PASSWORD)
    assert failures(unit_dir) == 3
    assert not prompt.button.isEnabled()
    assert prompt.wait.text() in {f"Hãy đợi {n} giây…" for n in (2, 3, 4, 5)}
    assert not prompt.error.isVisible()  # the refusal said nothing but "wait"


def test_the_right_password_opens_the_main_window_with_the_unit_and_the_user(flow, qtbot):
    login = flow.login_window
    with qtbot.waitSignal(login.signed_in, timeout=5000):
        sign_in(qtbot, login, PASSWORD)  # Vietnamese letters, one key at a time
    main = flow.main_window
    assert isinstance(main, MainWindow)
    qtbot.addWidget(main)
    assert main.isVisible() and not login.isVisible()
    assert main.windowTitle() == f"Sổ Hội — {UNIT_NAME}"
    assert main.status.user_status.text() == "Người dùng: admin (Quản trị)"
    assert main.page("overview").unit_name.text() == UNIT_NAME
    assert flow.session is not None and flow.session.account.username == ADMIN

    main.close()  # closing the window signs out
    assert flow.session is None


def test_the_demo_hint_shows_only_when_given(app, qtbot, unit_dir):
    demo = LoginWindow(unit_dir, hint=DEMO_HINT)
    qtbot.addWidget(demo)
    demo.show()
    assert demo.hint.isVisible() and demo.hint.text() == DEMO_HINT
    plain = LoginWindow(unit_dir)
    qtbot.addWidget(plain)
    plain.show()
    assert not plain.hint.isVisible() and plain.hint.text() == ""


def test_username_preselects_the_account(app, qtbot, unit_dir):
    w = LoginWindow(unit_dir, username=ADMIN)
    qtbot.addWidget(w)
    assert w.accounts.currentText() == ADMIN


def test_a_folder_whose_key_file_vanished_says_so_and_offers_nothing_to_try(app, qtbot, unit_dir):
    for keyfile in unit_dir.glob("sohoi.keys*"):
        keyfile.unlink()
    w = LoginWindow(unit_dir)
    qtbot.addWidget(w)
    w.show()
    assert "Không tìm thấy tệp khóa" in w.prompt.error.text()
    assert w.prompt.error.isVisible()
    assert not w.prompt.button.isEnabled() and not w.prompt.password.isEnabled()
