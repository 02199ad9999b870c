"""Receipts: the parent's signed word of what it received from each device below.

A receipt names the device, the highest `seq` through which everything was received (a lost
package counts when a later one carried its content), and the packages accepted and rejected
(with reasons). It travels back on the same stick; the child then sends only what
came after, and an upper level stops relaying originals its own parent acknowledged.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from desktop.files import atomic_write_bytes, child_path
from desktop.security.session import Session
from desktop.sync import container
from desktop.sync.enrolment import identity
from desktop.sync.identity import TrustError, is_device_id, is_unit_code, own_chain

RECEIPT_FORMAT = "sohoi-receipt"


def contiguous(seqs: set[int]) -> int:
    """The highest n with 1..n all present."""
    n = 0
    while n + 1 in seqs:
        n += 1
    return n


def complete_through(packages: dict[int, int | None]) -> int:
    """The highest n such that everything packages 1..n carried is held.

    `packages` maps each received seq to its `base_seq`: the package carries everything since
    that one, so it is complete once its base is (a lost package is covered by a later one). A
    base unknown (None) or not below the seq counts as the previous seq.
    """
    complete = {0}
    for seq in sorted(packages):
        base = packages[seq]
        if base is None or not 0 <= base < seq:
            base = seq - 1
        if base in complete:
            complete.add(seq)
    return max(complete)


def received(db: Database, unit: str, device: str) -> dict[int, int | None]:
    """seq → base_seq of every package received from one device."""
    return dict(
        db.execute(
            "SELECT seq, base_seq FROM ledger WHERE unit_code = ? AND device_id = ? "
            "AND kind = 'up'",
            [unit, device],
        ).fetchall()
    )


def receipt_for(
    session: Session, unit: str, device: str, rejected: list[dict] | None = None
) -> tuple[str, bytes]:
    """(file name, bytes) of a signed receipt for one device below."""
    if not (is_unit_code(unit) and is_device_id(device)):
        raise TrustError("mã đơn vị hoặc mã thiết bị không hợp lệ: không dùng làm tên tệp")
    db = session.store.db
    me = identity(session)
    packages = received(db, unit, device)
    seqs = set(packages)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    manifest = {
        "format": RECEIPT_FORMAT,
        "package_id": str(uuid.uuid4()),
        "unit": session.store.unit_code,
        "device": me.device_id,
        "seq": 0,
        "for_unit": unit,
        "for_device": device,
        # Not just 1..n all received: a lost package covered by a later one counts (so the
        # child stops resending since it, and the relay above stops forwarding it).
        "highest_contiguous": complete_through(packages),
        "received": sorted(seqs)[-200:],
        "rejected": (rejected or [])[:200],
        "issued_at": stamp,
    }
    data, _ = container.build("receipt", own_chain(db, me.device_id), manifest, [], {}, me)
    name = f"receipt_{unit}_{device}_{stamp[:19].replace(':', '').replace('-', '')}.sohoi"
    return name, data


def write_receipts(
    session: Session, out_dir: Path, rejected: dict[tuple[str, str], list[dict]] | None = None
) -> list[Path]:
    """A receipt for every device this installation ever received packages from."""
    rejected = rejected or {}
    devices = {
        (r[0], r[1])
        for r in session.store.db.execute(
            "SELECT DISTINCT unit_code, device_id FROM ledger WHERE kind = 'up'"
        )
    }
    devices |= set(rejected)
    paths = []
    for unit, device in sorted(devices):
        name, data = receipt_for(session, unit, device, rejected.get((unit, device)))
        path = child_path(Path(out_dir), name)
        atomic_write_bytes(path, data)
        paths.append(path)
    return paths
