"""The password part shared by the login window and the lock screen.

A password field, the button that tries it, the refusal in red and, after too many wrong tries,
an honest countdown during which the button stays disabled. The owner does the try itself
(`units.login`, `Session.unlock`) when `submitted` fires, inside `busy()`, and hands a refusal
back to `refuse`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Signal
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.errors import LoginRefused
from ui import strings
from ui.wait_gate import WaitGate, without_wait_sentence

FIELD_HEIGHT = 40  # pixels: a field and a button large enough for an unsteady hand
BUTTON_HEIGHT = 46


class PasswordPrompt(QWidget):
    """The password field, its messages and its button; `submitted` carries the password."""

    submitted = Signal(str)

    def __init__(self, button_text: str, busy_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordPrompt")
        self._button_text = button_text
        self._busy_text = busy_text
        self._account = ""
        self._counting = False  # a countdown is (or was just) on screen for this account
        self._available = True

        self.label = QLabel(strings.PASSWORD)
        self.label.setObjectName("fieldLabel")
        self.password = QLineEdit()
        self.password.setObjectName("passwordField")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(strings.PASSWORD)
        self.password.setMinimumHeight(FIELD_HEIGHT)
        self.label.setBuddy(self.password)

        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.wait = QLabel()
        self.wait.setObjectName("waitText")
        self.wait.setWordWrap(True)
        self.wait.hide()

        self.button = QPushButton(button_text)
        self.button.setObjectName("primaryButton")
        self.button.setDefault(True)
        self.button.setMinimumHeight(BUTTON_HEIGHT)

        self.gate = WaitGate(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(self.wait)
        layout.addSpacing(8)
        layout.addWidget(self.button)

        self.password.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        self.gate.changed.connect(self._update_gate)

    # -- for the owner --------------------------------------------------------------------

    def set_account(self, account: str) -> None:
        """The account the password is for: its own countdown, if any, applies."""
        if account != self._account:
            self._account = account
            self._counting = False
            self.reset()
        self._update_gate()

    def reset(self) -> None:
        """An empty field and no message (a new account, or the lock screen shown again)."""
        self.password.clear()
        self.error.clear()
        self.error.hide()
        self._counting = False
        self._update_gate()

    def set_available(self, available: bool) -> None:
        """Whether there is anything to try at all (no account: field and button off)."""
        self._available = available
        self.password.setEnabled(available)
        self._update_gate()

    def show_error(self, message: str) -> None:
        """A refusal in red under the field."""
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def refuse(self, refusal: LoginRefused) -> None:
        """Show why the try failed; after too many, hold the button for the wait it imposes."""
        self.password.clear()
        self.password.setFocus()
        message = str(refusal)
        if refusal.wait_seconds > 0:
            message = without_wait_sentence(message)
            self.gate.hold(self._account, refusal.wait_seconds)
        else:
            self._counting = False
            self._update_gate()
        self.show_error(message)

    def seconds_left(self) -> int:
        """How long the current account must still wait before the button works again."""
        return self.gate.seconds_left(self._account)

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Around the try: the button says so and the cursor waits (a try takes ~0.2 s)."""
        self.button.setEnabled(False)
        self.button.setText(self._busy_text)
        self.button.repaint()  # paint it now: the try blocks the event loop for its duration
        from PySide6.QtCore import Qt  # not at import: the login window avoids the namespace

        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            yield
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.button.setText(self._button_text)
            self._update_gate()

    # -- inside ---------------------------------------------------------------------------

    def _submit(self) -> None:
        if not self.button.isEnabled():
            return  # Enter in the field during the countdown does nothing, like the button
        password = self.password.text()
        if not password:
            self.show_error(strings.PASSWORD_MISSING)
            self.password.setFocus()
            return
        self.submitted.emit(password)

    def _update_gate(self) -> None:
        left = self.gate.seconds_left(self._account)
        self.button.setEnabled(self._available and left == 0)
        if left > 0:
            self._counting = True
            self.wait.setText(strings.wait_countdown(left))
            self.wait.show()
        elif self._counting:
            self.wait.setText(strings.TRY_AGAIN_NOW)
            self.wait.show()
        else:
            self.wait.hide()
