"""The first window: choose an account, type its password, sign in to the unit.

The unit's name lives inside the encrypted database, so before signing in the window can only
say which data folder it opens. It lists the accounts that may sign in there, shows the
refusal of a wrong password in red and, after too many, an honest countdown; "Quên mật khẩu?"
opens the recovery dialog. The demo data folder gets a hint with its documented password, and
no other folder ever does.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import LoginRefused, UnitError
from desktop.installation.unit_files import usernames
from ui import strings
from ui.password_prompt import FIELD_HEIGHT, PasswordPrompt
from ui.recovery_dialog import RecoveryDialog

CARD_WIDTH = 480  # the demo hint fits on one line


class LoginWindow(QFrame):
    """Signing in to the unit of `data_dir`; `signed_in` carries the new Session.

    The first window on screen, so it touches no enum of Qt's `Qt` namespace: PySide6 builds
    that whole namespace (~15–30 ms) at the first use of any of its enums. Alignment and
    selectable text come from the style sheet (`qproperty-…`), centring from stretches, and the
    window is a QFrame, which draws its style-sheet background without WA_StyledBackground.
    """

    signed_in = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        *,
        hint: str | None = None,
        username: str | None = None,
        removable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.removable = removable
        self.recovery_dialog: RecoveryDialog | None = None
        self._wanted_user = username
        self.setObjectName("loginWindow")
        self.setWindowTitle(strings.LOGIN_WINDOW_TITLE)
        self.resize(720, 680)

        app_name = QLabel(strings.APP_NAME)
        app_name.setObjectName("loginAppName")
        subtitle = QLabel(strings.LOGIN_SUBTITLE)
        subtitle.setObjectName("loginSubtitle")
        self.folder = QLabel(strings.data_folder(str(data_dir), removable=removable))
        self.folder.setObjectName("loginFolder")  # centred, selectable (style.qss)
        self.folder.setWordWrap(True)

        user_label = QLabel(strings.USERNAME)
        user_label.setObjectName("fieldLabel")
        self.accounts = QComboBox()
        self.accounts.setObjectName("accountBox")
        self.accounts.setAccessibleName(strings.USERNAME)
        self.accounts.setMinimumHeight(FIELD_HEIGHT)
        user_label.setBuddy(self.accounts)

        self.prompt = PasswordPrompt(strings.SIGN_IN, strings.SIGNING_IN)
        self.forgot = QPushButton(strings.FORGOT_PASSWORD)
        self.forgot.setObjectName("linkButton")
        self.forgot.setFlat(True)

        self.hint = QLabel(hint or "")
        self.hint.setObjectName("demoHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))

        card = QFrame()
        card.setObjectName("loginCard")
        card.setFixedWidth(CARD_WIDTH)
        form = QVBoxLayout(card)
        form.setContentsMargins(36, 30, 36, 30)
        form.setSpacing(6)
        form.addWidget(app_name)  # the labels centre their text (style.qss)
        form.addWidget(subtitle)
        form.addSpacing(22)
        form.addWidget(user_label)
        form.addWidget(self.accounts)
        form.addSpacing(10)
        form.addWidget(self.prompt)
        form.addSpacing(4)
        form.addLayout(_centred(self.forgot))
        form.addWidget(self.hint)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 16)
        outer.addStretch(1)
        outer.addLayout(_centred(card))
        outer.addStretch(1)
        outer.addWidget(self.folder)  # no alignment flag: a wrapped label needs the full width

        self.accounts.currentTextChanged.connect(self.prompt.set_account)
        self.prompt.submitted.connect(self._try)
        self.forgot.clicked.connect(self.open_recovery)
        self.reload_accounts()

    # -- accounts -------------------------------------------------------------------------

    def reload_accounts(self) -> None:
        """List the accounts of the data folder again (they change when an admin adds one)."""
        self.prompt.reset()
        previous = self.accounts.currentText() or self._wanted_user
        try:
            names, problem = usernames(self.data_dir), ""
        except UnitError as exc:  # the key file went missing or was damaged meanwhile
            names, problem = [], str(exc)
        self.accounts.blockSignals(True)
        self.accounts.clear()
        self.accounts.addItems(names)
        if previous in names:
            self.accounts.setCurrentText(previous)
        self.accounts.blockSignals(False)
        self.prompt.set_account(self.accounts.currentText())
        self.prompt.set_available(bool(names))
        self.accounts.setEnabled(bool(names))
        self.forgot.setEnabled(bool(names))
        if not names:
            self.prompt.show_error(problem or strings.NO_ACCOUNTS)

    def select_account(self, username: str) -> None:
        """Choose `username` in the list, as a person would."""
        self.accounts.setCurrentText(username)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.prompt.password.setFocus()

    # -- signing in -----------------------------------------------------------------------

    def _try(self, password: str) -> None:
        username = self.accounts.currentText()
        with self.prompt.busy():
            try:
                from desktop.installation.setup import login  # SQLite loads at the first sign-in

                session = login(self.data_dir, username, password, removable=self.removable)
            except LoginRefused as refusal:
                self.prompt.refuse(refusal)
                return
            except UnitError as exc:
                self.prompt.show_error(str(exc))
                return
        self.prompt.reset()
        self.signed_in.emit(session)

    def open_recovery(self) -> RecoveryDialog:
        """The dialog that sets a new admin password with the printed recovery code."""
        dialog = RecoveryDialog(
            self.data_dir,
            [self.accounts.itemText(i) for i in range(self.accounts.count())],
            username=self.accounts.currentText(),
            removable=self.removable,
            parent=self,
        )
        dialog.recovered.connect(self.signed_in)
        self.recovery_dialog = dialog
        dialog.open()
        return dialog


def _centred(widget: QWidget) -> QHBoxLayout:
    """`widget` at its own width in the middle of a row."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row
