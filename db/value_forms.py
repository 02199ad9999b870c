"""The forms of values people type: dates (ISO or `dd/mm/yyyy`), Vietnamese phone numbers, and
ages from a stored birth date."""

from __future__ import annotations

import re
from datetime import date

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_VN_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")


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
