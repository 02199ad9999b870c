"""The main window's status bar: the unit, the last sync, who is signed in (by name when the
account has one), "Đổi mật khẩu", "Khóa", and a link to forms left half-filled (drafts).

Who is signed in, "Đổi mật khẩu" and "Khóa" always keep their room: a long note of drafts is
cut short with "…" (its whole text in its tooltip, its link kept), and the unit and sync notes
shrink before them.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QToolButton, QWidget

from desktop.security.accounts import Account
from desktop.sync.status import OwnSync
from ui import strings
from ui.unit_info import UnitInfo


class ElidedLinkLabel(QLabel):
    """A line of rich text with links, cut short with "…" when its room is too narrow: then the
    visible text links to `first_link`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.full_html = ""
        self.first_link = ""

    def set_html(self, text: str, first_link: str) -> None:
        self.full_html, self.first_link = text, first_link
        self._fit()

    def full_text(self) -> str:
        doc = QTextDocument()
        doc.setHtml(self.full_html)
        return doc.toPlainText()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        doc = QTextDocument()
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(0)
        doc.setHtml(self.full_html)
        room = self.contentsRect().width() - 2
        self.setToolTip(doc.toPlainText())
        if doc.idealWidth() <= room or not self.full_html:
            self.setText(self.full_html)
            return
        short = self.fontMetrics().elidedText(doc.toPlainText(), Qt.TextElideMode.ElideRight, room)
        self.setText(f'<a href="{html.escape(self.first_link)}">{html.escape(short)}</a>')


class MainStatusBar(QStatusBar):
    """`draft_chosen(key)` when a link to a half-filled form is clicked."""

    draft_chosen = Signal(str)

    def __init__(self, lock_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.unit_status = QLabel()
        self.unit_status.setObjectName("unitStatus")
        self.user_status = QLabel()
        self.user_status.setObjectName("userStatus")
        self.sync_status = QLabel()
        self.sync_status.setObjectName("syncStatus")
        self.lock_button = QToolButton()
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setDefaultAction(lock_action)
        self.lock_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.password_button = QToolButton()  # one's own password, any role
        self.password_button.setObjectName("passwordButton")
        self.password_button.setText(strings.CHANGE_PASSWORD)
        self.password_button.setToolTip(strings.CHANGE_PASSWORD_TIP)
        self.password_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.draft_notice = ElidedLinkLabel()
        self.draft_notice.setObjectName("draftNotice")
        self.draft_notice.linkActivated.connect(self._draft_link)
        self.draft_notice.hide()
        for shrinking in (self.unit_status, self.sync_status):  # before the user and "Khóa"
            shrinking.setMinimumWidth(40)  # cut on the right rather than push them out
        for kept in (self.user_status, self.password_button, self.lock_button):
            kept.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.addWidget(self.draft_notice, stretch=1)
        self.addPermanentWidget(self.unit_status, stretch=1)
        self.addPermanentWidget(self.sync_status)
        self.addPermanentWidget(self.user_status)
        self.addPermanentWidget(self.password_button)
        self.addPermanentWidget(self.lock_button)

    def show_session(self, unit: UnitInfo, account: Account, sync: OwnSync) -> None:
        """The unit, the person and the last sync, back on the bar."""
        self.user_status.setText(
            strings.signed_in_as(account.username, account.role_label, account.display_name)
        )
        self.unit_status.setText(strings.status_unit(unit.name, unit.code))
        self.unit_status.setToolTip(self.unit_status.text())
        self.show_sync(sync)
        for widget in (self.unit_status, self.sync_status, self.password_button, self.lock_button):
            widget.show()

    def show_sync(self, sync: OwnSync) -> None:
        self.sync_status.setText(
            strings.status_sync(
                sync.last_sent_seq, sync.last_sent_at, sync.acknowledged_seq, sync.last_received_at
            )
        )

    def show_locked(self) -> None:
        """Nothing of the unit while the lock screen is up (the user stays: whose lock it is)."""
        for widget in (
            self.unit_status,
            self.sync_status,
            self.password_button,
            self.lock_button,
            self.draft_notice,
        ):
            widget.hide()
        self.unit_status.clear()

    def show_drafts(self, links: list[tuple[str, str, bool]]) -> None:
        """Links to half-filled forms: (key, section, new record?) each; none hides the note."""
        self.draft_notice.set_html(
            strings.drafts_waiting(links) if links else "", links[0][0] if links else ""
        )
        self.draft_notice.setVisible(bool(links))

    def _draft_link(self, key: str) -> None:
        self.draft_notice.hide()
        self.draft_chosen.emit(key)
