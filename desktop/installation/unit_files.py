"""What a data folder holds, read without opening the database: is there a unit, who signs in.

Light on purpose (no SQLite): the login window is built from this before anything heavy loads.
"""

from __future__ import annotations

from pathlib import Path

from desktop.errors import UnitError
from desktop.installation.paths import database_path
from desktop.security.keyfile import KeyFile, KeyFileError


def unit_exists(data_dir: Path) -> bool:
    return database_path(data_dir).exists()


def keyfile(data_dir: Path) -> KeyFile:
    """The folder's key file; UnitError (Vietnamese) when there is no unit or it is damaged."""
    if not unit_exists(data_dir):
        raise UnitError(
            f"Chưa có dữ liệu đơn vị trong thư mục {data_dir}. "
            "Hãy tạo đơn vị (sohoi init) hoặc dữ liệu mẫu (sohoi demo)."
        )
    try:
        return KeyFile.load(data_dir)
    except KeyFileError as exc:
        raise UnitError(str(exc)) from exc


def is_demo(data_dir: Path) -> bool:
    """Whether the folder holds the demo unit (made by `sohoi demo` / `make run`)."""
    try:
        return unit_exists(data_dir) and KeyFile.load(data_dir).demo
    except KeyFileError:
        return False


def usernames(data_dir: Path) -> list[str]:
    """The accounts that can sign in here (for the login screen)."""
    return keyfile(data_dir).usernames()
