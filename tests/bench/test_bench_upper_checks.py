"""The duplicate citizen ID check of an upper level (db/upper_checks.py) over 500,000 members
in ~88 units, one ID in every 1,000 rows written in two units. Reported against one full scan
of the members table in the same database."""

import random

from db.connection import open_memory
from db.upper_checks import duplicate_citizens

from .conftest import best_of

MEMBERS = 500_000


def test_duplicate_citizen_ids_over_half_a_million_members(report):
    db = open_memory()
    rng = random.Random(5)

    def rows():
        for i in range(MEMBERS):
            twice = i % 1000 < 2  # rows 0 and 1 of each thousand: one ID, two units
            cid = f"{i // 1000:012d}" if twice else f"{rng.randrange(10**11, 10**12):012d}"
            unit = f"U{i // 5700 + (i % 1000 if twice else 0)}"
            yield (f"m{i}", unit, cid, "active", 0, 1, "{}", "Nguyễn Thị Hoa")

    with db.conn:
        db.conn.executemany(
            "INSERT INTO members (id, unit_code, citizen_id, status, is_deleted, db_version, "
            "clocks, full_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
    scan, _ = best_of(3, lambda: db.conn.execute("SELECT COUNT(status) FROM members").fetchone())
    took, found = best_of(3, lambda: duplicate_citizens(db))
    assert found.total == MEMBERS // 1000 and len(found.items) == 50
    report.add(
        f"duplicate citizen IDs, {MEMBERS:,} members: {took * 1000:.0f} ms "
        f"({took / scan:.1f}× a full scan of members), {found.total} found"
    )
