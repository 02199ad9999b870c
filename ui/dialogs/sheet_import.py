"""Nhập từ Excel: the wizard that brings a member, branch head, cadre or branch list in.

Step 1 chooses the file (and, for lists by branch, the branch of rows that name none);
"Đọc thử" runs the service's dry run (`desktop.spreadsheets.importer.plan_import`) in the background
on a private read-only connection (ui/task_store.py): nothing changes. Step 2 shows each row's
fate and reasons (ui/dialogs/sheet_import_steps.py); "Nhập N dòng" applies the plan
(`apply_import`: the accepted rows in one transaction through the write path, audited) in the
background on the session's own store, lent to the worker while this window-modal dialog waits
for it (ui/dialogs/task_dialog.py). Then it says what was stored, and `imported` tells the page
to read its list again.

A file that cannot be read gets the service's Vietnamese sentence (`SheetError`) and changes
nothing; so does a cancelled or refused apply (one transaction). The log gets counts and the
types of failures only, never a row, a name or a message (which may quote a cell).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from db.lists import branch_choices
from db.progress import Cancelled, Progress
from db.schema import TABLES
from db.store import StorageError
from db.text import fold
from db.validation import ValidationError
from desktop.errors import AccountError
from desktop.security.session import Session
from desktop.spreadsheets.importer import apply_import, plan_import
from desktop.spreadsheets.reader import SheetError
from desktop.spreadsheets.rejects import write_rejects
from desktop.spreadsheets.report import REJECTED, ImportPlan, ImportResult
from desktop.spreadsheets.templates import write_template
from ui import strings
from ui.dialogs import files
from ui.dialogs.sheet_import_steps import ChooseStep, ReviewStep
from ui.dialogs.task_dialog import TaskDialog
from ui.task_runner import TaskHandle
from ui.task_store import TaskStore

log = logging.getLogger(__name__)


def file_slug(table: str) -> str:
    """A table's name for a file, without tones or spaces: "hoi-vien"."""
    return fold(TABLES[table].label).replace(" ", "-")


class SheetImportDialog(TaskDialog):
    """The import wizard for `table` (one of `desktop.spreadsheets.tables.IMPORT_TABLES`)."""

    imported = Signal(object)  # the ImportResult, once rows were stored

    def __init__(self, session: Session, table: str, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.table = table
        self.plan: ImportPlan | None = None
        self.outcome: ImportResult | None = None
        noun = TABLES[table].label
        self.setObjectName("sheetImportDialog")
        self.setWindowTitle(strings.sheet_import_title(noun))
        self.resize(960, 640)

        with_branches = "branch_id" in TABLES[table].fields_by_name
        self.choose = ChooseStep(noun, with_branches=with_branches)
        if with_branches:
            self.choose.set_branches([name for _id, name in branch_choices(session.store)])
        self.review = ReviewStep()
        self.steps = QStackedWidget()
        self.steps.addWidget(self.choose)
        self.steps.addWidget(self.review)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.addWidget(self.steps)

        self.choose.browse.clicked.connect(self.choose_file)
        self.choose.template_button.clicked.connect(self.save_template)
        self.choose.read_button.clicked.connect(self.read)
        self.choose.path.returnPressed.connect(self.read)
        self.choose.path.textChanged.connect(self._enable)
        self.choose.close_button.clicked.connect(self.reject)
        self.review.back_button.clicked.connect(self.back)
        self.review.apply_button.clicked.connect(self.apply)
        self.review.close_button.clicked.connect(self._close_clicked)
        self.review.mapping.changed.connect(self._remap)
        self.review.move_branches.toggled.connect(self._moves_toggled)
        self.review.rejects_button.clicked.connect(self.save_rejects)
        self.mapping: dict[str, str] | None = None  # the person's column choices, by letter
        self.save_key(self.review.apply_button)
        self._enable()

    # -- step 1: the file --------------------------------------------------------------------

    def choose_file(self) -> Path | None:
        """Ask for the file to import (the path box takes it)."""
        path = files.pick_open_path(self, strings.SHEET_FILE_FILTER)
        if path is not None:
            self.choose.path.setText(str(path))
        return path

    def save_template(self) -> TaskHandle | None:
        """Ask where, then write the blank template of this list there."""
        start = Path.home() / f"{strings.SHEET_TEMPLATE_FILE_STEM}-{file_slug(self.table)}.xlsx"
        out = files.pick_save_path(self, str(start), strings.SHEET_XLSX_FILTER)
        if out is None:
            return None
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        table = self.table
        self.choose.template_saved.hide()
        return self.run_task(
            lambda _progress, _cancelled: write_template(table, out),
            on_done=lambda _none: self.choose.template_saved.show_path(
                out, strings.sheet_template_saved(str(out))
            ),
            on_failed=lambda exc: self._say_failure(self.choose, "template", exc),
        )

    def read(self) -> TaskHandle | None:
        """The dry run of the chosen file ("Đọc thử"), in the background."""
        if self.busy():
            return None
        text = self.choose.path.text().strip()
        if not text:
            self.choose.notice.say(strings.SHEET_NO_FILE, "warning")
            return None
        path = Path(text)
        table = self.table
        branch = self.choose.default_branch()
        mapping = dict(self.mapping) if self.mapping else None
        step = self.review if self.steps.currentWidget() is self.review else self.choose
        create = self.choose.create_branches.isVisibleTo(self.choose) and (
            self.choose.create_branches.isChecked()
        )
        source = TaskStore(self.session)

        def dry_run(progress: Progress, cancelled: Cancelled) -> ImportPlan:
            with source as store:  # a cancel raises WorkCancelled: the runner reports it
                return plan_import(
                    store,
                    path,
                    table,
                    branch=branch,
                    mapping=mapping,
                    create_branches=create,
                    progress=progress,
                    cancelled=cancelled,
                )

        self.choose.notice.clear_notice()
        return self.run_task(
            dry_run,
            on_done=self._planned,
            on_failed=lambda exc: self._say_failure(step, "dry run", exc),
            label=strings.SHEET_READING,
        )

    def _planned(self, plan: ImportPlan) -> None:
        previous = self.plan
        if previous is not None and previous.apply_moves and previous.moves() == plan.moves():
            # Another column choice, the same moves: the person's consent to them stands.
            plan.apply_moves = True
        self.plan = plan
        self.outcome = None
        log.info(
            "sheet import dry run: %s, %d rows, %d rejected",
            plan.table,
            len(plan.rows),
            plan.count(REJECTED),
        )
        self.review.show_plan(plan)
        self.steps.setCurrentWidget(self.review)
        self._enable()
        button = self.review.apply_button
        (button if button.isEnabled() else self.review.table).setFocus()

    def back(self) -> None:
        """Back to step 1 (another file, another branch); the dry run is dropped."""
        if self.busy():
            return
        self.plan = None
        self.mapping = None
        self.review.model.set_plan(None)
        self.steps.setCurrentWidget(self.choose)
        self.choose.path.setFocus()

    def _remap(self, choices: dict[str, str]) -> None:
        """A column's choice changed: the dry run again, with every column as now chosen."""
        if self.outcome is not None:
            return
        self.mapping = choices
        self.read()

    def _moves_toggled(self, checked: bool) -> None:
        if self.plan is not None and self.outcome is None:
            self.plan.apply_moves = checked
            self.review.show_accepted(self.plan)
            self._enable()

    def save_rejects(self) -> TaskHandle | None:
        """Ask where, then write the refused rows with their reasons there (personal data: only
        where the person chose; nothing of it logged)."""
        plan = self.plan
        if plan is None or self.busy():
            return None
        start = Path.home() / f"{strings.SHEET_REJECTS_FILE_STEM}-{file_slug(self.table)}.xlsx"
        out = files.pick_save_path(self, str(start), strings.SHEET_XLSX_FILTER)
        if out is None:
            return None
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        self.review.rejects_saved.hide()
        return self.run_task(
            lambda _progress, _cancelled: write_rejects(plan, out),
            on_done=lambda rows: self.review.rejects_saved.show_path(
                out, strings.sheet_rejects_saved(rows, str(out))
            ),
            on_failed=lambda exc: self._say_failure(self.review, "rejects", exc),
        )

    # -- step 2: applying --------------------------------------------------------------------

    def apply(self) -> TaskHandle | None:
        """Store the accepted rows of the dry run ("Nhập N dòng"), in the background."""
        plan = self.plan
        if plan is None or self.outcome is not None or self.busy():
            return None
        if not plan.accepted():
            return None  # every row rejected or skipped: nothing to write
        store = self.session.store
        stored: list[ImportResult] = []

        def write(progress: Progress, cancelled: Cancelled) -> ImportResult:
            result = apply_import(store, plan, progress=progress, cancelled=cancelled)
            stored.append(result)  # committed: a "Hủy" pressed now comes too late
            return result

        return self.run_task(
            write,
            on_done=self._applied,
            on_failed=self._apply_failed,
            on_cancelled=lambda: self._apply_cancelled(stored),
            label=strings.SHEET_APPLYING,
        )

    def _applied(self, result: ImportResult) -> None:
        assert self.plan is not None
        self.outcome = result
        log.info(
            "sheet import applied: %s, %d added, %d updated, %d branches, %d refused",
            self.plan.table,
            result.inserted,
            result.updated,
            result.branches_created,
            len(result.refused_at_apply),
        )
        self.review.show_applied(self.plan, result)
        self.review.close_button.setFocus()
        self.imported.emit(result)

    def _apply_cancelled(self, stored: list[ImportResult]) -> None:
        if stored:  # the transaction had committed when "Hủy" was pressed
            self._applied(stored[0])
            return
        assert self.plan is not None
        self.review.show_plan(self.plan)  # rows the store refused moved to the rejected ones
        self.review.notice.say(strings.SHEET_CANCELLED, "warning")

    def _apply_failed(self, exc: BaseException) -> None:
        if self.plan is not None:
            self.review.show_plan(self.plan)
        self._say_failure(self.review, "apply", exc)

    # -- both steps --------------------------------------------------------------------------

    def _say_failure(self, step: ChooseStep | ReviewStep, what: str, exc: BaseException) -> None:
        """Say why in Vietnamese; nothing was changed (one transaction, or only a read)."""
        if isinstance(exc, SheetError):
            text = str(exc)
        elif isinstance(exc, ValidationError):
            text = strings.failed("; ".join(str(p) for p in exc.problems[:5]))
        elif isinstance(exc, StorageError | AccountError):
            text = strings.failed(str(exc))
        elif isinstance(exc, OSError):  # the template could not be written
            text = strings.sheet_cannot_write(str(exc.filename or ""), exc.strerror or str(exc))
        else:
            self.log_failure(f"sheet import ({what})", exc)
            text = strings.sheet_unexpected(type(exc).__name__)
        log.info("sheet import (%s) refused: %s", what, type(exc).__name__)
        step.notice.say(text, "error")

    def _close_clicked(self) -> None:
        if self.outcome is not None:
            self.accept()
        else:
            self.reject()

    def _enable(self) -> None:
        busy = self.busy()
        has_path = bool(self.choose.path.text().strip())
        self.choose.read_button.setEnabled(has_path and not busy)
        for button in (self.choose.browse, self.choose.template_button, self.choose.close_button):
            button.setEnabled(not busy)
        accepted = self.plan is not None and self.plan.accepted() > 0
        self.review.mapping.setEnabled(not busy and self.outcome is None)
        self.review.rejects_button.setEnabled(not busy)
        self.review.apply_button.setEnabled(accepted and self.outcome is None and not busy)
        self.review.back_button.setEnabled(not busy)
        self.review.close_button.setEnabled(not busy)
        self.review.only_rejected.setEnabled(
            not busy and self.plan is not None and self.plan.count(REJECTED) > 0
        )

    def task_started(self) -> None:
        self._enable()

    def task_ended(self) -> None:
        self._enable()


def open_import(session: Session, table: str, parent: QWidget) -> SheetImportDialog:
    """Show the wizard over `parent` (window-modal); it deletes itself when closed."""
    dialog = SheetImportDialog(session, table, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
