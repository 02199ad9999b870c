"""Numbers, money and dates the Vietnamese way, as printed on reports.

`13.752` (dot thousands), `38,51%` (comma decimals), `1.500.000 ₫`, `26/11/2026`, and the
place-and-date line of Decree 30/2020/NĐ-CP ("Quý Hòa, ngày 05 tháng 02 năm 2026": a day below
10 and the months 1 and 2 take a leading zero).
"""

from __future__ import annotations

from datetime import date, datetime

from db.indicators import LOWER_IS_BETTER, Indicator, format_value
from db.text import format_count

_SWAP = str.maketrans({",": ".", ".": ","})
DASH = "—"


def number(n: int | None) -> str:
    """A whole number with dot thousands (`13.752`); a dash for none."""
    return DASH if n is None else format_count(int(n))


def decimal(value: float, places: int = 2) -> str:
    """A decimal number the Vietnamese way: `1.234,50`."""
    return f"{value:,.{places}f}".translate(_SWAP)


def percent(value: float | None) -> str:
    """A percentage with two decimals (`38,51%`); a dash for none."""
    return DASH if value is None else decimal(value) + "%"


def money(amount: int | None) -> str:
    """Whole đồng: `1.500.000 ₫`; a dash for none."""
    return DASH if amount is None else f"{format_count(int(amount))} ₫"


def ratio(numerator: int, denominator: int, value: float | None) -> str:
    """`12/25 · 48,00%`: a percentage with the counts it comes from."""
    return f"{number(numerator)}/{number(denominator)} · {percent(value)}"


def day(value: date | datetime | str | None) -> str:
    """A date as `dd/mm/yyyy`; a stored year alone (`1975`) stays a year; a dash for none."""
    if value is None or value == "":
        return DASH
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 4 and text.isdigit():
            return text
        try:
            value = date.fromisoformat(text[:10])
        except ValueError:
            return text
    return value.strftime("%d/%m/%Y")


def year(value: str | None) -> str:
    """The year of a stored date or year (`1975-03-02` → `1975`); a dash for none."""
    return value[:4] if value else DASH


def moment(value: datetime) -> str:
    """A point in time for footers: `14:05 ngày 26/11/2026`."""
    return f"{value:%H:%M} ngày {value:%d/%m/%Y}"


def decree_date(place: str, on: date) -> str:
    """The place-and-date line of Decree 30/2020: `Quý Hòa, ngày 05 tháng 02 năm 2026`."""
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"{place}, ngày {on.day:02d} tháng {month} năm {on.year}"


def yes_no(flag: int | None) -> str:
    """`Có`, `Không`, or a dash when not recorded."""
    return DASH if flag is None else ("Có" if flag else "Không")


def target(ind: Indicator) -> str:
    """An indicator's target with its direction: `≥ 90%`, `≤ 0`, or a dash."""
    if ind.target is None:
        return DASH
    sign = "≤" if ind.id in LOWER_IS_BETTER else "≥"
    if ind.kind == "count":
        return f"{sign} {number(int(ind.target))}"
    text = f"{ind.target:g}".replace(".", ",")
    return f"{sign} {text}%"


def met(ind: Indicator) -> str:
    """`Đạt`, `Chưa đạt`, or a dash when there is no target or no value."""
    return DASH if ind.met is None else ("Đạt" if ind.met else "Chưa đạt")


def value(ind: Indicator) -> str:
    """An indicator's value: `38,51%`, `13.752`, or a dash."""
    return format_value(ind)
