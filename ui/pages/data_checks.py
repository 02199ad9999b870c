"""The data checks of the overview (`db.checks.check_all`), run off the UI thread.

`check_all` reads every record of the unit and re-runs every rule: ~0.7 s for a commune of
20,000 members, too long to freeze the window for. The session's SQLite connection belongs to
the UI thread, so the worker reads through a private read-only connection of its own
(ui/task_store.py), made on the UI thread while the session is unlocked. Nothing is copied: the
checks stream each table from the database, so the window holds no second copy of the records
(the snapshot this replaced doubled the peak memory of a large commune).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.checks import Finding, check_all
from db.progress import Cancelled, Progress, WorkCancelled
from desktop.security.session import Session
from ui.task_store import TaskStore

# Rank of a table in the findings list: the unit, then people, then the rest.
_SEVERITY_RANK = {"error": 0, "warning": 1}


@dataclass
class CheckJob:
    """What the worker needs, made on the UI thread: a connection to open, the unit, the day."""

    source: TaskStore
    unit_code: str
    today: date

    def discard(self) -> None:
        """Forget the key without opening (the job never ran)."""
        self.source.discard()


def prepare_checks(session: Session) -> CheckJob:
    """The data checks of the session's unit, to run in a worker (`run_checks`)."""
    store = session.store
    return CheckJob(TaskStore(session), store.unit_code or "", store.today())


def run_checks(job: CheckJob, progress: Progress, cancelled: Cancelled) -> list[Finding]:
    """Every finding of `check_all`: errors first, then warnings (worker side)."""
    if cancelled():
        job.discard()
        raise WorkCancelled
    with job.source as store:
        progress(0, 1, "")
        findings = check_all(store.db, job.unit_code, today=job.today)
    if cancelled():
        raise WorkCancelled
    progress(1, 1, "")
    # Stable: check_all's own order (table by table) is kept within each severity.
    return sorted(findings, key=lambda f: _SEVERITY_RANK.get(f.problem.severity, 2))
