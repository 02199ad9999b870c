"""The Báo cáo page's choice of period: the unit report of a closed period at a commune (a
warning, no file, while it is not closed), the summary of a period at a province (the sums of
the communes' closed snapshots), live figures by default."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.demo.unit import create_demo
from desktop.periods.closing import close_period
from desktop.security.session import Session
from tests.desktop.sync_helpers import template, world  # noqa: F401  (fixtures)
from tests.desktop.test_period_summary_report import TITLE, _closes
from ui import strings
from ui.pages.reports_page import ReportsPage

TODAY = date(2026, 7, 10)


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(path)).pages)


def _page(qtbot, session: Session) -> ReportsPage:
    page = ReportsPage(session)
    qtbot.addWidget(page)
    page.show()
    return page


def _make(qtbot, page: ReportsPage, out: Path):
    page.path_edit.setText(str(out))
    with qtbot.waitSignal(page.finished, timeout=30_000) as made:
        page.generate_button.click()
    return made.args[0]


@pytest.fixture
def commune(tmp_path: Path) -> Iterator[Session]:
    session = create_demo(tmp_path / "demo", members=30)
    session.store.today = lambda: TODAY
    yield session
    session.close()


def test_a_commune_prints_the_unit_report_of_a_closed_period(app, qtbot, commune, tmp_path):
    page = _page(qtbot, commune)
    combo = page.period_combo
    assert page.kind() == "unit" and combo.isVisibleTo(page)
    assert combo.itemText(0) == strings.REPORT_PERIOD_LIVE and page.period_id() is None
    assert combo.itemText(1) == "6 tháng đầu năm 2026 · Chưa chốt"  # newest first
    page.choose_period("2026-H1")
    assert page.period_id() == "2026-H1" and "2026-H1" in page.path_edit.text()
    out = tmp_path / "ky.pdf"
    assert _make(qtbot, page, out) is None and not out.exists()  # not closed: a warning
    assert page.notice.text() == strings.report_period_not_closed("6 tháng đầu năm 2026")
    assert "Chưa thực hiện được" not in page.notice.text()

    close_period(commune, "2026-H1")
    page.refresh()
    assert combo.currentText() == "6 tháng đầu năm 2026 · Đã chốt"  # the choice kept
    result = _make(qtbot, page, out)
    assert result is not None and result.path == out
    text = _text(out)
    assert "Kỳ báo cáo 6 tháng đầu năm 2026, số liệu chốt đến ngày 30/06/2026" in text

    page.choose("roster")  # the choice applies to the unit report only
    assert not combo.isVisibleTo(page) and page.period_id() is None
    page.choose("unit")
    page.choose_period(None)
    live = tmp_path / "live.pdf"
    assert _make(qtbot, page, live) is not None
    assert "Số liệu tính đến ngày" in _text(live)


def test_a_province_prints_the_summary_of_a_period(app, qtbot, world, tmp_path):  # noqa: F811
    for code in ("20", "06001", "06002"):
        world[code].store.today = lambda: TODAY
    _closes(world, tmp_path)
    page = _page(qtbot, world["20"])
    assert page.kind_buttons["summary"].isVisibleTo(page)
    assert page.kind_buttons["periods"].isVisibleTo(page)  # the sums of the communes' periods
    assert not page.period_combo.isVisibleTo(page)  # the unit report of a province: live
    page.choose("summary")
    assert page.period_combo.isVisibleTo(page)
    labels = [page.period_combo.itemText(n) for n in range(page.period_combo.count())]
    assert labels[:2] == [strings.REPORT_PERIOD_LIVE, "6 tháng đầu năm 2026"]
    page.choose_period("2026-H1")
    out = tmp_path / "tong-hop.pdf"
    result = _make(qtbot, page, out)
    assert result is not None and result.path == out
    text = _text(out)
    assert TITLE in text and "Tổng cộng (2 cơ sở đã chốt) 3 9" in text
    assert "Gói số liệu gần nhất" not in text  # the frozen figures, not the live summary

    page.choose("periods")
    result = _make(qtbot, page, tmp_path / "so-sanh.pdf")
    assert result is not None and "cơ sở đã chốt" in _text(result.path)
