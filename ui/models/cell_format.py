"""How a stored value reads in a list cell, and how it sorts: one pair of functions per field kind.

Lists hold the values as stored (ISO dates, enumeration ids, whole đồng, JSON lists) and turn
them into text only for the few rows on screen. Sort keys are computed once per row, and once
per *distinct* value where values repeat (branch names, statuses, common names), so a list of
20,000 members sorts in a few tens of milliseconds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any

from db.schema import Field, choice_label
from db.text import format_count, name_key, text_key
from ui import strings

Formatter = Callable[[Any], str]
SortKey = Callable[[Any], Hashable]

# Kinds whose cells are numbers: right-aligned so the digits line up.
NUMBER_KINDS = frozenset({"int", "money", "year", "number"})


def day_text(value: str | None) -> str:
    """A stored date (`YYYY-MM-DD`) as `dd/mm/yyyy`; a year alone stays a year; "" for none."""
    if not value:
        return ""
    if len(value) == 4:
        return value
    year, month, day = value[:10].split("-")
    return f"{day}/{month}/{year}"


def money_text(amount: int | None) -> str:
    """Whole đồng the Vietnamese way: `1.500.000 ₫`; "" for none."""
    return "" if amount is None else f"{format_count(int(amount))} ₫"


def count_text(n: int | float | None) -> str:
    """A number with dot thousands (`13.752`); "" for none."""
    if n is None:
        return ""
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.2f}".translate(str.maketrans(",.", ".,"))
    return format_count(int(n))


def list_items(value: str | None) -> list[str]:
    """The items of a stored list field (JSON text); [] for none or damaged text."""
    if not value:
        return []
    try:
        items = json.loads(value)
    except ValueError:
        return [value]
    return [str(x) for x in items] if isinstance(items, list) else [str(items)]


def formatter(table: str, field: Field, *, in_list: bool = True) -> Formatter:
    """The function that writes a stored value of `field` as a list cell shows it."""
    kind = field.kind
    if kind == "birth_date" and in_list:
        return lambda v: v[:4] if v else ""  # a list shows the year: it is what people compare
    if kind in ("date", "birth_date"):
        return day_text
    if kind == "money":
        return money_text
    if kind in ("int", "number"):
        return count_text
    if kind == "year":
        return lambda v: "" if v is None else str(v)
    if kind == "bool":
        return lambda v: "" if v is None else (strings.YES if v else strings.NO)
    if kind == "enum":
        name = field.name
        return lambda v: choice_label(table, name, v) if v else ""
    if kind == "enum_list":
        name = field.name
        return lambda v: ", ".join(choice_label(table, name, x) for x in list_items(v))
    if kind == "text_list":
        return lambda v: ", ".join(list_items(v))
    return lambda v: "" if v is None else str(v)


def _memoised(key: Callable[[Any], Hashable]) -> SortKey:
    """`key` computed once per distinct value (names and labels repeat a lot)."""
    cache: dict[Any, Hashable] = {}

    def cached(value: Any) -> Hashable:
        found = cache.get(value)
        if found is None:
            found = cache[value] = key(value)
        return found

    return cached


def sort_key(table: str, field: Field, people: bool) -> SortKey:
    """The sort key of `field`'s stored values; empty values sort last in ascending order.

    People's names sort by given name the Vietnamese way (`db.text.name_key`), other text in
    Vietnamese alphabetical order (`text_key`), enumerations by their label, dates as ISO text,
    numbers as numbers.
    """
    kind = field.kind
    if kind in NUMBER_KINDS or kind == "bool":
        return lambda v: (v is None, v if v is not None else 0)
    if kind in ("date", "birth_date"):
        return lambda v: (v is None, v or "")
    if kind == "name" and people and field.name == "full_name":
        return _memoised(lambda v: (not v, name_key(v or "")))
    show = formatter(table, field)
    return _memoised(lambda v: (not v, text_key(show(v))))
