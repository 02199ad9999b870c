"""Restores that cannot hurt: rights over an existing unit, a swap that survives a crash at any
step, stale temporary files cleared at start, restored files as private as created ones."""

from __future__ import annotations

import errno
import io
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlcipher3

from desktop.backup.format import BackupError
from desktop.backup.make import create_auto_backup, export_backup
from desktop.backup.restore import restore_backup
from desktop.backup.swap import INTENT_NAME
from desktop.cli.main import main
from desktop.installation.housekeeping import prepare_data_folder
from desktop.installation.instance_lock import InstanceLock
from desktop.installation.setup import login
from desktop.security import audit, users
from desktop.security.keyfile import KeyFile
from tests.desktop.test_backup import (
    PASSPHRASE,
    PASSWORD,
    change_data,
    make_unit,
    members,
)
from tests.desktop.test_backup import files as all_files
from ui import run as gui

ROOT = Path(__file__).resolve().parents[2]


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, but the single-instance lock file (which a
    command creates and keeps)."""
    return {k: v for k, v in all_files(folder).items() if k != ".sohoi.lock"}


def cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture
def cli_env(monkeypatch):
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    monkeypatch.setenv("SOHOI_BACKUP_PASSPHRASE", PASSPHRASE)
    for name in ("SOHOI_USER", "SOHOI_RECOVERY_CODE", "SOHOI_DATA"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def unit_with_viewer(folder: Path):
    created = make_unit(folder)
    users.add_user(created.session, "xem", PASSWORD, "viewer")
    return created


# -- rights ----------------------------------------------------------------------------------


def test_a_viewer_cannot_restore_over_a_locked_database(tmp_path, cli_env, capsys):
    created = unit_with_viewer(tmp_path / "unit")
    data = created.session.data_dir
    portable = export_backup(created.session, tmp_path / "p.sohoi-backup", PASSPHRASE)
    created.session.close()
    key = KeyFile.load(data).unwrap("password", "admin", PASSWORD)
    other = sqlcipher3.connect(str(data / "sohoi.db"), isolation_level=None)
    try:
        other.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
        other.execute("PRAGMA locking_mode = EXCLUSIVE")  # another program holds the file
        other.execute("BEGIN EXCLUSIVE")
        other.execute("CREATE TABLE held (a)")
        before = files(data)

        cli_env.setenv("SOHOI_USER", "xem")
        code, out = cli("backup", "restore", "--data", str(data), str(portable))
        err = capsys.readouterr().err
        assert code == 2 and "Đã khôi phục" not in out
        assert "đang bị một chương trình khác giữ" in err
        assert "Tệp khóa không khớp" not in err
        assert files(data) == before

        # Without the command line: no credentials, or a viewer's, change nothing either.
        with pytest.raises(BackupError, match="đăng nhập bằng tài khoản quản trị"):
            restore_backup(data, portable, passphrase=PASSPHRASE)
        with pytest.raises(BackupError, match="đang bị một chương trình khác giữ"):
            restore_backup(data, portable, passphrase=PASSPHRASE, account=("xem", PASSWORD))
        assert files(data) == before
    finally:
        other.execute("ROLLBACK")
        other.close()
    session = login(data, "admin", PASSWORD)
    assert session.store.unit_code == "X1" and len(members(session)) == 1
    session.close()


def test_a_viewer_cannot_restore_over_a_damaged_database(tmp_path, cli_env, capsys):
    created = unit_with_viewer(tmp_path / "unit")
    data = created.session.data_dir
    portable = export_backup(created.session, tmp_path / "p.sohoi-backup", PASSPHRASE)
    created.session.close()
    raw = bytearray((data / "sohoi.db").read_bytes())
    raw[:4096] = os.urandom(4096)  # the first page no longer decrypts
    (data / "sohoi.db").write_bytes(bytes(raw))
    before = files(data)

    cli_env.setenv("SOHOI_USER", "xem")
    code, _ = cli("backup", "restore", "--data", str(data), str(portable))
    assert code == 2 and "đăng nhập bằng tài khoản quản trị" in capsys.readouterr().err
    assert files(data) == before

    cli_env.setenv("SOHOI_USER", "admin")  # an admin of the unit may
    code, out = cli("backup", "restore", "--data", str(data), str(portable))
    assert code == 0 and "pre-restore-" in out
    (kept,) = (data / "backups").glob("pre-restore-*")
    assert (kept / "sohoi.db").read_bytes() == bytes(raw)
    login(data, "admin", PASSWORD).close()


def test_the_recovery_code_restores_over_a_unit_without_signing_in(tmp_path, cli_env, capsys):
    created = make_unit(tmp_path / "unit")
    session, data = created.session, created.session.data_dir
    at_backup = members(session)
    portable = export_backup(session, tmp_path / "p.sohoi-backup", PASSPHRASE)
    change_data(session)
    session.close()
    before = files(data)

    cli_env.setenv("SOHOI_RECOVERY_CODE", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    code, _ = cli("backup", "restore", "--data", str(data), str(portable))
    assert code == 2 and "Mã khôi phục không đúng" in capsys.readouterr().err
    assert files(data) == before

    cli_env.setenv("SOHOI_RECOVERY_CODE", created.recovery_code)
    cli_env.delenv("SOHOI_PASSWORD")  # no password asked
    code, out = cli("backup", "restore", "--data", str(data), str(portable))
    assert code == 0 and "pre-restore-" in out
    (kept,) = (data / "backups").glob("pre-restore-*")
    assert (kept / "sohoi.db").read_bytes() == before["sohoi.db"]
    again = login(data, "admin", PASSWORD)
    assert members(again) == at_backup
    assert audit.entries(again.store.db, limit=2)[1].actor == "(mã khôi phục)"
    again.close()


def test_only_a_folder_without_any_unit_file_needs_no_rights(tmp_path):
    created = make_unit(tmp_path / "unit")
    portable = export_backup(created.session, tmp_path / "p.sohoi-backup", PASSPHRASE)
    created.session.close()
    lone = tmp_path / "lone"
    lone.mkdir()
    shutil.copy(created.session.data_dir / "sohoi.keys", lone / "sohoi.keys")  # no database
    before = files(lone)
    with pytest.raises(BackupError, match="đăng nhập bằng tài khoản quản trị"):
        restore_backup(lone, portable, passphrase=PASSPHRASE)
    assert files(lone) == before
    restore_backup(tmp_path / "new-pc", portable, passphrase=PASSPHRASE)  # the wizard's way
    login(tmp_path / "new-pc", "admin", PASSWORD).close()


# -- restored files are private --------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_restored_files_have_the_modes_of_created_ones(tmp_path):
    created = make_unit(tmp_path / "unit")
    session, data = created.session, created.session.data_dir
    made = {n: stat.S_IMODE((data / n).stat().st_mode) for n in ("sohoi.db", "sohoi.keys")}
    assert made == {"sohoi.db": 0o600, "sohoi.keys": 0o600}
    portable = export_backup(session, tmp_path / "p.sohoi-backup", PASSPHRASE)
    auto = create_auto_backup(session)
    old_umask = os.umask(0o022)
    try:
        restore_backup(tmp_path / "new-pc", portable, passphrase=PASSPHRASE)
        restore_backup(data, auto, session=session)
    finally:
        os.umask(old_umask)
    for folder in (tmp_path / "new-pc", data):
        for name in ("sohoi.db", "sohoi.keys", "sohoi.keys.bak"):
            assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, (folder, name)


# -- a crash at any step of the swap ---------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    data, backup, mode, k = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    real_replace, real_unlink, count = os.replace, os.unlink, [0]

    def replace(src, dst, *a, **kw):
        if data in (Path(src).parent, Path(dst).parent):  # the renames in the data folder
            count[0] += 1
            if mode == "replace" and count[0] == k:
                os._exit(9)  # killed: no handler, no clean-up runs
        return real_replace(src, dst, *a, **kw)

    def unlink(path, *a, **kw):
        if mode == "unlink" and Path(path).name == "INTENT":
            os._exit(9)
        return real_unlink(path, *a, **kw)

    os.replace, os.unlink = replace, unlink
    from desktop.backup.restore import restore_backup
    from desktop.installation.setup import login
    session = login(data, "admin", os.environ["SOHOI_PASSWORD"])
    restore_backup(data, backup, session=session)
    print(count[0])
    """
).replace("INTENT", INTENT_NAME)


@pytest.fixture(scope="module")
def crash_source(tmp_path_factory):
    """A unit whose backup holds `at_backup`, then changed to `changed` (the data replaced)."""
    created = make_unit(tmp_path_factory.mktemp("crash") / "unit")
    session = created.session
    at_backup = members(session)
    backup = create_auto_backup(session, backup_dir=tmp_path_factory.mktemp("bk"))
    change_data(session)
    changed = members(session)
    session.close()
    return session.data_dir, backup, at_backup, changed


def crash(source: Path, target: Path, backup: Path, mode: str, k: int):
    shutil.copytree(source, target)
    env = {**os.environ, "SOHOI_PASSWORD": PASSWORD, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(target), str(backup), mode, str(k)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_restore_killed_at_any_step_opens_old_or_new_whole(crash_source, tmp_path):
    source, backup, at_backup, changed = crash_source
    whole = crash(source, tmp_path / "whole", backup, "none", 0)
    assert whole.returncode == 0, whole.stderr
    renames = int(whole.stdout.split()[-1])  # the intent file's, the old files', the new ones'
    assert renames >= 7
    cases = [("replace", k) for k in range(1, renames + 1)] + [("unlink", 0)]
    for mode, k in cases:
        data = tmp_path / f"{mode}-{k}"
        done = crash(source, data, backup, mode, k)
        assert done.returncode == 9, (mode, k, done.stderr)
        prepare_data_folder(data)  # what the next start of the window or a command does
        session = login(data, "admin", PASSWORD)
        try:
            found = members(session)
            assert audit.verify(session.store.db).ok
        finally:
            session.close()
        # Before the intent file is in place nothing has moved; after it, the restore is
        # finished: every restored file had been checked and is still at hand.
        assert found == (changed if (mode, k) == ("replace", 1) else at_backup), (mode, k)
        left = sorted(p.name for p in data.iterdir() if p.name.startswith("."))
        assert left == [".sohoi.lock"] or left == [], (mode, k, left)


def test_a_swap_whose_restored_files_are_gone_is_undone(crash_source, tmp_path):
    source, backup, _, changed = crash_source
    data = tmp_path / "data"
    done = crash(source, data, backup, "replace", 5)  # killed at the first restored file
    assert done.returncode == 9
    (stage,) = [p for p in data.glob(".sohoi-restore-*") if p.is_dir()]
    (stage / "sohoi.keys").unlink()  # the staged files cannot all be placed: put the old back
    prepare_data_folder(data)
    session = login(data, "admin", PASSWORD)
    assert members(session) == changed
    session.close()
    assert not list(data.glob(".sohoi-restore*"))


# -- stale temporary files -------------------------------------------------------------------

STALE = [
    "backups/.sohoi-snapshot-ab12cd_9.tmp",
    "backups/.sohoi-snapshot-ab12cd_9.tmp-journal",
    "backups/.sohoi-X1-20261204-101500-close.sohoi-backup.k3j4h5g6.tmp",
    ".sohoi-snapshot-zz99yy88.tmp",
    ".sohoi.keys.q1w2e3r4.tmp",
    ".sohoi.keys.bak.q1w2e3r4.tmp",
    f".{INTENT_NAME}.a1b2c3d4.tmp",  # atomic_write_bytes: "." + the name + ".XXXXXXXX.tmp"
]
KEPT = [
    "ghi-chu.tmp",
    "backups/.sohoi-snapshot-notes.txt",
    "backups/.sohoi-snapshot-TOOLONG123.tmp",
    "sohoi-tam.tmp",
    ".sohoi.keys.tmp",
]


def plant(data: Path) -> None:
    for name in STALE + KEPT:
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes(os.urandom(64))
    stage = data / ".sohoi-restore-m9n8b7v6"
    (stage / "old").mkdir(parents=True)
    (stage / "sohoi.db").write_bytes(os.urandom(64))
    (stage / "old" / "sohoi.keys").write_bytes(b"{}")
    (data / ".sohoi-restore-notes").mkdir()  # not a name tempfile makes: kept


def test_a_command_removes_stale_temporary_files_first(tmp_path, cli_env):
    created = make_unit(tmp_path / "unit")
    data = created.session.data_dir
    created.session.close()
    plant(data)
    real = files(data)

    with InstanceLock(data):  # another Sổ Hội has the folder: nothing is touched
        code, _ = cli("backup", "create", "--data", str(data))
    assert code == 2 and files(data) == real

    code, _ = cli("backup", "create", "--data", str(data))
    assert code == 0
    for name in STALE:
        assert not (data / name).exists(), name
    assert not (data / ".sohoi-restore-m9n8b7v6").exists()
    for name in KEPT:
        assert (data / name).read_bytes() == real[name], name
    assert (data / ".sohoi-restore-notes").is_dir()
    assert (data / "sohoi.keys").read_bytes() == real["sohoi.keys"]
    login(data, "admin", PASSWORD).close()


def test_the_window_removes_stale_temporary_files_before_it_opens(tmp_path, monkeypatch):
    created = make_unit(tmp_path / "unit")
    data = created.session.data_dir
    created.session.close()
    plant(data)
    seen = {}

    def start(args, folder, start_logging):
        seen["files"] = files(folder)
        return 0

    monkeypatch.setattr(gui, "_start", start)
    assert gui.main(["--data", str(data)]) == 0
    assert not any(name in seen["files"] for name in STALE)
    assert all(name in seen["files"] for name in KEPT)


def test_nothing_is_cleaned_while_a_restore_is_pending_and_unreadable(tmp_path, cli_env, capsys):
    created = make_unit(tmp_path / "unit")
    data = created.session.data_dir
    created.session.close()
    plant(data)
    (data / INTENT_NAME).write_text("{not json", encoding="utf-8")
    real = files(data)
    code, _ = cli("backup", "create", "--data", str(data))
    assert code == 2 and "khôi phục bị ngắt giữa chừng" in capsys.readouterr().err
    assert files(data) == real


def test_a_disk_refusing_a_rename_mid_swap_puts_everything_back(
    crash_source, tmp_path, monkeypatch
):
    source, backup, _, changed = crash_source
    real_replace = os.replace
    for k in range(2, 8):  # each rename after the intent file's
        data = tmp_path / f"k{k}"
        shutil.copytree(source, data)
        before = files(data)
        session = login(data, "admin", PASSWORD)
        count = [0]

        def replace(src, dst, *args, data=data, k=k, count=count, **kwargs):
            if data in (Path(src).parent, Path(dst).parent):
                count[0] += 1
                if count[0] == k:
                    raise OSError(errno.EIO, "Input/output error")
            return real_replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(BackupError, match="Lỗi khi ghi vào"):
            restore_backup(data, backup, session=session)
        monkeypatch.setattr(os, "replace", real_replace)
        # The same files, the key files byte for byte (the database gained the sign-in's and
        # the pre-restore backup's audit entries), no intent file, no staging folder.
        after = {n: b for n, b in files(data).items() if not n.startswith("backups/")}
        assert sorted(after) == sorted(n for n in before if not n.startswith("backups/")), k
        assert after["sohoi.keys"] == before["sohoi.keys"], k
        assert not list(data.glob(".sohoi-restore*")), k
        again = login(data, "admin", PASSWORD)
        assert members(again) == changed
        again.close()
