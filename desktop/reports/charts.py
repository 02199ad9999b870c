"""Charts drawn with reportlab.graphics, legible in black and white.

`bar_chart`: one horizontal bar per percentage indicator (0–100%), dark when the target
is met, light when it is not, mid-grey when there is no target, with a black marker at the
target and the value written beside the bar. `bars_of` makes bars of indicators;
the summary also draws plain shares ("communes that reported", "communes meeting a target").
`period_chart`: one indicator over the reporting periods (a line with gaps where a period is
not closed) against its target, small enough for three across a landscape page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit

from db.indicators import Indicator
from desktop.reports import formatting as fmt
from desktop.reports.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts, text_width

MET = colors.Color(0.25, 0.25, 0.25)
NOT_MET = colors.Color(0.82, 0.82, 0.82)
NO_TARGET = colors.Color(0.55, 0.55, 0.55)
GRID = colors.Color(0.75, 0.75, 0.75)
MARKER_LABEL = "mục tiêu nhiệm kỳ"

# Short labels for the chart, where the table's full label is too long for one line.
SHORT_LABELS = {
    "bases_one_plus_one": "Cơ sở có mô hình “1+1”",
    "bases_three_have_three_know": "Cơ sở có mô hình “3 có, 3 biết”",
    "bases_special_members_model": "Cơ sở có mô hình hội viên đặc thù",
    "branch_heads_party_members": "Chi hội trưởng là đảng viên",
    "non_party_heads_developed": "Chi hội trưởng được phát triển Đảng",
    "heads_monthly_allowance": "Chi hội trưởng được hỗ trợ hàng tháng",
    "heads_allowance_local_budget": "Hỗ trợ từ ngân sách địa phương",
    "bases_using_union_software": "Cơ sở ứng dụng phần mềm của Hội",
    "cadres_software_proficient": "Cán bộ thành thạo phần mềm",
    "branches_using_social_media": "Chi hội dùng mạng xã hội",
    "chairs_under_45": "Chủ tịch dưới 45 tuổi",
    "chairs_over_5_years": "Chủ tịch trên 5 năm công tác Hội",
    "chairs_university": "Chủ tịch có trình độ đại học trở lên",
    "chairs_political_intermediate_plus": "Chủ tịch có LLCT trung cấp trở lên",
}


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a percentage (None: no data), an optional target, and its text."""

    label: str
    value: float | None
    target: float | None = None
    text: str = ""


def bars_of(indicators: Sequence[Indicator]) -> list[Bar]:
    """The percentage indicators as bars, numbered like the indicator table (1, 2, …)."""
    out = []
    for n, ind in enumerate(indicators, 1):
        if ind.kind != "percent":
            continue
        label = f"{n}. {SHORT_LABELS.get(ind.id, ind.label)}"
        target = float(ind.target) if ind.target is not None else None
        value = float(ind.value) if ind.value is not None else None
        out.append(Bar(label, value, target, fmt.percent(ind.value) if value is not None else ""))
    return out


def bar_chart(
    bars: Sequence[Bar], width: float, *, font_size: float = 9, legend: bool = True
) -> Drawing:
    """Horizontal bars on a 0–100% scale with target markers, legend underneath."""
    register_fonts()
    label_w = width * 0.42
    value_w = 44.0
    plot_x, plot_w = label_w + 6, width - label_w - 6 - value_w
    row_h, bar_h = font_size * 2.1, font_size * 1.1
    legend_h, axis_h = (font_size * 2.6 if legend else 0), font_size * 1.6
    height = len(bars) * row_h + axis_h + legend_h
    d = Drawing(width, height, initialFontName=SERIF, initialFontSize=font_size)
    top = height
    for tick in (0, 25, 50, 75, 100):
        x = plot_x + plot_w * tick / 100
        d.add(Line(x, legend_h + axis_h - 2, x, top, strokeColor=GRID, strokeWidth=0.4))
        d.add(
            String(
                x,
                legend_h + axis_h - font_size - 1,
                f"{tick}%",
                fontName=SERIF,
                fontSize=font_size - 1,
                textAnchor="middle",
            )
        )
    for n, bar in enumerate(bars):
        y = top - (n + 1) * row_h + (row_h - bar_h) / 2
        lines = simpleSplit(bar.label, SERIF, font_size, label_w)[:2]
        base = y + bar_h / 2 - font_size * 0.35 + (len(lines) - 1) * font_size * 0.55
        for k, line in enumerate(lines):
            d.add(
                String(
                    label_w,
                    base - k * font_size * 1.1,
                    line,
                    fontName=SERIF,
                    fontSize=font_size,
                    textAnchor="end",
                )
            )
        if bar.value is None:
            d.add(
                String(
                    plot_x + 2,
                    y + bar_h * 0.25,
                    "chưa có số liệu",
                    fontName=SERIF,
                    fontSize=font_size - 1,
                    fillColor=NO_TARGET,
                )
            )
            continue
        shade = NO_TARGET if bar.target is None else (MET if bar.value >= bar.target else NOT_MET)
        length = plot_w * min(max(bar.value, 0.0), 100.0) / 100
        d.add(
            Rect(
                plot_x, y, length, bar_h, fillColor=shade, strokeColor=colors.black, strokeWidth=0.4
            )
        )
        if bar.target is not None:
            tx = plot_x + plot_w * min(bar.target, 100.0) / 100
            d.add(Line(tx, y - 2.5, tx, y + bar_h + 2.5, strokeColor=colors.black, strokeWidth=1.6))
            d.add(
                Polygon(
                    [tx - 3, y + bar_h + 5, tx + 3, y + bar_h + 5, tx, y + bar_h + 1.5],
                    fillColor=colors.black,
                    strokeColor=None,
                )
            )
        d.add(
            String(
                plot_x + plot_w + 8, y + bar_h * 0.25, bar.text, fontName=SERIF, fontSize=font_size
            )
        )
    if legend:
        _legend(d, width, font_size)
    return d


def _legend(d: Drawing, width: float, size: float) -> None:
    """One centred line: the three shades, then the target marker."""
    items = [(MET, "đạt mục tiêu"), (NOT_MET, "chưa đạt"), (NO_TARGET, "không có mục tiêu")]
    label_size, box_w, gap = size - 0.5, size * 1.6, size * 1.4
    total = sum(box_w + 4 + text_width(t, SERIF, label_size) + gap for _, t in items)
    total += 6 + text_width(MARKER_LABEL, SERIF, label_size)
    x, y = max((width - total) / 2, 0), size * 0.4
    for fill, text in items:
        d.add(
            Rect(x, y, box_w, size * 0.9, fillColor=fill, strokeColor=colors.black, strokeWidth=0.4)
        )
        d.add(String(x + box_w + 4, y + 1, text, fontName=SERIF, fontSize=label_size))
        x += box_w + 4 + text_width(text, SERIF, label_size) + gap
    d.add(Line(x, y - 2, x, y + size + 2, strokeColor=colors.black, strokeWidth=1.6))
    d.add(String(x + 6, y + 1, MARKER_LABEL, fontName=SERIF, fontSize=label_size))


@dataclass(frozen=True)
class Point:
    """One period on a period chart: its tick label (one or two lines), the value (None: the
    period is not closed, drawn as a gap) and the value's text."""

    label: tuple[str, ...]
    value: float | None
    text: str = ""


def period_chart(
    title: str,
    points: Sequence[Point],
    target: float | None,
    target_text: str,
    width: float,
    height: float,
    *,
    percent: bool = True,
    font_size: float = 7.5,
) -> Drawing:
    """A small line chart of one indicator over the periods: a dot and its value per closed
    period, lines only between neighbouring closed periods (a period not closed is a gap with
    "chưa chốt", never a zero; a closed period without a value says so in `text`), the target as
    a dashed line, named under the title by `target_text`."""
    register_fonts()
    d = Drawing(width, height, initialFontName=SERIF, initialFontSize=font_size)
    lines = simpleSplit(title, SERIF_BOLD, font_size + 0.5, width)[:2]
    top = height - 2
    for line in lines:
        top -= (font_size + 0.5) * 1.15
        d.add(String(0, top, line, fontName=SERIF_BOLD, fontSize=font_size + 0.5))
    top -= font_size * 1.15
    d.add(String(0, top, target_text, fontName=SERIF_ITALIC, fontSize=font_size - 0.5))
    axis_w = text_width("100%", SERIF, font_size - 0.5) + 3
    x0, x1 = axis_w + 2, width - 4
    y0, y1 = font_size * 2.6, top - font_size * 1.4
    values = [p.value for p in points if p.value is not None]
    if percent:
        high = 100.0
    else:
        high = float(max([*values, target or 0, 1]))
        high = float(_nice(high * 1.15))
    ticks = [0.0, high / 2, high]

    def y_of(v: float) -> float:
        return y0 + (y1 - y0) * min(max(v, 0.0), high) / high

    for t in ticks:
        y = y_of(t)
        d.add(Line(x0, y, x1, y, strokeColor=GRID, strokeWidth=0.4))
        text = f"{t:g}%" if percent else fmt.number(int(t))
        d.add(
            String(
                x0 - 3,
                y - font_size * 0.3,
                text,
                fontName=SERIF,
                fontSize=font_size - 0.5,
                textAnchor="end",
            )
        )
    step = (x1 - x0) / max(len(points), 1)
    xs = [x0 + step * (n + 0.5) for n in range(len(points))]
    if target is not None:
        ty = y_of(target)
        d.add(
            Line(x0, ty, x1, ty, strokeColor=colors.black, strokeWidth=1.1, strokeDashArray=[3, 2])
        )
    for n in range(1, len(points)):
        a, b = points[n - 1].value, points[n].value
        if a is not None and b is not None:
            d.add(Line(xs[n - 1], y_of(a), xs[n], y_of(b), strokeColor=MET, strokeWidth=1.2))
    for x, p in zip(xs, points, strict=True):
        for k, line in enumerate(p.label[:2]):
            d.add(
                String(
                    x,
                    y0 - font_size * (1.1 + 1.05 * k),
                    line,
                    fontName=SERIF,
                    fontSize=font_size - 0.5,
                    textAnchor="middle",
                )
            )
        if p.value is None:
            d.add(
                String(
                    x,
                    y0 + 2,
                    p.text or "chưa chốt",
                    fontName=SERIF_ITALIC,
                    fontSize=font_size - 1,
                    textAnchor="middle",
                    fillColor=NO_TARGET,
                )
            )
            continue
        y = y_of(p.value)
        d.add(Circle(x, y, 2.2, fillColor=MET, strokeColor=colors.black, strokeWidth=0.4))
        above = y + 4 if y + 4 + font_size < y1 + font_size else y - font_size - 3
        for at in (above, y + 4, y - font_size - 3):
            # inside the plot, under the target's line of text, not struck through by its line
            inside = y0 < at <= y1 + font_size * 0.35
            if inside and (target is None or not at - 2.5 < y_of(target) < at + font_size * 0.8):
                above = at
                break
        d.add(
            String(x, above, p.text, fontName=SERIF, fontSize=font_size - 0.5, textAnchor="middle")
        )
    d.add(Line(x0, y0, x0, y1, strokeColor=colors.black, strokeWidth=0.5))
    d.add(Line(x0, y0, x1, y0, strokeColor=colors.black, strokeWidth=0.5))
    return d


def _nice(value: float) -> int:
    """The smallest of 1, 2, 5 × 10ⁿ at least `value` (a count chart's top)."""
    n = 1
    while True:
        for m in (1, 2, 5):
            if n * m >= value:
                return n * m
        n *= 10
