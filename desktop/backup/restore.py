"""Restoring a unit from a backup: the whole file checked first, the current data kept.

For the window's Backups page and `sohoi backup restore`. The backup is decrypted into a temporary
folder beside the data (same volume, so the final moves are renames), where its key file must
parse and its database must open with its key, pass `PRAGMA integrity_check` and SQLCipher's page
check, and be the unit the header names. Only then is the current data kept (as a `pre-restore`
backup made from the signed-in session, or moved aside unchanged when it cannot be opened) and
the restored files renamed into place, journaled (desktop.backup.swap) so that a crash between
two renames is finished or undone at the next start. Who may restore over a unit is decided by
desktop.backup.rights. Any refusal raises `BackupError` with a Vietnamese message and leaves the
data folder as it was.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db.connection import DB_FILENAME, DatabaseUnavailable, open_database
from db.migrations import SchemaTooNew
from db.store import read_state
from desktop.backup.format import BackupError, Header, content_key, damaged, read_header
from desktop.backup.make import (
    backup_folder,
    backup_name,
    default_backup_dir,
    disk_errors,
    free_path,
    local_time,
    write_backup,
)
from desktop.backup.rights import LIVE_FILES, Authority, authorise, check_restored
from desktop.backup.stream import read_container
from desktop.backup.swap import pending, swap_in
from desktop.files import atomic_write_bytes
from desktop.security import audit
from desktop.security.crypto import normalise_recovery_code, wipe
from desktop.security.keyfile import KEYFILE_NAME, KeyFile, KeyFileError
from desktop.security.keyfile import WrongSecret as WrongPassword
from desktop.security.session import Session

PLACED = (DB_FILENAME, KEYFILE_NAME, KEYFILE_NAME + ".bak")  # what a restore puts in place


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did. The session passed in (if any) is closed: sign in again."""

    data_dir: Path
    unit_code: str
    created_at: datetime
    kind: str
    pre_restore: Path | None  # the replaced data, kept as a backup (or a folder when damaged)


def key_from_backup(backup_path: Path, username: str, secret: str) -> bytearray:
    """The database key of an automatic backup from an account's password or the recovery code.

    For a restore where the installation is gone or damaged; BackupError when neither opens it.
    """
    header = read_header(backup_path)
    for wrap in header.seal.get("unlock", []):
        if wrap["kind"] == "password":
            kf = KeyFile(Path(), header.unit_code, [{**wrap, "username": username}])
            attempt = ("password", username, secret)
        else:
            kf = KeyFile(Path(), header.unit_code, [{**wrap, "username": ""}])
            attempt = ("recovery", "", normalise_recovery_code(secret))
        with contextlib.suppress(WrongPassword, ValueError):
            return kf.unwrap(*attempt)
    raise BackupError("Tên đăng nhập hoặc mật khẩu không mở được bản sao lưu này.")


def _verify_staged(
    stage: Path,
    backup_path: Path,
    header: Header,
    db_key: bytearray,
    authority: Authority | None,
) -> None:
    """The restored key file parses and the database opens, is whole and is the header's unit."""
    code = header.unit_code
    try:
        if KeyFile.load(stage).unit_code != code or len(db_key) != 32:
            raise KeyFileError("unit")
        db = open_database(stage / DB_FILENAME, key=db_key, create=False, removable=True)
    except (KeyFileError, DatabaseUnavailable):
        raise damaged(backup_path) from None
    except SchemaTooNew:
        raise BackupError(
            "Bản sao lưu do một phiên bản Sổ Hội mới hơn tạo ra. Hãy cập nhật Sổ Hội rồi khôi phục."
        ) from None
    try:
        checks = db.execute("PRAGMA integrity_check").fetchall()
        pages = db.execute("PRAGMA cipher_integrity_check").fetchall()
        if checks != [("ok",)] or pages or read_state(db, "unit_code") != code:
            raise BackupError(
                f"Cơ sở dữ liệu trong bản sao lưu không toàn vẹn hoặc không phải của đơn vị {code}."
            )
        check_restored(stage, db, authority)
        actor = authority.actor if authority else "(chưa đăng nhập)"
        audit.append(db, actor, "restore", detail=f"{header.kind} {header.created_at.isoformat()}")
        db.conn.commit()
    finally:
        db.close()


def restore_backup(
    data_dir: Path,
    backup_path: Path,
    *,
    passphrase: str | None = None,
    key: bytes | bytearray | None = None,
    session: Session | None = None,
    recovery_code: str | None = None,
    account: tuple[str, str] | None = None,
    allow_other_unit: bool = False,
    backup_dir: Path | None = None,
    now: datetime | None = None,
) -> RestoreResult:
    """Put a unit back as it was in a backup, after checking the whole file.

    Into a folder with no unit at all (a new PC) nothing more is needed. Over an existing unit
    (desktop.backup.rights): the session of that folder's admin — its data is first kept as a
    `pre-restore` backup and the session is closed — or the unit's `recovery_code`, or an admin's
    `account` (name, password) when no session can be opened; the current files are then moved
    aside unchanged into `<data>/backups/pre-restore-<time>/`. `key` (the database key) opens
    automatic backups, by default the session's; `passphrase` opens portable ones.
    `allow_other_unit` restores a backup of another unit over this one. `backup_dir`: where the
    pre-restore backup goes (default: the `backup_dir` setting, else `<data>/backups`).
    """
    data_dir, backup_path = Path(data_dir), Path(backup_path)
    header = read_header(backup_path)
    authority = authorise(data_dir, session=session, recovery_code=recovery_code, account=account)
    if authority and session is not None and key is None and header.seal["key"] == "database":
        key = session.key_copy()
    sealing_key = content_key(header, passphrase=passphrase, db_key=key)
    made_dir = not data_dir.exists()
    stage = None
    try:
        with disk_errors(data_dir):
            data_dir.mkdir(parents=True, exist_ok=True)
            stage = Path(tempfile.mkdtemp(prefix=".sohoi-restore-", dir=data_dir))
            payload = read_container(backup_path, header, sealing_key, stage / DB_FILENAME)
            # The header is authentic only now: a changed unit code reads as damage, not as
            # another unit.
            current = session.store.unit_code if authority and session is not None else None
            if current and current != header.unit_code and not allow_other_unit:
                wipe(payload.db_key)
                raise BackupError(
                    f"Tệp sao lưu là của đơn vị {header.unit_code}, còn thư mục này đang chứa dữ "
                    f"liệu của đơn vị {current}. Không khôi phục, để không ghi đè nhầm đơn vị."
                )
            try:
                for name in (KEYFILE_NAME, KEYFILE_NAME + ".bak"):
                    atomic_write_bytes(stage / name, payload.keyfile)
                _verify_staged(stage, backup_path, header, payload.db_key, authority)
            finally:
                wipe(payload.db_key)
            for name in PLACED:  # as a created unit's: the owner's only (no-op where unsupported)
                (stage / name).chmod(0o600)
            stamp, kept, old = local_time(now), None, stage / "old"
            if authority is not None and session is not None:
                directory = backup_folder(session, backup_dir)
                name = backup_name(session.store.unit_code or "", stamp, "pre-restore")
                kept = write_backup(session, free_path(directory, name), "pre-restore", stamp)
                session.close()
            elif authority is not None:
                # No session packages these files: keep them as they are.
                old = kept = _free_folder(
                    default_backup_dir(data_dir) / f"pre-restore-{stamp:%Y%m%d-%H%M%S}"
                )
            swap_in(data_dir, stage, old, LIVE_FILES, PLACED)
    except BaseException:
        # A swap cut off and not undone keeps its staging folder for desktop.backup.swap.
        if stage is not None and not pending(data_dir):
            shutil.rmtree(stage, ignore_errors=True)
            if made_dir:
                with contextlib.suppress(OSError):
                    data_dir.rmdir()
        raise
    shutil.rmtree(stage, ignore_errors=True)
    return RestoreResult(data_dir, header.unit_code, header.created_at, header.kind, kept)


def _free_folder(path: Path) -> Path:
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.name}-{n}")
        n += 1
    return candidate
