"""The embedded catalogue of administrative units, for choosing what unit an installation keeps.

The first start (ui/first_start) asks which province and which commune: both come from
`vietnam_provinces` (the 2025 catalogue: 34 provinces, 3,321 communes), searchable without
tones by today's name and by the names of the units merged into it in 2025 (a chairwoman may
still say "xã Vĩnh Yên" for what is now part of "xã Quý Hòa"). From the choice come the unit's
code (the official code as text: "06076" for a commune, "20" for a province, "TW" for the
centre), its parent's code and the union's usual name ("Hội LHPN xã Quý Hòa").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import vietnam_provinces as vp

from db.schema import CENTRAL_CODE
from db.text import fold
from desktop.installation.setup import NewUnit

CENTRAL_NAME = "Trung ương Hội LHPN Việt Nam"
LEVELS = ("commune", "province", "central")  # what a new installation can be (no more districts)


@dataclass(frozen=True)
class Place:
    """A province or a commune of the catalogue."""

    code: str  # the unit code it gives: "06076", "20"
    name: str  # "Xã Quý Hòa", "Tỉnh Lạng Sơn"
    province_code: str  # its own code for a province
    former_names: tuple[str, ...] = ()  # the units merged into it in 2025, other than itself
    key: str = ""  # its name and former names, folded, for searching

    def matches(self, query: str) -> bool:
        """Whether every word of `query` (tones and case ignored) is in its names."""
        words = fold(query).split()
        return all(word in self.key for word in words)


def _place(code: str, name: str, province_code: str, former: list[str]) -> Place:
    former_names = tuple(dict.fromkeys(n for n in former if n != name))
    key = " | ".join(fold(n) for n in (name, *former_names))
    return Place(code, name, province_code, former_names, key)


@cache
def provinces() -> tuple[Place, ...]:
    """The 34 provinces and cities, in alphabetical order of their names without the kind."""
    found = [
        _place(
            f"{p.code.value:02d}",
            p.name,
            f"{p.code.value:02d}",
            [s.name for s in p.get_legacy_sources()],
        )
        for p in vp.Province.iter_all()
    ]
    return tuple(sorted(found, key=lambda p: fold(_bare(p.name))))


@cache
def communes(province_code: str) -> tuple[Place, ...]:
    """The communes, wards and special zones of a province, in alphabetical order."""
    wanted = int(province_code)
    found = [
        _place(
            f"{w.code.value:05d}",
            w.name,
            province_code,
            [s.name for s in w.get_legacy_sources()],
        )
        for w in vp.Ward.iter_all()
        if w.province_code.value == wanted
    ]
    return tuple(sorted(found, key=lambda p: fold(_bare(p.name))))


@cache
def _union_names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Code → the (code, union name) of the catalogue units directly below it, without the
    former units the search needs (reading those costs ~0.2 s: the overview and the units
    table at an upper level need the names only)."""
    below: dict[str, list[tuple[str, str]]] = {CENTRAL_CODE: []}
    for p in vp.Province.iter_all():
        code = f"{p.code.value:02d}"
        below[CENTRAL_CODE].append((code, _union(p.name)))
        below[code] = []
    for w in vp.Ward.iter_all():
        below[f"{w.province_code.value:02d}"].append((f"{w.code.value:05d}", _union(w.name)))
    return {code: tuple(units) for code, units in below.items()}


def units_below(code: str) -> tuple[tuple[str, str], ...]:
    """The (code, union name) of the catalogue units directly below unit `code`: the centre's
    34 provinces, a province's communes; none for a code the catalogue does not know."""
    return _union_names().get(code, ())


@cache
def _names() -> dict[str, str]:
    """Every catalogue unit code → its union's name, the centre's included."""
    names = {CENTRAL_CODE: CENTRAL_NAME}
    for units in _union_names().values():
        names.update(units)
    return names


def name_of(code: str) -> str | None:
    """The union's name of catalogue unit `code` ("Hội LHPN xã Quý Hòa" for "06076", "Hội LHPN
    tỉnh Lạng Sơn" for "20", the centre's for "TW"): what the window calls a unit below whose
    record has not arrived yet. None for a code the catalogue does not know (a former district,
    a unit made by hand)."""
    return _names().get(code)


@cache
def _parents() -> dict[str, str]:
    """Every catalogue unit code → its parent's code (the centre for a province)."""
    parents = {f"{p.code.value:02d}": CENTRAL_CODE for p in vp.Province.iter_all()}
    for w in vp.Ward.iter_all():
        parents[f"{w.code.value:05d}"] = f"{w.province_code.value:02d}"
    return parents


def parent_code(unit_code: str) -> str | None:
    """The code of the unit directly above `unit_code` in the catalogue; None if it is not a
    catalogue code (the centre, a former district, a unit made by hand)."""
    return _parents().get(unit_code)


def search(places: tuple[Place, ...], query: str) -> list[Place]:
    """The places whose names match `query`, those matched by today's name first; all of them
    for an empty query."""
    if not query.strip():
        return list(places)
    words = fold(query).split()
    found = [p for p in places if p.matches(query)]
    return sorted(found, key=lambda p: not all(w in fold(p.name) for w in words))


def _bare(name: str) -> str:
    """ "Quý Hòa" of "Xã Quý Hòa", "Hà Nội" of "Thành phố Hà Nội"."""
    for kind in ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu "):
        if name.startswith(kind):
            return name[len(kind) :]
    return name


def union_name(place: Place) -> str:
    """The women's union's usual name for a place: "Hội LHPN xã Quý Hòa"."""
    return _union(place.name)


def _union(name: str) -> str:
    return f"Hội LHPN {name[0].lower()}{name[1:]}"


def new_unit(level: str, place: Place | None, name: str) -> NewUnit:
    """What `create_unit` needs for a unit of `level` at `place` (None for the centre)."""
    if level == "central":
        return NewUnit(code=CENTRAL_CODE, name=name, level="central")
    if place is None:
        raise ValueError("a commune or province unit needs its place")
    parent = CENTRAL_CODE if level == "province" else place.province_code
    return NewUnit(
        code=place.code, name=name, level=level, parent_code=parent, admin_area_code=place.code
    )
