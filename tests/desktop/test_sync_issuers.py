"""Who may vouch for whom, and who may revoke whom (issue #12's attack run, each step replayed).

Only the device enrolled for a unit's parent, at a level above it (and, where the administrative
catalogue knows the unit, its parent there) issues the unit's certificate; a commune's device
never does. A revocation counts only when signed by the device that issued the certificate or
one above it. Names from outside never become paths.
"""

from __future__ import annotations

import json
import secrets
import zlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.files import child_path
from desktop.installation.setup import NewUnit, create_unit
from desktop.sync.enrolment import approve, identity, make_request
from desktop.sync.export import export_up, package_name
from desktop.sync.identity import (
    Certificate,
    Identity,
    TrustError,
    b64,
    canonical,
    own_chain,
    revoked_devices,
    sign_certificate,
)
from desktop.sync.receipts import receipt_for
from desktop.sync.revocation import FORMAT, revoke, unrevoke
from desktop.units.catalogue import communes

from .sync_helpers import (  # noqa: F401  (fixtures)
    PASSWORD,
    add_members,
    alarms,
    commune_rows,
    craft,
    import_files,
    member_row,
    snapshot,
    template,
    world,
    write,
)


def device(session) -> str:
    return identity(session).device_id


def forge(issuer, unit: str, level: str, parent: str | None, device_id: str | None = None):
    """A device whose certificate `issuer`'s own key signed by hand (what a viewer who reached
    the device key could do): (its identity, its chain through the issuer's)."""
    me = Identity(
        device_id or secrets.token_hex(8),
        Ed25519PrivateKey.generate(),
        X25519PrivateKey.generate(),
    )
    boss = identity(issuer)
    cert = sign_certificate(
        me.certificate({"code": unit, "level": level, "parent_code": parent}, boss.device_id),
        boss,
    )
    return me, [cert, *own_chain(issuer.store.db, boss.device_id)]


def refused_here(session, path, reason: str) -> None:
    before = snapshot(session)
    (verdict,) = import_files(session, path).verdicts
    assert verdict.status == "rejected", verdict
    assert reason in verdict.reason, verdict.reason
    assert snapshot(session) == before


# -- issuers --------------------------------------------------------------------------------


def test_a_commune_never_approves_an_enrolment(world):  # noqa: F811
    sibling, commune = world["06002"], world["06001"]
    request = make_request(sibling)
    with pytest.raises(TrustError, match="cấp xã không xác nhận"):
        approve(commune, request, identity(sibling).fingerprint)
    assert (
        commune.store.db.execute(
            "SELECT COUNT(*) FROM certificates WHERE role = 'child'"
        ).fetchone()[0]
        == 0
    )


def test_a_sibling_forged_by_a_commune_is_refused_at_the_province_and_the_centre(
    world,  # noqa: F811
    tmp_path,
):
    province, central, commune, sibling = world["20"], world["TW"], world["06001"], world["06002"]
    add_members(sibling, 2)
    real = export_up(sibling, tmp_path / "real").paths[0]
    # The forged device even copies the real sibling's device id.
    me, chain = forge(commune, "06002", "commune", "06001", device_id=device(sibling))
    row = member_row("06002", "Kẻ Giả Mạo")
    raw = craft(None, [row], chain=chain, signer=me)
    refused_here(province, write(tmp_path / "forged.sohoi", raw), "không có quyền xác nhận")
    refused_here(central, write(tmp_path / "forged-c.sohoi", raw), "không có quyền xác nhận")
    # Nor can the commune pretend the sibling hangs from the province while signing itself.
    me, chain = forge(commune, "06002", "commune", "20")
    raw = craft(None, [row], chain=chain, signer=me)
    refused_here(province, write(tmp_path / "lie.sohoi", raw), "không trực thuộc")
    # A unit "below" the commune, or the province's own identity: refused the same way.
    for unit, level, parent in (("06099", "commune", "06001"), ("20", "province", "06001")):
        me, chain = forge(commune, unit, level, parent)
        raw = craft(None, [member_row(unit)], chain=chain, signer=me)
        refused_here(province, write(tmp_path / f"{unit}.sohoi", raw), "không có quyền")
        refused_here(central, write(tmp_path / f"{unit}-c.sohoi", raw), "không có quyền")
    # The real sibling's own package is still taken: nothing of the forgeries stuck.
    (verdict,) = import_files(province, real).verdicts
    assert verdict.status == "accepted", verdict
    assert alarms(province) == []
    assert commune_rows(province, {"06002"}) == commune_rows(sibling, {"06002"})


def test_a_province_cannot_vouch_for_a_commune_of_another_province(world, tmp_path):  # noqa: F811
    province, central, stranger = world["20"], world["TW"], world["06003"]
    elsewhere = next(c.code for c in communes("01"))
    # Through the program: the request is refused by the catalogue.
    body = json.loads(make_request(stranger))["request"]
    me = identity(stranger)
    body = {**body, "unit_code": elsewhere}
    request = canonical({"request": body, "signature": b64(me.sign(canonical(body)))})
    with pytest.raises(TrustError, match="danh mục hành chính"):
        approve(province, request, me.fingerprint)
    # By hand with the province's key: the centre checks the catalogue too.
    forged, chain = forge(province, elsewhere, "commune", "20")
    raw = craft(None, [member_row(elsewhere)], chain=chain, signer=forged)
    refused_here(central, write(tmp_path / "other.sohoi", raw), "danh mục hành chính")


def test_approve_at_a_fresh_centre_makes_the_root(tmp_path):
    central = create_unit(
        tmp_path / "tw",
        NewUnit("TW", "Trung ương Hội LHPN Việt Nam", "central"),
        admin_password=PASSWORD,
    ).session
    province = create_unit(
        tmp_path / "20",
        NewUnit("20", "Hội LHPN tỉnh Thái Nguyên", "province", "TW"),
        admin_password=PASSWORD,
    ).session
    try:
        bundle = json.loads(
            approve(central, make_request(province), identity(province).fingerprint)
        )
        assert bundle["chain"][0]["device_id"] == device(central)
        assert bundle["chain"][0]["issuer_device"] == device(central)
    finally:
        central.close()
        province.close()


# -- revocations ----------------------------------------------------------------------------


def _list(issuer, names: list[str], version: int = 1) -> dict:
    me = identity(issuer)
    body = {
        "format": FORMAT,
        "issuer_device": me.device_id,
        "version": version,
        "revoked": sorted(names),
        "issued_at": "2026-12-01T08:00:00+00:00",
    }
    return {**body, "signature": b64(me.sign(canonical(body)))}


def test_a_revocation_signed_by_a_commune_is_refused_and_alarmed(world, tmp_path):  # noqa: F811
    province, central, commune, sibling = world["20"], world["TW"], world["06001"], world["06002"]
    add_members(commune, 1)
    forged = _list(commune, [device(sibling), device(province)])
    raw = craft(commune, [], manifest={"revocations": [forged]})
    (verdict,) = import_files(province, write(tmp_path / "rev.sohoi", raw)).verdicts
    assert verdict.status == "accepted", verdict  # its own (empty) data is the commune's to send
    assert revoked_devices(province.store.db) == set()
    assert [a[3] for a in alarms(province)] == ["forged_revocation"]
    # The sibling and the province stay trusted: here, and at the centre after the relay.
    add_members(sibling, 2)
    sib = export_up(sibling, tmp_path / "sib").paths[0]
    assert import_files(province, sib).verdicts[0].status == "accepted"
    up = export_up(province, tmp_path / "up").paths
    verdicts = import_files(central, *up).verdicts
    assert [v.status for v in verdicts] == ["accepted"] * len(up)
    assert revoked_devices(central.store.db) == set()
    assert "forged_revocation" in [a[3] for a in alarms(central)]


def test_a_forged_list_already_stored_revokes_nobody(world, tmp_path):  # noqa: F811
    """What an earlier version accepted: a commune's list naming its sibling and the province.
    It counts against no one, since neither sits below the commune."""
    province, commune, sibling = world["20"], world["06001"], world["06002"]
    forged = _list(commune, [device(sibling), device(province)])
    province.store.db.execute(
        "INSERT INTO revocations VALUES (?, 1, ?)", [device(commune), json.dumps(forged)]
    )
    add_members(sibling, 1)
    sib = export_up(sibling, tmp_path / "sib").paths[0]
    assert import_files(province, sib).verdicts[0].status == "accepted"
    assert revoked_devices(province.store.db) == set()


def test_the_centre_may_revoke_a_commune_and_take_it_back(world, tmp_path):  # noqa: F811
    province, central, commune = world["20"], world["TW"], world["06001"]
    add_members(commune, 1)
    first = export_up(commune, tmp_path / "1").paths[0]
    assert import_files(province, first).verdicts[0].status == "accepted"
    up = export_up(province, tmp_path / "up").paths
    assert all(v.ok for v in import_files(central, *up).verdicts)
    # The centre knows the commune's certificate from the relayed file: it is above its issuer.
    revoke(central, device(commune))
    assert device(commune) in revoked_devices(central.store.db)
    doc = unrevoke(central, device(commune))
    assert doc["version"] == 2 and doc["revoked"] == []
    assert device(commune) not in revoked_devices(central.store.db)
    with pytest.raises(TrustError, match="không có trong danh sách"):
        unrevoke(central, device(commune))
    # A device may not revoke its parent.
    with pytest.raises(TrustError, match="chỉ thu hồi được"):
        revoke(province, device(central))


def test_an_unrevocation_travels_up_and_the_device_is_trusted_again(world, tmp_path):  # noqa: F811
    province, central, commune = world["20"], world["TW"], world["06001"]
    add_members(commune, 1)
    revoke(province, device(commune))
    assert all(
        v.ok for v in import_files(central, *export_up(province, tmp_path / "a").paths).verdicts
    )
    assert device(commune) in revoked_devices(central.store.db)
    unrevoke(province, device(commune))
    assert all(
        v.ok for v in import_files(central, *export_up(province, tmp_path / "b").paths).verdicts
    )
    assert device(commune) not in revoked_devices(central.store.db)
    package = export_up(commune, tmp_path / "c").paths[0]
    assert import_files(province, package).verdicts[0].status == "accepted"


# -- names that are never paths -------------------------------------------------------------


@pytest.mark.parametrize("unit", ["../../../x", "/abs/x", "a/b", "..", "x\\y", "06001.", ""])
def test_a_certificate_naming_a_path_is_refused(world, tmp_path, unit):  # noqa: F811
    province = world["20"]
    me, chain = forge(province, "06003", "commune", "20")
    bad = Certificate(**{**chain[0].as_dict(), "unit_code": unit, "signature": ""})
    bad = sign_certificate(bad, identity(province))
    raw = craft(
        None, [member_row("06003")], chain=[bad, *chain[1:]], signer=me, manifest={"unit": unit}
    )
    out = tmp_path / "stick" / "in"
    out.mkdir(parents=True)
    path = write(out / "p.sohoi", raw)
    outside = {p for p in tmp_path.parent.rglob("*") if world.root not in p.parents}
    (verdict,) = import_files(province, path, receipts=out).verdicts
    assert verdict.status == "rejected"
    assert "không hợp lệ" in verdict.reason
    assert {p for p in tmp_path.parent.rglob("*") if world.root not in p.parents} == outside


def test_file_names_from_codes_stay_inside_their_folder(world, tmp_path):  # noqa: F811
    province = world["20"]
    for unit, dev in (("../x", "0123456789abcdef"), ("06001", "../../etc/passwd")):
        with pytest.raises(TrustError):
            package_name(unit, dev, 1)
        with pytest.raises(TrustError):
            receipt_for(province, unit, dev)
    for name in ("../x.sohoi", "/tmp/x.sohoi", "a/b.sohoi", "..", ""):
        with pytest.raises(ValueError):
            child_path(tmp_path, name)
    assert child_path(tmp_path, "20_0123456789abcdef_000001.sohoi").parent == tmp_path


# -- bodies bounded by the manifest ---------------------------------------------------------


def test_a_body_with_more_lines_than_declared_is_refused(world, tmp_path):  # noqa: F811
    province, commune = world["20"], world["06001"]
    rows = [member_row("06001"), member_row("06001"), member_row("06001")]
    raw = craft(commune, rows, manifest={"counts": {"members": 2}})
    refused_here(province, write(tmp_path / "more.sohoi", raw), "nhiều dòng hơn")
    # Empty lines count: a small file of nothing but newlines stops after the declared rows.
    plain = b"\n" * (64 * 1024 * 1024)
    raw = craft(commune, plain=plain, packed=zlib.compress(plain, 9), manifest={"counts": {}})
    assert len(raw) < 200_000
    refused_here(province, write(tmp_path / "empty.sohoi", raw), "nhiều dòng hơn")
    raw = craft(commune, rows, manifest={"counts": {"members": "3"}})
    refused_here(province, write(tmp_path / "bad.sohoi", raw), "counts")


def test_a_commune_posing_as_its_province_cannot_send_targets_down(world, tmp_path):  # noqa: F811
    commune, sibling = world["06001"], world["06002"]
    me, chain = forge(commune, "20", "province", "06001")
    target = {
        "table": "targets",
        "id": "6d1f3a52-0000-4000-8000-000000000001",
        "unit_code": "20",
        "values": {"indicator": "heads_monthly_allowance", "target": 1.0, "is_deleted": 0},
        "clocks": {"*": [1 << 50, "ab"]},
    }
    raw = craft(
        None,
        [target],
        chain=chain,
        signer=me,
        kind="down",
        recipients=own_chain(sibling.store.db, device(sibling))[:1],
    )
    refused_here(sibling, write(tmp_path / "down.sohoi", raw), "không có quyền")
