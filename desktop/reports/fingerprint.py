"""A short fingerprint of a database's data state, printed on every page of a report.

Definition (version 1): SHA-256 over the UTF-8 text

    sohoi-data-v1
    unit=<the installation's unit code>
    <table>\t<count of rows>\t<max(db_version)>      (one line per domain table, in TABLE_ORDER)

where the count includes tombstones (deleted rows) and an empty table has version 0; the
fingerprint is the first 12 hexadecimal digits. Every write, import or delete bumps the
`db_version` of the rows it touches to a new, higher local version (db/store.py), so any change
to the data changes some table's maximum, while reading, printing, signing in or changing a
setting changes nothing. The same database therefore prints the same fingerprint until its data
changes, and a printed page can be matched to the database (or a backup of it) it was made from:
`sohoi report` prints it, and the footer of every page shows it.

It identifies a state of *this* installation, not content across installations: two replicas
holding the same records number their versions differently. Each term is an indexed lookup, so
it costs a few milliseconds even for a province of 400,000 members.

A report of a period at an upper level prints frozen sums, which no later edit changes; its
fingerprint is that of the closed snapshots summed (`sums_fingerprint`): SHA-256 over

    sohoi-sums-v1
    unit=<the unit whose report it is>
    <period id>\t<unit code>\t<version>\t<the snapshot's own data fingerprint>   (sorted)

first 12 hexadecimal digits. A commune closing, reopening or correcting changes it; an edit of
live data does not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlite_utils import Database

from db.periods import Snapshot
from db.schema import TABLE_ORDER
from db.store import read_state

VERSION = "sohoi-data-v1"
SUMS_VERSION = "sohoi-sums-v1"
LENGTH = 12


def data_state(db: Database) -> str:
    """The canonical text the fingerprint hashes (see the module docstring)."""
    lines = [VERSION, f"unit={read_state(db, 'unit_code') or ''}"]
    for table in TABLE_ORDER:  # names from the schema declaration, never from input
        count, version = db.execute(
            f"SELECT COUNT(*), IFNULL(MAX(db_version), 0) FROM [{table}]"
        ).fetchone()
        lines.append(f"{table}\t{count}\t{version}")
    return "\n".join(lines) + "\n"


def data_fingerprint(db: Database) -> str:
    """The first 12 hex digits of the SHA-256 of `data_state(db)`."""
    return hashlib.sha256(data_state(db).encode("utf-8")).hexdigest()[:LENGTH]


def sums_fingerprint(unit_code: str, held: Iterable[Snapshot]) -> str:
    """The fingerprint of the closed snapshots `held` a report of `unit_code` sums."""
    lines = [SUMS_VERSION, f"unit={unit_code}"]
    lines += sorted(f"{s.period_id}\t{s.unit_code}\t{s.version}\t{s.fingerprint}" for s in held)
    text = "\n".join(lines) + "\n"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:LENGTH]
