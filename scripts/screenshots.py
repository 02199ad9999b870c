"""Render the main screens with the demo commune, offscreen, into docs/screenshots/*.png.

    make screenshots        (or: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py)

The demo commune is made afresh in a temporary folder (2,000 members, dated `DAY`), signed in
as its admin, and each screen is driven as a person would drive it (typing, Enter) before it
is grabbed. Nothing is written outside the temporary folder and docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# A UI tool: it drives the window itself, so it may use Qt as ui/ does.
from PySide6.QtCore import Qt  # noqa: E402, TID251
from PySide6.QtTest import QTest  # noqa: E402, TID251
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402, TID251

from desktop.demo import DEMO_PASSWORD, create_demo  # noqa: E402
from desktop.gui import DEMO_USERNAME  # noqa: E402
from ui import strings  # noqa: E402
from ui.app import create_application  # noqa: E402
from ui.login_window import LoginWindow  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.pages.table_page import TablePage  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
DAY = date(2026, 11, 20)  # the demo's data are dated from this day: the pictures stay the same
MEMBERS = 2000
FILES = ("login.png", "overview.png", "members.png", "member-form.png", "lock.png")


def type_text(widget: QWidget, text: str) -> None:
    """Type a key at a time (QTest.keyClicks cannot type Vietnamese letters)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def settle(app: QApplication, until: Callable[[], bool] = lambda: True, limit: float = 15) -> None:
    """Let the window finish what it is doing (background checks, pending paints)."""
    deadline = time.monotonic() + limit
    while not until() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, name: str) -> Path:
    path = OUT / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"  {path.relative_to(ROOT)}")
    return path


def main() -> int:
    app = create_application()
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="sohoi-"))
    try:
        data_dir = folder / "du-lieu"
        session = create_demo(data_dir, members=MEMBERS, today=DAY)
        session.close()

        login = LoginWindow(
            data_dir,
            hint=strings.demo_hint(DEMO_USERNAME, DEMO_PASSWORD),
            username=DEMO_USERNAME,
        )
        login.show()
        settle(app)
        with_signed_in: list = []
        login.signed_in.connect(with_signed_in.append)
        save(login, "login.png")
        type_text(login.prompt.password, DEMO_PASSWORD)
        QTest.keyClick(login.prompt.password, Qt.Key.Key_Return)
        settle(app, lambda: bool(with_signed_in))
        login.close()
        session = with_signed_in[0]
        session.store.today = lambda: DAY

        window = MainWindow(session)
        window.show()
        overview = window.page("overview")
        settle(app, lambda: not overview.checking())
        save(window, "overview.png")

        members = window.show_section("members")
        assert isinstance(members, TablePage)
        settle(app)
        members.panel.search.setFocus()
        type_text(members.panel.search, "nguyen thi")
        settle(app)
        save(window, "members.png")

        members.panel.search.clear()
        members.new_record()
        form = members.form
        branch = form.blocks["branch_id"].editor.combo
        branch.setCurrentIndex(2)
        form.blocks["full_name"].editor.line.setFocus()
        type_text(form.blocks["full_name"].editor.line, "Lê Thị Hồng Nhung")
        for name, text in (("birth_date", "15/08/1990"), ("citizen_id", "123456789")):
            form.blocks[name].editor.line.setFocus()
            type_text(form.blocks[name].editor.line, text)
        phone = form.blocks["phone"].editor.line
        phone.setFocus()
        type_text(phone, "12")
        QTest.keyClick(phone, Qt.Key.Key_Return)  # refused: the messages say why
        settle(app)
        save(window, "member-form.png")
        form.cancel()

        window.lock()
        settle(app)
        save(window, "lock.png")
        window.close()
        session.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    print(f"Screenshots in {OUT.relative_to(ROOT)}:")
    sys.exit(main())
