"""Danh sách hội viên: the members of a unit, branch by branch, sorted the Vietnamese way.

Members are listed by given name (`db.text.name_key`), branches in Vietnamese alphabetical
order. The columns are chosen by the caller; the personal data Decree 13/2023/NĐ-CP protects
most (citizen ID, birth date, ethnicity, religion) is printed only when asked for by name. A
roster wider than a portrait page is printed in landscape.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from db.progress import Cancelled, Progress
from db.schema import choice_label
from db.text import name_key, text_key
from desktop.reports import formatting as fmt
from desktop.reports.fingerprint import data_fingerprint
from desktop.reports.header import ReportHeader, default_header
from desktop.reports.layout import (
    LANDSCAPE,
    PORTRAIT,
    Footer,
    build_pdf,
    closing_block,
    content_width,
    header_block,
    heading,
    para,
    title_block,
)
from desktop.reports.output import ReportError, ReportResult, write_pdf
from desktop.reports.source import ReportSource, open_source, rows, unit_facts
from desktop.reports.tables import Column, RowTable
from desktop.reports.unit_data import ACTIVE
from desktop.security.accounts import PermissionDenied
from desktop.security.session import Session

FONT = 10
ROWS_PER_PAGE = 40  # for the progress estimate only
NO_BRANCH = "Chưa xếp chi hội"


@dataclass(frozen=True)
class RosterColumn:
    """A column the roster can print: its title, width (mm), alignment, and whether sensitive."""

    title: str
    width_mm: float
    align: str = "LEFT"
    sensitive: bool = False


ROSTER_COLUMNS: dict[str, RosterColumn] = {
    "full_name": RosterColumn("Họ và tên", 46),
    "birth_date": RosterColumn("Ngày sinh", 22, "CENTER", sensitive=True),
    "citizen_id": RosterColumn("Số CCCD", 28, "CENTER", sensitive=True),
    "ethnicity": RosterColumn("Dân tộc", 18, sensitive=True),
    "religion": RosterColumn("Tôn giáo", 20, sensitive=True),
    "phone": RosterColumn("Số điện thoại", 26, "CENTER"),
    "address": RosterColumn("Địa chỉ", 44),
    "joined_on": RosterColumn("Ngày vào Hội", 22, "CENTER"),
    "card_number": RosterColumn("Số thẻ hội viên", 28, "CENTER"),
    "status": RosterColumn("Tình trạng", 27),
    "special_groups": RosterColumn("Nhóm đặc thù", 40),
    "note": RosterColumn("Ghi chú", 40),
}
DEFAULT_COLUMNS = ("full_name", "card_number", "joined_on", "phone")
SENSITIVE_COLUMNS = tuple(k for k, c in ROSTER_COLUMNS.items() if c.sensitive)


def roster_columns(columns: Sequence[str] | None) -> tuple[str, ...]:
    """The columns to print: the default ones, or those asked for (the name always first).

    ReportError names an unknown column and lists the known ones.
    """
    if columns is None:
        return DEFAULT_COLUMNS
    chosen = ["full_name"]
    for raw in columns:
        key = raw.strip()
        if not key:
            continue
        if key not in ROSTER_COLUMNS:
            known = ", ".join(ROSTER_COLUMNS)
            raise ReportError(f"Danh sách hội viên không có cột “{key}”. Các cột: {known}.")
        if key not in chosen:
            chosen.append(key)
    return tuple(chosen)


def member_roster(
    source: ReportSource,
    out: Path | str,
    *,
    unit_code: str | None = None,
    columns: Sequence[str] | None = None,
    include_inactive: bool = False,
    now: datetime | None = None,
    as_of: date | None = None,
    header: ReportHeader | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportResult:
    """Write the roster of `unit_code`'s members (default: this unit) to `out`.

    `columns` are keys of ROSTER_COLUMNS (default DEFAULT_COLUMNS: no sensitive data);
    `include_inactive` also lists members who moved, left or died, with a status column.
    """
    keys = roster_columns(columns)
    if include_inactive and "status" not in keys:
        keys = (*keys, "status")
    if isinstance(source, Session) and any(ROSTER_COLUMNS[k].sensitive for k in keys):
        try:
            source.require("personal")
        except PermissionDenied as exc:
            raise ReportError(str(exc)) from exc
    db, root = open_source(source, unit_code)
    now = now or datetime.now()
    as_of = as_of or now.date()
    if progress:
        progress(0, 0, "Đang đọc danh sách hội viên")
    branches = _members_by_branch(db, root, keys, include_inactive)
    header = header or default_header(db, root, on=as_of)
    name = unit_facts(db, root).name
    fingerprint = data_fingerprint(db)
    table_columns, pagesize = _layout(keys)
    total = sum(len(m) for _, m in branches)
    flowables = story(name, branches, keys, table_columns, pagesize, header, as_of)
    pdf, pages = build_pdf(
        flowables,
        title=f"Danh sách hội viên {name}",
        author=name,
        footer=Footer(now, fingerprint),
        pagesize=pagesize,
        progress=progress,
        cancelled=cancelled,
        expected_pages=total // ROWS_PER_PAGE + len(branches) // 3 + 2,
    )
    write_pdf(Path(out), pdf)
    return ReportResult(Path(out), pages, fingerprint)


def _members_by_branch(
    db: Any, root: str, keys: Sequence[str], include_inactive: bool
) -> list[tuple[str, list[dict[str, Any]]]]:
    """(branch name, its members sorted by given name), branches in Vietnamese order."""
    fields = ", ".join(sorted({*keys, "full_name", "status"}))  # names from ROSTER_COLUMNS only
    where = "unit_code = :root AND is_deleted = 0" + ("" if include_inactive else f" AND {ACTIVE}")
    members = rows(db, f"SELECT branch_id, {fields} FROM members WHERE {where}", {"root": root})
    names = dict(
        db.execute(
            "SELECT id, name FROM branches WHERE unit_code = ? AND is_deleted = 0", [root]
        ).fetchall()
    )
    groups: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        groups.setdefault(names.get(m["branch_id"]) or NO_BRANCH, []).append(m)
    for people in groups.values():
        people.sort(key=lambda m: name_key(m["full_name"] or ""))
    order = sorted(groups, key=lambda b: (b == NO_BRANCH, text_key(b)))
    return [(b, groups[b]) for b in order]


def _layout(keys: Sequence[str]) -> tuple[list[Column], tuple[float, float]]:
    """The table's columns, widened to the page, and the page: landscape when too wide."""
    wanted = [Column("STT", 10 * mm, "CENTER")] + [
        Column(ROSTER_COLUMNS[k].title, ROSTER_COLUMNS[k].width_mm * mm, ROSTER_COLUMNS[k].align)
        for k in keys
    ]
    natural = sum(c.width for c in wanted)
    pagesize = PORTRAIT if natural <= content_width(PORTRAIT) else LANDSCAPE
    width = content_width(pagesize)
    if natural > width:  # even landscape is too narrow: shrink every column but the number
        scale = (width - wanted[0].width) / (natural - wanted[0].width)
        return [wanted[0]] + [Column(c.title, c.width * scale, c.align) for c in wanted[1:]], (
            pagesize
        )
    extra = width - natural  # the names take the rest of the line
    out = list(wanted)
    out[1] = Column(wanted[1].title, wanted[1].width + extra, wanted[1].align)
    return out, pagesize


def story(
    name: str,
    branches: list[tuple[str, list[dict[str, Any]]]],
    keys: Sequence[str],
    columns: list[Column],
    pagesize: tuple[float, float],
    header: ReportHeader,
    as_of: date,
) -> list[Flowable]:
    """The flowables of the roster, in order."""
    width = content_width(pagesize)
    total = sum(len(m) for _, m in branches)
    real = [b for b, _ in branches if b != NO_BRANCH]
    out: list[Flowable] = [header_block(header, "DS", width)]
    out += title_block(
        "Danh sách hội viên",
        name,
        f"(Tính đến ngày {fmt.day(as_of)}: {fmt.number(total)} hội viên, "
        f"{fmt.number(len(real))} chi hội)",
    )
    sensitive = [_lower_first(ROSTER_COLUMNS[k].title) for k in keys if ROSTER_COLUMNS[k].sensitive]
    notice = (
        "Tài liệu có thông tin cá nhân của hội viên: chỉ dùng cho công tác Hội, không sao chụp, "
        "không để nơi công cộng (Nghị định 13/2023/NĐ-CP)."
    )
    if sensitive:
        notice += (
            f" Có dữ liệu cá nhân nhạy cảm ({', '.join(sensitive)}): bảo quản như tài liệu mật."
        )
    out.append(para(notice, "note"))
    if not branches:
        out.append(para("Chưa có hội viên nào được ghi sổ."))
    for n, (branch, people) in enumerate(branches, 1):
        out += heading(f"{n}. {branch} ({fmt.number(len(people))} hội viên)")
        body = [[str(i), *(_cell(k, m.get(k)) for k in keys)] for i, m in enumerate(people, 1)]
        out += [Spacer(1, 2), RowTable(columns, body, font_size=FONT)]
    out.append(closing_block(header, width, left_signer="Người lập danh sách"))
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _cell(key: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if key in ("birth_date", "joined_on"):
        return fmt.day(value)
    if key == "status":
        return choice_label("members", "status", value)
    if key == "special_groups":
        try:
            return ", ".join(json.loads(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)
