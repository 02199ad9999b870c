"""Work off the UI thread: plain functions on a QThreadPool, their results back by signal.

A task is `fn(progress, cancelled)`, like a service (docs/ARCHITECTURE.md, "Design decisions"):
`progress(done, total, label)` reports, `cancelled()` says whether the person pressed "Hủy".
It runs on a pool thread; its result, its exception or its progress reach the UI thread as
queued signals, so callbacks may touch widgets and a worker never does. A progress dialog with
"Hủy" appears only when the work takes longer than `DIALOG_DELAY_MS` (short work shows nothing).

SQLite connections belong to the thread that uses them, and the session's connection is the UI
thread's: a task never receives the store. What runs here is pure Python over data read
beforehand on the UI thread (a snapshot of rows: see ui/pages/data_checks.py, which runs
`db.checks.check_all` on an in-memory copy). Reads of a list are fast enough to stay on the UI
thread (~50 ms for 20,000 members, tests/bench); a second, read-only connection per task
(opened with the session's key in the worker: ui/task_store.py) is the way for heavier reads.
One exception, for writes that must go through the session's own store (its clock and version
counter live there): a window-modal dialog may lend it to its task while nothing else can use
it (ui/dialogs/task_dialog.py; the spreadsheet import's apply).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from db.progress import Cancelled, Progress, WorkCancelled
from ui import strings

DIALOG_DELAY_MS = 500

# A task raises db.progress.WorkCancelled when it noticed `cancelled()`; the handle then
# reports `cancelled`.
TaskFunction = Callable[[Progress, Cancelled], Any]


class TaskHandle(QObject):
    """One running task: its signals (always delivered on the UI thread) and its Cancel."""

    done = Signal(object)  # the function's result
    failed = Signal(object)  # the exception it raised
    cancelled = Signal()
    progressed = Signal(int, int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self.running = True

    def cancel(self) -> None:
        """Ask the task to stop; it stops at its next look at `cancelled()`."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()


class _Job(QRunnable):
    """The pool's side of a task: calls the function and emits what came of it."""

    def __init__(self, fn: TaskFunction, handle: TaskHandle) -> None:
        super().__init__()
        self.fn = fn
        self.handle = handle

    def run(self) -> None:
        handle = self.handle

        def progress(done: int, total: int, label: str = "") -> None:
            _emit(handle.progressed, done, total, label)

        try:
            result = self.fn(progress, handle.is_cancelled)
        except WorkCancelled:
            _emit(handle.cancelled)
        except Exception as exc:  # every failure goes back to the UI thread
            _emit(handle.failed, exc)
        else:
            if handle.is_cancelled():
                _emit(handle.cancelled)
            else:
                _emit(handle.done, result)


def _emit(signal: Any, *args: Any) -> None:
    with contextlib.suppress(RuntimeError):  # the handle went with its window: nobody listens
        signal.emit(*args)


class TaskRunner(QObject):
    """Starts tasks for one window or page and keeps their handles alive until they end."""

    def __init__(self, parent: QObject | None = None, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._handles: set[TaskHandle] = set()

    def start(
        self,
        fn: TaskFunction,
        *,
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], object] | None = None,
        label: str | None = None,
        dialog_parent: QWidget | None = None,
    ) -> TaskHandle:
        """Run `fn(progress, cancelled)` on the pool; `on_done(result)` on the UI thread.

        With a `label`, a progress dialog with "Hủy" shows if the task is still running after
        DIALOG_DELAY_MS. An exception goes to `on_failed` (or is raised again on the UI thread,
        where Qt reports it, when there is none).
        """
        handle = TaskHandle(self)
        self._handles.add(handle)
        dialog = _DelayedProgress(handle, label, dialog_parent) if label else None

        def finish() -> None:
            handle.running = False
            self._handles.discard(handle)
            if dialog is not None:
                dialog.close()
            # The handle is not deleted here, inside its own signal: a nested event loop (a
            # modal dialog opened by the callback, pytest-qt's waits) would then destroy it
            # while Qt still dispatches to it, and crash. A child of the runner, it goes
            # with the runner's page or dialog; it holds nothing but its signals.

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            if on_failed is None:
                raise exc
            on_failed(exc)

        def cancelled() -> None:
            finish()
            if on_cancelled is not None:
                on_cancelled()

        handle.done.connect(done)
        handle.failed.connect(failed)
        handle.cancelled.connect(cancelled)
        self.pool.start(_Job(fn, handle))
        return handle

    def running(self) -> int:
        """How many tasks have not reported back yet."""
        return len(self._handles)


class _DelayedProgress(QObject):
    """A progress dialog that waits DIALOG_DELAY_MS before showing, and cancels its task."""

    def __init__(self, handle: TaskHandle, label: str, parent: QWidget | None) -> None:
        super().__init__(handle)
        self.handle = handle
        self.label = label
        self.parent_widget = parent
        self.dialog: QProgressDialog | None = None
        self.last = (0, 0, "")
        handle.progressed.connect(self._progress)
        self.timer = QTimer(self)  # a child: it dies with the task, never firing late
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._show)
        self.timer.start(DIALOG_DELAY_MS)

    @Slot()
    def _show(self) -> None:
        if not self.handle.running or self.handle.is_cancelled():
            return
        dialog = QProgressDialog(self.label, strings.CANCEL, 0, 0, self.parent_widget)
        dialog.setWindowTitle(strings.APP_NAME)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.handle.cancel)
        self.dialog = dialog
        self._progress(*self.last)
        dialog.show()

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, label: str) -> None:
        self.last = (done, total, label)
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if label:
            self.dialog.setLabelText(f"{self.label}\n{label}")

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
