"""Half-filled forms kept in the unit's encrypted database, per account, until saved or cancelled.

A draft is a form's values as entered (JSON: text, numbers, lists), under a key naming the form
(`members/new`, `members/<id>`). They hold personal data as typed, so they live only in the
encrypted database, in the local `drafts` table: never synced, never exported, gone with the
record's save or the form's cancel. One account never sees another's drafts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database


def save_draft(db: Database, account: str, key: str, values: dict[str, Any]) -> None:
    """Keep `values` under `key` for `account`, replacing an earlier draft (committed)."""
    content = json.dumps(values, ensure_ascii=False, sort_keys=True)
    with db.conn:
        db.execute(
            "INSERT OR REPLACE INTO drafts (account, key, content, saved_at) VALUES (?, ?, ?, ?)",
            [account, key, content, datetime.now(UTC).isoformat(timespec="seconds")],
        )


def load_draft(db: Database, account: str, key: str) -> dict[str, Any] | None:
    """The draft of `account` under `key`, or None (also for one that cannot be read)."""
    row = db.execute(
        "SELECT content FROM drafts WHERE account = ? AND key = ?", [account, key]
    ).fetchone()
    if row is None:
        return None
    try:
        values = json.loads(row[0])
    except ValueError:
        return None
    return values if isinstance(values, dict) else None


def discard_draft(db: Database, account: str, key: str) -> None:
    """Forget the draft of `account` under `key` (committed)."""
    with db.conn:
        db.execute("DELETE FROM drafts WHERE account = ? AND key = ?", [account, key])


def list_drafts(db: Database, account: str) -> list[str]:
    """The keys of `account`'s drafts, the most recent first."""
    rows = db.execute(
        "SELECT key FROM drafts WHERE account = ? ORDER BY saved_at DESC, key", [account]
    )
    return [row[0] for row in rows]
