"""Restoring a unit into this empty folder from a backup file (a new PC, a broken one).

The backup's clear header says which unit and when, and how it is sealed: a portable backup by
its own passphrase, an automatic one by the unit's key, which an account's password (or the
recovery code) in the backup unwraps (desktop.backup.restore.key_from_backup). The whole file
is checked before anything is put in place; a refusal changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.backup.format import BackupError
from desktop.backup.make import BackupInfo, read_info
from desktop.backup.restore import RestoreResult, key_from_backup, restore_backup
from desktop.security.crypto import wipe
from ui import strings
from ui.dialogs.files import pick_open_path
from ui.first_start.common import StepPage, message_label
from ui.widgets.fields import field_label, password_field

PORTABLE = "portable"


def when(info: BackupInfo | RestoreResult) -> str:
    return info.created_at.astimezone().strftime("%d/%m/%Y %H:%M")


class RestorePage(StepPage):
    """Choose the file, give what opens it; `restore(data_dir)` does the work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(strings.STEP_RESTORE, strings.RESTORE_INTRO, parent)
        self.info: BackupInfo | None = None
        self.choose_button = QPushButton(strings.CHOOSE_BACKUP)
        self.choose_button.setObjectName("secondaryButton")
        self.choose_button.clicked.connect(lambda: self.choose())
        self.described = QLabel()
        self.described.setWordWrap(True)
        self.how = QLabel()
        self.how.setObjectName("note")
        self.how.setWordWrap(True)
        self.passphrase = password_field(strings.BACKUP_PASSPHRASE)
        self.username = QLineEdit("admin")
        self.username.setAccessibleName(strings.BACKUP_ACCOUNT)
        self.secret = password_field(strings.BACKUP_SECRET)
        self.message = message_label()
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addWidget(self.described)
        self.body.addWidget(self.how)
        self.portable_fields: list[QWidget] = [
            field_label(strings.BACKUP_PASSPHRASE, self.passphrase)
        ]
        self.portable_fields.append(self.passphrase)
        self.body.addWidget(self.portable_fields[0])
        self.body.addWidget(self.passphrase)
        self.account_fields: list[QWidget] = []
        for text, field in (
            (strings.BACKUP_ACCOUNT, self.username),
            (strings.BACKUP_SECRET, self.secret),
        ):
            label = field_label(text, field)
            self.body.addWidget(label)
            self.body.addWidget(field)
            self.account_fields += [label, field]
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        for field in (self.passphrase, self.username, self.secret):
            field.textChanged.connect(lambda _text: self.changed.emit())
        self._show_fields()

    def choose(self, path: Path | None = None) -> BackupInfo | None:
        """Read the header of the backup file chosen (asked for when `path` is None)."""
        path = path or pick_open_path(self, strings.BACKUP_FILE_FILTER)
        if path is None:
            return None
        try:
            info = read_info(path)
        except (BackupError, OSError) as exc:
            self.info = None
            self.described.setText("")
            self.message.setText(str(exc))
        else:
            self.info = info
            self.message.setText("")
            self.described.setText(strings.backup_described(info.unit_code, when(info)))
        self._show_fields()
        self.changed.emit()
        return self.info

    def _show_fields(self) -> None:
        portable = self.info is not None and self.info.kind == PORTABLE
        for widget in self.portable_fields:
            widget.setVisible(portable)
        for widget in self.account_fields:
            widget.setVisible(self.info is not None and not portable)
        self.how.setVisible(self.info is not None)
        self.how.setText(strings.BACKUP_PORTABLE_NOTE if portable else strings.BACKUP_AUTO_NOTE)
        if self.info is not None:
            (self.passphrase if portable else self.secret).setFocus()

    def ready(self) -> bool:
        if self.info is None:
            return False
        if self.info.kind == PORTABLE:
            return bool(self.passphrase.text())
        return bool(self.username.text().strip() and self.secret.text())

    def restore(self, data_dir: Path) -> RestoreResult | None:
        """Put the backup in place in `data_dir`; None (and the reason shown) when refused."""
        assert self.info is not None
        path = self.info.path
        try:
            if self.info.kind == PORTABLE:
                return restore_backup(data_dir, path, passphrase=self.passphrase.text())
            key = key_from_backup(path, self.username.text().strip(), self.secret.text())
            try:
                return restore_backup(data_dir, path, key=key)
            finally:
                wipe(key)
        except (BackupError, OSError) as exc:
            self.message.setText(str(exc))
            return None

    def enter(self) -> None:
        if self.info is None:
            self.choose_button.setFocus()
