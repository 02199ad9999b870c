"""The rules of docs/DOMAIN.md, "Rules", with Vietnamese messages naming record and field.

`clean_values` checks and normalises the fields given (one at a time), `check_record` the rules
between fields of the whole record. Rules that need other records (references, a citizen ID
unique within the unit) live in the write path, which has the database.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from db import citizen_id
from db.schema import TABLES, Field, Table
from db.text import clean_name, clean_text, has_hidden_characters

Severity = Literal["error", "warning"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_VN_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
MIN_MEMBER_AGE = 18  # Điều lệ Hội


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
        label = None
        if self.field:
            spec = TABLES[self.table].fields_by_name.get(self.field)
            label = spec.label if spec else self.field
        prefix = ", ".join(parts)
        if label:
            prefix = f"{prefix} — {label}" if prefix else label
        return f"{prefix}: {self.message}" if prefix else self.message


class ValidationError(Exception):
    """A record (or a batch of them) broke rules; nothing was saved."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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


def _problem(
    spec_table: Table, f: Field | None, rule: str, message: str, severity: Severity = "error"
) -> Problem:
    return Problem(spec_table.name, f.name if f else None, rule, message, severity)


def parse_date(value: str) -> date | None:
    """An ISO `YYYY-MM-DD` or Vietnamese `dd/mm/yyyy` date; None when it is neither."""
    if _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    else:
        m = _VN_DATE.match(value)
        if not m:
            return None
        d, mo, y = (int(x) for x in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def normalise_phone(value: str) -> str | None:
    """A Vietnamese phone number as `0xxxxxxxxx` (landlines `02xxxxxxxxx`); None when invalid."""
    digits = value if value.isdigit() else _PHONE_SEPARATORS.sub("", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.isdigit() or not digits.startswith("0"):
        return None
    if len(digits) == 10 and digits[:2] in _MOBILE_PREFIXES:
        return digits
    if len(digits) == 11 and digits.startswith("02"):
        return digits
    return None


def year_of(birth_date: str | None) -> int | None:
    """The year of a stored birth date (`YYYY-MM-DD` or `YYYY`)."""
    return int(birth_date[:4]) if birth_date else None


def age_on(birth_date: str, day: date) -> int:
    """Age in whole years on `day`; a year-only birth date counts from 1 January."""
    if len(birth_date) == 4:
        return day.year - int(birth_date)
    born = date.fromisoformat(birth_date)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


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
            "hãy xoá và gõ lại.",
        )
    if f.max_length is not None and len(value) > f.max_length:
        raise _Reject("length", f"dài quá {f.max_length} ký tự.")
    return value


def _clean_text(f: Field, raw: Any, today: date) -> str:
    return _plain(f, clean_text(_text(raw)))


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


def _clean_citizen_id(f: Field, raw: Any, today: date) -> str | _Warned:
    value = citizen_id.strip(_text(raw))
    if not (value.isascii() and value.isdigit()):
        raise _Reject("citizen_id_digits", "số CCCD chỉ gồm chữ số.")
    if len(value) == 9:
        return _Warned(value, "cmnd", "đây là số CMND cũ 9 chữ số; nên cập nhật số CCCD 12 chữ số.")
    if len(value) != 12:
        raise _Reject("citizen_id_length", f"số CCCD phải có 12 chữ số (đang có {len(value)}).")
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
        return None, [_problem(spec, f, bad.rule, bad.message)]
    if isinstance(value, _Warned):
        return value.value, [_problem(spec, f, value.rule, value.message, "warning")]
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


_REQUIRED = {t: tuple(f for f in spec.fields if f.required) for t, spec in TABLES.items()}


def check_record(table: str, record: dict[str, Any], today: date) -> list[Problem]:
    """Rules between the fields of a whole (merged) record."""
    spec = TABLES[table]
    problems: list[Problem] = []
    for f in _REQUIRED[table]:
        if record.get(f.name) is None:
            problems.append(_problem(spec, f, "required", "không được để trống."))
    birth = record.get("birth_date")
    cid = record.get("citizen_id")
    if cid and len(cid) == 12:
        decoded = citizen_id.parse(cid)
        f = spec.fields_by_name["citizen_id"]
        if decoded and decoded.birth_year > today.year:
            problems.append(
                _problem(
                    spec,
                    f,
                    "citizen_id_century",
                    "chữ số thứ 4 của số CCCD ứng với năm sinh ở tương lai.",
                )
            )
        elif decoded and birth and decoded.birth_year != year_of(birth):
            problems.append(
                _problem(
                    spec,
                    f,
                    "citizen_id_birth_year",
                    # No years in the text: a message may be printed or kept.
                    "chữ số 4–6 của số CCCD (thế kỷ và năm sinh) không khớp với năm sinh đã nhập.",
                )
            )
        if decoded and not decoded.female and table in ("members", "branch_heads"):
            problems.append(
                _problem(
                    spec,
                    f,
                    "citizen_id_sex",
                    "chữ số thứ 4 của số CCCD là mã của nam giới; hãy kiểm tra lại.",
                    "warning",
                )
            )
    if (
        birth
        and table in ("members", "branch_heads", "cadres")
        and age_on(birth, today) < MIN_MEMBER_AGE
    ):
        problems.append(
            _problem(
                spec,
                spec.fields_by_name["birth_date"],
                "min_age",
                f"phải đủ {MIN_MEMBER_AGE} tuổi trở lên (Điều lệ Hội).",
            )
        )
    for later in ("joined_on", "started_on"):
        day = record.get(later)
        if birth and day and later in spec.fields_by_name and day[: len(birth)] < birth:
            problems.append(
                _problem(
                    spec, spec.fields_by_name[later], "before_birth", "không được trước ngày sinh."
                )
            )
    if (
        table == "branch_heads"
        and record.get("monthly_allowance") == 1
        and record.get("allowance_source") == "none"
    ):
        problems.append(
            _problem(
                spec,
                spec.fields_by_name["allowance_source"],
                "allowance",
                "được hỗ trợ hàng tháng thì phải chọn nguồn hỗ trợ.",
                "warning",
            )
        )
    if table == "units" and record.get("level") != "central" and not record.get("parent_code"):
        problems.append(
            _problem(
                spec,
                spec.fields_by_name["parent_code"],
                "parent",
                "đơn vị không phải Trung ương thì phải có đơn vị cấp trên.",
                "warning",
            )
        )
    return problems


def branch_problem(table: str, field: str, owner: str | None, unit_code: str) -> Problem | None:
    """A reference to a branch: it must exist (`owner` is its unit, None if not found) and be
    one of the record's own unit."""
    if owner is None:
        return Problem(table, field, "ref", "không tìm thấy chi hội này.")
    if owner != unit_code:
        return Problem(table, field, "ref_unit", "chi hội thuộc đơn vị khác.")
    return None


def describe(table: str, record: dict[str, Any]) -> str:
    """How a record is named in messages: `hội viên “Nguyễn Thị Ánh”`."""
    spec = TABLES[table]
    title = record.get(spec.title_field) if spec.title_field else None
    return f"{spec.label} “{title}”" if title else spec.label
