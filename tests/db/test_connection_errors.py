"""Opening a database names what is wrong: busy, read-only or full is never "wrong key"."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlcipher3

from db import connection
from db.connection import (
    DatabaseBusy,
    DatabaseReadOnly,
    DiskFull,
    WrongKey,
    open_database,
)

KEY = bytes(range(32))


def make_database(path: Path, *, removable: bool = False) -> None:
    db = open_database(path, key=KEY, removable=removable)
    with db.atomic():
        db.execute("INSERT INTO sync_state (key, value) VALUES ('unit_code', 'X1')")
    db.close()


def unit_code(path: Path) -> str:
    db = open_database(path, key=KEY, create=False)
    try:
        return db.execute("SELECT value FROM sync_state WHERE key = 'unit_code'").fetchone()[0]
    finally:
        db.close()


def test_a_database_locked_by_another_process_is_busy_not_a_wrong_key(tmp_path):
    path = tmp_path / "sohoi.db"
    make_database(path)
    before = path.read_bytes()
    other = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        other.execute(f"PRAGMA key = \"x'{KEY.hex()}'\"")
        other.execute("PRAGMA locking_mode = EXCLUSIVE")  # what a database browser may hold
        other.execute("BEGIN EXCLUSIVE")
        other.execute("CREATE TABLE held (a)")
        with pytest.raises(DatabaseBusy, match="đang bị một chương trình khác giữ") as caught:
            open_database(path, key=KEY, create=False)
        assert not isinstance(caught.value, WrongKey)
        assert "khóa không mở được" not in str(caught.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert path.read_bytes() == before
    assert unit_code(path) == "X1"  # free again: it opens, and it was the right key all along


def test_a_wrong_key_is_still_a_wrong_key(tmp_path):
    path = tmp_path / "sohoi.db"
    make_database(path)
    with pytest.raises(WrongKey, match="khóa không mở được"):
        open_database(path, key=bytes(32), create=False)


@contextlib.contextmanager
def read_only(target: Path):
    """`target` made read-only: its permission bits, and for root (whom they do not stop) the
    immutable attribute; skipped where neither holds."""
    mode = target.stat().st_mode & 0o777
    target.chmod(0o555 if target.is_dir() else 0o444)
    immutable = False
    try:
        if os.access(target, os.W_OK):
            if not shutil.which("chattr"):
                pytest.skip("running as root without chattr: cannot make a file read-only")
            done = subprocess.run(["chattr", "+i", str(target)], capture_output=True)
            if done.returncode != 0 or os.access(target, os.W_OK):
                pytest.skip("this file system cannot make a file read-only for root")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(target)], check=True)
        target.chmod(mode)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
@pytest.mark.parametrize("what", ["file", "folder"])
@pytest.mark.parametrize("removable", [False, True], ids=["wal", "removable"])
def test_a_read_only_file_or_folder_is_named_so(tmp_path, what, removable):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "sohoi.db"
    make_database(path, removable=removable)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with read_only(path if what == "file" else folder):
        with pytest.raises(DatabaseReadOnly, match="chỉ cho phép đọc") as caught:
            open_database(path, key=KEY, create=False, removable=removable)
        assert not isinstance(caught.value, WrongKey)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_full_disk_is_named_so(tmp_path, monkeypatch):
    """No room for the writes opening needs (the schema of a new file): SQLite's own "database
    or disk is full", made real by a page limit of one page."""
    configure = connection._configure

    def tiny(conn, *, removable):
        configure(conn, removable=removable)
        conn.execute("PRAGMA max_page_count = 1")

    monkeypatch.setattr(connection, "_configure", tiny)
    with pytest.raises(DiskFull, match="Ổ đĩa đã đầy") as caught:
        open_database(tmp_path / "sohoi.db", key=KEY)
    assert not isinstance(caught.value, WrongKey)
