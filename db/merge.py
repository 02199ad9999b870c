"""Merging rows from other installations: per-field last-writer-wins on (hlc, site_id).

A remote field value wins only when its stamp `(hlc, site)` is strictly greater than the local
one, so the merged state is the per-field maximum: import order, duplicates and relays cannot
change it. A row whose merged `is_deleted` is 1 keeps no personal field, whatever their stamps
(so every replica blanks the same fields). Rows are checked against the schema (table and
column whitelist, value types) and their owning unit: a row breaking these refuses the package.
A change dated more than 24 hours ahead of our wall clock, or a row breaking the write path's
rules (db/merge_rules.py), is set aside in quarantine with its reason. The caller holds the
transaction, and rolls it back when a row is refused.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlcipher3

from db.clock import HybridClock, physical
from db.merge_rules import (
    FUTURE_REASON,
    HAS_BRANCH,
    FieldRules,
    MergeRejected,
    RowRules,
    quarantine,
    reason,
)
from db.schema import KEY_COLUMNS, SYNC_COLUMNS, TABLE_ORDER, TABLES, field_label
from db.store import Store
from db.validation import Problem

CHUNK = 500
_INT64 = 1 << 63
_INTEGRITY = (sqlite3.IntegrityError, sqlcipher3.IntegrityError)

_ALL_FIELDS = {t: (*TABLES[t].field_names, "is_deleted") for t in TABLES}
_CLOCK_NAMES = {t: {"*", *_ALL_FIELDS[t]} for t in TABLES}
_PERSONAL_AT = {
    t: [i for i, n in enumerate(spec.field_names) if n in spec.personal_fields]
    for t, spec in TABLES.items()
}


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


def row_clock(clocks: dict, name: str) -> tuple[int, str]:
    stamp = clocks.get(name) or clocks["*"]
    return stamp[0], stamp[1]


def _check(row: object, allowed_units: set[str] | None) -> int:
    """Refuse a row that breaks the format or ownership rules; its highest clock stamp."""
    if type(row) is not dict:
        raise MergeRejected("bản ghi sai định dạng")
    table = row.get("table")
    if table not in TABLES:
        raise MergeRejected(f"bảng không được phép: {str(table)[:40]!r}")
    unit = row.get("unit_code")
    if type(row.get("id")) is not str or type(unit) is not str:
        raise MergeRejected("bản ghi thiếu mã")
    if allowed_units is not None and unit not in allowed_units:
        raise MergeRejected(f"bản ghi của đơn vị {unit[:20]} không thuộc người gửi")
    values, clocks = row.get("values"), row.get("clocks")
    if type(values) is not dict or type(clocks) is not dict or "*" not in clocks:
        raise MergeRejected("bản ghi sai định dạng")
    # Each value's field and JSON type are checked as it is cleaned (RowRules.clean).
    if values.get("is_deleted") not in (None, 0, 1):
        raise MergeRejected(
            f"giá trị sai kiểu: {TABLES[table].label} — {field_label(table, 'is_deleted')}"
        )
    if table == "units" and values.get("code") != unit:
        # A unit's record is owned by that unit: otherwise a commune could add units of its
        # own invention under its province (and skew every "bases" indicator there).
        raise MergeRejected("bản ghi đơn vị không khớp mã đơn vị sở hữu")
    names = _CLOCK_NAMES[table]
    top = 0
    for name, stamp in clocks.items():
        if name not in names:
            raise MergeRejected(f"trường không được phép: {table}.{str(name)[:40]}")
        if (
            type(stamp) is not list
            or len(stamp) != 2
            or type(stamp[0]) is not int
            or type(stamp[1]) is not str
            or not 0 <= stamp[0] < _INT64
        ):
            raise MergeRejected("dấu thời gian sai định dạng")
        if stamp[0] > top:
            top = stamp[0]
    return top


def _dump_clocks(clocks: dict) -> str:
    """Clocks as stored; a row written once (the common case) has only `*`: no encoder needed."""
    if len(clocks) == 1:
        hlc, site = clocks["*"]
        if site.isalnum() and site.isascii():
            return f'{{"*":[{hlc},"{site}"]}}'
    return json.dumps(clocks, separators=(",", ":"))


def _pack(stamps: dict[str, tuple[int, str]]) -> str:
    """Field stamps packed with the most common one as `*`."""
    common = Counter(stamps.values()).most_common(1)[0][0]
    packed: dict[str, list] = {"*": list(common)}
    for name, stamp in stamps.items():
        if stamp != common:
            packed[name] = list(stamp)
    return json.dumps(packed, separators=(",", ":"))


def _rules_day(store: Store) -> date:
    # A sender's date may run up to a day ahead of ours (as its clock may): not "in the future".
    return store.today() + timedelta(days=1)


def field_rules(store: Store) -> FieldRules:
    """What the row rules learn, to share between the merges of one import (`merge_rows`)."""
    return FieldRules(_rules_day(store))


def merge_rows(
    store: Store,
    rows: Iterable[dict],
    *,
    allowed_units: set[str] | None,
    now_ms: int,
    quarantine_package: str = "",
    fields: FieldRules | None = None,
    first_stage: FirstStage | None = None,
) -> MergeResult:
    """Merge remote rows (`{table, id, unit_code, values, clocks}`) into the store's database.

    Rows are read as a stream, CHUNK at a time (a province's package need not be held whole in
    memory), and written as they go; MergeRejected (or any error) leaves the caller's
    transaction to roll back, so a refused package changes nothing. The local clock moves past
    every remote stamp applied. `fields` (db.merge_rules.FieldRules) carries what the rules
    learnt from one package to the next of an import. `first_stage`, when given, stands in for
    the rows: it yields the chunks `prepare` would make of them (desktop/sync/first_stage.py
    makes them in a process of its own, while this one writes).
    """
    result = MergeResult()
    rules = RowRules(_rules_day(store), fields)
    version = store.next_version()
    conn = store.db.conn
    fresh: dict[tuple[str, str], bool] = {}
    if first_stage is not None:
        chunks = first_stage(allowed_units, now_ms, version)
    else:
        chunks = prepare(rows, FirstStep(allowed_units, rules, now_ms, version))
    for chunk in chunks:
        for row, why in chunk.set_aside:
            quarantine(conn, quarantine_package, row, why)
            result.quarantined += 1
        if chunk.max_hlc > result.max_hlc:
            result.max_hlc = chunk.max_hlc
        _flush(store, chunk.by_table, version, result, fresh, rules, quarantine_package)
    if result.max_hlc:
        store.advance_clock(result.max_hlc, now_ms=now_ms)
    if result.inserted or result.updated:
        store.commit_version(version)
    return result


@dataclass(slots=True)
class Checked:
    """A row through the first stage: what the rules between its fields refuse in it as it
    comes, and the record to insert if it is new (a tombstone's personal fields blanked).
    Made in another process, it comes as its NDJSON `line` only, parsed again if needed."""

    row: dict | None
    problems: list[Problem]
    record: tuple
    line: bytes | None = None


@dataclass
class Chunk:
    """Rows checked and cleaned, by table; the rows set aside, with their reasons."""

    by_table: dict[str, list[Checked]] = field(default_factory=dict)
    set_aside: list[tuple[dict, str]] = field(default_factory=list)
    max_hlc: int = 0


# The first stage run elsewhere: (allowed units, now in ms, version) → the chunks.
FirstStage = Callable[[set[str] | None, int, int], Iterator[Chunk]]


class FirstStep:
    """The first stage of a merge, one row at a time, with no database: the row's format and
    owner checked (MergeRejected), its fields cleaned by the write path's rules, the record
    checked whole and built."""

    def __init__(
        self, allowed_units: set[str] | None, rules: RowRules, now_ms: int, version: int
    ) -> None:
        self.allowed_units = allowed_units
        self.rules = rules
        self.now_ms = now_ms
        self.version = version
        self.clock = HybridClock()
        self.seen: set[tuple[str, str]] = set()

    def take(self, row: dict) -> tuple[str, list[Problem], tuple, int] | str:
        """(table, problems, record, highest stamp), or the reason to set the row aside."""
        top = _check(row, self.allowed_units)
        key = (row["table"], row["id"])
        if key in self.seen:
            raise MergeRejected("gói có hai bản ghi cùng mã")
        self.seen.add(key)
        table = key[0]
        cleaned, errors = self.rules.clean(table, row["values"])
        if self.clock.too_far_ahead(top, now_ms=self.now_ms):
            return FUTURE_REASON
        if errors:
            return reason(table, errors)
        row["values"] = cleaned
        stored = [cleaned.get(n) for n in TABLES[table].field_names]
        if cleaned.get("is_deleted"):
            whole: list[Problem] = []
            for i in _PERSONAL_AT[table]:
                stored[i] = None
        else:
            whole = self.rules.record_problems(table, cleaned)
        # The sender's clocks, as they are: the same stamps per field as unpacking and
        # packing them again, at a fraction of the cost.
        record = (
            row["id"],
            row["unit_code"],
            *stored,
            1 if cleaned.get("is_deleted") else 0,
            self.version,
            _dump_clocks(row["clocks"]),
        )
        return table, whole, record, top


def prepare(rows: Iterable[dict], step: FirstStep) -> Iterator[Chunk]:
    """The first stage over `rows`, CHUNK rows at a time."""
    chunk, pending = Chunk(), 0
    for row in rows:
        taken = step.take(row)
        if isinstance(taken, str):
            chunk.set_aside.append((row, taken))
        else:
            table, whole, record, top = taken
            if top > chunk.max_hlc:
                chunk.max_hlc = top
            chunk.by_table.setdefault(table, []).append(Checked(row, whole, record))
        pending += 1
        if pending >= CHUNK:
            yield chunk
            chunk, pending = Chunk(), 0
    yield chunk


def _flush(
    store: Store,
    by_table: dict[str, list[Checked]],
    version: int,
    result: MergeResult,
    fresh: dict[tuple[str, str], bool],
    rules: RowRules,
    package: str,
) -> None:
    # Branches before the rows that point to them, whatever the package's order.
    for table in TABLE_ORDER:
        table_rows = by_table.get(table)
        if table_rows:
            _merge_chunk(store, table, table_rows, version, result, fresh, rules, package)
    by_table.clear()


def _is_fresh(
    conn: sqlite3.Connection, table: str, unit: str, fresh: dict[tuple[str, str], bool]
) -> bool:
    """Whether `unit` had no row in `table` when this merge first met it (asked once)."""
    key = (table, unit)
    if key not in fresh:
        fresh[key] = (
            conn.execute(f"SELECT 1 FROM [{table}] WHERE unit_code = ? LIMIT 1", [unit]).fetchone()
            is None
        )
    return fresh[key]


def _row(checked: Checked, rules: RowRules) -> dict:
    """The row itself, its values as cleaned: parsed and cleaned again when the first stage ran
    in another process (only for a row met before, or set aside here: a few)."""
    if checked.row is None:
        assert checked.line is not None
        row: dict = json.loads(checked.line)
        row["values"], _ = rules.clean(row["table"], row["values"])
        checked.row = row
    return checked.row


def _merge_chunk(
    store: Store,
    table: str,
    checked: list[Checked],
    version: int,
    result: MergeResult,
    fresh: dict[tuple[str, str], bool],
    rules: RowRules,
    package: str,
) -> None:
    spec = TABLES[table]
    names = spec.field_names
    all_fields = _ALL_FIELDS[table]
    personal = spec.personal_fields
    cols = (*KEY_COLUMNS, *names, *SYNC_COLUMNS)
    conn = store.db.conn
    # A unit's first package (the bulk of every import) finds nothing to merge with: skip the
    # look-up. Ids are unique within the package, so rows written earlier in it cannot match.
    lookup = [c.record[0] for c in checked if not _is_fresh(conn, table, c.record[1], fresh)]
    existing: dict[str, tuple] = {}
    if lookup:
        for r in conn.execute(
            f"SELECT {', '.join(cols)} FROM [{table}] WHERE id IN ({','.join('?' * len(lookup))})",
            lookup,
        ):
            existing[r[0]] = r
    stored: dict[str, str] = {}
    at = cols.index("branch_id") if HAS_BRANCH[table] else -1  # records are laid out as cols
    if at >= 0:
        stored = rules.stored_branches(
            conn, [c.record[at] for c in checked] + [r[at] for r in existing.values()]
        )
    inserts, updates = [], []
    for c in checked:
        record = c.record
        row_id, unit = record[0], record[1]
        current = existing.get(row_id)
        if current is None:
            if not record[-3]:  # not a tombstone
                # The record as it will be stored is what the row carries (a field it leaves
                # out is stored empty): checked whole in the first stage.
                branch = record[at] if at >= 0 else None
                problems = c.problems + rules.branch_problems(table, branch, unit, stored)
                if problems:
                    quarantine(conn, package, _row(c, rules), reason(table, problems))
                    result.quarantined += 1
                    continue
            inserts.append(record)
            if table == "branches":
                rules.branches[row_id] = unit
            result.inserted += 1
            result.tables[table] += 1
            continue
        row = _row(c, rules)
        values, clocks = row["values"], row["clocks"]
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
        merged["is_deleted"] = 1 if merged["is_deleted"] else 0
        if merged["is_deleted"]:
            for n in personal:
                merged[n] = None
        else:
            problems = rules.record_problems(table, merged) + rules.branch_problems(
                table, merged.get("branch_id"), row["unit_code"], stored
            )
            if problems:
                quarantine(conn, package, row, reason(table, problems))
                result.quarantined += 1
                continue
        result.updated += 1
        updates.append(
            (
                row["id"],
                row["unit_code"],
                *(merged[n] for n in names),
                merged["is_deleted"],
                version,
                _pack(stamps),
            )
        )
        if table == "branches":
            rules.branches[row["id"]] = row["unit_code"]
        result.tables[table] += 1
    try:
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
    except _INTEGRITY:
        # Only an id already used by another unit's row gets here (the look-up was skipped).
        raise MergeRejected("bản ghi đổi đơn vị sở hữu") from None


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
