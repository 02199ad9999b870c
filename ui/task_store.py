"""A private connection to the session's database for one background task (a read, an export).

The session's connection belongs to the UI thread (ui/task_runner.py). A task that reads a lot
— the dry run of a spreadsheet import, an export to Excel — opens its own connection in the
worker with a copy of the session's key, and closes it when done: SQLite keeps the two
connections apart, so the window goes on using its own meanwhile.

Records are never written through such a connection: the session's store keeps the clock and
the version counter of its writes in memory, and a second `Store` writing records would reuse
its version numbers. An audit entry (what an export writes) keeps nothing in the store, so it
may. Writing records in the background means lending the session's own store to the worker
while nothing else uses it (see ui/dialogs/task_dialog.py).
"""

from __future__ import annotations

from types import TracebackType

from db.store import Store
from desktop.security.session import Session


class TaskStore:
    """Made on the UI thread, entered in the worker: `with task_store as store: …`.

    `read_only` (the default) makes the connection refuse every write (`PRAGMA query_only`).
    The store answers `today()` as the session's store does, so a dry run judges dates
    (ages, dates in the future) by the same day as the write that follows it.
    """

    def __init__(self, session: Session, *, read_only: bool = True) -> None:
        store = session.store  # raises SessionLocked when locked: nothing to copy then
        self._connect = session.connector()
        self._today = store.today
        self._read_only = read_only
        self._store: Store | None = None

    def __enter__(self) -> Store:
        db = self._connect(read_only=self._read_only)
        store = Store(db, today=self._today)
        self._store = store
        return store

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._store is not None:
            self._store.db.close()
            self._store = None

    def discard(self) -> None:
        """Forget the key without opening (the task never ran)."""
        self._connect.discard()
