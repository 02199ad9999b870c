"""The indicators table model: Vietnamese figures, "—" for nothing, alignment and colour."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db.indicators import Indicator
from ui.models.indicator_table_model import (
    MET_BACKGROUND,
    MET_FOREGROUND,
    UNMET_FOREGROUND,
    Column,
    IndicatorRole,
    IndicatorTableModel,
)

AS_OF = "2026-11-26"
RATE = Indicator(
    id="members_rate",
    label="Tỷ lệ tập hợp hội viên",
    numerator=1752,
    denominator=3882,
    value=45.13,
    target=50,
    met=False,
    as_of=AS_OF,
    kind="percent",
)
FULL = Indicator(
    id="heads_allowance",
    label="Tỷ lệ chi hội trưởng được hỗ trợ",
    numerator=12,
    denominator=12,
    value=100.0,
    target=100,
    met=True,
    as_of=AS_OF,
    kind="percent",
)
COUNT = Indicator(
    id="models",
    label="Số mô hình đang hoạt động",
    numerator=13752,
    denominator=None,
    value=13752,
    target=None,
    met=None,
    as_of=AS_OF,
    kind="count",
)
EMPTY = Indicator(
    id="empty_rate",
    label="Tỷ lệ chưa tính được",
    numerator=0,
    denominator=0,
    value=None,
    target=None,
    met=None,
    as_of=AS_OF,
    kind="percent",
)


@pytest.fixture
def model(app):
    return IndicatorTableModel([RATE, FULL, COUNT, EMPTY])


def row(model, r, role=Qt.ItemDataRole.DisplayRole):
    return [model.index(r, c).data(role) for c in range(model.columnCount())]


def test_cells_are_written_the_vietnamese_way(model):
    assert row(model, 0) == [
        "Tỷ lệ tập hợp hội viên",
        "1.752",
        "3.882",
        "45,13%",
        "50,00%",
        "Chưa đạt",
    ]
    assert row(model, 1) == [
        "Tỷ lệ chi hội trưởng được hỗ trợ",
        "12",
        "12",
        "100,00%",
        "100,00%",
        "Đạt",
    ]
    assert row(model, 2) == ["Số mô hình đang hoạt động", "13.752", "—", "13.752", "—", "—"]
    assert row(model, 3) == ["Tỷ lệ chưa tính được", "0", "0", "—", "—", "—"]


def test_numbers_are_right_aligned_and_labels_left(model):
    align = row(model, 0, Qt.ItemDataRole.TextAlignmentRole)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert align[Column.INDICATOR] & Qt.AlignmentFlag.AlignLeft
    for column in (Column.NUMERATOR, Column.DENOMINATOR, Column.VALUE, Column.TARGET):
        assert align[column] == right
    assert align[Column.MET] == Qt.AlignmentFlag.AlignCenter


def test_met_is_green_unmet_red_and_unjudged_plain(model):
    unmet = model.index(0, Column.MET)
    met = model.index(1, Column.MET)
    unjudged = model.index(2, Column.MET)
    assert unmet.data(Qt.ItemDataRole.ForegroundRole).color() == UNMET_FOREGROUND
    assert met.data(Qt.ItemDataRole.ForegroundRole).color() == MET_FOREGROUND
    assert met.data(Qt.ItemDataRole.BackgroundRole).color() == MET_BACKGROUND
    assert unjudged.data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, Column.VALUE).data(Qt.ItemDataRole.ForegroundRole).color() == (
        UNMET_FOREGROUND
    )
    assert model.index(0, Column.NUMERATOR).data(Qt.ItemDataRole.ForegroundRole) is None


def test_tooltip_dates_and_the_indicator_itself(model):
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == (
        "Tỷ lệ tập hợp hội viên\nSố liệu tính đến ngày 26/11/2026."
    )
    assert model.index(2, 3).data(IndicatorRole) is COUNT
    assert model.indicator(1) is FULL


def test_replacing_the_indicators_resets_the_rows(model, qtbot):
    with qtbot.waitSignal(model.modelReset):
        model.set_indicators([COUNT])
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == COUNT.label
    assert not model.index(5, 0).isValid()


def test_cells_are_read_only(model):
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsSelectable
    assert not flags & Qt.ItemFlag.ItemIsEditable
