"""Cài đặt: every setting of desktop.installation.settings.SETTINGS with its help, the portable
mode, backups.

The fields are made from the declarations, so a new setting appears here without code. Only an
administrator can save; everyone else sees the values read-only. The font size applies to the
whole application as soon as it is saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.backup import make as backup
from desktop.backup.format import BackupError
from desktop.errors import AccountError
from desktop.installation import settings
from desktop.installation.paths import is_portable
from desktop.installation.settings import REMEMBERED, SETTINGS, SettingError
from desktop.security.session import Session
from ui import strings
from ui.dialogs.files import SavedLine, pick_save_path
from ui.dialogs.passphrase_dialog import PassphraseDialog
from ui.pages import Page
from ui.widgets.notice import Notice

SPIN_WIDTH = 140
ERRORS = (SettingError, AccountError, BackupError, OSError)


def editor_for(key: str) -> QWidget:
    """The field for setting `key`: a spin box within its bounds, or a text field."""
    spec = SETTINGS[key]
    low = spec.minimum if spec.minimum is not None else -1e9
    high = spec.maximum if spec.maximum is not None else 1e9
    if spec.type is int:
        box = QSpinBox()
        box.setRange(int(low), int(high))
        box.setMaximumWidth(SPIN_WIDTH)
        return box
    if spec.type is float:
        decimal = QDoubleSpinBox()
        decimal.setDecimals(1)
        decimal.setSingleStep(0.5)
        decimal.setRange(low, high)
        decimal.setMaximumWidth(SPIN_WIDTH)
        return decimal
    if key.endswith("_lines"):
        text = QPlainTextEdit()
        text.setFixedHeight(80)
        return text
    return QLineEdit()


def _value(editor: QWidget) -> Any:
    if isinstance(editor, QSpinBox | QDoubleSpinBox):
        return editor.value()
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    assert isinstance(editor, QLineEdit)
    return editor.text()


def _show(editor: QWidget, value: Any) -> None:
    if isinstance(editor, QSpinBox):
        editor.setValue(int(value))
    elif isinstance(editor, QDoubleSpinBox):
        editor.setValue(float(value))
    elif isinstance(editor, QPlainTextEdit):
        editor.setPlainText(str(value or ""))
    elif isinstance(editor, QLineEdit):
        editor.setText(str(value or ""))


def apply_font_size(points: float) -> None:
    """Make the whole application's text `points` large at once."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = QFont(app.font())
        font.setPointSizeF(points)
        app.setFont(font)


class SettingsPage(Page):
    """The installation's settings, its data folder and its backups."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("settingsPage")
        title = QLabel(strings.SETTINGS_TITLE)
        title.setObjectName("pageTitle")
        self.notice = Notice()
        self.read_only_note = QLabel(strings.ADMIN_ONLY)
        self.read_only_note.setObjectName("note")

        self.editors: dict[str, QWidget] = {}
        form = QFormLayout()
        for key, spec in SETTINGS.items():
            if key in REMEMBERED:  # remembered by the page that uses it
                continue
            editor = editor_for(key)
            editor.setObjectName(f"setting_{key}")
            editor.setAccessibleName(spec.help)
            self.editors[key] = editor
            form.addRow(QLabel(spec.help, wordWrap=True), editor)
        self.save_button = QPushButton(strings.SETTINGS_SAVE)
        self.save_button.clicked.connect(self.save)
        self.add_shortcut("Ctrl+S", self.save_form)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form.addRow("", save_row)

        self.portable = QLabel()
        self.portable.setWordWrap(True)
        portable_box = QGroupBox(strings.PORTABLE_HEADING)
        QVBoxLayout(portable_box).addWidget(self.portable)

        self.backup_button = QPushButton(strings.BACKUP_NOW)
        self.backup_button.clicked.connect(self.backup_now)
        self.export_button = QPushButton(strings.BACKUP_EXPORT)
        self.export_button.clicked.connect(lambda: self.export_portable())
        self.saved = SavedLine()
        backup_box = QGroupBox(strings.BACKUP_HEADING)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        backup_layout = QVBoxLayout(backup_box)
        backup_layout.addLayout(row)
        backup_layout.addWidget(self.saved)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addWidget(portable_box)
        layout.addWidget(backup_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    def refresh(self) -> None:
        """Show the stored values; lock the fields for anyone but an administrator."""
        db = self.session.store.db
        admin = self.session.can("settings")
        for key, editor in self.editors.items():
            _show(editor, settings.get(db, key))
            editor.setEnabled(admin)
        self.save_button.setVisible(admin)
        self.read_only_note.setVisible(not admin)
        data_dir = self.session.data_dir
        self.portable.setText(strings.portable_status(is_portable(data_dir), str(data_dir)))
        can_backup = self.session.can("backup")
        self.backup_button.setEnabled(can_backup)
        self.export_button.setEnabled(can_backup)

    def save_form(self) -> None:
        """Ctrl+S: as "Lưu cài đặt", for an administrator."""
        if self.save_button.isVisible():
            self.save()

    def save(self) -> bool:
        """Store every changed value; the font size applies at once."""
        db = self.session.store.db
        try:
            for key, editor in self.editors.items():
                value = settings.coerce(key, _value(editor))
                if value != settings.get(db, key):
                    self.session.set_setting(key, value)
        except ERRORS as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return False
        apply_font_size(settings.get(db, "font_point_size"))
        self.notice.say(strings.SETTINGS_SAVED)
        return True

    def backup_now(self) -> Path | None:
        """A manual backup into the backup folder."""
        try:
            path = backup.create_auto_backup(self.session, reason="manual")
        except ERRORS as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return None
        self.notice.clear_notice()
        self.saved.show_path(path.parent, strings.backup_done(str(path)))
        return path

    def export_portable(
        self, out: Path | None = None, passphrase: str | None = None
    ) -> Path | None:
        """A backup to take to another computer, locked with a passphrase asked twice."""
        if out is None:
            name = f"sao-luu-{self.session.store.unit_code}{backup.SUFFIX}"
            out = pick_save_path(self, str(Path.home() / name), strings.BACKUP_FILE_FILTER)
            if out is None:
                return None
        if passphrase is None:
            dialog = PassphraseDialog(self)
            if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
                return None
            passphrase = dialog.passphrase
        try:
            path = backup.export_backup(self.session, out, passphrase)
        except ERRORS as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return None
        self.notice.clear_notice()
        self.saved.show_path(path.parent, strings.backup_done(str(path)))
        return path
