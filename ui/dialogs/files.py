"""Choosing files and folders, and the "Đã lưu … [Mở]" line shown after a file is written.

Qt's own file dialog (not the platform's) is used everywhere: it looks the same on every
machine, and it also works offscreen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from ui import strings

DIALOG_OPTIONS = QFileDialog.Option.DontUseNativeDialog


def pick_folder(parent: QWidget, start: str = "") -> Path | None:
    """A folder chosen by the person, or None."""
    chosen = QFileDialog.getExistingDirectory(
        parent, strings.CHOOSE_FOLDER, start, DIALOG_OPTIONS | QFileDialog.Option.ShowDirsOnly
    )
    return Path(chosen) if chosen else None


def pick_save_path(parent: QWidget, start: str, file_filter: str) -> Path | None:
    """Where to write a new file, or None."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, strings.CHOOSE_FILE, start, file_filter, "", DIALOG_OPTIONS
    )
    return Path(chosen) if chosen else None


def pick_open_path(parent: QWidget, file_filter: str) -> Path | None:
    """An existing file to read, or None."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, strings.CHOOSE_FILE, "", file_filter, "", DIALOG_OPTIONS
    )
    return Path(chosen) if chosen else None


def open_in_system(path: Path) -> bool:
    """Open a file or folder with the program the computer uses for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class SavedLine(QWidget):
    """ "Đã lưu …" and a "Mở" button for the file just written; hidden until there is one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.label = QLabel()
        self.label.setObjectName("savedPath")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(self.label.textInteractionFlags())
        self.open_button = QPushButton(strings.OPEN)
        self.open_button.clicked.connect(self.open)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, stretch=1)
        layout.addWidget(self.open_button)
        self.hide()

    def show_path(self, path: Path, text: str) -> None:
        """Say `text` about `path`, with the button to open it."""
        self.path = path
        self.label.setText(text)
        self.show()

    def open(self) -> None:
        """Open the file with the computer's program for it."""
        if self.path is not None:
            open_in_system(self.path)
