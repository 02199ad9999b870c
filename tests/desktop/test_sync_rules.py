"""A validly signed package is held to the write path's rules, row by row: a row breaking one is
set aside whole in quarantine with a Vietnamese reason (never its value), the rest applies; a
value that only needs cleaning (NFD text, extra spaces) is stored clean."""

import itertools
import json
import unicodedata

import pytest

from desktop.sync.export import export_up
from desktop.sync.status import reporting_status

from .sync_helpers import (  # noqa: F401  (fixtures)
    PASSWORD,
    add_members,
    branch_id_of,
    branch_row,
    craft,
    import_files,
    member_row,
    template,
    world,
    write,
)

SEQ = itertools.count(1)


@pytest.fixture(scope="module")
def place(template, tmp_path_factory):  # noqa: F811
    """Province 20 holding commune 06002's data; commune 06001 sends packages."""
    base = tmp_path_factory.mktemp("rules")
    w = template.copy(base / "world")
    add_members(w["06002"], 1)
    import_files(w["20"], *export_up(w["06002"], base / "b").paths)
    yield w, base
    w.close()


def send(place, rows: list[dict]):
    """Sign `rows` as commune 06001 (after its branch), import them at the province."""
    w, base = place
    province = w["20"]
    seq = next(SEQ)
    raw = craft(w["06001"], [branch_row("06001"), *rows], seq=seq)
    (verdict,) = import_files(province, write(base / f"p{seq}.sohoi", raw)).verdicts
    assert verdict.status == "accepted", verdict
    return province


def reason_of(province, row_id: str) -> str | None:
    found = province.store.db.execute(
        "SELECT reason, unit_code, tbl FROM quarantine WHERE row_id = ?", [row_id]
    ).fetchone()
    if found is None:
        return None
    assert found[1:] == ("06001", "members")
    return found[0]


def member(**values) -> dict:
    row = member_row("06001", "Trần Thị Mai")
    row["values"].update(values)
    return row


def other_branch(place) -> str:
    w, _ = place
    (branch,) = (
        w["20"].store.db.execute("SELECT id FROM branches WHERE unit_code = '06002'").fetchone()
    )
    return branch


MB_NAME = "Nguyễn Thị " + "A" * (1 << 20)


@pytest.mark.parametrize(
    ("values", "expected", "secret"),
    [
        ({"status": "bogus"}, "Tình trạng: giá trị không có trong danh mục.", "bogus"),
        ({"citizen_id": "abc"}, "Số CCCD: số CCCD chỉ gồm chữ số.", "abc"),
        ({"joined_on": "2026-13-45"}, "Ngày vào Hội: ngày không hợp lệ", "2026-13-45"),
        ({"birth_date": "2026-13-45"}, "Ngày sinh: ngày không hợp lệ", "2026-13-45"),
        ({"phone": "12345"}, "Số điện thoại: số điện thoại Việt Nam phải", "12345"),
        ({"full_name": None}, "Họ và tên: không được để trống.", None),
        ({"full_name": "   "}, "Họ và tên: không được để trống.", None),
        ({"branch_id": None}, "Chi hội: không được để trống.", None),
        ({"full_name": MB_NAME}, "Họ và tên: dài quá 100 ký tự.", "AAAA"),
        ({"full_name": "Lê Thị " + "Hoa" * 40}, "Họ và tên: dài quá 100 ký tự.", "HoaHoa"),
        ({"full_name": "Lê Thị\x00Hoa"}, "Họ và tên: có ký tự điều khiển", "Hoa"),
        ({"full_name": "Lê Thị \x1b[31mHoa"}, "Họ và tên: có ký tự điều khiển", "Hoa"),
        ({"full_name": "Lê Thị \u202eaoH"}, "Họ và tên: có ký tự điều khiển", "aoH"),
        ({"full_name": "Lê Thị \u2066Hoa\u2069"}, "Họ và tên: có ký tự điều khiển", "Hoa"),
        ({"address": "Thôn\u200fĐông"}, "Địa chỉ: có ký tự điều khiển", "Đông"),
        ({"note": "dòng 1\x07"}, "Ghi chú: có ký tự điều khiển", "dòng"),
        ({"special_groups": "[abc"}, "Nhóm đặc thù: phải là một danh sách.", "abc"),
        ({"birth_date": "2015-01-01"}, "Ngày sinh: phải đủ 18 tuổi", "2015"),
        ({"birth_date": "2030-01-01"}, "Ngày sinh: ngày không được ở tương lai.", "2030"),
    ],
)
def test_a_row_breaking_a_rule_is_quarantined_with_its_reason(place, values, expected, secret):
    good, bad = member_row("06001"), member(**values)
    province = send(place, [good, bad])
    assert province.store.get("members", good["id"]) is not None  # the rest applies
    assert province.store.get("members", bad["id"], include_deleted=True) is None
    why = reason_of(province, bad["id"])
    assert why is not None and why.startswith("hội viên — ") and expected in why, why
    assert secret is None or secret not in why  # the reason never quotes the value
    assert len(why) < 300


def test_a_member_in_another_communes_branch_is_quarantined(place):
    bad = member(branch_id=other_branch(place))
    province = send(place, [bad])
    assert province.store.get("members", bad["id"]) is None
    assert reason_of(province, bad["id"]) == "hội viên — Chi hội: chi hội thuộc đơn vị khác."


def test_a_member_in_an_unknown_branch_is_quarantined(place):
    bad = member(branch_id="6b1f0c1e-0000-4000-8000-00000000beef")
    province = send(place, [bad])
    assert reason_of(province, bad["id"]) == "hội viên — Chi hội: không tìm thấy chi hội này."


@pytest.mark.parametrize("table", ["branch_heads", "models", "activities", "online_channels"])
def test_other_rows_pointing_to_another_communes_branch_are_quarantined(place, table):
    values = {
        "branch_heads": {"full_name": "Lò Thị Xuân"},
        "models": {"kind": "other", "name": "Mô hình nuôi gà"},
        "activities": {"held_on": "2026-01-10", "topic": "Sinh hoạt định kỳ"},
        "online_channels": {"kind": "zalo_group", "name": "Nhóm Zalo chi hội"},
    }[table]
    row = member()
    row.update(table=table, values={**values, "branch_id": other_branch(place), "is_deleted": 0})
    province = send(place, [row])
    assert province.store.get(table, row["id"]) is None
    (why,) = province.store.db.execute(
        "SELECT reason FROM quarantine WHERE row_id = ?", [row["id"]]
    ).fetchone()
    assert why.endswith("Chi hội: chi hội thuộc đơn vị khác.")


def test_text_that_only_needs_cleaning_is_stored_clean_not_quarantined(place):
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị Ánh ")
    row = member(full_name=nfd, address=unicodedata.normalize("NFD", " Thôn Đông "))
    province = send(place, [row])
    stored = province.store.get("members", row["id"])
    assert stored["full_name"] == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", stored["full_name"])
    assert stored["address"] == "Thôn Đông"
    assert reason_of(province, row["id"]) is None


def test_soft_warnings_of_the_write_path_do_not_quarantine(place):
    male = member(citizen_id="001085000123", birth_date="1985-03-01")  # a man's CCCD code
    cmnd = member(citizen_id="123456789")  # an old 9-digit CMND
    note = member(note="dòng 1\n\tdòng 2")  # a note keeps its line breaks and tabs
    province = send(place, [male, cmnd, note])
    for row in (male, cmnd, note):
        assert reason_of(province, row["id"]) is None
    assert province.store.get("members", cmnd["id"])["citizen_id"] == "123456789"
    assert province.store.get("members", note["id"])["note"] == "dòng 1\n\tdòng 2"


def test_an_update_is_checked_as_the_row_will_be_after_the_merge(place):
    row = member(phone="0912345678")
    province = send(place, [row])

    def update(hlc: int, **values) -> dict:
        # Newer stamps on the fields carried only: the others keep the stored values.
        old = [1 << 40, "ab"]
        return {
            **row,
            "values": values,
            "clocks": {"*": old, **{name: [hlc, "ab"] for name in values}},
        }

    # Carrying only a phone: the name and branch already stored make it whole.
    send(place, [update(2 << 40, phone="0987654321")])
    assert province.store.get("members", row["id"])["phone"] == "0987654321"
    # A good phone and a bad status: nothing of it applies, not half of it.
    send(place, [update(3 << 40, phone="0911111111", status="bogus")])
    stored = province.store.get("members", row["id"])
    assert (stored["phone"], stored["status"]) == ("0987654321", None)
    assert "Tình trạng" in reason_of(province, row["id"])
    # Emptying a required field of a stored row is refused too, with the phone sent with it.
    send(place, [update(4 << 40, phone="0922222222", full_name=None)])
    stored = province.store.get("members", row["id"])
    assert (stored["full_name"], stored["phone"]) == ("Trần Thị Mai", "0987654321")
    (why,) = province.store.db.execute(
        "SELECT reason FROM quarantine WHERE row_id = ? ORDER BY id DESC", [row["id"]]
    ).fetchone()
    assert why == "hội viên — Họ và tên: không được để trống."


def test_a_tombstone_needs_no_name(place):
    row = member()
    province = send(place, [row])
    gone = {
        **row,
        "values": {**row["values"], "full_name": None, "is_deleted": 1},
        "clocks": {"*": [2 << 40, "ab"]},
    }
    send(place, [gone])
    assert province.store.get("members", row["id"], include_deleted=True)["is_deleted"] == 1
    assert reason_of(province, row["id"]) is None


@pytest.mark.parametrize("target", ["Infinity", "-Infinity", "NaN", "1e999"])
def test_a_target_must_be_a_finite_number(place, target):
    w, base = place
    province = w["20"]
    row = {
        "table": "targets",
        "id": f"6b1f0c1e-0000-4000-8000-{len(target):012d}",
        "unit_code": "06001",
        "values": {"indicator_id": "members", "target": 90, "term": "2022-2027"},
        "clocks": {"*": [1 << 40, "ab"]},
    }
    line = json.dumps(row).replace('"target": 90', f'"target": {target}').encode() + b"\n"
    seq = next(SEQ)
    raw = craft(w["06001"], plain=line, seq=seq)
    (verdict,) = import_files(province, write(base / f"t{seq}.sohoi", raw)).verdicts
    assert verdict.status == "accepted"
    assert province.store.get("targets", row["id"]) is None
    (why,) = province.store.db.execute(
        "SELECT reason FROM quarantine WHERE row_id = ?", [row["id"]]
    ).fetchone()
    assert why == "chỉ tiêu — Mục tiêu: phải là một số hữu hạn (không nhận vô cực hay NaN)."


def test_sohoi_units_shows_how_many_rows_were_quarantined_and_why(world, tmp_path, monkeypatch):  # noqa: F811
    import io

    from desktop.cli.main import main
    from desktop.sync.enrolment import identity

    place = (world, tmp_path)
    rows = [member(status="bogus"), member(status="bogus"), member(full_name=None)]
    province = send(place, [member_row("06001"), *rows])
    dev = identity(world["06001"]).device_id
    (line,) = [s for s in reporting_status(province.store.db) if s.device_id == dev]
    assert line.quarantined == 3
    assert line.quarantine_reasons == (
        {"reason": "hội viên — Tình trạng: giá trị không có trong danh mục.", "rows": 2},
        {"reason": "hội viên — Họ và tên: không được để trống.", "rows": 1},
    )
    world.close()
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    out = io.StringIO()
    assert main(["units", "--data", str(world.dir("20"))], out=out) == 0
    text = out.getvalue()
    assert "3 bản ghi bị cách ly" in text
    assert "– hội viên — Tình trạng: giá trị không có trong danh mục. (2 bản ghi)" in text
    out = io.StringIO()
    assert main(["units", "--data", str(world.dir("20")), "--json"], out=out) == 0
    (mine,) = [d for d in json.loads(out.getvalue()) if d["device_id"] == dev]
    assert mine["quarantined"] == 3
    assert mine["quarantine_reasons"][1] == {
        "reason": "hội viên — Họ và tên: không được để trống.",
        "rows": 1,
    }


def test_the_branch_of_member_row_is_the_helpers(place):
    # The helpers' rows are valid: a member of branch_row(unit) applies.
    row = member_row("06001")
    assert row["values"]["branch_id"] == branch_id_of("06001")
    province = send(place, [row])
    assert province.store.get("members", row["id"])["branch_id"] == branch_id_of("06001")
