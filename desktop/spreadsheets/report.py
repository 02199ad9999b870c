"""What an import will do, row by row, and what it did: the dry run's report.

Each data row of the sheet gets a fate: added, updated, a duplicate of an earlier row, the same
as the stored record (both skipped), or rejected with every reason (a `db.validation.Problem`
naming the row, the record and the field, in Vietnamese). The plan keeps the changes to write,
so applying it writes exactly what the dry run showed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from db.schema import TABLES, field_label
from db.store import Change
from db.validation import Problem
from desktop.spreadsheets.encodings import ENCODING_LABELS
from desktop.spreadsheets.headers import ID_COLUMN, ID_LABEL, IGNORED, Column

ADD, UPDATE, DUPLICATE, UNCHANGED, REJECTED = "add", "update", "duplicate", "unchanged", "rejected"
MOVE = "move"  # an update that changes the stored member's branch: applied only when asked
FATES = (ADD, UPDATE, MOVE, DUPLICATE, UNCHANGED, REJECTED)
FATE_LABELS = {
    ADD: "thêm mới",
    UPDATE: "cập nhật",
    MOVE: "chuyển chi hội",
    DUPLICATE: "trùng dòng khác trong tệp (bỏ qua)",
    UNCHANGED: "giống hệt dữ liệu đã có (bỏ qua)",
    REJECTED: "bị từ chối",
}


@dataclass
class RowOutcome:
    """The fate of one data row of the sheet."""

    row: int  # the row number as the spreadsheet shows it
    fate: str
    name: str | None = None  # the record's title (a person's name, a branch's name)
    problems: list[Problem] = field(default_factory=list)  # why it is rejected
    warnings: list[Problem] = field(default_factory=list)  # accepted, with a remark
    record_id: str | None = None  # the stored record updated or matched
    duplicate_of: int | None = None  # the earlier row it repeats
    change: Change | None = None  # what applying writes (add, update and move only)
    move: tuple[str, str] | None = None  # a move: the branch's name now, and in the sheet
    default_status: bool = False  # the status was not in the sheet: "Đang sinh hoạt" given
    cells: tuple = ()  # the sheet's cells of a rejected row, for the rejects workbook

    @property
    def location(self) -> str:
        return f"dòng {self.row}"

    def summary(self, table: str) -> str:
        """One Vietnamese line for the report: `dòng 9, hội viên “Lê Thị B”: trùng dòng 4.`"""
        who = f", {TABLES[table].label} “{self.name}”" if self.name else ""
        if self.fate == DUPLICATE:
            return f"{self.location}{who}: trùng dòng {self.duplicate_of}, bỏ qua."
        if self.fate == UNCHANGED:
            return f"{self.location}{who}: giống hệt dữ liệu đã có, bỏ qua."
        if self.fate == UPDATE and self.change is not None:
            fields = ", ".join(field_label(table, f) for f in self.change.values)
            return f"{self.location}{who}: cập nhật {fields}."
        if self.fate == MOVE and self.move is not None:
            text = f"{self.location}{who}: {move_text(*self.move)}"
            others = [f for f in (self.change.values if self.change else {}) if f != "branch_id"]
            if others:
                text += f"; cập nhật {', '.join(field_label(table, f) for f in others)}"
            return text + "."
        if self.fate == REJECTED:
            reasons = [
                f"{field_label(table, p.field)}: {p.message}" if p.field else p.message
                for p in self.problems
            ]
            return f"{self.location}{who} — " + " ".join(reasons)
        return f"{self.location}{who}: {FATE_LABELS[self.fate]}."


def move_text(old: str, new: str) -> str:
    """A member's change of branch, as the dry run says it."""
    return f"Chuyển chi hội: {old} → {new}"


DEFAULT_STATUS_TEXT = "Tình trạng: Đang sinh hoạt (mặc định)"
UNREAD_COLUMN = "không đọc cột này"


@dataclass
class ImportPlan:
    """Everything a dry run found; `changes()` is what applying it writes."""

    table: str
    file_name: str
    sheet: str
    kind: str  # "xlsx" or "csv"
    encoding: str
    header_row: int  # as the spreadsheet shows it
    columns: list[Column]
    rows: list[RowOutcome] = field(default_factory=list)
    new_branches: list[Change] = field(default_factory=list)  # created when applied
    default_branch: str | None = None  # the branch of rows that name none
    skipped: int = 0  # blank rows, column numbering, totals and signatures
    header_rows: int = 1  # 2: a row of merged parents over the sub-headers
    unread: list[Column] = field(default_factory=list)  # columns with a header or data, not read
    apply_moves: bool = False  # whether applying moves members to the branch the sheet names
    headers: list[str] = field(default_factory=list)  # every column's header, for the rejects

    def count(self, fate: str) -> int:
        return sum(1 for r in self.rows if r.fate == fate)

    def counts(self) -> dict[str, int]:
        """Rows by fate (moves only when there are some)."""
        out = {fate: self.count(fate) for fate in FATES}
        if not out[MOVE]:
            del out[MOVE]
        return out

    def by_fate(self, fate: str) -> list[RowOutcome]:
        return [r for r in self.rows if r.fate == fate]

    @property
    def warnings(self) -> list[Problem]:
        """The remarks on rows that will be written (added or updated)."""
        return [w for r in self.rows if r.change is not None for w in r.warnings]

    def possible_duplicates(self) -> list[RowOutcome]:
        """Rows to add whose person may already be entered (a warning: they are still added)."""
        return [
            r
            for r in self.rows
            if r.change is not None and any(w.rule == "possible_duplicate" for w in r.warnings)
        ]

    def row_changes(self) -> list[Change]:
        """Every accepted row's change; a move without `apply_moves` keeps the member in her
        branch and updates her other fields only (nothing when the branch was all)."""
        out = []
        for r in self.rows:
            if r.change is None:
                continue
            if r.fate == MOVE and not self.apply_moves:
                values = {k: v for k, v in r.change.values.items() if k != "branch_id"}
                if values:
                    out.append(replace(r.change, values=values))
                continue
            out.append(r.change)
        return out

    def branches_to_create(self) -> list[Change]:
        """The new branches that accepted rows use (not those only rejected rows name)."""
        used = {c.values.get("branch_id") for c in self.row_changes()}
        return [b for b in self.new_branches if b.id in used]

    def moves(self) -> tuple[tuple[int, str | None, tuple[str, str] | None], ...]:
        """The moves the dry run found: (row, record, (branch now, branch in the sheet)) each."""
        return tuple((r.row, r.record_id, r.move) for r in self.rows if r.fate == MOVE)

    def changes(self) -> list[Change]:
        """The new branches accepted rows use, then every accepted row's change."""
        return self.branches_to_create() + self.row_changes()

    def accepted(self) -> int:
        """How many rows applying writes (moves not applied count when other fields change)."""
        return len(self.row_changes())

    def default_status_rows(self) -> int:
        """Rows written with "Đang sinh hoạt" because the sheet gives no status."""
        return sum(1 for r in self.rows if r.change is not None and r.default_status)

    def unread_lines(self) -> list[str]:
        """The sheet's columns not read, by letter and header: `A “STT”`."""
        return [
            f"{c.letter} “{c.header}”" if c.header else f"{c.letter} (không có tiêu đề)"
            for c in self.unread
        ]

    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    def column_lines(self, with_ids: bool = False) -> list[str]:
        """How each column is read, in Vietnamese: `B “Họ tên” → Họ và tên`; `with_ids` adds
        the field's id (`(full_name)`), for the command line's `--map` only."""
        spec = TABLES[self.table]
        letters: dict[int | None, str] = {c.index: c.letter for c in self.columns}
        out = []
        for c in self.columns:
            head = f"{c.letter} “{c.header}”" if c.header else f"{c.letter} (không có tiêu đề)"
            if c.field == IGNORED:
                what = "bỏ qua"
            elif c.field == ID_COLUMN:
                what = f"{ID_LABEL} (id)" if with_ids else ID_LABEL
            elif c.field:
                what = spec.fields_by_name[c.field].label
                what += f" ({c.field})" if with_ids else ""
                if c.how == "user":
                    what += ", theo lựa chọn"
            elif c.how == "duplicate":
                what = f"không dùng (cột {letters.get(c.duplicate_of, '?')} đã là trường này)"
            else:
                what = "không dùng (không nhận ra tiêu đề)"
            out.append(f"{head} → {what}")
        return out


@dataclass
class ImportResult:
    """What applying a plan saved."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    branches_created: int = 0
    warnings: list[Problem] = field(default_factory=list)
    refused_at_apply: list[RowOutcome] = field(default_factory=list)  # caught by the store
