"""A simulated province or nation of reporting communes: for benchmarks, trials and training.

The upper levels are real installations (`create_unit`, enrolled through the real API: the
centre's root, each province approved by the centre). The communes are device identities held
in memory, each enrolled by its province through `approve` with the request and fingerprint a
real commune would bring, and each sends one real package, signed and sealed by the export
code (`desktop.sync.export.seal_up`), of the demo generator's records (`desktop.demo.unit`: the
article's proportions, ~5,700 members a commune). No process, database or password per
commune: a nation of 3,321 communes is a matter of minutes, most of them the demo records.

Commune codes are the catalogue's, so every trust check applies as in the field. Presets:
`province` (the province whose commune count is nearest 98, ~5,700 members each: ~560,000),
`large-province` (the largest, Hồ Chí Minh City's 168 communes, ~1,000,000 members) and
`nation` (34 provinces, 3,321 communes, ~19,000,000 members).
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import vietnam_provinces as vp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from db.store import Change, unit_row_id
from db.validation import clean_values
from desktop.demo.unit import demo_changes, demo_unit
from desktop.installation.setup import NewUnit, create_unit
from desktop.security.session import Session
from desktop.sync.enrolment import (
    accept,
    approve,
    ensure_root,
    identity,
    make_request,
    request_document,
)
from desktop.sync.export import package_name, seal_up
from desktop.sync.identity import Certificate, Identity
from desktop.units import catalogue

MEMBERS_PER_COMMUNE = 5_700  # ~19 million members in 3,321 communes
HLC_BASE = 1 << 56  # clock stamps of the simulated records: well in the past of any real clock


@dataclass(frozen=True)
class Preset:
    provinces: int  # how many provinces (the catalogue's, largest first for `nation`)
    communes: int | None  # communes per province; None: all of the province's
    members: int  # members per commune


PRESETS = {
    "province": Preset(1, 98, MEMBERS_PER_COMMUNE),
    "large-province": Preset(1, None, 5_950),
    "nation": Preset(34, None, MEMBERS_PER_COMMUNE),
}


@dataclass
class Commune:
    """A simulated commune's device: its unit, keys and chain up to the root."""

    code: str
    province_code: str
    me: Identity
    chain: list[Certificate]


def pick_provinces(count: int, communes: int | None) -> list[str]:
    """The provinces a simulation uses: for one province of `communes` communes, the one whose
    count is nearest; otherwise the largest first."""
    sizes = sorted(
        ((len(catalogue.communes(p.code)), p.code) for p in catalogue.provinces()), reverse=True
    )
    if count == 1 and communes is not None:
        fitting = [s for s in sizes if s[0] >= communes]
        if not fitting:
            raise ValueError(f"no province has {communes} communes (the largest has {sizes[0][0]})")
        return [min(fitting, key=lambda s: s[0] - communes)[1]]
    return [code for _, code in sizes[:count]]


def commune_codes(province_code: str, communes: int | None) -> list[str]:
    codes = sorted(p.code for p in catalogue.communes(province_code))
    return codes if communes is None else codes[:communes]


def upper_levels(root: Path, provinces: list[str], password: str) -> dict[str, Session]:
    """Real installations of the centre ("TW") and `provinces`, enrolled; their sessions."""
    sessions: dict[str, Session] = {}
    central = create_unit(
        root / "TW",
        NewUnit(catalogue.CENTRAL_CODE, catalogue.CENTRAL_NAME, "central"),
        admin_password=password,
    ).session
    ensure_root(central)
    sessions["TW"] = central
    names = {p.code: p for p in catalogue.provinces()}
    for code in provinces:
        unit = catalogue.new_unit("province", names[code], catalogue.union_name(names[code]))
        session = create_unit(root / code, unit, admin_password=password).session
        bundle = approve(central, make_request(session), identity(session).fingerprint)
        accept(session, bundle, issuer_fingerprint=identity(central).fingerprint)
        sessions[code] = session
    return sessions


def enrol_commune(province: Session, code: str) -> Commune:
    """A commune device for catalogue code `code`, approved by `province` as an operator would
    (its request, its fingerprint compared)."""
    me = Identity(secrets.token_hex(8), Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    unit = {
        "code": code,
        "name": f"Hội LHPN {code}",
        "level": "commune",
        "parent_code": province.store.unit_code,
    }
    bundle = json.loads(approve(province, request_document(me, unit), me.fingerprint))
    chain = [Certificate.from_dict(bundle["certificate"])]
    chain += [Certificate.from_dict(c) for c in bundle["chain"]]
    return Commune(code, province.store.unit_code or "", me, chain)


def commune_rows(code: str, province_code: str, members: int, seed: int, today: date) -> list[dict]:
    """The demo records of commune `code`, as a package body carries them (stored form, clock
    stamps of a device of its own)."""
    site = secrets.token_hex(8)
    unit, details = demo_unit(vp.Ward.from_code(int(code)), random.Random(seed))  # type: ignore[arg-type]  # stub says ProvinceCode/WardCode; a plain int works
    own = Change("units", {**asdict(unit), **details}, id=unit_row_id(code), unit_code=code)
    changes = demo_changes(
        code, members=members, seed=seed, today=today, province_code=int(province_code)
    )
    rows = []
    for i, change in enumerate([own, *changes]):
        cleaned = clean_values(change.table, change.values, today)
        rows.append(
            {
                "table": change.table,
                "id": change.id,
                "unit_code": code,
                "values": {**cleaned.values, "is_deleted": 0},
                "clocks": {"*": [HLC_BASE + i, site]},
            }
        )
    return rows


def commune_package(commune: Commune, rows: list[dict], now: datetime | None = None) -> bytes:
    """The commune's first package (seq 1), as its export would write it."""
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    clock = max((r["clocks"]["*"][0] for r in rows), default=0)
    data, _, _ = seal_up(
        commune.chain, commune.me, rows, seq=1, prev=None, created_at=stamp, clock=clock
    )
    return data


def write_packages(
    province: Session,
    out_dir: Path,
    *,
    communes: int | None,
    members: int,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Iterator[Path]:
    """Enrol the province's communes and write one package each into `out_dir`; yields paths."""
    today = today or date.today()
    codes = commune_codes(province.store.unit_code or "", communes)
    out_dir.mkdir(parents=True, exist_ok=True)
    for done, code in enumerate(codes):
        commune = enrol_commune(province, code)
        # Seeded by the commune's own code (unique in the nation, < 100,003): the same seed for
        # every province must not give two provinces' communes the same record ids.
        rows = commune_rows(code, commune.province_code, members, seed * 100_003 + int(code), today)
        path = out_dir / package_name(code, commune.me.device_id, 1)
        path.write_bytes(commune_package(commune, rows))
        if progress is not None:
            progress(done + 1, len(codes), code)
        yield path
