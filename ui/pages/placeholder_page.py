"""The page of a section that is not built yet: its name and a polite note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui import strings
from ui.pages import Page


class PlaceholderPage(Page):
    """Says, in Vietnamese, that the section `title` is coming in a later version."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderPage")
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        badge = QLabel(strings.COMING_SOON_TITLE)
        badge.setObjectName("comingSoonBadge")
        self.message = QLabel(strings.coming_soon(title))
        self.message.setObjectName("comingSoonText")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addWidget(badge, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addStretch(1)
