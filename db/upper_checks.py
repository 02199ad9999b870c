"""Checks across the units below an upper level, in SQL: what no single commune can see.

A province holds ~560,000 members and the centre ~19 million, so nothing here reads a table
whole into Python: each check is one grouped query over an index, and only a page of its
findings (`limit`) comes back with their total count.

- the same citizen ID live in two units (a member registered twice, or moved without being
  released by the old commune): `members_citizen` walked in citizen ID order, grouped;
- communes below with no live cadre whose position is chair.

Which units never reported is the units table's (desktop/units/table.py).

The duplicate check reads every member's index entry (~8 s extrapolated at the centre's 19
million members), so its answer is kept in `check_results` with the `db_version` it was
computed at (`saved_duplicates`, `save_duplicates`; `keep_duplicates` at the end of an
import): opened with no record changed since, the overview shows it at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from db.connection import STORAGE_ERRORS

DISPLAY_LIMIT = 50

# A member still counted by a unit: active, or no status written.
_LIVE_MEMBER = "is_deleted = 0 AND COALESCE(status, 'active') = 'active'"


@dataclass(frozen=True)
class DuplicateCitizen:
    """One citizen ID live in several units, and those units' codes (sorted)."""

    citizen_id: str
    units: tuple[str, ...]


@dataclass(frozen=True)
class Found[T]:
    """The first `limit` findings of a check and how many there are in all."""

    items: list[T]
    total: int


def duplicate_citizens(db: Database, *, limit: int = DISPLAY_LIMIT) -> Found[DuplicateCitizen]:
    """Citizen IDs of live members in more than one unit, in citizen ID order.

    First the IDs written more than once, from the index alone (no row is read: at the centre
    that is ~19 million entries walked in order); then only those candidates' rows, for their
    units and status. One pass gives the page and the count."""
    sql = f"""
        WITH candidates(citizen_id) AS (
            SELECT citizen_id FROM members INDEXED BY members_citizen
            WHERE citizen_id > ''
            GROUP BY citizen_id HAVING COUNT(*) > 1
        ),
        found(citizen_id, units) AS (
            SELECT m.citizen_id, group_concat(DISTINCT m.unit_code)
            FROM candidates c JOIN members m INDEXED BY members_citizen
                ON m.citizen_id = c.citizen_id
            WHERE {_LIVE_MEMBER.replace("is_deleted", "m.is_deleted").replace("status", "m.status")}
            GROUP BY m.citizen_id HAVING COUNT(DISTINCT m.unit_code) > 1
        )
        SELECT citizen_id, units, COUNT(*) OVER () FROM found ORDER BY citizen_id LIMIT ?"""
    rows = db.conn.execute(sql, [limit]).fetchall()
    items = [DuplicateCitizen(cid, tuple(sorted(units.split(",")))) for cid, units, _ in rows]
    return Found(items, rows[0][2] if rows else 0)


def saved_duplicates(
    db: Database, version: int, *, limit: int = DISPLAY_LIMIT
) -> Found[DuplicateCitizen] | None:
    """The answer of `duplicate_citizens` kept at `version` (the database's `db_version` now);
    None when none was kept, or it was computed before a record changed, or with fewer items."""
    row = db.conn.execute(
        "SELECT body FROM check_results WHERE name = 'duplicate_citizens' AND db_version = ?",
        [version],
    ).fetchone()
    if row is None:
        return None
    body = json.loads(row[0])
    if body["limit"] < limit:
        return None
    items = [DuplicateCitizen(cid, tuple(units)) for cid, units in body["items"][:limit]]
    return Found(items, body["total"])


def save_duplicates(
    db: Database, version: int, found: Found[DuplicateCitizen], *, limit: int = DISPLAY_LIMIT
) -> bool:
    """Keep `found`, computed at `version` with `limit`, for `saved_duplicates`; False when the
    database could not take it now (busy): it is computed again next time, nothing else."""
    body = {
        "limit": limit,
        "total": found.total,
        "items": [[d.citizen_id, list(d.units)] for d in found.items],
    }
    try:
        with db.atomic():
            db.conn.execute(
                "INSERT OR REPLACE INTO check_results (name, db_version, body) "
                "VALUES ('duplicate_citizens', ?, ?)",
                [version, json.dumps(body)],
            )
    except STORAGE_ERRORS:
        return False
    return True


def keep_duplicates(
    db: Database, version: int, *, limit: int = DISPLAY_LIMIT
) -> Found[DuplicateCitizen]:
    """`duplicate_citizens` run now and kept at `version`: at the end of an import, where the
    person already waits (minutes at the centre), so that the overview opened next shows them
    at once instead of walking the index again."""
    found = duplicate_citizens(db, limit=limit)
    save_duplicates(db, version, found, limit=limit)
    return found


def communes_without_chair(db: Database, root: str, *, limit: int = DISPLAY_LIMIT) -> Found[str]:
    """Codes of the live communes at or below `root` whose records arrived and that have no
    live cadre with position 'chair', in code order."""
    sql = """
        WITH RECURSIVE below(code) AS (
            SELECT :root
            UNION
            SELECT u.code FROM units u JOIN below b ON u.parent_code = b.code
            WHERE u.is_deleted = 0 AND u.code != u.parent_code
        ),
        bare(code) AS (
            SELECT DISTINCT u.code FROM units u JOIN below b ON b.code = u.code
            WHERE u.level = 'commune' AND u.is_deleted = 0
              AND NOT EXISTS (
                  SELECT 1 FROM cadres c
                  WHERE c.unit_code = u.code AND c.is_deleted = 0 AND c.position = 'chair')
        )"""
    params = {"root": root, "limit": limit}
    total = db.conn.execute(f"{sql} SELECT COUNT(*) FROM bare", params).fetchone()[0]
    rows = db.conn.execute(f"{sql} SELECT code FROM bare ORDER BY code LIMIT :limit", params)
    return Found([r[0] for r in rows], total)


def unit_names(db: Database, codes: list[str]) -> dict[str, str]:
    """The names the units' own records give, by code (a code without a record is left out)."""
    if not codes:
        return {}
    marks = ", ".join("?" * len(codes))
    return {
        code: name
        for code, name in db.conn.execute(
            f"SELECT code, name FROM units WHERE is_deleted = 0 AND code IN ({marks})", codes
        )
        if name
    }


def masked_citizen_id(citizen_id: str) -> str:
    """A citizen ID as a role without the personal permission sees it: its last 3 digits."""
    return "•" * max(len(citizen_id) - 3, 0) + citizen_id[-3:]
