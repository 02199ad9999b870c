"""Reporting periods in the window of a province and of the centre: the overview's line counts
the communes that closed, lists those that have not, and the province's own close warns of them
by name and waits for a tick; the units page shows each unit's state for the period chosen and
filters those not closed; the centre's admin declares a period, and a bad one is refused in
Vietnamese with nothing stored.

Built on the enrolled world of the sync tests (tests/desktop/sync_helpers.py): commune 06001
closes "6 tháng đầu năm 2026" on time, 06002 closes it late, both send their packages to
province 20; the province's other communes (the catalogue's) have sent nothing.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from db.periods import Period, declared_periods, snapshots
from desktop.periods.closing import close_period, upper_summary
from desktop.sync.export import export_up
from tests.desktop.sync_helpers import (  # noqa: F401  (fixtures)
    add_members,
    import_files,
    template,
    world,
)
from tests.ui.conftest import type_text
from tests.ui.lists_forms_support import open_window
from tests.ui.test_no_field_ids import ids_shown, visible_texts
from ui.dialogs.declare_period import DeclarePeriodDialog
from ui.dialogs.period_dialogs import PeriodsDialog
from ui.dialogs.upper_period_dialogs import NotClosedDialog, UpperClosePeriodDialog
from ui.models.units_table_model import NAME, PERIOD
from ui.pages.audit_page import action_label
from ui.pages.overview_page import OverviewPage
from ui.pages.units_page import UnitsPage

TODAY = date(2026, 7, 10)
SCREEN_HEIGHT = 700


@pytest.fixture
def w(world, tmp_path):  # noqa: F811
    """06001 closed on time, 06002 late (after the due date, 15/07), both received at 20."""
    for code in ("TW", "20", "21", "06001", "06002"):
        world[code].store.today = lambda: TODAY
    add_members(world["06001"], 3)
    add_members(world["06002"], 2)
    close_period(world["06001"], "2026-H1")
    world["06002"].store.today = lambda: date(2026, 7, 20)
    close_period(world["06002"], "2026-H1")
    for code in ("06001", "06002"):
        sent = export_up(world[code], tmp_path / f"up-{code}").paths
        assert import_files(world["20"], *sent).ok
    return world


def _overview(qtbot, session) -> OverviewPage:
    page = OverviewPage(session)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.checking(), timeout=10_000)
    return page


def _units(qtbot, session) -> UnitsPage:
    window = open_window(qtbot, session)
    page = window.show_section("units_below")
    assert isinstance(page, UnitsPage)
    qtbot.waitUntil(lambda: not page.loading() and page.proxy.rowCount() > 0, timeout=10_000)
    return page


def _column(page: UnitsPage, col: int) -> dict[str, str]:
    return {
        page.proxy.index(r, 0).data(): page.proxy.index(r, col).data()
        for r in range(page.proxy.rowCount())
    }


def test_the_province_overview_counts_lists_and_closes_with_a_warning(app, qtbot, w):
    province = w["20"]
    communes = len(upper_summary(province, "2026-H1").communes)
    assert communes >= 65
    page = _overview(qtbot, province)
    panel = page.period
    assert panel.line.text() == (
        "Kỳ báo cáo: 6 tháng đầu năm 2026 — số liệu đến 30/06/2026, hạn 15/07/2026\n"
        f"Đã chốt: 2/{communes} cơ sở · Số liệu của tỉnh: Chưa chốt"
    )
    assert panel.missing_button.isVisible() and panel.missing_button.isEnabled()
    assert panel.close_button.isVisible() and panel.close_button.isEnabled()

    # The communes not closed: every one of the catalogue but the two, sortable, copyable.
    listing = panel.show_not_closed()
    assert isinstance(listing, NotClosedDialog)
    rows = listing.texts()
    codes = [r[0] for r in rows]
    assert len(rows) == communes - 2 and codes == sorted(codes)
    assert "06001" not in codes and "06002" not in codes
    listing.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    assert [r[0] for r in listing.texts()] != codes  # by name now, the Vietnamese way
    copied = listing.copy()
    assert QApplication.clipboard().text() == copied
    lines = copied.splitlines()
    assert lines[0] == "Mã\tTên cơ sở\tĐã gửi dữ liệu" and len(lines) == communes - 2 + 1
    # Those that never sent a file are told apart from those that sent and did not close.
    sent = {r[0]: r[2] for r in rows}
    assert set(sent.values()) <= {"Đã gửi, chưa chốt", "Chưa gửi lần nào"}
    assert listing.status.text() == f"Đã chép {communes - 2} cơ sở; dán (Ctrl+V) vào nơi cần gửi."
    listing.accept()

    # The close: the sums of the two, the others named, and a tick before "Chốt số liệu".
    dialog = panel.ask_close()
    assert isinstance(dialog, UpperClosePeriodDialog)
    missing = communes - 2
    first = sorted(u.name for u in upper_summary(province, "2026-H1").not_closed)
    warning = dialog.warning.text()
    assert warning.startswith(f"{missing} cơ sở chưa chốt, số liệu của họ không có trong tổng: "), (
        warning
    )
    assert f"… và {missing - 8} cơ sở nữa." in warning
    assert dialog.warning.isVisible() and dialog.acknowledge.isVisible()
    named = warning.split(": ", 1)[1].split(" … ")[0].split(", ")
    assert len(named) == 8 and set(named) <= set(first)
    cells = [
        [dialog.figures.item(r, c).text() for c in range(4)]
        for r in range(dialog.figures.rowCount())
    ]
    assert ["Số hội viên (mọi tình trạng)", "5", "", ""] in cells  # 3 + 2, the closed figures
    assert f"2/{communes} cơ sở" in dialog.intro.text()
    assert dialog.height() <= SCREEN_HEIGHT and dialog.minimumSizeHint().height() <= SCREEN_HEIGHT
    assert not ids_shown(visible_texts(dialog))
    assert not dialog.confirm.isEnabled()
    dialog.submit()  # even forced, nothing before the tick
    assert dialog.isVisible() and snapshots(province.store.db, unit_code="20") == []
    qtbot.mouseClick(dialog.acknowledge, Qt.MouseButton.LeftButton)
    assert dialog.confirm.isEnabled()
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (snap,) = snapshots(province.store.db, unit_code="20")
    assert snap.figures["counts"]["members"] == 5
    assert len(snap.figures["not_closed"]) == missing
    assert {"06001", "06002"}.isdisjoint(snap.figures["not_closed"])
    assert panel.line.text().endswith("· Số liệu của tỉnh: Đã chốt")
    assert panel.reopen_button.isVisible() and not panel.close_button.isVisible()

    # Reopened with a reason, as at a commune.
    reopen = panel.ask_reopen()
    type_text(reopen.reason, "Chờ các xã còn lại")
    qtbot.mouseClick(reopen.confirm, Qt.MouseButton.LeftButton)
    assert not reopen.isVisible()
    assert panel.line.text().endswith("· Số liệu của tỉnh: Chưa chốt")
    assert snapshots(province.store.db, unit_code="20")[0].reopen_reason == "Chờ các xã còn lại"


def test_before_the_cut_off_the_province_cannot_close(app, qtbot, w):
    w["20"].store.today = lambda: date(2026, 6, 20)
    page = _overview(qtbot, w["20"])
    panel = page.period
    assert "(chốt được từ 30/06/2026)" in panel.line.text()
    assert panel.close_button.isVisible() and not panel.close_button.isEnabled()


def test_the_units_page_shows_each_communes_state_and_filters_those_not_closed(app, qtbot, w):
    page = _units(qtbot, w["20"])
    assert page.period_choice.currentText() == "6 tháng đầu năm 2026"  # the current period
    states = _column(page, PERIOD)
    communes = len(upper_summary(w["20"], "2026-H1").communes)
    assert (states["06001"], states["06002"]) == ("Đã chốt", "Chốt muộn")
    assert set(states.values()) == {"Đã chốt", "Chốt muộn", "Chưa chốt"}
    assert list(states.values()).count("Chưa chốt") == communes - 2
    assert page.period_progress.text() == f"Đã chốt: 2/{communes} cơ sở"
    late = page.proxy.index(list(states).index("06002"), PERIOD)
    assert late.data(Qt.ItemDataRole.ToolTipRole) == "Chốt ngày 20/07/2026"

    qtbot.mouseClick(page.not_closed, Qt.MouseButton.LeftButton)
    shown = _column(page, PERIOD)
    assert len(shown) == communes - 2 and set(shown.values()) == {"Chưa chốt"}
    assert page.summary.text().endswith(f"đang hiển thị {communes - 2}.")

    # Another period: nobody closed it, every unit is shown again under the filter.
    page.choose_period("2025-Y")
    qtbot.waitUntil(lambda: not page.loading(), timeout=10_000)
    assert page.model.period is not None and page.model.period.id == "2025-Y"
    assert len(_column(page, PERIOD)) == page.model.rowCount()
    assert page.period_progress.text() == f"Đã chốt: 0/{communes} cơ sở"
    qtbot.mouseClick(page.not_closed, Qt.MouseButton.LeftButton)
    page.choose_period("2026-H1")
    qtbot.waitUntil(lambda: not page.loading(), timeout=10_000)

    # Sorted by the period's column: those not closed first, then late, then on time.
    page.table.sortByColumn(PERIOD, Qt.SortOrder.AscendingOrder)
    order = list(_column(page, PERIOD).values())
    assert order[-2:] == ["Chốt muộn", "Đã chốt"] and set(order[:-2]) == {"Chưa chốt"}
    assert not ids_shown(visible_texts(page))


def test_the_centre_tallies_provinces_and_its_admin_declares_a_period(app, qtbot, w, tmp_path):
    close_period(w["20"], "2026-H1")
    assert import_files(w["TW"], *export_up(w["20"], tmp_path / "up-20").paths).ok
    centre = w["TW"]
    summary = upper_summary(centre, "2026-H1")
    by_code = {u.code: u for u in summary.below}
    thai = by_code["20"]
    other = next(u for u in summary.below if u.code != "20" and u.communes)

    page = _units(qtbot, centre)
    states = _column(page, PERIOD)
    assert states["20"] == f"Đã chốt · 2/{thai.communes} cơ sở"
    assert states[other.code] == f"Chưa chốt · 0/{other.communes} cơ sở"
    # A province opened: its communes, each with its own state.
    index = page.proxy.index(list(states).index("20"), 0)
    page.table.expand(index)
    qtbot.waitUntil(lambda: page.proxy.rowCount(index) > 0, timeout=10_000)
    below = {
        page.proxy.index(r, 0, index).data(): page.proxy.index(r, PERIOD, index).data()
        for r in range(page.proxy.rowCount(index))
    }
    assert (below["06001"], below["06002"]) == ("Đã chốt", "Chốt muộn")
    assert list(below.values()).count("Chưa chốt") == len(below) - 2
    provinces = len([u for u in summary.below if u.communes])
    overview = _overview(qtbot, centre)
    assert (
        f"Đã chốt: 2/{len(summary.communes):,} cơ sở (1/{provinces} tỉnh)".replace(",", ".")
        in overview.period.line.text()
    )
    missing = overview.period.show_not_closed()
    assert missing.model.headers == ("Mã", "Tên cơ sở", "Đã gửi dữ liệu", "Thuộc tỉnh")
    assert len(missing.texts()) == len(summary.communes) - 2
    missing.accept()

    listing = overview.period.show_periods()
    assert isinstance(listing, PeriodsDialog) and listing.declare_button.isVisible()
    dialog = listing.declare()
    assert isinstance(dialog, DeclarePeriodDialog)
    type_text(dialog.period_id, "Kỳ 3")
    type_text(dialog.name, "Khảo sát tháng 9/2026")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text().startswith("Mã kỳ chỉ gồm chữ cái không dấu")
    dialog.period_id.clear()
    type_text(dialog.period_id, "2026-KS")
    dialog.cut_off.setDate(QDate(2026, 9, 30))
    dialog.due.setDate(QDate(2026, 9, 1))
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Hạn nộp báo cáo phải từ ngày chốt số liệu trở đi."
    assert declared_periods(centre.store.db) == []
    assert dialog.cut_off.text() == "30/09/2026"  # the Vietnamese order
    dialog.due.setDate(QDate(2026, 10, 10))
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    survey = Period("2026-KS", "Khảo sát tháng 9/2026", date(2026, 9, 30), date(2026, 10, 10))
    assert declared_periods(centre.store.db) == [survey]
    assert "gửi xuống cấp dưới lần tới" in listing.notice.text()
    upcoming = listing.texts()[0]
    assert upcoming[:4] == [
        "Khảo sát tháng 9/2026",
        "30/09/2026",
        "10/10/2026",
        "Chưa đến ngày chốt",
    ]
    assert not ids_shown(visible_texts(listing))
    listing.accept()
    assert action_label("period_declare") == "Khai báo kỳ báo cáo"  # the Nhật ký page's words


def test_only_the_centres_admin_may_declare(app, qtbot, w):
    page = _overview(qtbot, w["20"])
    listing = page.period.show_periods()
    assert not listing.declare_button.isVisible() and listing.declare() is None
    rows = {r[0]: r for r in listing.texts()}
    communes = len(upper_summary(w["20"], "2026-H1").communes)
    assert rows["6 tháng đầu năm 2026"][4] == f"2/{communes}"  # communes closed, per period
    listing.accept()


def test_the_list_tells_who_sent_data_and_did_not_close_from_who_never_sent(
    app, qtbot, w, tmp_path
):
    from desktop.periods.closing import reopen_period

    reopen_period(w["06002"], "2026-H1", "Sửa số chi hội")
    assert import_files(w["20"], *export_up(w["06002"], tmp_path / "again").paths).ok
    page = _overview(qtbot, w["20"])
    panel = page.period
    listing = panel.show_not_closed()
    sent = {r[0]: r[2] for r in listing.texts()}
    assert sent["06002"] == "Đã gửi, chưa chốt"
    never = [code for code, text in sent.items() if text == "Chưa gửi lần nào"]
    assert len(never) == len(sent) - 1 and "06001" not in sent
    listing.accept()
    close = panel.ask_close()
    assert isinstance(close, UpperClosePeriodDialog)
    warning = close.warning.text()
    assert warning.startswith(f"{len(sent)} cơ sở chưa chốt")
    assert "Hội LHPN xã Phúc Xuân" in warning.split(":")[1].split(",")[0]  # named first
    assert f"Trong đó {len(never)} cơ sở chưa gửi dữ liệu lần nào." in warning
    close.reject()
