"""The person search's results, a page at a time: never the whole result in memory.

`set_query` starts from the first page; the view asks for more as it scrolls to the end
(`canFetchMore` / `fetchMore`), each page read in the background on a private read-only connection
(ui/task_store.py) by `db.people_search.search_people`, resuming after the last person shown
(keyset paging); the search's audit entry is written on the window's own connection
(`desktop.units.people.record_search`), as `find_people` does for the command line. An answer to
an older query (the person typed on) is dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from db.people_search import Cursor, Page, Person, search_people
from db.schema import choice_label
from desktop.security.session import Session
from desktop.units.people import record_search
from ui import strings
from ui.task_runner import TaskRunner
from ui.task_store import TaskStore

Index = QModelIndex | QPersistentModelIndex
PersonRole = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 100


def cell_text(person: Person, column: int) -> str:
    match column:
        case 0:
            return person.full_name
        case 1:
            return strings.PERSON_KINDS.get(person.table, person.table)
        case 2:
            return person.branch_name or "—"
        case 3:
            return person.unit_name or person.unit_code
        case 4:
            return choice_label("members", "status", person.status) if person.status else "—"
    return ""


class PeopleModel(QAbstractTableModel):
    """The people found so far for the current query; more on demand."""

    searching = Signal()
    page_loaded = Signal()  # a page arrived (the count and `more()` changed)
    failed = Signal(str)  # a Vietnamese message

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.page_size = PAGE_SIZE
        self.runner = TaskRunner(self)
        self._people: list[Person] = []
        self._query = ""
        self._cursor: Cursor | None = None
        self._more = False
        self._fetching = False
        self._generation = 0

    # -- content ---------------------------------------------------------------------------

    def set_query(self, query: str) -> None:
        """Search for `query` from its first page (an empty query shows nothing)."""
        self.beginResetModel()
        self._generation += 1
        self._people = []
        self._query = query.strip()
        self._cursor = None
        self._more = bool(self._query)
        self._fetching = False
        self.endResetModel()
        if self._more:
            self._fetch()

    def query(self) -> str:
        return self._query

    def more(self) -> bool:
        """Whether more people match than those fetched."""
        return self._more

    def fetching(self) -> bool:
        return self._fetching

    def person(self, row: int) -> Person:
        return self._people[row]

    def _fetch(self) -> None:
        self._fetching = True
        self.searching.emit()
        generation, query, after, limit = (
            self._generation,
            self._query,
            self._cursor,
            self.page_size,
        )
        session = self.session
        try:
            session.require("personal")
            task_store = TaskStore(session)  # a read-only connection of the worker's own
        except Exception as exc:  # not allowed, or locked meanwhile: nothing to search with
            self._fetch_failed(generation, exc)
            return

        def read(_progress: Any, _cancelled: Any) -> Page:
            with task_store as store:
                return search_people(store.db, query, limit=limit, after=after)

        self.runner.start(
            read,
            on_done=lambda page: self._arrived(generation, page),
            on_failed=lambda exc: self._fetch_failed(generation, exc),
        )

    def _arrived(self, generation: int, page: Page) -> None:
        if generation != self._generation:
            return
        if self._cursor is None:
            # The first page of a search: its audit entry, on the window's own connection (a
            # second writer could find the database busy).
            record_search(self.session, self._query, len(page.people))
        self._fetching = False
        self._cursor = page.next
        self._more = page.next is not None
        if page.people:
            first = len(self._people)
            self.beginInsertRows(QModelIndex(), first, first + len(page.people) - 1)
            self._people.extend(page.people)
            self.endInsertRows()
        self.page_loaded.emit()

    def _fetch_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._more = False
        self.failed.emit(str(exc))

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(strings.PEOPLE_COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._fetch()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(strings.PEOPLE_COLUMNS)
        ):
            return strings.PEOPLE_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._people):
            return None
        person = self._people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(person, index.column())
        if role == PersonRole:
            return person
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
