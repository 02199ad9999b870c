"""Dates as people type them in spreadsheets, read into the stored forms.

A cell may hold a real date (openpyxl gives a datetime), an Excel serial number (a date column
formatted "General"), a year alone, or text in any of the forms people type: `05/03/1985`,
`5/3/85`, `05-03-1985`, `05.03.1985`, `1985-03-05`, `ngày 5 tháng 3 năm 1985`. Day comes before
month, as in Vietnam; an impossible month with a possible day (`03/25/1985`) is read as month/day
with a warning. The result is ISO `YYYY-MM-DD`, or `YYYY` where a year alone is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from openpyxl.utils.datetime import from_excel

from db.text import fold

MAX_SERIAL = 2_958_465  # 31/12/9999
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_MY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")
_TRAILING_MIDNIGHT = re.compile(r"\s+0{1,2}:00(?::00)?$")


@dataclass(frozen=True)
class ParsedDate:
    """A date read from a cell: the stored form, or why it cannot be read (Vietnamese)."""

    value: str | int | None = None
    error: str | None = None
    warning: str | None = None


def _from_date(day: date, kind: str) -> ParsedDate:
    return ParsedDate(day.year if kind == "year" else day.isoformat())


def _from_year(year: int, kind: str, shown: str) -> ParsedDate:
    if kind == "birth_date":
        return ParsedDate(str(year))
    if kind == "year":
        return ParsedDate(year)
    return ParsedDate(
        None,
        warning=f"chỉ có năm ({shown}), cần ngày đầy đủ dd/mm/yyyy; trường này được để trống.",
    )


def _full_year(two_digits: int, today: date) -> int:
    """`85` → 1985, `07` → 2007: the latest year not after this one."""
    year = 2000 + two_digits
    return year if year <= today.year else year - 100


def _serial(number: float, kind: str, epoch: datetime) -> ParsedDate:
    if not 1 <= number <= MAX_SERIAL:
        return ParsedDate(error=f"“{number:g}” không phải ngày tháng (nhập dd/mm/yyyy).")
    moment = from_excel(number, epoch=epoch)
    day = moment.date() if isinstance(moment, datetime) else moment
    if not isinstance(day, date):
        return ParsedDate(error=f"“{number:g}” không phải ngày tháng (nhập dd/mm/yyyy).")
    return _from_date(day, kind)


def _day(y: int, m: int, d: int, shown: str, kind: str, warning: str | None = None) -> ParsedDate:
    try:
        day = date(y, m, d)
    except ValueError:
        return ParsedDate(error=f"“{shown}” không phải ngày có thật.")
    return ParsedDate(_from_date(day, kind).value, warning=warning)


def parse_text(text: str, kind: str, today: date) -> ParsedDate:
    """A date typed as text; `kind` is the field kind (date, birth_date or year)."""
    shown = text.strip()
    value = _TRAILING_MIDNIGHT.sub("", shown)
    if re.fullmatch(r"\d{4}", value):
        return _from_year(int(value), kind, value)
    if re.fullmatch(r"\d{5}(?:\.0+)?", value):  # a serial number that lost its date format
        return _serial(float(value), kind, datetime(1899, 12, 30))
    m = _YMD.match(value)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        return _day(y, mo, d, shown, kind)
    m = _DMY.match(value) or _WORDS.match(fold(value))
    if m:
        d, mo, y = (int(x) for x in m.groups())
        if len(m.group(3)) == 2:
            y = _full_year(y, today)
        if mo > 12 >= d:
            warning = f"“{shown}” được đọc theo dạng tháng/ngày/năm; hãy kiểm tra lại."
            return _day(y, d, mo, shown, kind, warning)
        return _day(y, mo, d, shown, kind)
    m = _MY.match(value)
    if m and 1 <= int(m.group(1)) <= 12:
        year = int(m.group(2))
        if kind in ("birth_date", "year"):
            parsed = _from_year(year, kind, shown)
            return ParsedDate(parsed.value, warning=f"“{shown}” chỉ có tháng và năm; đã lấy năm.")
        return _from_year(year, kind, shown)
    return ParsedDate(error=f"“{shown}” không phải ngày tháng (nhập dd/mm/yyyy).")


def parse_cell(value: object, kind: str, today: date, epoch: datetime) -> ParsedDate:
    """The stored form of a date cell of any type; `kind` is date, birth_date or year."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ParsedDate()
    if isinstance(value, datetime):
        return _from_date(value.date(), kind)
    if isinstance(value, date):
        return _from_date(value, kind)
    if isinstance(value, bool | time):
        return ParsedDate(error="ô này không chứa ngày tháng.")
    if isinstance(value, int | float):
        if float(value).is_integer() and 1900 <= value <= today.year + 1:
            return _from_year(int(value), kind, str(int(value)))  # a year, not a 1905 serial
        return _serial(float(value), kind, epoch)
    return parse_text(str(value), kind, today)
