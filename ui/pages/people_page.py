"""Tìm người: a person anywhere below the upper level, by name without tones, citizen ID or
phone. Read-only; only for roles that may see personal data (the window hides the section
from the others, and the search itself refuses them: desktop/units/people.py).

The query runs ~300 ms after the last key, in the background; results come a page at a time
as the list is scrolled (ui/models/people_model.py).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.security.session import Session
from ui import strings
from ui.models.people_model import PeopleModel
from ui.pages import Page
from ui.widgets.read_only_table import read_only_table

DEBOUNCE_MS = 300


class PeoplePage(Page):
    """The search box, a line on what was found, and the results."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peoplePage")
        self.session = session
        heading = QLabel(strings.PEOPLE_HEADING)
        heading.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setObjectName("peopleSearch")
        self.search.setPlaceholderText(strings.PEOPLE_SEARCH)
        self.search.setClearButtonEnabled(True)
        self.search_box = self.search
        self.add_shortcut("Ctrl+F", self.focus_search)
        self.summary = QLabel(strings.PEOPLE_HINT)
        self.summary.setObjectName("note")
        self.summary.setWordWrap(True)

        self.model = PeopleModel(session, self)
        self.table = QTableView()
        self.table.setObjectName("peopleTable")
        self.table.setModel(self.model)
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((240, 130, 200, 260)):
            self.table.setColumnWidth(column, width)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.run_search)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(self.search)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, stretch=1)

        self.search.textChanged.connect(lambda _text: self.debounce.start())
        self.search.returnPressed.connect(self.run_search)
        self.model.searching.connect(lambda: self.summary.setText(strings.PEOPLE_SEARCHING))
        self.model.page_loaded.connect(self._show_count)
        self.model.failed.connect(
            lambda reason: self.summary.setText(strings.people_failed(reason))
        )

    def run_search(self) -> None:
        """Search for what the box holds now (the debounce's end, or Enter)."""
        self.debounce.stop()
        text = self.search.text()
        if text.strip() == self.model.query() and self.model.rowCount():
            return
        self.model.set_query(text)
        if not text.strip():
            self.summary.setText(strings.PEOPLE_HINT)

    def _show_count(self) -> None:
        count = self.model.rowCount()
        if count == 0:
            self.summary.setText(strings.PEOPLE_NONE)
        else:
            self.summary.setText(strings.people_found(count, self.model.more()))

    def refresh(self) -> None:
        """After an unlock: the same query again, from its first page."""
        if self.model.query():
            self.model.set_query(self.model.query())
