"""The indicators drawn as a table with a bar per indicator: the overview's, and a unit's below."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView

from ui.models.indicator_table_model import Column, IndicatorTableModel
from ui.widgets.indicator_bar import COLUMN_WIDTH, IndicatorBarDelegate
from ui.widgets.read_only_table import read_only_list


def indicator_table(model: IndicatorTableModel) -> QTableView:
    """A read-only view of `model`: one line per indicator, its value drawn as a bar."""
    table = QTableView()
    table.setObjectName("indicatorTable")
    table.setModel(model)
    # One line per indicator, all rows alike; a label too long for the column is elided and
    # shown whole in its tooltip.
    read_only_list(table, single_selection=True)
    table.setItemDelegateForColumn(Column.VALUE, IndicatorBarDelegate(table))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(Column.INDICATOR, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(Column.VALUE, QHeaderView.ResizeMode.Fixed)
    table.setColumnWidth(Column.VALUE, COLUMN_WIDTH)
    return table
