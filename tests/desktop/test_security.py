"""Shared-PC security: encryption at rest, accounts and roles, recovery, delays, lock, audit."""

import json
import sqlite3

import pytest

from db.connection import WrongKey, open_database
from desktop.demo.unit import DEMO_PASSWORD, create_demo
from desktop.installation.setup import NewUnit, UnitError, create_unit, login, recover
from desktop.security import audit, users
from desktop.security.accounts import AccountError, PermissionDenied
from desktop.security.keyfile import KEYFILE_NAME, KeyFile, login_delay
from desktop.security.session import LoginRefused, SessionLocked

PW = "Mật-khẩu-2026"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo")
    create_demo(data, members=300, seed=2).close()
    return data


@pytest.fixture
def unit(tmp_path):
    created = create_unit(
        tmp_path / "u", NewUnit("X1", "Hội LHPN xã Một", "commune", "P1"), admin_password=PW
    )
    created.session.close()
    return tmp_path / "u", created.recovery_code


def test_database_file_is_unreadable_without_the_key(demo_dir):
    path = demo_dir / "sohoi.db"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    with pytest.raises(WrongKey):
        open_database(path, key=bytes(32), create=False)


def test_no_personal_data_in_any_file_of_the_data_folder(demo_dir):
    session = login(demo_dir, "admin", DEMO_PASSWORD)
    db = session.store.db
    people = db.execute(
        "SELECT full_name, citizen_id, phone FROM members WHERE citizen_id IS NOT NULL LIMIT 40"
    ).fetchall()
    unit_name = db.execute("SELECT name FROM units").fetchone()[0]
    session.close()
    blobs = {p.name: p.read_bytes() for p in demo_dir.rglob("*") if p.is_file()}
    assert "sohoi.db" in blobs and KEYFILE_NAME in blobs
    needles = {unit_name, "Thị", "Nguyễn"} | {v for row in people for v in row if v}
    for name, blob in blobs.items():
        for needle in needles:
            assert needle.encode("utf-8") not in blob, (name, needle)


def test_wrong_password_is_refused_and_counted(unit):
    data, _ = unit
    with pytest.raises(LoginRefused) as exc:
        login(data, "admin", "sai-mat-khau", now=1000.0)
    assert str(exc.value) == "Sai tên đăng nhập hoặc mật khẩu."
    assert KeyFile.load(data).failures["admin"]["count"] == 1
    login(data, "admin", PW, now=1001.0).close()
    assert KeyFile.load(data).failures == {}


def test_delay_grows_after_failures_and_survives_a_restart(unit):
    data, _ = unit
    for i in range(3):
        with pytest.raises(LoginRefused):
            login(data, "admin", "sai", now=1000.0 + i)
    # The third failure starts a 5 s wait, kept in the key file (a restart reads it again).
    with pytest.raises(LoginRefused) as exc:
        login(data, "admin", PW, now=1003.0)
    assert exc.value.wait_seconds == pytest.approx(4.0)
    assert "Hãy đợi 4 giây" in str(exc.value)
    with pytest.raises(LoginRefused):
        login(data, "admin", "sai", now=1007.5)  # fourth failure: 10 s now
    assert KeyFile.load(data).wait_seconds("admin", now=1008.0) == pytest.approx(9.5)
    login(data, "admin", PW, now=1020.0).close()
    assert [login_delay(n) for n in range(2, 12)] == [0, 5, 10, 20, 40, 80, 160, 300, 300, 300]


def test_roles_allow_and_refuse(unit):
    data, _ = unit
    admin = login(data, "admin", PW)
    branch = admin.store.save("branches", {"name": "Chi hội Thôn Đông"}).ids[0]
    users.add_user(admin, "nhap", "nhap-12345", "entry")
    users.add_user(admin, "xem", "xem-123456", "viewer")
    admin.close()

    entry = login(data, "nhap", "nhap-12345")
    assert entry.store.save("members", {"branch_id": branch, "full_name": "Lê Thị Hoa"}).ids
    with pytest.raises(PermissionDenied):
        users.add_user(entry, "khac", "khac-12345", "viewer")
    with pytest.raises(PermissionDenied):
        entry.set_setting("idle_lock_minutes", 5)
    entry.close()

    viewer = login(data, "xem", "xem-123456")
    assert viewer.store.db.execute("SELECT count(*) FROM members").fetchone()[0] == 1
    with pytest.raises(PermissionDenied) as exc:
        viewer.store.save("members", {"branch_id": branch, "full_name": "Trần Thị Mai"})
    assert "Chỉ xem" in str(exc.value)
    assert viewer.store.db.execute("SELECT count(*) FROM members").fetchone()[0] == 1
    viewer.close()


def test_disabled_account_cannot_sign_in_and_the_last_admin_stays(unit):
    data, _ = unit
    admin = login(data, "admin", PW)
    users.add_user(admin, "nhap", "nhap-12345", "entry")
    users.disable_user(admin, "nhap")
    with pytest.raises(AccountError):
        users.disable_user(admin, "admin")
    admin.close()
    with pytest.raises(LoginRefused):
        login(data, "nhap", "nhap-12345")


def test_change_password(unit):
    data, _ = unit
    s = login(data, "admin", PW)
    with pytest.raises(LoginRefused):
        users.change_password(s, "not-it", "mat-khau-moi-1")
    users.change_password(s, PW, "mat-khau-moi-1")
    s.close()
    with pytest.raises(LoginRefused):
        login(data, "admin", PW)
    login(data, "admin", "mat-khau-moi-1").close()


def test_recovery_code_restores_access_after_a_lost_password(unit):
    data, code = unit
    with pytest.raises(LoginRefused):
        recover(data, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", username="admin", new_password="moi-12345")
    session = recover(
        data, code.lower().replace("-", " "), username="admin", new_password="moi-12345"
    )
    assert session.store.unit_code == "X1"
    session.close()
    login(data, "admin", "moi-12345").close()


def test_idle_lock_drops_the_database_and_unlock_reopens(unit):
    data, _ = unit
    now = [0.0]
    session = login(data, "admin", PW, clock=lambda: now[0])
    assert session.idle_seconds == 600
    now[0] = 599.0
    assert not session.lock_if_idle()
    now[0] = 601.0
    assert session.lock_if_idle() and session.locked
    with pytest.raises(SessionLocked):
        session.store  # noqa: B018
    with pytest.raises(LoginRefused):
        session.unlock("sai")
    session.unlock(PW)
    assert session.store.unit_code == "X1"
    actions = [e.action for e in audit.entries(session.store.db, newest_first=False)]
    assert actions[-2:] == ["lock", "unlock"]
    session.close()


def test_idle_time_is_a_setting(unit):
    data, _ = unit
    session = login(data, "admin", PW)
    session.set_setting("idle_lock_minutes", 3)
    session.close()
    assert login(data, "admin", PW).idle_seconds == 180


def test_audit_records_who_changed_what_without_values(unit):
    data, _ = unit
    s = login(data, "admin", PW)
    b = s.store.save("branches", {"name": "Chi hội Ấp 1"}).ids[0]
    s.store.save(
        "members",
        {
            "branch_id": b,
            "full_name": "Võ Thị Sáu",
            "citizen_id": "001185000123",
            "birth_date": "1985",
        },
    )
    rows = s.store.db.execute(
        "SELECT actor, action, tbl, fields, row_ids FROM audit_log"
    ).fetchall()
    s.close()
    member_entry = next(r for r in rows if r[2] == "members")
    assert member_entry[0] == "admin" and member_entry[1] == "insert"
    assert "citizen_id" in json.loads(member_entry[3])
    text = json.dumps(rows, ensure_ascii=False)
    assert "Võ Thị Sáu" not in text and "001185000123" not in text


def _tamper(data, sql):
    key = KeyFile.load(data).unwrap("password", "admin", PW)
    db = open_database(data / "sohoi.db", key=key, create=False)
    db.execute(sql)
    db.conn.commit()
    db.close()


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("UPDATE audit_log SET actor = 'someone' WHERE seq = 2", "nội dung mục số 2 đã bị sửa"),
        ("DELETE FROM audit_log WHERE seq = 2", "thiếu mục nhật ký số 2"),
        # The CLI's own login then follows the cut: the hole shows.
        ("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)", "thiếu mục nhật ký"),
    ],
)
def test_audit_chain_detects_tampering(unit, sql, reason, capsys, monkeypatch):
    data, _ = unit
    s = login(data, "admin", PW)
    s.store.save("branches", {"name": "Chi hội Ấp 2"})
    assert audit.verify(s.store.db).ok
    s.close()
    _tamper(data, sql)
    from desktop.cli.main import main

    monkeypatch.setenv("SOHOI_PASSWORD", PW)
    assert main(["audit", "verify", "--data", str(data)]) == 1
    assert reason in capsys.readouterr().out


def test_damaged_key_file_falls_back_to_its_copy_then_says_so(unit):
    data, _ = unit
    (data / KEYFILE_NAME).write_bytes(b"\x00garbage")
    login(data, "admin", PW).close()  # the copy still opens it
    (data / KEYFILE_NAME).write_bytes(b"{}")
    (data / (KEYFILE_NAME + ".bak")).write_text('{"format": "other"}')
    with pytest.raises(UnitError) as exc:
        login(data, "admin", PW)
    assert "bị hỏng" in str(exc.value)


def test_a_key_file_of_another_unit_is_refused(tmp_path, unit):
    data, _ = unit
    other = create_unit(tmp_path / "o", NewUnit("X2", "Xã Hai", "commune", "P1"), admin_password=PW)
    other.session.close()
    before = (data / "sohoi.db").read_bytes()
    (data / KEYFILE_NAME).write_bytes((tmp_path / "o" / KEYFILE_NAME).read_bytes())
    with pytest.raises(UnitError) as exc:
        login(data, "admin", PW)
    assert "không khớp" in str(exc.value)
    assert (data / "sohoi.db").read_bytes() == before


def test_a_refused_unit_leaves_nothing_behind(tmp_path):
    with pytest.raises(UnitError):
        create_unit(tmp_path / "n", NewUnit("X3", "Xã Ba", "commune", "P1"), admin_password="ngan")
    assert not any((tmp_path / "n").glob("sohoi*"))


def test_audit_chain_detects_a_cut_tail(unit):
    data, _ = unit
    _tamper(data, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    key = KeyFile.load(data).unwrap("password", "admin", PW)
    db = open_database(data / "sohoi.db", key=key, create=False)
    verdict = audit.verify(db)
    db.close()
    assert not verdict.ok and "đã bị xóa" in verdict.reason


def test_only_the_demo_unit_is_marked_as_demo(demo_dir, unit):
    from desktop.installation.setup import is_demo

    assert is_demo(demo_dir)
    assert not is_demo(unit[0])


def test_wrong_recovery_codes_are_slowed_down(unit):
    data, code = unit
    for _ in range(3):
        with pytest.raises(LoginRefused):
            recover(
                data, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", username="admin", new_password="moi-12345"
            )
    with pytest.raises(LoginRefused) as exc:
        recover(data, code, username="admin", new_password="moi-12345")
    assert exc.value.wait_seconds > 0


def test_a_new_unit_wraps_its_key_with_the_real_argon2id_cost(real_kdf, tmp_path):
    """The cheap parameters of the other tests never reach the program: 3 passes over 64 MiB."""
    created = create_unit(
        tmp_path / "u", NewUnit("X9", "Hội LHPN xã Chín", "commune", "P1"), admin_password=PW
    )
    created.session.close()
    doc = json.loads((tmp_path / "u" / KEYFILE_NAME).read_text(encoding="utf-8"))
    params = [w["kdf"] for w in doc["wraps"]]
    assert params and all(
        (p["alg"], p["iterations"], p["memory_cost"]) == ("argon2id", 3, 64 * 1024) for p in params
    )
    login(tmp_path / "u", "admin", PW).close()
