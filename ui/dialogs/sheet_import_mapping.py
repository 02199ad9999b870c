"""The import wizard's column choices: one drop-down per column of the sheet.

Each drop-down offers the list's fields by their Vietnamese labels and "Không đọc cột này", and
starts on the service's guess (`desktop.spreadsheets.headers.map_columns`). A change is sent as
`changed`, with every column's choice by letter: the dialog runs the dry run again with them
(the command line's `--map`). Widgets only.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.spreadsheets.headers import IGNORED, field_choices
from desktop.spreadsheets.report import ImportPlan
from ui import strings

MAX_HEIGHT = 170  # pixels; more columns scroll
PER_ROW = 3  # columns of the sheet side by side


class ColumnMapping(QWidget):
    """The sheet's columns and what each is read into."""

    changed = Signal(dict)  # letter → field (IGNORED for a column not read)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[str, QComboBox] = {}
        self.heading = QLabel(strings.SHEET_MAPPING_HEADING)
        self.heading.setObjectName("note")
        self.inner = QWidget()
        self.grid = QGridLayout(self.inner)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.area = QScrollArea()
        self.area.setWidget(self.inner)
        self.area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.area)

    def show_plan(self, plan: ImportPlan) -> None:
        """One drop-down per column, on the plan's reading of it."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = {}
        choices = field_choices(plan.table)
        for n, column in enumerate(plan.columns):
            header = column.header or strings.SHEET_NO_HEADER
            label = QLabel(f"{column.letter} “{header}”")
            combo = QComboBox()
            combo.setAccessibleName(f"{column.letter} {header}")
            combo.addItem(strings.SHEET_COLUMN_NOT_READ, IGNORED)
            for name, text in choices:
                combo.addItem(text, name)
            at = combo.findData(column.field) if column.field else 0
            combo.setCurrentIndex(max(at, 0))
            combo.currentIndexChanged.connect(self._changed)
            label.setBuddy(combo)
            row, col = divmod(n, PER_ROW)
            self.grid.addWidget(label, row, col * 2)
            self.grid.addWidget(combo, row, col * 2 + 1)
            self.combos[column.letter] = combo
        # As tall as its rows (none cut in half), up to MAX_HEIGHT, then it scrolls.
        frame = 2 * self.area.frameWidth()
        self.area.setFixedHeight(min(self.grid.sizeHint().height() + frame, MAX_HEIGHT))

    def choices(self) -> dict[str, str]:
        """Every column's choice, by letter."""
        return {letter: str(combo.currentData()) for letter, combo in self.combos.items()}

    def _changed(self, _index: int) -> None:
        self.changed.emit(self.choices())
