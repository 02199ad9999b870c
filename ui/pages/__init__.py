"""The pages of the main window, one module per section, all built on `Page`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget


class Page(QWidget):
    """A section of the main window; `refresh` redraws it from the database.

    A page that points at a record elsewhere (the overview's data problems) emits
    `open_record_requested(table, id)`; the window shows that table's page and calls its
    `open_record(id)`. A page that writes or reads packages emits `sync_state_changed`: the
    status bar says at once what was last sent and received.
    """

    open_record_requested = Signal(str, str)
    sync_state_changed = Signal()
    search_box: QLineEdit | None = None  # where Ctrl+F puts the cursor, if the page has one

    def add_shortcut(self, keys: str, slot: Callable[[], object]) -> QShortcut:
        """`keys` calling `slot` wherever the focus is on this page (not only in its table)."""
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def focus_search(self) -> None:
        """Ctrl+F: the cursor in the page's search or filter box, its text selected."""
        if self.search_box is not None:
            self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search_box.selectAll()

    def save_form(self) -> None:
        """Ctrl+S: save the form on the page, if one is open. Nothing by default."""

    def refresh(self) -> None:
        """Re-read what the page shows (after a change elsewhere). Nothing by default."""

    def open_record(self, record_id: str) -> None:
        """Show record `record_id` of the page's table. Nothing by default."""
