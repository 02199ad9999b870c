"""The rows of an import's dry run (`desktop.spreadsheets.report.ImportPlan`) as a read-only table.

One line per data row of the sheet: its row number as the spreadsheet shows it, the record's
name, its fate in the service's words (`FATE_LABELS`) and why — every reason a row is refused,
the fields an update changes, the row a duplicate repeats, the remarks on accepted rows. A
sheet may hold 20,000 rows: the model keeps the plan's outcomes and the indices it shows, and
makes a row's texts only when the view asks for them.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from db.schema import TABLES
from db.validation import Problem
from desktop.spreadsheets.report import (
    ADD,
    DUPLICATE,
    FATE_LABELS,
    MOVE,
    REJECTED,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    RowOutcome,
    move_text,
)
from ui import strings

Index = QModelIndex | QPersistentModelIndex

# The row's outcome itself, for views and tests that want more than the text.
OutcomeRole = Qt.ItemDataRole.UserRole + 1

FATE_FOREGROUND = {
    REJECTED: QColor("#8c1d23"),
    UPDATE: QColor("#6b4800"),
    MOVE: QColor("#6b4800"),
    DUPLICATE: QColor("#5f6b7a"),
    UNCHANGED: QColor("#5f6b7a"),
}
REJECTED_BACKGROUND = QColor("#fbe9ea")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class Column(IntEnum):
    """The columns, in display order."""

    ROW = 0
    NAME = 1
    FATE = 2
    REASONS = 3


def fate_text(fate: str) -> str:
    """The service's label of a fate, as a cell starts it: "Bị từ chối"."""
    label = FATE_LABELS.get(fate, fate)
    return label[:1].upper() + label[1:]


def _problem_text(table: str, problem: Problem) -> str:
    fields = TABLES[table].fields_by_name
    if problem.field in fields:
        return f"{fields[problem.field].label}: {problem.message}"
    return problem.message[:1].upper() + problem.message[1:]  # a sentence of its own


def reasons_text(table: str, outcome: RowOutcome) -> str:
    """Why a row has its fate, in Vietnamese (empty for a plain addition without remarks)."""
    parts: list[str] = []
    if outcome.fate == REJECTED:
        parts = [_problem_text(table, p) for p in outcome.problems]
    elif outcome.fate == DUPLICATE and outcome.duplicate_of is not None:
        parts = [strings.sheet_duplicate_reason(outcome.duplicate_of)]
    elif outcome.fate == UPDATE and outcome.change is not None:
        fields = TABLES[table].fields_by_name
        labels = [fields[f].label for f in outcome.change.values if f in fields]
        parts = [strings.sheet_update_reason(labels)]
    elif outcome.fate == MOVE and outcome.move is not None and outcome.change is not None:
        fields = TABLES[table].fields_by_name
        labels = [
            fields[f].label for f in outcome.change.values if f in fields and f != "branch_id"
        ]
        parts = [move_text(*outcome.move)]
        parts += [strings.sheet_update_reason(labels)] if labels else []
    if outcome.fate in (ADD, UPDATE, MOVE) and outcome.warnings:
        remarks = "; ".join(_problem_text(table, w) for w in outcome.warnings)
        parts.append(strings.SHEET_WARNING_PREFIX + remarks)
    return " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in parts)


class ImportPlanModel(QAbstractTableModel):
    """A dry run's rows; `set_only_rejected` narrows them to the refused ones."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._plan: ImportPlan | None = None
        self._shown: list[int] = []
        self._only_rejected = False
        self._reasons: dict[int, str] = {}  # made when first shown
        self._headers = [
            strings.SHEET_COL_ROW,
            "",
            strings.SHEET_COL_FATE,
            strings.SHEET_COL_REASONS,
        ]

    # -- the content -------------------------------------------------------------------------

    def set_plan(self, plan: ImportPlan | None) -> None:
        """Show `plan`'s rows (again: applying a plan may move rows to the rejected ones)."""
        self.beginResetModel()
        self._plan = plan
        self._reasons.clear()
        if plan is not None and plan.table in TABLES:
            title = TABLES[plan.table].title_field or ""
            self._headers[Column.NAME] = TABLES[plan.table].fields_by_name[title].label
        self._select()
        self.endResetModel()

    def set_only_rejected(self, only: bool) -> None:
        """Show only the rejected rows, or every row."""
        if only == self._only_rejected:
            return
        self.beginResetModel()
        self._only_rejected = only
        self._select()
        self.endResetModel()

    def _select(self) -> None:
        rows = self._plan.rows if self._plan is not None else []
        if self._only_rejected:
            self._shown = [i for i, r in enumerate(rows) if r.fate == REJECTED]
        else:
            self._shown = list(range(len(rows)))

    def outcome(self, row: int) -> RowOutcome:
        """The outcome shown on line `row`."""
        assert self._plan is not None
        return self._plan.rows[self._shown[row]]

    def total_count(self) -> int:
        return len(self._plan.rows) if self._plan is not None else 0

    def shown_count(self) -> int:
        return len(self._shown)

    def reasons(self, row: int) -> str:
        """The reasons column of line `row`."""
        at = self._shown[row]
        text = self._reasons.get(at)
        if text is None:
            assert self._plan is not None
            text = self._reasons[at] = reasons_text(self._plan.table, self._plan.rows[at])
        return text

    # -- Qt's side ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        outcome = self.outcome(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column != Column.REASONS:
                return None
            return self.reasons(index.row()) or None  # a long reason is elided in its cell
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.ROW:
                return str(outcome.row)
            if column == Column.NAME:
                return outcome.name or ""
            if column == Column.FATE:
                return fate_text(outcome.fate)
            return self.reasons(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and column in (Column.FATE, Column.REASONS):
            return FATE_FOREGROUND.get(outcome.fate)
        if role == Qt.ItemDataRole.BackgroundRole and outcome.fate == REJECTED:
            return REJECTED_BACKGROUND
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.ROW:
            return _RIGHT
        if role == OutcomeRole:
            return outcome
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
