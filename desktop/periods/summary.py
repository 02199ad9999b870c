"""A period at an upper level: the sum of the closed snapshots of the communes below, never of
live data, with every unit that has not closed listed and counted.

Each commune's standing snapshot (the version neither reopened nor replaced) is the figure it
signed off; summing numerators and denominators (never percentages) gives the figures of any
level above it, the same whichever level sums them. A commune not closed adds nothing to a sum
and is named in `not_closed`; one that reopened its period and has not closed again counts as not
closed. The units directly below (a province's communes; the centre's provinces) are listed with
their own state for the period: a province's is its own close (desktop/periods/closing.py), with
how many of its communes closed. Who has closed, without the sums (`period_progress`), reads no
figures: the units page and the overview's line ask it for every province or commune below.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from db.indicators import INDICATOR_IDS, Indicator, make_indicator, term_targets
from db.periods import Period, Snapshot, standing_snapshots
from desktop.units.catalogue import CENTRAL_CODE
from desktop.units.table import below_units


@dataclass
class UnitPeriod:
    """One unit below, as the period stands for it."""

    code: str
    name: str
    level: str
    state: str  # open, closed, late, corrected (db.periods.STATES)
    version: int | None = None  # the standing version
    closed_on: date | None = None
    communes: int = 0  # for a unit above communes: its communes …
    communes_closed: int = 0  # … and how many of them closed
    parent_code: str = ""  # a commune: the unit directly above it (its province)
    reported: bool = False  # has sent at least one file here (or relayed through its province)


@dataclass
class PeriodProgress:
    """Who has closed a period below a unit: every commune, and every unit directly below."""

    period: Period
    root: str
    communes: list[UnitPeriod]
    below: list[UnitPeriod] = field(default_factory=list)

    @property
    def not_closed(self) -> list[UnitPeriod]:
        """The communes whose figures are not in the sums."""
        return [u for u in self.communes if u.state == "open"]

    @property
    def closed(self) -> int:
        return len(self.communes) - len(self.not_closed)


@dataclass
class PeriodSummary(PeriodProgress):
    """A period summed over the communes below a unit."""

    indicators: list[Indicator] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)
    summed: dict[str, Snapshot] = field(default_factory=dict)  # the snapshots in the sums

    def figures(self) -> dict[str, Any]:
        """What an upper level's own close freezes: the sums, and who was missing."""
        return {
            "as_of": self.period.cut_off.isoformat(),
            "indicators": [i.as_dict() for i in self.indicators],
            "counts": self.counts,
            "not_closed": [u.code for u in self.not_closed],
        }

    def as_dict(self) -> dict[str, Any]:
        """`sohoi indicators --period --json` at an upper level."""
        return {
            "period": {
                "id": self.period.id,
                "name": self.period.name,
                "cut_off": self.period.cut_off.isoformat(),
                "due": self.period.due.isoformat(),
            },
            "indicators": [i.as_dict() for i in self.indicators],
            "communes": len(self.communes),
            "closed": self.closed,
            "not_closed": [{"code": u.code, "name": u.name} for u in self.not_closed],
        }


def _states(db: Database, period_id: str) -> dict[str, tuple[str, int | None, date | None]]:
    """Per unit holding a snapshot of the period: (state, standing version, day closed)."""
    versions: dict[str, list[tuple[int, date, date, bool]]] = defaultdict(list)
    for unit, version, closed_on, due, standing in db.execute(
        "SELECT unit_code, version, closed_on, due, "
        "reopened_at IS NULL AND superseded_by IS NULL FROM period_snapshots "
        "WHERE period_id = ? ORDER BY unit_code, version",
        [period_id],
    ):
        versions[unit].append(
            (version, date.fromisoformat(closed_on), date.fromisoformat(due), bool(standing))
        )
    out: dict[str, tuple[str, int | None, date | None]] = {}
    for unit, held in versions.items():
        standing = [v for v in held if v[3]]
        if not standing:
            out[unit] = ("open", None, None)
            continue
        version, closed_on, due, _ = standing[-1]
        state = "corrected" if version > 1 else ("late" if closed_on > due else "closed")
        out[unit] = (state, version, closed_on)
    return out


def period_progress(db: Database, root: str, period: Period) -> PeriodProgress:
    """Every commune below `root` and every unit directly below it, with its state for the
    period; no figure is read. The units below are those of the catalogue and those known here
    (desktop/units/table.py), so a commune that never sent anything is listed as not closed."""
    states = _states(db, period.id)
    sent = {r[0] for r in db.execute("SELECT DISTINCT unit_code FROM ledger WHERE kind = 'up'")}

    def unit(code: str, name: str, level: str) -> UnitPeriod:
        state, version, closed_on = states.get(code, ("open", None, None))
        return UnitPeriod(code, name, level, state, version, closed_on, reported=code in sent)

    level, names = below_units(db, root)
    below = [unit(c, names[c], level[c] or "") for c in sorted(names)]
    communes: list[UnitPeriod] = []
    for group in below:
        if group.level == "commune" or (group.level == "" and root != CENTRAL_CODE):
            group.level = "commune"
            communes.append(group)
            continue
        _, sub_names = below_units(db, group.code)
        for code in sorted(sub_names):
            commune = unit(code, sub_names[code], "commune")
            commune.parent_code = group.code
            communes.append(commune)
            group.communes += 1
            group.communes_closed += commune.state != "open"
    for commune in communes:
        commune.parent_code = commune.parent_code or root
    return PeriodProgress(period, root, communes, below)


def period_summary(db: Database, root: str, period: Period) -> PeriodSummary:
    """The period summed over the communes below `root` (`period_progress`: who closed), with
    the root's targets."""
    progress = period_progress(db, root, period)
    standing = standing_snapshots(db, period.id)
    summed = {c.code: standing[c.code] for c in progress.communes if c.code in standing}
    indicators, counts = sum_snapshots(summed.values(), term_targets(db, root), period)
    return PeriodSummary(
        period,
        root,
        progress.communes,
        progress.below,
        indicators=indicators,
        counts=counts,
        summed=summed,
    )


def sum_snapshots(
    held: Iterable[Snapshot], targets: Mapping[str, float | int | None], period: Period
) -> tuple[list[Indicator], dict[str, Any]]:
    """The indicators (numerators and denominators summed, never percentages; `targets`
    against them) and the counts of the snapshots `held`, as of the period's cut-off."""
    totals: dict[str, list[int]] = {i: [0, 0] for i in INDICATOR_IDS}
    counts: dict[str, Any] = {}
    for snap in held:
        for ind in snap.figures["indicators"]:
            total = totals.get(ind["id"])
            if total is not None:
                total[0] += ind["numerator"]
                total[1] += ind["denominator"] or 0
        _add_counts(counts, snap.figures.get("counts", {}))
    indicators = [
        make_indicator(
            i,
            totals[i][0],
            None if i.startswith("channels_") else totals[i][1],
            targets.get(i),
            period.cut_off,
        )
        for i in INDICATOR_IDS
    ]
    return indicators, counts


def is_upper_unit(db: Database, code: str) -> bool:
    """Whether unit `code`, as recorded here, is above communes (its periods are sums)."""
    row = db.execute(
        "SELECT level FROM units WHERE code = ? AND is_deleted = 0 "
        "ORDER BY unit_code = code DESC LIMIT 1",
        [code],
    ).fetchone()
    return row is not None and row[0] not in (None, "commune")


def _add_counts(into: dict[str, Any], counts: dict[str, Any]) -> None:
    for name, value in counts.items():
        if isinstance(value, dict):
            _add_counts(into.setdefault(name, {}), value)
        elif isinstance(value, int):
            into[name] = into.get(name, 0) + value
