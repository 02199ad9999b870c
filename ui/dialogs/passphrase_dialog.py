"""Asking twice for the passphrase of a portable backup."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.backup.make import MIN_PASSPHRASE
from ui import strings
from ui.widgets.notice import Notice


class PassphraseDialog(QDialog):
    """Two password fields that must agree and be long enough; `passphrase` once accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(strings.BACKUP_EXPORT_TITLE)
        self.setMinimumWidth(460)
        intro = QLabel(strings.BACKUP_EXPORT_INTRO)
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = Notice()
        form = QFormLayout()
        form.addRow(strings.PASSPHRASE, self.first)
        form.addRow(strings.PASSPHRASE_AGAIN, self.second)
        buttons = QDialogButtonBox()
        buttons.addButton(strings.BACKUP_EXPORT_TITLE, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(strings.CANCEL, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @property
    def passphrase(self) -> str:
        return self.first.text()

    def check(self) -> bool:
        """Accept when both fields agree and are long enough; otherwise say what is wrong."""
        if self.first.text() != self.second.text():
            self.error.say(strings.PASSPHRASES_DIFFER, "error")
            return False
        if len(self.first.text()) < MIN_PASSPHRASE:
            self.error.say(strings.passphrase_short(MIN_PASSPHRASE), "error")
            return False
        self.accept()
        return True
