"""Báo cáo tổng hợp: a province's (or the centre's) summary of every commune below it.

The indicators over all the communes with a chart, then one row per commune with its key
figures (counts and percentages) and when its last sync package arrived, the totals, and the
communes that have not reported. Landscape A4; the long table repeats its header on each page.
The summary of one reporting period, from the communes' closed snapshots, reuses its columns and
helpers: desktop/reports/period_summary_report.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from db.indicators import Indicator, compute_indicators, percent
from db.progress import Cancelled, Progress
from desktop.reports import formatting as fmt
from desktop.reports.charts import Bar, bar_chart, bars_of
from desktop.reports.fingerprint import data_fingerprint
from desktop.reports.header import ReportHeader, default_header
from desktop.reports.layout import (
    LANDSCAPE,
    Footer,
    build_pdf,
    closing_block,
    content_width,
    header_block,
    heading,
    para,
    title_block,
)
from desktop.reports.output import ReportResult, write_pdf
from desktop.reports.source import ReportSource, open_source, unit_facts
from desktop.reports.summary_data import CommuneRow, Reporting, load_communes
from desktop.reports.tables import Column, Group, RowTable, fit_columns
from desktop.reports.unit_report import indicator_table

FONT = 8
Targets = dict[str, float | int | None]
ROWS_PER_PAGE = 34  # for the progress estimate only
_PREFIX = re.compile(r"^\s*hội\s+lhpn\s+", re.IGNORECASE)
# (heading, numerator, denominator, indicator id of the target) of the ratio columns; the
# first three are about branch heads and sit under one group heading.
RATIOS = (
    ("Là đảng viên", "party", "heads", "branch_heads_party_members"),
    ("Được phát triển Đảng", "developed", "eligible", "non_party_heads_developed"),
    ("Được hỗ trợ hàng tháng", "allowance", "heads", "heads_monthly_allowance"),
    ("Cán bộ thành thạo phần mềm", "proficient", "cadres", "cadres_software_proficient"),
)
MODELS = (
    ("“1+1”", "one_plus_one"),
    ("“3 có, 3 biết”", "three_have_three_know"),
    ("Hội viên đặc thù", "special_members"),
)
CHART_LABELS = {
    "one_plus_one": "Cơ sở có mô hình “1+1”",
    "three_have_three_know": "Cơ sở có mô hình “3 có, 3 biết”",
    "special_members": "Cơ sở có mô hình hội viên đặc thù",
    "developed": "Cơ sở có chi hội trưởng được phát triển Đảng",
    "allowance": "Cơ sở có chi hội trưởng được hỗ trợ hàng tháng",
    "proficient": "Cơ sở có cán bộ thành thạo phần mềm",
    "party": "Cơ sở có chi hội trưởng là đảng viên",
}


def summary_report(
    source: ReportSource,
    out: Path | str,
    *,
    unit_code: str | None = None,
    reporting: Reporting | None = None,
    now: datetime | None = None,
    as_of: date | None = None,
    header: ReportHeader | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportResult:
    """Write the summary of every commune at or below `unit_code` (default: this unit) to `out`.

    `reporting` maps a unit code to (day its last sync package was received, that package's
    seq); a commune absent from it is shown "Chưa báo cáo" (the CLI passes the sync ledger's
    record, `summary_data.reporting_from_ledger`). ReportError when it cannot be written.
    """
    db, root = open_source(source, unit_code)
    now = now or datetime.now()
    as_of = as_of or now.date()
    if progress:
        progress(0, 0, "Đang tính số liệu các đơn vị")
    rows = load_communes(db, root, reporting)
    indicators = compute_indicators(db, root, as_of=as_of)
    header = header or default_header(db, root, on=as_of)
    name = unit_facts(db, root).name
    fingerprint = data_fingerprint(db)
    pdf, pages = build_pdf(
        story(name, rows, indicators, header, as_of),
        title=f"Báo cáo tổng hợp {name}",
        author=name,
        footer=Footer(now, fingerprint),
        pagesize=LANDSCAPE,
        progress=progress,
        cancelled=cancelled,
        expected_pages=len(rows) // ROWS_PER_PAGE + 3,
    )
    write_pdf(Path(out), pdf)
    return ReportResult(Path(out), pages, fingerprint)


def story(
    name: str,
    rows: list[CommuneRow],
    indicators: list[Indicator],
    header: ReportHeader,
    as_of: date,
) -> list[Flowable]:
    """The flowables of the summary, in order."""
    width = content_width(LANDSCAPE)
    reported = [r for r in rows if r.last_received is not None]
    targets = {i.id: i.target for i in indicators}
    out: list[Flowable] = [header_block(header, "BC", width)]
    out += title_block(
        "Báo cáo tổng hợp",
        f"Số liệu của các cơ sở Hội thuộc {name}",
        f"(Số liệu tính đến ngày {fmt.day(as_of)}: {fmt.number(len(rows))} cơ sở Hội, "
        f"{fmt.number(len(reported))} đã gửi số liệu)",
    )
    out += heading("I. CÁC CHỈ TIÊU TOÀN ĐƠN VỊ")
    out.append(indicator_table(indicators, width))
    out.append(
        KeepTogether(
            [
                Spacer(1, 8),
                bar_chart(bars_of(indicators), width * 0.8),
                para("Biểu đồ 1: các chỉ tiêu tỷ lệ so với mục tiêu nhiệm kỳ", "centre_note"),
            ]
        )
    )
    out += heading("II. SỐ LIỆU TỪNG CƠ SỞ HỘI")
    if not rows:
        out.append(para("Chưa có cơ sở Hội nào thuộc đơn vị trong dữ liệu."))
    else:
        out.append(
            para(
                "Mỗi tỷ lệ ghi kèm tử số/mẫu số. Chữ đậm: chưa đạt mục tiêu nhiệm kỳ. Gói số liệu "
                "gần nhất: ngày nhận và số thứ tự của gói; số ngày tính đến ngày báo cáo.",
                "note",
            )
        )
        out += [Spacer(1, 3), _commune_table(rows, width, as_of, targets)]
        out.append(KeepTogether([Spacer(1, 8), _shares_chart(rows, width * 0.8, targets)]))
    out += _not_reported(rows, width)
    out.append(closing_block(header, width))
    return out


def short_name(name: str) -> str:
    """ "Hội LHPN xã Quý Hòa" → "Xã Quý Hòa": the table's column already says whose union."""
    short = _PREFIX.sub("", name) or name
    return short[:1].upper() + short[1:]


def _commune_table(
    rows: Sequence[CommuneRow], width: float, as_of: date, targets: Targets
) -> RowTable:
    columns = [
        Column("STT", 9 * mm, "CENTER"),
        Column("Đơn vị", 0),
        Column("Mã", 11 * mm, "CENTER"),
        Column("Chi hội", 10 * mm, "RIGHT"),
        Column("Hội viên", 13 * mm, "RIGHT"),
    ]
    for title, _, _, ind in RATIOS:
        target = targets.get(ind)
        suffix = f" (≥ {fmt.decimal(target, 0)}%)" if target is not None else ""
        columns.append(Column(title + suffix, 23 * mm, "RIGHT"))
    columns += [Column(title, 12 * mm, "CENTER") for title, _ in MODELS]
    columns += [
        Column("Ứng dụng phần mềm", 12 * mm, "CENTER"),
        Column("Có máy tính và mạng", 12 * mm, "CENTER"),
        Column("Ngày nhận (gói số)", 22 * mm, "CENTER"),
        Column("Số ngày", 10 * mm, "RIGHT"),
    ]
    groups = [
        Group("Chi hội trưởng", 5, 7),
        Group("Có mô hình", 9, 11),
        Group("Gói số liệu gần nhất", 14, 15),
    ]
    columns = fit_columns(columns, width, 1)
    body: list[list[str]] = []
    bold: list[tuple[int, int]] = []
    for n, r in enumerate(rows):
        cells = [
            str(n + 1),
            short_name(r.name),
            r.code,
            fmt.number(r.branches),
            fmt.number(r.members),
        ]
        for c, (_, num, den, ind) in enumerate(RATIOS):
            value = r.share(num, den)
            target = targets.get(ind)
            cells.append(ratio_text(getattr(r, num), getattr(r, den), value))
            if target is not None and value is not None and value < target:
                bold.append((n, 5 + c))
        for c, (_, kind) in enumerate(MODELS):
            cells.append(fmt.yes_no(int(kind in r.models)))
            if kind not in r.models:
                bold.append((n, 9 + c))
        cells += [fmt.yes_no(r.software), fmt.yes_no(r.equipped)]
        if not r.equipped:
            bold.append((n, 13))
        if r.last_received is None:
            cells += ["Chưa báo cáo", fmt.DASH]
        else:
            cells += [
                f"{fmt.day(r.last_received)} ({r.seq})",
                fmt.number(max((as_of - r.last_received).days, 0)),
            ]
        body.append(cells)
    body.append(_totals(rows))
    return RowTable(
        columns, body, font_size=FONT, groups=groups, bold_rows=[len(body) - 1], bold_cells=bold
    )


def ratio_text(numerator: int, denominator: int, value: float | None) -> str:
    """`n/d (x%)`, or "—" when there is no denominator."""
    if not denominator:
        return fmt.DASH
    return fmt.ratio(numerator, denominator, value)


def _totals(rows: Sequence[CommuneRow]) -> list[str]:
    def total(name: str) -> int:
        return sum(getattr(r, name) for r in rows)

    cells = ["", f"Tổng cộng ({fmt.number(len(rows))} cơ sở)", "", fmt.number(total("branches"))]
    cells.append(fmt.number(total("members")))
    for _, num, den, _ in RATIOS:
        cells.append(ratio_text(total(num), total(den), percent(total(num), total(den))))
    for _, kind in MODELS:
        cells.append(fmt.number(sum(1 for r in rows if kind in r.models)))
    cells += [fmt.number(total("software")), fmt.number(total("equipped"))]
    reported = sum(1 for r in rows if r.last_received is not None)
    cells += [f"{fmt.number(reported)} đã báo cáo", ""]
    return cells


def _shares_chart(rows: Sequence[CommuneRow], width: float, targets: Targets) -> Flowable:
    """The share of communes that meet each target, and that have reported."""
    n = len(rows)

    def bar(label: str, count: int) -> Bar:
        value = percent(count, n)
        return Bar(
            f"{label} ({fmt.number(count)}/{fmt.number(n)})", value, None, fmt.percent(value)
        )

    bars = [bar(CHART_LABELS[kind], sum(kind in r.models for r in rows)) for _, kind in MODELS]
    for _, num, den, ind in RATIOS:
        target = targets.get(ind)
        if target is None:
            continue
        met = sum(1 for r in rows if (r.share(num, den) or 0) >= target and getattr(r, den))
        share = fmt.decimal(target, 0)
        bars.append(bar(f"{CHART_LABELS[num]} ≥ {share}%", met))
    bars.append(bar("Cơ sở có máy tính và mạng", sum(r.equipped for r in rows)))
    bars.append(bar("Cơ sở đã gửi số liệu", sum(r.last_received is not None for r in rows)))
    return KeepTogether(
        [
            bar_chart(bars, width, legend=False),
            para("Biểu đồ 2: tỷ lệ cơ sở Hội đạt từng mục tiêu và đã gửi số liệu", "centre_note"),
        ]
    )


def _not_reported(rows: Sequence[CommuneRow], width: float) -> list[Flowable]:
    missing = [r for r in rows if r.last_received is None]
    out = heading("III. CÁC CƠ SỞ HỘI CHƯA BÁO CÁO")
    if not rows:
        return [*out, para("Không có cơ sở Hội nào.")]
    if not missing:
        return [*out, para("Tất cả các cơ sở Hội đã gửi số liệu.")]
    out.append(para(f"{fmt.number(len(missing))} cơ sở Hội chưa gửi gói số liệu nào:"))
    return [*out, Spacer(1, 3), unit_list([(r.code, r.name) for r in missing], width)]


def unit_list(units: Sequence[tuple[str, str]], width: float, *, across: int = 4) -> RowTable:
    """Units (code, name) numbered in `across` columns of STT, code and short name."""
    columns: list[Column] = []
    for _ in range(across):
        columns += [
            Column("STT", 10 * mm, "CENTER"),
            Column("Mã", 13 * mm, "CENTER"),
            Column("Đơn vị", width / across - 23 * mm),
        ]
    body = []
    for start in range(0, len(units), across):
        cells: list[str] = []
        for k, (code, name) in enumerate(units[start : start + across]):
            cells += [str(start + k + 1), code, short_name(name)]
        body.append(cells + [""] * (3 * across - len(cells)))
    return RowTable(columns, body, font_size=FONT + 1)
