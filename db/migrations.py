"""Numbered schema migrations, applied at start-up inside one transaction.

Each migration is frozen once released: a change to the schema is a new migration, never an
edit of an old one. The applied versions are recorded in `schema_migrations` in the same
transaction that applies them (as sqlite-utils' own migrations do).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from sqlite_utils import Database

_BOOKKEEPING = """
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
"""

_TABLES = """
CREATE TABLE units (
    id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    code TEXT,
    name TEXT,
    level TEXT,
    parent_code TEXT,
    admin_area_code TEXT,
    address TEXT,
    phone TEXT,
    email TEXT,
    has_dedicated_computer INTEGER,
    has_internet INTEGER,
    uses_union_software INTEGER,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    db_version INTEGER NOT NULL,
    clocks TEXT NOT NULL
);
CREATE INDEX units_version ON units(db_version);
CREATE INDEX units_code ON units(code);
CREATE INDEX units_parent ON units(parent_code);
CREATE TABLE cadres (
    id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    full_name TEXT,
    birth_date TEXT,
    citizen_id TEXT,
    phone TEXT,
    ethnicity TEXT,
    position TEXT,
    union_work_since INTEGER,
    education TEXT,
    political_theory TEXT,
    is_party_member INTEGER,
    software_proficient INTEGER,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    db_version INTEGER NOT NULL,
    clocks TEXT NOT NULL
);
CREATE INDEX cadres_version ON cadres(db_version);
CREATE INDEX cadres_unit_citizen ON cadres(unit_code, citizen_id);
CREATE TABLE branches (
    id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    name TEXT,
    area_name TEXT,
    established_on TEXT,
    uses_social_media INTEGER,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    db_version INTEGER NOT NULL,
    clocks TEXT NOT NULL
);
CREATE INDEX branches_version ON branches(db_version);
CREATE INDEX branches_unit ON branches(unit_code);
CREATE TABLE branch_heads (
    id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    branch_id TEXT,
    full_name TEXT,
    birth_date TEXT,
    citizen_id TEXT,
    phone TEXT,
    is_party_member INTEGER,
    party_development TEXT,
    monthly_allowance INTEGER,
    allowance_source TEXT,
    concurrent_roles TEXT,
    allowance_amount_vnd INTEGER,
    started_on TEXT,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    db_version INTEGER NOT NULL,
    clocks TEXT NOT NULL
);
CREATE INDEX branch_heads_version ON branch_heads(db_version);
CREATE INDEX branch_heads_unit_citizen ON branch_heads(unit_code, citizen_id);
CREATE INDEX branch_heads_branch ON branch_heads(branch_id);
CREATE TABLE members (
    id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    branch_id TEXT,
    full_name TEXT,
    birth_date TEXT,
    citizen_id TEXT,
    phone TEXT,
    ethnicity TEXT,
    religion TEXT,
    address TEXT,
    joined_on TEXT,
    card_number TEXT,
    status TEXT,
    special_groups TEXT,
    note TEXT,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    db_version INTEGER NOT NULL,
    clocks TEXT NOT NULL
);
CREATE INDEX members_version ON members(db_version);
CREATE INDEX members_unit_citizen ON members(unit_code, citizen_id);
CREATE INDEX members_branch ON members(branch_id);
CREATE TABLE models (
    id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    kind TEXT,
    name TEXT,
    branch_id TEXT,
    started_on TEXT,
    participants INTEGER,
    status TEXT,
    target_groups TEXT,
    description TEXT,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    db_version INTEGER NOT NULL,
    clocks TEXT NOT NULL
);
CREATE INDEX models_version ON models(db_version);
CREATE INDEX models_unit ON models(unit_code);
CREATE INDEX models_branch ON models(branch_id);
CREATE TABLE online_channels (
    id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    kind TEXT,
    name TEXT,
    url TEXT,
    branch_id TEXT,
    members_count INTEGER,
    started_on TEXT,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    db_version INTEGER NOT NULL,
    clocks TEXT NOT NULL
);
CREATE INDEX online_channels_version ON online_channels(db_version);
CREATE INDEX online_channels_unit ON online_channels(unit_code);
CREATE INDEX online_channels_branch ON online_channels(branch_id);
CREATE TABLE activities (
    id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    branch_id TEXT,
    held_on TEXT,
    topic TEXT,
    format TEXT,
    attendees INTEGER,
    uses_it INTEGER,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    db_version INTEGER NOT NULL,
    clocks TEXT NOT NULL
);
CREATE INDEX activities_version ON activities(db_version);
CREATE INDEX activities_unit ON activities(unit_code);
CREATE INDEX activities_branch ON activities(branch_id);
CREATE TABLE targets (
    id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    indicator_id TEXT,
    target REAL,
    term TEXT,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    db_version INTEGER NOT NULL,
    clocks TEXT NOT NULL
);
CREATE INDEX targets_version ON targets(db_version);
CREATE INDEX targets_unit ON targets(unit_code);
"""

# Local to one installation, never synced: who may open it, its settings, what was done.
_LOCAL = """
CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    display_name TEXT,
    role TEXT NOT NULL CHECK (role IN ('admin', 'entry', 'viewer')),
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    tbl TEXT,
    row_ids TEXT,
    fields TEXT,
    detail TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
"""

# Sync: this device's keys, the certificates it trusts, what it sent and what it received.
_SYNC = """
CREATE TABLE device_keys (
    device_id TEXT PRIMARY KEY NOT NULL,
    sign_private BLOB NOT NULL,
    enc_private BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE certificates (
    device_id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT,
    sign_public TEXT NOT NULL,
    enc_public TEXT NOT NULL,
    issuer_device TEXT NOT NULL,
    document TEXT NOT NULL,
    role TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE revocations (
    issuer_device TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (issuer_device, version)
);
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    package_id TEXT NOT NULL,
    manifest_hash TEXT NOT NULL,
    db_version_to INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    acked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ledger (
    unit_code TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    manifest_hash TEXT NOT NULL,
    package_id TEXT NOT NULL,
    prev TEXT,
    kind TEXT NOT NULL,
    rows INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (unit_code, device_id, seq)
);
CREATE TABLE relay (
    package_id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    content BLOB NOT NULL,
    received_at TEXT NOT NULL,
    acked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE alarms (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq INTEGER,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TABLE quarantine (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    package_id TEXT NOT NULL,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE TABLE receipts (
    device_id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    content BLOB NOT NULL,
    issued_at TEXT NOT NULL
);
"""

# A package carries everything since the sender's last acknowledged seq (`base_seq`): with it the
# receiver knows a lost package is covered by a later one (desktop/sync/receipts.py).
_LEDGER_BASE = """
ALTER TABLE ledger ADD COLUMN base_seq INTEGER;
"""

_DRAFTS = """
CREATE TABLE drafts (
    account TEXT NOT NULL,
    key TEXT NOT NULL,
    content TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (account, key)
);
"""

# A row set aside by the merge says why (Vietnamese, never the value) and whose it is, for the
# reporting status; rows set aside before (a clock too far ahead) take their unit from the row.
_QUARANTINE_REASON = """
ALTER TABLE quarantine ADD COLUMN unit_code TEXT;
ALTER TABLE quarantine ADD COLUMN reason TEXT;
UPDATE quarantine SET unit_code = json_extract(content, '$.unit_code');
"""

# The person search of the upper levels (db/people_search.py): by name without tones from the
# start of the given name, and by citizen ID or phone, each an index range scan whatever the
# number of people (19 million at the centre). `given_first` is a deterministic SQL function
# every connection registers (db/connection.py). Each index costs every insert (a province
# imports ~560,000 members at a sitting), so there are only these three.
_PEOPLE_SEARCH = "".join(
    f"""
CREATE INDEX {t}_given_key ON {t}(given_first(full_name));
CREATE INDEX {t}_citizen ON {t}(citizen_id);
CREATE INDEX {t}_phone ON {t}(phone);
"""
    for t in ("members", "branch_heads", "cadres")
)

# The checks across units (db/upper_checks.py) that walk a whole index — a citizen ID live in
# two units reads every member's entry: seconds at the centre's 19 million — keep their last
# answer with the `db_version` it was computed at; the overview shows it at once while no
# record changed since (the centre's records change only when packages arrive). Local, never
# synced.
_CHECK_RESULTS = """
CREATE TABLE check_results (
    name TEXT PRIMARY KEY,
    db_version INTEGER NOT NULL,
    body TEXT NOT NULL
);
"""

# The recycle bin (db/recycle_bin.py): the fields of a record deleted here, kept for the
# `recycle_days` setting so it can be restored; local, never synced (the tombstone is what goes).
_RECYCLE_BIN = """
CREATE TABLE recycle_bin (
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    content TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    deleted_by TEXT,
    PRIMARY KEY (tbl, row_id)
);
CREATE INDEX recycle_bin_deleted_at ON recycle_bin(deleted_at);
"""

# Reporting periods (db/periods.py): the periods declared by the centre (none yet: the default
# calendar applies until some are stored here) and each unit's closed snapshots, every version
# kept. Local for now: the sync of periods down and snapshots up is a later migration.
_PERIODS = """
CREATE TABLE periods (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    cut_off TEXT NOT NULL,
    due TEXT NOT NULL,
    declared_at TEXT NOT NULL
);
CREATE TABLE period_snapshots (
    period_id TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    version INTEGER NOT NULL,
    period_name TEXT NOT NULL,
    cut_off TEXT NOT NULL,
    due TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    closed_on TEXT NOT NULL,
    closed_by TEXT NOT NULL,
    reason TEXT,
    figures TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    reopened_at TEXT,
    reopened_by TEXT,
    reopen_reason TEXT,
    superseded_by INTEGER,
    PRIMARY KEY (unit_code, period_id, version)
);
"""

# Periods travel (db/period_sync.py, desktop/sync/calendar.py): the centre's signed calendar as
# received (one document, the newest version) and, per snapshot, when it came from below (NULL:
# closed here) and which device closed it. The upper level's sums read the standing snapshots
# of one period.
_PERIOD_SYNC = """
CREATE TABLE period_calendar (
    version INTEGER PRIMARY KEY NOT NULL,
    document TEXT NOT NULL
);
ALTER TABLE period_snapshots ADD COLUMN received_at TEXT;
ALTER TABLE period_snapshots ADD COLUMN closed_site TEXT;
CREATE INDEX period_snapshots_period ON period_snapshots(period_id, unit_code, version);
"""

# A password an admin reset (a one-time password handed over) is the person's to replace at the
# next sign-in in the window (desktop/security/users.py).
_MUST_CHANGE = """
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
"""

MIGRATIONS: list[tuple[int, str, str | Callable[[Database], None]]] = [
    (1, "domain tables and sync bookkeeping", _BOOKKEEPING + _TABLES),
    (2, "accounts, settings and the audit log", _LOCAL),
    (3, "sync: device keys, certificates, outbox, ledger, relay, receipts", _SYNC),
    (4, "sync: what each received package covers", _LEDGER_BASE),
    (5, "drafts: half-filled forms, per account, never synced", _DRAFTS),
    (6, "sync: why each quarantined row was set aside, and whose it is", _QUARANTINE_REASON),
    (7, "person search: name keys, citizen ID and phone indexes", _PEOPLE_SEARCH),
    (8, "checks across units: the last answer of the costly ones, by db_version", _CHECK_RESULTS),
    (9, "recycle bin: deleted records restorable for a while, never synced", _RECYCLE_BIN),
    (10, "reporting periods and closed snapshots, local for now", _PERIODS),
    (11, "reporting periods: the centre's signed calendar, snapshots from below", _PERIOD_SYNC),
    (12, "accounts: a password an admin reset is changed at the next sign-in", _MUST_CHANGE),
]

LATEST = MIGRATIONS[-1][0]


class SchemaTooNew(Exception):
    """The database was written by a newer Sổ Hội than this one."""


def applied_versions(db: Database) -> set[int]:
    if "schema_migrations" not in db.table_names():
        return set()
    return {row[0] for row in db.execute("SELECT version FROM schema_migrations")}


def migrate(db: Database) -> list[int]:
    """Bring the schema up to date; return the versions applied now (in order).

    All pending migrations run in one transaction: after a crash the database is either at the
    old version or at the new one, never in between.
    """
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = applied_versions(db)
        if done and max(done) > LATEST:
            raise SchemaTooNew(max(done))
        applied = []
        for version, name, step in MIGRATIONS:
            if version in done:
                continue
            if callable(step):
                step(db)
            else:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            applied.append(version)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return applied


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit our transaction)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer[:60]!r}")
    return statements
