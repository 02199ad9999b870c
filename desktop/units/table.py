"""The units table of an upper level: every unit directly below, its reporting state and its
indicators, for the window's units page, `sohoi units --indicators` and the Excel export.

A province sees its communes, the centre its provinces (and, opening one, that province's
communes). The rows are the units the administrative catalogue puts below (so a commune that
never enrolled nor reported is listed, never silently left out), those enrolled here and those
whose records arrived. Reporting state comes from the ledger (`desktop.sync.status`), per unit
over its devices; indicators from one grouped aggregate per family (`db.indicators`), so the
table costs a handful of queries whatever the number of members below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlite_utils import Database

from db.indicators import Indicator, indicators_by_unit
from desktop.sync.status import reporting_status
from desktop.units import catalogue

STALE_DAYS = 30  # "not reported for 30 days"


@dataclass(frozen=True)
class UnitRow:
    """One unit below, as its upper level follows it."""

    code: str
    name: str
    level: str
    devices: int = 0  # enrolled or reporting devices of the unit
    last_received: str = ""  # ISO time of its newest package; "" when none arrived
    days_since: int | None = None  # days since that package; None when none arrived
    missing_packages: int = 0  # packages not received whose data no later one carried (all devices)
    alarms: int = 0
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def reported(self) -> bool:
        return bool(self.last_received)

    def not_met(self) -> list[Indicator]:
        """The indicators with a target that the unit's value does not reach."""
        return [i for i in self.indicators if i.met is False]

    def stale(self, days: int = STALE_DAYS) -> bool:
        """Nothing received for `days` days (or ever)."""
        return self.days_since is None or self.days_since >= days

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "devices": self.devices,
            "last_received": self.last_received or None,
            "days_since": self.days_since,
            "missing_packages": self.missing_packages,
            "alarms": self.alarms,
            "indicators": [i.as_dict() for i in self.indicators],
        }


def units_table(
    db: Database, root: str, *, today: date | None = None, as_of: date | None = None
) -> list[UnitRow]:
    """The units directly below `root`, in code order, with reporting state and indicators."""
    today = today or datetime.now(UTC).date()
    level, names = below_units(db, root)
    by_unit = indicators_by_unit(db, root, as_of=as_of)
    devices: dict[str, list] = {}
    for status in reporting_status(db, today):
        devices.setdefault(status.unit_code, []).append(status)
    codes = set(names) | set(by_unit)
    return [
        _row(
            code,
            names.get(code) or code,
            level.get(code, ""),
            devices.get(code, []),
            by_unit.get(code, []),
        )
        for code in sorted(codes)
    ]


def unit_reporting(db: Database, code: str, *, today: date | None = None) -> UnitRow:
    """How unit `code` reports (its devices' packages; no indicators): the drill-down's line."""
    statuses = reporting_status(db, today or datetime.now(UTC).date())
    mine = [s for s in statuses if s.unit_code == code]
    return _row(code, code, "", mine, [])


def _row(code: str, name: str, level: str, mine: list, indicators: list[Indicator]) -> UnitRow:
    """A unit's line from the reporting state of its devices (`mine`)."""
    received = [d for d in mine if d.last_received]
    return UnitRow(
        code=code,
        name=name,
        level=level,
        devices=len(mine),
        last_received=max((d.last_received for d in received), default=""),
        days_since=min((d.days_since for d in received), default=None),
        missing_packages=sum(len(d.missing) for d in mine),
        alarms=sum(d.alarms for d in mine),
        indicators=indicators,
    )


def _children(db: Database, root: str) -> set[str]:
    """Units known here to sit directly below `root`: their records, or certificates issued."""
    found = {
        r[0]
        for r in db.execute(
            "SELECT code FROM units WHERE parent_code = ? AND is_deleted = 0 AND code != ?",
            [root, root],
        )
    }
    found |= {
        r[0]
        for r in db.execute(
            "SELECT unit_code FROM certificates WHERE parent_code = ? AND unit_code != ?",
            [root, root],
        )
    }
    return found


def below_units(db: Database, root: str) -> tuple[dict[str, str], dict[str, str]]:
    """(level, name) by code of the units below `root`: the catalogue's, then what is known
    here (a unit's own record names it best)."""
    level: dict[str, str] = {}
    names: dict[str, str] = {}
    lower = "province" if root == catalogue.CENTRAL_CODE else "commune"
    for code, name in catalogue.units_below(root):
        level[code], names[code] = lower, name
    for code in _children(db, root):
        level.setdefault(code, "")
        names.setdefault(code, code)
    for code, name, lvl in db.execute(
        "SELECT code, name, level FROM units WHERE parent_code = ? AND is_deleted = 0 "
        "AND code != ?",
        [root, root],
    ):
        names[code] = name or names.get(code) or code
        level[code] = lvl or level.get(code, "")
    return level, names
