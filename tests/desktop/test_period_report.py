"""The period-over-period report: the standing snapshot of each closed period of the term, "—"
where a period is not closed (never a zero), the term target, a chart per indicator."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop.installation.setup import NewUnit, create_unit
from desktop.periods.closing import close_period, reopen_period
from desktop.reports.period_report import load_comparison, periods_report
from desktop.security.session import Session
from tests.desktop.test_cli import password, run, unit  # noqa: F401
from tests.desktop.test_reports import pdf_text

# Closed on a day after each cut-off; 2026-H1 is never closed.
CLOSES = (("2025-H1", date(2025, 7, 3)), ("2025-Y", date(2026, 1, 6)), ("2026-Y", date(2027, 1, 4)))
TODAY = date(2027, 1, 10)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    created = create_unit(
        tmp_path / "unit",
        NewUnit("C1", "Hội LHPN xã Tân Phú", "commune", parent_code="P1"),
        admin_password="mat-khau-thu",
    )
    s = created.session
    store = s.store
    branch = store.save("branches", {"name": "Chi hội Thôn Đông", "uses_social_media": True})
    store.save(
        "branch_heads",
        {"branch_id": branch.ids[0], "full_name": "Nguyễn Thị Ánh", "is_party_member": True},
    )
    store.save("members", {"branch_id": branch.ids[0], "full_name": "Trần Thị Bích"})
    yield s
    s.close()


def _close_three(session: Session) -> None:
    """2025-H1 and 2025-Y with one branch on social media of one; 2026-Y with one of two."""
    store = session.store
    for period_id, day in CLOSES:
        if period_id == "2026-Y":
            store.save("branches", {"name": "Chi hội Thôn Tây", "uses_social_media": False})
        store.today = lambda day=day: day
        close_period(session, period_id)
    store.today = lambda: TODAY


def _row(comparison, indicator_id: str) -> list[str]:
    n = [r.id for r in comparison.rows].index(indicator_id)
    return comparison.cells()[n]


def test_the_table_has_each_closed_periods_value_and_a_dash_for_the_open_one(
    session: Session,
) -> None:
    _close_three(session)
    comparison = load_comparison(session.store.db, "C1", TODAY)
    ids = [c.period.id for c in comparison.columns]
    assert ids == ["2024-H1", "2024-Y", "2025-H1", "2025-Y", "2026-H1", "2026-Y"]  # the last six
    assert [c.snapshot is not None for c in comparison.columns] == [
        False,
        False,
        True,
        True,
        False,
        True,
    ]
    #        STT, label, 2024-H1, 2024-Y, 2025-H1, 2025-Y, 2026-H1, 2026-Y, target
    social = _row(comparison, "branches_using_social_media")
    assert social[2:] == ["—", "—", "100,00%", "100,00%", "—", "50,00%", "—"]
    heads = _row(comparison, "branch_heads_party_members")
    assert heads[2:8] == ["—", "—", "100,00%", "100,00%", "—", "100,00%"]
    allowance = _row(comparison, "heads_monthly_allowance")
    assert allowance[-1] == "≥ 90%"  # the 2022-2027 term target
    # The open period is a gap in every row, never a zero.
    assert all(row[6] == "—" for row in comparison.cells())


def test_a_corrected_period_shows_its_standing_version(session: Session) -> None:
    _close_three(session)
    store = session.store
    reopen_period(session, "2025-Y", "Bổ sung chi hội mới thành lập")
    store.save("branches", {"name": "Chi hội Thôn Bắc", "uses_social_media": True})
    store.save("branches", {"name": "Chi hội Thôn Nam", "uses_social_media": False})
    close_period(session, "2025-Y")  # 2 of 4 branches on social media now
    comparison = load_comparison(store.db, "C1", TODAY)
    column = next(c for c in comparison.columns if c.period.id == "2025-Y")
    assert column.snapshot is not None and column.snapshot.version == 2
    social = _row(comparison, "branches_using_social_media")
    assert social[2:8] == ["—", "—", "100,00%", "50,00%", "—", "50,00%"]
    # Reopened and not closed again: the period is open, a gap.
    reopen_period(session, "2025-H1", "Kiểm tra lại")
    social = _row(load_comparison(store.db, "C1", TODAY), "branches_using_social_media")
    assert social[4] == "—"


def test_the_pdf_names_the_periods_and_the_indicators(session: Session, tmp_path: Path) -> None:
    _close_three(session)
    result = periods_report(session, tmp_path / "ky.pdf")
    text = " ".join(pdf_text(result.path))
    assert result.pages >= 2
    assert "Số liệu các kỳ báo cáo của Hội LHPN xã Tân Phú so với mục tiêu nhiệm kỳ 2022–2027" in (
        text
    )
    for name in ("6 tháng đầu năm 2025", "Cả năm 2025", "6 tháng đầu năm 2026", "Cả năm 2026"):
        assert name in text
    assert "Đã chốt lần 1, ngày 06/01/2026" in text and "Chưa chốt" in text
    assert "Chi hội sử dụng mạng xã hội trong hoạt động Hội" in text  # the table's label
    assert "Chi hội dùng mạng xã hội" in text  # the chart's title
    assert "Mục tiêu nhiệm kỳ: ≥ 90%" in text and "chưa chốt" in text


def test_no_period_of_the_term_yet(session: Session, tmp_path: Path) -> None:
    result = periods_report(session, tmp_path / "ky.pdf", today=date(2022, 3, 1))
    assert "Chưa có kỳ báo cáo nào của nhiệm kỳ 2022–2027" in " ".join(pdf_text(result.path))


def test_cli_report_kind_periods(unit, tmp_path, capsys) -> None:  # noqa: F811
    pdf = tmp_path / "ky.pdf"
    code, out = run("report", "--data", str(unit), "--kind", "periods", "--out", str(pdf))
    assert code == 0 and "báo cáo so sánh các kỳ" in out and pdf.exists()
    assert "CÁC CHỈ TIÊU QUA CÁC KỲ" in " ".join(pdf_text(pdf))
    args = ("report", "--data", str(unit), "--kind", "periods", "--unit", "X", "--out", str(pdf))
    code, _ = run(*args)
    assert code == 2 and "bỏ --unit" in capsys.readouterr().err
