"""The Đồng bộ page's two tables: what «Nhận các tệp» did with each file (`ResultsTable`) and,
at a province or the centre, how each PC below reports (`DashboardTable`).

Both name a unit by its name beside its code, the name its record gives or, before a commune's
first file arrives, the administrative catalogue's (`ui.unit_info.load_unit_info`). A file's
name is in the results' last column, narrow, whole in its tooltip; the files refused or waiting
for an approval come first. Rows are as tall as the window's other lists; a table shows up to
`SHOWN_ROWS` of them before it scrolls (~100 communes at a province), no more rows than it has.
The columns carry short headers, on two lines when longer than a word or two, each with a
tooltip saying in full what it counts; the last text column takes the width that is left, so
at 1280 or 1366 pixels no header is cut, and a long reason shows whole in its cell's tooltip.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from db.store import Store
from desktop.sync.status import DeviceStatus
from desktop.sync.verdicts import ImportResult
from ui import strings
from ui.unit_info import load_unit_info
from ui.widgets.read_only_table import read_only_list

ALARM_BRUSH = QBrush(QColor("#fde2e1"))
LATE_DAYS = 30
SHOWN_ROWS = 12  # rows a table shows before it scrolls
HEADER_LINE = 10  # characters per line of a header: "Gói chưa / nhận" keeps its column narrow
FILE_COLUMN_CHARS = 22  # the results' file names: their unit code and the start of the rest
CENTRED = Qt.AlignmentFlag.AlignCenter
# What the officer must act on comes first: a file refused, a first report awaiting approval.
ACT_ON = ("rejected", "pending")


def _item(text: object, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~item.flags().ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


class SyncTable(QTableWidget):
    """A read-only list with short headers explained by their tooltips; every column as wide as
    its content but `stretch`, which takes what is left."""

    def __init__(
        self, headers: tuple[str, ...], tips: tuple[str, ...], stretch: int, centred: set[int]
    ) -> None:
        super().__init__(0, len(headers))
        self.centred = centred  # the columns of short figures, under their headers
        self.setHorizontalHeaderLabels(["\n".join(textwrap.wrap(h, HEADER_LINE)) for h in headers])
        for column, tip in enumerate(tips):
            header_item = self.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        read_only_list(self)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.fit_rows()

    def fit_rows(self) -> None:
        """As tall as its rows, up to `SHOWN_ROWS` of them (at least one row's room)."""
        rows = min(max(self.rowCount(), 1), SHOWN_ROWS)
        header = self.horizontalHeader().sizeHint().height()
        frame = 2 * self.frameWidth()
        self.setFixedHeight(header + rows * self.verticalHeader().defaultSectionSize() + frame)

    def set_row(self, row: int, cells: tuple, *, alarm: bool = False) -> None:
        for column, cell in enumerate(cells):
            text, tip = cell if isinstance(cell, tuple) else (cell, "")
            item = _item(text, tip)
            if column in self.centred:
                item.setTextAlignment(CENTRED)
            if alarm:
                item.setBackground(ALARM_BRUSH)
            self.setItem(row, column, item)


class ResultsTable(SyncTable):
    """One line per file read: the sending unit (code, name), the package's number, what became
    of it and why, the file's name."""

    def __init__(self) -> None:
        super().__init__(strings.IMPORT_COLUMNS, strings.IMPORT_COLUMN_TIPS, stretch=4, centred={2})
        header = self.horizontalHeader()
        file_column = len(strings.IMPORT_COLUMNS) - 1
        header.setSectionResizeMode(file_column, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(file_column, FILE_COLUMN_CHARS * self.fontMetrics().averageCharWidth())

    def show_result(self, store: Store, result: ImportResult) -> None:
        """The files refused or waiting first (among a hundred, they would be missed), then
        the others in the order read."""
        verdicts = sorted(result.verdicts, key=lambda v: v.status not in ACT_ON)
        self.setRowCount(len(verdicts))
        for row, verdict in enumerate(verdicts):
            if verdict.unit:
                code, name = verdict.unit, load_unit_info(store, verdict.unit).name
            else:  # refused before its sender could be read: the file tells which it is
                code, name = "", strings.IMPORT_UNKNOWN_UNIT
            file_name = verdict.path.name
            cells = (
                code,
                name,
                verdict.seq,
                strings.VERDICT_LABELS.get(verdict.status, verdict.status),
                (verdict.reason, verdict.reason),
                (file_name, file_name),
            )
            self.set_row(row, cells, alarm=verdict.status == "rejected")
        self.fit_rows()


class DashboardTable(SyncTable):
    """One line per PC below; red when it raised alarms, had rows set aside or is more than
    `LATE_DAYS` days late."""

    def __init__(self) -> None:
        last = len(strings.DASHBOARD_COLUMNS) - 1
        super().__init__(
            strings.DASHBOARD_COLUMNS,
            strings.DASHBOARD_COLUMN_TIPS,
            stretch=last,
            centred={2, 3, 5, 7},
        )

    def fill(self, store: Store, devices: list[DeviceStatus]) -> None:
        self.setRowCount(len(devices))
        numbers: dict[str, int] = {}  # a unit's PCs as "Máy 1", "Máy 2": no hex id shown
        for row, device in enumerate(devices):
            numbers[device.unit_code] = numbers.get(device.unit_code, 0) + 1
            received = device.last_received[:10]
            reasons = "\n".join(r["reason"] for r in device.quarantine_reasons)
            cells = (
                device.unit_code,
                load_unit_info(store, device.unit_code).name,
                strings.device_number(numbers[device.unit_code]),
                device.last_seq or "—",  # nothing received yet
                strings.format_day(received) if received else strings.NEVER,
                device.days_since if device.days_since >= 0 else "—",
                ", ".join(str(g) for g in device.missing[:10]),
                device.alarms,
                (strings.quarantine_cell(device.quarantined, device.quarantine_reasons), reasons),
            )
            late = device.alarms > 0 or device.quarantined > 0 or device.days_since > LATE_DAYS
            self.set_row(row, cells, alarm=late)
        self.fit_rows()
