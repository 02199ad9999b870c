"""The set-up every read-only table of the window shares: whole rows selected, no editing,
alternating row colours, no row numbers; for long lists also one line per row at a fixed height
(Qt never measures 20,000 rows), long text elided, no grid. A tree (the centre's units, its
provinces opening onto their communes) gets the lists' row height too (`list_rows`)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
)

ROW_PADDING = 14  # pixels added to a line of text for a table row


def read_only_table[T: QTableView](table: T) -> T:
    """`table` made read-only: rows selected whole, no editing, alternating colours, no row
    numbers."""
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


def read_only_list[T: QTableView](
    table: T, *, single_selection: bool = False, row_padding: int = ROW_PADDING
) -> T:
    """`table` made a read-only list (`read_only_table`) of one line per row: no word wrap,
    long text elided, no grid, rows of a fixed height, header sections not highlighted."""
    read_only_table(table)
    if single_selection:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setShowGrid(False)
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(row_height(table, row_padding))
    table.horizontalHeader().setHighlightSections(False)
    return table


def row_height(view: QAbstractItemView, row_padding: int = ROW_PADDING) -> int:
    """The height of a list's row in `view`: a line of its text and the padding."""
    return view.fontMetrics().height() + row_padding


class _RowHeight(QStyledItemDelegate):
    """Cells as tall as a list's rows; drawn as Qt draws them."""

    def __init__(self, view: QTreeView, height: int) -> None:
        super().__init__(view)
        self.height = height

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), self.height))


def list_rows[T: QTreeView](tree: T) -> T:
    """`tree`'s rows as tall as the lists' (`read_only_list`): a tree has no vertical header
    to set, and its own rows are a line of text with no room around it."""
    tree.setUniformRowHeights(True)
    tree.setItemDelegate(_RowHeight(tree, row_height(tree)))
    return tree
