"""`python -m desktop`, run as a person or `make run` would, in a separate process."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from desktop.demo.unit import DEMO_PASSWORD
from tests.ui.conftest import ADMIN, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
LOGIN_SIZE = (720, 680)  # ui.login_window.LoginWindow's first size
MAIN_SIZE = (1180, 720)  # ui.main_window.MainWindow's
FIRST_START_SIZE = (820, 680)  # ui.first_start.wizard.FirstStartWindow's, within 1366×700


def run_desktop(
    *args: str, password: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    for name in ("SOHOI_DATA", "SOHOI_USER", "SOHOI_PASSWORD"):
        env.pop(name, None)
    if password is not None:
        env["SOHOI_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def image_size(path: Path) -> tuple[int, int]:
    image = QImage(str(path))
    assert not image.isNull(), path
    return image.width(), image.height()


def test_a_folder_without_a_unit_opens_the_first_start_wizard_and_creates_nothing(tmp_path):
    empty = tmp_path / "chưa có gì"
    shot = tmp_path / "bắt đầu.png"
    done = run_desktop("--data", str(empty), "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr
    assert image_size(shot) == FIRST_START_SIZE
    assert "Traceback" not in done.stderr + done.stdout
    assert not (empty / "sohoi.db").exists()  # the wizard writes only at "Tạo đơn vị"


def test_a_damaged_unit_is_refused_in_vietnamese_without_traceback(tmp_path):
    broken = tmp_path / "hỏng"
    broken.mkdir()
    (broken / "sohoi.db").write_bytes(b"\0" * 4096)
    (broken / "sohoi.keys").write_text("không phải JSON", encoding="utf-8")
    done = run_desktop("--data", str(broken))
    assert done.returncode == 2
    assert "sohoi.keys" in done.stderr and "bị hỏng" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert (broken / "sohoi.keys").read_text(encoding="utf-8") == "không phải JSON"


def test_without_a_password_the_screenshot_is_the_login_window(unit_dir, tmp_path):
    shot = tmp_path / "đăng nhập.png"
    done = run_desktop("--data", str(unit_dir), "--user", ADMIN, "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr
    assert image_size(shot) == LOGIN_SIZE


def test_user_and_password_sign_in_without_the_login_window(unit_dir, tmp_path):
    shot = tmp_path / "cửa sổ.png"
    done = run_desktop(
        "--data", str(unit_dir), "--user", ADMIN, "--screenshot", str(shot), password=PASSWORD
    )
    assert done.returncode == 0, done.stderr
    assert image_size(shot) == MAIN_SIZE


def test_a_wrong_password_in_the_environment_is_refused_without_traceback(unit_dir, tmp_path):
    shot = tmp_path / "x.png"
    done = run_desktop(
        "--data", str(unit_dir), "--user", ADMIN, "--screenshot", str(shot), password="sai-sai-sai"
    )
    assert done.returncode == 2
    assert "Sai tên đăng nhập hoặc mật khẩu." in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not shot.exists()


def test_demo_if_empty_creates_the_demo_then_signs_in_with_its_documented_password(tmp_path):
    data = tmp_path / "demo"
    shot = tmp_path / "demo.png"
    done = run_desktop(
        "--data",
        str(data),
        "--demo-if-empty",
        "--user",
        "admin",
        "--screenshot",
        str(shot),
        password="sohoi-demo",
    )
    assert done.returncode == 0, done.stderr
    assert (data / "sohoi.db").exists()
    assert image_size(shot) == MAIN_SIZE

    # A second start finds the unit and leaves it as it was; without a password, the login.
    before = {p.name: p.read_bytes() for p in data.glob("sohoi.*")}
    again = run_desktop("--data", str(data), "--demo-if-empty", "--screenshot", str(shot))
    assert again.returncode == 0, again.stderr
    assert image_size(shot) == LOGIN_SIZE
    assert {p.name: p.read_bytes() for p in data.glob("sohoi.*")} == before


def test_the_demo_hint_is_given_for_the_demo_only(app, tmp_path, unit_dir, monkeypatch):
    from desktop.demo import unit as demo
    from ui import app as ui_app
    from ui import run as gui

    given: list[dict] = []

    def fake_run(data_dir, **options):
        given.append(options)
        return 0

    monkeypatch.setattr(ui_app, "run", fake_run)
    monkeypatch.setattr(demo, "create_demo", functools.partial(demo.create_demo, members=30))

    assert gui.main(["--data", str(unit_dir)]) == 0
    assert gui.main(["--data", str(tmp_path / "mẫu"), "--demo-if-empty"]) == 0
    assert [g["hint"] for g in given] == [
        None,
        f"Dữ liệu mẫu: tài khoản admin, mật khẩu {DEMO_PASSWORD}",
    ]
    assert all(g["session"] is None for g in given)  # no password: the login window


def test_without_a_console_the_refusal_is_a_message_box(app, tmp_path, monkeypatch):
    # The frozen Windows build has no console: sys.stderr is None there.
    from ui import app as ui_app
    from ui import run as gui

    shown = []
    monkeypatch.setattr(ui_app.QMessageBox, "critical", lambda *a: shown.append(a[1:]))
    broken = tmp_path / "hỏng"
    broken.mkdir()
    (broken / "sohoi.db").write_bytes(b"\0" * 4096)
    (broken / "sohoi.keys").write_text("không phải JSON", encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", None)
    assert gui.main(["--data", str(broken)]) == 2
    [(title, message)] = shown
    assert title == "Không mở được dữ liệu"
    assert "sohoi.keys" in message and "bị hỏng" in message


def test_the_login_window_starts_without_the_database_and_report_libraries():
    """The window's light start (docs/PERFORMANCE.md: ≤ 1.5× a bare Qt window): the modules the
    login window needs load none of the libraries a signed-in session uses."""
    code = (
        "import sys; import ui.run, ui.app, ui.login_window; "
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in "
        "('sqlite_utils', 'reportlab', 'openpyxl', 'sqlcipher3') or m == 'db.indicators'))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == []
