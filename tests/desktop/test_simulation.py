"""The simulated province (desktop/demo/nation.py): real packages that the real importer takes at
the province and, relayed, at the centre, every row arriving."""

import io
import json

from db.indicators import INDICATOR_IDS, compute_indicators
from db.upper_checks import saved_duplicates
from desktop.cli.main import main
from desktop.demo.nation import commune_codes, pick_provinces, upper_levels, write_packages
from desktop.sync.export import export_up
from desktop.sync.importer import import_paths
from desktop.units.catalogue import communes as catalogue_communes
from desktop.units.table import units_table

from .sync_helpers import PASSWORD


def _members(session, unit: str) -> int:
    return session.store.db.execute(
        "SELECT COUNT(*) FROM members WHERE unit_code = ?", [unit]
    ).fetchone()[0]


def test_a_simulated_province_reports_and_is_relayed_to_the_centre(tmp_path, monkeypatch):
    (code,) = pick_provinces(1, 40)
    sessions = upper_levels(tmp_path / "units", [code], PASSWORD)
    province, central = sessions[code], sessions["TW"]
    try:
        paths = list(write_packages(province, tmp_path / "stick", communes=4, members=40))
        assert len(paths) == 4
        communes = commune_codes(code, 3)
        # The fourth commune's file is damaged on the stick: refused alone, the others taken.
        raw = bytearray(paths[3].read_bytes())
        raw[len(raw) // 2] ^= 0x40
        paths[3].write_bytes(bytes(raw))
        result = import_paths(province, [tmp_path / "stick"])
        assert [v.status for v in result.verdicts] == ["accepted"] * 3 + ["rejected"]
        assert "tệp bị sửa" in result.verdicts[3].reason
        assert _members(province, commune_codes(code, 4)[3]) == 0
        assert {v.unit for v in result.verdicts[:3]} == set(communes)
        assert [_members(province, c) for c in communes] == [40, 40, 40]
        # The duplicate citizen ID check across the communes, kept at the end of the import:
        # the overview opened next shows it at once.
        assert saved_duplicates(province.store.db, province.store.db_version) is not None
        sent = export_up(province, tmp_path / "up")
        assert sent.relayed == 3
        result = import_paths(central, [tmp_path / "up"])
        assert all(v.status == "accepted" for v in result.verdicts), result.verdicts
        assert [_members(central, c) for c in communes] == [40, 40, 40]
        assert saved_duplicates(central.store.db, central.store.db_version) is not None
        _the_units_tables_show_it(province, central, code, communes)
    finally:
        for session in sessions.values():
            session.close()
    # The same table from the command line, at the centre for the province's communes.
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    out = io.StringIO()
    args = ["units", "--data", str(tmp_path / "units" / "TW"), "--indicators", "--below", code]
    assert main([*args, "--json"], out=out) == 0
    table = {r["code"]: r for r in json.loads(out.getvalue())}
    assert sorted(c for c, r in table.items() if r["days_since"] == 0) == communes
    assert {i["id"] for i in table[communes[0]]["indicators"]} == set(INDICATOR_IDS)
    out = io.StringIO()
    assert main(args, out=out) == 0
    assert f"3/{len(table)} đơn vị đã báo cáo." in out.getvalue()


def _the_units_tables_show_it(province, central, code, communes):
    rows = {r.code: r for r in units_table(province.store.db, code)}
    # Every commune of the province's catalogue is listed; the three that sent, as reported.
    assert set(rows) == {c.code for c in catalogue_communes(code)}
    assert sorted(c for c, r in rows.items() if r.reported) == communes
    for c in communes:
        assert rows[c].days_since == 0 and rows[c].devices == 1 and rows[c].alarms == 0
        own = compute_indicators(province.store.db, c)
        assert [(i.id, i.numerator, i.denominator) for i in rows[c].indicators] == [
            (i.id, i.numerator, i.denominator) for i in own
        ]
    silent = next(r for c, r in rows.items() if c not in communes)
    assert silent.stale() and silent.days_since is None and not silent.indicators
    # The centre: 34 provinces, this one reported; opened, its communes as the province sees them.
    top = {r.code: r for r in units_table(central.store.db, "TW")}
    assert len(top) == 34 and [c for c, r in top.items() if r.reported] == [code]
    assert top[code].indicators == compute_indicators(central.store.db, code)
    opened = {r.code: r for r in units_table(central.store.db, code)}
    assert sorted(c for c, r in opened.items() if r.reported) == communes


def test_two_provinces_simulated_with_one_seed_reach_the_centre_whole(tmp_path):
    """Every province is written with the same seed (scripts/simulate_nation.py): their
    communes' record ids must still differ, or the centre refuses the second province's files
    as rows changing owner."""
    codes = pick_provinces(2, 2)
    sessions = upper_levels(tmp_path / "units", codes, PASSWORD)
    central = sessions["TW"]
    try:
        for code in codes:
            province = sessions[code]
            stick, up = tmp_path / "stick" / code, tmp_path / "up" / code
            list(write_packages(province, stick, communes=2, members=20, seed=1))
            assert import_paths(province, [stick]).ok
            export_up(province, up)
            result = import_paths(central, [up])
            assert result.ok, [v.reason for v in result.verdicts]
        (units,) = central.store.db.execute(
            "SELECT COUNT(DISTINCT unit_code) FROM members"
        ).fetchone()
        assert units == 4
    finally:
        for session in sessions.values():
            session.close()
