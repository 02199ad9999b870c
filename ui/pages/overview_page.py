"""Tổng quan: who the unit is, and where it stands on the term's indicators."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.indicators import DEFAULT_TERM, compute_indicators
from desktop.session import Session
from ui import strings
from ui.models.indicator_table_model import Column, IndicatorTableModel
from ui.pages import Page
from ui.unit_info import UnitInfo, load_unit_info

TERM = DEFAULT_TERM  # the current term of office; a term picker comes with the reports
ROW_PADDING = 18  # pixels added to a line of text for a row of the indicators table


class OverviewPage(Page):
    """The unit's name, level and code on a card, and its indicators table below."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overviewPage")
        self.session = session  # the store is asked for each time: unlocking opens a new one

        self.unit_name = QLabel()
        self.unit_name.setObjectName("unitName")
        self.unit_name.setWordWrap(True)
        self.unit_details = QLabel()
        self.unit_details.setObjectName("unitDetails")
        card = QFrame()
        card.setObjectName("unitCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(20, 16, 20, 16)
        card_layout.setSpacing(6)
        card_layout.addWidget(self.unit_name)
        card_layout.addWidget(self.unit_details)

        heading = QLabel(strings.indicators_heading(TERM))
        heading.setObjectName("sectionHeading")
        self.as_of = QLabel()
        self.as_of.setObjectName("note")

        self.model = IndicatorTableModel(parent=self)
        self.table = self._make_table(self.model)
        self.empty = QLabel(strings.NO_INDICATORS)
        self.empty.setObjectName("note")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(card)
        layout.addSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(self.as_of)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.empty)
        self.refresh()

    @staticmethod
    def _details_text(unit: UnitInfo) -> str:
        parts = []
        if unit.level_label:
            parts.append(f"{strings.UNIT_LEVEL}: {unit.level_label}")
        parts.append(f"{strings.UNIT_CODE}: {unit.code}")
        return "   ·   ".join(parts)

    @staticmethod
    def _make_table(model: IndicatorTableModel) -> QTableView:
        table = QTableView()
        table.setObjectName("indicatorTable")
        table.setModel(model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # One line per indicator, all rows alike; a label too long for the column is elided
        # and shown whole in its tooltip.
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setShowGrid(False)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + ROW_PADDING)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.INDICATOR, QHeaderView.ResizeMode.Stretch)
        return table

    def refresh(self) -> None:
        """Read the unit again, recompute its indicators from the database and show them."""
        store = self.session.store
        unit = load_unit_info(store)
        self.unit_name.setText(unit.name)
        self.unit_details.setText(self._details_text(unit))
        indicators = compute_indicators(store.db, unit.code, term=TERM)
        self.model.set_indicators(indicators)
        self.as_of.setText(strings.indicators_as_of(indicators[0].as_of) if indicators else "")
        self.as_of.setVisible(bool(indicators))
        self.empty.setVisible(not indicators)
