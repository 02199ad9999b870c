"""The one door to a unit's database: open (creating and migrating), with the right pragmas.

With a key the file is a SQLCipher database (AES-256, via `sqlcipher3`), unreadable without that
key; without one it is plain SQLite (tests and benchmarks only: no installation opens its unit
that way).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3
from sqlite_utils import Database

from db import DB_FILENAME  # noqa: F401  (re-exported)
from db.migrations import SchemaTooNew, migrate
from db.text import fold, given_first

KEY_BYTES = 32
DB_ERRORS = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)
# What a full, read-only, busy or vanished disk raises during a write.
STORAGE_ERRORS = (sqlite3.OperationalError, sqlcipher3.OperationalError)


class DatabaseUnavailable(Exception):
    """The database file cannot be opened (missing, not a database, locked)."""


class WrongKey(DatabaseUnavailable):
    """The key does not open this database, or the file is not an encrypted database."""


class StorageRefused(DatabaseUnavailable):
    """The file may well be sound, but the disk or another program refuses it now: busy (locked
    by another process), read-only, or full. Never a wrong key: say what it is."""


class DatabaseBusy(StorageRefused):
    """Another process holds a lock on the database file."""


class DatabaseReadOnly(StorageRefused):
    """The file or its folder cannot be written (write-protected stick, permissions)."""


class DiskFull(StorageRefused):
    """No room left on the disk (or the database's size limit) for the writes opening needs."""


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_FULL, _SQLITE_NOTADB = 13, 26


def refusal(exc: BaseException, name: str) -> DatabaseUnavailable:
    """The exception to raise for an SQLite error met while opening the file `name`: a busy,
    read-only or full disk has its own class and Vietnamese sentence; only a file that is not a
    database under this key is a WrongKey."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc).lower()
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text or "busy" in text:
        return DatabaseBusy(
            f"Cơ sở dữ liệu {name} đang bị một chương trình khác giữ nên chưa mở được. Hãy đóng "
            "chương trình đó (hoặc đợi nó làm xong) rồi thử lại; dữ liệu không thay đổi."
        )
    if code == _SQLITE_FULL or "full" in text:
        return DiskFull(
            f"Ổ đĩa đã đầy nên chưa mở được cơ sở dữ liệu {name}. Hãy giải phóng chỗ trống rồi "
            "thử lại; dữ liệu đã có vẫn nguyên vẹn."
        )
    if code in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in text or "read-only" in text:
        return _read_only(name)
    if code == _SQLITE_NOTADB or not isinstance(exc, STORAGE_ERRORS):
        return WrongKey("khóa không mở được cơ sở dữ liệu này")
    return DatabaseUnavailable(f"không mở được cơ sở dữ liệu {name}: {exc}")


def _read_only(name: str) -> DatabaseReadOnly:
    return DatabaseReadOnly(
        f"Tệp {name} hoặc thư mục chứa nó chỉ cho phép đọc nên chưa mở được. Hãy kiểm tra USB "
        "(khóa chống ghi) hoặc quyền ghi của thư mục dữ liệu."
    )


def open_database(
    path: str | Path,
    *,
    key: bytes | bytearray | None = None,
    create: bool = True,
    removable: bool = False,
) -> Database:
    """Open (and migrate) a unit's database file, encrypted when `key` is given.

    `removable`: the file is on a USB stick, so no WAL side files and every commit reaches the
    medium (`journal_mode=DELETE`, `synchronous=FULL`) — a pulled stick then loses at most the
    transaction in flight. Elsewhere WAL with `synchronous=NORMAL`.
    """
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseUnavailable(f"không tìm thấy cơ sở dữ liệu: {path}")
    # SQLite opens a read-only file for reading without a word and fails only at the first
    # write (or, in a read-only folder, with "unable to open"): ask the system first.
    if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise _read_only(path.name)
    conn = None
    try:
        if key is None:
            conn = sqlite3.connect(str(path), timeout=5.0, check_same_thread=False)
        else:
            conn = _open_encrypted(path, key)
        _configure(conn, removable=removable)
        # No sqlite-utils plugin gets our decrypted connection (nor does the first open pay for
        # a scan of every installed package's entry points).
        db = Database(conn, execute_plugins=False)
        migrate(db)
    except (DatabaseUnavailable, SchemaTooNew):
        if conn is not None:
            conn.close()
        raise
    except DB_ERRORS as exc:
        if conn is not None:
            conn.close()
        failure = refusal(exc, path.name)
        if isinstance(failure, WrongKey):  # a page that does not decrypt, past the first one
            failure = DatabaseUnavailable(f"không mở được cơ sở dữ liệu {path.name}: {exc}")
        raise failure from exc
    return db


def _open_encrypted(path: Path, key: bytes | bytearray) -> sqlcipher3.Connection:
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    conn = sqlcipher3.connect(str(path), timeout=5.0, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not stderr's
    # A raw key (x'…'): no passphrase derivation, the key itself is random.
    conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise refusal(exc, path.name) from exc
    return conn


# Called by SQLite for every name written into an index on it (members, heads, cadres): names
# repeat (a commune has many a "Nguyễn Thị Lan"), so the recent ones are remembered.
_given_first = functools.lru_cache(maxsize=8192)(given_first)


def _configure(conn: sqlite3.Connection, *, removable: bool) -> None:
    conn.execute("PRAGMA foreign_keys = OFF")
    # Temporary tables and sort spills stay in memory: nothing decrypted lands in a temp file.
    conn.execute("PRAGMA temp_store = MEMORY")
    if removable:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    else:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    register_functions(conn)


def register_functions(conn: sqlite3.Connection | sqlcipher3.Connection) -> None:
    """The schema's SQL functions, on `conn`: deterministic, so indexes are built on them
    (db/migrations.py, the person search); a connection without them cannot write a person."""
    conn.create_function("fold", 1, lambda s: fold(s) if s else "", deterministic=True)
    conn.create_function(
        "given_first", 1, lambda s: _given_first(s) if s else "", deterministic=True
    )


@contextlib.contextmanager
def page_cache(db: Database, kib: int) -> Iterator[None]:
    """SQLite's page cache at `kib` KiB for the block (a bulk write's), then as it was."""
    (before,) = db.execute("PRAGMA cache_size").fetchone()
    db.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")


def open_memory() -> Database:
    """A migrated in-memory database (tests, scratch work)."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    _configure(conn, removable=True)
    db = Database(conn, execute_plugins=False)
    migrate(db)
    return db
