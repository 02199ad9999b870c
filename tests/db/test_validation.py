from datetime import date

import pytest

from db.schema import TABLES
from db.validation import (
    age_on,
    check_record,
    clean_value,
    clean_values,
    normalise_phone,
    parse_date,
)

TODAY = date(2026, 11, 26)


def clean(table, field, raw):
    spec = TABLES[table]
    return clean_value(spec, spec.fields_by_name[field], raw, TODAY)


@pytest.mark.parametrize(
    ("raw", "stored", "rule"),
    [
        ("001185000123", "001185000123", None),  # Hà Nội, female, 1985
        ("079 303 012345", "079303012345", None),  # spaces typed; female, 2003
        ("001.185.000.123", "001185000123", None),
        ("00118500012", None, "citizen_id_length"),  # 11 digits
        ("0011850001234", None, "citizen_id_length"),
        ("003185000123", None, "citizen_id_province"),  # 003 is no province code
        ("99918500012a", None, "citizen_id_digits"),
        ("123456789", "123456789", "cmnd"),  # old CMND: accepted with a warning
    ],
)
def test_citizen_id_structure(raw, stored, rule):
    value, problems = clean("members", "citizen_id", raw)
    assert value == stored
    assert [p.rule for p in problems] == ([rule] if rule else [])
    if rule == "cmnd":
        assert problems[0].severity == "warning"


def test_citizen_id_must_be_text_not_a_number():
    value, problems = clean("members", "citizen_id", 1185000123)
    assert value is None and problems[0].rule == "type"


@pytest.mark.parametrize(
    ("cid", "birth", "rules"),
    [
        ("001185000123", "1985-03-02", []),
        ("001185000123", "1985", []),
        ("001185000123", "1986-03-02", ["citizen_id_birth_year"]),
        ("001303000123", "2003-01-01", []),
        ("001103000123", "2003-01-01", ["citizen_id_birth_year"]),  # century digit says 1903
        ("001085000123", "1985-03-02", ["citizen_id_sex"]),  # male code: warning only
        ("001385000123", "1985-03-02", ["citizen_id_century"]),  # 2085
    ],
)
def test_citizen_id_digits_agree_with_birth_date_and_sex(cid, birth, rules):
    record = {
        "branch_id": "b",
        "full_name": "Nguyễn Thị Ánh",
        "citizen_id": cid,
        "birth_date": birth,
    }
    problems = check_record("members", record, TODAY)
    assert [p.rule for p in problems] == rules
    for p in problems:
        assert p.severity == ("warning" if p.rule == "citizen_id_sex" else "error")


def test_male_code_is_not_a_warning_for_cadres():
    record = {
        "full_name": "Lê Văn Tám",
        "position": "other",
        "citizen_id": "001085000123",
        "birth_date": "1985-01-01",
    }
    assert check_record("cadres", record, TODAY) == []


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("(024) 3825 1234", "02438251234"),
        ("091234567", None),
        ("0112345678", None),
        ("abc", None),
    ],
)
def test_phone_numbers_are_normalised(raw, stored):
    assert normalise_phone(raw) == stored


def test_dates_in_both_forms_stored_iso():
    assert clean("members", "joined_on", "02/09/2010") == ("2010-09-02", [])
    assert clean("members", "joined_on", "2010-09-02") == ("2010-09-02", [])
    assert parse_date("31/02/2010") is None
    value, problems = clean("members", "joined_on", "2026-11-27")
    assert value is None and problems[0].rule == "future"
    assert "tương lai" in problems[0].message


def test_birth_date_may_be_a_year():
    assert clean("members", "birth_date", "1960") == ("1960", [])
    assert clean("members", "birth_date", "2027")[1][0].rule == "future"


def test_member_must_be_eighteen():
    base = {"branch_id": "b", "full_name": "Trần Thị Mai"}
    assert check_record("members", {**base, "birth_date": "2008-11-26"}, TODAY) == []
    young = check_record("members", {**base, "birth_date": "2008-11-27"}, TODAY)
    assert [p.rule for p in young] == ["min_age"]
    assert "18 tuổi" in young[0].message
    assert age_on("2008", TODAY) == 18


def test_joined_on_after_birth():
    record = {
        "branch_id": "b",
        "full_name": "Trần Thị Mai",
        "birth_date": "1990-05-01",
        "joined_on": "1989-01-01",
    }
    assert [p.rule for p in check_record("members", record, TODAY)] == ["before_birth"]


def test_enumerations_and_lists():
    assert clean("branch_heads", "party_development", "trained") == ("trained", [])
    assert clean("branch_heads", "party_development", "yes")[1][0].rule == "choice"
    assert clean(
        "branch_heads", "concurrent_roles", ["loan_group_leader", "loan_group_leader"]
    ) == ('["loan_group_leader"]', [])
    assert clean("branch_heads", "concurrent_roles", ["pilot"])[1][0].rule == "choice"


def test_messages_name_the_field_in_vietnamese():
    result = clean_values("members", {"phone": "12", "nickname": "x"}, TODAY)
    texts = [str(p) for p in result.errors]
    assert texts[0].startswith("Số điện thoại: số điện thoại Việt Nam")
    assert "trường “nickname” không có trong bảng hội viên" in texts[1]


def test_required_fields():
    problems = check_record("members", {"full_name": None, "branch_id": None}, TODAY)
    assert {(p.field, p.rule) for p in problems} == {
        ("full_name", "required"),
        ("branch_id", "required"),
    }


def test_targets_may_be_decimal():
    assert clean("targets", "target", 99.5) == (99.5, [])
    assert clean("targets", "target", "99,5") == (99.5, [])
    assert clean("targets", "target", 90) == (90, [])
    assert clean("targets", "target", -1)[1][0].rule == "minimum"
    assert clean("targets", "target", "nhiều")[1][0].rule == "number"


def test_an_invalid_required_value_is_reported_once(store_factory=None):
    from db.connection import open_memory
    from db.store import Store
    from db.validation import ValidationError

    s = Store(open_memory(), today=lambda: TODAY)
    s.set_unit("C1")
    s.save("units", {"code": "C1", "name": "Xã A", "level": "commune", "parent_code": "P"})
    try:
        s.save("cadres", {"full_name": "Lê Thị Tám", "position": "boss"})
    except ValidationError as exc:
        assert [p.rule for p in exc.problems] == ["choice"]
    else:
        raise AssertionError("an unknown position was accepted")


def test_every_free_text_field_declares_its_longest_value():
    for spec in TABLES.values():
        for f in spec.fields:
            if f.kind in ("text", "name", "email", "text_list"):
                assert f.max_length, (spec.name, f.name)


@pytest.mark.parametrize(
    ("table", "field", "limit"),
    [
        ("members", "full_name", 100),
        ("branches", "name", 150),
        ("members", "address", 250),
        ("members", "note", 2000),
        ("models", "description", 2000),
        ("activities", "topic", 250),
        ("online_channels", "url", 500),
    ],
)
def test_text_lengths_are_capped(table, field, limit):
    assert clean(table, field, "a" * limit) == ("a" * limit, [])
    value, (problem,) = clean(table, field, "a" * (limit + 1))
    assert value is None and problem.rule == "length"
    assert str(problem) == f"{TABLES[table].fields_by_name[field].label}: dài quá {limit} ký tự."


def test_extra_spaces_do_not_count_towards_a_names_length():
    assert clean("members", "full_name", "  Lê   Thị " + "a" * 93 + "  ")[1] == []


@pytest.mark.parametrize(
    "bad",
    [
        "\x00",
        "\x1b",
        "\x7f",
        "\x9b",
        "\u202e",
        "\u202a",
        "\u2066",
        "\u2069",
        "\u200e",
        "\u200f",
        "\u061c",
    ],
)
def test_control_and_bidirectional_characters_are_refused(bad):
    for table, field in (("members", "full_name"), ("members", "address"), ("members", "note")):
        value, (problem,) = clean(table, field, f"Lê Thị{bad}Hoa")
        assert value is None and problem.rule == "control"
        assert "ký tự điều khiển hoặc ký tự đảo chiều chữ" in problem.message
    assert clean("members", "special_groups", [f"Hộ{bad}nghèo"])[1][0].rule == "control"
    assert clean("units", "email", f"a{bad}@b.vn")[1][0].rule == "control"


def test_line_breaks_and_tabs_only_where_a_field_is_multi_line():
    assert clean("members", "note", "dòng 1\r\n\tdòng 2") == ("dòng 1\r\n\tdòng 2", [])
    assert clean("models", "description", "a\nb") == ("a\nb", [])
    assert clean("members", "address", "Thôn\nĐông")[1][0].rule == "control"
    assert clean("members", "full_name", "Lê Thị\n\tHoa") == ("Lê Thị Hoa", [])  # spaces


@pytest.mark.parametrize("raw", [float("inf"), float("-inf"), float("nan"), "Infinity", "nan"])
def test_targets_must_be_finite(raw):
    value, (problem,) = clean("targets", "target", raw)
    assert value is None and problem.rule == "number"
    assert problem.message == "phải là một số hữu hạn (không nhận vô cực hay NaN)."


def test_malformed_lists_and_odd_digits_are_problems_not_crashes():
    assert clean("members", "special_groups", "[abc")[1][0].rule == "list"
    assert clean("members", "special_groups", "[" * 100_000)[1][0].rule == "list"
    assert clean("members", "citizen_id", "¹²³⁴⁵⁶⁷⁸⁹¹²³")[1][0].rule == "citizen_id_digits"
    assert clean("models", "participants", "²")[1][0].rule == "int"
    long_choice = "x" * 10_000
    (problem,) = clean("members", "status", long_choice)[1]
    assert len(problem.message) < 100
