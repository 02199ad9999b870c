"""Tổng quan: who the unit is, its reporting period (closing it: ui/pages/period_panel.py), where
it stands on the term's indicators, what data needs a look.

Each indicator's value is drawn as a bar against its target (ui/widgets/indicator_bar.py).
Below, the data problems that `db.checks.check_all` finds in the unit's records, checked in the
background (ui/pages/data_checks.py); a click on one opens the record's form. A province or the
centre gets the checks across its units instead (ui/pages/upper_checks.py: SQL, no snapshot);
a click there opens the unit below, read-only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.checks import Finding
from db.indicators import DEFAULT_TERM, compute_indicators
from desktop.security.session import Session
from desktop.spreadsheets.tables import INDICATORS
from ui import strings
from ui.models.findings_model import FindingRole, FindingsModel
from ui.models.indicator_table_model import IndicatorTableModel
from ui.pages import Page
from ui.pages.data_checks import prepare_checks, run_checks
from ui.pages.period_panel import PeriodPanel
from ui.pages.upper_checks import UpperChecksPanel
from ui.task_runner import TaskHandle, TaskRunner
from ui.unit_info import UnitInfo, load_unit_info
from ui.widgets.indicator_table import indicator_table

if TYPE_CHECKING:
    from ui.dialogs.sheet_export import SheetExportDialog
    from ui.dialogs.unit_drill import UnitDrillDialog

TERM = DEFAULT_TERM  # the current term of office; a term picker comes with the reports


class OverviewPage(Page):
    """The unit's card, its indicators with bars, and the data problems to look at."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overviewPage")
        self.session = session  # the store is asked for each time: unlocking opens a new one
        self.runner = TaskRunner(self)
        self._check: TaskHandle | None = None
        self._recheck = False  # asked again while a check runs: run once more when it ends
        self._version: int | None = None

        self.unit_name = QLabel()
        self.unit_name.setObjectName("unitName")
        self.unit_name.setWordWrap(True)
        self.unit_details = QLabel()
        self.unit_details.setObjectName("unitDetails")
        card = QFrame()
        card.setObjectName("unitCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(20, 14, 20, 14)
        card_layout.setSpacing(4)
        card_layout.addWidget(self.unit_name)
        card_layout.addWidget(self.unit_details)
        self.period = PeriodPanel(session)
        card_layout.addWidget(self.period)

        heading = QLabel(strings.indicators_heading(TERM))
        heading.setObjectName("sectionHeading")
        self.as_of = QLabel()
        self.as_of.setObjectName("note")
        self.model = IndicatorTableModel(parent=self)
        self.table = self._make_table(self.model)
        self.empty = QLabel(strings.NO_INDICATORS)
        self.empty.setObjectName("note")
        self.export_button = QPushButton(strings.SHEET_EXPORT_INDICATORS_ACTION)
        self.export_button.setObjectName("secondaryButton")
        self.export_button.setToolTip(strings.SHEET_EXPORT_INDICATORS_TIP)
        self.export_button.clicked.connect(self.export_indicators)
        heading_row = QWidget()
        heading_layout = QHBoxLayout(heading_row)
        heading_layout.setContentsMargins(0, 0, 0, 0)
        heading_layout.addWidget(heading)
        heading_layout.addStretch(1)
        heading_layout.addWidget(self.export_button)
        indicators = _section([heading_row, self.as_of, self.table, self.empty], self.table)

        findings_heading = QLabel(strings.FINDINGS_HEADING)
        findings_heading.setObjectName("sectionHeading")
        self.findings_summary = QLabel()
        self.findings_summary.setObjectName("note")
        self.findings_summary.setWordWrap(True)
        self.findings_model = FindingsModel(self)
        self.findings = QListView()
        self.findings.setObjectName("findingsList")
        self.findings.setModel(self.findings_model)
        self.findings.setUniformItemSizes(True)
        self.findings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings.setCursor(Qt.CursorShape.PointingHandCursor)
        self.findings.setTextElideMode(Qt.TextElideMode.ElideRight)
        problems = _section([findings_heading, self.findings_summary, self.findings], self.findings)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(indicators)
        self.splitter.addWidget(problems)
        self.upper_checks: UpperChecksPanel | None = None
        if load_unit_info(session.store).is_upper:  # no snapshot of every record below
            self.upper_checks = UpperChecksPanel(session)
            self.upper_checks.unit_chosen.connect(self.open_unit)
            problems.hide()
            self.splitter.addWidget(self.upper_checks)
            self.splitter.setStretchFactor(2, 1)
        self.splitter.setStretchFactor(0, 2)  # the indicators first: they are the term's goals
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.setSpacing(12)
        layout.addWidget(card)
        layout.addWidget(self.splitter, stretch=1)

        self.findings.clicked.connect(self._finding_chosen)
        self.findings.activated.connect(self._finding_chosen)
        self.refresh()

    @staticmethod
    def _details_text(unit: UnitInfo) -> str:
        parts = []
        if unit.level_label:
            parts.append(f"{strings.UNIT_LEVEL}: {unit.level_label}")
        parts.append(f"{strings.UNIT_CODE}: {unit.code}")
        return "   ·   ".join(parts)

    def _make_table(self, model: IndicatorTableModel) -> QTableView:
        return indicator_table(model)

    def refresh(self) -> None:
        """Read the unit again, recompute its indicators, and check its data in the background."""
        store = self.session.store
        unit = load_unit_info(store)
        self.unit_name.setText(unit.name)
        self.unit_details.setText(self._details_text(unit))
        self.period.refresh()
        indicators = compute_indicators(store.db, unit.code, term=TERM)
        self.model.set_indicators(indicators)
        self.as_of.setText(strings.indicators_as_of(indicators[0].as_of) if indicators else "")
        self.as_of.setVisible(bool(indicators))
        self.empty.setVisible(not indicators)
        self.export_button.setVisible(bool(indicators) and self.session.can("report"))
        self._version = store.db_version
        self.check_data()

    def export_indicators(self) -> SheetExportDialog | None:
        """The indicators table written to an .xlsx file ("Xuất chỉ tiêu ra Excel…")."""
        from ui.dialogs.sheet_export import open_export  # openpyxl loads at the first use

        if not self.session.can("report"):
            return None
        return open_export(self.session, INDICATORS, self)

    def check_data(self) -> None:
        """Start the data checks in the background; the list fills when done.

        One check at a time: asked again while one runs, that one is cancelled and a new one
        starts once it has stopped, so at most one pass over the records runs at a time. An
        upper level runs its checks across units instead (in SQL, never the records whole)."""
        if self.upper_checks is not None:
            self.upper_checks.run()
            return
        self.findings_summary.setText(strings.CHECKING_DATA)
        if self._check is not None:
            self._recheck = True
            self._check.cancel()
            return
        self._recheck = False
        job = prepare_checks(self.session)
        handle = self.runner.start(
            lambda progress, cancelled: run_checks(job, progress, cancelled),
            on_done=lambda found: self._checked(handle, found),
            on_failed=lambda exc: self._check_failed(handle, exc),
            on_cancelled=lambda: self._check_ended(handle),
        )
        self._check = handle

    def _check_ended(self, handle: TaskHandle) -> bool:
        """The check of `handle` is over; True when a newer one was asked for (and started)."""
        if handle is self._check:
            self._check = None
        if self._recheck and not self.session.locked:
            self.check_data()
            return True
        return False

    def checking(self) -> bool:
        """Whether the data checks are still running."""
        if self.upper_checks is not None:
            return self.upper_checks.checking()
        return self._check is not None

    def open_unit(self, code: str) -> UnitDrillDialog:
        """A unit below named by a check across units, read-only."""
        from ui.dialogs.unit_drill import UnitDrillDialog

        dialog = UnitDrillDialog(self.session, code, self)
        dialog.open()
        return dialog

    def _checked(self, handle: TaskHandle, findings: list[Finding]) -> None:
        if self._check_ended(handle):
            return  # the data changed meanwhile: a new check is running
        self.findings_model.set_findings(findings)
        errors = self.findings_model.count("error")
        warnings = self.findings_model.count("warning")
        self.findings_summary.setText(strings.findings_summary(errors, warnings))
        self.findings.setVisible(bool(findings))

    def _check_failed(self, handle: TaskHandle, exc: BaseException) -> None:
        if not self._check_ended(handle):
            self.findings_summary.setText(strings.checks_failed(str(exc)))

    def _finding_chosen(self, index: QModelIndex) -> None:
        finding = index.data(FindingRole)
        if isinstance(finding, Finding):
            self.open_record_requested.emit(finding.table, finding.id)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Records changed on another page since the figures were computed: compute again.
        if not self.session.locked and self.session.store.db_version != self._version:
            self.refresh()


def _section(widgets: list[QWidget], tallest: QWidget) -> QWidget:
    """Widgets stacked in one part of the splitter; `tallest` takes the height left."""
    part = QWidget()
    layout = QVBoxLayout(part)
    layout.setContentsMargins(0, 6, 0, 6)
    layout.setSpacing(6)
    for widget in widgets:
        layout.addWidget(widget, stretch=1 if widget is tallest else 0)
    return part
