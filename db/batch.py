"""One write batch of the write path (db/store.py): each change validated, checked against the
other records (references, a citizen ID unique within its unit, ownership, tombstones), stamped
with field clocks, and its row queued, then flushed in chunks inside the store's transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from db import recycle_bin
from db.changes import Change, RowChange, WriteResult, unit_row_id
from db.namesakes import PEOPLE, StoredNamesakes, duplicate_message, may_be_same, name_key
from db.schema import KEY_COLUMNS, SYNC_COLUMNS, TABLES
from db.validation import Problem, branch_problem, check_record, clean_values, describe

if TYPE_CHECKING:
    from db.store import Store

FLUSH_EVERY = 2000
MAX_REPORTED = 50  # problems listed in one ValidationError (the count says how many more)


class Batch:
    """The state of one write: rows waiting to be flushed and what was found so far."""

    def __init__(self, store: Store, version: int):
        self.store = store
        self.version = version
        self.today = store.today()
        self.site = store.site_id
        self.result = WriteResult()
        self.errors: list[Problem] = []
        self.inserts: dict[str, list[tuple]] = {}
        self.updates: dict[str, list[tuple]] = {}
        self.pending: dict[tuple[str, str], dict] = {}  # (table, id) → row not yet flushed
        self.pending_cids: dict[tuple[str, str, str], str] = {}
        self.allowed_units = store.descendant_units() if store.unit_code else None
        self._branches: dict[str, str] | None = None  # live branch id → unit_code
        # People written in this batch, by (table, unit, folded name, birth year): their
        # namesakes later in the batch are warned of even before the rows are flushed; where
        # each one is filed; the people stored before, by table and unit.
        self.people: dict[tuple[str, str, str, str], dict[str, dict]] = {}
        self.people_at: dict[tuple[str, str], tuple[str, str, str, str] | None] = {}
        self.stored_people: dict[tuple[str, str], StoredNamesakes] = {}

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
        if change.restore:
            self._restore(change, row_id, existing)
            return
        cleaned = clean_values(spec.name, change.values, self.today)
        merged = {f: (existing or {}).get(f) for f in spec.field_names}
        merged.update(cleaned.values)
        problems = list(cleaned.problems)
        unit_code = self._unit_code(change, existing, merged, problems)
        if existing and existing["is_deleted"]:
            problems.append(Problem(spec.name, None, "deleted", "bản ghi này đã bị xóa."))
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
        if spec.name in PEOPLE and (
            existing is None or any(merged[f] != existing[f] for f in ("full_name", "birth_date"))
        ):
            problems += self._namesake_warnings(spec.name, row_id, unit_code, merged)
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
                        "thiếu mã bản ghi cần xóa.",
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
        unit_code: str
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
                problem = branch_problem(table, f.name, owner, unit_code)
                if problem:
                    problems.append(problem)
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

    def _namesake_warnings(
        self, table: str, row_id: str, unit_code: str, merged: dict
    ) -> list[Problem]:
        """A soft warning for each live person `merged` may duplicate (db/namesakes.py)."""
        filed = self.people_at.pop((table, row_id), None)
        if filed is not None:
            self.people[filed].pop(row_id, None)  # its name or birth date changed again
        key = name_key(merged)
        self.people_at[(table, row_id)] = None if key is None else (table, unit_code, *key)
        if key is None:
            return []
        stored = self.stored_people.get((table, unit_code))
        if stored is None:
            stored = self.stored_people[(table, unit_code)] = StoredNamesakes(
                self.store.db, table, unit_code
            )
        others = {
            r["id"]: r
            for r in stored.of(merged, row_id)
            if (table, r["id"]) not in self.people_at  # this batch's version is the one filed
        }
        filed_now = self.people.setdefault((table, unit_code, *key), {})
        for other_id, other in filed_now.items():
            if may_be_same(merged, other):
                others[other_id] = other
        filed_now[row_id] = {"id": row_id, **merged}
        label = TABLES[table].label
        return [
            Problem(
                table,
                "full_name",
                "possible_duplicate",
                duplicate_message(self.store.db, table, label, other),
                "warning",
            )
            for other in others.values()
        ]

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
                    "không tìm thấy bản ghi cần xóa.",
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
                            "hãy chuyển hoặc xóa chúng trước.",
                        )
                    ],
                )
                return
            self.branches().pop(row_id, None)
        spec = TABLES[table]
        merged = {f: existing[f] for f in spec.field_names}
        actor = self.store.actor() if self.store.actor else None
        recycle_bin.keep(self.store.db, table, {**existing, "id": row_id}, actor=actor)
        changed = [f for f in spec.personal_fields if merged[f] is not None]
        for f in changed:
            merged[f] = None
        changed.append("is_deleted")
        clocks = self._stamp(existing["clocks"], changed)
        self._store_row(
            "delete", table, row_id, existing["unit_code"], merged, 1, clocks, tuple(changed)
        )

    def _restore(self, change: Change, row_id: str, existing: dict | None) -> None:
        """A deleted record back, live, from its fields kept in the recycle bin: checked like any
        write, and every field stamped anew so the undelete wins wherever it syncs."""
        table = change.table
        spec = TABLES[table]
        kept = recycle_bin.kept(self.store.db, table, row_id)
        if existing is None or not existing["is_deleted"] or kept is None:
            self.errors.append(
                Problem(
                    table,
                    None,
                    "not_in_bin",
                    "bản ghi này không còn trong mục đã xóa gần đây.",
                    location=change.location,
                )
            )
            return
        merged = {f: existing[f] for f in spec.field_names}
        merged.update({f: kept.get(f) for f in spec.personal_fields})
        unit_code = existing["unit_code"]
        problems = [p for p in check_record(table, merged, self.today) if p.severity == "error"]
        allowed = self.allowed_units
        if allowed is not None and unit_code not in allowed:
            problems.append(Problem(table, None, "ownership", "bản ghi thuộc đơn vị khác."))
        problems += [
            p
            for p in self._cross_checks(table, row_id, unit_code, merged, merged)
            if p.severity == "error"
        ]
        if problems:
            self.fail(change, merged, problems)
            return
        recycle_bin.forget(self.store.db, table, row_id)
        clocks = f'{{"*":[{self.store.clock.tick()},"{self.site}"]}}'
        changed = (*spec.field_names, "is_deleted")
        self._store_row("undelete", table, row_id, unit_code, merged, 0, clocks, changed)

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
