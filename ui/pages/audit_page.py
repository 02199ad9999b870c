"""Nhật ký: the newest audit entries in Vietnamese, and the check that none was altered.

Only administrators read the log; anyone else sees a polite note. Entries name fields, never
their values (desktop/security/audit.py), so nothing personal shows here.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.schema import TABLES, field_label
from desktop.security import audit
from desktop.security.session import Session
from ui import strings
from ui.pages import Page
from ui.widgets.notice import Notice
from ui.widgets.read_only_table import read_only_table

NEWEST = 500


def local_time(at: str) -> str:
    """An ISO time stamp as dd/mm/yyyy HH:MM in the computer's time zone."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment:%d/%m/%Y %H:%M}"


def action_label(action: str) -> str:
    """The action in Vietnamese ("insert" → "Thêm"); an unknown one as "another action"."""
    return strings.AUDIT_ACTIONS.get(action, strings.AUDIT_OTHER_ACTION)


def entry_cells(entry: audit.Entry) -> tuple[str, ...]:
    """The columns of one entry: time, user, action, table, rows, fields."""
    table = TABLES.get(entry.tbl or "")
    if table is not None:
        table_label = table.label
    else:
        table_label = strings.AUDIT_OTHER_TABLES.get(entry.tbl or "", "") if entry.tbl else ""
    table_label = table_label[:1].upper() + table_label[1:]
    fields = [field_label(entry.tbl, f) for f in entry.fields]
    rows = str(len(entry.row_ids)) if entry.row_ids else ""
    return (
        local_time(entry.at),
        entry.actor,
        action_label(entry.action),
        table_label,
        rows,
        ", ".join(fields),
    )


class AuditPage(Page):
    """The audit log of the unit, for administrators."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("auditPage")
        title = QLabel(strings.JOURNAL_TITLE)
        title.setObjectName("pageTitle")
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.notice = Notice()
        self.verify_button = QPushButton(strings.JOURNAL_VERIFY)
        self.verify_button.clicked.connect(self.verify)
        self.table = QTableWidget(0, len(strings.JOURNAL_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(strings.JOURNAL_COLUMNS))
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.note, stretch=1)
        top.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, stretch=1)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the newest entries (administrators only)."""
        allowed = self.session.can("audit")
        self.table.setVisible(allowed)
        self.verify_button.setVisible(allowed)
        self.note.setText(strings.JOURNAL_NOTE if allowed else strings.JOURNAL_ADMIN_ONLY)
        self.table.setRowCount(0)
        if not allowed:
            return
        entries = audit.entries(self.session.store.db, limit=NEWEST)
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for column, text in enumerate(entry_cells(entry)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def verify(self) -> audit.Verdict:
        """Check the hash chain of the whole log and say what came of it."""
        verdict = audit.verify(self.session.store.db)
        if verdict.ok:
            self.notice.say(strings.audit_verified(verdict.entries))
        else:
            self.notice.say(strings.audit_broken(verdict.bad_seq, verdict.reason), "error")
        return verdict
