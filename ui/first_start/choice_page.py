"""The first step: create a new unit, or restore one from a backup."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QLabel, QRadioButton, QWidget

from ui import strings
from ui.first_start.common import StepPage

CREATE, RESTORE = "create", "restore"


class ChoicePage(StepPage):
    """Two choices, each with a sentence saying when it is the right one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(strings.FIRST_START_WELCOME, strings.FIRST_START_INTRO, parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for choice, text, note in (
            (CREATE, strings.CHOICE_CREATE, strings.CHOICE_CREATE_NOTE),
            (RESTORE, strings.CHOICE_RESTORE, strings.CHOICE_RESTORE_NOTE),
        ):
            button = QRadioButton(text)
            button.setObjectName("choiceButton")
            explanation = QLabel(note)
            explanation.setObjectName("note")
            explanation.setWordWrap(True)
            explanation.setContentsMargins(26, 0, 0, 10)
            self.group.addButton(button)
            self.buttons[choice] = button
            self.body.addWidget(button)
            self.body.addWidget(explanation)
        self.buttons[CREATE].setChecked(True)
        self.body.addStretch(1)

    def choice(self) -> str:
        """CREATE or RESTORE."""
        return next(c for c, b in self.buttons.items() if b.isChecked())

    def enter(self) -> None:
        self.buttons[self.choice()].setFocus()
