"""The summary of a period at a province and at the centre: printed from the communes' closed
snapshots only (an edit after closing changes the live summary, never the period's), each unit
with its state, the totals equal to the sums, the communes not closed named and counted; the
period comparison at an upper level; `sohoi report --kind summary --period` and its refusals."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.cli.main import main
from desktop.periods.closing import close_period, reopen_period, upper_summary
from desktop.reports.output import ReportError
from desktop.reports.period_report import load_comparison, periods_report
from desktop.reports.period_summary_report import period_summary_report
from desktop.reports.summary_data import reporting_from_ledger
from desktop.reports.summary_report import summary_report
from desktop.sync.export import export_up
from tests.desktop.test_reports import pdf_text, percent_text

from .sync_helpers import (  # noqa: F401  (fixtures)
    PASSWORD,
    add_members,
    import_files,
    template,
    world,
)

TODAY = date(2026, 7, 10)
NOW = datetime(2026, 7, 10, 9, 30)
TITLE = "Kỳ báo cáo: 6 tháng đầu năm 2026 — số liệu đến ngày 30/06/2026"
MISSING = "III. CƠ SỞ CHƯA CHỐT SỐ LIỆU KỲ NÀY (KHÔNG CÓ TRONG TỔNG)"


@pytest.fixture
def w(world):  # noqa: F811
    for code in ("TW", "20", "21", "06001", "06002", "07001"):
        world[code].store.today = lambda: TODAY
    return world


def _send(w, tmp_path, commune, province="20", name="stick"):
    paths = export_up(w[commune], tmp_path / f"{name}-{commune}").paths
    result = import_files(w[province], *paths)
    assert result.ok, [v.reason for v in result.verdicts]


def _head(session, branch, *, party):
    session.store.save(
        "branch_heads",
        {"branch_id": branch, "full_name": "Lò Thị Hoa", "is_party_member": party},
    )


def _closes(w, tmp_path):
    """06001 closes late (3 members, a head who is a party member); 06002 closes, reopens,
    adds a branch of 2 members and closes again (corrected: 4 + 2 members, one head who is
    not); every other commune of the province never closes."""
    branch, _ = add_members(w["06001"], 3)
    _head(w["06001"], branch, party=True)
    w["06001"].store.today = lambda: date(2026, 7, 20)  # after the due date, 15/07
    close_period(w["06001"], "2026-H1")
    _send(w, tmp_path, "06001")
    branch, _ = add_members(w["06002"], 4)
    _head(w["06002"], branch, party=False)
    close_period(w["06002"], "2026-H1")
    _send(w, tmp_path, "06002")
    reopen_period(w["06002"], "2026-H1", "Sót một chi hội")
    add_members(w["06002"], 2, prefix="Bổ sung")
    close_period(w["06002"], "2026-H1")
    _send(w, tmp_path, "06002", name="corrected")


def _text(path) -> str:
    return " ".join(pdf_text(path))


def test_the_period_summary_prints_the_summed_frozen_figures(w, tmp_path):
    _closes(w, tmp_path)
    province = w["20"]
    summary = upper_summary(province, "2026-H1")
    result = period_summary_report(province, tmp_path / "ky.pdf", "2026-H1", now=NOW)
    text = _text(result.path)
    assert "BÁO CÁO TỔNG HỢP" in text and TITLE in text
    n = len(summary.communes)
    assert f"2/{n} cơ sở Hội đã chốt số liệu kỳ này" in text
    # The totals are the summary's sums: 1 + 2 branches, 3 + 6 active members.
    assert summary.counts["branches"] == 3 and summary.counts["members"] == 9
    by_id = {i.id: i for i in summary.indicators}
    party = by_id["branch_heads_party_members"]
    assert (party.numerator, party.denominator) == (1, 2)
    ratio = f"1/2 · {percent_text(1, 2)}"
    assert f"Tổng cộng (2 cơ sở đã chốt) 3 9 {ratio}" in text
    assert f"Chi hội trưởng là đảng viên 1 2 {percent_text(1, 2)}" in text  # indicator table
    # Each commune with its state and its own closed figures; one not closed shows dashes.
    assert "Xã Tân Cương 06001 Chốt muộn 20/07/2026 (lần 1) 1 3 1/1 · 100,00%" in text
    assert "Xã Phúc Xuân 06002 Đã sửa 10/07/2026 (lần 2) 2 6 0/1 · 0,00%" in text
    never = summary.not_closed[0]  # a commune of the catalogue that never sent anything
    assert f"{never.code} Chưa chốt — — — — — — — — — —" in text
    # The communes not closed, counted and named, after the heading.
    missing = text[text.index(MISSING) :]
    assert f"{n - 2}/{n} cơ sở Hội chưa chốt số liệu kỳ này" in missing
    assert f"1 {never.code}" in missing and "06001" not in missing and "06002" not in missing
    # None of them sent a file: each marked, and counted.
    assert f"Trong đó {n - 2} cơ sở chưa gửi dữ liệu lần nào (*)." in missing
    assert missing.count("(*)") == n - 2 + 1
    assert result.fingerprint and result.pages >= 2


def test_an_edit_after_closing_changes_the_live_summary_not_the_periods(w, tmp_path):
    _closes(w, tmp_path)
    province = w["20"]
    before = period_summary_report(province, tmp_path / "a.pdf", "2026-H1", now=NOW)
    live_before = summary_report(province, tmp_path / "la.pdf", now=NOW)
    add_members(w["06001"], 5, prefix="Sau kỳ")  # after the close, received by the province
    _send(w, tmp_path, "06001", name="later")
    after = period_summary_report(province, tmp_path / "b.pdf", "2026-H1", now=NOW)
    live_after = summary_report(
        province, tmp_path / "lb.pdf", now=NOW, reporting=reporting_from_ledger(province.store.db)
    )
    assert pdf_text(after.path) == pdf_text(before.path)
    assert after.fingerprint == before.fingerprint
    assert live_after.fingerprint != live_before.fingerprint
    assert "Xã Tân Cương 06001 2 8" in _text(live_after.path)  # the live one counts 3 + 5
    assert "Xã Tân Cương 06001 Chốt muộn 20/07/2026 (lần 1) 1 3" in _text(after.path)


def test_a_reopened_commune_shows_dashes_never_its_live_figures(w, tmp_path):
    _closes(w, tmp_path)
    reopen_period(w["06001"], "2026-H1", "Kiểm tra lại")  # not closed again
    _send(w, tmp_path, "06001", name="reopened")
    province = w["20"]
    text = _text(period_summary_report(province, tmp_path / "ky.pdf", "2026-H1").path)
    n = len(upper_summary(province, "2026-H1").communes)
    assert "Xã Tân Cương 06001 Chưa chốt — — — — — — — — — —" in text
    assert f"1/{n} cơ sở Hội đã chốt số liệu kỳ này" in text
    assert "Tổng cộng (1 cơ sở đã chốt) 2 6 0/1 · 0,00%" in text  # 06002's alone
    missing = text[text.index(MISSING) :]
    assert "06001 Xã Tân Cương" in missing and "06002" not in missing
    live = _text(summary_report(province, tmp_path / "live.pdf").path)
    assert "Xã Tân Cương 06001 1 3" in live  # its live figures are there, not in the period's


def test_at_the_centre_the_rows_are_the_provinces_with_their_communes_closed(w, tmp_path):
    _closes(w, tmp_path)
    close_period(w["20"], "2026-H1")  # the province's own close, after its communes
    paths = export_up(w["20"], tmp_path / "up-20").paths
    assert import_files(w["TW"], *paths).ok
    centre = w["TW"]
    summary = upper_summary(centre, "2026-H1")
    below = {u.code: u for u in summary.below}
    result = period_summary_report(centre, tmp_path / "tw.pdf", "2026-H1", now=NOW)
    text = _text(result.path)
    assert TITLE in text and "TÌNH HÌNH CHỐT SỐ LIỆU CỦA CÁC ĐƠN VỊ CẤP DƯỚI" in text
    here = below["20"]
    assert (here.state, here.communes_closed) == ("closed", 2)
    closed = f"2/{here.communes}"
    assert f"Tỉnh Thái Nguyên 20 Đã chốt 10/07/2026 (lần 1) {closed} 3 9" in text
    assert f"21 Chưa chốt — 0/{below['21'].communes} — —" in text  # nothing from it yet
    total = f"{len(summary.communes):,}".replace(",", ".")
    assert f"Tổng cộng (2 cơ sở đã chốt) 2/{total} 3 9 1/2 · {percent_text(1, 2)}" in text
    assert summary.counts["members"] == 9
    # Those not closed, by province: named one by one where some closed, the province named
    # whole where none did; every one of them counted.
    missing = text[text.index("KHÔNG CÓ TRONG TỔNG") :]
    left = here.communes - 2
    assert f"Thái Nguyên (20): {left}/{here.communes} cơ sở chưa chốt: " in missing
    other = next(c for c in summary.communes if c.parent_code == "20" and c.state == "open")
    assert f"{other.code} " in missing and "06001 " not in missing and "06002 " not in missing
    hanoi = below["01"]
    assert f"Hà Nội (01): {hanoi.communes}/{hanoi.communes} cơ sở chưa chốt — tất cả" in missing
    assert result.pages <= 8  # 3,321 communes below, not 31 pages of names


def test_refused_at_a_commune_and_for_an_unknown_period(w, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(ReportError, match="chỉ có ở cấp tỉnh và Trung ương"):
        period_summary_report(w["06001"], out, "2026-H1")
    with pytest.raises(ReportError, match="Không có kỳ báo cáo “2026-Q7”"):
        period_summary_report(w["20"], out, "2026-Q7")
    assert not out.exists()


def test_the_comparison_at_a_province_sums_the_communes_periods(w, tmp_path):
    _closes(w, tmp_path)
    comparison = load_comparison(w["20"].store.db, "20", TODAY)
    assert comparison.upper
    column = comparison.columns[-1]
    assert column.period.id == "2026-H1" and column.has_figures
    n = len(column.summary.communes)
    assert column.communes_text() == f"2/{n} cơ sở"
    assert not comparison.columns[-2].has_figures  # 2025-Y: no commune closed it
    party = next(r for r in comparison.rows if r.id == "branch_heads_party_members")
    assert party.values[-1].numerator == 1 and party.values[-1].denominator == 2
    assert party.values[-2] is None
    result = periods_report(w["20"], tmp_path / "ky.pdf", now=NOW)
    text = _text(result.path)
    assert "các cơ sở Hội thuộc Hội LHPN tỉnh Thái Nguyên" in text
    assert f"2/{n} cơ sở đã chốt; tỉnh: chưa chốt" in text
    assert f"0/{n} cơ sở đã chốt" in text
    assert "BIỂU ĐỒ TỪNG CHỈ TIÊU" in text and "Mục tiêu nhiệm kỳ: ≥ 90%" in text


def _cli(*argv):
    import io

    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_cli_report_summary_period(w, tmp_path, capsys, monkeypatch):
    _closes(w, tmp_path)
    w.close()  # the command line opens the installations itself
    monkeypatch.setenv("SOHOI_PASSWORD", PASSWORD)
    monkeypatch.delenv("SOHOI_USER", raising=False)
    province, commune = str(w.dir("20")), str(w.dir("06001"))
    pdf = tmp_path / "ky.pdf"
    args = ("report", "--kind", "summary", "--out", str(pdf), "--period")
    code, out = _cli(*args, "2026-H1", "--data", province)
    assert code == 0 and "báo cáo tổng hợp" in out and "Mã dữ liệu" in out
    text = _text(pdf)
    assert TITLE in text and "Tổng cộng (2 cơ sở đã chốt) 3 9" in text
    pdf.unlink()
    code, _ = _cli(*args, "2026-Q7", "--data", province)
    assert code == 2 and "Không có kỳ báo cáo “2026-Q7”" in capsys.readouterr().err
    assert not pdf.exists()
    code, _ = _cli(*args, "2026-H1", "--data", commune)
    err = capsys.readouterr().err
    assert code == 2 and "--period" in err and "cấp tỉnh và Trung ương" in err
    assert not pdf.exists()
    code, _ = _cli("report", "--kind", "roster", "--out", str(pdf), "--period", "2026-H1",
                   "--data", province)  # fmt: skip
    assert code == 2 and "--kind unit hoặc --kind summary" in capsys.readouterr().err
    code, out = _cli("report", "--kind", "periods", "--out", str(pdf), "--data", province)
    assert code == 0 and "cơ sở đã chốt" in _text(pdf)
    live = tmp_path / "live.pdf"
    code, _ = _cli("report", "--kind", "summary", "--out", str(live), "--data", province)
    assert code == 0 and "Gói số liệu gần nhất" in _text(live)  # without --period: as before
