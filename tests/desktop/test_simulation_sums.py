"""An upper level's indicators are the sum of its communes' own (issue #14): a small simulated
province of 3 communes × 40 members, relayed to the centre.

Every indicator of db/indicators.py is a count over the communes' records (or over the communes
themselves: "bases_*"), and each commune sits below exactly one province, so numerators and
denominators add up from commune to province to centre. A percentage does not: the upper
level's value is the percentage of the summed counts, never the mean of the communes' values
(which would weigh a commune of 10 heads like one of 200)."""

from db.indicators import INDICATOR_IDS, compute_indicators, indicators_by_unit, percent
from desktop.demo.nation import commune_codes, pick_provinces, upper_levels, write_packages
from desktop.sync.export import export_up
from desktop.sync.importer import import_paths

from .sync_helpers import PASSWORD

COMMUNES, MEMBERS = 3, 40


def _counts(db, code: str) -> dict[str, tuple[int, int | None]]:
    return {i.id: (i.numerator, i.denominator) for i in compute_indicators(db, code)}


def _sum(parts: list[dict[str, tuple[int, int | None]]]) -> dict[str, tuple[int, int | None]]:
    out = {}
    for ind in INDICATOR_IDS:
        numerators = [p[ind][0] for p in parts]
        denominators = [p[ind][1] for p in parts]
        if ind.startswith("channels_"):  # pure counts: no denominator at any level
            assert denominators == [None] * len(parts)
            out[ind] = (sum(numerators), None)
        else:
            out[ind] = (sum(numerators), sum(d or 0 for d in denominators))
    return out


def test_province_and_centre_indicators_are_the_sums_of_their_communes(tmp_path):
    (code,) = pick_provinces(1, COMMUNES)
    sessions = upper_levels(tmp_path / "units", [code], PASSWORD)
    province, central = sessions[code], sessions["TW"]
    try:
        list(write_packages(province, tmp_path / "stick", communes=COMMUNES, members=MEMBERS))
        verdicts = import_paths(province, [tmp_path / "stick"]).verdicts
        assert [v.status for v in verdicts] == ["accepted"] * COMMUNES
        export_up(province, tmp_path / "up")
        verdicts = import_paths(central, [tmp_path / "up"]).verdicts
        assert verdicts and all(v.status == "accepted" for v in verdicts)
        communes = commune_codes(code, COMMUNES)
        p_db, c_db = province.store.db, central.store.db

        own = [_counts(p_db, c) for c in communes]
        # The centre holds the same communes as the province: their own counts agree.
        assert [_counts(c_db, c) for c in communes] == own
        summed = _sum(own)
        # Something to add up: the communes' records reach most indicators' denominators.
        assert sum(1 for n, d in summed.values() if d) >= len(INDICATOR_IDS) - 5
        assert _counts(p_db, code) == summed
        assert _counts(c_db, code) == summed
        assert _counts(c_db, "TW") == summed  # the only province that reported
        # The centre's units table (one grouped query) gives the province the same counts.
        grouped = indicators_by_unit(c_db, "TW")[code]
        assert {i.id: (i.numerator, i.denominator) for i in grouped} == summed

        # A percentage: that of the summed counts, not the mean of the communes' percentages.
        for ind in compute_indicators(c_db, "TW"):
            n, d = summed[ind.id]
            if d is None or ind.kind == "count":  # a count (with or without a denominator)
                assert ind.value == (n if d != 0 else None)
            else:
                assert ind.value == percent(n, d)
    finally:
        for session in sessions.values():
            session.close()
