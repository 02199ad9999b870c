"""A unit below, read-only: how it reports, its indicators and its lists, opened from the
reporting dashboard and the units table.

The records are those received in its packages (the upper level keeps them all); nothing here
can change them. The lists use the same table models as the unit's own pages, so search without
tones and Vietnamese sort work the same.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.indicators import DEFAULT_TERM, compute_indicators
from db.lists import LIST_SPECS, fetch_rows
from desktop.security.session import Session
from desktop.units.table import UnitRow, unit_reporting
from ui import strings
from ui.models.indicator_table_model import IndicatorTableModel
from ui.models.record_table_model import RecordTableModel
from ui.unit_info import load_unit_info
from ui.widgets.indicator_table import indicator_table
from ui.widgets.list_panel import setup_record_table

LISTS = ("branches", "branch_heads", "members", "cadres", "models", "online_channels")


class UnitDrillDialog(QDialog):
    """Unit `code` as the records received from it show it; `tabs`: indicators, then lists."""

    def __init__(
        self,
        session: Session,
        code: str,
        parent: QWidget | None = None,
        *,
        reporting: UnitRow | None = None,
    ) -> None:
        super().__init__(parent)
        store = session.store
        unit = load_unit_info(store, code)
        self.setObjectName("unitDrill")
        self.setWindowTitle(strings.drill_title(unit.name, unit.code))
        self.resize(1000, 640)
        heading = QLabel(strings.drill_title(unit.name, unit.code))
        heading.setObjectName("pageTitle")
        note = QLabel(strings.DRILL_NOTE)
        note.setObjectName("note")
        note.setWordWrap(True)
        if reporting is None:  # opened from the dashboard or the overview: read it here
            reporting = unit_reporting(store.db, code, today=store.today())
        self.reporting = QLabel(_reporting_text(reporting))
        self.reporting.setObjectName("drillReporting")
        self.reporting.setWordWrap(True)

        self.tabs = QTabWidget()
        self.indicators = IndicatorTableModel(compute_indicators(store.db, code, term=DEFAULT_TERM))
        self.tabs.addTab(indicator_table(self.indicators), strings.DRILL_INDICATORS)
        self.lists: dict[str, RecordTableModel] = {}
        for table in LISTS:
            spec = LIST_SPECS[table]
            model = RecordTableModel(spec, self)
            model.load(fetch_rows(store, spec, code))
            self.lists[table] = model
            self.tabs.addTab(self._list_tab(model), strings.drill_tab(table, model.total_count()))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(strings.DRILL_CLOSE)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.reporting)
        layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def _list_tab(self, model: RecordTableModel) -> QWidget:
        search = QLineEdit()
        search.setPlaceholderText(strings.DRILL_SEARCH)
        search.setClearButtonEnabled(True)
        search.textChanged.connect(model.set_search)
        view = setup_record_table(QTableView(), model.spec, model)  # personal columns hidden
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(search)
        layout.addWidget(view, 1)
        return tab


def _reporting_text(row: UnitRow) -> str:
    last = strings.format_day(row.last_received) if row.reported else ""
    return strings.drill_reporting(last, row.days_since, row.missing_packages, row.alarms)
