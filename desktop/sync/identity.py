"""Who a device is and whom it trusts: keys, fingerprints, certificates, enrolment, revocation.

Every installation (device) has an Ed25519 signing key and an X25519 encryption key, kept inside
its encrypted database. The central level's device is the root of trust (a self-signed
certificate). A device below is enrolled by its parent: the child writes a request, the parent's
operator compares the short fingerprint (read out by phone or from the printed sheet) and issues
a certificate that carries the parent's chain up to the root — and with it the encryption keys of
the parent and every ancestor, the recipients of the child's packages.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from itertools import pairwise
from typing import TypeGuard

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from sqlite_utils import Database

FINGERPRINT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REQUEST_FORMAT = "sohoi-enrolment-request"
BUNDLE_FORMAT = "sohoi-certificate"
MAX_CHAIN = 6  # central → province → district → commune, with room to spare
# How far down the administrative tree a level sits: a certificate is issued only by a device of
# a level strictly above the unit it names (a commune-level device never issues).
LEVEL_RANK = {"central": 0, "province": 1, "district": 2, "commune": 3}
# Names read from outside (certificates, requests, manifests, receipts) become file names and
# database keys: they must be plain. A device id is 16 hex digits; a unit code is the
# catalogue's (TW, 2-digit province, 3-digit district, 5-digit commune) or a short alphanumeric
# code of a unit made by hand. Never a separator, a dot or a path.
DEVICE_ID = re.compile(r"[0-9a-f]{16}")
UNIT_CODE = re.compile(r"[A-Za-z0-9]{1,16}")
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


class TrustError(Exception):
    """A key, certificate or request cannot be trusted; the message is Vietnamese."""


def is_device_id(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and DEVICE_ID.fullmatch(value) is not None


def is_unit_code(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and UNIT_CODE.fullmatch(value) is not None


def canonical(obj: object) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8 — what is signed is exactly this."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def fingerprint(sign_public: bytes, enc_public: bytes) -> str:
    """A short code people compare: 5 groups of 4 characters (100 bits) of SHA-256 of both keys."""
    digest = int.from_bytes(hashlib.sha256(b"sohoi-fp|" + sign_public + enc_public).digest(), "big")
    chars = []
    for _ in range(20):
        digest, i = divmod(digest, 32)
        chars.append(FINGERPRINT_ALPHABET[i])
    code = "".join(chars)
    return "-".join(code[i : i + 4] for i in range(0, 20, 4))


def normalise_fingerprint(text: str) -> str:
    raw = "".join(c for c in text.upper() if c.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@dataclass(frozen=True)
class Certificate:
    """A device's keys vouched for by its issuer (itself for the root)."""

    device_id: str
    unit_code: str
    level: str
    parent_code: str | None
    sign_public: str  # base64 raw Ed25519
    enc_public: str  # base64 raw X25519
    issuer_device: str
    issued_at: str
    signature: str = ""

    def body(self) -> bytes:
        d = asdict(self)
        d.pop("signature")
        return canonical({"format": "sohoi-cert", **d})

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: object) -> Certificate:
        if not isinstance(d, dict):
            raise TrustError("chứng thư sai định dạng")
        try:
            cert = cls(**{k: d[k] for k in cls.__dataclass_fields__})
        except (KeyError, TypeError):
            raise TrustError("chứng thư sai định dạng") from None
        for value in asdict(cert).values():
            if value is not None and not isinstance(value, str):
                raise TrustError("chứng thư sai định dạng")
        if not (
            is_device_id(cert.device_id)
            and is_device_id(cert.issuer_device)
            and is_unit_code(cert.unit_code)
            and (cert.parent_code is None or is_unit_code(cert.parent_code))
            and cert.level in LEVEL_RANK
        ):
            raise TrustError("chứng thư có mã đơn vị, mã thiết bị hoặc cấp không hợp lệ")
        return cert

    @property
    def signing_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(unb64(self.sign_public))

    @property
    def encryption_key(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(unb64(self.enc_public))

    @property
    def fingerprint(self) -> str:
        return fingerprint(unb64(self.sign_public), unb64(self.enc_public))

    def verify_signed_by(self, issuer: Certificate) -> None:
        try:
            issuer.signing_key.verify(unb64(self.signature), self.body())
        except (InvalidSignature, ValueError):
            raise TrustError(
                f"chữ ký chứng thư của thiết bị {self.device_id} không hợp lệ"
            ) from None


@dataclass
class Identity:
    """This installation's device and its private keys."""

    device_id: str
    sign_key: Ed25519PrivateKey
    enc_key: X25519PrivateKey

    @property
    def sign_public(self) -> bytes:
        return self.sign_key.public_key().public_bytes(*_RAW)

    @property
    def enc_public(self) -> bytes:
        return self.enc_key.public_key().public_bytes(*_RAW)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public, self.enc_public)

    def sign(self, data: bytes) -> bytes:
        return self.sign_key.sign(data)

    def certificate(self, unit: dict, issuer_device: str) -> Certificate:
        """An unsigned certificate for this device in `unit` (code, level, parent_code)."""
        return Certificate(
            self.device_id,
            unit["code"],
            unit["level"],
            unit.get("parent_code"),
            b64(self.sign_public),
            b64(self.enc_public),
            issuer_device,
            datetime.now(UTC).isoformat(timespec="seconds"),
        )


_DEVICE_FIELDS = ("device_id", "unit_code", "level", "parent_code", "sign_public", "enc_public")


def same_device(a: Certificate, b: Certificate) -> bool:
    """The same device with the same keys, unit, level and parent."""
    return all(getattr(a, k) == getattr(b, k) for k in _DEVICE_FIELDS)


def same_certificate(a: Certificate, b: Certificate) -> bool:
    """The same device, keys, unit and issuer (the issue date may differ)."""
    return same_device(a, b) and a.issuer_device == b.issuer_device


def same_chain(theirs: list[Certificate], ours: list[Certificate]) -> bool:
    return len(theirs) == len(ours) and all(map(same_certificate, theirs, ours))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def load_identity(db: Database, device_id: str) -> Identity:
    """This device's keys, created on first use (inside the encrypted database)."""
    row = db.execute(
        "SELECT sign_private, enc_private FROM device_keys WHERE device_id = ?", [device_id]
    ).fetchone()
    if row is None:
        sign, enc = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
        raw = (
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        with db.atomic():
            db.execute(
                "INSERT INTO device_keys VALUES (?, ?, ?, ?)",
                [device_id, sign.private_bytes(*raw), enc.private_bytes(*raw), _now()],
            )
        return Identity(device_id, sign, enc)
    return Identity(
        device_id,
        Ed25519PrivateKey.from_private_bytes(row[0]),
        X25519PrivateKey.from_private_bytes(row[1]),
    )


def sign_certificate(cert: Certificate, issuer: Identity) -> Certificate:
    return Certificate(**{**asdict(cert), "signature": b64(issuer.sign(cert.body()))})


def store_certificate(db: Database, cert: Certificate, role: str) -> None:
    """Keep a certificate: role self, ancestor, root, child or known."""
    db.execute(
        "INSERT OR REPLACE INTO certificates (device_id, unit_code, level, parent_code, "
        "sign_public, enc_public, issuer_device, document, role, received_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            cert.device_id,
            cert.unit_code,
            cert.level,
            cert.parent_code,
            cert.sign_public,
            cert.enc_public,
            cert.issuer_device,
            json.dumps(cert.as_dict()),
            role,
            _now(),
        ],
    )


def certificates(db: Database, role: str | None = None) -> list[Certificate]:
    sql = "SELECT document FROM certificates"
    args: list = []
    if role:
        sql += " WHERE role = ?"
        args.append(role)
    return [Certificate.from_dict(json.loads(r[0])) for r in db.execute(sql, args)]


def certificate(db: Database, device_id: str) -> Certificate | None:
    row = db.execute(
        "SELECT document FROM certificates WHERE device_id = ?", [device_id]
    ).fetchone()
    return Certificate.from_dict(json.loads(row[0])) if row else None


def own_chain(db: Database, device_id: str) -> list[Certificate]:
    """This device's certificate followed by its issuers' up to the root; [] if not enrolled."""
    chain: list[Certificate] = []
    current = certificate(db, device_id)
    while current is not None and len(chain) <= MAX_CHAIN:
        chain.append(current)
        if current.issuer_device == current.device_id:
            return chain
        current = certificate(db, current.issuer_device)
    return []


def trusted_root(db: Database) -> Certificate | None:
    roots = certificates(db, "root")
    return roots[0] if roots else None


def revocation_lists(db: Database) -> dict[str, frozenset[str]]:
    """Each issuer's newest revocation list: issuer device → the devices it revokes.

    A list is whole (version N+1 repeats what N revoked, or leaves one out: an un-revocation),
    so only the newest counts.
    """
    lists: dict[str, frozenset[str]] = {}
    for issuer, doc in db.execute(
        "SELECT issuer_device, document FROM revocations r WHERE version = "
        "(SELECT MAX(version) FROM revocations WHERE issuer_device = r.issuer_device)"
    ):
        lists[issuer] = frozenset(json.loads(doc)["revoked"])
    return lists


def issuers_above(db: Database, device_id: str) -> list[str] | None:
    """The devices above a known device, its issuer first, up to the root; None if unknown."""
    cert = certificate(db, device_id)
    if cert is None:
        return None
    above: list[str] = []
    while cert is not None and cert.issuer_device != cert.device_id and len(above) < MAX_CHAIN:
        above.append(cert.issuer_device)
        cert = certificate(db, cert.issuer_device)
    return above


def revoked_devices(db: Database) -> set[str]:
    """The devices revoked by a device allowed to: the one that issued their certificate or one
    above it. A device whose certificate is not known here yet counts as listed; its chain is
    checked against the lists when it shows up (`verify_chain`)."""
    revoked: set[str] = set()
    for issuer, listed in revocation_lists(db).items():
        for device in listed:
            above = issuers_above(db, device)
            if above is None or issuer in above:
                revoked.add(device)
    return revoked


def catalogue_parent(unit_code: str) -> str | None:
    """The parent code the administrative catalogue gives a unit; None when it does not know it
    (a unit made by hand, a former district)."""
    from desktop.units.catalogue import parent_code

    return parent_code(unit_code)


def check_link(cert: Certificate, issuer: Certificate) -> None:
    """Whether `issuer` may vouch for `cert`: the device of the unit's parent, at a level above
    it, and where the catalogue knows the unit, its parent there."""
    if cert.issuer_device != issuer.device_id:
        raise TrustError("chuỗi chứng thư không liền mạch")
    if cert.parent_code != issuer.unit_code:
        raise TrustError(f"đơn vị {cert.unit_code} không trực thuộc {issuer.unit_code}")
    if LEVEL_RANK[issuer.level] >= LEVEL_RANK[cert.level] or issuer.level == "commune":
        raise TrustError(
            f"thiết bị của đơn vị {issuer.unit_code} không có quyền xác nhận đơn vị "
            f"{cert.unit_code} (không phải cấp trên của đơn vị đó)"
        )
    known = catalogue_parent(cert.unit_code)
    if known is not None and known != cert.parent_code:
        raise TrustError(
            f"theo danh mục hành chính, đơn vị {cert.unit_code} không trực thuộc {cert.parent_code}"
        )


def verify_chain(
    chain: list[Certificate],
    root: Certificate,
    revocations: Mapping[str, Collection[str]],
) -> None:
    """Each certificate issued by the next (`check_link`), the last the trusted root, none
    revoked by a device above it in the chain.

    `revocations` is each issuer's list (`revocation_lists`): a list counts only against the
    devices below its issuer, so a device cannot revoke its siblings or its parents.
    """
    if not chain or len(chain) > MAX_CHAIN:
        raise TrustError("thiếu chuỗi chứng thư")
    last = chain[-1]
    if (last.device_id, last.sign_public) != (root.device_id, root.sign_public):
        raise TrustError("chứng thư không thuộc hệ thống Hội này (khác gốc tin cậy)")
    if last.level != "central" or last.issuer_device != last.device_id:
        raise TrustError("gốc tin cậy phải là thiết bị của cấp trung ương")
    last.verify_signed_by(last)
    for cert, issuer in pairwise(chain):
        check_link(cert, issuer)
        cert.verify_signed_by(issuer)
    for i, cert in enumerate(chain):
        if any(cert.device_id in revocations.get(c.device_id, ()) for c in chain[i + 1 :]):
            raise TrustError(f"khóa của thiết bị {cert.device_id} đã bị thu hồi")
