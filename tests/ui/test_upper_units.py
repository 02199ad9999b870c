"""A province's window, driven as a person would: its sections, the units table (sorting,
filters, drill-down, export) and the checks across units on its overview."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt

from db.indicators import INDICATOR_IDS, LABELS, compute_indicators, format_value
from db.text import fold, text_key
from tests.ui.conftest import type_text
from tests.ui.lists_forms_support import open_window
from tests.ui.upper_support import Province, build_province
from ui.dialogs.unit_drill import UnitDrillDialog
from ui.main_window import MainWindow
from ui.models.units_table_model import (
    ALARMS,
    DAYS,
    FIXED,
    INDICATORS,
    LAST,
    MISSING,
    NAME,
    PERIOD,
)
from ui.pages import upper_checks
from ui.pages.units_page import UnitsPage
from ui.unit_info import load_unit_info
from ui.widgets.read_only_table import row_height

COMMUNE_SECTIONS = ("Hội viên", "Chi hội", "Chi hội trưởng", "Mô hình", "Kênh trực tuyến")


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Iterator[Province]:
    built = build_province(tmp_path_factory.mktemp("province"))
    yield built
    built.session.close()


@pytest.fixture
def window(app, qtbot, province) -> MainWindow:
    return open_window(qtbot, province.session)


def units_page(qtbot, window: MainWindow) -> UnitsPage:
    page = window.show_section("units_below")
    qtbot.waitUntil(lambda: not page.loading() and page.proxy.rowCount() > 0, timeout=10_000)
    return page


def column(page: UnitsPage, col: int) -> list[str]:
    return [page.proxy.index(r, col).data() for r in range(page.proxy.rowCount())]


def click_header(qtbot, page: UnitsPage, col: int) -> None:
    header = page.table.header()
    page.table.scrollTo(page.proxy.index(0, col))
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_a_province_has_no_member_pages_and_the_two_upper_sections(window):
    labels = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert labels == [
        "Tổng quan",
        "Đơn vị",
        "Cán bộ",
        "Đơn vị cấp dưới",
        "Tìm người",
        "Đồng bộ",
        "Báo cáo",
        "Nhật ký",
        "Tài khoản",  # the province's admin manages its accounts too
        "Cài đặt",
    ]
    assert not set(COMMUNE_SECTIONS) & set(labels)


def test_a_viewer_of_the_province_has_no_person_search(app, qtbot, province):
    viewer = province.viewer()
    try:
        w = open_window(qtbot, viewer)
        labels = [w.navigation.item(i).text() for i in range(w.navigation.count())]
        assert "Tìm người" not in labels and "Đơn vị cấp dưới" in labels
        # The overview's checks show a citizen ID to a viewer by its last 3 digits only.
        checks = w.page("overview").upper_checks
        qtbot.waitUntil(lambda: not checks.checking(), timeout=10_000)
        cid = province.twice["citizen_id"]
        [line] = [t for t in checks.texts() if t.startswith("Số CCCD")]
        assert cid not in line and line.startswith(f"Số CCCD •••••••••{cid[-3:]} ")
    finally:
        viewer.close()


def test_the_units_table_lists_the_catalogue_with_what_the_reported_sent(qtbot, window, province):
    page = units_page(qtbot, window)
    db = province.session.store.db
    assert column(page, 0) == province.catalogue  # every commune, in code order
    assert page.summary.text() == f"{len(province.catalogue)} đơn vị, 4 đã báo cáo."
    headers = [page.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(FIXED + 2)]
    assert headers[2] == "Lần nhận\ncuối"  # on two lines: the column stays narrow
    headers = [h.replace("\n", " ") for h in headers]
    assert headers[:FIXED] == [
        "Mã",
        "Tên đơn vị",
        "Lần nhận cuối",
        "Số ngày",
        "Gói chưa nhận",
        "Cảnh báo",
    ]
    assert headers[PERIOD] == "Chốt số liệu"  # the period chosen above the table
    tip = page.proxy.headerData(
        INDICATORS + 4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert tip == LABELS[INDICATOR_IDS[4]]
    rows = {page.proxy.index(r, 0).data(): r for r in range(page.proxy.rowCount())}
    for code in province.reported:
        r = rows[code]
        assert page.proxy.index(r, NAME).data() == load_unit_info(province.session.store, code).name
        assert re.fullmatch(r"\d\d/\d\d/\d{4}", page.proxy.index(r, LAST).data())
        assert page.proxy.index(r, DAYS).data() == "0"
        shown = [page.proxy.index(r, c).data() for c in range(INDICATORS, page.proxy.columnCount())]
        assert shown == [format_value(i) for i in compute_indicators(db, code)]
    silent = next(c for c in province.catalogue if c not in province.reported)
    assert page.proxy.index(rows[silent], LAST).data() == "Chưa gửi"
    assert page.proxy.index(rows[silent], DAYS).data() == "—"


def test_the_units_rows_are_as_tall_as_the_other_lists_and_headers_plain(qtbot, window):
    """~30-pixel rows as on every list of the window (they were a bare line of text, ~16), a
    dozen of them and more at 1366×700; plain headers, each explained by its tooltip, whole."""
    window.resize(1366, 700)
    page = units_page(qtbot, window)
    qtbot.wait(20)
    height = row_height(page.table)
    assert height >= 28
    for r in range(3):
        assert page.table.visualRect(page.proxy.index(r, NAME)).height() == height
    assert page.table.viewport().height() // height >= 12
    header = page.table.header()
    tips = {
        LAST: "Ngày nhận được gói báo cáo mới nhất của đơn vị",
        MISSING: "Số gói báo cáo đơn vị đã gửi mà chưa nhận được",
    }
    for col, tip in tips.items():
        shown = page.proxy.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert shown.startswith(tip)
    header.setSortIndicatorShown(False)
    whole = [header.sectionSizeHint(col) for col in range(FIXED + 1)]
    header.setSortIndicatorShown(True)
    for col in range(FIXED + 1):
        assert header.sectionSize(col) >= whole[col], col
    # Sorted by a column: its header has room for the arrow beside it too.
    click_header(qtbot, page, ALARMS)
    assert header.sortIndicatorSection() == ALARMS
    assert header.sectionSize(ALARMS) >= header.sectionSizeHint(ALARMS) > whole[ALARMS]


def test_sorting_by_name_the_vietnamese_way_and_by_days(qtbot, window):
    page = units_page(qtbot, window)
    click_header(qtbot, page, NAME)
    names = column(page, NAME)
    assert names == sorted(names, key=text_key) and names != sorted(names)
    click_header(qtbot, page, DAYS)
    days = column(page, DAYS)
    assert days[:4] == ["0"] * 4 and set(days[4:]) == {"—"}  # numbers first, none last


def test_filters_stale_text_and_not_met(qtbot, window, province):
    page = units_page(qtbot, window)
    qtbot.mouseClick(page.stale, Qt.MouseButton.LeftButton)
    assert page.stale.isChecked()
    silent = [c for c in province.catalogue if c not in province.reported]
    assert column(page, 0) == silent and set(column(page, LAST)) == {"Chưa gửi"}
    assert page.summary.text().endswith(f"đang hiển thị {len(silent)}.")
    qtbot.mouseClick(page.stale, Qt.MouseButton.LeftButton)
    first = province.reported[0]
    name = load_unit_info(province.session.store, first).name
    page.search.setFocus()
    typed = fold(name.split()[-1])  # the last word of its name, without tones
    assert typed != name.split()[-1].lower()
    type_text(page.search, typed)
    assert first in column(page, 0)
    assert all(typed in fold(n) for n in column(page, NAME))
    assert len(column(page, 0)) < len(province.catalogue)
    page.search.clear()
    type_text(page.search, first)
    assert column(page, 0) == [first]
    page.search.clear()
    qtbot.mouseClick(page.not_met, Qt.MouseButton.LeftButton)
    assert set(column(page, 0)) <= set(province.reported) and column(page, 0)
    # One indicator: only the units that miss that one.
    store = province.session.store
    missing = {
        code: {i.id for i in compute_indicators(store.db, code) if i.met is False}
        for code in province.reported
    }
    page.indicator.setCurrentIndex(1 + INDICATOR_IDS.index("chairs_under_45"))
    assert column(page, 0) == [c for c in province.reported if "chairs_under_45" in missing[c]]
    qtbot.mouseClick(page.not_met, Qt.MouseButton.LeftButton)
    assert len(column(page, 0)) == len(province.catalogue)


def test_double_click_opens_the_unit_with_its_reporting_state(qtbot, window, province):
    page = units_page(qtbot, window)
    index = page.proxy.index(0, NAME)
    assert index.data(0) == load_unit_info(province.session.store, province.reported[0]).name
    rect = page.table.visualRect(index)
    viewport = page.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.findChild(UnitDrillDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.reporting.text().startswith("Báo cáo: gói mới nhất nhận ngày ")
    assert "(hôm nay), không thiếu gói nào, không có cảnh báo." in dialog.reporting.text()
    assert dialog.lists["members"].total_count() == 30
    dialog.reject()


def test_export_writes_what_is_shown(qtbot, window, province, tmp_path):
    page = units_page(qtbot, window)
    qtbot.mouseClick(page.stale, Qt.MouseButton.LeftButton)
    shown = column(page, 0)
    target = tmp_path / "don-vi.xlsx"
    page.export_to(target)
    qtbot.waitUntil(lambda: page.last_export == target, timeout=10_000)
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã", "Tên đơn vị", "Lần nhận cuối")
    assert rows[0][PERIOD].startswith("Chốt số liệu kỳ ")
    assert rows[0][INDICATORS] == LABELS[INDICATOR_IDS[0]]
    assert [r[0] for r in rows[1:]] == shown
    assert page.status.text().startswith(f"Đã xuất {len(shown)} đơn vị ra tệp: ")


def test_the_overview_checks_across_units_and_names_both_communes(qtbot, window, province):
    page = window.page("overview")
    checks = page.upper_checks
    assert checks is not None and checks.isVisibleTo(page)
    assert not page.findings.isVisibleTo(page)  # no snapshot of the records below
    qtbot.waitUntil(lambda: not checks.checking(), timeout=10_000)
    store = province.session.store
    first, second = (load_unit_info(store, c).name for c in province.twice["units"])
    cid = province.twice["citizen_id"]
    texts = checks.texts()
    assert f"Số CCCD {cid} là hội viên ở 2 đơn vị: {first}, {second}" in texts
    chairless = load_unit_info(store, province.reported[3]).name
    assert f"{chairless}: chưa có cán bộ giữ chức vụ Chủ tịch" in texts
    silent = len(province.catalogue) - 4
    assert checks.summary.text() == (
        f"1 số CCCD trùng giữa các đơn vị, 1 đơn vị chưa có Chủ tịch, {silent} đơn vị chưa "
        "báo cáo lần nào."
    )
    # A click on the duplicate opens the first commune, read-only.
    row = next(i for i, t in enumerate(texts) if t.startswith("Số CCCD"))
    item = checks.findings.item(row)
    rect = checks.findings.visualItemRect(item)
    qtbot.mouseClick(checks.findings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.findChild(UnitDrillDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle().startswith(first)
    assert dialog.reporting.text().startswith("Báo cáo: gói mới nhất nhận ngày ")
    dialog.reject()


def test_the_overview_shows_the_duplicates_kept_while_no_record_changed(qtbot, window, monkeypatch):
    checks = window.page("overview").upper_checks
    assert checks is not None
    checks.run()  # computed (or kept by an earlier run at this version) and kept
    qtbot.waitUntil(lambda: not checks.checking(), timeout=10_000)
    shown = checks.texts()
    walked = []
    monkeypatch.setattr(upper_checks, "duplicate_citizens", lambda db: walked.append(db) or 1 / 0)
    checks.run()  # opened again, nothing changed: the index is not walked again
    qtbot.waitUntil(lambda: not checks.checking(), timeout=10_000)
    assert walked == [] and checks.texts() == shown


def test_the_centre_lists_34_provinces_each_opening_onto_its_communes(app, qtbot, province):
    central = province.centre()
    try:
        w = open_window(qtbot, central)
        page = units_page(qtbot, w)
        assert page.proxy.rowCount() == 34 and page.table.rootIsDecorated()
        row = column(page, 0).index(province.code)
        index = page.proxy.index(row, 0)
        assert page.proxy.index(row, LAST).data() != "Chưa gửi"
        assert page.proxy.rowCount(index) == 0  # its communes are read when it is opened
        page.table.expand(index)
        qtbot.waitUntil(lambda: page.proxy.rowCount(index) > 0, timeout=10_000)
        communes = [page.proxy.index(r, 0, index).data() for r in range(page.proxy.rowCount(index))]
        assert communes == province.catalogue
        reported = [
            page.proxy.index(r, 0, index).data()
            for r in range(page.proxy.rowCount(index))
            if page.proxy.index(r, DAYS, index).data() == "0"
        ]
        assert reported == province.reported
        w.close()
    finally:
        central.close()
