"""What a broken rule is: `Problem` (where, which rule, the Vietnamese sentence), the
`ValidationError` that carries every problem of a refused write, and how a record is named in
messages (`describe`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from db.schema import TABLES, Field, Table, field_label

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One broken rule: where, which rule, and the Vietnamese sentence shown to people."""

    table: str
    field: str | None
    rule: str
    message: str
    severity: Severity = "error"
    record: str | None = None  # how the record is named ("hội viên Nguyễn Thị Ánh")
    location: str | None = None  # where it came from ("dòng 12")

    def __str__(self) -> str:
        parts = [p for p in (self.location, self.record) if p]
        label = field_label(self.table, self.field) if self.field else None
        prefix = ", ".join(parts)
        if label:
            prefix = f"{prefix} — {label}" if prefix else label
        return f"{prefix}: {self.message}" if prefix else self.message


class ValidationError(Exception):
    """A record (or a batch of them) broke rules; nothing was saved."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def field_problem(
    spec_table: Table, f: Field | None, rule: str, message: str, severity: Severity = "error"
) -> Problem:
    """A problem with a field of `spec_table` (or with the record, `f` None)."""
    return Problem(spec_table.name, f.name if f else None, rule, message, severity)


def describe(table: str, record: dict[str, Any]) -> str:
    """How a record is named in messages: `hội viên “Nguyễn Thị Ánh”`."""
    spec = TABLES[table]
    title = record.get(spec.title_field) if spec.title_field else None
    return f"{spec.label} “{title}”" if title else spec.label
