import json

import pytest

from db.clock import HybridClock
from db.connection import open_memory
from db.store import Change, Store, unit_row_id
from db.validation import ValidationError

from .conftest import TODAY

ANH = {"full_name": "Nguyễn Thị Ánh", "birth_date": "1985-03-02", "citizen_id": "001185000123"}


def rows(store, table):
    return store.db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def test_insert_stores_normalised_values_and_stamps_clocks(store, branch):
    result = store.save(
        "members",
        {
            **ANH,
            "branch_id": branch,
            "phone": "+84 912.345.678",
            "full_name": "  Nguyễn   Thị Ánh ",
        },
    )
    assert result.count("insert") == 1
    row = store.get("members", result.ids[0])
    assert row["full_name"] == "Nguyễn Thị Ánh"
    assert row["phone"] == "0912345678"
    assert row["unit_code"] == "C1"
    assert row["db_version"] == result.db_version == store.db_version
    clocks = json.loads(row["clocks"])
    assert list(clocks) == ["*"]
    hlc, site = clocks["*"]
    assert site == store.site_id and hlc > 0


def test_update_stamps_only_changed_fields(store, branch):
    row_id = store.save("members", {**ANH, "branch_id": branch}).ids[0]
    before = json.loads(store.get("members", row_id)["clocks"])
    result = store.save(
        "members", {"phone": "0987654321", "full_name": "Nguyễn Thị Ánh"}, id=row_id
    )
    assert result.changes[0].fields == ("phone",)
    clocks = json.loads(store.get("members", row_id)["clocks"])
    assert clocks["*"] == before["*"]
    assert clocks["phone"][0] > before["*"][0]


def test_unchanged_write_is_no_change(store, branch):
    row_id = store.save("members", {**ANH, "branch_id": branch}).ids[0]
    version = store.db_version
    result = store.save("members", {"full_name": "Nguyễn Thị Ánh"}, id=row_id)
    assert result.changes == [] and result.unchanged == 1
    assert store.db_version == version


def test_delete_blanks_personal_fields(store, branch):
    row_id = store.save(
        "members",
        {
            **ANH,
            "branch_id": branch,
            "religion": "Phật giáo",
            "ethnicity": "Kinh",
            "card_number": "A12",
        },
    ).ids[0]
    result = store.delete("members", row_id)
    assert result.changes[0].op == "delete"
    assert store.get("members", row_id) is None
    tomb = store.get("members", row_id, include_deleted=True)
    assert tomb["is_deleted"] == 1
    for f in ("full_name", "birth_date", "citizen_id", "ethnicity", "religion"):
        assert tomb[f] is None
    assert tomb["card_number"] == "A12"
    assert "is_deleted" in json.loads(tomb["clocks"])


def test_rejected_batch_changes_nothing(store, branch):
    before = {t: rows(store, t) for t in ("members", "branches", "sync_state")}
    changes = [
        Change("members", {**ANH, "branch_id": branch}),
        Change("branches", {"name": "Chi hội Thôn Tây"}),
        Change(
            "members",
            {"full_name": "Lê Thị Hoa", "branch_id": branch, "phone": "12"},
            location="dòng 3",
        ),
    ]
    with pytest.raises(ValidationError) as exc:
        store.write(changes)
    assert str(exc.value.problems[0]) == (
        "dòng 3, hội viên “Lê Thị Hoa” — Số điện thoại: số điện thoại Việt Nam phải có dạng "
        "0xxxxxxxxx (10 chữ số; chấp nhận +84, dấu cách, dấu chấm)."
    )
    assert {t: rows(store, t) for t in before} == before


def test_citizen_id_unique_within_unit_also_inside_one_batch(store, branch):
    store.save("members", {**ANH, "branch_id": branch})
    with pytest.raises(ValidationError) as exc:
        store.save("members", {**ANH, "full_name": "Trần Thị Bình", "branch_id": branch})
    assert exc.value.problems[0].rule == "unique"
    assert "hội viên “Nguyễn Thị Ánh”" in exc.value.problems[0].message
    other = {**ANH, "citizen_id": "001185000999"}
    with pytest.raises(ValidationError):
        store.write(
            [
                Change("members", {**other, "branch_id": branch}),
                Change("members", {**other, "full_name": "Lê Thị Cúc", "branch_id": branch}),
            ]
        )
    # The same person may be both a member and a branch head.
    assert store.save("branch_heads", {**ANH, "branch_id": branch}).count("insert") == 1


def test_reference_must_exist_in_the_same_unit(store):
    with pytest.raises(ValidationError) as exc:
        store.save("members", {**ANH, "branch_id": "8d4e7ee0-190a-4625-91f7-4016dfc516ea"})
    assert exc.value.problems[0].rule == "ref"


def test_branch_in_use_cannot_be_deleted(store, branch):
    store.save("members", {**ANH, "branch_id": branch})
    with pytest.raises(ValidationError) as exc:
        store.delete("branches", branch)
    assert exc.value.problems[0].rule == "in_use"
    assert store.get("branches", branch) is not None


def test_rows_of_other_units_are_refused(store, branch):
    with pytest.raises(ValidationError) as exc:
        store.save("members", {**ANH, "branch_id": branch}, unit_code="C2")
    assert exc.value.problems[0].rule == "ownership"


def test_an_upper_level_may_write_for_units_below_it():
    s = Store(open_memory(), today=lambda: TODAY)
    s.set_unit("P1")
    s.write(
        [
            Change(
                "units",
                {"code": "P1", "name": "Hội LHPN tỉnh A", "level": "province", "parent_code": "TW"},
            ),
            Change(
                "units",
                {"code": "C9", "name": "Hội LHPN xã B", "level": "commune", "parent_code": "P1"},
            ),
            Change("branches", {"name": "Chi hội Ấp 1"}, unit_code="C9"),
        ]
    )
    assert s.descendant_units() == {"P1", "C9"}
    assert s.db.execute("SELECT unit_code FROM branches").fetchone()[0] == "C9"


def test_unit_ids_derive_from_the_code(store):
    assert store.get("units", unit_row_id("C1"))["name"] == "Hội LHPN xã Tân Phú"


def test_clock_state_survives_reopening(tmp_path):
    from db.connection import open_database

    path = tmp_path / "u.db"
    s = Store(open_database(path), today=lambda: TODAY)
    s.set_unit("C1")
    s.save("units", {"code": "C1", "name": "Xã A", "level": "commune", "parent_code": "P"})
    last, site, version = s.clock.last, s.site_id, s.db_version
    s.db.close()
    # A wall clock that went back a day still issues later stamps.
    again = Store(open_database(path), clock=HybridClock(now_ms=lambda: 0))
    assert (again.site_id, again.db_version, again.unit_code) == (site, version, "C1")
    assert again.clock.tick() > last


def test_large_batch_flushes_and_stays_consistent(store, branch):
    changes = [
        Change(
            "members",
            {
                "full_name": f"Hội Viên {i}",
                "branch_id": branch,
                "citizen_id": f"001185{i:06d}",
                "birth_date": "1985",
            },
        )
        for i in range(5000)
    ]
    result = store.write(changes)
    assert result.count("insert") == 5000
    n, distinct = store.db.execute(
        "SELECT count(*), count(DISTINCT citizen_id) FROM members"
    ).fetchone()
    assert n == distinct == 5000
    with pytest.raises(ValidationError):
        store.write(
            [
                Change(
                    "members",
                    {
                        "full_name": "Trùng",
                        "branch_id": branch,
                        "citizen_id": "001185000007",
                        "birth_date": "1985",
                    },
                )
            ]
        )


def _domain_rows(store):
    return {t: rows(store, t) for t in ("branches", "members", "sync_state")}


def test_a_full_disk_saves_nothing_and_says_so(store, branch):
    from db.store import StorageError

    before = _domain_rows(store)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk fills up mid-batch
    changes = [
        Change("members", {"full_name": f"Hội Viên {i}", "branch_id": branch, "note": "x" * 500})
        for i in range(3000)
    ]
    with pytest.raises(StorageError) as exc:
        store.write(changes)
    assert "Ổ đĩa đã đầy" in str(exc.value)
    assert _domain_rows(store) == before
    version = store.db_version
    store.db.execute("PRAGMA max_page_count = 1073741823")
    assert store.save("branches", {"name": "Chi hội Mới"}).db_version == version + 1


def test_a_read_only_medium_saves_nothing_and_says_so(store, branch):
    from db.store import StorageError

    before = _domain_rows(store)
    store.db.execute("PRAGMA query_only = ON")
    with pytest.raises(StorageError) as exc:
        store.save("members", {"full_name": "Lê Thị Hoa", "branch_id": branch})
    assert "chỉ cho phép đọc" in str(exc.value)
    store.db.execute("PRAGMA query_only = OFF")
    assert _domain_rows(store) == before


def test_the_store_keeps_its_own_state(tmp_path):
    """Clock, version and site id move only through Store's methods, and persist."""
    from db.clock import DAY_MS
    from db.connection import open_database

    now = 1_780_000_000_000
    path = tmp_path / "u.db"
    s = Store(open_database(path), today=lambda: TODAY, clock=HybridClock(now_ms=lambda: now))
    ahead = (now + DAY_MS + 1) << 16
    # A stamp more than a day ahead of the wall clock (the clock's, or the one given) is
    # refused; the clock does not move.
    assert s.clock.too_far_ahead(ahead)
    with pytest.raises(ValueError):
        s.advance_clock(ahead)
    assert s.clock.last < ahead
    assert not s.clock.too_far_ahead(ahead, now_ms=now + 2)
    s.advance_clock(ahead, now_ms=now + 2)
    assert s.clock.last == ahead
    version = s.next_version()
    assert version == s.db_version + 1
    with s.db.atomic():
        s.commit_version(version)
    assert s.db_version == version
    # A new site id is adopted only once the caller's transaction is committed.
    old = s.site_id
    with pytest.raises(RuntimeError), s.new_site_id() as site:
        assert site != old
        raise RuntimeError
    assert s.site_id == old
    with s.new_site_id() as site:
        pass
    assert s.site_id == site != old
    s.db.close()
    again = Store(open_database(path), clock=HybridClock(now_ms=lambda: now))
    assert (again.site_id, again.db_version, again.clock.last) == (site, version, ahead)
