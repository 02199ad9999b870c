"""The value of an indicator drawn as a bar against its target, in the overview's table.

A percentage is a bar from 0 to 100%: filled up to the value (green when the target is met,
red when not, blue when there is no target), with a dark tick at the target. The figure itself
stays on the right, as the model formats it. A count has no scale to draw on: it shows its
figure, with a green or red dot when it has a target (`bases_without_computer`: at most 0).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from db.indicators import Indicator
from ui.models.indicator_table_model import IndicatorRole

Index = QModelIndex | QPersistentModelIndex

TRACK = QColor("#e3e7ee")
MET = QColor("#2e8b57")
UNMET = QColor("#c8453c")
NEUTRAL = QColor("#4f86c6")
TARGET = QColor("#1c2733")
BAR_HEIGHT = 10
BAR_MIN_WIDTH = 60
GAP = 12
COLUMN_WIDTH = 250  # the bar and the widest figure ("100,00%") on one line


def fill_colour(ind: Indicator) -> QColor:
    """Green for a met target, red for a missed one, blue when there is none."""
    if ind.met is None:
        return NEUTRAL
    return MET if ind.met else UNMET


def fraction(value: float | int | None) -> float:
    """A percentage as the filled part of the bar, 0…1."""
    if value is None:
        return 0.0
    return max(0.0, min(1.0, float(value) / 100.0))


class IndicatorBarDelegate(QStyledItemDelegate):
    """Paints the value column of `IndicatorTableModel`: bar, target tick, figure."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        ind = index.data(IndicatorRole)
        if not isinstance(ind, Indicator):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget: QWidget | None = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = option.rect.adjusted(10, 0, -10, 0)
        metrics = option.fontMetrics
        text_width = metrics.horizontalAdvance("100,00%")
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        bar_right = rect.right() - text_width - GAP
        if ind.kind == "percent" and bar_right - rect.left() >= BAR_MIN_WIDTH:
            self._bar(painter, QRectF(rect.left(), 0, bar_right - rect.left(), 0), rect, ind)
        elif ind.kind == "count" and ind.met is not None:
            centre_y = rect.center().y() + 0.5
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill_colour(ind))
            painter.drawEllipse(QRectF(bar_right - 10, centre_y - 5, 10, 10))
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(foreground.color() if foreground is not None else opt.palette.text().color())
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text
        )
        painter.restore()

    @staticmethod
    def _bar(painter: QPainter, span: QRectF, cell: object, ind: Indicator) -> None:
        top = cell.center().y() - BAR_HEIGHT / 2 + 0.5  # type: ignore[attr-defined]
        track = QRectF(span.left(), top, span.width(), BAR_HEIGHT)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK)
        painter.drawRoundedRect(track, 4, 4)
        filled = fraction(ind.value)
        if filled > 0:
            painter.setBrush(fill_colour(ind))
            bar = QRectF(track.left(), top, max(track.width() * filled, 4), BAR_HEIGHT)
            painter.drawRoundedRect(bar, 4, 4)
        if ind.target is not None:
            x = track.left() + track.width() * fraction(ind.target)
            x = min(max(x, track.left() + 1), track.right() - 1)
            painter.setPen(QPen(TARGET, 2))
            painter.drawLine(int(x), int(top - 4), int(x), int(top + BAR_HEIGHT + 4))

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), COLUMN_WIDTH), hint.height())
