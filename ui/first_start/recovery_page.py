"""The recovery code of the new unit, shown once: copy it, print it, say it is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.reports.output import ReportError
from desktop.reports.recovery import recovery_sheet
from ui import strings
from ui.dialogs.files import pick_save_path
from ui.first_start.common import StepPage
from ui.widgets.notice import Notice


class RecoveryPage(StepPage):
    """ "Tiếp tục" only once the person ticks that the code is kept somewhere safe."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(strings.STEP_RECOVERY, strings.RECOVERY_CODE_INTRO, parent)
        self.unit_code = self.unit_name = ""
        self.created = QLabel()
        self.created.setObjectName("note")
        self.created.setWordWrap(True)
        self.code = QLabel()
        self.code.setObjectName("fingerprint")
        self.code.setStyleSheet(
            "font-size: 20pt; font-weight: bold; letter-spacing: 1px; color: #1f5fa8;"
        )
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.copy_button = QPushButton(strings.COPY)
        self.print_button = QPushButton(strings.PRINT_RECOVERY)
        for button in (self.copy_button, self.print_button):
            button.setObjectName("secondaryButton")
        self.notice = Notice()
        self.kept = QCheckBox(strings.RECOVERY_KEPT)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        self.body.insertWidget(1, self.created)
        self.body.addSpacing(10)
        self.body.addWidget(self.code)
        self.body.addSpacing(6)
        self.body.addLayout(buttons)
        self.body.addWidget(self.notice)
        self.body.addSpacing(10)
        self.body.addWidget(self.kept)
        self.body.addStretch(1)
        self.copy_button.clicked.connect(self.copy)
        self.print_button.clicked.connect(lambda: self.save_sheet())
        self.kept.toggled.connect(lambda _on: self.changed.emit())

    def show_code(self, unit_code: str, unit_name: str, code: str) -> None:
        self.unit_code, self.unit_name = unit_code, unit_name
        self.created.setText(strings.unit_created(unit_name, unit_code))
        self.code.setText(code)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.code.text())
        self.notice.say(strings.COPIED)

    def save_sheet(self, out: Path | None = None) -> Path | None:
        """The recovery sheet as a PDF where the person chooses; its path, or None."""
        out = out or pick_save_path(
            self, f"phieu-ma-khoi-phuc-{self.unit_code}.pdf", strings.RECOVERY_PDF_FILTER
        )
        if out is None:
            return None
        try:
            recovery_sheet(
                out,
                unit_code=self.unit_code,
                unit_name=self.unit_name,
                recovery_code=self.code.text(),
            )
        except ReportError as exc:
            self.notice.say(str(exc), "error")
            return None
        self.notice.say(strings.recovery_saved(str(out)))
        return out

    def ready(self) -> bool:
        return self.kept.isChecked()

    def enter(self) -> None:
        self.print_button.setFocus()
