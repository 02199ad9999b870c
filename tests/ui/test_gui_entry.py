"""`python -m desktop`, run as a person or `make run` would, in a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def run_desktop(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    env.pop("SOHOI_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def test_a_folder_without_a_unit_is_refused_in_vietnamese_without_traceback(tmp_path):
    empty = tmp_path / "không có gì"
    done = run_desktop("--data", str(empty))
    assert done.returncode == 2
    assert "Chưa có dữ liệu đơn vị" in done.stderr
    assert str(empty) in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (empty / "sohoi.db").exists()  # refusing creates nothing


def test_the_window_opens_on_an_existing_unit(unit_dir, tmp_path):
    shot = tmp_path / "cửa sổ.png"
    done = run_desktop("--data", str(unit_dir), "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert image.width() >= 860 and image.height() >= 520


def test_demo_if_empty_creates_the_demo_unit_then_opens_it(tmp_path):
    data = tmp_path / "demo"
    shot = tmp_path / "demo.png"
    done = run_desktop("--data", str(data), "--demo-if-empty", "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr
    assert (data / "sohoi.db").exists()
    assert not QImage(str(shot)).isNull()

    # A second start finds the unit and leaves it as it was.
    before = (data / "sohoi.db").stat().st_size
    again = run_desktop("--data", str(data), "--demo-if-empty", "--screenshot", str(shot))
    assert again.returncode == 0, again.stderr
    assert (data / "sohoi.db").stat().st_size == before


def test_without_a_console_the_refusal_is_a_message_box(app, tmp_path, monkeypatch):
    # The frozen Windows build has no console: sys.stderr is None there.
    from desktop import gui
    from ui import app as ui_app

    shown = []
    monkeypatch.setattr(ui_app.QMessageBox, "critical", lambda *a: shown.append(a[1:]))
    monkeypatch.setattr(sys, "stderr", None)
    assert gui.main(["--data", str(tmp_path / "trống")]) == 2
    [(title, message)] = shown
    assert title == "Không mở được dữ liệu"
    assert "Chưa có dữ liệu đơn vị" in message
