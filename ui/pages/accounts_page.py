"""Tài khoản: who may open the unit on this computer, and an admin's work on their accounts.

The list shows each account's name, display name, role, state and last sign-in (from the audit
log). The actions call desktop.security.users, as `sohoi users` does: add an account, reset a
password (a one-time password shown to hand over), disable or enable (an enabled account gets a
one-time password: a disabled one has no key left), another role, a new recovery code (the
first-start wizard's page: copy, print). Each is written to the audit log by the service. Only
an administrator reaches the page (the window lists it for them only); anyone else who did would
see a note and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AccountError, LoginRefused
from desktop.security import users
from desktop.security.accounts import Account
from desktop.security.keyfile import account_name
from desktop.security.rekey import Rekeyed
from desktop.security.session import Session
from ui import strings
from ui.dialogs.account_dialogs import (
    AddUserDialog,
    ConfirmDialog,
    OneTimePasswordDialog,
    RecoveryCodeDialog,
    RoleDialog,
    busy,
)
from ui.pages import Page
from ui.pages.audit_page import local_time
from ui.unit_info import load_unit_info
from ui.widgets.notice import Notice
from ui.widgets.read_only_table import read_only_table

REFUSALS = (AccountError, LoginRefused, OSError)
DISABLED_GREY = "#7a8494"


class AccountsPage(Page):
    """The unit's accounts and what an administrator does with them.

    A dialog is opened without blocking (`open`), and kept in `dialog` while it is up, so the
    window (and a test) reaches it as a person does."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("accountsPage")
        self.accounts: list[Account] = []
        self.dialog: QDialog | None = None
        title = QLabel(strings.ACCOUNTS_TITLE)
        title.setObjectName("pageTitle")
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.notice = Notice()
        self.table = QTableWidget(0, len(strings.ACCOUNTS_COLUMNS))
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels(list(strings.ACCOUNTS_COLUMNS))
        self.table.setAccessibleName(strings.ACCOUNTS_TITLE)
        read_only_table(self.table)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.add_button = QPushButton(strings.ACCOUNT_ADD)
        self.add_button.setObjectName("primaryButton")
        self.reset_button = QPushButton(strings.ACCOUNT_RESET)
        self.disable_button = QPushButton(strings.ACCOUNT_DISABLE)
        self.role_button = QPushButton(strings.ACCOUNT_ROLE)
        self.recovery_button = QPushButton(strings.ACCOUNT_RENEW_RECOVERY)
        for button in (
            self.reset_button,
            self.disable_button,
            self.role_button,
            self.recovery_button,
        ):
            button.setObjectName("secondaryButton")
        actions = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.disable_button, self.role_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.recovery_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(self.note)
        layout.addWidget(self.notice)
        layout.addLayout(actions)
        layout.addWidget(self.table, stretch=1)

        self.add_button.clicked.connect(self.add_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.role_button.clicked.connect(self.change_role)
        self.recovery_button.clicked.connect(self.renew_recovery)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.refresh()

    # -- the list ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the accounts (administrators only)."""
        allowed = self.session.can("users")
        self.note.setText(strings.ACCOUNTS_NOTE if allowed else strings.ACCOUNTS_ADMIN_ONLY)
        for widget in (
            self.table,
            self.add_button,
            self.reset_button,
            self.disable_button,
            self.role_button,
            self.recovery_button,
        ):
            widget.setVisible(allowed)
        chosen = self.selected()
        self.table.setRowCount(0)
        self.accounts = []
        if not allowed:
            return
        self.accounts = users.accounts(self.session)
        last = users.last_sign_ins(self.session)
        self.table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            when = last.get(account.username)
            cells = (
                account.username,
                account.display_name or "",
                account.role_label,
                strings.ACCOUNT_DISABLED if account.disabled else strings.ACCOUNT_ACTIVE,
                local_time(when) if when else strings.NEVER_SIGNED_IN,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if account.disabled:  # a disabled account reads greyed out
                    item.setForeground(QBrush(QColor(DISABLED_GREY)))
                self.table.setItem(row, column, item)
        if chosen is not None:
            self.select(chosen.username)
        self._selection_changed()

    def row_texts(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row."""
        return [
            tuple(
                item.text() if (item := self.table.item(r, c)) is not None else ""
                for c in range(self.table.columnCount())
            )
            for r in range(self.table.rowCount())
        ]

    def select(self, username: str) -> None:
        """Select the row of account `username`."""
        for row, account in enumerate(self.accounts):
            if account_name(account.username) == account_name(username):
                self.table.selectRow(row)
                return

    def selected(self) -> Account | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not 0 <= rows[0].row() < len(self.accounts):
            return None
        return self.accounts[rows[0].row()]

    def _selection_changed(self) -> None:
        account = self.selected()
        is_me = account is not None and account_name(account.username) == account_name(
            self.session.account.username
        )
        self.reset_button.setEnabled(account is not None and not is_me)
        self.disable_button.setEnabled(account is not None and not is_me)
        self.role_button.setEnabled(account is not None)
        disabled = account is not None and account.disabled
        self.disable_button.setText(strings.ACCOUNT_ENABLE if disabled else strings.ACCOUNT_DISABLE)

    # -- the actions -------------------------------------------------------------------------

    def _open(self, dialog: QDialog, done: Callable[[], None]) -> None:
        """Open `dialog` without blocking; `done` once it is accepted."""
        self.dialog = dialog
        dialog.accepted.connect(done)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _chosen(self) -> Account | None:
        account = self.selected()
        if account is None:
            self.notice.say(strings.ACCOUNT_PICK_FIRST, "error")
        return account

    def _done(self, message: str, rekeyed: Rekeyed | None = None) -> None:
        self.refresh()
        notice = rekeyed.notice if rekeyed is not None else None
        if notice:
            self.notice.say(f"{message} {notice}", "warning")
        else:
            self.notice.say(message)

    def add_user(self) -> None:
        dialog = AddUserDialog(self.session, self)

        def done() -> None:
            if dialog.added is not None:
                self._done(strings.user_added(dialog.added.username, dialog.added.role_label))
                self.select(dialog.added.username)

        self._open(dialog, done)

    def reset_password(self) -> None:
        account = self._chosen()
        if account is None:
            return
        question = strings.confirm_reset(account.username)
        self._open(
            ConfirmDialog(question, strings.RESET_CONFIRM, self),
            lambda: self._new_password(account),
        )

    def toggle_disabled(self) -> None:
        account = self._chosen()
        if account is None:
            return
        if account.disabled:
            question, action = strings.confirm_enable(account.username), strings.ENABLE_CONFIRM
            self._open(ConfirmDialog(question, action, self), lambda: self._new_password(account))
            return
        question, action = strings.confirm_disable(account.username), strings.DISABLE_CONFIRM
        self._open(ConfirmDialog(question, action, self), lambda: self._disable(account))

    def _disable(self, account: Account) -> None:
        try:
            done = busy(lambda: users.disable_user(self.session, account.username))
        except REFUSALS as exc:
            self.refresh()
            self.notice.say(strings.failed(str(exc)), "error")
            return
        self._done(strings.user_disabled(account.username), done)

    def _new_password(self, account: Account) -> None:
        """A one-time password for `account` (a reset; for a disabled one, enabled again)."""
        password = users.one_time_password()
        try:
            done = busy(lambda: users.reset_password(self.session, account.username, password))
        except REFUSALS as exc:
            self.refresh()
            self.notice.say(strings.failed(str(exc)), "error")
            return
        self._done(strings.password_reset_done(account.username), done)
        self._open(OneTimePasswordDialog(account.username, password, self), lambda: None)

    def change_role(self) -> None:
        account = self._chosen()
        if account is None:
            return
        dialog = RoleDialog(self.session, account, self)

        def done() -> None:
            if dialog.changed is not None:
                changed = dialog.changed
                self._done(strings.role_changed(changed.username, changed.role_label))

        self._open(dialog, done)

    def renew_recovery(self) -> None:
        self._open(ConfirmDialog(strings.CONFIRM_RENEW, strings.RENEW_CONFIRM, self), self._renew)

    def _renew(self) -> None:
        try:
            code, done = busy(lambda: users.renew_recovery(self.session))
        except REFUSALS as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return
        self._done(strings.RECOVERY_RENEWED, done)
        unit = load_unit_info(self.session.store)
        self._open(RecoveryCodeDialog(unit.code, unit.name, code, self), lambda: None)
