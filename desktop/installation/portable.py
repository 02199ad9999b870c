"""Portable mode: everything beside the program on the USB stick, nothing in the host's profile.

The program runs portable when the marker file `sohoi-portable.txt` is beside it
(desktop.installation.paths.program_dir) or it is started with `--portable`. Then, BEFORE anything
else loads (Qt, fontconfig, platformdirs, tempfile users), `enter_portable_mode` creates the folders
below and points the process — and any process it starts — at them:

```
<program>/sohoi-portable.txt   the marker
<program>/data/                the unit: sohoi.db, sohoi.keys, .sohoi.lock (settings are in the DB)
<program>/data/logs/           rotating logs (desktop.installation.logs)
<program>/data/backups/        automatic and manual backups (desktop.backup.make's default)
<program>/data/tmp/            TMP, TEMP, TMPDIR and Python's tempfile
<program>/data/profile/        what libraries would write into a profile: XDG_CONFIG_HOME,
                               XDG_CACHE_HOME (fontconfig's cache), XDG_DATA_HOME, XDG_STATE_HOME
                               on Linux; APPDATA and LOCALAPPDATA on Windows; Qt's INI settings
```

What writes into a profile, and how each is kept off the host:

- Python's `tempfile` and SQLite's temporary files: `tempfile.tempdir` and TMP/TEMP/TMPDIR.
  (The database keeps temporary tables in memory anyway: `temp_store = MEMORY`.)
- platformdirs: the XDG variables on Linux; on Windows it asks the shell API, which ignores
  APPDATA, so its `WIN_PD_OVERRIDE_APPDATA` / `WIN_PD_OVERRIDE_LOCAL_APPDATA` variables are set
  too. (In portable mode our own code never asks platformdirs: the data and logs folders are
  the portable ones.)
- Qt on Linux: QStandardPaths and QSettings follow the XDG variables; fontconfig keeps its cache
  in XDG_CACHE_HOME; a GTK file dialog records recent files in XDG_DATA_HOME. The OpenGL
  program-binary and RHI pipeline caches are switched off (`QT_DISABLE_SHADER_DISK_CACHE`,
  `QSG_RHI_DISABLE_DISK_CACHE`, `QML_DISABLE_DISK_CACHE`), as are Mesa's and NVIDIA's shader
  caches: nothing worth keeping on a stick.
- Qt on Windows: QStandardPaths asks the shell API (environment ignored) and QSettings' native
  format is the registry — including the `QtProject` settings in which QFileDialog keeps its
  last folder and history. The window therefore (`ui.app.use_portable_settings`, on every OS,
  before it creates any QSettings or dialog) sets QSettings' default format to INI files and
  their path to `layout.config`, and uses Qt's own file dialogs
  (`QFileDialog.Option.DontUseNativeDialog`): the native one records recent folders in the
  host's registry. Qt Widgets paint without the GPU, so no driver
  shader cache is written on Windows.
- XDG_RUNTIME_DIR is kept when the session has a proper one (a per-login tmpfs, never in the
  profile, and where the Wayland and D-Bus sockets are: replacing it would cut the window off
  from the display); only when it is missing or unusable is a private 0700 folder under `tmp/`
  given instead, so Qt does not make `/tmp/runtime-<user>`.
- HOME / USERPROFILE are not changed: `~` in a path the person types must still be their home,
  and every writer we know of is covered above (tests/desktop/test_portable.py watches HOME).
- Python bytecode: `sys.dont_write_bytecode` (and PYTHONDONTWRITEBYTECODE for child processes).
  The frozen build carries its bytecode and writes none; a source tree on the stick would write
  `__pycache__` only into itself, but modules imported from a host interpreter's site-packages
  would not — so no bytecode is written at all in portable mode.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop.installation.paths import (
    PORTABLE_DATA,
    force_portable,
    portable_requested,
    program_dir,
)

LOGS_DIRNAME = "logs"
BACKUPS_DIRNAME = "backups"  # as desktop.backup.make.BACKUP_DIRNAME, the default backup folder
TMP_DIRNAME = "tmp"
PROFILE_DIRNAME = "profile"

# Caches no portable run needs, which would otherwise land in the profile or on the stick.
_CACHES_OFF = {
    "QT_DISABLE_SHADER_DISK_CACHE": "1",
    "QSG_RHI_DISABLE_DISK_CACHE": "1",
    "QML_DISABLE_DISK_CACHE": "1",
    "MESA_SHADER_CACHE_DISABLE": "true",
    "__GL_SHADER_DISK_CACHE": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
}


@dataclass(frozen=True)
class PortableLayout:
    """The folders of a portable installation, all beside the program."""

    base: Path  # the program folder (the stick)
    data: Path  # the unit's data folder, unless --data says otherwise

    @property
    def logs(self) -> Path:
        return self.data / LOGS_DIRNAME

    @property
    def backups(self) -> Path:
        return self.data / BACKUPS_DIRNAME

    @property
    def tmp(self) -> Path:
        return self.data / TMP_DIRNAME

    @property
    def profile(self) -> Path:
        return self.data / PROFILE_DIRNAME

    @property
    def config(self) -> Path:
        """XDG_CONFIG_HOME, and where Qt's INI settings go (QSettings.setPath)."""
        return self.profile / "config"

    @property
    def cache(self) -> Path:
        return self.profile / "cache"

    @property
    def share(self) -> Path:
        return self.profile / "share"

    @property
    def state(self) -> Path:
        return self.profile / "state"

    @property
    def roaming_app_data(self) -> Path:
        return self.profile / "AppData" / "Roaming"

    @property
    def local_app_data(self) -> Path:
        return self.profile / "AppData" / "Local"

    @property
    def runtime(self) -> Path:
        """A private runtime folder, used only when the session has no usable one."""
        return self.tmp / "runtime"

    def folders(self) -> tuple[Path, ...]:
        """Every folder portable mode creates (the runtime one only when needed)."""
        common = (self.data, self.logs, self.backups, self.tmp, self.profile)
        if os.name == "nt":
            return (*common, self.config, self.roaming_app_data, self.local_app_data)
        return (*common, self.config, self.cache, self.share, self.state)


def layout_for(base: Path | None = None) -> PortableLayout:
    """The portable layout of the program folder `base`
    (default: desktop.installation.paths.program_dir)."""
    base = (base or program_dir()).resolve()
    return PortableLayout(base=base, data=base / PORTABLE_DATA)


def enter_portable_mode(base: Path | None = None) -> PortableLayout:
    """Run portable from the program folder `base`: create the folders and point this process
    (and the processes it starts) at them. Call it first, before Qt or anything that writes
    files is loaded. Idempotent.

    Afterwards desktop.installation.paths resolves the data folder to `<base>/data` (unless `--data`
    or SOHOI_DATA says otherwise) and opens databases `removable=True`.
    """
    env = os.environ
    layout = layout_for(base)
    for folder in layout.folders():
        folder.mkdir(parents=True, exist_ok=True)
    force_portable(layout.base)

    tmp = str(layout.tmp)
    for name in ("TMP", "TEMP", "TMPDIR"):
        env[name] = tmp
    tempfile.tempdir = tmp
    # See the module docstring: no bytecode outside the program folder either.
    sys.dont_write_bytecode = True

    if os.name == "nt":
        env["APPDATA"] = str(layout.roaming_app_data)
        env["LOCALAPPDATA"] = str(layout.local_app_data)
        env["WIN_PD_OVERRIDE_APPDATA"] = str(layout.roaming_app_data)
        env["WIN_PD_OVERRIDE_LOCAL_APPDATA"] = str(layout.local_app_data)
    else:
        env["XDG_CONFIG_HOME"] = str(layout.config)
        env["XDG_CACHE_HOME"] = str(layout.cache)
        env["XDG_DATA_HOME"] = str(layout.share)
        env["XDG_STATE_HOME"] = str(layout.state)
        if not _usable_runtime_dir(env.get("XDG_RUNTIME_DIR")):
            env["XDG_RUNTIME_DIR"] = str(_private_dir(layout.runtime))
    env.update(_CACHES_OFF)
    return layout


def enter_if_portable(requested: bool = False, base: Path | None = None) -> PortableLayout | None:
    """Enter portable mode when `--portable` was given (`requested`) or the marker file is beside
    the program; the layout, or None when the program is installed normally."""
    if requested or portable_requested(base):
        return enter_portable_mode(base)
    return None


def _usable_runtime_dir(value: str | None) -> bool:
    """What Qt itself requires of XDG_RUNTIME_DIR: a folder of ours that only we can enter."""
    if not value:
        return False
    try:
        info = os.stat(value)
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owner_ok and stat.S_IMODE(info.st_mode) == 0o700


def _private_dir(path: Path) -> Path:
    """`path`, created readable by the owner only (0700). A FAT stick cannot record that mode;
    Qt then warns once on the console, which is harmless."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.chmod(0o700)
    return path
