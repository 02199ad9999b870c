"""Drop-down lists and lists that are easy to pick from: at least `MIN_VISIBLE_ITEMS` entries on
screen at once, and type-ahead that ignores tones, case and the word every entry starts with.

Every entry of the province list starts with "Tỉnh" or "Thành phố", a commune's with "Xã",
"Phường" or "Đặc khu", a branch's with "Chi hội": Qt's own type-ahead compares the first letters
exactly, so typing "bac" finds nothing. `type_ahead(widget)` makes typing "bac", "Bắc" or
"tinh bac" jump to "Tỉnh Bắc Ninh" (`db.text.type_ahead_key`); letters typed within Qt's
keyboard input interval add up, as in Qt's own search.

The style sheet (`combobox-popup: 0`) opens every drop-down as a list under the box rather than
over it, so `maxVisibleItems` holds even near the bottom of a 768-pixel screen.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox

from db.text import fold, type_ahead_key

MIN_VISIBLE_ITEMS = 12


def roomy(combo: QComboBox) -> QComboBox:
    """`combo` showing at least `MIN_VISIBLE_ITEMS` entries when it opens."""
    combo.setMaxVisibleItems(max(combo.maxVisibleItems(), MIN_VISIBLE_ITEMS))
    return combo


def matching_row(texts: list[str], typed: str) -> int:
    """The first of `texts` that `typed` starts, without tones and kind word; else the first
    with a word that it starts; -1 when none."""
    key = fold(typed)
    if not key:
        return -1
    for row, text in enumerate(texts):
        if type_ahead_key(text).startswith(key):
            return row
    for row, text in enumerate(texts):
        if fold(text).startswith(key):  # "tinh bac": the whole name typed
            return row
    for row, text in enumerate(texts):
        if f" {key}" in f" {fold(text)}":  # "doai" for "Chi hội Thôn Đoài": a later word
            return row
    return -1


class TypeAhead(QObject):
    """The event filter behind `type_ahead`: typed letters pick the first matching entry."""

    def __init__(self, owner: QComboBox | QAbstractItemView) -> None:
        super().__init__(owner)
        self.owner = owner
        self.typed = ""
        self.clock = QElapsedTimer()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        text = event.text()
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if modifiers or not text or not text.isprintable():
            return False
        interval = QApplication.keyboardInputInterval()
        if not self.clock.isValid() or self.clock.elapsed() > interval:
            self.typed = ""
        if text == " " and not self.typed:
            return False  # Space opens a closed drop-down, as always
        self.clock.start()
        self.typed += text
        self._jump()
        return True

    def _jump(self) -> None:
        owner = self.owner
        if isinstance(owner, QComboBox):
            texts = [owner.itemText(i) for i in range(owner.count())]
        else:
            model = owner.model()
            texts = [str(model.index(i, 0).data() or "") for i in range(model.rowCount())]
        row = matching_row(texts, self.typed)
        if row < 0:
            return
        if isinstance(owner, QComboBox):
            if owner.view().isVisible():
                owner.view().setCurrentIndex(owner.model().index(row, owner.modelColumn()))
            elif row != owner.currentIndex():
                owner.setCurrentIndex(row)
                owner.activated.emit(row)  # as Qt's own type-ahead: the person chose it
                owner.textActivated.emit(owner.itemText(row))
        else:
            owner.setCurrentIndex(owner.model().index(row, 0))


def type_ahead[W: QComboBox | QAbstractItemView](widget: W) -> W:
    """`widget` (a drop-down, roomy too, or a list) jumping to the entry typed, tones and the
    leading "Tỉnh", "Xã", "Chi hội" … ignored."""
    search = TypeAhead(widget)
    widget.installEventFilter(search)
    if isinstance(widget, QComboBox):
        roomy(widget)
        widget.view().installEventFilter(search)
    return widget
