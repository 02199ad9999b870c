"""The last step: the device's fingerprint, and its enrolment with the level above.

The enrolment box is the one of the Đồng bộ page (ui/dialogs/enrolment_panel.py): request,
approve (upper levels), accept. Doing it now is optional; the sync page offers it later.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.errors import AccountError
from desktop.reports.output import ReportError
from desktop.security.session import Session
from ui import strings
from ui.dialogs.enrolment_panel import EnrolmentPanel
from ui.dialogs.files import pick_save_path
from ui.first_start.common import StepPage
from ui.widgets.notice import Notice


class EnrolPage(StepPage):
    """Shown once the unit exists: its session drives the enrolment box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(strings.STEP_ENROL, strings.ENROL_INTRO, parent)
        self.session: Session | None = None
        self.panel: EnrolmentPanel | None = None
        self.print_button = QPushButton(strings.PRINT_ENROL_SHEET)
        self.print_button.setObjectName("secondaryButton")
        self.print_button.clicked.connect(lambda: self.save_sheet())
        self.notice = Notice()
        self.body.addWidget(self.print_button)
        self.body.addWidget(self.notice)

    def show_session(self, session: Session, level: str) -> None:
        self.session = session
        if self.panel is not None:
            self.panel.deleteLater()
        self.panel = EnrolmentPanel(session)
        self.body.insertWidget(3, self.panel)
        self.intro.setText(strings.CENTRAL_INTRO if level == "central" else strings.ENROL_INTRO)
        self.print_button.setVisible(level != "central")
        self.body.addStretch(1)

    def save_sheet(self, out: Path | None = None) -> Path | None:
        """The enrolment sheet of this device as a PDF; its path, or None."""
        assert self.session is not None
        from desktop.reports.enrolment import device_enrolment_sheet

        store = self.session.store
        out = out or pick_save_path(
            self, f"phieu-dang-ky-khoa-{store.unit_code}.pdf", strings.ENROL_SHEET_FILTER
        )
        if out is None:
            return None
        try:
            device_enrolment_sheet(self.session, out)
        except (ReportError, AccountError) as exc:
            self.notice.say(str(exc), "error")
            return None
        self.notice.say(strings.enrol_sheet_saved(str(out)))
        return out
