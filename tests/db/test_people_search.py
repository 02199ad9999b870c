"""The person search (db/people_search.py): tone-free names, citizen ID, phone; paged by keys;
every name scan an index range, never the table whole."""

import pytest

from db.people_search import Cursor, scans, search_people
from db.store import Store


@pytest.fixture
def people(store: Store, branch: str) -> dict[str, str]:
    names = {
        "hoa": ("Nguyễn Thị Hoa", "001190000001", "0912 345 678"),
        "hoa2": ("Trần Thị Hòa", None, None),
        "anh": ("Nguyễn Thị Ánh", "001190000002", None),
        "dao": ("Đỗ Thị Đào", None, "+84 987 654 321"),
        "nguyet": ("Lê Thị Nguyệt", None, None),
        "gone": ("Nguyễn Thị Hoa Xóa", None, None),
    }
    ids = {}
    for key, (name, cid, phone) in names.items():
        values = {"branch_id": branch, "full_name": name, "citizen_id": cid, "phone": phone}
        ids[key] = store.save("members", values).ids[0]
    store.delete("members", ids.pop("gone"))
    ids["head"] = store.save(
        "branch_heads", {"branch_id": branch, "full_name": "Phạm Thị Hoa"}
    ).ids[0]
    ids["cadre"] = store.save("cadres", {"full_name": "Nguyễn Thị Hoa", "position": "chair"}).ids[0]
    return ids


def names(store: Store, query: str, **kw) -> list[str]:
    return [p.full_name for p in search_people(store.db, query, **kw).people]


def test_by_given_name_then_by_full_name_without_tones(store, people):
    # Given name "hoa" (Hoa, Hòa; not the deleted one), then the heads and cadres.
    assert names(store, "hoa") == [
        "Nguyễn Thị Hoa",
        "Trần Thị Hòa",
        "Phạm Thị Hoa",
        "Nguyễn Thị Hoa",
    ]
    assert names(store, "NGUYEN thi  hoa") == ["Nguyễn Thị Hoa", "Nguyễn Thị Hoa"]
    # Typed given name first: the same.
    assert names(store, "hoa nguyen") == ["Nguyễn Thị Hoa", "Nguyễn Thị Hoa"]
    # "d" finds "đ"; the start of the given name is enough.
    assert names(store, "dao") == ["Đỗ Thị Đào"]
    assert names(store, "do thi dao") == ["Đỗ Thị Đào"]
    assert names(store, "nguy") == ["Lê Thị Nguyệt"]
    assert names(store, "an") == ["Nguyễn Thị Ánh"]


def test_by_citizen_id_or_phone_however_written(store, people):
    assert names(store, "001190000002") == ["Nguyễn Thị Ánh"]
    assert names(store, "0912.345.678") == ["Nguyễn Thị Hoa"]
    assert names(store, "+84987654321") == ["Đỗ Thị Đào"]
    assert names(store, "0000") == []  # neither a citizen ID nor a phone: nothing, no scan


def test_what_is_found_says_where(store, people, branch):
    (person,) = search_people(store.db, "anh").people
    assert person.as_dict() == {
        "table": "members",
        "id": people["anh"],
        "unit_code": "C1",
        "branch_id": branch,
        "full_name": "Nguyễn Thị Ánh",
        "status": None,
    }
    assert person.unit_name == "Hội LHPN xã Tân Phú"
    assert person.branch_name == "Chi hội Thôn Đông"


def test_pages_resume_after_the_last_row_and_cover_everything_once(store, people):
    everything = search_people(store.db, "thi", limit=100).people
    seen, after = [], None
    while True:
        page = search_people(store.db, "thi", limit=2, after=after)
        seen += page.people
        if page.next is None:
            break
        assert isinstance(page.next, Cursor) and len(page.people) == 2
        after = page.next
    assert seen == everything
    assert len({(p.table, p.id) for p in seen}) == len(seen)


def test_a_too_short_query_finds_nobody(store, people):
    assert names(store, "h") == [] and names(store, "  ") == []


@pytest.mark.parametrize("query", ["nguyen thi hoa", "hoa", "001190000001"])
def test_name_scans_walk_an_index(store, people, query):
    plan, params = scans(query)
    for scan in plan:
        sql = (
            f"EXPLAIN QUERY PLAN SELECT rowid FROM [{scan.table}] WHERE {scan.where} "
            f"ORDER BY {scan.key_sql}"
        )
        detail = " ".join(r[3] for r in store.db.conn.execute(sql, params))
        assert "USING INDEX" in detail and "SCAN" not in detail.replace("SCAN USING", ""), detail
