"""Approving a lower unit's enrolment request: the operator types the fingerprint from its sheet.

The field starts empty on purpose. The request file could have been swapped on the way; the
printed sheet (or the phone call) is the second channel, and only a fingerprint typed from it
proves the file is the one that unit made.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AccountError
from desktop.security.session import Session
from desktop.sync.enrolment import approve
from desktop.sync.identity import TrustError
from ui import strings
from ui.widgets.notice import Notice


class ApproveDialog(QDialog):
    """Shows who asks (unit, device); approves once the typed fingerprint matches the file."""

    def __init__(
        self, session: Session, request: bytes, body: dict, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.request = request
        self.body = body
        self.bundle: bytes | None = None
        self.setWindowTitle(strings.ENROL_APPROVE_TITLE)
        self.setMinimumWidth(520)
        intro = QLabel(strings.ENROL_APPROVE_INTRO)
        intro.setWordWrap(True)
        who = QLabel(
            strings.enrol_request_unit(
                body.get("unit_code", ""), body.get("unit_name") or "", body.get("device_id", "")
            )
        )
        who.setObjectName("sectionHeading")
        self.typed = QLineEdit()
        self.typed.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX")
        self.typed.setAccessibleName(strings.ENROL_TYPED)
        self.error = Notice()
        form = QFormLayout()
        form.addRow(strings.ENROL_TYPED, self.typed)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            strings.ENROL_APPROVE_OK, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(strings.CANCEL, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_approve)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def try_approve(self) -> bool:
        """Approve with the typed fingerprint; on a refusal say why and stay open."""
        typed = self.typed.text().strip()
        if not typed:
            self.error.say(strings.ENROL_TYPED_MISSING, "warning")
            return False
        try:
            self.bundle = approve(self.session, self.request, typed)
        except (TrustError, AccountError) as exc:
            self.error.say(strings.failed(str(exc)), "error")
            return False
        self.accept()
        return True
