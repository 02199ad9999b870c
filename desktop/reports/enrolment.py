"""Phiếu xác nhận máy: the enrolment sheet a unit prints when it registers a device upward.

The operator at the upper level compares, character by character, the key fingerprint shown
by the enrolment request on screen with the one on this sheet (or read out over the phone),
and approves only when they match (docs/SYNC-FORMAT.md, "Enrolment"). The fingerprint is printed
large, one character per box, in groups, so that it can be read aloud and compared without
mistakes. The sheet is made from plain values: it needs no database.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desktop.reports import formatting as fmt
from desktop.reports.fonts import SANS_BOLD, register_fonts
from desktop.reports.header import ReportHeader, parent_display_name, place_name
from desktop.reports.layout import (
    Footer,
    build_pdf,
    content_width,
    field_line,
    header_block,
    heading,
    para,
    rich,
    signers_block,
    title_block,
)
from desktop.reports.output import ReportError, ReportResult, write_pdf
from desktop.reports.source import unit_facts
from desktop.security.session import Session

BOX = 10 * mm  # the widest a character box gets
SMALLEST_BOX = 7 * mm  # below this, the groups go on two or more lines
GAP = 4.5 * mm  # the dash between two groups
NBSP = "\u00a0"
_SEPARATORS = re.compile(r"[\s\-_.:]+")


def fingerprint_groups(fingerprint: str, size: int = 4) -> list[str]:
    """The fingerprint's groups: as written when it has separators, else groups of `size`.

    >>> fingerprint_groups("k7qm2xabp9")
    ['K7QM', '2XAB', 'P9']
    """
    text = fingerprint.strip().upper()
    parts = [p for p in _SEPARATORS.split(text) if p]
    if len(parts) > 1:
        return parts
    text = "".join(parts)
    return [text[i : i + size] for i in range(0, len(text), size)]


def enrolment_sheet(
    out: Path | str,
    *,
    unit_code: str,
    unit_name: str,
    fingerprint: str,
    parent_name: str | None = None,
    parent_code: str | None = None,
    now: datetime | None = None,
) -> ReportResult:
    """Write the enrolment sheet of one device of a unit to `out`.

    ReportError when the fingerprint is empty or the file cannot be written. The result's
    `fingerprint` is "" (the sheet shows no database state).
    """
    groups = fingerprint_groups(fingerprint)
    if not groups:
        raise ReportError("Chưa có Mã máy nên chưa in được phiếu.")
    now = now or datetime.now()
    parent = parent_name or (f"Đơn vị cấp trên {parent_code}" if parent_code else None)
    header = ReportHeader(
        issuer_lines=tuple(x for x in (parent, unit_name) if x),
        place=place_name(unit_name),
        on=now.date(),
        recipients=(),
    )
    width = content_width()
    story: list[Flowable] = [header_block(header, None, width)]
    story += title_block(
        "Phiếu xác nhận máy",
        "Xin đơn vị cấp trên xác nhận máy này",
        f"(In lúc {fmt.moment(now)})",
    )
    story += [
        field_line("Đơn vị", f"{unit_name} (mã {unit_code})"),
        field_line(
            "Đơn vị cấp trên", f"{parent} ({parent_code})" if parent and parent_code else parent
        )
        if parent
        else Spacer(1, 0),
        *heading("Mã máy"),
        *_boxes(groups, width),
        Spacer(1, 6),
        para("Đọc theo từng nhóm:", "centre_note"),
        rich(f'<font name="{SANS_BOLD}" size="16">{escape(" - ".join(groups))}</font>', "number"),
        *heading("Cách đối chiếu"),
        para(
            "1. Cán bộ đơn vị cấp trên mở yêu cầu xác nhận của máy này trong Sổ Hội và so "
            "từng ký tự của Mã máy trên màn hình với phiếu này (hoặc nghe đơn vị đọc qua "
            "điện thoại, từng nhóm một)."
        ),
        para(
            "2. Chỉ phê duyệt khi mọi nhóm ký tự trùng khớp. Sai khác dù chỉ một ký tự: không "
            "phê duyệt và báo ngay cho đơn vị, vì tệp yêu cầu có thể đã bị thay đổi."
        ),
        para(
            "3. Phiếu không chứa mật khẩu hay khóa bí mật; lưu phiếu đã ký cùng hồ sơ của đơn vị."
        ),
        Spacer(1, 6),
        rich(f"<b>Kết quả đối chiếu:</b>{NBSP * 6}□ Trùng khớp{NBSP * 10}□ Không trùng khớp"),
    ]
    story.append(
        KeepTogether(
            [Spacer(1, 14), signers_block("Người đề nghị (đơn vị)", "Cán bộ đối chiếu", width)]
        )
    )
    pdf, pages = build_pdf(
        story,
        title=f"Phiếu xác nhận máy {unit_code}",
        author=unit_name,
        footer=Footer(now),
    )
    write_pdf(Path(out), pdf)
    return ReportResult(Path(out), pages, "")


def _lines_of(groups: list[str], width: float) -> tuple[list[list[str]], float]:
    """The groups split into balanced lines, and the box size that makes a line fit `width`."""
    for count in range(1, len(groups) + 1):
        per_line = -(-len(groups) // count)
        lines = [groups[i : i + per_line] for i in range(0, len(groups), per_line)]
        chars = max(sum(len(g) for g in line) for line in lines)
        box = min(BOX, (width - GAP * (per_line - 1)) / max(chars, 1))
        if box >= SMALLEST_BOX or per_line == 1:
            return lines, box
    return [groups], SMALLEST_BOX


def _boxes(groups: list[str], width: float) -> list[Flowable]:
    """One box per character, a dash between groups; as few balanced lines as fit the page,
    each line centred."""
    register_fonts()
    lines, box = _lines_of(groups, width)
    out: list[Flowable] = []
    for line in lines:
        cells: list[str] = []
        for n, group in enumerate(line):
            if n:
                cells.append("–")
            cells += list(group)
        table = Table(
            [cells],
            colWidths=[GAP if c == "–" else box for c in cells],
            rowHeights=[box * 1.25],
            spaceBefore=4,
        )
        style = [
            ("FONT", (0, 0), (-1, -1), SANS_BOLD, min(20, box / mm * 2.1)),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        style += [
            ("BOX", (c, 0), (c, 0), 0.8, colors.black) for c, t in enumerate(cells) if t != "–"
        ]
        table.setStyle(TableStyle(style))
        out.append(table)
    return out


def device_enrolment_sheet(session: Session, out: Path | str) -> ReportResult:
    """The enrolment sheet of the session's own device, for its unit and the unit above."""
    session.require("report")
    from desktop.sync.enrolment import identity  # the device's keys, made on first use

    me = identity(session)
    db, code = session.store.db, session.store.unit_code or ""
    unit = unit_facts(db, code)
    return enrolment_sheet(
        out,
        unit_code=code,
        unit_name=unit.name,
        fingerprint=me.fingerprint,
        parent_name=parent_display_name(db, unit.parent_code),
        parent_code=unit.parent_code,
    )
