"""Shared test set-up: Qt offscreen (without it pytest dies with no message), benchmarks apart,
and a cheap Argon2id for every key made in the tests (see `cheap_kdf`)."""

import os
import tempfile
from collections.abc import Iterator

import pytest

from desktop.security.crypto import KdfParams

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The log of in-process runs goes to a throwaway folder, not the developer's own.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="sohoi-test-state-")

# Benchmarks run with `make bench` only (SOHOI_BENCH=1), fuzz targets with `make check` only
# (SOHOI_FUZZ=1): never in `make test`.
collect_ignore_glob = [] if os.environ.get("SOHOI_BENCH") else ["bench/*"]
if not os.environ.get("SOHOI_FUZZ"):
    collect_ignore_glob.append("fuzz/*")

CHEAP_KDF = {"iterations": 1, "lanes": 1, "memory_cost": 8 * 1024}
_REAL_FRESH = KdfParams.fresh.__func__  # type: ignore[attr-defined]


@pytest.fixture(scope="session", autouse=True)
def cheap_kdf() -> Iterator[None]:
    """Keys made in the tests use 1 pass over 8 MiB instead of 3 over 64 MiB (~0.15 s each):
    the tests are about what the keys protect, and the real cost would be most of their time.
    The parameters are stored with each wrap, so a process started by a test opens them alike.
    Tests of the real cost ask for `real_kdf`; benchmarks always measure the real one."""
    if os.environ.get("SOHOI_BENCH"):
        yield
        return

    def fresh(cls: type[KdfParams], **kw: int) -> KdfParams:
        return _REAL_FRESH(cls, **{**CHEAP_KDF, **kw})

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(KdfParams, "fresh", classmethod(fresh))
        yield


@pytest.fixture
def real_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program's own Argon2id parameters for this test."""
    monkeypatch.setattr(KdfParams, "fresh", classmethod(_REAL_FRESH))
