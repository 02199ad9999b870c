"""Writing packages to a USB stick: upward with the unit's changes, downward with what it owns.

Upward (`export_up`): every row of this unit changed since the last package its parent
acknowledged (so a lost stick is covered by the next one), sealed for the parent and each
ancestor, numbered `seq` with `prev` the hash of the previous one; at an upper level also the
original files of the units below that its own parent has not acknowledged yet, unchanged, so
the central level checks each commune's own signature. Downward (`export_down`): the rows this
unit and its ancestors own (targets…), revocation lists and the centre's calendar of periods,
sealed for every enrolled child device, plus the receipts for them.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from db.merge import export_rows
from db.migrations import LATEST
from db.period_sync import snapshot_lines
from db.periods import calendar_document
from desktop.files import atomic_write_bytes, child_path
from desktop.security import audit
from desktop.security.session import Session
from desktop.sync import container
from desktop.sync.container import Body
from desktop.sync.enrolment import identity
from desktop.sync.identity import (
    Certificate,
    Identity,
    TrustError,
    certificates,
    is_device_id,
    is_unit_code,
    own_chain,
    revoked_devices,
)

FORMAT = "sohoi-package"
SUFFIX = ".sohoi"
# A first package, written before the device was approved (desktop/sync/first_trip.py): read
# only once the level above issued its certificate, and only against that certificate.
FIRST_SUFFIX = ".sohoi-first"


@dataclass
class ExportResult:
    paths: list[Path] = field(default_factory=list)
    rows: int = 0
    relayed: int = 0
    seq: int | None = None
    first: bool = False  # the first trip's files: the request and the first package


def package_name(unit: str, device: str, seq: int) -> str:
    """`<unit>_<device>_<seq>.sohoi`: nothing personal in a file name, and nothing but a plain
    name (the unit code and device id come from certificates: never a path)."""
    if not (is_unit_code(unit) and is_device_id(device)):
        raise TrustError("mã đơn vị hoặc mã thiết bị không hợp lệ: không dùng làm tên tệp")
    return f"{unit}_{device}_{seq:06d}{SUFFIX}"


def ndjson(rows: list[dict]) -> bytes:
    return b"".join(
        json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for r in rows
    )


def _acked(db: Database) -> tuple[int, int]:
    """(seq, db_version) of the highest package the parent acknowledged; (0, 0) if none."""
    row = db.execute(
        "SELECT seq, db_version_to FROM outbox WHERE acked = 1 ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return (row[0], row[1]) if row else (0, 0)


def _revocation_docs(db: Database) -> list[dict]:
    return [
        json.loads(r[0])
        for r in db.execute("SELECT document FROM revocations ORDER BY issuer_device, version")
    ]


def seal_up(
    chain: list[Certificate],
    me: Identity,
    rows: list[dict],
    *,
    seq: int,
    prev: str | None,
    created_at: str,
    clock: int,
    since_version: int = 0,
    base_seq: int = 0,
    db_version_to: int = 0,
    revocations: list[dict] | None = None,
    only_parent: bool = False,
) -> tuple[bytes, str, dict]:
    """An up package of `rows` signed by `me` (whose chain is `chain`), sealed for every device
    above it (`only_parent`: for the parent's device only): (file bytes, manifest hash,
    manifest)."""
    recipients = {c.device_id: c for c in chain[1 : 2 if only_parent else None]}
    if not recipients:
        raise TrustError("cấp trung ương không có cấp trên để gửi dữ liệu")
    manifest = {
        "format": FORMAT,
        "package_id": str(uuid.uuid4()),
        "unit": chain[0].unit_code,
        "device": me.device_id,
        "seq": seq,
        "prev": prev,
        "created_at": created_at,
        "clock": clock,
        "schema_version": LATEST,
        "since_version": since_version,
        # The receiver learns from it that this package also carries what the packages after
        # `base_seq` did, so a lost one is covered and acknowledgements move on past it.
        "base_seq": base_seq,
        "db_version_to": db_version_to,
        "counts": dict(Counter(r["table"] for r in rows)),
        "revocations": revocations or [],
    }
    plain = ndjson(rows)
    data, manifest_hash = container.build(
        "up", chain, manifest, [Body(d, plain) for d in recipients], recipients, me
    )
    return data, manifest_hash, manifest


def export_up(session: Session, out_dir: Path, *, now: datetime | None = None) -> ExportResult:
    """Write this unit's package (and the originals to relay) into `out_dir`."""
    session.require("sync")
    store = session.store
    db = store.db
    me = identity(session)
    chain = own_chain(db, me.device_id)
    if not chain:
        raise TrustError("thiết bị này chưa được cấp trên xác nhận khóa (đăng ký khóa trước)")
    if len(chain) < 2:
        raise TrustError("cấp trung ương không có cấp trên để gửi dữ liệu")
    unit = store.unit_code
    if unit is None:  # a registered device always has its unit; never a file named "None_…"
        raise TrustError("thiết bị này chưa gắn với đơn vị nào")
    base_seq, since = _acked(db)
    if since == 0:
        # Everything from the start goes again (nothing acknowledged held data yet, e.g. a
        # first package for the parent only): it covers every package before it.
        base_seq = 0
    # The unit's closed snapshots first (all of them: a few, and never lost with a stick), then
    # its rows changed since the last acknowledged package.
    rows = snapshot_lines(db, unit) + export_rows(store, since_version=since, units={unit})
    last = db.execute("SELECT seq, manifest_hash FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
    seq = (last[0] + 1) if last else 1
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    data, manifest_hash, manifest = seal_up(
        chain,
        me,
        rows,
        seq=seq,
        prev=last[1] if last else None,
        created_at=stamp,
        clock=store.clock.last,
        since_version=since,
        base_seq=base_seq,
        db_version_to=store.db_version,
        revocations=_revocation_docs(db),
    )
    out_dir = Path(out_dir)
    result = ExportResult(rows=len(rows), seq=seq)
    path = child_path(out_dir, package_name(unit, me.device_id, seq))
    atomic_write_bytes(path, data)
    result.paths.append(path)
    revoked = revoked_devices(db)
    # One original in memory at a time: a province relays ~100 of them, the centre none.
    for rowid, unit, device, relay_seq in db.execute(
        "SELECT rowid, unit_code, device_id, seq FROM relay WHERE acked = 0 "
        "ORDER BY unit_code, device_id, seq"
    ).fetchall():
        if device in revoked:
            # The level above refuses it (the revocation travels in this very package), would
            # never acknowledge it, and it would be forwarded again on every trip.
            continue
        (content,) = db.execute("SELECT content FROM relay WHERE rowid = ?", [rowid]).fetchone()
        relay_path = child_path(out_dir, package_name(unit, device, relay_seq))
        atomic_write_bytes(relay_path, content)
        result.paths.append(relay_path)
        result.relayed += 1
    with db.atomic():
        db.execute(
            "INSERT INTO outbox (seq, package_id, manifest_hash, db_version_to, "
            "created_at) VALUES (?, ?, ?, ?, ?)",
            [seq, manifest["package_id"], manifest_hash, store.db_version, stamp],
        )
        audit.append(
            db,
            session.account.username,
            "export",
            detail=f"seq {seq}: {len(rows)} rows, {result.relayed} relayed",
        )
    return result


def children(db: Database) -> list[Certificate]:
    """Enrolled devices directly below this one."""
    return certificates(db, "child")


def export_down(session: Session, out_dir: Path, *, now: datetime | None = None) -> ExportResult:
    """Write the package for the units below (targets, revocations) and their receipts."""
    session.require("sync")
    store = session.store
    db = store.db
    me = identity(session)
    chain = own_chain(db, me.device_id)
    if not chain:
        raise TrustError("máy này chưa được cấp trên xác nhận (chưa có Giấy xác nhận)")
    revoked = revoked_devices(db)
    recipients = {c.device_id: c for c in children(db) if c.device_id not in revoked}
    if not recipients:
        raise TrustError(
            "chưa có máy nào của cấp dưới được xác nhận: hãy duyệt yêu cầu xác nhận máy của "
            "cấp dưới trước"
        )
    owners = {c.unit_code for c in chain}
    rows = export_rows(store, since_version=0, units=owners)
    rows = [r for r in rows if r["table"] != "units" or r["unit_code"] in owners]
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    manifest = {
        "format": FORMAT,
        "package_id": str(uuid.uuid4()),
        "unit": store.unit_code,
        "device": me.device_id,
        "seq": 0,
        "prev": None,
        "created_at": stamp,
        "clock": store.clock.last,
        "schema_version": LATEST,
        "counts": dict(Counter(r["table"] for r in rows)),
        "revocations": _revocation_docs(db),
        # The centre's calendar of periods as the centre signed it (desktop/sync/calendar.py).
        "periods": calendar_document(db),
    }
    data, _ = container.build(
        "down", chain, manifest, [Body(d, ndjson(rows)) for d in recipients], recipients, me
    )
    out_dir = Path(out_dir)
    name = f"{store.unit_code}_{me.device_id}_down_{stamp[:10].replace('-', '')}{SUFFIX}"
    path = child_path(out_dir, name)
    atomic_write_bytes(path, data)
    result = ExportResult(paths=[path], rows=len(rows))
    from desktop.sync.receipts import write_receipts

    result.paths += write_receipts(session, out_dir)
    with db.atomic():
        audit.append(db, session.account.username, "export_down", detail=f"{len(rows)} rows")
    return result
