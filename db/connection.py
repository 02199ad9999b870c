"""The one door to a unit's database: open (creating and migrating), with the right pragmas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from db.migrations import migrate
from db.text import fold

DB_FILENAME = "sohoi.db"


class DatabaseUnavailable(Exception):
    """The database file cannot be opened (missing, not a database, locked)."""


def open_database(path: str | Path, *, create: bool = True, removable: bool = False) -> Database:
    """Open (and migrate) a unit's database file.

    `removable`: the file is on a USB stick, so no WAL side files and every commit reaches the
    medium (`journal_mode=DELETE`, `synchronous=FULL`) — a pulled stick then loses at most the
    transaction in flight. Elsewhere WAL with `synchronous=NORMAL`.
    """
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseUnavailable(f"không tìm thấy cơ sở dữ liệu: {path}")
    try:
        conn = sqlite3.connect(str(path), timeout=5.0, check_same_thread=False)
        db = Database(conn)
        conn.execute("PRAGMA foreign_keys = OFF")
        if removable:
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = FULL")
        else:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.create_function("fold", 1, lambda s: fold(s) if s else "", deterministic=True)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnavailable(f"không mở được cơ sở dữ liệu {path.name}: {exc}") from exc
    return db


def open_memory() -> Database:
    """A migrated in-memory database (tests, scratch work)."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    db = Database(conn)
    conn.create_function("fold", 1, lambda s: fold(s) if s else "", deterministic=True)
    migrate(db)
    return db
