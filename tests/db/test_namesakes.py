"""Possible duplicates (#15): a warning from the write path, never a refusal; and the line that
tells namesakes apart in a confirmation."""

from db.changes import Change
from db.namesakes import identity_line, mask_citizen_id, namesakes, same_birth
from db.store import Store

HUONG = {"full_name": "Nguyễn Thị Hường", "birth_date": "1985-04-12", "joined_on": "2010-03-08"}


def _dup_warnings(result):
    return [w for w in result.warnings if w.rule == "possible_duplicate"]


def test_a_second_namesake_with_the_same_birth_date_is_saved_with_a_warning(store, branch):
    first = store.save("members", {**HUONG, "branch_id": branch}).ids[0]
    again = store.save("members", {**HUONG, "full_name": "nguyễn  thị HƯỜNG", "branch_id": branch})
    assert again.count("insert") == 1  # saved: a warning, not a refusal
    (warning,) = _dup_warnings(again)
    assert warning.severity == "warning"
    assert "Nguyễn Thị Hường" in warning.message
    assert "sinh năm 1985" in warning.message and "Chi hội Thôn Đông" in warning.message
    assert store.get("members", first) is not None


def test_a_year_only_birth_date_matches_the_same_year(store, branch):
    store.save("members", {**HUONG, "birth_date": "1985", "branch_id": branch})
    same_year = store.save("members", {**HUONG, "branch_id": branch})
    assert len(_dup_warnings(same_year)) == 1
    other_year = store.save("members", {**HUONG, "birth_date": "1986-01-01", "branch_id": branch})
    assert _dup_warnings(other_year) == []


def test_different_citizen_ids_or_dates_are_not_duplicates(store, branch):
    store.save("members", {**HUONG, "citizen_id": "001185000011", "branch_id": branch})
    other_cid = store.save("members", {**HUONG, "citizen_id": "001185000022", "branch_id": branch})
    assert _dup_warnings(other_cid) == []
    other_day = store.save("members", {**HUONG, "birth_date": "1985-04-13", "branch_id": branch})
    assert _dup_warnings(other_day) == []
    # An update of the record itself, not touching name or birth date, warns of nothing.
    first = store.save("members", {**HUONG, "branch_id": branch})
    assert len(_dup_warnings(first)) == 2  # no citizen ID: either woman may be her
    update = store.save("members", {"card_number": "123"}, id=first.ids[0])
    assert _dup_warnings(update) == []


def test_a_deleted_namesake_is_no_duplicate(store, branch):
    first = store.save("members", {**HUONG, "branch_id": branch}).ids[0]
    store.delete("members", first)
    assert _dup_warnings(store.save("members", {**HUONG, "branch_id": branch})) == []


def test_namesakes_inside_one_batch_are_warned_of(store, branch):
    result = store.write(
        [
            Change("members", {**HUONG, "branch_id": branch}, location="dòng 2"),
            Change("members", {**HUONG, "branch_id": branch}, location="dòng 3"),
        ]
    )
    assert result.count("insert") == 2
    (warning,) = _dup_warnings(result)
    assert warning.location == "dòng 3"


def test_branch_heads_and_cadres_are_checked_too(store, branch):
    head = {"full_name": "Lê Thị Cúc", "birth_date": "1970-01-02", "branch_id": branch}
    store.save("branch_heads", head)
    assert len(_dup_warnings(store.save("branch_heads", head))) == 1
    cadre = {"full_name": "Võ Thị Giang", "birth_date": "1975", "position": "chair"}
    store.save("cadres", cadre)
    assert len(_dup_warnings(store.save("cadres", {**cadre, "position": "other"}))) == 1


def test_the_lookup_uses_the_name_index(store: Store, branch):
    plan = store.db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM members WHERE given_first(full_name) = ? "
        "AND unit_code = ? AND is_deleted = 0 AND id != ?",
        ["huong nguyen thi", "C1", ""],
    ).fetchall()
    assert any("members_given_key" in str(row) for row in plan)
    assert namesakes(store.db, "branches", "C1", {"name": "x"}, None) == []


def test_identity_line_masks_the_citizen_id(store, branch):
    record = {**HUONG, "citizen_id": "001185001234", "branch_id": branch}
    line = identity_line(store.db, "members", record)
    assert line == "sinh năm 1985, Chi hội Thôn Đông, CCCD •••• •••• 1234"
    assert "001185" not in line
    assert mask_citizen_id(None) is None
    assert same_birth("1985", "1985-04-12") and not same_birth(None, "1985")


def test_a_large_batch_reads_the_units_people_once_and_finds_the_same(store, branch, monkeypatch):
    """Past READ_ALL_AFTER look-ups a batch reads the unit's people once instead of a look-up a
    row (a name shared by hundreds would grow as the square): the warnings are the same."""
    from db import namesakes as module

    stored = [
        {**HUONG, "branch_id": branch},
        {**HUONG, "birth_date": "1985", "branch_id": branch},
        {**HUONG, "birth_date": "1990-01-01", "branch_id": branch},
        {**HUONG, "citizen_id": "001185000011", "branch_id": branch},
    ]
    ids = store.write([Change("members", values) for values in stored]).ids
    store.delete("members", ids[2])
    batch = [
        {**HUONG, "branch_id": branch},  # the first two and the one with a citizen ID
        {**HUONG, "citizen_id": "001185000022", "branch_id": branch},  # the first two only
        {**HUONG, "birth_date": "1990-01-01", "branch_id": branch},  # the deleted one: none
        {"full_name": "Trần Thị Mai", "birth_date": "1985", "branch_id": branch},  # none
    ]

    def warnings_with(threshold: int) -> list[tuple[str | None, int]]:
        monkeypatch.setattr(module, "READ_ALL_AFTER", threshold)
        result = store.write(
            [Change("members", v, location=f"dòng {i}") for i, v in enumerate(batch)]
        )
        for row_id in result.ids:  # the unit as it was, for the next run
            store.delete("members", row_id)
        return sorted(
            (w.location, w.message.count("Nguyễn Thị Hường")) for w in _dup_warnings(result)
        )

    one_by_one = warnings_with(10_000)
    read_once = warnings_with(0)
    assert one_by_one == read_once
    assert [loc for loc, _ in one_by_one].count("dòng 0") == 3
    assert [loc for loc, _ in one_by_one].count("dòng 1") == 3  # the first two and row 0
    assert not any(loc in ("dòng 2", "dòng 3") for loc, _ in one_by_one)
