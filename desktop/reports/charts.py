"""Charts drawn with reportlab.graphics, legible in black and white.

`bar_chart`: one horizontal bar per percentage indicator (0–100%), dark when the target
is met, light when it is not, mid-grey when there is no target, with a black marker at the
target and the value written beside the bar. `bars_of` makes bars of indicators;
the summary also draws plain shares ("communes that reported", "communes meeting a target").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit

from db.indicators import Indicator
from desktop.reports import formatting as fmt
from desktop.reports.fonts import SERIF, register_fonts, text_width

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
