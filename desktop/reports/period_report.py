"""Báo cáo so sánh các kỳ: the unit's closed periods of the term side by side, against the targets.

For the last periods of the term (db/indicators.py DEFAULT_TERM, "2022-2027"; at most
MAX_PERIODS, those whose cut-off has come) a table with one row per indicator and one column per
period: the value of the period's standing snapshot (db/periods.py: the latest version, neither
reopened nor superseded), "—" where the period is not closed, and the term target. Then a small
chart per indicator: the value over the periods, gaps where a period is not closed (never a
zero), the target as a dashed line. Figures come only from the frozen snapshots, never from the
live data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle
from sqlite_utils import Database

from db.indicators import (
    DEFAULT_TERM,
    INDICATOR_IDS,
    KINDS,
    LABELS,
    Indicator,
    term_targets,
    term_years,
)
from db.periods import Period, Snapshot, snapshots, term_periods
from db.progress import Cancelled, Progress
from db.store import Store
from desktop.reports import formatting as fmt
from desktop.reports.charts import SHORT_LABELS, Point, period_chart
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
from desktop.reports.source import ReportSource, open_source, unit_name
from desktop.reports.tables import Column, RowTable, fit_columns
from desktop.security.session import Session

MAX_PERIODS = 6
TABLE_FONT = 9.5
CHARTS_PER_ROW = 3
NOT_CLOSED = "Chưa chốt"


@dataclass(frozen=True)
class PeriodColumn:
    """A period of the table: the standing snapshot, or None when the period is not closed."""

    period: Period
    snapshot: Snapshot | None


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator over the periods: its value per column (None: not closed) and target."""

    id: str
    label: str
    kind: str
    target: float | int | None
    values: tuple[Indicator | None, ...]

    def target_text(self) -> str:
        probe = Indicator(self.id, self.label, 0, None, None, self.target, None, "", self.kind)
        return fmt.target(probe)


@dataclass(frozen=True)
class Comparison:
    unit_code: str
    unit_name: str
    term: str
    today: date
    columns: tuple[PeriodColumn, ...]
    rows: tuple[IndicatorRow, ...]

    def cells(self) -> list[list[str]]:
        """The table's text: STT, indicator, a value (or "—") per period, the target."""
        return [
            [
                str(n),
                row.label,
                *(fmt.DASH if v is None else fmt.value(v) for v in row.values),
                row.target_text(),
            ]
            for n, row in enumerate(self.rows, 1)
        ]


def load_comparison(
    db: Database, root: str, today: date, *, term: str = DEFAULT_TERM
) -> Comparison:
    """The last periods of `term` (cut-off come by `today`) of unit `root` with their standing
    snapshots, and every indicator's value per period and target."""
    database = db
    first, last = term_years(term)
    periods = term_periods(database, first, last, today)[-MAX_PERIODS:]
    held = snapshots(database, unit_code=root)
    columns = []
    for p in periods:
        standing = [s for s in held if s.period_id == p.id and s.current]
        columns.append(PeriodColumn(p, standing[-1] if standing else None))
    frozen = [
        {d["id"]: Indicator.from_dict(d) for d in c.snapshot.figures["indicators"]}
        if c.snapshot
        else {}
        for c in columns
    ]
    targets = term_targets(database, root, term)
    rows = tuple(
        IndicatorRow(i, LABELS[i], KINDS[i], targets.get(i), tuple(f.get(i) for f in frozen))
        for i in INDICATOR_IDS
    )
    name = unit_name(database, root) or root
    return Comparison(root, name, term, today, tuple(columns), rows)


def periods_report(
    source: ReportSource,
    out: Path | str,
    *,
    today: date | None = None,
    now: datetime | None = None,
    term: str = DEFAULT_TERM,
    header: ReportHeader | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportResult:
    """Write the period-over-period report of the installation's unit to `out`.

    `today` decides which periods have come (default: the store's day, else now's date); `now`
    is the time in the footer. ReportError when it cannot be written.
    """
    store = source.store if isinstance(source, Session) else source
    db, root = open_source(source)
    now = now or datetime.now()
    if today is None:
        today = store.today() if isinstance(store, Store) else now.date()
    if progress:
        progress(0, 0, "Đang đọc số liệu các kỳ")
    comparison = load_comparison(db, root, today, term=term)
    header = header or default_header(db, root, on=now.date())
    closed = [c.snapshot for c in comparison.columns if c.snapshot]
    fingerprint = closed[-1].fingerprint if closed else ""
    pdf, pages = build_pdf(
        story(comparison, header),
        title=f"So sánh các kỳ báo cáo {comparison.unit_name}",
        author=comparison.unit_name,
        footer=Footer(now, fingerprint),
        pagesize=LANDSCAPE,
        progress=progress,
        cancelled=cancelled,
    )
    write_pdf(Path(out), pdf)
    return ReportResult(Path(out), pages, fingerprint)


def period_label(period: Period, *, short: bool = False) -> tuple[str, ...]:
    """A period's name on one or two lines, for a column head (or, `short`, a chart's tick)."""
    year, _, half = period.id.partition("-")
    if half == "H1" and year.isdigit():
        return ("6 tháng", year) if short else ("6 tháng đầu", f"năm {year}")
    if half == "Y" and year.isdigit():
        return ("Cả năm", year)
    words = period.name.split()
    middle = (len(words) + 1) // 2
    return (
        (" ".join(words[:middle]), " ".join(words[middle:])) if len(words) > 2 else (period.name,)
    )


def story(comparison: Comparison, header: ReportHeader) -> list[Flowable]:
    width = content_width(LANDSCAPE)
    term = comparison.term.replace("-", "–")
    out: list[Flowable] = [header_block(header, "BC", width)]
    out += title_block(
        "Báo cáo",
        f"Số liệu các kỳ báo cáo của {comparison.unit_name} so với mục tiêu nhiệm kỳ {term}",
        f"(Các kỳ đã đến ngày chốt số liệu, tính đến ngày {fmt.day(comparison.today)})",
    )
    if not comparison.columns:
        out.append(para(f"Chưa có kỳ báo cáo nào của nhiệm kỳ {term} đến ngày chốt số liệu."))
        out.append(closing_block(header, width))
        return out
    out += heading("I. CÁC KỲ BÁO CÁO")
    out.append(_periods_table(comparison, width))
    out += heading("II. CÁC CHỈ TIÊU QUA CÁC KỲ")
    out.append(
        para(
            "Mỗi cột là số liệu đã chốt của một kỳ (bản chốt đang có hiệu lực: nếu kỳ đã mở lại "
            f"và chốt lại thì là bản chốt sau cùng); “{fmt.DASH}”: kỳ chưa chốt số liệu. Mục "
            f"tiêu của nhiệm kỳ {term}.",
            "note",
        )
    )
    out += [Spacer(1, 3), _indicator_table(comparison, width)]
    out += heading("III. BIỂU ĐỒ TỪNG CHỈ TIÊU")
    out.append(
        para(
            "Mỗi biểu đồ: giá trị của chỉ tiêu qua các kỳ; kỳ chưa chốt để trống (không phải bằng "
            "0); đường nét đứt là mục tiêu nhiệm kỳ.",
            "note",
        )
    )
    out += _charts(comparison, width)
    out.append(closing_block(header, width))
    return out


def _periods_table(comparison: Comparison, width: float) -> RowTable:
    columns = fit_columns(
        [
            Column("STT", 10 * mm, "CENTER"),
            Column("Kỳ báo cáo", 0),
            Column("Chốt số liệu đến ngày", 34 * mm, "CENTER"),
            Column("Hạn nộp", 26 * mm, "CENTER"),
            Column("Tình trạng", 90 * mm),
        ],
        width,
        1,
    )
    rows = []
    for n, c in enumerate(comparison.columns, 1):
        s = c.snapshot
        if s is None:
            state = NOT_CLOSED
        else:
            state = f"Đã chốt lần {s.version}, ngày {fmt.day(s.closed_on)}"
            if s.version > 1:
                state += " (bản sửa, thay bản trước)"
            elif s.late:
                state += " (chốt muộn)"
        p = c.period
        rows.append([str(n), p.name, fmt.day(p.cut_off), fmt.day(p.due), state])
    return RowTable(columns, rows, font_size=TABLE_FONT)


def _indicator_table(comparison: Comparison, width: float) -> RowTable:
    period_w = 24 * mm
    columns = fit_columns(
        [
            Column("STT", 9 * mm, "CENTER"),
            Column("Chỉ tiêu", 0),
            *(
                Column("\n".join(period_label(c.period)), period_w, "RIGHT")
                for c in comparison.columns
            ),
            Column("Mục tiêu", 19 * mm, "CENTER"),
        ],
        width,
        1,
    )
    return RowTable(columns, comparison.cells(), font_size=TABLE_FONT)


def _charts(comparison: Comparison, width: float) -> list[Flowable]:
    gap = 6 * mm
    chart_w = (width - gap * (CHARTS_PER_ROW - 1)) / CHARTS_PER_ROW
    chart_h = 52 * mm
    drawings = []
    for n, row in enumerate(comparison.rows, 1):
        points = [
            Point(
                period_label(c.period, short=True),
                None if v is None or v.value is None else float(v.value),
                "" if v is None else (fmt.value(v) if v.value is not None else "không có"),
            )
            for c, v in zip(comparison.columns, row.values, strict=True)
        ]
        title = f"{n}. {SHORT_LABELS.get(row.id, row.label)}"
        target = None if row.target is None else float(row.target)
        drawings.append(
            period_chart(
                title,
                points,
                target,
                f"Mục tiêu nhiệm kỳ: {row.target_text()}"
                if target is not None
                else "Không có mục tiêu nhiệm kỳ",
                chart_w,
                chart_h,
                percent=row.kind == "percent",
            )
        )
    out: list[Flowable] = []
    for start in range(0, len(drawings), CHARTS_PER_ROW):
        cells: list[Flowable | str] = list(drawings[start : start + CHARTS_PER_ROW])
        cells += [""] * (CHARTS_PER_ROW - len(cells))
        table = Table([cells], colWidths=[chart_w + gap] * (CHARTS_PER_ROW - 1) + [chart_w])
        table.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        out.append(KeepTogether([table]))
    return out
