"""Closing and reopening a reporting period at a unit: the services the window and `sohoi period`
share.

Closing freezes the unit's figures (every indicator of db/indicators.py with numerator and
denominator, counted as of the period's cut-off; the headline counts the reports print; the data
fingerprint of desktop/reports/fingerprint.py) in a new version of `period_snapshots`
(db/periods.py), with who closed it and when. Reopening marks the standing version reopened with
the reason typed; closing again writes the next version, which supersedes it. Each close and
reopen is written to the audit log in the same transaction (the period and version, never the
reason: the log holds no typed text).

At a province (or any level above communes) the figures a close freezes are the sum of the
standing snapshots of the communes below (desktop/periods/summary.py), with the communes that
had not closed named in them; the person is warned of those first (`missing_below`).

Admin and entry accounts may close and reopen (the `write` right). Refused, with a Vietnamese
reason and nothing stored: a period not yet at its cut-off date (the store's `today()`, a date,
not a clock), closing a period already closed, reopening one that is not, a reopen without a
reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from db.indicators import compute_indicators
from db.periods import (
    Period,
    Snapshot,
    current_period,
    declared_periods,
    find_period,
    headline_counts,
    insert_snapshot,
    mark_reopened,
    periods_until,
    snapshots,
    state_of,
)
from desktop.periods.summary import (
    PeriodProgress,
    PeriodSummary,
    UnitPeriod,
    is_upper_unit,
    period_progress,
    period_summary,
)
from desktop.reports.fingerprint import data_fingerprint
from desktop.security import audit
from desktop.security.session import Session

MAX_REASON = 500
UPPER_SUMS = (
    "Ở cấp trên, số liệu của một kỳ là tổng số liệu đã chốt của các cơ sở cấp dưới: "
    "dùng báo cáo tổng hợp theo kỳ."
)
UPPER_ONLY = "Tổng hợp theo kỳ chỉ có ở cấp tỉnh và Trung ương."


class PeriodError(Exception):
    """A close or reopen refused; the message is Vietnamese and nothing was stored."""


@dataclass(frozen=True)
class PeriodView:
    """A period as a unit sees it: its state and every version held."""

    period: Period
    state: str
    versions: list[Snapshot]

    @property
    def standing(self) -> Snapshot | None:
        return next((s for s in reversed(self.versions) if s.current), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.period.id,
            "name": self.period.name,
            "cut_off": self.period.cut_off.isoformat(),
            "due": self.period.due.isoformat(),
            "state": self.state,
        }


def is_upper(session: Session) -> bool:
    """Whether this unit is a province, district or the centre (its periods are sums)."""
    return is_upper_unit(session.store.db, session.store.unit_code or "")


def period_views(session: Session) -> list[PeriodView]:
    """Every period the unit sees, oldest first, with its state and versions."""
    store = session.store
    code = store.unit_code or ""
    held = snapshots(store.db, unit_code=code)
    views = []
    for p in periods_until(store.db, store.today(), code):
        versions = [s for s in held if s.period_id == p.id]
        views.append(PeriodView(p, state_of(versions), versions))
    return views


def upcoming_periods(session: Session) -> list[Period]:
    """The periods the centre declared whose cut-off comes after the current period's (a unit
    sees them listed before it reports for them), by cut-off."""
    store = session.store
    current = current_period(store.db, store.today(), store.unit_code or "")
    return [p for p in declared_periods(store.db) if p.cut_off > current.cut_off]


def current_view(session: Session) -> PeriodView:
    store = session.store
    period = current_period(store.db, store.today(), store.unit_code or "")
    return view_of(session, period.id)


def view_of(session: Session, period_id: str) -> PeriodView:
    """One period by id, with its state; PeriodError when there is no such period."""
    store = session.store
    period = find_period(store.db, period_id, store.today())
    if period is None:
        raise PeriodError(f"Không có kỳ báo cáo “{period_id}”.")
    versions = snapshots(store.db, unit_code=store.unit_code or "", period_id=period.id)
    return PeriodView(period, state_of(versions), versions)


def figures_now(session: Session, period: Period) -> dict[str, Any]:
    """The figures a close of `period` would freeze now (the confirmation shows them): at an
    upper level, the sum of the communes' closed snapshots."""
    store = session.store
    code = store.unit_code or ""
    if is_upper(session):
        return period_summary(store.db, code, period).figures()
    indicators = compute_indicators(store.db, code, as_of=period.cut_off)
    return {
        "as_of": period.cut_off.isoformat(),
        "indicators": [i.as_dict() for i in indicators],
        "counts": headline_counts(store.db, code),
    }


def check_can_close(session: Session, period_id: str) -> PeriodView:
    """The period, when this session may close it now; PeriodError (Vietnamese) otherwise."""
    session.require("write")
    view = view_of(session, period_id)
    today = session.store.today()
    if today < view.period.cut_off:
        raise PeriodError(
            f"Chưa đến ngày chốt số liệu: kỳ “{view.period.name}” chốt số liệu đến ngày "
            f"{view.period.cut_off:%d/%m/%Y}, hôm nay là {today:%d/%m/%Y}."
        )
    if view.standing is not None:
        raise PeriodError(
            f"Kỳ “{view.period.name}” đã chốt số liệu; muốn sửa thì mở lại (nêu lý do) trước."
        )
    return view


def close_period(session: Session, period_id: str) -> Snapshot:
    """Freeze the unit's figures for the period as a new version; returns it."""
    view = check_can_close(session, period_id)
    store = session.store
    who = session.account.username
    last = view.versions[-1] if view.versions else None
    snap = Snapshot(
        period_id=view.period.id,
        unit_code=store.unit_code or "",
        version=(last.version + 1) if last else 1,
        period_name=view.period.name,
        cut_off=view.period.cut_off,
        due=view.period.due,
        closed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        closed_on=store.today(),
        closed_by=who,
        reason=last.reopen_reason if last else None,
        figures=figures_now(session, view.period),
        fingerprint=data_fingerprint(store.db),
        reopened_at=None,
        reopened_by=None,
        reopen_reason=None,
        superseded_by=None,
        closed_site=store.site_id,
    )
    with store.db.atomic():
        insert_snapshot(store.db, snap)
        audit.append(
            store.db,
            who,
            "period_close",
            tbl="period_snapshots",
            detail=f"{snap.period_id} v{snap.version}",
        )
    return snap


def reopen_period(session: Session, period_id: str, reason: str) -> Snapshot:
    """Reopen the standing version of a closed period, with the reason the person typed."""
    session.require("write")
    reason = " ".join((reason or "").split())
    if not reason:
        raise PeriodError("Hãy ghi lý do mở lại kỳ báo cáo.")
    if len(reason) > MAX_REASON:
        raise PeriodError(f"Lý do mở lại dài quá {MAX_REASON} ký tự.")
    view = view_of(session, period_id)
    standing = view.standing
    if standing is None:
        raise PeriodError(f"Kỳ “{view.period.name}” chưa chốt số liệu, không có gì để mở lại.")
    store = session.store
    who = session.account.username
    with store.db.atomic():
        mark_reopened(
            store.db, standing, datetime.now(UTC).isoformat(timespec="seconds"), who, reason
        )
        audit.append(
            store.db,
            who,
            "period_reopen",
            tbl="period_snapshots",
            detail=f"{standing.period_id} v{standing.version}",
        )
    return standing


def standing_snapshot(session: Session, period_id: str) -> Snapshot:
    """The standing version of a closed period; PeriodError when the period is not closed, or
    at an upper level (its period is the sum of the units below: `upper_summary`)."""
    if is_upper(session):
        raise PeriodError(UPPER_SUMS)
    view = view_of(session, period_id)
    standing = view.standing
    if standing is None:
        raise PeriodError(f"Kỳ “{view.period.name}” chưa chốt số liệu.")
    return standing


def upper_summary(session: Session, period_id: str) -> PeriodSummary:
    """The period summed over the communes below this upper level; PeriodError at a commune or
    for a period there is no such period."""
    if not is_upper(session):
        raise PeriodError(UPPER_ONLY)
    view = view_of(session, period_id)
    return period_summary(session.store.db, session.store.unit_code or "", view.period)


def upper_progress(session: Session, period_id: str) -> PeriodProgress:
    """Who below this upper level has closed the period, without summing their figures (the
    overview's line, the units page); PeriodError at a commune or for no such period."""
    if not is_upper(session):
        raise PeriodError(UPPER_ONLY)
    view = view_of(session, period_id)
    return period_progress(session.store.db, session.store.unit_code or "", view.period)


def missing_below(session: Session, period_id: str) -> list[UnitPeriod]:
    """At an upper level, the communes below that have not closed the period (the warning
    before its own close); none at a commune."""
    if not is_upper(session):
        return []
    return upper_progress(session, period_id).not_closed


def frozen_indicators(session: Session, period_id: str) -> list[dict[str, Any]]:
    """The indicators as closed for the period (the standing version)."""
    return list(standing_snapshot(session, period_id).figures["indicators"])
