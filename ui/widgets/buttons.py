"""The button row at the foot of a dialog: a secondary action, then the main one on the right."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton


def button_row(secondary: str, primary: str) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """(the row, its secondary button, its primary button — the default, pressed by Enter)."""
    second = QPushButton(secondary)
    second.setObjectName("secondaryButton")
    main = QPushButton(primary)
    main.setObjectName("primaryButton")
    main.setDefault(True)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(second)
    row.addWidget(main)
    return row, second, main
