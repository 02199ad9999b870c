"""The key file beside the database: the database key wrapped for each account and for recovery.

`sohoi.keys` (JSON) holds no secret in the clear: per account, a key pair whose private key is
sealed under the password's Argon2id key and the database key sealed to its public key (wrap
version 2, `desktop.security.wraps`); one more such wrap for the printed recovery code; the key
epoch (the number of the current database key, raised by each re-key, with `pending` set while
a re-key is under way); and the failed-login records (`desktop.security.tries`), so the growing
delay survives a restart. It is written atomically, twice (`sohoi.keys`, then the copy
`sohoi.keys.bak`), and read from the copy when the first is damaged. A version 1 file (before
issue 12) still opens; it is written back as version 2.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from desktop.files import atomic_write_bytes
from desktop.security import tries, wraps
from desktop.security.crypto import KdfParams
from desktop.security.tries import FREE_TRIES, MAX_DELAY_S, Instant, login_delay
from desktop.security.wraps import WrongSecret

KEYFILE_NAME = "sohoi.keys"
FORMAT = "sohoi-keys"
VERSION = 2
READABLE_VERSIONS = (1, 2)
RECOVERY_TRIES = "#recovery"  # where failed recovery codes are counted

__all__ = [
    "FREE_TRIES",
    "KEYFILE_NAME",
    "MAX_DELAY_S",
    "RECOVERY_TRIES",
    "Instant",
    "KeyFile",
    "KeyFileError",
    "WrongSecret",
    "account_name",
    "login_delay",
]


class KeyFileError(Exception):
    """The key file is missing or damaged; the message is Vietnamese."""


def account_name(username: str) -> str:
    """The form a user name is compared in: NFC, trimmed, case-folded."""
    return unicodedata.normalize("NFC", username).strip().casefold()


@dataclass
class KeyFile:
    """The parsed key file of one data folder."""

    path: Path
    unit_code: str
    wraps: list[dict] = field(default_factory=list)
    tries: dict[str, dict] = field(default_factory=dict)
    demo: bool = False  # the demo unit: its login screen may show the documented password
    epoch: int = 0
    pending: int | None = None  # a re-key to this epoch is under way (desktop.security.rekey)
    rekey_due: bool = False  # a re-key was cut short: the next admin sign-in does it again

    # -- files ----------------------------------------------------------------------------

    @classmethod
    def load(cls, data_dir: Path) -> KeyFile:
        path = data_dir / KEYFILE_NAME
        problems = []
        for candidate in (path, path.with_name(KEYFILE_NAME + ".bak")):
            try:
                return cls._parse(path, candidate.read_bytes())
            except FileNotFoundError:
                problems.append("missing")
            except (ValueError, KeyError, TypeError):
                problems.append("damaged")
        if problems == ["missing", "missing"]:
            raise KeyFileError(f"Không tìm thấy tệp khóa {KEYFILE_NAME} trong {data_dir}.")
        raise KeyFileError(
            f"Tệp khóa {KEYFILE_NAME} trong {data_dir} bị hỏng. Hãy khôi phục từ bản sao lưu "
            "(sohoi backup restore)."
        )

    @classmethod
    def _parse(cls, path: Path, raw: bytes) -> KeyFile:
        doc = json.loads(raw.decode("utf-8"))
        if doc.get("format") != FORMAT or doc.get("version") not in READABLE_VERSIONS:
            raise ValueError("not a Sổ Hội key file")
        found = doc["wraps"]
        for w in found:
            wraps.check(w)
        records = doc.get("tries", doc.get("failures", {}))
        if not isinstance(records, dict):
            raise ValueError("tries")
        pending = doc.get("pending")
        return cls(
            path,
            str(doc["unit_code"]),
            list(found),
            dict(records),
            bool(doc.get("demo", False)),
            int(doc.get("epoch", 0)),
            None if pending is None else int(pending),
            bool(doc.get("rekey_due", False)),
        )

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "unit_code": self.unit_code,
            "epoch": self.epoch,
            "pending": self.pending,
            "rekey_due": self.rekey_due,
            "wraps": self.wraps,
            "tries": self.tries,
            "demo": self.demo,
        }
        return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    def save(self) -> None:
        data = self.to_bytes()
        atomic_write_bytes(self.path, data)
        atomic_write_bytes(self.path.with_name(KEYFILE_NAME + ".bak"), data)

    # -- wraps ----------------------------------------------------------------------------

    def usernames(self) -> list[str]:
        return [w["username"] for w in self.wraps if w["kind"] == "password"]

    def _find(self, kind: str, name: str | None) -> dict | None:
        for w in self.wraps:
            if w["kind"] == kind and (name is None or account_name(w["username"]) == name):
                return w
        return None

    def wrap_of(self, kind: str, username: str) -> dict | None:
        return self._find(kind, account_name(username) if kind == "password" else None)

    def set_wrap(
        self,
        kind: str,
        username: str,
        secret: str,
        db_key: bytes | bytearray,
        params: KdfParams | None = None,
    ) -> None:
        """A new key pair for an account (or the recovery code), sealed under `secret`, holding
        `db_key` as the key of the current epoch; replaces any wrap it had, and its failed
        tries start again from none."""
        name = account_name(username) if kind == "password" else ""
        shown = username.strip() if kind == "password" else ""
        wrap = wraps.new_wrap(kind, shown, name, secret, params)
        wraps.add_box(wrap, name, self.epoch, db_key)
        self.remove_wrap(kind, username)
        self.wraps.append(wrap)
        tries_name = name if kind == "password" else RECOVERY_TRIES
        self.tries[tries_name] = tries.make(tries_name, wrap["public"], 0, Instant.now())

    def remove_wrap(self, kind: str, username: str) -> bool:
        name = account_name(username) if kind == "password" else None
        before = len(self.wraps)
        self.wraps = [
            w
            for w in self.wraps
            if not (w["kind"] == kind and (name is None or account_name(w["username"]) == name))
        ]
        self.tries.pop(name if name is not None else RECOVERY_TRIES, None)
        return len(self.wraps) != before

    def keys(self, kind: str, username: str, secret: str) -> dict[int, bytearray]:
        """Every database key the secret opens, by epoch (two while a re-key is under way)."""
        name = account_name(username) if kind == "password" else ""
        wrap = self._find(kind, name if kind == "password" else None)
        if wrap is None:
            raise WrongSecret
        return wraps.open_keys(wrap, name, secret, self.epoch)

    def unwrap(self, kind: str, username: str, secret: str) -> bytearray:
        """The database key, opened with a password (kind "password") or the recovery code:
        the current epoch's, else the newest the wrap holds."""
        found = self.keys(kind, username, secret)
        chosen = self.epoch if self.epoch in found else max(found)
        for epoch, key in found.items():
            if epoch != chosen:
                key[:] = bytes(len(key))
        return found[chosen]

    # -- failed logins ----------------------------------------------------------------------

    def _public(self, name: str) -> str | None:
        """The public key that checks `name`'s failed-login record (None: an unchecked one)."""
        wrap = (
            self._find("recovery", None) if name == RECOVERY_TRIES else self._find("password", name)
        )
        if wrap is None or wraps.version(wrap) != wraps.V2:
            return None
        public: str = wrap["public"]
        return public

    def _record(self, name: str, at: Instant) -> dict | None:
        public = self._public(name)
        record = tries.valid(name, public, self.tries.get(name))
        if record is None and public is not None:
            # Missing, malformed or edited: the longest wait, from now (and written down).
            record = tries.make(name, public, tries.TAMPERED_COUNT, at)
            self.tries[name] = record
            self.save()
        return record

    @property
    def failures(self) -> dict[str, dict]:
        """Accounts with failed tries: {name: {"count", "last"}} (read only)."""
        found = {}
        for name, record in self.tries.items():
            if isinstance(record, dict) and record.get("count"):
                found[name] = {"count": record["count"], "last": record.get("last", 0.0)}
        return found

    def wait_seconds(self, username: str, now: float | Instant | None = None) -> float:
        """How long this account must still wait before its next try (0 when it may try)."""
        at = Instant.of(now)
        record = self._record(account_name(username), at)
        return tries.wait(record, at) if record else 0.0

    def record_failure(self, username: str, now: float | Instant | None = None) -> None:
        at = Instant.of(now)
        name = account_name(username)
        record = self._record(name, at)
        count = (record["count"] if record else 0) + 1
        self.tries[name] = tries.make(name, self._public(name), count, at)
        self.save()

    def clear_failures(self, username: str) -> None:
        name = account_name(username)
        public = self._public(name)
        record = tries.valid(name, public, self.tries.get(name))
        if record is not None and record["count"] == 0:
            return
        if public is None:
            self.tries.pop(name, None)
        else:
            self.tries[name] = tries.make(name, public, 0, Instant.now())
        self.save()

    # -- re-keying (desktop.security.rekey) ---------------------------------------------------

    def begin_rekey(self, db_key: bytes | bytearray) -> list[str]:
        """Seal the next epoch's key to every version 2 wrap and mark it pending; the names of
        the wraps that cannot get it (version 1; "" for the recovery code)."""
        epoch = self.epoch + 1
        left_out = []
        for w in self.wraps:
            name = account_name(w["username"]) if w["kind"] == "password" else ""
            if wraps.version(w) == wraps.V2:
                wraps.add_box(w, name, epoch, db_key)
            else:
                left_out.append(w["username"] if w["kind"] == "password" else "")
        self.pending = epoch
        return left_out

    def finish_rekey(self) -> None:
        """The database is under the pending epoch's key: forget the older keys (and the
        version 1 wraps, which only held the old one)."""
        assert self.pending is not None
        self.epoch, self.pending, self.rekey_due = self.pending, None, False
        kept = []
        for w in self.wraps:
            if wraps.version(w) == wraps.V2:
                w["boxes"] = {k: v for k, v in w["boxes"].items() if int(k) == self.epoch}
                kept.append(w)
            else:
                self.tries.pop(account_name(w["username"]), None)
        self.wraps = kept

    def abandon_rekey(self) -> None:
        """The database is still under the current epoch's key: drop the pending one."""
        if self.pending is None:
            return
        for w in self.wraps:
            if wraps.version(w) == wraps.V2:
                w["boxes"].pop(str(self.pending), None)
        self.pending, self.rekey_due = None, True
