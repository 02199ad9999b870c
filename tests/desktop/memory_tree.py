"""A tree of trust built in memory (central, a province, a commune; keys made here), real
packages of each kind signed with it, and signed packages of any manifest: for the tests of the
package reader and its fuzz targets."""

from __future__ import annotations

import struct
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.sync import container
from desktop.sync.container import MAGIC, VERSION, Body, PackageRejected
from desktop.sync.export import ndjson
from desktop.sync.identity import Identity, canonical, sign_certificate

from .sync_helpers import base_manifest, bulk_rows


def _identity(n: int) -> Identity:
    return Identity(f"{n:016x}", Ed25519PrivateKey.generate(), X25519PrivateKey.generate())


ROOT, PROVINCE, COMMUNE = _identity(0xA0), _identity(0xA1), _identity(0xA2)
ROOT_CERT = sign_certificate(
    ROOT.certificate({"code": "TW", "level": "central"}, ROOT.device_id), ROOT
)
PROVINCE_CERT = sign_certificate(
    PROVINCE.certificate({"code": "20", "level": "province", "parent_code": "TW"}, ROOT.device_id),
    ROOT,
)
COMMUNE_CERT = sign_certificate(
    COMMUNE.certificate(
        {"code": "06001", "level": "commune", "parent_code": "20"}, PROVINCE.device_id
    ),
    PROVINCE,
)
UP_CHAIN = [COMMUNE_CERT, PROVINCE_CERT, ROOT_CERT]
DOWN_CHAIN = [PROVINCE_CERT, ROOT_CERT]


def manifest_of(signer, seq: int = 1) -> dict:
    return base_manifest(
        signer.unit_code, signer.device_id, seq, str(uuid.UUID(int=seq, version=4))
    )


def seeds() -> list[bytes]:
    rows = ndjson(list(bulk_rows("06001", 3)))
    up, _ = container.build(
        "up",
        UP_CHAIN,
        manifest_of(COMMUNE_CERT),
        [Body(PROVINCE.device_id, rows), Body(ROOT.device_id, rows)],
        {PROVINCE.device_id: PROVINCE_CERT, ROOT.device_id: ROOT_CERT},
        COMMUNE,
    )
    down, _ = container.build(
        "down",
        DOWN_CHAIN,
        manifest_of(PROVINCE_CERT, 2),
        [Body(COMMUNE.device_id, rows)],
        {COMMUNE.device_id: COMMUNE_CERT},
        PROVINCE,
    )
    receipt, _ = container.build(
        "receipt", DOWN_CHAIN, manifest_of(PROVINCE_CERT, 3), [], {}, PROVINCE
    )
    return [up, down, receipt]


SEEDS = seeds()


def read(raw: bytes) -> str:
    """What the reader made of `raw`: "read" or "rejected"; any other exception fails."""
    try:
        package = container.read(raw, root=ROOT_CERT, revocations={})
    except PackageRejected as exc:
        assert str(exc)  # a reason for people
        return "rejected"
    for me in (PROVINCE, ROOT, COMMUNE):
        try:
            body = package.body_for(me)
        except PackageRejected as exc:
            assert str(exc)
        else:
            assert isinstance(body, bytes)
        try:  # the importer's way: a line at a time, bounded by the manifest
            lines = list(package.lines_for(me))
        except PackageRejected as exc:
            assert str(exc)
        else:
            assert all(isinstance(line, bytes) for line in lines)
    return "read"


def signed(manifest_bytes: bytes, bodies: bytes = b"", kind: int = 1) -> bytes:
    chain_bytes = canonical([c.as_dict() for c in UP_CHAIN])
    head = (
        MAGIC
        + bytes([VERSION, kind])
        + struct.pack(">I", len(chain_bytes))
        + chain_bytes
        + struct.pack(">I", len(manifest_bytes))
        + manifest_bytes
    )
    return head + COMMUNE.sign(head) + bodies


def manifest_with(draw_fields: dict) -> bytes:
    base = {**manifest_of(COMMUNE_CERT), "kind": "up", "bodies": []}
    base.update(draw_fields)
    return canonical(base)
