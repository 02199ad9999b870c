"""Every rule the stored data of a unit (and the units below it) breaks, for `sohoi check`.

The write path refuses bad records, but data also arrives by sync, from older versions and from
imports made before a rule existed. `check_all` reads every live record once, re-runs the field
and record rules of db.validation on it, and adds the rules that need other records: a citizen
ID used twice in a unit, the same woman a member of branches in two units, references to a
missing or deleted branch, branches with no head or with several; an ethnicity or religion
outside its catalogue (db/catalogues.py) is a warning. Messages name the record and
never contain a citizen ID or a birth date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice

from sqlite_utils import Database

from db.catalogues import in_catalogue
from db.schema import TABLE_ORDER, TABLES
from db.text import name_key
from db.validation import Problem, check_record, clean_values, describe

_PEOPLE = ("cadres", "branch_heads", "members")
# A member with no status: the reports count her active, a list filtered "Đang sinh hoạt" does not.
_NO_STATUS = Problem(
    "members",
    "status",
    "status_missing",
    "chưa ghi tình trạng; báo cáo tính là đang sinh hoạt nhưng danh sách lọc «Đang sinh hoạt» "
    "không có: hãy ghi tình trạng.",
    "warning",
)
_NAMED = 3  # other records named in one message; the rest are counted

_BELOW = """
WITH RECURSIVE below(code) AS (
    SELECT ?
    UNION
    SELECT u.code FROM units u JOIN below b ON u.parent_code = b.code WHERE u.is_deleted = 0
)
"""


@dataclass(frozen=True)
class Finding:
    """One broken rule in the stored data: which record (table, id, owning unit), and what."""

    table: str
    id: str
    unit_code: str
    problem: Problem


@dataclass(frozen=True)
class _Ref:
    """A live record as the cross-record rules need it: who it is and where it belongs."""

    table: str
    id: str
    unit_code: str
    label: str
    branch_id: str | None
    title: str  # the name the record goes by, for ordering names in messages
    active: bool = True  # a member still in her branch (not moved away, left or deceased)


def _by_name(ref: _Ref) -> tuple:
    """People in Vietnamese name order (given name first), then by id."""
    return (name_key(ref.title), ref.id)


def check_all(db: Database, root_unit: str, *, today: date | None = None) -> list[Finding]:
    """Every violation and warning in the live records of `root_unit` and the units below it.

    Findings come table by table (in dependency order), then by unit and record id; a record's
    own field rules come before the rules involving other records.
    """
    return _Checker(db, today or date.today()).run(root_unit)


class _Checker:
    """One pass over the records; what the cross-record rules need is gathered on the way."""

    def __init__(self, db: Database, today: date):
        self.db = db
        self.today = today
        self.findings: list[Finding] = []
        # Every branch of the database (also outside the root: a reference may point there).
        self.branches: dict[str, tuple[str, int, str]] = {
            row_id: (unit_code, is_deleted, describe("branches", {"name": name}))
            for row_id, unit_code, is_deleted, name in db.conn.execute(
                "SELECT id, unit_code, is_deleted, name FROM branches"
            )
        }
        self.scoped_branches: list[_Ref] = []
        self.heads: dict[str, list[_Ref]] = defaultdict(list)  # branch id → its live heads
        self.citizens: dict[tuple[str, str], list[_Ref]] = defaultdict(list)  # (table, cid)
        self.unit_names: dict[str, str] = {}

    def run(self, root_unit: str) -> list[Finding]:
        for table in TABLE_ORDER:
            self.scan(table, root_unit)
        self.check_citizen_ids()
        self.check_branch_heads()
        order = {t: n for n, t in enumerate(TABLE_ORDER)}
        # Stable: within one record, its own rules stay before the cross-record ones.
        return sorted(self.findings, key=lambda f: (order[f.table], f.unit_code, f.id))

    def add(self, ref: _Ref, problem: Problem) -> None:
        self.findings.append(
            Finding(ref.table, ref.id, ref.unit_code, replace(problem, record=ref.label))
        )

    # -- the records one by one --------------------------------------------------------

    def scan(self, table: str, root_unit: str) -> None:
        spec = TABLES[table]
        names = spec.field_names
        cursor = self.db.conn.execute(
            f"{_BELOW} SELECT id, unit_code, {', '.join(names)} FROM [{table}] "
            "WHERE is_deleted = 0 AND unit_code IN (SELECT code FROM below) "
            "ORDER BY unit_code, id",
            [root_unit],
        )
        for row_id, unit_code, *values in cursor:
            stored = dict(zip(names, values, strict=True))
            cleaned = clean_values(table, stored, self.today)
            record = {**stored, **cleaned.values}
            title = str(record.get(spec.title_field or "") or "")
            ref = _Ref(
                table,
                row_id,
                unit_code,
                describe(table, record),
                record.get("branch_id"),
                title,
                record.get("status") in (None, "active") if table == "members" else True,
            )
            for problem in self.record_problems(table, cleaned.problems, record):
                self.add(ref, problem)
            if table == "members" and record.get("status") is None:
                self.add(ref, _NO_STATUS)
            for f in spec.fields:
                if f.kind == "ref" and record.get(f.name):
                    self.check_reference(ref, f.name, record[f.name])
                elif f.catalogue and record.get(f.name):
                    self.check_catalogue(ref, f.name, f.catalogue, record[f.name])
            if table == "units":
                self.unit_names[record.get("code") or unit_code] = ref.label
            elif table == "branches":
                self.scoped_branches.append(ref)
            if table == "branch_heads" and ref.branch_id:
                self.heads[ref.branch_id].append(ref)
            if table in _PEOPLE and record.get("citizen_id"):
                self.citizens[(table, record["citizen_id"])].append(ref)

    def record_problems(
        self, table: str, field_problems: list[Problem], record: dict
    ) -> list[Problem]:
        """The field rules, then the record rules, without repeating a field already in error.

        An invalid value is cleaned to None, so a required field would also be "empty".
        """
        broken = {p.field for p in field_problems if p.severity == "error"}
        return [
            *field_problems,
            *(p for p in check_record(table, record, self.today) if p.field not in broken),
        ]

    def check_catalogue(self, ref: _Ref, field_name: str, catalogue: str, value: str) -> None:
        """A value outside its catalogue (db/catalogues.py), named without quoting it."""
        if not in_catalogue(catalogue, value):
            self.add(
                ref,
                Problem(
                    ref.table,
                    field_name,
                    "catalogue",
                    "không có trong danh mục; hãy chọn trong danh sách (hoặc «Khác»).",
                    "warning",
                ),
            )

    def check_reference(self, ref: _Ref, field_name: str, branch_id: str) -> None:
        branch = self.branches.get(branch_id)
        if branch is None:
            message, rule = "không tìm thấy chi hội này.", "ref"
        elif branch[1]:
            message, rule = f"{branch[2]} đã bị xóa; hãy chuyển bản ghi sang chi hội khác.", "ref"
        elif branch[0] != ref.unit_code:
            message, rule = f"{branch[2]} thuộc đơn vị khác.", "ref_unit"
        else:
            return
        self.add(ref, Problem(ref.table, field_name, rule, message))

    # -- rules between records -----------------------------------------------------------

    def who(self, ref: _Ref, *, with_unit: bool = False) -> str:
        """A record named for a message, with its branch (and unit) when known."""
        branch = self.branches.get(ref.branch_id or "")
        where = [branch[2]] if branch else []
        if with_unit:
            where.append(self.unit_names.get(ref.unit_code, f"đơn vị “{ref.unit_code}”"))
        return f"{ref.label} ({', '.join(where)})" if where else ref.label

    def named(self, others: Iterator[_Ref], count: int, *, with_unit: bool = False) -> str:
        """`A, B, C và 4 bản ghi khác`: at most a few names, however many records."""
        names = [self.who(o, with_unit=with_unit) for o in islice(others, _NAMED)]
        text = ", ".join(names)
        return f"{text} và {count - len(names)} bản ghi khác" if count > len(names) else text

    def check_citizen_ids(self) -> None:
        for (table, _), refs in self.citizens.items():
            if len(refs) < 2:
                continue
            refs.sort(key=_by_name)
            per_unit: dict[str, list[_Ref]] = defaultdict(list)
            for r in refs:
                per_unit[r.unit_code].append(r)
            for ref in refs:
                same_unit = per_unit[ref.unit_code]
                if len(same_unit) > 1:
                    others = self.named((o for o in same_unit if o is not ref), len(same_unit) - 1)
                    message = f"số CCCD này trùng với {others} trong cùng đơn vị; "
                    message += "mỗi người chỉ có một bản ghi."
                    self.add(ref, Problem(table, "citizen_id", "unique", message))
            if table == "members" and len(per_unit) > 1:
                self.check_other_units(per_unit)

    def check_other_units(self, per_unit: dict[str, list[_Ref]]) -> None:
        """Members with one citizen ID in branches of different units.

        Only members still in their branch count: a woman who moved keeps her old record
        (status "moved") in the unit she left, next to the new one where she lives now.
        """
        active = {u: [r for r in refs if r.active] for u, refs in per_unit.items()}
        active = {u: refs for u, refs in active.items() if refs}
        if len(active) < 2:
            return
        total = sum(len(refs) for refs in active.values())
        for unit_code, refs in active.items():
            elsewhere = [other for u, other in active.items() if u != unit_code]
            for ref in refs:
                others = self.named(
                    (o for other in elsewhere for o in other),
                    total - len(refs),
                    with_unit=True,
                )
                message = f"số CCCD này cũng có ở {others}; "
                message += "một hội viên chỉ sinh hoạt ở một chi hội."
                self.add(ref, Problem("members", "citizen_id", "other_branch", message, "warning"))

    def check_branch_heads(self) -> None:
        for branch in self.scoped_branches:
            heads = sorted(self.heads.get(branch.id, []), key=_by_name)
            if not heads:
                self.add(
                    branch,
                    Problem(
                        "branches", None, "no_head", "chi hội chưa có chi hội trưởng.", "warning"
                    ),
                )
            elif len(heads) > 1:
                names = ", ".join(h.label for h in islice(heads, _NAMED))
                more = f" và {len(heads) - _NAMED} người khác" if len(heads) > _NAMED else ""
                self.add(
                    branch,
                    Problem(
                        "branches",
                        None,
                        "many_heads",
                        f"chi hội có {len(heads)} chi hội trưởng ({names}{more}); "
                        "mỗi chi hội chỉ có một chi hội trưởng.",
                        "warning",
                    ),
                )
