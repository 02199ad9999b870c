"""The write path's rules applied to rows arriving by sync, and the quarantine of those breaking
them (db/merge.py).

A row that passed the format checks (`merge._check`: table, fields, types, owner) is then held
to the rules of `db.validation`, the same functions the write path runs, no second copy:
each field it carries is cleaned (`clean_value`: NFC, trimmed and single-spaced names,
enumerations, lengths, control characters, CCCD, phone and date forms, finite numbers) and the
row as it will be after the merge is checked whole (`check_record`: required fields, CCCD
against birth year, age …) with its branch a branch of the same unit. Only what the write path
refuses counts; its warnings (an old 9-digit CMND, a male CCCD code) do not. A row breaking a
rule is set aside whole in `quarantine` with a Vietnamese reason that names the table, the
field and the rule, never the value; the rest of the package applies.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from typing import Any

from db.schema import TABLES, Field
from db.validation import Problem, branch_problem, check_record, clean_value

# Messages of the write path that quote the value typed: replaced in a quarantine reason.
_VALUE_FREE = {"choice": "giá trị không có trong danh mục."}
_SHOWN = 3  # problems named in one reason
FUTURE_REASON = "thời điểm sửa muộn hơn giờ máy này quá 24 giờ (đồng hồ máy gửi sai?)."

# Field kinds whose values are mostly unique (a person's name, CCCD, phone): checked each time.
# The others repeat across rows (enumerations, dates, villages, branch ids): their checks are
# remembered for the merge, so a 100,000-member package checks each value once.
_UNIQUE = {"name", "citizen_id", "phone"}
_MEMO_LIMIT = 20_000  # values remembered per field
_MISS = object()
HAS_BRANCH = {t: "branch_id" in spec.fields_by_name for t, spec in TABLES.items()}


def reason(table: str, problems: list[Problem]) -> str:
    """`hội viên — Họ và tên: dài quá 100 ký tự.`: what is wrong, never the value itself."""
    spec = TABLES[table]
    parts = []
    for p in problems[:_SHOWN]:
        f = spec.fields_by_name.get(p.field) if p.field else None
        message = _VALUE_FREE.get(p.rule, p.message)
        parts.append(f"{f.label}: {message}" if f else message)
    more = f" (và {len(problems) - _SHOWN} lỗi khác)" if len(problems) > _SHOWN else ""
    return f"{spec.label} — {' '.join(parts)}{more}"


class RowRules:
    """The checks of one merge, with what they learnt on the way (branches, repeated values)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.branches: dict[str, str] = {}  # branch id → owning unit, of this package
        # Per table and field: (declaration, raw value → stored value of the values that
        # passed, or None for the fields checked every time); `is_deleted` passed with the types.
        self._fields: dict[str, dict[str, tuple[Field | None, dict | None]]] = {
            t: {
                "is_deleted": (None, {None: None, 0: 0, 1: 1}),
                **{f.name: (f, None if f.kind in _UNIQUE else {None: None}) for f in spec.fields},
            }
            for t, spec in TABLES.items()
        }

    def clean(self, table: str, values: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
        """The carried values as the write path would store them, and the errors among them."""
        fields = self._fields[table]
        spec = TABLES[table]
        today = self.today
        out: dict[str, Any] = {}
        errors: list[Problem] = []
        for name, raw in values.items():
            f, memo = fields[name]
            if memo is not None:
                value = memo.get(raw, _MISS)
                if value is not _MISS:
                    out[name] = value
                    continue
            elif raw is None:
                out[name] = None
                continue
            # Only `is_deleted` has no declaration, and all its values are in its memo.
            assert f is not None
            value, problems = clean_value(spec, f, raw, today)
            out[name] = value
            if problems:
                bad = [p for p in problems if p.severity == "error"]
                if bad:
                    errors += bad
                    continue
            if memo is not None:
                if len(memo) >= _MEMO_LIMIT:
                    memo.clear()
                    memo[None] = None
                memo[raw] = value
        return out, errors

    def problems(
        self, table: str, record: dict[str, Any], unit_code: str, stored: dict[str, str]
    ) -> list[Problem]:
        """What the write path refuses in a record as it will be stored (not a tombstone): its
        rules between fields, and its branch one of its unit's, in this package or `stored`."""
        problems = [p for p in check_record(table, record, self.today) if p.severity == "error"]
        branch_id = record.get("branch_id")
        if branch_id is not None:
            owner = self.branches.get(branch_id) or stored.get(branch_id)
            problem = branch_problem(table, "branch_id", owner, unit_code)
            if problem:
                problems.append(problem)
        return problems

    def stored_branches(self, conn: sqlite3.Connection, ids: list[str | None]) -> dict[str, str]:
        """Branch id → unit of the stored branches among `ids` not met in this package yet:
        one query for a chunk of rows."""
        wanted = set(ids)
        wanted.discard(None)
        wanted.difference_update(self.branches)
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        return dict(
            conn.execute(
                f"SELECT id, unit_code FROM branches WHERE id IN ({marks})", list(wanted)
            ).fetchall()
        )


def quarantine(conn: sqlite3.Connection, package_id: str, row: dict, why: str) -> None:
    """Set a row aside, unapplied, with the reason (the row kept in the encrypted database)."""
    conn.execute(
        "INSERT INTO quarantine (at, package_id, tbl, row_id, content, unit_code, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            datetime.now(UTC).isoformat(timespec="seconds"),
            package_id,
            row["table"],
            row["id"],
            json.dumps(row, ensure_ascii=False),
            row["unit_code"],
            why,
        ],
    )
