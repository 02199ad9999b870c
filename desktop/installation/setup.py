"""Creating a unit's installation, signing in to it, and recovering it.

A data folder holds `sohoi.db` (SQLCipher, a random 256-bit key) and `sohoi.keys` (that key
wrapped per account and under the recovery code). Creating a unit makes its first admin account
and returns the recovery code, shown once, to print and keep.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from db.connection import DatabaseUnavailable, WrongKey, open_database
from db.store import Store
from desktop.errors import UnitError
from desktop.installation.paths import database_path
from desktop.installation.unit_files import is_demo, unit_exists, usernames
from desktop.installation.unit_files import keyfile as keyfile_of
from desktop.security import audit, wraps
from desktop.security.accounts import (
    Account,
    AccountError,
    check_password,
    check_username,
    get_account,
    insert_account,
)
from desktop.security.crypto import new_database_key, new_recovery_code, wipe
from desktop.security.keyfile import (
    KEYFILE_NAME,
    RECOVERY_TRIES,
    KeyFile,
    WrongSecret,
)
from desktop.security.rekey import settle
from desktop.security.session import LoginRefused, Session, open_with_password, wait_message


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str
    level: str
    parent_code: str | None = None
    admin_area_code: str | None = None


@dataclass
class CreatedUnit:
    session: Session
    recovery_code: str  # show once, to print and keep


def _remove_installation(data_dir: Path) -> None:
    for pattern in (database_path(data_dir).name + "*", KEYFILE_NAME + "*"):
        for leftover in data_dir.glob(pattern):
            with contextlib.suppress(OSError):
                leftover.unlink()


def create_unit(
    data_dir: Path,
    unit: NewUnit,
    *,
    admin_password: str,
    admin_username: str = "admin",
    removable: bool = False,
    demo: bool = False,
    **unit_fields: object,
) -> CreatedUnit:
    """Create the encrypted database of a new unit with its own record and first admin.

    `demo` marks the demo unit, whose login screen may show its documented password.
    """
    if unit_exists(data_dir):
        raise UnitError(f"Thư mục {data_dir} đã có dữ liệu của một đơn vị.")
    code = unit.code.strip()
    if not code:
        raise UnitError("Mã đơn vị không được để trống.")
    try:
        check_password(admin_password)
        admin_username = check_username(admin_username)
    except AccountError as exc:
        raise UnitError(str(exc)) from exc
    data_dir.mkdir(parents=True, exist_ok=True)
    key = new_database_key()
    recovery = new_recovery_code()
    values = {
        "code": code,
        "name": unit.name,
        "level": unit.level,
        "parent_code": unit.parent_code,
        "admin_area_code": unit.admin_area_code,
        **unit_fields,
    }
    db = None
    try:
        db = open_database(database_path(data_dir), key=key, removable=removable)
        database_path(data_dir).chmod(0o600)  # other accounts of a shared PC: not even bytes
        store = Store(db)
        store.set_unit(code)
        audit.attach(store, lambda: admin_username)
        with db.atomic():
            insert_account(db, admin_username, "admin", None)
            audit.append(db, admin_username, "unit_create", detail=code)
            store.save("units", {k: v for k, v in values.items() if v is not None})
        keyfile = KeyFile(data_dir / KEYFILE_NAME, code, demo=demo)
        keyfile.set_wrap("password", admin_username, admin_password, key)
        keyfile.set_wrap("recovery", "", recovery, key)
        keyfile.save()
        db.close()
        db = None
        session = Session(
            data_dir,
            keyfile,
            key,
            get_account_or_fail(data_dir, key, admin_username),
            removable=removable,
        )
    except BaseException:
        # A refused unit leaves no half-made installation behind.
        if db is not None:
            db.close()
        wipe(key)
        _remove_installation(data_dir)
        raise
    return CreatedUnit(session, recovery)


def get_account_or_fail(data_dir: Path, key: bytearray, username: str) -> Account:
    db = open_database(database_path(data_dir), key=key, create=False)
    try:
        account = get_account(db, username)
    finally:
        db.close()
    if account is None or account.disabled:
        raise LoginRefused("Tài khoản này không còn được phép đăng nhập.")
    return account


def login(
    data_dir: Path,
    username: str,
    password: str,
    *,
    removable: bool = False,
    now: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Session:
    """Sign in; LoginRefused (wrong password, disabled, delay) or UnitError (no/damaged unit).

    `clock` measures idle time for the auto-lock (tests pass a fake one).
    """
    keyfile = keyfile_of(data_dir)
    key = open_with_password(keyfile, username, password, now=now)
    try:
        account = get_account_or_fail(data_dir, key, username)
        session = Session(data_dir, keyfile, key, account, removable=removable, clock=clock)
    except WrongKey as exc:
        wipe(key)
        raise UnitError("Tệp khóa không khớp với cơ sở dữ liệu trong thư mục này.") from exc
    except DatabaseUnavailable as exc:
        wipe(key)
        raise UnitError(str(exc)) from exc
    audit.append(session.store.db, account.username, "login")
    session.store.db.conn.commit()
    if keyfile.rekey_due and session.can("keys"):
        from desktop.security.users import rekey_again

        rekey_again(session)
    return session


def recover(
    data_dir: Path, recovery_code: str, *, username: str, new_password: str, removable: bool = False
) -> Session:
    """A forgotten admin password: open with the recovery code and set a new password."""
    from desktop.security.crypto import normalise_recovery_code

    keyfile = keyfile_of(data_dir)
    try:
        check_password(new_password)
    except AccountError as exc:
        raise UnitError(str(exc)) from exc
    # Wrong recovery codes are counted and slowed down like passwords (a pseudo-account).
    wait = keyfile.wait_seconds(RECOVERY_TRIES)
    if wait > 0:
        raise LoginRefused(wait_message(wait), wait)
    code = normalise_recovery_code(recovery_code)
    try:
        keys = keyfile.keys("recovery", "", code)
    except WrongSecret:
        keyfile.record_failure(RECOVERY_TRIES)
        raise LoginRefused(
            "Mã khôi phục không đúng.", keyfile.wait_seconds(RECOVERY_TRIES)
        ) from None
    key = settle(keyfile, keys, database_path(data_dir))
    wrap = keyfile.wrap_of("recovery", "")
    if wrap is not None and wraps.version(wrap) == wraps.V1 and keyfile.pending is None:
        keyfile.set_wrap("recovery", "", code, key)  # a version 2 wrap from now on
    keyfile.clear_failures(RECOVERY_TRIES)
    try:
        account = get_account_or_fail(data_dir, key, username)
        if account.role != "admin":
            raise LoginRefused("Mã khôi phục chỉ dùng để đặt lại mật khẩu của quản trị viên.")
    except BaseException:
        wipe(key)
        raise
    keyfile.set_wrap("password", account.username, new_password, key)
    keyfile.save()
    session = Session(data_dir, keyfile, key, account, removable=removable)
    audit.append(session.store.db, account.username, "recover")
    session.store.db.conn.commit()
    return session


__all__ = ["UnitError", "is_demo", "unit_exists", "usernames"]
