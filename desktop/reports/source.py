"""Where a report's data comes from: a signed-in session (checked for the "report" right) or an
open database, and the facts about a unit every report prints (its record, parent, chairwoman).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from db.store import Store, read_state
from desktop.reports.output import ReportError
from desktop.security.accounts import PermissionDenied
from desktop.security.session import Session

# A Session (the UI and the CLI: the account needs the "report" right), a Store, or an open
# Database (tests, benchmarks, tools working on a copy).
ReportSource = Session | Store | Database


def open_source(source: ReportSource, unit_code: str | None = None) -> tuple[Database, str]:
    """The database and the unit a report is about (default: the installation's own unit).

    ReportError when the account may not print reports, when the unit is neither this one nor
    below it, or when the database belongs to no unit yet.
    """
    if isinstance(source, Session):
        try:
            source.require("report")
        except PermissionDenied as exc:
            raise ReportError(str(exc)) from exc
        source = source.store
    if isinstance(source, Store):
        root = unit_code or source.unit_code
        if root is None:
            raise ReportError("Cơ sở dữ liệu này chưa gắn với đơn vị nào; chưa có gì để báo cáo.")
        if unit_code and unit_code not in source.descendant_units():
            raise ReportError(
                f"Đơn vị {unit_code} không phải đơn vị này hay một đơn vị cấp dưới của nó."
            )
        return source.db, root
    root = unit_code or read_state(source, "unit_code")
    if not root:
        raise ReportError("Cơ sở dữ liệu này chưa gắn với đơn vị nào; chưa có gì để báo cáo.")
    return source, root


@dataclass(frozen=True)
class UnitFacts:
    """A unit's own record as reports print it (any field may be unknown)."""

    code: str
    name: str
    level: str | None = None
    parent_code: str | None = None
    admin_area_code: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    has_dedicated_computer: int | None = None
    has_internet: int | None = None
    uses_union_software: int | None = None


def rows(db: Database, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    """The rows of a query as dictionaries by column name."""
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def unit_facts(db: Database, code: str) -> UnitFacts:
    """The live record of unit `code` (its own row first); only the code when it has none."""
    found = rows(
        db,
        "SELECT * FROM units WHERE code = ? AND is_deleted = 0 "
        "ORDER BY unit_code = code DESC, db_version DESC LIMIT 1",
        [code],
    )
    if not found:
        return UnitFacts(code=code, name=f"Đơn vị {code}")
    r = found[0]
    fields: dict[str, Any] = {k: r.get(k) for k in UnitFacts.__dataclass_fields__}
    fields["name"] = r.get("name") or f"Đơn vị {code}"
    return UnitFacts(**fields)


def unit_name(db: Database, code: str) -> str | None:
    """The recorded name of unit `code`, or None when this database does not know it."""
    row = db.execute(
        "SELECT name FROM units WHERE code = ? AND is_deleted = 0 AND name IS NOT NULL "
        "ORDER BY unit_code = code DESC LIMIT 1",
        [code],
    ).fetchone()
    return row[0] if row else None


def chair_name(db: Database, code: str) -> str:
    """The full name of the unit's chairwoman (position `chair`), or "" when none is recorded."""
    row = db.execute(
        "SELECT full_name FROM cadres WHERE unit_code = ? AND is_deleted = 0 "
        "AND position = 'chair' AND full_name IS NOT NULL ORDER BY db_version DESC LIMIT 1",
        [code],
    ).fetchone()
    return row[0] if row else ""
