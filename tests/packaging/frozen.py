"""Running the frozen program in tests and benchmarks, as a PC that never saw Sổ Hội would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.packaging.packaging_modules import ROOT, load

CHECKS = 11  # the lines of desktop.installation.selftest: its ten checks and the clean-up
HOST_FOLDERS = (
    "HOME",
    "TMP",
    "TEMP",
    "TMPDIR",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
)


def build_into(base: Path, mode: str) -> Path:
    """Run packaging/build.py (`mode`: onedir, onefile or both) into `base`; the dist folder."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--mode",
            mode,
            "--distpath",
            str(base / "dist"),
            "--workpath",
            str(base / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return base / "dist"


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a PC that never saw Sổ Hội: no SOHOI_ variable, Qt offscreen, the
    per-user folders (log, font cache …) under `home`; `extra` replaces any of them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOHOI_", "XDG_"))}
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    env.update(QT_QPA_PLATFORM="offscreen", **extra)
    return env


def run(
    program: Path, *args: str, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the frozen `program` with `args`; its output, decoded."""
    return subprocess.run(
        [str(program), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


def assert_self_test_passed(done: subprocess.CompletedProcess[str]) -> None:
    """Exit code 0 and an OK line for every check (the PDF and the window included)."""
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert sum(line.startswith("OK ") for line in lines) == CHECKS, done.stdout
    assert not any(line.startswith("LỖI") for line in lines)
    assert "In báo cáo PDF" in done.stdout and "Mở cửa sổ chính: nền offscreen" in done.stdout


def portable_self_test(archive: Path, tmp: Path) -> tuple[Path, list[str]]:
    """Unpack the portable zip into an empty folder under `tmp` and run its `--self-test
    --portable` with every per-user folder of the "host" (HOME, TMP, XDG_*) and the working
    folder empty and watched. (The portable folder, what was written outside it.)"""
    stick = tmp / "stick"
    stick.mkdir()
    load("build").unzip_keeping_modes(archive, stick)
    folder = stick / "SoHoi-portable"
    host = {name: tmp / "host" / name.lower() for name in HOST_FOLDERS}
    for path in host.values():
        path.mkdir(parents=True)
    host["XDG_RUNTIME_DIR"].chmod(0o700)  # what a login session provides
    cwd = tmp / "host" / "cwd"
    cwd.mkdir()
    done = run(
        folder / "SoHoi",
        "--self-test",
        "--portable",
        env=clean_env(tmp, **{name: str(path) for name, path in host.items()}),
        cwd=cwd,
    )
    assert_self_test_passed(done)
    written = [str(p) for path in [*host.values(), cwd] for p in path.rglob("*")]
    return folder, written
