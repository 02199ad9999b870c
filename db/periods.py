"""Reporting periods (kỳ báo cáo) and the snapshots a unit closes for them.

A period has a stable id (`2026-H1`), a Vietnamese name, a cut-off date (the figures are "as of"
it) and a due date. The default calendar has two periods a year, "6 tháng đầu năm YYYY"
(`YYYY-H1`, cut-off 30/6, due 15/7) and "Cả năm YYYY" (`YYYY-Y`, cut-off 31/12, due 15/1 of the
next year). The centre declares periods in a signed calendar carried down in down packages
(desktop/sync/calendar.py); the periods it declares are stored in `periods` and stand over the
default calendar: one with a default period's id replaces it (another due date, say), one with a
new id is added (a survey's cut-off).

A unit *closes* a period by storing a snapshot of its figures (`period_snapshots`): the figures
themselves as JSON, never a query, so later edits change nothing in them. Every version is kept:
a reopen marks the current one reopened (with who, when and the reason typed), and the next close
writes version n + 1 and marks version n superseded by it. Snapshots travel up in packages
(db/period_sync.py) and are kept at every level above with the time they came (`received_at`);
the services that close and reopen (rights, fingerprint, audit) are in
`desktop/periods/closing.py`, the upper levels' sums in `desktop/periods/summary.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from db.schema import MEMBER_STATUS

STATES = ("open", "closed", "late", "corrected")
STATE_LABELS = {
    "open": "Chưa chốt",
    "closed": "Đã chốt",
    "late": "Chốt muộn",
    "corrected": "Đã sửa",
}


@dataclass(frozen=True)
class Period:
    id: str
    name: str
    cut_off: date
    due: date


@dataclass(frozen=True)
class Snapshot:
    """One closed version of a unit's figures for a period."""

    period_id: str
    unit_code: str
    version: int
    period_name: str
    cut_off: date
    due: date
    closed_at: str  # ISO time, UTC
    closed_on: date  # the unit's day of closing: later than `due` is late
    closed_by: str
    reason: str | None  # the reopen's reason this version corrects; None for the first
    figures: dict[str, Any]
    fingerprint: str
    reopened_at: str | None
    reopened_by: str | None
    reopen_reason: str | None
    superseded_by: int | None
    received_at: str | None = None  # when it came from below; None: closed here
    closed_site: str | None = None  # the device (site id) that closed it

    @property
    def current(self) -> bool:
        """The version that stands: neither reopened nor replaced."""
        return self.reopened_at is None and self.superseded_by is None

    @property
    def late(self) -> bool:
        return self.closed_on > self.due


# -- the calendar --------------------------------------------------------------------------


def default_periods(year: int) -> list[Period]:
    """The default calendar's two periods of `year`."""
    return [
        Period(f"{year}-H1", f"6 tháng đầu năm {year}", date(year, 6, 30), date(year, 7, 15)),
        Period(f"{year}-Y", f"Cả năm {year}", date(year, 12, 31), date(year + 1, 1, 15)),
    ]


def declared_periods(db: Database) -> list[Period]:
    """The periods declared by the centre and stored here, by cut-off."""
    return [
        Period(r[0], r[1], date.fromisoformat(r[2]), date.fromisoformat(r[3]))
        for r in db.execute("SELECT id, name, cut_off, due FROM periods ORDER BY cut_off, id")
    ]


def calendar_version(db: Database) -> int:
    """The version of the centre's calendar held here; 0 when none came yet."""
    row = db.execute("SELECT MAX(version) FROM period_calendar").fetchone()
    return int(row[0] or 0)


def calendar_document(db: Database) -> dict[str, Any] | None:
    """The newest signed calendar held here, as it came (it travels down as it is)."""
    row = db.execute(
        "SELECT document FROM period_calendar ORDER BY version DESC LIMIT 1"
    ).fetchone()
    return json.loads(row[0]) if row else None


def store_calendar(
    db: Database, version: int, document: dict[str, Any], periods: list[Period], at: str
) -> None:
    """Keep a newer calendar: its periods replace the declared ones (the document is whole).
    In the caller's transaction."""
    db.execute(
        "INSERT INTO period_calendar (version, document) VALUES (?, ?)",
        [version, json.dumps(document, ensure_ascii=False, sort_keys=True)],
    )
    db.execute("DELETE FROM periods")
    db.conn.executemany(
        "INSERT INTO periods (id, name, cut_off, due, declared_at) VALUES (?, ?, ?, ?, ?)",
        [(p.id, p.name, p.cut_off.isoformat(), p.due.isoformat(), at) for p in periods],
    )


def _held(db: Database, unit_code: str | None) -> list[tuple[Period, bool]]:
    """The periods snapshots were closed for (by `unit_code`, or by anyone), each with whether
    a version of it stands; without reading the figures (an upper level holds thousands)."""
    sql = (
        "SELECT period_id, MAX(period_name), MAX(cut_off), MAX(due), "
        "MAX(reopened_at IS NULL AND superseded_by IS NULL) FROM period_snapshots"
    )
    params: list[str] = []
    if unit_code is not None:
        sql += " WHERE unit_code = ?"
        params.append(unit_code)
    return [
        (Period(r[0], r[1], date.fromisoformat(r[2]), date.fromisoformat(r[3])), bool(r[4]))
        for r in db.execute(sql + " GROUP BY period_id", params)
    ]


def current_period(db: Database, today: date, unit_code: str | None = None) -> Period:
    """The period a unit reports for on `today`: the last one whose cut-off has come, while its
    due date has not passed (closed or not: a closed one can still be reopened), or after it
    while it is not closed (overdue) — unless the unit began keeping its book here after that
    due date and has closed no earlier period (a unit that came later is not held to it); else
    the one with the next cut-off."""
    periods = _calendar(db, today.year - 1, today.year + 1)
    past = [p for p in periods if p.cut_off <= today]
    if past:
        last = past[-1]
        held = _held(db, unit_code)
        closed = any(p.id == last.id and standing for p, standing in held)
        earlier = any(p.cut_off < last.cut_off for p, _ in held)
        if today <= last.due or (not closed and (earlier or _began(db) <= last.due)):
            return last
    return next((p for p in periods if p.cut_off > today), periods[-1])


def _began(db: Database) -> date:
    """The day this installation began: its first account's (made with the unit)."""
    row = db.execute("SELECT MIN(created_at) FROM accounts").fetchone()
    return date.fromisoformat(row[0][:10]) if row and row[0] else date.max


def periods_until(db: Database, today: date, unit_code: str) -> list[Period]:
    """The periods a unit sees, oldest first: from the first of last year (or the first it has
    closed) up to the current one, and every period it holds a snapshot of."""
    current = current_period(db, today, unit_code)
    held = [p for p, _ in _held(db, unit_code)]
    first_year = min([today.year - 1, *(p.cut_off.year for p in held)])
    periods = [p for p in _calendar(db, first_year, today.year + 1) if p.cut_off <= current.cut_off]
    known = {p.id for p in periods}
    for p in held:  # a snapshot of a period no longer in the calendar stays visible
        if p.id not in known:
            periods.append(p)
            known.add(p.id)
    return sorted(periods, key=lambda p: (p.cut_off, p.id))


def find_period(db: Database, period_id: str, today: date) -> Period | None:
    """A period by id: declared, of the default calendar, or one a snapshot was closed for."""
    for p in declared_periods(db):
        if p.id == period_id:
            return p
    year, _, half = period_id.partition("-")
    if year.isdigit() and len(year) == 4 and half in ("H1", "Y"):
        return default_periods(int(year))[0 if half == "H1" else 1]
    row = db.execute(
        "SELECT period_name, cut_off, due FROM period_snapshots WHERE period_id = ? "
        "ORDER BY unit_code, version LIMIT 1",
        [period_id],
    ).fetchone()
    if row is not None:
        return Period(period_id, row[0], date.fromisoformat(row[1]), date.fromisoformat(row[2]))
    return None


def term_periods(db: Database, first_year: int, last_year: int, today: date) -> list[Period]:
    """The periods whose cut-off falls in `first_year`..`last_year` and has come by `today`
    (declared, or of the default calendar), with every period a snapshot was closed for in
    those years; by cut-off."""
    periods = [
        p
        for p in _calendar(db, first_year, last_year)
        if first_year <= p.cut_off.year <= last_year and p.cut_off <= today
    ]
    known = {p.id for p in periods}
    for p, _ in _held(db, None):
        if p.id not in known and first_year <= p.cut_off.year <= last_year:
            periods.append(p)
            known.add(p.id)
    return sorted(periods, key=lambda p: (p.cut_off, p.id))


def _calendar(db: Database, first_year: int, last_year: int) -> list[Period]:
    """The default calendar of those years with the declared periods standing over it."""
    by_id = {p.id: p for y in range(first_year, last_year + 1) for p in default_periods(y)}
    by_id.update({p.id: p for p in declared_periods(db)})
    return sorted(by_id.values(), key=lambda p: (p.cut_off, p.id))


# -- snapshots -----------------------------------------------------------------------------

_COLUMNS = (
    "period_id, unit_code, version, period_name, cut_off, due, closed_at, closed_on, closed_by, "
    "reason, figures, fingerprint, reopened_at, reopened_by, reopen_reason, superseded_by, "
    "received_at, closed_site"
)


def standing_snapshots(db: Database, period_id: str) -> dict[str, Snapshot]:
    """The version that stands, per unit, of every snapshot held for the period."""
    return {s.unit_code: s for s in snapshots(db, period_id=period_id, standing_only=True)}


def snapshots(
    db: Database,
    *,
    unit_code: str | None = None,
    period_id: str | None = None,
    standing_only: bool = False,
) -> list[Snapshot]:
    """Every stored version, by unit, period and version."""
    sql = f"SELECT {_COLUMNS} FROM period_snapshots WHERE 1"
    params: list[str] = []
    if unit_code is not None:
        sql += " AND unit_code = ?"
        params.append(unit_code)
    if period_id is not None:
        sql += " AND period_id = ?"
        params.append(period_id)
    if standing_only:
        sql += " AND reopened_at IS NULL AND superseded_by IS NULL"
    return [
        Snapshot(
            r[0],
            r[1],
            r[2],
            r[3],
            date.fromisoformat(r[4]),
            date.fromisoformat(r[5]),
            r[6],
            date.fromisoformat(r[7]),
            r[8],
            r[9],
            json.loads(r[10]),
            r[11],
            r[12],
            r[13],
            r[14],
            r[15],
            r[16],
            r[17],
        )
        for r in db.execute(sql + " ORDER BY unit_code, cut_off, period_id, version", params)
    ]


def state_of(versions: list[Snapshot]) -> str:
    """A period's state at a unit from its versions: `open` (never closed, or reopened and not
    closed again), `corrected` (closed again after a reopen), `late` (closed after the due
    date), `closed`."""
    standing = [s for s in versions if s.current]
    if not standing:
        return "open"
    snap = standing[-1]
    if snap.version > 1:
        return "corrected"
    return "late" if snap.late else "closed"


def insert_snapshot(db: Database, snap: Snapshot) -> None:
    """Write a new version and mark the one it corrects superseded; the caller's transaction."""
    db.execute(
        f"INSERT INTO period_snapshots ({_COLUMNS}) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            snap.period_id,
            snap.unit_code,
            snap.version,
            snap.period_name,
            snap.cut_off.isoformat(),
            snap.due.isoformat(),
            snap.closed_at,
            snap.closed_on.isoformat(),
            snap.closed_by,
            snap.reason,
            json.dumps(snap.figures, ensure_ascii=False, sort_keys=True),
            snap.fingerprint,
            snap.reopened_at,
            snap.reopened_by,
            snap.reopen_reason,
            None,
            snap.received_at,
            snap.closed_site,
        ],
    )
    db.execute(
        "UPDATE period_snapshots SET superseded_by = ? WHERE unit_code = ? AND period_id = ? "
        "AND version < ? AND superseded_by IS NULL",
        [snap.version, snap.unit_code, snap.period_id, snap.version],
    )


def mark_reopened(db: Database, snap: Snapshot, at: str, by: str, reason: str) -> None:
    """Mark the standing version reopened; the caller's transaction."""
    db.execute(
        "UPDATE period_snapshots SET reopened_at = ?, reopened_by = ?, reopen_reason = ? "
        "WHERE unit_code = ? AND period_id = ? AND version = ?",
        [at, by, reason, snap.unit_code, snap.period_id, snap.version],
    )


# -- the counts a snapshot keeps -------------------------------------------------------------

_BELOW = """
WITH RECURSIVE below(code) AS (
    SELECT :root
    UNION
    SELECT u.code FROM units u JOIN below b ON u.parent_code = b.code WHERE u.is_deleted = 0
)
"""


def headline_counts(db: Database, root: str) -> dict[str, Any]:
    """The counts the reports print, over the unit and every unit below it: branches, branch
    heads, members (all, and by status; no status recorded counts as active), cadres, active
    models and online channels."""
    scope = "is_deleted = 0 AND unit_code IN (SELECT code FROM below)"
    params = {"root": root}
    counts: dict[str, Any] = {}
    for name, table, extra in (
        ("branches", "branches", ""),
        ("branch_heads", "branch_heads", ""),
        ("members", "members", ""),
        ("cadres", "cadres", ""),
        ("models", "models", " AND IFNULL(status, 'active') = 'active'"),
        ("channels", "online_channels", ""),
    ):
        sql = f"SELECT COUNT(*) FROM [{table}] WHERE {scope}{extra}"
        counts[name] = int(db.execute(_BELOW + sql, params).fetchone()[0] or 0)
    by_status = dict.fromkeys(MEMBER_STATUS, 0)
    for status, n in db.execute(
        _BELOW + f"SELECT IFNULL(status, 'active'), COUNT(*) FROM members WHERE {scope} GROUP BY 1",
        params,
    ):
        by_status[status] = by_status.get(status, 0) + int(n)
    counts["members_by_status"] = by_status
    return counts
