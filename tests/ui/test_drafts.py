"""A half-filled form outlives a lock, the end of the program and a crash: the draft is in the
encrypted database, for its own account only, and the next sign-in offers to go on with it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.demo.unit import DEMO_PASSWORD
from desktop.installation.setup import login
from tests.ui.conftest import type_text
from tests.ui.lists_forms_support import (
    choose_in_combo,
    click_section,
    focused,
    make_demo,
    open_window,
)
from ui.forms.drafts import SAVE_DELAY_MS
from ui.main_window import MainWindow
from ui.pages.table_page import TablePage

NAME = "Đinh Thị Thủy Tiên"


@pytest.fixture
def data_dir(tmp_path):
    session = make_demo(tmp_path)
    session.close()
    return tmp_path / "unit"


def members_page(qtbot, window: MainWindow) -> TablePage:
    click_section(qtbot, window, "Hội viên")
    page = window.pages.currentWidget()
    assert isinstance(page, TablePage)
    return page


def start_new_member(qtbot, page: TablePage) -> None:
    page.panel.table.setFocus()
    qtbot.keyClick(page.panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    choose_in_combo(
        qtbot,
        form.blocks["branch_id"].editor.combo,
        form.blocks["branch_id"].editor.combo.itemText(1),
    )
    line = form.blocks["full_name"].editor.line
    line.setFocus()
    type_text(line, NAME)


def test_a_draft_reaches_the_database_soon_after_typing_and_survives_a_crash(app, qtbot, data_dir):
    first = login(data_dir, "admin", DEMO_PASSWORD)
    window = open_window(qtbot, first)
    start_new_member(qtbot, members_page(qtbot, window))
    qtbot.wait(SAVE_DELAY_MS + 300)

    # The program dies here: no close, no lock. Another sign-in finds the draft on disk.
    second = login(data_dir, "admin", DEMO_PASSWORD)
    try:
        assert second.list_drafts() == ["members/new"]
        assert second.load_draft("members/new")["full_name"] == NAME
        after = open_window(qtbot, second)
        notice = after.status.draft_notice
        assert notice.isVisible() and "Hội viên (thêm mới)" in notice.text()
        after.status.draft_notice.linkActivated.emit("members/new")  # the link in the status bar
        page = after.pages.currentWidget()
        assert isinstance(page, TablePage) and page.is_showing_form()
        assert page.form.blocks["full_name"].editor.line.text() == NAME
        assert page.form.banner.isVisible()  # "the form was filled in from a draft"
        with qtbot.waitSignal(page.form.saved, timeout=3000):
            qtbot.keyClick(page.form.blocks["full_name"].editor.line, Qt.Key.Key_Return)
        after.drafts.flush()
        assert second.list_drafts() == []  # saved: the draft is gone
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    finally:
        second.close()
        first.close()


def test_locking_writes_the_draft_at_once_and_cancel_forgets_it(app, qtbot, data_dir):
    session = login(data_dir, "admin", DEMO_PASSWORD)
    try:
        window = open_window(qtbot, session)
        page = members_page(qtbot, window)
        start_new_member(qtbot, page)
        qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert window.is_locked()
        other = login(data_dir, "admin", DEMO_PASSWORD)  # written before the lock, not later
        try:
            assert other.load_draft("members/new")["full_name"] == NAME
        finally:
            other.close()
        password = window.lock_page.prompt.password
        type_text(password, DEMO_PASSWORD)
        qtbot.keyClick(password, Qt.Key.Key_Return)
        assert not window.is_locked()

        page.form.cancel()
        window.drafts.flush()
        assert session.list_drafts() == []
    finally:
        session.close()


def test_closing_the_program_keeps_the_draft_for_the_same_account_only(app, qtbot, data_dir):
    from desktop.security.users import add_user

    session = login(data_dir, "admin", DEMO_PASSWORD)
    add_user(session, "thuky", "Mật-khẩu-thư-ký", "entry")
    window = open_window(qtbot, session)
    start_new_member(qtbot, members_page(qtbot, window))
    window.close()
    session.close()  # as the session flow does when the window closes

    clerk = login(data_dir, "thuky", "Mật-khẩu-thư-ký")
    try:
        assert clerk.list_drafts() == []
    finally:
        clerk.close()
    admin = login(data_dir, "admin", DEMO_PASSWORD)
    try:
        assert admin.load_draft("members/new")["full_name"] == NAME
    finally:
        admin.close()
    database = (data_dir / "sohoi.db").read_bytes()
    assert NAME.encode("utf-8") not in database  # typed personal data: encrypted at rest
