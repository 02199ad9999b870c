"""The `sohoi` command line, driven as a script would."""

import io
import json

import pytest

from db.connection import open_database
from desktop.cli.main import main
from desktop.security.keyfile import KeyFile

PASSWORD = "mat-khau-thu"

BRANCH = "3f1b6b9e-8a55-4c39-9a53-2a1d8b1c0e01"
MEMBER = "9c2f3d44-1b7e-4f0a-8e55-7d6a2b9c1e02"


def run(*argv, stdin=None, monkeypatch=None):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture(autouse=True)
def password(monkeypatch):
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    monkeypatch.delenv("SOHOI_USER", raising=False)


def snapshot(data_dir):
    """Every domain row and the clock state, read with the key (no login, no audit entry)."""
    key = KeyFile.load(data_dir).unwrap("password", "admin", PASSWORD)
    db = open_database(data_dir / "sohoi.db", key=key, create=False)
    try:
        rows = {
            t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("units", "branches", "members")
        }
        rows["sync_state"] = db.execute(
            "SELECT * FROM sync_state WHERE key != 'audit_head' ORDER BY 1"
        ).fetchall()
        rows["audit"] = db.execute(
            "SELECT count(*) FROM audit_log WHERE action != 'login'"
        ).fetchone()
        return rows
    finally:
        db.close()


@pytest.fixture
def unit(tmp_path):
    data = tmp_path / "unit"
    code, out = run(
        "init",
        "--data",
        str(data),
        "--level",
        "commune",
        "--unit-code",
        "X1",
        "--unit-name",
        "Hội LHPN xã Tân Phú",
        "--parent-code",
        "P1",
    )
    assert code == 0 and "Đã tạo đơn vị" in out
    return data


def lines(*records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


GOOD = [
    {
        "table": "branches",
        "id": BRANCH,
        "name": "Chi hội Thôn Đông",
        "area_name": "Thôn Đông",
        "uses_social_media": 1,
    },
    {
        "table": "members",
        "id": MEMBER,
        "branch_id": BRANCH,
        "full_name": "Nguyễn Thị Ánh",
        "birth_date": "1985-03-02",
        "citizen_id": "001185000123",
        "phone": "0912 345 678",
        "special_groups": ["Phụ nữ khuyết tật"],
        "status": "active",
    },
]


def test_init_refuses_an_existing_unit(unit, capsys):
    code, _ = run(
        "init",
        "--data",
        str(unit),
        "--level",
        "commune",
        "--unit-code",
        "X2",
        "--unit-name",
        "Xã khác",
        "--parent-code",
        "P1",
    )
    assert code == 2
    assert "đã có dữ liệu" in capsys.readouterr().err


def test_load_inserts_then_updates(unit, tmp_path):
    f = tmp_path / "in.ndjson"
    f.write_text(lines(*GOOD), encoding="utf-8")
    assert run("load", "--data", str(unit), str(f))[1].startswith("Đã nạp: 2 thêm mới, 0 sửa")
    fix = {"table": "members", "id": MEMBER, "phone": "+84987654321"}
    f.write_text(lines(fix), encoding="utf-8")
    assert run("load", "--data", str(unit), str(f))[1].startswith("Đã nạp: 0 thêm mới, 1 sửa")
    row = snapshot(unit)["members"][0]
    assert "0987654321" in row and "Nguyễn Thị Ánh" in row


def test_bad_line_exits_2_names_line_and_field_and_changes_nothing(unit, tmp_path, capsys):
    bad = {
        "table": "members",
        "branch_id": BRANCH,
        "full_name": "Trần Thị Bình",
        "birth_date": "1990-01-01",
        "citizen_id": "00119000012",
    }
    f = tmp_path / "in.ndjson"
    f.write_text(lines(*GOOD, bad), encoding="utf-8")
    before = snapshot(unit)
    code, _ = run("load", "--data", str(unit), str(f))
    err = capsys.readouterr().err
    assert code == 2
    assert "Không lưu gì cả" in err
    assert "dòng 3, hội viên “Trần Thị Bình” — Số CCCD: số CCCD phải có đúng 12 chữ số" in err
    assert snapshot(unit) == before


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "dòng 1: không phải một đối tượng JSON hợp lệ."),
        ('["members"]', "dòng 1: mỗi dòng phải là một đối tượng JSON."),
        ('{"table": "people"}', "dòng 1: thiếu hoặc sai tên bảng (“people”)"),
        (
            '{"table": "branches", "name": "A", "colour": "red"}',
            "dòng 1, chi hội “A”: trường “colour” không có trong bảng chi hội.",
        ),
    ],
)
def test_malformed_lines_are_refused(unit, tmp_path, capsys, line, message):
    f = tmp_path / "in.ndjson"
    f.write_text(line + "\n", encoding="utf-8")
    before = snapshot(unit)
    assert run("load", "--data", str(unit), str(f))[0] == 2
    assert message in capsys.readouterr().err
    assert snapshot(unit) == before


MODEL = '{"table": "models", "name": "Mô hình A", "kind": "other", "participants": %s}'
HOSTILE_LINES = [
    ('{"table": "branches", "name": "Chi hội '.encode() + b'\xff"}', "không phải văn bản UTF-8"),
    (b"[" * 100_000, "dữ liệu lồng nhau quá sâu."),
    ((MODEL % "1e400").encode(), "số 1e400 vượt quá giới hạn cho phép."),
    ((MODEL % ("9" * 30)).encode(), f"số {'9' * 30} vượt quá giới hạn cho phép."),
    ((MODEL % "9223372036854775808").encode(), "số 9223372036854775808 vượt quá giới hạn"),
    ((MODEL % '"100000000000000000000000000"').encode(), "số của trường “participants” vượt"),
    ((MODEL % '"²"').encode(), "trường “participants” phải là số nguyên."),
    ((MODEL % "NaN").encode(), "“NaN” không phải một số hợp lệ."),
    (b'{"table": "branches", "name": "A\\ud800"}', "có ký tự không hợp lệ (một mã \\uD800"),
    (b'{"table": "branches", "unit_code": ["X1"], "name": "A"}', "mã đơn vị (unit_code) phải"),
    (b'{"table": ["branches"], "name": "A"}', "thiếu hoặc sai tên bảng"),
]


@pytest.mark.parametrize(
    ("line", "message"),
    HOSTILE_LINES,
    ids=[
        "bad-utf8",
        "deep",
        "1e400",
        "30-digits",
        "int64-plus-1",
        "digits-text",
        "superscript",
        "nan",
        "lone-surrogate",
        "unit-code-list",
        "table-list",
    ],
)
def test_unreadable_lines_exit_2_naming_the_line_and_store_nothing(
    unit, tmp_path, capsys, line, message
):
    f = tmp_path / "in.ndjson"
    f.write_bytes(lines(*GOOD).encode() + line + b"\n")
    before = snapshot(unit)
    code, out = run("load", "--data", str(unit), str(f))
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert "Traceback" not in err
    assert err.startswith("Không lưu gì cả") and f"dòng 3: {message}" in err, err
    assert snapshot(unit) == before


def test_unreadable_standard_input_exits_2(unit, capsys, monkeypatch):
    data = lines(*GOOD).encode() + b'{"table": "branches", "name": "\xff"}\n'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    before = snapshot(unit)
    assert run("load", "--data", str(unit), "-")[0] == 2
    assert "dòng 3: không phải văn bản UTF-8 (byte lỗi ở vị trí" in capsys.readouterr().err
    assert snapshot(unit) == before


def test_a_value_the_rules_did_not_foresee_is_a_refusal_not_a_traceback(
    unit, tmp_path, capsys, monkeypatch
):
    from db.store import Store

    def unforeseen(self, changes, **kwargs):
        list(changes)
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(Store, "write", unforeseen)
    f = tmp_path / "in.ndjson"
    f.write_text(lines(*GOOD), encoding="utf-8")
    assert run("load", "--data", str(unit), str(f))[0] == 2
    err = capsys.readouterr().err
    assert "có giá trị không đọc được (OverflowError); không lưu gì cả." in err


def test_dump_then_load_into_a_fresh_unit_is_byte_identical(unit, tmp_path):
    f = tmp_path / "in.ndjson"
    f.write_text(lines(*GOOD), encoding="utf-8")
    run("load", "--data", str(unit), str(f))
    first = tmp_path / "first.ndjson"
    assert run("dump", "--data", str(unit), "--out", str(first))[0] == 0
    fresh = tmp_path / "fresh"
    run(
        "init",
        "--data",
        str(fresh),
        "--level",
        "commune",
        "--unit-code",
        "X1",
        "--unit-name",
        "Tên tạm",
        "--parent-code",
        "P1",
    )
    assert run("load", "--data", str(fresh), str(first))[0] == 0
    second = tmp_path / "second.ndjson"
    run("dump", "--data", str(fresh), "--out", str(second))
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8").splitlines()
    assert [json.loads(t)["table"] for t in text] == ["units", "branches", "members"]
    assert json.loads(text[2])["special_groups"] == ["Phụ nữ khuyết tật"]
    # Loading the same dump again changes nothing.
    assert "0 thêm mới, 0 sửa, 3 không đổi" in run("load", "--data", str(fresh), str(first))[1]


def test_missing_unit_is_a_clear_message(tmp_path, capsys):
    assert run("dump", "--data", str(tmp_path / "nothing"))[0] == 2
    assert "Chưa có dữ liệu đơn vị" in capsys.readouterr().err


def test_data_folder_from_environment(unit, monkeypatch):
    monkeypatch.setenv("SOHOI_DATA", str(unit))
    code, out = run("dump")
    assert code == 0 and '"unit_code":"X1"' in out


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"full_name": "Trần Thị " + "Bình" * 7500}, "Họ và tên: dài quá 100 ký tự."),
        ({"full_name": "Trần Thị\x00Bình"}, "Họ và tên: có ký tự điều khiển"),
        ({"full_name": "Trần Thị \u202eBình"}, "Họ và tên: có ký tự điều khiển"),
        ({"full_name": "Trần Thị Bình", "address": "Thôn " * 60}, "Địa chỉ: dài quá 250 ký tự."),
    ],
)
def test_load_refuses_values_too_long_or_with_hidden_characters(
    unit, tmp_path, capsys, values, message
):
    bad = {"table": "members", "branch_id": BRANCH, **values}
    f = tmp_path / "in.ndjson"
    f.write_text(lines(*GOOD, bad), encoding="utf-8")
    before = snapshot(unit)
    code, _ = run("load", "--data", str(unit), str(f))
    err = capsys.readouterr().err
    assert code == 2 and "Không lưu gì cả" in err
    assert "dòng 3, hội viên" in err and message in err
    assert len(err) < 2000  # the 30,000-character name is not repeated back
    assert snapshot(unit) == before
