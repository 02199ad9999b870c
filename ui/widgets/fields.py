"""Labelled fields shared by the dialogs and the first-start wizard."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget


def field_label(text: str, buddy: QWidget) -> QLabel:
    """A label above a field, which Alt+letter and screen readers tie to it."""
    label = QLabel(text)
    label.setObjectName("fieldLabel")
    label.setBuddy(buddy)
    return label


def password_field(name: str) -> QLineEdit:
    """A field that hides what is typed, named for screen readers."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field
