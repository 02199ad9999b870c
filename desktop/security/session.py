"""A signed-in person's session over a unit: its store, role checks, idle lock and unlock.

The UI and the CLI both work through a Session. Locking closes the database (SQLCipher wipes its
copy of the key) and overwrites ours; unlocking asks the same account's password again, with the
same growing delay after failures as the login.
"""

from __future__ import annotations

import contextlib
import logging
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from db import recycle_bin
from db.connection import DB_FILENAME, open_database
from db.store import Store
from desktop.errors import LoginRefused
from desktop.installation import settings
from desktop.security import audit, drafts, wraps
from desktop.security.accounts import (
    PERMISSION_LABELS,
    Account,
    AccountError,
    PermissionDenied,
    get_account,
)
from desktop.security.crypto import wipe
from desktop.security.keyfile import Instant, KeyFile, WrongSecret

if TYPE_CHECKING:
    from desktop.security.rekey import Rekeyed

DEFAULT_IDLE_MINUTES = 10
log = logging.getLogger(__name__)


class Connector:
    """Opens one more connection to a unit's database, once: the key it holds is wiped when
    the connection is open, or by `discard` when the work never ran. Close the connection."""

    def __init__(self, path: Path, key: bytes, *, removable: bool) -> None:
        self._path, self._removable = path, removable
        self._key: bytearray | None = bytearray(key)

    def __call__(self, *, read_only: bool = False) -> Database:
        """The connection; `read_only` makes it refuse every write (`PRAGMA query_only`)."""
        if self._key is None:
            raise RuntimeError("a Connector opens once")
        try:
            db = open_database(self._path, key=self._key, create=False, removable=self._removable)
        finally:
            self.discard()
        if read_only:
            db.execute("PRAGMA query_only = ON")
        return db

    def rekey(self, key: bytes | bytearray) -> None:
        """The database was re-keyed before this connection was opened: use the new key."""
        if self._key is not None:
            wipe(self._key)
            self._key = bytearray(key)

    def discard(self) -> None:
        if self._key is not None:
            wipe(self._key)
            self._key = None


class SessionLocked(AccountError):
    """The session is locked; unlock it first."""


def wait_message(seconds: float) -> str:
    return f"Đã nhập sai nhiều lần. Hãy đợi {int(seconds + 0.999)} giây rồi thử lại."


def open_with_password(
    keyfile: KeyFile, username: str, password: str, *, now: float | Instant | None = None
) -> bytearray:
    """The database key for an account's password, honouring and counting failed tries.

    A re-key a killed process left half done is finished or abandoned here, and a version 1
    wrap is replaced by a version 2 one (desktop.security.wraps)."""
    from desktop.security.rekey import settle

    wait = keyfile.wait_seconds(username, now)
    if wait > 0:
        raise LoginRefused(wait_message(wait), wait, "")
    try:
        keys = keyfile.keys("password", username, password)
    except WrongSecret:
        keyfile.record_failure(username, now)
        wait = keyfile.wait_seconds(username, now)
        reason = "Sai tên đăng nhập hoặc mật khẩu."
        message = f"{reason} {wait_message(wait)}" if wait > 0 else reason
        raise LoginRefused(message, wait, reason) from None
    key = settle(keyfile, keys, keyfile.path.parent / DB_FILENAME)
    wrap = keyfile.wrap_of("password", username)
    if wrap is not None and wraps.version(wrap) == wraps.V1 and keyfile.pending is None:
        keyfile.set_wrap("password", wrap["username"], password, key)
        keyfile.save()
    keyfile.clear_failures(username)
    return key


class Session:
    """One person signed in to one unit's database."""

    def __init__(
        self,
        data_dir: Path,
        keyfile: KeyFile,
        key: bytearray,
        account: Account,
        *,
        removable: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.data_dir = data_dir
        self.keyfile = keyfile
        self.account = account
        self.removable = removable
        self.idle_seconds = DEFAULT_IDLE_MINUTES * 60  # then the unit's setting, once open
        self._clock = clock
        self._key: bytearray | None = key
        self._store: Store | None = None
        self._connectors: weakref.WeakSet[Connector] = weakref.WeakSet()
        self._last_activity = clock()
        # Called before the database closes (lock, close): the window saves pending drafts.
        self.before_close: list[Callable[[], None]] = []
        # True while a background task of the window uses this session's store (a modal task
        # dialog): timers of the window (drafts) then keep off the connection until it is back.
        self.lent = False
        self._open()

    # -- the database ---------------------------------------------------------------------

    def _open(self) -> None:
        assert self._key is not None
        db = open_database(
            self.data_dir / DB_FILENAME, key=self._key, create=False, removable=self.removable
        )
        store = Store(db)
        self.idle_seconds = settings.get(db, "idle_lock_minutes") * 60
        store.guard = lambda: self.require("write")
        store.actor = lambda: self.account.username
        audit.attach(store, lambda: self.account.username)
        # Deleted records kept longer than the setting: their tombstones become final.
        recycle_bin.purge(db, settings.get(db, "recycle_days"))
        self._store = store

    @property
    def store(self) -> Store:
        if self._store is None:
            raise SessionLocked("Phiên làm việc đang khóa; hãy nhập mật khẩu để mở.")
        self.touch()
        return self._store

    @property
    def locked(self) -> bool:
        return self._store is None

    def key_copy(self) -> bytes:
        """The database key, for a backup made by this session (admin/entry only)."""
        if self._key is None:
            raise SessionLocked("Phiên làm việc đang khóa.")
        return bytes(self._key)

    def connector(self) -> Connector:
        """A one-shot opener of another connection to this unit's database, for a worker
        thread (a connection belongs to the thread that uses it). Made while unlocked."""
        connector = Connector(
            self.data_dir / DB_FILENAME, self.key_copy(), removable=self.removable
        )
        self._connectors.add(connector)
        return connector

    def rekey(self) -> Rekeyed:
        """A new database key (desktop.security.rekey): the database, the key file, this
        session's key (the old one wiped) and its connectors not yet opened. A connection a
        background task already holds fails on its next read; its work can be run again."""
        from desktop.security.rekey import rekey

        db = self._open_store().db
        db.conn.commit()

        def apply(new_key: bytearray) -> None:
            db.conn.execute(f"PRAGMA rekey = \"x'{bytes(new_key).hex()}'\"").fetchall()
            with contextlib.suppress(Exception):  # WAL: old-key pages out of the main file now
                db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

        done, new_key = rekey(self.keyfile, apply)
        old, self._key = self._key, new_key
        if old is not None:
            wipe(old)
        for connector in list(self._connectors):
            connector.rekey(new_key)
        return done

    # -- roles ----------------------------------------------------------------------------

    def can(self, permission: str) -> bool:
        return self.account.can(permission)

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                f"Tài khoản “{self.account.username}” ({self.account.role_label}) không được "
                f"{PERMISSION_LABELS.get(permission, permission)}."
            )

    # -- idle lock ------------------------------------------------------------------------

    def touch(self) -> None:
        """Note activity (a key press, a click): the idle clock starts again."""
        self._last_activity = self._clock()

    def idle_for(self) -> float:
        return self._clock() - self._last_activity

    def lock_if_idle(self) -> bool:
        """Lock when idle longer than the setting; True when it locked now."""
        if not self.locked and self.idle_seconds > 0 and self.idle_for() >= self.idle_seconds:
            self.lock()
            return True
        return False

    def lock(self) -> None:
        """Close the database and forget the key until the same account unlocks."""
        self._before_close()
        if self._store is not None:
            audit.append(self._store.db, self.account.username, "lock")
            self._store.db.conn.commit()
            self._store.db.close()
            self._store = None
        if self._key is not None:
            wipe(self._key)
            self._key = None

    def unlock(self, password: str, *, now: float | None = None) -> None:
        """Reopen with the signed-in account's password."""
        if not self.locked:
            return
        self._key = open_with_password(self.keyfile, self.account.username, password, now=now)
        self._open()
        assert self._store is not None
        account = get_account(self._store.db, self.account.username)
        if account is None or account.disabled:
            self.lock()
            raise LoginRefused("Tài khoản này đã bị khóa.")
        self.account = account
        audit.append(self._store.db, self.account.username, "unlock")
        self._store.db.conn.commit()
        self.touch()

    def _before_close(self) -> None:
        if self._store is None:
            return
        for callback in list(self.before_close):
            try:
                callback()
            except Exception:  # a failing listener must not keep the key in memory
                log.exception("before-close callback failed")

    # -- drafts: half-filled forms of this account (desktop.security.drafts)
    # ------------------------

    def save_draft(self, key: str, values: dict[str, Any]) -> None:
        """Keep a form's values under `key`; SessionLocked while locked. Not activity."""
        drafts.save_draft(self._open_store().db, self.account.username, key, values)

    def load_draft(self, key: str) -> dict[str, Any] | None:
        return drafts.load_draft(self._open_store().db, self.account.username, key)

    def discard_draft(self, key: str) -> None:
        drafts.discard_draft(self._open_store().db, self.account.username, key)

    def list_drafts(self) -> list[str]:
        return drafts.list_drafts(self._open_store().db, self.account.username)

    def _open_store(self) -> Store:
        """The store without counting as activity (`store` does): drafts are saved by timers."""
        if self._store is None:
            raise SessionLocked("Phiên làm việc đang khóa; hãy nhập mật khẩu để mở.")
        return self._store

    def set_setting(self, key: str, value: object) -> None:
        """Change a setting of this installation (admin), logged."""
        self.require("settings")
        db = self.store.db
        with db.atomic():
            settings.put(db, key, value)
            audit.append(db, self.account.username, "setting", detail=key)
        if key == "idle_lock_minutes":
            self.idle_seconds = settings.get(db, key) * 60

    def remember(self, key: str, value: object) -> None:
        """Store what the window remembers of the last use (`settings.REMEMBERED`: the sync
        folder); anyone signed in, not logged."""
        if key not in settings.REMEMBERED:
            raise KeyError(key)
        db = self.store.db
        with db.atomic():
            settings.put(db, key, value)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the session (the window closes, the command ends)."""
        self._before_close()
        if self._store is not None:
            self._store.db.close()
            self._store = None
        if self._key is not None:
            wipe(self._key)
            self._key = None
