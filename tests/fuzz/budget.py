"""What every fuzz target shares: a bounded run (examples, a deadline per example, and a wall
clock cap per target), and the mutations of real inputs (bit flips, truncations, length fields).

Fuzz targets run with `make check` (SOHOI_FUZZ=1), not with `make test`.
"""

from __future__ import annotations

import struct
import time
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SECONDS_PER_TARGET = 8.0  # the wall clock cap of one target, whatever max_examples says
EXAMPLE_DEADLINE = timedelta(seconds=5)  # one input: refused or read within this


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=EXAMPLE_DEADLINE,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
        print_blob=True,
    )


class Budget:
    """A wall clock cap: `spent()` is true once a target has run its time; the examples after
    it pass without work (hypothesis has no time limit of its own)."""

    def __init__(self, seconds: float = SECONDS_PER_TARGET):
        self.seconds = seconds
        self.started: float | None = None

    def spent(self) -> bool:
        now = time.monotonic()
        if self.started is None:
            self.started = now
        return now - self.started > self.seconds


def _flip(data: bytes, where: int, bit: int) -> bytes:
    if not data:
        return data
    b = bytearray(data)
    b[where % len(b)] ^= 1 << bit
    return bytes(b)


def _truncate(data: bytes, where: int) -> bytes:
    return data[: where % (len(data) + 1)]


def _length(data: bytes, where: int, value: int) -> bytes:
    """Overwrite a big-endian 32-bit field (the container's lengths) with another value."""
    if len(data) < 4:
        return data
    at = where % (len(data) - 3)
    return data[:at] + struct.pack(">I", value) + data[at + 4 :]


def _splice(data: bytes, where: int, junk: bytes) -> bytes:
    at = where % (len(data) + 1)
    return data[:at] + junk + data[at:]


def _cut_out(data: bytes, where: int, size: int) -> bytes:
    at = where % (len(data) + 1)
    return data[:at] + data[at + size :]


_MUTATION = st.one_of(
    st.tuples(st.just(_flip), st.integers(0, 2**31), st.integers(0, 7)),
    st.tuples(st.just(_truncate), st.integers(0, 2**31)),
    st.tuples(
        st.just(_length),
        st.integers(0, 2**31),
        st.sampled_from([0, 1, 63, 64, 65, 2**16, 2**18, 2**31, 2**32 - 1])
        | st.integers(0, 2**32 - 1),
    ),
    st.tuples(st.just(_splice), st.integers(0, 2**31), st.binary(max_size=64)),
    st.tuples(st.just(_cut_out), st.integers(0, 2**31), st.integers(1, 64)),
)
mutations = st.lists(_MUTATION, min_size=1, max_size=4)


def mutate(data: bytes, steps: list[tuple]) -> bytes:
    for fn, *args in steps:
        data = fn(data, *args)
    return data
