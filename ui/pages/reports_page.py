"""Báo cáo: choose a report, where to save it, make it; then "Đã lưu …" with a "Mở" button.

Reports read the session's database, whose connection belongs to the UI thread (see
ui/task_runner.py), so they are made here with a wait cursor; the largest, a unit report of a
big commune, takes about a second.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
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

from desktop.errors import AccountError
from desktop.reports import (
    DEFAULT_ROSTER_COLUMNS,
    SENSITIVE_COLUMNS,
    ReportError,
    ReportResult,
    enrolment_sheet,
    member_roster,
    reporting_from_ledger,
    summary_report,
    unit_report,
)
from desktop.reports.header import parent_display_name
from desktop.reports.source import unit_facts
from desktop.session import Session
from ui import strings
from ui.dialogs.files import SavedLine, pick_save_path
from ui.pages import Page
from ui.unit_info import load_unit_info
from ui.widgets.notice import Notice

FILE_STEMS = {"unit": "bao-cao", "summary": "tong-hop", "roster": "danh-sach", "enrolment": "phieu"}


class ReportsPage(Page):
    """The reports the signed-in person may print, for the session's unit."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
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
        self.sensitive.setEnabled(kind == "roster")
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

    def generate(self) -> ReportResult | None:
        """Make the chosen report at the chosen path; say where it went, or why not."""
        self.saved.hide()
        text = self.path_edit.text().strip()
        if not text:
            self.notice.say(strings.REPORT_NO_PATH, "warning")
            return None
        out = Path(text)
        self.notice.say(strings.REPORT_GENERATING)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self._make(self.kind(), out)
        except (ReportError, AccountError, OSError) as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.notice.clear_notice()
        self.saved.show_path(result.path, strings.report_saved(str(result.path), result.pages))
        return result

    def _make(self, kind: str, out: Path) -> ReportResult:
        session = self.session
        session.require("report")
        if kind == "unit":
            return unit_report(session, out)
        if kind == "summary":
            return summary_report(session, out, reporting=reporting_from_ledger(session.store.db))
        if kind == "roster":
            columns = list(DEFAULT_ROSTER_COLUMNS)
            if self.sensitive.isChecked():
                columns[1:1] = SENSITIVE_COLUMNS
            return member_roster(session, out, columns=columns)
        return self._enrolment(out)

    def _enrolment(self, out: Path) -> ReportResult:
        from desktop.sync.enrolment import identity

        me = identity(self.session)
        db = self.session.store.db
        code = self.session.store.unit_code
        unit = unit_facts(db, code)
        return enrolment_sheet(
            out,
            unit_code=code,
            unit_name=unit.name,
            device_id=me.device_id,
            fingerprint=me.fingerprint,
            parent_name=parent_display_name(db, unit.parent_code),
            parent_code=unit.parent_code,
        )
