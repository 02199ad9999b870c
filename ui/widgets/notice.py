"""A line at the top of a page saying what just happened: saved, deleted, undone, refused."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class Notice(QLabel):
    """One sentence, coloured by `severity` (info, warning, error); hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageNotice")
        self.setWordWrap(True)
        self.hide()

    def say(self, text: str, severity: str = "info") -> None:
        """Show `text` until the next one."""
        self.setText(text)
        self.setProperty("severity", severity)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    def clear_notice(self) -> None:
        """Nothing to say any more."""
        self.clear()
        self.hide()
