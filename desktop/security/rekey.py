"""Re-keying a unit's database: a new database key after an account loses its access.

Disabling an account, an admin's password reset and a new recovery code each leave someone
holding a way to the *old* key (an old automatic backup keeps the old key file). So these
operations give the database a new random key (SQLCipher `PRAGMA rekey`, in one transaction, in
both journal modes used) and seal it to the public key of every remaining account and of the
recovery code (`desktop.security.wraps`); the old key then opens only the old backups.

The order is safe against a killed process; at every moment the folder opens with the old key
and the old key file's wraps, or with the new key and the new wraps:

1. the key file gets the new key sealed to every remaining wrap as the *pending* epoch, beside
   the current one (written atomically, both copies);
2. `PRAGMA rekey` re-encrypts every page under the new key in one transaction;
3. the key file forgets the old epoch.

After a crash between 1 and 3 the next sign-in (`settle`) finds which key opens the database,
and finishes (the new one) or abandons (the old one) the re-key.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.security.crypto import new_database_key, wipe
from desktop.security.keyfile import KeyFile


@dataclass(frozen=True)
class Rekeyed:
    """What a re-key did: the new epoch, and who could not be given the new key."""

    epoch: int
    left_out: tuple[str, ...]  # accounts with a version 1 wrap; "" for the recovery code

    @property
    def notice(self) -> str | None:
        """What the admin must do next (Vietnamese), or None."""
        if not self.left_out:
            return None
        parts = []
        names = [n for n in self.left_out if n]
        if names:
            listed = ", ".join(f"“{n}”" for n in names)
            parts.append(
                f"Các tài khoản {listed} chưa đăng nhập từ khi cập nhật Sổ Hội nên chưa nhận "
                "được khóa mới và không đăng nhập được nữa: hãy đặt lại mật khẩu cho họ "
                "(sohoi users passwd TÊN)."
            )
        if "" in self.left_out:
            parts.append(
                "Mã khôi phục cũ không còn dùng được: hãy tạo mã mới (sohoi users renew-recovery)."
            )
        return " ".join(parts)


def _step(name: str) -> None:
    """A point between two steps of a re-key (tests stop the process here)."""


def key_opens(db_path: Path, key: bytes | bytearray) -> bool:
    """Whether `key` opens the database; reads only, and leaves its journal mode as it is (a
    read-only open could fail on a WAL database closed cleanly, without its -shm file)."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(db_path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def rekey(keyfile: KeyFile, apply: Callable[[bytearray], None]) -> tuple[Rekeyed, bytearray]:
    """Re-key: `apply(new_key)` re-encrypts the open database (the session's `PRAGMA rekey`).

    Returns what was done and the new key (the caller keeps it and wipes the old one)."""
    new_key = new_database_key()
    try:
        left_out = keyfile.begin_rekey(new_key)
        keyfile.save()
        _step("pending-saved")
        try:
            apply(new_key)
        except Exception:
            # The database refused (a full disk, a busy file): it keeps the old key; so does
            # the key file, and the next admin sign-in tries again.
            keyfile.abandon_rekey()
            with contextlib.suppress(OSError):
                keyfile.save()
            raise
        _step("database-rekeyed")
        keyfile.finish_rekey()
        keyfile.save()
    except BaseException:
        wipe(new_key)
        raise
    return Rekeyed(keyfile.epoch, tuple(left_out)), new_key


def settle(keyfile: KeyFile, keys: dict[int, bytearray], db_path: Path) -> bytearray:
    """The key that opens the database out of those a secret opened; finishes or abandons a
    re-key a killed process left half done. The other keys are wiped."""
    if keyfile.pending is None:
        chosen = keyfile.epoch if keyfile.epoch in keys else max(keys)
    else:
        candidates = [e for e in (keyfile.pending, keyfile.epoch) if e in keys]
        opens = next((e for e in candidates if key_opens(db_path, keys[e])), None)
        if opens == keyfile.pending:
            keyfile.finish_rekey()
        elif opens == keyfile.epoch:
            keyfile.abandon_rekey()
        if opens is not None:
            with contextlib.suppress(OSError):
                keyfile.save()
        chosen = opens if opens is not None else (candidates or [max(keys)])[0]
    for epoch, key in keys.items():
        if epoch != chosen:
            wipe(key)
    return keys[chosen]
