"""A member's form, used as a person would: add, be told what is wrong, fix, save, edit, delete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from desktop.demo.unit import DEMO_PASSWORD
from desktop.security.session import Session
from tests.ui.conftest import type_text
from tests.ui.lists_forms_support import (
    answer_question,
    choose_in_combo,
    focused,
    make_active,
    make_demo,
    open_window,
    retype,
    show_members,
    wait_for,
)
from ui.main_window import MainWindow
from ui.pages.table_page import TablePage

PHONE_RULE = "Số điện thoại Việt Nam phải có dạng 0xxxxxxxxx"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Session]:
    session = make_demo(tmp_path_factory.mktemp("members-form"))
    yield session
    session.close()


@pytest.fixture
def window(app, qtbot, demo) -> MainWindow:
    return open_window(qtbot, demo)


@pytest.fixture
def page(window, qtbot) -> TablePage:
    return show_members(qtbot, window)


def stored_members(session: Session, name: str) -> list[dict]:
    cursor = session.store.db.conn.execute("SELECT * FROM members WHERE full_name = ?", [name])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def first_branch(page: TablePage) -> str:
    combo = page.form.blocks["branch_id"].editor.combo
    return combo.itemText(1)


def add_member(qtbot, page: TablePage, name: str, phone: str = "") -> str:
    """Ctrl+N, the first branch, `name` (and `phone`), Enter, Esc; the new member's id."""
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    choose_in_combo(qtbot, form.blocks["branch_id"].editor.combo, first_branch(page))
    type_text(form.blocks["full_name"].editor.line, name)
    if phone:
        type_text(form.blocks["phone"].editor.line, phone)
    with qtbot.waitSignal(form.saved, timeout=3000) as saved:
        qtbot.keyClick(form.blocks["full_name"].editor.line, Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # the next blank form is not wanted
    assert not page.is_showing_form()
    return saved.args[0].id


def test_a_new_member_is_refused_with_a_red_message_then_saved(page, demo, qtbot):
    name = "Lê Thị Hồng Nhung"
    before = page.model.total_count()
    qtbot.keyClick(page.panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    assert page.is_showing_form() and form.is_new
    assert form.title.text() == "Thêm hội viên"
    assert form.blocks["status"].editor.combo.currentText() == "Đang sinh hoạt"  # the default

    branch = first_branch(page)
    choose_in_combo(qtbot, form.blocks["branch_id"].editor.combo, branch)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is form.blocks["full_name"].editor.line  # Tab follows the fields
    type_text(focused(), name)
    phone = form.blocks["phone"].editor.line
    phone.setFocus()
    type_text(phone, "12")
    wait_for(qtbot, lambda: form.field_message("phone") != "")
    message = form.blocks["phone"].message
    assert message.text().startswith(PHONE_RULE)
    assert message.property("severity") == "error"  # drawn red by the style sheet
    assert form.field_message("full_name") == ""  # a correct field says nothing

    qtbot.keyClick(phone, Qt.Key.Key_Return)  # Enter: refused, everything kept
    assert page.is_showing_form()
    assert form.banner.isVisible() and "Số điện thoại" in form.banner.text()
    assert form.banner.text().startswith("Chưa lưu được")
    assert stored_members(demo, name) == []
    assert phone.hasFocus() and phone.text() == "12"

    retype(qtbot, phone, "0912 345 678")
    wait_for(qtbot, lambda: form.field_message("phone") == "")
    with qtbot.waitSignal(form.saved, timeout=3000):
        qtbot.keyClick(phone, Qt.Key.Key_Return)

    [row] = stored_members(demo, name)
    assert row["phone"] == "0912345678" and row["status"] == "active"
    assert row["is_deleted"] == 0
    # "Lưu và thêm tiếp": the next blank form, for the same branch, the cursor on the name.
    assert page.is_showing_form() and form.is_new
    assert form.blocks["branch_id"].editor.combo.currentText() == branch
    assert form.blocks["full_name"].editor.line.text() == ""
    assert form.blocks["full_name"].editor.line.hasFocus()
    assert page.notice.text().startswith(f"Đã thêm hội viên “{name}”")

    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not page.is_showing_form()
    assert page.model.total_count() == before + 1
    row_number = page.model.row_of(row["id"])
    assert row_number >= 0
    assert page.model.index(row_number, 0).data() == name


def test_editing_a_member_saves_the_change_and_ctrl_z_undoes_it(page, demo, qtbot):
    record_id = add_member(qtbot, page, "Đinh Thị Ngọc Ánh", "0987 654 321")
    assert page.panel.select_record(record_id)
    qtbot.keyClick(page.panel.table, Qt.Key.Key_Return)
    form = page.form
    assert form.record_id == record_id
    assert form.title.text() == "Sửa hội viên: Đinh Thị Ngọc Ánh"
    retype(qtbot, form.blocks["phone"].editor.line, "0355 111 222")
    with qtbot.waitSignal(form.saved, timeout=3000):
        qtbot.keyClick(form.blocks["phone"].editor.line, Qt.Key.Key_Return)
    assert not page.is_showing_form()  # editing: Enter saves and closes
    assert demo.store.get("members", record_id)["phone"] == "0355111222"
    row = page.model.row_of(record_id)
    assert page.model.value(row, "phone") == "0355111222"

    qtbot.keyClick(page.panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo.store.get("members", record_id)["phone"] == "0987654321"
    assert page.notice.text().startswith("Đã hoàn tác")
    assert page.model.value(page.model.row_of(record_id), "phone") == "0987654321"


def test_ctrl_z_after_adding_takes_the_new_member_away(page, demo, qtbot):
    record_id = add_member(qtbot, page, "Mai Thị Thu Hà")
    count = page.model.total_count()
    qtbot.keyClick(page.panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo.store.get("members", record_id) is None
    assert demo.store.get("members", record_id, include_deleted=True)["is_deleted"] == 1
    assert page.model.total_count() == count - 1
    assert page.notice.text() == "Đã hoàn tác: bỏ hội viên “Mai Thị Thu Hà” vừa thêm."


def test_delete_asks_first_leaves_a_tombstone_and_ctrl_z_restores_it(page, demo, qtbot):
    record_id = add_member(qtbot, page, "Vũ Thị Thanh Hương", "0912 000 111")
    page.open_record(record_id)
    form = page.form
    asked: list[str] = []

    answer_question("Không xóa", asked)
    qtbot.mouseClick(form.delete_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith("Xóa hội viên “Vũ Thị Thanh Hương”?")
    assert "Đã xóa gần đây" in asked[0]  # where a mistaken delete is undone
    assert demo.store.get("members", record_id) is not None  # kept

    answer_question("Xóa")
    qtbot.mouseClick(form.delete_button, Qt.MouseButton.LeftButton)
    tombstone = demo.store.get("members", record_id, include_deleted=True)
    assert tombstone["is_deleted"] == 1
    assert tombstone["full_name"] is None and tombstone["phone"] is None  # personal data gone
    assert not page.is_showing_form() and page.model.row_of(record_id) == -1
    assert page.notice.text().startswith("Đã xóa hội viên “Vũ Thị Thanh Hương”.")

    make_active(qtbot, page.window())  # the question box has gone
    qtbot.keyClick(page.panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.notice.text() == "Đã hoàn tác: hội viên “Vũ Thị Thanh Hương” đã được khôi phục."
    restored = demo.store.get("members", record_id)
    assert restored["full_name"] == "Vũ Thị Thanh Hương" and restored["phone"] == "0912000111"
    assert page.model.row_of(record_id) >= 0


def test_the_delete_key_in_the_list_asks_too(page, demo, qtbot):
    record_id = add_member(qtbot, page, "Tạ Thị Lan")
    assert page.panel.select_record(record_id)
    answer_question("Xóa")
    qtbot.keyClick(page.panel.table, Qt.Key.Key_Delete)
    assert demo.store.get("members", record_id) is None


def test_an_old_cmnd_number_is_an_amber_warning_and_saving_is_allowed(page, demo, qtbot):
    qtbot.keyClick(page.panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    choose_in_combo(qtbot, form.blocks["branch_id"].editor.combo, first_branch(page))
    type_text(form.blocks["full_name"].editor.line, "Bùi Thị Yến")
    cid = form.blocks["citizen_id"].editor.line
    cid.setFocus()
    type_text(cid, "123456789")
    qtbot.keyClick(cid, Qt.Key.Key_Tab)  # leaving the field shows its message at once
    assert form.field_message("citizen_id").startswith("Đây là số CMND cũ 9 chữ số")
    assert form.blocks["citizen_id"].message.property("severity") == "warning"
    with qtbot.waitSignal(form.saved, timeout=3000):
        qtbot.keyClick(cid, Qt.Key.Key_Return)
    [row] = stored_members(demo, "Bùi Thị Yến")
    assert row["citizen_id"] == "123456789"
    assert "Lưu ý" in page.notice.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_dates_are_typed_the_vietnamese_way_and_a_minor_is_refused(page, demo, qtbot):
    qtbot.keyClick(page.panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    choose_in_combo(qtbot, form.blocks["branch_id"].editor.combo, first_branch(page))
    type_text(form.blocks["full_name"].editor.line, "Ông Thị Bé")
    birth = form.blocks["birth_date"].editor.line
    birth.setFocus()
    this_year = demo.store.today().year
    type_text(birth, f"01/01/{this_year - 10}")
    qtbot.keyClick(birth, Qt.Key.Key_Tab)
    assert form.field_message("birth_date") == "Phải đủ 18 tuổi trở lên (Điều lệ Hội)."
    retype(qtbot, birth, "31/02/1990")
    qtbot.keyClick(birth, Qt.Key.Key_Tab)
    assert "dd/mm/yyyy" in form.field_message("birth_date")
    retype(qtbot, birth, "1962")  # a year alone is a birth date too
    joined = form.blocks["joined_on"].editor.line
    joined.setFocus()
    type_text(joined, "8/3/1985")
    with qtbot.waitSignal(form.saved, timeout=3000):
        qtbot.keyClick(joined, Qt.Key.Key_Return)
    [row] = stored_members(demo, "Ông Thị Bé")
    assert (row["birth_date"], row["joined_on"]) == ("1962", "1985-03-08")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    page.open_record(row["id"])
    assert form.blocks["joined_on"].editor.line.text() == "08/03/1985"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_a_half_filled_form_survives_the_lock(window, page, demo, qtbot):
    qtbot.keyClick(page.panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    choose_in_combo(qtbot, form.blocks["branch_id"].editor.combo, first_branch(page))
    type_text(form.blocks["full_name"].editor.line, "Hứa Thị Xuân")
    assert page.drafts.load("members/new")["full_name"] == "Hứa Thị Xuân"

    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked() and demo.locked and not form.isVisible()
    password = window.lock_page.prompt.password
    type_text(password, DEMO_PASSWORD)
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert not window.is_locked()
    make_active(qtbot, window)

    assert page.is_showing_form() and form.isVisible()
    assert form.blocks["full_name"].editor.line.text() == "Hứa Thị Xuân"
    with qtbot.waitSignal(form.saved, timeout=3000):  # saved through the reopened store
        qtbot.keyClick(form.blocks["full_name"].editor.line, Qt.Key.Key_Return)
    assert len(stored_members(demo, "Hứa Thị Xuân")) == 1
    assert page.drafts.load("members/new") is None
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_leaving_a_changed_form_for_another_record_keeps_its_draft(page, demo, qtbot):
    first = add_member(qtbot, page, "Kiều Thị Mai", "0912 222 333")
    second = add_member(qtbot, page, "Kiều Thị Đào")
    page.open_record(first)
    form = page.form
    retype(qtbot, form.blocks["phone"].editor.line, "0977")
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.record_id == first  # Ctrl+N does not throw away what is typed
    assert page.notice.text() == "Hãy lưu (Enter) hoặc hủy (Esc) biểu mẫu đang nhập trước."

    page.open_record(second)  # e.g. a data problem clicked on the overview
    assert form.record_id == second and not form.banner.isVisible()
    page.open_record(first)
    assert form.blocks["phone"].editor.line.text() == "0977"
    assert form.banner.text() == "Đã mở lại phần đang nhập dở, chưa được lưu."
    assert form.field_message("phone").startswith("Số điện thoại Việt Nam")
    assert demo.store.get("members", first)["phone"] == "0912222333"  # nothing saved
    qtbot.keyClick(form.blocks["phone"].editor.line, Qt.Key.Key_Escape)  # Esc drops it
    page.open_record(first)
    assert form.blocks["phone"].editor.line.text() == "0912222333"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
