"""An iterator run on a thread of its own, a few items ahead of its reader.

For work in two stages where the second waits on SQLite, which releases the GIL while it
writes, indexes and encrypts pages: the first stage's Python runs meanwhile on the other core.
An error of the first stage is raised to the reader where the item would have been; a reader
that stops early (an error of its own) stops the thread before its next item.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from types import TracebackType

_WAIT = 0.05  # seconds between looks at the stop flag while the queue is full


class Prefetch[T]:
    """`with Prefetch(items) as ahead: for item in ahead: …`, with `items` read on a thread."""

    def __init__(self, items: Iterable[T], depth: int = 2) -> None:
        self._items = items
        self._queue: queue.Queue[tuple[bool, object]] = queue.Queue(depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="prefetch", daemon=True)

    def __enter__(self) -> Prefetch[T]:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def __iter__(self) -> Iterator[T]:
        while True:
            more, item = self._queue.get()
            if more:
                yield item  # type: ignore[misc]  # an item of `items` when `more`
            elif isinstance(item, BaseException):
                raise item
            else:
                return

    def _run(self) -> None:
        end: object = None
        try:
            for item in self._items:
                if not self._put(True, item):
                    return
        except BaseException as exc:  # handed to the reader, raised there
            end = exc
        self._put(False, end)

    def _put(self, more: bool, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put((more, item), timeout=_WAIT)
                return True
            except queue.Full:
                continue
        return False
