"""Periods across levels: closed snapshots travel up signed in packages and are summed at the
province (never live data), corrections supersede, damaged or out-of-order snapshots are refused
with the file unchanged; the centre's calendar travels down and reaches the communes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from db.periods import Period, find_period, snapshots
from desktop.periods.closing import (
    PeriodError,
    close_period,
    missing_below,
    period_views,
    reopen_period,
    upper_summary,
)
from desktop.sync.calendar import CalendarError, declare
from desktop.sync.export import export_down, export_up
from desktop.sync.identity import b64, canonical

from .sync_helpers import (  # noqa: F401  (fixtures)
    add_members,
    craft,
    import_files,
    snapshot,
    template,
    world,
    write,
)

TODAY = date(2026, 7, 10)


@pytest.fixture
def w(world):  # noqa: F811
    for code in ("TW", "20", "21", "06001", "06002", "07001"):
        world[code].store.today = lambda: TODAY
    return world


def _by_id(indicators):
    return {i.id if hasattr(i, "id") else i["id"]: i for i in indicators}


def _send(w, tmp_path, commune, province="20", name="stick"):
    paths = export_up(w[commune], tmp_path / f"{name}-{commune}").paths
    result = import_files(w[province], *paths)
    assert result.ok, [v.reason for v in result.verdicts]
    return paths


def test_closed_snapshots_travel_up_and_sum_at_the_province(w, tmp_path):
    add_members(w["06001"], 3)
    add_members(w["06002"], 2)
    close_period(w["06001"], "2026-H1")
    _send(w, tmp_path, "06001")
    _send(w, tmp_path, "06002")  # sends its data, never closes

    held = snapshots(w["20"].store.db, unit_code="06001")
    assert [(s.period_id, s.version) for s in held] == [("2026-H1", 1)]
    assert held[0].received_at is not None
    assert held[0].figures == snapshots(w["06001"].store.db)[0].figures

    summary = upper_summary(w["20"], "2026-H1")
    assert summary.counts["members"] == 3  # 06001's closed figure; 06002's live 2 not in it
    not_closed = {u.code for u in summary.not_closed}
    # Every commune of the province in the catalogue is listed, whether or not it ever sent.
    assert "06002" in not_closed and "06001" not in not_closed
    assert len(summary.communes) >= 65 and summary.closed == 1
    assert len(not_closed) == len(summary.communes) - 1
    states = {u.code: u.state for u in summary.below}
    assert (states["06001"], states["06002"]) == ("closed", "open")
    members = _by_id(summary.indicators)
    mine = _by_id(snapshots(w["06001"].store.db)[0].figures["indicators"])
    for ind_id, ind in members.items():
        assert ind.numerator == mine[ind_id]["numerator"], ind_id
        assert ind.denominator == mine[ind_id]["denominator"], ind_id
    assert {u.code for u in missing_below(w["20"], "2026-H1")} == not_closed


def test_the_province_sum_is_the_sum_of_its_communes(w, tmp_path):
    add_members(w["06001"], 3)
    add_members(w["06002"], 4)
    for code in ("06001", "06002"):
        close_period(w[code], "2026-H1")
        _send(w, tmp_path, code)
    add_members(w["06001"], 5, prefix="Sau kỳ")  # after the close: not in any sum
    _send(w, tmp_path, "06001", name="later")
    summary = upper_summary(w["20"], "2026-H1")
    assert summary.closed == 2 and len(summary.not_closed) == len(summary.communes) - 2
    assert summary.counts["members"] == 7
    figures = [snapshots(w[c].store.db)[0].figures["indicators"] for c in ("06001", "06002")]
    for ind in summary.indicators:
        parts = [_by_id(f)[ind.id] for f in figures]
        assert ind.numerator == sum(p["numerator"] for p in parts)
        if ind.denominator is not None:
            assert ind.denominator == sum(p["denominator"] for p in parts)


def test_a_correction_supersedes_at_the_province_and_keeps_history(w, tmp_path):
    add_members(w["06001"], 3)
    close_period(w["06001"], "2026-H1")
    _send(w, tmp_path, "06001")
    reopen_period(w["06001"], "2026-H1", "Sót 2 hội viên")
    _send(w, tmp_path, "06001", name="reopened")
    summary = upper_summary(w["20"], "2026-H1")
    assert "06001" in {u.code for u in summary.not_closed}  # reopened: out of the sum
    add_members(w["06001"], 2, prefix="Bổ sung")
    close_period(w["06001"], "2026-H1")
    _send(w, tmp_path, "06001", name="corrected")

    held = snapshots(w["20"].store.db, unit_code="06001")
    assert [(s.version, s.current, s.superseded_by) for s in held] == [
        (1, False, 2),
        (2, True, None),
    ]
    assert held[0].reopen_reason == "Sót 2 hội viên"
    summary = upper_summary(w["20"], "2026-H1")
    assert summary.counts["members"] == 5
    assert {u.code: u.state for u in summary.below}["06001"] == "corrected"


def test_the_province_closes_its_own_period_and_it_travels_to_the_centre(w, tmp_path):
    add_members(w["06001"], 3)
    close_period(w["06001"], "2026-H1")
    _send(w, tmp_path, "06001")
    snap = close_period(w["20"], "2026-H1")
    assert "06002" in snap.figures["not_closed"] and "06001" not in snap.figures["not_closed"]
    assert snap.figures["counts"]["members"] == 3
    paths = export_up(w["20"], tmp_path / "up-20").paths
    assert import_files(w["TW"], *paths).ok
    at_centre = {s.unit_code: s for s in snapshots(w["TW"].store.db, period_id="2026-H1")}
    assert set(at_centre) == {"06001", "20"}  # the commune's own, from the relayed original
    summary = upper_summary(w["TW"], "2026-H1")
    assert summary.counts["members"] == 3
    below = {u.code: u for u in summary.below}
    assert below["20"].state == "closed"
    assert below["20"].communes_closed == 1 and below["20"].communes >= 65
    assert len(below) >= 34 and len(summary.communes) >= 3321
    assert below["21"].state == "open"


def _tampered(w, tmp_path, change, *, version=None):
    """Commune 06001's next package with its snapshot line altered by `change`."""
    add_members(w["06001"], 1)
    close_period(w["06001"], "2026-H1")
    _send(w, tmp_path, "06001")
    from db.period_sync import snapshot_lines

    lines = snapshot_lines(w["06001"].store.db, "06001")
    change(lines[-1]["snapshot"])
    return craft(w["06001"], lines, seq=50)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda s: s["figures"]["counts"].update(members=999), "khác với bản đã nhận"),
        (lambda s: s.update(unit_code="06002"), "không thuộc người gửi"),
        (lambda s: s.update(period_id="2026-Q9", version=1), "không có ở đơn vị này"),
        (lambda s: s.update(closed_on="2026-06-01", version=2), "chốt trước ngày chốt"),
        (lambda s: s["figures"]["indicators"].pop(), "thiếu các chỉ tiêu"),
        (lambda s: s.update(version="2"), "số lần chốt"),
    ],
)
def test_damaged_or_foreign_snapshots_refuse_the_file_unchanged(w, tmp_path, change, reason):
    raw = _tampered(w, tmp_path, change)
    before = snapshot(w["20"])
    (verdict,) = import_files(w["20"], write(tmp_path / "bad.sohoi", raw)).verdicts
    assert verdict.status == "rejected" and reason in verdict.reason, verdict.reason
    assert snapshot(w["20"]) == before


def test_an_older_snapshot_after_a_newer_one_is_refused(w, tmp_path):
    add_members(w["06001"], 1)
    close_period(w["06001"], "2026-H1")
    from db.period_sync import snapshot_lines

    first = snapshot_lines(w["06001"].store.db, "06001")
    reopen_period(w["06001"], "2026-H1", "Sửa")
    close_period(w["06001"], "2026-H1")
    newest = snapshot_lines(w["06001"].store.db, "06001")[-1:]  # version 2 alone
    assert import_files(w["20"], write(tmp_path / "v2.sohoi", craft(w["06001"], newest, seq=40))).ok
    before = snapshot(w["20"])
    raw = craft(w["06001"], first, seq=41)
    (verdict,) = import_files(w["20"], write(tmp_path / "v1.sohoi", raw)).verdicts
    assert verdict.status == "rejected" and "cũ hơn bản đã nhận" in verdict.reason
    assert snapshot(w["20"]) == before


def test_the_centre_declares_a_period_and_it_reaches_the_communes(w, tmp_path):
    survey = Period("2026-KS", "Khảo sát tháng 9/2026", date(2026, 9, 30), date(2026, 10, 10))
    with pytest.raises(CalendarError):
        declare(w["20"], survey)  # only the centre declares
    declare(w["TW"], survey)
    moved = Period("2026-H1", "6 tháng đầu năm 2026", date(2026, 6, 30), date(2026, 7, 31))
    doc = declare(w["TW"], moved)
    assert doc["version"] == 2
    assert import_files(w["20"], *export_down(w["TW"], tmp_path / "down-tw").paths).ok
    assert import_files(w["06001"], *export_down(w["20"], tmp_path / "down-20").paths).ok
    db = w["06001"].store.db
    assert find_period(db, "2026-KS", TODAY) == survey
    assert find_period(db, "2026-H1", TODAY).due == date(2026, 7, 31)  # over the default
    assert find_period(db, "2026-Y", TODAY) is not None  # the default calendar stays
    views = {v.period.id: v for v in period_views(w["06001"])}
    assert views["2026-H1"].period.due == date(2026, 7, 31)
    # An older calendar coming late changes nothing.
    assert import_files(w["06001"], *export_down(w["20"], tmp_path / "again").paths).ok
    assert find_period(db, "2026-KS", TODAY) == survey


def test_a_calendar_not_signed_by_the_centre_refuses_the_down_package(w, tmp_path):
    from desktop.sync.enrolment import identity

    me = identity(w["20"])
    body = {
        "format": "sohoi-periods",
        "issuer_device": identity(w["TW"]).device_id,
        "version": 9,
        "periods": [{"id": "2026-X", "name": "Giả", "cut_off": "2026-07-01", "due": "2026-07-02"}],
        "issued_at": "2026-07-01T00:00:00+00:00",
    }
    forged = {**body, "signature": b64(me.sign(canonical(body)))}  # the province's key
    raw = craft(w["20"], [], kind="down", recipients=None, manifest={"periods": forged})
    before = snapshot(w["06001"])
    (verdict,) = import_files(w["06001"], write(tmp_path / "down.sohoi", raw)).verdicts
    assert verdict.status == "rejected" and "chữ ký" in verdict.reason, verdict.reason
    assert snapshot(w["06001"]) == before


def test_closing_before_the_cut_off_is_refused_at_an_upper_level_too(w):
    w["20"].store.today = lambda: date(2026, 6, 29)
    with pytest.raises(PeriodError, match="Chưa đến ngày chốt"):
        close_period(w["20"], "2026-H1")
    assert snapshots(w["20"].store.db) == []


def test_snapshot_lines_hold_nothing_but_the_figures(w):
    add_members(w["06001"], 2)
    close_period(w["06001"], "2026-H1")
    from db.period_sync import snapshot_lines

    text = json.dumps(snapshot_lines(w["06001"].store.db, "06001"), ensure_ascii=False)
    assert "Hội viên" not in text  # no member's name, only counts


def test_two_pcs_of_a_commune_closing_the_same_period_do_not_block_each_other(w, tmp_path):
    from .sync_helpers import alarms, second_device

    pc2 = second_device(w, "06001", "06001-pc2")
    pc2.store.today = lambda: TODAY
    add_members(w["06001"], 3)
    add_members(pc2, 1, prefix="Máy hai")
    close_period(w["06001"], "2026-H1")
    close_period(pc2, "2026-H1")
    _send(w, tmp_path, "06001")
    _send(w, tmp_path, "06001-pc2")  # accepted: its members land, its close is kept out
    province = w["20"].store.db
    (members,) = province.execute(
        "SELECT COUNT(*) FROM members WHERE unit_code = '06001' AND is_deleted = 0"
    ).fetchone()
    assert members == 4
    held = snapshots(province, unit_code="06001")
    assert [(s.version, s.figures["counts"]["members"]) for s in held] == [(1, 3)]
    assert [a[3] for a in alarms(w["20"])] == ["period_conflict"]
    # The unit settles it on one PC: reopen, close again; that version supersedes.
    reopen_period(pc2, "2026-H1", "Chốt lại trên máy hai")
    close_period(pc2, "2026-H1")
    _send(w, tmp_path, "06001-pc2", name="again")
    held = snapshots(province, unit_code="06001")
    assert [(s.version, s.current) for s in held] == [(1, False), (2, True)]


def test_a_unit_rewriting_a_version_it_sent_is_refused(w, tmp_path):
    add_members(w["06001"], 2)
    close_period(w["06001"], "2026-H1")
    _send(w, tmp_path, "06001")
    db = w["06001"].store.db
    db.execute("UPDATE period_snapshots SET figures = replace(figures, '\"members\": 2', "
               "'\"members\": 20')")  # fmt: skip
    before = snapshot(w["20"])
    paths = export_up(w["06001"], tmp_path / "rewritten").paths
    (verdict,) = import_files(w["20"], *paths).verdicts
    assert verdict.status == "rejected" and "khác với bản đã nhận" in verdict.reason
    assert snapshot(w["20"]) == before


@pytest.mark.parametrize(
    "counts",
    [["period_snapshots"], {"period_snapshots": "1"}, {"period_snapshots": -1}, {"members": 1}],
)
def test_malformed_snapshot_counts_refuse_the_file_unchanged(w, tmp_path, counts):
    add_members(w["06001"], 1)
    close_period(w["06001"], "2026-H1")
    from db.period_sync import snapshot_lines

    lines = snapshot_lines(w["06001"].store.db, "06001")
    raw = craft(w["06001"], lines, seq=60, manifest={"counts": counts})
    before = snapshot(w["20"])
    (verdict,) = import_files(w["20"], write(tmp_path / "bad.sohoi", raw)).verdicts
    assert verdict.status == "rejected" and verdict.reason, verdict
    assert snapshot(w["20"]) == before
