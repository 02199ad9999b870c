"""The one write path: every insert, update and delete of a domain record goes through `Store`.

A write validates and normalises the values (db.validation), checks the rules that need other
records (references, a citizen ID unique within its unit, ownership), stamps each changed field
with a hybrid logical clock and this installation's site id, and stores the row in one
transaction with the others of its batch. Field clocks are packed in the row (`clocks`, JSON
`{"*": [hlc, site], "<field>": [hlc, site], …}`: `*` is the stamp of every field not listed) and
the row carries the local `db_version` of its last change, so "everything changed since N" is an
index range and a write stays one row write (docs/ARCHITECTURE.md, "The write path and the clocks").

`Store` owns the transaction, the clock, the version counter and the installation's state in
`sync_state` (site id, unit, clock, version): nothing else writes them; the work on each change is
`db.batch.Batch`'s, and the values passed in and out are `db.changes`' (importable from here).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlite_utils import Database

from db.batch import MAX_REPORTED, Batch
from db.changes import (
    UNIT_NAMESPACE,
    Change,
    RowChange,
    StorageError,
    WriteResult,
    storage_message,
    unit_row_id,
)
from db.clock import HybridClock
from db.connection import STORAGE_ERRORS
from db.progress import Cancelled, Progress, WorkCancelled
from db.schema import TABLES
from db.validation import ValidationError

__all__ = [
    "UNIT_NAMESPACE",
    "Change",
    "RowChange",
    "StorageError",
    "Store",
    "WriteResult",
    "storage_message",
    "unit_row_id",
]


def fresh_site_id() -> str:
    """A fresh site id: the tie-breaker of this installation's clock stamps."""
    return secrets.token_hex(8)


def read_states(db: Database) -> dict[str, str]:
    """Every value of `sync_state`, by key."""
    return dict(db.execute("SELECT key, value FROM sync_state").fetchall())


def read_state(db: Database, key: str) -> str | None:
    """One value of `sync_state`, or None: for a database with no Store over it (a backup being
    restored, a report's read-only copy, the audit log's head); a Store keeps its own in
    memory (`site_id`, `unit_code`, `db_version`, `clock`)."""
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def write_states(db: Database, values: dict[str, str]) -> None:
    """Write values of `sync_state` in the caller's transaction. Store's own keys (site id,
    unit, clock, version) are written by Store only; the audit log writes its head here, on a
    database it may hold without a Store."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", list(values.items())
    )


class Store:
    """A unit's records over an open database: reads, and the one write path."""

    def __init__(
        self,
        db: Database,
        *,
        today: Callable[[], date] = date.today,
        clock: HybridClock | None = None,
    ):
        self.db = db
        self.today = today
        state = read_states(db)
        if "site_id" not in state:
            state["site_id"] = fresh_site_id()
            with db.atomic():
                write_states(db, {"site_id": state["site_id"]})
        self.site_id: str = state["site_id"]
        self.unit_code: str | None = state.get("unit_code")
        self.db_version = int(state.get("db_version", 0))
        self.clock = clock or HybridClock()
        self.clock.observe(int(state.get("hlc", 0)))
        # Called inside the write transaction with the result, before commit (audit log).
        self.before_commit: list[Callable[[WriteResult], None]] = []
        # Called before any write; raises to refuse it (a viewer's session, a locked one).
        self.guard: Callable[[], None] | None = None
        # Who is writing (the signed-in account), for the recycle bin's "deleted by".
        self.actor: Callable[[], str] | None = None

    # -- reading ---------------------------------------------------------------------------

    def get(self, table: str, row_id: str, *, include_deleted: bool = False) -> dict | None:
        """A record by id as stored (list fields as JSON text), or None."""
        spec = TABLES[table]
        cur = self.db.conn.execute(f"SELECT * FROM [{spec.name}] WHERE id = ?", [row_id])
        row = cur.fetchone()
        if row is None:
            return None
        record = dict(zip([d[0] for d in cur.description], row, strict=True))
        if record["is_deleted"] and not include_deleted:
            return None
        return record

    def set_unit(self, code: str) -> None:
        """Make `code` the unit this installation keeps (once, at creation)."""
        if self.unit_code and self.unit_code != code:
            raise ValueError("this database already belongs to another unit")
        with self.db.atomic():
            write_states(self.db, {"unit_code": code})
        self.unit_code = code

    # -- the installation's state: site id, clock, version (sync_state) ---------------------

    def advance_clock(self, remote: int, *, now_ms: int | None = None) -> None:
        """Move the clock past a stamp applied from imported data, so later local writes win
        over it. A stamp the clock finds too far ahead of the wall time (`now_ms`, or the
        clock's own) is refused with ValueError: the merge sets such rows aside before."""
        if self.clock.too_far_ahead(remote, now_ms=now_ms):
            raise ValueError("clock stamp too far ahead of the wall clock")
        self.clock.observe(remote)

    def next_version(self) -> int:
        """The `db_version` the next change will carry."""
        return self.db_version + 1

    def commit_version(self, version: int) -> None:
        """Make `version` the current `db_version`: it and the clock's last stamp are written
        to `sync_state` in the caller's transaction, and kept here (the merge's bookkeeping)."""
        self._persist_version(version)
        self.db_version = version

    def _persist_version(self, version: int) -> None:
        write_states(self.db, {"db_version": str(version), "hlc": str(self.clock.last)})

    @contextmanager
    def new_site_id(self) -> Iterator[str]:
        """A new site id for this installation (a copy of another's folder becoming a device
        of its own), written in one transaction with what the caller does in the block and
        adopted here once that transaction is committed."""
        site = fresh_site_id()
        with self.db.atomic():
            self.db.execute("UPDATE sync_state SET value = ? WHERE key = 'site_id'", [site])
            yield site
        self.site_id = site

    def descendant_units(self, root: str | None = None) -> set[str]:
        """Codes of `root` (default: this unit) and every unit below it, from the units table."""
        root = root or self.unit_code
        if root is None:
            return set()
        rows = self.db.execute(
            """WITH RECURSIVE below(code) AS (
                   SELECT ? UNION
                   SELECT u.code FROM units u JOIN below b ON u.parent_code = b.code
                   WHERE u.is_deleted = 0)
               SELECT code FROM below""",
            [root],
        ).fetchall()
        return {r[0] for r in rows}

    # -- writing ---------------------------------------------------------------------------

    def save(
        self,
        table: str,
        values: dict[str, Any],
        *,
        id: str | None = None,
        unit_code: str | None = None,
    ) -> WriteResult:
        """Insert (no id, or an unknown one) or update one record; ValidationError if refused."""
        return self.write([Change(table, values, id=id, unit_code=unit_code)])

    def delete(self, table: str, row_id: str) -> WriteResult:
        """Delete a record: it becomes a tombstone whose personal fields are blanked; its fields
        are kept in the recycle bin (db/recycle_bin.py) for a while."""
        return self.write([Change(table, id=row_id, delete=True)])

    def restore(self, table: str, row_id: str) -> WriteResult:
        """Bring a deleted record back from the recycle bin, live, every field stamped anew;
        ValidationError if it cannot be (gone from the bin, its branch deleted, its citizen ID
        taken meanwhile)."""
        return self.write([Change(table, id=row_id, restore=True)])

    def write(
        self,
        changes: Iterable[Change],
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        total: int = 0,
    ) -> WriteResult:
        """Apply a batch of changes all or nothing; ValidationError lists every problem found."""
        if self.guard is not None:
            self.guard()
        version = self.next_version()
        try:
            result = self._write(changes, version, progress, cancelled, total)
        except STORAGE_ERRORS as exc:
            # The transaction was rolled back: the medium refused, nothing was saved.
            raise StorageError(storage_message(exc)) from exc
        if result.changes:
            self.db_version = version
        return result

    def _write(
        self,
        changes: Iterable[Change],
        version: int,
        progress: Progress | None,
        cancelled: Cancelled | None,
        total: int,
    ) -> WriteResult:
        batch = Batch(self, version)
        with self.db.atomic():
            for n, change in enumerate(changes, 1):
                batch.add(change)
                if n % 1000 == 0:
                    if cancelled and cancelled():
                        raise WorkCancelled
                    if progress:
                        progress(n, total, "")
            batch.flush()
            if batch.errors:
                raise ValidationError(batch.errors[:MAX_REPORTED])
            result = batch.result
            if result.changes:
                result.db_version = version
                self._persist_version(version)
                for hook in self.before_commit:
                    hook(result)
        return result
