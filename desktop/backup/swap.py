"""The last step of a restore, journaled: the live files out, the restored ones in, or neither.

A restore ends with a few renames in the data folder (the live database, its side files and the
key files into a folder kept aside; the checked, restored files into place). A crash between two
of them would leave a database with another unit's key file, or no key file at all. So before the
first rename an **intent file** (`.sohoi-restore-intent.json`, written whole by
`desktop.files.atomic_write_bytes`) records the staging folder, the folder the old files go to
and the names involved — names only, nothing personal — and it is removed after the last rename.

At the next start of the window or of a `sohoi` command on the folder
(desktop.installation.housekeeping, with the single-instance lock held), an intent file still there
means a restore was cut off:
`recover` finishes it when every restored file is still at hand (they were checked before the
intent was written), and otherwise puts the old files back. Each file is always in exactly one
place, since every step is a rename on one volume: a name is moved out once it is in the old
folder, and placed once it is gone from the staging folder.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path, PurePosixPath
from typing import Any

from desktop.errors import UnitError
from desktop.files import atomic_write_bytes, fsync_dir

INTENT_NAME = ".sohoi-restore-intent.json"
FORMAT = 1

log = logging.getLogger(__name__)


def _relative(data_dir: Path, path: Path) -> str:
    return PurePosixPath(*path.relative_to(data_dir).parts).as_posix()


def _inside(data_dir: Path, relative: object) -> Path:
    """A folder named by an intent file, which must lie inside the data folder."""
    if not isinstance(relative, str) or not relative:
        raise ValueError("no folder")
    parts = PurePosixPath(relative).parts
    if PurePosixPath(relative).is_absolute() or ".." in parts:
        raise ValueError("outside the data folder")
    return data_dir.joinpath(*parts)


def swap_in(
    data_dir: Path, stage: Path, old: Path, live: tuple[str, ...], placed: tuple[str, ...]
) -> None:
    """Move the files of `live` that exist from `data_dir` into the new folder `old`, then the
    `placed` files from `stage` into `data_dir`, journaled. On an error the renames are undone
    and the error raised; when even that fails, the intent file stays for `recover`."""
    intent: dict[str, Any] = {
        "format": FORMAT,
        "stage": _relative(data_dir, stage),
        "old": _relative(data_dir, old),
        "moved": [name for name in live if (data_dir / name).exists()],
        "placed": list(placed),
    }
    atomic_write_bytes(data_dir / INTENT_NAME, json.dumps(intent).encode("utf-8"))
    try:
        _forward(data_dir, stage, old, intent["moved"], intent["placed"])
    except OSError:
        _back(data_dir, stage, old, intent["moved"], intent["placed"])  # raises: intent kept
        _done(data_dir)
        raise
    _done(data_dir)


def _forward(data_dir: Path, stage: Path, old: Path, moved: list[str], placed: list[str]) -> None:
    old.mkdir(parents=True, exist_ok=True)
    for name in moved:
        if not (old / name).exists() and (data_dir / name).exists():
            os.replace(data_dir / name, old / name)
    for name in placed:
        if (stage / name).exists():
            os.replace(stage / name, data_dir / name)
    fsync_dir(data_dir)


def _back(data_dir: Path, stage: Path, old: Path, moved: list[str], placed: list[str]) -> None:
    for name in placed:
        # In the data folder and gone from the stage: the restored file, unless the old one of
        # that name never left (then it stays where it is).
        old_elsewhere = name not in moved or (old / name).exists()
        if not (stage / name).exists() and (data_dir / name).exists() and old_elsewhere:
            os.replace(data_dir / name, stage / name)
    for name in moved:
        if (old / name).exists():
            os.replace(old / name, data_dir / name)
    fsync_dir(data_dir)
    with contextlib.suppress(OSError):
        old.rmdir()  # empty now; a kept pre-restore folder with nothing in it says nothing


def _done(data_dir: Path) -> None:
    (data_dir / INTENT_NAME).unlink()
    fsync_dir(data_dir)


def pending(data_dir: Path) -> bool:
    """Whether a restore of this folder was cut off (its intent file is there)."""
    return (Path(data_dir) / INTENT_NAME).is_file()


def recover(data_dir: Path) -> str | None:
    """Finish (or, when a restored file is missing, undo) a restore cut off in `data_dir`;
    "finished", "undone", or None when there was nothing to do. UnitError (Vietnamese) when the
    intent file cannot be read or the files cannot be moved; the intent then stays.

    Call it with the folder's single-instance lock held, before anything opens the unit or
    removes stale temporary files (the staging folder is one).
    """
    data_dir = Path(data_dir)
    path = data_dir / INTENT_NAME
    if not path.is_file():
        return None
    try:
        intent = json.loads(path.read_bytes())
        if intent.get("format") != FORMAT:
            raise ValueError("format")
        stage = _inside(data_dir, intent["stage"])
        old = _inside(data_dir, intent["old"])
        moved = [str(n) for n in intent["moved"]]
        placed = [str(n) for n in intent["placed"]]
        if any(Path(n).name != n or n in ("", ".", "..") for n in moved + placed):
            raise ValueError("file name")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("restore intent unreadable: %s", type(exc).__name__)
        raise UnitError(
            f"Thư mục dữ liệu {data_dir} có một lần khôi phục bị ngắt giữa chừng mà tệp ghi nhận "
            f"({INTENT_NAME}) không đọc được. Không tự sửa gì: hãy liên hệ cán bộ kỹ thuật."
        ) from exc
    # Every move comes before every placement: once a restored file has left the stage, all
    # the old files must be in the old folder, and each restored one in the stage or in place.
    if all((stage / n).is_file() for n in placed):
        whole = True
    else:
        whole = all((old / n).exists() for n in moved) and all(
            (stage / n).is_file() or (data_dir / n).is_file() for n in placed
        )
    try:
        if whole:
            _forward(data_dir, stage, old, moved, placed)
            outcome = "finished"
        else:
            _back(data_dir, stage, old, moved, placed)
            outcome = "undone"
        _done(data_dir)
    except OSError as exc:
        log.warning("restore recovery failed: %s", type(exc).__name__)
        raise UnitError(
            f"Chưa hoàn tất được lần khôi phục bị ngắt giữa chừng trong thư mục {data_dir}: "
            f"{exc.strerror or exc}. Hãy kiểm tra ổ đĩa (còn chỗ, cho phép ghi) rồi mở lại."
        ) from exc
    log.info("an interrupted restore was %s", outcome)
    return outcome
