"""Accounts and roles: who may open a unit's database and what each may do.

The account list (name, role, disabled) lives inside the encrypted database; the key file only
holds each account's wrap of the database key. Roles:

- `admin`  (Quản trị): everything, including accounts, keys, settings and restore;
- `entry`  (Nhập liệu): read and edit the unit's data, sync, backups, reports;
- `viewer` (Chỉ xem): read and print.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

from desktop.errors import AccountError
from desktop.security.keyfile import account_name

ROLES = ("admin", "entry", "viewer")
ROLE_LABELS = {"admin": "Quản trị", "entry": "Nhập liệu", "viewer": "Chỉ xem"}
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"read", "report"}),
    # "personal": put members' personal data (citizen ID, birth date, ethnicity, religion) into
    # a file outside the encrypted database (a roster PDF, an Excel list). Not for viewers.
    "entry": frozenset({"read", "report", "write", "sync", "backup", "personal"}),
    "admin": frozenset(
        {
            "read",
            "report",
            "write",
            "sync",
            "backup",
            "users",
            "keys",
            "settings",
            "restore",
            "audit",
            "personal",
        }
    ),
}
PERMISSION_LABELS = {
    "read": "xem dữ liệu",
    "report": "in báo cáo",
    "write": "thêm, sửa, xóa dữ liệu",
    "sync": "xuất, nhập tệp đồng bộ",
    "backup": "sao lưu",
    "users": "quản lý tài khoản",
    "keys": "quản lý khóa",
    "settings": "thay đổi cài đặt",
    "restore": "khôi phục dữ liệu",
    "audit": "xem nhật ký",
    "personal": "xuất dữ liệu cá nhân (CCCD, ngày sinh, dân tộc, tôn giáo) ra tệp",
}
MIN_PASSWORD_LENGTH = 8


class PermissionDenied(AccountError):
    """The signed-in account's role does not allow this."""


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    display_name: str | None
    role: str
    disabled: bool
    must_change: bool = False  # signed in with a password an admin set: change it first

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    def can(self, permission: str) -> bool:
        return not self.disabled and permission in PERMISSIONS[self.role]


def check_password(password: str) -> None:
    """Refuse a password too short to stand a guess."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.")


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 64 or any(c in name for c in "\r\n\t"):
        raise AccountError("Tên đăng nhập không hợp lệ (1–64 ký tự, không xuống dòng).")
    return name


def _row(row: tuple) -> Account:
    return Account(row[0], row[1], row[2], row[3], bool(row[4]), bool(row[5]))


_COLUMNS = "id, username, display_name, role, disabled, must_change_password"


def list_accounts(db: Database) -> list[Account]:
    return [_row(r) for r in db.execute(f"SELECT {_COLUMNS} FROM accounts ORDER BY name_key")]


def get_account(db: Database, username: str) -> Account | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM accounts WHERE name_key = ?", [account_name(username)]
    ).fetchone()
    return _row(row) if row else None


def insert_account(
    db: Database, username: str, role: str, display_name: str | None = None
) -> Account:
    """Add an account row (the caller adds its key wrap); inside the caller's transaction."""
    name = check_username(username)
    if role not in ROLES:
        raise AccountError(f"Vai trò không hợp lệ: {role}.")
    if get_account(db, name):
        raise AccountError(f"Đã có tài khoản “{name}”.")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    account = Account(str(uuid.uuid4()), name, display_name, role, False)
    db.execute(
        "INSERT INTO accounts (id, username, name_key, display_name, role, disabled, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
        [account.id, name, account_name(name), display_name, role, now, now],
    )
    return account


def set_must_change(db: Database, username: str, must_change: bool) -> None:
    """Whether the account's password was set by an admin and is to be changed at sign-in."""
    db.execute(
        "UPDATE accounts SET must_change_password = ?, updated_at = ? WHERE name_key = ?",
        [int(must_change), datetime.now(UTC).isoformat(timespec="seconds"), account_name(username)],
    )


def set_disabled(db: Database, username: str, disabled: bool) -> None:
    db.execute(
        "UPDATE accounts SET disabled = ?, updated_at = ? WHERE name_key = ?",
        [int(disabled), datetime.now(UTC).isoformat(timespec="seconds"), account_name(username)],
    )


def set_role(db: Database, username: str, role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"Vai trò không hợp lệ: {role}.")
    db.execute(
        "UPDATE accounts SET role = ?, updated_at = ? WHERE name_key = ?",
        [role, datetime.now(UTC).isoformat(timespec="seconds"), account_name(username)],
    )


def active_admins(db: Database) -> int:
    count: int = db.execute(
        "SELECT count(*) FROM accounts WHERE role = 'admin' AND disabled = 0"
    ).fetchone()[0]
    return count
