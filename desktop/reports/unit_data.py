"""What the unit report prints, read from the database in a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from db.indicators import Indicator, compute_indicators
from db.schema import POSITIONS
from db.text import name_key, text_key
from desktop.reports.source import UnitFacts, rows, unit_facts

# Live units at or below :root (the recursion db/indicators.py uses).
BELOW = """
WITH RECURSIVE below(code) AS (
    SELECT :root
    UNION
    SELECT u.code FROM units u JOIN below b ON u.parent_code = b.code WHERE u.is_deleted = 0
)
"""
ACTIVE = "IFNULL(status, 'active') = 'active'"  # a member with no status recorded is active


@dataclass
class BranchLine:
    """One branch with its active members and its head (None: no head recorded)."""

    name: str
    area: str | None
    members: int
    uses_social_media: int | None
    head: dict[str, Any] | None


@dataclass
class UnitData:
    """Everything the unit report shows."""

    unit: UnitFacts
    as_of: date
    indicators: list[Indicator]
    cadres: list[dict[str, Any]]
    branches: list[BranchLine]
    models: list[dict[str, Any]]
    channels: list[dict[str, Any]]
    totals: dict[str, int] = field(default_factory=dict)  # over the unit and units below


def load_unit_data(db: Database, root: str, as_of: date) -> UnitData:
    """The unit's record, cadres, branches with heads, models and channels, and indicators."""
    own = {"root": root}
    rank = {p: n for n, p in enumerate(POSITIONS)}
    cadres = rows(db, "SELECT * FROM cadres WHERE unit_code = :root AND is_deleted = 0", own)
    cadres.sort(key=lambda c: (rank.get(c["position"], 99), name_key(c["full_name"] or "")))
    members = dict(
        db.execute(
            f"SELECT branch_id, COUNT(*) FROM members WHERE unit_code = :root AND is_deleted = 0 "
            f"AND {ACTIVE} GROUP BY branch_id",
            own,
        ).fetchall()
    )
    heads: dict[str, dict[str, Any]] = {}
    for head in rows(
        db,
        "SELECT * FROM branch_heads WHERE unit_code = :root AND is_deleted = 0 "
        "ORDER BY IFNULL(started_on, '') , db_version",
        own,
    ):
        heads[head["branch_id"]] = head  # the latest one started wins
    branch_rows = rows(db, "SELECT * FROM branches WHERE unit_code = :root AND is_deleted = 0", own)
    branch_rows.sort(key=lambda b: text_key(b["name"] or ""))
    branches = [
        BranchLine(
            b["name"] or "",
            b["area_name"],
            int(members.get(b["id"], 0)),
            b["uses_social_media"],
            heads.get(b["id"]),
        )
        for b in branch_rows
    ]
    names = {b["id"]: b["name"] for b in branch_rows}
    models = rows(db, "SELECT * FROM models WHERE unit_code = :root AND is_deleted = 0", own)
    channels = rows(
        db, "SELECT * FROM online_channels WHERE unit_code = :root AND is_deleted = 0", own
    )
    for r in (*models, *channels):
        r["branch_name"] = names.get(r["branch_id"] or "", "")
    models.sort(key=lambda m: (m["kind"] or "", text_key(m["name"] or "")))
    channels.sort(key=lambda c: (c["kind"] or "", text_key(c["name"] or "")))
    return UnitData(
        unit=unit_facts(db, root),
        as_of=as_of,
        indicators=compute_indicators(db, root, as_of=as_of),
        cadres=cadres,
        branches=branches,
        models=models,
        channels=channels,
        totals=_totals(db, root),
    )


def _totals(db: Database, root: str) -> dict[str, int]:
    """Counts over the unit and every unit below it."""
    scope = "is_deleted = 0 AND unit_code IN (SELECT code FROM below)"
    counts = {}
    for name, sql in (
        ("branches", f"SELECT COUNT(*) FROM branches WHERE {scope}"),
        ("members", f"SELECT COUNT(*) FROM members WHERE {scope} AND {ACTIVE}"),
        ("members_all", f"SELECT COUNT(*) FROM members WHERE {scope}"),
        ("cadres", f"SELECT COUNT(*) FROM cadres WHERE {scope}"),
        ("units", "SELECT COUNT(*) - 1 FROM below"),
    ):
        counts[name] = int(db.execute(BELOW + sql, {"root": root}).fetchone()[0] or 0)
    return counts
