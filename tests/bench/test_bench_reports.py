"""PDF reports against their goals (docs/PERFORMANCE.md; issue "Printed reports").

Unit report of a 2,000-member demo commune ≤ 1 s; province summary of 3,321 communes ≤ 10 s;
roster of 20,000 members ≤ 10 s. Each is the whole service call: queries, layout, fonts
embedded, the PDF written atomically. Times are the best of a few runs, printed with their
ratio to the goal.
"""

import uuid
from datetime import date, timedelta

from db.connection import open_database
from desktop.demo.unit import create_demo
from desktop.reports.roster import member_roster
from desktop.reports.summary_report import summary_report
from desktop.reports.unit_report import unit_report

from .conftest import best_of
from .rows import member_rows
from .test_bench_indicators import _insert, build_province

TODAY = date(2025, 10, 1)


def _line(report, what: str, seconds: float, goal: float, pages: int) -> None:
    report.add(
        f"{what}: {seconds * 1000:.0f} ms for {pages} pages = {seconds / goal:.2f}× "
        f"the {goal:g} s goal"
    )


def test_unit_report_of_a_commune(tmp_path, report):
    session = create_demo(tmp_path / "demo", members=2000, today=TODAY)
    seconds, result = best_of(3, lambda: unit_report(session, tmp_path / "unit.pdf"))
    session.close()
    _line(report, "unit report, 2,000-member commune", seconds, 1.0, result.pages)
    assert seconds <= 1.0


def test_summary_of_3321_communes(tmp_path, report):
    db = build_province(tmp_path / "p.db")
    reporting = {
        f"C{c:05d}": (TODAY - timedelta(days=c % 40), c % 9 + 1) for c in range(0, 3321, 3)
    }
    seconds, result = best_of(
        2, lambda: summary_report(db, tmp_path / "summary.pdf", unit_code="P", reporting=reporting)
    )
    _line(report, "summary of 3,321 communes (83,025 heads)", seconds, 10.0, result.pages)
    assert result.pages > 50
    assert seconds <= 10.0


def test_roster_of_20000_members(tmp_path, report):
    db = open_database(tmp_path / "r.db")
    branches = [
        {"id": str(uuid.UUID(int=b + 1, version=4)), "unit_code": "C1", "name": f"Chi hội {b}"}
        for b in range(90)
    ]
    members = member_rows(20_000, "C1")
    for n, m in enumerate(members):
        m.pop("table")
        m["special_groups"] = None
        m["branch_id"] = branches[n % len(branches)]["id"]
    with db.atomic():
        unit = {"id": "u", "unit_code": "C1", "code": "C1", "name": "Hội LHPN xã Thử"}
        _insert(db, "units", [{**unit, "level": "commune", "parent_code": "P"}])
        _insert(db, "branches", branches)
        _insert(db, "members", members)
        db.execute("INSERT INTO sync_state (key, value) VALUES ('unit_code', 'C1')")
    seconds, result = best_of(2, lambda: member_roster(db, tmp_path / "roster.pdf"))
    _line(report, "roster of 20,000 members in 90 branches", seconds, 10.0, result.pages)
    assert result.pages > 400
    assert seconds <= 10.0
