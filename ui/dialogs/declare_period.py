"""The centre's "Khai báo kỳ báo cáo…": a period added to (or changed in) the calendar every
level reports by, through `desktop.sync.calendar.declare` (admin: the "keys" right).

Four fields: the period's id, its name, the cut-off date and the due date, the dates picked the
Vietnamese way (dd/mm/yyyy). A refusal (`CalendarError`, `PermissionDenied`) comes back in
Vietnamese and is shown in red, nothing stored; once declared, `declared` carries the sentence
saying the new calendar goes down with the next down package.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QLineEdit, QWidget

from db.periods import Period
from desktop.security.accounts import PermissionDenied
from desktop.security.session import Session
from desktop.sync.calendar import CalendarError, declare
from ui import strings
from ui.widgets.form_dialog import FormDialog

DUE_AFTER_DAYS = 15  # a new period's due date, until chosen: as the default calendar's


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat(strings.DATE_EDIT_FORMAT)
    edit.setCalendarPopup(True)
    return edit


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class DeclarePeriodDialog(FormDialog):
    """Mã kỳ, tên kỳ, ngày chốt số liệu, hạn nộp; then "Khai báo"."""

    declared = Signal(str)  # what to tell the person: declared, goes down with the next package

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, period: Period | None = None
    ) -> None:
        super().__init__(
            strings.DECLARE_TITLE, strings.DECLARE_INTRO, strings.DECLARE_YES, parent, width=520
        )
        self.setObjectName("declarePeriodDialog")
        self.session = session
        today = session.store.today()
        self.period_id = QLineEdit(period.id if period else "")
        self.period_id.setObjectName("periodId")
        self.period_id.setMaxLength(32)
        self.period_id.setReadOnly(period is not None)  # changing that period, not another
        self.name = QLineEdit(period.name if period else "")
        self.name.setObjectName("periodName")
        self.name.setMaxLength(100)
        self.cut_off = _date_edit(period.cut_off if period else today)
        self.due = _date_edit(period.due if period else today + timedelta(days=DUE_AFTER_DAYS))
        self.add_field(strings.DECLARE_ID, self.period_id)
        self.add_field(strings.DECLARE_NAME, self.name)
        self.add_field(strings.DECLARE_CUT_OFF, self.cut_off)
        self.add_field(strings.DECLARE_DUE, self.due)
        (self.name if period else self.period_id).setFocus()

    def submit(self) -> None:
        period = Period(
            self.period_id.text().strip(),
            " ".join(self.name.text().split()),  # spaces typed twice are no reason to refuse
            _day(self.cut_off),
            _day(self.due),
        )
        try:
            doc = declare(self.session, period)
        except (CalendarError, PermissionDenied) as exc:
            self.show_error(str(exc))
            return
        self.declared.emit(strings.period_declared(period.name, int(doc["version"])))
        self.accept()
