"""Cell values as the write path expects them, repairing what Excel does to Vietnamese data.

Excel stores a citizen ID typed as a number without its leading zeros (`020185000123` becomes
`20185000123`, `001185000123` becomes `1185000123`): put back when the 12 digits are a valid
CCCD, with a warning. A phone number likewise (`912345678`). In CSV it writes long numbers as
`1,23457E+11`, digits lost: refused with the reason. Enumerations arrive as Vietnamese labels
("Đang sinh hoạt"), yes/no as "x", "Có", "1". Each function here returns the value in the form
`db.validation.clean_values` reads, or a Vietnamese reason it cannot be read, or a warning about
a repair.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from db import citizen_id
from db.schema import TABLES, Field, choice_label
from db.text import fold
from desktop.spreadsheets.dates import parse_cell

_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?e\+?\d+$", re.IGNORECASE)
_ID_PUNCTUATION = re.compile(r"[\s.\-']")
_PHONE_SPLIT = re.compile(r"\s*(?:[/;,|]|\s-\s|\s–\s|\n)\s*")
_LIST_SPLIT = re.compile(r"\s*[;,\n]\s*")
_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_MONEY_WORDS = re.compile(r"(?:₫|đồng|đ|vnđ|vnd)\.?$", re.IGNORECASE)
_KEY_JUNK = re.compile(r"[^a-z0-9+/]+")
MAX_WHOLE = 2**63 - 1

TRUE_WORDS = frozenset({"1", "x", "co", "c", "true", "yes", "y", "dung", "v", "✓", "✔", "√"})
FALSE_WORDS = frozenset({"0", "khong", "k", "false", "no", "n", "sai", "-", "chua", "o"})

# Common ways of writing enumeration values, beyond their labels (keys folded, see `label_key`).
SYNONYMS: dict[str, dict[str, str]] = {
    "status": {
        "sinh hoat": "active",
        "dang hoat dong": "active",
        "da chuyen di": "moved",
        "chuyen sinh hoat": "moved",
        "tu tran": "deceased",
        "qua doi": "deceased",
        "da qua doi": "deceased",
        "thoi sinh hoat": "left",
        "xin ra khoi hoi": "left",
        "ra hoi": "left",
    },
    "position": {
        "ct": "chair",
        "chu tich hoi": "chair",
        "pct": "vice_chair",
        "pho chu tich hoi": "vice_chair",
        "uv btv": "standing_committee",
        "uvbtv": "standing_committee",
        "uy vien btv": "standing_committee",
        "uv bch": "executive_committee",
        "uvbch": "executive_committee",
        "uy vien bch": "executive_committee",
    },
    "education": {
        "9/12": "lower_secondary",
        "thcs": "lower_secondary",
        "12/12": "upper_secondary",
        "thpt": "upper_secondary",
        "tcch": "vocational",
        "trung cap chuyen nghiep": "vocational",
        "cd": "college",
        "dh": "university",
        "cu nhan": "university",
        "ky su": "university",
        "thac si": "postgraduate",
        "tien si": "postgraduate",
        "chua qua dao tao": "none",
    },
    "political_theory": {"chua co": "none", "chua": "none"},
    "party_development": {
        "boi duong": "trained",
        "gioi thieu": "introduced",
        "ket nap": "admitted",
        "chua": "none",
    },
    "allowance_source": {
        "ngan sach": "local_budget",
        "nsdp": "local_budget",
        "nguon khac": "other_lawful",
        "kiem nhiem": "concurrent_paid_role",
    },
    "concurrent_roles": {
        "to truong vay von": "loan_group_leader",
        "vay von": "loan_group_leader",
        "ctv y te": "health_collaborator",
        "y te": "health_collaborator",
        "ctv dan so": "population_collaborator",
        "dan so": "population_collaborator",
    },
}


@dataclass(frozen=True)
class Converted:
    """A cell read for one field: the value, or why it cannot be read, and any repair made."""

    value: Any = None
    error: str | None = None
    warning: str | None = None


def label_key(text: str) -> str:
    """The form labels are compared in: no tones, no case, no punctuation."""
    return _KEY_JUNK.sub(" ", fold(text)).strip()


@cache
def choices_by_label(table: str, field_name: str) -> dict[str, str]:
    """Folded label, id and synonyms → enumeration id, for one field."""
    spec = TABLES[table].fields_by_name[field_name]
    out: dict[str, str] = {}
    for choice in spec.choices:
        out[label_key(choice)] = choice
        out[label_key(choice.replace("_", " "))] = choice
        out[label_key(choice_label(table, field_name, choice))] = choice
    for key, choice in SYNONYMS.get(field_name, {}).items():
        if choice in spec.choices:
            out.setdefault(key, choice)
    return out


def as_text(raw: Any) -> str:
    """Any cell as text: whole numbers without `.0`, dates as dd/mm/yyyy, Có/Không."""
    if isinstance(raw, bool):
        return "Có" if raw else "Không"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        return raw.strftime("%d/%m/%Y")
    return str(raw)


def _digits_of(raw: Any) -> str | Converted:
    """The digits of a number-like cell; a Converted error when Excel lost some of them."""
    if isinstance(raw, float) and not raw.is_integer():
        return Converted(error=f"“{raw}” không phải dãy chữ số.")
    text = as_text(raw).strip()
    if _SCIENTIFIC.match(text):
        return Converted(
            error=f"“{text}” đã bị Excel đổi sang dạng số mũ nên mất chữ số; hãy định dạng "
            "cột là Văn bản (Text) và nhập lại."
        )
    return _ID_PUNCTUATION.sub("", text)


def convert_citizen_id(raw: Any) -> Converted:
    """A CCCD: digits, with a leading zero Excel dropped put back when the result is valid."""
    digits = _digits_of(raw)
    if isinstance(digits, Converted):
        return digits
    typed_zero = isinstance(raw, str) and raw.strip().startswith("0")  # no zero was lost
    if digits.isdigit() and len(digits) in (10, 11) and not typed_zero:
        padded = digits.zfill(12)
        if citizen_id.parse(padded) is not None:
            lost = 12 - len(digits)
            return Converted(
                padded,
                warning=f"số CCCD chỉ có {len(digits)} chữ số (ô lưu dạng số làm mất "
                f"{'số 0' if lost == 1 else f'{lost} số 0'} ở đầu); đã thêm lại thành {padded}.",
            )
    if digits.isdigit() and len(digits) == 8:
        return Converted(
            "0" + digits,
            warning="số CMND có 8 chữ số (ô lưu dạng số làm mất số 0 đầu); đã thêm lại số 0.",
        )
    return Converted(digits)


def convert_phone(raw: Any) -> Converted:
    """A phone number: the leading 0 Excel dropped put back; the first of several numbers."""
    text = raw if isinstance(raw, str) else as_text(raw)
    parts = [p for p in _PHONE_SPLIT.split(text.strip()) if p]
    warning = None
    if len(parts) > 1:
        warning = f"có {len(parts)} số điện thoại; đã lấy số đầu tiên ({parts[0]})."
    first = parts[0] if parts else ""
    digits = re.sub(r"[\s.\-()]", "", first)
    if digits.isdigit() and (
        (len(digits) == 9 and digits[0] in "35789") or (len(digits) == 10 and digits[0] == "2")
    ):
        digits = "0" + digits
        return Converted(digits, warning=warning)
    return Converted(first, warning=warning)


def convert_whole(raw: Any, spec: Field) -> Converted:
    """A whole number: `1.500.000`, `1,500,000 đ`, `1500000` or a number cell."""
    if isinstance(raw, bool):
        return Converted(error="phải là số nguyên.")
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")) or not raw.is_integer():
            return Converted(error=f"“{raw}” không phải số nguyên.")
        return _within_range(int(raw), raw)
    if isinstance(raw, int):
        return _within_range(raw, raw)
    text = _MONEY_WORDS.sub("", str(raw).strip().lower()).strip().replace(" ", "")
    if _GROUPED.match(text):
        text = re.sub(r"[.,]", "", text)
    if text.isascii() and text.isdigit():
        return _within_range(int(text), raw)
    return Converted(error=f"“{raw}” không phải số nguyên.")


def _within_range(value: int, raw: Any) -> Converted:
    """A whole number a record can hold (SQLite's 64 bits; "1e30" in a cell is not one)."""
    if abs(value) > MAX_WHOLE:
        return Converted(error=f"“{str(raw)[:30]}” quá lớn.")
    return Converted(value)


def convert_bool(raw: Any) -> Converted:
    """Yes or no: x, Có, 1, ✓ … or Không, 0 …"""
    if isinstance(raw, bool):
        return Converted(int(raw))
    key = fold(as_text(raw))
    if key in TRUE_WORDS:
        return Converted(1)
    if key in FALSE_WORDS:
        return Converted(0)
    return Converted(error=f"“{raw}” không rõ là có hay không (ghi Có/Không, x, 1/0).")


def convert_choice(raw: Any, table: str, spec: Field) -> Converted:
    """An enumeration value written as its Vietnamese label (or id, or a common synonym)."""
    choices = choices_by_label(table, spec.name)
    found = choices.get(label_key(as_text(raw)))
    if found is None:
        allowed = ", ".join(choice_label(table, spec.name, c) for c in spec.choices)
        return Converted(error=f"“{raw}” không có trong danh mục ({allowed}).")
    return Converted(found)


def convert_list(raw: Any, table: str, spec: Field) -> Converted:
    """A list written in one cell, items separated by `;`, `,` or line breaks."""
    items = [p for p in _LIST_SPLIT.split(as_text(raw).strip()) if p]
    if spec.kind == "text_list":
        return Converted(items)
    ids = []
    for item in items:
        one = convert_choice(item, table, spec)
        if one.error:
            return one
        ids.append(one.value)
    return Converted(ids)


def convert_cell(raw: Any, table: str, spec: Field, *, today: date, epoch: datetime) -> Converted:
    """One cell for field `spec` of `table`; blank cells give Converted(None)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Converted()
    kind = spec.kind
    if kind in ("date", "birth_date", "year"):
        parsed = parse_cell(raw, kind, today, epoch)
        return Converted(parsed.value, parsed.error, parsed.warning)
    converter = _CONVERTERS.get(kind)
    if converter is not None:
        return converter(raw, table, spec)
    return Converted(raw if isinstance(raw, str) else as_text(raw))


_CONVERTERS: dict[str, Callable[[Any, str, Field], Converted]] = {
    "citizen_id": lambda raw, table, spec: convert_citizen_id(raw),
    "phone": lambda raw, table, spec: convert_phone(raw),
    "int": lambda raw, table, spec: convert_whole(raw, spec),
    "money": lambda raw, table, spec: convert_whole(raw, spec),
    "bool": lambda raw, table, spec: convert_bool(raw),
    "enum": convert_choice,
    "enum_list": convert_list,
    "text_list": convert_list,
}


def capitalise_name(name: str) -> str:
    """Every word of a person's name with a capital first letter ("nguyễn thị ánh" → Nguyễn …).

    For TCVN3 sources: the encoding has no toned capitals, so "Ánh" was typed as "ánh".
    """
    return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))
