"""The main window: a navigation list on the left, the chosen section's page on the right.

The window only assembles pages; what a section shows and does lives in its page module under
ui/pages/. A section is built the first time it is opened, so start-up pays only for Tổng quan.
Adding a section: write its page, then map its key to a factory in `PAGE_FACTORIES`.
The sections depend on the unit's level: a commune's are `strings.SECTIONS`; a province's or
the centre's, `strings.UPPER_SECTIONS` (no member lists; the units below, and the person search
for roles that may see personal data).

The window works for one signed-in Session. When the session locks (idle, or "Khóa" / Ctrl+L)
the lock screen takes the place of the navigation and the pages, which are hidden, not merely
covered, and the title and status bar stop naming the unit. Pages take the store from the
session each time they read: unlocking opens a new one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop.security.session import Session
from desktop.sync.status import own_sync
from ui import strings
from ui.dialogs.account_dialogs import ChangePasswordDialog
from ui.forms.drafts import Drafts, SessionDrafts
from ui.idle_watch import CHECK_MS, IdleWatch
from ui.lock_page import LockPage
from ui.pages import Page
from ui.pages.accounts_page import AccountsPage
from ui.pages.audit_page import AuditPage
from ui.pages.overview_page import OverviewPage
from ui.pages.people_page import PeoplePage
from ui.pages.reports_page import ReportsPage
from ui.pages.settings_page import SettingsPage
from ui.pages.sync_page import SyncPage
from ui.pages.table_page import TablePage
from ui.pages.unit_page import UnitPage
from ui.pages.units_page import UnitsPage
from ui.unit_info import UnitInfo, load_unit_info
from ui.widgets.status_bar import MainStatusBar

PageFactory = Callable[[Session, Drafts], Page]


def _table_page(table: str) -> PageFactory:
    return lambda session, drafts: TablePage(session, table, drafts=drafts)


# Every section's page, built the first time the section is opened.
PAGE_FACTORIES: dict[str, PageFactory] = {
    "overview": lambda session, _drafts: OverviewPage(session),
    "sync": lambda session, _drafts: SyncPage(session),
    "reports": lambda session, _drafts: ReportsPage(session),
    "journal": lambda session, _drafts: AuditPage(session),
    "settings": lambda session, _drafts: SettingsPage(session),
    "unit": lambda session, drafts: UnitPage(session, drafts=drafts),
    "units_below": lambda session, _drafts: UnitsPage(session, load_unit_info(session.store).level),
    "people": lambda session, _drafts: PeoplePage(session),
    "accounts": lambda session, _drafts: AccountsPage(session),
    **{
        table: _table_page(table)
        for table in (
            "cadres",
            "branches",
            "branch_heads",
            "members",
            "models",
            "online_channels",
            "activities",
        )
    },
}
# The section that shows a table's records ("units": the unit's own form).
SECTION_OF_TABLE = {"units": "unit"}

SectionKeyRole = Qt.ItemDataRole.UserRole + 1
LOCK_SHORTCUT = "Ctrl+L"


def sections_for(unit: UnitInfo, session: Session) -> dict[str, str]:
    """The sections of the window of `unit`, by key, in navigation order; "Tài khoản", before
    "Cài đặt", for administrators only."""
    if not unit.is_upper:
        sections = dict(strings.SECTIONS)
    else:
        sections = {
            key: label
            for key, label in strings.UPPER_SECTIONS.items()
            if key != "people" or session.can("personal")
        }
    if not session.can("users"):
        return sections
    settings_label = sections.pop("settings", None)
    sections["accounts"] = strings.ACCOUNTS_SECTION
    if settings_label is not None:
        sections["settings"] = settings_label
    return sections


class MainWindow(QMainWindow):
    """The window of one open unit, for the person signed in to `session`."""

    switch_user_requested = Signal()  # "Đổi người dùng" on the lock screen
    closed = Signal()

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, idle_check_ms: int = CHECK_MS
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.unit = load_unit_info(session.store)
        self.sections = sections_for(self.unit, session)
        self.drafts = SessionDrafts(session, self)  # the pages' half-filled forms
        self.setObjectName("mainWindow")
        self.resize(1180, 720)
        self.setMinimumSize(QSize(860, 520))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(strings.NAVIGATION_NAME)
        self.navigation.setFixedWidth(210)
        self.navigation.setUniformItemSizes(True)
        for key, label in self.sections.items():
            item = QListWidgetItem(label)
            item.setData(SectionKeyRole, key)
            self.navigation.addItem(item)

        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self._page_of: dict[str, Page] = {}

        self.workspace = QWidget()
        self.workspace.setObjectName("workspace")
        layout = QHBoxLayout(self.workspace)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, stretch=1)

        self.lock_page = LockPage(session)
        self.screens = QStackedWidget()  # the workspace, or the lock screen instead of it
        self.screens.addWidget(self.workspace)
        self.screens.addWidget(self.lock_page)
        self.setCentralWidget(self.screens)

        self.lock_action = QAction(strings.LOCK, self)
        self.lock_action.setShortcut(QKeySequence(LOCK_SHORTCUT))
        self.lock_action.setToolTip(strings.LOCK_TIP)
        self.addAction(self.lock_action)  # the shortcut works wherever the focus is
        self.status = MainStatusBar(self.lock_action, self)
        self.setStatusBar(self.status)
        self.status.draft_chosen.connect(self.open_draft)
        self.status.password_button.clicked.connect(self.change_password)
        self.password_dialog: ChangePasswordDialog | None = None
        self._show_unit()
        self._forward_page_keys()

        self.idle_watch = IdleWatch(session, self, interval_ms=idle_check_ms)
        self.idle_watch.locked.connect(self.show_locked)
        self.lock_action.triggered.connect(self.lock)
        self.lock_page.unlocked.connect(self.show_unlocked)
        self.lock_page.switch_user.connect(self.switch_user_requested)
        self.navigation.currentRowChanged.connect(self._show_row)
        self.navigation.setCurrentRow(0)
        self._mention_drafts()
        QTimer.singleShot(0, self._require_own_password)

    def _forward_page_keys(self) -> None:
        """Ctrl+N, Ctrl+F and Ctrl+S work on the page on screen when the focus is outside it
        (the navigation just clicked, the status bar); inside, the page's own keys answer."""
        keys = {
            "Ctrl+N": lambda page: getattr(page, "new_record", lambda: None)(),
            "Ctrl+F": lambda page: page.focus_search(),
            "Ctrl+S": lambda page: page.save_form(),
        }
        for owner in (self.navigation, self.status):
            for sequence, call in keys.items():
                shortcut = QShortcut(QKeySequence(sequence), owner)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda c=call: self._on_page(c))

    def _on_page(self, call: Callable[[Page], None]) -> None:
        page = self.pages.currentWidget()
        if isinstance(page, Page) and not self.is_locked():
            call(page)

    def _show_unit(self) -> None:
        self.setWindowTitle(strings.window_title(self.unit.name))
        self.status.show_session(self.unit, self.session.account, own_sync(self.session.store.db))

    def show_sync_state(self) -> None:
        """The last package sent up (and its receipt) and received from below, in the status bar."""
        if not self.session.locked:
            self.status.show_sync(own_sync(self.session.store.db))

    # -- sections --------------------------------------------------------------------------

    def section_keys(self) -> list[str]:
        """The keys of the sections, in navigation order."""
        return list(self.sections)

    def current_section(self) -> str:
        """The key of the section on screen."""
        item = self.navigation.currentItem()
        return item.data(SectionKeyRole) if item is not None else ""

    def show_section(self, key: str) -> Page:
        """Bring section `key` on screen, selected in the navigation; its page."""
        self.navigation.setCurrentRow(self.section_keys().index(key))
        return self.page(key)

    def page(self, key: str) -> Page:
        """The page of section `key`, built on first use."""
        page = self._page_of.get(key)
        if page is None:
            page = PAGE_FACTORIES[key](self.session, self.drafts)
            page.open_record_requested.connect(self.open_record)
            page.sync_state_changed.connect(self.show_sync_state)
            self._page_of[key] = page
            self.pages.addWidget(page)
        return page

    def open_record(self, table: str, record_id: str) -> None:
        """Show the form of record `record_id` of `table`, in its section."""
        key = SECTION_OF_TABLE.get(table, table)
        if key in PAGE_FACTORIES and key in self.sections:
            self.show_section(key).open_record(record_id)

    def open_draft(self, key: str) -> None:
        """Open the form a draft belongs to (`members/new`, `members/<id>`): it fills itself in."""
        table, _, record_id = key.partition("/")
        section = SECTION_OF_TABLE.get(table, table)
        if section not in PAGE_FACTORIES or section not in self.sections:
            return
        page = self.show_section(section)
        if record_id == "new" and hasattr(page, "new_record"):
            page.new_record()
        elif record_id != "new":
            page.open_record(record_id)

    def _mention_drafts(self) -> None:
        """A form left half-filled (a crash, a closed window): say so, with a link to each."""
        links = []
        for key in self.drafts.waiting():
            table, _, record_id = key.partition("/")
            section = SECTION_OF_TABLE.get(table, table)
            if section in PAGE_FACTORIES and section in self.sections:
                links.append((key, self.sections[section], record_id == "new"))
        self.status.show_drafts(links)

    def _show_row(self, row: int) -> None:
        self.show_sync_state()
        if 0 <= row < self.navigation.count():
            key = self.navigation.item(row).data(SectionKeyRole)
            self.pages.setCurrentWidget(self.page(key))

    def change_password(self, *, forced: bool = False) -> None:
        """ "Đổi mật khẩu" on the status bar: the signed-in person's own password. `forced`:
        an admin reset the password (a one-time password) and it is replaced before any work;
        closing the dialog locks the window, and unlocking asks again."""
        dialog = ChangePasswordDialog(self.session, self, forced=forced)
        self.password_dialog = dialog
        dialog.accepted.connect(lambda: self.status.showMessage(strings.PASSWORD_CHANGED, 8000))
        if forced:
            dialog.rejected.connect(self.lock)
        dialog.finished.connect(lambda _result: self._password_dialog_closed(dialog))
        dialog.open()

    def _require_own_password(self) -> None:
        if self.session.account.must_change and self.password_dialog is None:
            self.change_password(forced=True)

    def _password_dialog_closed(self, dialog: ChangePasswordDialog) -> None:
        if self.password_dialog is dialog:
            self.password_dialog = None
        dialog.deleteLater()

    # -- the lock --------------------------------------------------------------------------

    def is_locked(self) -> bool:
        """Whether the lock screen stands in place of the unit's data."""
        return self.screens.currentWidget() is self.lock_page

    def lock(self) -> None:
        """Lock now ("Khóa", Ctrl+L): the session forgets its key, the data leaves the screen."""
        self.session.lock()
        self.show_locked()

    def show_locked(self) -> None:
        """Put the lock screen in place of the navigation and pages (the session is locked)."""
        self.screens.setCurrentWidget(self.lock_page)
        self.setWindowTitle(strings.LOCKED_WINDOW_TITLE)
        self.status.show_locked()
        self.lock_action.setEnabled(False)
        self.lock_page.start()

    def show_unlocked(self) -> None:
        """Back to work after the password: every built page re-reads the reopened store."""
        self.unit = load_unit_info(self.session.store)
        self._show_unit()
        for page in self._page_of.values():
            page.refresh()
        self.lock_action.setEnabled(True)
        self.screens.setCurrentWidget(self.workspace)
        self.navigation.setFocus()
        self._require_own_password()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_watch.stop()
        super().closeEvent(event)
        self.closed.emit()
