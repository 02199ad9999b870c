"""Báo cáo tổng hợp theo kỳ: a province's (or the centre's) summary of one reporting period,
printed from the closed snapshots of the communes below, never from live data.

The same document as the live summary (desktop/reports/summary_report.py: landscape, the same
header, indicator table, chart and commune columns), with the period's name and cut-off under
the title; the indicators are the sums of desktop/periods/summary.py (`period_summary`: the
standing snapshot of every commune that closed, numerators and denominators summed). One row
per unit directly below with its state for the period (Đã chốt / Chốt muộn / Đã sửa / Chưa
chốt) and its key figures as closed: a commune not closed shows "—", never its live figures.
At the centre the rows are the provinces: the state is the province's own close, with how many
of its communes closed, and the figures are the sums of those communes' snapshots, so the
totals row (the summary's sums) is the sum of the rows. Last, the communes not closed, counted
and named: their figures are in no sum. The footer's fingerprint is that of the snapshots summed
(desktop/reports/fingerprint.py `sums_fingerprint`): a later edit changes nothing in the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from db.indicators import Indicator, term_targets
from db.periods import STATE_LABELS, Period, find_period
from db.progress import Cancelled, Progress
from db.store import Store
from desktop.periods.summary import PeriodSummary, is_upper_unit, period_summary, sum_snapshots
from desktop.reports import formatting as fmt
from desktop.reports.charts import bar_chart, bars_of
from desktop.reports.fingerprint import sums_fingerprint
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
from desktop.reports.output import ReportError, ReportResult, write_pdf
from desktop.reports.source import ReportSource, open_source, unit_facts
from desktop.reports.summary_report import FONT, RATIOS, ratio_text, short_name, unit_list
from desktop.reports.tables import Column, Group, RowTable, fit_columns
from desktop.reports.unit_report import indicator_table
from desktop.security.session import Session

ROWS_PER_PAGE = 34  # for the progress estimate only
NOT_UPPER = (
    "Báo cáo tổng hợp theo kỳ chỉ có ở cấp tỉnh và Trung ương (tổng số liệu đã chốt của các cơ "
    "sở cấp dưới); ở cơ sở, in báo cáo đơn vị của kỳ."
)
NOT_CLOSED_HEADING = "Cơ sở chưa chốt số liệu kỳ này (không có trong tổng)"
# (column heading, indicator id) of the model columns: a commune has the model or not.
MODEL_COLUMNS = (
    ("“1+1”", "bases_one_plus_one"),
    ("“3 có, 3 biết”", "bases_three_have_three_know"),
    ("Hội viên đặc thù", "bases_special_members_model"),
)
# (heading, key of the counts a snapshot keeps) of the counts table.
COUNTS = (
    ("Chi hội", "branches"),
    ("Chi hội trưởng", "branch_heads"),
    ("Hội viên đang sinh hoạt", "active"),
    ("Hội viên (mọi tình trạng)", "members"),
    ("Cán bộ Hội", "cadres"),
    ("Mô hình đang hoạt động", "models"),
    ("Kênh trực tuyến", "channels"),
)


@dataclass(frozen=True)
class UnitLine:
    """A unit directly below, as the period stands for it: its own state and its figures as
    closed (None: nothing closed, "—")."""

    code: str
    name: str
    level: str
    state: str
    version: int | None
    closed_on: date | None
    communes: int
    communes_closed: int
    indicators: dict[str, Indicator] | None
    counts: dict[str, Any] | None


def count_of(counts: dict[str, Any] | None, key: str) -> int | None:
    """One of a snapshot's counts (`active`: active members); None when nothing was closed."""
    if counts is None:
        return None
    if key == "active":
        return int(counts.get("members_by_status", {}).get("active", 0))
    return int(counts.get(key, 0))


def unit_lines(summary: PeriodSummary, targets: dict[str, Any]) -> list[UnitLine]:
    """The units below the root with their figures: a commune's standing snapshot; for a unit
    above communes, the sum of its closed communes' snapshots (None when none closed)."""
    standing = summary.summed
    out = []
    for unit in summary.below:
        indicators: dict[str, Indicator] | None = None
        counts: dict[str, Any] | None = None
        if unit.level == "commune":
            snap = standing.get(unit.code) if unit.state != "open" else None
            if snap is not None:
                figures = snap.figures
                indicators = {d["id"]: Indicator.from_dict(d) for d in figures["indicators"]}
                counts = figures.get("counts", {})
        else:
            held = [
                standing[c.code]
                for c in summary.communes
                if c.parent_code == unit.code and c.code in standing
            ]
            if held:
                summed, counts = sum_snapshots(held, targets, summary.period)
                indicators = {i.id: i for i in summed}
        out.append(
            UnitLine(
                unit.code,
                unit.name,
                unit.level,
                unit.state,
                unit.version,
                unit.closed_on,
                unit.communes,
                unit.communes_closed,
                indicators,
                counts,
            )
        )
    return out


def period_summary_report(
    source: ReportSource,
    out: Path | str,
    period: Period | str,
    *,
    today: date | None = None,
    now: datetime | None = None,
    header: ReportHeader | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportResult:
    """Write the summary of `period` (a Period or its id) over the communes below this upper
    level to `out`, from their closed snapshots only.

    `today` finds a period by id (default: the store's day, else now's date); `now` is the time
    in the footer and the day the document is dated. ReportError (Vietnamese, no file written)
    at a commune, for an unknown period, or when it cannot be written.
    """
    store = source.store if isinstance(source, Session) else source
    db, root = open_source(source)
    now = now or datetime.now()
    if today is None:
        today = store.today() if isinstance(store, Store) else now.date()
    if isinstance(period, str):
        found = find_period(db, period, today)
        if found is None:
            raise ReportError(f"Không có kỳ báo cáo “{period}”.")
        period = found
    if not is_upper_unit(db, root):
        raise ReportError(NOT_UPPER)
    if progress:
        progress(0, 0, "Đang cộng số liệu đã chốt của các cơ sở")
    summary = period_summary(db, root, period)
    lines = unit_lines(summary, term_targets(db, root))
    header = header or default_header(db, root, on=now.date())
    name = unit_facts(db, root).name
    fingerprint = sums_fingerprint(root, summary.summed.values())
    pdf, pages = build_pdf(
        story(name, summary, lines, header),
        title=f"Báo cáo tổng hợp {name}, kỳ {period.name}",
        author=name,
        footer=Footer(now, fingerprint),
        pagesize=LANDSCAPE,
        progress=progress,
        cancelled=cancelled,
        expected_pages=(len(lines) + len(summary.not_closed) // 4) // ROWS_PER_PAGE + 3,
    )
    write_pdf(Path(out), pdf)
    return ReportResult(Path(out), pages, fingerprint)


def story(
    name: str, summary: PeriodSummary, lines: list[UnitLine], header: ReportHeader
) -> list[Flowable]:
    """The flowables of the period's summary, in order."""
    width = content_width(LANDSCAPE)
    period = summary.period
    total, closed = len(summary.communes), summary.closed
    out: list[Flowable] = [header_block(header, "BC", width)]
    title = title_block(
        "Báo cáo tổng hợp",
        f"Số liệu đã chốt của các cơ sở Hội thuộc {name}",
        f"(Kỳ báo cáo: {period.name} — số liệu đến ngày {fmt.day(period.cut_off)})",
    )
    share = (
        f"{fmt.number(closed)}/{fmt.number(total)} cơ sở Hội đã chốt số liệu kỳ này; "
        f"hạn nộp {fmt.day(period.due)}."
    )
    out += [*title[:-1], para(share, "centre_note"), title[-1]]
    out += heading("I. CÁC CHỈ TIÊU TOÀN ĐƠN VỊ")
    out.append(
        para(
            f"Tổng số liệu đã chốt của {fmt.number(closed)} cơ sở Hội (với mỗi cơ sở: bản chốt "
            "đang có hiệu lực, kể cả bản đã sửa); cơ sở chưa chốt không có trong tổng (mục III). "
            "Số liệu sửa sau khi chốt không làm thay đổi báo cáo này.",
            "note",
        )
    )
    out += [Spacer(1, 3), _counts_table(summary.counts, closed, total, width), Spacer(1, 6)]
    out.append(indicator_table(summary.indicators, width))
    out.append(
        KeepTogether(
            [
                Spacer(1, 8),
                bar_chart(bars_of(summary.indicators), width * 0.8),
                para("Biểu đồ: các chỉ tiêu tỷ lệ so với mục tiêu nhiệm kỳ", "centre_note"),
            ]
        )
    )
    upper_rows = any(line.level != "commune" for line in lines)
    out += heading(
        "II. TÌNH HÌNH CHỐT SỐ LIỆU CỦA CÁC ĐƠN VỊ CẤP DƯỚI"
        if upper_rows
        else "II. TÌNH HÌNH CHỐT SỐ LIỆU VÀ SỐ LIỆU TỪNG CƠ SỞ HỘI"
    )
    if not lines:
        out.append(para("Chưa có đơn vị cấp dưới nào trong dữ liệu."))
    else:
        note = (
            "Tình trạng: Đã chốt; Chốt muộn (chốt sau hạn nộp); Đã sửa (mở lại và chốt lại, "
            f"số liệu là bản chốt sau cùng); Chưa chốt (“{fmt.DASH}”: không có số liệu, không "
            "tính vào tổng). Mỗi tỷ lệ ghi kèm tử số/mẫu số; chữ đậm: chưa đạt mục tiêu nhiệm kỳ."
        )
        if upper_rows:
            note += (
                " Tình trạng của mỗi đơn vị là việc chốt số liệu của chính đơn vị đó; số liệu là "
                "tổng các bản chốt của các cơ sở thuộc đơn vị."
            )
        out += [para(note, "note"), Spacer(1, 3), _unit_table(summary, lines, width)]
    out += _not_closed(summary, width)
    out.append(closing_block(header, width))
    return out


def _counts_table(counts: dict[str, Any], closed: int, total: int, width: float) -> RowTable:
    columns = [Column("Cơ sở Hội đã chốt", 0, "CENTER")]
    columns += [Column(title, 0, "CENTER") for title, _ in COUNTS]
    each = width / len(columns)
    columns = [Column(c.title, each, c.align) for c in columns]
    row = [f"{fmt.number(closed)}/{fmt.number(total)}"]
    row += [fmt.number(count_of(counts, key)) for _, key in COUNTS]
    return RowTable(columns, [row], font_size=FONT + 1.5)


def _state(line: UnitLine) -> tuple[str, str]:
    """The state's label and the close (day and version), or a dash."""
    label = STATE_LABELS[line.state]
    if line.closed_on is None:
        return label, fmt.DASH
    return label, f"{fmt.day(line.closed_on)} (lần {line.version})"


def _unit_table(summary: PeriodSummary, lines: Sequence[UnitLine], width: float) -> RowTable:
    upper_rows = any(line.level != "commune" for line in lines)
    targets = {i.id: i.target for i in summary.indicators}
    columns = [
        Column("STT", 9 * mm, "CENTER"),
        Column("Đơn vị", 0),
        Column("Mã", 11 * mm, "CENTER"),
        Column("Tình trạng", 16 * mm, "CENTER"),
        Column("Ngày chốt (lần)", 27 * mm, "CENTER"),
    ]
    if upper_rows:
        columns.append(Column("Cơ sở đã chốt", 15 * mm, "CENTER"))
    first = len(columns)  # the first column of figures
    columns += [Column("Chi hội", 11 * mm, "RIGHT"), Column("Hội viên", 14 * mm, "RIGHT")]
    for title, _, _, ind in RATIOS:
        target = targets.get(ind)
        suffix = f" (≥ {fmt.decimal(target, 0)}%)" if target is not None else ""
        columns.append(Column(title + suffix, 23 * mm, "RIGHT"))
    columns += [Column(title, 12 * mm, "CENTER") for title, _ in MODEL_COLUMNS]
    ratios, models = first + 2, first + 2 + len(RATIOS)
    groups = [
        Group("Chốt số liệu kỳ này", 3, first - 1),
        Group("Chi hội trưởng", ratios, ratios + 2),
        Group("Có mô hình", models, models + len(MODEL_COLUMNS) - 1),
    ]
    columns = fit_columns(columns, width, 1)
    body: list[list[str]] = []
    bold: list[tuple[int, int]] = []
    for n, line in enumerate(lines):
        cells = [str(n + 1), short_name(line.name), line.code, *_state(line)]
        if line.state == "open":
            bold.append((n, 3))
        if upper_rows:
            cells.append(
                f"{fmt.number(line.communes_closed)}/{fmt.number(line.communes)}"
                if line.level != "commune"
                else fmt.DASH
            )
        cells += _figures(line.indicators, line.counts, commune=line.level == "commune")
        for c, (_, _, _, ind) in enumerate(RATIOS):
            found = (line.indicators or {}).get(ind)
            target = targets.get(ind)
            if found and found.value is not None and target is not None and found.value < target:
                bold.append((n, ratios + c))
        body.append(cells)
    totals = ["", f"Tổng cộng ({fmt.number(summary.closed)} cơ sở đã chốt)", "", "", ""]
    if upper_rows:
        totals.append(f"{fmt.number(summary.closed)}/{fmt.number(len(summary.communes))}")
    by_id = {i.id: i for i in summary.indicators}
    body.append(totals + _figures(by_id, summary.counts, commune=False))
    return RowTable(
        columns, body, font_size=FONT, groups=groups, bold_rows=[len(body) - 1], bold_cells=bold
    )


def _figures(
    indicators: dict[str, Indicator] | None, counts: dict[str, Any] | None, *, commune: bool
) -> list[str]:
    """Branches, active members, the ratios and the models, as closed; dashes for none."""
    if indicators is None or counts is None:
        return [fmt.DASH] * (2 + len(RATIOS) + len(MODEL_COLUMNS))
    cells = [fmt.number(count_of(counts, "branches")), fmt.number(count_of(counts, "active"))]
    for _, _, _, ind in RATIOS:
        found = indicators.get(ind)
        cells.append(
            ratio_text(found.numerator, found.denominator or 0, found.value) if found else fmt.DASH
        )
    for _, ind in MODEL_COLUMNS:
        found = indicators.get(ind)
        if found is None:
            cells.append(fmt.DASH)
        else:
            cells.append(fmt.yes_no(found.numerator) if commune else fmt.number(found.numerator))
    return cells


def _not_closed(summary: PeriodSummary, width: float) -> list[Flowable]:
    missing = summary.not_closed
    out = heading(f"III. {NOT_CLOSED_HEADING.upper()}")
    if not summary.communes:
        return [*out, para("Không có cơ sở Hội nào.")]
    if not missing:
        return [*out, para("Tất cả các cơ sở Hội đã chốt số liệu kỳ này.")]
    out.append(
        para(
            f"{fmt.number(len(missing))}/{fmt.number(len(summary.communes))} cơ sở Hội chưa chốt "
            "số liệu kỳ này (hoặc đã mở lại mà chưa chốt lại); số liệu của các cơ sở này không "
            "có trong các tổng của báo cáo:"
        )
    )
    groups = [u for u in summary.below if u.level != "commune"]
    if not groups:  # a province: its communes, numbered; those that never sent a file marked
        never = sum(not u.reported for u in missing)
        if never:
            out.append(para(f"Trong đó {fmt.number(never)} cơ sở chưa gửi dữ liệu lần nào (*)."))
        units = [(u.code, u.name + ("" if u.reported else " (*)")) for u in missing]
        return [*out, Spacer(1, 3), unit_list(units, width)]
    # The centre: by province, a line each; a province none of whose communes closed is named
    # whole (listing its hundred communes would say nothing more, over pages).
    by_group: dict[str, list[tuple[str, str]]] = {}
    for unit in missing:
        by_group.setdefault(unit.parent_code, []).append((unit.code, short_name(unit.name)))
    for group in groups:
        names = by_group.get(group.code)
        if not names:
            continue
        head = f"{short_name(group.name)} ({group.code}): {fmt.number(len(names))}/"
        head += f"{fmt.number(group.communes)} cơ sở chưa chốt"
        if len(names) == group.communes:
            out.append(para(head + " — tất cả các cơ sở của đơn vị này."))
        else:
            listed = "; ".join(f"{code} {name}" for code, name in names)
            out.append(para(f"{head}: {listed}."))
    known = {g.code for g in groups}
    rest = [
        f"{code} {name}" for g, units in by_group.items() if g not in known for code, name in units
    ]
    if rest:  # directly below the root: never left out
        out.append(para("; ".join(rest) + "."))
    return out
