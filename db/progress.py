"""How a long piece of work reports and stops: its progress and cancel callables, and the one
exception it raises when the person cancels (docs/ARCHITECTURE.md, "Design decisions").

A service takes `progress(done, total, label)` and `cancelled()`; when `cancelled()` answers
True it raises `WorkCancelled` and leaves nothing half done. The write path, the spreadsheet
import, the reports and the window's tasks (ui/task_runner.py) all use these.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class WorkCancelled(Exception):
    """The person cancelled a long piece of work; nothing was saved or written."""
