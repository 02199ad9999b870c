"""The first admin account: a name to sign in with and a password typed twice."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.security.accounts import MIN_PASSWORD_LENGTH
from ui import strings
from ui.first_start.common import StepPage, message_label
from ui.widgets.fields import field_label, password_field

DEFAULT_ADMIN = "admin"


class AdminPage(StepPage):
    """Username and password of the unit's first admin; says as you type what is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(strings.STEP_ADMIN, strings.ADMIN_INTRO, parent)
        self.username = QLineEdit(DEFAULT_ADMIN)
        self.username.setAccessibleName(strings.ADMIN_USERNAME)
        self.password = password_field(strings.ADMIN_PASSWORD)
        self.again = password_field(strings.ADMIN_PASSWORD_AGAIN)
        self.message = message_label()
        for text, field in (
            (strings.ADMIN_USERNAME, self.username),
            (strings.ADMIN_PASSWORD, self.password),
            (strings.ADMIN_PASSWORD_AGAIN, self.again),
        ):
            self.body.addWidget(field_label(text, field))
            self.body.addWidget(field)
            self.body.addSpacing(4)
            field.textChanged.connect(self._update)
        self.body.addWidget(self.message)
        self.body.addStretch(1)

    def _problem(self) -> str:
        if not self.username.text().strip():
            return strings.USERNAME_EMPTY
        if len(self.password.text()) < MIN_PASSWORD_LENGTH:
            return strings.password_too_short(MIN_PASSWORD_LENGTH)
        if self.again.text() != self.password.text():
            return strings.ADMIN_PASSWORDS_DIFFER
        return ""

    def _update(self) -> None:
        # Say nothing about the second field until something was typed in it.
        problem = self._problem()
        quiet = not self.password.text() or (
            problem == strings.ADMIN_PASSWORDS_DIFFER and not self.again.text()
        )
        self.message.setText("" if quiet else problem)
        self.changed.emit()

    def ready(self) -> bool:
        return not self._problem()

    def enter(self) -> None:
        self.password.setFocus()
