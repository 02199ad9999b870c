"""The overview's line for the reporting period: the current period, its due date and state,
"Chốt số liệu kỳ này…" while it is open, "Mở lại để sửa…" once closed, and "Các kỳ báo cáo…"
(ui/dialogs/period_dialogs.py). Closing and reopening need the write right (admin, entry); an
upper level sees the line and a note: its periods are the sums of the units below, later."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.periods.closing import PeriodView, current_view, is_upper
from desktop.security.session import Session
from ui import strings
from ui.dialogs.period_dialogs import ClosePeriodDialog, PeriodsDialog, ReopenPeriodDialog


class PeriodPanel(QFrame):
    """One line: the current period and what can be done with it."""

    changed = Signal()  # a period was closed or reopened

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("periodPanel")
        self.session = session
        self.view: PeriodView | None = None
        self.line = QLabel()
        self.line.setObjectName("periodLine")
        self.line.setWordWrap(True)
        self.close_button = QPushButton(strings.PERIOD_CLOSE_ACTION)
        self.close_button.setObjectName("primaryButton")
        self.reopen_button = QPushButton(strings.PERIOD_REOPEN_ACTION)
        self.reopen_button.setObjectName("secondaryButton")
        self.list_button = QPushButton(strings.PERIOD_LIST_ACTION)
        self.list_button.setObjectName("secondaryButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, stretch=1)
        layout.addWidget(self.close_button)
        layout.addWidget(self.reopen_button)
        layout.addWidget(self.list_button)
        self.close_button.clicked.connect(self.ask_close)
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.list_button.clicked.connect(self.show_periods)
        self.refresh()

    def refresh(self) -> None:
        view = current_view(self.session)
        self.view = view
        upper = is_upper(self.session)
        self.line.setText(strings.period_line(view.period.name, view.period.due, view.state))
        self.line.setToolTip(strings.PERIOD_UPPER_NOTE if upper else "")
        may = self.session.can("write") and not upper
        self.close_button.setVisible(may and view.state == "open")
        # Before the cut-off date there is nothing to close yet: say from when, not a refusal.
        early = self.session.store.today() < view.period.cut_off
        self.close_button.setEnabled(not early)
        self.close_button.setToolTip(
            strings.period_close_from(view.period.cut_off) if early else ""
        )
        if early and view.state == "open":
            self.line.setText(
                strings.period_line(view.period.name, view.period.due, view.state)
                + strings.period_close_from_suffix(view.period.cut_off)
            )
        self.reopen_button.setVisible(may and view.state != "open")

    def ask_close(self) -> ClosePeriodDialog:
        """The confirmation listing the figures; closed when "Chốt số liệu" is pressed."""
        assert self.view is not None
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

    def show_periods(self) -> PeriodsDialog:
        dialog = PeriodsDialog(self.session, self)
        dialog.open()
        return dialog

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()
