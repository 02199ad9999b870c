"""The dialogs of accounts: add one, a one-time password to hand over, a role, a new recovery
code (the first-start wizard's page, in a dialog), a question before a change, and one's own
password.

Each dialog calls the same service of desktop.security.users the `sohoi users` commands call
(which checks the role, the password rules and the last admin, and writes the audit log); a
refusal is shown in red under the fields and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AccountError, LoginRefused
from desktop.security import users
from desktop.security.accounts import ROLES, Account
from desktop.security.session import Session
from ui import strings
from ui.first_start.recovery_page import RecoveryPage
from ui.widgets.buttons import button_row
from ui.widgets.fields import password_field
from ui.widgets.form_dialog import FormDialog
from ui.widgets.notice import Notice

REFUSALS = (AccountError, LoginRefused)


def busy[T](work: Callable[[], T]) -> T:
    """Run `work` under the wait cursor (a password's key derivation, a re-key)."""
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        return work()
    finally:
        QGuiApplication.restoreOverrideCursor()


class AddUserDialog(FormDialog):
    """A new account: name, display name, role, first password typed twice."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(
            strings.ADD_USER_TITLE, strings.ADD_USER_INTRO, strings.ADD_USER_CONFIRM, parent
        )
        self.setObjectName("addUserDialog")
        self.session = session
        self.added: Account | None = None
        self.username = QLineEdit()
        self.username.setObjectName("newUsername")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("newDisplayName")
        self.role = QComboBox()
        self.role.setObjectName("newRole")
        for role in ROLES:
            self.role.addItem(strings.ROLE_HELP[role], role)
        self.role.setCurrentIndex(ROLES.index("entry"))
        self.password = password_field(strings.FIRST_PASSWORD)
        self.again = password_field(strings.FIRST_PASSWORD_AGAIN)
        self.add_field(strings.NEW_USERNAME, self.username)
        self.add_field(strings.NEW_DISPLAY_NAME, self.display_name)
        self.add_field(strings.NEW_ROLE, self.role)
        self.add_field(strings.FIRST_PASSWORD, self.password)
        self.add_field(strings.FIRST_PASSWORD_AGAIN, self.again)
        self.username.setFocus()

    def submit(self) -> None:
        name = self.username.text().strip()
        if not name:
            self.show_error(strings.USERNAME_MISSING, self.username)
            return
        if not self.password.text():
            self.show_error(strings.PASSWORD_MISSING, self.password)
            return
        if self.password.text() != self.again.text():
            self.again.clear()
            self.show_error(strings.PASSWORDS_DIFFER, self.again)
            return
        display = self.display_name.text().strip() or None
        try:
            self.added = busy(
                lambda: users.add_user(
                    self.session, name, self.password.text(), self.role.currentData(), display
                )
            )
        except REFUSALS as exc:
            self.show_error(str(exc), self.username)
            return
        self.show_error("")
        self.accept()


class ChangePasswordDialog(FormDialog):
    """The signed-in person's own password: the current one, the new one twice."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, forced: bool = False
    ) -> None:
        super().__init__(
            strings.CHANGE_PASSWORD_TITLE,
            strings.CHANGE_PASSWORD_FORCED_INTRO if forced else strings.CHANGE_PASSWORD_INTRO,
            strings.CHANGE_PASSWORD_CONFIRM,
            parent,
        )
        self.setObjectName("changePasswordDialog")
        self.session = session
        self.current = password_field(strings.CURRENT_PASSWORD)
        self.new_password = password_field(strings.NEW_PASSWORD)
        self.again = password_field(strings.NEW_PASSWORD_AGAIN)
        self.add_field(strings.CURRENT_PASSWORD, self.current)
        self.add_field(strings.NEW_PASSWORD, self.new_password)
        self.add_field(strings.NEW_PASSWORD_AGAIN, self.again)
        self.current.setFocus()

    def submit(self) -> None:
        if not self.current.text():
            self.show_error(strings.PASSWORD_MISSING, self.current)
            return
        if not self.new_password.text():
            self.show_error(strings.PASSWORD_MISSING, self.new_password)
            return
        if self.new_password.text() != self.again.text():
            self.again.clear()
            self.show_error(strings.PASSWORDS_DIFFER, self.again)
            return
        try:
            busy(
                lambda: users.change_password(
                    self.session, self.current.text(), self.new_password.text()
                )
            )
        except REFUSALS as exc:
            self.current.clear()
            self.show_error(str(exc), self.current)
            return
        self.show_error("")
        self.accept()


class RoleDialog(FormDialog):
    """Another role for an account (the last active admin keeps theirs: the service refuses)."""

    def __init__(self, session: Session, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(
            strings.ROLE_TITLE, strings.role_intro(account.username), strings.ROLE_TITLE, parent
        )
        self.setObjectName("roleDialog")
        self.session, self.account = session, account
        self.changed: Account | None = None
        self.role = QComboBox()
        self.role.setObjectName("roleChoice")
        for role in ROLES:
            self.role.addItem(strings.ROLE_HELP[role], role)
        self.role.setCurrentIndex(ROLES.index(account.role))
        self.add_field(strings.NEW_ROLE, self.role)

    def submit(self) -> None:
        try:
            self.changed = users.set_role(
                self.session, self.account.username, self.role.currentData()
            )
        except REFUSALS as exc:
            self.show_error(str(exc), self.role)
            return
        self.show_error("")
        self.accept()


class ConfirmDialog(QDialog):
    """A question before a change that cannot be taken back; "Hủy" is the default."""

    def __init__(self, text: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setWindowTitle(strings.CONFIRM_TITLE)
        self.setModal(True)
        self.setMinimumWidth(460)
        label = QLabel(text)
        label.setObjectName("dialogIntro")
        label.setWordWrap(True)
        row, self.cancel, self.confirm = button_row(strings.CANCEL, action)
        self.confirm.setDefault(False)
        self.cancel.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.addWidget(label)
        layout.addSpacing(14)
        layout.addLayout(row)
        self.cancel.clicked.connect(self.reject)
        self.confirm.clicked.connect(self.accept)


class OneTimePasswordDialog(QDialog):
    """A password set by an admin, shown once to be copied and handed over."""

    def __init__(self, username: str, password: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("oneTimePasswordDialog")
        self.setWindowTitle(strings.ONE_TIME_TITLE)
        self.setModal(True)
        self.setMinimumWidth(480)
        intro = QLabel(strings.one_time_intro(username))
        intro.setObjectName("dialogIntro")
        intro.setWordWrap(True)
        self.password = QLabel(password)
        self.password.setObjectName("oneTimePassword")
        self.password.setStyleSheet(
            "font-size: 20pt; font-weight: bold; letter-spacing: 1px; color: #1f5fa8;"
        )
        self.password.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.notice = Notice()
        self.copy_button = QPushButton(strings.COPY)
        self.copy_button.setObjectName("secondaryButton")
        self.done_button = QPushButton(strings.ONE_TIME_DONE)
        self.done_button.setObjectName("primaryButton")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        row.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.addWidget(intro)
        layout.addSpacing(10)
        layout.addWidget(self.password)
        layout.addWidget(self.notice)
        layout.addSpacing(10)
        layout.addLayout(row)
        self.copy_button.clicked.connect(self.copy)
        self.done_button.clicked.connect(self.accept)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.password.text())
        self.notice.say(strings.ONE_TIME_COPIED)


class RecoveryCodeDialog(QDialog):
    """A new recovery code: the first-start wizard's page (copy, the sheet as a PDF, "kept"),
    closed only once the person ticks that the code is kept."""

    def __init__(
        self, unit_code: str, unit_name: str, code: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryCodeDialog")
        self.setWindowTitle(strings.RENEW_TITLE)
        self.setModal(True)
        self.setMinimumWidth(560)
        self.page = RecoveryPage()
        self.page.heading.setText(strings.RENEW_HEADING)
        self.page.show_code(unit_code, unit_name, code)
        self.page.created.hide()
        self.close_button = QPushButton(strings.RENEW_CLOSE)
        self.close_button.setObjectName("primaryButton")
        self.close_button.setEnabled(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.addWidget(self.page)
        layout.addLayout(row)
        self.page.changed.connect(lambda: self.close_button.setEnabled(self.page.ready()))
        self.close_button.clicked.connect(self.accept)

    def reject(self) -> None:
        """Esc or the title bar's cross: only once the code is kept."""
        if self.page.ready():
            super().reject()
