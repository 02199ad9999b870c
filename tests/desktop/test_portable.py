"""Portable mode: everything lands beside the program, nothing in the host's profile or temp.

The "program folder" is a temporary folder (SOHOI_PROGRAM_DIR points desktop.installation.paths at
it, as a launcher or the frozen build would); every place a host keeps per-user files (HOME,
USERPROFILE, APPDATA, LOCALAPPDATA, TMP/TEMP/TMPDIR, the XDG folders) is pointed at its own empty
folder, and each must still be empty once the commands (and the window, headless) have run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import sqlcipher3

from desktop.demo.unit import DEMO_PASSWORD
from desktop.installation import paths, portable
from desktop.security.keyfile import KeyFile

HOST_FOLDERS = {
    "HOME": "home",
    "USERPROFILE": "userprofile",
    "APPDATA": "appdata",
    "LOCALAPPDATA": "localappdata",
    "TMP": "tmp",
    "TEMP": "temp",
    "TMPDIR": "tmpdir",
    "XDG_CONFIG_HOME": "xdg-config",
    "XDG_CACHE_HOME": "xdg-cache",
    "XDG_DATA_HOME": "xdg-data",
    "XDG_STATE_HOME": "xdg-state",
    "XDG_RUNTIME_DIR": "xdg-runtime",
}


class Host:
    """A pretend PC: watched per-user folders, a program folder (the stick), a working folder."""

    def __init__(self, root: Path, *, marker: bool):
        self.root = root
        self.watched = {name: root / "host" / folder for name, folder in HOST_FOLDERS.items()}
        for folder in self.watched.values():
            folder.mkdir(parents=True)
        self.watched["XDG_RUNTIME_DIR"].chmod(0o700)  # what a login session provides
        self.cwd = root / "host" / "cwd"
        self.cwd.mkdir()
        self.program = root / "stick" / "SoHoi"
        self.program.mkdir(parents=True)
        if marker:
            (self.program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
        self.flag = [] if marker else ["--portable"]

    @property
    def data(self) -> Path:
        return self.program / "data"

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SOHOI_", "XDG_")) and k not in HOST_FOLDERS
        }
        env.update({name: str(folder) for name, folder in self.watched.items()})
        env.update(SOHOI_PROGRAM_DIR=str(self.program), SOHOI_PASSWORD=DEMO_PASSWORD, **extra)
        return env

    def run(self, *argv: str, window: bool = False, **extra: str) -> str:
        """`python -m desktop cli ARGV` (the command line), or `python -m desktop ARGV`."""
        program = ["desktop"] if window else ["desktop", "cli"]
        done = subprocess.run(
            [sys.executable, "-m", *program, *argv],
            env=self.env(**extra),
            cwd=self.cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert done.returncode == 0, f"{argv}: {done.stdout}\n{done.stderr}"
        return done.stdout

    def sohoi(self, *argv: str) -> str:
        return self.run(*self.flag, *argv)

    def assert_host_untouched(self) -> None:
        written = sorted(
            str(Path(top, name).relative_to(self.root / "host"))
            for folder in [*self.watched.values(), self.cwd]
            for top, dirs, files in os.walk(folder)
            for name in dirs + files
        )
        assert not written, "written outside the program folder:\n" + "\n".join(written)

    def journal_mode(self) -> str:
        """The database's own journal mode, read without setting one (no login, no write)."""
        key = KeyFile.load(self.data).unwrap("password", "admin", DEMO_PASSWORD)
        conn = sqlcipher3.connect(str(self.data / "sohoi.db"))
        try:
            conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
            return conn.execute("PRAGMA journal_mode").fetchone()[0]
        finally:
            conn.close()


@pytest.mark.parametrize("marker", [True, False], ids=["marker-file", "portable-flag"])
def test_commands_keep_everything_beside_the_program(tmp_path, marker):
    host = Host(tmp_path, marker=marker)

    out = host.sohoi("demo", "--members", "40")
    assert str(host.data) in out
    assert "Chỉ tiêu" in host.sohoi("indicators")
    host.sohoi("dump", "--out", str(host.program / "export.ndjson"))
    assert "admin" in host.sohoi("users", "list")

    host.assert_host_untouched()
    assert (host.data / "sohoi.db").is_file() and (host.data / "sohoi.keys").is_file()
    assert (host.program / "export.ndjson").read_text(encoding="utf-8").count("\n") > 40
    log = (host.data / "logs" / "sohoi.log").read_text(encoding="utf-8")
    assert "command dump started (portable)" in log and "command users list ended" in log
    for folder in ("backups", "tmp", "profile"):
        assert (host.data / folder).is_dir()
    assert not list(host.data.glob("sohoi.db-*")), "a WAL or journal file was left on the stick"
    assert host.journal_mode() == "delete"


def gui_options() -> set[str]:
    from ui.run import build_parser

    return set(build_parser()._option_string_actions)


def test_the_window_keeps_everything_beside_the_program(tmp_path):
    missing = {"--portable", "--user", "--screenshot"} - gui_options()
    if missing:
        pytest.skip(f"`python -m desktop` has no {', '.join(sorted(missing))} yet (ui/run.py)")
    host = Host(tmp_path, marker=False)
    host.sohoi("demo", "--members", "40")
    shot = host.program / "shot.png"

    host.run(
        "--portable",
        "--user",
        "admin",
        "--screenshot",
        str(shot),
        window=True,
        QT_QPA_PLATFORM="offscreen",
    )

    assert shot.read_bytes().startswith(b"\x89PNG")
    host.assert_host_untouched()
    assert not list(host.data.glob("sohoi.db-*"))


def test_entering_portable_mode_points_the_process_at_the_stick(tmp_path, monkeypatch):
    for name in [*HOST_FOLDERS, "WIN_PD_OVERRIDE_APPDATA", "WIN_PD_OVERRIDE_LOCAL_APPDATA"]:
        monkeypatch.setenv(name, str(tmp_path / "host" / name))
    for name in ("QT_DISABLE_SHADER_DISK_CACHE", "PYTHONDONTWRITEBYTECODE"):
        monkeypatch.setenv(name, "")
    monkeypatch.delenv("SOHOI_DATA", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(paths, "_forced_portable", None)
    program = tmp_path / "stick"
    program.mkdir()
    assert portable.enter_if_portable(False, program) is None

    layout = portable.enter_portable_mode(program)

    assert layout.data == program.resolve() / "data"
    assert all(folder.is_dir() for folder in layout.folders())
    assert tempfile.gettempdir() == str(layout.tmp) == os.environ["TMPDIR"] == os.environ["TEMP"]
    assert os.environ["QT_DISABLE_SHADER_DISK_CACHE"] == "1" and sys.dont_write_bytecode
    if os.name == "nt":
        assert os.environ["LOCALAPPDATA"] == str(layout.local_app_data)
    else:
        assert os.environ["XDG_CACHE_HOME"] == str(layout.cache)
        assert os.environ["XDG_CONFIG_HOME"] == str(layout.config)
        # The session's runtime folder did not exist: a private one on the stick instead.
        assert os.environ["XDG_RUNTIME_DIR"] == str(layout.runtime)
        assert layout.runtime.stat().st_mode & 0o777 == 0o700
    assert paths.resolve_data_dir(None, base=program) == program / "data"
    assert paths.is_portable(tmp_path / "elsewhere", base=program)
    assert paths.resolve_data_dir(tmp_path / "cli", base=program) == tmp_path / "cli"


@pytest.mark.skipif(os.name == "nt", reason="XDG_RUNTIME_DIR is a POSIX session's")
def test_a_proper_session_runtime_folder_is_kept(tmp_path, monkeypatch):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    runtime.chmod(0o700)
    for name in HOST_FOLDERS:
        monkeypatch.setenv(name, str(tmp_path / name))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(paths, "_forced_portable", None)

    portable.enter_portable_mode(tmp_path / "stick")

    assert os.environ["XDG_RUNTIME_DIR"] == str(runtime)


def test_program_folder_override(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.PROGRAM_DIR_ENV, str(tmp_path))
    assert paths.program_dir() == tmp_path.resolve()
    monkeypatch.delenv(paths.PROGRAM_DIR_ENV)
    assert (paths.program_dir() / "desktop" / "installation" / "paths.py").is_file()
