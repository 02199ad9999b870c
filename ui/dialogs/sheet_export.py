"""Xuất Excel: a list (or the indicators table) written to an .xlsx file the person chooses.

The service (`desktop.spreadsheets.exporter.export_list`, `export_indicators`) does the writing,
in the background on a private connection (ui/task_store.py), and writes the export to the audit
log.
An exported file is not encrypted, so the personal columns (citizen ID, birth date, ethnicity,
religion) are left out unless the person ticks "Kèm thông tin cá nhân" (off each time the
dialog opens). Like `sohoi sheet export`, exporting needs the "report" right, which every role
has, and the personal columns need no other.

The service cannot stop half-way, so there is no "Hủy": the dialog says "Đang xuất…" and waits
(the window behind it is not frozen, only covered).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.progress import Cancelled, Progress
from db.schema import TABLES
from db.store import StorageError
from desktop.errors import AccountError
from desktop.security.session import Session
from desktop.spreadsheets.exporter import (
    SENSITIVE_FIELDS,
    ExportSummary,
    export_indicators,
    export_list,
)
from desktop.spreadsheets.reader import SheetError
from desktop.spreadsheets.tables import INDICATORS
from ui import strings
from ui.dialogs import files
from ui.dialogs.files import SavedLine
from ui.dialogs.sheet_import import file_slug
from ui.dialogs.task_dialog import TaskDialog
from ui.task_runner import TaskHandle
from ui.task_store import TaskStore
from ui.widgets.buttons import button_row
from ui.widgets.notice import Notice

log = logging.getLogger(__name__)


class SheetExportDialog(TaskDialog):
    """Export `table` (a table of db.schema, or INDICATORS) to an .xlsx file."""

    exported = Signal(object)  # the ExportSummary

    def __init__(self, session: Session, table: str, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.table = table
        self.summary: ExportSummary | None = None
        indicators = table == INDICATORS
        self.noun = strings.SHEET_INDICATORS_NOUN if indicators else TABLES[table].label
        self.setObjectName("sheetExportDialog")
        self.setWindowTitle(
            strings.SHEET_EXPORT_INDICATORS_TITLE
            if indicators
            else strings.sheet_export_title(self.noun)
        )
        self.setMinimumWidth(640)
        self.resize(720, 300)

        heading = QLabel(self.windowTitle())
        heading.setObjectName("sectionHeading")
        intro = QLabel(
            strings.SHEET_EXPORT_INDICATORS_INTRO if indicators else strings.SHEET_EXPORT_INTRO
        )
        intro.setObjectName("note")
        intro.setWordWrap(True)
        self.path = QLineEdit(str(self._default_path()))
        self.path.setAccessibleName(strings.SHEET_SAVE_AS)
        self.browse = QPushButton(strings.CHOOSE_FILE)
        self.browse.setObjectName("secondaryButton")
        path_row = QHBoxLayout()
        path_row.addWidget(QLabel(strings.SHEET_SAVE_AS))
        path_row.addWidget(self.path, stretch=1)
        path_row.addWidget(self.browse)
        self.personal = QCheckBox(strings.SHEET_WITH_PERSONAL)
        self.personal.setToolTip(strings.SHEET_WITH_PERSONAL_TIP)
        self.personal.setChecked(False)
        has_personal = not indicators and any(
            f in TABLES[table].fields_by_name for f in SENSITIVE_FIELDS
        )
        self.personal_allowed = has_personal and session.can("personal")
        self.personal.setVisible(self.personal_allowed)
        self.notice = Notice()
        self.saved = SavedLine()

        buttons, self.close_button, self.export_button = button_row(
            strings.SHEET_CLOSE, strings.SHEET_EXPORT
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(path_row)
        layout.addWidget(self.personal)
        layout.addWidget(self.notice)
        layout.addWidget(self.saved)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.browse.clicked.connect(self.choose_path)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)
        self.save_key(self.export_button)

    def _default_path(self) -> Path:
        stem = (
            strings.SHEET_INDICATORS_FILE_STEM
            if self.table == INDICATORS
            else f"{strings.SHEET_LIST_FILE_STEM}-{file_slug(self.table)}"
        )
        code = self.session.store.unit_code or ""
        return Path.home() / f"{stem}-{code}-{date.today():%Y-%m-%d}.xlsx"

    def choose_path(self) -> Path | None:
        """Ask where to write the file."""
        path = files.pick_save_path(self, self.path.text(), strings.SHEET_XLSX_FILTER)
        if path is not None:
            self.path.setText(str(_xlsx(path)))
        return path

    def export(self) -> TaskHandle | None:
        """Write the file in the background; then say where it went."""
        if self.busy():
            return None
        text = self.path.text().strip()
        if not text:
            self.notice.say(strings.SHEET_NO_PATH, "warning")
            return None
        if not self.session.can("report"):
            self.notice.say(strings.READ_ONLY_ROLE, "error")
            return None
        out = _xlsx(Path(text))
        self.path.setText(str(out))
        table = self.table
        personal = self.personal_allowed and self.personal.isChecked()
        actor = self.session.account.username
        source = TaskStore(self.session, read_only=False)  # the export is written to the audit

        def write(_progress: Progress, _cancelled: Cancelled) -> ExportSummary:
            with source as store:
                if table == INDICATORS:
                    return export_indicators(store, out, actor=actor)
                return export_list(store, table, out, with_personal=personal, actor=actor)

        self.saved.hide()
        self.notice.say(strings.SHEET_EXPORTING)
        return self.run_task(write, on_done=self._exported, on_failed=self._failed)

    def _exported(self, summary: ExportSummary) -> None:
        self.summary = summary
        log.info(
            "sheet export: %s, %d rows, personal columns: %s",
            self.table,
            summary.rows,
            "yes" if summary.personal else "no",
        )
        if summary.personal:
            self.notice.say(strings.SHEET_PERSONAL_WARNING, "warning")
        else:
            self.notice.clear_notice()
        self.saved.show_path(
            summary.path, strings.sheet_exported(summary.rows, self.noun, str(summary.path))
        )
        self.close_button.setFocus()
        self.exported.emit(summary)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, SheetError | StorageError | AccountError):
            text = strings.failed(str(exc))
        elif isinstance(exc, OSError):
            text = strings.sheet_cannot_write(self.path.text(), exc.strerror or str(exc))
        else:
            self.log_failure("sheet export", exc)
            text = strings.sheet_unexpected(type(exc).__name__)
        log.info("sheet export refused: %s", type(exc).__name__)
        self.notice.say(text, "error")

    def task_started(self) -> None:
        for widget in (self.export_button, self.close_button, self.browse, self.personal):
            widget.setEnabled(False)

    def task_ended(self) -> None:
        for widget in (self.export_button, self.close_button, self.browse, self.personal):
            widget.setEnabled(True)


def _xlsx(path: Path) -> Path:
    """The path with the .xlsx ending Excel needs to open it."""
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def open_export(session: Session, table: str, parent: QWidget) -> SheetExportDialog:
    """Show the export dialog over `parent` (window-modal); it deletes itself when closed."""
    dialog = SheetExportDialog(session, table, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
