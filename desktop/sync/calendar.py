"""The centre's calendar of reporting periods: declared at the centre, signed by its root device,
carried down in every down package and kept at every level as it came.

The calendar is one signed document, whole and versioned like a revocation list:
`{format: "sohoi-periods", issuer_device, version, periods: [{id, name, cut_off, due}], issued_at,
signature}`, the signature the root device's over the canonical JSON of the other fields. It
travels in the manifest of down packages (`periods`), so a province passes the centre's own
words on and every commune checks the centre's signature itself: no level in between can add,
move or drop a period. A receiver keeps a version newer than the one it holds; an older one is
ignored (a stick that comes late); one that fails its form or signature refuses the file.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from sqlite_utils import Database

from db.periods import Period, calendar_document, calendar_version, store_calendar
from desktop.security import audit
from desktop.security.session import Session
from desktop.sync.container import PackageRejected
from desktop.sync.enrolment import ensure_root, identity
from desktop.sync.identity import Certificate, TrustError, b64, canonical, unb64

FORMAT = "sohoi-periods"
MAX_PERIODS = 200
MAX_NAME = 100
_PERIOD_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_KEYS = {"format", "issuer_device", "version", "periods", "issued_at", "signature"}


class CalendarError(Exception):
    """A declaration refused; the message is Vietnamese and nothing was stored."""


def periods_of(doc: dict[str, Any]) -> list[Period]:
    """The periods a (checked) calendar declares."""
    return [
        Period(p["id"], p["name"], date.fromisoformat(p["cut_off"]), date.fromisoformat(p["due"]))
        for p in doc["periods"]
    ]


def declare(session: Session, period: Period) -> dict[str, Any]:
    """Add a period to the centre's calendar, or change the one with its id (admin, at the
    centre): the next version, signed, stored here; it goes down with the next down packages."""
    session.require("keys")
    root = ensure_root(session)
    if root is None:
        raise CalendarError("Chỉ Trung ương Hội khai báo kỳ báo cáo.")
    _check_period(period)
    db = session.store.db
    held = calendar_document(db)
    periods = {p.id: p for p in (periods_of(held) if held else [])}
    periods[period.id] = period
    if len(periods) > MAX_PERIODS:
        raise CalendarError(f"Lịch báo cáo có nhiều nhất {MAX_PERIODS} kỳ.")
    me = identity(session)
    version = calendar_version(db) + 1
    issued_at = datetime.now(UTC).isoformat(timespec="seconds")
    body = {
        "format": FORMAT,
        "issuer_device": me.device_id,
        "version": version,
        "periods": [
            {"id": p.id, "name": p.name, "cut_off": p.cut_off.isoformat(), "due": p.due.isoformat()}
            for p in sorted(periods.values(), key=lambda p: (p.cut_off, p.id))
        ],
        "issued_at": issued_at,
    }
    doc = {**body, "signature": b64(me.sign(canonical(body)))}
    with db.atomic():
        store_calendar(db, version, doc, periods_of(doc), issued_at)
        audit.append(
            db, session.account.username, "period_declare", detail=f"{period.id} v{version}"
        )
    return doc


def _check_period(period: Period) -> None:
    if not _PERIOD_ID.fullmatch(period.id):
        raise CalendarError(
            "Mã kỳ chỉ gồm chữ cái không dấu, chữ số, dấu gạch (ví dụ 2026-Q3), tối đa 32 ký tự."
        )
    name = " ".join(period.name.split())
    if not name or len(name) > MAX_NAME or name != period.name:
        raise CalendarError(f"Tên kỳ cần có, không quá {MAX_NAME} ký tự, không thừa dấu cách.")
    if period.due < period.cut_off:
        raise CalendarError("Hạn nộp báo cáo phải từ ngày chốt số liệu trở đi.")


def check_document(doc: object, root: Certificate) -> dict[str, Any]:
    """A calendar from a package, checked whole against the trusted root; PackageRejected."""
    if type(doc) is not dict or set(doc) != _KEYS or doc["format"] != FORMAT:
        raise PackageRejected("lịch kỳ báo cáo sai định dạng")
    if doc["issuer_device"] != root.device_id:
        raise PackageRejected("lịch kỳ báo cáo không do Trung ương Hội ký")
    version, periods = doc["version"], doc["periods"]
    if type(version) is not int or not 1 <= version < 1 << 31:
        raise PackageRejected("lịch kỳ báo cáo sai định dạng")
    if type(periods) is not list or len(periods) > MAX_PERIODS:
        raise PackageRejected("lịch kỳ báo cáo sai định dạng")
    body = {k: v for k, v in doc.items() if k != "signature"}
    try:
        if type(doc["signature"]) is not str:
            raise ValueError
        root.signing_key.verify(unb64(doc["signature"]), canonical(body))
    except (InvalidSignature, ValueError, TypeError):
        raise PackageRejected("lịch kỳ báo cáo không có chữ ký hợp lệ của Trung ương Hội") from None
    ids = set()
    for p in periods:
        if type(p) is not dict or set(p) != {"id", "name", "cut_off", "due"}:
            raise PackageRejected("lịch kỳ báo cáo sai định dạng")
        try:
            period = Period(
                p["id"], p["name"], date.fromisoformat(p["cut_off"]), date.fromisoformat(p["due"])
            )
            _check_period(period)
        except (TypeError, ValueError, CalendarError):
            raise PackageRejected("lịch kỳ báo cáo có một kỳ không hợp lệ") from None
        if period.id in ids:
            raise PackageRejected("lịch kỳ báo cáo có hai kỳ cùng mã")
        ids.add(period.id)
    return doc


def take_document(db: Database, doc: object, root: Certificate | None, at: str) -> bool:
    """Keep a calendar that came in a down package when it is newer than the one held; whether
    it was kept. PackageRejected for a malformed or unsigned one; the caller's transaction."""
    if doc is None:
        return False
    if root is None:
        raise TrustError("thiết bị này chưa có gốc tin cậy (chưa đăng ký khóa)")
    checked = check_document(doc, root)
    if checked["version"] <= calendar_version(db):
        return False
    store_calendar(db, checked["version"], checked, periods_of(checked), at)
    return True
