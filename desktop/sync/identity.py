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
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from itertools import pairwise

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from sqlite_utils import Database

FINGERPRINT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REQUEST_FORMAT = "sohoi-enrolment-request"
BUNDLE_FORMAT = "sohoi-certificate"
MAX_CHAIN = 6  # central → province → district → commune, with room to spare
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


class TrustError(Exception):
    """A key, certificate or request cannot be trusted; the message is Vietnamese."""


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
    chain = []
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


def revoked_devices(db: Database) -> set[str]:
    revoked: set[str] = set()
    for (doc,) in db.execute("SELECT document FROM revocations"):
        revoked.update(json.loads(doc)["revoked"])
    return revoked


def verify_chain(chain: list[Certificate], root: Certificate, revoked: set[str]) -> None:
    """Each certificate signed by the next, the last the trusted root, units nested properly."""
    if not chain or len(chain) > MAX_CHAIN:
        raise TrustError("thiếu chuỗi chứng thư")
    last = chain[-1]
    if (last.device_id, last.sign_public) != (root.device_id, root.sign_public):
        raise TrustError("chứng thư không thuộc hệ thống Hội này (khác gốc tin cậy)")
    last.verify_signed_by(last)
    for cert, issuer in pairwise(chain):
        if cert.issuer_device != issuer.device_id:
            raise TrustError("chuỗi chứng thư không liền mạch")
        if cert.parent_code != issuer.unit_code:
            raise TrustError(f"đơn vị {cert.unit_code} không trực thuộc {issuer.unit_code}")
        cert.verify_signed_by(issuer)
    for cert in chain:
        if cert.device_id in revoked:
            raise TrustError(f"khóa của thiết bị {cert.device_id} đã bị thu hồi")
