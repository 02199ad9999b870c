"""Who has closed a period below an upper level, read without the figures (`upper_progress`):
the same states and counts as the sums' `upper_summary`, each commune tied to its province at
the centre; the periods declared for later are listed as upcoming."""

from __future__ import annotations

from datetime import date

import pytest

from db.periods import Period
from desktop.periods.closing import (
    PeriodError,
    close_period,
    upcoming_periods,
    upper_progress,
    upper_summary,
)
from desktop.sync.calendar import declare
from desktop.sync.export import export_up

from .sync_helpers import add_members, import_files, template, world  # noqa: F401  (fixtures)

TODAY = date(2026, 7, 10)


@pytest.fixture
def w(world, tmp_path):  # noqa: F811
    for code in ("TW", "20", "06001", "06002"):
        world[code].store.today = lambda: TODAY
    add_members(world["06001"], 2)
    close_period(world["06001"], "2026-H1")
    assert import_files(world["20"], *export_up(world["06001"], tmp_path / "a").paths).ok
    close_period(world["20"], "2026-H1")
    assert import_files(world["TW"], *export_up(world["20"], tmp_path / "b").paths).ok
    return world


def _states(units):
    return [(u.code, u.state, u.version, u.communes, u.communes_closed) for u in units]


@pytest.mark.parametrize("code", ["20", "TW"])
def test_progress_says_what_the_summary_says_without_the_figures(w, code):
    progress = upper_progress(w[code], "2026-H1")
    summary = upper_summary(w[code], "2026-H1")
    assert _states(progress.communes) == _states(summary.communes)
    assert _states(progress.below) == _states(summary.below)
    assert progress.closed == summary.closed == 1
    assert [u.code for u in progress.not_closed] == [u.code for u in summary.not_closed]
    assert not hasattr(progress, "indicators")


def test_at_the_centre_each_commune_names_its_province(w):
    progress = upper_progress(w["TW"], "2026-H1")
    parents = {u.code: u.parent_code for u in progress.communes}
    assert parents["06001"] == "20"
    assert set(parents.values()) <= {u.code for u in progress.below}
    province = upper_progress(w["20"], "2026-H1")
    assert {u.parent_code for u in province.communes} == {"20"}
    with pytest.raises(PeriodError):
        upper_progress(w["06001"], "2026-H1")


def test_a_period_declared_for_later_is_upcoming(w):
    survey = Period("2026-KS", "Khảo sát tháng 9/2026", date(2026, 9, 30), date(2026, 10, 10))
    declare(w["TW"], survey)
    assert upcoming_periods(w["TW"]) == [survey]
    w["TW"].store.today = lambda: date(2026, 10, 1)  # its cut-off has come: it is current
    assert upcoming_periods(w["TW"]) == []
