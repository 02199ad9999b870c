"""Simulate a province or the nation reporting, and measure the upper levels' ingest.

    python scripts/simulate_nation.py --preset province --out /tmp/sim
    python scripts/simulate_nation.py --preset nation --out /tmp/nation     # by hand: hours
    python scripts/simulate_nation.py --communes 20 --members-per-commune 1000 --out /tmp/small

Makes the centre and the provinces as real installations (password `sohoi-demo`), the communes
as devices enrolled by their province, one real signed package per commune
(desktop/demo/nation.py), then with `--ingest` imports them at each province, sends each
province's package (with the communes' originals relayed) to the centre and imports them there.
Prints what each step took, rows per second and the peak memory of this process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.demo.nation import PRESETS, pick_provinces, upper_levels, write_packages
from desktop.demo.unit import DEMO_PASSWORD
from desktop.security.session import Session
from desktop.sync.export import export_up
from desktop.sync.importer import import_paths


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text} (peak {peak_mb():.0f} MB)", flush=True)


def timed_import(session: Session, folder: Path) -> str:
    """Import every package of `folder`; what it took, as one line."""
    start = time.perf_counter()
    result = import_paths(session, [folder])
    seconds = max(time.perf_counter() - start, 1e-9)
    rows = sum(v.rows for v in result.verdicts)
    files = len(result.verdicts)
    bad = sum(not v.ok for v in result.verdicts)
    return (
        f"imported {files - bad} files, {rows:,} rows in {seconds:.1f} s "
        f"({rows / seconds:,.0f} rows/s, {seconds / max(files, 1) * 1000:.0f} ms a file); "
        f"refused: {bad}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=sorted(PRESETS), default="province")
    parser.add_argument("--provinces", type=int, help="how many provinces (preset's otherwise)")
    parser.add_argument("--communes", type=int, help="communes per province (preset's otherwise)")
    parser.add_argument("--members-per-commune", type=int, help="members of each commune")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="an empty folder")
    parser.add_argument("--ingest", action="store_true", help="import at provinces and centre")
    args = parser.parse_args(argv)

    preset = PRESETS[args.preset]
    provinces = args.provinces or preset.provinces
    communes = args.communes if args.communes is not None else preset.communes
    members = args.members_per_commune or preset.members
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    codes = pick_provinces(provinces, communes)
    say(f"upper levels: centre and provinces {', '.join(codes)}")
    sessions = upper_levels(args.out / "units", codes, DEMO_PASSWORD)
    central = sessions["TW"]
    try:
        for code in codes:
            province = sessions[code]
            stick = args.out / "stick" / code
            start = time.perf_counter()
            paths = list(
                write_packages(province, stick, communes=communes, members=members, seed=args.seed)
            )
            size = sum(p.stat().st_size for p in paths)
            say(
                f"province {code}: {len(paths)} commune packages, {size / 1e6:.0f} MB, written "
                f"in {time.perf_counter() - start:.1f} s"
            )
            if not args.ingest:
                continue
            say(f"province {code} {timed_import(province, stick)}")
            up = args.out / "stick-up" / code
            start = time.perf_counter()
            sent = export_up(province, up)
            say(
                f"province {code} export: {len(sent.paths)} files in "
                f"{time.perf_counter() - start:.1f} s"
            )
            say(f"centre, from province {code}: {timed_import(central, up)}")
    finally:
        for session in sessions.values():
            session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
