"""Managing the accounts of a unit: add, change or reset a password, disable, new recovery code.

Every operation changes the account list inside the database and the key wraps in the key file
together, and is written to the audit log. Only an admin manages others; anyone changes their own
password.
"""

from __future__ import annotations

import dataclasses
import secrets

import sqlcipher3

from desktop.security import audit
from desktop.security.accounts import (
    ROLE_LABELS,
    Account,
    AccountError,
    active_admins,
    check_password,
    get_account,
    insert_account,
    list_accounts,
    set_disabled,
    set_must_change,
)
from desktop.security.accounts import set_role as _store_role
from desktop.security.crypto import new_recovery_code
from desktop.security.keyfile import WrongSecret, account_name
from desktop.security.rekey import Rekeyed
from desktop.security.session import LoginRefused, Session

# A one-time password's letters: no 0/O, 1/l/I, so it reads aloud and copies by hand.
_ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def accounts(session: Session) -> list[Account]:
    session.require("read")
    return list_accounts(session.store.db)


def last_sign_ins(session: Session) -> dict[str, str]:
    """When each account last signed in (or recovered its password), from the audit log."""
    session.require("users")
    return audit.last_by_actor(session.store.db, ("login", "recover"))


def one_time_password() -> str:
    """A password an admin hands over after a reset: 12 letters and digits in three groups."""
    letters = "".join(secrets.choice(_ONE_TIME_ALPHABET) for _ in range(12))
    return "-".join(letters[i : i + 4] for i in range(0, 12, 4))


def add_user(
    session: Session, username: str, password: str, role: str, display_name: str | None = None
) -> Account:
    session.require("users")
    check_password(password)
    db = session.store.db
    with db.atomic():
        account = insert_account(db, username, role, display_name)
        audit.append(db, session.account.username, "user_add", detail=f"{account.username}:{role}")
        session.keyfile.set_wrap("password", account.username, password, session.key_copy())
        session.keyfile.save()
    return account


def change_password(session: Session, old_password: str, new_password: str) -> None:
    """The signed-in person changes their own password (the old one is asked again)."""
    check_password(new_password)
    try:
        session.keyfile.unwrap("password", session.account.username, old_password)
    except WrongSecret:
        raise LoginRefused("Mật khẩu hiện tại không đúng.") from None
    db = session.store.db
    with db.atomic():
        audit.append(db, session.account.username, "password_change")
        set_must_change(db, session.account.username, False)
        session.account = dataclasses.replace(session.account, must_change=False)
        session.keyfile.set_wrap(
            "password", session.account.username, new_password, session.key_copy()
        )
        session.keyfile.save()


def _other(session: Session, username: str) -> Account:
    session.require("users")
    account = get_account(session.store.db, username)
    if account is None:
        raise AccountError(f"Không có tài khoản “{username}”.")
    return account


def _rekey(session: Session, reason: str) -> Rekeyed:
    """Re-key the database after `reason` (desktop.security.rekey), logged before it starts (so
    a re-key cut short is in the log too), with those it left out after."""
    db = session.store.db
    audit.append(
        db,
        session.account.username,
        "rekey",
        detail=f"{reason}, khóa số {session.keyfile.epoch + 1}",
    )
    db.conn.commit()
    try:
        done = session.rekey()
    except (OSError, sqlcipher3.Error) as exc:
        raise AccountError(
            "Đã lưu thay đổi tài khoản nhưng chưa đổi được khóa cơ sở dữ liệu (ổ đĩa đầy hoặc "
            "tệp đang bận). Dữ liệu vẫn mở bằng khóa cũ; lần đăng nhập sau của quản trị viên sẽ "
            "tự đổi khóa lại."
        ) from exc
    if done.left_out:
        detail = f"{len(done.left_out)} khóa cũ (phiên bản 1) không được cấp khóa mới"
        audit.append(db, session.account.username, "rekey_left_out", detail=detail)
        db.conn.commit()
    return done


def rekey_again(session: Session) -> Rekeyed:
    """Finish the work of a re-key that a killed process cut short (an admin's sign-in)."""
    session.require("keys")
    return _rekey(session, "rekey_resume")


def reset_password(session: Session, username: str, new_password: str) -> Rekeyed:
    """An admin sets another account's password (that person forgot it, or it leaked).

    The account gets a new key pair and the database a new key, so the old password opens
    nothing live even with an old backup's key file."""
    account = _other(session, username)
    check_password(new_password)
    db = session.store.db
    with db.atomic():
        audit.append(db, session.account.username, "password_reset", detail=account.username)
        set_must_change(db, account.username, True)
        if account.disabled:
            set_disabled(db, account.username, False)
    session.keyfile.set_wrap("password", account.username, new_password, session.key_copy())
    return _rekey(session, "password_reset")


def set_role(session: Session, username: str, role: str) -> Account:
    """An admin gives an account another role (audited: who, whose, from and to)."""
    account = _other(session, username)
    if role not in ROLE_LABELS:
        raise AccountError(
            f"Vai trò không hợp lệ: “{role}”. Chọn một trong: {', '.join(ROLE_LABELS)}."
        )
    db = session.store.db
    if role == account.role:
        return account
    if account.role == "admin" and not account.disabled and active_admins(db) <= 1:
        raise AccountError("Không thể hạ vai trò của quản trị viên cuối cùng của đơn vị.")
    with db.atomic():
        _store_role(db, account.username, role)
        audit.append(
            db,
            session.account.username,
            "role_change",
            detail=f"{account.username}:{account.role}->{role}",
        )
    if account_name(account.username) == account_name(session.account.username):
        session.account = get_account(db, account.username) or session.account
    return get_account(db, account.username) or account


def disable_user(session: Session, username: str) -> Rekeyed:
    """Stop an account from signing in: its row is marked disabled, its key wrap removed, and
    the database re-keyed, so its password no longer opens the live database even with an old
    backup's key file."""
    account = _other(session, username)
    db = session.store.db
    if account_name(account.username) == account_name(session.account.username):
        raise AccountError("Không thể tự khóa tài khoản mình đang dùng.")
    if account.role == "admin" and not account.disabled and active_admins(db) <= 1:
        raise AccountError("Không thể khóa quản trị viên cuối cùng của đơn vị.")
    with db.atomic():
        set_disabled(db, account.username, True)
        audit.append(db, session.account.username, "user_disable", detail=account.username)
    session.keyfile.remove_wrap("password", account.username)
    return _rekey(session, "user_disable")


def renew_recovery(session: Session) -> tuple[str, Rekeyed]:
    """A new recovery code (the old one stops working) and a new database key, so the old code
    opens nothing live even with an old backup's key file. Show the code once, to print."""
    session.require("keys")
    code = new_recovery_code()
    db = session.store.db
    with db.atomic():
        audit.append(db, session.account.username, "recovery_renew")
    session.keyfile.set_wrap("recovery", "", code, session.key_copy())
    return code, _rekey(session, "recovery_renew")


def renew_recovery_code(session: Session) -> str:
    """`renew_recovery`, the code only."""
    return renew_recovery(session)[0]
