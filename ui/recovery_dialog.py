"""A forgotten admin password: the printed recovery code and a new password, typed twice.

`desktop.installation.setup.recover` opens the unit with the recovery code, sets the new password
and signs the admin in; the dialog hands that Session on through `recovered`, so the person lands in
the main window as after a normal sign-in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import LoginRefused, UnitError
from ui import strings
from ui.password_prompt import FIELD_HEIGHT
from ui.widgets.buttons import button_row
from ui.widgets.fields import field_label, password_field


class RecoveryDialog(QDialog):
    """Set a new admin password with the recovery code; `recovered` carries the Session."""

    recovered = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        accounts: Sequence[str],
        *,
        username: str = "",
        removable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.removable = removable
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(strings.RECOVERY_TITLE)
        self.setModal(True)
        self.setMinimumWidth(520)

        intro = QLabel(strings.RECOVERY_INTRO)
        intro.setObjectName("dialogIntro")
        intro.setWordWrap(True)
        self.account = QComboBox()
        self.account.setEditable(True)  # the admin may have a name the list shows differently
        self.account.addItems(list(accounts))
        self.account.setCurrentText(username)
        self.account.setAccessibleName(strings.RECOVERY_ACCOUNT)
        self.code = QLineEdit()
        self.code.setObjectName("recoveryCode")
        self.code.setPlaceholderText(strings.RECOVERY_CODE_PLACEHOLDER)
        self.code.setAccessibleName(strings.RECOVERY_CODE)
        self.new_password = password_field(strings.NEW_PASSWORD)
        self.again = password_field(strings.NEW_PASSWORD_AGAIN)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()

        buttons, self.cancel, self.confirm = button_row(strings.CANCEL, strings.RECOVER)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(6)
        layout.addWidget(intro)
        layout.addSpacing(10)
        for text, field in (
            (strings.RECOVERY_ACCOUNT, self.account),
            (strings.RECOVERY_CODE, self.code),
            (strings.NEW_PASSWORD, self.new_password),
            (strings.NEW_PASSWORD_AGAIN, self.again),
        ):
            field.setMinimumHeight(FIELD_HEIGHT)
            layout.addWidget(field_label(text, field))
            layout.addWidget(field)
            layout.addSpacing(4)
        layout.addWidget(self.error)
        layout.addSpacing(10)
        layout.addLayout(buttons)

        self.confirm.clicked.connect(self.try_recover)
        self.cancel.clicked.connect(self.reject)
        self.code.setFocus()

    def show_error(self, message: str) -> None:
        """Why the new password was not set, in red."""
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def try_recover(self) -> None:
        """Check the fields, then open the unit with the code and set the new password."""
        code = self.code.text().strip()
        password = self.new_password.text()
        if not code:
            self.show_error(strings.RECOVERY_CODE_MISSING)
            self.code.setFocus()
            return
        if not password:
            self.show_error(strings.PASSWORD_MISSING)
            self.new_password.setFocus()
            return
        if password != self.again.text():
            self.show_error(strings.PASSWORDS_DIFFER)
            self.again.clear()
            self.again.setFocus()
            return
        from PySide6.QtCore import Qt  # not at import: the login window avoids the namespace

        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            from desktop.installation.setup import recover

            session = recover(
                self.data_dir,
                code,
                username=self.account.currentText().strip(),
                new_password=password,
                removable=self.removable,
            )
        except (LoginRefused, UnitError) as exc:
            self.show_error(str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.show_error("")
        self.recovered.emit(session)
        self.accept()
