"""Reporting periods: closing freezes the figures, a correction supersedes and keeps history,
closing before the cut-off is refused with nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from db.indicators import compute_indicators
from db.periods import current_period, default_periods, snapshots
from desktop.installation.setup import NewUnit, create_unit
from desktop.periods.closing import (
    PeriodError,
    close_period,
    current_view,
    frozen_indicators,
    period_views,
    reopen_period,
)
from desktop.security import audit
from desktop.security.session import Session

TODAY = date(2026, 7, 10)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    created = create_unit(
        tmp_path / "unit",
        NewUnit("C1", "Hội LHPN xã Tân Phú", "commune", parent_code="P1"),
        admin_password="mat-khau-thu",
    )
    s = created.session
    s.store.today = lambda: TODAY
    branch = s.store.save("branches", {"name": "Chi hội Thôn Đông", "uses_social_media": True})
    s.store.save(
        "branch_heads",
        {"branch_id": branch.ids[0], "full_name": "Nguyễn Thị Ánh", "is_party_member": True},
    )
    s.store.save("members", {"branch_id": branch.ids[0], "full_name": "Trần Thị Bích"})
    yield s
    s.close()


def _by_id(items: list[dict]) -> dict[str, dict]:
    return {i["id"]: i for i in items}


def test_default_calendar_and_current_period(session: Session) -> None:
    h1, year = default_periods(2026)
    assert (h1.id, h1.name, h1.cut_off, h1.due) == (
        "2026-H1",
        "6 tháng đầu năm 2026",
        date(2026, 6, 30),
        date(2026, 7, 15),
    )
    assert (year.id, year.name, year.cut_off, year.due) == (
        "2026-Y",
        "Cả năm 2026",
        date(2026, 12, 31),
        date(2027, 1, 15),
    )
    db = session.store.db
    assert current_period(db, date(2026, 6, 29)).id == "2026-H1"  # the next cut-off
    assert current_period(db, date(2026, 6, 30)).id == "2026-H1"
    assert current_period(db, date(2026, 7, 15)).id == "2026-H1"
    # The book began here after H1's due date (today, in December): not held to H1.
    assert current_period(db, date(2026, 8, 3)).id == "2026-Y"
    close_period(session, "2026-H1")
    assert current_period(db, date(2026, 7, 15)).id == "2026-H1"  # closed, due not passed
    assert current_period(db, date(2026, 7, 16)).id == "2026-Y"
    assert current_period(db, date(2027, 1, 16)).id == "2026-Y"  # not closed: overdue


def test_a_unit_that_kept_its_book_through_a_period_is_held_to_it_until_closed(
    session: Session,
) -> None:
    db = session.store.db
    db.execute("UPDATE accounts SET created_at = '2026-05-20T08:00:00+00:00'")
    # Late, never closed a period before: H1 stays the current one, to be closed.
    assert current_period(db, date(2026, 7, 16)).id == "2026-H1"
    assert current_period(db, date(2026, 12, 30)).id == "2026-H1"
    assert current_period(db, date(2026, 12, 31)).id == "2026-Y"  # the next cut-off came
    session.store.today = lambda: date(2026, 8, 3)
    assert current_view(session).period.id == "2026-H1"
    close_period(session, "2026-H1")
    assert current_period(db, date(2026, 8, 3)).id == "2026-Y"


def test_closing_freezes_the_figures(session: Session) -> None:
    store = session.store
    snap = close_period(session, "2026-H1")
    assert snap.version == 1 and snap.closed_by == "admin"
    assert snap.figures["counts"]["branches"] == 1
    assert snap.figures["counts"]["members_by_status"]["active"] == 1
    assert len(snap.fingerprint) == 12
    frozen = _by_id(frozen_indicators(session, "2026-H1"))
    assert frozen["branch_heads_party_members"]["numerator"] == 1

    # An edit afterwards: a second head, not a party member.
    branch = store.db.execute("SELECT id FROM branches").fetchone()[0]
    store.save("branch_heads", {"branch_id": branch, "full_name": "Lê Thị Cúc"})
    live = {i.id: i for i in compute_indicators(store.db, "C1", as_of=date(2026, 6, 30))}
    assert (
        live["branch_heads_party_members"].numerator,
        live["branch_heads_party_members"].denominator,
    ) == (1, 2)
    again = _by_id(frozen_indicators(session, "2026-H1"))
    assert again == frozen
    assert (
        again["branch_heads_party_members"]["denominator"],
        again["branch_heads_party_members"]["value"],
    ) == (1, 100.0)
    assert [v.state for v in period_views(session) if v.period.id == "2026-H1"] == ["closed"]
    assert "period_close" in [e.action for e in audit.entries(store.db)]


def test_a_correction_supersedes_and_keeps_history(session: Session) -> None:
    store = session.store
    close_period(session, "2026-H1")
    with pytest.raises(PeriodError, match="đã chốt"):
        close_period(session, "2026-H1")
    with pytest.raises(PeriodError, match="lý do"):
        reopen_period(session, "2026-H1", "   ")
    reopen_period(session, "2026-H1", "Thiếu một chi hội trưởng")
    assert [v.state for v in period_views(session) if v.period.id == "2026-H1"] == ["open"]
    branch = store.db.execute("SELECT id FROM branches").fetchone()[0]
    store.save("branch_heads", {"branch_id": branch, "full_name": "Lê Thị Cúc"})
    second = close_period(session, "2026-H1")
    assert second.version == 2 and second.reason == "Thiếu một chi hội trưởng"
    versions = snapshots(store.db, unit_code="C1", period_id="2026-H1")
    assert [(s.version, s.superseded_by, s.current) for s in versions] == [
        (1, 2, False),
        (2, None, True),
    ]
    assert versions[0].reopen_reason == "Thiếu một chi hội trưởng"
    assert versions[0].figures["counts"]["branch_heads"] == 1  # the old one unchanged
    assert versions[1].figures["counts"]["branch_heads"] == 2
    assert (
        _by_id(frozen_indicators(session, "2026-H1"))["branch_heads_party_members"]["denominator"]
        == 2
    )
    [view] = [v for v in period_views(session) if v.period.id == "2026-H1"]
    assert view.state == "corrected"
    actions = [e.action for e in audit.entries(store.db, newest_first=False)]
    assert [a for a in actions if a.startswith("period_")] == [
        "period_close",
        "period_reopen",
        "period_close",
    ]


def test_closing_before_the_cut_off_is_refused_and_stores_nothing(session: Session) -> None:
    store = session.store
    audits = len(audit.entries(store.db))
    with pytest.raises(PeriodError, match="Chưa đến ngày chốt số liệu"):
        close_period(session, "2026-Y")
    assert snapshots(store.db) == []
    assert len(audit.entries(store.db)) == audits
    assert current_view(session).state == "open"


def test_closing_after_the_due_date_is_late(session: Session) -> None:
    session.store.today = lambda: date(2026, 7, 20)
    close_period(session, "2026-H1")
    assert [v.state for v in period_views(session) if v.period.id == "2026-H1"] == ["late"]


def test_an_unknown_period_is_refused(session: Session) -> None:
    with pytest.raises(PeriodError, match="Không có kỳ báo cáo"):
        close_period(session, "2026-Q3")
    assert snapshots(session.store.db) == []
