"""Half-filled forms kept aside, so that a lock (or, later, a crash) does not lose them.

A draft is a form's values as entered, under a key naming the form (`members/new`,
`members/<id>`). For now drafts live in memory only, in the main window's pages: they survive
the lock and unlock (the window stays, only hidden behind the lock screen) but not the end of
the program. Written to disk they would hold members' personal data, and the only place fit
for that is the encrypted database itself; `Drafts` is the interface a database-backed keeper
(`Session.save_draft` / `load_draft` / `discard_draft` over a `drafts` table, one per account)
will implement, so the forms will not change when it comes.
"""

from __future__ import annotations

import copy
from typing import Any, Protocol


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


def draft_key(table: str, record_id: str | None) -> str:
    """The key of a form's draft: the table and the record, or `new` for a new one."""
    return f"{table}/{record_id or 'new'}"
