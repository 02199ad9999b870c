"""Every table's page and form, the unit's own form, and what a viewer may (not) do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from db.schema import TABLES
from db.store import unit_row_id
from desktop.installation.setup import login
from desktop.security.session import Session
from desktop.security.users import add_user
from tests.ui.conftest import type_text
from tests.ui.lists_forms_support import (
    choose_in_combo,
    focused,
    make_active,
    make_demo,
    open_window,
    retype,
    tick,
)
from ui import strings
from ui.main_window import MainWindow
from ui.pages.table_page import TablePage
from ui.pages.unit_page import UnitPage

LISTED = (
    "cadres",
    "branches",
    "branch_heads",
    "members",
    "models",
    "online_channels",
    "activities",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Session]:
    session = make_demo(tmp_path_factory.mktemp("tables"))
    yield session
    session.close()


@pytest.fixture
def window(app, qtbot, demo) -> MainWindow:
    return open_window(qtbot, demo)


def live_count(session: Session, table: str) -> int:
    return session.store.db.conn.execute(
        f"SELECT count(*) FROM [{table}] WHERE is_deleted = 0"
    ).fetchone()[0]


@pytest.mark.parametrize("table", LISTED)
def test_every_table_lists_its_records_and_opens_their_forms(window, demo, table, qtbot):
    page = window.show_section(table)
    assert isinstance(page, TablePage)
    assert page.model.rowCount() == live_count(demo, table) > 0
    noun = TABLES[table].label
    count = live_count(demo, table)
    assert page.panel.count.text() == f"Đang hiển thị {count} / {count} {noun}"
    assert page.panel.add_button.text() == f"Thêm {noun}" and page.panel.add_button.isVisible()
    record_id = page.model.record_id(0)
    page.open_record(record_id)
    assert page.is_showing_form() and page.form.record_id == record_id
    stored = demo.store.get(table, record_id)
    title = stored[TABLES[table].title_field]
    assert page.form.title.text() == f"Sửa {noun}: {title}"
    assert page.form.problems() == [] or all(p.severity == "warning" for p in page.form.problems())
    page.form.cancel()
    assert not page.is_showing_form()


def test_money_and_counts_read_the_vietnamese_way(window, demo):
    page = window.show_section("branch_heads")
    amounts = [
        page.model.index(r, page.model.columns.index("allowance_amount_vnd")).data()
        for r in range(page.model.rowCount())
    ]
    shown = [a for a in amounts if a]
    assert shown and all(a.endswith(" ₫") for a in shown)
    stored = demo.store.db.conn.execute(
        "SELECT allowance_amount_vnd FROM branch_heads WHERE allowance_amount_vnd >= 1000 "
        "AND is_deleted = 0 LIMIT 1"
    ).fetchone()[0]
    assert f"{stored:,}".replace(",", ".") + " ₫" in shown


def test_a_branch_head_with_an_allowance_and_concurrent_roles(window, demo, qtbot):
    page = window.show_section("branch_heads")
    make_active(qtbot, window)
    page.panel.table.setFocus()
    qtbot.keyClick(page.panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    combo = form.blocks["branch_id"].editor.combo
    choose_in_combo(qtbot, combo, combo.itemText(1))
    type_text(form.blocks["full_name"].editor.line, "Lục Thị Quỳnh")
    tick(qtbot, form.blocks["monthly_allowance"].editor.box)
    choose_in_combo(qtbot, form.blocks["allowance_source"].editor.combo, "Ngân sách địa phương")
    roles = form.blocks["concurrent_roles"].editor.boxes
    tick(qtbot, roles["health_collaborator"])
    tick(qtbot, roles["loan_group_leader"])
    amount = form.blocks["allowance_amount_vnd"].editor.box
    amount.setFocus()
    type_text(amount, "1500000")
    assert amount.text() == "1500000 ₫"
    with qtbot.waitSignal(form.saved, timeout=3000) as saved:
        qtbot.keyClick(amount, Qt.Key.Key_Return)
    row = demo.store.get("branch_heads", saved.args[0].id)
    assert row["monthly_allowance"] == 1 and row["allowance_source"] == "local_budget"
    assert row["allowance_amount_vnd"] == 1_500_000
    assert row["concurrent_roles"] == '["loan_group_leader", "health_collaborator"]'
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    shown_row = page.model.row_of(row["id"])
    column = page.model.columns.index("allowance_amount_vnd")
    assert page.model.index(shown_row, column).data() == "1.500.000 ₫"


def test_the_unit_page_is_the_units_own_form(window, demo, qtbot):
    page = window.show_section("unit")
    assert isinstance(page, UnitPage)
    form = page.form
    code = demo.store.unit_code
    assert form.record_id == unit_row_id(code)
    assert form.blocks["code"].editor.line.text() == code
    assert form.blocks["code"].editor.line.isReadOnly()  # a unit's code never changes
    make_active(qtbot, window)
    address = form.blocks["address"].editor.line
    before = demo.store.get("units", form.record_id)["address"]
    retype(qtbot, address, "Nhà văn hóa xã, thôn 1")
    with qtbot.waitSignal(form.saved, timeout=3000):
        qtbot.keyClick(address, Qt.Key.Key_Return)
    assert demo.store.get("units", form.record_id)["address"] == "Nhà văn hóa xã, thôn 1"
    qtbot.keyClick(address, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # In a text field Ctrl+Z undoes typing; on the page (the form's title) it undoes the save.
    form.title.setFocus()
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo.store.get("units", form.record_id)["address"] == before
    assert form.blocks["address"].editor.line.text() == before


@pytest.fixture
def viewer_window(app, qtbot, demo) -> Iterator[MainWindow]:
    add_user(demo, "xem", "xem-12345", "viewer")
    viewer = login(demo.data_dir, "xem", "xem-12345")
    try:
        yield open_window(qtbot, viewer)
    finally:
        viewer.close()


def test_a_viewer_reads_but_cannot_add_change_or_delete(viewer_window, demo, qtbot):
    page = viewer_window.show_section("members")
    make_active(qtbot, viewer_window)
    assert not page.panel.add_button.isVisible()
    page.panel.table.setFocus()
    qtbot.keyClick(page.panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not page.is_showing_form()  # Ctrl+N does nothing

    record_id = page.model.record_id(0)
    assert page.panel.select_record(record_id)
    qtbot.keyClick(page.panel.table, Qt.Key.Key_Delete)
    assert demo.store.get("members", record_id) is not None  # no question, no delete
    qtbot.keyClick(page.panel.table, Qt.Key.Key_Return)
    form = page.form
    assert page.is_showing_form() and form.read_only
    assert form.title.text().startswith("Xem hội viên: ")
    assert form.note.text() == strings.FORM_READ_ONLY_NOTE
    for button in (form.save_button, form.next_button, form.delete_button, form.cancel_button):
        assert not button.isVisible()
    assert form.close_button.isVisible()
    name = form.blocks["full_name"].editor.line
    assert name.isReadOnly()
    assert not form.blocks["branch_id"].editor.combo.isEnabled()
    assert not form.submit()
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    assert not page.is_showing_form()
    unit = viewer_window.show_section("unit")
    assert unit.form.read_only and not unit.form.save_button.isVisible()
