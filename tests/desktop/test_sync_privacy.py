"""Nothing personal leaves a unit in clear: every byte of every file sync writes (packages,
relayed originals, receipts, down packages, enrolment requests and certificates, revocation
lists) and every file name is searched for the demo's citizen IDs, names and phone numbers."""

import json
import unicodedata

from desktop.demo.unit import create_demo
from desktop.sync.container import read
from desktop.sync.enrolment import accept, approve, ensure_root, identity, make_request
from desktop.sync.export import export_down, export_up
from desktop.sync.identity import revoked_devices, trusted_root
from desktop.sync.revocation import revoke

from .sync_helpers import import_files, new_unit, regions

MANIFEST_KEYS = {
    "format",
    "package_id",
    "unit",
    "device",
    "seq",
    "prev",
    "created_at",
    "clock",
    "schema_version",
    "since_version",
    "base_seq",
    "db_version_to",
    "counts",
    "revocations",
    "periods",  # down packages: the centre's calendar (ids, names, dates)
    "bodies",
    "kind",
    # receipts
    "for_unit",
    "for_device",
    "highest_contiguous",
    "received",
    "rejected",
    "issued_at",
}


def enrol_collect(parent, child, files: list[bytes]) -> None:
    request = make_request(child)
    bundle = approve(parent, request, identity(child).fingerprint)
    accept(child, bundle)
    files += [request, bundle]


def personal_strings(session) -> set[str]:
    db = session.store.db
    found = set()
    for table in ("members", "cadres", "branch_heads"):
        for name, cid, phone in db.execute(f"SELECT full_name, citizen_id, phone FROM {table}"):
            found |= {v for v in (name, cid, phone) if v}
    return found


def test_no_personal_data_in_any_file_sync_writes(tmp_path):
    commune = create_demo(tmp_path / "commune", members=200, seed=1)
    code = commune.store.unit_code
    (parent,) = commune.store.db.execute(
        "SELECT parent_code FROM units WHERE code = ?", [code]
    ).fetchone()
    central = new_unit(tmp_path / "tw", "TW", "central", None, "Trung ương Hội")
    province = new_unit(tmp_path / "p", parent, "province", "TW", "Hội LHPN tỉnh")
    ensure_root(central)
    blobs: list[bytes] = []
    enrol_collect(central, province, blobs)
    enrol_collect(province, commune, blobs)

    sticks = [tmp_path / f"stick{i}" for i in range(4)]
    package = export_up(commune, sticks[0]).paths[0]
    assert import_files(province, sticks[0], receipts=sticks[1]).ok
    assert export_up(province, sticks[2]).relayed == 1
    revoke(province, identity(commune).device_id)  # a revocation list travels up too
    export_up(province, sticks[2])
    assert import_files(central, sticks[2], receipts=sticks[3]).ok
    assert identity(commune).device_id in revoked_devices(central.store.db)
    export_down(central, sticks[3])
    assert import_files(province, sticks[3]).ok

    files = sorted(p for s in sticks for p in s.iterdir())
    assert len(files) == 8  # package, receipt, 2 + relay up, 2 receipts + package down
    blobs += [p.read_bytes() for p in files]
    names = " ".join(p.name for p in files)
    secrets = personal_strings(commune)
    assert len(secrets) > 400
    for secret in secrets:
        for form in {unicodedata.normalize(f, secret).encode() for f in ("NFC", "NFD")}:
            assert form not in names.encode()
            assert not any(form in blob for blob in blobs), f"{secret!r} in clear"
    for path in files:
        raw = path.read_bytes()
        manifest = json.loads(raw[slice(*regions(raw)["manifest"])])
        assert set(manifest) <= MANIFEST_KEYS, set(manifest) - MANIFEST_KEYS

    # The control: the same search finds them once the body is opened by its recipient.
    opened = read(
        package.read_bytes(), root=trusted_root(province.store.db), revocations={}
    ).body_for(identity(province))
    assert sum(s.encode() in opened for s in secrets) == len(secrets)
    for session in (commune, central, province):
        session.close()
