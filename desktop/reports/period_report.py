"""Báo cáo so sánh các kỳ: the unit's closed periods of the term side by side, against the targets.

For the last periods of the term (db/indicators.py DEFAULT_TERM, "2022-2027"; at most
MAX_PERIODS, those whose cut-off has come) a table with one row per indicator and one column per
period: the value of the period's standing snapshot (db/periods.py: the latest version, neither
reopened nor superseded), "—" where the period is not closed, and the term target. Then a small
chart per indicator: the value over the periods, gaps where a period is not closed (never a
zero), the target as a dashed line. Figures come only from the frozen snapshots, never from the
live data.

At a province or the centre a period's figures are the sums of the communes' closed snapshots
(desktop/periods/summary.py `period_summary`), with how many communes closed it in each column's
head and in the table of periods (beside the unit's own close); a period no commune closed is a
gap.
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
from desktop.periods.summary import PeriodSummary, is_upper_unit, period_summary
from desktop.reports import formatting as fmt
from desktop.reports.charts import SHORT_LABELS, Point, period_chart
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
from desktop.reports.output import ReportResult, write_pdf
from desktop.reports.source import ReportSource, open_source, unit_facts, unit_name
from desktop.reports.tables import Column, RowTable, fit_columns
from desktop.security.session import Session

MAX_PERIODS = 6
TABLE_FONT = 9.5
CHARTS_PER_ROW = 3
NOT_CLOSED = "Chưa chốt"
OWN_NAMES = {"province": "tỉnh", "central": "Trung ương"}  # whose own close, in the table


@dataclass(frozen=True)
class PeriodColumn:
    """A period of the table: the unit's standing snapshot (None when it has not closed the
    period) and, at an upper level, the sums of the communes' closed snapshots."""

    period: Period
    snapshot: Snapshot | None
    summary: PeriodSummary | None = None

    @property
    def has_figures(self) -> bool:
        """A commune's period is closed; an upper level's has a commune that closed it."""
        if self.summary is not None:
            return self.summary.closed > 0
        return self.snapshot is not None

    def communes_text(self) -> str:
        """`12/65 cơ sở` at an upper level; "" at a commune."""
        if self.summary is None:
            return ""
        closed, total = self.summary.closed, len(self.summary.communes)
        return f"{fmt.number(closed)}/{fmt.number(total)} cơ sở"


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
    upper: bool = False  # the sums of the communes below, not the unit's own snapshots
    own_name: str = "đơn vị"  # how the table of periods names the unit's own close

    def fingerprint(self) -> str:
        """The footer's: the last closed snapshot's at a commune; at an upper level that of
        every snapshot summed (desktop/reports/fingerprint.py `sums_fingerprint`)."""
        if self.upper:
            summed = [s for c in self.columns if c.summary for s in c.summary.summed.values()]
            return sums_fingerprint(self.unit_code, summed) if summed else ""
        closed = [c.snapshot for c in self.columns if c.snapshot]
        return closed[-1].fingerprint if closed else ""

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
    snapshots, and every indicator's value per period and target: at a commune its own closed
    figures, at an upper level the sums of the communes' (`period_summary`)."""
    database = db
    first, last = term_years(term)
    periods = term_periods(database, first, last, today)[-MAX_PERIODS:]
    held = snapshots(database, unit_code=root)
    upper = is_upper_unit(database, root)
    columns = []
    for p in periods:
        standing = [s for s in held if s.period_id == p.id and s.current]
        summary = period_summary(database, root, p) if upper else None
        columns.append(PeriodColumn(p, standing[-1] if standing else None, summary))
    frozen: list[dict[str, Indicator]] = []
    for c in columns:
        if not c.has_figures:
            frozen.append({})
        elif c.summary is not None:
            frozen.append({i.id: i for i in c.summary.indicators})
        else:
            assert c.snapshot is not None
            frozen.append(
                {d["id"]: Indicator.from_dict(d) for d in c.snapshot.figures["indicators"]}
            )
    targets = term_targets(database, root, term)
    rows = tuple(
        IndicatorRow(i, LABELS[i], KINDS[i], targets.get(i), tuple(f.get(i) for f in frozen))
        for i in INDICATOR_IDS
    )
    name = unit_name(database, root) or root
    own = OWN_NAMES.get(unit_facts(database, root).level or "", "đơn vị")
    return Comparison(root, name, term, today, tuple(columns), rows, upper, own)


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
    fingerprint = comparison.fingerprint()
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
    whose = (
        f"các cơ sở Hội thuộc {comparison.unit_name}" if comparison.upper else comparison.unit_name
    )
    out += title_block(
        "Báo cáo",
        f"Số liệu các kỳ báo cáo của {whose} so với mục tiêu nhiệm kỳ {term}",
        f"(Các kỳ đã đến ngày chốt số liệu, tính đến ngày {fmt.day(comparison.today)})",
    )
    if not comparison.columns:
        out.append(para(f"Chưa có kỳ báo cáo nào của nhiệm kỳ {term} đến ngày chốt số liệu."))
        out.append(closing_block(header, width))
        return out
    out += heading("I. CÁC KỲ BÁO CÁO")
    out.append(_periods_table(comparison, width))
    out += heading("II. CÁC CHỈ TIÊU QUA CÁC KỲ")
    if comparison.upper:
        note = (
            "Mỗi cột là tổng số liệu đã chốt của các cơ sở Hội đã chốt kỳ đó (số cơ sở ghi ở đầu "
            "cột; với mỗi cơ sở, bản chốt đang có hiệu lực); cơ sở chưa chốt không có trong tổng; "
            f"“{fmt.DASH}”: chưa cơ sở nào chốt. Số cơ sở đã chốt khác nhau giữa các kỳ thì nên "
            f"so sánh các tỷ lệ, không so sánh các số đếm. Mục tiêu của nhiệm kỳ {term}."
        )
    else:
        note = (
            "Mỗi cột là số liệu đã chốt của một kỳ (bản chốt đang có hiệu lực: nếu kỳ đã mở lại "
            f"và chốt lại thì là bản chốt sau cùng); “{fmt.DASH}”: kỳ chưa chốt số liệu. Mục "
            f"tiêu của nhiệm kỳ {term}."
        )
    out.append(para(note, "note"))
    out += [Spacer(1, 3), _indicator_table(comparison, width)]
    out += heading("III. BIỂU ĐỒ TỪNG CHỈ TIÊU")
    gap = "kỳ chưa cơ sở nào chốt" if comparison.upper else "kỳ chưa chốt"
    out.append(
        para(
            f"Mỗi biểu đồ: giá trị của chỉ tiêu qua các kỳ; {gap} để trống (không phải bằng "
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
        if c.summary is not None:
            own = f"{comparison.own_name}: {state[:1].lower()}{state[1:]}"
            state = f"{c.communes_text()} đã chốt; {own}"
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
                Column(
                    "\n".join((*period_label(c.period), c.communes_text())).strip(),
                    period_w,
                    "RIGHT",
                )
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
