"""What the list and form tests share: a demo commune signed in once per module, and hands.

A demo unit costs an Argon2id sign-in and ~1 s of writes, so each test module makes one
(`demo_session`) and its tests add records of their own, never relying on another test's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.demo.unit import create_demo
from desktop.security.session import Session
from tests.ui.conftest import type_text
from ui.main_window import MainWindow
from ui.pages.table_page import TablePage

DEMO_MEMBERS = 300


def make_demo(folder: Path) -> Session:
    """The demo commune with DEMO_MEMBERS members, its admin signed in."""
    return create_demo(folder / "unit", members=DEMO_MEMBERS)


def open_window(qtbot, session: Session) -> MainWindow:
    """The main window on screen for `session` (the idle lock out of the way)."""
    window = MainWindow(session, idle_check_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    make_active(qtbot, window)
    return window


def make_active(qtbot, window: QWidget) -> None:
    """Make `window` the active one: keys and Ctrl+… shortcuts go to the active window.

    The previous test's window, closing, can take the activation away once more: wait until
    the window has stayed active a moment.
    """
    for _ in range(5):
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        qtbot.wait(30)
        if window.isActiveWindow():
            return
    raise AssertionError("the window does not stay active")


def click_section(qtbot, window: MainWindow, label: str) -> None:
    """Click the navigation entry that reads `label`."""
    [item] = window.navigation.findItems(label, Qt.MatchFlag.MatchExactly)
    rect = window.navigation.visualItemRect(item)
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    make_active(qtbot, window)


def show_members(qtbot, window: MainWindow) -> TablePage:
    """The "Hội viên" page, opened by a click in the navigation, the focus in its list."""
    click_section(qtbot, window, "Hội viên")
    page = window.pages.currentWidget()
    assert isinstance(page, TablePage) and page.table == "members"
    page.panel.table.setFocus()
    return page


def press(qtbot, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def retype(qtbot, widget: QWidget, text: str) -> None:
    """Select everything in a line edit and type `text` over it."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(widget, text)


def answer_question(button_text: str, seen: list[str] | None = None) -> None:
    """Click `button_text` on the next question box as soon as it is on screen."""

    def attempt(tries: int = 0) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if seen is not None:
                seen.append(f"{box.text()}\n{box.informativeText()}")
            for button in box.buttons():
                if button.text() == button_text:
                    button.click()
                    return
            raise AssertionError(f"no button {button_text!r} on {box.text()!r}")
        if tries < 200:
            QTimer.singleShot(20, lambda: attempt(tries + 1))

    QTimer.singleShot(0, attempt)


def choose_in_combo(qtbot, combo, label: str) -> None:
    """Pick `label` in a drop-down with the keyboard, as a person would (Home, then Down…)."""
    combo.setFocus()
    index = combo.findText(label)
    assert index >= 0, label
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(index):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == label


def tick(qtbot, box) -> None:
    """Click a check box on its square (its middle may be empty space right of its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def click_header(qtbot, page: TablePage, label: str) -> None:
    """Click the heading of the list's column `label` (sorts by it)."""
    header = page.panel.table.horizontalHeader()
    model = page.model
    for column in range(model.columnCount()):
        if model.headerData(column, Qt.Orientation.Horizontal) == label:
            x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
            return
    raise AssertionError(label)


def shown_column(page: TablePage, name: str) -> list[str]:
    """The texts of column `name` for every row shown, top to bottom."""
    model = page.model
    column = model.columns.index(name)
    return [model.index(r, column).data() for r in range(model.rowCount())]


def wait_for(qtbot, condition: Callable[[], bool], timeout: int = 3000) -> None:
    qtbot.waitUntil(condition, timeout=timeout)
