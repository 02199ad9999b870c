"""The sync commands' own behaviour: what they print, refuse and exit with (the full chain runs
through the command line in tests/e2e/test_sync_e2e.py)."""

import io
import json

import pytest

from desktop.cli.main import main
from desktop.sync.enrolment import identity

from .sync_helpers import PASSWORD, add_members, flip, regions, template, world  # noqa: F401


@pytest.fixture(autouse=True)
def password(monkeypatch):
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    monkeypatch.delenv("SOHOI_USER", raising=False)


def sohoi(*argv: object) -> tuple[int, str]:
    out = io.StringIO()
    return main([str(a) for a in argv], out=out), out.getvalue()


def test_keys_shows_the_device_and_revokes_a_child(world):  # noqa: F811
    child = identity(world["06001"]).device_id
    world.close()
    code, out = sohoi("keys", "--data", world.dir("20"))
    assert code == 0 and "Đơn vị: 20" in out and "Đã được cấp trên xác nhận: có" in out
    code, out = sohoi("keys", "--data", world.dir("06003"), "--json")
    assert json.loads(out)["enrolled"] is False
    code, out = sohoi("keys", "--data", world.dir("20"), "--revoke", child)
    assert code == 0 and "danh sách số 1" in out
    code, _ = sohoi("keys", "--data", world.dir("21"), "--revoke", child)
    assert code == 2  # enrolled by province 20, not 21


def test_approve_without_a_fingerprint_asks_for_one(world, tmp_path):  # noqa: F811
    world.close()
    request = tmp_path / "req"
    code, out = sohoi("enroll", "request", "--data", world.dir("06003"), "--out", request)
    assert code == 0 and "Mã máy" in out
    code, out = sohoi("enroll", "approve", "--data", world.dir("20"), request, "--out", "c")
    assert code == 2 and "Mã máy trong tệp" in out  # stdin is no terminal: no prompt
    code, _ = sohoi(
        *("enroll", "approve", "--data", world.dir("20"), request),
        *("--out", tmp_path / "c", "--fingerprint", "ABCD-EFGH-JKLM-NPQR-STUV"),
    )
    assert code == 2 and not (tmp_path / "c").exists()


def test_verify_tells_a_good_file_from_a_bad_one(world, tmp_path):  # noqa: F811
    add_members(world["06001"], 2)
    world.close()
    code, _ = sohoi("export", "--data", world.dir("06001"), "--out", tmp_path / "usb")
    (path,) = (tmp_path / "usb").iterdir()
    code, out = sohoi("verify", "--data", world.dir("20"), path)
    assert code == 0 and "Chữ ký hợp lệ" in out and "members: 2" in out
    raw = path.read_bytes()
    path.write_bytes(flip(raw, regions(raw)["manifest"][0] + 5))
    code, out = sohoi("verify", "--data", world.dir("20"), path)
    assert code == 1 and "KHÔNG tin cậy" in out
    code, out = sohoi("import", "--data", world.dir("20"), path)
    assert code == 1 and "TỪ CHỐI" in out


def test_second_device_needs_yes(world):  # noqa: F811
    before = identity(world["06001"]).device_id
    world.close()
    code, _ = sohoi("enroll", "second-device", "--data", world.dir("06001"))
    assert code == 2
    code, out = sohoi("enroll", "second-device", "--data", world.dir("06001"), "--yes")
    assert code == 0 and "sohoi enroll request" in out
    code, out = sohoi("keys", "--data", world.dir("06001"), "--json")
    assert json.loads(out)["device_id"] != before and json.loads(out)["enrolled"] is False


def test_export_down_without_children_is_refused(world, tmp_path):  # noqa: F811
    world.close()
    usb = tmp_path / "usb"
    code, _ = sohoi("export", "--down", "--data", world.dir("06001"), "--out", usb)
    assert code == 2 and not usb.exists()


def test_import_tells_its_progress_file_by_file(world, tmp_path, capsys):  # noqa: F811
    add_members(world["06001"], 3)
    add_members(world["06002"], 2)
    world.close()
    for code in ("06001", "06002"):
        assert sohoi("export", "--data", world.dir(code), "--out", tmp_path / "usb")[0] == 0
    capsys.readouterr()
    code, out = sohoi("import", "--data", world.dir("20"), tmp_path / "usb")
    lines = capsys.readouterr().err.splitlines()
    progress = [line for line in lines if line.startswith("[")]
    assert code == 0 and out.count("Đã nhận") == 2
    assert [p.split("]")[0] for p in progress] == ["[1/2", "[2/2"]
    assert progress[0].startswith("[1/2] 06001_") and "dòng/giây" in progress[1]
    province = world["20"].store.db
    (received,) = province.execute("SELECT SUM(rows) FROM ledger").fetchone()
    assert f"tổng {received} dòng" in progress[1]


def test_a_first_report_in_one_trip_from_the_command_line(world, tmp_path):  # noqa: F811
    add_members(world["06003"], 2)
    province_fp = identity(world["20"]).fingerprint
    commune_fp = identity(world["06003"]).fingerprint
    world.close()
    invite, usb = tmp_path / "moi.sohoi-invite", tmp_path / "usb"
    code, out = sohoi("enroll", "invite", "--data", world.dir("20"), "--out", invite)
    assert code == 0 and province_fp in out
    code, out = sohoi("enroll", "join", "--data", world.dir("06003"), invite, "--fingerprint", "x")
    assert code == 2  # a fingerprint that is not the province's: refused
    code, out = sohoi(
        "enroll", "join", "--data", world.dir("06003"), invite, "--fingerprint", province_fp
    )
    assert code == 0 and "Hội LHPN tỉnh Thái Nguyên" in out and commune_fp in out
    code, out = sohoi("export", "--data", world.dir("06003"), "--out", usb)
    assert code == 0 and "Báo cáo lần đầu" in out
    assert len(list(usb.glob("*.sohoi-first"))) == 1
    code, out = sohoi("enroll", "approve-trip", "--data", world.dir("20"), usb)
    assert code == 2 and commune_fp in out  # no fingerprint typed: nothing approved
    assert not list(usb.glob("*.sohoi-cert"))
    code, out = sohoi(
        "enroll", "approve-trip", "--data", world.dir("20"), usb, "--fingerprint", commune_fp
    )
    assert code == 0 and "Đã nhận" in out and "4 bản ghi" in out, out  # unit, branch, 2 members
    code, out = sohoi("import", "--data", world.dir("06003"), usb)
    assert code == 0 and "Đã nhận giấy xác nhận" in out and "Biên nhận" in out, out
    code, out = sohoi("keys", "--data", world.dir("06003"), "--json")
    assert json.loads(out)["enrolled"] is True
