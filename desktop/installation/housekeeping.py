"""What a start does to its data folder before opening the unit: finish a restore cut off by a
crash, then remove the temporary files that killed runs left behind.

Both run only while this process holds the folder's single-instance lock
(desktop.installation.instance_lock): no other Sổ Hội can be writing there, so every temporary file
of ours is stale. Only our own names are touched, matched exactly (`tempfile` adds 8 characters of
`[a-z0-9_]`):

- in the data folder: a restore's staging folder (which holds the old files while they are
  swapped), `.sohoi-restore-XXXXXXXX/`; the temporary files of atomic writes of the key files
  and of the restore's intent file, `.sohoi.keys[.bak].XXXXXXXX.tmp`,
  `.sohoi-restore-intent.json.XXXXXXXX.tmp`;
- in the data folder and its `backups/`: a backup's database snapshot and its journal,
  `.sohoi-snapshot-XXXXXXXX.tmp[-journal]`, and the backup file being sealed,
  `.sohoi-<unit>-<time>-<kind>.sohoi-backup.XXXXXXXX.tmp`.

The restore's intent file itself (`desktop.backup.swap`) is never removed here: `recover` runs
first and removes it once the swap is finished or undone; while it cannot, nothing is cleaned
(the staging folder may hold the only copy of the old or the restored files).
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
from pathlib import Path

from desktop.backup.swap import INTENT_NAME, pending, recover
from desktop.installation.portable import BACKUPS_DIRNAME
from desktop.security.keyfile import KEYFILE_NAME

log = logging.getLogger(__name__)

_RANDOM = r"[a-z0-9_]{8}"
STALE_FOLDERS = re.compile(rf"\.sohoi-restore-{_RANDOM}")
STALE_FILES = re.compile(
    rf"\.(?:{re.escape(KEYFILE_NAME)}(?:\.bak)?|{re.escape(INTENT_NAME)})\.{_RANDOM}\.tmp"
    rf"|\.sohoi-snapshot-{_RANDOM}\.tmp(?:-journal)?"
    rf"|\.sohoi-[A-Za-z0-9_-]+\.sohoi-backup\.{_RANDOM}\.tmp"
)


def remove_stale_files(data_dir: Path) -> list[str]:
    """Remove our stale temporary files and folders from `data_dir` and its `backups/`; their
    names. Nothing while an interrupted restore is pending."""
    data_dir = Path(data_dir)
    if pending(data_dir):
        return []
    removed = []
    for folder in (data_dir, data_dir / BACKUPS_DIRNAME):
        entries: list[Path] = []
        with contextlib.suppress(OSError):  # no such folder (yet)
            entries = sorted(folder.iterdir())
        for path in entries:
            try:
                if STALE_FOLDERS.fullmatch(path.name) and folder == data_dir and path.is_dir():
                    shutil.rmtree(path)
                elif STALE_FILES.fullmatch(path.name) and path.is_file():
                    path.unlink()
                else:
                    continue
            except OSError as exc:  # another program has it open (Windows): next start
                log.warning("stale temporary file kept: %s", type(exc).__name__)
                continue
            removed.append(path.name)
    if removed:
        log.info("removed %d stale temporary files", len(removed))
    return removed


def prepare_data_folder(data_dir: Path) -> None:
    """Before a start opens the unit of `data_dir` (lock held): finish or undo an interrupted
    restore (UnitError when that fails), then remove stale temporary files."""
    recover(data_dir)
    remove_stale_files(data_dir)
