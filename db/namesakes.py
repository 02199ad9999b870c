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


def namesakes(
    db: Database, table: str, unit_code: str, record: dict[str, Any], exclude_id: str | None
) -> list[dict[str, Any]]:
    """The live people of `table` in `unit_code` that `record` may duplicate (none for a table
    of no people, or a record with no name or birth date)."""
    if table not in PEOPLE or not record.get("full_name") or not record.get("birth_date"):
        return []
    branch = "branch_id" if table != "cadres" else "NULL AS branch_id"
    cur = db.conn.execute(
        f"SELECT id, full_name, birth_date, citizen_id, {branch} FROM [{table}] "
        "WHERE given_first(full_name) = ? AND unit_code = ? AND is_deleted = 0 AND id != ?",
        [given_first(record["full_name"]), unit_code, exclude_id or ""],
    )
    cols = [d[0] for d in cur.description]
    found = [dict(zip(cols, row, strict=True)) for row in cur]
    return [r for r in found if may_be_same(record, r)]


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
