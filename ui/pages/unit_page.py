"""Đơn vị: the unit's own record, as a form (there is one record, so no list).

The unit's code never changes (it names the unit in every sync package), so it is shown but
not editable. Enter saves, Esc puts back what is stored, Ctrl+Z undoes the last save.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from db.store import StorageError, unit_row_id
from db.validation import ValidationError
from desktop.security.accounts import AccountError
from desktop.security.session import Session
from ui import strings
from ui.forms.drafts import Drafts, MemoryDrafts
from ui.forms.record_form import RecordForm, SavedRecord
from ui.pages import Page
from ui.pages.undo import UndoEntry, UndoStack
from ui.widgets.notice import Notice


class UnitPage(Page):
    """The form of the session's own unit."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, drafts: Drafts | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unitPage")
        self.session = session
        self.undo_stack = UndoStack()
        self.notice = Notice()
        self.form = RecordForm(
            "units",
            store=lambda: self.session.store,
            today=self._today,
            read_only=not session.can("write"),
            closable=False,
            fixed_fields=("code",),
            drafts=drafts if drafts is not None else MemoryDrafts(),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.setSpacing(8)
        layout.addWidget(self.notice)
        layout.addWidget(self.form, stretch=1)
        undo = QAction(self)
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.triggered.connect(self.undo)
        self.addAction(undo)
        self.form.saved.connect(self._saved)
        self.refresh()

    def save_form(self) -> None:
        """Ctrl+S pressed outside the form (the navigation): save it."""
        if not self.form.read_only:
            self.form.submit(add_next=False)

    def _today(self) -> date:
        return self.session.store.today()

    def refresh(self) -> None:
        """Read the unit's record again; what is being typed is kept."""
        store = self.session.store
        record_id = unit_row_id(store.unit_code or "")
        record = store.get("units", record_id) or {"code": store.unit_code}
        self.form.set_read_only(not self.session.can("write"))
        if self.form.record_id != record_id or not self.form.is_dirty():
            self.form.start_edit(record_id, record)

    def open_record(self, record_id: str) -> None:
        self.form.focus_first()

    def _saved(self, outcome: SavedRecord, _add_next: bool) -> None:
        if outcome.op == "update":
            self.undo_stack.push(
                UndoEntry("units", outcome.id, "update", outcome.description, outcome.previous)
            )
        self.form.start_edit(outcome.id, self.session.store.get("units", outcome.id) or {})
        self.notice.say(
            strings.saved(outcome.description, outcome.op, [w.message for w in outcome.warnings]),
            "warning" if outcome.warnings else "info",
        )

    def undo(self) -> None:
        """Ctrl+Z: put back the unit's record as it was before the last save."""
        try:
            outcome = self.undo_stack.undo(self.session.store)
        except (ValidationError, StorageError, AccountError) as exc:
            self.notice.say(strings.undo_failed(str(exc)), "error")
            return
        if outcome.changed:
            self.refresh_form()
        self.notice.say(outcome.message, "info" if outcome.changed else "warning")

    def refresh_form(self) -> None:
        """Show the stored record, dropping what was typed."""
        store = self.session.store
        record_id = unit_row_id(store.unit_code or "")
        self.form.start_edit(record_id, store.get("units", record_id) or {})
