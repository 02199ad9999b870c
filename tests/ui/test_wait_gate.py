"""The countdown after failed passwords, on a fake clock: per account, rounded up, then gone."""

from __future__ import annotations

import pytest

from tests.ui.conftest import FakeClock
from ui.wait_gate import WaitGate, without_wait_sentence


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_a_held_account_waits_whole_seconds_rounded_up(qapp, clock):
    gate = WaitGate(clock=clock)
    assert gate.seconds_left("admin") == 0
    gate.hold("admin", 4.2)
    assert gate.seconds_left("admin") == 5
    assert gate.seconds_left("xem") == 0  # the delay is per account
    clock.now += 4.0
    assert gate.seconds_left("admin") == 1
    clock.now += 0.3
    assert gate.seconds_left("admin") == 0


def test_the_gate_ticks_while_waiting_and_stops_after(qapp, qtbot, clock):
    gate = WaitGate(clock=clock)
    gate.hold("admin", 2)
    assert gate.is_running()
    clock.now += 3
    with qtbot.waitSignal(gate.changed, timeout=2000):
        pass
    assert not gate.is_running()
    assert gate.seconds_left("admin") == 0


def test_no_wait_holds_nothing(qapp, clock):
    gate = WaitGate(clock=clock)
    gate.hold("admin", 0)
    assert not gate.is_running()


@pytest.mark.parametrize(
    ("message", "left"),
    [
        (
            "Sai tên đăng nhập hoặc mật khẩu. Đã nhập sai nhiều lần. Hãy đợi 5 giây rồi thử lại.",
            "Sai tên đăng nhập hoặc mật khẩu.",
        ),
        ("Đã nhập sai nhiều lần. Hãy đợi 300 giây rồi thử lại.", ""),
        ("Sai tên đăng nhập hoặc mật khẩu.", "Sai tên đăng nhập hoặc mật khẩu."),
    ],
)
def test_the_fixed_wait_sentence_gives_way_to_the_live_countdown(message, left):
    assert without_wait_sentence(message) == left
