"""Revocation lists: a device's word that keys it issued must no longer be trusted.

A list is versioned per issuer and whole (each version names every device it revokes); version
N+1 is taken only when version N is known (or N+1 is 1) and it is signed by the issuer's key, so
an old list cannot be replayed over a newer one and no one else can write one. A list counts
only against the devices the issuer vouched for, directly or through the devices it enrolled:
a device cannot revoke its siblings or the devices above it, and such a list is refused and
raised as an alarm. Leaving a device out of the next version takes it back (`unrevoke`). Lists
travel in packages both ways.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from sqlite_utils import Database

from desktop.security import audit
from desktop.security.session import Session
from desktop.sync.enrolment import identity
from desktop.sync.identity import (
    Certificate,
    TrustError,
    b64,
    canonical,
    certificate,
    is_device_id,
    issuers_above,
    unb64,
)

FORMAT = "sohoi-revocations"


def current(db: Database, issuer: str) -> tuple[int, list[str]]:
    row = db.execute(
        "SELECT version, document FROM revocations WHERE issuer_device = ? "
        "ORDER BY version DESC LIMIT 1",
        [issuer],
    ).fetchone()
    if row is None:
        return 0, []
    return row[0], json.loads(row[1])["revoked"]


@dataclass
class Applied:
    """What `apply_documents` did: lists taken, and lists refused as (issuer, reason)."""

    taken: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)


def _publish(session: Session, revoked: set[str], action: str, device_id: str) -> dict:
    db = session.store.db
    me = identity(session)
    version, _ = current(db, me.device_id)
    body = {
        "format": FORMAT,
        "issuer_device": me.device_id,
        "version": version + 1,
        "revoked": sorted(revoked),
        "issued_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    doc = {**body, "signature": b64(me.sign(canonical(body)))}
    with db.atomic():
        db.execute(
            "INSERT INTO revocations VALUES (?, ?, ?)", [me.device_id, version + 1, json.dumps(doc)]
        )
        audit.append(db, session.account.username, action, detail=device_id)
    return doc


def revoke(session: Session, device_id: str) -> dict:
    """Revoke a device this installation enrolled, or one enrolled below those (admin); the new
    signed list."""
    session.require("keys")
    db = session.store.db
    me = identity(session)
    above = issuers_above(db, device_id)
    if above is None or me.device_id not in above:
        raise TrustError("chỉ thu hồi được khóa của thiết bị do đơn vị này hoặc cấp dưới xác nhận")
    _, revoked = current(db, me.device_id)
    return _publish(session, {*revoked, device_id}, "revoke", device_id)


def unrevoke(session: Session, device_id: str) -> dict:
    """Take back this installation's revocation of a device (admin): the next version of its
    list leaves the device out, and travels like the list did."""
    session.require("keys")
    db = session.store.db
    _, revoked = current(db, identity(session).device_id)
    if device_id not in revoked:
        raise TrustError(f"thiết bị {device_id} không có trong danh sách thu hồi của đơn vị này")
    return _publish(session, set(revoked) - {device_id}, "unrevoke", device_id)


def _authority(db: Database, issuer: Certificate, listed: list, chain: list[Certificate]) -> str:
    """Why `issuer` may not revoke the devices of `listed`; "" when it may."""
    if issuer.level == "commune":
        return "thiết bị cấp xã không xác nhận thiết bị nào nên không được thu hồi khóa"
    in_chain = [c.device_id for c in chain]
    for device in listed:
        if not is_device_id(device):
            return "mã thiết bị không hợp lệ"
        if device in in_chain:
            above = in_chain[in_chain.index(device) + 1 :]
        else:
            found = issuers_above(db, device)
            if found is None:
                continue  # not known here: checked against its chain when it shows up
            above = found
        if issuer.device_id not in above:
            return f"thiết bị {device} không do thiết bị này hay cấp dưới của nó xác nhận"
    return ""


def _version(doc: dict) -> int:
    v = doc.get("version")
    return v if isinstance(v, int) and not isinstance(v, bool) else -1


def apply_documents(db: Database, docs: list, chain: list[Certificate]) -> Applied:
    """Take the lists that are the next version of their issuer's, signed by it, naming only
    devices it may revoke; the others are left (an old one) or refused (a forged one)."""
    outcome = Applied()
    for doc in sorted(
        (d for d in docs if isinstance(d, dict)),
        key=lambda d: (str(d.get("issuer_device")), _version(d)),
    ):
        issuer_id = doc.get("issuer_device")
        if not is_device_id(issuer_id):
            continue
        issuer = next((c for c in chain if c.device_id == issuer_id), None)
        issuer = issuer or certificate(db, issuer_id)
        version, _ = current(db, issuer_id)
        if issuer is None or doc.get("version") != version + 1:
            continue
        body = {k: v for k, v in doc.items() if k != "signature"}
        try:
            issuer.signing_key.verify(unb64(doc["signature"]), canonical(body))
        except (InvalidSignature, ValueError, KeyError, TypeError, AttributeError):
            outcome.refused.append((issuer_id, "chữ ký không hợp lệ"))
            continue
        listed = body.get("revoked")
        if body.get("format") != FORMAT or not isinstance(listed, list):
            continue
        reason = _authority(db, issuer, listed, chain)
        if reason:
            outcome.refused.append((issuer_id, reason))
            continue
        db.execute(
            "INSERT INTO revocations VALUES (?, ?, ?)", [issuer_id, version + 1, json.dumps(doc)]
        )
        outcome.taken += 1
    return outcome
