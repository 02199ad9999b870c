"""A dialog that runs its work in the background: the spreadsheet import and export dialogs.

It starts tasks on its own `TaskRunner` and, while one runs:
- it cannot be closed (Esc, the close button, "Đóng"): its result would have nowhere to go,
  and an import lends the session's own store to the worker, which nothing else may use
  until it reports back — the dialog is window-modal, so the window behind it cannot either;
- it keeps the session awake, so the idle lock (which closes the database) never comes in
  the middle of a write; the person is waiting on the work, not away.
When the session locks (idle, with the dialog open and nothing running) the dialog closes,
so no list of people stays on screen over the lock screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from desktop.security.session import Session
from ui.task_runner import TaskFunction, TaskHandle, TaskRunner

log = logging.getLogger(__name__)

AWAKE_MS = 5_000  # well under the shortest idle lock (1 minute)
LOCK_CHECK_MS = 1_000


class TaskDialog(QDialog):
    """A window-modal dialog whose tasks run on the pool; `busy()` while one runs."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setModal(True)
        self.runner = TaskRunner(self)
        self._task: TaskHandle | None = None
        self._awake = QTimer(self)
        self._awake.setInterval(AWAKE_MS)
        self._awake.timeout.connect(session.touch)
        self._lock_watch = QTimer(self)
        self._lock_watch.setInterval(LOCK_CHECK_MS)
        self._lock_watch.timeout.connect(self._close_if_locked)
        self._lock_watch.start()

    def save_key(self, button: QPushButton) -> QShortcut:
        """Ctrl+S presses `button` (the dialog's "store" or "write the file"), as it saves a form
        everywhere else, while the button is on screen and enabled."""
        shortcut = QShortcut(QKeySequence("Ctrl+S"), self)

        def press() -> None:
            if button.isVisible() and button.isEnabled():
                button.click()

        shortcut.activated.connect(press)
        return shortcut

    def busy(self) -> bool:
        """Whether a task of this dialog is still running."""
        return self._task is not None

    def run_task(
        self,
        fn: TaskFunction,
        *,
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
        on_cancelled: Callable[[], object] | None = None,
        label: str | None = None,
    ) -> TaskHandle:
        """Start `fn` in the background; the callbacks run on the UI thread, after `idle()`."""
        self.session.touch()

        def ended(callback: Callable[..., object] | None) -> Callable[..., None]:
            def call(*args: Any) -> None:
                self._task = None
                self.session.lent = False
                self._awake.stop()
                self.task_ended()
                if callback is not None:
                    callback(*args)

            return call

        self._task = self.runner.start(
            fn,
            on_done=ended(on_done),
            on_failed=ended(on_failed),
            on_cancelled=ended(on_cancelled),
            label=label,
            dialog_parent=self,
        )
        self.session.lent = True
        self._awake.start()
        self.task_started()
        return self._task

    def task_started(self) -> None:
        """A task began: disable what must wait for it. Nothing by default."""

    def task_ended(self) -> None:
        """The task reported back: enable again. Nothing by default."""

    @staticmethod
    def log_failure(what: str, exc: BaseException) -> None:
        """Log an unexpected failure by its type only: its message may quote a person's data."""
        log.warning("%s failed: %s", what, type(exc).__name__)

    # -- closing -----------------------------------------------------------------------------

    def _close_if_locked(self) -> None:
        if self.session.locked and not self.busy():
            self._lock_watch.stop()
            super().reject()

    def reject(self) -> None:
        if self.busy():
            return  # the work is not done: see the module's docstring
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy():
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        if self.busy():
            return
        self._lock_watch.stop()
        super().done(result)
