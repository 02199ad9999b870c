"""What a validly signed package may carry: only the sender's own rows, of known tables and
columns, with values of the right type. Anything else refuses the whole package, unchanged."""

import copy
import itertools
import json
import zlib

import pytest

from desktop.sync.export import export_up

from .sync_helpers import (  # noqa: F401  (fixtures)
    add_members,
    alarms,
    branch_row,
    craft,
    import_files,
    member_row,
    snapshot,
    template,
    world,
    write,
)


@pytest.fixture(scope="module")
def place(template, tmp_path_factory):  # noqa: F811
    """Province 20 holding commune 06002's data; commune 06001 signs the attacks."""
    base = tmp_path_factory.mktemp("rows")
    w = template.copy(base / "world")
    add_members(w["06002"], 3)
    import_files(w["20"], *export_up(w["06002"], base / "b").paths)
    yield w, base
    w.close()


SEQ = itertools.count(100)  # a fresh seq each time: a refused seq is not remembered, but be plain


def refused(place, rows=None, reason="", **kw) -> None:
    w, base = place
    province = w["20"]
    raw = craft(w["06001"], rows, seq=next(SEQ), **kw)
    before = snapshot(province)
    (verdict,) = import_files(province, write(base / "x.sohoi", raw)).verdicts
    assert verdict.status == "rejected", verdict
    assert reason in verdict.reason, verdict.reason
    assert snapshot(province) == before
    assert alarms(province) == []


def good() -> dict:
    return member_row("06001")


def changed(**parts) -> list[dict]:
    """Two good rows, then one altered by `parts` (values/clocks merged in, others replaced)."""
    row = good()
    for key, value in parts.items():
        if key in ("values", "clocks") and value is not None:
            row[key].update(value)
        else:
            row[key] = value
    return [good(), good(), row]


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        (changed(unit_code="06002"), "không thuộc người gửi"),
        (changed(unit_code="20"), "không thuộc người gửi"),
        (changed(table="accounts"), "bảng không được phép"),
        (changed(table="sqlite_master"), "bảng không được phép"),
        (changed(table="members; DROP TABLE members"), "bảng không được phép"),
        (changed(values={"password": "x"}), "trường không được phép"),
        (changed(values={"db_version": 99}), "trường không được phép"),
        (changed(values={"full_name) VALUES (1); --": "x"}), "trường không được phép"),
        (changed(clocks={"secret": [1, "ab"]}), "trường không được phép"),
        (changed(values={"full_name": 12}), "sai kiểu"),
        (changed(values={"full_name": ["Lê", "Hoa"]}), "sai kiểu"),
        (changed(values={"is_deleted": 5}), "sai kiểu"),
        (changed(values={"is_deleted": True}), "sai kiểu"),
        (changed(clocks={"*": ["1", "ab"]}), "dấu thời gian"),
        (changed(clocks={"*": [-1, "ab"]}), "dấu thời gian"),
        (changed(clocks={"*": [1 << 64, "ab"]}), "dấu thời gian"),
        (changed(clocks={"*": [1, "ab", 3]}), "dấu thời gian"),
        (changed(id=7), "thiếu mã"),
        (changed(values=None), "sai định dạng"),
        ([good(), "members"], "sai định dạng"),
        ([good(), [1, 2]], "sai định dạng"),
    ],
)
def test_a_bad_row_anywhere_refuses_the_package(place, rows, reason):
    refused(place, rows, reason)


def test_numbers_beyond_64_bits_are_refused(place):
    row = {
        "table": "models",
        "id": "6b1f0c1e-0000-4000-8000-000000000001",
        "unit_code": "06001",
        "values": {"kind": "other", "name": "Mô hình", "participants": 1 << 70},
        "clocks": {"*": [1 << 40, "ab"]},
    }
    refused(place, [row], "sai kiểu")


def test_a_commune_cannot_invent_units(place):
    fake = {
        "table": "units",
        "id": "6b1f0c1e-0000-4000-8000-000000000002",
        "unit_code": "06001",
        "values": {"code": "06099", "name": "Xã Ma", "level": "commune", "parent_code": "20"},
        "clocks": {"*": [1 << 40, "ab"]},
    }
    refused(place, [fake], "không khớp mã đơn vị")


def test_a_row_of_another_unit_cannot_be_taken_over(world, tmp_path):  # noqa: F811
    add_members(world["06002"], 2)
    import_files(world["20"], *export_up(world["06002"], tmp_path / "b").paths)
    (theirs,) = (
        world["20"]
        .store.db.execute("SELECT id FROM members WHERE unit_code = '06002' LIMIT 1")
        .fetchone()
    )
    row = good()
    row["id"] = theirs  # 06002's member, claimed for 06001
    place = (world, tmp_path)
    # While the province has no member of 06001 yet (no look-up: the insert itself refuses) …
    refused(place, [branch_row("06001"), good(), row], "đổi đơn vị sở hữu")
    # … and once it has some (the look-up finds the owner).
    add_members(world["06001"], 1)
    assert import_files(world["20"], *export_up(world["06001"], tmp_path / "a").paths).ok
    refused(place, [branch_row("06001"), good(), row], "đổi đơn vị sở hữu")


def test_the_same_row_twice_in_one_package_is_refused(place):
    row = good()
    refused(place, [row, good(), copy.deepcopy(row)], "hai bản ghi cùng mã")


def test_malformed_lines_are_refused(place):
    lines = json.dumps(good()).encode() + b"\n"
    for body, reason in [
        (lines + b"{not json}\n", "sai định dạng"),
        (lines + b"[" * 100_000 + b"\n", "sai định dạng"),
        (lines + b"\xff\xfe\n", "sai định dạng"),
        (lines + b'{"a": "' + b"x" * (5 << 20) + b'"}\n', "quá dài"),
    ]:
        refused(place, plain=body, packed=zlib.compress(body), reason=reason)


def test_a_change_dated_far_ahead_is_quarantined_not_applied(world, tmp_path):  # noqa: F811
    w, base = world, tmp_path
    province = w["20"]
    future = member_row("06001", hlc=(2**46) << 16)  # the year 4199
    now = member_row("06001", hlc=1 << 40)
    raw = craft(w["06001"], [branch_row("06001"), now, future], seq=7)
    (verdict,) = import_files(province, write(base / "q.sohoi", raw)).verdicts
    assert verdict.status == "accepted"
    assert province.store.get("members", now["id"]) is not None
    assert province.store.get("members", future["id"]) is None
    (row_id,) = province.store.db.execute("SELECT row_id FROM quarantine").fetchone()
    assert row_id == future["id"]
    assert province.store.clock.last < (2**46) << 16


def test_a_full_disk_stops_the_import_with_nothing_half_written(world, tmp_path, monkeypatch):  # noqa: F811
    import sqlcipher3

    from db.store import StorageError
    from desktop.sync import importer

    add_members(world["06001"], 3)
    paths = export_up(world["06001"], tmp_path / "usb").paths
    province = world["20"]
    before = snapshot(province)
    real = importer.merge_rows

    def full(*args, **kwargs):
        real(*args, **kwargs)
        raise sqlcipher3.OperationalError("database or disk is full")

    monkeypatch.setattr(importer, "merge_rows", full)
    with pytest.raises(StorageError, match="đầy"):
        import_files(province, *paths)
    assert snapshot(province) == before
    monkeypatch.undo()
    assert import_files(province, *paths).ok
