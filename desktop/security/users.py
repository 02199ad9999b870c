"""Managing the accounts of a unit: add, change or reset a password, disable, new recovery code.

Every operation changes the account list inside the database and the key wraps in the key file
together, and is written to the audit log. Only an admin manages others; anyone changes their own
password.
"""

from __future__ import annotations

from desktop import audit
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
)
from desktop.security.accounts import set_role as _store_role
from desktop.security.crypto import new_recovery_code
from desktop.security.keyfile import WrongSecret, account_name
from desktop.session import LoginRefused, Session


def accounts(session: Session) -> list[Account]:
    session.require("read")
    return list_accounts(session.store.db)


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


def reset_password(session: Session, username: str, new_password: str) -> None:
    """An admin sets another account's password (that person forgot it)."""
    account = _other(session, username)
    check_password(new_password)
    db = session.store.db
    with db.atomic():
        audit.append(db, session.account.username, "password_reset", detail=account.username)
        if account.disabled:
            set_disabled(db, account.username, False)
        session.keyfile.set_wrap("password", account.username, new_password, session.key_copy())
        session.keyfile.failures.pop(account_name(account.username), None)
        session.keyfile.save()


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


def disable_user(session: Session, username: str) -> None:
    """Stop an account from signing in: its key wrap is removed, its row marked disabled."""
    account = _other(session, username)
    db = session.store.db
    if account.role == "admin" and not account.disabled and active_admins(db) <= 1:
        raise AccountError("Không thể khóa quản trị viên cuối cùng của đơn vị.")
    with db.atomic():
        set_disabled(db, account.username, True)
        audit.append(db, session.account.username, "user_disable", detail=account.username)
        session.keyfile.remove_wrap("password", account.username)
        session.keyfile.save()


def renew_recovery_code(session: Session) -> str:
    """A new recovery code (the old one stops working); show it once, to print."""
    session.require("keys")
    code = new_recovery_code()
    db = session.store.db
    with db.atomic():
        audit.append(db, session.account.username, "recovery_renew")
        session.keyfile.set_wrap("recovery", "", code, session.key_copy())
        session.keyfile.save()
    return code
