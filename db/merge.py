"""Merging rows from other installations: per-field last-writer-wins on (hlc, site_id).

A remote field value wins only when its stamp `(hlc, site)` is strictly greater than the local
one, so the merged state is the per-field maximum: import order, duplicates and relays cannot
change it. A row whose merged `is_deleted` is 1 keeps no personal field, whatever their stamps
(so every replica blanks the same fields). Rows are checked against the schema (table and
column whitelist, value types) and their owning unit; a change dated more than 24 hours ahead of
our wall clock is set aside in quarantine. The caller holds the transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from db.clock import DAY_MS, physical
from db.schema import KEY_COLUMNS, SYNC_COLUMNS, TABLES
from db.store import Store

CHUNK = 500
_INT_KINDS = {"int", "money", "bool", "year"}
_NUM_KINDS = {"number"}


class MergeRejected(Exception):
    """The incoming rows break the format or ownership rules; nothing may be applied."""


@dataclass
class MergeResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    max_hlc: int = 0
    tables: Counter = field(default_factory=Counter)

    @property
    def rows(self) -> int:
        return self.inserted + self.updated + self.unchanged + self.quarantined


def _types(table: str) -> dict[str, tuple[type, ...]]:
    out = {}
    for f in TABLES[table].fields:
        if f.kind in _INT_KINDS:
            out[f.name] = (int,)
        elif f.kind in _NUM_KINDS:
            out[f.name] = (int, float)
        else:
            out[f.name] = (str,)
    return out


_TYPES = {t: _types(t) for t in TABLES}
_ALL_FIELDS = {t: (*TABLES[t].field_names, "is_deleted") for t in TABLES}


def row_clock(clocks: dict, name: str) -> tuple[int, str]:
    stamp = clocks.get(name) or clocks["*"]
    return stamp[0], stamp[1]


def _check(row: dict, allowed_units: set[str] | None) -> None:
    table = row.get("table")
    if table not in TABLES:
        raise MergeRejected(f"bảng không được phép: {str(table)[:40]!r}")
    if not isinstance(row.get("id"), str) or not isinstance(row.get("unit_code"), str):
        raise MergeRejected("bản ghi thiếu mã")
    if allowed_units is not None and row["unit_code"] not in allowed_units:
        raise MergeRejected(f"bản ghi của đơn vị {row['unit_code'][:20]} không thuộc người gửi")
    values, clocks = row.get("values"), row.get("clocks")
    if not isinstance(values, dict) or not isinstance(clocks, dict) or "*" not in clocks:
        raise MergeRejected("bản ghi sai định dạng")
    types = _TYPES[table]
    for name, value in values.items():
        allowed = types.get(name)
        if allowed is None and name != "is_deleted":
            raise MergeRejected(f"trường không được phép: {table}.{str(name)[:40]}")
        if value is not None and not isinstance(value, allowed or (int,)):
            raise MergeRejected(f"giá trị sai kiểu: {table}.{name}")
        if isinstance(value, bool):
            raise MergeRejected(f"giá trị sai kiểu: {table}.{name}")
    for name, stamp in clocks.items():
        if name != "*" and name not in _ALL_FIELDS[table]:
            raise MergeRejected(f"trường không được phép: {table}.{str(name)[:40]}")
        if (
            not isinstance(stamp, list)
            or len(stamp) != 2
            or not isinstance(stamp[0], int)
            or not isinstance(stamp[1], str)
            or stamp[0] < 0
        ):
            raise MergeRejected("dấu thời gian sai định dạng")


def _pack(stamps: dict[str, tuple[int, str]]) -> str:
    """Field stamps packed with the most common one as `*`."""
    common = Counter(stamps.values()).most_common(1)[0][0]
    packed: dict[str, list] = {"*": list(common)}
    for name, stamp in stamps.items():
        if stamp != common:
            packed[name] = list(stamp)
    return json.dumps(packed, separators=(",", ":"))


def merge_rows(
    store: Store,
    rows: Iterable[dict],
    *,
    allowed_units: set[str] | None,
    now_ms: int,
    quarantine_package: str = "",
) -> MergeResult:
    """Merge remote rows (`{table, id, unit_code, values, clocks}`) into the store's database.

    Every row is checked before anything is written; MergeRejected leaves the caller's
    transaction to roll back. The local clock moves past every remote stamp applied.
    """
    result = MergeResult()
    version = store.db_version + 1
    by_table: dict[str, list[dict]] = {}
    limit = now_ms + DAY_MS
    conn = store.db.conn
    for row in rows:
        _check(row, allowed_units)
        stamps = [s[0] for s in row["clocks"].values()]
        if max(stamps) >> 16 > limit:
            conn.execute(
                "INSERT INTO quarantine (at, package_id, tbl, row_id, content) VALUES (?,?,?,?,?)",
                [
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    quarantine_package,
                    row["table"],
                    row["id"],
                    json.dumps(row, ensure_ascii=False),
                ],
            )
            result.quarantined += 1
            continue
        result.max_hlc = max(result.max_hlc, *stamps)
        by_table.setdefault(row["table"], []).append(row)
    for table, table_rows in by_table.items():
        for start in range(0, len(table_rows), CHUNK):
            _merge_chunk(store, table, table_rows[start : start + CHUNK], version, result)
    if result.inserted or result.updated:
        store.clock.observe(result.max_hlc)
        store.db_version = version
        conn.executemany(
            "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
            [("db_version", str(version)), ("hlc", str(store.clock.last))],
        )
    elif result.max_hlc:
        store.clock.observe(result.max_hlc)
    return result


def _merge_chunk(
    store: Store, table: str, rows: list[dict], version: int, result: MergeResult
) -> None:
    spec = TABLES[table]
    names = spec.field_names
    all_fields = _ALL_FIELDS[table]
    personal = spec.personal_fields
    cols = (*KEY_COLUMNS, *names, *SYNC_COLUMNS)
    conn = store.db.conn
    marks = ",".join("?" * len(rows))
    existing: dict[str, tuple] = {}
    for r in conn.execute(
        f"SELECT {', '.join(cols)} FROM [{table}] WHERE id IN ({marks})",
        [row["id"] for row in rows],
    ):
        existing[r[0]] = r
    inserts, updates = [], []
    for row in rows:
        values, clocks = row["values"], row["clocks"]
        current = existing.get(row["id"])
        if current is None:
            merged = {n: values.get(n) for n in all_fields}
            merged["is_deleted"] = 1 if merged["is_deleted"] else 0
            stamps = {n: row_clock(clocks, n) for n in all_fields}
            result.inserted += 1
        else:
            if current[1] != row["unit_code"]:
                raise MergeRejected("bản ghi đổi đơn vị sở hữu")
            local = dict(zip(cols, current, strict=True))
            local_clocks = json.loads(local["clocks"])
            merged, stamps, changed = {}, {}, False
            for n in all_fields:
                mine = row_clock(local_clocks, n)
                theirs = row_clock(clocks, n)
                if theirs > mine:
                    merged[n], stamps[n] = values.get(n), theirs
                    changed = changed or values.get(n) != local[n] or theirs != mine
                else:
                    merged[n], stamps[n] = local[n], mine
            if not changed:
                result.unchanged += 1
                continue
            result.updated += 1
        if merged["is_deleted"]:
            for n in personal:
                merged[n] = None
        packed = _pack(stamps)
        record = (
            row["id"],
            row["unit_code"],
            *(merged[n] for n in names),
            merged["is_deleted"],
            version,
            packed,
        )
        (inserts if current is None else updates).append(record)
        result.tables[table] += 1
    if inserts:
        conn.executemany(
            f"INSERT INTO [{table}] ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            inserts,
        )
    if updates:
        conn.executemany(
            f"INSERT OR REPLACE INTO [{table}] ({', '.join(cols)}) "
            f"VALUES ({', '.join('?' * len(cols))})",
            updates,
        )


def export_rows(store: Store, *, since_version: int, units: Iterable[str]) -> list[dict]:
    """Rows of `units` changed after `since_version`, in the shape merge_rows takes."""
    out = []
    units = sorted(units)
    marks = ",".join("?" * len(units))
    for table, spec in TABLES.items():
        cols = (*KEY_COLUMNS, *spec.field_names, "is_deleted", "clocks")
        cur = store.db.conn.execute(
            f"SELECT {', '.join(cols)} FROM [{table}] WHERE db_version > ? "
            f"AND unit_code IN ({marks}) ORDER BY db_version, id",
            [since_version, *units],
        )
        for r in cur:
            values: dict[str, Any] = dict(zip(spec.field_names, r[2:-2], strict=True))
            values["is_deleted"] = r[-2]
            out.append(
                {
                    "table": table,
                    "id": r[0],
                    "unit_code": r[1],
                    "values": values,
                    "clocks": json.loads(r[-1]),
                }
            )
    return out


__all__ = ["MergeRejected", "MergeResult", "export_rows", "merge_rows", "physical"]
