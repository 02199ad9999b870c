"""The ethnicity and religion catalogues: the official lists, the write path's normalisation
to their spelling (nothing typed is lost), and the data check of values outside them."""

from __future__ import annotations

from datetime import date

import pytest

from db import catalogues
from db.checks import check_all
from db.merge_rules import STORED_FORM
from db.schema import TABLES
from db.validation import clean_value

TODAY = date(2026, 12, 4)
MEMBERS = TABLES["members"]


def test_the_lists_are_the_official_ones():
    codes = [code for code, _ in catalogues.ETHNIC_GROUPS]
    assert codes == [f"{n:02d}" for n in range(1, 55)]
    assert catalogues.ETHNIC_GROUPS[0] == ("01", "Kinh")
    assert catalogues.ETHNIC_GROUPS[-1] == ("54", "Rơ Măm")
    # The codes of Quyết định 1019/QĐ-TCTK, not the order by population.
    assert catalogues.ethnic_code("Hoa") == "04" and catalogues.ethnic_code("Mường") == "06"
    assert catalogues.ethnic_code("Lào") == "37" and catalogues.ethnic_code("La Chí") == "38"
    assert len({catalogues.catalogue_key(n) for _, n in catalogues.ETHNIC_GROUPS}) == 54
    assert len(catalogues.RELIGIONS) == 16
    assert catalogues.CATALOGUES["religion"][0] == "Không"
    assert catalogues.CATALOGUES["religion"][-1] == catalogues.CATALOGUES["ethnicity"][-1] == "Khác"
    assert catalogues.ethnic_code("tay") == "02"


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("ethnicity", "tay", "Tày"),
        ("ethnicity", "  KINH ", "Kinh"),
        ("ethnicity", "Gia-rai", "Gia Rai"),
        ("ethnicity", "o du", "Ơ Đu"),
        ("religion", "phat giao hoa hao", "Phật giáo Hòa Hảo"),
        ("religion", "Bahai", "Bahá'í"),
        ("ethnicity", "H'Mông", "Mông"),
        ("ethnicity", "Khmer", "Khơ Me"),
        ("religion", "Hòa Hảo", "Phật giáo Hòa Hảo"),
        ("religion", "khong", "Không"),
        ("religion", "Đạo Mẫu", "Đạo Mẫu"),  # outside the list: kept as typed
        ("ethnicity", "Pa Dí", "Pa Dí"),
    ],
)
def test_the_write_path_stores_the_official_spelling_and_keeps_the_rest(field, typed, stored):
    f = MEMBERS.fields_by_name[field]
    value, problems = clean_value(MEMBERS, f, typed, TODAY)
    assert value == stored and problems == []


@pytest.mark.parametrize("raw", ["kinh", "Gia-rai", "phật giáo"])
def test_a_spelling_the_rules_change_does_not_take_the_merge_fast_path(raw):
    f = MEMBERS.fields_by_name["ethnicity" if raw != "phật giáo" else "religion"]
    assert not STORED_FORM[f.kind](f, raw, TODAY)
    assert STORED_FORM[f.kind](f, clean_value(MEMBERS, f, raw, TODAY)[0], TODAY)


def test_the_tone_free_search_finds_entries():
    assert catalogues.search("ethnicity", "tay")[0] == "Tày"
    assert "Phật giáo Hòa Hảo" in catalogues.search("religion", "hoa hao")


def test_the_data_check_lists_values_outside_the_catalogue(store):
    branch = store.save("branches", {"name": "Chi hội Thôn Đông"}).ids[0]
    base = {"branch_id": branch, "joined_on": "2020-01-01"}
    store.save("members", {**base, "full_name": "Lò Thị A", "ethnicity": "thai"})
    store.save("members", {**base, "full_name": "Lò Thị B", "religion": "Đạo Mẫu"})
    store.save("members", {**base, "full_name": "Lò Thị C", "ethnicity": "Khác"})
    stored = dict(store.db.execute("SELECT full_name, ethnicity FROM members").fetchall())
    assert stored["Lò Thị A"] == "Thái"
    found = [
        (f.problem.record, f.problem.field, f.problem.severity)
        for f in check_all(store.db, store.unit_code, today=TODAY)
        if f.problem.rule == "catalogue"
    ]
    assert found == [("hội viên “Lò Thị B”", "religion", "warning")]
