"""Making backups of a unit: automatic rotating copies, and passphrase files to move a unit.

For the window (a backup when it closes, one a day, the Backups page) and `sohoi backup`. Every
backup is one `.sohoi-backup` file (layout in `desktop.backup.format`): a clear header without
personal data (format, version, unit code, time, kind), then the database key, the key file and a
consistent copy of the database (SQLite's online-backup API, which works on SQLCipher connections
and keeps the copy encrypted under the same key), sealed in authenticated chunks.

- **Automatic** backups (`close`, `daily`, and `manual` from `sohoi backup create`) go to
  `<data>/backups/` as `sohoi-<unit>-<YYYYmmdd-HHMMSS>-<kind>.sohoi-backup` and are sealed under a
  key derived from the unit's database key; an account's password or the recovery code opens them
  too (`key_from_backup`). Rotation keeps, per unit, the newest of each of the last 7 days and of
  each of the last 4 ISO weeks.
- **Portable** backups (`export_backup`) are sealed under a passphrase (Argon2id), for another PC.
- **Restore** is `desktop.backup.restore`.

Failures to write (disk full, read-only folder, failing medium) raise `BackupError` with a
Vietnamese message; no partial file is left under the real name and the database is unchanged.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlcipher3

from desktop.backup.format import (
    BackupError,
    database_seal,
    header_bytes,
    passphrase_seal,
    read_header,
)
from desktop.backup.stream import write_container
from desktop.files import WriteVerificationFailed
from desktop.installation import settings
from desktop.security import audit
from desktop.security.crypto import wipe
from desktop.security.session import Session

BACKUP_DIRNAME = "backups"
SUFFIX = ".sohoi-backup"
ROTATED_KINDS = ("close", "daily", "manual")
KEEP_DAYS, KEEP_WEEKS = 7, 4
KEEP_LATEST = 3
MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, as its clear header describes it (for the Backups page and `list`)."""

    path: Path
    created_at: datetime
    unit_code: str
    kind: str
    size: int


def default_backup_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_DIRNAME


def backup_folder(session: Session, backup_dir: Path | None = None) -> Path:
    """Where this session's backups go: `backup_dir` when given, else the `backup_dir` setting,
    else `<data>/backups`."""
    if backup_dir:
        return Path(backup_dir)
    configured = settings.get(session.store.db, "backup_dir")
    return Path(configured).expanduser() if configured else default_backup_dir(session.data_dir)


def local_time(now: datetime | None) -> datetime:
    """An aware time: the given one (naive means local), or now in the local time zone."""
    if now is not None and now.tzinfo is not None:
        return now
    return (now or datetime.now()).astimezone()


def backup_name(unit_code: str, created_at: datetime, kind: str) -> str:
    """`sohoi-<unit>-<YYYYmmdd-HHMMSS>-<kind>.sohoi-backup`: unit code and time, nothing personal
    (characters other than ASCII letters, digits, `-` and `_` become `_`)."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in unit_code)
    return f"sohoi-{safe}-{created_at:%Y%m%d-%H%M%S}-{kind}{SUFFIX}"


@contextlib.contextmanager
def disk_errors(directory: Path) -> Iterator[None]:
    """Turn the ways a disk refuses (full, read-only, failing) into a Vietnamese BackupError."""
    try:
        yield
    except BackupError:
        raise
    except WriteVerificationFailed as exc:
        raise BackupError(
            f"Tệp ghi vào {directory} không khớp khi đọc lại: ổ đĩa có thể bị lỗi. "
            "Hãy thử ổ đĩa khác."
        ) from exc
    except (OSError, sqlcipher3.Error) as exc:
        text = str(exc).lower()
        code = getattr(exc, "errno", None)
        if code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text:
            raise BackupError(
                f"Ổ đĩa đã đầy: không đủ chỗ để ghi vào {directory}. Hãy giải phóng bớt dung "
                "lượng hoặc chọn nơi khác. Dữ liệu không thay đổi."
            ) from exc
        if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text:
            raise BackupError(
                f"Không ghi được vào thư mục {directory}: thư mục chỉ đọc hoặc không có quyền "
                "ghi. Hãy chọn thư mục khác."
            ) from exc
        reason = getattr(exc, "strerror", None) or str(exc)
        raise BackupError(f"Lỗi khi ghi vào {directory}: {reason}.") from exc


# -- making backups --------------------------------------------------------------------------


def _snapshot(session: Session, target: Path, key: bytes) -> None:
    """A consistent copy of the live database in `target`, encrypted under the same key."""
    copy = sqlcipher3.connect(str(target))
    try:
        copy.execute("PRAGMA cipher_log_level = NONE")
        copy.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        session.store.db.conn.backup(copy)
    finally:
        copy.close()
    with target.open("rb") as f:
        if f.read(16) == b"SQLite format 3\x00":  # never a clear copy, whatever SQLite did
            raise OSError(errno.EIO, "the database copy is not encrypted")


def free_path(directory: Path, name: str) -> Path:
    path = directory / name
    n = 2
    while path.exists():
        path = directory / name.replace(SUFFIX, f"-{n}{SUFFIX}")
        n += 1
    return path


def write_backup(
    session: Session, path: Path, kind: str, created: datetime, passphrase: str | None = None
) -> Path:
    """Snapshot the database beside `path` and seal it with the key file into `path`."""
    code = session.store.unit_code or ""
    key = bytearray(session.key_copy())
    if passphrase is None:
        # The wraps without the account names (a version 2 wrap: also its public key and the
        # database key sealed to it), so a password or the recovery code opens the backup.
        unlock = [{k: v for k, v in w.items() if k != "username"} for w in session.keyfile.wraps]
        seal, sealing_key = database_seal(key, unlock)
    else:
        seal, sealing_key = passphrase_seal(passphrase)
    snapshot = None
    with disk_errors(path.parent):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=".sohoi-snapshot-", suffix=".tmp", dir=path.parent)
            os.close(fd)
            snapshot = Path(name)
            _snapshot(session, snapshot, bytes(key))
            sections: list[tuple[str, bytes | Path]] = [
                ("key", bytes(key)),
                ("keys", session.keyfile.to_bytes()),
                ("db", snapshot),
            ]
            write_container(path, header_bytes(code, created, kind, seal), sealing_key, sections)
        finally:
            wipe(key)
            if snapshot is not None:
                for leftover in (snapshot, snapshot.with_name(snapshot.name + "-journal")):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
    return path


def _audit(session: Session, action: str, detail: str) -> None:
    db = session.store.db
    audit.append(db, session.account.username, action, detail=detail)
    db.conn.commit()


def create_auto_backup(
    session: Session,
    *,
    now: datetime | None = None,
    reason: str = "close",
    backup_dir: Path | None = None,
) -> Path:
    """Back up the unit into the backup folder (`reason`: close, daily or manual), then rotate.

    The UI calls it when the window closes (before `session.close()`) and, through
    `maybe_daily_backup`, once a day. Needs the "backup" permission (admin, entry).
    """
    if reason not in ROTATED_KINDS:
        raise ValueError(f"unknown backup reason {reason!r}")
    session.require("backup")
    created = local_time(now)
    directory = backup_folder(session, backup_dir)
    code = session.store.unit_code or ""
    path = write_backup(
        session, free_path(directory, backup_name(code, created, reason)), reason, created
    )
    _audit(session, "backup", f"{reason} {path.name}")
    rotate_backups(directory, code, created)
    return path


def maybe_daily_backup(
    session: Session, now: datetime | None = None, *, backup_dir: Path | None = None
) -> Path | None:
    """The day's backup, unless the folder already holds one of this unit dated today (close,
    daily or manual); None when none was needed.

    The UI calls it at sign-in and every few hours while the window is open. Sessions without
    the "backup" permission (viewers) make none.
    """
    if not session.can("backup"):
        return None
    created = local_time(now)
    directory = backup_folder(session, backup_dir)
    today = created.date()
    for info in list_backups(directory):
        if (
            info.unit_code == session.store.unit_code
            and info.kind in ROTATED_KINDS
            and info.created_at.astimezone(created.tzinfo).date() == today
        ):
            return None
    return create_auto_backup(session, now=created, reason="daily", backup_dir=directory)


def export_backup(
    session: Session, out_path: Path, passphrase: str, *, now: datetime | None = None
) -> Path:
    """A portable backup in `out_path`, opened only with `passphrase`: a unit to another PC."""
    session.require("backup")
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"Mật khẩu của tệp sao lưu phải có ít nhất {MIN_PASSPHRASE} ký tự.")
    out_path = Path(out_path)
    path = write_backup(session, out_path, "portable", local_time(now), passphrase)
    _audit(session, "backup", "portable")
    return path


# -- listing and rotation --------------------------------------------------------------------


def read_info(path: Path) -> BackupInfo:
    """What one backup file is, from its header only; BackupError for anything else."""
    header = read_header(path)
    return BackupInfo(
        Path(path), header.created_at, header.unit_code, header.kind, Path(path).stat().st_size
    )


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """The backups in a folder, newest first; other and damaged files are left out."""
    found = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for path in Path(backup_dir).iterdir():
            if path.name.endswith(SUFFIX) and not path.name.startswith(".") and path.is_file():
                with contextlib.suppress(BackupError, OSError):
                    found.append(read_info(path))
    return sorted(found, key=lambda i: (i.created_at, i.path.name), reverse=True)


def backups_to_keep(infos: list[BackupInfo], now: datetime) -> set[Path]:
    """Newest of each of the last 7 days and of each of the last 4 ISO weeks, any future one,
    and always the newest 3 (a PC unused for a month must not lose every backup at once)."""
    today = now.date()
    days = {today - timedelta(days=n) for n in range(KEEP_DAYS)}
    weeks = {(today - timedelta(weeks=n)).isocalendar()[:2] for n in range(KEEP_WEEKS)}
    newest: dict[object, BackupInfo] = {}
    keep = set()
    for info in infos:
        when = info.created_at.astimezone(now.tzinfo)
        if when > now:
            keep.add(info.path)
        groups: list[object] = []
        if when.date() in days:
            groups.append(when.date())
        if when.isocalendar()[:2] in weeks:
            groups.append(("week", *when.isocalendar()[:2]))
        for group in groups:
            if group not in newest or info.created_at > newest[group].created_at:
                newest[group] = info
    latest = sorted(infos, key=lambda i: i.created_at, reverse=True)[:KEEP_LATEST]
    return keep | {info.path for info in newest.values()} | {info.path for info in latest}


def rotate_backups(backup_dir: Path, unit_code: str, now: datetime | None = None) -> list[Path]:
    """Delete this unit's automatic backups that `backups_to_keep` does not keep; the deleted."""
    now = local_time(now)
    infos = [
        i for i in list_backups(backup_dir) if i.unit_code == unit_code and i.kind in ROTATED_KINDS
    ]
    keep = backups_to_keep(infos, now)
    removed = []
    for info in infos:
        if info.path not in keep:
            with contextlib.suppress(OSError):
                info.path.unlink()
                removed.append(info.path)
    return removed
