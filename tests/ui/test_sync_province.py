"""The Đồng bộ page of a province with many communes, at 1366×700, as its officer sees it: the
communes by name before and after their first files, tables tall enough to read a dozen of
them, no header cut, and a plain message when the stick goes up with the communes' files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QScrollArea, QTableWidget

from desktop.demo.nation import pick_provinces, upper_levels, write_packages
from desktop.security.session import Session
from desktop.sync.importer import import_paths
from desktop.units.catalogue import name_of
from tests.ui.lists_forms_support import open_window
from ui import strings
from ui.main_window import MainWindow
from ui.pages.sync_page import SyncPage
from ui.pages.sync_tables import SHOWN_ROWS
from ui.unit_info import load_unit_info
from ui.widgets.read_only_table import row_height

COMMUNES = 15
SCREEN = QSize(1366, 700)  # 1366×768 less a title bar and a task bar


@dataclass
class Province:
    session: Session
    stick: Path  # the communes' first files, and one file nobody could have sent
    codes: list[str]


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Province]:
    root = tmp_path_factory.mktemp("sync-province")
    (code,) = pick_provinces(1, COMMUNES)
    sessions = upper_levels(root / "units", [code], "mat-khau-dong-bo")
    sessions["TW"].close()
    session = sessions[code]
    stick = root / "usb"
    paths = list(write_packages(session, stick, communes=COMMUNES, members=3))
    (stick / "hong.sohoi").write_bytes(b"not a package")
    yield Province(session, stick, sorted(p.name.split("_")[0] for p in paths))
    session.close()


def sync_page(qtbot, session: Session) -> tuple[MainWindow, SyncPage]:
    window = open_window(qtbot, session)
    window.resize(SCREEN)
    page = window.show_section("sync")
    assert isinstance(page, SyncPage)
    qtbot.wait(20)
    return window, page


def column(table: QTableWidget, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def assert_readable(qtbot, table: QTableWidget) -> None:
    """A dozen rows seen at once, as tall as the other lists' rows; every header whole, its
    full meaning in its tooltip; nothing wider than the page at 1366 pixels."""
    rows = table.verticalHeader()
    assert rows.defaultSectionSize() == row_height(table)
    assert table.rowHeight(0) == row_height(table)
    shown = table.viewport().height() // row_height(table)
    assert shown >= min(table.rowCount(), SHOWN_ROWS) >= 12
    header = table.horizontalHeader()
    scroll = table.horizontalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() == 0)  # every column in the width
    for c in range(table.columnCount()):
        label = table.horizontalHeaderItem(c)
        assert label is not None and label.toolTip()
        assert header.sectionSize(c) >= header.sectionSizeHint(c), label.text()


def test_the_communes_are_named_before_and_after_their_first_files(app, qtbot, province):
    store = province.session.store
    window, page = sync_page(qtbot, province.session)
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    # Enrolled, nothing received yet: the catalogue's names, not their codes twice.
    dashboard = page.dashboard
    assert column(dashboard, 0) == province.codes
    assert column(dashboard, 1) == [name_of(c) for c in province.codes]
    assert all(name.startswith("Hội LHPN ") for name in column(dashboard, 1))
    assert set(column(dashboard, 3)) == {"—"} and set(column(dashboard, 4)) == {strings.NEVER}

    page.set_folder(province.stick)
    result = page.receive()
    assert result is not None
    results = page.results
    assert results.rowCount() == COMMUNES + 1
    by_code = {results.item(r, 0).text(): r for r in range(results.rowCount())}
    for code in province.codes:
        r = by_code[code]
        name = load_unit_info(store, code).name
        assert results.item(r, 1).text() == name and name != code
        assert results.item(r, 3).text() == "Đã nhận"
        assert results.item(r, 5).text().startswith(f"{code}_")  # the file, last
        assert results.item(r, 5).toolTip() == results.item(r, 5).text()
    # A file refused before its sender could be read: said so, never a blank or an id.
    bad = by_code[""]
    assert bad == 0  # first: among a hundred files it would be missed at the bottom
    assert results.item(bad, 1).text() == strings.IMPORT_UNKNOWN_UNIT
    assert results.item(bad, 3).text() == "Từ chối" and results.item(bad, 4).text()
    assert results.item(bad, 4).toolTip() == results.item(bad, 4).text()
    assert results.item(bad, 5).text() == "hong.sohoi"
    assert strings.IMPORT_COLUMNS[0] == "Mã" and strings.IMPORT_COLUMNS[-1] == "Tệp"

    assert column(dashboard, 1) == [load_unit_info(store, c).name for c in province.codes]
    qtbot.wait(50)  # the page laid out again around the tables' new heights
    for table in (results, dashboard):
        table.scrollTo(table.model().index(0, 0))
        assert_readable(qtbot, table)
    qtbot.waitUntil(lambda: scroll.widget().width() <= scroll.viewport().width())
    window.grab().save(str(province.stick.parent / "dong-bo.png"))
    window.close()


def test_the_stick_up_says_how_many_communes_files_it_carries(app, qtbot, province, tmp_path):
    import_paths(province.session, [province.stick])  # run alone: the files received first
    window, page = sync_page(qtbot, province.session)
    for button in (page.send_button, page.receive_button):  # the page's two main actions
        assert button.objectName() == "primaryButton"
    page.set_folder(tmp_path)
    written = page.send()
    assert len(written) == COMMUNES + 1
    text = page.notice.text()
    assert text.startswith("Đã ghi tệp của đơn vị (")
    assert text.endswith(
        f"thay đổi) và {COMMUNES} tệp của các cơ sở chuyển lên. Có thể rút USB an toàn."
    )
    assert ".sohoi" not in text and "_" not in text  # no wall of file names
    window.close()


def test_the_send_message_names_a_communes_one_file_and_counts_a_provinces(app) -> None:
    one = strings.export_done(["06076_ab_000003.sohoi"], 12)
    assert one == "Đã ghi 1 tệp (12 thay đổi): 06076_ab_000003.sohoi. Có thể rút USB an toàn."
    many = strings.export_done([f"{n:05d}_ab_000001.sohoi" for n in range(20)], 1234, 19)
    assert many == (
        "Đã ghi tệp của đơn vị (1.234 thay đổi) và 19 tệp của các cơ sở chuyển lên. "
        "Có thể rút USB an toàn."
    )
    nothing_own = strings.export_done(["a", "b"], 0, 1)
    assert nothing_own.startswith("Đã ghi tệp của đơn vị (không có thay đổi mới) và 1 tệp ")
