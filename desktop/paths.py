"""Where a unit's data lives, resolved in one place.

Order: `--data` on the command line, then the `SOHOI_DATA` environment variable, then a portable
folder beside the program (when the marker file `sohoi-portable.txt` is there), then the
platform's per-user data folder (platformdirs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from db.connection import DB_FILENAME

APP_NAME = "SoHoi"
APP_AUTHOR = "HoiLHPN"
PORTABLE_MARKER = "sohoi-portable.txt"
PORTABLE_DATA = "data"


def program_dir() -> Path:
    """The folder of the running program (the frozen executable's, or the source tree's)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_dir(base: Path | None = None) -> Path | None:
    """The portable data folder when the program runs in portable mode, else None."""
    base = base or program_dir()
    if (base / PORTABLE_MARKER).exists():
        return base / PORTABLE_DATA
    return None


def resolve_data_dir(
    cli_value: str | os.PathLike | None = None,
    *,
    env: dict[str, str] | None = None,
    base: Path | None = None,
) -> Path:
    """The data folder: command line → SOHOI_DATA → portable folder → platform default."""
    env = os.environ if env is None else env
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
    """Whether `data_dir` is the portable folder beside the program (a USB stick, usually)."""
    portable = portable_dir(base)
    return portable is not None and Path(data_dir).resolve() == portable.resolve()
