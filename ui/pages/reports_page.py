"""Báo cáo: choose a report, where to save it, make it; then "Đã lưu …" with a "Mở" button.

Reports are made in the background (ui/task_runner.py) on a database connection of their own,
opened with the session's key in the worker: the window stays responsive, and after half a
second a progress dialog offers "Hủy" (a summary of 3,321 communes takes a few seconds).

A choice of period ("Số liệu hiện tại", then each period the unit sees, newest first) applies
to the unit report at a commune (its closed snapshot: desktop/reports/unit_report.py) and to the
summary at a province or the centre (the sums of the communes' closed snapshots:
desktop/reports/period_summary_report.py); a period a commune has not closed is a warning.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.connection import DatabaseUnavailable
from db.progress import Cancelled, Progress
from desktop.errors import AccountError
from desktop.periods.closing import PeriodError, period_views, view_of
from desktop.reports.enrolment import device_enrolment_sheet
from desktop.reports.output import ReportError, ReportResult
from desktop.reports.period_report import periods_report
from desktop.reports.period_summary_report import period_summary_report
from desktop.reports.roster import DEFAULT_COLUMNS as DEFAULT_ROSTER_COLUMNS
from desktop.reports.roster import SENSITIVE_COLUMNS, member_roster
from desktop.reports.summary_data import reporting_from_ledger
from desktop.reports.summary_report import summary_report
from desktop.reports.unit_report import unit_report
from desktop.security.session import Session
from ui import strings
from ui.dialogs.files import SavedLine, pick_save_path
from ui.pages import Page
from ui.task_runner import TaskFunction, TaskHandle, TaskRunner
from ui.task_store import TaskStore
from ui.unit_info import load_unit_info
from ui.widgets.notice import Notice

log = logging.getLogger(__name__)
FILE_STEMS = {
    "unit": "bao-cao",
    "summary": "tong-hop",
    "roster": "danh-sach",
    "periods": "so-sanh-cac-ky",
    "enrolment": "phieu",
}


class _NotClosed(Exception):
    """The chosen period is not closed at this commune: a warning, not a failure."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class ReportsPage(Page):
    """The reports the signed-in person may print, for the session's unit."""

    finished = Signal(object)  # the ReportResult, or None when refused, failed or cancelled

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = TaskRunner(self)
        self.setObjectName("reportsPage")
        title = QLabel(strings.REPORTS_TITLE)
        title.setObjectName("pageTitle")
        intro = QLabel(strings.REPORTS_INTRO)
        intro.setObjectName("note")
        self.notice = Notice()

        kind_heading = QLabel(strings.REPORT_KIND_LABEL)
        kind_heading.setObjectName("sectionHeading")
        self.kinds = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        kinds_box = QVBoxLayout()
        for key, label in strings.REPORT_KINDS.items():
            button = QRadioButton(label)
            button.setToolTip(strings.REPORT_KIND_HELP[key])
            button.setProperty("kind", key)
            self.kinds.addButton(button)
            self.kind_buttons[key] = button
            kinds_box.addWidget(button)
            if key == "roster":
                self.sensitive = QCheckBox(strings.REPORT_SENSITIVE)
                self.sensitive.setToolTip(strings.REPORT_SENSITIVE_TIP)
                self.sensitive.setChecked(False)
                kinds_box.addWidget(self.sensitive)
                kinds_box.setAlignment(self.sensitive, Qt.AlignmentFlag.AlignLeft)
                self.sensitive.setContentsMargins(24, 0, 0, 0)
        self.kind_help = QLabel()
        self.kind_help.setObjectName("note")
        self.kind_help.setWordWrap(True)

        self.period_label = QLabel(strings.REPORT_PERIOD_LABEL)
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(strings.REPORT_PERIOD_LABEL)
        self.period_combo.setToolTip(strings.REPORT_PERIOD_TIP)
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_label.setBuddy(self.period_combo)
        self.upper = False

        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(strings.REPORT_SAVE_AS)
        browse = QPushButton(strings.CHOOSE_FILE)
        browse.clicked.connect(self.choose_path)
        # The period and the file, their fields starting in one column.
        choices = QGridLayout()
        choices.setColumnStretch(1, 1)
        choices.addWidget(self.period_label, 0, 0)
        choices.addWidget(self.period_combo, 0, 1, 1, 2, Qt.AlignmentFlag.AlignLeft)
        choices.addWidget(QLabel(strings.REPORT_SAVE_AS), 1, 0)
        choices.addWidget(self.path_edit, 1, 1)
        choices.addWidget(browse, 1, 2)

        self.generate_button = QPushButton(strings.REPORT_GENERATE)
        self.generate_button.setObjectName("primaryButton")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.saved = SavedLine()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(kind_heading)
        layout.addLayout(kinds_box)
        layout.addWidget(self.kind_help)
        layout.addLayout(choices)
        layout.addWidget(self.generate_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.notice)
        layout.addWidget(self.saved)
        layout.addStretch(1)

        self.kinds.buttonToggled.connect(self._kind_changed)
        self.kinds.buttonToggled.connect(lambda *_: self.notice.clear_notice())  # of another
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.refresh()

    # -- state -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Offer the summary only at a level with units below; pick the unit report; list the
        periods the unit sees."""
        unit = load_unit_info(self.session.store)
        self.upper = unit.level not in ("", "commune")
        self.kind_buttons["summary"].setVisible(self.upper)
        self._fill_periods()
        allowed = self.session.can("report")
        for button in self.kind_buttons.values():
            button.setEnabled(allowed)
        self.generate_button.setEnabled(allowed)
        if self.kinds.checkedButton() is None:
            self.kind_buttons["unit"].setChecked(True)
        self._kind_changed()

    def kind(self) -> str:
        """The key of the chosen report."""
        button = self.kinds.checkedButton()
        return button.property("kind") if button is not None else "unit"

    def choose(self, kind: str) -> None:
        """Select report `kind` (what a click on its button does)."""
        self.kind_buttons[kind].setChecked(True)

    def _fill_periods(self) -> None:
        """ "Số liệu hiện tại", then every period the unit sees, newest first (the choice kept)."""
        chosen = self.period_combo.currentData()
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        self.period_combo.addItem(strings.REPORT_PERIOD_LIVE, None)
        for view in reversed(period_views(self.session)):
            state = None if self.upper else strings.PERIOD_STATES[view.state]
            label = strings.report_period_option(view.period.name, state)
            self.period_combo.addItem(label, view.period.id)
        found = self.period_combo.findData(chosen) if chosen else 0
        self.period_combo.setCurrentIndex(max(found, 0))
        self.period_combo.blockSignals(False)

    def period_applies(self, kind: str | None = None) -> bool:
        """Whether the choice of period applies to report `kind` (default: the chosen one):
        the unit report at a commune, the summary at an upper level."""
        kind = kind or self.kind()
        return kind == ("summary" if self.upper else "unit")

    def period_id(self) -> str | None:
        """The chosen period's id when it applies to the chosen report; None: live figures."""
        if not self.period_applies():
            return None
        data = self.period_combo.currentData()
        return str(data) if data else None

    def choose_period(self, period_id: str | None) -> None:
        """Select a period by id (None: "Số liệu hiện tại"), as picking it in the list does."""
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(period_id), 0))

    def _kind_changed(self, *_args: object) -> None:
        kind = self.kind()
        self.kind_help.setText(strings.REPORT_KIND_HELP[kind])
        self.sensitive.setEnabled(kind == "roster" and self.session.can("personal"))
        applies = self.period_applies(kind)
        self.period_label.setVisible(applies)
        self.period_combo.setVisible(applies)
        self.period_combo.setEnabled(applies and self.session.can("report"))
        self.path_edit.setText(str(self._default_path(kind)))

    def _period_changed(self, *_args: object) -> None:
        self.notice.clear_notice()
        self.path_edit.setText(str(self._default_path(self.kind())))

    def _default_path(self, kind: str) -> Path:
        folder = Path(self.path_edit.text()).parent if self.path_edit.text() else Path.home()
        code = self.session.store.unit_code or "don-vi"
        period = self.period_id() if self.period_applies(kind) else None
        stem = f"{FILE_STEMS[kind]}-{period}" if period else FILE_STEMS[kind]
        return folder / f"{stem}-{code}-{date.today():%Y-%m-%d}.pdf"

    def choose_path(self) -> None:
        """Ask where to save the PDF."""
        path = pick_save_path(self, self.path_edit.text(), strings.REPORT_FILE_FILTER)
        if path is not None:
            self.path_edit.setText(str(path if path.suffix else path.with_suffix(".pdf")))

    # -- making the report ------------------------------------------------------------------

    def generate(self) -> TaskHandle | None:
        """Make the chosen report at the chosen path in the background; `finished` then carries
        the result (None when refused, failed or cancelled), and the page says where it went or
        why not. The task's handle, or None when refused at once."""
        self.saved.hide()
        text = self.path_edit.text().strip()
        if not text:
            self.notice.say(strings.REPORT_NO_PATH, "warning")
            self._finish(None)
            return None
        out, kind = Path(text), self.kind()
        try:
            task = self._task(kind, out)
        except _NotClosed as exc:
            self.notice.say(strings.report_period_not_closed(exc.name), "warning")
            self._finish(None)
            return None
        except (ReportError, AccountError, OSError, PeriodError) as exc:
            self._failed(exc)
            return None
        self.notice.say(strings.REPORT_GENERATING)
        self.generate_button.setEnabled(False)
        return self.runner.start(
            task,
            on_done=self._done,
            on_failed=self._failed,
            on_cancelled=self._cancelled,
            label=strings.REPORT_GENERATING,
            dialog_parent=self,
        )

    def _task(self, kind: str, out: Path) -> TaskFunction:
        """The work for `kind`, on a connection of its own (the session's is the UI thread's).

        What needs the session (its right to print, the sync ledger, the device identity) is
        read here, on the UI thread; the worker opens the database file with the session's key.
        """
        session = self.session
        session.require("report")
        if kind == "enrolment":
            result = self._enrolment(out)  # one page from plain values: no need for a thread
            return lambda _progress, _cancelled: result
        reporting = reporting_from_ledger(session.store.db) if kind == "summary" else None
        period_id = self.period_id()
        view = view_of(session, period_id) if period_id else None  # read now, on this thread
        if view is not None and kind == "unit" and view.standing is None:
            raise _NotClosed(view.period.name)
        columns = list(DEFAULT_ROSTER_COLUMNS)
        if kind == "roster" and self.sensitive.isChecked():
            session.require("personal")  # the worker reads the file, not the session: ask here
            columns[1:1] = SENSITIVE_COLUMNS
        private = TaskStore(session)  # read-only, the worker's own connection

        def make(progress: Progress, cancelled: Cancelled) -> ReportResult:
            with private as store:
                db = store.db
                if kind == "unit":
                    snapshot = view.standing if view is not None else None
                    return unit_report(
                        db, out, snapshot=snapshot, progress=progress, cancelled=cancelled
                    )
                if kind == "summary" and view is not None:
                    return period_summary_report(
                        store, out, view.period, progress=progress, cancelled=cancelled
                    )
                if kind == "summary":
                    return summary_report(
                        db, out, reporting=reporting, progress=progress, cancelled=cancelled
                    )
                if kind == "periods":
                    return periods_report(store, out, progress=progress, cancelled=cancelled)
                return member_roster(
                    db, out, columns=columns, progress=progress, cancelled=cancelled
                )

        return make

    def _finish(self, result: ReportResult | None) -> None:
        # Told once the task's own signal has been handled and its handle let go of.
        QTimer.singleShot(0, self, lambda: self.finished.emit(result))

    def _done(self, result: ReportResult) -> None:
        self.generate_button.setEnabled(self.session.can("report"))
        self.notice.clear_notice()
        self.saved.show_path(result.path, strings.report_saved(str(result.path), result.pages))
        self._finish(result)

    def _failed(self, exc: BaseException) -> None:
        self.generate_button.setEnabled(self.session.can("report"))
        known = ReportError | AccountError | OSError | DatabaseUnavailable | PeriodError
        if not isinstance(exc, known):
            log.error("report failed: %s", type(exc).__name__)
            exc = ReportError(strings.REPORT_UNEXPECTED)
        self.notice.say(strings.failed(str(exc)), "error")
        self._finish(None)

    def _cancelled(self) -> None:
        self.generate_button.setEnabled(self.session.can("report"))
        self.notice.say(strings.REPORT_CANCELLED, "warning")
        self._finish(None)

    def _enrolment(self, out: Path) -> ReportResult:
        return device_enrolment_sheet(self.session, out)
