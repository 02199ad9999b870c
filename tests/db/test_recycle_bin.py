"""The recycle bin (#15): a delete keeps the record's fields locally; a restore brings every
personal field back through the write path with new clocks; old entries are purged."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from db import recycle_bin
from db.changes import Change
from db.store import Store
from db.validation import ValidationError

FULL = {
    "full_name": "Nguyễn Thị Hường",
    "birth_date": "1985-04-12",
    "citizen_id": "001185001234",
    "phone": "0912345678",
    "ethnicity": "Kinh",
    "religion": "Phật giáo",
    "address": "Thôn Đông, xã Tân Phú",
    "joined_on": "2010-03-08",
    "card_number": "HV-01",
    "status": "active",
    "note": "Ghi chú\nhai dòng",
}


def test_delete_then_restore_brings_back_every_personal_field(store: Store, branch):
    store.actor = lambda: "thu.ky"
    member = store.save("members", {**FULL, "branch_id": branch}).ids[0]
    before = store.get("members", member)
    store.delete("members", member)
    tombstone = store.get("members", member, include_deleted=True)
    assert tombstone["full_name"] is None and tombstone["citizen_id"] is None
    [entry] = recycle_bin.entries(store.db)
    assert (entry.table, entry.row_id, entry.title, entry.deleted_by) == (
        "members",
        member,
        "Nguyễn Thị Hường",
        "thu.ky",
    )

    result = store.restore("members", member)
    assert [c.op for c in result.changes] == ["undelete"]
    after = store.get("members", member)
    assert after is not None and after["is_deleted"] == 0
    for field in (*FULL, "branch_id"):
        assert after[field] == before[field], field
    # Every field stamped anew, later than the tombstone: the undelete wins wherever it syncs.
    clocks = json.loads(after["clocks"])
    assert list(clocks) == ["*"]
    assert clocks["*"][0] > max(v[0] for v in json.loads(tombstone["clocks"]).values())
    assert recycle_bin.entries(store.db) == []  # restored: out of the bin
    with pytest.raises(ValidationError):
        store.restore("members", member)  # nothing deleted to bring back


def test_a_restore_is_checked_like_any_write(store: Store, branch):
    first = store.save("members", {**FULL, "branch_id": branch}).ids[0]
    store.delete("members", first)
    store.save("members", {**FULL, "branch_id": branch})  # the citizen ID reused meanwhile
    with pytest.raises(ValidationError) as refused:
        store.restore("members", first)
    assert "CCCD" in str(refused.value)
    assert store.get("members", first) is None
    assert len(recycle_bin.entries(store.db)) == 1  # still there, to try again later


def test_a_refused_delete_keeps_nothing_in_the_bin(store: Store, branch):
    store.save("members", {**FULL, "branch_id": branch})
    with pytest.raises(ValidationError):
        store.delete("branches", branch)  # still in use
    assert recycle_bin.entries(store.db) == []


def test_entries_older_than_the_set_time_are_purged(store: Store, branch):
    old, new = store.write(
        [
            Change("members", {**FULL, "branch_id": branch}),
            Change("members", {**FULL, "citizen_id": None, "branch_id": branch}),
        ]
    ).ids
    store.delete("members", old)
    store.delete("members", new)
    now = datetime.now(UTC)
    store.db.conn.execute(
        "UPDATE recycle_bin SET deleted_at = ? WHERE row_id = ?",
        [(now - timedelta(days=31)).isoformat(timespec="seconds"), old],
    )
    assert recycle_bin.purge(store.db, 30, now=now) == 1
    assert [e.row_id for e in recycle_bin.entries(store.db)] == [new]
    with pytest.raises(ValidationError):
        store.restore("members", old)  # the tombstone is final
    assert recycle_bin.purge(store.db, 30, now=now + timedelta(days=31)) == 1
    assert recycle_bin.entries(store.db) == []
