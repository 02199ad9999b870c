"""Hybrid logical clock: 48-bit ms | 16-bit counter (docs/ARCHITECTURE.md, "Design decisions").

Every local write is stamped `max(last + 1, now << 16)`, so stamps grow even when the wall clock
stands still or steps back, and stay close to wall time when it does not.
"""

from __future__ import annotations

import time
from collections.abc import Callable

COUNTER_BITS = 16
DAY_MS = 24 * 60 * 60 * 1000


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


def physical(stamp: int) -> int:
    """The millisecond part of a stamp."""
    return stamp >> COUNTER_BITS


class HybridClock:
    """The installation's clock; `last` is persisted by the write path in each transaction."""

    def __init__(self, last: int = 0, now_ms: Callable[[], int] = wall_ms):
        self.last = last
        self._now_ms = now_ms

    def tick(self) -> int:
        """A new stamp, greater than every stamp issued or observed before."""
        self.last = max(self.last + 1, self._now_ms() << COUNTER_BITS)
        return self.last

    def observe(self, remote: int) -> None:
        """Move past a stamp seen in imported data, so later local writes win over it."""
        self.last = max(self.last, remote)

    def too_far_ahead(
        self, remote: int, limit_ms: int = DAY_MS, *, now_ms: int | None = None
    ) -> bool:
        """Whether a remote stamp is dated more than `limit_ms` after our wall clock (or after
        `now_ms`, the wall time an import was started at)."""
        now = self._now_ms() if now_ms is None else now_ms
        return physical(remote) > now + limit_ms
