"""Which unit this installation keeps: its level, and its province and commune from the catalogue.

The communes of the chosen province are listed and filtered as the person types, without tones
and by former names too (desktop.units.catalogue). The unit's name is proposed from the choice
("Hội LHPN xã Quý Hòa") and can be corrected; once corrected by hand it is no longer replaced.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QWidget,
)

from desktop.installation.setup import NewUnit
from desktop.units import catalogue
from desktop.units.catalogue import Place
from ui import strings
from ui.first_start.common import StepPage, message_label
from ui.widgets.combos import type_ahead
from ui.widgets.fields import field_label

PLACE_ROLE = Qt.ItemDataRole.UserRole


class PlacePage(StepPage):
    """Level, province, commune and name of the new unit; `unit()` once `ready()`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(strings.STEP_PLACE, parent=parent)
        self.levels = QButtonGroup(self)
        self.level_buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for level in catalogue.LEVELS:
            button = QRadioButton(strings.LEVEL_CHOICES[level])
            self.levels.addButton(button)
            self.level_buttons[level] = button
            row.addWidget(button)
        row.addStretch(1)
        self.level_buttons["commune"].setChecked(True)
        level_label = QLabel(strings.LEVEL_LABEL)
        level_label.setObjectName("fieldLabel")

        self.province = type_ahead(QComboBox())  # "bac" finds "Tỉnh Bắc Ninh"
        self.province.setAccessibleName(strings.PROVINCE_LABEL)
        for place in catalogue.provinces():
            self.province.addItem(place.name, place)
        self.province_label = field_label(strings.PROVINCE_LABEL, self.province)

        self.search = QLineEdit()
        self.search.setPlaceholderText(strings.COMMUNE_SEARCH)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(strings.COMMUNE_LABEL)
        self.communes = type_ahead(QListWidget())
        self.communes.setAccessibleName(strings.COMMUNE_LABEL)
        self.communes.setObjectName("placeList")
        self.communes.setMinimumHeight(120)  # the wizard fits 1366×700
        self.commune_label = field_label(strings.COMMUNE_LABEL, self.search)

        self.name = QLineEdit()
        self.name.setAccessibleName(strings.UNIT_NAME_LABEL)
        self.code_line = QLabel()
        self.code_line.setObjectName("note")
        self.message = message_label()

        self.body.addWidget(level_label)
        self.body.addLayout(row)
        self.body.addSpacing(6)
        self.body.addWidget(self.province_label)
        self.body.addWidget(self.province)
        self.body.addSpacing(6)
        self.body.addWidget(self.commune_label)
        self.body.addWidget(self.search)
        self.body.addWidget(self.communes, 1)
        self.body.addSpacing(6)
        self.body.addWidget(field_label(strings.UNIT_NAME_LABEL, self.name))
        self.body.addWidget(self.name)
        self.body.addWidget(self.code_line)
        self.body.addWidget(self.message)

        self._proposed = ""  # the name last proposed: replaced only while not edited by hand
        self.levels.buttonToggled.connect(self._level_changed)
        self.province.currentIndexChanged.connect(self._province_changed)
        self.search.textChanged.connect(self._fill_communes)
        self.communes.currentItemChanged.connect(self._update)
        self.name.textChanged.connect(self._update)
        self.search.installEventFilter(self)  # Enter there picks a commune first, then goes on
        self._province_changed()

    # -- what is chosen ----------------------------------------------------------------------

    def level(self) -> str:
        return next(lv for lv, b in self.level_buttons.items() if b.isChecked())

    def place(self) -> Place | None:
        """The chosen commune (commune level), province (province level) or None (centre)."""
        level = self.level()
        if level == "central":
            return None
        if level == "province":
            return self.province.currentData()
        item = self.communes.currentItem()
        return item.data(PLACE_ROLE) if item is not None and not item.isHidden() else None

    def choose_province(self, code: str) -> None:
        """Select the province of `code` ("20")."""
        for i in range(self.province.count()):
            if self.province.itemData(i).code == code:
                self.province.setCurrentIndex(i)
                return

    def unit(self) -> NewUnit:
        """The unit to create (only when `ready()`)."""
        return catalogue.new_unit(self.level(), self.place(), self.name.text().strip())

    def ready(self) -> bool:
        return not self._problem()

    def enter(self) -> None:
        (self.search if self.level() == "commune" else self.name).setFocus()

    # -- reacting ----------------------------------------------------------------------------

    def _level_changed(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        level = self.level()
        widget: QWidget
        for widget in (self.province_label, self.province):
            widget.setVisible(level != "central")
        for widget in (self.commune_label, self.search, self.communes):
            widget.setVisible(level == "commune")
        self._update()

    def _province_changed(self) -> None:
        self._fill_communes()

    def _fill_communes(self) -> None:
        province: Place | None = self.province.currentData()
        self.communes.clear()
        if province is None:
            return
        shown = catalogue.search(catalogue.communes(province.code), self.search.text())
        for place in shown:
            item = QListWidgetItem(strings.place_with_former(place.name, place.former_names))
            item.setData(PLACE_ROLE, place)
            self.communes.addItem(item)
        if len(shown) == 1:
            self.communes.setCurrentRow(0)
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self.ready()  # a commune chosen: Enter goes on to the next step
        ):
            self._take_first()
            return True
        return super().eventFilter(watched, event)

    def _take_first(self) -> None:
        if self.communes.count():
            self.communes.setCurrentRow(0)  # the focus stays: Tab, then Enter goes on

    def _update(self) -> None:
        place, level = self.place(), self.level()
        proposed = (
            catalogue.CENTRAL_NAME
            if level == "central"
            else catalogue.union_name(place)
            if place is not None
            else ""
        )
        if self.name.text().strip() in ("", self._proposed) and proposed != self._proposed:
            self._proposed = proposed
            self.name.blockSignals(True)
            self.name.setText(proposed)
            self.name.blockSignals(False)
        if level == "central" or place is not None:
            unit = catalogue.new_unit(level, place, self.name.text().strip())
            self.code_line.setText(strings.unit_code_line(unit.code, unit.parent_code))
        else:
            self.code_line.setText("")
        problem = self._problem()
        shown = problem if problem != strings.PICK_COMMUNE or self.search.text() else ""
        self.message.setText(shown)
        self.changed.emit()

    def _problem(self) -> str:
        if self.level() == "commune" and self.place() is None:
            if self.search.text() and self.communes.count() == 0:
                return strings.NO_COMMUNE_FOUND
            return strings.PICK_COMMUNE
        if not self.name.text().strip():
            return strings.UNIT_NAME_EMPTY
        return ""
