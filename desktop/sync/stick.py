"""The files of a USB stick (or any folder) an import reads: the packages (`.sohoi`) and first
packages (`.sohoi-first`) in name order, leaving out quietly what this device wrote itself.
"""

from __future__ import annotations

from pathlib import Path

from desktop.security.session import Session
from desktop.sync.enrolment import identity
from desktop.sync.export import FIRST_SUFFIX, SUFFIX


def own_prefix(session: Session) -> str:
    """How this device's own package files are named (export.package_name): `<unit>_<device>_`."""
    return f"{session.store.unit_code}_{identity(session).device_id}_"


def package_files(paths: list[Path], *, skip: str | None = None) -> list[Path]:
    """The files to read: given files, and the `.sohoi` (and first package `.sohoi-first`)
    files of given folders, in name order. `skip`: a folder's files named so are left out, quietly
    (`own_prefix`: what this device wrote there itself, the stick carrying it up; a file merely
    named so is not read either, and nothing is lost: this device never imports its own)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(
                x
                for x in p.iterdir()
                if x.suffix in (SUFFIX, FIRST_SUFFIX)
                and x.is_file()
                and not (skip and x.name.startswith(skip))
            )
        else:
            files.append(p)
    return files
