"""The `sqlite-utils` command writes into a database with Sổ Hội's schema (its indexes need the
schema's SQL functions: db/sqlite_utils_plugin.py), while the program's own connections run no
sqlite-utils plugin."""

import json
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from db.connection import open_database
from db.sqlite_utils_plugin import prepare_connection


def test_the_sqlite_utils_command_inserts_people_into_our_schema(tmp_path):
    path = tmp_path / "unit.db"
    open_database(path).close()
    row = {"id": "m1", "unit_code": "06001", "full_name": "Nguyễn Thị Ánh", "db_version": 1}
    row["clocks"] = "{}"
    rows = tmp_path / "rows.ndjson"
    rows.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    command = Path(sys.executable).parent / "sqlite-utils"

    subprocess.run([command, "insert", path, "members", rows, "--nl"], check=True)

    db = open_database(path)
    try:
        found = db.execute(
            "SELECT id FROM members WHERE given_first(full_name) = given_first('nguyen thi anh')"
        ).fetchall()
    finally:
        db.close()
    assert found == [("m1",)]


def test_our_connections_run_no_plugin(tmp_path, monkeypatch):
    called = []
    monkeypatch.setattr(
        sqlite_utils.db.pm.hook, "prepare_connection", lambda **kw: called.append(kw)
    )
    open_database(tmp_path / "unit.db").close()
    assert called == []


def test_the_plugin_gives_the_functions_to_a_bare_connection():
    conn = sqlite_utils.Database(memory=True, execute_plugins=False).conn
    prepare_connection(conn)
    assert conn.execute("SELECT given_first('Nguyễn Thị Ánh')").fetchone()[0]
