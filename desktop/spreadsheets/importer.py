"""Importing a unit's own member, branch head, cadre and branch lists: dry run, then apply.

`plan_import` reads the file, finds the header, maps the columns, reads every cell into the
stored form and checks each row with the write path's own rules (`db.validation.clean_values`,
`check_record`, and the cross-record ones: the branch exists, a citizen ID belongs to one
record). It changes nothing. `apply_import` writes the accepted rows of a plan in one
transaction through `Store.write`; should the store refuse a row the dry run let through, that
row is moved to the rejected ones and the rest is written again, still all in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from db.field_rules import citizen_id_length_message
from db.namesakes import PEOPLE, StoredNamesakes, duplicate_message, may_be_same, name_key
from db.progress import Cancelled, Progress, WorkCancelled
from db.schema import TABLES
from db.store import Change, Store
from db.text import fold
from db.validation import Problem, ValidationError, check_record, clean_values, describe
from desktop.spreadsheets.branches import BranchMatcher, branch_key, title_branch_text
from desktop.spreadsheets.cells import as_text, capitalise_name, convert_cell
from desktop.spreadsheets.headers import (
    ID_COLUMN,
    IGNORED,
    Column,
    find_header_row,
    header_key,
    is_numbering_row,
    map_columns,
    read_header,
    resolve_user_map,
)
from desktop.spreadsheets.matching import ExistingRecords
from desktop.spreadsheets.reader import Sheet, SheetError, header_row_texts, is_blank, read_sheet
from desktop.spreadsheets.report import (
    ADD,
    DUPLICATE,
    MOVE,
    REJECTED,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    ImportResult,
    RowOutcome,
)
from desktop.spreadsheets.tables import IMPORT_TABLES

MAX_APPLY_TRIES = 5
_FOOTER = re.compile(
    r"^(?:tong cong|tong so|cong:|nguoi lap|xac nhan|t/?m\b|ky ten|.*\bngay\s*\d*\s*thang\b)"
)


def _same(key: str, table: str) -> str:
    """What two rows share, in words: a person of the book rather than "a record"."""
    if key == "id" and table in PEOPLE:
        return "một người đã có trong sổ"
    return _SAME[key]


_SAME = {
    "id": "một mục đã có trong sổ",  # two rows matched to one stored record
    "cid": "số CCCD",
    "nb": "họ tên và ngày sinh",
    "branch": "tên chi hội",
}


@dataclass
class _Seen:
    row: int
    values: tuple
    cid: str | None


def plan_import(
    store: Store,
    path: Path,
    table: str,
    *,
    mapping: list[str] | dict[str, str] | None = None,
    encoding: str = "auto",
    create_branches: bool = False,
    branch: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """The dry run: what importing `path` into `table` would do to each row. Changes nothing.

    `mapping` corrects the guessed columns (`["Ho ten=full_name", "H=-"]` or a dict);
    `encoding` is auto, utf-8, cp1258 or tcvn3; `create_branches` plans the branches the sheet
    names that do not exist; `branch` is the branch of rows that name none. Raises SheetError
    (Vietnamese message) for a file that cannot be imported at all.
    """
    if table not in IMPORT_TABLES:
        raise SheetError(
            f"Chỉ nhập được các danh sách: {', '.join(IMPORT_TABLES)} (không phải “{table}”)."
        )
    try:
        user = resolve_user_map(mapping or {}, table)
    except ValueError as exc:
        raise SheetError(str(exc)) from None
    user_keys = frozenset(header_key(k) for k in user)
    sheet = read_sheet(Path(path), table, encoding=encoding, user_keys=user_keys)
    if all(is_blank(r) for r in sheet.rows):
        raise SheetError(f"Trang tính “{sheet.name}” trống, không có dữ liệu.")
    found_index, _ = find_header_row(sheet.rows, table, user_keys)
    if found_index < 0:
        spec = TABLES[table]
        examples = ", ".join(f"“{f.label}”" for f in spec.fields[:4])
        raise SheetError(
            f"Không tìm thấy dòng tiêu đề trong “{sheet.name}” (cần các cột như {examples}). "
            "Hãy kiểm tra tệp, hoặc chỉ rõ cột bằng CỘT=trường."
        )
    header_index, headers, header_rows = read_header(sheet.rows, found_index, sheet.merged, table)
    try:
        columns = map_columns(headers, table, user)
    except ValueError as exc:
        raise SheetError(str(exc)) from None
    title_field = TABLES[table].title_field
    if not any(c.field == title_field for c in columns):
        label = TABLES[table].fields_by_name[title_field].label  # type: ignore[index]
        raise SheetError(
            f"Không nhận ra cột “{label}” ở dòng tiêu đề {header_index + 1}; "
            f"hãy chỉ rõ cột nào là {label} (CỘT={title_field})."
        )
    plan = ImportPlan(
        table,
        Path(path).name,
        sheet.name,
        sheet.kind,
        sheet.encoding,
        header_index + 1,
        columns,
        header_rows=header_rows,
        headers=headers,
    )
    planner = _Planner(store, plan, sheet, create_branches)
    planner.set_default_branch(branch, header_row_texts(sheet, header_index))
    start = header_index + header_rows
    while start < len(sheet.rows) and start <= header_index + header_rows + 1:
        if not is_numbering_row(sheet.rows[start]):
            break
        start += 1
        plan.skipped += 1
    total = len(sheet.rows) - start
    for n, index in enumerate(range(start, len(sheet.rows)), 1):
        outcome = planner.row(index + 1, sheet.rows[index])
        if outcome is None:
            plan.skipped += 1
        else:
            plan.rows.append(outcome)
        if n % 1000 == 0:
            if cancelled and cancelled():
                raise WorkCancelled
            if progress:
                progress(n, total, "")
    if not plan.rows:
        raise SheetError(
            f"Không có dòng dữ liệu nào dưới dòng tiêu đề {header_index + 1} của “{sheet.name}”."
        )
    plan.new_branches = list(planner.branches.planned.values()) if planner.branches else []
    plan.unread = [
        c
        for c in columns
        if c.index in planner.unread and (c.index in planner.unread_with_data or c.header.strip())
    ]
    return plan


def _is_footer(cells: tuple) -> bool:
    """A total or signature line under the list ("Tổng cộng: 120", "Người lập biểu")."""
    filled = [c for c in cells if c is not None and str(c).strip()]
    if not filled or len(filled) > 2:
        return False
    return bool(_FOOTER.match(fold(str(filled[0]))))


class _Planner:
    """The per-row work of a dry run, with what earlier rows and the database hold."""

    def __init__(self, store: Store, plan: ImportPlan, sheet: Sheet, create_branches: bool):
        self.table = plan.table
        self.spec = TABLES[plan.table]
        self.plan = plan
        self.sheet = sheet
        self.today = store.today()
        self.create_branches = create_branches
        self.mapped: list[Column] = [
            c for c in plan.columns if c.field is not None and c.field != IGNORED
        ]
        self.existing = ExistingRecords.load(store, plan.table)
        needs_branches = "branch_id" in self.spec.fields_by_name
        self.branches = BranchMatcher.load(store) if needs_branches else None
        self.default_branch: str | None = None
        self.seen: dict[tuple, _Seen] = {}
        self.fix_names = sheet.encoding == "tcvn3" and plan.table != "branches"
        self.store = store
        # The rows to add, by name and birth year; the people stored before (db/namesakes.py).
        self.added: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.stored_people = StoredNamesakes(store.db, plan.table, store.unit_code or "")
        self.unread = [c.index for c in plan.columns if c.field is None or c.field == IGNORED]
        self.unread_with_data: set[int] = set()
        self.missing_branch: str | None = None  # why rows naming no branch have none
        status = self.spec.fields_by_name.get("status")
        self.default_status = "active" if status and "active" in (status.choices or ()) else None

    def set_default_branch(self, name: str | None, titles: list[str]) -> None:
        """The branch of rows that name none: given, else named in the title rows."""
        if self.branches is None:
            return
        if name:
            found = self.branches.find(name)
            if found.missing and self.create_branches:
                self.default_branch = self.branches.plan_new(name).id
            elif found.id is None:
                raise SheetError(f"Chi hội mặc định: {found.reason}")
            else:
                self.default_branch = found.id
            self.plan.default_branch = name
        else:  # with or without a branch column: its blank cells take the title's branch
            title = self.branches.title_branch(titles)
            if title:
                self.default_branch = self.branches.find(title).id
                self.plan.default_branch = title
                return
            named = title_branch_text(titles)
            if not named:
                return
            if self.create_branches:
                new = self.branches.plan_new(named)
                self.default_branch = new.id
                self.plan.default_branch = new.values["name"]
            else:
                self.missing_branch = self.branches.find(named).reason

    # -- one row ---------------------------------------------------------------------------

    def row(self, number: int, cells: tuple) -> RowOutcome | None:
        """The fate of one sheet row (None for a blank row or a total/signature line)."""
        raw = {
            str(c.field): cells[c.index] if c.index < len(cells) else None for c in self.mapped
        }  # str(): the mapped columns all have a field
        if is_blank(tuple(raw.values())) or _is_footer(cells):
            return None
        for i in self.unread:
            if i < len(cells) and not is_blank((cells[i],)):
                self.unread_with_data.add(i)
        row_id = raw.pop(ID_COLUMN, None)
        branch_cell = raw.pop("branch_id", None)
        values, errors, warnings = self._read(raw)
        if self.branches is not None:
            self._branch(branch_cell, values, errors)
        cleaned = clean_values(self.table, values, self.today)
        errors += cleaned.errors
        warnings += cleaned.warnings
        given = {k: v for k, v in cleaned.values.items() if v is not None}
        match = self.existing.match(given, as_text(row_id) if row_id is not None else None)
        record = match.record
        merged = {f: (record or {}).get(f) for f in self.spec.field_names} | given
        default_status = False
        if self.default_status and record is None and merged.get("status") is None:
            given["status"] = merged["status"] = self.default_status
            default_status = True
        in_error = {p.field for p in errors}
        padded = any(w.field == "citizen_id" and w.rule == "sheet_value" for w in warnings)
        for p in check_record(self.table, merged, self.today):
            if p.severity == "warning":
                warnings.append(p)
            elif p.rule == "citizen_id_birth_year" and padded:
                # A zero put back in front may stand for a digit lost anywhere: say so.
                digits = len(as_text(raw_cid)) if (raw_cid := raw.get("citizen_id")) else 11
                errors.append(
                    replace(p, rule="citizen_id_length", message=citizen_id_length_message(digits))
                )
                warnings = [w for w in warnings if w.field != "citizen_id"]
            elif p.rule == "required" and p.field == "branch_id" and self.missing_branch:
                errors.append(replace(p, rule="branch", message=self.missing_branch))
            elif not (p.rule == "required" and p.field in in_error):
                errors.append(p)
        if match.problem:
            errors.append(match.problem)
        elif "citizen_id" in given:
            taken = self.existing.cid_problem(given["citizen_id"], record["id"] if record else None)
            if taken:
                errors.append(taken)
        outcome = RowOutcome(number, REJECTED, name=merged.get(self.spec.title_field or ""))
        outcome.cells = cells  # the sheet's row itself (already in memory), for the rejects
        where, record_name = outcome.location, describe(self.table, merged)
        outcome.warnings = [replace(w, location=where, record=record_name) for w in warnings]
        if errors:
            outcome.problems = [replace(p, location=where, record=record_name) for p in errors]
            return outcome
        outcome.default_status = default_status
        outcome = self._fate(outcome, given, record, match.by_key)
        if outcome.fate == ADD and self.table in PEOPLE:
            outcome.warnings += [
                replace(w, location=where, record=record_name) for w in self._namesakes(given)
            ]
        return outcome

    def _namesakes(self, given: dict[str, Any]) -> list[Problem]:
        """The write path's soft warning, seen early: a person to add may be one already
        entered, or one of an earlier row to add (same name, same birth date or year)."""
        key = name_key(given)
        if key is None:
            return []
        others = self.stored_people.of(given, None)
        earlier = self.added.setdefault(key, [])
        others += [r for r in earlier if may_be_same(given, r)]
        earlier.append({"id": "", **given})
        return [
            Problem(
                self.table,
                "full_name",
                "possible_duplicate",
                duplicate_message(self.store.db, self.table, self.spec.label, other),
                "warning",
            )
            for other in others
        ]

    def _read(self, raw: dict[str, Any]) -> tuple[dict[str, Any], list[Problem], list[Problem]]:
        """The cells of a row read into values for the write path, with problems and repairs."""
        values: dict[str, Any] = {}
        errors: list[Problem] = []
        warnings: list[Problem] = []
        for name, cell in raw.items():
            spec = self.spec.fields_by_name[name]
            got = convert_cell(cell, self.table, spec, today=self.today, epoch=self.sheet.epoch)
            if got.error:
                errors.append(Problem(self.table, name, "sheet_value", got.error))
            elif got.value is not None:
                values[name] = got.value
            if got.warning:
                warnings.append(Problem(self.table, name, "sheet_value", got.warning, "warning"))
        if self.fix_names and isinstance(values.get("full_name"), str):
            values["full_name"] = capitalise_name(values["full_name"])
        return values, errors, warnings

    def _branch(self, cell: Any, values: dict[str, Any], errors: list[Problem]) -> None:
        """The branch a row names (or the default one), or why it has none."""
        assert self.branches is not None
        text = "" if cell is None else as_text(cell).strip()
        if not text:
            if self.default_branch:
                values["branch_id"] = self.default_branch
            return
        found = self.branches.find(text)
        if found.missing and self.create_branches:
            values["branch_id"] = self.branches.plan_new(text).id
        elif found.id is None:
            errors.append(Problem(self.table, "branch_id", "branch", found.reason or ""))
        else:
            values["branch_id"] = found.id

    # -- the row's fate --------------------------------------------------------------------

    def _keys(self, given: dict[str, Any], record: dict | None) -> list[tuple]:
        keys: list[tuple] = []
        if record:
            keys.append(("id", record["id"]))
        if self.table == "branches":
            keys.append(("branch", branch_key(given.get("name", ""))))
            return keys
        if given.get("citizen_id"):
            keys.append(("cid", given["citizen_id"]))
        if given.get("birth_date"):
            keys.append(("nb", fold(given["full_name"]), given["birth_date"]))
        return keys

    def _fate(
        self, outcome: RowOutcome, given: dict[str, Any], record: dict | None, by_key: bool
    ) -> RowOutcome:
        values_key = tuple((k, given[k]) for k in sorted(given))
        cid = given.get("citizen_id")
        keys = self._keys(given, record)
        for key in keys:
            earlier = self.seen.get(key)
            if earlier is None or (key[0] == "nb" and cid and earlier.cid and earlier.cid != cid):
                continue
            if earlier.values == values_key:
                outcome.fate, outcome.duplicate_of = DUPLICATE, earlier.row
                outcome.record_id = record["id"] if record else None
                return outcome
            field = {"cid": "citizen_id", "nb": "full_name", "branch": "name"}.get(key[0])
            outcome.problems = [
                Problem(
                    self.table,
                    field,
                    "sheet_duplicate",
                    f"trùng {_same(key[0], self.table)} với dòng {earlier.row} nhưng khác "
                    "thông tin; "
                    "hãy giữ lại một dòng.",
                    location=outcome.location,
                    record=describe(self.table, given),
                )
            ]
            return outcome
        earlier_same = self.seen.get(("row", values_key))
        if earlier_same is not None:
            outcome.fate, outcome.duplicate_of = DUPLICATE, earlier_same.row
            return outcome
        seen = _Seen(outcome.row, values_key, cid)
        for key in [*keys, ("row", values_key)]:
            self.seen.setdefault(key, seen)
        if record is None:
            outcome.fate = ADD
            outcome.change = Change(self.table, given, location=outcome.location)
            return outcome
        outcome.record_id = record["id"]
        changed = {k: v for k, v in given.items() if v != record.get(k)}
        if by_key and branch_key(changed.get("name", "")) in (
            branch_key(record["name"]),
            branch_key(record.get("area_name") or ""),
        ):
            changed.pop("name")  # "Thôn Đông" names the branch "Chi hội Thôn Đông": keep it
        if not changed:
            outcome.fate = UNCHANGED
            return outcome
        outcome.fate = UPDATE
        outcome.change = Change(self.table, changed, id=record["id"], location=outcome.location)
        if self.branches is not None and record.get("branch_id") and "branch_id" in changed:
            outcome.fate = MOVE
            outcome.move = (
                self.branches.names.get(record["branch_id"], ""),
                self.branches.name_of(changed["branch_id"]),
            )
        return outcome


def apply_import(
    store: Store,
    plan: ImportPlan,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Write a plan's accepted rows (and the new branches they use) in one transaction.

    Rows the store refuses are moved to the plan's rejected rows and the rest is tried again
    (nothing is saved in between). ValidationError when a refusal names no row; WorkCancelled
    when `cancelled` says so; StorageError when the disk refuses. Either way nothing is saved.
    """
    result = ImportResult()
    by_location = {r.location: r for r in plan.rows if r.change is not None}
    for attempt in range(1, MAX_APPLY_TRIES + 1):
        changes = plan.changes()
        if not changes:
            return result
        try:
            written = store.write(
                changes, progress=progress, cancelled=cancelled, total=len(changes)
            )
        except ValidationError as exc:
            rows = [by_location.get(p.location or "") for p in exc.problems]
            if attempt == MAX_APPLY_TRIES or any(r is None for r in rows):
                raise
            for problem, row in zip(exc.problems, rows, strict=True):
                assert row is not None
                if row.change is not None:
                    row.fate, row.change = REJECTED, None
                    result.refused_at_apply.append(row)
                row.problems.append(problem)
            continue
        for c in written.changes:
            if c.table != plan.table:
                result.branches_created += c.op == "insert"
            elif c.op == "insert":
                result.inserted += 1
            elif c.op == "update":
                result.updated += 1
        result.unchanged = written.unchanged
        result.warnings = written.warnings
        return result
    return result  # pragma: no cover - the loop returns or raises
