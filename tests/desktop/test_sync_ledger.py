"""The ledger and receipts: duplicates, replays, a forged twin of a package, gaps, packages out
of order or lost, relay through a province, and a unit on two PCs."""

import io
import json
import shutil

import pytest

from desktop.cli.main import main
from desktop.sync.enrolment import identity
from desktop.sync.export import export_down, export_up
from desktop.sync.status import reporting_status

from .sync_helpers import (  # noqa: F401  (fixtures)
    PASSWORD,
    add_members,
    alarms,
    commune_rows,
    craft,
    import_files,
    member_row,
    second_device,
    snapshot,
    template,
    world,
    write,
)


def status_of(session, device: str):
    (line,) = [s for s in reporting_status(session.store.db) if s.device_id == device]
    return line


def cli(*argv: str, monkeypatch) -> tuple[int, str]:
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_a_duplicate_is_harmless_and_an_old_package_cannot_roll_values_back(
    world,  # noqa: F811
    tmp_path,
):
    a, province = world["06001"], world["20"]
    _, (member,) = add_members(a, 1)
    a.store.save("members", {"phone": "0911111111"}, id=member)
    old = export_up(a, tmp_path / "1").paths[0]
    a.store.save("members", {"phone": "0922222222"}, id=member)
    new = export_up(a, tmp_path / "2").paths[0]
    assert import_files(province, new).verdicts[0].status == "accepted"
    assert import_files(province, old).verdicts[0].status == "accepted"  # late, not harmful
    assert province.store.get("members", member)["phone"] == "0922222222"
    before = snapshot(province)
    verdicts = import_files(province, old, new).verdicts
    assert [v.status for v in verdicts] == ["duplicate", "duplicate"]
    assert snapshot(province) == before
    assert commune_rows(province, {"06001"}) == commune_rows(a, {"06001"})


def test_the_same_seq_with_another_hash_raises_an_alarm(world, tmp_path, monkeypatch):  # noqa: F811
    a, province = world["06001"], world["20"]
    add_members(a, 2)
    genuine = export_up(a, tmp_path / "usb").paths[0]
    assert import_files(province, genuine).verdicts[0].status == "accepted"
    twin = write(tmp_path / "twin.sohoi", craft(a, [member_row("06001", "Kẻ Giả Mạo")], seq=1))
    before = snapshot(province)
    (verdict,) = import_files(province, twin).verdicts
    assert verdict.status == "rejected" and "CẢNH BÁO" in verdict.reason
    assert snapshot(province) == before  # nothing applied …
    dev = identity(a).device_id
    assert alarms(province) == [("06001", dev, 1, "same_seq_other_hash")]  # … but remembered
    assert status_of(province, dev).alarms == 1
    province.close()
    world.sessions.pop("20")
    code, out = cli("units", "--data", str(world.dir("20")), monkeypatch=monkeypatch)
    assert code == 0 and "1 cảnh báo" in out
    code, out = cli("units", "--data", str(world.dir("20")), "--json", monkeypatch=monkeypatch)
    (line,) = [d for d in json.loads(out) if d["device_id"] == dev]
    assert line["alarms"] == 1 and line["last_seq"] == 1


def test_gaps_and_packages_out_of_order(world, tmp_path, monkeypatch):  # noqa: F811
    a, province = world["06001"], world["20"]
    dev = identity(a).device_id
    paths = {}
    for seq in (1, 2, 3):
        add_members(a, 1, prefix=f"Gói {seq}")
        paths[seq] = export_up(a, tmp_path / str(seq)).paths[0]
    assert import_files(province, paths[1], paths[3]).ok
    line = status_of(province, dev)
    assert (line.last_seq, line.gaps) == (3, [2])
    # Package 3 carried everything since the last acknowledged one (none): the data is whole.
    assert line.complete_through == 3
    assert commune_rows(province, {"06001"}) == commune_rows(a, {"06001"})
    province.close()
    world.sessions.pop("20")
    code, out = cli("units", "--data", str(world.dir("20")), monkeypatch=monkeypatch)
    assert code == 0 and "thiếu gói 2 (dữ liệu đã đủ nhờ gói sau)" in out
    province = world["20"]
    assert import_files(province, paths[2]).verdicts[0].status == "accepted"
    line = status_of(province, dev)
    assert (line.last_seq, line.gaps, line.alarms) == (3, [], 0)  # and the chain of prev holds


def test_a_lost_package_is_covered_by_the_next(world, tmp_path):  # noqa: F811
    a, province = world["06001"], world["20"]
    add_members(a, 3)
    export_up(a, tmp_path / "lost")  # this stick never arrives
    add_members(a, 2, prefix="Sau")
    second = export_up(a, tmp_path / "2")
    assert second.rows == 3 + 2 + 3  # the unit, two branches, five members: all since nothing
    back = tmp_path / "back"
    assert import_files(province, *second.paths, receipts=back).ok
    assert commune_rows(province, {"06001"}) == commune_rows(a, {"06001"})
    dev = identity(a).device_id
    line = status_of(province, dev)
    assert (line.gaps, line.complete_through) == ([1], 2)
    assert line.missing == []  # its data came with package 2: nothing to chase on the window
    # The receipt acknowledges up to 2 (1 is covered), so the next package starts after it.
    (verdict,) = [v for v in import_files(a, back).verdicts if dev in v.path.name]
    assert verdict.status == "receipt" and verdict.seq == 2
    assert a.store.db.execute("SELECT seq, acked FROM outbox").fetchall() == [(1, 1), (2, 1)]
    add_members(a, 1, prefix="Mới")
    third = export_up(a, tmp_path / "3")
    assert third.rows == 2
    assert import_files(province, *third.paths).ok
    assert commune_rows(province, {"06001"}) == commune_rows(a, {"06001"})


def test_relay_through_the_province_and_acknowledgements_down(world, tmp_path):  # noqa: F811
    a, b, province, central = world["06001"], world["06002"], world["20"], world["TW"]
    add_members(a, 4)
    add_members(b, 3)
    central.store.save(
        "targets", {"indicator_id": "heads_monthly_allowance", "target": 95, "term": "2022-2027"}
    )
    stick = tmp_path / "stick"
    for commune in (a, b):
        export_up(commune, stick)
    assert import_files(province, stick, receipts=stick).ok
    to_central = tmp_path / "to-central"
    up = export_up(province, to_central)
    assert up.relayed == 2 and len(up.paths) == 3
    assert [v.status for v in import_files(central, to_central).verdicts] == ["accepted"] * 3
    for code in ("06001", "06002"):
        assert commune_rows(central, {code}) == commune_rows(world[code], {code})
    assert commune_rows(central, {"20"}) == commune_rows(province, {"20"})
    # Down: the targets, and receipts for the province and for each commune it relayed.
    down = tmp_path / "down"
    result = export_down(central, down)
    assert len(result.paths) == 1 + 3
    verdicts = import_files(province, down).verdicts
    assert sorted(v.status for v in verdicts) == ["accepted", "receipt", "receipt", "receipt"]
    assert province.store.db.execute("SELECT count(*) FROM relay WHERE acked = 0").fetchone() == (
        0,
    )
    assert province.store.db.execute("SELECT acked FROM outbox").fetchall() == [(1,)]
    again = export_up(province, tmp_path / "again")
    assert again.relayed == 0
    (target,) = province.store.db.execute(
        "SELECT indicator_id, target, unit_code FROM targets"
    ).fetchall()
    assert target == ("heads_monthly_allowance", 95, "TW")
    # The province passes the central targets on to its communes.
    assert import_files(a, *export_down(province, tmp_path / "down2").paths).ok
    assert a.store.db.execute("SELECT unit_code FROM targets").fetchall() == [("TW",)]


def test_a_unit_on_two_pcs_enrols_two_devices(world, tmp_path):  # noqa: F811
    a1 = world["06001"]
    add_members(a1, 2)
    a2 = second_device(world, "06001", "06001-pc2")
    a1 = world["06001"]
    assert a2.store.site_id != a1.store.site_id
    assert identity(a2).device_id != identity(a1).device_id
    assert a2.store.db.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
    members = [r[0] for r in a2.store.db.execute("SELECT id FROM members").fetchall()]
    a1.store.save("members", {"phone": "0911111111"}, id=members[0])
    a2.store.save("members", {"phone": "0922222222"}, id=members[1])
    province = world["20"]
    for pc in (a1, a2):
        assert import_files(province, *export_up(pc, tmp_path / pc.store.site_id).paths).ok
    assert alarms(province) == []
    devices = {s.device_id: s.last_seq for s in reporting_status(province.store.db)}
    assert devices[identity(a1).device_id] == devices[identity(a2).device_id] == 1
    phones = {m: province.store.get("members", m)["phone"] for m in members}
    assert phones == {members[0]: "0911111111", members[1]: "0922222222"}


def test_a_plain_copy_of_a_folder_is_caught_as_a_twin(world, tmp_path):  # noqa: F811
    a = world["06001"]
    add_members(a, 1)
    world.sessions.pop("06001").close()
    shutil.copytree(world.dir("06001"), world.dir("copy"))
    world.keys["copy"] = world.keys["06001"]
    for code in ("06001", "copy"):
        add_members(world[code], 1, prefix=code)
        export_up(world[code], tmp_path / code)
    province = world["20"]
    verdicts = import_files(province, tmp_path / "06001", tmp_path / "copy").verdicts
    assert [v.status for v in verdicts] == ["accepted", "rejected"]
    assert [a[3] for a in alarms(province)] == ["same_seq_other_hash"]


@pytest.mark.parametrize("role", ["entry", "viewer"])
def test_sync_needs_the_sync_permission(world, tmp_path, role):  # noqa: F811
    from desktop.security.accounts import PermissionDenied
    from desktop.security.users import add_user

    from .sync_helpers import open_with_key

    a = world["06001"]
    add_user(a, "nguoi", "mat-khau-nguoi-1", role)
    other = open_with_key(a.data_dir, world.keys["06001"], "nguoi")
    try:
        if role == "viewer":
            with pytest.raises(PermissionDenied):
                export_up(other, tmp_path)
        else:
            assert export_up(other, tmp_path).seq == 1
    finally:
        other.close()


@pytest.mark.parametrize(
    ("packages", "through"),
    [
        ({}, 0),
        ({1: 0, 2: 1, 3: 2}, 3),
        ({2: 0}, 2),  # 1 lost, 2 carried everything
        ({2: 1}, 0),  # 2 carried only what followed 1, and 1 is missing
        ({1: 0, 3: 1}, 3),  # 3 carried what 2 did
        ({1: None, 3: None}, 1),  # no base known: only 1..n all received counts
        ({1: 0, 2: 5}, 2),  # a base that is not below the seq counts as the previous one
    ],
)
def test_complete_through(packages, through):
    from desktop.sync.receipts import complete_through

    assert complete_through(packages) == through


def test_a_package_that_does_not_follow_its_predecessor_raises_an_alarm(
    world,  # noqa: F811
    tmp_path,
):
    a, province = world["06001"], world["20"]
    add_members(a, 1)
    assert import_files(province, *export_up(a, tmp_path / "1").paths).ok
    odd = craft(a, [member_row("06001")], seq=2, manifest={"prev": "0" * 64})
    (verdict,) = import_files(province, write(tmp_path / "odd.sohoi", odd)).verdicts
    assert verdict.status == "accepted"  # signed content; only the sequence is odd
    assert [x[2:] for x in alarms(province)] == [(2, "broken_chain")]


def test_receiving_reports_each_package_and_stops_between_two_when_asked(world, tmp_path):  # noqa: F811
    from desktop.sync.importer import import_paths
    from desktop.sync.status import own_sync

    a, province = world["06001"], world["20"]
    stick = tmp_path / "usb"
    for n in range(3):
        add_members(a, 1, prefix=f"Đợt {n}")
        export_up(a, stick)
    seen: list[tuple[int, int, str]] = []
    result = import_paths(
        province,
        [stick],
        receipts_dir=stick,
        progress=lambda done, total, name: seen.append((done, total, name)),
        cancelled=lambda: len(seen) == 2,  # "Dừng" pressed while the second was read
    )
    assert result.cancelled
    assert [s[:2] for s in seen] == [(1, 3), (2, 3)]
    assert [v.status for v in result.verdicts] == ["accepted", "accepted"]
    assert [v.seq for v in result.verdicts] == [1, 2]
    dev = identity(a).device_id
    assert status_of(province, dev).last_seq == 2  # the third waits for the next time
    rest = import_paths(province, [stick])
    assert [v.status for v in rest.verdicts if v.seq == 3] == ["accepted"]
    # The commune's status bar: three sent, none acknowledged until the receipts come back.
    mine = own_sync(a.store.db)
    assert (mine.last_sent_seq, mine.acknowledged_seq) == (3, 0)
    import_files(a, stick)
    assert own_sync(a.store.db).acknowledged_seq == 2  # the receipt written after the stop


def test_only_gaps_no_later_package_covered_count_as_missing():
    from desktop.sync.status import DeviceStatus

    line = DeviceStatus("06001", "ab" * 8, 6, "", [2, 5], 0, 0, complete_through=3)
    assert line.missing == [5]
