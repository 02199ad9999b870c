"""The key file beside the database: the database key wrapped for each account and for recovery.

`sohoi.keys` (JSON) holds no secret in the clear: per account, the Argon2id parameters and the
database key sealed under the password-derived key, bound to the account's name; one more wrap
under the printed recovery code; and the failed-login counters, so the growing delay survives a
restart. It is written atomically, twice (`sohoi.keys`, then the copy `sohoi.keys.bak`), and read
from the copy when the first is damaged.
"""

from __future__ import annotations

import json
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from desktop.files import atomic_write_bytes
from desktop.security.crypto import KdfParams, Unsealed, derive, seal, unseal

KEYFILE_NAME = "sohoi.keys"
FORMAT = "sohoi-keys"
VERSION = 1
FREE_TRIES = 3  # failed logins before any delay
MAX_DELAY_S = 300


class KeyFileError(Exception):
    """The key file is missing or damaged; the message is Vietnamese."""


class WrongSecret(Exception):
    """The password or recovery code does not open the key."""


def account_name(username: str) -> str:
    """The form a user name is compared in: NFC, trimmed, case-folded."""
    return unicodedata.normalize("NFC", username).strip().casefold()


def _associated(kind: str, name: str) -> bytes:
    return f"sohoi-key-wrap|v{VERSION}|{kind}|{name}".encode()


def login_delay(failures: int) -> float:
    """Seconds to wait before the next try after `failures` failed ones: 0, then 5, 10, 20 … 300."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(5 * 2 ** (failures - FREE_TRIES), MAX_DELAY_S))


@dataclass
class KeyFile:
    """The parsed key file of one data folder."""

    path: Path
    unit_code: str
    wraps: list[dict] = field(default_factory=list)
    failures: dict[str, dict] = field(default_factory=dict)
    demo: bool = False  # the demo unit: its login screen may show the documented password

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
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            raise ValueError("not a Sổ Hội key file")
        wraps = doc["wraps"]
        for w in wraps:
            KdfParams.from_dict(w["kdf"])
            if w["kind"] not in ("password", "recovery") or not w["nonce"] or not w["sealed"]:
                raise ValueError("bad wrap")
        return cls(
            path,
            str(doc["unit_code"]),
            list(wraps),
            dict(doc.get("failures", {})),
            bool(doc.get("demo", False)),
        )

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "unit_code": self.unit_code,
            "wraps": self.wraps,
            "failures": self.failures,
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

    def set_wrap(
        self, kind: str, username: str, secret: str, db_key: bytes, params: KdfParams | None = None
    ) -> None:
        """Seal `db_key` under `secret` for an account (or the recovery code), replacing any."""
        name = account_name(username)
        params = params or KdfParams.fresh()
        nonce, sealed = seal(derive(secret, params), bytes(db_key), _associated(kind, name))
        self.remove_wrap(kind, username)
        self.wraps.append(
            {
                "kind": kind,
                "username": username.strip() if kind == "password" else "",
                "kdf": params.as_dict(),
                "nonce": nonce,
                "sealed": sealed,
            }
        )

    def remove_wrap(self, kind: str, username: str) -> bool:
        name = account_name(username) if kind == "password" else None
        before = len(self.wraps)
        self.wraps = [
            w
            for w in self.wraps
            if not (w["kind"] == kind and (name is None or account_name(w["username"]) == name))
        ]
        return len(self.wraps) != before

    def has_account(self, username: str) -> bool:
        return self._find("password", account_name(username)) is not None

    def unwrap(self, kind: str, username: str, secret: str) -> bytearray:
        """The database key, opened with a password (kind "password") or the recovery code."""
        name = account_name(username) if kind == "password" else ""
        wrap = self._find(kind, name if kind == "password" else None)
        if wrap is None:
            raise WrongSecret
        kek = derive(secret, KdfParams.from_dict(wrap["kdf"]))
        try:
            return bytearray(unseal(kek, wrap["nonce"], wrap["sealed"], _associated(kind, name)))
        except Unsealed:
            raise WrongSecret from None

    # -- failed logins ------------------------------------------------------------------------

    def wait_seconds(self, username: str, now: float | None = None) -> float:
        """How long this account must still wait before its next try (0 when it may try)."""
        entry = self.failures.get(account_name(username))
        if not entry:
            return 0.0
        now = time.time() if now is None else now
        return max(0.0, entry["last"] + login_delay(entry["count"]) - now)

    def record_failure(self, username: str, now: float | None = None) -> None:
        name = account_name(username)
        entry = self.failures.get(name, {"count": 0, "last": 0.0})
        self.failures[name] = {
            "count": entry["count"] + 1,
            "last": time.time() if now is None else now,
        }
        self.save()

    def clear_failures(self, username: str) -> None:
        if self.failures.pop(account_name(username), None) is not None:
            self.save()
