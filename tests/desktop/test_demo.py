"""The demo commune: real, deterministic for a seed, valid, and shaped like the article."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import vietnam_provinces as vp

from db import citizen_id
from db.checks import check_all
from db.indicators import Indicator, compute_indicators
from db.schema import TABLE_ORDER, TABLES
from db.store import Store
from db.text import clean_name
from db.validation import age_on, year_of
from desktop.demo.unit import DEMO_PASSWORD, create_demo, demo_changes, demo_commune
from desktop.installation.setup import UnitError

TODAY = date(2025, 10, 1)  # a fixed day, so that runs compare; before the real today
BOOKKEEPING = {"clocks", "db_version"}
MOBILE = re.compile(r"^0[35789]\d{8}$")


def rows(store: Store, table: str) -> list[dict]:
    cur = store.db.conn.execute(f"SELECT * FROM [{table}] ORDER BY id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


def content(store: Store) -> dict[str, list[dict]]:
    """Every row of every table without the sync bookkeeping (clocks and versions)."""
    return {
        t: [{k: v for k, v in r.items() if k not in BOOKKEEPING} for r in rows(store, t)]
        for t in TABLE_ORDER
    }


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A commune of 5,000 members, the size the distributions are checked on."""
    return create_demo(tmp_path_factory.mktemp("big"), members=5000, seed=1, today=TODAY).store


@pytest.fixture(scope="module")
def indicators(big: Store) -> dict[str, Indicator]:
    return {i.id: i for i in compute_indicators(big.db, big.unit_code, as_of=TODAY)}


def test_same_seed_gives_the_same_records(tmp_path: Path) -> None:
    one = create_demo(tmp_path / "a", members=300, seed=7, today=TODAY).store
    two = create_demo(tmp_path / "b", members=300, seed=7, today=TODAY).store
    assert one.site_id != two.site_id  # two installations, yet the same records
    first, second = content(one), content(two)
    assert len(first["members"]) == 300
    assert first == second


def test_another_seed_gives_other_records() -> None:
    one = demo_changes("06076", members=200, seed=1, today=TODAY, province_code=20)
    two = demo_changes("06076", members=200, seed=2, today=TODAY, province_code=20)
    assert {c.id for c in one}.isdisjoint(c.id for c in two)
    names = [sorted(c.values["full_name"] for c in cs if c.table == "members") for cs in (one, two)]
    assert names[0] != names[1]
    assert demo_commune(1) != demo_commune(2)


def test_the_unit_is_a_real_rural_commune_of_the_catalogue(big: Store) -> None:
    (unit,) = rows(big, "units")
    ward = vp.Ward.from_code(int(unit["code"]))
    assert ward == demo_commune(1)
    assert ward.division_type == vp.VietNamDivisionType.XA
    assert big.unit_code == unit["code"] == unit["admin_area_code"] == f"{ward.code.value:05d}"
    assert unit["name"] == "Hội LHPN xã " + ward.name.removeprefix("Xã ")
    assert unit["level"] == "commune"
    assert unit["parent_code"] == f"{ward.province_code.value:02d}"
    assert vp.Province.from_code(ward.province_code).name.lower() in unit["address"].lower()
    assert DEMO_PASSWORD == "sohoi-demo"


def test_the_records_are_written_in_one_batch_after_the_unit(big: Store) -> None:
    versions = {r["db_version"] for t in TABLE_ORDER if t != "units" for r in rows(big, t)}
    (unit_version,) = {r["db_version"] for r in rows(big, "units")}
    assert len(versions) == 1 and versions != {unit_version}


def test_counts_as_asked_and_one_head_per_branch(big: Store) -> None:
    branches = rows(big, "branches")
    heads = Counter(h["branch_id"] for h in rows(big, "branch_heads"))
    assert len(rows(big, "members")) == 5000
    assert len(branches) == round(5000 / 220)
    assert heads == Counter({b["id"]: 1 for b in branches})
    cadres = Counter(c["position"] for c in rows(big, "cadres"))
    assert cadres["chair"] == 1 and 1 <= cadres["vice_chair"] <= 2
    assert all(b["name"] == f"Chi hội {b['area_name']}" for b in branches)


def test_a_commune_without_members_still_has_its_branches_and_heads(tmp_path: Path) -> None:
    store = create_demo(tmp_path, members=0, seed=3, today=TODAY).store
    assert rows(store, "members") == []
    assert len(rows(store, "branches")) == len(rows(store, "branch_heads")) == 3


def test_existing_data_is_refused(tmp_path: Path) -> None:
    create_demo(tmp_path, members=10, seed=1, today=TODAY).close()
    with pytest.raises(UnitError):
        create_demo(tmp_path, members=10, seed=1, today=TODAY)


def test_stored_data_breaks_no_rule(big: Store) -> None:
    findings = check_all(big.db, big.unit_code, today=TODAY)
    assert {(f.problem.rule, f.problem.severity) for f in findings} <= {("cmnd", "warning")}
    assert 0 < len(findings) < 0.03 * 5000  # a few old 9-digit CMNDs


def test_citizen_ids_agree_with_birth_year_and_sex_and_are_unique(big: Store) -> None:
    province = int(rows(big, "units")[0]["parent_code"])
    for table in ("members", "branch_heads", "cadres"):
        people = rows(big, table)
        ids = [p["citizen_id"] for p in people if p["citizen_id"]]
        assert len(ids) == len(set(ids)), table
        for p in people:
            if p["citizen_id"] and len(p["citizen_id"]) == 12:
                decoded = citizen_id.parse(p["citizen_id"])
                assert decoded and decoded.female, p["citizen_id"]
                assert decoded.birth_year == year_of(p["birth_date"])
    members = rows(big, "members")
    cccds = [m["citizen_id"] for m in members if m["citizen_id"] and len(m["citizen_id"]) == 12]
    assert 0.04 < sum(not m["citizen_id"] for m in members) / 5000 < 0.12
    assert sum(c.startswith(f"{province:03d}") for c in cccds) / len(cccds) > 0.8
    assert len({c[:3] for c in cccds}) > 10  # some born elsewhere


def test_nothing_is_dated_in_the_future_and_members_are_adults(big: Store) -> None:
    for table in TABLE_ORDER:
        for f in TABLES[table].fields:
            if f.kind in ("date", "birth_date"):
                days = [r[f.name] for r in rows(big, table) if r[f.name]]
                assert max(days, default="") <= TODAY.isoformat(), (table, f.name)
    for m in rows(big, "members"):
        assert 18 <= age_on(m["birth_date"], TODAY) <= 86
        assert m["joined_on"][:4] >= str(int(m["birth_date"][:4]) + 18)


def test_default_today_is_the_real_today(tmp_path: Path) -> None:
    store = create_demo(tmp_path, members=100, seed=5).store
    today = date.today().isoformat()
    held = [a["held_on"] for a in rows(store, "activities")]
    assert max(held) <= today and max(held) >= f"{date.today().year - 1}"


def test_names_are_nfc_and_vietnamese(big: Store) -> None:
    changes = demo_changes("06076", members=2000, seed=1, today=TODAY, province_code=20)
    for c in changes:
        for value in c.values.values():
            if isinstance(value, str):
                assert unicodedata.is_normalized("NFC", value), value
        if "full_name" in c.values:
            assert clean_name(c.values["full_name"]) == c.values["full_name"]
    kinh = [m for m in rows(big, "members") if m["ethnicity"] == "Kinh"]
    assert 0.30 < sum(m["full_name"].startswith("Nguyễn ") for m in kinh) / len(kinh) < 0.46
    assert sum(" Thị " in m["full_name"] for m in kinh) / len(kinh) > 0.55


def test_member_fields_look_like_a_register(big: Store) -> None:
    members = rows(big, "members")
    phones = [m["phone"] for m in members if m["phone"]]
    assert len(phones) / len(members) > 0.8 and all(MOBILE.match(p) for p in phones)
    assert 0.02 < sum(len(m["birth_date"]) == 4 for m in members) / len(members) < 0.09
    status = Counter(m["status"] for m in members)
    assert status["active"] / len(members) > 0.85
    assert set(status) == {"active", "moved", "left", "deceased"}
    branch_areas = {b["id"]: b["area_name"] for b in rows(big, "branches")}
    assert all(m["address"].startswith(branch_areas[m["branch_id"]] + ",") for m in members)
    assert all(m["ethnicity"] and m["religion"] for m in members)
    assert Counter(m["religion"] for m in members).most_common(1)[0][0] == "Không"
    heads = rows(big, "branch_heads")
    member_ids = {(m["branch_id"], m["citizen_id"]) for m in members}
    assert sum((h["branch_id"], h["citizen_id"]) in member_ids for h in heads) / len(heads) > 0.8


def test_indicators_are_close_to_the_article(big: Store, indicators: dict[str, Indicator]) -> None:
    def value(ind_id: str) -> float:
        return float(indicators[ind_id].value or 0)

    assert 30 <= value("branch_heads_party_members") <= 60  # 45.13% nationally
    assert 35 <= value("non_party_heads_developed") <= 65  # target 50%
    assert value("heads_monthly_allowance") >= 95  # 99.66%
    assert 60 <= value("heads_allowance_local_budget") <= 85  # 73.35%
    assert value("branches_using_social_media") >= 90  # 84,206 of ~85,300
    assert value("cadres_software_proficient") >= 90  # 99%
    assert value("bases_one_plus_one") == 100
    branches = len(rows(big, "branches"))
    assert 1.0 <= value("channels_zalo_group") / branches <= 2.0  # ~1.4 per branch
    assert value("channels_facebook_group") / branches <= 0.6  # ~0.27 per branch
    amounts = [h["allowance_amount_vnd"] for h in rows(big, "branch_heads")]
    assert all(a is None or (300_000 <= a <= 1_500_000 and a % 1000 == 0) for a in amounts)


def test_chairwomen_across_communes_match_the_article() -> None:
    chairs = [
        c.values
        for seed in range(60)
        for c in demo_changes("X", members=0, seed=seed, today=TODAY, province_code=38)
        if c.table == "cadres" and c.values["position"] == "chair"
    ]
    assert len(chairs) == 60

    def share(test) -> float:
        return sum(1 for c in chairs if test(c)) / len(chairs)

    assert 0.65 <= share(lambda c: age_on(c["birth_date"], TODAY) < 45) <= 0.92  # ~80%
    assert 0.48 <= share(lambda c: TODAY.year - c["union_work_since"] > 5) <= 0.80  # >60%
    assert 0.72 <= share(lambda c: c["education"] in ("university", "postgraduate")) <= 0.97
    political = ("intermediate", "advanced", "bachelor")
    assert share(lambda c: c["political_theory"] in political) >= 0.8  # >90%
