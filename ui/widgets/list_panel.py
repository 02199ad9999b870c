"""The list half of a table page: title, "Thêm …", search, filters, the table, the count line.

The panel drives a `RecordTableModel`: typing in the search box filters as each key is pressed
(tones and case ignored), each filter is a drop-down (branch, status, party membership …), a
click on a column heading sorts by it, and a right click on the headings shows or hides
columns (the personal ones, such as the citizen ID, start hidden). Enter or a double click
opens the record; Delete asks to delete it. The page decides what opening and deleting do.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.lists import ListSpec
from db.schema import choice_label
from ui import strings
from ui.models.record_table_model import RecordTableModel, column_label
from ui.widgets.combos import roomy, type_ahead
from ui.widgets.read_only_table import read_only_list

# Typical width of a column's content, in average characters, by field kind.
_CHARS = {
    "name": 24,
    "ref": 20,
    "text": 18,
    "enum": 17,
    "enum_list": 22,
    "text_list": 20,
    "date": 10,
    "birth_date": 7,
    "phone": 11,
    "citizen_id": 12,
    "money": 12,
    "int": 7,
    "year": 6,
    "bool": 6,
}


class RecordTable(QTableView):
    """The table of a list: Delete asks to delete the current record."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.currentIndex().isValid():
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class ListPanel(QWidget):
    """Search, filters and table over `model`; `open_requested` carries a record id."""

    add_requested = Signal()
    open_requested = Signal(str)
    delete_requested = Signal(str)
    import_requested = Signal()  # "Nhập từ Excel…"
    export_requested = Signal()  # "Xuất Excel…"

    def __init__(
        self,
        spec: ListSpec,
        model: RecordTableModel,
        *,
        title: str,
        can_write: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("listPanel")
        self.spec = spec
        self.model = model

        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.add_button = QPushButton(strings.add_record(spec.noun))
        self.add_button.setObjectName("primaryButton")
        self.add_button.setToolTip(strings.ADD_TIP)
        self.add_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.add_button.setVisible(can_write)
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(strings.SEARCH_PLACEHOLDER)
        self.search.setAccessibleName(strings.SEARCH_NAME)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(heading)
        top.addWidget(self.search, stretch=1)
        top.addWidget(self.add_button)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.filters: dict[str, QComboBox] = {}
        for name in spec.filters:
            label = QLabel(column_label(spec, name) + ":")
            label.setObjectName("filterLabel")
            combo = roomy(QComboBox())
            combo.setObjectName("filterBox")
            combo.setAccessibleName(label.text())
            wide = spec.field(name).kind == "ref"
            if wide:
                type_ahead(combo)  # "dong" finds "Chi hội Thôn Đông"
            combo.setMinimumContentsLength(18 if wide else 10)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            label.setBuddy(combo)
            self._fill_filter(name, combo, [])
            combo.currentIndexChanged.connect(lambda _i, n=name: self._filter_changed(n))
            if self.filters:
                filters.addSpacing(14)
            filters.addWidget(label)
            filters.addWidget(combo)
            self.filters[name] = combo
        filters.addStretch(1)

        self.table = self._make_table()
        self.count = QLabel()
        self.count.setObjectName("countLine")
        # Beside the count, where there is room even in the narrowest window; the page shows
        # them when the list can be imported or exported and the role allows it.
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, stretch=1)
        self.import_button = QPushButton(strings.SHEET_IMPORT_ACTION)
        self.import_button.setToolTip(strings.SHEET_IMPORT_TIP)
        self.export_button = QPushButton(strings.SHEET_EXPORT_ACTION)
        self.export_button.setToolTip(strings.SHEET_EXPORT_TIP)
        for button in (self.import_button, self.export_button):
            button.setObjectName("secondaryButton")
            button.hide()
            bottom.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, stretch=1)
        layout.addLayout(bottom)

        self.add_button.clicked.connect(self.add_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.search.textChanged.connect(self._search_changed)
        self.table.activated.connect(self._activated)
        self.table.delete_pressed.connect(self._delete_pressed)
        self.model.modelReset.connect(self.update_count)
        self.update_count()

    # -- the table ---------------------------------------------------------------------------

    def _make_table(self) -> RecordTable:
        table = setup_record_table(RecordTable(), self.spec, self.model)
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        table.setTabKeyNavigation(False)  # Tab leaves the table, as in the rest of the window
        return table

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setTitle(strings.COLUMNS_MENU)
        for n, name in enumerate(self.spec.columns):
            label = column_label(self.spec, name)
            if self.spec.field(name).personal and name in self.spec.hidden:
                label = strings.personal_column(label)
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(n))
            action.toggled.connect(lambda on, c=n: self.table.setColumnHidden(c, not on))
            menu.addAction(action)
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def column_shown(self, name: str) -> bool:
        """Whether column `name` is on screen."""
        return not self.table.isColumnHidden(self.spec.columns.index(name))

    # -- search and filters ------------------------------------------------------------------

    def set_branches(self, choices: list[tuple[str, str]]) -> None:
        """Fill the branch filter with the unit's branches; the choice made stays."""
        for name, combo in self.filters.items():
            if self.spec.field(name).kind == "ref":
                self._fill_filter(name, combo, choices)

    def _fill_filter(self, name: str, combo: QComboBox, branches: list[tuple[str, str]]) -> None:
        field = self.spec.field(name)
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(strings.FILTER_ALL, None)
        if field.kind == "ref":
            for branch_id, branch_name in branches:
                combo.addItem(branch_name, branch_id)
        elif field.kind == "bool":
            combo.addItem(strings.YES, 1)
            combo.addItem(strings.NO, 0)
        else:
            for choice in field.choices:
                combo.addItem(choice_label(self.spec.table, name, choice), choice)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if current is not None and index < 0:
            self._filter_changed(name)  # the branch chosen is gone: show all again

    def _filter_changed(self, name: str) -> None:
        self.model.set_filter(name, self.filters[name].currentData())
        self.update_count()

    def _search_changed(self, text: str) -> None:
        self.model.set_search(text)
        self.update_count()

    def update_count(self) -> None:
        """Say how many records are shown of how many."""
        total, shown = self.model.total_count(), self.model.shown_count()
        self.count.setText(strings.list_count(shown, total, self.spec.noun))

    # -- records -----------------------------------------------------------------------------

    def current_record_id(self) -> str | None:
        """The id of the selected record, if any."""
        index = self.table.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def select_record(self, record_id: str | None) -> bool:
        """Select and show `record_id`'s row; False when it is not in the list as filtered."""
        row = self.model.row_of(record_id) if record_id else -1
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.record_id(index.row()))

    def _delete_pressed(self) -> None:
        record_id = self.current_record_id()
        if record_id is not None and not self.add_button.isHidden():  # hidden: a viewer
            self.delete_requested.emit(record_id)


def setup_record_table[T: QTableView](table: T, spec: ListSpec, model: RecordTableModel) -> T:
    """`table` made a read-only list over `model`: fixed row heights (Qt never measures 20,000
    rows), columns as wide as their kind of value, personal ones hidden, sorted as the model."""
    table.setObjectName("recordTable")
    table.setModel(model)
    read_only_list(table, single_selection=True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setSortIndicatorShown(True)
    metrics = table.fontMetrics()
    for n, name in enumerate(spec.columns):
        kind = spec.field(name).kind
        text = column_label(spec, name)
        content = metrics.averageCharWidth() * _CHARS.get(kind, 14) + 24
        table.setColumnWidth(n, max(content, metrics.horizontalAdvance(text) + 44))
        table.setColumnHidden(n, name in spec.hidden)
    column, order = model.sort_column()
    header.setSortIndicator(column, order)
    table.setSortingEnabled(True)  # sorts once now, by the indicator
    return table
