"""The window with a large commune: first paint of the members list, filtering as one types,
memory, and the time to the login window. Goals (docs/PERFORMANCE.md, "The window"):

- members list of 20,000: first paint ≤ 300 ms, each filter keystroke ≤ 50 ms;
- peak memory with 20,000 members on screen ≤ 300 MB;
- start to the login window ≤ 1.5× a bare QApplication + empty QMainWindow started the same way.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from db.lists import LIST_SPECS, fetch_rows
from desktop.demo.unit import DEMO_PASSWORD, create_demo
from ui.pages.table_page import TablePage

from .conftest import best_of

N = 20_000
ROOT = Path(__file__).resolve().parents[2]
FIRST_PAINT_GOAL_MS = 300
KEYSTROKE_GOAL_MS = 50
MEMORY_GOAL_MB = 300
START_GOAL_RATIO = 1.5
START_ROUNDS = 7
QUERY = "nguyen thi anh"


@pytest.fixture(scope="module")
def big_unit(tmp_path_factory) -> Path:
    """A demo commune of 20,000 members on disk, nobody signed in."""
    folder = tmp_path_factory.mktemp("ui-bench") / "unit"
    create_demo(folder, members=N).close()
    return folder


@pytest.fixture(scope="module")
def session(big_unit):
    from desktop.installation.setup import login

    s = login(big_unit, "admin", DEMO_PASSWORD)
    yield s
    s.close()


class _Painted(QObject):
    """Notes when a widget has been painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def _first_paint(session, app: QApplication) -> tuple[float, TablePage]:
    """Seconds from nothing to the members list painted on screen, and the page."""
    start = time.perf_counter()
    page = TablePage(session, "members")
    page.resize(1180, 720)
    watch = _Painted()
    page.panel.table.viewport().installEventFilter(watch)
    page.show()
    while not watch.painted:
        app.processEvents()
    elapsed = time.perf_counter() - start
    page.panel.table.viewport().removeEventFilter(watch)
    return elapsed, page


def test_first_paint_of_20000_members(app, session, report):
    spec = LIST_SPECS["members"]
    t_query, rows = best_of(3, lambda: fetch_rows(session.store, spec))
    assert len(rows) == N
    times = []
    for _ in range(3):
        elapsed, page = _first_paint(session, app)
        assert page.model.rowCount() == N
        times.append(elapsed)
        page.close()
        page.deleteLater()
        app.processEvents()
    best = min(times)
    report.add(
        f"members list, {N:,} rows, first paint: {best * 1000:.0f} ms (of which the query "
        f"{t_query * 1000:.0f} ms); goal ≤ {FIRST_PAINT_GOAL_MS} ms → "
        f"{best * 1000 / FIRST_PAINT_GOAL_MS:.2f}× the goal"
    )
    assert best * 1000 <= FIRST_PAINT_GOAL_MS


def test_each_filter_keystroke(app, session, report):
    _, page = _first_paint(session, app)
    search, viewport = page.panel.search, page.panel.table.viewport()
    search.setFocus()
    per_key = []
    for rounds in range(3):
        search.clear()
        app.processEvents()
        for ch in QUERY:
            start = time.perf_counter()
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                search,
                Qt.Key.Key_unknown,
                ch,
                Qt.KeyboardModifier.NoModifier,
            )
            viewport.repaint()  # the rows on screen drawn again, synchronously
            app.processEvents()
            if rounds:  # the first round builds the search index: counted apart
                per_key.append(time.perf_counter() - start)
    shown = page.model.rowCount()
    page.close()
    worst, median = max(per_key) * 1000, statistics.median(per_key) * 1000
    report.add(
        f"filter as you type “{QUERY}” over {N:,} members ({shown:,} left): median "
        f"{median:.1f} ms, worst {worst:.1f} ms per key; goal ≤ {KEYSTROKE_GOAL_MS} ms → "
        f"{worst / KEYSTROKE_GOAL_MS:.2f}× the goal"
    )
    assert worst <= KEYSTROKE_GOAL_MS


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    for name in ("SOHOI_DATA", "SOHOI_PASSWORD"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, *args] if not code else [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=300,
    )


def test_peak_memory_with_20000_members(big_unit, report):
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from desktop.installation.setup import login
        from ui.app import create_application
        from ui.main_window import MainWindow
        app = create_application()
        session = login(Path(sys.argv[1]), "admin", sys.argv[2])
        window = MainWindow(session)
        window.show()
        page = window.show_section("members")
        app.processEvents()
        for ch in "nguyen":
            page.panel.search.setText(page.panel.search.text() + ch)
            app.processEvents()
        page.panel.search.clear()
        app.processEvents()
        overview = window.show_section("overview")
        while overview.checking():
            app.processEvents()
        # VmHWM, not ru_maxrss: started by fork and exec, this process would keep in ru_maxrss
        # the peak of pytest's (which grows with the benches run before this one).
        status = Path("/proc/self/status").read_text().splitlines()
        print(next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) // 1024)
        """
    )
    peak_mb = int(_run(code, str(big_unit), DEMO_PASSWORD).stdout.split()[-1])
    report.add(
        f"peak memory, {N:,} members listed and checked: {peak_mb} MB; goal ≤ "
        f"{MEMORY_GOAL_MB} MB → {peak_mb / MEMORY_GOAL_MB:.2f}× the goal"
    )
    assert peak_mb <= MEMORY_GOAL_MB


BARE_WINDOW = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(720, 680)
    window.show()
    app.processEvents()
    window.grab().save(sys.argv[1])
    """
)


def test_start_to_the_login_window(big_unit, tmp_path, report):
    shot = str(tmp_path / "shot.png")
    # Our modules compiled once, as the installed program has them (PySide6's and the standard
    # library's already are): with PYTHONDONTWRITEBYTECODE set, as on CI machines, every start
    # would otherwise compile db/, desktop/ and ui/ from source again.
    for package in ("db", "desktop", "ui"):
        compileall.compile_dir(str(ROOT / package), quiet=1)

    def ours() -> None:
        _run("", "-m", "desktop", "--data", str(big_unit), "--screenshot", shot)

    def bare() -> None:
        _run(BARE_WINDOW, shot)

    bare()  # warm the file cache for both
    ours()
    # Alternated, so that a busy moment of the machine falls on both sides alike; the fastest
    # of each (each run is ~0.2 s: a stray process shows up as a slow run, not as the best).
    t_bare = t_ours = float("inf")
    for _ in range(START_ROUNDS):
        t_bare = min(t_bare, best_of(1, bare)[0])
        t_ours = min(t_ours, best_of(1, ours)[0])
    ratio = t_ours / t_bare
    report.add(
        f"start to the login window: {t_ours * 1000:.0f} ms vs bare QApplication + QMainWindow "
        f"{t_bare * 1000:.0f} ms → {ratio:.2f}× (goal ≤ {START_GOAL_RATIO}×)"
    )
    assert ratio <= START_GOAL_RATIO


@pytest.fixture
def app(qapp):
    from ui.app import setup_application

    setup_application(qapp)
    return qapp
