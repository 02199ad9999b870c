"""Đồng bộ: send the unit's changes up on a USB stick, read what came in, enrol keys, and, at the
levels above, see which devices below have reported.

Both directions use one folder, normally the USB stick: packages are written there, read from
there, and the receipts for the units below are written back to it. The folder last chosen is
remembered (the setting `sync_dir`) and offered at the next start while it exists; the
drop-down always shows the folder in use, or "Chưa chọn nơi ghi", never "Thư mục khác…".
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import cast

from PySide6.QtCore import QStorageInfo
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.progress import Cancelled, Progress
from desktop.errors import AccountError
from desktop.installation import settings
from desktop.security.session import Session
from desktop.sync import first_trip
from desktop.sync.export import export_down
from desktop.sync.identity import TrustError
from desktop.sync.importer import import_paths
from desktop.sync.status import DeviceStatus, reporting_status
from desktop.sync.stick import own_prefix, package_files
from desktop.sync.verdicts import ImportResult, Tally, Verdict
from ui import strings
from ui.dialogs.enrolment_panel import EnrolmentPanel
from ui.dialogs.files import pick_folder
from ui.dialogs.first_report import FirstReportPanel
from ui.dialogs.sync_progress import SyncProgress
from ui.dialogs.unit_drill import UnitDrillDialog
from ui.pages import Page
from ui.pages.sync_tables import DashboardTable, ResultsTable
from ui.unit_info import load_unit_info
from ui.widgets.notice import Notice

REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")
log = logging.getLogger(__name__)
ERRORS = (TrustError, AccountError, OSError, ValueError)


def removable_drives() -> list[QStorageInfo]:
    """Mounted volumes that look like USB sticks (not the system disk), ready and writable."""
    drives = []
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        if sys.platform == "win32":
            looks_removable = not root.upper().startswith("C:")
        else:
            looks_removable = root.startswith(REMOVABLE_ROOTS)
        if looks_removable:
            drives.append(volume)
    return drives


class SyncPage(Page):
    """The Đồng bộ section for the session's unit."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("syncPage")
        title = QLabel(strings.SYNC_TITLE)
        title.setObjectName("pageTitle")
        self.notice = Notice()

        self.drives = QComboBox()
        self.drives.setPlaceholderText(strings.SYNC_FOLDER_NONE)
        self.drives.setMinimumWidth(320)
        self.drives.activated.connect(self._drive_chosen)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("note")
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(strings.SYNC_TARGET))
        folder_row.addWidget(self.drives, stretch=1)
        self.folder: Path | None = None

        # What the page is for: the two trips of the stick, in the window's primary style.
        self.send_button = QPushButton(strings.SYNC_SEND)
        self.send_button.setObjectName("primaryButton")
        self.send_button.clicked.connect(lambda: self.send())
        self.receive_button = QPushButton(strings.SYNC_RECEIVE)
        self.receive_button.setObjectName("primaryButton")
        self.receive_button.clicked.connect(lambda: self.receive())
        self.down_button = QPushButton(strings.SYNC_DOWN)
        self.down_button.clicked.connect(lambda: self.send_down())
        self.send_box = self._box(
            strings.SYNC_SEND_HEADING, strings.SYNC_SEND_NOTE, self.send_button
        )
        self.down_box = self._box(
            strings.SYNC_DOWN_HEADING, strings.SYNC_DOWN_NOTE, self.down_button
        )
        self.results = ResultsTable()
        self.results.hide()
        self.receive_box = self._box(
            strings.SYNC_RECEIVE_HEADING, strings.SYNC_RECEIVE_NOTE, self.receive_button
        )
        cast(QVBoxLayout, self.receive_box.layout()).addWidget(self.results)
        self.viewer_note = QLabel(strings.SYNC_VIEWER)
        self.viewer_note.setObjectName("note")

        self.enrolment = EnrolmentPanel(session)
        self.first_report = FirstReportPanel(session)  # a unit's first report, in one trip
        self.dashboard = DashboardTable()
        self.dashboard.cellDoubleClicked.connect(lambda row, _column: self.open_unit(row))
        self.dashboard_empty = QLabel(strings.DASHBOARD_EMPTY)
        self.dashboard_empty.setObjectName("note")
        self.dashboard_box = QGroupBox(strings.DASHBOARD_HEADING)
        box_layout = QVBoxLayout(self.dashboard_box)
        note = QLabel(strings.DASHBOARD_NOTE)
        note.setObjectName("note")
        note.setWordWrap(True)  # unwrapped, it made the page wider than a 1366-pixel screen
        box_layout.addWidget(note)
        box_layout.addWidget(self.dashboard_empty)
        box_layout.addWidget(self.dashboard)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addLayout(folder_row)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.notice)
        layout.addWidget(self.viewer_note)
        layout.addWidget(self.first_report)
        layout.addWidget(self.send_box)
        layout.addWidget(self.receive_box)
        layout.addWidget(self.down_box)
        layout.addWidget(self.dashboard_box)
        layout.addWidget(self.enrolment)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        remembered = settings.get(session.store.db, "sync_dir")
        if remembered and Path(remembered).is_dir():  # the stick of last time, if plugged in
            self._use(Path(remembered))
        self.refresh()

    def _box(self, heading: str, note_text: str, button: QPushButton) -> QGroupBox:
        box = QGroupBox(heading)
        note = QLabel(note_text)
        note.setObjectName("note")
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(note, stretch=1)
        row.addWidget(button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        return box

    # -- state -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the drives, the role, the enrolment and the dashboard."""
        store = self.session.store
        level = load_unit_info(store).level
        can_sync = self.session.can("sync")
        self.viewer_note.setVisible(not can_sync)
        self.send_box.setVisible(can_sync and level != "central")
        self.receive_box.setVisible(can_sync)
        self.down_box.setVisible(can_sync and level not in ("", "commune"))
        self.enrolment.setVisible(self.session.can("keys"))
        self.first_report.setVisible(
            self.session.can("keys") and level not in ("", "central") and self.first_report.wanted()
        )
        if self.first_report.isVisibleTo(self):
            self.first_report.refresh()
            if level == "commune" and not first_trip.certified(self.session):
                self.enrolment.hide()  # the checklist says it all: one Mã máy on the page
        if self.session.can("keys"):
            self.enrolment.refresh()
        self.dashboard_box.setVisible(level not in ("", "commune"))
        if self.dashboard_box.isVisibleTo(self):
            self.fill_dashboard(reporting_status(store.db))
        self._fill_drives()

    def _fill_drives(self) -> None:
        """List the USB drives (and the chosen folder), the chosen one selected."""
        self.drives.blockSignals(True)
        self.drives.clear()
        for drive in removable_drives():
            name = drive.displayName() or drive.rootPath()
            self.drives.addItem(strings.drive_label(name, drive.bytesAvailable()), drive.rootPath())
        if self.folder is None and self.drives.count():
            self._use(Path(self.drives.itemData(0)))
        if self.folder is not None and self.drives.findData(str(self.folder)) < 0:
            self.drives.insertItem(0, str(self.folder), str(self.folder))
        self.drives.addItem(strings.SYNC_DRIVE_OTHER, "")
        # No folder yet: the placeholder, not "Thư mục khác…", which would look chosen.
        chosen = self.drives.findData(str(self.folder)) if self.folder is not None else -1
        self.drives.setCurrentIndex(chosen)
        self.folder_label.setText(str(self.folder) if self.folder else strings.SYNC_NO_FOLDER)
        self.drives.blockSignals(False)

    def _drive_chosen(self, index: int) -> None:
        root = self.drives.itemData(index)
        if root:
            self.set_folder(Path(root))
            return
        chosen = pick_folder(self, str(self.folder or Path.home()))
        if chosen is not None:
            self.set_folder(chosen)
        else:
            self._fill_drives()  # back to the folder in use

    def set_folder(self, folder: Path) -> None:
        """Use `folder` (the USB stick) for sending, receiving and the enrolment files; it is
        remembered for the next start."""
        self._use(folder)
        self._fill_drives()
        try:
            self.session.remember("sync_dir", str(folder))
        except ERRORS as exc:  # not remembered: the folder is still used now
            log.warning("sync folder not remembered: %s", type(exc).__name__)

    def _use(self, folder: Path) -> None:
        self.folder = folder
        self.enrolment.folder = folder
        self.first_report.folder = folder
        self.folder_label.setText(str(folder))

    # -- sending and receiving --------------------------------------------------------------

    def send(self) -> list[Path]:
        """Write the package for the level above to the folder; say which files."""
        if self.folder is None:
            self.notice.say(strings.SYNC_NO_FOLDER, "warning")
            return []
        folder = self.folder
        result, error = SyncProgress(self.session, strings.SYNC_SENDING, self, stoppable=False).run(
            lambda _progress, _cancelled: first_trip.send_up(self.session, folder)
        )
        if error is not None:
            self._failed(error)
            return []
        if not result.paths:
            self.notice.say(strings.SYNC_NOTHING_NEW)
            return []
        names = [p.name for p in result.paths]
        self.sync_state_changed.emit()
        if result.first:  # the request and the first package: the checklist moves on
            self.notice.say(self.first_report.words(strings.first_trip_written(result.rows)))
            self.refresh()
            return result.paths
        self.notice.say(strings.export_done(names, result.rows, result.relayed))
        return result.paths

    def send_down(self) -> list[Path]:
        """Write the package for the units below (the centre's calendar of periods, targets,
        revocations) and their receipts to the folder (a province or the centre)."""
        if self.folder is None:
            self.notice.say(strings.SYNC_NO_FOLDER, "warning")
            return []
        folder = self.folder
        result, error = SyncProgress(
            self.session, strings.SYNC_DOWN_WRITING, self, stoppable=False
        ).run(lambda _progress, _cancelled: export_down(self.session, folder))
        if error is not None:
            self._failed(error)
            return []
        self.notice.say(strings.export_down_done(len(result.paths), result.rows))
        return result.paths

    def receive(self) -> ImportResult | None:
        """Read every package in the folder, write receipts back, show the verdicts."""
        if self.folder is None:
            self.notice.say(strings.SYNC_NO_FOLDER, "warning")
            return None
        try:  # back from a first trip: the certificate on the stick first
            installed = first_trip.install_from(self.session, self.folder)
        except ERRORS as exc:
            self._failed(exc)
            return None
        if installed is not None:
            self.refresh()
            self.sync_state_changed.emit()
        own = own_prefix(self.session)  # what this PC wrote there itself: skipped, quietly
        if not package_files([self.folder], skip=own):
            if package_files([self.folder]):  # only what this PC wrote, to carry up
                self.notice.say(strings.SYNC_ONLY_OWN_PACKAGES, "info")
            else:
                self.notice.say(strings.SYNC_NO_PACKAGES, "warning")
            return None
        folder, total = self.folder, len(package_files([self.folder], skip=own))
        result, error = SyncProgress(
            self.session, strings.SYNC_RECEIVING, self, stoppable=True
        ).run(lambda progress, cancelled: _receive(self.session, folder, progress, cancelled))
        if error is not None:
            self._failed(error)
            return None
        self.show_verdicts(result)
        self.sync_state_changed.emit()
        accepted = sum(v.status == "accepted" for v in result.verdicts)
        rejected = sum(v.status == "rejected" for v in result.verdicts)
        pending = sum(v.status == "pending" for v in result.verdicts)
        if result.cancelled:
            self.notice.say(
                strings.import_stopped(accepted, total - len(result.verdicts)), "warning"
            )
        else:
            self.notice.say(
                strings.import_done(accepted, rejected, len(result.receipts), pending),
                "warning" if rejected or pending else "info",
            )
        if self.dashboard_box.isVisibleTo(self):
            self.fill_dashboard(reporting_status(self.session.store.db))
        if self.first_report.isVisibleTo(self):
            self.first_report.refresh()
        return result

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ERRORS):
            log.error("sync failed: %s", type(exc).__name__)  # never the message: it may quote data
            self.notice.say(strings.failed(strings.SYNC_UNEXPECTED), "error")
            return
        self.notice.say(strings.failed(str(exc)), "error")

    def show_verdicts(self, result: ImportResult) -> None:
        """One line per file read: the unit (code, name), the package's number, the verdict and
        its reason, the file."""
        self.results.show_result(self.session.store, result)
        self.results.show()

    # -- the reporting dashboard ------------------------------------------------------------

    def open_unit(self, row: int) -> UnitDrillDialog | None:
        """The unit of dashboard line `row`, read-only: its indicators and lists."""
        item = self.dashboard.item(row, 0)
        if item is None:
            return None
        dialog = UnitDrillDialog(self.session, item.text(), self)
        dialog.open()
        return dialog

    def fill_dashboard(self, devices: list[DeviceStatus]) -> None:
        """One line per device below; red when it raised alarms or is more than 30 days late."""
        self.dashboard_empty.setVisible(not devices)
        self.dashboard.setVisible(bool(devices))
        self.dashboard.fill(self.session.store, devices)


def _receive(
    session: Session, folder: Path, progress: Progress, cancelled: Cancelled
) -> ImportResult:
    """Import every package of the folder (worker side), telling each file with the rows so far
    and their pace."""
    tally = Tally()

    def step(done: int, total: int, verdict: Verdict) -> None:
        tally.add(verdict)
        progress(done, total, strings.import_step(verdict.path.name, tally.rows, tally.rate))

    return import_paths(session, [folder], receipts_dir=folder, cancelled=cancelled, on_file=step)
