"""A first report in one trip: the invitation, the first trip's files, approve-and-import.

Without it a commune's first report takes two trips (the request up, the certificate down, then
the data up). With it:

1. The province writes an **invitation** (`make_invitation`): its name and code and its chain of
   certificates up to the root, signed by its device. Public data; its fingerprint (the
   province device's, "mã kiểm tra") is read out by phone or written on paper.
2. The commune imports it (`import_invitation`) and compares the fingerprint shown with the one
   the province gave. Its **first trip** (`write_first_trip`) writes, side by side on the stick,
   its enrolment request and its first package (`.sohoi-first`): every row of the unit, signed
   by its device key (not certified yet, so the package's first certificate is an unsigned
   copy of its request) and sealed for the province's device only.
3. The province **approves** the request with the commune's fingerprint ("Mã máy") typed, as
   any approval (enrolment.approve), and in the same sitting **imports** the first package
   (`receive_first`): the importer reads a `.sohoi-first` file only against the certificate
   this installation issued (container.read's `first_signer`): same device, unit and keys,
   signature checked with the approved key, rows only of that unit. The certificate and the
   receipt are written to the same stick.
4. The commune, reading the stick (`install_from`), takes its certificate (checking it comes
   from the invited province) and the receipt: "cấp trên đã nhận".

The first package is recorded in the commune's outbox as carrying nothing acknowledged
(`db_version_to` 0), so its next package carries everything again, sealed for every level
above: that is the one the province relays to the centre (which cannot check the first one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from db.merge import export_rows
from desktop.files import atomic_write_bytes, child_path
from desktop.security import audit
from desktop.security.session import Session
from desktop.sync.enrolment import (
    MAX_DOCUMENT,
    _unit,
    accept,
    approve,
    identity,
    read_request,
    request_document,
)
from desktop.sync.export import FIRST_SUFFIX, ExportResult, export_up, package_name, seal_up
from desktop.sync.identity import (
    LEVEL_RANK,
    Certificate,
    TrustError,
    b64,
    canonical,
    certificate,
    normalise_fingerprint,
    own_chain,
    trusted_root,
    unb64,
    verify_chain,
)
from desktop.sync.importer import import_paths
from desktop.sync.verdicts import ImportResult

INVITATION_FORMAT = "sohoi-invitation"
INVITATION_SUFFIX = ".sohoi-invite"
REQUEST_SUFFIX = ".sohoi-request"
BUNDLE_SUFFIX = ".sohoi-cert"
_STATE_KEY = "invitation"  # sync_state: the invitation imported, as it came


@dataclass(frozen=True)
class Invitation:
    """A parent unit's invitation, its signature and chain checked (not yet its fingerprint:
    that is the person's comparison)."""

    unit_code: str
    unit_name: str
    level: str
    chain: list[Certificate]

    @property
    def fingerprint(self) -> str:
        """The parent device's fingerprint: what the parent reads out ("mã kiểm tra")."""
        return self.chain[0].fingerprint


def make_invitation(session: Session) -> bytes:
    """The invitation file of this (upper level) unit, for the units below it."""
    session.require("keys")
    from desktop.sync.enrolment import ensure_root

    ensure_root(session)
    unit = _unit(session)
    if unit["level"] == "commune":
        raise TrustError("đơn vị cấp xã không có đơn vị cấp dưới để mời")
    me = identity(session)
    chain = own_chain(session.store.db, me.device_id)
    if not chain:
        raise TrustError("máy này chưa có giấy xác nhận của cấp trên: chưa mời cấp dưới được")
    body = {
        "format": INVITATION_FORMAT,
        "unit_code": unit["code"],
        "unit_name": unit["name"],
        "level": unit["level"],
        "chain": [c.as_dict() for c in chain],
    }
    return canonical({"invitation": body, "signature": b64(me.sign(canonical(body)))})


def read_invitation(data: bytes) -> Invitation:
    """An invitation whose chain holds together and whose signature is its first device's."""
    if len(data) > MAX_DOCUMENT:
        raise TrustError("tệp thư mời quá lớn")
    try:
        doc = json.loads(data.decode("utf-8"))
        body, signature = doc["invitation"], unb64(doc["signature"])
        if body["format"] != INVITATION_FORMAT:
            raise ValueError
        chain = [Certificate.from_dict(c) for c in body["chain"]]
        name = body["unit_name"]
        if not chain or not isinstance(name, str):
            raise ValueError
        first = chain[0]
        if (body["unit_code"], body["level"]) != (first.unit_code, first.level):
            raise ValueError
        verify_chain(chain, chain[-1], {})
        first.signing_key.verify(signature, canonical(body))
    except Exception:  # any flaw: the same answer, nothing of it kept
        raise TrustError("tệp thư mời không hợp lệ hoặc đã bị sửa") from None
    return Invitation(first.unit_code, name, first.level, chain)


def import_invitation(
    session: Session, data: bytes, *, fingerprint: str | None = None
) -> Invitation:
    """Keep the parent's invitation (admin). It must be of this unit's parent; `fingerprint`,
    when given, the parent's as read out."""
    session.require("keys")
    inv = read_invitation(data)
    unit = _unit(session)
    if inv.unit_code != unit["parent_code"] or LEVEL_RANK[inv.level] >= LEVEL_RANK[unit["level"]]:
        raise TrustError(f"thư mời này của {inv.unit_name}, không phải của cấp trên của đơn vị này")
    if fingerprint is not None and normalise_fingerprint(fingerprint) != inv.fingerprint:
        raise TrustError(
            "mã kiểm tra không khớp với thư mời: có thể tệp đã bị đánh tráo. Hãy hỏi lại cấp trên."
        )
    db = session.store.db
    root = trusted_root(db)
    if root is not None and (root.device_id, root.sign_public) != (
        inv.chain[-1].device_id,
        inv.chain[-1].sign_public,
    ):
        raise TrustError("thư mời không thuộc hệ thống Hội của máy này (khác gốc tin cậy)")
    with db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)",
            [_STATE_KEY, data.decode("utf-8")],
        )
        audit.append(db, session.account.username, "invitation_import", detail=inv.unit_code)
    return inv


def invitation(session: Session) -> Invitation | None:
    """The invitation imported here, if any."""
    row = session.store.db.execute(
        "SELECT value FROM sync_state WHERE key = ?", [_STATE_KEY]
    ).fetchone()
    if row is None:
        return None
    try:
        return read_invitation(row[0].encode("utf-8"))
    except TrustError:
        return None


def certified(session: Session) -> bool:
    return certificate(session.store.db, identity(session).device_id) is not None


def write_first_trip(
    session: Session, out_dir: Path, *, now: datetime | None = None
) -> ExportResult:
    """Write the enrolment request and the first package side by side into `out_dir`."""
    session.require("keys")
    inv = invitation(session)
    if inv is None:
        raise TrustError("chưa có thư mời của cấp trên: hãy mở thư mời trước")
    if certified(session):
        raise TrustError("máy này đã có giấy xác nhận của cấp trên: hãy gửi như thường lệ")
    store = session.store
    db = store.db
    me = identity(session)
    unit = _unit(session)
    code = unit["code"]
    # The request's keys, unsigned: the certificate the parent will issue takes its place.
    provisional = Certificate(
        me.device_id,
        code,
        unit["level"],
        unit["parent_code"],
        b64(me.sign_public),
        b64(me.enc_public),
        inv.chain[0].device_id,
        "",
    )
    rows = export_rows(store, since_version=0, units={code})
    last = db.execute("SELECT seq, manifest_hash FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
    seq = (last[0] + 1) if last else 1
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    data, manifest_hash, manifest = seal_up(
        [provisional, *inv.chain],
        me,
        rows,
        seq=seq,
        prev=last[1] if last else None,
        created_at=stamp,
        clock=store.clock.last,
        only_parent=True,
    )
    out_dir = Path(out_dir)
    request_path = child_path(out_dir, f"yeu-cau-{code}{REQUEST_SUFFIX}")
    atomic_write_bytes(request_path, request_document(me, unit))
    name = package_name(code, me.device_id, seq).removesuffix(".sohoi") + FIRST_SUFFIX
    package_path = child_path(out_dir, name)
    atomic_write_bytes(package_path, data)
    with db.atomic():
        # db_version_to 0: the next package carries everything again, for every level above.
        db.execute(
            "INSERT INTO outbox (seq, package_id, manifest_hash, db_version_to, created_at) "
            "VALUES (?, ?, ?, 0, ?)",
            [seq, manifest["package_id"], manifest_hash, stamp],
        )
        audit.append(
            db, session.account.username, "first_trip", detail=f"seq {seq}: {len(rows)} rows"
        )
    return ExportResult(paths=[request_path, package_path], rows=len(rows), seq=seq, first=True)


def send_up(session: Session, out_dir: Path) -> ExportResult:
    """What «Ghi tệp gửi cấp trên» writes: the usual package once certified, else the first
    trip when an invitation is here."""
    if certified(session) or invitation(session) is None:
        return export_up(session, out_dir)
    return write_first_trip(session, out_dir)


# -- the parent's side --------------------------------------------------------------------------


@dataclass
class TripResult:
    """What approving a first trip did: the certificate written, the first package's import."""

    unit_code: str
    unit_name: str
    bundle: Path
    imported: ImportResult
    receipts: list[Path] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(v.rows for v in self.imported.verdicts if v.status == "accepted")


def request_files(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).iterdir() if p.suffix == REQUEST_SUFFIX and p.is_file())


def receive_first(session: Session, folder: Path, body: dict) -> tuple[ImportResult, list[Path]]:
    """Import the first packages on the stick of the device of request `body` (approved here
    already: refused otherwise) and write its receipt to the stick."""
    from desktop.sync.receipts import receipt_for

    unit, device = body["unit_code"], body["device_id"]
    folder = Path(folder)
    prefix = package_name(unit, device, 0).rsplit("_", 1)[0] + "_"
    files = sorted(
        p for p in folder.iterdir() if p.suffix == FIRST_SUFFIX and p.name.startswith(prefix)
    )
    if not files:  # a request alone (the two-trip way): nothing to import, no receipt
        return ImportResult(), []
    result = import_paths(session, files)
    rejected = [
        {"seq": v.seq, "file": v.path.name, "reason": v.reason}
        for v in result.verdicts
        if v.status == "rejected"
    ]
    name, data = receipt_for(session, unit, device, rejected)
    path = child_path(folder, name)
    atomic_write_bytes(path, data)
    return result, [path]


def approve_trip(
    session: Session, folder: Path, request: Path, typed_fingerprint: str
) -> TripResult:
    """Approve the request on the stick (the fingerprint typed must match), write the
    certificate beside it, import the first package against it, write the receipt."""
    data = Path(request).read_bytes()
    body, _fp = read_request(data)
    bundle = approve(session, data, typed_fingerprint)
    path = child_path(Path(folder), f"giay-xac-nhan-{body['unit_code']}{BUNDLE_SUFFIX}")
    atomic_write_bytes(path, bundle)
    imported, receipts = receive_first(session, folder, body)
    return TripResult(body["unit_code"], body.get("unit_name") or "", path, imported, receipts)


# -- back at the commune -------------------------------------------------------------------------


def install_from(session: Session, folder: Path) -> Certificate | None:
    """Take this device's certificate from the stick, if one is there and none is installed:
    it must come from the invited parent (its fingerprint, its root). None when nothing to do."""
    if certified(session) or not session.can("keys"):
        return None
    me = identity(session)
    inv = invitation(session)
    for path in sorted(Path(folder).glob(f"*{BUNDLE_SUFFIX}")):
        try:
            data = path.read_bytes()
            doc = json.loads(data.decode("utf-8")) if len(data) <= MAX_DOCUMENT else {}
            ours = doc["certificate"]["device_id"] == me.device_id
        except (OSError, ValueError, KeyError, TypeError):
            continue  # another unit's file, or not one: not ours to take
        if not ours:
            continue
        if inv is not None:
            chain = doc.get("chain") or [{}]
            root = chain[-1] if isinstance(chain, list) and chain else {}
            if not isinstance(root, dict) or (root.get("device_id"), root.get("sign_public")) != (
                inv.chain[-1].device_id,
                inv.chain[-1].sign_public,
            ):
                raise TrustError("giấy xác nhận trên USB không thuộc hệ thống của thư mời đã nhận")
        return accept(session, data, issuer_fingerprint=inv.fingerprint if inv else None)
    return None


@dataclass
class FirstReport:
    """The commune's checklist: what is done of the first report."""

    device_code: str  # "Mã máy": this device's fingerprint
    invitation: Invitation | None
    written: bool  # the first trip (or any package) written
    certified: bool
    received: bool  # the level above acknowledged a package


def first_report(session: Session) -> FirstReport:
    db = session.store.db
    me = identity(session)
    written = db.execute("SELECT 1 FROM outbox LIMIT 1").fetchone() is not None
    received = db.execute("SELECT 1 FROM outbox WHERE acked = 1 LIMIT 1").fetchone() is not None
    return FirstReport(me.fingerprint, invitation(session), written, certified(session), received)
