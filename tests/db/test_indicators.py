"""Indicators over a small hand-counted hierarchy, built through the real write path.

TW (central)
├── P1 (province; own cadre, model, channel, branch and head that count in nothing)
│   ├── C1 (commune: computer + internet + software)
│   ├── D1 (district; own chair counts in nothing)
│   │   ├── C2 (commune: computer, no internet, software)
│   │   └── C3 (commune: nothing recorded)
│   ├── C4 (commune, deleted: its records count in nothing)
│   └── D9 (district, deleted) └── C9 (commune, live but unreachable)
└── P2 └── X1 (commune outside P1: counts for TW only)
"""

import json
import time
import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from db.connection import open_memory
from db.indicators import (
    DEFAULT_TARGETS,
    INDICATOR_IDS,
    Indicator,
    compute_indicators,
    format_count,
    format_value,
    percent,
)
from db.store import Store, unit_row_id

from .conftest import TODAY

AS_OF = date(2026, 6, 30)


def unit(store: Store, code: str, level: str, parent: str | None = None, **flags) -> None:
    store.save(
        "units",
        {"code": code, "name": f"Hội LHPN {code}", "level": level, "parent_code": parent, **flags},
    )


def save(store: Store, table: str, unit_code: str, **values) -> str:
    return store.save(table, values, unit_code=unit_code).ids[0]


def branch(store: Store, unit_code: str, social: int | None = None) -> str:
    return save(
        store,
        "branches",
        unit_code,
        name=f"Chi hội {uuid.uuid4().hex[:6]}",
        uses_social_media=social,
    )


def head(store: Store, unit_code: str, branch_id: str, **values) -> str:
    return save(
        store, "branch_heads", unit_code, branch_id=branch_id, full_name="Lê Thị Hoa", **values
    )


def cadre(store: Store, unit_code: str, position: str = "chair", **values) -> str:
    return save(store, "cadres", unit_code, full_name="Phạm Thị Lan", position=position, **values)


def model(store: Store, unit_code: str, kind: str, status: str | None = None) -> str:
    return save(store, "models", unit_code, kind=kind, name="Mô hình", status=status)


def channel(store: Store, unit_code: str, kind: str) -> str:
    return save(store, "online_channels", unit_code, kind=kind, name="Kênh")


def everything_counted(store: Store, code: str) -> None:
    """Records of a unit that must never count under P1 (upper level, deleted, outside)."""
    b = branch(store, code, social=1)
    head(
        store,
        code,
        b,
        is_party_member=1,
        party_development="admitted",
        monthly_allowance=1,
        allowance_source="local_budget",
    )
    cadre(
        store,
        code,
        birth_date="1990-05-05",
        union_work_since=2015,
        education="university",
        political_theory="bachelor",
        software_proficient=1,
    )
    model(store, code, "special_members", "active")
    channel(store, code, "fanpage")


@pytest.fixture
def store() -> Store:
    s = Store(open_memory(), today=lambda: TODAY)
    s.set_unit("TW")
    unit(s, "TW", "central")
    unit(s, "P1", "province", "TW", has_dedicated_computer=0)
    unit(s, "P2", "province", "TW")
    unit(s, "D1", "district", "P1")
    unit(s, "C1", "commune", "P1", has_dedicated_computer=1, has_internet=1, uses_union_software=1)
    unit(s, "C2", "commune", "D1", has_dedicated_computer=1, has_internet=0, uses_union_software=1)
    unit(s, "C3", "commune", "D1", uses_union_software=0)
    unit(s, "C4", "commune", "P1")
    unit(s, "D9", "district", "P1")
    unit(s, "C9", "commune", "D9")
    unit(s, "X1", "commune", "P2", has_dedicated_computer=1, has_internet=1, uses_union_software=1)
    for code in ("P1", "C4", "C9", "X1"):
        everything_counted(s, code)
    cadre(s, "D1", birth_date="1990", education="postgraduate", software_proficient=1)
    s.delete("units", unit_row_id("C4"))
    s.delete("units", unit_row_id("D9"))

    # Branches: 4 live in P1's communes, 2 using social media; one deleted.
    b1a, b1b = branch(s, "C1", social=1), branch(s, "C1", social=0)
    b2a, b3a = branch(s, "C2", social=1), branch(s, "C3")
    s.delete("branches", branch(s, "C1", social=1))

    # Models: 1+1 in C1 and C2, "3 có 3 biết" in C1 (no status = active), no live special.
    model(s, "C1", "one_plus_one", "active")
    model(s, "C1", "one_plus_one", "paused")
    model(s, "C1", "three_have_three_know")
    model(s, "C2", "one_plus_one")
    model(s, "C2", "special_members", "dissolved")
    model(s, "C3", "three_have_three_know", "paused")
    s.delete("models", model(s, "C3", "one_plus_one", "active"))

    # Heads: H1 party (admitted), H2 trained, H3 none, H4 introduced, H5 party + "trained"
    # (a party member outside the development base); one deleted.
    head(
        s,
        "C1",
        b1a,
        is_party_member=1,
        party_development="admitted",
        monthly_allowance=1,
        allowance_source="local_budget",
    )
    head(
        s,
        "C1",
        b1b,
        is_party_member=0,
        party_development="trained",
        monthly_allowance=1,
        allowance_source="other_lawful",
    )
    head(
        s, "C2", b2a, party_development="none", monthly_allowance=1, allowance_source="local_budget"
    )
    head(
        s,
        "C3",
        b3a,
        is_party_member=0,
        party_development="introduced",
        monthly_allowance=0,
        allowance_source="none",
    )
    head(s, "C3", b3a, is_party_member=1, party_development="trained")
    s.delete("branch_heads", head(s, "C2", b2a, is_party_member=1, monthly_allowance=1))

    # Cadres: chairs K1 (44 on AS_OF, 6 years), K2 (45, 5 years), K3 (nothing known); one deleted.
    cadre(
        s,
        "C1",
        birth_date="1981-07-01",
        union_work_since=2020,
        education="university",
        political_theory="intermediate",
        software_proficient=1,
    )
    cadre(
        s,
        "C2",
        birth_date="1981",
        union_work_since=2021,
        education="college",
        political_theory="advanced",
        software_proficient=0,
    )
    cadre(s, "C3", education="postgraduate", political_theory="elementary", software_proficient=1)
    cadre(
        s,
        "C1",
        "vice_chair",
        birth_date="1990-01-01",
        union_work_since=2010,
        education="university",
        political_theory="bachelor",
        software_proficient=1,
    )
    cadre(s, "C3", "executive_committee")
    s.delete("cadres", cadre(s, "C2", software_proficient=1, education="university"))

    # Channels.
    for code, kind in [
        ("C1", "fanpage"),
        ("C1", "fanpage"),
        ("C1", "zalo_group"),
        ("C2", "zalo_group"),
        ("C2", "facebook_group"),
    ]:
        channel(s, code, kind)
    s.delete("online_channels", channel(s, "C3", "fanpage"))
    return s


def table(indicators: list[Indicator]) -> dict[str, tuple]:
    return {i.id: (i.numerator, i.denominator, i.value, i.target, i.met) for i in indicators}


P1_EXPECTED = {
    # id: (numerator, denominator, value, target, met)
    "bases_one_plus_one": (2, 3, 66.67, 100, False),
    "bases_three_have_three_know": (1, 3, 33.33, 100, False),
    "bases_special_members_model": (0, 3, 0.0, 100, False),
    "branch_heads_party_members": (2, 5, 40.0, None, None),
    "non_party_heads_developed": (3, 4, 75.0, 50, True),
    "heads_monthly_allowance": (3, 5, 60.0, 90, False),
    "heads_allowance_local_budget": (2, 5, 40.0, None, None),
    "bases_using_union_software": (2, 3, 66.67, None, None),
    "cadres_software_proficient": (3, 5, 60.0, 99, False),
    "branches_using_social_media": (2, 4, 50.0, None, None),
    "bases_without_computer": (2, 3, 2, 0, False),
    "channels_fanpage": (2, None, 2, None, None),
    "channels_zalo_group": (2, None, 2, None, None),
    "channels_facebook_group": (1, None, 1, None, None),
    "channels_other_platform": (0, None, 0, None, None),
    "chairs_under_45": (1, 2, 50.0, None, None),
    "chairs_over_5_years": (1, 2, 50.0, None, None),
    "chairs_university": (2, 3, 66.67, None, None),
    "chairs_political_intermediate_plus": (2, 3, 66.67, None, None),
}


def test_province_counts_its_communes_only(store):
    indicators = compute_indicators(store.db, "P1", as_of=AS_OF)
    assert [i.id for i in indicators] == list(INDICATOR_IDS)
    assert table(indicators) == P1_EXPECTED
    assert {i.as_of for i in indicators} == {"2026-06-30"}
    kinds = {i.id: i.kind for i in indicators}
    assert kinds["bases_without_computer"] == "count"
    assert kinds["channels_zalo_group"] == "count"
    assert kinds["chairs_under_45"] == "percent"
    assert isinstance(table(indicators)["bases_without_computer"][2], int)


def test_central_level_also_counts_the_other_province(store):
    got = {
        i.id: (i.numerator, i.denominator, i.value)
        for i in compute_indicators(store.db, "TW", as_of=AS_OF)
    }
    assert got == {
        "bases_one_plus_one": (2, 4, 50.0),
        "bases_three_have_three_know": (1, 4, 25.0),
        "bases_special_members_model": (1, 4, 25.0),
        "branch_heads_party_members": (3, 6, 50.0),
        "non_party_heads_developed": (4, 5, 80.0),
        "heads_monthly_allowance": (4, 6, 66.67),
        "heads_allowance_local_budget": (3, 6, 50.0),
        "bases_using_union_software": (3, 4, 75.0),
        "cadres_software_proficient": (4, 6, 66.67),
        "branches_using_social_media": (3, 5, 60.0),
        "bases_without_computer": (2, 4, 2),
        "channels_fanpage": (3, None, 3),
        "channels_zalo_group": (2, None, 2),
        "channels_facebook_group": (1, None, 1),
        "channels_other_platform": (0, None, 0),
        "chairs_under_45": (2, 3, 66.67),
        "chairs_over_5_years": (2, 3, 66.67),
        "chairs_university": (3, 4, 75.0),
        "chairs_political_intermediate_plus": (3, 4, 75.0),
    }


def test_a_commune_counts_itself(store):
    got = table(compute_indicators(store.db, "C2", as_of=AS_OF))
    assert got["bases_one_plus_one"] == (1, 1, 100.0, 100, True)
    assert got["bases_special_members_model"] == (0, 1, 0.0, 100, False)
    assert got["non_party_heads_developed"] == (0, 1, 0.0, 50, False)
    assert got["heads_monthly_allowance"] == (1, 1, 100.0, 90, True)
    assert got["bases_without_computer"] == (1, 1, 1, 0, False)
    assert got["chairs_political_intermediate_plus"] == (1, 1, 100.0, None, None)
    assert got["channels_facebook_group"] == (1, None, 1, None, None)


@pytest.mark.parametrize("root", ["NOWHERE", "C4"])  # an unknown unit, a deleted commune
def test_no_commune_below_gives_no_values(store, root):
    got = table(compute_indicators(store.db, root, as_of=AS_OF))
    for ind_id, (numerator, denominator, value, target, met) in got.items():
        assert numerator == 0, ind_id
        assert met is None, ind_id
        if ind_id.startswith("channels_"):
            assert (denominator, value) == (None, 0)
        else:
            assert (denominator, value) == (0, None), ind_id
        assert target == DEFAULT_TARGETS.get(ind_id)


def test_age_is_counted_on_the_as_of_day(store):
    # K1 (born 1 July 1981) turns 45 on AS_OF + 1; K2 (born "1981") is 45 all of 2026.
    before = table(compute_indicators(store.db, "P1", as_of=AS_OF))
    after = table(compute_indicators(store.db, "P1", as_of=date(2026, 7, 1)))
    assert before["chairs_under_45"][:3] == (1, 2, 50.0)
    assert after["chairs_under_45"][:3] == (0, 2, 0.0)
    earlier = table(compute_indicators(store.db, "P1", as_of=date(2025, 12, 31)))
    assert earlier["chairs_under_45"][:3] == (2, 2, 100.0)
    assert earlier["chairs_over_5_years"][:3] == (0, 2, 0.0)  # 5 and 4 years


def target(
    store: Store, unit_code: str, indicator_id: str, value: int, term: str = "2022-2027"
) -> str:
    return save(store, "targets", unit_code, indicator_id=indicator_id, target=value, term=term)


def test_targets_nearest_ancestor_wins(store):
    target(store, "TW", "heads_monthly_allowance", 50)
    p1 = table(compute_indicators(store.db, "P1", as_of=AS_OF))
    assert p1["heads_monthly_allowance"] == (3, 5, 60.0, 50, True)  # TW's, over the default 90

    target(store, "P1", "heads_monthly_allowance", 70)
    target(store, "D1", "bases_without_computer", 2)
    target(store, "C1", "chairs_university", 10)  # below P1: not P1's target
    target(store, "P1", "cadres_software_proficient", 10, term="2027-2032")
    store.delete("targets", target(store, "P1", "chairs_political_intermediate_plus", 50))
    target(store, "P1", "no_such_indicator", 5)

    p1 = table(compute_indicators(store.db, "P1", as_of=AS_OF))
    assert p1["heads_monthly_allowance"] == (3, 5, 60.0, 70, False)  # the root's own wins
    assert p1["bases_without_computer"] == (2, 3, 2, 0, False)
    assert p1["chairs_university"] == (2, 3, 66.67, None, None)
    assert p1["cadres_software_proficient"] == (3, 5, 60.0, 99, False)
    assert p1["chairs_political_intermediate_plus"] == (2, 3, 66.67, None, None)
    assert set(p1) == set(INDICATOR_IDS)

    tw = table(compute_indicators(store.db, "TW", as_of=AS_OF))
    assert tw["heads_monthly_allowance"] == (4, 6, 66.67, 50, True)  # P1's is below TW

    c2 = table(compute_indicators(store.db, "C2", as_of=AS_OF))
    assert c2["heads_monthly_allowance"] == (1, 1, 100.0, 70, True)  # P1 nearer than TW
    assert c2["bases_without_computer"] == (1, 1, 1, 2, True)  # fewer is better: 1 <= 2

    later = table(compute_indicators(store.db, "P1", as_of=AS_OF, term="2027-2032"))
    assert later["cadres_software_proficient"] == (3, 5, 60.0, 10, True)
    assert later["heads_monthly_allowance"] == (3, 5, 60.0, 90, False)  # defaults otherwise


def test_as_dict_has_exactly_the_reported_keys(store):
    first = compute_indicators(store.db, "P1", as_of=AS_OF)[0]
    d = first.as_dict()
    assert list(d) == ["id", "label", "numerator", "denominator", "value", "target", "met", "as_of"]
    assert d == {
        "id": "bases_one_plus_one",
        "label": "Cơ sở Hội có mô hình “1+1”",
        "numerator": 2,
        "denominator": 3,
        "value": 66.67,
        "target": 100,
        "met": False,
        "as_of": "2026-06-30",
    }
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d


def test_ids_labels_and_default_targets():
    assert INDICATOR_IDS == (
        "bases_one_plus_one",
        "bases_three_have_three_know",
        "bases_special_members_model",
        "branch_heads_party_members",
        "non_party_heads_developed",
        "heads_monthly_allowance",
        "heads_allowance_local_budget",
        "bases_using_union_software",
        "cadres_software_proficient",
        "branches_using_social_media",
        "bases_without_computer",
        "channels_fanpage",
        "channels_zalo_group",
        "channels_facebook_group",
        "channels_other_platform",
        "chairs_under_45",
        "chairs_over_5_years",
        "chairs_university",
        "chairs_political_intermediate_plus",
    )
    assert DEFAULT_TARGETS == {
        "bases_one_plus_one": 100,
        "bases_three_have_three_know": 100,
        "bases_special_members_model": 100,
        "non_party_heads_developed": 50,
        "heads_monthly_allowance": 90,
        "cadres_software_proficient": 99,
        "bases_without_computer": 0,
    }


def decimal_percent(numerator: int, denominator: int) -> float:
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (38506, 85328, 45.13),  # the article printed 38.51%
        (84884, 85180, 99.65),  # 99.65250…: the article's 99.66 is not the rounded figure
        (62469, 85180, 73.34),  # 73.33763…: the article's 73.35 is not either
        (10373, 10543, 98.39),
        (1, 800, 0.13),  # exactly 0.125: half up, not half to even
        (2, 3, 66.67),
        (85328, 85328, 100.0),
        (0, 5, 0.0),
    ],
)
def test_percent_rounds_half_up_from_counts(numerator, denominator, expected):
    assert percent(numerator, denominator) == expected
    assert decimal_percent(numerator, denominator) == expected


def test_percent_of_nothing_is_none():
    assert percent(0, 0) is None
    assert percent(3, 0) is None


def ind(value, kind="percent") -> Indicator:
    return Indicator("x", "x", 0, None, value, None, None, "2026-01-01", kind)


def test_vietnamese_formatting():
    assert format_value(ind(percent(38506, 85328))) == "45,13%"
    assert format_value(ind(100.0)) == "100,00%"
    assert format_value(ind(0.0)) == "0,00%"
    assert format_value(ind(38.5)) == "38,50%"
    assert format_value(ind(13752, "count")) == "13.752"
    assert format_value(ind(None)) == "—"
    assert format_count(13752) == "13.752"
    assert format_count(120591) == "120.591"
    assert format_count(19_000_000) == "19.000.000"
    assert format_count(752) == "752"
    assert format_count(0) == "0"


def test_national_scale_is_a_few_queries():
    """3,321 communes under 34 provinces, 85,000 heads, 15,000 cadres: well under a second."""
    db = open_memory()
    units, heads, cadres = [], [], []
    for p in range(34):
        units.append((f"P{p}", f"P{p}", "province", "TW", 0, 0))
    for c in range(3321):
        units.append((f"C{c}", f"C{c}", "commune", f"P{c % 34}", c % 2, c % 3 == 0))
    for h in range(85_000):
        heads.append((f"C{h % 3321}", h % 2, "trained" if h % 5 == 0 else None, 1))
    for k in range(15_000):
        cadres.append((f"C{k % 3321}", "chair" if k < 3321 else "other", "1980-01-01", 1))
    conn = db.conn
    conn.executemany(
        "INSERT INTO units (id, unit_code, code, level, parent_code, has_dedicated_computer,"
        " has_internet, db_version, clocks)"
        " VALUES (hex(randomblob(16)), ?, ?, ?, ?, ?, ?, 1, '{}')",
        units,
    )
    conn.executemany(
        "INSERT INTO branch_heads (id, unit_code, is_party_member, party_development,"
        " monthly_allowance, db_version, clocks) VALUES (hex(randomblob(16)), ?, ?, ?, ?, 1,"
        " '{}')",
        heads,
    )
    conn.executemany(
        "INSERT INTO cadres (id, unit_code, position, birth_date, software_proficient,"
        " db_version, clocks) VALUES (hex(randomblob(16)), ?, ?, ?, ?, 1, '{}')",
        cadres,
    )
    conn.commit()

    start = time.perf_counter()
    got = table(compute_indicators(db, "TW", as_of=AS_OF))
    elapsed = time.perf_counter() - start

    assert got["branch_heads_party_members"][:3] == (42_500, 85_000, 50.0)
    # Non-members (even h) are the base; trained ones are every 10th head.
    assert got["non_party_heads_developed"][:3] == (8_500, 42_500, 20.0)
    assert got["heads_monthly_allowance"][:3] == (85_000, 85_000, 100.0)
    assert got["cadres_software_proficient"][:3] == (15_000, 15_000, 100.0)
    assert got["chairs_under_45"][:3] == (0, 3321, 0.0)
    assert got["bases_without_computer"][:3] == (3321 - 553, 3321, 2768)
    assert elapsed < 2.0


def _sums(indicators: list[Indicator]) -> dict[str, tuple[int, int | None]]:
    return {i.id: (i.numerator, i.denominator) for i in indicators}


def _add(
    a: dict[str, tuple[int, int | None]], b: dict[str, tuple[int, int | None]]
) -> dict[str, tuple[int, int | None]]:
    return {
        k: (a[k][0] + b[k][0], None if a[k][1] is None else a[k][1] + (b[k][1] or 0)) for k in a
    }


@pytest.mark.parametrize("root", ["P1", "TW", "D1"])
def test_indicators_by_unit_are_each_units_own_and_add_up_to_the_level(store, root):
    from db.indicators import indicators_by_unit

    by_unit = indicators_by_unit(store.db, root, as_of=AS_OF)
    live_below = {
        r[0]
        for r in store.db.execute(
            "SELECT code FROM units WHERE parent_code = ? AND is_deleted = 0", [root]
        )
    }
    assert set(by_unit) == live_below
    total = _sums(compute_indicators(store.db, "NOWHERE", as_of=AS_OF))
    for code, indicators in by_unit.items():
        own = compute_indicators(store.db, code, as_of=AS_OF)
        # Each unit's figures are exactly its own (targets aside: the level above's apply).
        assert [(i.id, i.numerator, i.denominator, i.value) for i in indicators] == [
            (i.id, i.numerator, i.denominator, i.value) for i in own
        ]
        total = _add(total, _sums(indicators))
    assert total == _sums(compute_indicators(store.db, root, as_of=AS_OF))
