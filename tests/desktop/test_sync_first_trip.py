"""A first report in one trip (desktop/sync/first_trip.py): invitation → request and first package
on one stick → approve and import at the province → certificate and receipt back. And what
must be refused: a first package signed by another key, for another unit, tampered, read before
its approval, approved with a wrong fingerprint; a replay is a duplicate."""

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.sync import first_trip
from desktop.sync.enrolment import identity
from desktop.sync.export import export_up
from desktop.sync.identity import TrustError, own_chain
from desktop.sync.importer import import_paths
from desktop.sync.stick import package_files

from .sync_helpers import (  # noqa: F401  (fixtures)
    add_members,
    commune_rows,
    craft,
    member_row,
    new_unit,
    regions,
    snapshot,
    template,
    world,
)

NEW = "06003"  # under province 20, never enrolled


def _domain(snap: dict) -> dict:
    return {k: v for k, v in snap.items() if k not in ("certificates", "sync_state")}


def first_trip_on(world, stick: Path, members: int = 3) -> tuple[Path, Path]:  # noqa: F811
    """The commune imports the province's invitation and writes its first trip to `stick`."""
    stick.mkdir(exist_ok=True)
    add_members(world[NEW], members)
    inv = first_trip.import_invitation(
        world[NEW],
        first_trip.make_invitation(world["20"]),
        fingerprint=identity(world["20"]).fingerprint,
    )
    assert inv.unit_name == "Hội LHPN tỉnh Thái Nguyên"
    result = first_trip.send_up(world[NEW], stick)
    assert result.first
    request, package = result.paths
    return request, package


def test_one_trip_end_to_end(world, tmp_path):  # noqa: F811
    stick = tmp_path / "usb"
    request, package = first_trip_on(world, stick)
    assert package.suffix == ".sohoi-first"
    assert b"Thi" not in package.read_bytes()  # sealed: no name in clear

    # At the province, before the approval: waiting, nothing read.
    before = snapshot(world["20"])
    (verdict,) = import_paths(world["20"], [stick]).verdicts
    assert verdict.status == "pending" and verdict.rows == 0
    assert snapshot(world["20"]) == before

    trip = first_trip.approve_trip(world["20"], stick, request, identity(world[NEW]).fingerprint)
    assert [v.status for v in trip.imported.verdicts] == ["accepted"]
    assert trip.rows == 5  # the unit, its branch and three members
    assert trip.bundle.parent == stick and len(trip.receipts) == 1
    assert commune_rows(world["20"], {NEW}) == commune_rows(world[NEW], {NEW})

    # Back at the commune: the certificate and the receipt; its own files skipped quietly.
    assert first_trip.install_from(world[NEW], stick) is not None
    result = import_paths(world[NEW], [stick])
    assert [v.status for v in result.verdicts] == ["receipt"], result.verdicts
    report = first_trip.first_report(world[NEW])
    assert report.certified and report.received

    # The next package carries everything again for the centre, relayed by the province.
    add_members(world[NEW], 1, prefix="Sau")
    stick2 = tmp_path / "usb2"
    paths = export_up(world[NEW], stick2).paths
    (v,) = import_paths(world["20"], paths).verdicts
    assert v.status == "accepted"
    up = tmp_path / "up"
    export_up(world["20"], up)
    verdicts = import_paths(world["TW"], [up]).verdicts
    assert all(v.status == "accepted" for v in verdicts), verdicts
    assert commune_rows(world["TW"], {NEW}) == commune_rows(world[NEW], {NEW})


def test_a_replay_after_approval_is_a_duplicate(world, tmp_path):  # noqa: F811
    stick = tmp_path / "usb"
    request, package = first_trip_on(world, stick)
    first_trip.approve_trip(world["20"], stick, request, identity(world[NEW]).fingerprint)
    before = snapshot(world["20"])
    (verdict,) = import_paths(world["20"], [package]).verdicts
    assert verdict.status == "duplicate"
    assert _domain(snapshot(world["20"])) == _domain(before)


def test_a_wrong_fingerprint_approves_nothing(world, tmp_path):  # noqa: F811
    stick = tmp_path / "usb"
    request, _package = first_trip_on(world, stick)
    before = snapshot(world["20"])
    with pytest.raises(TrustError, match="không khớp"):
        first_trip.approve_trip(world["20"], stick, request, identity(world["20"]).fingerprint)
    assert snapshot(world["20"]) == before
    assert not list(stick.glob("*.sohoi-cert"))


def test_a_first_package_signed_by_another_key_is_refused(world, tmp_path):  # noqa: F811
    stick = tmp_path / "usb"
    request, package = first_trip_on(world, stick)
    # Forged: the same file, the signature made with another key.
    raw = package.read_bytes()
    end = regions(raw)["signature"]
    forged = raw[: end[0]] + Ed25519PrivateKey.generate().sign(raw[: end[0]]) + raw[end[1] :]
    package.write_bytes(forged)
    before = _domain(snapshot(world["20"]))
    trip = first_trip.approve_trip(world["20"], stick, request, identity(world[NEW]).fingerprint)
    (verdict,) = trip.imported.verdicts
    assert verdict.status == "rejected" and "chữ ký" in verdict.reason
    after = _domain(snapshot(world["20"]))
    assert after == before
    # The receipt says it was refused: the commune is told what is missing.
    assert first_trip.install_from(world[NEW], stick) is not None
    assert not first_trip.first_report(world[NEW]).received


def test_a_first_package_of_another_device_is_refused(world, tmp_path):  # noqa: F811
    """A first package whose certificate names the approved device with other keys."""
    stick = tmp_path / "usb"
    request, package = first_trip_on(world, stick)
    # Another installation of the same unit writes its own first trip: other keys, other id.
    other = new_unit(tmp_path / "other", NEW, "commune", "20", "Hội LHPN xã Chưa Đăng Ký")
    first_trip.import_invitation(other, first_trip.make_invitation(world["20"]))
    add_members(other, 2, prefix="Gia")
    result = first_trip.write_first_trip(other, tmp_path / "other-usb")
    # Its package renamed as if it were the approved device's, its chain's id changed to match.
    raw = result.paths[1].read_bytes()
    mine, theirs = identity(world[NEW]).device_id, identity(other).device_id
    package.write_bytes(raw.replace(theirs.encode(), mine.encode()))
    before = _domain(snapshot(world["20"]))
    trip = first_trip.approve_trip(world["20"], stick, request, identity(world[NEW]).fingerprint)
    (verdict,) = trip.imported.verdicts
    assert verdict.status == "rejected", verdict
    assert _domain(snapshot(world["20"])) == before
    other.close()


def test_a_first_package_with_another_communes_rows_is_refused(world, tmp_path):  # noqa: F811
    stick = tmp_path / "usb"
    request, package = first_trip_on(world, stick)
    # Signed by the very device being approved, with its provisional chain: rows of 06001.
    chain = [first_trip.read_invitation(first_trip.make_invitation(world["20"])).chain]
    raw = package.read_bytes()
    from desktop.sync.container import claimed_signer

    provisional = claimed_signer(raw)
    forged = craft(
        None,
        [member_row("06001")],
        chain=[provisional, *chain[0]],
        signer=identity(world[NEW]),
        recipients=[chain[0][0]],
    )
    package.write_bytes(forged)
    before = _domain(snapshot(world["20"]))
    trip = first_trip.approve_trip(world["20"], stick, request, identity(world[NEW]).fingerprint)
    (verdict,) = trip.imported.verdicts
    assert verdict.status == "rejected", verdict
    assert _domain(snapshot(world["20"])) == before
    # And claiming to be 06001 in the manifest: refused too.
    package.write_bytes(
        craft(
            None,
            [],
            chain=[provisional, *chain[0]],
            signer=identity(world[NEW]),
            recipients=[chain[0][0]],
            manifest={"unit": "06001"},
        )
    )
    (verdict,) = import_paths(world["20"], [package]).verdicts
    assert verdict.status == "rejected" and "không khớp" in verdict.reason


def test_a_tampered_first_package_is_refused(world, tmp_path):  # noqa: F811
    stick = tmp_path / "usb"
    request, package = first_trip_on(world, stick)
    raw = bytearray(package.read_bytes())
    start, _end = regions(bytes(raw))["body0"]
    raw[start + 5] ^= 1
    package.write_bytes(bytes(raw))
    before = _domain(snapshot(world["20"]))
    trip = first_trip.approve_trip(world["20"], stick, request, identity(world[NEW]).fingerprint)
    (verdict,) = trip.imported.verdicts
    assert verdict.status == "rejected"
    assert _domain(snapshot(world["20"])) == before


def test_a_request_for_a_unit_the_province_does_not_own_is_refused(world, tmp_path):  # noqa: F811
    """A commune of province 21 takes province 20's invitation: refused at the commune; its
    request taken to province 20 anyway: refused there, nothing changed."""
    stick = tmp_path / "usb"
    stick.mkdir()
    foreign = new_unit(tmp_path / "f", "07002", "commune", "21", "Hội LHPN xã Khác Tỉnh")
    with pytest.raises(TrustError, match="không phải của cấp trên"):
        first_trip.import_invitation(foreign, first_trip.make_invitation(world["20"]))
    from desktop.sync.enrolment import make_request

    request = stick / "yeu-cau-07002.sohoi-request"
    request.write_bytes(make_request(foreign))
    before = snapshot(world["20"])
    with pytest.raises(TrustError, match="không trực thuộc"):
        first_trip.approve_trip(world["20"], stick, request, identity(foreign).fingerprint)
    assert snapshot(world["20"]) == before
    foreign.close()


def test_a_forged_invitation_is_caught_by_the_fingerprint(world, tmp_path):  # noqa: F811
    """An invitation of another system (another root) names the same province: its fingerprint
    is not the one the province reads out, so the commune refuses it."""
    doc = json.loads(first_trip.make_invitation(world["20"]))
    doc["invitation"]["unit_name"] = "Tỉnh giả"
    with pytest.raises(TrustError, match="không hợp lệ"):
        first_trip.import_invitation(world[NEW], json.dumps(doc).encode())
    other = new_unit(tmp_path / "tw2", "TW", "central", None, "Trung ương giả")
    prov = new_unit(tmp_path / "p2", "20", "province", "TW", "Hội LHPN tỉnh Thái Nguyên")
    from desktop.sync.enrolment import ensure_root

    from .sync_helpers import enrol

    ensure_root(other)
    enrol(other, prov)
    with pytest.raises(TrustError, match="mã kiểm tra không khớp"):
        first_trip.import_invitation(
            world[NEW],
            first_trip.make_invitation(prov),
            fingerprint=identity(world["20"]).fingerprint,
        )
    other.close()
    prov.close()


def test_reading_a_stick_skips_own_outgoing_files(world, tmp_path):  # noqa: F811
    stick = tmp_path / "usb"
    add_members(world["06001"], 1)
    export_up(world["06001"], stick)
    assert package_files([stick])
    result = import_paths(world["06001"], [stick])
    assert result.verdicts == [] and result.ok


def test_a_certificate_for_another_system_is_not_installed(world, tmp_path):  # noqa: F811
    stick = tmp_path / "usb"
    request, _package = first_trip_on(world, stick)
    trip = first_trip.approve_trip(world["20"], stick, request, identity(world[NEW]).fingerprint)
    doc = json.loads(trip.bundle.read_bytes())
    doc["chain"][-1]["sign_public"] = doc["chain"][0]["sign_public"]
    trip.bundle.write_bytes(json.dumps(doc).encode())
    with pytest.raises(TrustError):
        first_trip.install_from(world[NEW], stick)
    assert not first_trip.first_report(world[NEW]).certified
    assert own_chain(world[NEW].store.db, identity(world[NEW]).device_id) == []
