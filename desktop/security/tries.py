"""Failed sign-in tries of one account: the growing delay, kept in the key file.

After `FREE_TRIES` failures an account waits 5 s, then 10, 20 … up to 5 minutes. The record of
an account with a version 2 wrap carries a check value (HMAC-SHA256 under a key derived from the
account's public key and name), and every such account always has one (count 0 after a good
sign-in): a record that is missing, malformed or edited by hand counts as the longest wait,
starting when it is found, rather than as none.

Time: on Linux the record keeps the boot id and CLOCK_BOOTTIME (which counts suspended time)
of the failure; on the same boot the wait is measured on that clock, so a wall clock set forward
does not shorten it. Across a reboot, and elsewhere, wall time is used (never less than zero).

What this guards against: guessing through the program on a shared PC. Not against a person
who copies the files and guesses offline (each guess costs Argon2id, see docs/SECURITY.md), nor
against one who writes a program to forge the record (the check value's key is not secret) or
puts back a whole older key file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from pathlib import Path

FREE_TRIES = 3  # failed logins before any delay
MAX_DELAY_S = 300
TAMPERED_COUNT = FREE_TRIES + 6  # a record that does not check: the longest wait (300 s)
_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def login_delay(failures: int) -> float:
    """Seconds to wait before the next try after `failures` failed ones: 0, then 5, 10, 20 … 300."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(5 * 2 ** (failures - FREE_TRIES), MAX_DELAY_S))


@dataclass(frozen=True)
class Instant:
    """A moment by the wall clock and, where the OS tells, by this boot's monotonic clock."""

    wall: float
    boot: str = ""  # "" when unknown: the wall clock is used
    since_boot: float = 0.0

    @classmethod
    def now(cls) -> Instant:
        wall = time.time()
        try:
            boot = _BOOT_ID.read_text(encoding="ascii").strip()
            return cls(wall, boot, time.clock_gettime(time.CLOCK_BOOTTIME))
        except (OSError, AttributeError, ValueError):
            return cls(wall)

    @classmethod
    def of(cls, value: float | Instant | None) -> Instant:
        """`None`: now; a number: that wall time (tests, callers that pass one)."""
        if value is None:
            return cls.now()
        if isinstance(value, Instant):
            return value
        return cls(float(value))


def _check_value(name: str, public: str, fields: tuple) -> str:
    key = hashlib.sha256(f"sohoi-tries|v2|{public}|{name}".encode()).digest()
    body = json.dumps([name, *fields], separators=(",", ":")).encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _fields(record: dict) -> tuple:
    return (int(record["count"]), float(record["last"]), str(record["boot"]), float(record["mono"]))


def make(name: str, public: str | None, count: int, at: Instant) -> dict:
    """A record of `count` failures at `at` (checked when the account has a public key)."""
    record = {"count": count, "last": at.wall, "boot": at.boot, "mono": at.since_boot}
    if public:
        record["mac"] = _check_value(name, public, _fields(record))
    return record


def valid(name: str, public: str | None, record: object) -> dict | None:
    """The record when it is whole and (for a version 2 account) unaltered, else None."""
    if not isinstance(record, dict):
        return None
    try:
        if not public:  # an account of a version 1 key file: the old, unchecked record
            return {"count": int(record["count"]), "last": float(record["last"])}
        fields = _fields(record)
        expected = _check_value(name, public, fields)
        if not hmac.compare_digest(expected, str(record.get("mac", ""))) or fields[0] < 0:
            return None
    except (KeyError, TypeError, ValueError):
        return None
    return dict(record)


def elapsed(record: dict, now: Instant) -> float:
    """Seconds since the record's last failure: this boot's clock when it is the same boot."""
    boot = record.get("boot") or ""
    if boot and boot == now.boot:
        return max(0.0, now.since_boot - float(record.get("mono", 0.0)))
    return max(0.0, now.wall - float(record["last"]))


def wait(record: dict, now: Instant) -> float:
    return max(0.0, login_delay(int(record["count"])) - elapsed(record, now))
