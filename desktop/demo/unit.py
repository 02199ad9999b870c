"""A demo commune that looks real: for trying the app, training, screenshots and benchmarks.

`create_demo` makes a "Hội LHPN xã …" for a real rural commune of the 2025 catalogue
(`vietnam_provinces`) and fills it, through the one write path and in one batch, with branches
(one per village), their heads, cadres, members, models, online channels and activities. The
proportions follow the national figures of the article (docs/DOMAIN.md, "Scale" and "Indicators"):
45% of branch heads party members, 99.7% paid a monthly allowance (73% from the local budget),
~1.4 Zalo groups per branch, chairwomen mostly under 45 with a university degree, and so on.

Unit codes are the official administrative codes, as text: the commune's 5-digit code
("06076") is its unit code and its `admin_area_code`; its parent is the province's 2-digit code
("20"). Everything is drawn from one `random.Random(seed)`, ids included, so the same seed and
day give the same records. Branch heads and cadres are, where one fits, members of the commune.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import vietnam_provinces as vp

from db.store import Change
from db.text import fold
from desktop.demo import data
from desktop.demo.people import Person, PersonMaker, Weighted, add_years, allot, day_between, new_id
from desktop.installation.setup import NewUnit, create_unit
from desktop.security.session import Session

DEMO_USERNAME = "admin"  # the demo's admin account (create_unit's default first admin)
DEMO_PASSWORD = "sohoi-demo"  # the documented password of the demo's accounts
MEMBERS_PER_BRANCH = 220  # ~19 million members in ~85,300 branches
BASE_SALARY_VND = 2_340_000  # mức lương cơ sở since 1 July 2024; allowances are parts of it
MEMBER_AGES = {(18, 29): 17, (30, 44): 31, (45, 59): 29, (60, 85): 23}
STATUSES = ("active", "moved", "left", "deceased")
URL_LETTERS = "abcdefghijkmnopqrstuvwxyz0123456789"
Row = dict[str, Any]


def create_demo(
    data_dir: Path,
    *,
    members: int = 2000,
    seed: int = 1,
    today: date | None = None,
    password: str = DEMO_PASSWORD,
    removable: bool = False,
) -> Session:
    """Create the demo commune for `seed` in `data_dir`; the session of its admin, signed in.

    The admin account is DEMO_USERNAME with `password` (default the documented DEMO_PASSWORD).
    The unit is `demo_commune(seed)`; its records (`demo_changes`) are written in one
    `Store.write`, all or nothing. `today` (default: the real today; never a later day) is the
    day the data is dated from. Raises desktop.installation.setup.UnitError when `data_dir` has a
    unit.
    """
    today = today or date.today()
    ward = demo_commune(seed)
    province = vp.Province.from_code(ward.province_code)
    code = commune_unit_code(ward)
    changes = demo_changes(
        code, members=members, seed=seed, today=today, province_code=province.code.value
    )
    unit, details = demo_unit(ward, random.Random(seed))
    created = create_unit(
        data_dir, unit, admin_password=password, demo=True, removable=removable, **details
    )
    created.session.store.write(changes, total=len(changes))
    return created.session


def demo_unit(ward: vp.Ward, rng: random.Random) -> tuple[NewUnit, dict[str, Any]]:
    """The union of commune `ward`: what `create_unit` needs, and its address, phone, e-mail and
    equipment drawn from `rng` in the article's proportions."""
    province = vp.Province.from_code(ward.province_code)
    code = commune_unit_code(ward)
    short = ward.name.removeprefix("Xã ").removeprefix("Phường ").removeprefix("Đặc khu ")
    kind = ward.name[: len(ward.name) - len(short)].strip().lower() or "xã"
    landline = f"0{province.phone_code}"
    landline += "".join(str(rng.randrange(10)) for _ in range(11 - len(landline)))
    unit = NewUnit(
        code=code,
        name=f"Hội LHPN {kind} {short}",
        level="commune",
        parent_code=f"{province.code.value:02d}",
        admin_area_code=code,
    )
    details = {
        "address": f"Trụ sở UBND {kind} {short}, {province.name[0].lower()}{province.name[1:]}",
        "phone": landline,
        "email": f"hoilhpn.{fold(short).replace(' ', '')}@gmail.com",
        "has_dedicated_computer": int(rng.random() < 0.93),  # 752 of 10,543 bases had none
        "has_internet": int(rng.random() < 0.95),
        "uses_union_software": int(rng.random() < 0.984),  # 10,373 of 10,543
    }
    return unit, details


@cache
def _communes() -> tuple[vp.Ward, ...]:
    xa = vp.VietNamDivisionType.XA
    return tuple(
        sorted((w for w in vp.Ward.iter_all() if w.division_type == xa), key=lambda w: w.code.value)
    )


def demo_commune(seed: int) -> vp.Ward:
    """The rural commune ("Xã") of the 2025 catalogue that the demo for `seed` is about.

    Preferred: one formed only of old communes of the province whose code the new province
    kept, so that its members' CCCD birth-province digits are the province's own code.
    """
    rng = random.Random(seed)
    communes = _communes()
    ward = rng.choice(communes)
    for _ in range(100):
        if {int(w.province_code) for w in ward.get_legacy_sources()} == {ward.province_code.value}:
            break
        ward = rng.choice(communes)
    return ward


def commune_unit_code(ward: vp.Ward) -> str:
    """A commune's unit code: its official 5-digit code."""
    return f"{ward.code.value:05d}"


def demo_changes(
    unit_code: str, *, members: int, seed: int, today: date, province_code: int
) -> list[Change]:
    """The demo records of commune `unit_code` in province `province_code` (2025 code).

    Cadres, branches, heads, members, models, online channels, activities, in that order (a
    branch before what refers to it). Deterministic for the arguments; nothing is dated after
    `today`. With a catalogue ward code as `unit_code` the commune's name is used in addresses
    and channel names.
    """
    return _Demo(random.Random(seed), unit_code, today, province_code).changes(members)


@dataclass
class _Branch:
    id: str
    area: str
    established: date
    social: bool
    members: list[Person] = field(default_factory=list)  # the active ones


class _Demo:
    """One generation run: the random stream, the day, the commune and its people."""

    def __init__(self, rng: random.Random, unit_code: str, today: date, province_code: int):
        self.rng, self.unit_code, self.today = rng, unit_code, today
        self.people = PersonMaker(rng, today, province_code)
        self.region = self.people.region
        self.commune = _commune_label(unit_code, province_code)

    def changes(self, members: int) -> list[Change]:
        branches = self.branches(max(3, round(members / MEMBERS_PER_BRANCH)))
        member_rows = self.members(members, branches)
        branch_rows = [
            {
                "id": b.id,
                "name": f"Chi hội {b.area}",
                "area_name": b.area,
                "established_on": b.established.isoformat(),
                "uses_social_media": int(b.social),
            }
            for b in branches
        ]
        tables = [
            ("cadres", self.cadres(branches)),
            ("branches", branch_rows),
            ("branch_heads", self.heads(branches)),
            ("members", member_rows),
            ("models", self.models(branches, members)),
            ("online_channels", self.channels(branches)),
            ("activities", self.activities(branches)),
        ]
        out = []
        for table, rows in tables:
            for row in rows:
                row_id = row.pop("id", None) or new_id(self.rng)
                values = {k: v for k, v in row.items() if v is not None}
                out.append(Change(table, values, id=row_id, unit_code=self.unit_code))
        return out

    # -- people -----------------------------------------------------------------------------

    def members(self, n: int, branches: list[_Branch]) -> list[Row]:
        rng, today, ages = self.rng, self.today, list(MEMBER_AGES)
        age_weights = list(accumulate(MEMBER_AGES.values()))
        branch_weights = list(accumulate(rng.uniform(0.5, 1.5) for _ in branches))
        rows = []
        for i in range(n):
            branch = rng.choices(branches, cum_weights=branch_weights)[0]
            low, high = rng.choices(ages, cum_weights=age_weights)[0]
            p = self.people.person(rng.randint(low, high))
            joined = day_between(rng, p.adult_on, min(today, add_years(p.adult_on, 25)))
            died = 6 if p.age >= 75 else 1
            status = rng.choices(STATUSES, (96 - died, 2.5, 1.5, died))[0]
            groups = [g for g, share in data.SPECIAL_GROUPS.items() if rng.random() < share]
            if p.ethnicity != "Kinh" and rng.random() < 0.5:
                groups.append(data.MINORITY_GROUP)
            if status == "active":
                branch.members.append(p)
            rows.append(
                {
                    "branch_id": branch.id,
                    **p.identity(),
                    "ethnicity": p.ethnicity,
                    "religion": self.people.religion(p),
                    "address": f"{branch.area}, {self.commune}",
                    "joined_on": joined.isoformat(),
                    "status": status,
                    "special_groups": groups,
                    "card_number": f"{self.unit_code}-{i + 1:05d}" if rng.random() < 0.9 else None,
                    "note": "Mới chuyển đến từ xã khác" if rng.random() < 0.01 else None,
                }
            )
        return rows

    def _pick(self, pool: list[Person], low: int, high: int, taken: set[str]) -> Person:
        """A member aged low–high with a CCCD not yet taken, or else a new woman that age."""
        fits = [
            p for p in pool if low <= p.age <= high and p.has_cccd and p.citizen_id not in taken
        ]
        p = self.rng.choice(fits) if fits else self.people.person(self.rng.randint(low, high))
        taken.add(p.citizen_id or "")
        return p

    def heads(self, branches: list[_Branch]) -> list[Row]:
        """One head per branch: 38,506 of 85,328 party members; allowances as in 2024."""
        rng, today, n = self.rng, self.today, len(branches)
        party = allot(rng, n, {"yes": 38_506, "no": 85_328 - 38_506})
        # Trained or introduced: 44% of the others; with the 10% admitted, ~48% developed.
        others = allot(rng, party.count("no"), {"trained": 30, "introduced": 14, "none": 56})
        members = allot(rng, party.count("yes"), {"admitted": 10, "none": 90})
        sources = allot(rng, n, data.ALLOWANCE_SOURCES)
        local_rate = round(BASE_SALARY_VND * rng.choice((15, 20, 25, 30, 40, 50)) / 100_000) * 1000
        rows: list[Row] = []
        taken: set[str] = set()
        for branch, is_party, source in zip(branches, party, sources, strict=True):
            p = self._pick(branch.members, 30, 60, taken)
            roles = [r for r, share in data.CONCURRENT_ROLES.items() if rng.random() < share]
            if source == "concurrent_paid_role" and not roles:
                roles.append(rng.choice(("loan_group_leader", "population_collaborator")))
            amount = local_rate if source == "local_budget" else rng.randrange(300, 1501, 50) * 1000
            dev = (members if is_party == "yes" else others).pop()
            earliest = max(add_years(p.adult_on, 4), branch.established, add_years(today, -20))
            rows.append(
                {
                    "branch_id": branch.id,
                    **p.identity(),
                    "is_party_member": int(is_party == "yes"),
                    "party_development": dev,
                    "monthly_allowance": int(source != "none"),
                    "allowance_source": source,
                    "concurrent_roles": roles,
                    "allowance_amount_vnd": amount if source != "none" else None,
                    "started_on": day_between(rng, earliest, today - timedelta(30)).isoformat(),
                }
            )
        return rows

    def cadres(self, branches: list[_Branch]) -> list[Row]:
        """The commune's committee, chosen among its members where one fits."""
        rng, year = self.rng, self.today.year
        positions = [
            "chair",
            *["vice_chair"] * rng.randint(1, 2),
            *["standing_committee"] * rng.randint(2, 3),
            *["executive_committee"] * rng.randint(5, 9),
        ]
        party = {"chair": 0.97, "vice_chair": 0.9, "standing_committee": 0.85}
        education, theory = Weighted(data.EDUCATION), Weighted(data.POLITICAL_THEORY)
        pool = [p for b in branches for p in b.members]
        rows: list[Row] = []
        taken: set[str] = set()
        for position in positions:
            p = self._pick(pool, *((28, 44) if rng.random() < 0.8 else (45, 58)), taken)
            years = rng.randint(6, 20) if rng.random() < 0.62 else rng.randint(1, 5)
            rows.append(
                {
                    **p.identity(),
                    "ethnicity": p.ethnicity,
                    "position": position,
                    "union_work_since": min(year, max(year - years, p.adult_on.year + 2)),
                    "education": education.pick(rng),
                    "political_theory": theory.pick(rng),
                    "is_party_member": int(rng.random() < party.get(position, 0.65)),
                    "software_proficient": int(rng.random() < 0.99),
                }
            )
        return rows

    # -- the commune's organisation ---------------------------------------------------------

    def branches(self, n: int) -> list[_Branch]:
        """One branch per village, named the local way; 84,206 of 85,328 on social media."""
        rng = self.rng
        names = {kind: rng.sample(v, len(v)) for kind, v in data.AREA_NAMES.items()}
        numbers = dict.fromkeys(data.AREA_NAMES, 0)
        kinds = sorted(allot(rng, n, data.AREA_KINDS[self.region]))
        social = allot(rng, n, {"yes": 84_206, "no": 85_328 - 84_206})
        out = []
        for kind, uses in zip(kinds, social, strict=True):
            if names[kind] and rng.random() < 0.6:
                area = f"{kind} {names[kind].pop()}"
            else:
                numbers[kind] += 1
                area = f"{kind} {numbers[kind]}"
            founded = day_between(rng, date(1980, 1, 1), add_years(self.today, -1))
            out.append(_Branch(new_id(rng), area, founded, uses == "yes"))
        return out

    def models(self, branches: list[_Branch], members: int) -> list[Row]:
        """An active "1+1" model always (13,752 bases), "3 có, 3 biết" in 83% (8,730)."""
        rng = self.rng
        kinds = [("one_plus_one", False)] + [("one_plus_one", True)] * (rng.random() < 0.3)
        kinds += [("three_have_three_know", False)] * (rng.random() < 0.83)
        kinds += [("special_members", True)] * (rng.random() < 0.5)
        kinds += [("other", True)] * rng.randint(1, 3)
        rows = []
        for kind, at_branch in kinds:
            branch = rng.choice(branches) if at_branch else None
            name, targets = rng.choice(data.MODELS[kind])
            status = "active"
            if kind == "other":
                status = rng.choices(("active", "paused", "dissolved"), (80, 15, 5))[0]
            base = len(branch.members) if branch else members
            count = max(8, int(base * rng.uniform(0.03, 0.12)))
            rows.append(
                {
                    "kind": kind,
                    "name": f"{name} {branch.area if branch else self.commune}",
                    "branch_id": branch.id if branch else None,
                    "status": status,
                    "started_on": day_between(rng, date(2022, 1, 1), self.today).isoformat(),
                    "participants": count,
                    "target_groups": list(targets),
                    "description": f"{count} người tham gia, sinh hoạt định kỳ hằng tháng.",
                }
            )
        return rows

    def channels(self, branches: list[_Branch]) -> list[Row]:
        """A fanpage mostly; ~1.4 Zalo groups per branch online, a Facebook group in 27%."""
        rng, slug, rows = self.rng, fold(self.commune).replace(" ", ""), []

        def add(kind: str, name: str, url: str, count: int, branch: _Branch | None) -> None:
            rows.append(
                {
                    "kind": kind,
                    "name": name,
                    "url": url,
                    "members_count": count,
                    "branch_id": branch.id if branch else None,
                    "started_on": day_between(rng, date(2017, 1, 1), self.today).isoformat(),
                }
            )

        if rng.random() < 0.75:
            url = f"https://www.facebook.com/hoilhpn.{slug}"
            add("fanpage", f"Hội LHPN {self.commune}", url, rng.randint(300, 3000), None)
        for b in branches:
            if not b.social:
                continue
            for k in range(1 + (rng.random() < 0.42)):  # 120,591 groups in 84,206 branches
                url = "https://zalo.me/g/" + "".join(rng.choices(URL_LETTERS, k=8))
                name = f"Phụ nữ {b.area}" if k == 0 else f"Hội viên {b.area} chung tay"
                add("zalo_group", name, url, max(5, int(len(b.members) * rng.uniform(0.4, 0.9))), b)
            if rng.random() < 0.27:  # 23,380 groups in ~85,300 branches
                url = f"https://www.facebook.com/groups/{rng.randrange(10**14, 10**15)}"
                name = f"Phụ nữ {b.area} – {self.commune}"
                add("facebook_group", name, url, max(5, int(len(b.members) * rng.random())), b)
        if rng.random() < 0.05:  # 259 in the whole country
            platform = rng.choice(data.OTHER_PLATFORMS)
            url = f"https://www.{platform.lower()}.com/@hoilhpn{slug}"
            name = f"Hội LHPN {self.commune} trên {platform}"
            add("other_platform", name, url, rng.randint(100, 2000), None)
        return rows

    def activities(self, branches: list[_Branch]) -> list[Row]:
        """The monthly meetings of each branch in the last two to four months."""
        rng, today, rows = self.rng, self.today, []
        for b in branches:
            for back in range(rng.randint(2, 4)):
                month = (today.year * 12 + today.month - 1) - back
                held = min(today, date(month // 12, month % 12 + 1, rng.randint(1, 28)))
                fmt = rng.choices(("in_person", "hybrid", "online"), (80, 12, 8))[0]
                rows.append(
                    {
                        "branch_id": b.id,
                        "held_on": held.isoformat(),
                        "format": fmt,
                        "topic": f"Sinh hoạt tháng {held.month}/{held.year}: "
                        f"{rng.choice(data.ACTIVITY_TOPICS)}",
                        "attendees": 5 + int(len(b.members) * rng.uniform(0.3, 0.7)),
                        "uses_it": int(fmt != "in_person" or rng.random() < 0.35),
                    }
                )
        return rows


def _commune_label(unit_code: str, province_code: int) -> str:
    """ "xã Quý Hòa" when the unit code is a ward code of the province, else the unit code."""
    try:
        ward = vp.Ward.from_code(int(unit_code))  # type: ignore[arg-type]  # stub says ProvinceCode/WardCode; a plain int works
    except ValueError:
        ward = None
    if ward is None or ward.province_code.value != province_code:
        return f"đơn vị {unit_code}"
    kind, _, rest = ward.name.partition(" ")
    return f"{kind.lower()} {rest}"
