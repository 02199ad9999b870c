"""Benchmarks print ratios against a baseline measured in the same run (machines are noisy)."""

import time
from contextlib import contextmanager

import pytest


class Report:
    def __init__(self):
        self.lines = []

    def add(self, text: str) -> None:
        self.lines.append(text)
        print("\n  " + text, flush=True)


@pytest.fixture(scope="session")
def report():
    r = Report()
    yield r
    print("\n\n=== Sổ Hội benchmarks ===")
    for line in r.lines:
        print("  " + line)


@contextmanager
def timed():
    box = {}
    start = time.perf_counter()
    yield box
    box["s"] = time.perf_counter() - start


def best_of(n, fn):
    """The fastest of n runs of fn(): seconds, result."""
    best, result = float("inf"), None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result
