"""The pages of the main window, one module per section, all built on `Page`."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class Page(QWidget):
    """A section of the main window; `refresh` redraws it from the database.

    A page that points at a record elsewhere (the overview's data problems) emits
    `open_record_requested(table, id)`; the window shows that table's page and calls its
    `open_record(id)`.
    """

    open_record_requested = Signal(str, str)

    def refresh(self) -> None:
        """Re-read what the page shows (after a change elsewhere). Nothing by default."""

    def open_record(self, record_id: str) -> None:
        """Show record `record_id` of the page's table. Nothing by default."""
