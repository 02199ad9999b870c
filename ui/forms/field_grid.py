"""The fields of a form laid out in two columns, each with its label and its message line.

Fields come in the table's order (`db.schema`), left to right and down, so Tab moves through
them as they are read; long ones (an address, a note, a list of roles) take the full width.
Under each field a line says what is wrong with it: red for an error, amber for a warning.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from db.schema import Field, Table
from db.validation import Problem
from ui import strings
from ui.forms.field_editors import Editor, MultiChoiceEditor, make_editor

# Fields given the whole width of the form.
WIDE_FIELDS = frozenset({"address", "note", "description", "topic", "url", "concurrent_roles"})


class FieldBlock:
    """One field on the form: its label, its editor and its message line."""

    def __init__(self, table: str, field: Field, changed: Callable[[], None]) -> None:
        self.field = field
        self.editor: Editor = make_editor(table, field, changed)
        self.widget = QWidget()
        self.widget.setObjectName("fieldBlock")
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.label: QLabel | None = None
        if field.kind != "bool":  # a check box carries its own label
            text = field.label + (strings.REQUIRED_MARK if field.required else "")
            self.label = QLabel(text)
            self.label.setObjectName("formLabel")
            self.label.setBuddy(self.editor.focus_widget())
            layout.addWidget(self.label)
        layout.addWidget(self.editor.widget)
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.editor.focus_widget().setAccessibleName(field.label)

    def show_problems(self, problems: list[Problem]) -> None:
        """Say under the field what is wrong (errors before warnings), or nothing."""
        if not problems:
            self.message.hide()
            self.message.clear()
            self._mark("")
            return
        problems = sorted(problems, key=lambda p: p.severity != "error")
        severity = problems[0].severity
        self.message.setText("\n".join(sentence(p.message) for p in problems))
        self.message.setProperty("severity", severity)
        self._mark(severity)
        self.message.show()

    def _mark(self, severity: str) -> None:
        for widget in (self.message, self.editor.widget):
            if widget.property("severity") != severity or widget is self.message:
                widget.setProperty("severity", severity)
                widget.style().unpolish(widget)
                widget.style().polish(widget)


def sentence(message: str) -> str:
    """A problem's message as a sentence of its own: capital first letter."""
    return message[:1].upper() + message[1:] if message else message


def build_grid(spec: Table, changed: Callable[[], None]) -> tuple[QWidget, dict[str, FieldBlock]]:
    """The grid of every field of `spec`; the blocks by field name, in the table's order."""
    grid_widget = QWidget()
    grid_widget.setObjectName("fieldGrid")
    grid = QGridLayout(grid_widget)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(28)
    grid.setVerticalSpacing(12)
    grid.setColumnStretch(0, 1)
    grid.setColumnStretch(1, 1)
    blocks: dict[str, FieldBlock] = {}
    row, column = 0, 0
    for field in spec.fields:
        block = FieldBlock(spec.name, field, changed)
        blocks[field.name] = block
        if field.name in WIDE_FIELDS or field.kind == "enum_list":
            if column:
                row, column = row + 1, 0
            grid.addWidget(block.widget, row, 0, 1, 2)
            row += 1
            continue
        grid.addWidget(block.widget, row, column)
        row, column = (row, 1) if column == 0 else (row + 1, 0)
    grid.setRowStretch(row + 1, 1)
    previous: QWidget | None = None
    for block in blocks.values():  # Tab follows the fields, whatever the grid did
        widget = block.editor.focus_widget()
        if previous is not None:
            QWidget.setTabOrder(previous, widget)
        previous = widget
        if isinstance(block.editor, MultiChoiceEditor):  # each of its boxes in turn
            for box in list(block.editor.boxes.values())[1:]:
                QWidget.setTabOrder(previous, box)
                previous = box
    return grid_widget, blocks
