"""The honest countdown after failed passwords: which account waits, and for how long.

`desktop` counts failed tries per account and answers a try made too early with
`LoginRefused.wait_seconds`; the window must not let a person press "Đăng nhập" again before
then, and must say how long is left. A `WaitGate` keeps one deadline per account name and ticks
while one is running, so the login window and the lock screen redraw their button and countdown.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

# The sentence desktop.security.session appends to a refusal that imposes a wait. The window shows a
# live countdown instead of its fixed number of seconds, so the sentence is taken off the message.
_WAIT_SENTENCE = re.compile(r"\s*Đã nhập sai nhiều lần\. Hãy đợi \d+ giây rồi thử lại\.\s*$")


def without_wait_sentence(message: str) -> str:
    """A refusal's message without its fixed "wait N seconds" sentence ("" if that was all)."""
    return _WAIT_SENTENCE.sub("", message).strip()


class WaitGate(QObject):
    """Per-account deadlines before the next try; `changed` fires on each tick and at the end."""

    changed = Signal()
    TICK_MS = 250  # a quarter second: the shown count never lags by more than that

    def __init__(
        self, parent: QObject | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.clock = clock  # seconds, monotonic; tests put a fake one here
        self._deadlines: dict[str, float] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)

    def hold(self, account: str, seconds: float) -> None:
        """`account` may not try again for `seconds`."""
        if seconds <= 0:
            return
        self._deadlines[account] = self.clock() + seconds
        self._timer.start()
        self.changed.emit()

    def seconds_left(self, account: str) -> int:
        """Whole seconds `account` must still wait, rounded up; 0 when it may try."""
        deadline = self._deadlines.get(account)
        if deadline is None:
            return 0
        return max(0, math.ceil(deadline - self.clock()))

    def is_running(self) -> bool:
        """Whether some account is still waiting (the timer ticks)."""
        return self._timer.isActive()

    def _tick(self) -> None:
        now = self.clock()
        self._deadlines = {a: d for a, d in self._deadlines.items() if d > now}
        if not self._deadlines:
            self._timer.stop()
        self.changed.emit()
