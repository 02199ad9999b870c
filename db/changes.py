"""What a write is given and what it reports: the changes, their outcome, the storage error.

Shared by the write path (db/store.py, db/batch.py) and its callers, which import these names
from `db.store` as before.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from db.validation import Problem

UNIT_NAMESPACE = uuid.UUID("6f1c1f7e-2b52-4d0e-9d0a-5b3f2b8c7a10")


def unit_row_id(code: str) -> str:
    """The id of a unit's own record: derived from its code, so every replica agrees on it."""
    return str(uuid.uuid5(UNIT_NAMESPACE, code))


class StorageError(Exception):
    """The disk refused a write (full, read-only, removed, busy); nothing was saved."""


def storage_message(exc: Exception) -> str:
    """A Vietnamese sentence for an SQLite storage error."""
    text = str(exc).lower()
    if "full" in text:
        return (
            "Ổ đĩa đã đầy nên chưa lưu được. Hãy giải phóng chỗ trống rồi thử lại; "
            "dữ liệu đã có vẫn nguyên vẹn."
        )
    if "readonly" in text or "read-only" in text:
        return (
            "Thư mục dữ liệu chỉ cho phép đọc nên chưa lưu được. Hãy kiểm tra USB "
            "(khóa chống ghi) hoặc quyền của thư mục."
        )
    if "locked" in text or "busy" in text:
        return "Dữ liệu đang bận (một cửa sổ khác đang ghi). Hãy thử lại sau giây lát."
    return (
        "Lỗi đọc/ghi ổ đĩa (USB bị rút ra?) nên chưa lưu được; dữ liệu đã có vẫn "
        "nguyên vẹn. Hãy cắm lại và thử lại."
    )


@dataclass(frozen=True)
class Change:
    """One record to write: the fields given are set, the others kept (or empty when new)."""

    table: str
    values: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
    unit_code: str | None = None
    delete: bool = False
    restore: bool = False  # bring a deleted record back from the recycle bin (db/recycle_bin.py)
    location: str | None = None  # where it came from, for messages ("dòng 12")


@dataclass(frozen=True)
class RowChange:
    """What a write did to one row: op is insert, update, delete or undelete (a restore from
    the recycle bin); fields are the ones changed."""

    table: str
    id: str
    unit_code: str
    op: str
    fields: tuple[str, ...]


@dataclass
class WriteResult:
    """What a write changed, for the caller to redraw, audit or report."""

    db_version: int | None = None
    changes: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def count(self, op: str) -> int:
        return sum(1 for c in self.changes if c.op == op)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.changes]
