"""The audit log: who changed what and when, hash-chained so an edited or removed entry shows.

Each entry records the actor, the action, the table, the row ids and the names of the fields
changed — never their values, so the log holds no personal data. Entry n carries the SHA-256 of
entry n-1 and its own hash over all its fields; the head (last seq and hash) is also kept in
`sync_state`, so cutting entries off the end shows too. Entries are written in the same
transaction as the change they describe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from db.store import Store, WriteResult, read_state, write_states

GENESIS = "0" * 64
_COLUMNS = ("seq", "at", "actor", "action", "tbl", "row_ids", "fields", "detail")


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    actor: str
    action: str
    tbl: str | None
    row_ids: list[str]
    fields: list[str]
    detail: str | None


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    bad_seq: int | None = None
    reason: str | None = None  # Vietnamese


def _hash(prev: str, values: tuple) -> str:
    body = json.dumps([prev, *values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _head(db: Database) -> tuple[int, str]:
    head = read_state(db, "audit_head")
    if not head:
        return 0, GENESIS
    seq, digest = head.split(":")
    return int(seq), digest


def append(
    db: Database,
    actor: str,
    action: str,
    *,
    tbl: str | None = None,
    row_ids: list[str] | None = None,
    fields: list[str] | None = None,
    detail: str | None = None,
    at: datetime | None = None,
) -> int:
    """Add one entry (inside the caller's transaction when there is one); returns its seq."""
    last_seq, prev = _head(db)
    seq = last_seq + 1
    stamp = (at or datetime.now(UTC)).isoformat(timespec="seconds")
    values = (
        seq,
        stamp,
        actor,
        action,
        tbl,
        json.dumps(row_ids or [], separators=(",", ":")),
        json.dumps(fields or [], separators=(",", ":")),
        detail,
    )
    digest = _hash(prev, values)
    db.execute(
        f"INSERT INTO audit_log ({', '.join(_COLUMNS)}, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [*values, prev, digest],
    )
    write_states(db, {"audit_head": f"{seq}:{digest}"})
    return seq


def write_hook(db: Database, actor: Callable[[], str]) -> Callable[[WriteResult], None]:
    """A Store.before_commit hook logging a write: one entry per table, operation and fields."""

    def hook(result: WriteResult) -> None:
        groups: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
        for change in result.changes:
            groups.setdefault((change.table, change.op, change.fields), []).append(change.id)
        who = actor()
        for (table, op, fields), ids in groups.items():
            append(db, who, op, tbl=table, row_ids=ids, fields=list(fields))

    return hook


def attach(store: Store, actor: Callable[[], str]) -> None:
    """Log every write of `store` with the name `actor()` returns at the time."""
    store.before_commit.append(write_hook(store.db, actor))


def entries(db: Database, *, limit: int | None = None, newest_first: bool = True) -> list[Entry]:
    order = "DESC" if newest_first else "ASC"
    sql = f"SELECT {', '.join(_COLUMNS)} FROM audit_log ORDER BY seq {order}"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [
        Entry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), json.loads(r[6]), r[7])
        for r in db.execute(sql)
    ]


def verify(db: Database) -> Verdict:
    """Walk the chain from the first entry; the first break found, in Vietnamese."""
    prev, expected_seq, n = GENESIS, 1, 0
    for row in db.execute(
        f"SELECT {', '.join(_COLUMNS)}, prev_hash, hash FROM audit_log ORDER BY seq"
    ):
        values, prev_hash, digest = tuple(row[:8]), row[8], row[9]
        seq = values[0]
        if seq != expected_seq:
            return Verdict(False, n, expected_seq, f"thiếu mục nhật ký số {expected_seq}.")
        if prev_hash != prev:
            return Verdict(
                False, n, seq, f"mục số {seq} không nối tiếp mục trước (bị sửa hay xóa)."
            )
        if _hash(prev, values) != digest:
            return Verdict(False, n, seq, f"nội dung mục số {seq} đã bị sửa.")
        prev, expected_seq, n = digest, seq + 1, n + 1
    head_seq, head_hash = _head(db)
    if (head_seq, head_hash) != (n, prev if n else GENESIS):
        return Verdict(False, n, n + 1, f"các mục từ số {n + 1} trở đi đã bị xóa.")
    return Verdict(True, n)


def last_by_actor(db: Database, actions: tuple[str, ...]) -> dict[str, str]:
    """When each actor last did one of `actions` (ISO time), by actor."""
    marks = ", ".join("?" for _ in actions)
    rows = db.execute(
        f"SELECT actor, max(at) FROM audit_log WHERE action IN ({marks}) GROUP BY actor",
        list(actions),
    )
    return {actor: at for actor, at in rows}
