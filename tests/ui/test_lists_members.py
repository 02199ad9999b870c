"""The members list of a demo commune, used as a person would: open, search, filter, sort."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from db.schema import MEMBER_STATUS_LABELS
from db.text import fold, name_key
from desktop.security.session import Session
from tests.ui.conftest import type_text
from tests.ui.lists_forms_support import (
    DEMO_MEMBERS,
    choose_in_combo,
    click_header,
    click_section,
    make_demo,
    open_window,
    shown_column,
)
from ui.main_window import MainWindow
from ui.pages.table_page import TablePage


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Session]:
    session = make_demo(tmp_path_factory.mktemp("members-list"))
    yield session
    session.close()


@pytest.fixture
def window(app, qtbot, demo) -> MainWindow:
    return open_window(qtbot, demo)


@pytest.fixture
def page(window, qtbot) -> TablePage:
    click_section(qtbot, window, "Hội viên")
    members = window.pages.currentWidget()
    assert isinstance(members, TablePage) and members.table == "members"
    return members


def live_members(session: Session) -> list[tuple[str, str, str, str, str, str]]:
    """(id, name, branch name, phone, card number, status) of every live member, from SQL."""
    return session.store.db.conn.execute(
        "SELECT m.id, m.full_name, b.name, coalesce(m.phone, ''), coalesce(m.card_number, ''),"
        " m.status FROM members m JOIN branches b ON b.id = m.branch_id WHERE m.is_deleted = 0"
    ).fetchall()


def test_the_list_shows_every_member_in_vietnamese_order_by_given_name(page, demo):
    members = live_members(demo)
    assert len(members) == DEMO_MEMBERS
    assert page.model.rowCount() == DEMO_MEMBERS
    names = shown_column(page, "full_name")
    assert names == sorted((m[1] for m in members), key=name_key)
    assert page.panel.count.text() == "Đang hiển thị 300 / 300 hội viên"
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(page.model.columnCount())
        if not page.panel.table.isColumnHidden(c)
    ]
    assert headers[:5] == ["Họ và tên", "Chi hội", "Năm sinh", "Số điện thoại", "Tình trạng"]
    # Personal data beyond what the list needs starts hidden.
    for personal in ("citizen_id", "ethnicity", "religion", "address"):
        assert not page.panel.column_shown(personal)
    statuses = set(shown_column(page, "status"))
    assert statuses <= set(MEMBER_STATUS_LABELS.values())  # labels, never the stored ids
    assert all(len(year) == 4 for year in shown_column(page, "birth_date") if year)


def test_typing_nguyen_thi_finds_only_matching_members_tones_ignored(page, demo, qtbot):
    page.panel.table.setFocus()  # as after a click in the list
    qtbot.keyClick(page.panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.panel.search.hasFocus()
    type_text(page.panel.search, "nguyen thi")

    expected = [
        m[1]
        for m in live_members(demo)
        if any("nguyen thi" in fold(text) for text in (m[1], m[2], m[3], m[4]))
    ]
    assert expected, "the demo should have a Nguyễn Thị"
    names = shown_column(page, "full_name")
    assert names == sorted(expected, key=name_key)
    assert all("nguyen thi" in fold(n) for n in names)
    assert page.panel.count.text() == f"Đang hiển thị {len(names)} / 300 hội viên"

    # The same search typed with its tones finds the same women.
    page.panel.search.clear()
    type_text(page.panel.search, "Nguyễn Thị")
    assert shown_column(page, "full_name") == names
    page.panel.search.clear()
    assert page.model.rowCount() == DEMO_MEMBERS


def test_the_branch_and_status_filters_narrow_the_list(page, demo, qtbot):
    members = live_members(demo)
    branch = sorted({m[2] for m in members})[0]
    choose_in_combo(qtbot, page.panel.filters["branch_id"], branch)
    in_branch = [m for m in members if m[2] == branch]
    assert page.model.rowCount() == len(in_branch) > 0
    assert set(shown_column(page, "branch_id")) == {branch}

    choose_in_combo(qtbot, page.panel.filters["status"], "Đang sinh hoạt")
    active = [m for m in in_branch if m[5] == "active"]
    assert page.model.rowCount() == len(active)
    assert page.panel.count.text() == f"Đang hiển thị {len(active)} / 300 hội viên"

    choose_in_combo(qtbot, page.panel.filters["branch_id"], "Tất cả")
    choose_in_combo(qtbot, page.panel.filters["status"], "Tất cả")
    assert page.model.rowCount() == DEMO_MEMBERS


def test_clicking_a_heading_sorts_by_it_and_again_reverses(page, qtbot):
    click_header(qtbot, page, "Năm sinh")
    years = [y for y in shown_column(page, "birth_date") if y]
    assert years == sorted(years)
    click_header(qtbot, page, "Năm sinh")
    years = [y for y in shown_column(page, "birth_date") if y]
    assert years == sorted(years, reverse=True)
    click_header(qtbot, page, "Họ và tên")
    names = shown_column(page, "full_name")
    assert names == sorted(names, key=name_key)


def test_enter_on_a_row_opens_that_members_form(page, qtbot, demo):
    table = page.panel.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)  # the first row becomes current
    record_id = page.panel.current_record_id()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert page.is_showing_form()
    assert page.form.record_id == record_id
    stored = demo.store.get("members", record_id)
    assert page.form.blocks["full_name"].editor.line.text() == stored["full_name"]
    assert page.form.title.text() == f"Sửa hội viên: {stored['full_name']}"
    qtbot.keyClick(page.form.blocks["full_name"].editor.line, Qt.Key.Key_Escape)
    assert not page.is_showing_form()
