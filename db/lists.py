"""What each list of the window shows: its columns, the personal ones hidden, its filters, where
search looks, and the queries that read it (the window runs no SQL of its own).

Everything else (labels, kinds, enumerations) comes from `db.schema`, so a list is a few names.
`fetch_rows` reads a list's rows in one query: the id, the shown columns (a branch reference
as the branch's name, through a join) and the filter values, as plain tuples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from db.schema import TABLES, Field, Table
from db.store import Store
from db.text import text_key

# Tables whose records are people: sorted by given name, `name_key`.
PEOPLE = frozenset({"cadres", "branch_heads", "members"})


@dataclass(frozen=True)
class ListSpec:
    """The list of one table. Column, filter and search names are the table's field names."""

    table: str
    columns: tuple[str, ...]
    hidden: tuple[str, ...] = ()  # shown columns hidden until chosen (personal data)
    filters: tuple[str, ...] = ()  # enum, bool and ref fields with a choice above the list
    search: tuple[str, ...] = ()  # fields the search box looks in
    add_next: bool = False  # the form offers "Lưu và thêm tiếp" (many records in a row)
    newest_first: bool = False  # first column sorted descending at first (dates)
    defaults: tuple[tuple[str, Any], ...] = ()  # values a new record starts with
    spec: Table = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", TABLES[self.table])
        for name in (*self.columns, *self.filters, *self.search):
            assert name in self.spec.fields_by_name, (self.table, name)
        assert set(self.hidden) <= set(self.columns)

    @property
    def people(self) -> bool:
        return self.table in PEOPLE

    @property
    def noun(self) -> str:
        """One record, in Vietnamese ("hội viên")."""
        return self.spec.label

    def field(self, name: str) -> Field:
        return self.spec.fields_by_name[name]

    # -- the query ---------------------------------------------------------------------------

    @property
    def fetched(self) -> tuple[str, ...]:
        """Names of the values `fetch_rows` returns after the id, in order.

        A reference column shows the branch's name (`<field>`), and a reference used as a
        filter also brings its id (`<field>:id`).
        """
        names = list(self.columns)
        for name in (*self.filters, *self.search):
            key = f"{name}:id" if self.field(name).kind == "ref" and name in self.filters else name
            if key not in names:
                names.append(key)
        return tuple(names)

    def select_sql(self) -> str:
        """The one query of the list: live rows of one unit, references joined to their name."""
        exprs = ["t.id"]
        joins: list[str] = []
        for name in self.fetched:
            base, _, suffix = name.partition(":")
            f = self.field(base)
            if f.kind == "ref" and not suffix:
                alias = f"r{len(joins)}"
                joins.append(f"LEFT JOIN [{f.ref_table}] {alias} ON {alias}.id = t.[{base}]")
                exprs.append(f"{alias}.name")
            else:
                exprs.append(f"t.[{base}]")
        return (
            f"SELECT {', '.join(exprs)} FROM [{self.table}] t {' '.join(joins)} "
            "WHERE t.is_deleted = 0 AND t.unit_code = ?"
        )


def fetch_rows(store: Store, spec: ListSpec, unit_code: str | None = None) -> list[tuple]:
    """The rows of `spec`'s list for `unit_code` (default: the store's own unit):
    `(id, *values of spec.fetched)`."""
    code = unit_code or store.unit_code or ""
    return store.db.conn.execute(spec.select_sql(), [code]).fetchall()


def branch_choices(store: Store) -> list[tuple[str, str]]:
    """The unit's live branches as (id, name), in Vietnamese alphabetical order."""
    rows = store.db.conn.execute(
        "SELECT id, name FROM branches WHERE is_deleted = 0 AND unit_code = ?",
        [store.unit_code or ""],
    ).fetchall()
    return sorted(((i, n or "") for i, n in rows), key=lambda r: text_key(r[1]))


LIST_SPECS: dict[str, ListSpec] = {
    s.table: s
    for s in (
        ListSpec(
            "cadres",
            columns=(
                "full_name",
                "position",
                "birth_date",
                "phone",
                "education",
                "political_theory",
                "is_party_member",
                "software_proficient",
                "citizen_id",
            ),
            hidden=("citizen_id",),
            filters=("position", "is_party_member", "software_proficient"),
            search=("full_name", "phone"),
        ),
        ListSpec(
            "branches",
            columns=("name", "area_name", "established_on", "uses_social_media"),
            filters=("uses_social_media",),
            search=("name", "area_name"),
        ),
        ListSpec(
            "branch_heads",
            columns=(
                "full_name",
                "branch_id",
                "birth_date",
                "phone",
                "is_party_member",
                "party_development",
                "monthly_allowance",
                "allowance_amount_vnd",
                "allowance_source",
                "citizen_id",
            ),
            hidden=("allowance_source", "citizen_id"),
            filters=("branch_id", "is_party_member", "monthly_allowance"),
            search=("full_name", "branch_id", "phone"),
            add_next=True,
        ),
        ListSpec(
            "members",
            columns=(
                "full_name",
                "branch_id",
                "birth_date",
                "phone",
                "status",
                "joined_on",
                "card_number",
                "citizen_id",
                "ethnicity",
                "religion",
                "address",
            ),
            hidden=("citizen_id", "ethnicity", "religion", "address"),
            filters=("branch_id", "status"),
            search=("full_name", "branch_id", "phone", "card_number"),
            add_next=True,
            defaults=(("status", "active"),),
        ),
        ListSpec(
            "models",
            columns=("name", "kind", "branch_id", "status", "participants", "started_on"),
            filters=("kind", "status", "branch_id"),
            search=("name", "branch_id"),
            defaults=(("status", "active"),),
        ),
        ListSpec(
            "online_channels",
            columns=("name", "kind", "branch_id", "members_count", "started_on", "url"),
            filters=("kind", "branch_id"),
            search=("name", "branch_id", "url"),
        ),
        ListSpec(
            "activities",
            columns=("held_on", "topic", "branch_id", "format", "attendees", "uses_it"),
            filters=("branch_id", "format"),
            search=("topic", "branch_id"),
            add_next=True,
            newest_first=True,
        ),
    )
}
