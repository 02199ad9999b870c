"""The lock: idle or Ctrl+L, nothing of the unit left on screen, unlock, switch user, roles."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.installation.setup import login
from desktop.security.session import Session, SessionLocked
from desktop.security.users import add_user
from tests.ui.conftest import ADMIN, PASSWORD, UNIT_NAME, type_text
from ui.main_window import MainWindow
from ui.models.indicator_table_model import Column
from ui.session_flow import SessionFlow

MONTHLY_ALLOWANCE = "Chi hội trưởng được hỗ trợ bồi dưỡng hàng tháng"


@pytest.fixture
def window(app, qtbot, session) -> MainWindow:
    w = MainWindow(session, idle_check_ms=20)  # the idle check every 20 ms instead of 15 s
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def assert_nothing_of_the_unit_is_shown(window: MainWindow) -> None:
    assert window.is_locked() and window.lock_page.isVisible()
    for data_widget in (window.workspace, window.navigation, window.pages, window.page("overview")):
        assert not data_widget.isVisible()
    assert UNIT_NAME not in window.windowTitle()
    assert window.windowTitle() == "Sổ Hội — Đã khóa"
    assert not window.status.unit_status.isVisible()
    shown = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
    assert not any(UNIT_NAME in text for text in shown)


def figures(window: MainWindow, label: str) -> tuple[str, str]:
    """Numerator and denominator the overview shows for indicator `label`."""
    model = window.page("overview").model
    for row in range(model.rowCount()):
        if model.index(row, Column.INDICATOR).data() == label:
            return (
                model.index(row, Column.NUMERATOR).data(),
                model.index(row, Column.DENOMINATOR).data(),
            )
    raise AssertionError(label)


def unlock(qtbot, window: MainWindow, password: str) -> None:
    field = window.lock_page.prompt.password
    type_text(field, password)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_an_idle_session_locks_and_the_password_brings_back_a_refreshed_window(
    window, session: Session, qtbot
):
    assert figures(window, MONTHLY_ALLOWANCE) == ("2", "2")
    session.idle_seconds = 0.01
    time.sleep(0.02)
    qtbot.waitUntil(window.is_locked, timeout=2000)  # the watch's own timer locked it
    assert session.locked
    assert_nothing_of_the_unit_is_shown(window)
    assert window.lock_page.user.text() == "Người dùng: admin (Quản trị)"
    assert window.lock_page.prompt.password.hasFocus()
    with pytest.raises(SessionLocked):
        session.store  # noqa: B018 (the property is the check)

    # Meanwhile someone else adds a branch whose head has no allowance.
    other = login(session.data_dir, ADMIN, PASSWORD)
    branch = other.store.save("branches", {"name": "Chi hội Xóm Mới"}).ids[0]
    other.store.save(
        "branch_heads",
        {"branch_id": branch, "full_name": "Đỗ Thị Hạnh", "monthly_allowance": False},
    )
    other.close()

    unlock(qtbot, window, "sai-mật-khẩu")
    assert window.is_locked()
    assert window.lock_page.prompt.error.text() == "Sai tên đăng nhập hoặc mật khẩu."

    unlock(qtbot, window, PASSWORD)
    assert not window.is_locked() and not session.locked
    assert window.workspace.isVisible() and window.page("overview").isVisible()
    assert window.windowTitle() == f"Sổ Hội — {UNIT_NAME}"
    assert window.status.unit_status.isVisible() and UNIT_NAME in window.status.unit_status.text()
    # The page read the reopened store, not one kept from before the lock.
    assert figures(window, MONTHLY_ALLOWANCE) == ("2", "3")
    assert session.idle_seconds == 600  # unlocking reads the setting again: no instant relock


def test_keys_and_clicks_count_as_activity(window, session: Session, qtbot):
    time.sleep(0.05)
    assert session.idle_for() >= 0.05
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert session.idle_for() < 0.05
    time.sleep(0.05)
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton)
    assert session.idle_for() < 0.05
    assert not window.is_locked()


def test_ctrl_l_locks_at_once(window, session: Session, qtbot):
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert session.locked
    assert_nothing_of_the_unit_is_shown(window)
    assert not window.status.lock_button.isVisible() and not window.lock_action.isEnabled()


@pytest.fixture
def flow(app, qtbot, unit_dir):
    f = SessionFlow(unit_dir)
    qtbot.addWidget(f.show_login())
    yield f
    if f.main_window is not None:
        f.main_window.close()
    f.close_session()


def test_switch_user_closes_the_session_and_returns_to_the_login(flow, qtbot, unit_dir):
    main = flow.open_main(login(unit_dir, ADMIN, PASSWORD))
    qtbot.addWidget(main)
    session = flow.session
    qtbot.mouseClick(main.status.lock_button, Qt.MouseButton.LeftButton)  # "Khóa" in the status bar
    assert main.is_locked()

    qtbot.mouseClick(main.lock_page.switch_button, Qt.MouseButton.LeftButton)
    assert flow.main_window is None and not main.isVisible()
    assert flow.session is None and session.locked  # closed: the key is forgotten
    assert flow.login_window.isVisible()
    assert flow.login_window.prompt.password.text() == ""


def test_a_viewer_signs_in_and_sees_their_role(app, qtbot, session: Session):
    add_user(session, "xem", "xem-12345", "viewer")
    data_dir = session.data_dir
    session.close()
    flow = SessionFlow(data_dir)
    login_window = flow.show_login()
    qtbot.addWidget(login_window)
    try:
        assert [login_window.accounts.itemText(i) for i in range(2)] == [ADMIN, "xem"]
        login_window.select_account("xem")
        type_text(login_window.prompt.password, "xem-12345")
        with qtbot.waitSignal(login_window.signed_in, timeout=5000):
            qtbot.keyClick(login_window.prompt.password, Qt.Key.Key_Return)
        main = flow.main_window
        qtbot.addWidget(main)
        assert main.status.user_status.text() == "Người dùng: xem (Chỉ xem)"
        assert not flow.session.can("write")
        assert main.page("overview").unit_name.text() == UNIT_NAME  # viewers read
    finally:
        if flow.main_window is not None:
            flow.main_window.close()
        flow.close_session()


def test_signing_in_makes_the_days_backup_and_closing_one_more(flow, qtbot, unit_dir):
    from desktop.backup.make import list_backups

    main = flow.open_main(login(unit_dir, ADMIN, PASSWORD))
    qtbot.addWidget(main)
    kinds = [b.kind for b in list_backups(unit_dir / "backups")]
    assert kinds == ["daily"]
    main.close()
    assert flow.session is None
    kinds = sorted(b.kind for b in list_backups(unit_dir / "backups"))
    assert kinds == ["close", "daily"]


def test_a_reset_password_is_replaced_before_any_work(app, qtbot, session: Session):
    from desktop.security.accounts import get_account
    from desktop.security.users import reset_password
    from ui import strings
    from ui.dialogs.account_dialogs import ChangePasswordDialog

    add_user(session, "nhap", "nhap-12345", "entry")
    assert get_account(session.store.db, "nhap").must_change is False  # chosen with the person
    reset_password(session, "nhap", "ABCD-EFGH-JKMN")
    assert get_account(session.store.db, "nhap").must_change is True
    data_dir = session.data_dir
    session.close()
    person = login(data_dir, "nhap", "ABCD-EFGH-JKMN")
    main = MainWindow(person, idle_check_ms=60_000)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: isinstance(main.password_dialog, ChangePasswordDialog))
    dialog = main.password_dialog
    assert strings.CHANGE_PASSWORD_FORCED_INTRO in [
        label.text() for label in dialog.findChildren(QLabel)
    ]
    dialog.reject()  # closed without a new password: the window locks
    assert main.is_locked()
    unlock(qtbot, main, "ABCD-EFGH-JKMN")
    qtbot.waitUntil(lambda: isinstance(main.password_dialog, ChangePasswordDialog))
    dialog = main.password_dialog
    type_text(dialog.current, "ABCD-EFGH-JKMN")
    type_text(dialog.new_password, "cua-rieng-toi")
    type_text(dialog.again, "cua-rieng-toi")
    dialog.submit()
    qtbot.waitUntil(lambda: main.password_dialog is None)
    assert not main.is_locked()
    assert get_account(person.store.db, "nhap").must_change is False
    main.close()
    person.close()
    again = login(data_dir, "nhap", "cua-rieng-toi")
    assert again.account.must_change is False
    again.close()
