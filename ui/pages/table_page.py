"""The page of one table (cán bộ, chi hội, hội viên …): its list, and its form in the same place.

The list (ui/widgets/list_panel.py) and the form (ui/forms/record_form.py) take turns on the
page; what changes goes through the session's store, and the page keeps a short undo stack of
its own changes (Ctrl+Z). Keys: Ctrl+N a new record, Ctrl+F the search box, Enter opens or
saves, Esc leaves the form, Delete deletes (after a question), Ctrl+Z undoes.

A viewer sees the same list and reads the same forms, with no way to add, change or delete.
The page reads `session.store` each time (unlocking opens a new one); a form being filled
stays as it is across a lock, and a form left for another record keeps its draft.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from db.lists import LIST_SPECS, branch_choices, fetch_rows
from db.namesakes import identity_line
from db.store import StorageError
from db.validation import ValidationError, describe
from desktop.security.accounts import AccountError
from desktop.security.session import Session
from desktop.spreadsheets.tables import EXPORT_TABLES, IMPORT_TABLES
from ui import strings
from ui.forms.drafts import Drafts, MemoryDrafts
from ui.forms.record_form import RecordForm, SavedRecord
from ui.models.record_table_model import RecordTableModel
from ui.pages import Page
from ui.pages.undo import UndoEntry, UndoStack
from ui.widgets.confirm import confirm_delete
from ui.widgets.list_panel import ListPanel
from ui.widgets.notice import Notice

if TYPE_CHECKING:
    from desktop.spreadsheets.report import ImportResult
    from ui.dialogs.recycle_bin import RecycleBinDialog
    from ui.dialogs.sheet_export import SheetExportDialog
    from ui.dialogs.sheet_import import SheetImportDialog


class TablePage(Page):
    """List, search, add, edit, delete and undo the records of `table` of the session's unit."""

    def __init__(
        self,
        session: Session,
        table: str,
        parent: QWidget | None = None,
        *,
        drafts: Drafts | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tablePage")
        self.session = session
        self.spec = LIST_SPECS[table]
        self.table = table
        self.undo_stack = UndoStack()
        self.drafts: Drafts = drafts if drafts is not None else MemoryDrafts()
        self._version: int | None = None
        can_write = session.can("write")

        self.model = RecordTableModel(self.spec, self)
        self.panel = ListPanel(
            self.spec, self.model, title=strings.SECTIONS[table], can_write=can_write
        )
        self.form = RecordForm(
            table,
            store=lambda: self.session.store,
            today=self._today,
            read_only=not can_write,
            add_next=self.spec.add_next,
            drafts=self.drafts,
        )
        self.notice = Notice()
        # Right after a delete: "Hoàn tác" restores it (the same path as the recycle bin).
        self.undo_delete_button = QPushButton(strings.UNDO_DELETE)
        self.undo_delete_button.setObjectName("secondaryButton")
        self.undo_delete_button.hide()
        self.bin_button = QPushButton(strings.RECYCLE_BIN)
        self.bin_button.setObjectName("secondaryButton")
        notice_row = QHBoxLayout()
        notice_row.setSpacing(8)
        notice_row.addWidget(self.notice, stretch=1)
        notice_row.addWidget(self.undo_delete_button)
        notice_row.addStretch(0)
        notice_row.addWidget(self.bin_button)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.panel)
        self.stack.addWidget(self.form)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.setSpacing(8)
        layout.addLayout(notice_row)
        layout.addWidget(self.stack, stretch=1)

        self.new_action = self._action("Ctrl+N", self.new_record)
        self._action("Ctrl+F", self.focus_search)
        self._action("Ctrl+Z", self.undo)
        self.undo_delete_button.clicked.connect(self.undo)
        self.bin_button.clicked.connect(self.open_recycle_bin)
        self.panel.add_requested.connect(self.new_record)
        self.panel.open_requested.connect(self.open_record)
        self.panel.delete_requested.connect(self.delete_record)
        self.panel.import_requested.connect(self.import_sheet)
        self.panel.export_requested.connect(self.export_sheet)
        self.form.saved.connect(self._saved)
        self.form.closed.connect(self.show_list)
        self.form.delete_requested.connect(self.delete_record)
        self.form.view_requested.connect(self.view_other)
        self.refresh()

    def _action(self, keys: str, slot: object) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _today(self) -> date:
        return self.session.store.today()

    @property
    def can_write(self) -> bool:
        return self.session.can("write")

    # -- reading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the list again (the search, filters, sort and selection stay); a form stays."""
        store = self.session.store
        selected = self.panel.current_record_id()
        self.model.load(fetch_rows(store, self.spec))
        branches = branch_choices(store)
        self.panel.set_branches(branches)
        self.form.set_branches(branches)
        self.panel.add_button.setVisible(self.can_write)
        self.panel.import_button.setVisible(self.can_write and self.table in IMPORT_TABLES)
        self.panel.export_button.setVisible(
            self.session.can("report") and self.table in EXPORT_TABLES
        )
        self.new_action.setEnabled(self.can_write)
        self.bin_button.setVisible(self.can_write)
        if self.form.read_only == self.can_write:  # the role changed while locked
            self.form.set_read_only(not self.can_write)
        self.panel.update_count()
        self.panel.select_record(selected)
        self._version = store.db_version

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Another page may have written meanwhile (a new branch, a head): read again if so.
        if not self.session.locked and self.session.store.db_version != self._version:
            self.refresh()

    def is_showing_form(self) -> bool:
        return self.stack.currentWidget() is self.form

    def show_list(self, select: str | None = None) -> None:
        """Back to the list, with `select`ed (or the previously selected) record in view."""
        self.stack.setCurrentWidget(self.panel)
        if select:
            self.panel.select_record(select)
        self.panel.table.setFocus()

    def save_form(self) -> None:
        """Ctrl+S pressed outside the form (the navigation): save and close it, if open."""
        if self.is_showing_form() and not self.form.read_only:
            self.form.submit(add_next=False)

    def focus_search(self) -> None:
        """Ctrl+F: the cursor in the search box (the form, if open and untouched, closes)."""
        if self.is_showing_form() and self.form.is_dirty():
            return
        self.show_list()
        self.panel.search.setFocus()
        self.panel.search.selectAll()

    # -- the form ----------------------------------------------------------------------------

    def new_record(self, preset: dict | None = None) -> None:
        """Ctrl+N: a blank form (with the branch chosen in the list's filter, if any)."""
        if not self.can_write:
            return
        if self.is_showing_form() and self.form.is_dirty():
            self.notice.say(strings.FINISH_FORM_FIRST, "warning")
            return
        if not preset:
            branch = self.panel.filters.get("branch_id")
            chosen = branch.currentData() if branch is not None else None
            preset = {"branch_id": chosen} if chosen else {}
        self.form.start_new({**dict(self.spec.defaults), **preset})
        self.stack.setCurrentWidget(self.form)
        self.form.focus_first()

    def open_record(self, record_id: str) -> None:
        """The form of record `record_id` (editable, or read-only for a viewer)."""
        if self.is_showing_form() and self.form.record_id == record_id:
            return
        record = self.session.store.get(self.table, record_id)
        if record is None:
            self.notice.say(strings.RECORD_GONE, "error")
            self.refresh()
            return
        self.form.start_edit(record_id, record)
        self.stack.setCurrentWidget(self.form)
        self.panel.select_record(record_id)
        self.form.focus_first()

    def view_other(self, record_id: str) -> None:
        """ "Xem người kia" under a possible duplicate: that record's form; what was typed stays
        a draft, back with Ctrl+N (a new record) or by opening the record again."""
        self.drafts.save(self.form.key, self.form.values())
        self.show_list(select=record_id)
        self.open_record(record_id)

    def _saved(self, outcome: SavedRecord, add_next: bool) -> None:
        self.undo_delete_button.hide()
        if outcome.op in ("insert", "update"):
            self.undo_stack.push(
                UndoEntry(self.table, outcome.id, outcome.op, outcome.description, outcome.previous)
            )
        self.refresh()
        self.notice.say(
            strings.saved(outcome.description, outcome.op, [w.message for w in outcome.warnings]),
            "warning" if outcome.warnings else "info",
        )
        if add_next:
            # The next record of a run is likely of the same branch, ethnicity and religion.
            carried = ("branch_id", "ethnicity", "religion")
            self.new_record({f: outcome.values.get(f) for f in carried if outcome.values.get(f)})
        else:
            self.show_list(select=outcome.id)

    # -- Excel ------------------------------------------------------------------------------

    def import_sheet(self) -> SheetImportDialog | None:
        """The import wizard ("Nhập từ Excel…"); the list is read again once rows are stored."""
        from ui.dialogs.sheet_import import open_import  # openpyxl loads at the first use

        if not self.can_write or self.table not in IMPORT_TABLES:
            return None
        dialog = open_import(self.session, self.table, self)
        dialog.imported.connect(self._imported)
        return dialog

    def _imported(self, result: ImportResult) -> None:
        self.refresh()
        text = strings.sheet_applied(result.inserted, result.updated, result.branches_created)
        self.notice.say(text, "info")

    def export_sheet(self) -> SheetExportDialog | None:
        """The export dialog ("Xuất Excel…"): the list written to an .xlsx file."""
        from ui.dialogs.sheet_export import open_export  # openpyxl loads at the first use

        if not self.session.can("report") or self.table not in EXPORT_TABLES:
            return None
        return open_export(self.session, self.table, self)

    # -- deleting and undoing ----------------------------------------------------------------

    def delete_record(self, record_id: str) -> bool:
        """Ask, then delete record `record_id` through the store; True when deleted."""
        if not self.can_write:
            return False
        store = self.session.store
        record = store.get(self.table, record_id)
        if record is None:
            self.refresh()
            return False
        description = describe(self.table, record)
        details = identity_line(store.db, self.table, record)
        if not confirm_delete(self, self.table, description, details):
            return False
        try:
            self.session.store.delete(self.table, record_id)
        except (ValidationError, StorageError, AccountError) as exc:
            self.notice.say(strings.cannot_delete(description, _reason(exc)), "error")
            return False
        self.undo_stack.push(UndoEntry(self.table, record_id, "delete", description))
        self.drafts.discard(f"{self.table}/{record_id}")
        self.refresh()
        self.show_list()
        self.notice.say(strings.deleted(description), "info")
        self.undo_delete_button.show()
        return True

    def open_recycle_bin(self) -> RecycleBinDialog:
        """ "Đã xóa gần đây": the records deleted here and still kept, to restore."""
        from ui.dialogs.recycle_bin import RecycleBinDialog

        dialog = RecycleBinDialog(self.session, self)
        dialog.restored.connect(self._restored)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def _restored(self, table: str, record_id: str) -> None:
        self.undo_delete_button.hide()
        self.refresh()
        if table == self.table:
            self.panel.select_record(record_id)

    def undo(self) -> None:
        """Ctrl+Z: undo this page's last change, or say why it cannot be."""
        if self.is_showing_form() and self.form.is_dirty():
            self.notice.say(strings.UNDO_FINISH_FORM_FIRST, "warning")
            return
        self.undo_delete_button.hide()
        try:
            outcome = self.undo_stack.undo(self.session.store)
        except (ValidationError, StorageError, AccountError) as exc:
            self.notice.say(strings.undo_failed(_reason(exc)), "error")
            return
        if outcome.changed:
            self.refresh()
            if outcome.entry is not None and outcome.entry.op in ("update", "delete"):
                self.panel.select_record(outcome.entry.id)
        self.notice.say(outcome.message, "info" if outcome.changed else "warning")


def _reason(exc: Exception) -> str:
    """The Vietnamese reason an exception from the store carries."""
    if isinstance(exc, ValidationError):
        return "; ".join(p.message for p in exc.problems)
    return str(exc)
