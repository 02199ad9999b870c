"""The frame of a dialog that asks for a few things then does one: an introduction, the fields,
a red line for what was refused, and Hủy / the action (the accounts' and the periods' dialogs).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from ui import strings
from ui.password_prompt import FIELD_HEIGHT
from ui.widgets.buttons import button_row
from ui.widgets.fields import field_label


class FormDialog(QDialog):
    """A dialog of labelled fields, a red line for what is wrong, and Hủy / the action.

    Subclasses put their fields in `fields` (`add_field` for a labelled one) and do the work in
    `submit`, calling `show_error` and returning when it was refused, `accept` when done.
    """

    def __init__(
        self, title: str, intro: str, action: str, parent: QWidget | None, *, width: int = 500
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(width)
        self.intro = QLabel(intro)
        self.intro.setObjectName("dialogIntro")
        self.intro.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons, self.cancel, self.confirm = button_row(strings.CANCEL, action)
        self.fields = QVBoxLayout()
        self.fields.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(6)
        layout.addWidget(self.intro)
        layout.addSpacing(10)
        layout.addLayout(self.fields, stretch=1)
        layout.addWidget(self.error)
        layout.addSpacing(10)
        layout.addLayout(self.buttons)
        self.cancel.clicked.connect(self.reject)
        self.confirm.clicked.connect(self.submit)

    def add_field(self, text: str, field: QWidget) -> None:
        field.setMinimumHeight(FIELD_HEIGHT)
        if not field.accessibleName():
            field.setAccessibleName(text)
        self.fields.addWidget(field_label(text, field))
        self.fields.addWidget(field)
        self.fields.addSpacing(4)

    def show_error(self, message: str, focus: QWidget | None = None) -> None:
        """Why nothing was done, in red; the cursor to the field to mend."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        if focus is not None:
            focus.setFocus()

    def submit(self) -> None:
        """Check the fields and do the work; accept only when it was done."""
