"""Small pieces the first-start pages share: a page with a heading, a labelled field."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class StepPage(QWidget):
    """A step of the wizard: its heading, an introduction, then its own widgets.

    `changed` fires when what `ready()` answers may have changed.
    """

    changed = Signal()

    def __init__(self, heading: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(heading)
        self.heading.setObjectName("sectionHeading")
        self.intro = QLabel(intro)
        self.intro.setObjectName("dialogIntro")
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(6)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.intro)
        self.body.addSpacing(6)

    def ready(self) -> bool:
        """Whether "Tiếp tục" may be pressed."""
        return True

    def enter(self) -> None:
        """Called when the page comes on screen: the cursor goes where typing starts."""


def message_label() -> QLabel:
    """The red line under a field saying what is wrong (empty when nothing is)."""
    label = QLabel()
    label.setObjectName("fieldMessage")
    label.setProperty("severity", "error")
    label.setWordWrap(True)
    return label
