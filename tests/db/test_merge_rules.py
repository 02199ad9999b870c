"""The merge's cheap tests of a stored form (db/merge_rules.STORED_FORM) never accept a value
that the write path's `clean_value` would change or refuse: each is a subset of the rules."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from db.merge_rules import STORED_FORM
from db.schema import TABLES
from db.validation import clean_value

TODAY = date(2026, 12, 4)
FIELDS = [(spec, f) for spec in TABLES.values() for f in spec.fields if f.kind in STORED_FORM]
KINDS = sorted({f.kind for _, f in FIELDS})

# Strings near each kind's stored form: digits, dates, Vietnamese names with stray marks,
# spaces of every sort, controls and bidi characters.
_ALPHABET = st.sampled_from(
    list("0123456789-/. +")
    + list("aăâđeêioôơuưyAĂÂĐ")
    + ["\u0301", "\u0323", "\u0300", "\u00a0", "\t", "\n", "\u200b", "\u202e", "\x00", "٣"]
)
_TEXTS = st.one_of(
    st.text(_ALPHABET, max_size=14),
    st.text(max_size=12),
    st.dates().map(date.isoformat),
    st.from_regex(r"0[0-9]{9,10}", fullmatch=True),
    st.from_regex(r"[0-9]{12}", fullmatch=True),
    st.text(st.characters(codec="utf-8"), min_size=95, max_size=260),
)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_found_in_the_schema(kind):
    assert any(f.kind == kind for _, f in FIELDS)


@settings(max_examples=3000, deadline=None)
@given(which=st.integers(min_value=0, max_value=len(FIELDS) - 1), raw=_TEXTS)
@example(which=0, raw="")
@example(which=0, raw=" ")
def test_a_value_taken_as_stored_is_stored_unchanged_by_the_rules(which, raw):
    spec, f = FIELDS[which]
    if not STORED_FORM[f.kind](f, raw, TODAY):
        return
    value, problems = clean_value(spec, f, raw, TODAY)
    assert value == raw
    assert [p for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("name", "Nguyễn Thị Ánh"),
        ("citizen_id", "079190012345"),
        ("phone", "0912345678"),
        ("phone", "02838123456"),
        ("birth_date", "1980-02-29"),
        ("date", "2026-12-04"),
    ],
)
def test_the_common_stored_values_take_the_cheap_path(kind, raw):
    _, f = next((s, f) for s, f in FIELDS if f.kind == kind)
    assert STORED_FORM[kind](f, raw, TODAY)


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("name", ""),
        ("name", " Ánh"),
        ("name", "Nguyễn  Ánh"),
        ("name", "Nguye\u0303n"),  # decomposed: NFC changes it
        ("name", "Ánh\u202e"),
        ("citizen_id", "999190012345"),  # no such province
        ("citizen_id", "07919001234"),
        ("phone", "0112345678"),
        ("phone", "+84912345678"),
        ("birth_date", "2027-01-01"),  # after today
        ("birth_date", "1899-12-31"),
        ("date", "2023-02-30"),
        ("date", "04/12/2026"),
    ],
)
def test_values_not_in_stored_form_go_through_the_rules(kind, raw):
    _, f = next((s, f) for s, f in FIELDS if f.kind == kind)
    assert not STORED_FORM[kind](f, raw, TODAY)
