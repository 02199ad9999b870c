"""Trust between accounts of one unit: dumps need the personal permission, role changes are
audited (issue 12)."""

import io
import json

import pytest

from db.connection import open_database
from desktop.cli.main import main
from desktop.installation.setup import NewUnit, create_unit, login
from desktop.security import audit, users
from desktop.security.accounts import AccountError, PermissionDenied, get_account
from desktop.security.keyfile import KeyFile

PW = "Mật-khẩu-2026"
VIEWER_PW = "xem-123456"
CITIZEN_ID = "001185000123"


@pytest.fixture
def unit(tmp_path, monkeypatch):
    data = tmp_path / "u"
    created = create_unit(
        data, NewUnit("X1", "Hội LHPN xã Một", "commune", "P1"), admin_password=PW
    )
    s = created.session
    branch = s.store.save("branches", {"name": "Chi hội Thôn Đông"}).ids[0]
    s.store.save(
        "members",
        {
            "branch_id": branch,
            "full_name": "Võ Thị Sáu",
            "citizen_id": CITIZEN_ID,
            "birth_date": "1985-02-03",
            "ethnicity": "Kinh",
        },
    )
    users.add_user(s, "viewer1", VIEWER_PW, "viewer")
    s.close()
    monkeypatch.delenv("SOHOI_USER", raising=False)
    monkeypatch.delenv("SOHOI_NEW_PASSWORD", raising=False)
    return data


def run(monkeypatch, user, password, *argv):
    monkeypatch.setenv("SOHOI_USER", user)
    monkeypatch.setenv("SOHOI_PASSWORD", password)
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def actions(data, *names):
    """(action, detail) of the audit entries whose action is in `names`, oldest first."""
    key = KeyFile.load(data).unwrap("password", "admin", PW)
    db = open_database(data / "sohoi.db", key=key, create=False)
    try:
        return [
            (e.actor, e.action, e.detail)
            for e in audit.entries(db, newest_first=False)
            if e.action in names
        ]
    finally:
        db.close()


# -- 1. a viewer dumps everything --------------------------------------------------------------


def test_a_viewer_cannot_dump_personal_data_and_the_try_is_audited(unit, monkeypatch, capsys):
    code, out = run(monkeypatch, "viewer1", VIEWER_PW, "dump", "--data", str(unit))
    assert code == 2
    assert out == "" and CITIZEN_ID not in capsys.readouterr().out
    target = unit.parent / "dump.ndjson"
    code, _ = run(
        monkeypatch, "viewer1", VIEWER_PW, "dump", "--data", str(unit), "--out", str(target)
    )
    assert code == 2 and not target.exists()
    err = capsys.readouterr().err
    assert "Chỉ xem" in err and "không được xuất dữ liệu cá nhân" in err
    assert actions(unit, "dump", "dump_refused") == [
        ("viewer1", "dump_refused", None),
        ("viewer1", "dump_refused", None),
    ]


def test_an_admin_dump_is_whole_and_audited_as_personal(unit, monkeypatch):
    code, out = run(monkeypatch, "admin", PW, "dump", "--data", str(unit))
    assert code == 0
    members = [json.loads(line) for line in out.splitlines() if '"members"' in line]
    assert members[0]["citizen_id"] == CITIZEN_ID and members[0]["ethnicity"] == "Kinh"
    assert actions(unit, "dump") == [("admin", "dump", "3 dòng, có dữ liệu cá nhân")]


def test_the_dump_service_itself_refuses_a_viewer(unit):
    from desktop.cli.ndjson import dump_for

    viewer = login(unit, "viewer1", VIEWER_PW)
    out = io.StringIO()
    with pytest.raises(PermissionDenied):
        dump_for(viewer, out)
    viewer.close()
    assert out.getvalue() == ""


# -- 3. role changes ---------------------------------------------------------------------------


def test_set_role_is_admin_only_audited_and_keeps_the_last_admin(unit, monkeypatch, capsys):
    code, _ = run(
        monkeypatch, "viewer1", VIEWER_PW, "users", "set-role", "--data", str(unit),
        "viewer1", "--role", "admin",
    )  # fmt: skip
    assert code == 2 and "quản lý tài khoản" in capsys.readouterr().err
    code, out = run(
        monkeypatch, "admin", PW, "users", "set-role", "--data", str(unit),
        "viewer1", "--role", "entry",
    )  # fmt: skip
    assert code == 0 and "Nhập liệu" in out
    code, _ = run(
        monkeypatch, "admin", PW, "users", "set-role", "--data", str(unit),
        "admin", "--role", "viewer",
    )  # fmt: skip
    assert code == 2 and "quản trị viên cuối cùng" in capsys.readouterr().err
    assert actions(unit, "role_change") == [("admin", "role_change", "viewer1:viewer->entry")]
    s = login(unit, "admin", PW)
    assert get_account(s.store.db, "viewer1").role == "entry"
    assert get_account(s.store.db, "admin").role == "admin"
    with pytest.raises(AccountError) as exc:
        users.set_role(s, "viewer1", "boss")
    assert "Vai trò không hợp lệ" in str(exc.value)
    with pytest.raises(AccountError):
        users.set_role(s, "nobody", "entry")
    assert get_account(s.store.db, "viewer1").role == "entry"
    s.close()
