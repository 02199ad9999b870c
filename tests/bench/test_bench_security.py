"""What encryption at rest costs: SQLCipher against plain SQLite, and the time to unlock."""

import os
import time

from db.connection import open_database
from db.indicators import compute_indicators
from db.store import Change, Store
from desktop.installation.setup import NewUnit, create_unit, login

from .conftest import best_of
from .rows import BRANCH_ID, branch_line, member_rows
from .test_bench_indicators import build_province

N = 20_000


def _load(path, key):
    store = Store(open_database(path, key=key))
    store.set_unit("X1")
    store.save("units", {"code": "X1", "name": "Xã", "level": "commune", "parent_code": "P"})
    rows = [branch_line("X1"), *member_rows(N, "X1")]
    changes = [
        Change(
            r["table"],
            {k: v for k, v in r.items() if k not in ("table", "id", "unit_code")},
            id=r["id"],
        )
        for r in rows
    ]
    start = time.perf_counter()
    store.write(changes)
    elapsed = time.perf_counter() - start
    store.db.close()
    assert BRANCH_ID
    return elapsed


def test_sqlcipher_cost_for_load(tmp_path, report):
    plain = _load(tmp_path / "plain.db", None)
    encrypted = _load(tmp_path / "enc.db", os.urandom(32))
    report.add(
        f"load {N:,} members through the write path: SQLCipher {encrypted:.2f} s vs plain "
        f"SQLite {plain:.2f} s → {encrypted / plain:.2f}×"
    )


def test_sqlcipher_cost_for_indicators(tmp_path, report):
    plain = build_province(tmp_path / "p.db", members=20_000)
    enc = build_province(tmp_path / "e.db", members=20_000, key=os.urandom(32))
    t_plain, _ = best_of(3, lambda: compute_indicators(plain, "P"))
    t_enc, _ = best_of(3, lambda: compute_indicators(enc, "P"))
    report.add(
        f"indicators of 3,321 communes: SQLCipher {t_enc * 1000:.0f} ms vs plain "
        f"{t_plain * 1000:.0f} ms → {t_enc / t_plain:.2f}×"
    )


def test_time_to_unlock(tmp_path, report):
    created = create_unit(
        tmp_path / "u", NewUnit("X1", "Xã", "commune", "P"), admin_password="mat-khau-123"
    )
    created.session.close()
    t_login, session = best_of(3, lambda: login(tmp_path / "u", "admin", "mat-khau-123"))
    session.close()
    report.add(
        f"unlock (Argon2id 64 MiB, t=3 + open SQLCipher): {t_login * 1000:.0f} ms (goal ≤ 500 ms)"
    )
    assert t_login <= 0.5
