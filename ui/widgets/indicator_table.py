"""The indicators drawn as a table with a bar per indicator: the overview's, and a unit's below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui.models.indicator_table_model import Column, IndicatorTableModel
from ui.widgets.indicator_bar import COLUMN_WIDTH, IndicatorBarDelegate

ROW_PADDING = 14  # pixels added to a line of text for a row of the indicators table


def indicator_table(model: IndicatorTableModel) -> QTableView:
    """A read-only view of `model`: one line per indicator, its value drawn as a bar."""
    table = QTableView()
    table.setObjectName("indicatorTable")
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    # One line per indicator, all rows alike; a label too long for the column is elided and
    # shown whole in its tooltip.
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setShowGrid(False)
    table.setItemDelegateForColumn(Column.VALUE, IndicatorBarDelegate(table))
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + ROW_PADDING)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(Column.INDICATOR, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(Column.VALUE, QHeaderView.ResizeMode.Fixed)
    table.setColumnWidth(Column.VALUE, COLUMN_WIDTH)
    return table
