"""A small simulated province for the upper levels' window tests, built once per test module.

The province and the centre are real installations (desktop/demo/nation.py); four of the
province's communes send one real package each (30 members), imported by the real importer.
Then, written through the province's store as a relayed record would be: a member of the first
commune registered again in the second (same citizen ID), and the fourth commune's chair gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.demo.nation import commune_codes, pick_provinces, upper_levels, write_packages
from desktop.installation.setup import login
from desktop.security.session import Session
from desktop.security.users import add_user
from desktop.sync.export import export_up
from desktop.sync.importer import import_paths
from desktop.units.catalogue import communes

PASSWORD = "mat-khau-dong-bo"
VIEWER, VIEWER_PASSWORD = "xem", "xem-12345"
COMMUNES, MEMBERS = 4, 30


@dataclass
class Province:
    session: Session
    data_dir: Path
    code: str
    reported: list[str]  # the communes that sent a package, in code order
    catalogue: list[str]  # every commune of the province's catalogue
    twice: dict  # the member registered in two communes: full_name, citizen_id, units

    def viewer(self) -> Session:
        return login(self.data_dir, VIEWER, VIEWER_PASSWORD)

    def centre(self) -> Session:
        """The centre's admin, after it imported what the province relayed up."""
        central = login(self.data_dir.parent / "TW", "admin", PASSWORD)
        result = import_paths(central, [self.data_dir.parent.parent / "up"])
        assert result.verdicts and all(v.status == "accepted" for v in result.verdicts)
        return central


def build_province(root: Path) -> Province:
    (code,) = pick_provinces(1, COMMUNES)
    sessions = upper_levels(root / "units", [code], PASSWORD)
    sessions["TW"].close()
    session = sessions[code]
    list(write_packages(session, root / "stick", communes=COMMUNES, members=MEMBERS))
    result = import_paths(session, [root / "stick"])
    assert [v.status for v in result.verdicts] == ["accepted"] * COMMUNES
    reported = commune_codes(code, COMMUNES)
    store = session.store
    first, second = reported[0], reported[1]
    original = store.db.execute(
        "SELECT full_name, citizen_id, birth_date, joined_on FROM members WHERE unit_code = ? "
        "AND status = 'active' AND length(citizen_id) = 12 AND length(birth_date) = 10 "
        "ORDER BY rowid LIMIT 1",
        [first],
    ).fetchone()
    branch = store.db.execute(
        "SELECT id FROM branches WHERE unit_code = ? AND is_deleted = 0 LIMIT 1", [second]
    ).fetchone()[0]
    name, cid, birth, joined = original
    store.save(
        "members",
        {
            "branch_id": branch,
            "full_name": name,
            "citizen_id": cid,
            "birth_date": birth,
            "joined_on": joined,
            "status": "active",
        },
        unit_code=second,
    )
    for (chair,) in store.db.execute(
        "SELECT id FROM cadres WHERE unit_code = ? AND position = 'chair' AND is_deleted = 0",
        [reported[3]],
    ).fetchall():
        store.delete("cadres", chair)
    add_user(session, VIEWER, VIEWER_PASSWORD, "viewer")
    export_up(session, root / "up")  # for the centre (`Province.centre`)
    return Province(
        session,
        root / "units" / code,
        code,
        reported,
        sorted(c.code for c in communes(code)),
        {"full_name": name, "citizen_id": cid, "units": (first, second)},
    )
