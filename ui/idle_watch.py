"""Auto-lock: notice a person's activity anywhere in the application, lock the session when idle.

An application-wide event filter tells the session of every key press, click and wheel turn
(`Session.touch`); a timer asks the session every `CHECK_MS` whether it has been idle longer than
its setting (`Session.lock_if_idle`), and `locked` fires when it just locked. What the window
then shows is the main window's business.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from desktop.security.session import Session

CHECK_MS = 15_000  # the lock comes at most this late after the idle time has passed

# What counts as a person at the keyboard. Mouse movement does not: a mouse nudged by a
# passer-by (or a cat) must not keep members' data on screen.
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Watches the whole application for activity on behalf of one session."""

    locked = Signal()

    def __init__(
        self, session: Session, parent: QObject | None = None, *, interval_ms: int = CHECK_MS
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.session.touch()
        return False  # only watching: every event goes on to its widget

    def check(self) -> bool:
        """Lock the session if it has been idle too long; True when it locked now."""
        if self.session.lock_if_idle():
            self.locked.emit()
            return True
        return False

    def stop(self) -> None:
        """Stop watching (the window closes, the person signs out)."""
        self.timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
