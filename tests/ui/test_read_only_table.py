"""The set-up every read-only table shares (ui/widgets/read_only_table.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget

from ui.widgets.read_only_table import ROW_PADDING, read_only_list, read_only_table


def test_a_read_only_table_cannot_be_edited_and_selects_whole_rows(qtbot):
    table = read_only_table(QTableWidget(2, 2))
    qtbot.addWidget(table)
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert table.alternatingRowColors() and table.verticalHeader().isHidden()


def test_a_long_list_has_one_line_per_row_at_a_fixed_height(qtbot):
    table = read_only_list(QTableView(), single_selection=True)
    qtbot.addWidget(table)
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert not table.wordWrap() and not table.showGrid()
    rows = table.verticalHeader()
    assert rows.isHidden()
    assert rows.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert rows.defaultSectionSize() == table.fontMetrics().height() + ROW_PADDING
    other = read_only_list(QTableView(), row_padding=2)
    qtbot.addWidget(other)
    assert other.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
