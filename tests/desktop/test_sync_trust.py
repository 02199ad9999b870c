"""Who may send what: unenrolled, revoked and foreign keys, a unit posing as another, bodies
moved between packages, packages and receipts that are not for us — all refused, nothing
changed; and enrolment refuses what it must."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.security.accounts import PermissionDenied
from desktop.sync.enrolment import (
    accept,
    approve,
    ensure_root,
    identity,
    make_request,
    start_second_device,
)
from desktop.sync.export import export_up
from desktop.sync.identity import (
    REQUEST_FORMAT,
    Identity,
    TrustError,
    b64,
    canonical,
    own_chain,
    revoked_devices,
    sign_certificate,
)
from desktop.sync.receipts import RECEIPT_FORMAT
from desktop.sync.revocation import apply_documents, revoke

from .sync_helpers import (  # noqa: F401  (fixtures)
    add_members,
    alarms,
    craft,
    enrol,
    foreign_chain,
    import_files,
    member_row,
    regions,
    snapshot,
    template,
    world,
    write,
)


def refused(session, path, reason: str) -> None:
    before = snapshot(session)
    (verdict,) = import_files(session, path).verdicts
    assert verdict.status == "rejected", verdict
    assert reason in verdict.reason, verdict.reason
    assert snapshot(session) == before
    assert alarms(session) == []


def device(session) -> str:
    return identity(session).device_id


def test_an_unenrolled_device_cannot_export_nor_pose_as_enrolled(world, tmp_path):  # noqa: F811
    stranger, province = world["06003"], world["20"]
    add_members(stranger, 2)
    with pytest.raises(TrustError, match="chưa được cấp trên xác nhận"):
        export_up(stranger, tmp_path)
    me = identity(stranger)
    # It claims the province issued its certificate, but can only sign it itself.
    cert = me.certificate(
        {"code": "06003", "level": "commune", "parent_code": "20"}, device(province)
    )
    chain = [sign_certificate(cert, me), *own_chain(province.store.db, device(province))]
    raw = craft(None, [member_row("06003")], chain=chain, signer=me)
    refused(province, write(tmp_path / "a.sohoi", raw), "chữ ký chứng thư")
    # Or presents itself as a root: not ours.
    root = sign_certificate(me.certificate({"code": "06003", "level": "central"}, me.device_id), me)
    raw = craft(None, [member_row("06003")], chain=[root], signer=me, recipients=[])
    refused(province, write(tmp_path / "b.sohoi", raw), "khác gốc tin cậy")


def test_a_foreign_root_is_refused(world, tmp_path):  # noqa: F811
    me, chain = foreign_chain("06001", "20")
    raw = craft(None, [member_row("06001")], chain=chain, signer=me)
    refused(world["20"], write(tmp_path / "f.sohoi", raw), "khác gốc tin cậy")


def test_a_revoked_device_is_refused_here_and_above(world, tmp_path):  # noqa: F811
    commune, province, central = world["06001"], world["20"], world["TW"]
    add_members(commune, 2)
    first = export_up(commune, tmp_path / "1").paths[0]
    assert import_files(province, first).verdicts[0].status == "accepted"
    doc = revoke(province, device(commune))
    assert doc["version"] == 1 and device(commune) in revoked_devices(province.store.db)
    add_members(commune, 1, prefix="Sau thu hồi")
    second = export_up(commune, tmp_path / "2").paths[0]
    refused(province, second, "đã bị thu hồi")
    # The list travels up in the province's package (which no longer forwards the revoked
    # device's packages); the central level then refuses them too.
    up = export_up(province, tmp_path / "up").paths
    assert [v.status for v in import_files(central, *up).verdicts] == ["accepted"]
    assert device(commune) in revoked_devices(central.store.db)
    refused(central, second, "đã bị thu hồi")
    refused(central, first, "đã bị thu hồi")


def test_revocation_lists_only_move_forward_and_only_from_their_issuer(world):  # noqa: F811
    province, commune, central = world["20"], world["06001"], world["TW"]
    with pytest.raises(TrustError):
        revoke(province, device(world["07001"]))  # enrolled by province 21, not by 20
    doc1 = revoke(province, device(commune))
    doc2 = revoke(province, device(world["06002"]))
    chain = own_chain(province.store.db, device(province))
    db = central.store.db
    assert apply_documents(db, [doc2], chain).taken == 0  # version 2 without version 1
    forged = {**doc1, "revoked": [device(central)]}  # the signature no longer matches
    assert apply_documents(db, [forged], chain).taken == 0
    assert apply_documents(db, [doc2, doc1], chain).taken == 2
    assert apply_documents(db, [doc1], chain).taken == 0  # an old list replayed changes nothing
    assert revoked_devices(db) == {device(commune), device(world["06002"])}


def test_a_commune_cannot_sign_as_another(world, tmp_path):  # noqa: F811
    a, province = world["06001"], world["20"]
    raw = craft(a, [member_row("06002")], manifest={"unit": "06002"})
    refused(province, write(tmp_path / "as-b.sohoi", raw), "không khớp với chứng thư")
    raw = craft(a, [member_row("06001"), member_row("06002")])
    refused(province, write(tmp_path / "b-rows.sohoi", raw), "không thuộc người gửi")


def test_a_body_resealed_under_another_signer_is_refused(world, tmp_path):  # noqa: F811
    a, b, province = world["06001"], world["06002"], world["20"]
    add_members(a, 3)
    genuine = export_up(a, tmp_path / "usb").paths[0].read_bytes()
    spans = regions(genuine)
    bodies = [genuine[slice(*spans[f"body{i}"])] for i in range(2)]
    manifest = json.loads(genuine[slice(*spans["manifest"])])
    # Commune B signs a manifest listing A's sealed bodies (hashes match), even with A's
    # package id and seq: the bodies are bound to A's unit and device and do not open.
    for copied in ({}, {"package_id": manifest["package_id"], "seq": manifest["seq"]}):
        raw = craft(b, sealed=bodies, manifest=copied)
        refused(province, write(tmp_path / "resealed.sohoi", raw), "không giải mã được")


def test_the_manifest_of_one_package_with_the_body_of_another_is_refused(
    world,  # noqa: F811
    tmp_path,
):
    a, province = world["06001"], world["20"]
    add_members(a, 3)
    one = export_up(a, tmp_path / "1").paths[0].read_bytes()
    add_members(a, 3, prefix="Thêm")
    two = export_up(a, tmp_path / "2").paths[0].read_bytes()
    head = one[: regions(one)["body0"][0]]
    refused(province, write(tmp_path / "mixed.sohoi", head + two[regions(two)["body0"][0] :]), "")
    # Same lengths, other bytes: the hashes in the signed manifest catch it.
    body_len = sum(e - s for k, (s, e) in regions(one).items() if k.startswith("body"))
    tail = two[regions(two)["body0"][0] :][:body_len].ljust(body_len, b"\0")
    refused(province, write(tmp_path / "mixed2.sohoi", head + tail), "mã băm")


def test_a_package_not_addressed_to_this_installation_is_refused(world, tmp_path):  # noqa: F811
    a = world["06001"]
    add_members(a, 2)
    path = export_up(a, tmp_path / "usb").paths[0]
    refused(world["21"], path, "không phải của đơn vị cấp dưới")  # a sibling province
    refused(world["06002"], path, "không phải của đơn vị cấp dưới")  # a sibling commune
    refused(a, path, "không phải của đơn vị cấp dưới")  # its own package
    assert import_files(world["TW"], path).verdicts[0].status == "accepted"  # an ancestor


def receipt(signer_session, for_session, highest: int, *, chain=None, signer=None) -> bytes:
    me = identity(for_session)
    return craft(
        signer_session,
        kind="receipt",
        recipients=[],
        chain=chain,
        signer=signer,
        manifest={
            "format": RECEIPT_FORMAT,
            "seq": 0,
            "for_unit": for_session.store.unit_code,
            "for_device": me.device_id,
            "highest_contiguous": highest,
        },
    )


def test_forged_receipts_are_refused(world, tmp_path):  # noqa: F811
    a = world["06001"]
    add_members(a, 1)
    export_up(a, tmp_path / "usb")
    for n, signer in enumerate((world["06002"], world["21"], world["07001"])):
        refused(a, write(tmp_path / f"r{n}.sohoi", receipt(signer, a, 5)), "không phải")
    me, chain = foreign_chain("20", "TW")
    raw = receipt(None, a, 5, chain=chain, signer=me)
    refused(a, write(tmp_path / "foreign.sohoi", raw), "khác gốc tin cậy")
    assert a.store.db.execute("SELECT acked FROM outbox").fetchall() == [(0,)]


def test_an_old_receipt_replayed_acknowledges_nothing_less(world, tmp_path):  # noqa: F811
    a, province = world["06001"], world["20"]
    receipts = []
    for n in (1, 2):
        add_members(a, 2, prefix=f"Đợt {n}")
        package = export_up(a, tmp_path / f"up{n}").paths[0]
        back = tmp_path / f"back{n}"
        import_files(province, package, receipts=back)
        (path,) = [p for p in back.iterdir() if device(a) in p.name]
        receipts.append(path)
    for path in (receipts[1], receipts[0]):
        (verdict,) = import_files(a, path).verdicts
        assert verdict.status == "receipt"
    assert a.store.db.execute("SELECT seq, acked FROM outbox").fetchall() == [(1, 1), (2, 1)]
    add_members(a, 1, prefix="Đợt 3")
    third = export_up(a, tmp_path / "up3")
    assert third.rows == 2  # only what came after package 2: a branch and its member


# -- enrolment ------------------------------------------------------------------------------


def test_approval_needs_the_right_fingerprint_and_a_unit_directly_below(world):  # noqa: F811
    province, stranger = world["20"], world["06003"]
    request = make_request(stranger)
    with pytest.raises(TrustError, match="mã máy không khớp"):
        approve(province, request, "AAAA-BBBB-CCCC-DDDD-EEEE")
    fp = identity(stranger).fingerprint
    with pytest.raises(TrustError, match="không trực thuộc"):
        approve(world["21"], request, fp)
    tampered = request.replace(b'"unit_code":"06003"', b'"unit_code":"06009"')
    with pytest.raises(TrustError, match="không hợp lệ"):
        approve(province, tampered, fp)
    bundle = approve(province, request, fp)
    with pytest.raises(TrustError, match="không dành cho thiết bị này"):
        accept(world["06002"], bundle)
    # The child checks the parent's fingerprint, read back on the same call.
    with pytest.raises(TrustError, match="cấp trên không khớp"):
        accept(stranger, bundle, issuer_fingerprint=identity(world["21"]).fingerprint)
    assert own_chain(stranger.store.db, device(stranger)) == []
    parent_fp = identity(province).fingerprint.replace("-", " ").lower()
    assert accept(stranger, bundle, issuer_fingerprint=parent_fp).unit_code == "06003"
    assert len(own_chain(stranger.store.db, device(stranger))) == 3


def test_a_request_reusing_the_approvers_device_id_is_refused(world):  # noqa: F811
    province = world["20"]
    # Someone else's keys under the province's own device id: a certificate for it would
    # replace the province's own and cut its chain of trust.
    thief = Identity(device(province), Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    body = {
        "format": REQUEST_FORMAT,
        "unit_code": "06009",
        "unit_name": "Xã Giả",
        "level": "commune",
        "parent_code": "20",
        "device_id": thief.device_id,
        "sign_public": b64(thief.sign_public),
        "enc_public": b64(thief.enc_public),
    }
    request = canonical({"request": body, "signature": b64(thief.sign(canonical(body)))})
    chain_before = own_chain(province.store.db, device(province))
    with pytest.raises(TrustError, match="trùng"):
        approve(province, request, thief.fingerprint)
    assert own_chain(province.store.db, device(province)) == chain_before


def test_after_the_first_certificate_another_root_is_not_accepted(world):  # noqa: F811
    commune = world["06001"]
    _, chain = foreign_chain("06001", "20")
    mine = identity(commune)
    fake = sign_certificate(
        mine.certificate({"code": "06001", "level": "commune", "parent_code": "20"}, "f1" * 8),
        Identity("f1" * 8, Ed25519PrivateKey.generate(), X25519PrivateKey.generate()),
    )
    bundle = canonical(
        {
            "format": "sohoi-certificate",
            "certificate": fake.as_dict(),
            "chain": [c.as_dict() for c in chain[1:]],
        }
    )
    with pytest.raises(TrustError, match="khác gốc tin cậy"):
        accept(commune, bundle)


def test_only_the_central_level_makes_a_root(world):  # noqa: F811
    assert ensure_root(world["20"]) is None
    root = ensure_root(world["TW"])
    assert root is not None and ensure_root(world["TW"]) == root


def test_a_viewer_cannot_manage_keys(world):  # noqa: F811
    from desktop.security.users import add_user

    province = world["20"]
    add_user(province, "xem", "mat-khau-xem-1", "viewer")
    from .sync_helpers import open_with_key

    viewer = open_with_key(province.data_dir, world.keys["20"], "xem")
    try:
        with pytest.raises(PermissionDenied):
            revoke(viewer, device(world["06001"]))
        with pytest.raises(PermissionDenied):
            start_second_device(viewer)
    finally:
        viewer.close()
