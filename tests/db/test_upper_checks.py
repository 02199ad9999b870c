"""Checks across units (db/upper_checks.py): a citizen ID live in two communes, communes with no
chair; each one grouped query, a page of findings and their count."""

import pytest

from db.connection import open_memory
from db.store import Store
from db.upper_checks import (
    DuplicateCitizen,
    communes_without_chair,
    duplicate_citizens,
    masked_citizen_id,
    save_duplicates,
    saved_duplicates,
    unit_names,
)

from .conftest import TODAY


@pytest.fixture
def province() -> Store:
    """Province P1 holding the records of its communes C1, C2, C3."""
    s = Store(open_memory(), today=lambda: TODAY)
    s.set_unit("P1")
    s.save("units", {"code": "P1", "name": "Hội LHPN tỉnh Mẫu", "level": "province"})
    for code, name in (("C1", "xã Tân Phú"), ("C2", "xã Hòa Bình"), ("C3", "phường Đông")):
        s.save(
            "units",
            {"code": code, "name": f"Hội LHPN {name}", "level": "commune", "parent_code": "P1"},
            unit_code=code,
        )
    return s


def member(store: Store, unit: str, name: str, cid: str | None, status: str = "active") -> None:
    branch = store.save("branches", {"name": f"Chi hội {unit}"}, unit_code=unit).ids[0]
    values = {"branch_id": branch, "full_name": name, "citizen_id": cid, "status": status}
    store.save("members", values, unit_code=unit)


def test_a_citizen_id_live_in_two_communes_is_found_once_with_both(province):
    member(province, "C1", "Nguyễn Thị Hoa", "001190000001")
    member(province, "C2", "Nguyễn Thị Hoa", "001190000001")
    member(province, "C3", "Trần Thị Mai", "001190000002")  # alone: fine
    member(province, "C1", "Lê Thị Cúc", "001190000003", status="moved")  # released by C1 …
    member(province, "C2", "Lê Thị Cúc", "001190000003")  # … and active in C2: fine
    member(province, "C3", "Phạm Thị Dung", None)
    found = duplicate_citizens(province.db)
    assert found.total == 1
    assert found.items == [DuplicateCitizen("001190000001", ("C1", "C2"))]


def test_findings_are_a_page_with_the_whole_count(province):
    for n in range(5):
        cid = f"0011900000{n + 10}"
        member(province, "C1", "Nguyễn Thị Hoa", cid)
        member(province, "C3", "Nguyễn Thị Hoa", cid)
    found = duplicate_citizens(province.db, limit=2)
    assert found.total == 5
    assert [d.citizen_id for d in found.items] == ["001190000010", "001190000011"]


def test_communes_below_with_no_live_chair(province):
    province.save("cadres", {"full_name": "Võ Thị Giang", "position": "chair"}, unit_code="C1")
    gone = province.save(
        "cadres", {"full_name": "Đỗ Thị Hạnh", "position": "chair"}, unit_code="C2"
    ).ids[0]
    province.delete("cadres", gone)
    province.save("cadres", {"full_name": "Lý Thị Lan", "position": "vice_chair"}, unit_code="C3")
    found = communes_without_chair(province.db, "P1")
    assert (found.items, found.total) == (["C2", "C3"], 2)
    assert communes_without_chair(province.db, "P1", limit=1).items == ["C2"]
    assert communes_without_chair(province.db, "C1").items == []


def test_names_and_masked_citizen_ids(province):
    assert unit_names(province.db, ["C2", "C9"]) == {"C2": "Hội LHPN xã Hòa Bình"}
    assert masked_citizen_id("001190000123") == "•••••••••123"


def test_the_duplicates_kept_serve_until_a_record_changes(province):
    member(province, "C1", "Nguyễn Thị Hoa", "001190000001")
    member(province, "C2", "Nguyễn Thị Hoa", "001190000001")
    version = province.db_version
    assert saved_duplicates(province.db, version) is None  # nothing kept yet
    found = duplicate_citizens(province.db)
    assert save_duplicates(province.db, version, found)
    assert saved_duplicates(province.db, version) == found
    assert saved_duplicates(province.db, version, limit=1).items == found.items[:1]
    assert saved_duplicates(province.db, version, limit=51) is None  # kept with fewer
    member(province, "C3", "Nguyễn Thị Hoa", "001190000001")  # a record changed
    assert province.db_version != version
    assert saved_duplicates(province.db, province.db_version) is None
    again = duplicate_citizens(province.db)
    assert save_duplicates(province.db, province.db_version, again)
    assert saved_duplicates(province.db, province.db_version).items == [
        DuplicateCitizen("001190000001", ("C1", "C2", "C3"))
    ]
