"""The form of one record of any table, built from `db.schema`, checked as the person types.

Every edit runs the same rules the write path runs (`db.validation.clean_values` and
`check_record`) on the form's values; a field's problem appears under it once the person has
paused or moved on (red: must be fixed; amber: a warning, saving is allowed). Enter saves
through `store.save` — for tables where records come in runs (members, branch heads,
activities) a new record's Enter is "Lưu và thêm tiếp", which opens the next blank form for
the same branch — Ctrl+S saves and closes, Esc cancels. A save the rules refuse says what is
wrong and where, and keeps everything typed. Rules that need other records (a citizen ID
already used, a deleted branch) come back from the store and show the same way.

What is typed is also kept as a draft (ui/forms/drafts.py) until it is saved or cancelled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.namesakes import PEOPLE, duplicate_message, namesakes
from db.schema import TABLES
from db.store import StorageError, Store
from db.validation import Problem, ValidationError, check_record, clean_values, describe
from desktop.security.accounts import AccountError
from ui import strings
from ui.forms.drafts import Drafts, MemoryDrafts, draft_key
from ui.forms.field_grid import build_grid, sentence
from ui.widgets.notice import Notice

REVEAL_MS = 400  # a pause this long in typing shows the field's problems


@dataclass(frozen=True)
class SavedRecord:
    """What a save did, for the page: redraw, say so, remember how to undo it."""

    table: str
    id: str
    op: str  # insert, update, or none (nothing had changed)
    description: str  # `hội viên “Nguyễn Thị Ánh”`
    previous: dict[str, Any] = field(default_factory=dict)  # changed fields as they were
    values: dict[str, Any] = field(default_factory=dict)  # the record as saved
    warnings: tuple[Problem, ...] = ()


class RecordForm(QWidget):
    """Add, edit or (for a viewer) read one record of `table`."""

    saved = Signal(object, bool)  # SavedRecord, and whether the next blank form should follow
    closed = Signal()  # cancelled, or closed by a viewer
    delete_requested = Signal(str)  # the record's id
    view_requested = Signal(str)  # the id of a possible duplicate the person wants to see

    def __init__(
        self,
        table: str,
        *,
        store: Callable[[], Store],
        today: Callable[[], date],
        read_only: bool = False,
        add_next: bool = False,
        closable: bool = True,
        fixed_fields: tuple[str, ...] = (),
        drafts: Drafts | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordForm")
        self.table = table
        self.spec = TABLES[table]
        self._store = store
        self._today = today
        self.read_only = read_only
        self.add_next = add_next
        self.closable = closable
        self.fixed_fields = fixed_fields  # shown, never editable (a unit's code)
        self.drafts: Drafts = drafts if drafts is not None else MemoryDrafts()
        self.record_id: str | None = None
        self.stored: dict[str, Any] = {}  # the record as read, or the preset of a new one
        self._initial: dict[str, Any] = {}
        self._touched: set[str] = set()
        self._revealed: set[str] = set()
        self._problems: list[Problem] = []
        self._server_problems: list[Problem] = []  # from the store's last refusal
        self._duplicate_ok = False  # "Vẫn lưu" pressed for the values as they are
        self._duplicate_ids: list[str] = []
        self._pending_add_next = False

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("note")
        self.banner = Notice()
        self.banner.setObjectName("formBanner")

        # A possible duplicate (db/namesakes.py): who, and the choice to save anyway or look.
        self.duplicate_box = QFrame()
        self.duplicate_box.setObjectName("duplicateBox")
        self.duplicate_text = QLabel()
        self.duplicate_text.setObjectName("formBanner")
        self.duplicate_text.setProperty("severity", "warning")
        self.duplicate_text.setWordWrap(True)
        self.save_anyway_button = self._button(strings.SAVE_ANYWAY, "primaryButton")
        self.view_other_button = self._button(strings.VIEW_OTHER, "secondaryButton")
        duplicate_buttons = QHBoxLayout()
        duplicate_buttons.addWidget(self.save_anyway_button)
        duplicate_buttons.addWidget(self.view_other_button)
        duplicate_buttons.addStretch(1)
        duplicate_layout = QVBoxLayout(self.duplicate_box)
        duplicate_layout.setContentsMargins(0, 0, 0, 0)
        duplicate_layout.addWidget(self.duplicate_text)
        duplicate_layout.addLayout(duplicate_buttons)
        self.duplicate_box.hide()
        self.save_anyway_button.clicked.connect(self._save_anyway)
        self.view_other_button.clicked.connect(self._view_other)

        grid, self.blocks = build_grid(self.spec, self._changed)
        scroll = QScrollArea()
        scroll.setObjectName("formScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner.setObjectName("formInner")
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 4, 12, 4)
        inner_layout.addWidget(grid)
        scroll.setWidget(inner)

        self.next_button = self._button(strings.SAVE_AND_NEXT, "primaryButton")
        self.save_button = self._button(strings.SAVE, "primaryButton")
        self.cancel_button = self._button(
            strings.CANCEL_FORM if closable else strings.REVERT, "secondaryButton"
        )
        self.close_button = self._button(strings.CLOSE_FORM, "secondaryButton")
        self.delete_button = self._button(strings.DELETE, "dangerButton")
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        for button in (self.next_button, self.save_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.banner)
        layout.addWidget(self.duplicate_box)
        layout.addWidget(scroll, stretch=1)
        layout.addLayout(buttons)

        self.reveal_timer = QTimer(self)
        self.reveal_timer.setSingleShot(True)
        self.reveal_timer.setInterval(REVEAL_MS)
        self.reveal_timer.timeout.connect(self._reveal_touched)
        save_close = QAction(self)
        save_close.setShortcut(QKeySequence("Ctrl+S"))
        save_close.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_close.triggered.connect(lambda: self.submit(add_next=False))
        self.addAction(save_close)
        self.next_button.clicked.connect(lambda: self.submit(add_next=True))
        self.save_button.clicked.connect(lambda: self.submit(add_next=False))
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.cancel)
        self.delete_button.clicked.connect(self._ask_delete)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)
        self.set_read_only(read_only)
        self._initial = self.values()

    def set_read_only(self, read_only: bool) -> None:
        """Let the signed-in person edit, or only read (a viewer; the role may change)."""
        self.read_only = read_only
        for name, block in self.blocks.items():
            block.editor.set_read_only(read_only or name in self.fixed_fields)
        self._update_heading()

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(True)  # Enter on a focused button presses that button
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    # -- starting ----------------------------------------------------------------------------

    @property
    def is_new(self) -> bool:
        return self.record_id is None

    @property
    def key(self) -> str:
        """The key of this form's draft."""
        return draft_key(self.table, self.record_id)

    def set_branches(self, choices: list[tuple[str, str]]) -> None:
        """The branches a reference may choose, (id, name); what is chosen stays."""
        for block in self.blocks.values():
            if block.field.kind == "ref":
                block.editor.set_choices(choices)  # type: ignore[attr-defined]

    def start_new(self, preset: dict[str, Any] | None = None) -> None:
        """A blank form (with `preset` values, e.g. the branch of the previous record)."""
        self._start(None, dict(preset or {}))

    def start_edit(self, record_id: str, record: dict[str, Any]) -> None:
        """The form of a stored record (as `Store.get` returns it)."""
        self._start(record_id, {f: record.get(f) for f in self.spec.field_names})

    def _start(self, record_id: str | None, stored: dict[str, Any]) -> None:
        self.record_id, self.stored = record_id, stored
        for name, block in self.blocks.items():
            block.editor.show(stored.get(name))
        self._touched.clear()
        self._revealed.clear()
        if record_id is not None:  # stored data (synced, imported) may break rules: say so
            self._revealed.update(self.blocks)
        self._server_problems = []
        self._hide_duplicate()
        self._initial = self.values()
        self.banner.hide()
        draft = self.drafts.load(self.key)
        if draft is not None and draft != self._initial and not self.read_only:
            for name, raw in draft.items():
                if name in self.blocks:
                    self.blocks[name].editor.restore(raw)
            self._touched.update(n for n in draft if draft[n] != self._initial.get(n))
            self._revealed.update(self._touched)
            self.banner.say(strings.DRAFT_RESTORED, "info")
        self._update_heading()
        self._validate()
        self.focus_first()

    def _update_heading(self) -> None:
        title = self.stored.get(self.spec.title_field or "") if not self.is_new else None
        noun = self.spec.label
        if self.read_only:
            self.title.setText(strings.form_title_view(noun, title))
        elif self.is_new:
            self.title.setText(strings.form_title_new(noun))
        else:
            self.title.setText(strings.form_title_edit(noun, title))
        if self.read_only:
            self.note.setText(strings.FORM_READ_ONLY_NOTE)
        else:
            self.note.setText(
                strings.REQUIRED_NOTE if self.closable else strings.REQUIRED_NOTE_REVERT
            )
        writing = not self.read_only
        self.next_button.setVisible(writing and self.add_next and self.is_new)
        self.save_button.setVisible(writing)
        runs = self.add_next and self.is_new  # "Lưu và thêm tiếp" leads, "Lưu và đóng" follows
        self.save_button.setText(strings.SAVE_AND_CLOSE if runs else strings.SAVE)
        self.save_button.setObjectName("secondaryButton" if runs else "primaryButton")
        self.save_button.style().unpolish(self.save_button)
        self.save_button.style().polish(self.save_button)
        self.cancel_button.setVisible(writing)
        self.close_button.setVisible(not writing and self.closable)
        self.delete_button.setVisible(writing and self.closable and not self.is_new)

    def focus_first(self) -> None:
        """The cursor in the first field to fill: past the preset ones of a new record."""
        for name, block in self.blocks.items():
            if name in self.fixed_fields:
                continue
            if not self.is_new or self.stored.get(name) is None:
                block.editor.focus_widget().setFocus()
                return

    # -- what is typed -----------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Every field's raw value as entered (what a draft keeps)."""
        return {name: block.editor.raw() for name, block in self.blocks.items()}

    def is_dirty(self) -> bool:
        """Whether something was typed that is not saved."""
        return self.values() != self._initial

    def problems(self) -> list[Problem]:
        """What the rules say about the values entered now (errors and warnings)."""
        return list(self._problems)

    def field_message(self, name: str) -> str:
        """The text under field `name` ("" when none is shown)."""
        block = self.blocks[name]
        return block.message.text() if block.message.isVisible() else ""

    def _changed(self) -> None:
        focused = QApplication.focusWidget()
        for name, block in self.blocks.items():
            widget = block.editor.widget
            if focused is not None and (focused is widget or widget.isAncestorOf(focused)):
                self._touched.add(name)
        self._server_problems = []
        self._hide_duplicate()
        self._validate()
        if not self.read_only:
            self.drafts.save(self.key, self.values())
        self.reveal_timer.start()

    def _focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        if old is None or not self.isVisible():
            return
        for name, block in self.blocks.items():
            widget = block.editor.widget
            if name in self._touched and (old is widget or widget.isAncestorOf(old)):
                self._revealed.add(name)
                self._render()

    def _reveal_touched(self) -> None:
        self._revealed |= self._touched
        self._render()

    def _validate(self) -> None:
        today = self._today()
        cleaned = clean_values(self.table, self.values(), today)
        record = {**self.stored, **cleaned.values}
        broken = {p.field for p in cleaned.errors}
        self._problems = cleaned.problems + [
            p for p in check_record(self.table, record, today) if p.field not in broken
        ]
        self._render()

    def _render(self) -> None:
        by_field: dict[str, list[Problem]] = {}
        for p in [*self._problems, *self._server_problems]:
            by_field.setdefault(p.field or "", []).append(p)
        for name, block in self.blocks.items():
            block.show_problems(by_field.get(name, []) if name in self._revealed else [])

    # -- saving ------------------------------------------------------------------------------

    def submit(self, add_next: bool | None = None) -> bool:
        """Save (Enter); True when saved. Refused: every problem shown, nothing lost."""
        if self.read_only:
            return False
        if add_next is None:
            add_next = self.add_next and self.is_new
        self._validate()
        errors = [p for p in self._problems if p.severity == "error"]
        if errors:
            self._refuse(errors)
            return False
        raw = self.values()
        cleaned = clean_values(self.table, raw, self._today()).values
        if self.is_new:
            changes = {n: v for n, v in raw.items() if v is not None}
        else:
            changes = {n: raw[n] for n in raw if cleaned.get(n) != self.stored.get(n)}
        if self._ask_duplicate({**self.stored, **cleaned}, changes, add_next):
            return False
        try:
            result = self._store().save(self.table, changes, id=self.record_id)
        except ValidationError as refusal:
            self._server_problems = refusal.problems
            self._refuse(refusal.problems)
            return False
        except (StorageError, AccountError) as exc:
            self.banner.say(str(exc), "error")
            return False
        change = result.changes[0] if result.changes else None
        record = {**self.stored, **cleaned}
        outcome = SavedRecord(
            table=self.table,
            id=change.id if change else self.record_id or "",
            op=change.op if change else "none",
            description=describe(self.table, record),
            previous={f: self.stored.get(f) for f in change.fields} if change else {},
            values=record,
            warnings=tuple(result.warnings),
        )
        self.drafts.discard(self.key)
        self._initial = raw
        self.saved.emit(outcome, add_next and self.is_new)
        return True

    # -- a possible duplicate ----------------------------------------------------------------

    def _ask_duplicate(
        self, record: dict[str, Any], changes: dict[str, Any], add_next: bool
    ) -> bool:
        """Whether the save waits for the person: `record` may be someone already entered
        (same name and birth date), and "Vẫn lưu" was not pressed for these values."""
        if self._duplicate_ok or self.table not in PEOPLE:
            return False
        if not self.is_new and not ({"full_name", "birth_date"} & set(changes)):
            return False
        store = self._store()
        others = namesakes(store.db, self.table, store.unit_code or "", record, self.record_id)
        if not others:
            return False
        self._duplicate_ids = [o["id"] for o in others]
        self._pending_add_next = add_next
        messages = [duplicate_message(store.db, self.table, self.spec.label, o) for o in others]
        self.duplicate_text.setText(
            strings.possible_duplicate(describe(self.table, record), messages)
        )
        self.duplicate_box.show()
        self.save_anyway_button.setFocus()
        return True

    def _hide_duplicate(self) -> None:
        self._duplicate_ok = False
        self._duplicate_ids = []
        self.duplicate_box.hide()

    def _save_anyway(self) -> None:
        """ "Vẫn lưu": save as typed, the other person notwithstanding."""
        self._duplicate_ok = True
        self.duplicate_box.hide()
        self.submit(add_next=self._pending_add_next)

    def _view_other(self) -> None:
        """ "Xem người kia": the page opens the other record (what is typed stays a draft)."""
        if self._duplicate_ids:
            self.view_requested.emit(self._duplicate_ids[0])

    def _refuse(self, problems: list[Problem]) -> None:
        """Show every problem, say what must change, and put the cursor on the first one."""
        self._revealed |= set(self.blocks)
        self._render()
        labels = []
        for p in problems:
            label = self.spec.fields_by_name[p.field].label if p.field in self.blocks else None
            if label and label not in labels:
                labels.append(label)
        general = [sentence(p.message) for p in problems if p.field not in self.blocks]
        self.banner.say(strings.cannot_save(labels, general), "error")
        named = {p.field for p in problems if p.field}
        for name, block in self.blocks.items():
            if name in named and name not in self.fixed_fields:
                block.editor.focus_widget().setFocus()
                break

    def cancel(self) -> None:
        """Leave without saving (Esc); the draft is dropped. The unit's form goes back instead."""
        self.drafts.discard(self.key)
        if self.closable:
            self.closed.emit()
        else:
            self._start(self.record_id, self.stored)

    def _ask_delete(self) -> None:
        if self.record_id is not None:
            self.delete_requested.emit(self.record_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.read_only:
            self.submit()
        elif key == Qt.Key.Key_Escape and (self.closable or not self.read_only):
            self.cancel()
        else:
            super().keyPressEvent(event)
