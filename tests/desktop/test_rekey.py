"""Re-keying (issue 12): an account that loses its access loses the database key too.

An automatic backup keeps the key file of its day, so before re-keying, a disabled account's
password (or a reset one, or an old recovery code) plus an old backup opened the *live*
database. Each test first shows what the old key opened."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.connection import WrongKey, open_database
from desktop.backup.make import create_auto_backup
from desktop.backup.restore import key_from_backup, restore_backup
from desktop.installation.setup import NewUnit, create_unit, login, recover
from desktop.security import audit, users, wraps
from desktop.security.accounts import AccountError
from desktop.security.crypto import KdfParams, derive, seal
from desktop.security.keyfile import KEYFILE_NAME, KeyFile
from desktop.security.session import LoginRefused

PW = "Mật-khẩu-2026"
ENTRY_PW = "nhap-12345"
ROOT = Path(__file__).resolve().parents[2]


def members(data: Path, key: bytes | bytearray, db_name: str = "sohoi.db") -> list[str]:
    db = open_database(data / db_name, key=key, create=False)
    try:
        return [r[0] for r in db.execute("SELECT full_name FROM members ORDER BY full_name")]
    finally:
        db.close()


def opens_live(data: Path, key: bytes | bytearray) -> bool:
    try:
        members(data, key)
    except WrongKey:
        return False
    return True


@pytest.fixture
def unit(tmp_path):
    """A unit with an admin, an entry account and one member, and an automatic backup of it."""
    data = tmp_path / "u"
    created = create_unit(
        data, NewUnit("X1", "Hội LHPN xã Một", "commune", "P1"), admin_password=PW
    )
    s = created.session
    branch = s.store.save("branches", {"name": "Chi hội Thôn Đông"}).ids[0]
    s.store.save("members", {"branch_id": branch, "full_name": "Lê Thị Hoa"})
    users.add_user(s, "nhap", ENTRY_PW, "entry")
    backup = create_auto_backup(s, reason="manual")
    s.close()
    return data, backup, branch, created.recovery_code


def add_member(session, branch, name):
    session.store.save("members", {"branch_id": branch, "full_name": name})


def test_a_disabled_account_with_an_old_backup_no_longer_opens_the_live_database(unit, tmp_path):
    data, backup, branch, _ = unit
    old_key = key_from_backup(backup, "nhap", ENTRY_PW)  # what the attack run did
    assert opens_live(data, old_key)

    admin = login(data, "admin", PW)
    done = users.disable_user(admin, "nhap")
    add_member(admin, branch, "Trần Thị Mai")  # added after the disable
    assert done.epoch == 1 and done.notice is None
    actions = [(e.action, e.detail) for e in audit.entries(admin.store.db, newest_first=False)]
    admin.close()
    assert ("rekey", "user_disable, khóa số 1") in actions

    assert not opens_live(data, old_key)
    assert "nhap" not in KeyFile.load(data).usernames()
    # The remaining account opens the new key, with every row.
    key = KeyFile.load(data).unwrap("password", "admin", PW)
    assert members(data, key) == ["Lê Thị Hoa", "Trần Thị Mai"]
    # The old backup still opens for the accounts of its day, with the data of its day.
    assert key_from_backup(backup, "nhap", ENTRY_PW) == old_key
    assert key_from_backup(backup, "admin", PW) == old_key
    restored = restore_backup(tmp_path / "restored", backup, key=old_key)
    assert members(restored.data_dir, old_key) == ["Lê Thị Hoa"]


def test_a_reset_password_and_an_old_backup_no_longer_open_the_live_database(unit):
    data, backup, _, _ = unit
    old_key = key_from_backup(backup, "nhap", ENTRY_PW)
    admin = login(data, "admin", PW)
    users.reset_password(admin, "nhap", "moi-nhap-123")
    admin.close()
    assert not opens_live(data, old_key)
    with pytest.raises(Exception, match="Sai tên đăng nhập"):
        login(data, "nhap", ENTRY_PW)
    login(data, "nhap", "moi-nhap-123").close()


def test_renew_recovery_from_the_command_line_prints_a_new_code_and_re_keys(
    unit, monkeypatch, capsys
):
    data, backup, _, old_code = unit
    old_key = key_from_backup(backup, "", old_code)
    from desktop.cli.main import main

    monkeypatch.setenv("SOHOI_PASSWORD", PW)
    monkeypatch.delenv("SOHOI_USER", raising=False)
    assert main(["users", "renew-recovery", "--data", str(data)]) == 0
    lines = capsys.readouterr().out.splitlines()
    new_code = lines[1]
    assert new_code != old_code and len(new_code) == 29 and "Mã cũ không còn" in lines[2]
    assert not opens_live(data, old_key)
    with pytest.raises(Exception, match="Mã khôi phục không đúng"):
        recover(data, old_code, username="admin", new_password="moi-12345")
    recover(data, new_code, username="admin", new_password="moi-12345").close()
    login(data, "nhap", ENTRY_PW).close()  # the other accounts got the new key


def test_the_session_key_is_replaced_and_the_old_one_wiped(unit):
    data, _, branch, _ = unit
    admin = login(data, "admin", PW)
    before = admin._key
    old = bytes(before)
    later = admin.connector()  # made before, opened after the re-key
    users.disable_user(admin, "nhap")
    assert before == bytearray(32) and admin.key_copy() != old
    db = later()
    try:
        assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 1
    finally:
        db.close()
    add_member(admin, branch, "Trần Thị Mai")
    admin.close()
    assert opens_live(data, KeyFile.load(data).unwrap("password", "admin", PW))


# -- version 1 key files -------------------------------------------------------------------


def make_version_1(data: Path, passwords: dict[str, str]) -> None:
    """Turn the unit's key file into the version 1 layout (the key sealed under each password)."""
    kf = KeyFile.load(data)
    key = kf.unwrap("password", "admin", PW)
    old = []
    for name, password in passwords.items():
        params = KdfParams.fresh()
        nonce, sealed = seal(
            derive(password, params), bytes(key), f"sohoi-key-wrap|v1|password|{name}".encode()
        )
        old.append({"kind": "password", "username": name, "kdf": params.as_dict(),
                    "nonce": nonce, "sealed": sealed})  # fmt: skip
    doc = {"format": "sohoi-keys", "version": 1, "unit_code": "X1", "wraps": old,
           "failures": {}, "demo": False}  # fmt: skip
    import json

    raw = json.dumps(doc).encode()
    (data / KEYFILE_NAME).write_bytes(raw)
    (data / (KEYFILE_NAME + ".bak")).write_bytes(raw)


def test_a_version_1_key_file_opens_is_upgraded_and_a_re_key_names_who_it_left_out(unit):
    data, _, _, _ = unit
    make_version_1(data, {"admin": PW, "nhap": ENTRY_PW})
    assert KeyFile.load(data).unwrap("password", "nhap", ENTRY_PW)  # the public API still opens

    admin = login(data, "admin", PW)  # signing in upgrades this account's wrap
    kf = KeyFile.load(data)
    assert wraps.version(kf.wrap_of("password", "admin")) == 2
    assert wraps.version(kf.wrap_of("password", "nhap")) == 1
    users.add_user(admin, "xem", "xem-123456", "viewer")
    done = users.disable_user(admin, "xem")
    admin.close()
    assert done.left_out == ("nhap",)
    assert "“nhap”" in done.notice and "sohoi users passwd" in done.notice
    assert "nhap" not in KeyFile.load(data).usernames()
    admin = login(data, "admin", PW)
    users.reset_password(admin, "nhap", "moi-nhap-123")
    admin.close()
    login(data, "nhap", "moi-nhap-123").close()


# -- a process killed in the middle ------------------------------------------------------------

KILL = """
import os, sys
from desktop.security import rekey, users
from desktop.installation.setup import login
step = sys.argv[2]
rekey._step = lambda name: os._exit(9) if name == step else None
session = login(__import__("pathlib").Path(sys.argv[1]), "admin", {pw!r})
users.disable_user(session, "nhap")
os._exit(0)
"""


@pytest.mark.parametrize("step", ["pending-saved", "database-rekeyed", "never"])
def test_a_re_key_killed_at_each_step_leaves_a_unit_that_opens(unit, step):
    data, backup, _, _ = unit
    old_key = key_from_backup(backup, "admin", PW)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", KILL.format(pw=PW), str(data), step], env=env, cwd=ROOT
    )
    assert done.returncode == (0 if step == "never" else 9)
    half_done = KeyFile.load(data)
    assert (half_done.pending is not None) == (step != "never")
    admin = login(data, "admin", PW)  # either key: the sign-in finishes or abandons it
    assert [m for (m,) in admin.store.db.execute("SELECT full_name FROM members")] == ["Lê Thị Hoa"]
    resumed = [e.detail for e in audit.entries(admin.store.db) if e.action == "rekey"]
    admin.close()
    expected = {
        "pending-saved": ["rekey_resume, khóa số 1", "user_disable, khóa số 1"],
        "database-rekeyed": ["user_disable, khóa số 1"],
        "never": ["user_disable, khóa số 1"],
    }
    assert resumed == expected[step]  # newest first
    settled = KeyFile.load(data)
    assert settled.pending is None
    # Cut short before the database changed: the admin's sign-in re-keyed it again.
    assert not opens_live(data, old_key)
    assert settled.epoch == 1
    assert not settled.rekey_due
    with pytest.raises(LoginRefused):
        login(data, "nhap", ENTRY_PW)  # disabled, whichever step it died at


def test_a_killed_write_of_the_final_key_file_leaves_its_copy_consistent(unit, monkeypatch):
    data, _, _, _ = unit
    admin = login(data, "admin", PW)
    from desktop.security import keyfile as keyfile_module

    real = keyfile_module.atomic_write_bytes
    calls = []

    def dies_on_the_copy(path, data_bytes):
        calls.append(path.name)
        if len(calls) == 4:  # step 3: the main file written, not yet its copy
            raise KeyboardInterrupt
        real(path, data_bytes)

    monkeypatch.setattr(keyfile_module, "atomic_write_bytes", dies_on_the_copy)
    with pytest.raises(KeyboardInterrupt):
        users.disable_user(admin, "nhap")
    monkeypatch.setattr(keyfile_module, "atomic_write_bytes", real)
    admin.close()
    (data / KEYFILE_NAME).unlink()  # only the copy is left: pending, the database re-keyed
    assert KeyFile.load(data).pending == 1
    login(data, "admin", PW).close()
    assert KeyFile.load(data).pending is None and KeyFile.load(data).epoch == 1


def test_an_admin_restores_a_backup_from_before_the_re_key_over_the_live_unit(
    unit, monkeypatch, capsys
):
    data, backup, branch, _ = unit
    admin = login(data, "admin", PW)
    users.disable_user(admin, "nhap")
    add_member(admin, branch, "Trần Thị Mai")
    admin.close()
    from desktop.cli.main import main

    monkeypatch.setenv("SOHOI_PASSWORD", PW)
    monkeypatch.delenv("SOHOI_USER", raising=False)
    assert main(["backup", "restore", "--data", str(data), str(backup)]) == 0
    assert "Đã khôi phục đơn vị X1" in capsys.readouterr().out
    # The unit is as it was that day, under that day's key and accounts.
    key = KeyFile.load(data).unwrap("password", "admin", PW)
    assert members(data, key) == ["Lê Thị Hoa"]
    login(data, "nhap", ENTRY_PW).close()


def test_a_database_that_refuses_the_re_key_keeps_the_old_key_and_the_unit_opens(unit, monkeypatch):
    import sqlcipher3

    from desktop.security import rekey as rekey_module

    data, backup, _, _ = unit
    old_key = key_from_backup(backup, "admin", PW)
    real = rekey_module.rekey

    def disk_full(new_key):
        raise sqlcipher3.OperationalError("database or disk is full")

    monkeypatch.setattr(rekey_module, "rekey", lambda keyfile, apply: real(keyfile, disk_full))
    admin = login(data, "admin", PW)
    with pytest.raises(AccountError) as exc:
        users.disable_user(admin, "nhap")
    assert "chưa đổi được khóa" in str(exc.value)
    admin.close()
    kf = KeyFile.load(data)
    assert kf.pending is None and kf.rekey_due and kf.epoch == 0
    assert opens_live(data, old_key)  # the database kept its key ...
    monkeypatch.setattr(rekey_module, "rekey", real)
    login(data, "admin", PW).close()  # ... until the admin signs in again
    assert not opens_live(data, old_key) and not KeyFile.load(data).rekey_due


def test_re_keying_works_in_the_removable_journal_mode_too(unit):
    data, backup, branch, _ = unit
    old_key = key_from_backup(backup, "admin", PW)
    admin = login(data, "admin", PW, removable=True)
    assert admin.store.db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    users.disable_user(admin, "nhap")
    add_member(admin, branch, "Trần Thị Mai")
    admin.close()
    assert not opens_live(data, old_key)
    key = KeyFile.load(data).unwrap("password", "admin", PW)
    assert members(data, key) == ["Lê Thị Hoa", "Trần Thị Mai"]
