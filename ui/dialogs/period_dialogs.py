"""Reporting periods in the window: the confirmation that lists the figures before a period is
closed, the reopen that asks for a reason, and the list of periods with their versions (at a
province or the centre also how many communes closed each; at the centre, for its admin, the
way to declare a period: ui/dialogs/declare_period.py).

Each works through desktop/periods/closing.py, as `sohoi period` does; a refusal comes back in
Vietnamese and is shown under the buttons, nothing stored. The province's and the centre's own
close, which warns of the communes not closed, is in ui/dialogs/upper_period_dialogs.py.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.indicators import Indicator
from db.indicators import format_value as indicator_value
from db.periods import Period
from db.schema import MEMBER_STATUS_LABELS
from desktop.periods.closing import (
    PeriodError,
    PeriodView,
    close_period,
    figures_now,
    is_upper,
    period_views,
    reopen_period,
    upcoming_periods,
    upper_progress,
)
from desktop.security.session import Session
from ui import strings
from ui.dialogs.declare_period import DeclarePeriodDialog
from ui.unit_info import load_unit_info
from ui.widgets.buttons import button_row
from ui.widgets.form_dialog import FormDialog
from ui.widgets.notice import Notice


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    _fill(table, headers, rows)
    return table


def _fill(table: QTableWidget, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(list(headers))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)  # a long cell (every version of a period) read whole
            if c and text[:1].isdigit():  # figures line up on the right
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, len(headers)):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)


def figure_rows(figures: dict[str, Any]) -> list[tuple[str, ...]]:
    """The figures of a snapshot as the confirmation lists them: counts, then indicators."""
    counts = figures["counts"]
    rows: list[tuple[str, ...]] = [
        (label, strings.period_count(int(counts.get(key, 0))), "", "")
        for key, label in strings.PERIOD_COUNT_LABELS.items()
    ]
    by_status = counts.get("members_by_status", {})
    for status, label in MEMBER_STATUS_LABELS.items():  # one order, closed here or summed
        if status in by_status:
            n = by_status[status]
            rows.append((strings.period_members_status(label), strings.period_count(n), "", ""))
    for d in figures["indicators"]:
        ind = Indicator.from_dict(d)
        rows.append(
            (
                ind.label,
                strings.period_count(ind.numerator),
                "—" if ind.denominator is None else strings.period_count(ind.denominator),
                indicator_value(ind),
            )
        )
    return rows


class ClosePeriodDialog(FormDialog):
    """The figures a close would freeze, then "Chốt số liệu" ("Chưa chốt" is the default).

    `intro` and `figures` are given by the upper levels' close (which has summed them already);
    a commune's are its own question and its figures now."""

    def __init__(
        self,
        session: Session,
        view: PeriodView,
        parent: QWidget | None = None,
        *,
        intro: str | None = None,
        figures: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            strings.PERIOD_CLOSE_TITLE,
            intro or strings.period_close_question(view.period.name, view.period.cut_off),
            strings.PERIOD_CLOSE_YES,
            parent,
            width=620,
        )
        self.setObjectName("closePeriodDialog")
        self.session, self.view = session, view
        self.cancel.setText(strings.PERIOD_CLOSE_NO)
        self.confirm.setDefault(False)
        self.cancel.setDefault(True)
        if figures is None:
            figures = figures_now(session, view.period)
        self.figures = _table(strings.PERIOD_FIGURE_COLUMNS, figure_rows(figures))
        self.figures.setMinimumHeight(320)
        self.fields.addWidget(self.figures, stretch=1)
        self.resize(760, 560)

    def submit(self) -> None:
        try:
            close_period(self.session, self.view.period.id)
        except PeriodError as exc:
            self.show_error(str(exc))
            return
        self.accept()


class ReopenPeriodDialog(FormDialog):
    """The reason for a reopen, typed; then "Mở lại"."""

    def __init__(self, session: Session, view: PeriodView, parent: QWidget | None = None) -> None:
        standing = view.standing
        super().__init__(
            strings.PERIOD_REOPEN_TITLE,
            strings.period_reopen_intro(view.period.name, standing.version if standing else 1),
            strings.PERIOD_REOPEN_YES,
            parent,
            width=620,
        )
        self.setObjectName("reopenPeriodDialog")
        self.session, self.view = session, view
        label = QLabel(strings.PERIOD_REASON)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("periodReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        label.setBuddy(self.reason)
        self.fields.addWidget(label)
        self.fields.addWidget(self.reason)
        self.reason.setFocus()

    def submit(self) -> None:
        try:
            reopen_period(self.session, self.view.period.id, self.reason.toPlainText())
        except PeriodError as exc:
            self.show_error(str(exc))
            self.reason.setFocus()
            return
        self.accept()


def period_rows(views: list[PeriodView]) -> list[tuple[str, ...]]:
    """The list of periods, newest first: name, cut-off, due, state, every version."""
    rows: list[tuple[str, ...]] = []
    for v in reversed(views):
        versions = "; ".join(
            strings.period_version(
                s.version,
                s.closed_on,
                s.closed_by,
                s.superseded_by is not None,
                s.reopened_at is not None,
            )
            for s in reversed(v.versions)
        )
        rows.append(
            (
                v.period.name,
                f"{v.period.cut_off:%d/%m/%Y}",
                f"{v.period.due:%d/%m/%Y}",
                strings.PERIOD_STATES[v.state],
                versions,
            )
        )
    return rows


def upcoming_row(period: Period) -> tuple[str, ...]:
    """A declared period whose cut-off has not come: listed, nothing to close yet."""
    return (
        period.name,
        f"{period.cut_off:%d/%m/%Y}",
        f"{period.due:%d/%m/%Y}",
        strings.PERIOD_UPCOMING,
        "",
    )


class PeriodsDialog(QDialog):
    """Every period the unit sees, with its state and its closed versions; at an upper level
    how many communes closed each; at the centre, for an admin, "Khai báo kỳ báo cáo…" (a
    double click on a period changes it)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("periodsDialog")
        self.setWindowTitle(strings.PERIOD_LIST_TITLE)
        self.session = session
        self.upper = is_upper(session)
        self.may_declare = load_unit_info(session.store).level == "central" and session.can("keys")
        self.periods: list[Period] = []  # the period of each row
        self.table = _table(strings.PERIOD_COLUMNS, [])
        self.notice = Notice()
        self.views: dict[str, PeriodView] = {}
        row, self.declare_button, close = button_row(
            strings.DECLARE_ACTION, strings.PERIOD_CLOSE_BUTTON
        )
        self.declare_button.setVisible(self.may_declare)
        self.declare_button.clicked.connect(lambda: self.declare())
        # A period past its cut-off and not closed — an overdue one too — is closed from here.
        self.close_chosen = QPushButton(strings.PERIOD_CLOSE_CHOSEN)
        self.close_chosen.setObjectName("secondaryButton")
        self.close_chosen.setToolTip(strings.PERIOD_CLOSE_CHOSEN_TIP)
        self.close_chosen.setVisible(session.can("write"))
        self.close_chosen.setEnabled(False)
        self.close_chosen.clicked.connect(lambda: self.close_selected())
        row.insertWidget(1, self.close_chosen)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda index: self._edit(index.row()))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, stretch=1)
        layout.addLayout(row)
        self.fill()
        self.resize(900, 420)

    def fill(self) -> None:
        """Read the periods again (after a declaration)."""
        views = period_views(self.session)
        self.views = {v.period.id: v for v in views}
        upcoming = upcoming_periods(self.session)
        rows = [upcoming_row(p) for p in reversed(upcoming)] + period_rows(views)
        self.periods = [*reversed(upcoming), *(v.period for v in reversed(views))]
        headers: tuple[str, ...] = strings.PERIOD_COLUMNS
        if self.upper:  # how many communes closed each period, before its versions
            closed = [""] * len(upcoming) + [
                strings.period_communes_closed(progress.closed, len(progress.communes))
                for v in reversed(views)
                for progress in [upper_progress(self.session, v.period.id)]
            ]
            headers = (*headers[:-1], strings.PERIOD_UPPER_COLUMN, headers[-1])
            rows = [(*r[:-1], c, r[-1]) for r, c in zip(rows, closed, strict=True)]
        _fill(self.table, headers, rows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

    def _closable(self, row: int) -> PeriodView | None:
        """The view of the period on `row` when it can be closed now by this person."""
        if not self.session.can("write") or not 0 <= row < len(self.periods):
            return None
        view = self.views.get(self.periods[row].id)
        if view is None or view.state != "open":
            return None
        return view if self.session.store.today() >= view.period.cut_off else None

    def _selection_changed(self) -> None:
        self.close_chosen.setEnabled(self._closable(self.table.currentRow()) is not None)

    def close_selected(self) -> ClosePeriodDialog | None:
        """The confirmation for the chosen period (the same as the overview's), then closed."""
        view = self._closable(self.table.currentRow())
        if view is None:
            return None
        dialog: ClosePeriodDialog
        if self.upper:
            from ui.dialogs.upper_period_dialogs import UpperClosePeriodDialog

            dialog = UpperClosePeriodDialog(self.session, view, self)
        else:
            dialog = ClosePeriodDialog(self.session, view, self)
        dialog.accepted.connect(lambda: self._closed(view.period.name))
        dialog.open()
        return dialog

    def _closed(self, name: str) -> None:
        self.fill()
        self._selection_changed()
        self.notice.say(strings.period_closed_now(name))

    def declare(self, period: Period | None = None) -> DeclarePeriodDialog | None:
        """The centre's "Khai báo kỳ báo cáo…": a new period, or `period` to change."""
        if not self.may_declare:
            return None
        dialog = DeclarePeriodDialog(self.session, self, period=period)
        dialog.declared.connect(self._declared)
        dialog.open()
        return dialog

    def _edit(self, row: int) -> None:
        if self.may_declare and 0 <= row < len(self.periods):
            self.declare(self.periods[row])

    def _declared(self, message: str) -> None:
        self.fill()
        self.notice.say(message)

    def texts(self) -> list[list[str]]:
        """The table's cells, row by row (what a person reads)."""
        return [
            [_cell(self.table, r, c) for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""
