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
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from db import catalogues, citizen_id
from db.schema import TABLES, Field, field_label
from db.validation import Problem, branch_problem, check_record, clean_value

# Messages of the write path that quote the value typed: replaced in a quarantine reason.
_VALUE_FREE = {"choice": "giá trị không có trong danh mục."}
_SHOWN = 3  # problems named in one reason
FUTURE_REASON = "thời điểm sửa muộn hơn giờ máy này quá 24 giờ (đồng hồ máy gửi sai?)."

# Field kinds whose values are mostly unique (a person's name, CCCD, phone): checked each time.
# The others repeat across rows (enumerations, dates, villages, branch ids): their checks are
# remembered for the merge, so a 100,000-member package checks each value once.
_UNIQUE = {"name", "citizen_id", "phone"}
_MEMO_LIMIT = 40_000  # values remembered per field (the birth dates of members 18 to 100: 30,000)
_MISS = object()
HAS_BRANCH = {t: "branch_id" in spec.fields_by_name for t, spec in TABLES.items()}


_INT_KINDS = {"int", "money", "bool", "year"}
_NUM_KINDS = {"number"}
_INT64 = 1 << 63  # SQLite's integers; a bigger Python int would fail the insert, not the check


class MergeRejected(Exception):
    """The incoming rows break the format or ownership rules; nothing may be applied."""


def _types(f: Field) -> tuple[type, ...]:
    # Exact types, compared with `type(v) in …`: faster than isinstance, and a JSON `true`
    # (bool, an int subclass) is refused where a number is expected.
    if f.kind in _INT_KINDS:
        return (int,)
    if f.kind in _NUM_KINDS:
        return (int, float)
    return (str,)


def reason(table: str, problems: list[Problem]) -> str:
    """`hội viên — Họ và tên: dài quá 100 ký tự.`: what is wrong, never the value itself."""
    spec = TABLES[table]
    parts = []
    for p in problems[:_SHOWN]:
        message = _VALUE_FREE.get(p.rule, p.message)
        parts.append(f"{field_label(table, p.field)}: {message}" if p.field else message)
    more = f" (và {len(problems) - _SHOWN} lỗi khác)" if len(problems) > _SHOWN else ""
    return f"{spec.label} — {' '.join(parts)}{more}"


# Values already in their stored form, recognised cheaply. Each test accepts only values that
# `clean_value` stores unchanged and without an error (a subset: anything else goes the whole
# way through it); tests/db/test_merge_rules.py holds each one to that against clean_value. A
# row synced from another installation went through the write path there, so nearly every
# value takes this path: the rules cost a few string tests per field, not a parse.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOBILE = frozenset({"03", "05", "07", "08", "09"})


def _stored_text(f: Field, raw: str, today: date) -> bool:
    # Printable: no control, bidi or line-breaking character, and no space but U+0020.
    return (
        raw != ""
        and raw.isprintable()
        and raw[0] != " "
        and raw[-1] != " "
        and (f.max_length is None or len(raw) <= f.max_length)
        and unicodedata.is_normalized("NFC", raw)
        # A catalogue's field: not a spelling the rules would change into the official one.
        and (f.catalogue is None or catalogues.official(f.catalogue, raw) in (None, raw))
    )


def _stored_name(f: Field, raw: str, today: date) -> bool:
    return "  " not in raw and _stored_text(f, raw, today)


def _stored_citizen_id(f: Field, raw: str, today: date) -> bool:
    return (
        len(raw) == 12
        and raw.isascii()
        and raw.isdigit()
        and int(raw[:3]) in citizen_id.birth_province_codes()
    )


def _stored_phone(f: Field, raw: str, today: date) -> bool:
    if not (raw.isascii() and raw.isdigit()):
        return False
    return (len(raw) == 10 and raw[:2] in _MOBILE) or (len(raw) == 11 and raw[:2] == "02")


def _stored_date(f: Field, raw: str, today: date) -> bool:
    if len(raw) != 10 or not raw.isascii() or not _ISO_DAY.fullmatch(raw):
        return False
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return False
    return day.year >= 1900 and day <= today


STORED_FORM: dict[str, Callable[[Field, str, date], bool]] = {
    "text": _stored_text,
    "name": _stored_name,
    "citizen_id": _stored_citizen_id,
    "phone": _stored_phone,
    "date": _stored_date,
    "birth_date": _stored_date,
}


class FieldRules:
    """Per table and field: its declaration, the JSON types it takes, what it learnt (raw value →
    stored value, for the fields whose values repeat), its test of a stored form.

    What a value is stored as depends only on the value and the day, so one FieldRules serves
    every package of an import run (a province's 98 files share their dates, villages and
    enumerations) until the day changes."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.tables: dict[str, dict[str, tuple[Field | None, tuple, dict | None, Any]]] = {
            t: {
                "is_deleted": (None, (int,), {None: None, 0: 0, 1: 1}, None),
                **{
                    f.name: (
                        f,
                        _types(f),
                        None if f.kind in _UNIQUE else {None: None},
                        STORED_FORM.get(f.kind),
                    )
                    for f in spec.fields
                },
            }
            for t, spec in TABLES.items()
        }


class RowRules:
    """The checks of one merge, with what they learnt on the way (branches, repeated values)."""

    def __init__(self, today: date, fields: FieldRules | None = None) -> None:
        self.today = today
        self.branches: dict[str, str] = {}  # branch id → owning unit, of this package
        if fields is None or fields.today != today:
            fields = FieldRules(today)
        self._fields = fields.tables

    def clean(self, table: str, values: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
        """The carried values as the write path would store them, and the errors among them.

        A field the table does not have, or a value of the wrong JSON type, is MergeRejected:
        the sender's program would never write it."""
        fields = self._fields[table]
        spec = TABLES[table]
        today = self.today
        out: dict[str, Any] = {}
        errors: list[Problem] = []
        for name, raw in values.items():
            entry = fields.get(name)
            if entry is None:
                label = TABLES[table].label
                raise MergeRejected(f"trường không được phép: {label} — {str(name)[:40]}")
            f, types, memo, stored = entry
            if raw is not None:
                kind = type(raw)
                if kind not in types or (kind is int and not -_INT64 <= raw < _INT64):
                    raise MergeRejected(
                        f"giá trị sai kiểu: {TABLES[table].label} — {field_label(table, name)}"
                    )
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
            if stored is not None and stored(f, raw, today):
                out[name] = raw
                if memo is not None and len(memo) < _MEMO_LIMIT:
                    memo[raw] = raw
                continue
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

    def record_problems(self, table: str, record: dict[str, Any]) -> list[Problem]:
        """What the write path refuses between the fields of a record as it will be stored (not
        a tombstone). No database: the merge's first stage asks it for every new row."""
        return [p for p in check_record(table, record, self.today) if p.severity == "error"]

    def branch_problems(
        self, table: str, branch_id: str | None, unit_code: str, stored: dict[str, str]
    ) -> list[Problem]:
        """A record's branch, if any, one of its unit's, in this package or `stored`."""
        if branch_id is not None:
            owner = self.branches.get(branch_id) or stored.get(branch_id)
            problem = branch_problem(table, "branch_id", owner, unit_code)
            if problem:
                return [problem]
        return []

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
