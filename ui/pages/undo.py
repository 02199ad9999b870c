"""Ctrl+Z on a list: undo the last changes made from it, through the write path.

Each save or delete leaves an entry: the record, and how to go back. An insert is undone by
deleting the record; an update by saving the changed fields' previous values (a new write with
new clocks, so the undo also travels by sync). A delete is undone by restoring the record from
the recycle bin (`Store.restore`, db/recycle_bin.py): the same path as the "Đã xóa gần đây"
dialog, a new live version that sync carries as an undelete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from db.store import Store
from ui import strings

UNDO_DEPTH = 20


@dataclass(frozen=True)
class UndoEntry:
    """One change made from the page: `op` is insert, update or delete."""

    table: str
    id: str
    op: str
    description: str  # `hội viên “Nguyễn Thị Ánh”`
    previous: dict[str, Any] = field(default_factory=dict)  # the fields an update changed


@dataclass(frozen=True)
class UndoOutcome:
    """What Ctrl+Z did: the sentence to show, and whether data changed."""

    message: str
    changed: bool
    entry: UndoEntry | None = None


class UndoStack:
    """The last few changes of one page, newest last."""

    def __init__(self, depth: int = UNDO_DEPTH) -> None:
        self.depth = depth
        self._entries: list[UndoEntry] = []

    def push(self, entry: UndoEntry) -> None:
        """Remember a change (the oldest is forgotten beyond `depth`)."""
        self._entries.append(entry)
        del self._entries[: -self.depth]

    def __len__(self) -> int:
        return len(self._entries)

    def peek(self) -> UndoEntry | None:
        """The change Ctrl+Z would undo."""
        return self._entries[-1] if self._entries else None

    def undo(self, store: Store) -> UndoOutcome:
        """Undo the newest change through the store.

        Raises what the store raises (`ValidationError`, `StorageError`, a refused role); the
        entry is then kept, so nothing is forgotten that was not undone.
        """
        entry = self.peek()
        if entry is None:
            return UndoOutcome(strings.NOTHING_TO_UNDO, changed=False)
        if entry.op == "delete":
            store.restore(entry.table, entry.id)
            message = strings.undone_delete(entry.description)
        elif entry.op == "insert":
            store.delete(entry.table, entry.id)
            message = strings.undone_insert(entry.description)
        else:
            store.save(entry.table, entry.previous, id=entry.id)
            message = strings.undone_update(entry.description)
        self._entries.pop()
        return UndoOutcome(message, changed=True, entry=entry)
