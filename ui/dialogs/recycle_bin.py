"""The "Đã xóa gần đây" dialog: records deleted here and still kept (db/recycle_bin.py), each
with its kind, name, when and by whom it was deleted, and "Khôi phục", which restores the chosen
one through the write path (`Store.restore`, audited)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import recycle_bin
from db.schema import TABLES
from db.store import StorageError
from db.validation import ValidationError
from desktop.installation import settings
from desktop.security.accounts import AccountError
from desktop.security.session import Session
from ui import strings
from ui.widgets.notice import Notice
from ui.widgets.read_only_table import read_only_table


class RecycleBinDialog(QDialog):
    """Lists the recycle bin's entries; "Khôi phục" restores the selected one."""

    restored = Signal(str, str)  # table, id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recycleBinDialog")
        self.setWindowTitle(strings.RECYCLE_BIN_TITLE)
        self.session = session
        self.entries: list[recycle_bin.BinEntry] = []
        days = settings.get(session.store.db, "recycle_days")
        note = QLabel(strings.recycle_bin_note(days))
        note.setObjectName("note")
        note.setWordWrap(True)
        self.notice = Notice()
        self.table = QTableWidget(0, len(strings.RECYCLE_BIN_COLUMNS))
        self.table.setObjectName("recycleBinTable")
        self.table.setHorizontalHeaderLabels(list(strings.RECYCLE_BIN_COLUMNS))
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # no date cut off
        header.setStretchLastSection(True)
        self.restore_button = QPushButton(strings.RESTORE_RECORD)
        self.restore_button.setObjectName("primaryButton")
        self.restore_button.setVisible(session.can("write"))
        close = QPushButton(strings.RECYCLE_BIN_CLOSE)
        close.setObjectName("secondaryButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, stretch=1)
        layout.addLayout(buttons)
        self.restore_button.clicked.connect(self.restore_selected)
        close.clicked.connect(self.accept)
        self.resize(760, 420)
        self.refresh()

    def refresh(self) -> None:
        """Read the bin again."""
        self.entries = recycle_bin.entries(self.session.store.db)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            when = entry.deleted_at.astimezone().strftime("%d/%m/%Y %H:%M")
            who = entry.deleted_by or strings.RECYCLE_BIN_COMMAND_LINE
            cells = (TABLES[entry.table].label.capitalize(), entry.title, when, who)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        if self.entries:
            self.table.selectRow(0)
        else:
            self.notice.say(strings.RECYCLE_BIN_EMPTY, "info")
        self.restore_button.setEnabled(bool(self.entries))

    def select(self, table: str, row_id: str) -> bool:
        """Select the entry of record `row_id`; False when it is not in the bin."""
        for row, entry in enumerate(self.entries):
            if (entry.table, entry.row_id) == (table, row_id):
                self.table.selectRow(row)
                return True
        return False

    def restore_selected(self) -> bool:
        """ "Khôi phục": restore the selected entry through the store; True when restored."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.entries):
            return False
        entry = self.entries[row]
        description = f"{TABLES[entry.table].label} “{entry.title}”"
        try:
            self.session.store.restore(entry.table, entry.row_id)
        except ValidationError as exc:
            reason = "; ".join(p.message for p in exc.problems)
            self.notice.say(strings.cannot_restore(reason), "error")
            return False
        except (StorageError, AccountError) as exc:
            self.notice.say(strings.cannot_restore(str(exc)), "error")
            return False
        self.refresh()
        self.notice.say(strings.record_restored(description), "info")
        self.restored.emit(entry.table, entry.row_id)
        return True
