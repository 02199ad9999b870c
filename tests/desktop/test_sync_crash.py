"""An import killed at any moment leaves the province whole: the package fully applied (its
ledger entry and every row) or not at all, and the database passes SQLite's integrity check.

A child process opens the province and imports one large package of commune 06001; the test
kills it with SIGKILL at seeded random moments after it reports ready (so most kills land inside
the import's transaction), on a fresh copy of the province each time.

Run as a script (`python test_sync_crash.py child DIR PACKAGE`, key in SOHOI_TEST_KEY), this
file is the child.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROWS = 20_000
KILLS = 5


def child(data_dir: str, package: str) -> None:
    from tests.desktop.sync_helpers import import_files, open_with_key

    session = open_with_key(Path(data_dir), bytes.fromhex(os.environ["SOHOI_TEST_KEY"]))
    print("ready", flush=True)
    result = import_files(session, Path(package))
    print(result.verdicts[0].status, flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    child(sys.argv[2], sys.argv[3])
    sys.exit(0)


from db.connection import open_database  # noqa: E402

from .sync_helpers import bulk_rows, craft, template, write  # noqa: E402, F401


def run_child(data_dir: Path, package: Path, key: bytes, delay: float | None):
    """Run the child; kill it `delay` s after it is ready (None: let it finish).

    (killed while running, what it printed, seconds from ready to its end)."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "child", str(data_dir), str(package)],
        env={**os.environ, "SOHOI_TEST_KEY": key.hex()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline() == "ready\n", proc.stderr.read()
    ready = time.monotonic()
    killed = False
    if delay is not None:
        time.sleep(delay)
        killed = proc.poll() is None
        proc.kill()
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err
    return killed, out, time.monotonic() - ready


def state(data_dir: Path, key: bytes) -> tuple[int, int]:
    """(ledger entries, members of 06001) after checking the file is sound."""
    db = open_database(data_dir / "sohoi.db", key=key, create=False)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ledger = db.execute("SELECT count(*) FROM ledger").fetchone()[0]
        members = db.execute("SELECT count(*) FROM members WHERE unit_code = '06001'").fetchone()
        return ledger, members[0]
    finally:
        db.close()


def test_an_import_killed_at_any_moment_is_all_or_nothing(template, tmp_path):  # noqa: F811
    w = template.copy(tmp_path / "world")
    package = write(tmp_path / "big.sohoi", craft(w["06001"], list(bulk_rows("06001", ROWS))))
    w.close()
    key = w.keys["20"]
    pristine = w.dir("20")

    finished = tmp_path / "finished"
    shutil.copytree(pristine, finished)
    _, out, duration = run_child(finished, package, key, None)
    assert out.split() == ["accepted"]
    assert state(finished, key) == (1, ROWS)

    rng = random.Random(20261126)
    mid_import = 0
    for n in range(KILLS):
        target = tmp_path / f"kill{n}"
        shutil.copytree(pristine, target)
        killed, out, _ = run_child(target, package, key, rng.uniform(0.0, duration))
        mid_import += killed and "accepted" not in out
        assert state(target, key) in {(0, 0), (1, ROWS)}
    assert mid_import >= 2  # most kills did land inside the import
