"""Revocation lists: a device's word that keys it issued must no longer be trusted.

A list is versioned per issuer; version N+1 is taken only when version N is known (or N+1 is 1)
and it is signed by the issuer's key, so an old list cannot be replayed over a newer one and no
one else can write one. Lists travel in packages both ways.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlite_utils import Database

from desktop import audit
from desktop.session import Session
from desktop.sync.enrolment import identity
from desktop.sync.identity import (
    Certificate,
    TrustError,
    b64,
    canonical,
    certificate,
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


def revoke(session: Session, device_id: str) -> dict:
    """Revoke a device this installation enrolled (admin); the new signed list."""
    session.require("keys")
    db = session.store.db
    me = identity(session)
    cert = certificate(db, device_id)
    if cert is None or cert.issuer_device != me.device_id:
        raise TrustError("chỉ thu hồi được khóa của thiết bị do đơn vị này xác nhận")
    version, revoked = current(db, me.device_id)
    body = {
        "format": FORMAT,
        "issuer_device": me.device_id,
        "version": version + 1,
        "revoked": sorted({*revoked, device_id}),
        "issued_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    doc = {**body, "signature": b64(me.sign(canonical(body)))}
    with db.atomic():
        db.execute(
            "INSERT INTO revocations VALUES (?, ?, ?)", [me.device_id, version + 1, json.dumps(doc)]
        )
        audit.append(db, session.account.username, "revoke", detail=device_id)
    return doc


def apply_documents(db: Database, docs: list, chain: list[Certificate]) -> int:
    """Take the lists that are the next version of their issuer's; returns how many."""
    taken = 0
    for doc in sorted(
        (d for d in docs if isinstance(d, dict)),
        key=lambda d: (str(d.get("issuer_device")), d.get("version", 0)),
    ):
        issuer_id = doc.get("issuer_device")
        issuer = next((c for c in chain if c.device_id == issuer_id), None)
        issuer = issuer or certificate(db, str(issuer_id))
        version, _ = current(db, str(issuer_id))
        if issuer is None or doc.get("version") != version + 1:
            continue
        body = {k: v for k, v in doc.items() if k != "signature"}
        try:
            issuer.signing_key.verify(unb64(doc["signature"]), canonical(body))
        except Exception:
            continue
        if body.get("format") != FORMAT or not isinstance(body.get("revoked"), list):
            continue
        db.execute(
            "INSERT INTO revocations VALUES (?, ?, ?)", [issuer_id, version + 1, json.dumps(doc)]
        )
        taken += 1
    return taken
