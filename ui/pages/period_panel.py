"""The overview's line for the reporting period: the current period, its due date and state,
"Chốt số liệu kỳ này…" while it is open, "Mở lại để sửa…" once closed, and "Các kỳ báo cáo…"
(ui/dialogs/period_dialogs.py). Closing and reopening need the write right (admin, entry).

At a province or the centre the line also gives the period's cut-off, how many communes below
have closed it ("Đã chốt: x/y cơ sở"; at the centre also the provinces) and the unit's own state;
"Cơ sở chưa chốt…" lists those that have not, and the unit's own close sums the communes' closed
figures after a warning naming the missing ones (ui/dialogs/upper_period_dialogs.py). Who has
closed is read without the figures (`upper_progress`: one query and the catalogue), so the line
costs little even at the centre's 3,321 communes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.periods.closing import PeriodView, current_view, is_upper, upper_progress
from desktop.periods.summary import PeriodProgress
from desktop.security.session import Session
from desktop.sync.status import own_sync
from ui import strings
from ui.dialogs.period_dialogs import ClosePeriodDialog, PeriodsDialog, ReopenPeriodDialog
from ui.dialogs.upper_period_dialogs import NotClosedDialog, UpperClosePeriodDialog
from ui.unit_info import load_unit_info


class PeriodPanel(QFrame):
    """One line: the current period and what can be done with it."""

    changed = Signal()  # a period was closed or reopened

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("periodPanel")
        self.session = session
        self.view: PeriodView | None = None
        self.progress: PeriodProgress | None = None  # at an upper level: who closed below
        self.line = QLabel()
        self.line.setObjectName("periodLine")
        self.line.setWordWrap(True)
        self.missing_button = QPushButton(strings.PERIOD_NOT_CLOSED_ACTION)
        self.missing_button.setObjectName("secondaryButton")
        self.close_button = QPushButton(strings.PERIOD_CLOSE_ACTION)
        self.close_button.setObjectName("primaryButton")
        self.reopen_button = QPushButton(strings.PERIOD_REOPEN_ACTION)
        self.reopen_button.setObjectName("secondaryButton")
        self.list_button = QPushButton(strings.PERIOD_LIST_ACTION)
        self.list_button.setObjectName("secondaryButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, stretch=1)
        layout.addWidget(self.missing_button)
        layout.addWidget(self.close_button)
        layout.addWidget(self.reopen_button)
        layout.addWidget(self.list_button)
        self.missing_button.clicked.connect(self.show_not_closed)
        self.close_button.clicked.connect(self.ask_close)
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.list_button.clicked.connect(self.show_periods)
        self.refresh()

    def refresh(self) -> None:
        view = current_view(self.session)
        self.view = view
        period = view.period
        upper = is_upper(self.session)
        self.progress = upper_progress(self.session, period.id) if upper else None
        text = self._line_text(view)
        self.line.setToolTip(strings.PERIOD_UPPER_TIP if upper else "")
        self.missing_button.setVisible(upper)
        self.missing_button.setEnabled(bool(self.progress and self.progress.not_closed))
        may = self.session.can("write")
        self.close_button.setVisible(may and view.state == "open")
        # Before the cut-off date there is nothing to close yet: say from when, not a refusal.
        early = self.session.store.today() < period.cut_off
        self.close_button.setEnabled(not early)
        self.close_button.setToolTip(strings.period_close_from(period.cut_off) if early else "")
        if early and view.state == "open":
            text += strings.period_close_from_suffix(period.cut_off)
        self.line.setText(text)
        self.reopen_button.setVisible(may and view.state != "open")

    def _line_text(self, view: PeriodView) -> str:
        period, progress = view.period, self.progress
        if progress is None:
            reopened = view.versions[-1].version if view.versions and view.state == "open" else 0
            return strings.period_line(
                period.name, period.due, view.state, reopened=reopened, unsent=self._unsent(view)
            )
        level = load_unit_info(self.session.store).level
        provinces = None
        if level == "central":
            groups = [u for u in progress.below if u.communes]
            provinces = (sum(u.state != "open" for u in groups), len(groups))
        return strings.upper_period_line(
            period.name,
            period.cut_off,
            period.due,
            progress.closed,
            len(progress.communes),
            level,
            view.state,
            provinces,
        )

    def _unsent(self, view: PeriodView) -> bool:
        """Whether the standing close has not yet gone into a file for the level above."""
        standing = view.standing
        if standing is None or load_unit_info(self.session.store).level == "central":
            return False
        return own_sync(self.session.store.db).last_sent_at < standing.closed_at

    def ask_close(self) -> ClosePeriodDialog:
        """The confirmation listing the figures; closed when "Chốt số liệu" is pressed. At an
        upper level, the sums, with the communes not closed named first."""
        assert self.view is not None
        dialog: ClosePeriodDialog
        if self.progress is not None:
            dialog = UpperClosePeriodDialog(self.session, self.view, self)
        else:
            dialog = ClosePeriodDialog(self.session, self.view, self)
        dialog.accepted.connect(self._changed)
        dialog.open()
        return dialog

    def ask_reopen(self) -> ReopenPeriodDialog:
        assert self.view is not None
        dialog = ReopenPeriodDialog(self.session, self.view, self)
        dialog.accepted.connect(self._changed)
        dialog.open()
        return dialog

    def show_not_closed(self) -> NotClosedDialog:
        """The communes below that have not closed the current period (upper levels)."""
        assert self.progress is not None
        dialog = NotClosedDialog(self.progress, self)
        dialog.open()
        return dialog

    def show_periods(self) -> PeriodsDialog:
        dialog = PeriodsDialog(self.session, self)
        dialog.finished.connect(lambda _result: self.refresh())  # a period may have been declared
        dialog.open()
        return dialog

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()
