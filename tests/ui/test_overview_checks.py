"""The overview: indicators drawn as bars against their targets, and the data problems to fix."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from db.checks import check_all
from desktop.security.session import Session
from tests.ui.lists_forms_support import make_demo, open_window, wait_for
from ui.main_window import MainWindow
from ui.models.findings_model import FindingRole
from ui.models.indicator_table_model import Column, IndicatorRole
from ui.pages import data_checks as data_checks_module
from ui.pages.overview_page import OverviewPage
from ui.pages.table_page import TablePage
from ui.widgets.indicator_bar import GAP, MET, NEUTRAL, IndicatorBarDelegate


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Session]:
    session = make_demo(tmp_path_factory.mktemp("overview"))
    # A member whose phone arrived broken (by sync, or from an older version): the write path
    # would refuse it, so it is put there behind its back.
    member = session.store.db.conn.execute(
        "SELECT id FROM members WHERE is_deleted = 0 ORDER BY id LIMIT 1"
    ).fetchone()[0]
    with session.store.db.conn:
        session.store.db.conn.execute("UPDATE members SET phone = '12' WHERE id = ?", [member])
    yield session
    session.close()


@pytest.fixture
def window(app, qtbot, demo) -> MainWindow:
    w = open_window(qtbot, demo)
    wait_for(qtbot, lambda: not w.page("overview").checking(), timeout=10_000)
    return w


def colours_in(image, x0: int, x1: int, y: int) -> set[str]:
    return {image.pixelColor(x, y).name() for x in range(x0, x1)}


def test_each_percentage_is_a_bar_with_its_target_tick(window, qtbot):
    page = window.page("overview")
    assert isinstance(page, OverviewPage)
    table = page.table
    assert isinstance(table.itemDelegateForColumn(Column.VALUE), IndicatorBarDelegate)
    image = table.viewport().grab().toImage()
    figure_width = table.fontMetrics().horizontalAdvance("100,00%")
    checked = 0
    for row in range(page.model.rowCount()):
        ind = page.model.index(row, Column.VALUE).data(IndicatorRole)
        rect = table.visualRect(page.model.index(row, Column.VALUE))
        if not rect.isValid() or rect.bottom() > image.height() or ind.kind != "percent":
            continue
        y = rect.center().y()
        bar_end = rect.right() - 10 - figure_width - GAP  # the figure is right of the bar
        seen = colours_in(image, rect.left(), bar_end + 2, y)
        if ind.value and ind.value > 5:
            fill = MET if ind.met else NEUTRAL if ind.met is None else None
            if fill is not None:
                assert fill.name() in seen, ind.id
        if ind.target is not None:
            dark = [c for c in seen if max(QColor(c).red(), QColor(c).green()) < 0x60]
            assert dark, f"{ind.id}: no target tick"
        checked += 1
    assert checked >= 3


def test_the_data_problems_are_those_of_check_all_and_open_their_record(window, demo, qtbot):
    page = window.page("overview")
    expected = check_all(demo.store.db, demo.store.unit_code)
    model = page.findings_model
    assert model.rowCount() == len(expected) > 0
    shown = {
        (model.index(r, 0).data(FindingRole).table, model.index(r, 0).data(FindingRole).id)
        for r in range(model.rowCount())
    }
    assert shown == {(f.table, f.id) for f in expected}
    first = model.index(0, 0)
    finding = first.data(FindingRole)
    assert finding.problem.severity == "error"  # errors come first
    assert finding.problem.field == "phone"
    assert first.data().startswith("Hội viên “")
    assert "Số điện thoại" in first.data()
    assert page.findings_summary.text().startswith("1 lỗi (chấm đỏ) cần sửa")

    rect = page.findings.visualRect(first)
    qtbot.mouseClick(page.findings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_section() == "members"
    members = window.pages.currentWidget()
    assert isinstance(members, TablePage) and members.is_showing_form()
    assert members.form.record_id == finding.id
    # The stored phone breaks the rule: the form says so under the field, at once.
    assert members.form.field_message("phone").startswith("Số điện thoại Việt Nam")


def test_the_overview_counts_again_after_a_change_elsewhere(window, demo, qtbot):
    page = window.page("overview")
    before = page.model.index(0, Column.DENOMINATOR).data()
    window.show_section("members")
    branch = demo.store.db.conn.execute("SELECT id FROM branches LIMIT 1").fetchone()[0]
    demo.store.save("branch_heads", {"branch_id": branch, "full_name": "Tòng Thị Phương"})
    window.show_section("overview")
    wait_for(qtbot, lambda: not page.checking(), timeout=10_000)
    heads = [
        r
        for r in range(page.model.rowCount())
        if page.model.index(r, Column.VALUE).data(IndicatorRole).id == "branch_heads_party_members"
    ]
    denominator = page.model.index(heads[0], Column.DENOMINATOR).data()
    total = demo.store.db.conn.execute(
        "SELECT count(*) FROM branch_heads WHERE is_deleted = 0"
    ).fetchone()[0]
    assert denominator == str(total)
    assert before  # the first row had figures before too
    assert any(
        page.findings_model.index(r, 0).data(FindingRole).problem.rule == "many_heads"
        for r in range(page.findings_model.rowCount())
    )


def test_asked_again_while_checking_it_runs_one_check_at_a_time(window, demo, qtbot):
    page = window.page("overview")
    qtbot.waitUntil(lambda: not page.checking(), timeout=10_000)
    snapshots = []
    taken = data_checks_module.prepare_checks

    def counting(session):
        snapshots.append(1)
        return taken(session)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("ui.pages.overview_page.prepare_checks", counting)
        for _ in range(4):  # the page shown again and again, changes saved elsewhere …
            page.check_data()
            assert page.runner.running() <= 1  # never two passes over the records at once
        qtbot.waitUntil(lambda: not page.checking(), timeout=10_000)
    assert len(snapshots) == 2  # the first, then one more for everything asked meanwhile
    expected = check_all(demo.store.db, demo.store.unit_code)
    assert page.findings_model.rowCount() == len(expected)
