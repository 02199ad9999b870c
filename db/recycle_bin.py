"""The recycle bin ("Đã xóa gần đây"): what a delete blanked, kept here for a while to restore.

A delete makes a tombstone whose personal fields are blanked (db/batch.py), and the tombstone is
what sync sends. In the same transaction the write path keeps the record's fields here, in the
local table `recycle_bin` (migration 9): inside the SQLCipher-encrypted database like every other
row, and never in a sync package — the packages carry the domain tables of `db.schema.TABLES`
only (desktop/sync/export.py), and this is none of them. An entry lives `recycle_days` (a
setting, 30 by default) and is then purged (`purge`, at each opening of the database), and the
tombstone is final.

A restore (`Store.restore`) goes through the write path: the kept fields are checked again like
any write (the branch still there, the citizen ID not taken meanwhile), and the record is written
back live with every field stamped anew (`{"*": [hlc, site]}`), so its `is_deleted` = 0 and its
personal fields are newer than the tombstone's everywhere: sync carries it up as an undelete that
wins by last-writer-wins (db/merge.py). The write is audited like any other (`undelete`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from db.schema import TABLES

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class BinEntry:
    """One deleted record that can still be restored."""

    table: str
    row_id: str
    title: str  # the record's name or title, as it was
    deleted_at: datetime  # UTC
    deleted_by: str | None  # the account that deleted it (None: the command line)


def now_utc() -> datetime:
    return datetime.now(UTC)


def keep(
    db: Database,
    table: str,
    record: dict[str, Any],
    *,
    actor: str | None,
    at: datetime | None = None,
) -> None:
    """Keep the fields of `record` (about to become a tombstone), in the caller's transaction."""
    spec = TABLES[table]
    content = json.dumps({f: record.get(f) for f in spec.field_names}, ensure_ascii=False)
    db.conn.execute(
        "INSERT OR REPLACE INTO recycle_bin "
        "(tbl, row_id, unit_code, content, deleted_at, deleted_by) VALUES (?, ?, ?, ?, ?, ?)",
        [
            table,
            record["id"],
            record["unit_code"],
            content,
            (at or now_utc()).isoformat(timespec="seconds"),
            actor,
        ],
    )


def kept(db: Database, table: str, row_id: str) -> dict[str, Any] | None:
    """The fields kept for a deleted record, or None (never deleted here, restored, purged)."""
    row = db.conn.execute(
        "SELECT content FROM recycle_bin WHERE tbl = ? AND row_id = ?", [table, row_id]
    ).fetchone()
    return json.loads(row[0]) if row else None


def forget(db: Database, table: str, row_id: str) -> None:
    """Drop a record's entry (restored), in the caller's transaction."""
    db.conn.execute("DELETE FROM recycle_bin WHERE tbl = ? AND row_id = ?", [table, row_id])


def entries(db: Database) -> list[BinEntry]:
    """What can be restored, the newest delete first."""
    out = []
    for tbl, row_id, content, at, by in db.conn.execute(
        "SELECT tbl, row_id, content, deleted_at, deleted_by FROM recycle_bin "
        "ORDER BY deleted_at DESC, rowid DESC"
    ):
        spec = TABLES.get(tbl)
        if spec is None:
            continue
        values = json.loads(content)
        title = values.get(spec.title_field or "") or spec.label
        out.append(BinEntry(tbl, row_id, str(title), datetime.fromisoformat(at), by))
    return out


def purge(db: Database, days: int = DEFAULT_DAYS, *, now: datetime | None = None) -> int:
    """Remove the entries older than `days`: their tombstones become final. How many."""
    limit = ((now or now_utc()) - timedelta(days=days)).isoformat(timespec="seconds")
    with db.atomic():
        cur = db.conn.execute("DELETE FROM recycle_bin WHERE deleted_at < ?", [limit])
    return cur.rowcount
