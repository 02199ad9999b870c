"""Ethnicity and religion on the member form, as a person uses them: typed without tones and
found, "Khác" with a value of one's own, carried over by "Lưu và thêm tiếp"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.security.session import Session
from tests.ui.conftest import type_text
from tests.ui.lists_forms_support import (
    choose_in_combo,
    focused,
    open_window,
    show_members,
    wait_for,
)
from ui.main_window import MainWindow
from ui.pages.table_page import TablePage


@pytest.fixture
def window(app, qtbot, session) -> MainWindow:
    return open_window(qtbot, session)


@pytest.fixture
def page(window, qtbot) -> TablePage:
    page = show_members(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.is_showing_form()
    return page


def stored(session: Session, name: str) -> dict:
    row = session.store.db.execute(
        "SELECT ethnicity, religion, branch_id FROM members WHERE full_name = ?", [name]
    ).fetchone()
    return dict(zip(("ethnicity", "religion", "branch_id"), row, strict=True))


def fill(qtbot, page: TablePage, name: str) -> None:
    form = page.form
    combo = form.blocks["branch_id"].editor.combo
    choose_in_combo(qtbot, combo, combo.itemText(1))
    type_text(form.blocks["full_name"].editor.line, name)


def pick(qtbot, editor, entry: str) -> None:
    """Click `entry` in the list the field offers."""
    popup = editor.completer.popup()
    wait_for(qtbot, popup.isVisible)
    row = editor.entries.stringList().index(entry)
    rect = popup.visualRect(popup.model().index(row, 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_typing_tay_finds_and_stores_tay(page, session, qtbot):
    fill(qtbot, page, "Hà Thị Tươi")
    editor = page.form.blocks["ethnicity"].editor
    editor.line.setFocus()
    type_text(editor.line, "tay")
    wait_for(qtbot, lambda: editor.completer.popup().isVisible())
    assert editor.entries.stringList()[0] == "Tày"
    pick(qtbot, editor, "Tày")
    wait_for(qtbot, lambda: editor.line.text() == "Tày")
    with qtbot.waitSignal(page.form.saved, timeout=3000):
        page.form.save_button.click()
    assert stored(session, "Hà Thị Tươi")["ethnicity"] == "Tày"


def test_khac_then_free_text_is_stored_as_typed(page, session, qtbot):
    fill(qtbot, page, "Lò Thị Xuân")
    editor = page.form.blocks["religion"].editor
    editor.line.setFocus()
    type_text(editor.line, "khac")
    assert editor.entries.stringList() == ["Khác"]
    pick(qtbot, editor, "Khác")
    wait_for(qtbot, lambda: editor.line.text() == "")
    type_text(editor.line, "Đạo Mẫu")
    with qtbot.waitSignal(page.form.saved, timeout=3000):
        page.form.save_button.click()
    assert stored(session, "Lò Thị Xuân")["religion"] == "Đạo Mẫu"


def test_save_and_add_next_carries_ethnicity_religion_and_branch(page, session, qtbot):
    fill(qtbot, page, "Vi Thị Mai")
    form = page.form
    type_text(form.blocks["ethnicity"].editor.line, "nung")
    type_text(form.blocks["religion"].editor.line, "phat giao")
    assert form.next_button.isVisible()
    with qtbot.waitSignal(form.saved, timeout=3000):
        form.next_button.click()
    first = stored(session, "Vi Thị Mai")
    assert (first["ethnicity"], first["religion"]) == ("Nùng", "Phật giáo")
    wait_for(qtbot, lambda: page.is_showing_form() and form.is_new)
    assert form.blocks["ethnicity"].editor.line.text() == "Nùng"
    assert form.blocks["religion"].editor.line.text() == "Phật giáo"
    assert form.blocks["branch_id"].editor.combo.currentData() == first["branch_id"]
    assert form.blocks["full_name"].editor.line.text() == ""
    type_text(form.blocks["full_name"].editor.line, "Vi Thị Lan")
    with qtbot.waitSignal(form.saved, timeout=3000):
        form.next_button.click()
    assert stored(session, "Vi Thị Lan") == first
