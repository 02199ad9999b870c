"""The simulated province (desktop/simulation.py): real packages that the real importer takes at
the province and, relayed, at the centre, every row arriving."""

from desktop.simulation import commune_codes, pick_provinces, upper_levels, write_packages
from desktop.sync.export import export_up
from desktop.sync.importer import import_paths

from .sync_helpers import PASSWORD


def _members(session, unit: str) -> int:
    return session.store.db.execute(
        "SELECT COUNT(*) FROM members WHERE unit_code = ?", [unit]
    ).fetchone()[0]


def test_a_simulated_province_reports_and_is_relayed_to_the_centre(tmp_path):
    (code,) = pick_provinces(1, 40)
    sessions = upper_levels(tmp_path / "units", [code], PASSWORD)
    province, central = sessions[code], sessions["TW"]
    try:
        paths = list(write_packages(province, tmp_path / "stick", communes=3, members=40))
        assert len(paths) == 3
        communes = commune_codes(code, 3)
        result = import_paths(province, [tmp_path / "stick"])
        assert [v.status for v in result.verdicts] == ["accepted"] * 3
        assert {v.unit for v in result.verdicts} == set(communes)
        assert [_members(province, c) for c in communes] == [40, 40, 40]
        sent = export_up(province, tmp_path / "up")
        assert sent.relayed == 3
        result = import_paths(central, [tmp_path / "up"])
        assert all(v.status == "accepted" for v in result.verdicts), result.verdicts
        assert [_members(central, c) for c in communes] == [40, 40, 40]
    finally:
        for session in sessions.values():
            session.close()
