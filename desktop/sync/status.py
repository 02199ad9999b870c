"""Who has reported: for each device below, its last package, seq, gaps and alarms.

`gaps` are the seqs not received below the highest one (a stick still on its way, lost, or
withheld); `complete_through` says up to which seq the data is nevertheless whole, because a
later package carried everything since the sender's last acknowledged one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlite_utils import Database

from desktop.sync.receipts import complete_through, contiguous


@dataclass(frozen=True)
class DeviceStatus:
    unit_code: str
    device_id: str
    last_seq: int
    last_received: str
    gaps: list[int]
    alarms: int
    days_since: int
    complete_through: int = 0


def reporting_status(db: Database, today: date | None = None) -> list[DeviceStatus]:
    """One line per device that sent packages (or is enrolled below) — newest state."""
    today = today or datetime.now(UTC).date()
    devices: dict[tuple[str, str], dict[int, int | None]] = {}
    last: dict[tuple[str, str], str] = {}
    for unit, device, seq, base, received in db.execute(
        "SELECT unit_code, device_id, seq, base_seq, received_at FROM ledger WHERE kind = 'up'"
    ):
        devices.setdefault((unit, device), {})[seq] = base
        last[(unit, device)] = max(last.get((unit, device), ""), received)
    for unit, device in db.execute(
        "SELECT unit_code, device_id FROM certificates WHERE role IN ('child', 'known')"
    ):
        devices.setdefault((unit, device), {})
    alarms = dict(
        ((r[0], r[1]), r[2])
        for r in db.execute(
            "SELECT unit_code, device_id, count(*) FROM alarms GROUP BY unit_code, device_id"
        )
    )
    out = []
    for (unit, device), packages in sorted(devices.items()):
        seqs = set(packages)
        top = max(seqs, default=0)
        received = last.get((unit, device), "")
        days = (today - date.fromisoformat(received[:10])).days if received else -1
        out.append(
            DeviceStatus(
                unit,
                device,
                top,
                received,
                sorted(set(range(contiguous(seqs) + 1, top)) - seqs),
                alarms.get((unit, device), 0),
                days,
                complete_through(packages),
            )
        )
    return out
