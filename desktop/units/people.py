"""Finding a person in every unit this installation holds (the upper levels' person search).

The search itself is db/people_search.py (index scans, pages); here it is a service of a
session: only for roles that may see personal data (admin, entry), read-only, and written to
the audit log by what kind of query it was and how many were shown, never the query itself
(it may be a citizen ID).
"""

from __future__ import annotations

from db.people_search import Cursor, Page, search_people
from desktop.security import audit
from desktop.security.session import Session


def find_people(
    session: Session, query: str, *, limit: int = 50, after: Cursor | None = None
) -> Page:
    """The next page of people matching `query` (a name without tones, a citizen ID, a phone);
    the first page of a search is written to the audit log."""
    session.require("personal")
    page = search_people(session.store.db, query, limit=limit, after=after)
    if after is None:
        record_search(session, query, len(page.people))
    return page


def record_search(session: Session, query: str, found: int) -> None:
    """The audit entry of a search: its kind and how many its first page showed, never the
    query. (The window searches on a worker's read-only connection and writes this on its own.)"""
    session.require("personal")
    kind = "number" if query.strip() and not any(c.isalpha() for c in query) else "name"
    db = session.store.db
    with db.atomic():
        audit.append(db, session.account.username, "find", detail=f"{kind}: {found}+")
