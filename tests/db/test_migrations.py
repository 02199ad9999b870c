import sqlite3

import pytest

from db.connection import DatabaseUnavailable, open_database, open_memory
from db.migrations import LATEST, MIGRATIONS, SchemaTooNew, applied_versions, migrate
from db.schema import KEY_COLUMNS, SYNC_COLUMNS, TABLES


def test_tables_match_the_declarations():
    db = open_memory()
    for name, spec in TABLES.items():
        columns = [c.name for c in db[name].columns]
        assert columns == [*KEY_COLUMNS, *spec.field_names, *SYNC_COLUMNS], name


def test_migrations_are_recorded_and_not_reapplied(tmp_path):
    path = tmp_path / "u.db"
    db = open_database(path)
    assert applied_versions(db) == {v for v, _, _ in MIGRATIONS}
    assert migrate(db) == []
    db.close()
    assert migrate(open_database(path)) == []


def test_a_newer_database_is_refused(tmp_path):
    path = tmp_path / "u.db"
    db = open_database(path)
    db.execute("INSERT INTO schema_migrations VALUES (?, 'future', 'x')", [LATEST + 1])
    db.conn.commit()
    db.close()
    with pytest.raises(SchemaTooNew):
        open_database(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "sohoi.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseUnavailable):
        open_database(path)
    assert path.read_bytes() == b"this is not a database" * 100


def test_failed_migration_leaves_the_old_schema(tmp_path, monkeypatch):
    import db.migrations as m

    broken = [*MIGRATIONS, (LATEST + 1, "broken", "CREATE TABLE extra (x);\nNOT SQL;")]
    monkeypatch.setattr(m, "MIGRATIONS", broken)
    monkeypatch.setattr(m, "LATEST", LATEST + 1)
    path = tmp_path / "u.db"
    with pytest.raises(DatabaseUnavailable):
        open_database(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "members" not in tables and "extra" not in tables


def test_rows_quarantined_before_reasons_keep_their_unit(tmp_path, monkeypatch):
    import db.migrations as m

    monkeypatch.setattr(m, "MIGRATIONS", [x for x in MIGRATIONS if x[0] < 6])
    path = tmp_path / "u.db"
    db = open_database(path)
    db.execute(
        "INSERT INTO quarantine (at, package_id, tbl, row_id, content) VALUES (?, ?, ?, ?, ?)",
        ["2026-11-26T08:00:00+00:00", "p", "members", "r", '{"unit_code": "06001"}'],
    )
    db.conn.commit()
    db.close()
    monkeypatch.undo()
    db = open_database(path)
    assert db.execute("SELECT unit_code, reason FROM quarantine").fetchall() == [("06001", None)]
