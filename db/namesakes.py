"""Telling people of the same name apart: possible duplicates, and the line that identifies one.

A person (member, branch head, cadre) is a *possible duplicate* of another live one of the same
unit and table when their names are equal once folded (`db.text.fold`: no tones, case or extra
spaces) and their birth dates agree: the same date, or the same year when either knows only the
year. Two people whose citizen IDs are both known and differ are told apart by them and never
flagged. It is a warning, never a refusal: two women of one commune may share a name and a
birth date. The lookup is one range of the name-key index (`<table>_given_key`, migration 7),
so it stays a few microseconds whatever the unit's size.

`identity_line` is how a confirmation names a person so that namesakes differ: birth year,
branch, and the citizen ID's last four digits behind a mask (`•••• •••• 1234`), never all of it.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from db.text import fold, given_first

PEOPLE = ("members", "branch_heads", "cadres")
MASK = "•••• •••• "


def same_birth(a: str | None, b: str | None) -> bool:
    """Whether two stored birth dates may be the same day: equal, or one is a year only and the
    years agree. Unknown on either side: not the same."""
    if not a or not b:
        return False
    if len(a) == 4 or len(b) == 4:
        return a[:4] == b[:4]
    return a == b


def may_be_same(record: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether `other` may be the person `record` describes (both cleaned, as stored)."""
    if not record.get("full_name") or not other.get("full_name"):
        return False
    if fold(record["full_name"]) != fold(other["full_name"]):
        return False
    if not same_birth(record.get("birth_date"), other.get("birth_date")):
        return False
    mine, theirs = record.get("citizen_id"), other.get("citizen_id")
    return not (mine and theirs and mine != theirs)


def name_key(record: dict[str, Any]) -> tuple[str, str] | None:
    """(folded name, birth year): what two records that may be the same person share; None for
    a record with no name or no birth date (it is nobody's possible duplicate)."""
    name, born = record.get("full_name"), record.get("birth_date")
    if not name or not born:
        return None
    return fold(name), str(born)[:4]


def _columns(table: str) -> str:
    branch = "branch_id" if table != "cadres" else "NULL AS branch_id"
    return f"id, full_name, birth_date, citizen_id, {branch}"


def namesakes(
    db: Database, table: str, unit_code: str, record: dict[str, Any], exclude_id: str | None
) -> list[dict[str, Any]]:
    """The live people of `table` in `unit_code` that `record` may duplicate (none for a table
    of no people, or a record with no name or birth date)."""
    if table not in PEOPLE or name_key(record) is None:
        return []
    cur = db.conn.execute(
        f"SELECT {_columns(table)} FROM [{table}] "
        "WHERE given_first(full_name) = ? AND unit_code = ? AND is_deleted = 0 AND id != ? "
        "AND substr(birth_date, 1, 4) = ?",
        [given_first(record["full_name"]), unit_code, exclude_id or "", record["birth_date"][:4]],
    )
    cols = [d[0] for d in cur.description]
    found = [dict(zip(cols, row, strict=True)) for row in cur]
    return [r for r in found if may_be_same(record, r)]


# Index look-ups one batch makes before it reads the unit's people once instead: a name shared
# by hundreds of people (a commune has many a "Nguyễn Thị Lan") costs a look-up each of their
# rows, so a list of thousands (a spreadsheet, `sohoi load`) would grow as its square.
READ_ALL_AFTER = 256


class StoredNamesakes:
    """The people of one table and unit, as stored, that records may duplicate: an index
    look-up for each of a few records (a form's save), the unit's people read once by
    `name_key` for many (`READ_ALL_AFTER`). What the caller itself writes meanwhile is its own
    to follow (db/batch.py)."""

    def __init__(self, db: Database, table: str, unit_code: str) -> None:
        self.db, self.table, self.unit_code = db, table, unit_code
        self.lookups = 0
        self.by_key: dict[tuple[str, str], list[dict[str, Any]]] | None = None

    def of(self, record: dict[str, Any], exclude_id: str | None) -> list[dict[str, Any]]:
        """The stored live people `record` may duplicate (never `exclude_id`)."""
        key = name_key(record)
        if key is None or self.table not in PEOPLE:
            return []
        if self.by_key is None:
            self.lookups += 1
            if self.lookups <= READ_ALL_AFTER:
                return namesakes(self.db, self.table, self.unit_code, record, exclude_id)
            self.by_key = self._read_all()
        return [
            r for r in self.by_key.get(key, ()) if r["id"] != exclude_id and may_be_same(record, r)
        ]

    def _read_all(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        cur = self.db.conn.execute(
            f"SELECT {_columns(self.table)} FROM [{self.table}] WHERE unit_code = ? "
            "AND is_deleted = 0 AND full_name IS NOT NULL AND birth_date IS NOT NULL",
            [self.unit_code],
        )
        cols = [d[0] for d in cur.description]
        by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in cur:
            person = dict(zip(cols, row, strict=True))
            key = name_key(person)
            if key is not None:
                by_key.setdefault(key, []).append(person)
        return by_key


def branch_name(db: Database, branch_id: str | None) -> str | None:
    """The name of a branch (live or not), or None."""
    if not branch_id:
        return None
    row = db.conn.execute("SELECT name FROM branches WHERE id = ?", [branch_id]).fetchone()
    return row[0] if row else None


def mask_citizen_id(citizen_id: str | None) -> str | None:
    """A citizen ID shown by its last four digits only: `•••• •••• 1234`."""
    if not citizen_id:
        return None
    return MASK + citizen_id[-4:]


def identity_parts(db: Database, table: str, record: dict[str, Any]) -> list[str]:
    """What tells a person apart from a namesake, in Vietnamese: `sinh năm 1985`,
    `Chi hội Thôn Đông`, `CCCD •••• •••• 1234` (those known)."""
    parts = []
    if record.get("birth_date"):
        parts.append(f"sinh năm {str(record['birth_date'])[:4]}")
    if table != "cadres":
        name = branch_name(db, record.get("branch_id"))
        if name:
            parts.append(name)
    masked = mask_citizen_id(record.get("citizen_id"))
    if masked:
        parts.append(f"CCCD {masked}")
    return parts


def identity_line(db: Database, table: str, record: dict[str, Any]) -> str:
    """`identity_parts` as one line, or "" when nothing is known."""
    return ", ".join(identity_parts(db, table, record))


def duplicate_message(db: Database, table: str, label: str, other: dict[str, Any]) -> str:
    """The warning naming the other record: `có thể trùng với hội viên “Nguyễn Thị Hường”
    (sinh năm 1985, Chi hội Thôn Đông) đã có trong đơn vị.`"""
    who = f"{label} “{other['full_name']}”"
    parts = [p for p in identity_parts(db, table, other) if not p.startswith("CCCD")]
    if parts:
        who += f" ({', '.join(parts)})"
    return f"có thể trùng với {who} đã có trong đơn vị; hãy kiểm tra lại."
