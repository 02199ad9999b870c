"""Duplicates and deletes (#15), driven as a person would: the possible-duplicate warning with
"Vẫn lưu" / "Xem người kia", a delete question that tells namesakes apart, "Hoàn tác" after a
delete, and "Đã xóa gần đây" restoring a record with every personal field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from desktop.security.session import Session
from tests.ui.conftest import type_text
from tests.ui.lists_forms_support import (
    answer_question,
    choose_in_combo,
    focused,
    make_active,
    make_demo,
    open_window,
    show_members,
)
from ui.dialogs.recycle_bin import RecycleBinDialog
from ui.main_window import MainWindow
from ui.pages.table_page import TablePage

HUONG = {
    "full_name": "Nguyễn Thị Hường",
    "birth_date": "1984-02-29",
    "citizen_id": "001184005678",
    "phone": "0912345670",
    "address": "Xóm Chùa",
    "joined_on": "2005-03-08",
    "status": "active",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Session]:
    session = make_demo(tmp_path_factory.mktemp("deletes"))
    yield session
    session.close()


@pytest.fixture
def window(app, qtbot, demo) -> MainWindow:
    return open_window(qtbot, demo)


@pytest.fixture
def page(window, qtbot) -> TablePage:
    return show_members(qtbot, window)


def first_branch(page: TablePage) -> tuple[str, str]:
    combo = page.form.blocks["branch_id"].editor.combo
    return combo.itemData(1), combo.itemText(1)


def stored(session: Session, name: str) -> list[str]:
    """The live members of that name, however it was typed (ids)."""
    cur = session.store.db.conn.execute(
        "SELECT id FROM members WHERE fold(full_name) = fold(?) AND is_deleted = 0", [name]
    )
    return [r[0] for r in cur.fetchall()]


def test_a_possible_duplicate_is_shown_and_saving_still_works(page, demo, qtbot):
    branch_id, branch_name = first_branch(page)
    name = "Đinh Thị Hường"
    other = demo.store.save(
        "members", {"branch_id": branch_id, "full_name": name, "birth_date": "1979-05-06"}
    ).ids[0]
    page.refresh()

    qtbot.keyClick(page.panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    choose_in_combo(qtbot, form.blocks["branch_id"].editor.combo, branch_name)
    type_text(form.blocks["full_name"].editor.line, "đinh thị hường")
    birth = form.blocks["birth_date"].editor.line
    birth.setFocus()
    type_text(birth, "06/05/1979")
    qtbot.keyClick(birth, Qt.Key.Key_Return)
    # Not saved yet: the warning names the other record, with the two choices.
    assert form.duplicate_box.isVisible()
    text = form.duplicate_text.text()
    assert f"hội viên “{name}” (sinh năm 1979, {branch_name})" in text
    assert len(stored(demo, name)) == 1

    # "Xem người kia" opens the other record; what was typed comes back as a draft.
    qtbot.mouseClick(form.view_other_button, Qt.MouseButton.LeftButton)
    assert page.is_showing_form() and form.record_id == other
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.keyClick(page.panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.blocks["full_name"].editor.line.text() == "đinh thị hường"
    qtbot.keyClick(form.blocks["full_name"].editor.line, Qt.Key.Key_Return)
    assert form.duplicate_box.isVisible()

    with qtbot.waitSignal(form.saved, timeout=3000):
        qtbot.mouseClick(form.save_anyway_button, Qt.MouseButton.LeftButton)
    assert len(stored(demo, "Đinh Thị Hường")) == 2  # saved after confirming
    assert "có thể trùng" in page.notice.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_the_delete_question_tells_namesakes_apart(page, demo, qtbot):
    branch_id, branch_name = first_branch(page)
    record_id = demo.store.save("members", {**HUONG, "branch_id": branch_id}).ids[0]
    page.refresh()
    assert page.panel.select_record(record_id)
    asked: list[str] = []
    answer_question("Không xóa", asked)
    qtbot.keyClick(page.panel.table, Qt.Key.Key_Delete)
    question = asked[0]
    assert question.startswith("Xóa hội viên “Nguyễn Thị Hường”?")
    assert f"Sinh năm 1984, {branch_name}, CCCD •••• •••• 5678." in question
    assert "001184005678" not in question and "0011" not in question
    assert demo.store.get("members", record_id) is not None


def saved_then_deleted(page, demo, qtbot, values: dict) -> tuple[str, dict]:
    """A member of `values` saved in the first branch, then deleted from the list with the Delete
    key and "Xóa"; (its id, the record as it was)."""
    branch_id, _ = first_branch(page)
    record_id = demo.store.save("members", {**values, "branch_id": branch_id}).ids[0]
    before = demo.store.get("members", record_id)
    page.refresh()
    assert page.panel.select_record(record_id)
    answer_question("Xóa")
    qtbot.keyClick(page.panel.table, Qt.Key.Key_Delete)
    assert demo.store.get("members", record_id) is None
    make_active(qtbot, page.window())
    return record_id, before


def test_hoan_tac_after_a_delete_restores_it(page, demo, qtbot):
    values = {**HUONG, "full_name": "Lò Thị Sao", "citizen_id": "001184009876"}
    record_id, before = saved_then_deleted(page, demo, qtbot, values)
    assert page.undo_delete_button.isVisible()
    qtbot.mouseClick(page.undo_delete_button, Qt.MouseButton.LeftButton)
    after = demo.store.get("members", record_id)
    assert after is not None
    assert {f: after[f] for f in values} == {f: before[f] for f in values}
    assert not page.undo_delete_button.isVisible()
    assert page.model.row_of(record_id) >= 0


def test_the_recycle_bin_lists_and_restores_every_personal_field(page, demo, qtbot):
    values = {**HUONG, "full_name": "Hà Thị Thùy", "citizen_id": "001184001111"}
    record_id, before = saved_then_deleted(page, demo, qtbot, values)

    qtbot.mouseClick(page.bin_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(RecycleBinDialog, "recycleBinDialog")
    assert dialog is not None and dialog.isVisible()
    row = [e.row_id for e in dialog.entries].index(record_id)
    cells = [dialog.table.item(row, c).text() for c in range(4)]
    assert cells[0] == "Hội viên" and cells[1] == "Hà Thị Thùy" and cells[3] == "admin"
    # Every cell read whole: "Xóa lúc" was cut to "07/12/202…" while "Người xóa" stretched.
    table = dialog.table
    for column in range(3):
        text = table.item(row, column).text()
        needed = table.fontMetrics().horizontalAdvance(text)
        assert table.columnWidth(column) > needed, (column, text)
    assert dialog.select("members", record_id)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.notice.text() == "Đã khôi phục hội viên “Hà Thị Thùy”."
    after = demo.store.get("members", record_id)
    assert {f: after[f] for f in values} == {f: before[f] for f in values}
    assert record_id not in [e.row_id for e in dialog.entries]
    assert page.model.row_of(record_id) >= 0
    actions = demo.store.db.execute(
        "SELECT action FROM audit_log WHERE tbl = 'members' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert actions == ("undelete",)
    dialog.close()
