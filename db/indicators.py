"""The indicators (chỉ tiêu) of docs/DOMAIN.md, computed over the commune units at or below a unit.

An indicator counts the records of every *commune* unit reached from the root through live
units (`parent_code`, recursively); an upper level's own record counts in none. Each family of
indicators is one SQL aggregate over those communes, so a province with 200,000 members and a
few thousand communes takes a handful of queries, not a loop over rows. Percentages are always
computed from the counts (never averaged), rounded half up to 2 decimals.

Targets: the defaults below are the 2022–2027 term targets of docs/DOMAIN.md; a `targets` row of the
same term owned by the root unit or one of its ancestors overrides them, the nearest one winning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlite_utils import Database

from db.text import format_count

DEFAULT_TERM = "2022-2027"

# (id, Vietnamese label, kind), in the order of docs/DOMAIN.md, "Indicators".
_SPECS: tuple[tuple[str, str, str], ...] = (
    ("bases_one_plus_one", "Cơ sở Hội có mô hình “1+1”", "percent"),
    ("bases_three_have_three_know", "Cơ sở Hội có mô hình “3 có, 3 biết”", "percent"),
    ("bases_special_members_model", "Cơ sở Hội có mô hình thu hút hội viên đặc thù", "percent"),
    ("branch_heads_party_members", "Chi hội trưởng là đảng viên", "percent"),
    (
        "non_party_heads_developed",
        "Chi hội trưởng chưa là đảng viên được bồi dưỡng, giới thiệu, kết nạp Đảng",
        "percent",
    ),
    ("heads_monthly_allowance", "Chi hội trưởng được hỗ trợ bồi dưỡng hàng tháng", "percent"),
    (
        "heads_allowance_local_budget",
        "Chi hội trưởng được hỗ trợ từ ngân sách địa phương",
        "percent",
    ),
    ("bases_using_union_software", "Cơ sở Hội ứng dụng phần mềm trong hệ thống Hội", "percent"),
    (
        "cadres_software_proficient",
        "Cán bộ Hội cơ sở sử dụng thành thạo phần mềm của Hội",
        "percent",
    ),
    ("branches_using_social_media", "Chi hội sử dụng mạng xã hội trong hoạt động Hội", "percent"),
    ("bases_without_computer", "Cơ sở Hội chưa có máy tính riêng kết nối mạng", "count"),
    ("channels_fanpage", "Số trang fanpage", "count"),
    ("channels_zalo_group", "Số nhóm Zalo", "count"),
    ("channels_facebook_group", "Số nhóm Facebook", "count"),
    ("channels_other_platform", "Số kênh trên nền tảng khác", "count"),
    ("chairs_under_45", "Chủ tịch Hội cơ sở dưới 45 tuổi", "percent"),
    ("chairs_over_5_years", "Chủ tịch Hội cơ sở có trên 5 năm công tác Hội", "percent"),
    ("chairs_university", "Chủ tịch Hội cơ sở có trình độ đại học trở lên", "percent"),
    (
        "chairs_political_intermediate_plus",
        "Chủ tịch Hội cơ sở có trình độ lý luận chính trị từ trung cấp trở lên",
        "percent",
    ),
)

INDICATOR_IDS: tuple[str, ...] = tuple(s[0] for s in _SPECS)
LABELS: dict[str, str] = {s[0]: s[1] for s in _SPECS}
KINDS: dict[str, str] = {s[0]: s[2] for s in _SPECS}

# The 2022–2027 term targets of docs/DOMAIN.md; indicators not listed have none.
DEFAULT_TARGETS: dict[str, float | int] = {
    "bases_one_plus_one": 100,
    "bases_three_have_three_know": 100,
    "bases_special_members_model": 100,
    "non_party_heads_developed": 50,
    "heads_monthly_allowance": 90,
    "cadres_software_proficient": 99,
    "bases_without_computer": 0,
}

# Indicators where fewer is better: met when the value is at most the target.
LOWER_IS_BETTER = frozenset({"bases_without_computer"})

_MODEL_KINDS = {
    "one_plus_one": "bases_one_plus_one",
    "three_have_three_know": "bases_three_have_three_know",
    "special_members": "bases_special_members_model",
}
_CHANNEL_KINDS = ("fanpage", "zalo_group", "facebook_group", "other_platform")
_CENT = Decimal("0.01")

# The live commune units at or below :root, one row per code, with the unit's own flags and
# the group it is counted in: :root itself, or (with :grouped) the unit directly below :root
# that it belongs to (a province's commune is its own group; at the centre, its province).
_COMMUNES = """
WITH RECURSIVE below(code, grp) AS (
    SELECT :root, :root
    UNION
    SELECT u.code, CASE WHEN :grouped AND b.code = :root THEN u.code ELSE b.grp END
    FROM units u JOIN below b ON u.parent_code = b.code
    WHERE u.is_deleted = 0 AND u.code != u.parent_code
),
communes(code, grp, uses_software, equipped) AS (
    SELECT u.code, MIN(b.grp), MAX(u.uses_union_software IS 1),
           MAX(u.has_dedicated_computer IS 1 AND u.has_internet IS 1)
    FROM units u JOIN below b ON b.code = u.code
    WHERE u.level = 'commune' AND u.is_deleted = 0
    GROUP BY u.code
)
"""
# The records of those communes, with their group: `FROM <table> t {_JOIN}`.
_JOIN = "JOIN communes c ON c.code = t.unit_code WHERE t.is_deleted = 0"
Counts = dict[str, tuple[int, int | None]]

# A birth date the age can be computed from: `YYYY` or `YYYY-MM-DD`.
_KNOWN_BIRTH = (
    "(birth_date GLOB '[0-9][0-9][0-9][0-9]' "
    "OR birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"
)
# Age in whole years on the as-of day; a year alone counts from 1 January (validation.age_on).
_AGE = (
    "(:year - CAST(substr(birth_date, 1, 4) AS INTEGER)"
    " - (length(birth_date) = 10 AND substr(birth_date, 6) > :month_day))"
)


@dataclass(frozen=True)
class Indicator:
    """One indicator at one level on one day, as reported and printed."""

    id: str
    label: str
    numerator: int
    denominator: int | None  # None for pure counts (channels_*)
    value: float | int | None  # percentage (2 decimals) or count; None when denominator is 0
    target: float | int | None
    met: bool | None  # None when there is no target or no value
    as_of: str  # ISO date
    kind: str  # "percent" or "count"

    def as_dict(self) -> dict[str, Any]:
        """The reported form: `{id, label, numerator, denominator, value, target, met, as_of}`."""
        return {
            "id": self.id,
            "label": self.label,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "target": self.target,
            "met": self.met,
            "as_of": self.as_of,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Indicator:
        """An indicator back from its reported form (a closed period's frozen figures)."""
        ind_id = d["id"]
        return cls(
            ind_id,
            LABELS.get(ind_id, d.get("label") or ind_id),
            d["numerator"],
            d["denominator"],
            d["value"],
            d["target"],
            d["met"],
            d["as_of"],
            KINDS.get(ind_id, "count" if d["denominator"] is None else "percent"),
        )


def percent(numerator: int, denominator: int) -> float | None:
    """`numerator / denominator` in percent, rounded half up to 2 decimals; None over 0."""
    if not denominator:
        return None
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    return float(exact.quantize(_CENT, rounding=ROUND_HALF_UP))


def compute_indicators(
    db: Database, root_unit: str, *, as_of: date | None = None, term: str = DEFAULT_TERM
) -> list[Indicator]:
    """Every indicator over the commune units at or below `root_unit`, in docs/DOMAIN.md order.

    Ages and years of union work are counted on `as_of` (default: today); targets are those of
    `term`, the defaults overridden by the root's or its nearest ancestor's `targets` rows.
    """
    as_of = as_of or date.today()
    counts = _counts(db, root_unit, as_of, grouped=False).get(root_unit, {})
    targets = {**DEFAULT_TARGETS, **_target_overrides(db, root_unit, term)}
    return [
        make_indicator(i, *counts.get(i, _empty(i)), targets.get(i), as_of) for i in INDICATOR_IDS
    ]


def indicators_by_unit(
    db: Database, root_unit: str, *, as_of: date | None = None, term: str = DEFAULT_TERM
) -> dict[str, list[Indicator]]:
    """Every indicator for each live unit directly below `root_unit` (a province's communes; the
    centre's provinces, each over its own communes), with `root_unit`'s targets; the same
    handful of aggregate queries as `compute_indicators`, grouped. A unit below with no data yet
    is there too, with empty indicators."""
    as_of = as_of or date.today()
    counts = _counts(db, root_unit, as_of, grouped=True)
    targets = {**DEFAULT_TARGETS, **_target_overrides(db, root_unit, term)}
    units = [
        r[0]
        for r in db.conn.execute(
            "SELECT DISTINCT code FROM units WHERE parent_code = ? AND is_deleted = 0 "
            "AND code != ? ORDER BY code",
            [root_unit, root_unit],
        )
    ]
    return {
        unit: [
            make_indicator(i, *counts.get(unit, {}).get(i, _empty(i)), targets.get(i), as_of)
            for i in INDICATOR_IDS
        ]
        for unit in units
    }


def _empty(ind_id: str) -> tuple[int, int | None]:
    """The counts of an indicator over no records: channels are pure counts, the rest have a
    denominator (0: no value)."""
    return (0, None) if ind_id.startswith("channels_") else (0, 0)


def _counts(db: Database, root_unit: str, as_of: date, *, grouped: bool) -> dict[str, Counts]:
    """(numerator, denominator) of every indicator, per group (see `_COMMUNES`)."""
    params = {
        "root": root_unit,
        "grouped": int(grouped),
        "year": as_of.year,
        "month_day": as_of.strftime("%m-%d"),
    }
    out: dict[str, Counts] = {}
    for family in (_base_counts, _head_counts, _cadre_counts, _branch_counts, _channel_counts):
        for grp, counts in family(db, params).items():
            out.setdefault(grp, {}).update(counts)
    return out


def format_value(ind: Indicator) -> str:
    """An indicator's value the Vietnamese way: `38,51%`, `13.752`, or `—` when there is none."""
    if ind.value is None:
        return "—"
    if ind.kind == "count":
        return format_count(int(ind.value))
    text = f"{ind.value:,.2f}"
    return text.translate(str.maketrans(",.", ".,")) + "%"


# -- building ----------------------------------------------------------------------------


def make_indicator(
    ind_id: str, numerator: int, denominator: int | None, target: float | int | None, as_of: date
) -> Indicator:
    kind = KINDS[ind_id]
    value: float | int | None
    if denominator == 0:
        value = None
    elif kind == "count":
        value = numerator
    else:
        assert denominator is not None
        value = percent(numerator, denominator)
    met = None
    if value is not None and target is not None:
        met = value <= target if ind_id in LOWER_IS_BETTER else value >= target
    return Indicator(
        ind_id, LABELS[ind_id], numerator, denominator, value, target, met, as_of.isoformat(), kind
    )


def _rows(db: Database, sql: str, params: dict[str, Any]) -> dict[str, dict[str, int]]:
    """An aggregate query's rows by their first column (the group), each by column name, the
    NULL sums of no rows as 0."""
    cursor = db.conn.execute(_COMMUNES + sql, params)
    names = [d[0] for d in cursor.description]
    return {
        row[0]: {name: int(v or 0) for name, v in zip(names[1:], row[1:], strict=True)}
        for row in cursor
    }


# -- one query per family ----------------------------------------------------------------


def _base_counts(db: Database, params: dict[str, Any]) -> dict[str, Counts]:
    # A model with no status recorded is taken as active.
    has_model = (
        "SUM(EXISTS (SELECT 1 FROM models m WHERE m.unit_code = c.code AND m.is_deleted = 0"
        " AND IFNULL(m.status, 'active') = 'active' AND m.kind = '{kind}')) AS [{kind}]"
    )
    out: dict[str, Counts] = {}
    for grp, n in _rows(
        db,
        f"""
        SELECT grp, COUNT(*) AS communes, SUM(uses_software) AS software,
               SUM(NOT equipped) AS lacking,
               {", ".join(has_model.format(kind=kind) for kind in _MODEL_KINDS)}
        FROM communes c GROUP BY grp""",
        params,
    ).items():
        counts: Counts = {ind: (n[kind], n["communes"]) for kind, ind in _MODEL_KINDS.items()}
        counts["bases_using_union_software"] = (n["software"], n["communes"])
        counts["bases_without_computer"] = (n["lacking"], n["communes"])
        out[grp] = counts
    return out


def _head_counts(db: Database, params: dict[str, Any]) -> dict[str, Counts]:
    # "Not a party member, or admitted": the heads party development is about. The numerator
    # stays inside that set, so a percentage never exceeds 100 on inconsistent records.
    rows = _rows(
        db,
        f"""
        SELECT grp, COUNT(*) AS heads, SUM(is_party_member IS 1) AS party,
               SUM(eligible AND party_development IN ('trained', 'introduced', 'admitted'))
                   AS developed,
               SUM(eligible) AS eligible,
               SUM(monthly_allowance IS 1) AS allowance,
               SUM(monthly_allowance IS 1 AND allowance_source IS 'local_budget') AS local
        FROM (SELECT c.grp, t.is_party_member, t.party_development, t.monthly_allowance,
                     t.allowance_source,
                     (t.is_party_member IS NOT 1 OR t.party_development IS 'admitted') AS eligible
              FROM branch_heads t {_JOIN})
        GROUP BY grp""",
        params,
    )
    return {
        grp: {
            "branch_heads_party_members": (n["party"], n["heads"]),
            "non_party_heads_developed": (n["developed"], n["eligible"]),
            "heads_monthly_allowance": (n["allowance"], n["heads"]),
            "heads_allowance_local_budget": (n["local"], n["heads"]),
        }
        for grp, n in rows.items()
    }


def _cadre_counts(db: Database, params: dict[str, Any]) -> dict[str, Counts]:
    rows = _rows(
        db,
        f"""
        SELECT grp, COUNT(*) AS cadres, SUM(software_proficient IS 1) AS proficient,
               SUM(chair) AS chairs,
               SUM(chair AND born_known) AS born_known,
               SUM(chair AND born_known AND {_AGE} < 45) AS under_45,
               SUM(chair AND union_work_since IS NOT NULL) AS since_known,
               SUM(chair AND :year - union_work_since > 5) AS over_5,
               SUM(chair AND education IN ('university', 'postgraduate')) AS university,
               SUM(chair AND political_theory IN ('intermediate', 'advanced', 'bachelor'))
                   AS political
        FROM (SELECT c.grp, t.software_proficient, t.birth_date, t.union_work_since,
                     t.education, t.political_theory,
                     t.position IS 'chair' AS chair, {_KNOWN_BIRTH} AS born_known
              FROM cadres t {_JOIN})
        GROUP BY grp""",
        params,
    )
    return {
        grp: {
            "cadres_software_proficient": (n["proficient"], n["cadres"]),
            "chairs_under_45": (n["under_45"], n["born_known"]),
            "chairs_over_5_years": (n["over_5"], n["since_known"]),
            "chairs_university": (n["university"], n["chairs"]),
            "chairs_political_intermediate_plus": (n["political"], n["chairs"]),
        }
        for grp, n in rows.items()
    }


def _branch_counts(db: Database, params: dict[str, Any]) -> dict[str, Counts]:
    rows = _rows(
        db,
        "SELECT c.grp, COUNT(*) AS branches, SUM(t.uses_social_media IS 1) AS social"
        f" FROM branches t {_JOIN} GROUP BY c.grp",
        params,
    )
    return {
        grp: {"branches_using_social_media": (n["social"], n["branches"])}
        for grp, n in rows.items()
    }


def _channel_counts(db: Database, params: dict[str, Any]) -> dict[str, Counts]:
    out: dict[str, Counts] = {}
    for grp, kind, n in db.conn.execute(
        _COMMUNES + f"SELECT c.grp, t.kind, COUNT(*) FROM online_channels t {_JOIN} "
        "GROUP BY c.grp, t.kind",
        params,
    ):
        out.setdefault(grp, {f"channels_{k}": (0, None) for k in _CHANNEL_KINDS})
        if kind in _CHANNEL_KINDS:
            out[grp][f"channels_{kind}"] = (int(n), None)
    return out


def term_targets(db: Database, root_unit: str, term: str = DEFAULT_TERM) -> dict[str, int | float]:
    """The targets of `term` for `root_unit`: the defaults, overridden by the root's or its
    nearest ancestor's `targets` rows (as compute_indicators applies them)."""
    return {**DEFAULT_TARGETS, **_target_overrides(db, root_unit, term)}


def term_years(term: str = DEFAULT_TERM) -> tuple[int, int]:
    """The first and last year of a term written `2022-2027`."""
    first, _, last = term.partition("-")
    return int(first), int(last or first)


def _target_overrides(db: Database, root_unit: str, term: str) -> dict[str, int | float]:
    """Targets of `term` set by the root unit or its ancestors; the nearest unit's wins."""
    rows = db.conn.execute(
        """
        WITH RECURSIVE up(code, depth) AS (
            SELECT :root, 0
            UNION
            SELECT u.parent_code, up.depth + 1 FROM units u JOIN up ON u.code = up.code
            WHERE u.is_deleted = 0 AND u.parent_code IS NOT NULL AND up.depth < 32
        ),
        ancestors(code, depth) AS (SELECT code, MIN(depth) FROM up GROUP BY code)
        SELECT t.indicator_id, t.target FROM targets t JOIN ancestors a ON t.unit_code = a.code
        WHERE t.is_deleted = 0 AND t.term = :term AND t.target IS NOT NULL
        ORDER BY a.depth DESC, t.db_version, t.id""",
        {"root": root_unit, "term": term},
    )
    overrides: dict[str, int | float] = {}
    for indicator_id, target in rows:
        if indicator_id in LABELS:
            overrides[indicator_id] = target  # later rows are nearer: they win
    return overrides
