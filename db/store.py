"""The one write path: every insert, update and delete of a domain record goes through `Store`.

A write validates and normalises the values (db.validation), checks the rules that need other
records (references, a citizen ID unique within its unit, ownership), stamps each changed field
with a hybrid logical clock and this installation's site id, and stores the row in one
transaction with the others of its batch. Field clocks are packed in the row (`clocks`, JSON
`{"*": [hlc, site], "<field>": [hlc, site], …}`: `*` is the stamp of every field not listed) and
the row carries the local `db_version` of its last change, so "everything changed since N" is an
index range and a write stays one row write (DESIGN.md, "Merge"; docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlite_utils import Database

from db.clock import HybridClock
from db.connection import STORAGE_ERRORS
from db.schema import KEY_COLUMNS, SYNC_COLUMNS, TABLES
from db.validation import Problem, ValidationError, check_record, clean_values, describe

UNIT_NAMESPACE = uuid.UUID("6f1c1f7e-2b52-4d0e-9d0a-5b3f2b8c7a10")
FLUSH_EVERY = 2000
MAX_REPORTED = 50

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


def unit_row_id(code: str) -> str:
    """The id of a unit's own record: derived from its code, so every replica agrees on it."""
    return str(uuid.uuid5(UNIT_NAMESPACE, code))


class StorageError(Exception):
    """The disk refused a write (full, read-only, removed, busy); nothing was saved."""


def storage_message(exc: Exception) -> str:
    """A Vietnamese sentence for an SQLite storage error."""
    text = str(exc).lower()
    if "full" in text:
        return (
            "Ổ đĩa đã đầy nên chưa lưu được. Hãy giải phóng chỗ trống rồi thử lại; "
            "dữ liệu đã có vẫn nguyên vẹn."
        )
    if "readonly" in text or "read-only" in text:
        return (
            "Thư mục dữ liệu chỉ cho phép đọc nên chưa lưu được. Hãy kiểm tra USB "
            "(khóa chống ghi) hoặc quyền của thư mục."
        )
    if "locked" in text or "busy" in text:
        return "Dữ liệu đang bận (một cửa sổ khác đang ghi). Hãy thử lại sau giây lát."
    return (
        "Lỗi đọc/ghi ổ đĩa (USB bị rút ra?) nên chưa lưu được; dữ liệu đã có vẫn "
        "nguyên vẹn. Hãy cắm lại và thử lại."
    )


class WriteCancelled(Exception):
    """The person cancelled a long write; nothing was saved."""


@dataclass(frozen=True)
class Change:
    """One record to write: the fields given are set, the others kept (or empty when new)."""

    table: str
    values: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
    unit_code: str | None = None
    delete: bool = False
    location: str | None = None  # where it came from, for messages ("dòng 12")


@dataclass(frozen=True)
class RowChange:
    """What a write did to one row: op is insert, update or delete; fields are the ones changed."""

    table: str
    id: str
    unit_code: str
    op: str
    fields: tuple[str, ...]


@dataclass
class WriteResult:
    """What a write changed, for the caller to redraw, audit or report."""

    db_version: int | None = None
    changes: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def count(self, op: str) -> int:
        return sum(1 for c in self.changes if c.op == op)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.changes]


class Store:
    """A unit's records over an open database: reads, and the one write path."""

    def __init__(
        self,
        db: Database,
        *,
        today: Callable[[], date] = date.today,
        clock: HybridClock | None = None,
    ):
        self.db = db
        self.today = today
        state = dict(db.execute("SELECT key, value FROM sync_state").fetchall())
        if "site_id" not in state:
            state["site_id"] = secrets.token_hex(8)
            with db.atomic():
                db.execute(
                    "INSERT INTO sync_state (key, value) VALUES ('site_id', ?)", [state["site_id"]]
                )
        self.site_id: str = state["site_id"]
        self.unit_code: str | None = state.get("unit_code")
        self.db_version = int(state.get("db_version", 0))
        self.clock = clock or HybridClock()
        self.clock.observe(int(state.get("hlc", 0)))
        # Called inside the write transaction with the result, before commit (audit log).
        self.before_commit: list[Callable[[WriteResult], None]] = []
        # Called before any write; raises to refuse it (a viewer's session, a locked one).
        self.guard: Callable[[], None] | None = None

    # -- reading ---------------------------------------------------------------------------

    def get(self, table: str, row_id: str, *, include_deleted: bool = False) -> dict | None:
        """A record by id as stored (list fields as JSON text), or None."""
        spec = TABLES[table]
        cur = self.db.conn.execute(f"SELECT * FROM [{spec.name}] WHERE id = ?", [row_id])
        row = cur.fetchone()
        if row is None:
            return None
        record = dict(zip([d[0] for d in cur.description], row, strict=True))
        if record["is_deleted"] and not include_deleted:
            return None
        return record

    def set_unit(self, code: str) -> None:
        """Make `code` the unit this installation keeps (once, at creation)."""
        if self.unit_code and self.unit_code != code:
            raise ValueError("this database already belongs to another unit")
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO sync_state (key, value) VALUES ('unit_code', ?)", [code]
            )
        self.unit_code = code

    def descendant_units(self, root: str | None = None) -> set[str]:
        """Codes of `root` (default: this unit) and every unit below it, from the units table."""
        root = root or self.unit_code
        if root is None:
            return set()
        rows = self.db.execute(
            """WITH RECURSIVE below(code) AS (
                   SELECT ? UNION
                   SELECT u.code FROM units u JOIN below b ON u.parent_code = b.code
                   WHERE u.is_deleted = 0)
               SELECT code FROM below""",
            [root],
        ).fetchall()
        return {r[0] for r in rows}

    # -- writing ---------------------------------------------------------------------------

    def save(
        self,
        table: str,
        values: dict[str, Any],
        *,
        id: str | None = None,
        unit_code: str | None = None,
    ) -> WriteResult:
        """Insert (no id, or an unknown one) or update one record; ValidationError if refused."""
        return self.write([Change(table, values, id=id, unit_code=unit_code)])

    def delete(self, table: str, row_id: str) -> WriteResult:
        """Delete a record: it becomes a tombstone whose personal fields are blanked."""
        return self.write([Change(table, id=row_id, delete=True)])

    def write(
        self,
        changes: Iterable[Change],
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        total: int = 0,
    ) -> WriteResult:
        """Apply a batch of changes all or nothing; ValidationError lists every problem found."""
        if self.guard is not None:
            self.guard()
        version = self.db_version + 1
        try:
            result = self._write(changes, version, progress, cancelled, total)
        except STORAGE_ERRORS as exc:
            # The transaction was rolled back: the medium refused, nothing was saved.
            raise StorageError(storage_message(exc)) from exc
        if result.changes:
            self.db_version = version
        return result

    def _write(
        self,
        changes: Iterable[Change],
        version: int,
        progress: Progress | None,
        cancelled: Cancelled | None,
        total: int,
    ) -> WriteResult:
        batch = _Batch(self, version)
        with self.db.atomic():
            for n, change in enumerate(changes, 1):
                batch.add(change)
                if n % 1000 == 0:
                    if cancelled and cancelled():
                        raise WriteCancelled
                    if progress:
                        progress(n, total, "")
            batch.flush()
            if batch.errors:
                raise ValidationError(batch.errors[:MAX_REPORTED])
            result = batch.result
            if result.changes:
                result.db_version = version
                self.db.conn.executemany(
                    "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
                    [("db_version", str(version)), ("hlc", str(self.clock.last))],
                )
                for hook in self.before_commit:
                    hook(result)
        return result


class _Batch:
    """The state of one write: rows waiting to be flushed and what was found so far."""

    def __init__(self, store: Store, version: int):
        self.store = store
        self.version = version
        self.today = store.today()
        self.site = store.site_id
        self.result = WriteResult()
        self.errors: list[Problem] = []
        self.error_count = 0
        self.inserts: dict[str, list[tuple]] = {}
        self.updates: dict[str, list[tuple]] = {}
        self.pending: dict[tuple[str, str], dict] = {}  # (table, id) → row not yet flushed
        self.pending_cids: dict[tuple[str, str, str], str] = {}
        self.allowed_units = store.descendant_units() if store.unit_code else None
        self._branches: dict[str, str] | None = None  # live branch id → unit_code

    # -- helpers -----------------------------------------------------------------------

    def branches(self) -> dict[str, str]:
        if self._branches is None:
            self._branches = dict(
                self.store.db.execute(
                    "SELECT id, unit_code FROM branches WHERE is_deleted = 0"
                ).fetchall()
            )
        return self._branches

    def existing(self, table: str, row_id: str) -> dict | None:
        row = self.pending.get((table, row_id))
        if row is not None:
            return row
        return self.store.get(table, row_id, include_deleted=True)

    def fail(self, change: Change, record: dict, problems: list[Problem]) -> None:
        for p in problems:
            self.error_count += 1
            if len(self.errors) < MAX_REPORTED:
                self.errors.append(
                    replace(p, location=change.location, record=describe(change.table, record))
                )

    # -- one change --------------------------------------------------------------------

    def add(self, change: Change) -> None:
        spec = TABLES.get(change.table)
        if spec is None:
            self.errors.append(
                Problem(
                    "units",
                    None,
                    "unknown_table",
                    f"không có bảng “{change.table}”.",
                    location=change.location,
                )
            )
            return
        row_id = self._row_id(change)
        if row_id is None:
            return
        existing = self.existing(spec.name, row_id)
        if change.delete:
            self._delete(change, row_id, existing)
            return
        cleaned = clean_values(spec.name, change.values, self.today)
        merged = {f: (existing or {}).get(f) for f in spec.field_names}
        merged.update(cleaned.values)
        problems = list(cleaned.problems)
        unit_code = self._unit_code(change, existing, merged, problems)
        if existing and existing["is_deleted"]:
            problems.append(Problem(spec.name, None, "deleted", "bản ghi này đã bị xoá."))
        in_error = {p.field for p in cleaned.errors}
        problems += [
            p
            for p in check_record(spec.name, merged, self.today)
            if not (p.rule == "required" and p.field in in_error)
        ]
        problems += self._cross_checks(spec.name, row_id, unit_code, merged, cleaned.values)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            self.fail(change, merged, errors)
            return
        self.result.warnings += [
            replace(p, location=change.location, record=describe(spec.name, merged))
            for p in problems
            if p.severity == "warning"
        ]
        if existing is None:
            changed = tuple(spec.field_names)
            clocks = f'{{"*":[{self.store.clock.tick()},"{self.site}"]}}'
            self._store_row("insert", spec.name, row_id, unit_code, merged, 0, clocks, changed)
            return
        changed = tuple(f for f in cleaned.values if merged[f] != existing[f])
        if not changed:
            self.result.unchanged += 1
            return
        clocks = self._stamp(existing["clocks"], changed)
        self._store_row("update", spec.name, row_id, unit_code, merged, 0, clocks, changed)

    def _row_id(self, change: Change) -> str | None:
        if change.id is None:
            if change.table == "units" and change.values.get("code"):
                return unit_row_id(str(change.values["code"]).strip())
            if change.delete:
                self.errors.append(
                    Problem(
                        change.table,
                        None,
                        "id",
                        "thiếu mã bản ghi cần xoá.",
                        location=change.location,
                    )
                )
                return None
            return str(uuid.uuid4())
        try:
            return str(uuid.UUID(str(change.id)))
        except ValueError:
            self.errors.append(
                Problem(
                    change.table,
                    None,
                    "id",
                    "mã bản ghi (id) phải là một UUID.",
                    location=change.location,
                )
            )
            return None

    def _unit_code(
        self, change: Change, existing: dict | None, merged: dict, problems: list[Problem]
    ) -> str:
        table = change.table
        if existing:
            unit_code = existing["unit_code"]
        elif table == "units":
            unit_code = merged.get("code") or ""
        else:
            unit_code = change.unit_code or self.store.unit_code or ""
        if change.unit_code and change.unit_code != unit_code:
            problems.append(
                Problem(table, None, "unit_code", "không được đổi đơn vị sở hữu của bản ghi.")
            )
        if table == "units" and existing and merged.get("code") != existing["code"]:
            problems.append(Problem(table, "code", "immutable", "không được đổi mã đơn vị."))
        allowed = self.allowed_units
        if allowed is not None and unit_code not in allowed:
            if table == "units" and merged.get("parent_code") in allowed:
                allowed.add(unit_code)  # a new unit below us, entered in this batch
            else:
                problems.append(
                    Problem(
                        table,
                        None,
                        "ownership",
                        f"bản ghi thuộc đơn vị “{unit_code}”, không phải đơn vị "
                        "này hay đơn vị cấp dưới của nó.",
                    )
                )
        return unit_code

    def _cross_checks(
        self, table: str, row_id: str, unit_code: str, merged: dict, given: dict
    ) -> list[Problem]:
        spec = TABLES[table]
        problems = []
        for f in spec.fields:
            if f.kind == "ref" and f.name in given and merged.get(f.name) is not None:
                owner = self.branches().get(merged[f.name])
                if owner is None:
                    problems.append(Problem(table, f.name, "ref", "không tìm thấy chi hội này."))
                elif owner != unit_code:
                    problems.append(
                        Problem(table, f.name, "ref_unit", "chi hội thuộc đơn vị khác.")
                    )
        cid = merged.get("citizen_id")
        if cid and "citizen_id" in given:
            other = self._citizen_owner(table, unit_code, cid, row_id)
            if other:
                problems.append(
                    Problem(
                        table,
                        "citizen_id",
                        "unique",
                        f"số CCCD này đã có ở {describe(table, other)} trong đơn vị.",
                    )
                )
        if table == "units" and "code" in given:
            dup = self.store.db.execute(
                "SELECT id FROM units WHERE code = ? AND id != ? AND is_deleted = 0",
                [merged["code"], row_id],
            ).fetchone()
            if dup or any(
                t == "units" and r["code"] == merged["code"] and i != row_id
                for (t, i), r in self.pending.items()
            ):
                problems.append(Problem(table, "code", "unique", "mã đơn vị đã được dùng."))
        return problems

    def _citizen_owner(self, table: str, unit_code: str, cid: str, row_id: str) -> dict | None:
        key = (table, unit_code, cid)
        other_id = self.pending_cids.get(key)
        if other_id and other_id != row_id:
            return self.pending[(table, other_id)]
        for (other_id,) in self.store.db.execute(
            f"SELECT id FROM [{table}] WHERE unit_code = ? AND citizen_id = ? "
            "AND is_deleted = 0 AND id != ?",
            [unit_code, cid, row_id],
        ):
            other = self.pending.get((table, other_id))
            if other is None or other.get("citizen_id") == cid:
                return other or self.store.get(table, other_id)
        return None

    def _delete(self, change: Change, row_id: str, existing: dict | None) -> None:
        table = change.table
        if existing is None or existing["is_deleted"]:
            self.errors.append(
                Problem(
                    table,
                    None,
                    "not_found",
                    "không tìm thấy bản ghi cần xoá.",
                    location=change.location,
                )
            )
            return
        allowed = self.allowed_units
        if allowed is not None and existing["unit_code"] not in allowed:
            self.fail(
                change, existing, [Problem(table, None, "ownership", "bản ghi thuộc đơn vị khác.")]
            )
            return
        if table == "branches":
            used = self._branch_users(row_id)
            if used:
                self.fail(
                    change,
                    existing,
                    [
                        Problem(
                            table,
                            None,
                            "in_use",
                            f"chi hội còn {used} bản ghi (hội viên, chi hội trưởng, sinh hoạt…); "
                            "hãy chuyển hoặc xoá chúng trước.",
                        )
                    ],
                )
                return
            self.branches().pop(row_id, None)
        spec = TABLES[table]
        merged = {f: existing[f] for f in spec.field_names}
        changed = [f for f in spec.personal_fields if merged[f] is not None]
        for f in changed:
            merged[f] = None
        changed.append("is_deleted")
        clocks = self._stamp(existing["clocks"], changed)
        self._store_row(
            "delete", table, row_id, existing["unit_code"], merged, 1, clocks, tuple(changed)
        )

    def _branch_users(self, branch_id: str) -> int:
        total = 0
        for t in ("members", "branch_heads", "activities", "models", "online_channels"):
            total += self.store.db.execute(
                f"SELECT count(*) FROM [{t}] WHERE branch_id = ? AND is_deleted = 0", [branch_id]
            ).fetchone()[0]
        total += sum(
            1
            for (t, _), r in self.pending.items()
            if r.get("branch_id") == branch_id and not r["is_deleted"]
        )
        return total

    def _stamp(self, clocks_json: str, changed: Iterable[str]) -> str:
        clocks = json.loads(clocks_json)
        stamp = [self.store.clock.tick(), self.site]
        for f in changed:
            clocks[f] = stamp
        return json.dumps(clocks, separators=(",", ":"))

    def _store_row(
        self,
        op: str,
        table: str,
        row_id: str,
        unit_code: str,
        merged: dict,
        is_deleted: int,
        clocks: str,
        changed: tuple[str, ...],
    ) -> None:
        spec = TABLES[table]
        values = [merged[f] for f in spec.field_names]
        row = dict(zip(spec.field_names, values, strict=True))
        row.update(
            id=row_id,
            unit_code=unit_code,
            is_deleted=is_deleted,
            db_version=self.version,
            clocks=clocks,
        )
        was_pending = (table, row_id) in self.pending
        self.pending[(table, row_id)] = row
        if row.get("citizen_id") and not is_deleted:
            self.pending_cids[(table, unit_code, row["citizen_id"])] = row_id
        if table == "branches" and not is_deleted:
            self.branches()[row_id] = unit_code
        if op == "insert" and not was_pending:
            self.inserts.setdefault(table, []).append(
                (row_id, unit_code, *values, is_deleted, self.version, clocks)
            )
        else:
            # A row inserted earlier in this batch and changed again is flushed as an update.
            self.updates.setdefault(table, []).append(
                (*values, is_deleted, self.version, clocks, row_id)
            )
        self.result.changes.append(RowChange(table, row_id, unit_code, op, changed))
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the waiting rows; the transaction stays open."""
        conn = self.store.db.conn
        for table, rows in self.inserts.items():
            cols = (*KEY_COLUMNS, *TABLES[table].field_names, *SYNC_COLUMNS)
            conn.executemany(
                f"INSERT INTO [{table}] ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                rows,
            )
        for table, rows in self.updates.items():
            cols = (*TABLES[table].field_names, *SYNC_COLUMNS)
            conn.executemany(
                f"UPDATE [{table}] SET {', '.join(c + ' = ?' for c in cols)} WHERE id = ?", rows
            )
        self.inserts.clear()
        self.updates.clear()
        self.pending.clear()
        self.pending_cids.clear()
