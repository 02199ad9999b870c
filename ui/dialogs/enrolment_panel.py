"""Xác nhận máy: this device's fingerprint (its "Mã máy"), the request, approving requests, the
certificate ("Giấy xác nhận"), and at an upper level the invitation for the units below.

A lower unit writes a request file and prints its enrolment sheet; the unit above approves the
request after typing the fingerprint from the sheet, which writes a certificate file; the lower
unit accepts it. Then the packages it sends are trusted above. The upper level's invitation
(desktop/sync/first_trip.py) lets a commune carry its request and first report in one trip.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.errors import AccountError
from desktop.files import atomic_write_bytes
from desktop.security.session import Session
from desktop.sync import enrolment, first_trip
from desktop.sync.identity import TrustError, certificate
from ui import strings
from ui.dialogs.enrol_approve import ApproveDialog
from ui.dialogs.files import pick_open_path, pick_save_path
from ui.unit_info import load_unit_info
from ui.widgets.notice import Notice

REQUEST_SUFFIX = ".sohoi-request"
BUNDLE_SUFFIX = ".sohoi-cert"
ERRORS = (TrustError, AccountError, OSError)


class EnrolmentPanel(QGroupBox):
    """The enrolment box of the Đồng bộ page, for a session allowed to manage keys."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(strings.ENROL_HEADING, parent)
        self.session = session
        self.folder: Path | None = None  # the USB folder chosen on the page, the files' default
        caption = QLabel(strings.ENROL_FINGERPRINT)
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setStyleSheet(
            "font-size: 22pt; font-weight: bold; letter-spacing: 2px; color: #1f5fa8;"
        )
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = QLabel()
        self.state.setObjectName("note")
        note = QLabel(strings.ENROL_FINGERPRINT_NOTE)
        note.setObjectName("note")
        note.setWordWrap(True)
        self.request_button = QPushButton(strings.ENROL_REQUEST)
        self.approve_button = QPushButton(strings.ENROL_APPROVE)
        self.accept_button = QPushButton(strings.ENROL_ACCEPT)
        self.invite_button = QPushButton(strings.INVITE_BELOW)
        self.invite_button.clicked.connect(lambda: self.write_invitation())
        self.request_button.clicked.connect(lambda: self.write_request())
        self.approve_button.clicked.connect(lambda: self.approve_request())
        self.accept_button.clicked.connect(lambda: self.accept_certificate())
        self.notice = Notice()
        buttons = QHBoxLayout()
        for button in (
            self.request_button,
            self.invite_button,
            self.approve_button,
            self.accept_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.state)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        self.refresh()

    def refresh(self) -> None:
        """Show the fingerprint and whether the level above has certified this device."""
        allowed = self.session.can("keys")
        if allowed:
            enrolment.ensure_root(self.session)  # the central level is its own root of trust
        me = enrolment.identity(self.session)
        self.fingerprint.setText(me.fingerprint)
        certified = certificate(self.session.store.db, me.device_id) is not None
        self.state.setText(strings.ENROL_CERTIFIED if certified else strings.ENROL_NOT_CERTIFIED)
        level = load_unit_info(self.session.store).level
        self.request_button.setVisible(level != "central")
        self.accept_button.setVisible(level != "central")
        self.approve_button.setVisible(level != "commune")
        self.invite_button.setVisible(level != "commune")
        for button in (
            self.request_button,
            self.invite_button,
            self.approve_button,
            self.accept_button,
        ):
            button.setEnabled(allowed)

    def write_request(self, out: Path | None = None) -> Path | None:
        """Write this device's request file (asking where, by default on the USB)."""
        if out is None:
            name = f"yeu-cau-{self.session.store.unit_code}{REQUEST_SUFFIX}"
            start = str((self.folder or Path.home()) / name)
            out = pick_save_path(self, start, strings.ENROL_REQUEST_FILTER)
            if out is None:
                return None
        try:
            atomic_write_bytes(out, enrolment.make_request(self.session))
        except ERRORS as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return None
        self.notice.say(strings.request_written(str(out)))
        return out

    def write_invitation(self, out: Path | None = None) -> Path | None:
        """Write this unit's invitation for the units below (asking where, by default on the
        USB), and say the Mã kiểm tra to read out to them."""
        if out is None:
            name = f"thu-moi-{self.session.store.unit_code}{first_trip.INVITATION_SUFFIX}"
            start = str((self.folder or Path.home()) / name)
            out = pick_save_path(self, start, strings.FIRST_INVITATION_FILTER)
            if out is None:
                return None
        try:
            atomic_write_bytes(out, first_trip.make_invitation(self.session))
        except ERRORS as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return None
        fingerprint = enrolment.identity(self.session).fingerprint
        self.notice.say(strings.invitation_written(str(out), fingerprint))
        return out

    def approve_request(self, request_path: Path | None = None) -> Path | None:
        """Open a lower unit's request, ask for its fingerprint, write the certificate beside it."""
        request_path = request_path or pick_open_path(self, strings.ENROL_REQUEST_FILTER)
        if request_path is None:
            return None
        try:
            data = request_path.read_bytes()
            body, _fingerprint = enrolment.read_request(data)
        except ERRORS as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return None
        dialog = self.approve_dialog(data, body)
        if dialog.exec() != ApproveDialog.DialogCode.Accepted or dialog.bundle is None:
            return None
        out = request_path.with_name(f"chung-thu-{body['unit_code']}{BUNDLE_SUFFIX}")
        try:
            atomic_write_bytes(out, dialog.bundle)
        except OSError as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return None
        try:  # the first report on the same stick (desktop/sync/first_trip.py), in this sitting
            imported, _receipts = first_trip.receive_first(self.session, request_path.parent, body)
        except ERRORS as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return out
        if imported.verdicts:
            refused = sum(v.status == "rejected" for v in imported.verdicts)
            rows = sum(v.rows for v in imported.verdicts if v.status == "accepted")
            name = body.get("unit_name") or body["unit_code"]
            level = load_unit_info(self.session.store).level
            self.notice.say(
                strings.first_trip_approved(name, rows, refused, level),
                "warning" if refused else "info",
            )
        else:
            self.notice.say(strings.certificate_written(str(out)))
        return out

    def approve_dialog(self, data: bytes, body: dict) -> ApproveDialog:
        """The dialog asking for the fingerprint of request `data` (tests drive it directly)."""
        return ApproveDialog(self.session, data, body, self)

    def accept_certificate(self, path: Path | None = None) -> bool:
        """Accept the certificate file the level above wrote for this device."""
        path = path or pick_open_path(self, strings.ENROL_BUNDLE_FILTER)
        if path is None:
            return False
        try:
            cert = enrolment.accept(self.session, path.read_bytes())
        except ERRORS as exc:
            self.notice.say(strings.failed(str(exc)), "error")
            return False
        self.refresh()
        province = load_unit_info(self.session.store, cert.parent_code or "").name
        self.notice.say(strings.certificate_accepted(province or cert.parent_code or ""))
        return True
