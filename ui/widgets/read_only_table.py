"""The set-up every read-only table of the window shares: whole rows selected, no editing,
alternating row colours, no row numbers; for long lists also one line per row at a fixed height
(Qt never measures 20,000 rows), long text elided, no grid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

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
    rows.setDefaultSectionSize(table.fontMetrics().height() + row_padding)
    table.horizontalHeader().setHighlightSections(False)
    return table
