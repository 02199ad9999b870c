"""The frozen program, built here as `make dist` builds it (one-folder only: the one-file build
takes as long again and is checked by `make bench`), then run as a commune office would run it:
its self-test offscreen, the window, the command line, and the portable zip unpacked into an
empty folder, writing nothing outside it.

Linux only (the Windows build and its self-test run in .github/workflows/windows.yml). Takes
about a minute on two cores: the build goes to a temporary folder, never to dist/ or build/.
"""

from __future__ import annotations

import shutil
import stat
import sys
import zipfile
from pathlib import Path

import pytest

from tests.packaging.frozen import (
    assert_self_test_passed,
    build_into,
    clean_env,
    portable_self_test,
    run,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build"),
]
pytest.importorskip("PyInstaller")


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The one-folder program, its portable folder and zip, built once for this module."""
    return build_into(tmp_path_factory.mktemp("build"), "onedir")


def test_the_one_folder_program_passes_its_self_test(dist, tmp_path):
    program = dist / "SoHoi" / "SoHoi"
    env = clean_env(tmp_path / "home", TMPDIR=str(tmp_path))

    done = run(program, "--self-test", env=env, cwd=tmp_path)

    assert_self_test_passed(done)
    assert not list(tmp_path.glob("sohoi-selftest-*")), "the self-test left its folder behind"


def test_the_bundle_carries_what_the_program_loads_and_not_what_it_does_not(dist):
    internal = dist / "SoHoi" / "_internal"
    for needed in (
        "desktop/resources/fonts/LiberationSans-Regular.ttf",
        "desktop/resources/fonts/LiberationSerif-Bold.ttf",
        "desktop/resources/fonts/OFL.txt",
        "ui/resources/style.qss",
        "ui/resources/arrow-down.svg",
        "vietnam_provinces/data/nested-divisions.json",
        "vietnam_provinces/data/flat-divisions.json",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "LICENSE",
    ):
        assert (internal / needed).is_file(), needed
    names = {p.name for p in internal.rglob("*")}
    for unused in ("libQt6Network.so.6", "libQt6Qml.so.6", "libQt6Pdf.so.6", "libqwayland.so"):
        assert unused not in names, unused
    assert not any(n.endswith(".qm") and not n.endswith("_vi.qm") for n in names)
    assert not any(p.is_symlink() for p in (dist / "SoHoi").rglob("*"))
    if shutil.which("cc"):  # without a C compiler the build keeps the full ICU data
        [icu] = (internal / "PySide6" / "Qt" / "lib").glob("libicudata.so.*")
        assert icu.stat().st_size < 10 * 2**20, "ICU data not trimmed"


def test_one_program_opens_the_window_or_runs_the_command_line(dist, tmp_path):
    program = dist / "SoHoi" / "SoHoi"
    env = clean_env(tmp_path / "home", SOHOI_PASSWORD="sohoi-demo")
    unit = tmp_path / "xã"

    made = run(program, "demo", "--data", str(unit), "--members", "30", env=env)
    assert made.returncode == 0, made.stderr
    assert "Đã tạo dữ liệu mẫu" in made.stdout
    listed = run(program, "cli", "users", "list", "--data", str(unit), env=env)
    assert listed.returncode == 0 and "admin" in listed.stdout, listed.stderr
    shot = tmp_path / "đăng nhập.png"
    window = run(program, "--data", str(unit), "--screenshot", str(shot), env=env)
    assert window.returncode == 0, window.stderr
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_the_portable_zip_runs_from_an_empty_folder_and_writes_nothing_outside(dist, tmp_path):
    [archive] = dist.glob("SoHoi-portable-*-linux.zip")

    folder, written = portable_self_test(archive, tmp_path)

    assert not written, "written outside the portable folder:\n" + "\n".join(written)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["SoHoi", "_internal", "data", "sohoi-portable.txt", "LICENSE.txt", "OFL.txt"]
    )
    assert "chế độ di động" in (folder / "sohoi-portable.txt").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in (folder / "LICENSE.txt").read_text(encoding="utf-8")
    assert (folder / "data" / "logs" / "sohoi.log").is_file()
    assert not list((folder / "data" / "tmp").glob("sohoi-selftest-*"))


def test_the_zip_holds_an_empty_data_folder_and_no_links(dist):
    [archive] = dist.glob("SoHoi-portable-*-linux.zip")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
    assert "SoHoi-portable/data/" in names
    assert not [
        n for n in names if n.startswith("SoHoi-portable/data/") and n != "SoHoi-portable/data/"
    ]
    assert modes["SoHoi-portable/SoHoi"] & 0o111, "the program lost its executable bit"
    assert not any(stat.S_ISLNK(mode) for mode in modes.values())
