"""The main window: a navigation list on the left, the chosen section's page on the right.

The window only assembles pages; what a section shows and does lives in its page module under
ui/pages/. A section is built the first time it is opened, so start-up pays only for Tổng quan.
Adding a section: write its page, then map its key to a factory in `PAGE_FACTORIES`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from db.store import Store
from ui import strings
from ui.pages import Page
from ui.pages.overview_page import OverviewPage
from ui.pages.placeholder_page import PlaceholderPage
from ui.unit_info import UnitInfo, load_unit_info

PageFactory = Callable[[Store, UnitInfo], Page]

# The sections that are built; every other key of strings.SECTIONS shows a placeholder.
PAGE_FACTORIES: dict[str, PageFactory] = {
    "overview": OverviewPage,
}

SectionKeyRole = Qt.ItemDataRole.UserRole + 1


class MainWindow(QMainWindow):
    """The window of one open unit."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.unit = load_unit_info(store)
        self.setObjectName("mainWindow")
        self.setWindowTitle(strings.window_title(self.unit.name))
        self.resize(1180, 720)
        self.setMinimumSize(QSize(860, 520))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(strings.NAVIGATION_NAME)
        self.navigation.setFixedWidth(210)
        self.navigation.setUniformItemSizes(True)
        for key, label in strings.SECTIONS.items():
            item = QListWidgetItem(label)
            item.setData(SectionKeyRole, key)
            self.navigation.addItem(item)

        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self._page_of: dict[str, Page] = {}

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, stretch=1)
        self.setCentralWidget(central)

        self.unit_status = QLabel(strings.status_unit(self.unit.name, self.unit.code))
        self.unit_status.setObjectName("unitStatus")
        self.statusBar().addPermanentWidget(self.unit_status)

        self.navigation.currentRowChanged.connect(self._show_row)
        self.navigation.setCurrentRow(0)

    # -- sections --------------------------------------------------------------------------

    def section_keys(self) -> list[str]:
        """The keys of the sections, in navigation order."""
        return list(strings.SECTIONS)

    def current_section(self) -> str:
        """The key of the section on screen."""
        item = self.navigation.currentItem()
        return item.data(SectionKeyRole) if item is not None else ""

    def show_section(self, key: str) -> Page:
        """Bring section `key` on screen, selected in the navigation; its page."""
        self.navigation.setCurrentRow(self.section_keys().index(key))
        return self.page(key)

    def page(self, key: str) -> Page:
        """The page of section `key`, built on first use."""
        page = self._page_of.get(key)
        if page is None:
            factory = PAGE_FACTORIES.get(key)
            if factory is not None:
                page = factory(self.store, self.unit)
            else:
                page = PlaceholderPage(strings.SECTIONS[key])
            self._page_of[key] = page
            self.pages.addWidget(page)
        return page

    def _show_row(self, row: int) -> None:
        if 0 <= row < self.navigation.count():
            key = self.navigation.item(row).data(SectionKeyRole)
            self.pages.setCurrentWidget(self.page(key))
