"""`sohoi load` against `sqlite-utils insert --nl` of the same rows into the same schema.

Goal (issue 2): load, journal and validation included, reaches ≥ 0.5× the generic loader's rows/s.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.connection import open_database

from .conftest import timed
from .rows import branch_line, member_rows, write_ndjson

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("n", [20_000, 200_000])
def test_load_vs_sqlite_utils_insert(tmp_path, report, n):
    rows = member_rows(n, "X1")
    ours = write_ndjson(tmp_path / "ours.ndjson", rows, head=[branch_line("X1")])
    # sohoi loads into an encrypted database (SQLCipher) and signs in first (Argon2id):
    # both are in its time. The baseline gets the same member rows, with the bookkeeping
    # columns the schema requires.
    base_rows = [
        {k: (json.dumps(v) if isinstance(v, list) else v) for k, v in r.items() if k != "table"}
        | {"db_version": 1, "clocks": "{}"}
        for r in rows
    ]
    base = write_ndjson(tmp_path / "base.ndjson", base_rows)

    base_db = tmp_path / "base.db"
    open_database(base_db).close()
    with timed() as t_base:
        subprocess.run(
            [BIN / "sqlite-utils", "insert", str(base_db), "members", str(base), "--nl"], check=True
        )

    data = tmp_path / "unit"
    env = {**os.environ, "SOHOI_PASSWORD": "mat-khau-bench"}
    subprocess.run(
        [
            BIN / "sohoi",
            "init",
            "--data",
            str(data),
            "--level",
            "commune",
            "--unit-code",
            "X1",
            "--unit-name",
            "Xã Thử",
            "--parent-code",
            "P1",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    with timed() as t_ours:
        done = subprocess.run(
            [BIN / "sohoi", "load", "--data", str(data), str(ours)],
            capture_output=True,
            text=True,
            env=env,
        )
    assert done.returncode == 0, done.stderr
    assert f"{n + 1} thêm mới" in done.stdout

    ours_rate, base_rate = n / t_ours["s"], n / t_base["s"]
    ratio = ours_rate / base_rate
    report.add(
        f"load {n:>7,} members: sohoi load {ours_rate:>8,.0f} rows/s, sqlite-utils insert "
        f"--nl {base_rate:>8,.0f} rows/s → ratio {ratio:.2f} (goal ≥ 0.50)"
    )
    assert ratio >= 0.5
