"""Half-filled forms kept aside, so that neither a lock nor a crash loses them.

A draft is a form's values as entered, under a key naming the form (`members/new`,
`members/<id>`). The main window keeps them with `SessionDrafts`: at once in memory, and in the
unit's encrypted database (`Session.save_draft`, the `drafts` table, per account) a moment after
the typing pauses, and at the latest just before the session locks or closes. A crash loses at
most that moment's typing; the next sign-in finds the rest. Drafts hold personal data as typed,
which is why the encrypted database is the only place they are written.
"""

from __future__ import annotations

import copy
import logging
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from desktop.security.session import Session

log = logging.getLogger(__name__)
SAVE_DELAY_MS = 800  # after the last change: one write per pause, not one per key


class Drafts(Protocol):
    """Where forms keep what was typed but not saved yet."""

    def save(self, key: str, values: dict[str, Any]) -> None:
        """Keep `values` (raw, as entered) under `key`, replacing any earlier draft."""

    def load(self, key: str) -> dict[str, Any] | None:
        """The draft kept under `key`, or None."""

    def discard(self, key: str) -> None:
        """Forget the draft under `key` (saved, or cancelled on purpose)."""


class MemoryDrafts:
    """Drafts in the program's memory: they last as long as the window that keeps them."""

    def __init__(self) -> None:
        self._drafts: dict[str, dict[str, Any]] = {}

    def save(self, key: str, values: dict[str, Any]) -> None:
        self._drafts[key] = copy.deepcopy(values)

    def load(self, key: str) -> dict[str, Any] | None:
        found = self._drafts.get(key)
        return copy.deepcopy(found) if found is not None else None

    def discard(self, key: str) -> None:
        self._drafts.pop(key, None)

    def keys(self) -> list[str]:
        """The keys of the drafts kept (for tests and a future "unsaved work" prompt)."""
        return list(self._drafts)


class SessionDrafts(QObject):
    """Drafts of the signed-in account, in memory and, soon after each change, in the database."""

    def __init__(
        self, session: Session, parent: QObject | None = None, *, delay_ms: int = SAVE_DELAY_MS
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._memory: dict[str, dict[str, Any]] = {}
        self._pending: set[str] = set()  # changed in memory, not yet written
        self._gone: set[str] = set()  # discarded in memory, not yet deleted
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        flush = self.flush
        session.before_close.append(flush)
        self.destroyed.connect(lambda: _forget(session, flush))

    def save(self, key: str, values: dict[str, Any]) -> None:
        self._memory[key] = copy.deepcopy(values)
        self._pending.add(key)
        self._gone.discard(key)
        self.timer.start()

    def load(self, key: str) -> dict[str, Any] | None:
        if key in self._memory:
            return copy.deepcopy(self._memory[key])
        if key in self._gone or self.session.locked:
            return None
        return self.session.load_draft(key)

    def discard(self, key: str) -> None:
        self._memory.pop(key, None)
        self._pending.discard(key)
        self._gone.add(key)
        self.timer.start()

    def waiting(self) -> list[str]:
        """Every draft of the account: in memory, and in the database from earlier sessions."""
        stored = [] if self.session.locked else self.session.list_drafts()
        found = [k for k in self._memory if k not in stored]
        return found + [k for k in stored if k not in self._gone]

    def flush(self) -> None:
        """Write what changed to the database now (nothing while the session is locked)."""
        self.timer.stop()
        if self.session.lent:  # a background task has the connection: try again soon
            self.timer.start()
            return
        if self.session.locked or not (self._pending or self._gone):
            return
        try:
            for key in sorted(self._gone):
                self.session.discard_draft(key)
            for key in sorted(self._pending):
                self.session.save_draft(key, self._memory[key])
        except Exception as exc:  # a full disk must not stop the typing; memory still has it
            log.warning("drafts not saved: %s", type(exc).__name__)
            return
        self._gone.clear()
        self._pending.clear()


def _forget(session: Session, callback: object) -> None:
    if callback in session.before_close:
        session.before_close.remove(callback)


def draft_key(table: str, record_id: str | None) -> str:
    """The key of a form's draft: the table and the record, or `new` for a new one."""
    return f"{table}/{record_id or 'new'}"
