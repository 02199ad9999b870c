"""Finding a person among every unit a database holds: by name without tones, citizen ID or phone.

For the upper levels, where a province holds ~560,000 members and the centre ~19 million, so
nothing here reads a table whole: each way of matching is a range scan of an index
(db/migrations.py, "person search") and results come a page at a time, each page resuming
after the last row of the one before (keyset paging), in the index's order.

A name query matches from the start of the given name, the way Vietnamese names are sorted:
"hoa" finds every Hoa, Hòa, Hoàng…; "nguyen thi hoa" (the last word taken as the given name)
and "hoa nguyen" (typed given name first) find Nguyễn Thị Hoa; tones, case and extra spaces
ignored, `d` finding `đ`. One index serves both readings (a name index costs every insert of a
province's 560,000 members). A query of digits is a citizen ID (9 or 12 digits) or a phone number
(any way of writing it that the forms accept), matched exactly. Members first, then branch
heads, then cadres; deleted records never.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass

from sqlite_utils import Database

from db.text import fold, given_first
from db.validation import normalise_phone

TABLES = ("members", "branch_heads", "cadres")
_END = "\U0010ffff"  # above every character: `key < prefix + _END` is "starts with prefix"
MIN_NAME_QUERY = 2  # a single letter would match a fifth of the country


@dataclass(frozen=True)
class Person:
    """One match: who, where, and the key that places it in its scan (for paging)."""

    table: str
    id: str
    unit_code: str
    branch_id: str | None
    full_name: str
    status: str | None
    unit_name: str | None
    branch_name: str | None

    def as_dict(self) -> dict[str, str | None]:
        """`{table, id, unit_code, branch_id, full_name, status}` (`sohoi find --json`)."""
        d = asdict(self)
        return {k: d[k] for k in ("table", "id", "unit_code", "branch_id", "full_name", "status")}


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the scan (table and kind), and the last key and row seen."""

    scan: int
    key: str
    rowid: int


@dataclass(frozen=True)
class Page:
    people: list[Person]
    next: Cursor | None  # None: there is nothing more


@dataclass(frozen=True)
class _Scan:
    table: str
    key_sql: str  # the indexed expression the scan walks
    where: str  # the condition on it (parameters :lo, :hi, :cid, :phone, :glo, :ghi)


def scans(query: str) -> tuple[list[_Scan], dict[str, str]]:
    """The index scans a query needs, in result order, and their parameters; [] for a query too
    short or empty."""
    digits = "".join(c for c in query if c.isdigit())
    letters = any(c.isalpha() for c in query)
    if digits and not letters:
        params = {"cid": digits if len(digits) in (9, 12) else "", "phone": ""}
        params["phone"] = normalise_phone(query) or ""
        if not (params["cid"] or params["phone"]):
            return [], params
        return [_Scan(t, "rowid", "(citizen_id = :cid OR phone = :phone)") for t in TABLES], params
    name = fold(query)
    if len(name.replace(" ", "")) < MIN_NAME_QUERY:
        return [], {}
    given = given_first(query)
    params = {"glo": given, "ghi": given + _END, "lo": name, "hi": name + _END}
    key = "given_first(full_name)"
    as_given = f"{key} >= :glo AND {key} < :ghi"
    as_typed = f"{key} >= :lo AND {key} < :hi AND NOT ({as_given})"
    out = []
    for t in TABLES:
        out.append(_Scan(t, key, as_given))
        if given != name:  # a one-word query reads the same both ways
            out.append(_Scan(t, key, as_typed))
    return out, params


def search_people(
    db: Database, query: str, *, limit: int = 50, after: Cursor | None = None
) -> Page:
    """The next `limit` people matching `query`, after `after` (None: from the start)."""
    plan, params = scans(query)
    people: list[Person] = []
    last: Cursor | None = None
    start = after.scan if after is not None else 0
    for i in range(start, len(plan)):
        resume = after if (after is not None and i == after.scan) else None
        for person, key, rowid in _run(db, plan[i], params, resume, limit - len(people)):
            people.append(person)
            last = Cursor(i, key, rowid)
        if len(people) >= limit:
            return Page(people, last)
    return Page(people, None)


def _run(
    db: Database, scan: _Scan, params: dict[str, str], after: Cursor | None, limit: int
) -> Iterator[tuple[Person, str, int]]:
    t = scan.table
    branch = "t.branch_id" if t != "cadres" else "NULL"
    status = "t.status" if t == "members" else "NULL"
    key = (
        f"t.{scan.key_sql}"
        if scan.key_sql == "rowid"
        else scan.key_sql.replace("full_name", "t.full_name")
    )
    where = scan.where.replace("full_name", "t.full_name").replace("citizen_id", "t.citizen_id")
    where = where.replace("phone =", "t.phone =")
    resume = ""
    args: dict[str, object] = dict(params)
    if after is not None:
        resume = f" AND ({key}, t.rowid) > (:after_key, :after_rowid)"
        args["after_key"] = after.key if scan.key_sql != "rowid" else after.rowid
        args["after_rowid"] = after.rowid
    sql = f"""
        SELECT t.id, t.unit_code, {branch}, t.full_name, {status}, {key}, t.rowid,
               (SELECT name FROM units u WHERE u.code = t.unit_code AND u.is_deleted = 0
                LIMIT 1),
               (SELECT name FROM branches b WHERE b.id = {branch})
        FROM [{t}] t{_index(t, scan)}
        WHERE t.is_deleted = 0 AND {where}{resume}
        ORDER BY {key}, t.rowid
        LIMIT :limit"""
    args["limit"] = limit
    for row in db.conn.execute(sql, args):
        person = Person(t, row[0], row[1], row[2], row[3], row[4], row[7], row[8])
        yield person, str(row[5]), int(row[6])


def _index(table: str, scan: _Scan) -> str:
    """The index a name scan must walk (SQLite refuses the query rather than read the table
    whole if it cannot); the citizen ID or phone scan is left to the planner (two indexes)."""
    if scan.key_sql == "rowid":
        return ""
    return f" INDEXED BY {table}_given_key"
