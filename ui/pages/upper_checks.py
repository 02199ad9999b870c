"""The checks across units on an upper level's overview, in place of the commune's data checks.

A province or the centre holds hundreds of thousands to millions of records: snapshotting them
all (the commune's way, ui/pages/data_checks.py) would take minutes and gigabytes. Here each
check is one SQL query (db/upper_checks.py) on a private connection in the background, plus the
units table for those never heard from. Each line names its unit(s); a click opens the unit.
A citizen ID is shown whole only to roles that may see personal data, else its last 3 digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.upper_checks import (
    DuplicateCitizen,
    Found,
    communes_without_chair,
    duplicate_citizens,
    masked_citizen_id,
    save_duplicates,
    saved_duplicates,
    unit_names,
)
from desktop.security.session import Session
from desktop.units.table import units_table
from ui import strings
from ui.task_runner import TaskHandle, TaskRunner
from ui.task_store import TaskStore

UnitCodeRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class UpperFindings:
    duplicates: Found[DuplicateCitizen]
    no_chair: Found[str]
    never_reported: list[str]
    names: dict[str, str]  # every unit named above, by code
    version: int = 0  # the database's db_version they were computed at
    fresh: bool = True  # the duplicates computed now (not those kept at `version`)


def check_units(task_store: TaskStore, root: str) -> UpperFindings:
    """Every check across the units below `root` (worker side, its own connection)."""
    with task_store as store:
        db = store.db
        version = store.db_version
        saved = saved_duplicates(db, version)  # kept while no record changed: seconds saved
        duplicates = saved if saved is not None else duplicate_citizens(db)
        no_chair = communes_without_chair(db, root)
        rows = units_table(db, root, today=store.today())
        names = {r.code: r.name for r in rows}
        wanted = {c for d in duplicates.items for c in d.units} | set(no_chair.items)
        names.update(unit_names(db, sorted(wanted)))
        silent = [r.code for r in rows if not r.reported]
        return UpperFindings(duplicates, no_chair, silent, names, version, saved is None)


class UpperChecksPanel(QWidget):
    """Heading, summary and one line per finding; `unit_chosen(code)` on a click."""

    unit_chosen = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = TaskRunner(self)
        self._handle: TaskHandle | None = None
        heading = QLabel(strings.UPPER_CHECKS_HEADING)
        heading.setObjectName("sectionHeading")
        self.summary = QLabel()
        self.summary.setObjectName("note")
        self.summary.setWordWrap(True)
        self.findings = QListWidget()
        self.findings.setObjectName("upperFindings")
        self.findings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings.setCursor(Qt.CursorShape.PointingHandCursor)
        self.findings.setToolTip(strings.UPPER_CHECKS_NOTE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.findings, stretch=1)
        self.findings.itemClicked.connect(self._chosen)
        self.findings.itemActivated.connect(self._chosen)

    def checking(self) -> bool:
        return self._handle is not None

    def run(self) -> None:
        """Start the checks (again); a run still going is cancelled and its answer dropped."""
        if self._handle is not None:
            self._handle.cancel()
        self.summary.setText(strings.UPPER_CHECKING)
        root = self.session.store.unit_code or ""
        task_store = TaskStore(self.session)
        handle: TaskHandle | None = None

        def done(found: UpperFindings) -> None:
            if handle is self._handle:
                self._handle = None
                self.show_findings(found)
                if found.fresh and not self.session.locked:
                    # Kept on the window's own connection (the worker's is read-only).
                    save_duplicates(self.session.store.db, found.version, found.duplicates)

        def failed(exc: BaseException) -> None:
            if handle is self._handle:
                self._handle = None
                self.summary.setText(strings.upper_checks_failed(str(exc)))

        handle = self.runner.start(
            lambda _p, _c: check_units(task_store, root), on_done=done, on_failed=failed
        )
        self._handle = handle

    def show_findings(self, found: UpperFindings) -> None:
        self.findings.clear()
        name = lambda code: found.names.get(code) or code  # noqa: E731
        personal = self.session.can("personal")
        for dup in found.duplicates.items:
            shown = dup.citizen_id if personal else masked_citizen_id(dup.citizen_id)
            text = strings.duplicate_citizen(shown, [name(c) for c in dup.units])
            self._add(text, dup.units[0])
        self._more(found.duplicates)
        for code in found.no_chair.items:
            self._add(strings.no_chair(name(code)), code)
        self._more(found.no_chair)
        for code in found.never_reported:
            self._add(strings.never_reported(name(code)), code)
        self.summary.setText(
            strings.upper_checks_summary(
                found.duplicates.total, found.no_chair.total, len(found.never_reported)
            )
        )

    def _add(self, text: str, code: str | None) -> None:
        item = QListWidgetItem(text)
        item.setData(UnitCodeRole, code or "")
        self.findings.addItem(item)

    def _more(self, found: Found[Any]) -> None:
        if found.total > len(found.items):
            self._add(strings.more_not_shown(found.total - len(found.items)), None)

    def texts(self) -> list[str]:
        """The lines shown, top to bottom."""
        return [self.findings.item(i).text() for i in range(self.findings.count())]

    def _chosen(self, item: QListWidgetItem) -> None:
        code = item.data(UnitCodeRole)
        if code:
            self.unit_chosen.emit(code)
