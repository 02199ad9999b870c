"""Báo cáo lần đầu: the commune's one-trip checklist on the Đồng bộ page.

What to carry, what comes back, what is still missing, in plain words: the province's
invitation (its name and the "mã kiểm tra" to compare by phone), this PC's "Mã máy" to read out,
the first trip written, the certificate ("Giấy xác nhận của tỉnh") and the receipt back. The
work itself is desktop/sync/first_trip.py; the page's «Ghi tệp gửi cấp trên» writes the first
trip and «Nhận các tệp» takes the certificate and the receipt.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.errors import AccountError
from desktop.security.session import Session
from desktop.sync import first_trip
from desktop.sync.identity import TrustError
from ui import strings
from ui.dialogs.files import pick_open_path
from ui.unit_info import load_unit_info
from ui.widgets.notice import Notice

ERRORS = (TrustError, AccountError, OSError)


class FirstReportPanel(QGroupBox):
    """The checklist of a unit's first report, until the level above acknowledged one."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        self.level = load_unit_info(session.store).level
        super().__init__(self.words(strings.FIRST_HEADING), parent)
        self.session = session
        self.folder: Path | None = None
        self.setObjectName("firstReport")
        caption = QLabel(self.words(strings.FIRST_DEVICE_CODE))
        self.device_code = QLabel()
        self.device_code.setStyleSheet(
            "font-size: 20pt; font-weight: bold; letter-spacing: 2px; color: #1f5fa8;"
        )
        self.device_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.steps = [QLabel() for _ in range(4)]
        self.invitation = QLabel()
        self.invitation.setWordWrap(True)
        self.invitation.setObjectName("note")
        self.carry = QLabel(self.words(strings.FIRST_CARRY))
        self.carry.setWordWrap(True)
        self.carry.setObjectName("note")
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("font-weight: bold;")
        self.open_button = QPushButton(self.words(strings.FIRST_OPEN_INVITATION))
        self.open_button.clicked.connect(lambda: self.open_invitation())
        self.notice = Notice()
        layout = QVBoxLayout(self)
        code_row = QHBoxLayout()
        code_row.addWidget(caption)
        code_row.addWidget(self.device_code)
        code_row.addStretch(1)
        layout.addLayout(code_row)
        first_row = QHBoxLayout()
        first_row.addWidget(self.steps[0], stretch=1)
        first_row.addWidget(self.open_button)
        layout.addLayout(first_row)
        layout.addWidget(self.invitation)
        for label in self.steps[1:]:
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.carry)
        layout.addWidget(self.missing)
        layout.addWidget(self.notice)
        self.refresh()

    def words(self, text: str) -> str:
        """`text` naming this unit's level above (ui.strings.first_report.for_level_above)."""
        return strings.for_level_above(text, self.level)

    def wanted(self) -> bool:
        """Shown while the first report is not acknowledged, to a PC not yet confirmed or one
        that took the one trip (a PC confirmed the other way just sends: nothing to guide)."""
        state = first_trip.first_report(self.session)
        return not state.received and (not state.certified or state.invitation is not None)

    def refresh(self) -> None:
        state = first_trip.first_report(self.session)
        self.device_code.setText(state.device_code)
        inv = state.invitation
        have_invitation = inv is not None or state.certified
        done = (have_invitation, state.written, state.certified, state.received)
        texts = (
            strings.FIRST_STEP_INVITATION,
            strings.FIRST_STEP_WRITE,
            strings.FIRST_STEP_APPROVE,
            strings.FIRST_STEP_BACK,
        )
        for label, is_done, text in zip(self.steps, done, texts, strict=True):
            label.setText(strings.first_step(is_done, self.words(text)))
        self.invitation.setVisible(inv is not None)
        if inv is not None:
            self.invitation.setText(
                self.words(strings.first_invitation(inv.unit_name, inv.fingerprint))
            )
        self.open_button.setVisible(not state.certified)
        self.open_button.setEnabled(self.session.can("keys"))
        if state.received:
            self.missing.setText(self.words(strings.FIRST_DONE))
        else:
            left = next(text for is_done, text in zip(done, texts, strict=True) if not is_done)
            self.missing.setText(strings.FIRST_MISSING + self.words(left))

    def open_invitation(self, path: Path | None = None) -> bool:
        """Import the province's invitation (asking for the file, by default on the USB)."""
        path = path or pick_open_path(self, strings.FIRST_INVITATION_FILTER)
        if path is None:
            return False
        try:
            inv = first_trip.import_invitation(self.session, path.read_bytes())
        except ERRORS as exc:
            self.notice.say(f"{strings.FIRST_INVITATION_FAILED}: {exc}", "error")
            return False
        self.refresh()
        self.notice.say(strings.first_invitation_opened(inv.unit_name))
        return True
