"""A period at the centre (issue #16): the sum of the nation's 3,321 communes' closed snapshots,
every unit below listed with its state, against the floor of any design that reads frozen
figures: reading and parsing those same snapshots once, in the same run.

Goal (docs/PERFORMANCE.md, "Reporting periods"): the centre's period summary within 3× that
floor; and taking a commune's snapshots from a package costs ≤ 5 ms a snapshot.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, date, datetime

from db.connection import open_database
from db.indicators import INDICATOR_IDS, compute_indicators
from db.period_sync import merge_snapshots, snapshot_line
from db.periods import Snapshot, default_periods, headline_counts, insert_snapshot
from desktop.periods.summary import period_summary
from desktop.units import catalogue

from .conftest import best_of, timed

GOAL_RATIO = 3.0
GOAL_MS_PER_SNAPSHOT = 5.0
PERIOD = default_periods(2026)[0]


def _figures(db, rng: random.Random) -> dict:
    indicators = [i.as_dict() for i in compute_indicators(db, "TW", as_of=PERIOD.cut_off)]
    for ind in indicators:
        den = None if ind["id"].startswith("channels_") else rng.randint(1, 40)
        ind["denominator"] = den
        ind["numerator"] = rng.randint(0, den or 9)
    counts = headline_counts(db, "TW")
    counts["members"] = rng.randint(500, 9000)
    return {"as_of": PERIOD.cut_off.isoformat(), "indicators": indicators, "counts": counts}


def _snapshot(code: str, figures: dict, version: int = 1) -> Snapshot:
    return Snapshot(
        PERIOD.id,
        code,
        version,
        PERIOD.name,
        PERIOD.cut_off,
        PERIOD.due,
        datetime(2026, 7, 10, tzinfo=UTC).isoformat(),
        date(2026, 7, 10),
        "admin",
        None,
        figures,
        "0123456789ab",
        None,
        None,
        None,
        None,
        received_at="2026-07-20T00:00:00+00:00",
    )


def test_a_period_summed_at_the_centre(tmp_path, report):
    rng = random.Random(16)
    db = open_database(tmp_path / "centre.db")
    communes = [c.code for p in catalogue.provinces() for c in catalogue.communes(p.code)]
    assert len(communes) == 3321
    with db.atomic():
        for code in communes:
            insert_snapshot(db, _snapshot(code, _figures(db, rng)))

    def floor() -> int:
        rows = db.execute(
            "SELECT figures FROM period_snapshots WHERE period_id = ? "
            "AND reopened_at IS NULL AND superseded_by IS NULL",
            [PERIOD.id],
        ).fetchall()
        return sum(len(json.loads(r[0])["indicators"]) for r in rows)

    base, read = best_of(3, floor)
    took, summary = best_of(3, lambda: period_summary(db, "TW", PERIOD))
    assert read == 3321 * len(INDICATOR_IDS)
    assert summary.closed == 3321 and len(summary.below) == 34
    ratio = took / base
    report.add(
        f"period summary at the centre, 3,321 communes: {took * 1000:.0f} ms, "
        f"{ratio:.2f}× reading the snapshots ({base * 1000:.0f} ms); goal ≤ {GOAL_RATIO}×"
    )
    assert ratio <= GOAL_RATIO

    # A commune's package: 10 periods' snapshots, taken at the level above.
    lines = []
    for year in range(2022, 2027):
        for p in default_periods(year):
            snap = replace(
                _snapshot("99999", _figures(db, rng)),
                period_id=p.id,
                period_name=p.name,
                cut_off=p.cut_off,
                due=p.due,
                closed_on=p.due,
            )
            lines.append(snapshot_line(snap))
    with timed() as t, db.atomic():
        stored = merge_snapshots(
            db, lines, signer_unit="99999", today=date(2027, 1, 20), received_at="x"
        )
    per = t["s"] * 1000 / len(lines)
    report.add(f"snapshots taken from a package: {per:.2f} ms each; goal ≤ {GOAL_MS_PER_SNAPSHOT}")
    assert stored.stored == len(lines) and per <= GOAL_MS_PER_SNAPSHOT
    db.close()
