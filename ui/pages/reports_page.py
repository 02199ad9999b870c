"""Báo cáo: choose a report, where to save it, make it; then "Đã lưu …" with a "Mở" button.

Reports are made in the background (ui/task_runner.py) on a database connection of their own,
opened with the session's key in the worker: the window stays responsive, and after half a
second a progress dialog offers "Hủy" (a summary of 3,321 communes takes a few seconds).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
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
from desktop.reports.enrolment import device_enrolment_sheet
from desktop.reports.output import ReportError, ReportResult
from desktop.reports.period_report import periods_report
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

        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(strings.REPORT_SAVE_AS)
        browse = QPushButton(strings.CHOOSE_FILE)
        browse.clicked.connect(self.choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(QLabel(strings.REPORT_SAVE_AS))
        path_row.addWidget(self.path_edit, stretch=1)
        path_row.addWidget(browse)

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
        layout.addLayout(path_row)
        layout.addWidget(self.generate_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.notice)
        layout.addWidget(self.saved)
        layout.addStretch(1)

        self.kinds.buttonToggled.connect(self._kind_changed)
        self.refresh()

    # -- state -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Offer the summary only at a level with units below; pick the unit report."""
        unit = load_unit_info(self.session.store)
        self.kind_buttons["summary"].setVisible(unit.level not in ("", "commune"))
        # A unit's own closed periods: an upper level closes none yet (its sums come with #16).
        self.kind_buttons["periods"].setVisible(unit.level not in ("province", "central"))
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

    def _kind_changed(self, *_args: object) -> None:
        kind = self.kind()
        self.kind_help.setText(strings.REPORT_KIND_HELP[kind])
        self.sensitive.setEnabled(kind == "roster" and self.session.can("personal"))
        self.path_edit.setText(str(self._default_path(kind)))

    def _default_path(self, kind: str) -> Path:
        folder = Path(self.path_edit.text()).parent if self.path_edit.text() else Path.home()
        code = self.session.store.unit_code or "don-vi"
        return folder / f"{FILE_STEMS[kind]}-{code}-{date.today():%Y-%m-%d}.pdf"

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
        except (ReportError, AccountError, OSError) as exc:
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
        columns = list(DEFAULT_ROSTER_COLUMNS)
        if kind == "roster" and self.sensitive.isChecked():
            session.require("personal")  # the worker reads the file, not the session: ask here
            columns[1:1] = SENSITIVE_COLUMNS
        private = TaskStore(session)  # read-only, the worker's own connection

        def make(progress: Progress, cancelled: Cancelled) -> ReportResult:
            with private as store:
                db = store.db
                if kind == "unit":
                    return unit_report(db, out, progress=progress, cancelled=cancelled)
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
        if not isinstance(exc, ReportError | AccountError | OSError | DatabaseUnavailable):
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
