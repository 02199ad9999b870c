"""Sending and receiving packages in the background, behind a small modal progress dialog.

Both write through the session's own store (the outbox, the ledger, the records received), so
the dialog lends it to the worker (ui/dialogs/task_dialog.py): window-modal, the window waits,
and the screen keeps drawing. Receiving tells which file it is at and can be stopped between
two packages ("Dừng"); what was imported stays, with its receipts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.security.session import Session
from ui import strings
from ui.dialogs.task_dialog import TaskDialog
from ui.task_runner import TaskFunction


class SyncProgress(TaskDialog):
    """`run(fn)` shows the dialog until `fn(progress, cancelled)` ends: (result, error)."""

    def __init__(
        self, session: Session, text: str, parent: QWidget | None = None, *, stoppable: bool
    ) -> None:
        super().__init__(session, parent)
        self.setWindowTitle(strings.APP_NAME)
        self.setObjectName("syncProgress")
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.step = QLabel()
        self.step.setObjectName("note")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first step says how many
        self.stop_button = QPushButton(strings.SYNC_STOP)
        self.stop_button.setVisible(stoppable)
        self.stop_button.clicked.connect(self._stop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.bar)
        layout.addWidget(self.step)
        layout.addWidget(self.stop_button)
        self.resize(460, self.sizeHint().height())
        self.outcome: Any = None
        self.error: BaseException | None = None

    def run(self, fn: TaskFunction) -> tuple[Any, BaseException | None]:
        handle = self.run_task(fn, on_done=self._done, on_failed=self._failed)
        handle.progressed.connect(self._progress)
        self.exec()
        return self.outcome, self.error

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, label: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.step.setText(strings.sync_step(done, total, label))

    def _stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.stop_button.setEnabled(False)
            self.step.setText(strings.SYNC_STOPPING)

    def _done(self, result: Any) -> None:
        self.outcome = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self.accept()
