"""docs/SYNC-FORMAT.md is true: real files are read here by the document alone — the layout,
the signature, an independent RFC 9180 opening of a body, the row shape, the fingerprint, the
certificate, request and receipt documents, the file names."""

import hashlib
import hmac
import json
import re
import struct
import zlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from db.schema import TABLES
from desktop.sync.enrolment import approve, identity, make_request
from desktop.sync.export import export_up
from desktop.sync.identity import unb64

from .sync_helpers import add_members, import_files, template, world  # noqa: F401

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def canonical(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


# -- RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / ChaCha20-Poly1305 ---------


def _extract(salt: bytes, ikm: bytes) -> bytes:
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def _labeled_extract(suite: bytes, salt: bytes, label: bytes, ikm: bytes) -> bytes:
    return _extract(salt, b"HPKE-v1" + suite + label + ikm)


def _labeled_expand(suite: bytes, prk: bytes, label: bytes, info: bytes, n: int) -> bytes:
    full = n.to_bytes(2, "big") + b"HPKE-v1" + suite + label + info
    return HKDFExpand(hashes.SHA256(), n, full).derive(prk)


def hpke_open(sealed: bytes, private_key, info: bytes) -> bytes:
    enc, ciphertext = sealed[:32], sealed[32:]
    mine = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    dh = private_key.exchange(X25519PublicKey.from_public_bytes(enc))
    kem = b"KEM" + (0x0020).to_bytes(2, "big")
    shared = _labeled_expand(
        kem, _labeled_extract(kem, b"", b"eae_prk", dh), b"shared_secret", enc + mine, 32
    )
    suite = b"HPKE" + bytes([0, 0x20, 0, 0x01, 0, 0x03])
    context = (
        b"\x00"
        + _labeled_extract(suite, b"", b"psk_id_hash", b"")
        + _labeled_extract(suite, b"", b"info_hash", info)
    )
    secret = _labeled_extract(suite, shared, b"secret", b"")
    key = _labeled_expand(suite, secret, b"key", context, 32)
    nonce = _labeled_expand(suite, secret, b"base_nonce", context, 12)
    return ChaCha20Poly1305(key).decrypt(nonce, ciphertext, b"")


def read_by_the_document(raw: bytes) -> tuple[int, list, dict, int, int]:
    """(kind, chain, manifest, end of the signed part, start of the bodies), signature checked."""
    assert raw[:8] == b"SOHOIPKG" and raw[8] == 1
    (c,) = struct.unpack(">I", raw[10:14])
    chain = json.loads(raw[14 : 14 + c])
    assert raw[14 : 14 + c] == canonical(chain)
    (m,) = struct.unpack(">I", raw[14 + c : 18 + c])
    manifest = json.loads(raw[18 + c : 18 + c + m])
    assert raw[18 + c : 18 + c + m] == canonical(manifest)
    signed_end = 18 + c + m
    key = Ed25519PublicKey.from_public_bytes(unb64(chain[0]["sign_public"]))
    key.verify(raw[signed_end : signed_end + 64], raw[:signed_end])
    return raw[9], chain, manifest, signed_end, signed_end + 64


def fingerprint(sign_public: str, enc_public: str) -> str:
    n = int.from_bytes(
        hashlib.sha256(b"sohoi-fp|" + unb64(sign_public) + unb64(enc_public)).digest(), "big"
    )
    chars = []
    for _ in range(20):
        n, i = divmod(n, 32)
        chars.append(ALPHABET[i])
    return "-".join("".join(chars[i : i + 4]) for i in range(0, 20, 4))


def open_body(raw: bytes, manifest: dict, pos: int, mine) -> bytes:
    """The body for `mine` (an Identity), every body's hash checked, by the document alone."""
    plain = b""
    for entry in manifest["bodies"]:
        sealed = raw[pos : pos + entry["length"]]
        pos += entry["length"]
        assert hashlib.sha256(sealed).hexdigest() == entry["sha256"]
        if entry["recipient"] != mine.device_id:
            continue
        info = canonical(
            {
                "package_id": manifest["package_id"],
                "unit": manifest["unit"],
                "device": manifest["device"],
                "seq": manifest["seq"],
                "recipient": mine.device_id,
            }
        )
        plain = zlib.decompress(hpke_open(sealed, mine.enc_key, info))
        assert len(plain) == entry["plain_length"]
    assert pos == len(raw)
    return plain


def test_an_up_package_byte_by_byte(world, tmp_path):  # noqa: F811
    commune, province = world["06001"], world["20"]
    add_members(commune, 3)
    (path,) = export_up(commune, tmp_path / "usb").paths
    me = identity(commune)
    assert re.fullmatch(rf"06001_{me.device_id}_000001\.sohoi", path.name)
    raw = path.read_bytes()
    kind, chain, manifest, signed_end, pos = read_by_the_document(raw)
    assert kind == 1 and manifest["kind"] == "up" and manifest["format"] == "sohoi-package"
    assert [c["unit_code"] for c in chain] == ["06001", "20", "TW"]
    for cert, issuer in zip(chain, chain[1:] + chain[-1:], strict=True):
        body = canonical(
            {"format": "sohoi-cert", **{k: v for k, v in cert.items() if k != "signature"}}
        )
        Ed25519PublicKey.from_public_bytes(unb64(issuer["sign_public"])).verify(
            unb64(cert["signature"]), body
        )
    assert (manifest["unit"], manifest["device"], manifest["seq"]) == ("06001", me.device_id, 1)
    assert manifest["prev"] is None and manifest["base_seq"] == 0
    assert [b["recipient"] for b in manifest["bodies"]] == [
        chain[1]["device_id"],
        chain[2]["device_id"],
    ]
    # The province opens its body with nothing but RFC 9180 and zlib.
    plain = open_body(raw, manifest, pos, identity(province))
    rows = [json.loads(line) for line in plain.splitlines()]
    assert len(rows) == 5 and manifest["counts"] == {"units": 1, "branches": 1, "members": 3}
    for row in rows:
        assert set(row) == {"table", "id", "unit_code", "values", "clocks"}
        assert set(row["values"]) == {*TABLES[row["table"]].field_names, "is_deleted"}
        for stamp in row["clocks"].values():
            assert isinstance(stamp[0], int) and re.fullmatch(r"[0-9a-f]{16}", stamp[1])
    # The ledger keys it by the SHA-256 of the signed part.
    import_files(province, path)
    (stored,) = province.store.db.execute("SELECT manifest_hash FROM ledger").fetchone()
    assert stored == hashlib.sha256(raw[:signed_end]).hexdigest()


def test_snapshots_and_the_calendar_by_the_document(world, tmp_path):  # noqa: F811
    from datetime import date

    from db.periods import Period
    from desktop.periods.closing import close_period, reopen_period
    from desktop.sync.calendar import declare
    from desktop.sync.export import export_down

    commune, province, centre = world["06001"], world["20"], world["TW"]
    for session in (commune, province, centre):
        session.store.today = lambda: date(2026, 7, 10)
    add_members(commune, 2)
    close_period(commune, "2026-H1")
    reopen_period(commune, "2026-H1", "Sửa")
    close_period(commune, "2026-H1")
    (path,) = export_up(commune, tmp_path / "usb").paths
    raw = path.read_bytes()
    _, _, manifest, _, pos = read_by_the_document(raw)
    lines = open_body(raw, manifest, pos, identity(province)).splitlines()
    n = manifest["counts"]["period_snapshots"]
    assert n == 2
    fields = {
        *("period_id", "unit_code", "version", "period_name", "cut_off", "due", "closed_at"),
        *("closed_on", "closed_by", "reason", "figures", "fingerprint", "reopened_at"),
        *("closed_site", "reopened_by", "reopen_reason"),
    }
    snaps = [json.loads(line) for line in lines[:n]]
    for line in snaps:
        assert set(line) == {"table", "snapshot"} and line["table"] == "period_snapshots"
        assert set(line["snapshot"]) == fields
        figures = line["snapshot"]["figures"]
        assert {"as_of", "indicators", "counts"} <= set(figures)
        assert figures["counts"]["members"] == 2
    assert [s["snapshot"]["version"] for s in snaps] == [1, 2]
    assert snaps[0]["snapshot"]["reopen_reason"] == "Sửa"
    assert snaps[0]["snapshot"]["closed_site"] == identity(commune).device_id
    assert all("table" in json.loads(line) and "id" in json.loads(line) for line in lines[n:])

    declare(centre, Period("2026-KS", "Khảo sát", date(2026, 9, 30), date(2026, 10, 10)))
    (down, *_receipts) = export_down(centre, tmp_path / "down").paths
    raw = down.read_bytes()
    kind, chain, manifest, _, _ = read_by_the_document(raw)
    doc = manifest["periods"]
    assert (
        kind == 2
        and doc["format"] == "sohoi-periods"
        and doc["issuer_device"] == chain[-1]["device_id"]
    )
    Ed25519PublicKey.from_public_bytes(unb64(chain[-1]["sign_public"])).verify(
        unb64(doc["signature"]), canonical({k: v for k, v in doc.items() if k != "signature"})
    )
    assert doc["periods"] == [
        {"id": "2026-KS", "name": "Khảo sát", "cut_off": "2026-09-30", "due": "2026-10-10"}
    ]


def test_receipts_requests_and_certificates_by_the_document(world, tmp_path):  # noqa: F811
    commune, province = world["06001"], world["20"]
    export_up(commune, tmp_path / "usb")
    (path,) = import_files(province, tmp_path / "usb", receipts=tmp_path / "back").receipts
    dev = identity(commune).device_id
    assert re.fullmatch(rf"receipt_06001_{dev}_\d{{8}}T\d{{6}}\.sohoi", path.name)
    raw = path.read_bytes()
    kind, chain, manifest, _, pos = read_by_the_document(raw)
    assert kind == 3 and pos == len(raw) and manifest["bodies"] == []
    assert manifest["format"] == "sohoi-receipt" and chain[0]["unit_code"] == "20"
    assert (manifest["for_unit"], manifest["for_device"]) == ("06001", dev)
    assert manifest["highest_contiguous"] == 1 and manifest["received"] == [1]

    stranger = world["06003"]
    request = make_request(stranger)
    doc = json.loads(request)
    assert request == canonical(doc) and set(doc) == {"request", "signature"}
    body = doc["request"]
    assert body["format"] == "sohoi-enrolment-request" and body["parent_code"] == "20"
    Ed25519PublicKey.from_public_bytes(unb64(body["sign_public"])).verify(
        unb64(doc["signature"]), canonical(body)
    )
    fp = fingerprint(body["sign_public"], body["enc_public"])
    assert fp == identity(stranger).fingerprint
    bundle = json.loads(approve(province, request, fp))
    assert bundle["format"] == "sohoi-certificate"
    assert [c["unit_code"] for c in bundle["chain"]] == ["20", "TW"]
    assert bundle["certificate"]["issuer_device"] == bundle["chain"][0]["device_id"]
