"""Tìm người on a province: typed without tones or as a citizen ID, results a page at a time as
the list scrolls; refused to a viewer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QAbstractSlider

from db.text import fold
from tests.ui.conftest import type_text
from tests.ui.lists_forms_support import open_window
from tests.ui.upper_support import Province, build_province
from ui.main_window import MainWindow
from ui.pages.people_page import PeoplePage
from ui.unit_info import load_unit_info


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Iterator[Province]:
    built = build_province(tmp_path_factory.mktemp("province"))
    yield built
    built.session.close()


@pytest.fixture
def window(app, qtbot, province) -> MainWindow:
    return open_window(qtbot, province.session)


def search(qtbot, page: PeoplePage, text: str) -> None:
    page.search.setFocus()
    type_text(page.search, text)
    assert page.model.query() != text.strip()  # nothing asked while typing: the debounce
    qtbot.waitUntil(lambda: page.model.query() == text.strip(), timeout=3000)
    qtbot.waitUntil(lambda: not page.model.fetching(), timeout=10_000)


def rows(page: PeoplePage) -> list[list[str]]:
    model = page.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_a_name_typed_without_tones_finds_the_member_with_where_she_is(qtbot, window, province):
    page = window.show_section("people")
    assert isinstance(page, PeoplePage)
    store = province.session.store
    name, unit, branch = store.db.execute(
        "SELECT m.full_name, m.unit_code, b.name FROM members m JOIN branches b "
        "ON b.id = m.branch_id WHERE m.unit_code = ? AND m.status = 'active' "
        "ORDER BY m.rowid DESC LIMIT 1",
        [province.reported[2]],
    ).fetchone()
    typed = fold(name)
    assert typed != name.lower()
    search(qtbot, page, typed)
    found = [r for r in rows(page) if r[0] == name and r[3] == load_unit_info(store, unit).name]
    assert found and found[0] == [name, "Hội viên", branch, found[0][3], "Đang sinh hoạt"]
    assert all(fold(r[0]).startswith(typed) or typed in fold(r[0]) for r in rows(page))
    assert page.summary.text() == f"Tìm thấy {len(rows(page))} người."


def test_a_citizen_id_finds_the_member_registered_in_two_communes(qtbot, window, province):
    page = window.show_section("people")
    search(qtbot, page, province.twice["citizen_id"])
    store = province.session.store
    units = sorted(load_unit_info(store, c).name for c in province.twice["units"])
    assert {r[0] for r in rows(page)} == {province.twice["full_name"]}
    members = [r for r in rows(page) if r[1] == "Hội viên"]  # she may also head a branch
    assert sorted(r[3] for r in members) == units


def test_more_results_are_fetched_a_page_at_a_time_when_scrolled(qtbot, window, province):
    page = window.show_section("people")
    page.model.page_size = 3
    page.table.setFixedHeight(90)  # a few lines: the view does not fill itself at once
    # The two first letters of given names that most people of the province share.
    names_below = [
        fold(r[0])
        for r in province.session.store.db.execute(
            "SELECT full_name FROM members WHERE is_deleted = 0"
        )
    ]
    starts = Counter(n.rsplit(" ", 1)[-1][:2] for n in names_below)
    prefix, _ = starts.most_common(1)[0]
    everyone = sum(n.rsplit(" ", 1)[-1].startswith(prefix) for n in names_below)
    assert everyone > 6
    search(qtbot, page, prefix)
    first = page.model.rowCount()
    assert 3 <= first < everyone and page.model.more()
    assert page.summary.text().endswith("kéo xuống để xem thêm.")
    bar = page.table.verticalScrollBar()
    for _ in range(40):  # drag the scroll bar to the end, again and again, as a person would
        bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)
        qtbot.waitUntil(lambda: not page.model.fetching(), timeout=10_000)
        if not page.model.more():
            break
    names = [r[0] for r in rows(page)]
    assert not page.model.more() and page.model.rowCount() >= everyone > first
    assert all(fold(n).rsplit(" ", 1)[-1].startswith(prefix) for n in names)
    ids = [page.model.person(r).id for r in range(page.model.rowCount())]
    assert len(ids) == len(set(ids))  # each person once over the pages


def test_a_viewer_who_reaches_the_search_is_told_no(app, qtbot, province):
    viewer = province.viewer()
    try:
        page = PeoplePage(viewer)
        qtbot.addWidget(page)
        page.show()
        search(qtbot, page, "nguyen")
        assert page.model.rowCount() == 0
        assert page.summary.text().startswith("Chưa tìm được: Tài khoản “xem” (")
        assert "không được" in page.summary.text()
    finally:
        viewer.close()
