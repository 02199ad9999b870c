"""db/prefetch.py: items come in order, the first stage's error comes where it happened, and a
reader that stops early leaves no thread behind."""

import threading

import pytest

from db.prefetch import Prefetch


def test_items_come_in_order():
    with Prefetch(iter(range(1000))) as ahead:
        assert list(ahead) == list(range(1000))


def test_an_error_of_the_first_stage_is_raised_after_the_items_before_it():
    def items():
        yield from range(5)
        raise ValueError("line 6")

    seen = []
    with pytest.raises(ValueError, match="line 6"), Prefetch(items()) as ahead:
        seen.extend(ahead)
    assert seen == [0, 1, 2, 3, 4]


def test_a_reader_that_stops_early_stops_the_thread():
    made = []

    def items():
        for i in range(10_000):
            made.append(i)
            yield i

    with pytest.raises(RuntimeError), Prefetch(items(), depth=2) as ahead:
        for i in ahead:
            if i == 3:
                raise RuntimeError("the reader's own error")
    assert not any(t.name == "prefetch" for t in threading.enumerate())
    assert len(made) < 10  # read a few items ahead, not to the end
