"""The women of the demo commune (desktop.demo.unit): names, birth dates, CCCDs and phones.

A `PersonMaker` draws people the way a commune's register looks: names with the country's
surname frequencies (or the local minority's naming), ages and birth dates that make each woman
at least 18 (some older records know only the year), a CCCD whose digits agree with her birth
year, her sex and, mostly, her province, unique in the unit (some have none, a few an old
9-digit CMND), and a valid mobile number for most. Also the small drawing helpers the demo
shares. Every draw comes from the caller's `random.Random`.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

import vietnam_provinces as vp

from db.citizen_id import birth_province_codes
from desktop.demo import data


class Weighted:
    """A weighted choice among labels, with the cumulative weights computed once."""

    def __init__(self, weights: dict[str, float]):
        self.items = list(weights)
        self.cum = list(accumulate(weights.values()))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.items, cum_weights=self.cum)[0]


def allot(rng: random.Random, n: int, shares: dict[str, float]) -> list[str]:
    """`n` labels in random order, each about n × its share (systematic sampling).

    The counts sum to n and stay within one of the shares even for a handful of records, so a
    commune of nine branches shows the national proportions rather than a coin's luck.
    """
    u, total, cum, done = rng.random(), sum(shares.values()), 0.0, 0
    labels: list[str] = []
    for label, share in shares.items():
        cum += share
        upto = n if cum >= total else int(n * cum / total + u)
        labels += [label] * (upto - done)
        done = upto
    rng.shuffle(labels)
    return labels


def new_id(rng: random.Random) -> str:
    """A version-4 UUID drawn from `rng`, so ids repeat with the seed."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def add_years(day: date, years: int) -> date:
    """The same day `years` later (or earlier); 29 February becomes 1 March (28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1) if years > 0 else date(day.year + years, 2, 28)


def day_between(rng: random.Random, first: date, last: date) -> date:
    """A day from `first` to `last`; `last` when the span is empty."""
    if last <= first:
        return last
    return first + timedelta(days=rng.randint(0, (last - first).days))


@dataclass
class Person:
    """A woman as the demo's records see her."""

    full_name: str
    birth_date: str  # YYYY-MM-DD, or YYYY for older records
    age: int
    adult_on: date  # her 18th birthday (the latest it can be for a year-only birth date)
    citizen_id: str | None
    phone: str | None
    ethnicity: str

    def identity(self) -> dict[str, Any]:
        """The fields every person table shares."""
        return {
            "full_name": self.full_name,
            "birth_date": self.birth_date,
            "citizen_id": self.citizen_id,
            "phone": self.phone,
        }

    @property
    def has_cccd(self) -> bool:
        return self.citizen_id is not None and len(self.citizen_id) == 12


class PersonMaker:
    """Draws women of a commune of province `province_code` (2025 code), as of `today`."""

    def __init__(self, rng: random.Random, today: date, province_code: int):
        self.rng, self.today = rng, today
        self.region = data.REGION_OF_PROVINCE.get(province_code, "delta_north")
        legacy = sorted(birth_province_codes())
        merged = vp.Province.from_code(province_code).get_legacy_sources()  # type: ignore[arg-type]  # stub says ProvinceCode/WardCode; a plain int works
        # CCCDs carry the 63 old province codes; the new province kept one of its old codes.
        self.home = [province_code] if province_code in legacy else legacy
        self.merged = sorted(int(p.code) for p in merged) or self.home
        self.legacy = legacy
        self.ethnicity = Weighted(data.ETHNICITIES[self.region])
        self.religions = Weighted(data.RELIGIONS[self.region])
        self.surname = Weighted(data.SURNAMES)
        self.middle_old = Weighted(data.MIDDLE_OLD)
        self.middle_young = Weighted(data.MIDDLE_YOUNG)
        self.given_ids: set[str] = set()

    def person(self, age: int) -> Person:
        """A woman aged exactly `age` (at least 18) today."""
        rng = self.rng
        ethnicity = self.ethnicity.pick(rng)
        born = add_years(self.today, -age) - timedelta(days=rng.randrange(365))
        year_only = age >= 40 and rng.random() < 0.09  # ~5% of all: old records
        adult_on = date(born.year + 19, 1, 1) if year_only else add_years(born, 18)
        r = rng.random()
        if r < 0.08:
            cid = None
        elif r < 0.08 + (0.05 if age >= 60 else 0.005):
            cid = self._unique(lambda: f"{rng.randrange(10**8, 4 * 10**8)}")  # an old CMND
        else:
            r = rng.random()  # born here, elsewhere in the merged province, or far away
            codes = self.home if r < 0.85 else self.merged if r < 0.92 else self.legacy
            head = f"{rng.choice(codes):03d}{1 if born.year < 2000 else 3}{born.year % 100:02d}"
            cid = self._unique(lambda: f"{head}{rng.randrange(10**6):06d}")
        phone = None
        if rng.random() < (0.95 if age < 60 else 0.78 if age < 75 else 0.5):
            phone = f"{rng.choice(data.MOBILE_PREFIXES)}{rng.randrange(10**7):07d}"
        birth = str(born.year) if year_only else born.isoformat()
        return Person(self.name(ethnicity, age), birth, age, adult_on, cid, phone, ethnicity)

    def religion(self, person: Person) -> str:
        if person.ethnicity == "Khmer" and self.rng.random() < 0.9:
            return "Phật giáo"  # Theravada
        return self.religions.pick(self.rng)

    def name(self, ethnicity: str, age: int) -> str:
        rng = self.rng
        if ethnicity in data.CLAN_NAMES:
            return f"H'{rng.choice(data.CLAN_GIVEN)} {rng.choice(data.CLAN_NAMES[ethnicity])}"
        given = rng.choice(data.GIVEN_NAMES)
        if ethnicity in data.ETHNIC_SURNAMES:
            return f"{rng.choice(data.ETHNIC_SURNAMES[ethnicity])} Thị {given}"
        surname = self.surname.pick(rng)
        south = self.region in data.SOUTHERN or (self.region == "central" and rng.random() < 0.6)
        if south:
            surname = data.REGIONAL_SURNAMES.get(surname, surname)
        middle = (self.middle_young if age < 35 else self.middle_old).pick(rng)
        if middle == "Thị" and rng.random() < 0.1:
            middle += " " + rng.choice(data.SECOND_MIDDLE)
        if middle.endswith(given):  # no "Thu Thu"
            given = rng.choice(data.GIVEN_NAMES[:10])
        return f"{surname} {middle} {given}"

    def _unique(self, make: Callable[[], str]) -> str:
        value = make()
        while value in self.given_ids:
            value = make()
        self.given_ids.add(value)
        return value
