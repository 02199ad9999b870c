"""`sohoi --self-test` from the source tree: every check passes, failures are lines (never a
traceback) with exit code 1, and nothing is left behind — in portable mode not even outside
the stick. The frozen program's self-test: tests/packaging/test_build.py."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from desktop.installation import selftest
from tests.desktop.test_portable import Host

ROOT = Path(__file__).resolve().parents[2]
LABELS = [label for label, _ in selftest.CHECKS] + ["Dọn thư mục tạm"]


def run_cli(*argv: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOI_")}
    env.update(QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "desktop", "cli", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_every_check_passes_from_source(tmp_path):
    done = run_cli("--self-test", tmp=tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(":")[0].split(maxsplit=1)[1] for line in lines[:-1]] == LABELS
    assert all(line.startswith("OK ") for line in lines[:-1]), done.stdout
    assert lines[-1].startswith(f"Tự kiểm tra: {len(LABELS)} đạt, 0 lỗi.")
    assert "nền offscreen" in done.stdout  # the window was opened, headless
    assert not list(tmp_path.glob(f"{selftest.TEMP_PREFIX}*")), "the temporary unit stayed"


def test_a_command_beside_the_self_test_is_refused(tmp_path):
    done = run_cli("--self-test", "indicators", "--data", str(tmp_path), tmp=tmp_path)
    assert done.returncode == 2
    assert "--self-test" in done.stderr


def test_in_portable_mode_everything_stays_on_the_stick(tmp_path):
    host = Host(tmp_path, marker=True)

    out = host.run("--self-test", QT_QPA_PLATFORM="offscreen")

    assert "0 lỗi" in out
    host.assert_host_untouched()
    assert not list((host.data / "tmp").glob(f"{selftest.TEMP_PREFIX}*"))
    assert "command self-test ended" in (host.data / "logs" / "sohoi.log").read_text("utf-8")


@pytest.fixture
def no_window(monkeypatch):
    """The checks without the window one (this process may have no Qt to spare)."""
    checks = tuple((label, check) for label, check in selftest.CHECKS if label != "Mở cửa sổ chính")
    monkeypatch.setattr(selftest, "CHECKS", checks)
    return checks


def test_a_failing_check_is_a_line_and_exit_code_1(no_window, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken_export(state):
        raise OSError("ổ đĩa đầy")

    checks = tuple(
        (label, broken_export if check is selftest.check_export else check)
        for label, check in no_window
    )
    monkeypatch.setattr(selftest, "CHECKS", checks)
    out = io.StringIO()

    code = selftest.cmd_self_test(None, out)

    lines = out.getvalue().splitlines()
    assert code == selftest.EXIT_FAILED
    export = next(line for line in lines if "Xuất gói đồng bộ" in line)
    assert export.startswith("LỖI") and "OSError: ổ đĩa đầy" in export
    imported = next(line for line in lines if "Nhập gói đồng bộ" in line)
    assert imported.startswith("LỖI") and "chưa xuất được gói" in imported
    assert next(line for line in lines if "Ghi và đọc" in line).startswith("OK")
    assert "Traceback" not in out.getvalue()
    assert not list(tmp_path.iterdir()), "the temporary unit stayed after a failure"


def test_the_flag_is_on_the_root_of_sohoi():
    from desktop.cli.main import build_parser

    action = build_parser()._option_string_actions["--self-test"]
    assert action.help and "tự kiểm tra" in action.help


def test_without_a_window_check_the_window_line_says_so(tmp_path):
    """desktop/ never imports ui/: the window check comes from the entry point, or not at all."""
    unit = object()
    state = selftest._State(tmp_path, central=unit, province=unit, commune=unit)  # type: ignore[arg-type]

    with pytest.raises(selftest.Blocked, match="không có cửa sổ"):
        selftest.check_window(state)
