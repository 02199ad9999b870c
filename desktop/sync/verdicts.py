"""What an import says: a `Verdict` for each file, the run's `ImportResult`, and the `Tally` its
progress lines show (rows so far and their rate), for the window and the command line alike.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Verdict:
    path: Path
    # accepted, duplicate, receipt, rejected; pending: a first package whose device is not
    # approved here (nothing read)
    status: str
    reason: str = ""
    unit: str | None = None
    device: str | None = None
    seq: int | None = None
    rows: int = 0

    @property
    def ok(self) -> bool:
        return self.status != "rejected"


@dataclass
class ImportResult:
    verdicts: list[Verdict] = field(default_factory=list)
    receipts: list[Path] = field(default_factory=list)
    cancelled: bool = False  # stopped between packages: the rest are for the next time
    # The first stage's child process died and the files from then on were taken in this one
    # (desktop/sync/first_stage.py): the same outcome, slower.
    child_lost: bool = False

    @property
    def ok(self) -> bool:
        return all(v.ok for v in self.verdicts)


@dataclass
class Tally:
    """The rows one run has taken so far, and their rate: what its progress lines say."""

    rows: int = 0
    start: float = field(default_factory=time.perf_counter)

    def add(self, verdict: Verdict) -> None:
        self.rows += verdict.rows

    @property
    def rate(self) -> int:
        """Rows per second since the run started."""
        return int(self.rows / max(time.perf_counter() - self.start, 1e-6))
