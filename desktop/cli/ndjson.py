"""Records as NDJSON, one object per line: the interchange of `sohoi load` and `sohoi dump`.

A line is `{"table": "members", "id": "…", "unit_code": "…", <fields of docs/DOMAIN.md>}`, list
fields as JSON arrays. `dump` writes every live record of the unit and the units below it in a
deterministic order with every field (null where empty), so `dump` → `load` into a fresh unit →
`dump` reproduces the bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from db.progress import Cancelled, Progress
from db.schema import TABLE_ORDER, TABLES
from db.store import Change, Store, WriteResult
from db.validation import Problem, ValidationError
from desktop.security import audit

if TYPE_CHECKING:
    from desktop.security.session import Session

LIST_KINDS = ("enum_list", "text_list")
MAX_LINE_BYTES = 1_000_000


@dataclass(frozen=True)
class LoadSummary:
    inserted: int
    updated: int
    unchanged: int
    warnings: list[Problem]


class _BadNumber(ValueError):
    """A number JSON allows but no field holds: beyond 64 bits, NaN, infinity."""


_NUMBER_KINDS = ("int", "money", "year")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_INT64 = 2**63 - 1


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 19 or abs(int(text)) > _INT64:
        raise _BadNumber(text)
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):  # 1e400
        raise _BadNumber(text)
    return value


def _constant(text: str) -> float:
    raise _BadNumber(text)  # NaN, Infinity: not JSON, though Python reads them


def _decode(line: str | bytes, number: int) -> str:
    if isinstance(line, str):
        return line
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"không phải văn bản UTF-8 (byte lỗi ở vị trí {exc.start + 1}).") from None
    return text.removeprefix("\ufeff") if number == 1 else text


def _parse(line: str | bytes, number: int) -> object:
    """One line's JSON value; ValueError with the Vietnamese reason."""
    text = _decode(line, number)
    try:
        obj = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except _BadNumber as exc:
        if str(exc).lstrip("-") in ("NaN", "Infinity"):
            raise ValueError(f"“{exc}” không phải một số hợp lệ.") from None
        raise ValueError(f"số {str(exc)[:30]} vượt quá giới hạn cho phép.") from None
    except RecursionError:
        raise ValueError("dữ liệu lồng nhau quá sâu.") from None
    except ValueError:
        raise ValueError("không phải một đối tượng JSON hợp lệ.") from None
    if _lone_surrogate(text, obj):
        raise ValueError("có ký tự không hợp lệ (một mã \\uD800–\\uDFFF đứng lẻ).")
    return obj


def _lone_surrogate(text: str, obj: object) -> bool:
    """Whether a `\\uD800`-like escape left half a character, which no file can hold."""
    if not _SURROGATE_ESCAPE.search(text):
        return False
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _number_problem(table: str, obj: dict) -> str | None:
    """A whole-number field given as digits no stored number holds (too many, or "²")."""
    for name, value in obj.items():
        spec = TABLES[table].fields_by_name.get(name)
        if spec is not None and spec.kind in _NUMBER_KINDS and isinstance(value, str):
            digits = value.strip()
            if digits.isdigit() and not digits.isdecimal():
                return f"trường “{name}” phải là số nguyên."
            if digits.isdecimal() and (len(digits) > 19 or int(digits) > _INT64):
                return f"số của trường “{name}” vượt quá giới hạn cho phép."
    return None


def read_lines(stream: IO[str] | IO[bytes]) -> Iterator[str | bytes]:
    """A stream's lines, none longer than MAX_LINE_BYTES read whole (a file of one endless line
    is refused, not loaded into memory)."""
    number = 0
    while line := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise ValidationError([_line_problem(f"dòng {number}", "dòng quá dài.")])
        yield line


def parse_lines(lines: Iterable[str | bytes]) -> Iterator[Change]:
    """Changes from NDJSON lines (text, or UTF-8 bytes); a malformed line raises
    ValidationError naming it."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"dòng {number}"
        if len(line) > MAX_LINE_BYTES:
            raise ValidationError([_line_problem(where, "dòng quá dài.")])
        try:
            obj = _parse(line, number)
        except ValueError as exc:
            raise ValidationError([_line_problem(where, str(exc))]) from None
        if not isinstance(obj, dict):
            raise ValidationError([_line_problem(where, "mỗi dòng phải là một đối tượng JSON.")])
        table = obj.pop("table", None)
        if not isinstance(table, str) or table not in TABLES:
            raise ValidationError(
                [
                    _line_problem(
                        where,
                        f"thiếu hoặc sai tên bảng (“{str(table)[:40]}”); "
                        f"các bảng: {', '.join(TABLE_ORDER)}.",
                    )
                ]
            )
        problem = _number_problem(table, obj)
        if problem is not None:
            raise ValidationError([_line_problem(where, problem)])
        row_id = obj.pop("id", None)
        unit_code = obj.pop("unit_code", None)
        if unit_code is not None and not isinstance(unit_code, str):
            raise ValidationError([_line_problem(where, "mã đơn vị (unit_code) phải là chữ.")])
        yield Change(table, obj, id=row_id, unit_code=unit_code, location=where)


def _line_problem(where: str, message: str) -> Problem:
    return Problem("units", None, "line", message, location=where)


def load(
    store: Store,
    stream: IO[str] | IO[bytes],
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> LoadSummary:
    """Apply an NDJSON stream (text, or UTF-8 bytes) all or nothing through the write path;
    ValidationError, naming the line, if refused."""
    changes = parse_lines(read_lines(stream))
    try:
        result: WriteResult = store.write(changes, progress=progress, cancelled=cancelled)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # A value the rules did not foresee (the transaction was rolled back): a refusal with a
        # reason, not a traceback.
        problem = f"có giá trị không đọc được ({type(exc).__name__}); không lưu gì cả."
        raise ValidationError([_line_problem("tệp", problem)]) from exc
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
