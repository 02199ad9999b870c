"""The rules of one field's value (docs/DOMAIN.md, "Rules"): `clean_value` checks and
normalises a value by its field's kind, `clean_values` the fields given of a record, with
Vietnamese messages."""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db import catalogues, citizen_id
from db.problems import Problem, field_problem
from db.schema import TABLES, Field, Table
from db.text import clean_name, clean_text, has_hidden_characters
from db.value_forms import normalise_phone, parse_date

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass
class Cleaned:
    """The normalised values and the problems found in them."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class _Reject(Exception):
    """A value breaks a field rule (rule id, Vietnamese message)."""

    def __init__(self, rule: str, message: str):
        self.rule, self.message = rule, message


@dataclass(frozen=True)
class _Warned:
    """A value accepted with a warning."""

    value: Any
    rule: str
    message: str


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise _Reject("type", "phải là chữ (chuỗi ký tự).")
    return raw


def _plain(f: Field, value: str) -> str:
    """A cleaned text value within its field's length, free of invisible control characters."""
    if has_hidden_characters(value, multiline=f.multiline):
        raise _Reject(
            "control",
            "có ký tự điều khiển hoặc ký tự đảo chiều chữ (không nhìn thấy được); "
            "hãy xóa và gõ lại.",
        )
    if f.max_length is not None and len(value) > f.max_length:
        raise _Reject("length", f"dài quá {f.max_length} ký tự.")
    return value


def _clean_text(f: Field, raw: Any, today: date) -> str:
    value = _plain(f, clean_text(_text(raw)))
    if f.catalogue is not None:
        # An entry of the catalogue in its official spelling; anything else kept as typed.
        return catalogues.official(f.catalogue, value) or value
    return value


def _clean_name(f: Field, raw: Any, today: date) -> str:
    return _plain(f, clean_name(_text(raw)))


def _clean_email(f: Field, raw: Any, today: date) -> str:
    value = _plain(f, _text(raw).strip())
    if not _EMAIL.match(value):
        raise _Reject("email", "địa chỉ thư điện tử không hợp lệ.")
    return value


def _clean_phone(f: Field, raw: Any, today: date) -> str:
    value = normalise_phone(_text(raw))
    if value is None:
        raise _Reject(
            "phone",
            "số điện thoại Việt Nam phải có dạng 0xxxxxxxxx "
            "(10 chữ số; chấp nhận +84, dấu cách, dấu chấm).",
        )
    return value


def citizen_id_length_message(digits: int) -> str:
    """A CCCD of the wrong length, said as such (before any check of what its digits mean)."""
    return f"số CCCD phải có đúng 12 chữ số (đang có {digits})."


def _clean_citizen_id(f: Field, raw: Any, today: date) -> str | _Warned:
    value = citizen_id.strip(_text(raw))
    if not (value.isascii() and value.isdigit()):
        raise _Reject("citizen_id_digits", "số CCCD chỉ gồm chữ số.")
    if len(value) == 9:
        return _Warned(value, "cmnd", "đây là số CMND cũ 9 chữ số; nên cập nhật số CCCD 12 chữ số.")
    if len(value) != 12:
        raise _Reject("citizen_id_length", citizen_id_length_message(len(value)))
    if citizen_id.parse(value) is None:
        raise _Reject(
            "citizen_id_province",
            "ba chữ số đầu của số CCCD không phải mã tỉnh nơi đăng ký khai sinh.",
        )
    return value


def _clean_date(f: Field, raw: Any, today: date) -> str:
    value = _text(raw).strip()
    if f.kind == "birth_date" and _YEAR.match(value):
        if int(value) > today.year:
            raise _Reject("future", "năm sinh không được ở tương lai.")
        if int(value) < 1900:
            raise _Reject("date", "năm sinh không hợp lệ.")
        return value
    parsed = parse_date(value)
    if parsed is None:
        form = "dd/mm/yyyy, hoặc chỉ năm sinh" if f.kind == "birth_date" else "dd/mm/yyyy"
        raise _Reject("date", f"ngày không hợp lệ; nhập theo dạng {form}.")
    if parsed > today:
        raise _Reject("future", "ngày không được ở tương lai.")
    if parsed.year < 1900:
        raise _Reject("date", "ngày không hợp lệ (trước năm 1900).")
    return parsed.isoformat()


def _clean_ref(f: Field, raw: Any, today: date) -> str:
    try:
        return str(uuid.UUID(_text(raw).strip()))
    except ValueError:
        raise _Reject("ref", "mã tham chiếu không hợp lệ.") from None


_TRUE, _FALSE = ("1", "true", "có"), ("0", "false", "không")


def _clean_bool(f: Field, raw: Any, today: date) -> int:
    if raw in (0, 1) and isinstance(raw, int):
        return int(raw)
    if isinstance(raw, str) and raw.strip().lower() in _TRUE + _FALSE:
        return int(raw.strip().lower() in _TRUE)
    raise _Reject("bool", "chỉ nhận Có (1) hoặc Không (0).")


def _clean_int(f: Field, raw: Any, today: date) -> int:
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _Reject("int", "phải là số nguyên.")
    if f.kind == "year" and not 1900 <= raw <= today.year:
        raise _Reject("year", f"năm phải trong khoảng 1900–{today.year}.")
    if f.minimum is not None and raw < f.minimum:
        raise _Reject("minimum", f"không được nhỏ hơn {f.minimum}.")
    return raw


def _clean_number(f: Field, raw: Any, today: date) -> float | int:
    if isinstance(raw, str):
        try:
            raw = float(raw.strip().replace(",", "."))
        except ValueError:
            raise _Reject("number", "phải là một số.") from None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _Reject("number", "phải là một số.")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise _Reject("number", "phải là một số hữu hạn (không nhận vô cực hay NaN).")
    if f.minimum is not None and raw < f.minimum:
        raise _Reject("minimum", f"không được nhỏ hơn {f.minimum}.")
    return int(raw) if float(raw).is_integer() else float(raw)


def _clean_enum(f: Field, raw: Any, today: date) -> str:
    if raw not in f.choices:
        raise _Reject("choice", f"giá trị “{str(raw)[:40]}” không có trong danh mục.")
    return str(raw)


def _clean_list(f: Field, raw: Any, today: date) -> str | None:
    try:
        items = json.loads(raw) if isinstance(raw, str) and raw.startswith("[") else raw
    except (ValueError, RecursionError):
        raise _Reject("list", "phải là một danh sách.") from None
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise _Reject("list", "phải là một danh sách.")
    cleaned: list[str] = []
    for item in (clean_text(x) for x in items):
        if f.kind == "enum_list" and item not in f.choices:
            raise _Reject("choice", f"giá trị “{item[:40]}” không có trong danh mục.")
        if item and item not in cleaned:
            cleaned.append(item)
    if not cleaned:
        return None
    for item in cleaned:
        _plain(f, item)  # json.dumps escapes control characters: check each item as typed
    return _plain(f, json.dumps(cleaned, ensure_ascii=False))


_CLEANERS = {
    "text": _clean_text,
    "name": _clean_name,
    "email": _clean_email,
    "phone": _clean_phone,
    "citizen_id": _clean_citizen_id,
    "date": _clean_date,
    "birth_date": _clean_date,
    "ref": _clean_ref,
    "bool": _clean_bool,
    "int": _clean_int,
    "money": _clean_int,
    "year": _clean_int,
    "number": _clean_number,
    "enum": _clean_enum,
    "enum_list": _clean_list,
    "text_list": _clean_list,
}


def clean_value(spec: Table, f: Field, raw: Any, today: date) -> tuple[Any, list[Problem]]:
    """Check and normalise one field's value. Returns (stored value, problems)."""
    if raw is None or (isinstance(raw, str) and (not raw or raw.isspace())):
        return None, []
    try:
        value = _CLEANERS[f.kind](f, raw, today)
    except _Reject as bad:
        return None, [field_problem(spec, f, bad.rule, bad.message)]
    if isinstance(value, _Warned):
        return value.value, [field_problem(spec, f, value.rule, value.message, "warning")]
    return value, []


def clean_values(table: str, values: dict[str, Any], today: date) -> Cleaned:
    """Normalise the given fields of a record of `table`; unknown fields are problems."""
    spec = TABLES[table]
    out = Cleaned()
    for name, raw in values.items():
        f = spec.fields_by_name.get(name)
        if f is None:
            out.problems.append(
                Problem(
                    table,
                    None,
                    "unknown_field",
                    f"trường “{name}” không có trong bảng {spec.label}.",
                )
            )
            continue
        value, problems = clean_value(spec, f, raw, today)
        out.values[name] = value
        out.problems.extend(problems)
    return out
