"""Which stored record a sheet row is about, within the unit.

In order: the record id (sheets exported by Sổ Hội carry it), the citizen ID, the name with the
birth date, the member card number (with the same name). Names compare without tones, case or
extra spaces. A citizen ID already held by someone of another name is refused rather than
merged: a mistyped ID must not overwrite another person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from db.schema import TABLES
from db.store import Store
from db.text import fold
from db.validation import Problem, describe
from desktop.spreadsheets.branches import branch_key

PEOPLE = ("members", "branch_heads", "cadres")


@dataclass
class Match:
    """The stored record a row is about (or None), or why that cannot be decided."""

    record: dict[str, Any] | None = None
    problem: Problem | None = None
    by_key: bool = False  # matched by a folded name (branches): the stored name is kept


@dataclass
class ExistingRecords:
    """The unit's live records of one table, indexed the ways a sheet row can point at them."""

    table: str
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_cid: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_name_birth: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    by_card: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    by_branch_key: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store, table: str) -> ExistingRecords:
        spec = TABLES[table]
        cols = ("id", *spec.field_names)
        out = cls(table)
        cur = store.db.conn.execute(
            f"SELECT {', '.join(cols)} FROM [{table}] WHERE is_deleted = 0 AND unit_code = ?",
            [store.unit_code],
        )
        for row in cur:
            out.add(dict(zip(cols, row, strict=True)))
        return out

    def add(self, record: dict[str, Any]) -> None:
        self.by_id[record["id"]] = record
        if self.table == "branches":
            keys = {branch_key(t) for t in (record.get("name"), record.get("area_name")) if t}
            for key in keys:
                self.by_branch_key.setdefault(key, []).append(record)
            return
        if record.get("citizen_id"):
            self.by_cid[record["citizen_id"]] = record
        if record.get("birth_date"):
            name_birth = (fold(record["full_name"]), record["birth_date"])
            self.by_name_birth.setdefault(name_birth, []).append(record)
        if record.get("card_number"):
            self.by_card.setdefault(record["card_number"], []).append(record)

    def match(self, values: dict[str, Any], row_id: str | None) -> Match:
        """The stored record `values` (cleaned) are about."""
        if row_id and row_id.strip() in self.by_id:
            return Match(self.by_id[row_id.strip()])
        if self.table == "branches":
            return self._match_branch(values)
        name = fold(values.get("full_name") or "")
        cid = values.get("citizen_id")
        if cid and cid in self.by_cid:
            record = self.by_cid[cid]
            if name and fold(record["full_name"]) != name:
                return Match(problem=self._cid_taken(record, other_name=True))
            return Match(record)
        birth = values.get("birth_date")
        if name and birth:
            found = [
                r
                for r in self.by_name_birth.get((name, birth), [])
                if not (cid and r["citizen_id"] and r["citizen_id"] != cid)
            ]
            if len(found) == 1:
                return Match(found[0])
            if len(found) > 1:
                return Match(
                    problem=Problem(
                        self.table,
                        "full_name",
                        "ambiguous",
                        f"trùng họ tên và ngày sinh với {len(found)} {TABLES[self.table].label} "
                        "đã có; hãy ghi số CCCD để phân biệt.",
                    )
                )
        card = values.get("card_number")
        if card and name:
            found = [
                r
                for r in self.by_card.get(card, [])
                if fold(r["full_name"]) == name
                and not (cid and r["citizen_id"] and r["citizen_id"] != cid)
                and not (birth and r["birth_date"] and r["birth_date"] != birth)
            ]
            if len(found) == 1:
                return Match(found[0])
        return Match()

    def _match_branch(self, values: dict[str, Any]) -> Match:
        for text in (values.get("name"), values.get("area_name")):
            if not text:
                continue
            found = self.by_branch_key.get(branch_key(text), [])
            if len(found) == 1:
                return Match(found[0], by_key=True)
            if len(found) > 1:
                names = ", ".join(f"“{r['name']}”" for r in found)
                return Match(
                    problem=Problem(
                        "branches", "name", "ambiguous", f"ứng với nhiều chi hội ({names})."
                    )
                )
        return Match()

    def _cid_taken(self, record: dict[str, Any], *, other_name: bool = False) -> Problem:
        tail = " (khác họ tên); hãy kiểm tra lại" if other_name else ""
        return Problem(
            self.table,
            "citizen_id",
            "unique",
            f"số CCCD này đã có ở {describe(self.table, record)} trong đơn vị{tail}.",
        )

    def cid_problem(self, cid: str | None, record_id: str | None) -> Problem | None:
        """The write path's rule, seen early: a citizen ID belongs to one record of the unit."""
        owner = self.by_cid.get(cid) if cid else None
        if owner is not None and owner["id"] != record_id:
            return self._cid_taken(owner)
        return None
