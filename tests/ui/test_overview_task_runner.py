"""The task runner the overview's data checks use: results on the UI thread, Cancel, the delay."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from db.progress import WorkCancelled
from ui.task_runner import DIALOG_DELAY_MS, TaskRunner


@pytest.fixture
def runner(app) -> TaskRunner:
    return TaskRunner()


def dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]


def visible_dialogs() -> list[QProgressDialog]:
    return [d for d in dialogs() if d.isVisible()]


def test_the_result_comes_back_on_the_ui_thread(runner, qtbot):
    seen: dict[str, object] = {}

    def work(progress, cancelled):
        seen["worker"] = threading.current_thread()
        progress(1, 2, "")
        return sum(range(1000))

    def done(result):
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    runner.start(work, on_done=done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=3000)
    assert seen["result"] == 499500
    assert seen["callback"] is threading.main_thread()
    assert seen["worker"] is not threading.main_thread()
    assert runner.running() == 0


def test_an_exception_goes_to_on_failed(runner, qtbot):
    failures: list[BaseException] = []

    def work(progress, cancelled):
        raise ValueError("hỏng")

    runner.start(work, on_done=lambda r: None, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=3000)
    assert isinstance(failures[0], ValueError) and str(failures[0]) == "hỏng"


def test_short_work_shows_no_progress_dialog(runner, qtbot):
    done: list[object] = []
    runner.start(lambda p, c: time.sleep(0.05) or "ok", on_done=done.append, label="Đang làm…")
    qtbot.waitUntil(lambda: bool(done), timeout=3000)
    qtbot.wait(DIALOG_DELAY_MS + 100)
    assert done == ["ok"] and visible_dialogs() == []


def test_long_work_shows_the_dialog_late_and_its_cancel_stops_the_task(runner, qtbot):
    cancelled_seen: list[bool] = []
    outcome: list[str] = []

    def work(progress, cancelled):
        for n in range(300):
            if cancelled():
                cancelled_seen.append(True)
                raise WorkCancelled
            progress(n, 300, "")
            time.sleep(0.01)
        return "xong"

    started = time.monotonic()
    handle = runner.start(
        work,
        on_done=outcome.append,
        on_cancelled=lambda: outcome.append("hủy"),
        label="Đang kiểm tra dữ liệu…",
    )
    qtbot.wait(DIALOG_DELAY_MS // 2)
    assert visible_dialogs() == []  # not before the delay
    qtbot.waitUntil(lambda: bool(visible_dialogs()), timeout=3000)
    assert time.monotonic() - started >= DIALOG_DELAY_MS / 1000
    [dialog] = visible_dialogs()
    assert dialog.labelText().startswith("Đang kiểm tra dữ liệu…")
    [cancel] = dialog.findChildren(QPushButton)
    assert cancel.text() == "Hủy"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(outcome), timeout=3000)
    assert outcome == ["hủy"] and cancelled_seen == [True]
    assert handle.is_cancelled()
    qtbot.waitUntil(lambda: visible_dialogs() == [], timeout=2000)
