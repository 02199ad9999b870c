"""Who may restore a backup over a data folder (desktop.backup.restore).

- A folder with no unit at all (no database, no key file, no side file): anyone with the backup
  and its secret — a new PC, the first-start wizard.
- Over an existing unit, one of:
  - the session of that folder's admin (the usual way: the replaced data become a backup);
  - that unit's recovery code, checked against the folder's key file;
  - an account name and password that the folder's key file accepts, of an account that is
    admin in the folder's database — or, only when that database cannot be read at all
    (damaged), admin in the restored unit.
  - When the folder's key file itself is unreadable, nobody can prove anything about the unit
    there (and nobody can read it): an admin account (or the recovery code) of the *restored*
    unit is required instead.

A database that is merely busy (held by another program), read-only or on a full disk is never
"damaged": the restore is refused with that reason and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from db.connection import DB_FILENAME, DatabaseUnavailable, StorageRefused, open_database
from db.migrations import SchemaTooNew
from desktop.backup.format import BackupError
from desktop.errors import AccountError
from desktop.installation.paths import is_portable
from desktop.security.accounts import get_account
from desktop.security.crypto import normalise_recovery_code, wipe
from desktop.security.keyfile import KEYFILE_NAME, KeyFile, KeyFileError, WrongSecret
from desktop.security.session import Session, open_with_password

# Every file of an installation, side files of the database included: a stale WAL left beside a
# restored database would be replayed into it.
LIVE_FILES = (
    DB_FILENAME,
    DB_FILENAME + "-wal",
    DB_FILENAME + "-shm",
    DB_FILENAME + "-journal",
    KEYFILE_NAME,
    KEYFILE_NAME + ".bak",
)
RECOVERY_ACTOR = "(mã khôi phục)"
NEED_ADMIN = (
    "Thư mục này đang có dữ liệu của một đơn vị: hãy đăng nhập bằng tài khoản quản trị, hoặc "
    "dùng mã khôi phục của đơn vị, để khôi phục đè lên. Không có gì thay đổi."
)


@dataclass(frozen=True)
class Authority:
    """What allows a restore: `actor` names it in the audit log; `restored_admin` is set when it
    must still be proved on the restored unit (its key file and database, once checked)."""

    actor: str
    restored_admin: tuple[str, str] | None = None  # ("recovery", code) or ("password", name)
    secret: str | None = None


def has_unit_files(data_dir: Path) -> bool:
    return any((Path(data_dir) / name).exists() for name in LIVE_FILES)


def authorise(
    data_dir: Path,
    *,
    session: Session | None,
    recovery_code: str | None,
    account: tuple[str, str] | None,
) -> Authority | None:
    """The authority to restore over `data_dir`: None for a folder with no unit (nothing to
    ask), else an Authority; BackupError (Vietnamese) when none of the ways above holds."""
    if not has_unit_files(data_dir):
        return None
    if session is not None:
        if session.data_dir.resolve() != Path(data_dir).resolve():
            raise BackupError("Phiên làm việc không thuộc thư mục dữ liệu cần khôi phục.")
        session.require("restore")
        return Authority(session.account.username)
    try:
        keyfile: KeyFile | None = KeyFile.load(data_dir)
    except KeyFileError:
        keyfile = None
    if recovery_code:
        code = normalise_recovery_code(recovery_code)
        if keyfile is None:
            return Authority(RECOVERY_ACTOR, ("recovery", ""), code)
        try:
            wipe(keyfile.unwrap("recovery", "", code))
        except (WrongSecret, ValueError):
            raise BackupError("Mã khôi phục không đúng. Không có gì thay đổi.") from None
        return Authority(RECOVERY_ACTOR)
    if account:
        username, password = account
        if keyfile is None:
            return Authority(username, ("password", username), password)
        return _account_authority(data_dir, keyfile, username, password)
    raise BackupError(NEED_ADMIN)


def _account_authority(data_dir: Path, keyfile: KeyFile, username: str, password: str) -> Authority:
    try:
        key = open_with_password(keyfile, username, password)  # counts failed tries
    except AccountError as exc:
        raise BackupError(f"{exc} Không có gì thay đổi.") from None
    try:
        db = open_database(
            Path(data_dir) / DB_FILENAME, key=key, create=False, removable=is_portable(data_dir)
        )
    except StorageRefused as exc:
        raise BackupError(str(exc)) from None
    except (DatabaseUnavailable, SchemaTooNew):
        # The database cannot be read: the role is checked on the restored unit instead.
        return Authority(username, ("password", username), password)
    finally:
        wipe(key)
    try:
        found = get_account(db, username)
    finally:
        db.close()
    if found is None or found.disabled or found.role != "admin":
        raise BackupError(NEED_ADMIN)
    return Authority(found.username)


def check_restored(stage: Path, db: Database, authority: Authority | None) -> None:
    """Prove on the restored unit what the folder could not (its key file unreadable, or its
    database damaged): the recovery code, or an admin account, of the restored unit."""
    if authority is None or authority.restored_admin is None:
        return
    kind, username = authority.restored_admin
    try:
        wipe(KeyFile.load(stage).unwrap(kind, username, authority.secret or ""))
    except (WrongSecret, KeyFileError, ValueError):
        raise BackupError(
            "Tài khoản hoặc mã khôi phục này không mở được đơn vị trong bản sao lưu. "
            "Không có gì thay đổi."
        ) from None
    if kind == "password":
        found = get_account(db, username)
        if found is None or found.disabled or found.role != "admin":
            raise BackupError(NEED_ADMIN)
