"""A period at a province or the centre: the communes that have not closed it (a list to sort and
copy, to call them or send it on), and the unit's own close, which sums the communes' closed
figures and first warns, by name, of those whose figures are not in the sum.

The close works through desktop/periods/closing.py as a commune's does (`close_period`); the
summary shown is `upper_summary`, computed once when the dialog opens. With communes missing,
"Chốt số liệu" stays greyed until the person ticks that they know.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.text import text_key
from desktop.periods.closing import PeriodView, upper_summary
from desktop.periods.summary import PeriodProgress, UnitPeriod
from desktop.security.session import Session
from ui import strings
from ui.dialogs.period_dialogs import ClosePeriodDialog
from ui.unit_info import load_unit_info
from ui.widgets.buttons import button_row
from ui.widgets.notice import Notice
from ui.widgets.read_only_table import read_only_list

Index = QModelIndex | QPersistentModelIndex


class NotClosedModel(QAbstractTableModel):
    """Communes as rows of text (code, name and, at the centre, their province), sorted by any
    column: codes as they are, names the Vietnamese way."""

    def __init__(self, rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> None:
        super().__init__()
        self.rows, self.headers = rows, headers

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(
            key=lambda r: text_key(r[column]) if column else r[0],
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutChanged.emit()


def not_closed_rows(progress: PeriodProgress) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """(headers, rows) of the communes not closed; their province's name when the list spans
    several provinces (at the centre)."""
    names = {u.code: u.name for u in progress.below}
    communes = progress.not_closed
    headers: tuple[str, ...] = strings.NOT_CLOSED_COLUMNS

    def sent(u: UnitPeriod) -> str:
        return strings.NOT_CLOSED_SENT if u.reported else strings.NOT_CLOSED_NEVER

    if any(u.parent_code != progress.root for u in progress.communes):
        headers = (*headers, strings.NOT_CLOSED_PROVINCE_COLUMN)
        rows: list[tuple[str, ...]] = [
            (u.code, u.name, sent(u), names.get(u.parent_code, u.parent_code)) for u in communes
        ]
        return headers, rows
    return headers, [(u.code, u.name, sent(u)) for u in communes]


class NotClosedDialog(QDialog):
    """The communes that have not closed the period: code and name, sortable by a click on a
    column's title; "Sao chép danh sách" (or Ctrl+C on chosen rows) copies them as lines of
    text with tabs, which Excel splits into columns."""

    def __init__(self, progress: PeriodProgress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notClosedDialog")
        self.setWindowTitle(strings.NOT_CLOSED_TITLE)
        headers, rows = not_closed_rows(progress)
        intro = QLabel(strings.not_closed_intro(len(rows), progress.period.name))
        intro.setObjectName("dialogIntro")
        intro.setWordWrap(True)
        self.model = NotClosedModel(rows, headers)
        self.table = read_only_list(QTableView())
        self.table.setObjectName("notClosedTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(rows))
        self.status = QLabel()
        self.status.setObjectName("note")
        row, self.copy_button, close = button_row(
            strings.NOT_CLOSED_COPY, strings.PERIOD_CLOSE_BUTTON
        )
        self.copy_button.setToolTip(strings.NOT_CLOSED_COPY_TIP)
        self.copy_button.setEnabled(bool(rows))
        self.copy_button.clicked.connect(lambda: self.copy())
        close.clicked.connect(self.accept)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy_chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.addWidget(intro)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.resize(620 if len(headers) == 2 else 760, 520 if rows else 160)

    def texts(self) -> list[list[str]]:
        """The rows as shown, in the order shown."""
        return [list(r) for r in self.model.rows]

    def copy(self, rows: list[int] | None = None) -> str:
        """Put the rows (all, or those numbered) on the clipboard, titles first; the text."""
        chosen = self.model.rows if rows is None else [self.model.rows[r] for r in sorted(rows)]
        lines = ["\t".join(self.model.headers), *("\t".join(r) for r in chosen)]
        text = "\n".join(lines) + "\n"
        QApplication.clipboard().setText(text)
        self.status.setText(strings.not_closed_copied(len(chosen)))
        return text

    def copy_chosen(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        self.copy(list(rows) if rows else None)


class UpperClosePeriodDialog(ClosePeriodDialog):
    """A province's or the centre's close: the summed figures, and above them the warning naming
    the communes not closed, with a tick box the close waits for."""

    def __init__(self, session: Session, view: PeriodView, parent: QWidget | None = None) -> None:
        summary = upper_summary(session, view.period.id)
        level = load_unit_info(session.store).level
        super().__init__(
            session,
            view,
            parent,
            intro=strings.upper_close_question(
                view.period.name, view.period.cut_off, summary.closed, len(summary.communes), level
            ),
            figures=summary.figures(),
        )
        self.summary = summary
        missing: list[UnitPeriod] = summary.not_closed
        self.warning = Notice()
        self.see_all = QPushButton(strings.UPPER_CLOSE_SEE_ALL)
        self.see_all.setObjectName("secondaryButton")
        self.see_all.clicked.connect(lambda: self.show_not_closed())
        self.acknowledge = QCheckBox(strings.upper_close_ack(len(missing)))
        self.acknowledge.setObjectName("periodAcknowledge")
        if missing:
            # Those that sent data first: a reminder away from closing; then the silent ones.
            ordered = sorted(missing, key=lambda u: not u.reported)
            names = [u.name for u in ordered[: strings.UPPER_CLOSE_NAMES]]
            never = sum(not u.reported for u in missing)
            self.warning.say(strings.upper_close_warning(len(missing), names, never), "warning")
            self.confirm.setEnabled(False)
            self.acknowledge.toggled.connect(self.confirm.setEnabled)
        else:
            self.warning.say(strings.UPPER_CLOSE_ALL_IN)
        ack_row = QHBoxLayout()
        ack_row.addWidget(self.acknowledge, stretch=1)
        ack_row.addWidget(self.see_all)
        self.fields.insertWidget(0, self.warning)
        self.fields.insertLayout(1, ack_row)
        self.fields.insertSpacing(2, 6)
        self.acknowledge.setVisible(bool(missing))
        self.see_all.setVisible(bool(missing))
        self.figures.setMinimumHeight(220)
        self.resize(800, 620)

    def show_not_closed(self) -> NotClosedDialog:
        dialog = NotClosedDialog(self.summary, self)
        dialog.open()
        return dialog

    def submit(self) -> None:
        if self.summary.not_closed and not self.acknowledge.isChecked():
            return  # greyed: nothing to do until the person says they know
        super().submit()
