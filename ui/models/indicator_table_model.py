"""The indicators of a unit as a read-only table: one row per indicator, figures formatted.

The model holds the `Indicator` values that `db.indicators.compute_indicators` returned and formats
them the Vietnamese way (`45,13%`, `13.752`) through the same functions the reports use, so the
window and the printed report never disagree on a figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from db.indicators import Indicator, format_value
from db.text import format_count
from ui import strings

Index = QModelIndex | QPersistentModelIndex

# The indicator itself, for views and tests that want more than the text.
IndicatorRole = Qt.ItemDataRole.UserRole + 1

MET_FOREGROUND = QColor("#1b6e3a")
MET_BACKGROUND = QColor("#e3f4e8")
UNMET_FOREGROUND = QColor("#a4262c")
UNMET_BACKGROUND = QColor("#fbe9ea")

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter


class Column(IntEnum):
    """The columns, in display order."""

    INDICATOR = 0
    NUMERATOR = 1
    DENOMINATOR = 2
    VALUE = 3
    TARGET = 4
    MET = 5


HEADERS = {
    Column.INDICATOR: strings.COL_INDICATOR,
    Column.NUMERATOR: strings.COL_NUMERATOR,
    Column.DENOMINATOR: strings.COL_DENOMINATOR,
    Column.VALUE: strings.COL_VALUE,
    Column.TARGET: strings.COL_TARGET,
    Column.MET: strings.COL_MET,
}
NUMBER_COLUMNS = {Column.NUMERATOR, Column.DENOMINATOR, Column.VALUE, Column.TARGET}


def cell_text(ind: Indicator, column: Column) -> str:
    """What a cell shows: numbers in Vietnamese notation, "—" where there is nothing to show."""
    match column:
        case Column.INDICATOR:
            return ind.label
        case Column.NUMERATOR:
            return format_count(ind.numerator)
        case Column.DENOMINATOR:
            return (
                strings.NOT_APPLICABLE if ind.denominator is None else format_count(ind.denominator)
            )
        case Column.VALUE:
            return strings.NOT_APPLICABLE if ind.value is None else format_value(ind)
        case Column.TARGET:
            if ind.target is None:
                return strings.NOT_APPLICABLE
            # A target is written like the value it is compared with (a percentage or a count).
            return format_value(replace(ind, value=ind.target))
        case Column.MET:
            if ind.met is None:
                return strings.NOT_APPLICABLE
            return strings.MET if ind.met else strings.NOT_MET
    raise ValueError(column)


def alignment(column: Column) -> Qt.AlignmentFlag:
    """Numbers right-aligned (digits line up), the verdict centred, the label left."""
    if column in NUMBER_COLUMNS:
        return _RIGHT
    return _CENTRE if column == Column.MET else _LEFT


def cell_brush(ind: Indicator, column: Column, role: int) -> QBrush | None:
    """Green for a met target, red for a missed one: the value's text and the verdict's cell."""
    if ind.met is None:
        return None
    if role == Qt.ItemDataRole.ForegroundRole and column in (Column.VALUE, Column.MET):
        return QBrush(MET_FOREGROUND if ind.met else UNMET_FOREGROUND)
    if role == Qt.ItemDataRole.BackgroundRole and column == Column.MET:
        return QBrush(MET_BACKGROUND if ind.met else UNMET_BACKGROUND)
    return None


class IndicatorTableModel(QAbstractTableModel):
    """A read-only table over a list of indicators; `set_indicators` replaces them all."""

    def __init__(self, indicators: Sequence[Indicator] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._indicators: list[Indicator] = list(indicators)

    # -- content ---------------------------------------------------------------------------

    def set_indicators(self, indicators: Sequence[Indicator]) -> None:
        """Show a new set of indicators (after a recomputation)."""
        self.beginResetModel()
        self._indicators = list(indicators)
        self.endResetModel()

    def indicator(self, row: int) -> Indicator:
        """The indicator shown on `row`."""
        return self._indicators[row]

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._indicators)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return alignment(column)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Returning None for an unhandled role is safe on Python 3.12 with PySide6 6.12; on 3.11
        # the same release aborts the process (docs/ARCHITECTURE.md), hence the project needs 3.12.
        if not index.isValid() or index.row() >= len(self._indicators):
            return None
        ind = self._indicators[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(ind, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return alignment(column)
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            return cell_brush(ind, column, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return strings.indicator_tooltip(ind.label, ind.as_of)
        if role == IndicatorRole:
            return ind
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
