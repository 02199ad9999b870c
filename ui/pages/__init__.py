"""The pages of the main window, one module per section, all built on `Page`."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class Page(QWidget):
    """A section of the main window; `refresh` redraws it from the database."""

    def refresh(self) -> None:
        """Re-read what the page shows (after a change elsewhere). Nothing by default."""
