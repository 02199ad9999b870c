"""Closed snapshots on the wire: how a unit's snapshots travel up in its packages, and the rules
a receiving level applies to them.

A package carries every snapshot its unit closed (all versions: they are few, a few kilobytes
each, and a lost stick is then covered by the next package without bookkeeping), as the first
lines of its body, `counts["period_snapshots"]` of them:
`{"table": "period_snapshots", "snapshot": {…the fields of db.periods.Snapshot…}}`.

A snapshot is append-only: its figures never change once closed. So the receiver takes, per
snapshot: a version it does not hold (stored as it came); a version it holds with the very same
frozen fields (nothing to do, but a reopen it did not know yet is recorded); and refuses the
whole file (MergeRejected, Vietnamese, the caller rolls back) for a snapshot of a unit the signer
does not own, of a period it does not know (or whose cut-off differs from the one it knows),
closed before its cut-off, a version older than one it holds and not held itself, or a held
version whose frozen fields differ (a damaged or forged file), or anything malformed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from db.indicators import INDICATOR_IDS
from db.merge_rules import MergeRejected
from db.periods import Snapshot, find_period, insert_snapshot, snapshots

TABLE = "period_snapshots"
_PERIOD_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_SITE = re.compile(r"[0-9a-f]{16}")
_MAX_TEXT = 500
_MAX_VERSION = 10_000
_MAX_INT = 1 << 53
# Fields that never change once closed: a held version arriving with other values is refused.
FROZEN = (
    "period_id",
    "unit_code",
    "version",
    "period_name",
    "cut_off",
    "due",
    "closed_at",
    "closed_on",
    "closed_by",
    "reason",
    "figures",
    "fingerprint",
    "closed_site",
)
_REOPEN = ("reopened_at", "reopened_by", "reopen_reason")


def snapshot_lines(db: Database, unit_code: str) -> list[dict[str, Any]]:
    """Every snapshot the unit closed, as the lines its package carries."""
    return [snapshot_line(s) for s in snapshots(db, unit_code=unit_code)]


def snapshot_line(snap: Snapshot) -> dict[str, Any]:
    """One snapshot as a package carries it."""
    return {"table": TABLE, "snapshot": {k: _wire(getattr(snap, k)) for k in (*FROZEN, *_REOPEN)}}


def _wire(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class _Refused(MergeRejected):
    pass


def parse(line: object) -> Snapshot:
    """A snapshot line checked for form; MergeRejected (Vietnamese) when anything is off."""
    if (
        type(line) is not dict
        or line.get("table") != TABLE
        or type(line.get("snapshot")) is not dict
    ):
        raise _Refused("bản chốt số liệu sai định dạng")
    d = line["snapshot"]
    if set(d) != {*FROZEN, *_REOPEN}:
        raise _Refused("bản chốt số liệu sai định dạng")
    if type(d["period_id"]) is not str or not _PERIOD_ID.fullmatch(d["period_id"]):
        raise _Refused("bản chốt số liệu có mã kỳ không hợp lệ")
    version = d["version"]
    if type(version) is not int or not 1 <= version <= _MAX_VERSION:
        raise _Refused("bản chốt số liệu có số lần chốt không hợp lệ")
    for name in ("unit_code", "period_name", "closed_by", "fingerprint", "closed_at"):
        _text(d[name], required=True)
    if d["closed_site"] is not None and (
        type(d["closed_site"]) is not str or not _SITE.fullmatch(d["closed_site"])
    ):
        raise _Refused("bản chốt số liệu sai định dạng")
    for name in ("reason", *_REOPEN):
        _text(d[name], required=False)
    if (d["reopened_at"] is None) != (d["reopened_by"] is None) or (
        (d["reopened_at"] is None) != (d["reopen_reason"] is None)
    ):
        raise _Refused("bản chốt số liệu sai định dạng")
    for name in ("closed_at", "reopened_at"):
        if d[name] is not None:
            try:
                datetime.fromisoformat(d[name])
            except ValueError:
                raise _Refused("bản chốt số liệu có thời điểm không hợp lệ") from None
    cut_off, due, closed_on = (_day(d[n]) for n in ("cut_off", "due", "closed_on"))
    _figures(d["figures"])
    return Snapshot(
        period_id=d["period_id"],
        unit_code=d["unit_code"],
        version=version,
        period_name=d["period_name"],
        cut_off=cut_off,
        due=due,
        closed_at=d["closed_at"],
        closed_on=closed_on,
        closed_by=d["closed_by"],
        reason=d["reason"],
        figures=d["figures"],
        fingerprint=d["fingerprint"],
        reopened_at=d["reopened_at"],
        reopened_by=d["reopened_by"],
        reopen_reason=d["reopen_reason"],
        superseded_by=None,
        closed_site=d["closed_site"],
    )


def _text(value: object, *, required: bool) -> None:
    if value is None and not required:
        return
    if type(value) is not str or not value or len(value) > _MAX_TEXT:
        raise _Refused("bản chốt số liệu sai định dạng")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        raise _Refused("bản chốt số liệu có ký tự điều khiển")


def _day(value: object) -> date:
    if type(value) is not str:
        raise _Refused("bản chốt số liệu có ngày không hợp lệ")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Refused("bản chốt số liệu có ngày không hợp lệ") from None


def _count(value: object, *, none: bool = False) -> None:
    if value is None and none:
        return
    if type(value) is not int or not 0 <= value < _MAX_INT:
        raise _Refused("bản chốt số liệu có số liệu không hợp lệ")


def _figures(figures: object) -> None:
    """The frozen figures: every indicator once, whole numerators and denominators, counts."""
    if type(figures) is not dict or type(figures.get("indicators")) is not list:
        raise _Refused("bản chốt số liệu thiếu các chỉ tiêu")
    ids = []
    for ind in figures["indicators"]:
        if type(ind) is not dict:
            raise _Refused("bản chốt số liệu thiếu các chỉ tiêu")
        ids.append(ind.get("id"))
        _count(ind.get("numerator"))
        _count(ind.get("denominator"), none=True)
    if sorted(map(str, ids)) != sorted(INDICATOR_IDS):
        raise _Refused("bản chốt số liệu thiếu các chỉ tiêu")
    counts = figures.get("counts")
    if type(counts) is not dict:
        raise _Refused("bản chốt số liệu thiếu số lượng")
    for name, value in counts.items():
        if name == "members_by_status" and type(value) is dict:
            for n in value.values():
                _count(n)
        else:
            _count(value)
    not_closed = figures.get("not_closed", [])
    if type(not_closed) is not list or not all(type(c) is str and len(c) <= 16 for c in not_closed):
        raise _Refused("bản chốt số liệu sai định dạng")


def _same_frozen(a: Snapshot, b: Snapshot) -> bool:
    return all(
        (getattr(a, k) == getattr(b, k))
        if k != "figures"
        else _canon(a.figures) == _canon(b.figures)
        for k in FROZEN
    )


def _canon(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass
class Taken:
    """What `merge_snapshots` did: new versions stored, and the closes another PC of the unit
    made of a version already held here, kept out (one sentence each, for an alarm)."""

    stored: int = 0
    other_pc: list[str] = field(default_factory=list)


def merge_snapshots(
    db: Database, lines: list[object], *, signer_unit: str, today: date, received_at: str
) -> Taken:
    """Take the snapshot lines of one package from `signer_unit`. In the caller's transaction:
    MergeRejected leaves it to roll the file back.

    A held version is never replaced. When the one coming differs from it, the file is refused —
    unless another PC of the unit closed it (another `closed_site`): two PCs of one unit can
    each close a period before their data meet, and refusing would stop every later package of
    the second. Then the first received stands, the other is kept out and named (`other_pc`);
    the unit corrects it by reopening and closing again, a newer version that supersedes."""
    incoming = sorted((parse(line) for line in lines), key=lambda s: (s.period_id, s.version))
    seen: set[tuple[str, int]] = set()
    taken = Taken()
    for snap in incoming:
        label = f"bản chốt số liệu kỳ “{snap.period_name}” (lần {snap.version})"
        if snap.unit_code != signer_unit:
            raise MergeRejected(f"{label} của đơn vị {snap.unit_code[:20]} không thuộc người gửi")
        if (snap.period_id, snap.version) in seen:
            raise MergeRejected("gói có hai bản chốt số liệu cùng kỳ, cùng lần chốt")
        seen.add((snap.period_id, snap.version))
        period = find_period(db, snap.period_id, today)
        if period is None:
            raise MergeRejected(f"{label}: kỳ báo cáo “{snap.period_id}” không có ở đơn vị này")
        if period.cut_off != snap.cut_off:
            raise MergeRejected(f"{label}: ngày chốt số liệu khác với kỳ báo cáo đã biết")
        if snap.closed_on < snap.cut_off:
            raise MergeRejected(f"{label}: chốt trước ngày chốt số liệu của kỳ")
        held = {
            s.version: s for s in snapshots(db, unit_code=snap.unit_code, period_id=snap.period_id)
        }
        mine = held.get(snap.version)
        if mine is None:
            if held and max(held) > snap.version:
                raise MergeRejected(f"{label} cũ hơn bản đã nhận (lần {max(held)})")
            insert_snapshot(db, replace(snap, received_at=received_at))
            taken.stored += 1
        elif not _same_frozen(mine, snap):
            if mine.closed_site and snap.closed_site and mine.closed_site != snap.closed_site:
                taken.other_pc.append(
                    f"{label} do một máy khác của đơn vị chốt, khác với bản đã nhận: giữ bản đã "
                    "nhận; đơn vị mở lại và chốt lại trên một máy để thay thế"
                )
                continue
            raise MergeRejected(f"{label} khác với bản đã nhận trước đây (tệp bị sửa hoặc giả mạo)")
        else:
            _take_reopen(db, mine, snap, label)
    return taken


def _take_reopen(db: Database, mine: Snapshot, snap: Snapshot, label: str) -> None:
    """Record a reopen of a held version not known here yet; a different one refuses."""
    if snap.reopened_at is None:
        return  # an older package, from before the reopen: nothing to learn
    if mine.reopened_at is None:
        db.execute(
            "UPDATE period_snapshots SET reopened_at = ?, reopened_by = ?, reopen_reason = ? "
            "WHERE unit_code = ? AND period_id = ? AND version = ?",
            [
                snap.reopened_at,
                snap.reopened_by,
                snap.reopen_reason,
                snap.unit_code,
                snap.period_id,
                snap.version,
            ],
        )
    elif (mine.reopened_at, mine.reopen_reason) != (snap.reopened_at, snap.reopen_reason):
        raise MergeRejected(f"{label} khác với bản đã nhận trước đây (tệp bị sửa hoặc giả mạo)")
