"""Build Sổ Hội for the current OS: the one-folder and one-file programs, the portable layout and
its zip. What `make dist` runs (see docs/PACKAGING.md).

    .venv/bin/python packaging/build.py [--mode both|onedir|onefile] [--distpath DIR]
                                        [--workpath DIR] [--no-portable]

Into `--distpath` (default `dist/`):

- `SoHoi/` — the one-folder program (`SoHoi` / `SoHoi.exe` and `_internal/`);
- `SoHoi-<version>-<os>[.exe]` — the one-file program (it unpacks itself into the PC's temporary
  folder at each start: for a USB stick, use the portable folder instead);
- `SoHoi-portable/` — the one-folder program plus the portable marker `sohoi-portable.txt`
  (explained inside, in Vietnamese), an empty `data/` folder and the licences;
- `SoHoi-portable-<version>-<os>.zip` — that folder, zipped to copy onto a stick;
- `build-info.json` — version, OS and sizes (read by tests/bench/test_bench_packaging.py).

PyInstaller's work files go to `--workpath` (default `build/`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "sohoi.spec"
NAME = "SoHoi"
PORTABLE_NAME = "SoHoi-portable"
PORTABLE_MARKER = "sohoi-portable.txt"  # desktop.installation.paths.PORTABLE_MARKER
PORTABLE_DATA = "data"  # desktop.installation.paths.PORTABLE_DATA
LICENCES = {
    "LICENSE.txt": ROOT / "LICENSE",
    "OFL.txt": ROOT / "desktop" / "resources" / "fonts" / "OFL.txt",
}
MARKER_TEXT = """\
SỔ HỘI — BẢN DI ĐỘNG (chạy từ USB)

Tệp này cho Sổ Hội biết nó đang chạy ở chế độ di động. Khi có tệp này bên cạnh chương trình:

- dữ liệu của đơn vị nằm trong thư mục "data" ở ngay đây (cơ sở dữ liệu đã mã hóa, tệp khóa);
- nhật ký, bản sao lưu tự động và tệp tạm cũng nằm trong "data" (data/logs, data/backups,
  data/tmp); chương trình không ghi gì vào máy tính đang dùng;
- cơ sở dữ liệu ghi thẳng xuống USB sau mỗi lần lưu, để rút USB ra không làm hỏng dữ liệu.
  Dù vậy, hãy đóng Sổ Hội rồi mới rút USB.

Cách dùng: chép cả thư mục này vào USB, rồi mở {program}. Lần đầu, chương trình hỏi tạo đơn vị
mới. Mã khôi phục hiện ra một lần: hãy in ra và cất giữ.
Kiểm tra chương trình chạy được trên máy này: mở cửa sổ dòng lệnh ở thư mục này và gõ
    {program} --self-test

Không xóa hay đổi tên tệp này: thiếu nó, Sổ Hội sẽ tìm dữ liệu trong máy tính thay vì trên USB.
Đừng xóa thư mục "data": đó là toàn bộ dữ liệu của đơn vị (hãy sao lưu thường xuyên).

Giấy phép: chương trình theo GPL-3.0-or-later (LICENSE.txt); phông chữ Liberation theo
SIL Open Font License 1.1 (OFL.txt).
"""


def version() -> str:
    """The project's version, from pyproject.toml (as the spec reads it)."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]["version"]


def os_tag() -> str:
    """`windows`, `linux` or `macos`: the suffix of the file names."""
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")


def exe_suffix() -> str:
    return ".exe" if sys.platform == "win32" else ""


def run_pyinstaller(mode: str, distpath: Path, workpath: Path) -> None:
    """PyInstaller on packaging/sohoi.spec; `mode` is both, onedir or onefile."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(distpath),
        "--workpath",
        str(workpath),
        "--",
        "--mode",
        mode,
    ]
    subprocess.run(command, check=True, cwd=ROOT)


def make_portable(onedir: Path, dest: Path) -> Path:
    """The portable layout in `dest` (replaced): the one-folder program, the marker, an empty
    `data/` folder and the licences. `dest` is returned."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(onedir, dest, symlinks=True)
    program = NAME + exe_suffix()
    (dest / PORTABLE_MARKER).write_text(
        MARKER_TEXT.format(program=program), encoding="utf-8", newline="\r\n"
    )
    (dest / PORTABLE_DATA).mkdir()
    for name, source in LICENCES.items():
        shutil.copyfile(source, dest / name)
    return dest


def zip_folder(folder: Path, zip_path: Path) -> Path:
    """`folder` zipped into `zip_path` under its own name, empty folders and file modes kept
    (the executable bit, for Linux's `unzip`); written to a temporary name, then renamed."""
    partial = zip_path.with_name(zip_path.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted([folder, *folder.rglob("*")]):
            if path.is_symlink():
                raise ValueError(f"symbolic link in the portable folder: {path}")
            arcname = Path(folder.name, path.relative_to(folder)).as_posix()
            zf.write(path, arcname)
    os.replace(partial, zip_path)
    return zip_path


def unzip_keeping_modes(zip_path: Path, dest: Path) -> None:
    """Unpack a zip made by `zip_folder`, restoring file modes as `unzip` does (Python's
    zipfile does not): for tests and scripts on Linux."""
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            target = Path(zf.extract(info, dest))
            mode = info.external_attr >> 16
            if mode and not info.is_dir():
                target.chmod(stat.S_IMODE(mode))


def tree_size(path: Path) -> int:
    """Bytes of every file under `path` (or of the file itself)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    """Build; print what was made with its size. The exit code."""
    parser = argparse.ArgumentParser(prog="packaging/build.py", description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=("both", "onedir", "onefile"), default="both")
    parser.add_argument("--distpath", type=Path, default=ROOT / "dist")
    parser.add_argument("--workpath", type=Path, default=ROOT / "build")
    parser.add_argument(
        "--no-portable", action="store_true", help="skip the portable folder and its zip"
    )
    args = parser.parse_args(argv)
    distpath, workpath = args.distpath.resolve(), args.workpath.resolve()
    started = time.monotonic()
    run_pyinstaller(args.mode, distpath, workpath)

    info: dict[str, object] = {"version": version(), "os": os_tag(), "python": sys.version}
    made: dict[str, Path] = {}
    if args.mode in ("both", "onedir"):
        made["onedir"] = distpath / NAME
        if not args.no_portable:
            portable = make_portable(distpath / NAME, distpath / PORTABLE_NAME)
            made["portable"] = portable
            made["portable_zip"] = zip_folder(
                portable, distpath / f"{PORTABLE_NAME}-{version()}-{os_tag()}.zip"
            )
    if args.mode in ("both", "onefile"):
        made["onefile"] = distpath / f"{NAME}-{version()}-{os_tag()}{exe_suffix()}"
    info["seconds"] = round(time.monotonic() - started, 1)
    info["artifacts"] = {
        kind: {"path": str(path), "bytes": tree_size(path)} for kind, path in made.items()
    }
    (distpath / "build-info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    for kind, path in made.items():
        print(f"{kind:<13} {tree_size(path) / 2**20:7.1f} MiB  {path}")
    print(f"built in {info['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
