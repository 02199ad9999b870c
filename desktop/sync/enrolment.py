"""Enrolment: a child device asks, its parent's operator checks the fingerprint and vouches.

1. `make_request` (child): its unit, device id and public keys, signed with its own key (proof
   that it holds the private key). The operator prints or reads out the fingerprint.
2. `approve` (parent, admin): refuses unless the fingerprint typed by the operator matches the
   request's and the child's unit is directly below this one; issues a certificate and returns
   it with this device's chain to the root.
3. `accept` (child, admin): checks the certificate is for its own keys and the chain is sound;
   from then on it knows its root of trust and the encryption keys of its parent and ancestors.
The central level's device is its own root (`ensure_root`). A unit on two PCs enrols two devices:
the second PC starts from a copy of the first one's folder and becomes a device of its own with
`start_second_device` before it asks.
"""

from __future__ import annotations

import json

from cryptography.exceptions import InvalidSignature

from desktop.security import audit
from desktop.security.session import Session
from desktop.sync.identity import (
    BUNDLE_FORMAT,
    LEVEL_RANK,
    REQUEST_FORMAT,
    Certificate,
    Identity,
    TrustError,
    b64,
    canonical,
    catalogue_parent,
    certificate,
    fingerprint,
    is_device_id,
    is_unit_code,
    load_identity,
    normalise_fingerprint,
    own_chain,
    revocation_lists,
    sign_certificate,
    store_certificate,
    trusted_root,
    unb64,
    verify_chain,
)

MAX_DOCUMENT = 64 * 1024


def _unit(session: Session) -> dict:
    store = session.store
    row = store.db.execute(
        "SELECT code, name, level, parent_code FROM units WHERE code = ?", [store.unit_code]
    ).fetchone()
    if row is None:
        raise TrustError("chưa có thông tin đơn vị")
    return {"code": row[0], "name": row[1], "level": row[2], "parent_code": row[3]}


def identity(session: Session) -> Identity:
    return load_identity(session.store.db, session.store.site_id)


def ensure_root(session: Session) -> Certificate | None:
    """At the central level: this device's self-signed root certificate (made once)."""
    unit = _unit(session)
    if unit["level"] != "central":
        return None
    me = identity(session)
    db = session.store.db
    existing = certificate(db, me.device_id)
    if existing is not None:
        return existing
    cert = sign_certificate(me.certificate(unit, me.device_id), me)
    with db.atomic():
        store_certificate(db, cert, "root")
        audit.append(db, session.account.username, "root_create", detail=me.fingerprint)
    return cert


def make_request(session: Session) -> bytes:
    """The enrolment request file of this device."""
    return request_document(identity(session), _unit(session))


def request_document(me: Identity, unit: dict) -> bytes:
    """The request of device `me` for `unit` (code, name, level, parent_code), self-signed."""
    body = {
        "format": REQUEST_FORMAT,
        "unit_code": unit["code"],
        "unit_name": unit["name"],
        "level": unit["level"],
        "parent_code": unit["parent_code"],
        "device_id": me.device_id,
        "sign_public": b64(me.sign_public),
        "enc_public": b64(me.enc_public),
    }
    return canonical({"request": body, "signature": b64(me.sign(canonical(body)))})


def read_request(data: bytes) -> tuple[dict, str]:
    """(request body, fingerprint) after checking the self-signature."""
    if len(data) > MAX_DOCUMENT:
        raise TrustError("tệp yêu cầu quá lớn")
    try:
        doc = json.loads(data.decode("utf-8"))
        body, signature = doc["request"], unb64(doc["signature"])
        if body["format"] != REQUEST_FORMAT:
            raise ValueError
        for key in ("unit_code", "level", "device_id", "sign_public", "enc_public"):
            if not isinstance(body[key], str):
                raise ValueError
        parent = body.get("parent_code")
        if not (
            is_device_id(body["device_id"])
            and is_unit_code(body["unit_code"])
            and (parent is None or is_unit_code(parent))
            and body["level"] in LEVEL_RANK
        ):
            raise ValueError
        probe = Certificate(
            body["device_id"],
            body["unit_code"],
            body["level"],
            body.get("parent_code"),
            body["sign_public"],
            body["enc_public"],
            body["device_id"],
            "",
        )
        probe.signing_key.verify(signature, canonical(body))
    except (InvalidSignature, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        # Not JSON, not UTF-8 (ValueError), a field missing or of another type, a key of the
        # wrong length, a signature that does not hold: the same answer.
        raise TrustError("tệp yêu cầu đăng ký khóa không hợp lệ hoặc đã bị sửa") from None
    return body, fingerprint(unb64(body["sign_public"]), unb64(body["enc_public"]))


def _check_below(unit: dict, body: dict) -> None:
    """The requesting unit must sit directly below this one: named as its parent, at a lower
    level, and where the administrative catalogue knows it, below this unit there too. A
    commune-level unit has nothing below it and never approves."""
    code = body["unit_code"]
    if unit["level"] == "commune":
        raise TrustError("đơn vị cấp xã không xác nhận thiết bị cho đơn vị nào khác")
    if body.get("parent_code") != unit["code"]:
        raise TrustError(f"đơn vị {code} không trực thuộc đơn vị này")
    if LEVEL_RANK[body["level"]] <= LEVEL_RANK[unit["level"]]:
        raise TrustError(f"đơn vị {code} không phải đơn vị cấp dưới của đơn vị này")
    known = catalogue_parent(code)
    if known is not None and known != unit["code"]:
        raise TrustError(
            f"theo danh mục hành chính, đơn vị {code} không trực thuộc đơn vị này "
            f"(mà trực thuộc {known})"
        )


def approve(session: Session, request: bytes, typed_fingerprint: str) -> bytes:
    """Issue the certificate for a child device; the bundle file for it to accept."""
    session.require("keys")
    body, fp = read_request(request)
    if normalise_fingerprint(typed_fingerprint) != fp:
        raise TrustError(
            "mã máy không khớp với tệp yêu cầu: có thể tệp đã bị đánh tráo. "
            "Hãy đối chiếu lại với phiếu của đơn vị cấp dưới."
        )
    unit = _unit(session)
    _check_below(unit, body)
    db = session.store.db
    me = identity(session)
    ensure_root(session)  # a fresh centre approves its first province without `sohoi keys`
    chain = own_chain(db, me.device_id)
    if not chain:
        raise TrustError("thiết bị này chưa được cấp trên xác nhận khóa; hãy đăng ký trước")
    known = db.execute(
        "SELECT role FROM certificates WHERE device_id = ?", [body["device_id"]]
    ).fetchone()
    if known and known[0] in ("self", "ancestor", "root"):
        # A certificate is stored by device id: issuing one for our own (or an ancestor's) id
        # would replace the certificate our chain of trust is made of.
        raise TrustError("mã thiết bị trong yêu cầu trùng với thiết bị của cấp này hoặc cấp trên")
    child = Certificate(
        body["device_id"],
        body["unit_code"],
        body["level"],
        unit["code"],
        body["sign_public"],
        body["enc_public"],
        me.device_id,
        "",
    )
    child = sign_certificate(
        Certificate(**{**child.as_dict(), "issued_at": me.certificate(unit, "").issued_at}), me
    )
    with db.atomic():
        store_certificate(db, child, "child")
        audit.append(
            db,
            session.account.username,
            "enrol_approve",
            detail=f"{child.unit_code}:{child.device_id}",
        )
    return canonical(
        {
            "format": BUNDLE_FORMAT,
            "certificate": child.as_dict(),
            "chain": [c.as_dict() for c in chain],
        }
    )


def accept(
    session: Session, bundle: bytes, *, issuer_fingerprint: str | None = None
) -> Certificate:
    """Take the certificate issued by the parent; returns it.

    The first certificate also fixes the root of trust (trust on first use). The operator can
    check that the bundle comes from the real parent by giving the parent's fingerprint, read
    out on the same phone call (`issuer_fingerprint`): the child's fingerprint protects the
    parent from a swapped request, this one the child from a swapped certificate.
    """
    session.require("keys")
    if len(bundle) > MAX_DOCUMENT:
        raise TrustError("tệp chứng thư quá lớn")
    try:
        doc = json.loads(bundle.decode("utf-8"))
        if doc["format"] != BUNDLE_FORMAT:
            raise ValueError
        cert = Certificate.from_dict(doc["certificate"])
        chain = [Certificate.from_dict(c) for c in doc["chain"]]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise TrustError("tệp chứng thư không hợp lệ") from None
    me = identity(session)
    if (cert.device_id, cert.sign_public, cert.enc_public) != (
        me.device_id,
        b64(me.sign_public),
        b64(me.enc_public),
    ):
        raise TrustError("chứng thư này không dành cho thiết bị này")
    if not chain:
        raise TrustError("chứng thư thiếu chuỗi tới gốc tin cậy")
    db = session.store.db
    root = trusted_root(db) or chain[-1]
    verify_chain([cert, *chain], root, revocation_lists(db))
    if issuer_fingerprint is not None and normalise_fingerprint(
        issuer_fingerprint
    ) != normalise_fingerprint(chain[0].fingerprint):
        raise TrustError(
            "mã máy của cấp trên không khớp với tệp chứng thư: có thể tệp đã bị đánh "
            "tráo. Hãy hỏi lại cấp trên (lệnh sohoi keys)."
        )
    with db.atomic():
        store_certificate(db, cert, "self")
        for c in chain[:-1]:
            store_certificate(db, c, "ancestor")
        store_certificate(db, chain[-1], "root")
        audit.append(db, session.account.username, "enrol_accept", detail=cert.issuer_device)
    return cert


def start_second_device(session: Session) -> Identity:
    """Make this installation, a copy of another PC's folder of the same unit, a device of its own.

    A copy shares the original's site id (the clock stamps' tie-breaker), device keys and package
    numbering; both would sign different packages with the same seq, which the level above
    rightly takes for forgery. This gives it a new site id and new keys, and forgets what belongs
    to the original device: its certificate, the devices it enrolled, its sent packages
    (outbox), what it received and still had to relay. The root of trust stays (trust on first
    use was already made), the data and the accounts stay. Then enrol it like any device.
    Admin only; the new identity.
    """
    session.require("keys")
    store = session.store
    db = store.db
    old = store.site_id
    with store.new_site_id() as site:
        db.execute("DELETE FROM device_keys")
        db.execute("DELETE FROM certificates WHERE role IN ('self', 'child')")
        for table in ("outbox", "relay", "ledger"):
            db.execute(f"DELETE FROM {table}")
        audit.append(db, session.account.username, "second_device", detail=f"{old} -> {site}")
    return identity(session)
