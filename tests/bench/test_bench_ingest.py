"""Ingest at an upper level (`make bench`): many commune files in one sitting.

Goals (issue #14, docs/PERFORMANCE.md): the fixed cost of a file ≤ 20 ms (20 commune files
against one commune file holding as many rows, imported into the same province, in one run);
the province preset — ~98 commune packages, ~560,000 members — imported in ≤ 30 s on two
cores, with the import's peak memory ≤ 300 MB (measured in a process of its own, so the
packages' generation does not count; with the child process its first stage runs in, added).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop.demo.nation import (
    PRESETS,
    commune_codes,
    commune_package,
    commune_rows,
    enrol_commune,
    pick_provinces,
    upper_levels,
    write_packages,
)
from desktop.sync.export import package_name
from desktop.sync.importer import import_paths
from tests.desktop.sync_helpers import PASSWORD, open_with_key

from .conftest import timed

FILES, MEMBERS = 20, 1_000


def _province(tmp_path: Path, communes: int | None):
    (code,) = pick_provinces(1, communes)
    sessions = upper_levels(tmp_path / "units", [code], PASSWORD)
    return code, sessions


def _import_copy(source: Path, key: bytes, dest: Path, stick: Path) -> tuple[float, int]:
    shutil.copytree(source, dest)
    session = open_with_key(dest, key)
    try:
        with timed() as t:
            result = import_paths(session, [stick])
        assert all(v.status == "accepted" for v in result.verdicts), result.verdicts[:3]
        return t["s"], sum(v.rows for v in result.verdicts)
    finally:
        session.close()


def test_fixed_cost_of_a_file(tmp_path, report):
    code, sessions = _province(tmp_path, FILES + 1)
    province = sessions[code]
    many = list(
        write_packages(province, tmp_path / "many", communes=FILES, members=MEMBERS, seed=2)
    )
    assert len(many) == FILES
    # One more commune of the province sends as many rows in a single file.
    one = tmp_path / "one"
    one.mkdir()
    last = commune_codes(code, FILES + 1)[-1]
    commune = enrol_commune(province, last)
    rows = commune_rows(last, code, FILES * MEMBERS, seed=3, today=date.today())
    (one / package_name(last, commune.me.device_id, 1)).write_bytes(commune_package(commune, rows))
    key = province.key_copy()
    for s in sessions.values():
        s.close()
    source = tmp_path / "units" / code
    t_many = t_one = float("inf")
    for i in range(3):  # alternated, the best of three each: the machine is noisy
        t, rows_many = _import_copy(source, key, tmp_path / f"p-many{i}", tmp_path / "many")
        t_many = min(t_many, t)
        t, rows_one = _import_copy(source, key, tmp_path / f"p-one{i}", one)
        t_one = min(t_one, t)
    per_file = (t_many - t_one * rows_many / rows_one) / (FILES - 1)
    report.add(
        f"ingest: {FILES} commune files ({rows_many:,} rows) {t_many:.2f} s against one file "
        f"({rows_one:,} rows) {t_one:.2f} s → fixed cost of a file {per_file * 1000:.0f} ms "
        f"(goal ≤ 20 ms)"
    )
    assert per_file <= 0.020


_CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from desktop.sync import first_stage
from desktop.sync.importer import import_paths
from tests.desktop.sync_helpers import open_with_key


def peak_mb(pid):
    # VmHWM, not ru_maxrss: a process started by fork and exec keeps in ru_maxrss the peak of
    # the process it was forked from (here pytest's, after the benches before this one).
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


children = []
close = first_stage.FirstStagePool.__exit__


def measured_close(self, *exc):
    children.extend(peak_mb(pid) for pid in list(self._pool._processes or {}))
    return close(self, *exc)


first_stage.FirstStagePool.__exit__ = measured_close
session = open_with_key(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))
start = time.perf_counter()
result = import_paths(session, [Path(sys.argv[3])])
seconds = time.perf_counter() - start
session.close()
bad = [v for v in result.verdicts if not v.ok]
rows = sum(v.rows for v in result.verdicts)
print(len(result.verdicts), len(bad), rows, seconds, peak_mb("self"), max(children, default=0))
print("|".join(f"{v.path.name}: {v.reason}" for v in bad))
"""


@pytest.mark.skipif(
    os.environ.get("SOHOI_BENCH_PROVINCE") == "0", reason="SOHOI_BENCH_PROVINCE=0 skips it"
)
def test_province_preset(tmp_path, report):
    preset = PRESETS["province"]
    code, sessions = _province(tmp_path, preset.communes)
    province = sessions[code]
    with timed() as made:
        paths = list(
            write_packages(
                province, tmp_path / "stick", communes=preset.communes, members=preset.members
            )
        )
    key = province.key_copy()
    for s in sessions.values():
        s.close()
    size = sum(p.stat().st_size for p in paths)
    # Among the good files, one damaged on the stick (a commune's file with a byte changed):
    # refused alone, with its reason, and every good one imported.
    damaged = bytearray(paths[len(paths) // 2].read_bytes())
    damaged[len(damaged) // 2] ^= 0x40
    (tmp_path / "stick" / "hong.sohoi").write_bytes(bytes(damaged))
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(tmp_path / "units" / code),
            key.hex(),
            str(tmp_path / "stick"),
            str(Path(__file__).resolve().parents[2]),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures, refused = done.stdout.splitlines()
    files, bad, rows, seconds, peak, child = figures.split()
    seconds_f, peak_f, child_f = float(seconds), float(peak), float(child)
    report.add(
        f"ingest, province preset: {files} commune files ({size / 1e6:.0f} MB, made in "
        f"{made['s']:.0f} s), {int(rows):,} rows in {seconds_f:.1f} s "
        f"({int(rows) / seconds_f:,.0f} rows/s; goal ≤ 30 s), peak memory {peak_f:.0f} MB "
        f"+ {child_f:.0f} MB in the first stage's process (goal ≤ 300 MB together), "
        f"refused {bad} ({refused})"
    )
    assert int(files) == len(paths) + 1 and int(bad) == 1
    assert refused.startswith("hong.sohoi: ") and "tệp bị sửa" in refused
    assert child_f > 0, "the import did not run its first stage in a process of its own"
    assert seconds_f <= 30 and peak_f + child_f <= 300
