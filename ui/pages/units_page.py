"""Đơn vị cấp dưới: the units below a province or the centre, side by side.

One line per unit (`desktop.units.table.units_table`): when it last reported, what is missing,
whether it closed the reporting period chosen above the table (the current one at first), and
every indicator against its target. Loaded in the background on a private connection
(ui/task_store.py), so the window never waits; at the centre each province opens onto its
communes, loaded when opened. The period's states are read once per period chosen, for every
unit below at once (`desktop.periods.summary.period_progress`), never per row. Sort by any
column (click its header), filter by what needs a look ("Chưa chốt kỳ này" among them), export
what is shown to Excel, double click a unit to see it (ui/dialogs/unit_drill.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from db.indicators import INDICATOR_IDS, LABELS
from db.periods import Period
from desktop.periods.closing import current_view, period_views
from desktop.periods.summary import PeriodProgress, period_progress
from desktop.security.session import Session
from desktop.units.export import write_units_xlsx
from desktop.units.table import UnitRow, units_table
from ui import strings
from ui.dialogs.files import pick_save_path
from ui.dialogs.unit_drill import UnitDrillDialog
from ui.models.units_table_model import (
    INDICATORS,
    ExportRole,
    UnitsFilterModel,
    UnitsTableModel,
)
from ui.pages import Page
from ui.task_runner import TaskRunner
from ui.task_store import TaskStore
from ui.widgets.read_only_table import list_rows

# Widths in characters of the window's font: the figures, the dates and the headers fit.
FIXED_COLUMN_CHARS = (7, 30, 11, 8, 10, 9)
INDICATOR_COLUMN_CHARS = 15
PERIOD_COLUMN_CHARS = (12, 24)  # a commune's state; a province's with its communes (centre)
CELL_PADDING = 14  # the room style.qss gives a cell on either side


class UnitsPage(Page):
    """The units directly below the session's unit (a province's communes, the centre's
    provinces), with filters, sorting, export and drill-down."""

    def __init__(self, session: Session, level: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitsPage")
        self.session = session
        self.central = level == "central"
        self.runner = TaskRunner(self)
        self._loading = 0
        self._version: int | None = None
        self.last_export: Path | None = None

        heading = QLabel(strings.UNITS_HEADING)
        heading.setObjectName("pageTitle")
        self.summary = QLabel(strings.UNITS_LOADING)
        self.summary.setObjectName("note")
        self.periods: dict[str, Period] = {}
        self.period_choice = QComboBox()
        self.period_choice.setObjectName("periodChoice")
        self.period_choice.setAccessibleName(strings.PERIOD_CHOOSER)
        period_label = QLabel(strings.PERIOD_CHOOSER)
        period_label.setBuddy(self.period_choice)
        self.not_closed = QCheckBox(strings.FILTER_NOT_CLOSED)
        self.period_progress = QLabel()
        self.period_progress.setObjectName("note")
        # The widest it says at the centre, so the row never cuts it: the summary gives way.
        self.period_progress.setMinimumWidth(
            self.period_progress.fontMetrics().horizontalAdvance(
                strings.units_period_progress(3321, 3321)
            )
            + 8
        )
        self.summary.setWordWrap(True)
        self.summary.setMinimumWidth(120)
        top = QHBoxLayout()
        top.addWidget(self.summary, stretch=1)
        top.addWidget(period_label)
        top.addWidget(self.period_choice)
        top.addSpacing(8)
        top.addWidget(self.not_closed)
        top.addSpacing(8)
        top.addWidget(self.period_progress)

        self.search = QLineEdit()
        self.search.setObjectName("unitsSearch")
        self.search.setPlaceholderText(strings.UNITS_SEARCH)
        self.search.setClearButtonEnabled(True)
        self.search_box = self.search
        self.add_shortcut("Ctrl+F", self.focus_search)
        self.not_met = QCheckBox(strings.FILTER_NOT_MET)
        self.indicator = QComboBox()
        self.indicator.addItem(strings.FILTER_ANY_INDICATOR, None)
        for ind_id in INDICATOR_IDS:
            self.indicator.addItem(LABELS[ind_id], ind_id)
        self.indicator.setEnabled(False)
        self.indicator.setMaximumWidth(320)
        self.stale = QCheckBox(strings.FILTER_STALE)
        self.export_button = QPushButton(strings.UNITS_EXPORT)
        self.export_button.setObjectName("secondaryButton")
        self.export_button.setToolTip(strings.UNITS_EXPORT_TIP)
        filters = QHBoxLayout()
        filters.addWidget(self.search, stretch=1)
        filters.addWidget(self.not_met)
        filters.addWidget(self.indicator)
        filters.addWidget(self.stale)
        filters.addWidget(self.export_button)

        self.model = UnitsTableModel(self)
        self.proxy = UnitsFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTreeView()
        self.table.setObjectName("unitsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        list_rows(self.table)  # as tall as the other lists' rows, not a line of text each
        self.table.setRootIsDecorated(self.central)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setExpandsOnDoubleClick(False)  # a double click opens the unit
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(40)
        header.sortIndicatorChanged.connect(lambda column, _order: self._sorted(column))
        self._size_columns()

        note = QLabel(
            strings.UNITS_NOTE + (" " + strings.UNITS_CENTRAL_NOTE if self.central else "")
        )
        note.setObjectName("note")
        note.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("note")
        self.status.setWordWrap(True)
        self.status.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(note)
        layout.addWidget(self.status)

        self.search.textChanged.connect(self._filter_text)
        self.not_met.toggled.connect(self._filter_not_met)
        self.indicator.currentIndexChanged.connect(self._filter_indicator)
        self.stale.toggled.connect(lambda on: self._apply(stale_only=on))
        self.not_closed.toggled.connect(lambda on: self._apply(not_closed_only=on))
        self.period_choice.currentIndexChanged.connect(lambda _i: self._read_period())
        self.export_button.clicked.connect(self.choose_export)
        self.table.doubleClicked.connect(self.open_unit)
        self.model.children_wanted.connect(self._load_children)
        self.refresh()

    def _size_columns(self) -> None:
        """Each column as wide as its values and its header (wrapped: the model's `header_text`);
        the column sorted by also has its arrow's room (`_sorted`)."""
        char = self.table.fontMetrics().averageCharWidth()
        chars = [*FIXED_COLUMN_CHARS, PERIOD_COLUMN_CHARS[self.central]]
        header = self.table.header()
        header.setSortIndicatorShown(False)  # the headers' own widths, without the arrow
        for column in range(self.model.columnCount()):
            if column < INDICATORS:  # the fixed columns, then the period's
                width = chars[column] * char + CELL_PADDING + 2
            else:
                width = INDICATOR_COLUMN_CHARS * char + 16
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        header.setSortIndicatorShown(True)
        self._sorted(header.sortIndicatorSection())

    def _sorted(self, column: int) -> None:
        """The column sorted by wide enough for its header and the arrow beside it."""
        if column >= 0:
            width = self.table.header().sectionSizeHint(column)
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), width))

    # -- loading ---------------------------------------------------------------------------

    def loading(self) -> bool:
        """Whether a part of the table is still being read."""
        return self._loading > 0

    def refresh(self) -> None:
        """Read the units below again, and the chosen period's states, in the background."""
        store = self.session.store
        self._version = store.db_version
        self._read(store.unit_code or "", self._loaded)
        self._list_periods()
        self._read_period()

    def _list_periods(self) -> None:
        """The periods to choose from, newest first; the one chosen stays, the current one at
        first."""
        views = period_views(self.session)
        chosen = self.period_choice.currentData() or current_view(self.session).period.id
        self.periods = {v.period.id: v.period for v in views}
        self.period_choice.blockSignals(True)
        self.period_choice.clear()
        for v in reversed(views):
            self.period_choice.addItem(v.period.name, v.period.id)
        self.period_choice.setCurrentIndex(max(0, self.period_choice.findData(chosen)))
        self.period_choice.blockSignals(False)

    def choose_period(self, period_id: str) -> None:
        """Show the states of period `period_id` (as picking it in the drop-down does)."""
        self.period_choice.setCurrentIndex(self.period_choice.findData(period_id))

    def _read_period(self) -> None:
        """Who below has closed the chosen period: read once for every unit, in the
        background."""
        period = self.periods.get(self.period_choice.currentData())
        if period is None:
            return
        task_store = TaskStore(self.session)
        root = self.session.store.unit_code or ""
        self._loading += 1

        def read(_progress: Any, _cancelled: Any) -> PeriodProgress:
            with task_store as store:
                return period_progress(store.db, root, period)

        def finished(progress: PeriodProgress) -> None:
            self._loading -= 1
            if progress.period.id == self.period_choice.currentData():  # not chosen since
                self._period_loaded(progress)

        def failed(exc: BaseException) -> None:
            self._loading -= 1
            self.period_progress.setText(strings.units_load_failed(str(exc)))

        self.runner.start(read, on_done=finished, on_failed=failed)

    def _period_loaded(self, progress: PeriodProgress) -> None:
        self.model.set_period(progress)
        self.period_progress.setText(
            strings.units_period_progress(progress.closed, len(progress.communes))
        )
        self._apply()  # "Chưa chốt kỳ này" waits for the states

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Packages received on the sync page since the table was read: read it again.
        if not self.session.locked and self.session.store.db_version != self._version:
            self.refresh()

    def _read(self, root: str, done: Any) -> None:
        task_store = TaskStore(self.session)
        self._loading += 1

        def read(_progress: Any, _cancelled: Any) -> list[UnitRow]:
            with task_store as store:
                return units_table(store.db, root, today=store.today())

        def finished(result: Any) -> None:
            self._loading -= 1
            done(result)

        def failed(exc: BaseException) -> None:
            self._loading -= 1
            self.summary.setText(strings.units_load_failed(str(exc)))

        self.runner.start(read, on_done=finished, on_failed=failed)

    def _loaded(self, rows: list[UnitRow]) -> None:
        self.model.set_rows(rows, expandable=self.central)
        self._size_columns()
        self._show_summary()

    def _load_children(self, code: str) -> None:
        self._read(code, lambda rows: self._children_loaded(code, rows))

    def _children_loaded(self, code: str, rows: list[UnitRow]) -> None:
        self.model.set_children(code, rows)

    def _show_summary(self) -> None:
        rows = self.model.top_rows()
        reported = sum(1 for r in rows if r.reported)
        self.summary.setText(strings.units_summary(self.proxy.rowCount(), len(rows), reported))

    # -- filters ---------------------------------------------------------------------------

    def _apply(self, **filters: Any) -> None:
        self.proxy.set_filters(**filters)
        self._show_summary()

    def _filter_text(self, text: str) -> None:
        self._apply(text=text)

    def _filter_not_met(self, on: bool) -> None:
        self.indicator.setEnabled(on)
        self._apply(not_met_only=on)

    def _filter_indicator(self, _index: int) -> None:
        self._apply(indicator=self.indicator.currentData())

    def shown_units(self) -> list[UnitRow]:
        """The units on screen, in the order shown (a province's open communes after it)."""
        rows = (self.model.unit(self.proxy.mapToSource(i)) for i in self._shown_indexes())
        return [row for row in rows if row is not None]

    def _shown_indexes(self, parent: QModelIndex | None = None) -> list[QModelIndex]:
        parent = parent or QModelIndex()
        out = []
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            out.append(index)
            if self.table.isExpanded(index):
                out.extend(self._shown_indexes(index))
        return out

    # -- drill-down ------------------------------------------------------------------------

    def open_unit(self, index: QModelIndex) -> UnitDrillDialog | None:
        """The unit of line `index`, read-only: its reporting state, indicators and lists."""
        row = self.model.unit(self.proxy.mapToSource(index))
        if row is None:
            return None
        dialog = UnitDrillDialog(self.session, row.code, self, reporting=row)
        dialog.open()
        return dialog

    # -- export ----------------------------------------------------------------------------

    def choose_export(self) -> None:
        code = self.session.store.unit_code or ""
        start = str(Path.home() / f"{strings.units_file_stem(code)}-{date.today():%Y-%m-%d}.xlsx")
        path = pick_save_path(self, start, strings.SHEET_XLSX_FILTER)
        if path is not None:
            self.export_to(path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx"))

    def export_to(self, path: Path) -> None:
        """Write the table as shown (filters, order, open provinces) to `path`, in the
        background."""
        columns = self.proxy.columnCount()
        headers = [
            self.model.headerData(c, Qt.Orientation.Horizontal, ExportRole) for c in range(columns)
        ]
        rows = [
            [self.proxy.data(index.siblingAtColumn(c), ExportRole) for c in range(columns)]
            for index in self._shown_indexes()
        ]
        self.export_button.setEnabled(False)

        def write(progress: Any, cancelled: Any) -> int:
            return write_units_xlsx(
                path,
                strings.UNITS_EXPORT_SHEET,
                headers,
                rows,
                progress=progress,
                cancelled=cancelled,
            )

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.last_export = path
            self.status.setText(strings.units_exported(count, str(path)))
            self.status.show()

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.status.setText(strings.failed(str(exc)))
            self.status.show()

        self.runner.start(
            write, on_done=done, on_failed=failed, label=strings.UNITS_EXPORTING, dialog_parent=self
        )
