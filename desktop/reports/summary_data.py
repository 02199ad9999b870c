"""The figures of each commune below a province (or the centre), in one grouped query per table.

Calling `compute_indicators` once per commune would cost 5 queries × 3,321 communes; here each
table is read once, grouped by unit, over the same set of communes `db.indicators` counts (live
units of level `commune` reached from the root through live units, `parent_code` recursively),
so the totals of the rows equal the indicators of the root.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlite_utils import Database

from db.connection import DB_ERRORS
from db.indicators import percent
from desktop.reports.unit_data import ACTIVE, BELOW

# (last package received, its sequence number) per unit code, from the sync ledger.
Reporting = Mapping[str, tuple[date | datetime | str, int]]

COMMUNES = (
    BELOW
    + """,
communes(code, name, software, equipped) AS (
    SELECT code, MAX(name), MAX(uses_union_software IS 1),
           MAX(has_dedicated_computer IS 1 AND has_internet IS 1)
    FROM units
    WHERE level = 'commune' AND is_deleted = 0 AND code IN (SELECT code FROM below)
    GROUP BY code
)
"""
)
_IN = "is_deleted = 0 AND unit_code IN (SELECT code FROM communes)"
MODEL_KINDS = ("one_plus_one", "three_have_three_know", "special_members")

# (column, SQL) per table, each grouped by unit_code.
_QUERIES = {
    "branches": f"SELECT unit_code, COUNT(*), SUM(uses_social_media IS 1) FROM branches "
    f"WHERE {_IN} GROUP BY unit_code",
    "heads": f"""SELECT unit_code, COUNT(*), SUM(is_party_member IS 1), SUM(eligible),
        SUM(eligible AND party_development IN ('trained', 'introduced', 'admitted')),
        SUM(monthly_allowance IS 1),
        SUM(monthly_allowance IS 1 AND allowance_source IS 'local_budget')
        FROM (SELECT unit_code, is_party_member, party_development, monthly_allowance,
                     allowance_source,
                     (is_party_member IS NOT 1 OR party_development IS 'admitted') AS eligible
              FROM branch_heads WHERE {_IN})
        GROUP BY unit_code""",
    "members": f"SELECT unit_code, COUNT(*) FROM members WHERE {_IN} AND {ACTIVE} "
    "GROUP BY unit_code",
    "cadres": f"SELECT unit_code, COUNT(*), SUM(software_proficient IS 1) FROM cadres "
    f"WHERE {_IN} GROUP BY unit_code",
    "models": f"SELECT unit_code, kind FROM models WHERE {_IN} "
    "AND IFNULL(status, 'active') = 'active' AND kind IN ('one_plus_one', "
    "'three_have_three_know', 'special_members') GROUP BY unit_code, kind",
}


@dataclass
class CommuneRow:
    """One commune's counts (each percentage is computed from them)."""

    code: str
    name: str
    software: int = 0
    equipped: int = 0
    branches: int = 0
    social: int = 0
    heads: int = 0
    party: int = 0
    eligible: int = 0
    developed: int = 0
    allowance: int = 0
    local: int = 0
    members: int = 0
    cadres: int = 0
    proficient: int = 0
    models: set[str] = field(default_factory=set)
    last_received: date | None = None
    seq: int | None = None

    def share(self, numerator: str, denominator: str) -> float | None:
        return percent(getattr(self, numerator), getattr(self, denominator))


def load_communes(db: Database, root: str, reporting: Reporting | None = None) -> list[CommuneRow]:
    """Every commune at or below `root`, ordered by code, with its counts and reporting state."""
    params = {"root": root}
    out = {
        code: CommuneRow(code, name or f"Đơn vị {code}", int(software), int(equipped))
        for code, name, software, equipped in db.execute(
            COMMUNES + "SELECT code, name, software, equipped FROM communes ORDER BY code", params
        )
    }
    for code, branches, social in db.execute(COMMUNES + _QUERIES["branches"], params):
        out[code].branches, out[code].social = int(branches), int(social or 0)
    for code, *n in db.execute(COMMUNES + _QUERIES["heads"], params):
        r = out[code]
        r.heads, r.party, r.eligible, r.developed, r.allowance, r.local = (int(x or 0) for x in n)
    for code, members in db.execute(COMMUNES + _QUERIES["members"], params):
        out[code].members = int(members)
    for code, cadres, proficient in db.execute(COMMUNES + _QUERIES["cadres"], params):
        out[code].cadres, out[code].proficient = int(cadres), int(proficient or 0)
    for code, kind in db.execute(COMMUNES + _QUERIES["models"], params):
        out[code].models.add(kind)
    for code, (received, seq) in (reporting or {}).items():
        if code in out:
            out[code].last_received = _as_date(received)
            out[code].seq = seq
    return list(out.values())


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def reporting_from_ledger(db: Database) -> dict[str, tuple[date, int]]:
    """The last package received from each unit (day, seq) in the sync ledger, if there is one.

    Read from the packages a unit sent up, `ledger(unit_code, seq, received_at)` with kind `up`
    (migration 3; desktop/sync/importer.py writes it). Empty when the table is absent or holds
    nothing yet (no package imported), and the summary then says "Chưa báo cáo".
    """
    try:
        found = db.execute(
            "SELECT unit_code, received_at, seq FROM ledger l WHERE kind = 'up' AND received_at = "
            "(SELECT MAX(received_at) FROM ledger m WHERE m.unit_code = l.unit_code "
            "AND m.kind = 'up') ORDER BY seq"
        ).fetchall()
    except DB_ERRORS:  # an older database without the sync tables
        return {}
    out: dict[str, tuple[date, int]] = {}
    for code, received, seq in found:
        try:
            out[code] = (_as_date(received), int(seq))
        except (TypeError, ValueError):
            continue
    return out
