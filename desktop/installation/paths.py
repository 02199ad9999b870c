"""Where a unit's data lives, resolved in one place.

Order: `--data` on the command line, then the `SOHOI_DATA` environment variable, then a portable
folder beside the program (when the marker file `sohoi-portable.txt` is there, or the program was
started with `--portable`), then the platform's per-user data folder (platformdirs).

The program folder is the frozen executable's folder, or the source tree's; `SOHOI_PROGRAM_DIR`
overrides it (tests, and a launcher that lives elsewhere than the program files).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from db import DB_FILENAME

APP_NAME = "SoHoi"
APP_AUTHOR = "HoiLHPN"
PORTABLE_MARKER = "sohoi-portable.txt"
PORTABLE_DATA = "data"
PROGRAM_DIR_ENV = "SOHOI_PROGRAM_DIR"

# The program folder made portable by `--portable` (no marker file needed); see force_portable.
_forced_portable: Path | None = None


def program_dir() -> Path:
    """The folder of the running program: SOHOI_PROGRAM_DIR, else the frozen executable's folder,
    else the source tree's."""
    override = os.environ.get(PROGRAM_DIR_ENV)
    if override:
        return Path(override).expanduser().resolve()
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]  # desktop/installation/paths.py


def force_portable(base: Path | None) -> None:
    """Treat the program folder `base` as portable for the rest of the process, as if it held
    the marker file (what `--portable` does); None ends that (tests)."""
    global _forced_portable
    _forced_portable = base.resolve() if base is not None else None


def portable_dir(base: Path | None = None) -> Path | None:
    """The portable data folder when the program runs in portable mode, else None."""
    base = base or program_dir()
    forced = _forced_portable is not None and base.resolve() == _forced_portable
    if forced or (base / PORTABLE_MARKER).exists():
        return base / PORTABLE_DATA
    return None


def portable_requested(base: Path | None = None) -> bool:
    """Whether the program runs portable: the marker file beside it, or `--portable` given."""
    return portable_dir(base) is not None


def resolve_data_dir(
    cli_value: str | os.PathLike | None = None,
    *,
    env: Mapping[str, str] | None = None,
    base: Path | None = None,
) -> Path:
    """The data folder: command line → SOHOI_DATA → portable folder → platform default."""
    if env is None:
        env = os.environ
    if cli_value:
        return Path(cli_value).expanduser()
    if env.get("SOHOI_DATA"):
        return Path(env["SOHOI_DATA"]).expanduser()
    portable = portable_dir(base)
    if portable is not None:
        return portable
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def is_portable(data_dir: Path, base: Path | None = None) -> bool:
    """Whether the database in `data_dir` is to be treated as on removable media (a USB stick).

    True whenever the program runs portable (marker file or `--portable`), wherever `--data`
    points: the stick the program runs from may be pulled, and `removable=True` (no WAL side
    files, every commit reaches the medium) is only slower, never less safe. `data_dir` is kept
    for the callers' sake and for a future per-volume answer.
    """
    del data_dir
    return portable_requested(base)
