"""Who has reported: for each device below, its last package, seq, gaps and alarms.

`gaps` are the seqs not received below the highest one (a stick still on its way, lost, or
withheld); `complete_through` says up to which seq the data is nevertheless whole, because a
later package carried everything since the sender's last acknowledged one. `quarantined` counts
the rows of its packages set aside unapplied (db/merge_rules.py), `quarantine_reasons` says why,
the most frequent reasons first: Vietnamese sentences naming table, field and rule, no values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlite_utils import Database

from db.merge_rules import FUTURE_REASON
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
    quarantined: int = 0
    quarantine_reasons: tuple[dict, ...] = ()  # ({"reason": …, "rows": n}, …), at most 5

    @property
    def missing(self) -> list[int]:
        """The gaps whose data has not come by a later package either: what is really missing
        (a first trip's package, for the parent only, is covered by the next one, for all)."""
        return [g for g in self.gaps if g > self.complete_through]


REASONS_SHOWN = 5


def _quarantine(db: Database) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """(unit, device) → [(reason, rows)], most rows first; rows set aside before reasons were
    recorded were set aside for their clock."""
    out: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for unit, device, why, n in db.execute(
        "SELECT l.unit_code, l.device_id, coalesce(q.reason, ?), count(*) FROM quarantine q "
        "JOIN ledger l ON l.package_id = q.package_id WHERE l.kind = 'up' "
        "GROUP BY 1, 2, 3 ORDER BY 4 DESC, 3",
        [FUTURE_REASON],
    ):
        out.setdefault((unit, device), []).append((why, n))
    return out


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
    quarantine = _quarantine(db)
    out = []
    for (unit, device), packages in sorted(devices.items()):
        reasons = quarantine.get((unit, device), [])
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
                sum(n for _, n in reasons),
                tuple({"reason": why, "rows": n} for why, n in reasons[:REASONS_SHOWN]),
            )
        )
    return out


@dataclass(frozen=True)
class OwnSync:
    """This installation's own sync state, for the status bar: what it last sent up, what the
    level above has acknowledged (by receipt), and when it last received a package from below."""

    last_sent_seq: int = 0
    last_sent_at: str = ""  # ISO time of the last package written, "" when none yet
    acknowledged_seq: int = 0  # the highest package the level above confirmed receiving
    last_received_at: str = ""  # ISO time of the last package imported from below


def own_sync(db: Database) -> OwnSync:
    """Read from the outbox and the ledger (a few rows; cheap enough for every refresh)."""
    sent = db.execute("SELECT seq, created_at FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
    acked = db.execute("SELECT max(seq) FROM outbox WHERE acked = 1").fetchone()
    received = db.execute("SELECT max(received_at) FROM ledger WHERE kind = 'up'").fetchone()
    return OwnSync(
        last_sent_seq=sent[0] if sent else 0,
        last_sent_at=sent[1] if sent else "",
        acknowledged_seq=(acked[0] or 0) if acked else 0,
        last_received_at=(received[0] or "") if received else "",
    )
