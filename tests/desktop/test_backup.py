"""Backups: automatic and portable files, rotation, restore, refusals and bad disks."""

from __future__ import annotations

import errno
import io
import os
import struct
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop.backup import format as backup_format
from desktop.backup import stream as backup_stream
from desktop.backup.format import MAGIC, BackupError
from desktop.backup.make import (
    create_auto_backup,
    export_backup,
    list_backups,
    maybe_daily_backup,
    read_info,
)
from desktop.backup.restore import key_from_backup, restore_backup
from desktop.cli.main import main
from desktop.demo.unit import create_demo
from desktop.installation import settings
from desktop.installation.setup import CreatedUnit, NewUnit, create_unit, login
from desktop.security import audit, users
from desktop.security.accounts import PermissionDenied

PASSWORD = "mat-khau-thu"
PASSPHRASE = "cụm mật khẩu chuyển máy"
ICT = timezone(timedelta(hours=7))
BRANCH = "3f1b6b9e-8a55-4c39-9a53-2a1d8b1c0e01"
MEMBER = "9c2f3d44-1b7e-4f0a-8e55-7d6a2b9c1e02"
MEMBER_2 = "5b0e7a21-6c3d-4e8f-9a1b-2c3d4e5f6a03"


def make_unit(data: Path, code: str = "X1") -> CreatedUnit:
    created = create_unit(
        data,
        NewUnit(code=code, name=f"Hội LHPN xã {code}", level="commune", parent_code="P1"),
        admin_password=PASSWORD,
    )
    store = created.session.store
    store.save("branches", {"name": "Chi hội Thôn Đông", "area_name": "Thôn Đông"}, id=BRANCH)
    store.save(
        "members",
        {
            "branch_id": BRANCH,
            "full_name": "Nguyễn Thị Ánh",
            "birth_date": "1985-03-02",
            "citizen_id": "001185000123",
            "status": "active",
        },
        id=MEMBER,
    )
    return created


@pytest.fixture
def unit(tmp_path):
    created = make_unit(tmp_path / "unit")
    yield created
    created.session.close()


def members(session) -> list[tuple]:
    sql = "SELECT id, full_name, citizen_id FROM members WHERE is_deleted = 0 ORDER BY id"
    return session.store.db.execute(sql).fetchall()


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: what 'unchanged' means."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def change_data(session) -> None:
    session.store.save("members", {"full_name": "Trần Thị Bình"}, id=MEMBER)
    session.store.save(
        "members",
        {"branch_id": BRANCH, "full_name": "Lê Thị Cúc", "birth_date": "1990-01-01"},
        id=MEMBER_2,
    )


# -- round trips -----------------------------------------------------------------------------


def test_restore_brings_back_the_records_and_keeps_the_replaced_data(unit, tmp_path):
    session, data = unit.session, unit.session.data_dir
    path = create_auto_backup(session)
    at_backup = members(session)
    change_data(session)
    changed = members(session)
    assert changed != at_backup

    result = restore_backup(data, path, session=session)
    assert session.locked  # closed by the restore: sign in again
    again = login(data, "admin", PASSWORD)
    assert members(again) == at_backup
    assert audit.verify(again.store.db).ok
    assert [e.action for e in audit.entries(again.store.db, limit=2)] == ["login", "restore"]
    again.close()

    # The replaced data is a backup in its own right: it restores, on another PC, to `changed`.
    assert result.pre_restore is not None and read_info(result.pre_restore).kind == "pre-restore"
    other = tmp_path / "other-pc"
    key = key_from_backup(result.pre_restore, "admin", PASSWORD)
    restore_backup(other, result.pre_restore, key=key)
    moved = login(other, "admin", PASSWORD)
    assert members(moved) == changed
    moved.close()


def test_portable_backup_moves_the_unit_to_another_pc(unit, tmp_path):
    out = tmp_path / "usb" / "chuyen-may.sohoi-backup"
    export_backup(unit.session, out, PASSPHRASE)
    assert read_info(out).kind == "portable" and read_info(out).unit_code == "X1"
    new_pc = tmp_path / "new-pc" / "data"
    result = restore_backup(new_pc, out, passphrase=PASSPHRASE)
    assert result.pre_restore is None
    session = login(new_pc, "admin", PASSWORD)  # the same account and password as before
    assert members(session) == members(unit.session)
    session.close()
    assert sorted(p.name for p in new_pc.iterdir()) == ["sohoi.db", "sohoi.keys", "sohoi.keys.bak"]


def test_an_automatic_backup_opens_with_the_recovery_code_on_a_new_pc(unit, tmp_path):
    path = create_auto_backup(unit.session)
    key = key_from_backup(path, "", unit.recovery_code.lower())
    restore_backup(tmp_path / "new", path, key=key)
    session = login(tmp_path / "new", "admin", PASSWORD)
    assert members(session) == members(unit.session)
    session.close()
    with pytest.raises(BackupError, match="không mở được"):
        key_from_backup(path, "admin", "sai-mat-khau")


# -- refusals: nothing changes ---------------------------------------------------------------


def flip(offset_from_header_end: int):
    def damage(raw: bytes) -> bytes:
        header_end = len(MAGIC) + 4 + struct.unpack(">I", raw[8:12])[0]
        i = header_end + offset_from_header_end
        return raw[:i] + bytes([raw[i] ^ 0x01]) + raw[i + 1 :]

    return damage


def flip_in_header(raw: bytes) -> bytes:
    i = raw.index(b'"unit_code":"X1"') + len('"unit_code":"X')  # "X1" → "X0"
    return raw[:i] + b"0" + raw[i + 1 :]


def flip_nonce(raw: bytes) -> bytes:
    i = raw.index(b'"nonce_prefix":"') + len('"nonce_prefix":"')
    return raw[:i] + (b"B" if raw[i : i + 1] != b"B" else b"C") + raw[i + 1 :]


DAMAGES = {
    "header unit code": (flip_in_header, "hỏng"),
    "header nonce": (flip_nonce, "hỏng"),
    "header length": (lambda raw: raw[:11] + bytes([raw[11] ^ 4]) + raw[12:], "hỏng"),
    "first chunk": (flip(100), "hỏng"),
    "last byte": (lambda raw: raw[:-1] + bytes([raw[-1] ^ 0x80]), "hỏng"),
    "truncated": (lambda raw: raw[:-1000], "hỏng"),
    "header only": (lambda raw: raw[: len(MAGIC) + 4 + struct.unpack(">I", raw[8:12])[0]], "hỏng"),
    "appended": (lambda raw: raw + b"\x00" * 7, "hỏng"),
    "random": (lambda raw: os.urandom(len(raw)), "không phải là bản sao lưu"),
    "empty": (lambda raw: b"", "không phải là bản sao lưu"),
    "sqlite file": (lambda raw: b"SQLite format 3\x00" + raw[16:], "không phải là bản sao lưu"),
}


@pytest.fixture(scope="module")
def good_backups(tmp_path_factory):
    """One unit with an automatic and a portable backup, shared by the damage cases (a refused
    restore changes nothing, which each case checks)."""
    created = make_unit(tmp_path_factory.mktemp("shared") / "unit")
    folder = tmp_path_factory.mktemp("good")
    good = {
        "auto": create_auto_backup(created.session, backup_dir=folder),
        "portable": export_backup(created.session, folder / "p.sohoi-backup", PASSPHRASE),
    }
    yield created.session, good
    created.session.close()


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
@pytest.mark.parametrize("kind", ["auto", "portable"])
def test_a_damaged_file_is_refused_and_changes_nothing(good_backups, tmp_path, kind, damage):
    session, good = good_backups
    data = session.data_dir
    change, message = DAMAGES[damage]
    bad = tmp_path / "bad.sohoi-backup"
    bad.write_bytes(change(good[kind].read_bytes()))
    options = {"passphrase": PASSPHRASE} if kind == "portable" else {}

    before = files(data)
    with pytest.raises(BackupError, match=message):
        restore_backup(data, bad, session=session, **options)
    assert files(data) == before
    assert not session.locked

    with pytest.raises(BackupError, match=message):  # and into an empty folder, none is made
        restore_backup(tmp_path / "empty", bad, key=session.key_copy(), **options)
    assert not (tmp_path / "empty").exists()


def test_a_wrong_passphrase_is_named_and_changes_nothing(unit, tmp_path):
    out = export_backup(unit.session, tmp_path / "p.sohoi-backup", PASSPHRASE)
    before = files(unit.session.data_dir)
    with pytest.raises(BackupError, match="Mật khẩu của tệp sao lưu không đúng"):
        restore_backup(
            unit.session.data_dir, out, passphrase="cụm mật khẩu khác", session=unit.session
        )
    with pytest.raises(BackupError, match="bảo vệ bằng mật khẩu"):
        restore_backup(unit.session.data_dir, out, session=unit.session)
    assert files(unit.session.data_dir) == before


def test_a_backup_of_another_unit_is_refused_unless_allowed(unit, tmp_path):
    other = make_unit(tmp_path / "other", code="X2")
    foreign = export_backup(other.session, tmp_path / "x2.sohoi-backup", PASSPHRASE)
    other.session.close()
    session, data = unit.session, unit.session.data_dir
    before = files(data)
    with pytest.raises(BackupError, match=r"của đơn vị X2.*đơn vị X1"):
        restore_backup(data, foreign, passphrase=PASSPHRASE, session=session)
    assert files(data) == before

    restore_backup(data, foreign, passphrase=PASSPHRASE, session=session, allow_other_unit=True)
    replaced = login(data, "admin", PASSWORD)
    assert replaced.store.unit_code == "X2"
    replaced.close()


def test_chunks_cut_reordered_or_repeated_are_refused(unit, tmp_path, monkeypatch):
    small = 4096  # several chunks out of a small database
    monkeypatch.setattr(backup_format, "CHUNK_SIZE", small)
    monkeypatch.setattr(backup_stream, "CHUNK_SIZE", small)
    path = create_auto_backup(unit.session, backup_dir=tmp_path / "bk")
    raw = path.read_bytes()
    start = len(MAGIC) + 4 + struct.unpack(">I", raw[8:12])[0]
    size = small + backup_format.TAG_BYTES
    chunks = [raw[i : i + size] for i in range(start, len(raw), size)]
    assert len(chunks) > 4
    head = raw[:start]
    variants = {
        "last chunk dropped": head + b"".join(chunks[:-1]),
        "two swapped": head + b"".join([chunks[1], chunks[0], *chunks[2:]]),
        "one repeated": head + b"".join([chunks[0], *chunks]),
        "one dropped": head + b"".join([chunks[0], *chunks[2:]]),
    }
    other = create_auto_backup(unit.session, backup_dir=tmp_path / "bk2").read_bytes()
    variants["chunk of another backup"] = head + other[start : start + size] + b"".join(chunks[1:])
    for name, content in variants.items():
        bad = tmp_path / f"{name}.sohoi-backup"
        bad.write_bytes(content)
        with pytest.raises(BackupError, match="hỏng"):
            restore_backup(tmp_path / "empty", bad, key=unit.session.key_copy())
        assert not (tmp_path / "empty").exists(), name
    restore_backup(tmp_path / "good", path, key=unit.session.key_copy())  # the original is fine


def test_restore_permissions(unit, tmp_path):
    session, data = unit.session, unit.session.data_dir
    path = create_auto_backup(session)
    users.add_user(session, "nhaplieu", PASSWORD, "entry")
    users.add_user(session, "xem", PASSWORD, "viewer")
    entry = login(data, "nhaplieu", PASSWORD)
    with pytest.raises(PermissionDenied):
        restore_backup(data, path, session=entry)
    entry.close()
    with pytest.raises(BackupError, match="đăng nhập bằng tài khoản quản trị"):
        restore_backup(data, path, key=session.key_copy())
    viewer = login(data, "xem", PASSWORD)
    assert maybe_daily_backup(viewer) is None
    with pytest.raises(PermissionDenied):
        create_auto_backup(viewer)
    viewer.close()


def test_the_backup_dir_setting_chooses_the_folder(unit, tmp_path):
    session = unit.session
    settings.put(session.store.db, "backup_dir", str(tmp_path / "usb" / "sao-luu"))
    session.store.db.conn.commit()
    path = maybe_daily_backup(session)
    assert path is not None and path.parent == tmp_path / "usb" / "sao-luu"
    assert maybe_daily_backup(session) is None  # today's is there already
    assert not (session.data_dir / "backups").exists()


# -- rotation --------------------------------------------------------------------------------


def test_rotation_keeps_7_days_and_4_weeks_over_40_days(unit, tmp_path):
    session, folder = unit.session, tmp_path / "bk"
    start = datetime(2025, 1, 6, tzinfo=ICT)  # a Monday
    foreign = make_unit(tmp_path / "x2", code="X2")
    kept_anyway = {
        create_auto_backup(foreign.session, now=start - timedelta(days=90), backup_dir=folder).name,
        "ghi-chu.sohoi-backup",
    }
    foreign.session.close()
    (folder / "ghi-chu.sohoi-backup").write_bytes(b"not ours")
    for day in range(40):
        morning = start + timedelta(days=day, hours=8)
        assert maybe_daily_backup(session, morning, backup_dir=folder) is not None
        assert maybe_daily_backup(session, morning + timedelta(hours=4), backup_dir=folder) is None
        create_auto_backup(session, now=morning + timedelta(hours=9), backup_dir=folder)

    days = [f"202502{d:02d}" for d in range(8, 15)] + ["20250202", "20250126"]
    expected = {f"sohoi-X1-{d}-170000-close.sohoi-backup" for d in days}
    # The newest three are always kept: the morning backup of the last day is one of them.
    expected.add("sohoi-X1-20250214-080000-daily.sohoi-backup")
    assert {p.name for p in folder.iterdir()} == expected | kept_anyway
    kinds = [i.kind for i in list_backups(folder) if i.unit_code == "X1"]
    assert sorted(kinds) == ["close"] * 9 + ["daily"]


def test_a_month_without_use_keeps_the_newest_backups(unit, tmp_path):
    session, folder = unit.session, tmp_path / "bk"
    start = datetime(2025, 1, 6, 9, tzinfo=ICT)
    for day in range(3):
        create_auto_backup(session, now=start + timedelta(days=day), backup_dir=folder)
    create_auto_backup(session, now=start + timedelta(days=60), backup_dir=folder)
    assert len([i for i in list_backups(folder) if i.unit_code == "X1"]) == 3


# -- bad disks -------------------------------------------------------------------------------


def _fd_path(fd: int) -> Path | None:
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return None


@pytest.fixture
def bad_disk(monkeypatch):
    """Make a folder refuse writes: read-only (EACCES on create) or full (ENOSPC mid-write)."""

    made: list[Path] = []

    def apply(folder: Path, failure: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        made.append(folder)
        if failure == "read-only":
            folder.chmod(0o555)
            if not os.access(folder, os.W_OK):
                return  # not root: the permission bits are enough
            real_open = os.open

            def refusing_open(path, flags, *args, **kwargs):
                if flags & os.O_CREAT and Path(path).parent == folder:
                    raise PermissionError(errno.EACCES, "Permission denied", str(path))
                return real_open(path, flags, *args, **kwargs)

            monkeypatch.setattr(os, "open", refusing_open)
        else:
            if not Path("/proc/self/fd").is_dir():
                pytest.skip("needs /proc to tell which folder a write goes to")
            real_write = os.write

            def full_write(fd, data):
                where = _fd_path(fd)
                if where is not None and where.parent == folder:
                    real_write(fd, bytes(data)[: len(data) // 2])  # some bytes land, then no room
                    raise OSError(errno.ENOSPC, "No space left on device")
                return real_write(fd, data)

            monkeypatch.setattr(os, "write", full_write)

    yield apply
    for folder in made:
        folder.chmod(0o755)


@pytest.mark.parametrize(
    ("failure", "message"),
    [("read-only", "Không ghi được vào thư mục"), ("full", "Ổ đĩa đã đầy")],
    ids=["read-only", "full"],
)
def test_a_refusing_disk_leaves_no_partial_file_and_the_database_unchanged(
    unit, tmp_path, bad_disk, failure, message
):
    session, data, folder = unit.session, unit.session.data_dir, tmp_path / "bk"
    bad_disk(folder, failure)
    before = files(data)
    entries = len(audit.entries(session.store.db))
    for attempt in (
        lambda: create_auto_backup(session, backup_dir=folder),
        lambda: export_backup(session, folder / "p.sohoi-backup", PASSPHRASE),
    ):
        with pytest.raises(BackupError, match=message):
            attempt()
        assert list(folder.iterdir()) == []
    assert {k: v for k, v in files(data).items() if not k.endswith("-shm")} == {
        k: v for k, v in before.items() if not k.endswith("-shm")
    }
    assert len(audit.entries(session.store.db)) == entries


# -- no personal data in clear ---------------------------------------------------------------


def test_backups_hold_no_citizen_id_or_name_in_clear(tmp_path):
    session = create_demo(tmp_path / "demo", members=200)
    try:
        people = session.store.db.execute(
            "SELECT citizen_id, full_name FROM members WHERE citizen_id IS NOT NULL LIMIT 20"
        ).fetchall()
        auto = create_auto_backup(session)
        portable = export_backup(session, tmp_path / "p.sohoi-backup", PASSPHRASE)
    finally:
        session.close()
    assert len(people) == 20
    for path in (auto, portable):
        raw = path.read_bytes()
        for cid, name in people:
            assert cid.encode() not in raw
            assert name.encode("utf-8") not in raw
        assert not any(name in path.name for _, name in people)
    assert [p.name for p in auto.parent.iterdir()] == [auto.name]  # no snapshot left behind


# -- the command line ------------------------------------------------------------------------


def cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_cli_create_list_restore(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    monkeypatch.setenv("SOHOI_BACKUP_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("SOHOI_USER", raising=False)
    created = make_unit(tmp_path / "unit")
    data = created.session.data_dir
    at_backup = members(created.session)
    created.session.close()

    code, out = cli("backup", "create", "--data", str(data))
    assert code == 0 and "Đã sao lưu" in out
    code, out = cli("backup", "list", "--data", str(data))
    assert code == 0 and "X1\ttự tạo" in out
    (auto,) = (data / "backups").iterdir()
    code, _ = cli(
        "backup", "create", "--data", str(data), "--out", str(tmp_path / "p.sohoi-backup")
    )
    assert code == 0

    session = login(data, "admin", PASSWORD)
    change_data(session)
    session.close()
    code, out = cli("backup", "restore", "--data", str(data), str(auto))
    assert code == 0 and "Đã khôi phục đơn vị X1" in out and "pre-restore" in out
    session = login(data, "admin", PASSWORD)
    assert members(session) == at_backup
    session.close()

    # Another PC: the portable file with its passphrase, the automatic one with a password.
    for name, source in (("pc2", tmp_path / "p.sohoi-backup"), ("pc3", auto)):
        code, _ = cli("backup", "restore", "--data", str(tmp_path / name), str(source))
        assert code == 0
        session = login(tmp_path / name, "admin", PASSWORD)
        assert members(session) == at_backup
        session.close()

    monkeypatch.setenv("SOHOI_BACKUP_PASSPHRASE", "không phải cụm này")
    before = files(data)
    code, _ = cli("backup", "restore", "--data", str(data), str(tmp_path / "p.sohoi-backup"))
    assert code == 2 and "không đúng" in capsys.readouterr().err
    assert files(data) == before


def test_cli_restores_over_a_damaged_installation(tmp_path, monkeypatch):
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    created = make_unit(tmp_path / "unit")
    data = created.session.data_dir
    path = create_auto_backup(created.session)
    created.session.close()
    damaged_db = (data / "sohoi.db").read_bytes()
    for name in ("sohoi.keys", "sohoi.keys.bak"):
        (data / name).write_bytes(b"{broken")

    code, out = cli("backup", "restore", "--data", str(data), str(path))
    assert code == 0 and "pre-restore-" in out
    (kept,) = (data / "backups").glob("pre-restore-*")
    assert (kept / "sohoi.db").read_bytes() == damaged_db
    assert (kept / "sohoi.keys").read_bytes() == b"{broken"
    login(data, "admin", PASSWORD).close()
