"""The structure of a Vietnamese citizen ID (CCCD) and what it says about its holder.

12 digits: 1–3 the province where the birth was registered (the 63-province codes), 4 sex and
century (even male, odd female; 0/1 the 1900s, 2/3 the 2000s, 4/5 the 2100s …), 5–6 the last two
digits of the birth year, 7–12 a serial number. Old identity cards (CMND) have 9 digits.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

_DIGITS = re.compile(r"\d+")
_SEPARATORS = re.compile(r"[\s.\-]")

# Digit 4 → (first year of the century, female?)
_CENTURY = {
    0: 1900,
    1: 1900,
    2: 2000,
    3: 2000,
    4: 2100,
    5: 2100,
    6: 2200,
    7: 2200,
    8: 2300,
    9: 2300,
}


class CitizenId(NamedTuple):
    """What a well-formed 12-digit CCCD encodes (a tuple: made for every row a sync merges)."""

    number: str
    province_code: int
    female: bool
    birth_year: int


@cache
def birth_province_codes() -> frozenset[int]:
    """The 63 province codes (before the 2025 merger) that start a CCCD."""
    from vietnam_provinces import legacy

    return frozenset(int(p.code) for p in legacy.Province.iter_all())


def strip(value: str) -> str:
    """The ID with spaces, dots and dashes people type removed."""
    if value.isdigit():
        return value
    return _SEPARATORS.sub("", value)


@lru_cache(maxsize=1024)  # the write path and the merge ask twice per record: field, then record
def parse(number: str) -> CitizenId | None:
    """Decode a 12-digit CCCD; None when it is not 12 digits with a known province and sex code."""
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        return None
    province = int(number[:3])
    if province not in birth_province_codes():
        return None
    digit = int(number[3])
    return CitizenId(number, province, digit % 2 == 1, _CENTURY[digit] + int(number[4:6]))
