"""The two steps of the import wizard (ui/dialogs/sheet_import.py), as widgets only.

`ChooseStep`: the file, the branch of rows that name none, whether to create missing branches,
and the blank template. `ReviewStep`: the dry run — where the list was found, how each column
is read, the counts by fate, and the rows in a table (all, or only the rejected ones); after
applying, the same table with what was stored. What the buttons do is the dialog's business.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.spreadsheets.report import MOVE, REJECTED, ImportPlan, ImportResult
from ui import strings
from ui.dialogs.files import SavedLine
from ui.dialogs.sheet_import_mapping import ColumnMapping
from ui.models.import_plan_model import Column, ImportPlanModel, fate_text
from ui.widgets.buttons import button_row
from ui.widgets.notice import Notice
from ui.widgets.read_only_table import read_only_list

ROW_PADDING = 12  # pixels added to a line of text for a table row


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("note")
    label.setWordWrap(True)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    return label


class ChooseStep(QWidget):
    """Step 1: which file, and how rows without a branch are placed."""

    def __init__(self, noun: str, *, with_branches: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = QLineEdit()
        self.path.setPlaceholderText(strings.SHEET_FILE_PLACEHOLDER)
        self.path.setAccessibleName(strings.SHEET_FILE_LABEL)
        self.browse = QPushButton(strings.CHOOSE_FILE)
        self.browse.setObjectName("secondaryButton")
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(strings.SHEET_FILE_LABEL))
        file_row.addWidget(self.path, stretch=1)
        file_row.addWidget(self.browse)

        self.branch = QComboBox()
        self.branch.setAccessibleName(strings.SHEET_DEFAULT_BRANCH)
        self.create_branches = QCheckBox(strings.SHEET_CREATE_BRANCHES)
        branch_row = QHBoxLayout()
        branch_label = QLabel(strings.SHEET_DEFAULT_BRANCH)
        branch_label.setBuddy(self.branch)
        branch_row.addWidget(branch_label)
        branch_row.addWidget(self.branch, stretch=1)
        self.branch_widgets = [branch_label, self.branch, self.create_branches]
        for widget in self.branch_widgets:
            widget.setVisible(with_branches)

        self.template_button = QPushButton(strings.SHEET_TEMPLATE)
        self.template_button.setObjectName("linkButton")
        self.template_button.setToolTip(strings.SHEET_TEMPLATE_TIP)
        self.template_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.template_saved = SavedLine()
        self.notice = Notice()

        buttons, self.close_button, self.read_button = button_row(
            strings.SHEET_CLOSE, strings.SHEET_READ
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(_heading(strings.SHEET_STEP_CHOOSE))
        layout.addWidget(_note(strings.sheet_choose_intro(noun)))
        layout.addLayout(file_row)
        layout.addLayout(branch_row)
        layout.addWidget(self.create_branches)
        layout.addWidget(self.template_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.template_saved)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def set_branches(self, names: list[str]) -> None:
        """Offer the unit's branches (by name) for rows that name none."""
        self.branch.clear()
        self.branch.addItem(strings.SHEET_BRANCH_FROM_FILE, None)
        for name in names:
            self.branch.addItem(name, name)

    def default_branch(self) -> str | None:
        """The branch chosen for rows that name none (None: as the file says)."""
        return self.branch.currentData() if self.branch.isVisibleTo(self) else None


class ReviewStep(QWidget):
    """Step 2: the dry run's findings and rows; then what applying stored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _heading(strings.SHEET_STEP_REVIEW)
        self.file_line = _note()
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_line, stretch=1)
        self.mapping = ColumnMapping()
        self.unread = Notice()  # the columns not read: always in view before applying
        self.move_branches = QCheckBox(strings.SHEET_MOVE_BRANCHES)
        self.moves_note = _note()
        self.rejects_button = QPushButton(strings.SHEET_SAVE_REJECTS)
        self.rejects_button.setObjectName("secondaryButton")
        self.rejects_saved = SavedLine()
        self.summary = QLabel()
        self.summary.setObjectName("sheetSummary")
        self.summary.setWordWrap(True)
        self.details = _note()
        self._details = ""  # the details that do not depend on the move tick
        self.notice = Notice()

        self.only_rejected = QCheckBox(strings.SHEET_ONLY_REJECTED)
        self.shown = _note()
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.only_rejected)
        filter_row.addWidget(self.rejects_button)
        filter_row.addStretch(1)
        filter_row.addWidget(self.shown)

        self.model = ImportPlanModel(self)
        self.table = self._make_table()
        self.only_rejected.toggled.connect(self._filter)
        self.row_detail = _note()
        self.row_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row_detail.hide()
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self.row_detail.hide)

        self.back_button = QPushButton(strings.SHEET_BACK)
        self.back_button.setObjectName("secondaryButton")
        self.close_button = QPushButton(strings.SHEET_CLOSE)
        self.close_button.setObjectName("secondaryButton")
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("primaryButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.apply_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addLayout(file_row)
        layout.addWidget(self.mapping)
        layout.addWidget(self.unread)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addWidget(self.moves_note)
        layout.addWidget(self.move_branches)
        layout.addWidget(self.notice)
        layout.addWidget(self.rejects_saved)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.row_detail)
        layout.addLayout(buttons)

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("sheetRows")
        table.setModel(self.model)
        # Fixed heights and widths: Qt never measures 20,000 rows.
        read_only_list(table, row_padding=ROW_PADDING)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        char = table.fontMetrics().averageCharWidth()
        table.setColumnWidth(Column.ROW, char * 6 + 16)
        table.setColumnWidth(Column.NAME, char * 24 + 16)
        table.setColumnWidth(Column.FATE, char * 30 + 16)
        return table

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.row_detail.hide()
            return
        outcome = self.model.outcome(current.row())
        self.row_detail.setText(
            strings.sheet_row_detail(
                outcome.row,
                outcome.name or "",
                fate_text(outcome.fate),
                self.model.reasons(current.row()),
            )
        )
        self.row_detail.show()

    def _filter(self, only: bool) -> None:
        self.model.set_only_rejected(only)
        self._count()

    def _count(self) -> None:
        self.shown.setText(
            strings.sheet_rejected_shown(self.model.shown_count(), self.model.total_count())
        )

    # -- what is shown -----------------------------------------------------------------------

    def show_plan(self, plan: ImportPlan) -> int:
        """Show a dry run; returns how many rows applying would write."""
        self.heading.setText(strings.SHEET_STEP_REVIEW)
        self.file_line.setText(strings.sheet_file_line(plan.file_name, plan.sheet, plan.header_row))
        self.mapping.show_plan(plan)
        unread = plan.unread_lines()
        if unread:
            self.unread.say(strings.sheet_unread_columns(unread), "warning")
        else:
            self.unread.clear_notice()
        self.unread.setVisible(bool(unread))
        self.summary.setText(strings.sheet_counts(len(plan.rows), plan.counts(), plan.skipped))
        moves = plan.count(MOVE)
        self.moves_note.setText(strings.sheet_moves(moves) if moves else "")
        self.moves_note.setVisible(bool(moves))
        self.move_branches.setVisible(bool(moves))
        self.move_branches.setChecked(plan.apply_moves)
        self.rejects_saved.hide()
        self.rejects_button.setVisible(plan.count(REJECTED) > 0)
        self.rejects_button.setEnabled(True)
        details = []
        if plan.default_branch:
            details.append(strings.sheet_default_branch(plan.default_branch))
        if plan.default_status_rows():
            details.append(strings.sheet_default_status(plan.default_status_rows()))
        self._details = " ".join(details)
        rejected = plan.count(REJECTED)
        note = strings.SHEET_DRY_RUN_NOTE
        if rejected:
            note += " " + strings.sheet_rejected_note(rejected)
        self.notice.say(note, "warning" if rejected else "info")
        self.only_rejected.setEnabled(bool(rejected))
        self.only_rejected.setChecked(bool(rejected) and self.only_rejected.isChecked())
        self.model.set_plan(plan)
        self._count()
        self.show_accepted(plan)
        self.apply_button.show()
        self.back_button.show()
        self.close_button.setText(strings.SHEET_CLOSE)
        return plan.accepted()

    def show_accepted(self, plan: ImportPlan) -> None:
        """The apply button and the branches to create, for the plan as it stands (moves)."""
        new = [b.values["name"] for b in plan.branches_to_create()]
        text = self._details
        if new:
            text = f"{text} {strings.sheet_new_branches(new)}".strip()
        self.details.setText(text)
        self.details.setVisible(bool(text))
        accepted = plan.accepted()
        self.apply_button.setText(
            strings.sheet_apply(accepted) if accepted else strings.SHEET_NOTHING_TO_APPLY
        )
        self.apply_button.setEnabled(accepted > 0)

    def show_applied(self, plan: ImportPlan, result: ImportResult) -> None:
        """After applying: what was stored; the rows again (some may have been refused)."""
        self.heading.setText(strings.SHEET_STEP_DONE)
        self.summary.setText(strings.sheet_counts(len(plan.rows), plan.counts(), plan.skipped))
        text = strings.sheet_applied(result.inserted, result.updated, result.branches_created)
        if result.refused_at_apply:
            text += " " + strings.sheet_refused_at_apply(len(result.refused_at_apply))
        rejected = plan.count(REJECTED)
        if rejected and not result.refused_at_apply:
            text += " " + strings.sheet_rejected_after(rejected)
        self.notice.say(text, "warning" if rejected else "info")
        self.only_rejected.setEnabled(bool(rejected))
        self.model.set_plan(plan)
        self._count()
        self.apply_button.hide()
        self.back_button.hide()
        self.mapping.setEnabled(False)
        self.move_branches.setEnabled(False)
        self.close_button.setText(strings.SHEET_DONE)
