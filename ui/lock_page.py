"""The lock screen: shown instead of the unit's data when the session is locked.

It names the signed-in person and asks for their password again (`Session.unlock`, with the
same growing delay after wrong tries as the login); "Đổi người dùng" gives the computer to
someone else (the window closes the session and shows the login again).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from db.connection import DatabaseUnavailable
from desktop.errors import LoginRefused
from desktop.security.session import Session
from ui import strings
from ui.password_prompt import PasswordPrompt

CARD_WIDTH = 440


class LockPage(QWidget):
    """The lock screen: who is signed in, the password, "Mở khóa", and "Đổi người dùng"."""

    unlocked = Signal()
    switch_user = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("lockPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

        heading = QLabel(strings.LOCKED_HEADING)
        heading.setObjectName("lockHeading")
        self.user = QLabel()
        self.user.setObjectName("lockUser")
        note = QLabel(f"{strings.LOCKED_NOTE}\n{strings.UNLOCK_PROMPT}")
        note.setObjectName("lockNote")
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.prompt = PasswordPrompt(strings.UNLOCK, strings.UNLOCKING)
        self.switch_button = QPushButton(strings.SWITCH_USER)
        self.switch_button.setObjectName("secondaryButton")
        self.switch_button.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))

        card = QFrame()
        card.setObjectName("loginCard")
        card.setFixedWidth(CARD_WIDTH)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(36, 30, 36, 30)
        layout.setSpacing(6)
        layout.addWidget(heading, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.user, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(6)
        layout.addWidget(note)
        layout.addSpacing(14)
        layout.addWidget(self.prompt)
        layout.addSpacing(14)
        layout.addWidget(self.switch_button)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, alignment=Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.prompt.submitted.connect(self._try)
        self.switch_button.clicked.connect(self.switch_user)

    def start(self) -> None:
        """Get ready for the person coming back: their name, an empty field with the cursor."""
        account = self.session.account
        self.user.setText(
            strings.signed_in_as(account.username, account.role_label, account.display_name)
        )
        self.prompt.set_account(account.username)
        self.prompt.reset()
        self.prompt.password.setFocus()

    def _try(self, password: str) -> None:
        with self.prompt.busy():
            try:
                self.session.unlock(password)
            except LoginRefused as refusal:
                self.prompt.refuse(refusal)
                return
            except DatabaseUnavailable as exc:  # the USB stick was pulled meanwhile
                self.prompt.show_error(str(exc))
                return
        self.prompt.reset()
        self.unlocked.emit()
