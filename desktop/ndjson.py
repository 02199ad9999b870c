"""Records as NDJSON, one object per line: the interchange of `sohoi load` and `sohoi dump`.

A line is `{"table": "members", "id": "…", "unit_code": "…", <fields of docs/DOMAIN.md>}`, list
fields as JSON arrays. `dump` writes every live record of the unit and the units below it in a
deterministic order with every field (null where empty), so `dump` → `load` into a fresh unit →
`dump` reproduces the bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from db.schema import TABLE_ORDER, TABLES
from db.store import Cancelled, Change, Progress, Store, WriteResult
from db.validation import Problem, ValidationError
from desktop import audit

if TYPE_CHECKING:
    from desktop.session import Session

LIST_KINDS = ("enum_list", "text_list")
MAX_LINE_BYTES = 1_000_000


@dataclass(frozen=True)
class LoadSummary:
    inserted: int
    updated: int
    unchanged: int
    warnings: list[Problem]


def parse_lines(lines: Iterable[str | bytes]) -> Iterator[Change]:
    """Changes from NDJSON lines; a malformed line raises ValidationError naming it."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"dòng {number}"
        if len(line) > MAX_LINE_BYTES:
            raise ValidationError([_line_problem(where, "dòng quá dài.")])
        try:
            obj = json.loads(line)
        except ValueError:
            raise ValidationError(
                [_line_problem(where, "không phải một đối tượng JSON hợp lệ.")]
            ) from None
        if not isinstance(obj, dict):
            raise ValidationError([_line_problem(where, "mỗi dòng phải là một đối tượng JSON.")])
        table = obj.pop("table", None)
        if table not in TABLES:
            raise ValidationError(
                [
                    _line_problem(
                        where,
                        f"thiếu hoặc sai tên bảng (“{table}”); các bảng: {', '.join(TABLE_ORDER)}.",
                    )
                ]
            )
        row_id = obj.pop("id", None)
        unit_code = obj.pop("unit_code", None)
        yield Change(table, obj, id=row_id, unit_code=unit_code, location=where)


def _line_problem(where: str, message: str) -> Problem:
    return Problem("units", None, "line", message, location=where)


def load(
    store: Store,
    stream: IO[str],
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> LoadSummary:
    """Apply an NDJSON stream all or nothing through the write path; ValidationError if refused."""
    result: WriteResult = store.write(parse_lines(stream), progress=progress, cancelled=cancelled)
    return LoadSummary(
        result.count("insert"), result.count("update"), result.unchanged, result.warnings
    )


def records(store: Store) -> Iterator[dict[str, Any]]:
    """Every live record of this unit and the units below it, in dump order."""
    units = sorted(store.descendant_units())
    for name in TABLE_ORDER:
        spec = TABLES[name]
        cols = ("id", "unit_code", *spec.field_names)
        lists = {f.name for f in spec.fields if f.kind in LIST_KINDS}
        marks = ",".join("?" * len(units))
        cur = store.db.conn.execute(
            f"SELECT {', '.join(cols)} FROM [{name}] WHERE is_deleted = 0 "
            f"AND unit_code IN ({marks}) ORDER BY unit_code, id",
            units,
        )
        for row in cur:
            record: dict[str, Any] = {"table": name}
            for col, value in zip(cols, row, strict=True):
                record[col] = json.loads(value) if col in lists and value else value
            yield record


def dump(store: Store, out: IO[str]) -> int:
    """Write every live record as NDJSON; returns the number of lines."""
    n = 0
    for record in records(store):
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        n += 1
    return n


def check_dump_allowed(session: Session) -> None:
    """PermissionDenied (and an audit entry) when this account may not dump (see `dump_for`)."""
    if not session.can("personal"):
        db = session.store.db
        audit.append(db, session.account.username, "dump_refused")
        db.conn.commit()
        session.require("personal")


def dump_for(session: Session, out: IO[str]) -> int:
    """`dump` for a signed-in person, written to the audit log; PermissionDenied without the
    "personal" permission (admin and entry).

    A dump is the unit's interchange and full copy: every field of every record, so that
    `dump` → `load` reproduces it. It is refused to a viewer rather than stripped of the
    personal fields (Field.personal: names, phones, addresses too): a copy without names is of no
    use, and one that looks complete but is not is a trap when it is loaded back or kept as a
    copy. A viewer's lists without personal columns are `sheet export` without
    `--with-personal`. The refusal is audited too.
    """
    check_dump_allowed(session)
    db = session.store.db
    lines = dump(session.store, out)
    audit.append(db, session.account.username, "dump", detail=f"{lines} dòng, có dữ liệu cá nhân")
    db.conn.commit()
    return lines
