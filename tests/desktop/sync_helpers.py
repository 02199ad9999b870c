"""Shared set-up for the sync tests: real installations, enrolled through the real API, and
hand-made packages (valid signatures around arbitrary rows) to attack the importer with.

Argon2id is what makes an installation slow to create or sign in to (~0.15 s a password), so a
"world" of enrolled installations is built once per test process and copied per test; the copies
are opened with the database key directly (no password derivation).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import uuid
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from db.connection import open_database
from db.schema import TABLES
from desktop.installation.setup import NewUnit, create_unit
from desktop.security.accounts import get_account
from desktop.security.keyfile import KeyFile
from desktop.security.session import Session
from desktop.sync import container
from desktop.sync.container import MAGIC, VERSION, body_info
from desktop.sync.enrolment import accept, approve, ensure_root, identity, make_request
from desktop.sync.export import ndjson
from desktop.sync.identity import Certificate, Identity, canonical, own_chain, sign_certificate
from desktop.sync.importer import import_paths
from desktop.sync.verdicts import ImportResult

PASSWORD = "mat-khau-dong-bo"
BOOKKEEPING = (
    "ledger",
    "relay",
    "outbox",
    "quarantine",
    "certificates",
    "revocations",
    "periods",
    "period_calendar",
    "period_snapshots",
)

# The world: central TW; provinces 20 and 21; communes 06001 and 06002 under 20, 07001 under
# 21; 06003 under 20 never enrolled.
UNITS = {
    "TW": ("central", None, "Trung ương Hội LHPN Việt Nam"),
    "20": ("province", "TW", "Hội LHPN tỉnh Thái Nguyên"),
    "21": ("province", "TW", "Hội LHPN tỉnh Lạng Sơn"),
    "06001": ("commune", "20", "Hội LHPN xã Tân Cương"),
    "06002": ("commune", "20", "Hội LHPN xã Phúc Xuân"),
    "07001": ("commune", "21", "Hội LHPN xã Mẫu Sơn"),
    "06003": ("commune", "20", "Hội LHPN xã Chưa Đăng Ký"),
}
ENROLLED = ("20", "21", "06001", "06002", "07001")


def new_unit(data_dir: Path, code: str, level: str, parent: str | None, name: str) -> Session:
    """A fresh installation through `create_unit`, its admin signed in."""
    created = create_unit(data_dir, NewUnit(code, name, level, parent), admin_password=PASSWORD)
    return created.session


def enrol(parent: Session, child: Session) -> Certificate:
    """Request → approve (the operator types the fingerprint read out) → accept (checking the
    parent's fingerprint read back)."""
    request = make_request(child)
    fp = identity(child).fingerprint
    bundle = approve(parent, request, fp.lower().replace("-", " "))
    return accept(child, bundle, issuer_fingerprint=identity(parent).fingerprint)


def open_with_key(data_dir: Path, key: bytes, username: str = "admin") -> Session:
    """A signed-in session without the password's Argon2id (tests only)."""
    db = open_database(data_dir / "sohoi.db", key=key, create=False)
    try:
        account = get_account(db, username)
    finally:
        db.close()
    assert account is not None
    return Session(data_dir, KeyFile.load(data_dir), bytearray(key), account)


@dataclass
class World:
    """Installations by unit code, each with its key; sessions opened on demand and kept."""

    root: Path
    keys: dict[str, bytes]
    sessions: dict[str, Session] = field(default_factory=dict)

    def dir(self, code: str) -> Path:
        return self.root / code

    def __getitem__(self, code: str) -> Session:
        if code not in self.sessions:
            self.sessions[code] = open_with_key(self.dir(code), self.keys[code])
        return self.sessions[code]

    def close(self) -> None:
        for s in self.sessions.values():
            s.close()
        self.sessions.clear()

    def copy(self, dest: Path) -> World:
        """A copy of every installation (sessions closed first, so the files are whole)."""
        self.close()
        shutil.copytree(self.root, dest)
        return World(dest, dict(self.keys))

    def add(self, code: str, session: Session) -> None:
        self.keys[code] = session.key_copy()
        self.sessions[code] = session


_TEMPLATE: World | None = None


def template_world(base: Path) -> World:
    """The enrolled world, built once per test process under `base`; copy it, never edit it."""
    global _TEMPLATE
    if _TEMPLATE is None:
        world = World(base / "world", {})
        for code, (level, parent, name) in UNITS.items():
            world.add(code, new_unit(world.dir(code), code, level, parent, name))
        ensure_root(world["TW"])
        for code in ENROLLED:
            enrol(world[UNITS[code][1]], world[code])
        world.close()
        _TEMPLATE = world
    return _TEMPLATE


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> World:
    """The enrolled world, built once (import this fixture into a test module to use it)."""
    return template_world(tmp_path_factory.mktemp("template"))


@pytest.fixture
def world(template: World, tmp_path: Path):
    """A fresh copy of the enrolled world for one test."""
    w = template.copy(tmp_path / "world")
    yield w
    w.close()


def second_device(world: World, code: str, new_code: str) -> Session:
    """Another PC of unit `code`: its folder copied, made a device of its own, then enrolled."""
    from desktop.sync.enrolment import start_second_device

    if code in world.sessions:
        world.sessions.pop(code).close()  # the copy must be of whole files
    shutil.copytree(world.dir(code), world.dir(new_code))
    world.keys[new_code] = world.keys[code]
    session = world[new_code]
    start_second_device(session)
    enrol(world[UNITS[code][1]], session)
    return session


# -- data ------------------------------------------------------------------------------------


def add_members(session: Session, n: int, *, prefix: str = "Hội viên", branch: str | None = None):
    """A branch (unless given) and n members through the write path; (branch id, member ids)."""
    from db.store import Change

    store = session.store
    if branch is None:
        branch = store.save("branches", {"name": f"Chi hội {prefix}"}).ids[0]
    changes = [
        Change("members", {"branch_id": branch, "full_name": f"{prefix} Thị {_given(i)}"})
        for i in range(n)
    ]
    return branch, store.write(changes).ids


def _given(i: int) -> str:
    names = ("Hoa", "Lan", "Mai", "Cúc", "Đào", "Huệ", "Hồng", "Nga", "Yến", "Thu")
    return f"{names[i % len(names)]} {i // len(names) + 1}" if i >= len(names) else names[i]


def snapshot(session: Session) -> dict[str, list]:
    """Every domain row and the sync bookkeeping, to compare before and after a rejection."""
    db = session.store.db
    out = {
        t: sorted(db.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr)
        for t in (*TABLES, *BOOKKEEPING)
    }
    out["sync_state"] = db.execute(
        "SELECT * FROM sync_state WHERE key != 'audit_head' ORDER BY 1"
    ).fetchall()
    return out


def alarms(session: Session) -> list[tuple]:
    return session.store.db.execute(
        "SELECT unit_code, device_id, seq, kind FROM alarms ORDER BY id"
    ).fetchall()


def commune_rows(session: Session, units: set[str]) -> dict[str, list]:
    """The rows of `units`, every column but the local db_version, for comparing replicas."""
    db = session.store.db
    marks = ",".join("?" * len(units))
    out = {}
    for t, spec in TABLES.items():
        cols = ", ".join(("id", "unit_code", *spec.field_names, "is_deleted", "clocks"))
        out[t] = db.execute(
            f"SELECT {cols} FROM [{t}] WHERE unit_code IN ({marks}) ORDER BY id", sorted(units)
        ).fetchall()
    return out


def import_files(session: Session, *paths: Path, receipts: Path | None = None) -> ImportResult:
    return import_paths(session, list(paths), receipts_dir=receipts)


# -- hand-made packages ----------------------------------------------------------------------


def branch_id_of(unit: str) -> str:
    """The id of `branch_row(unit)`, the branch `member_row(unit)` belongs to."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"sohoi-test-branch/{unit}"))


def branch_row(unit: str, *, hlc: int = 1 << 40, site: str = "ab") -> dict:
    """The branch of `member_row(unit)`, in the body's shape: send it first, as an export does."""
    return {
        "table": "branches",
        "id": branch_id_of(unit),
        "unit_code": unit,
        "values": {"name": "Chi hội Thôn Bắc", "is_deleted": 0},
        "clocks": {"*": [hlc, site]},
    }


def member_row(unit: str, name: str = "Lê Thị Hoa", *, hlc: int = 1 << 40, site: str = "ab"):
    """A member row in the body's shape `{table, id, unit_code, values, clocks}`, in the branch
    of `branch_row(unit)` (applied only when that branch is known to the receiver)."""
    return {
        "table": "members",
        "id": str(uuid.uuid4()),
        "unit_code": unit,
        "values": {"branch_id": branch_id_of(unit), "full_name": name, "is_deleted": 0},
        "clocks": {"*": [hlc, site]},
    }


def bulk_rows(unit: str, n: int, *, site: str = "b0b0b0b0b0b0b0b0", hlc: int = 1 << 56):
    """A branch and `n` members of `unit` in the body's shape, fast (no write path): for
    packages too big to build through a real installation in a test."""
    branch = str(uuid.UUID(int=n, version=4))
    yield {
        "table": "branches",
        "id": branch,
        "unit_code": unit,
        "values": {"name": "Chi hội Thôn Đông", "is_deleted": 0},
        "clocks": {"*": [hlc, site]},
    }
    for i in range(n):
        yield {
            "table": "members",
            "id": str(uuid.UUID(int=(n << 32) + i, version=4)),
            "unit_code": unit,
            "values": {
                "branch_id": branch,
                "full_name": f"Nguyễn Thị {_given(i)}",
                "birth_date": f"{1950 + i % 50}-0{1 + i % 9}-1{i % 10}",
                "citizen_id": f"0011{50 + i % 50:02d}{i:06d}",
                "phone": f"09{i:08d}",
                "ethnicity": "Kinh",
                "religion": "Không",
                "address": "Thôn Đông",
                "joined_on": "2010-01-15",
                "card_number": f"HV{i:07d}",
                "status": "active",
                "special_groups": "[]",
                "note": None,
                "is_deleted": 0,
            },
            "clocks": {"*": [hlc + i + 1, site]},
        }


def base_manifest(unit: str, device: str, seq: int, package_id: str) -> dict:
    """An up package's manifest as an honest sender writes it, for an empty body."""
    return {
        "format": "sohoi-package",
        "package_id": package_id,
        "unit": unit,
        "device": device,
        "seq": seq,
        "prev": None,
        "created_at": "2026-11-26T08:00:00+00:00",
        "clock": 0,
        "schema_version": 3,
        "since_version": 0,
        "base_seq": 0,
        "db_version_to": 0,
        "counts": {},
        "revocations": [],
    }


def craft(
    session: Session | None,
    rows: list[dict] | None = None,
    *,
    seq: int = 1,
    kind: str = "up",
    plain: bytes | None = None,
    packed: bytes | None = None,
    plain_length: int | None = None,
    chain: list[Certificate] | None = None,
    signer: Identity | None = None,
    recipients: list[Certificate] | None = None,
    manifest: dict | None = None,
    sealed: list[bytes] | None = None,
) -> bytes:
    """A package built by hand, byte by byte as docs/SYNC-FORMAT.md describes, validly signed.

    By default `session`'s device signs `rows` for its ancestors; every part can be replaced
    (`sealed`: the bodies' bytes as they are, e.g. taken from another package) to build what an
    attacker or a buggy peer would send.
    """
    if signer is None:
        assert session is not None
        signer = identity(session)
    if chain is None:
        assert session is not None
        chain = own_chain(session.store.db, signer.device_id)
    recipients = chain[1:] if recipients is None else recipients
    plain = ndjson(rows or []) if plain is None else plain
    packed = zlib.compress(plain) if packed is None else packed
    m = {
        **base_manifest(chain[0].unit_code, signer.device_id, seq, str(uuid.uuid4())),
        # What an honest sender declares: one count per line of the body (the receiver refuses
        # a body with more lines than the counts).
        "counts": _counts(plain),
        **(manifest or {}),
    }
    given, sealed, entries = sealed, [], []
    for i, r in enumerate(recipients):
        if given is not None:
            data = given[i]
        else:
            data = container._SUITE.encrypt(
                packed, r.encryption_key, info=body_info(m, r.device_id)
            )
        sealed.append(data)
        entries.append(
            {
                "recipient": r.device_id,
                "length": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "plain_length": len(plain) if plain_length is None else plain_length,
            }
        )
    m = {**m, "bodies": entries, "kind": kind}
    chain_bytes = canonical([c.as_dict() for c in chain])
    manifest_bytes = canonical(m)
    head = (
        MAGIC
        + bytes([VERSION, container.KINDS[kind]])
        + struct.pack(">I", len(chain_bytes))
        + chain_bytes
        + struct.pack(">I", len(manifest_bytes))
        + manifest_bytes
    )
    return head + signer.sign(head) + b"".join(sealed)


def _counts(plain: bytes) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for line in plain.split(b"\n"):
        if line:
            try:
                counts[str(json.loads(line).get("table"))] += 1
            except (ValueError, AttributeError, RecursionError):
                counts["?"] += 1
    return dict(counts)


def regions(raw: bytes) -> dict[str, tuple[int, int]]:
    """Where each part of a package lies: name → (start, end)."""
    (c,) = struct.unpack(">I", raw[10:14])
    (m,) = struct.unpack(">I", raw[14 + c : 18 + c])
    manifest = json.loads(raw[18 + c : 18 + c + m])
    out = {
        "magic": (0, 8),
        "version": (8, 9),
        "kind": (9, 10),
        "chain_length": (10, 14),
        "chain": (14, 14 + c),
        "manifest_length": (14 + c, 18 + c),
        "manifest": (18 + c, 18 + c + m),
        "signature": (18 + c + m, 82 + c + m),
    }
    pos = 82 + c + m
    for i, body in enumerate(manifest["bodies"]):
        out[f"body{i}"] = (pos, pos + body["length"])
        pos += body["length"]
    assert pos == len(raw)
    return out


def flip(raw: bytes, offset: int, bit: int = 0) -> bytes:
    b = bytearray(raw)
    b[offset] ^= 1 << bit
    return bytes(b)


def foreign_chain(unit: str, parent: str) -> tuple[Identity, list[Certificate]]:
    """A device enrolled under another root of trust (another 'central'), built in memory."""
    root = Identity("f0f0f0f0f0f0f0f0", Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    prov = Identity("f1f1f1f1f1f1f1f1", Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    dev = Identity("f2f2f2f2f2f2f2f2", Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    root_cert = sign_certificate(
        root.certificate({"code": "TW", "level": "central"}, root.device_id), root
    )
    prov_cert = sign_certificate(
        prov.certificate({"code": parent, "level": "province", "parent_code": "TW"}, "f0" * 8),
        root,
    )
    dev_cert = sign_certificate(
        dev.certificate({"code": unit, "level": "commune", "parent_code": parent}, "f1" * 8),
        prov,
    )
    return dev, [dev_cert, prov_cert, root_cert]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
