"""Who is at the computer: the login window, then the main window, and back on "Đổi người dùng".

A folder with no unit yet starts at the first-start wizard instead of the login; a unit made
there opens the main window at once, a restored one the login window.

`SessionFlow` owns the one Session of the running application. It shows the login window; a
sign-in (or a recovery) opens the main window for the new session; "Đổi người dùng" on the lock
screen closes the session and shows the login again; closing the main window closes the session.
The main window module (and what it imports) loads only at the first sign-in, so the login
window appears sooner.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from ui.login_window import LoginWindow

if TYPE_CHECKING:
    from desktop.security.session import Session
    from ui.first_start.wizard import FirstStartWindow
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _backups() -> Any:  # the module desktop.backup.make: a module has no type to name here
    """desktop.backup.make, loaded at the first sign-in rather than before the login window."""
    from desktop.backup import make as backup

    return backup


class SessionFlow(QObject):
    """The windows of one data folder, from sign-in to the last window closed."""

    def __init__(
        self,
        data_dir: Path,
        *,
        hint: str | None = None,
        username: str | None = None,
        removable: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.hint = hint
        self.username = username
        self.removable = removable
        self.session: Session | None = None
        self.login_window: LoginWindow | None = None
        self.main_window: MainWindow | None = None
        self.first_start: FirstStartWindow | None = None

    def show_first_start(self) -> FirstStartWindow:
        """The first-start wizard, for a folder with no unit yet (ui/first_start)."""
        from ui.first_start.wizard import FirstStartWindow  # only a first start loads it

        wizard = FirstStartWindow(self.data_dir, removable=self.removable)
        wizard.created.connect(self._unit_created)
        wizard.restored.connect(self._unit_restored)
        self.first_start = wizard
        wizard.show()
        return wizard

    def _unit_created(self, session: Session) -> None:
        self.open_main(session)
        self._close_first_start()

    def _unit_restored(self, message: str) -> None:
        self.hint = message
        self.show_login()
        self._close_first_start()

    def _close_first_start(self) -> None:
        wizard, self.first_start = self.first_start, None
        if wizard is not None:
            wizard.close()
            wizard.deleteLater()

    def show_login(self) -> LoginWindow:
        """The login window on screen (made, or its account list read again)."""
        if self.login_window is None:
            self.login_window = LoginWindow(
                self.data_dir, hint=self.hint, username=self.username, removable=self.removable
            )
            self.login_window.signed_in.connect(self.open_main)
        else:
            self.login_window.reload_accounts()
        self.login_window.show()
        self.login_window.raise_()
        self.login_window.activateWindow()
        return self.login_window

    def open_main(self, session: Session) -> MainWindow:
        """The main window for a signed-in `session`; the login window goes away."""
        from ui.main_window import MainWindow  # loaded at the first sign-in, not before

        self.session = session
        self._backup(lambda: _backups().maybe_daily_backup(session))
        window = MainWindow(session)
        window.switch_user_requested.connect(self.switch_user)
        window.closed.connect(self._main_closed)
        self.main_window = window
        window.show()  # before the login window hides, so the application never has no window
        if self.login_window is not None:
            self.login_window.hide()
        return window

    def switch_user(self) -> LoginWindow:
        """Close the session and the main window; the login window asks who is next."""
        login = self.show_login()  # first: the last window closing would quit the application
        window, self.main_window = self.main_window, None
        if window is not None:
            window.close()  # its `closed` closes the session
            window.deleteLater()
        self.close_session()
        return login

    def close_session(self) -> None:
        """Close the session, if any (idempotent): the key is forgotten."""
        if self.session is not None:
            session = self.session
            if not session.locked and session.can("backup"):
                self._backup(lambda: _backups().create_auto_backup(session, reason="close"))
            session.close()
            self.session = None

    def _backup(self, make: Callable[[], object]) -> None:
        """An automatic backup; a failure is logged, never in the way of closing or working."""
        try:
            make()
        except (_backups().BackupError, OSError) as exc:
            log.warning("automatic backup failed: %s", type(exc).__name__)

    def _main_closed(self) -> None:
        self.close_session()
