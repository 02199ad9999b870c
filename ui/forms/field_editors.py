"""One editor per field kind of `db.schema`: the widget, the value typed, the value shown.

An editor turns a stored value into what the widget shows (`show`) and the widget's content
back into a raw value for `db.validation.clean_values` (`raw`): text as typed (the cleaner
normalises it), a number, a 0/1 flag, an enumeration id, a list. Dates are typed, not picked:
`08/03/1985`, or a year alone where a birth date knows no more, which a calendar widget
cannot take.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QRegularExpression, QStringListModel, Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from db import catalogues
from db.schema import Field, choice_label
from ui import strings
from ui.models.cell_format import day_text, list_items
from ui.widgets.combos import type_ahead

FIELD_HEIGHT = 34  # pixels: large enough to hit, small enough for two columns on 768 lines
NO_VALUE = -1  # the spin boxes' "nothing entered"
MAX_NUMBER = 2_000_000_000  # QSpinBox holds 32 bits; no count or allowance comes near


class Editor:
    """The widget of one field; `changed` is called on every edit a person makes."""

    widget: QWidget

    def __init__(self, table: str, field: Field, changed: Callable[[], None]) -> None:
        self.table = table
        self.field = field
        self.changed = changed

    def raw(self) -> Any:
        """The value as entered, for `clean_values` (None when nothing is entered)."""
        raise NotImplementedError

    def show(self, stored: Any) -> None:
        """Show a stored value (None: empty)."""
        raise NotImplementedError

    def restore(self, raw: Any) -> None:
        """Show a value as `raw` returned it (a draft being brought back)."""
        self.show(raw)

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        """The widget that takes the keyboard for this field."""
        return self.widget


class TextEditor(Editor):
    """Names, text, phone, e-mail, citizen ID, year: a line as typed."""

    def __init__(self, table: str, field: Field, changed: Callable[[], None]) -> None:
        super().__init__(table, field, changed)
        self.widget = self.line = QLineEdit()
        self.line.setMinimumHeight(FIELD_HEIGHT)
        if field.kind == "year":
            self.line.setValidator(_pattern(r"\d{0,4}", self.line))
            self.line.setPlaceholderText(strings.YEAR_PLACEHOLDER)
        elif field.kind == "citizen_id":
            self.line.setValidator(_pattern(r"[\d .]{0,16}", self.line))
        elif field.kind == "phone":
            self.line.setValidator(_pattern(r"[\d +.\-()]{0,18}", self.line))
        self.line.textEdited.connect(lambda _text: changed())

    def raw(self) -> Any:
        return self.line.text() or None

    def show(self, stored: Any) -> None:
        self.line.setText("" if stored is None else str(stored))

    def restore(self, raw: Any) -> None:
        self.line.setText("" if raw is None else str(raw))

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)  # still selectable: a viewer may copy a phone number


class CatalogueEditor(TextEditor):
    """Ethnicity, religion: a line that offers the catalogue's entries containing what is typed,
    tones or not ("tay" → Tày); a match is written in the official spelling when the line is
    left. "Khác" clears the line for a value of one's own, kept as typed."""

    def __init__(self, table: str, field: Field, changed: Callable[[], None]) -> None:
        super().__init__(table, field, changed)
        self.catalogue = str(field.catalogue)
        self.entries = QStringListModel(list(catalogues.CATALOGUES[self.catalogue]), self.line)
        self.completer = QCompleter(self.entries, self.line)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.line.setCompleter(self.completer)
        self.line.setPlaceholderText(strings.CATALOGUE_PLACEHOLDER)
        self.line.textEdited.connect(self._offer)
        self.completer.activated.connect(self._chosen)
        self.line.editingFinished.connect(self._settle)

    def _offer(self, text: str) -> None:
        self.entries.setStringList(catalogues.search(self.catalogue, text))
        if text and not self.line.isReadOnly():
            self.completer.complete()

    def _chosen(self, entry: str) -> None:
        if entry == catalogues.OTHER:
            # After the completer has written its choice in the line: then make room.
            QTimer.singleShot(0, self._other)
        else:
            self.line.setText(entry)
        self.changed()

    def _other(self) -> None:
        self.line.clear()
        self.line.setPlaceholderText(strings.CATALOGUE_OTHER_PLACEHOLDER)
        self.line.setFocus()
        self.changed()

    def _settle(self) -> None:
        """An entry typed without tones shown in its official spelling."""
        text = self.line.text()
        entry = catalogues.official(self.catalogue, text) if text.strip() else None
        if entry and entry != text and entry != catalogues.OTHER:
            self.line.setText(entry)
            self.changed()


class DateEditor(TextEditor):
    """A date typed as dd/mm/yyyy (a birth date may be a year alone)."""

    def __init__(self, table: str, field: Field, changed: Callable[[], None]) -> None:
        super().__init__(table, field, changed)
        self.line.setValidator(_pattern(r"[\d/.\-]{0,10}", self.line))
        birth = field.kind == "birth_date"
        self.line.setPlaceholderText(
            strings.BIRTH_DATE_PLACEHOLDER if birth else strings.DATE_PLACEHOLDER
        )

    def show(self, stored: Any) -> None:
        self.line.setText(day_text(stored))


class ListTextEditor(TextEditor):
    """A list of free words (special groups, target groups), separated by commas."""

    def __init__(self, table: str, field: Field, changed: Callable[[], None]) -> None:
        super().__init__(table, field, changed)
        self.line.setPlaceholderText(strings.LIST_PLACEHOLDER)

    def raw(self) -> Any:
        items = [part.strip() for part in self.line.text().split(",")]
        return [item for item in items if item] or None

    def show(self, stored: Any) -> None:
        self.line.setText(", ".join(list_items(stored)))

    def restore(self, raw: Any) -> None:
        self.line.setText(", ".join(raw or []))


class _NumberBox(QSpinBox):
    """A spin box that may be left empty, with dot thousands (`1.500.000`)."""

    def textFromValue(self, value: int) -> str:
        return "" if value == self.minimum() else f"{value:,}".replace(",", ".")

    def valueFromText(self, text: str) -> int:
        digits = "".join(c for c in text if c.isdigit())
        return int(digits) if digits else self.minimum()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        body = text.removesuffix(self.suffix()).strip().replace(".", "").replace(" ", "")
        if body and (not body.isdigit() or int(body) > self.maximum()):
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos


class NumberEditor(Editor):
    """Counts and money (whole đồng): a spin box, empty when nothing is known."""

    def __init__(self, table: str, field: Field, changed: Callable[[], None]) -> None:
        super().__init__(table, field, changed)
        self.widget = self.box = _NumberBox()
        self.box.setMinimumHeight(FIELD_HEIGHT)
        self.box.setRange(NO_VALUE, MAX_NUMBER)
        self.box.setValue(NO_VALUE)
        self.box.setSingleStep(100_000 if field.kind == "money" else 1)
        if field.kind == "money":
            self.box.setSuffix(strings.MONEY_SUFFIX)
        self.box.valueChanged.connect(lambda _value: changed())

    def raw(self) -> Any:
        value = self.box.value()
        return None if value == NO_VALUE else value

    def show(self, stored: Any) -> None:
        self.box.blockSignals(True)
        self.box.setValue(NO_VALUE if stored is None else int(stored))
        self.box.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.box.setReadOnly(read_only)
        self.box.setButtonSymbols(
            QSpinBox.ButtonSymbols.NoButtons if read_only else QSpinBox.ButtonSymbols.UpDownArrows
        )


class BoolEditor(Editor):
    """A yes/no: a check box carrying the field's label."""

    def __init__(self, table: str, field: Field, changed: Callable[[], None]) -> None:
        super().__init__(table, field, changed)
        self.widget = self.box = QCheckBox(field.label)
        self.box.setMinimumHeight(FIELD_HEIGHT)
        self._stored: Any = None
        self._touched = False
        self.box.toggled.connect(self._toggled)

    def _toggled(self, _checked: bool) -> None:
        self._touched = True
        self.changed()

    def raw(self) -> Any:
        if self._stored is None and not self._touched:
            return None  # not recorded, and still not: no change to store
        return int(self.box.isChecked())

    def show(self, stored: Any) -> None:
        self._stored, self._touched = stored, False
        self.box.blockSignals(True)
        self.box.setChecked(bool(stored))
        self.box.blockSignals(False)

    def restore(self, raw: Any) -> None:
        self.show(None)
        if raw is not None:
            self.box.setChecked(bool(raw))  # marks the box as touched


class ChoiceEditor(Editor):
    """An enumeration, or a branch: a drop-down list of labels carrying the stored ids."""

    def __init__(self, table: str, field: Field, changed: Callable[[], None]) -> None:
        super().__init__(table, field, changed)
        self.widget = self.combo = QComboBox()
        self.combo.setMinimumHeight(FIELD_HEIGHT)
        self.combo.setMaxVisibleItems(20)
        type_ahead(self.combo)  # a branch by "dong" for "Chi hội Thôn Đông"; tones ignored
        self.combo.activated.connect(lambda _index: changed())
        if field.kind == "enum":
            self.set_choices([(c, choice_label(table, field.name, c)) for c in field.choices])

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """(id, label) pairs, after an empty choice; the current value is kept if still there."""
        current = self.raw()
        self.combo.blockSignals(True)
        self.combo.clear()
        if self.field.kind != "ref":
            empty = strings.NO_CHOICE
        else:
            empty = strings.CHOOSE_BRANCH if self.field.required else strings.NO_BRANCH
        self.combo.addItem(empty, None)
        for value, label in choices:
            self.combo.addItem(label, value)
        self.combo.blockSignals(False)
        self.show(current)

    def raw(self) -> Any:
        return self.combo.currentData()

    def show(self, stored: Any) -> None:
        index = self.combo.findData(stored) if stored is not None else 0
        if index < 0:  # a branch deleted since, or an id unknown here: still shown, not lost
            self.combo.addItem(strings.UNKNOWN_CHOICE, stored)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class MultiChoiceEditor(Editor):
    """A list of enumeration ids (concurrent roles): one check box per choice."""

    def __init__(self, table: str, field: Field, changed: Callable[[], None]) -> None:
        super().__init__(table, field, changed)
        self.widget = QWidget()
        grid = QGridLayout(self.widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        self.boxes: dict[str, QCheckBox] = {}
        for n, choice in enumerate(field.choices):
            box = QCheckBox(choice_label(table, field.name, choice))
            box.toggled.connect(lambda _checked: changed())
            grid.addWidget(box, n // 2, n % 2)
            self.boxes[choice] = box

    def raw(self) -> Any:
        return [c for c, box in self.boxes.items() if box.isChecked()] or None

    def show(self, stored: Any) -> None:
        chosen = set(stored if isinstance(stored, list) else list_items(stored))
        for choice, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(choice in chosen)
            box.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        for box in self.boxes.values():
            box.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()))


def _pattern(regex: str, parent: QWidget) -> QRegularExpressionValidator:
    return QRegularExpressionValidator(QRegularExpression(regex), parent)


def make_editor(table: str, field: Field, changed: Callable[[], None]) -> Editor:
    """The editor for `field`'s kind."""
    kind = field.kind
    if kind in ("date", "birth_date"):
        return DateEditor(table, field, changed)
    if kind in ("int", "money"):
        return NumberEditor(table, field, changed)
    if kind == "bool":
        return BoolEditor(table, field, changed)
    if kind in ("enum", "ref"):
        return ChoiceEditor(table, field, changed)
    if kind == "enum_list":
        return MultiChoiceEditor(table, field, changed)
    if kind == "text_list":
        return ListTextEditor(table, field, changed)
    if field.catalogue is not None:
        return CatalogueEditor(table, field, changed)
    return TextEditor(table, field, changed)
