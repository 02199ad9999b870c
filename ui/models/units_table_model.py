"""The units below an upper level as a table (a tree at the centre: provinces, then communes).

One row per `desktop.units.table.UnitRow`: code, name, last package, days since, missing
packages, alarms, the chosen reporting period's state (at the centre a province's with how many
of its communes closed), then every indicator of db/indicators.py, formatted the Vietnamese way
and coloured against its target like the overview's indicators. The period's states come once
per period chosen (`set_period`, a `desktop.periods.summary.PeriodProgress` of every unit below)
and each cell looks its unit up by code. The rows are units, not people
(~98 at a province, 34 at the centre), so the model holds them all; a province's communes, at
the centre, are asked for when the province is opened (`children_wanted`) and arrive with
`set_children`. Sorting and filtering are `UnitsFilterModel`'s, over this model.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from db.indicators import INDICATOR_IDS, LABELS, Indicator, format_value
from db.periods import STATE_LABELS, Period
from db.text import fold, text_key
from desktop.periods.summary import PeriodProgress, UnitPeriod
from desktop.units.table import UnitRow
from ui import strings
from ui.models.indicator_table_model import (
    MET_BACKGROUND,
    MET_FOREGROUND,
    UNMET_BACKGROUND,
    UNMET_FOREGROUND,
)

Index = QModelIndex | QPersistentModelIndex

UnitRowRole = Qt.ItemDataRole.UserRole + 1  # the UnitRow of a line
ExportRole = Qt.ItemDataRole.UserRole + 2  # a cell as written to Excel (numbers as numbers)

FIXED = len(strings.UNITS_COLUMNS)  # code, name, last package, days, missing, alarms
CODE, NAME, LAST, DAYS, MISSING, ALARMS = range(FIXED)
PERIOD = FIXED  # the chosen period's state
INDICATORS = FIXED + 1  # the first indicator's column
PERIOD_ORDER = ("open", "late", "corrected", "closed")  # the period's column, sorted ascending
HEADER_LINE = 18  # characters per line of an indicator's header
FIXED_HEADER_LINE = 10  # of the other headers: "Lần nhận / cuối" keeps its column narrow
HEADER_LINES = 3
_TOP = 0  # internal id of a top-level row; a child's is its parent's row + 1

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def header_text(label: str, width: int = HEADER_LINE) -> str:
    """A header's label on at most HEADER_LINES lines of `width` characters, the rest elided."""
    lines = textwrap.wrap(label, width)
    if len(lines) > HEADER_LINES:
        lines = [*lines[: HEADER_LINES - 1], lines[HEADER_LINES - 1] + "…"]
    return "\n".join(lines)


def indicator_of(row: UnitRow, column: int) -> Indicator | None:
    if column < INDICATORS:
        return None
    ind_id = INDICATOR_IDS[column - INDICATORS]
    return next((i for i in row.indicators if i.id == ind_id), None)


def cell_text(row: UnitRow, column: int) -> str:
    match column:
        case 0:
            return row.code
        case 1:
            return row.name
        case 2:
            return strings.format_day(row.last_received) if row.reported else strings.UNITS_NEVER
        case 3:
            return "—" if row.days_since is None else str(row.days_since)
        case 4:
            return str(row.missing_packages)
        case 5:
            return str(row.alarms)
    ind = indicator_of(row, column)
    return "—" if ind is None else format_value(ind)


def sort_key(row: UnitRow, column: int) -> tuple:
    """What a column sorts by: numbers as numbers (none last), names the Vietnamese way."""
    match column:
        case 0:
            return (0, row.code)
        case 1:
            return (0, text_key(row.name))
        case 2:
            return (0, row.last_received) if row.reported else (1, "")
        case 3:
            return (0, row.days_since) if row.days_since is not None else (1, 0)
        case 4:
            return (0, row.missing_packages)
        case 5:
            return (0, row.alarms)
    ind = indicator_of(row, column)
    return (0, ind.value) if ind is not None and ind.value is not None else (1, 0)


def export_value(row: UnitRow, column: int) -> str | int | float | None:
    """A cell as the Excel export writes it: counts and values as numbers, the rest as shown."""
    if column in (DAYS, MISSING, ALARMS):
        return None if column == DAYS and row.days_since is None else int(cell_text(row, column))
    if column >= INDICATORS:
        ind = indicator_of(row, column)
        return None if ind is None else ind.value
    return cell_text(row, column)


def period_text(unit: UnitPeriod) -> str:
    """A unit's state for the period; for a unit above communes, how many of them closed."""
    counts = None if unit.level == "commune" else (unit.communes_closed, unit.communes)
    return strings.period_cell(STATE_LABELS[unit.state], counts)


def period_sort_key(unit: UnitPeriod | None) -> tuple:
    """Those not closed first (then late, corrected, closed); at the centre, by how many of a
    province's communes closed."""
    if unit is None:
        return (len(PERIOD_ORDER), 0.0)
    share = unit.communes_closed / unit.communes if unit.communes else 0.0
    return (PERIOD_ORDER.index(unit.state), share)


class UnitsTableModel(QAbstractItemModel):
    """The units below; at the centre (`expandable`) each province opens onto its communes."""

    children_wanted = Signal(str)  # a province was opened: load its communes

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[UnitRow] = []
        self._children: dict[int, list[UnitRow]] = {}
        self._asked: set[int] = set()
        self.expandable = False
        self.period: Period | None = None
        self._states: dict[str, UnitPeriod] | None = None  # None: not read yet

    # -- content ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[UnitRow], *, expandable: bool = False) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._children = {}
        self._asked = set()
        self.expandable = expandable
        self.endResetModel()

    def set_children(self, code: str, rows: Sequence[UnitRow]) -> None:
        """The communes of province `code` (centre), after `children_wanted`."""
        top = next((i for i, r in enumerate(self._rows) if r.code == code), None)
        if top is None or top in self._children:
            return
        if rows:
            self.beginInsertRows(self.index(top, 0), 0, len(rows) - 1)
            self._children[top] = list(rows)
            self.endInsertRows()
        else:
            self._children[top] = []

    def set_period(self, progress: PeriodProgress) -> None:
        """The chosen period's state of every unit below (and every commune, at the centre)."""
        self.period = progress.period
        self._states = {u.code: u for u in progress.communes}
        self._states.update({u.code: u for u in progress.below})
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, PERIOD, PERIOD)
        self._period_changed(QModelIndex(), len(self._rows))
        for top, rows in self._children.items():
            self._period_changed(self.index(top, 0), len(rows))

    def _period_changed(self, parent: QModelIndex, rows: int) -> None:
        if rows:
            self.dataChanged.emit(
                self.index(0, PERIOD, parent), self.index(rows - 1, PERIOD, parent)
            )

    def period_of(self, row: UnitRow) -> UnitPeriod | None:
        """The unit's state for the chosen period; None until the states are read. A unit the
        period's states do not know (none of its snapshots came) has not closed."""
        if self._states is None:
            return None
        return self._states.get(row.code) or UnitPeriod(row.code, row.name, row.level, "open")

    def unit(self, index: Index) -> UnitRow | None:
        if not index.isValid():
            return None
        parent = index.internalId()
        rows = self._rows if parent == _TOP else self._children.get(parent - 1, [])
        return rows[index.row()] if 0 <= index.row() < len(rows) else None

    def top_rows(self) -> list[UnitRow]:
        return list(self._rows)

    # -- QAbstractItemModel ---------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid():
            if parent.internalId() != _TOP:
                return QModelIndex()
            rows = self._children.get(parent.row(), [])
            internal = parent.row() + 1
        else:
            rows, internal = self._rows, _TOP
        if not (0 <= row < len(rows) and 0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column, internal)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._rows)
        if parent.internalId() != _TOP or parent.column() != 0:
            return 0
        return len(self._children.get(parent.row(), []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return INDICATORS + len(INDICATOR_IDS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self._rows)
        if not self.expandable or parent.internalId() != _TOP or parent.column() != 0:
            return False
        return parent.row() not in self._children or bool(self._children[parent.row()])

    def canFetchMore(self, parent: Index) -> bool:
        return (
            self.expandable
            and parent.isValid()
            and parent.internalId() == _TOP
            and parent.row() not in self._children
            and parent.row() not in self._asked
        )

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._asked.add(parent.row())
            self.children_wanted.emit(self._rows[parent.row()].code)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section == PERIOD:
            name = self.period.name if self.period else ""
            if role == Qt.ItemDataRole.DisplayRole:
                return strings.PERIOD_COLUMN
            if role == Qt.ItemDataRole.ToolTipRole:
                return strings.period_column_tip(name) if name else strings.PERIOD_COLUMN
            if role == ExportRole:
                return strings.period_column_export(name) if name else strings.PERIOD_COLUMN
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < FIXED:  # the header is three lines tall: the column needn't be wide
                return header_text(strings.UNITS_COLUMNS[section], FIXED_HEADER_LINE)
            return header_text(LABELS[INDICATOR_IDS[section - INDICATORS]])
        if role == Qt.ItemDataRole.ToolTipRole:
            if section < FIXED:
                return strings.UNITS_COLUMN_TIPS[section]
            return LABELS[INDICATOR_IDS[section - INDICATORS]]
        if role == ExportRole:  # the header on one line, whole
            if section < FIXED:
                return strings.UNITS_COLUMNS[section]
            return LABELS[INDICATOR_IDS[section - INDICATORS]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.unit(index)
        if row is None:
            return None
        column = index.column()
        if column == PERIOD:
            return self._period_data(row, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column in (CODE, NAME, LAST) else _RIGHT
        if role == UnitRowRole:
            return row
        if role == ExportRole:
            return export_value(row, column)
        if column < FIXED:
            if role == Qt.ItemDataRole.ForegroundRole and column in (LAST, DAYS) and row.stale():
                return QBrush(UNMET_FOREGROUND)
            return None
        ind = indicator_of(row, column)
        if ind is None or ind.met is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(MET_FOREGROUND if ind.met else UNMET_FOREGROUND)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(MET_BACKGROUND if ind.met else UNMET_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            verdict = strings.MET if ind.met else strings.NOT_MET
            return f"{ind.label}: {format_value(ind)} — {verdict}"
        return None

    def _period_data(self, row: UnitRow, role: int) -> Any:
        unit = self.period_of(row)
        if role in (Qt.ItemDataRole.DisplayRole, ExportRole):
            return strings.PERIOD_LOADING if unit is None else period_text(unit)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT
        if role == UnitRowRole:
            return row
        if unit is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole and unit.state == "open":
            return QBrush(UNMET_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and unit.closed_on is not None:
            return strings.period_cell_tip(unit.closed_on, unit.version or 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class UnitsFilterModel(QSortFilterProxyModel):
    """Sorting by any column (numbers as numbers, names the Vietnamese way) and the filters:
    a text on name or code without tones, not reported for 30 days, an indicator not met, the
    chosen period not closed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.stale_only = False
        self.not_met_only = False
        self.indicator: str | None = None  # with not_met_only: this one; None: any
        self.not_closed_only = False
        self.setRecursiveFilteringEnabled(True)  # a province stays when a commune matches

    def set_filters(
        self,
        *,
        text: str | None = None,
        stale_only: bool | None = None,
        not_met_only: bool | None = None,
        indicator: str | bool | None = False,
        not_closed_only: bool | None = None,
    ) -> None:
        self.beginFilterChange()
        if text is not None:
            self._text = fold(text)
        if stale_only is not None:
            self.stale_only = stale_only
        if not_met_only is not None:
            self.not_met_only = not_met_only
        if indicator is not False:
            self.indicator = indicator  # type: ignore[assignment]
        if not_closed_only is not None:
            self.not_closed_only = not_closed_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def accepts(self, row: UnitRow, period: UnitPeriod | None = None) -> bool:
        """Whether the filters let `row` through; `period`: its state for the chosen period
        (None until read: the period's filter waits for it)."""
        if self.not_closed_only and period is not None and period.state != "open":
            return False
        if self._text and self._text not in fold(row.name) and self._text not in row.code:
            return False
        if self.stale_only and not row.stale():
            return False
        if self.not_met_only:
            missed = row.not_met()
            if self.indicator is not None:
                missed = [i for i in missed if i.id == self.indicator]
            if not missed:
                return False
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = cast(UnitsTableModel, self.sourceModel())
        row = model.unit(model.index(source_row, 0, source_parent))
        return row is not None and self.accepts(row, model.period_of(row))

    def lessThan(self, left: Index, right: Index) -> bool:
        model = cast(UnitsTableModel, self.sourceModel())
        a, b = model.unit(left), model.unit(right)
        if a is None or b is None:
            return False
        if left.column() == PERIOD:
            return period_sort_key(model.period_of(a)) < period_sort_key(model.period_of(b))
        return sort_key(a, left.column()) < sort_key(b, right.column())
