#!/usr/bin/env python3
"""Render the first page of each printed report to PNG for docs/REPORTS.md.

    .venv/bin/python scripts/render_report_pages.py [--out docs/reports] [--scale 1.4] [--only NAME]

Makes, in a temporary folder: the demo commune (2,000 members, seed 1) for the unit report, the
roster and (two periods closed) the period comparison; a province of the real communes of Lạng
Sơn with generated figures for the summary, and with their closed snapshots of four periods
(most on time, a few late, one corrected, some never closed; the figures of earlier periods a
little lower) for the period summary and the province's period comparison; an enrolment sheet
from plain values. Deterministic for the same code (fixed days and seeds), so the pictures
change only when the reports do.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdfium2
import vietnam_provinces as vp
from sqlite_utils import Database

from db.connection import open_database
from db.indicators import compute_indicators, make_indicator
from db.periods import (
    Period,
    Snapshot,
    default_periods,
    headline_counts,
    insert_snapshot,
    mark_reopened,
)
from db.schema import KEY_COLUMNS, SYNC_COLUMNS, TABLES
from db.store import write_states
from desktop.demo.unit import create_demo
from desktop.periods.closing import close_period
from desktop.periods.summary import period_summary
from desktop.reports.enrolment import enrolment_sheet
from desktop.reports.output import ReportResult
from desktop.reports.period_report import periods_report
from desktop.reports.period_summary_report import period_summary_report
from desktop.reports.roster import member_roster
from desktop.reports.summary_report import summary_report
from desktop.reports.unit_report import unit_report

DAY = date(2025, 10, 1)
NOW = datetime(2025, 10, 1, 9, 30)
PROVINCE = 20  # Lạng Sơn
ROOT = Path(__file__).resolve().parent.parent


def _insert(db: Database, table: str, rows: list[dict]) -> None:
    cols = (*KEY_COLUMNS, *TABLES[table].field_names, *SYNC_COLUMNS)
    marks = ", ".join("?" * len(cols))
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
        [
            tuple({"is_deleted": 0, "db_version": 1, "clocks": "{}", **r}.get(c) for c in cols)
            for r in rows
        ],
    )


def province_database(path: Path) -> tuple[Database, dict[str, tuple[date, int]]]:
    """Lạng Sơn's 65 communes with figures shaped like the national ones, and who reported."""
    rng = random.Random(20)
    uid = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))  # noqa: E731
    db = open_database(path)
    province = vp.Province.from_code(PROVINCE)  # type: ignore[arg-type]  # stub says ProvinceCode; a plain int works
    units: list[dict[str, Any]] = [
        {
            "id": uid(),
            "unit_code": "TW",
            "code": "TW",
            "name": "Hội LHPN Việt Nam",
            "level": "central",
        },
        {
            "id": uid(),
            "unit_code": "20",
            "code": "20",
            "name": f"Hội LHPN {province.name[0].lower()}{province.name[1:]}",
            "level": "province",
            "parent_code": "TW",
        },
    ]
    rows: dict[str, list[dict]] = {"branches": [], "branch_heads": [], "cadres": [], "models": []}
    rows["members"] = []
    reporting: dict[str, tuple[date, int]] = {}
    wards = sorted(
        (w for w in vp.Ward.iter_all() if w.province_code.value == PROVINCE),
        key=lambda w: w.code.value,
    )
    for ward in wards:
        code = f"{ward.code.value:05d}"
        kind, _, rest = ward.name.partition(" ")
        units.append(
            {
                "id": uid(),
                "unit_code": code,
                "code": code,
                "name": f"Hội LHPN {kind.lower()} {rest}",
                "level": "commune",
                "parent_code": "20",
                "has_dedicated_computer": int(rng.random() < 0.93),
                "has_internet": int(rng.random() < 0.95),
                "uses_union_software": int(rng.random() < 0.98),
            }
        )
        for position in ("chair", "vice_chair", "standing_committee", "executive_committee"):
            rows["cadres"].append(
                {
                    "id": uid(),
                    "unit_code": code,
                    "full_name": "Hoàng Thị Mai",
                    "position": position,
                    "software_proficient": int(rng.random() < 0.97),
                }
            )
        kinds = ["one_plus_one"] * (rng.random() < 0.95)
        kinds += ["three_have_three_know"] * (rng.random() < 0.83)
        kinds += ["special_members"] * (rng.random() < 0.5)
        for kind_id in kinds:
            rows["models"].append(
                {"id": uid(), "unit_code": code, "kind": kind_id, "name": "Mô hình"}
            )
        for _ in range(rng.randint(8, 26)):
            branch = uid()
            rows["branches"].append(
                {"id": branch, "unit_code": code, "name": "Chi hội", "uses_social_media": 1}
            )
            party = rng.random() < 0.45
            rows["branch_heads"].append(
                {
                    "id": uid(),
                    "unit_code": code,
                    "branch_id": branch,
                    "full_name": "Lò Thị Hoa",
                    "is_party_member": int(party),
                    "party_development": rng.choice(["none", "trained", "introduced"])
                    if not party
                    else "none",
                    "monthly_allowance": int(rng.random() < 0.97),
                    "allowance_source": "local_budget",
                }
            )
            rows["members"] += [
                {"id": uid(), "unit_code": code, "branch_id": branch, "full_name": "Vi Thị Lan"}
                for _ in range(rng.randint(60, 260))
            ]
        if rng.random() < 0.8:
            reporting[code] = (DAY - timedelta(days=rng.randint(0, 45)), rng.randint(1, 30))
    with db.atomic():
        _insert(db, "units", units)
        for table, table_rows in rows.items():
            _insert(db, table, table_rows)
        write_states(db, {"unit_code": "20"})
    return db, reporting


# (period, how many communes closed it, of which late) of the province's picture; one of the
# communes closing 2025-H1 corrects it (version 2). The earlier periods are a little lower.
CLOSES = (("2023-Y", 12, 0), ("2024-H1", 31, 2), ("2024-Y", 52, 3), ("2025-H1", 50, 4))


def _snapshot(
    code: str, period_id: str, version: int, closed_on: date, figures: dict, rng: random.Random
) -> Snapshot:
    period = _period(period_id)
    return Snapshot(
        period_id=period_id,
        unit_code=code,
        version=version,
        period_name=period.name,
        cut_off=period.cut_off,
        due=period.due,
        closed_at=f"{closed_on.isoformat()}T02:00:00+00:00",
        closed_on=closed_on,
        closed_by="admin",
        reason="Bổ sung chi hội mới thành lập" if version > 1 else None,
        figures=figures,
        fingerprint=f"{rng.getrandbits(48):012x}",
        reopened_at=None,
        reopened_by=None,
        reopen_reason=None,
        superseded_by=None,
        received_at=f"{(closed_on + timedelta(days=2)).isoformat()}T03:00:00+00:00",
    )


def _period(period_id: str) -> Period:
    """A period of the default calendar by id (`2025-H1`, `2024-Y`)."""
    year, _, half = period_id.partition("-")
    return default_periods(int(year))[0 if half == "H1" else 1]


def _figures(db: Database, code: str, period_id: str, lower: float, rng: random.Random) -> dict:
    """The commune's figures as of the period's cut-off, the counts of people `lower` fewer."""
    period = _period(period_id)
    indicators = []
    for ind in compute_indicators(db, code, as_of=period.cut_off):
        numerator = ind.numerator
        if ind.kind == "percent" and lower and numerator:
            numerator = max(0, numerator - round(numerator * lower * rng.random()))
        made = make_indicator(ind.id, numerator, ind.denominator, ind.target, period.cut_off)
        indicators.append(made.as_dict())
    return {
        "as_of": period.cut_off.isoformat(),
        "indicators": indicators,
        "counts": headline_counts(db, code),
    }


def close_periods(db: Database) -> None:
    """The communes' closed snapshots as the province received them (see CLOSES), and the
    province's own close of 2024-Y."""
    rng = random.Random(16)
    codes = [r[0] for r in db.execute("SELECT code FROM units WHERE level = 'commune'")]
    with db.atomic():
        for k, (period_id, closing, late) in enumerate(CLOSES):
            period = _period(period_id)
            lower = 0.12 * (len(CLOSES) - 1 - k)
            for n, code in enumerate(sorted(rng.sample(sorted(codes), closing))):
                if n < late:
                    day = period.due + timedelta(days=3)
                else:
                    day = period.cut_off + timedelta(days=rng.randint(1, 14))
                figures = _figures(db, code, period_id, lower, rng)
                snap = _snapshot(code, period_id, 1, day, figures, rng)
                insert_snapshot(db, snap)
                if period_id == "2025-H1" and n == late:  # reopened, corrected a week later
                    at = f"{(day + timedelta(days=5)).isoformat()}T02:00:00+00:00"
                    mark_reopened(db, snap, at, "admin", "Bổ sung chi hội mới thành lập")
                    again = day + timedelta(days=7)
                    insert_snapshot(db, _snapshot(code, period_id, 2, again, figures, rng))
        period = _period("2024-Y")
        own = period_summary(db, "20", period).figures()
        snap = _snapshot("20", "2024-Y", 1, period.due, own, rng)
        insert_snapshot(db, replace(snap, received_at=None))


def page_png(pdf: Path, png: Path, scale: float, containing: str | None = None) -> int:
    """Render the first page (or the first one whose text has `containing`); its number."""
    document = pypdfium2.PdfDocument(str(pdf))
    pages = range(len(document))
    index = 0
    if containing:
        index = next(n for n in pages if containing in document[n].get_textpage().get_text_range())
    document[index].render(scale=scale).to_pil().save(png, optimize=True)
    document.close()
    return index + 1


def _periods(session: Any, out: Path) -> ReportResult:
    """Close 2024-Y, add three branches on social media, close 2025-H1 (2024-H1 stays open)."""
    store = session.store
    store.today = lambda: date(2025, 1, 6)
    close_period(session, "2024-Y")
    for n in range(3):
        store.save("branches", {"name": f"Chi hội Mới {n + 1}", "uses_social_media": True})
    store.today = lambda: date(2025, 7, 4)
    close_period(session, "2025-H1")
    store.today = lambda: DAY
    return periods_report(session, out, now=NOW)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "reports")
    parser.add_argument("--scale", type=float, default=1.4, help="1.0 = 72 dpi (default 1.4)")
    parser.add_argument(
        "--only", metavar="NAME", help="render only this picture (unit, periods, summary, …)"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        session = create_demo(work / "demo", members=2000, seed=1, today=DAY)
        made = {
            "unit": unit_report(session, work / "unit.pdf", now=NOW),
            "roster": member_roster(session, work / "roster.pdf", now=NOW),
        }
        made["periods"] = _periods(session, work / "periods.pdf")
        session.close()
        db, reporting = province_database(work / "province.db")
        made["summary"] = summary_report(db, work / "summary.pdf", reporting=reporting, now=NOW)
        close_periods(db)
        made["period-summary"] = period_summary_report(
            db, work / "period-summary.pdf", "2025-H1", now=NOW
        )
        made["periods-province"] = periods_report(
            db, work / "periods-province.pdf", today=DAY, now=NOW
        )
        db.close()
        made["enrolment"] = enrolment_sheet(
            work / "enrolment.pdf",
            unit_code="06076",
            unit_name="Hội LHPN xã Quý Hòa",
            fingerprint="K7QM-2XAB-P9DF-W3HT-R4NE",
            parent_name="Hội LHPN tỉnh Lạng Sơn",
            parent_code="20",
            now=NOW,
        )
        pictures: list[tuple[str, ReportResult, str | None]] = [
            (name, result, None) for name, result in made.items()
        ]
        pictures.append(("summary-table", made["summary"], "SỐ LIỆU TỪNG CƠ SỞ HỘI"))
        pictures.append(("periods-charts", made["periods"], "BIỂU ĐỒ TỪNG CHỈ TIÊU"))
        pictures.append(
            ("period-summary-table", made["period-summary"], "TÌNH HÌNH CHỐT SỐ LIỆU VÀ")
        )
        pictures.append(
            # a page of charts only (the first has the end of the table): a chart's title
            (
                "periods-province-charts",
                made["periods-province"],
                "Chi hội trưởng được hỗ trợ hàng tháng",
            )
        )
        for name, result, containing in pictures:
            if args.only and name != args.only:
                continue
            png = args.out / f"{name}.png"
            page = page_png(result.path, png, args.scale, containing)
            print(f"{png}: page {page} of {result.pages}")


if __name__ == "__main__":
    main()
