"""Báo cáo đơn vị: the unit's report to the level above, to be signed, stamped and filed.

The unit and its cadres, every indicator of docs/DOMAIN.md with the counts it comes from, a chart of
the percentages against the term targets, the branches with their heads, the models, the online
channels and the unit's IT readiness.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from db.indicators import DEFAULT_TERM, Indicator
from db.periods import Snapshot
from db.progress import Cancelled, Progress
from db.schema import choice_label
from desktop.reports import formatting as fmt
from desktop.reports.charts import bar_chart, bars_of
from desktop.reports.fingerprint import data_fingerprint
from desktop.reports.header import ReportHeader, default_header, parent_display_name
from desktop.reports.layout import (
    Footer,
    build_pdf,
    closing_block,
    content_width,
    field_line,
    header_block,
    heading,
    para,
    title_block,
)
from desktop.reports.output import ReportResult, write_pdf
from desktop.reports.source import ReportSource, open_source
from desktop.reports.tables import Column, RowTable, fit_columns
from desktop.reports.unit_data import BranchLine, UnitData, load_unit_data

TABLE_FONT = 10
TERM = DEFAULT_TERM.replace("-", "–")


def unit_report(
    source: ReportSource,
    out: Path | str,
    *,
    unit_code: str | None = None,
    now: datetime | None = None,
    as_of: date | None = None,
    header: ReportHeader | None = None,
    snapshot: Snapshot | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportResult:
    """Write the unit report of `unit_code` (default: the installation's unit) to `out`.

    `now` is the time printed in the footer (default: now); `as_of` the day the figures are
    counted on and the document is dated (default: now's date); `header` replaces the default
    header (desktop.reports.header.default_header). With `snapshot` (a closed period of the
    unit, db/periods.py) the report prints its frozen figures: the period's name and cut-off,
    the counts and indicators as closed, the fingerprint of the data they were closed from; the
    live lists (cadres, branches, models, channels) are left out. ReportError when it cannot be
    written.
    """
    db, root = open_source(source, unit_code)
    now = now or datetime.now()
    as_of = as_of or (snapshot.cut_off if snapshot else now.date())
    if progress:
        progress(0, 0, "Đang đọc số liệu")
    data = load_unit_data(db, root, as_of)
    header = header or default_header(db, root, on=now.date() if snapshot else as_of)
    parent = parent_display_name(db, data.unit.parent_code)
    if snapshot is None:
        fingerprint = data_fingerprint(db)
        flowables = story(data, header, parent)
    else:
        _freeze(data, snapshot)
        fingerprint = snapshot.fingerprint
        flowables = period_story(data, header, parent, snapshot)
    pdf, pages = build_pdf(
        flowables,
        title=f"Báo cáo {data.unit.name}",
        author=data.unit.name,
        footer=Footer(now, fingerprint),
        progress=progress,
        cancelled=cancelled,
    )
    write_pdf(Path(out), pdf)
    return ReportResult(Path(out), pages, fingerprint)


def story(data: UnitData, header: ReportHeader, parent: str | None) -> list[Flowable]:
    """The flowables of the unit report, in order."""
    width = content_width()
    unit = data.unit
    out: list[Flowable] = [header_block(header, "BC", width)]
    out += title_block(
        "Báo cáo",
        f"Tình hình tổ chức và hoạt động của {unit.name}",
        f"(Số liệu tính đến ngày {fmt.day(data.as_of)})",
    )
    out += _general(data, parent)
    out += _cadres(data, width)
    out += _indicators(data, width)
    out += _branches(data.branches, width)
    out += _models(data, width)
    out += _channels(data, width)
    out += _it(data)
    out.append(closing_block(header, width))
    return out


def _freeze(data: UnitData, snapshot: Snapshot) -> None:
    """The closed figures in place of the live ones."""
    counts = snapshot.figures["counts"]
    data.indicators = [Indicator.from_dict(d) for d in snapshot.figures["indicators"]]
    data.totals = {
        **data.totals,
        "branches": int(counts["branches"]),
        "members": int(counts["members_by_status"].get("active", 0)),
        "members_all": int(counts["members"]),
        "cadres": int(counts["cadres"]),
    }


def period_story(
    data: UnitData, header: ReportHeader, parent: str | None, snapshot: Snapshot
) -> list[Flowable]:
    """The unit report of a closed period: the frozen counts and indicators only."""
    width = content_width()
    out: list[Flowable] = [header_block(header, "BC", width)]
    out += title_block(
        "Báo cáo",
        f"Tình hình tổ chức và hoạt động của {data.unit.name}",
        f"(Kỳ báo cáo {snapshot.period_name}, số liệu chốt đến ngày {fmt.day(snapshot.cut_off)})",
    )
    out += _general(data, parent)
    out += heading("II. KỲ BÁO CÁO")
    closed = f"lần {snapshot.version}, ngày {fmt.day(snapshot.closed_on)}"
    out += [
        field_line("Kỳ báo cáo", snapshot.period_name),
        field_line("Số liệu chốt đến ngày", fmt.day(snapshot.cut_off)),
        field_line("Hạn nộp", fmt.day(snapshot.due)),
        field_line("Chốt số liệu", closed),
        *([field_line("Lý do chốt lại", snapshot.reason)] if snapshot.reason else []),
        field_line("Mã dữ liệu lúc chốt", snapshot.fingerprint),
        para(
            "Báo cáo theo kỳ in số liệu đã chốt, không đổi dù dữ liệu được sửa sau đó; danh "
            "sách cán bộ, chi hội, mô hình và kênh trực tuyến hiện tại có trong báo cáo đơn vị "
            "không theo kỳ.",
            "note",
        ),
    ]
    out += _indicators(data, width)
    out.append(closing_block(header, width))
    return out


def _general(data: UnitData, parent: str | None) -> list[Flowable]:
    unit, t = data.unit, data.totals
    out = heading("I. THÔNG TIN CHUNG VỀ ĐƠN VỊ")
    lines = [
        ("Tên đơn vị", unit.name),
        ("Mã đơn vị", unit.code),
        ("Cấp", choice_label("units", "level", unit.level) if unit.level else fmt.DASH),
        ("Đơn vị cấp trên", f"{parent} ({unit.parent_code})" if parent else fmt.DASH),
        ("Địa chỉ", unit.address or fmt.DASH),
        ("Điện thoại", unit.phone or fmt.DASH),
        ("Thư điện tử", unit.email or fmt.DASH),
        ("Số chi hội", fmt.number(t["branches"])),
        (
            "Số hội viên đang sinh hoạt",
            f"{fmt.number(t['members'])} (trên tổng số {fmt.number(t['members_all'])} "
            "hội viên đã ghi sổ)",
        ),
        ("Số cán bộ Hội", fmt.number(t["cadres"])),
    ]
    if t["units"]:
        lines.append(("Số đơn vị cấp dưới", fmt.number(t["units"])))
    return out + [field_line(label, value) for label, value in lines]


def _cadres(data: UnitData, width: float) -> list[Flowable]:
    out = heading("II. ĐỘI NGŨ CÁN BỘ HỘI")
    if not data.cadres:
        return [*out, para("Chưa có cán bộ Hội nào được ghi sổ.")]
    columns = fit_columns(
        [
            Column("STT", 9 * mm, "CENTER"),
            Column("Họ và tên", 0),
            Column("Chức vụ", 26 * mm),
            Column("Năm sinh", 13 * mm, "CENTER"),
            Column("Công tác Hội từ năm", 17 * mm, "CENTER"),
            Column("Trình độ chuyên môn", 21 * mm),
            Column("Lý luận chính trị", 18 * mm),
            Column("Đảng viên", 13 * mm, "CENTER"),
            Column("Thành thạo phần mềm", 17 * mm, "CENTER"),
        ],
        width,
        1,
    )
    rows = [
        [
            str(n),
            c["full_name"] or "",
            _label("cadres", "position", c["position"]),
            fmt.year(c["birth_date"]),
            str(c["union_work_since"] or fmt.DASH),
            _label("cadres", "education", c["education"]),
            _label("cadres", "political_theory", c["political_theory"]),
            fmt.yes_no(c["is_party_member"]),
            fmt.yes_no(c["software_proficient"]),
        ]
        for n, c in enumerate(data.cadres, 1)
    ]
    return [*out, RowTable(columns, rows, font_size=TABLE_FONT)]


def _indicators(data: UnitData, width: float) -> list[Flowable]:
    out = heading("III. CÁC CHỈ TIÊU")
    out.append(
        para(
            f"Các chỉ tiêu tính trên các cơ sở Hội (cấp xã) thuộc đơn vị, đến ngày "
            f"{fmt.day(data.as_of)}; tỷ lệ tính từ tử số và mẫu số, làm tròn hai chữ số thập "
            f"phân; mục tiêu của nhiệm kỳ {TERM}.",
            "note",
        )
    )
    out += [Spacer(1, 3), indicator_table(data.indicators, width)]
    caption = para(f"Biểu đồ: các chỉ tiêu tỷ lệ so với mục tiêu nhiệm kỳ {TERM}", "centre_note")
    chart = bar_chart(bars_of(data.indicators), width)
    out.append(KeepTogether([Spacer(1, 8), chart, Spacer(1, 2), caption]))
    return out


def indicator_table(indicators: list[Indicator], width: float) -> RowTable:
    """Every indicator with numerator, denominator, value, target and "Đạt"/"Chưa đạt"."""
    columns = fit_columns(
        [
            Column("STT", 9 * mm, "CENTER"),
            Column("Chỉ tiêu", 0),
            Column("Tử số", 16 * mm, "RIGHT"),
            Column("Mẫu số", 16 * mm, "RIGHT"),
            Column("Giá trị", 19 * mm, "RIGHT"),
            Column("Mục tiêu", 17 * mm, "CENTER"),
            Column("Đánh giá", 18 * mm, "CENTER"),
        ],
        width,
        1,
    )
    rows, unmet = [], []
    for n, ind in enumerate(indicators, 1):
        rows.append(
            [
                str(n),
                ind.label,
                fmt.number(ind.numerator),
                fmt.number(ind.denominator),
                fmt.value(ind),
                fmt.target(ind),
                fmt.met(ind),
            ]
        )
        if ind.met is False:
            unmet.append((n - 1, 6))
    return RowTable(columns, rows, font_size=TABLE_FONT, bold_cells=unmet)


def _branches(branches: list[BranchLine], width: float) -> list[Flowable]:
    out = heading("IV. CÁC CHI HỘI VÀ CHI HỘI TRƯỞNG")
    if not branches:
        return [*out, para("Chưa có chi hội nào được ghi sổ.")]
    columns = fit_columns(
        [
            Column("STT", 8 * mm, "CENTER"),
            Column("Chi hội", 0),
            Column("Hội viên", 14 * mm, "RIGHT"),
            Column("Chi hội trưởng", 31 * mm),
            Column("Đảng viên", 13 * mm, "CENTER"),
            Column("Phát triển Đảng", 19 * mm, "CENTER"),
            Column("Hỗ trợ hàng tháng và nguồn", 37 * mm),
            Column("Dùng mạng xã hội", 14 * mm, "CENTER"),
        ],
        width,
        1,
    )
    rows = []
    for n, b in enumerate(branches, 1):
        h = b.head or {}
        allowance = "Chưa có chi hội trưởng" if not h else "Không"
        if h.get("monthly_allowance"):
            source = _label("branch_heads", "allowance_source", h.get("allowance_source"))
            allowance = f"{fmt.money(h.get('allowance_amount_vnd'))}\n{source}"
        rows.append(
            [
                str(n),
                b.name,
                fmt.number(b.members),
                h.get("full_name") or "(chưa có)",
                fmt.yes_no(h.get("is_party_member")) if h else fmt.DASH,
                _label("branch_heads", "party_development", h.get("party_development")),
                allowance,
                fmt.yes_no(b.uses_social_media),
            ]
        )
    heads = [b.head for b in branches if b.head]
    rows.append(
        [
            "",
            "Tổng cộng",
            fmt.number(sum(b.members for b in branches)),
            f"{fmt.number(len(heads))} chi hội trưởng",
            fmt.number(sum(1 for h in heads if h.get("is_party_member"))),
            fmt.number(sum(1 for h in heads if h.get("party_development") not in (None, "none"))),
            f"{fmt.number(sum(1 for h in heads if h.get('monthly_allowance')))} người được hỗ trợ",
            fmt.number(sum(1 for b in branches if b.uses_social_media)),
        ]
    )
    return [*out, RowTable(columns, rows, font_size=TABLE_FONT, bold_rows=[len(rows) - 1])]


def _models(data: UnitData, width: float) -> list[Flowable]:
    out = heading("V. CÁC MÔ HÌNH")
    if not data.models:
        return [*out, para("Chưa có mô hình nào được ghi sổ.")]
    columns = fit_columns(
        [
            Column("STT", 9 * mm, "CENTER"),
            Column("Tên mô hình", 0),
            Column("Loại", 34 * mm),
            Column("Chi hội", 28 * mm),
            Column("Số người tham gia", 18 * mm, "RIGHT"),
            Column("Tình trạng", 20 * mm),
            Column("Bắt đầu", 19 * mm, "CENTER"),
        ],
        width,
        1,
    )
    rows = [
        [
            str(n),
            m["name"] or "",
            _label("models", "kind", m["kind"]),
            m["branch_name"] or "Cấp cơ sở",
            fmt.number(m["participants"]),
            _label("models", "status", m["status"] or "active"),
            fmt.day(m["started_on"]),
        ]
        for n, m in enumerate(data.models, 1)
    ]
    return [*out, RowTable(columns, rows, font_size=TABLE_FONT)]


def _channels(data: UnitData, width: float) -> list[Flowable]:
    out = heading("VI. CÁC KÊNH TRỰC TUYẾN")
    counts = {ind.id: ind for ind in data.indicators if ind.id.startswith("channels_")}
    summary = "; ".join(f"{ind.label}: {fmt.value(ind)}" for ind in counts.values())
    out.append(para(f"Toàn đơn vị: {summary}."))
    if not data.channels:
        return [*out, para("Đơn vị chưa ghi sổ kênh trực tuyến nào.")]
    columns = fit_columns(
        [
            Column("STT", 9 * mm, "CENTER"),
            Column("Tên kênh", 0),
            Column("Loại", 24 * mm),
            Column("Chi hội", 26 * mm),
            Column("Thành viên", 17 * mm, "RIGHT"),
            Column("Địa chỉ trang", 44 * mm),
        ],
        width,
        1,
    )
    rows = [
        [
            str(n),
            c["name"] or "",
            _label("online_channels", "kind", c["kind"]),
            c["branch_name"] or "Cấp cơ sở",
            fmt.number(c["members_count"]),
            c["url"] or fmt.DASH,
        ]
        for n, c in enumerate(data.channels, 1)
    ]
    return [*out, Spacer(1, 3), RowTable(columns, rows, font_size=TABLE_FONT)]


def _it(data: UnitData) -> list[Flowable]:
    unit = data.unit
    proficient = next(i for i in data.indicators if i.id == "cadres_software_proficient")
    out = heading("VII. ỨNG DỤNG CÔNG NGHỆ THÔNG TIN")
    return [
        *out,
        field_line("Có máy tính riêng", fmt.yes_no(unit.has_dedicated_computer)),
        field_line("Có kết nối mạng", fmt.yes_no(unit.has_internet)),
        field_line("Ứng dụng phần mềm trong hệ thống Hội", fmt.yes_no(unit.uses_union_software)),
        field_line(
            "Cán bộ Hội sử dụng thành thạo phần mềm",
            f"{fmt.number(proficient.numerator)}/{fmt.number(proficient.denominator)} "
            f"({fmt.value(proficient)})",
        ),
    ]


def _label(table: str, field_name: str, value: str | None) -> str:
    if value is None or value == "":
        return fmt.DASH
    if value.startswith("["):  # a list field stored as JSON
        return ", ".join(choice_label(table, field_name, v) for v in json.loads(value))
    return choice_label(table, field_name, value)
