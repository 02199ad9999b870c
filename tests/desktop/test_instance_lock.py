"""One Sổ Hội per data folder: a second one is told so in Vietnamese; a killed holder frees it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.installation.instance_lock import LOCK_FILENAME, AlreadyRunning, InstanceLock
from desktop.installation.setup import NewUnit, create_unit

PASSWORD = "mat-khau-thu"
MESSAGE = (
    "Sổ Hội đang mở dữ liệu này ở một cửa sổ khác (tiến trình {pid}). "
    "Hãy dùng cửa sổ đó, hoặc đóng nó trước."
)


def test_a_second_holder_is_refused_until_the_first_lets_go(tmp_path):
    first = InstanceLock(tmp_path).acquire()
    assert first.held
    assert (tmp_path / LOCK_FILENAME).read_text(encoding="ascii") == f"{os.getpid()}\n"

    second = InstanceLock(tmp_path)
    with pytest.raises(AlreadyRunning) as refused:
        second.acquire()
    assert refused.value.pid == os.getpid()
    assert str(refused.value) == MESSAGE.format(pid=os.getpid())
    assert not second.held

    first.release()
    with InstanceLock(tmp_path) as third:
        assert third.held
    assert not third.held
    assert (tmp_path / LOCK_FILENAME).exists()  # kept: removing it would allow two holders


def test_a_missing_folder_is_created_only_when_asked(tmp_path):
    lock = InstanceLock(tmp_path / "none", create=False).acquire()
    assert not lock.held and not (tmp_path / "none").exists()

    with InstanceLock(tmp_path / "new" / "data") as lock:
        assert lock.held and (tmp_path / "new" / "data" / LOCK_FILENAME).is_file()


def test_an_unknown_holder_is_still_refused_with_the_message(tmp_path):
    with InstanceLock(tmp_path):
        (tmp_path / LOCK_FILENAME).write_text("", encoding="ascii")  # id not written yet
        with pytest.raises(AlreadyRunning) as refused:
            InstanceLock(tmp_path).acquire()
    assert refused.value.pid is None
    assert str(refused.value).startswith("Sổ Hội đang mở dữ liệu này ở một cửa sổ khác. ")


def sohoi(*argv: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "SOHOI_PASSWORD": PASSWORD}
    env.pop("SOHOI_USER", None)
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "cli", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        **kwargs,
    )


def wait_for_holder(lock_file: Path, pid: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the holder ended early: {proc.communicate()}")
        if lock_file.exists() and lock_file.read_text(encoding="ascii").strip() == str(pid):
            return
        time.sleep(0.02)
    pytest.fail("the holder never took the lock")


def test_a_second_sohoi_is_refused_with_exit_2_until_the_first_is_killed(tmp_path):
    data = tmp_path / "unit"
    unit = NewUnit(code="X1", name="Hội LHPN xã Tân Phú", level="commune", parent_code="P1")
    create_unit(data, unit, admin_password=PASSWORD).session.close()

    # The holder signs in, then waits for its NDJSON on standard input: a command in progress.
    holder = sohoi("load", "--data", str(data), "-", stdin=subprocess.PIPE)
    try:
        wait_for_holder(data / LOCK_FILENAME, holder.pid, holder)
        second = sohoi("indicators", "--data", str(data))
        out, err = second.communicate(timeout=30)
        assert second.returncode == 2, (out, err)
        assert err.strip() == MESSAGE.format(pid=holder.pid)
        assert out == ""

        holder.kill()  # SIGKILL on POSIX: no clean-up code runs, the kernel drops the lock
        holder.communicate(timeout=10)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.communicate()

    third = sohoi("indicators", "--data", str(data))
    out, err = third.communicate(timeout=30)
    assert third.returncode == 0, err
    assert "Chỉ tiêu" in out
