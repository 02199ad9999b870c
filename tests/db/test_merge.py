"""Per-field last-writer-wins merge between replicas."""

import itertools
import json

import pytest

from db.clock import HybridClock
from db.connection import open_memory
from db.merge import MergeRejected, export_rows, merge_rows
from db.store import Change, Store

from .conftest import TODAY

NOW_MS = 1_780_000_000_000


def replica(unit="C1", *, site=None, now=NOW_MS):
    s = Store(open_memory(), today=lambda: TODAY, clock=HybridClock(now_ms=lambda: now))
    if site:
        s.site_id = site
    s.set_unit(unit)
    return s


def state(store, table="members"):
    return store.db.execute(
        f"SELECT id, full_name, phone, citizen_id, is_deleted FROM {table} ORDER BY id"
    ).fetchall()


def sync(src, dst, since=0):
    with dst.db.atomic():
        return merge_rows(
            dst,
            export_rows(src, since_version=since, units={"C1"}),
            allowed_units={"C1"},
            now_ms=NOW_MS,
        )


@pytest.fixture
def pair():
    a, b = replica(site="aaaa"), replica(site="bbbb", now=NOW_MS - 5000)  # b's clock is slow
    a.save("units", {"code": "C1", "name": "Xã A", "level": "commune", "parent_code": "P"})
    branch = a.save("branches", {"name": "Chi hội Ấp 1"}).ids[0]
    member = a.save(
        "members", {"branch_id": branch, "full_name": "Lê Thị Hoa", "phone": "0912345678"}
    ).ids[0]
    sync(a, b)
    return a, b, member


def test_rows_travel_and_merge_is_idempotent(pair):
    a, b, _ = pair
    assert state(a) == state(b)
    again = sync(a, b)
    assert again.inserted == again.updated == 0 and again.unchanged > 0


def test_concurrent_edits_of_different_fields_both_survive(pair):
    a, b, m = pair
    a.save("members", {"phone": "0987654321"}, id=m)
    b.save("members", {"full_name": "Lê Thị Hoà"}, id=m)
    sync(a, b)
    sync(b, a)
    assert state(a) == state(b)
    assert state(a)[0][1:3] == ("Lê Thị Hoà", "0987654321")


def test_the_later_stamp_wins_even_from_a_slow_clock(pair):
    a, b, m = pair
    a.save("members", {"phone": "0911111111"}, id=m)
    sync(a, b)  # b's clock moves past a's stamp on import
    b.save("members", {"phone": "0922222222"}, id=m)
    sync(b, a)
    assert state(a)[0][2] == state(b)[0][2] == "0922222222"


def test_delete_wins_and_blanks_personal_fields_everywhere(pair):
    a, b, m = pair
    b.save("members", {"citizen_id": "001185000123", "full_name": "Lê Thị Hoa"}, id=m)
    a.delete("members", m)
    sync(a, b)
    sync(b, a)
    assert state(a) == state(b)
    assert state(a)[0][1:] == (None, None, None, 1)


def test_order_and_duplicates_do_not_change_the_result():
    a = replica(site="aaaa")
    a.save("units", {"code": "C1", "name": "Xã A", "level": "commune", "parent_code": "P"})
    branch = a.save("branches", {"name": "Chi hội Ấp 1"}).ids[0]
    m = a.save("members", {"branch_id": branch, "full_name": "Lê Thị Hoa"}).ids[0]
    batches = []
    for phone in ("0911111111", "0922222222", "0933333333"):
        since = a.db_version
        a.save("members", {"phone": phone}, id=m)
        batches.append(export_rows(a, since_version=since, units={"C1"}))
    first = export_rows(a, since_version=0, units={"C1"})
    results = set()
    for order in itertools.permutations([first, *batches]):
        b = replica(site="bbbb")
        for batch in (*order, first):
            with b.db.atomic():
                merge_rows(b, json.loads(json.dumps(batch)), allowed_units={"C1"}, now_ms=NOW_MS)
        results.add(tuple(state(b)))
    assert results == {tuple(state(a))}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r.update(table="secrets"), "bảng không được phép"),
        (lambda r: r["values"].update(password="x"), "trường không được phép"),
        (lambda r: r.update(unit_code="C9"), "không thuộc người gửi"),
        (lambda r: r["values"].update(full_name=12), "sai kiểu"),
        (lambda r: r["clocks"].update({"*": ["x", "s"]}), "dấu thời gian"),
    ],
)
def test_malformed_rows_are_rejected_before_anything_is_written(pair, mutate, message):
    a, b, _ = pair
    rows = export_rows(a, since_version=0, units={"C1"})
    mutate(rows[-1])
    before = state(b)
    with pytest.raises(MergeRejected) as exc, b.db.atomic():
        merge_rows(b, rows, allowed_units={"C1"}, now_ms=NOW_MS)
    assert message in str(exc.value)
    assert state(b) == before


def test_changes_from_more_than_a_day_ahead_are_quarantined(pair):
    _, b, _ = pair
    future = replica(site="ffff", now=NOW_MS + 3 * 86_400_000)
    future.save("units", {"code": "C1", "name": "Xã A", "level": "commune", "parent_code": "P"})
    rows = export_rows(future, since_version=0, units={"C1"})
    with b.db.atomic():
        result = merge_rows(b, rows, allowed_units={"C1"}, now_ms=NOW_MS)
    assert result.quarantined == 1 and result.updated == 0
    assert b.db.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 1
    assert b.clock.last < (NOW_MS + 86_400_000) << 16


def test_rows_are_held_to_the_write_path_rules(pair):
    import unicodedata

    a, b, m = pair
    a.save("members", {"full_name": "Lê Thị Ánh"}, id=m)
    rows = export_rows(a, since_version=0, units={"C1"})
    (member,) = [r for r in rows if r["table"] == "members"]
    member["values"]["full_name"] = unicodedata.normalize("NFD", " Lê  Thị Ánh ")
    extra = json.loads(json.dumps(member))
    extra["id"] = "6b1f0c1e-0000-4000-8000-000000000001"
    extra["values"].update(status="bogus", full_name="Lò Thị Xuân")
    with b.db.atomic():
        result = merge_rows(b, [*rows, extra], allowed_units={"C1"}, now_ms=NOW_MS)
    assert result.quarantined == 1 and result.updated == 1
    assert b.get("members", m)["full_name"] == "Lê Thị Ánh"  # stored clean (NFC, spaces)
    assert b.get("members", extra["id"]) is None
    assert b.db.execute("SELECT tbl, row_id, unit_code, reason FROM quarantine").fetchall() == [
        ("members", extra["id"], "C1", "hội viên — Tình trạng: giá trị không có trong danh mục.")
    ]


def test_a_branch_counts_wherever_it_is_in_the_package():
    a = replica(site="aaaa")
    a.save("units", {"code": "C1", "name": "Xã A", "level": "commune", "parent_code": "P"})
    branch = a.save("branches", {"name": "Chi hội Ấp 1"}).ids[0]
    a.write(
        [
            Change("members", {"branch_id": branch, "full_name": f"Lê Thị Hoa {i}"})
            for i in range(1200)
        ]
    )
    rows = export_rows(a, since_version=0, units={"C1"})
    rows.sort(key=lambda r: r["table"] != "members")  # members first, their branch last
    b = replica(site="bbbb")
    with b.db.atomic():
        result = merge_rows(b, rows, allowed_units={"C1"}, now_ms=NOW_MS)
    # Members in the branch's chunk wait for it; those of earlier chunks find no branch yet.
    assert result.inserted + result.quarantined == len(rows)
    (why,) = b.db.execute("SELECT DISTINCT reason FROM quarantine").fetchone()
    assert why == "hội viên — Chi hội: không tìm thấy chi hội này."
    assert result.inserted > 1 and result.quarantined == 1000
