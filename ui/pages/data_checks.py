"""The data checks of the overview (`db.checks.check_all`), run off the UI thread on a snapshot.

`check_all` reads every record of the unit and re-runs every rule: ~0.7 s for a commune of
20,000 members, too long to freeze the window for. The session's SQLite connection belongs to
the UI thread, so the UI thread only *reads* (one `SELECT` per table, ~60 ms for 20,000 members:
`take_snapshot`), and the task runner's worker copies those rows into a private in-memory
database of the same schema and runs the checks there (`check_snapshot`). The copy lives in
the process's memory only, like the rows on screen, and is dropped when the checks end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.checks import Finding, check_all
from db.connection import open_memory
from db.schema import KEY_COLUMNS, TABLE_ORDER, TABLES
from db.store import Store
from ui.task_runner import Cancelled, Progress, TaskCancelled

# Rank of a table in the findings list: the unit, then people, then the rest.
_SEVERITY_RANK = {"error": 0, "warning": 1}


@dataclass(frozen=True)
class Snapshot:
    """The rows the checks need, read on the UI thread: per table, column names and rows."""

    unit_code: str
    today: date
    tables: dict[str, tuple[tuple[str, ...], list[tuple]]]


def take_snapshot(store: Store) -> Snapshot:
    """Read the live records of every table (and every branch, for references to deleted ones)."""
    tables: dict[str, tuple[tuple[str, ...], list[tuple]]] = {}
    for table in TABLE_ORDER:
        where = "" if table == "branches" else " WHERE is_deleted = 0"
        # Everything but the clocks, which no rule reads (the copy stores an empty one).
        wanted = ", ".join(f"[{c}]" for c in (*KEY_COLUMNS, *TABLES[table].field_names))
        cursor = store.db.conn.execute(
            f"SELECT {wanted}, is_deleted, db_version, '{{}}' AS clocks FROM [{table}]{where}"
        )
        columns = tuple(d[0] for d in cursor.description)
        tables[table] = (columns, cursor.fetchall())
    return Snapshot(store.unit_code or "", store.today(), tables)


def check_snapshot(snapshot: Snapshot, progress: Progress, cancelled: Cancelled) -> list[Finding]:
    """Every finding of `check_all` on the snapshot: errors first, then warnings (worker side).

    The snapshot is consumed: its tables are emptied as they are copied.
    """
    db = open_memory()
    total = len(snapshot.tables) + 1
    try:
        for n, table in enumerate(list(snapshot.tables)):
            if cancelled():
                raise TaskCancelled
            # Consumed as copied: the rows are not held twice (tuples and database) at once.
            columns, rows = snapshot.tables.pop(table)
            names = ", ".join(f"[{c}]" for c in columns)
            marks = ", ".join("?" * len(columns))
            with db.conn:
                db.conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", rows)
            del rows
            progress(n + 1, total, "")
        findings = check_all(db, snapshot.unit_code, today=snapshot.today)
    finally:
        db.close()
    # Stable: check_all's own order (table by table) is kept within each severity.
    return sorted(findings, key=lambda f: _SEVERITY_RANK.get(f.problem.severity, 2))
