"""Printed reports: what a commune files and a province reads, checked in the PDF itself.

Text is extracted with pypdf, pages rendered with pypdfium2; the figures asserted are counted
from the fixture's records in the test, not taken from the report code.
"""

from __future__ import annotations

import errno
import io
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from db.connection import open_database
from db.indicators import LABELS, compute_indicators
from db.progress import WorkCancelled
from db.schema import KEY_COLUMNS, SYNC_COLUMNS, TABLES
from desktop.cli.main import main
from desktop.demo.unit import DEMO_PASSWORD, create_demo
from desktop.installation import settings
from desktop.installation.setup import NewUnit, create_unit, login
from desktop.reports import formatting as fmt
from desktop.reports.enrolment import enrolment_sheet, fingerprint_groups
from desktop.reports.fingerprint import data_fingerprint
from desktop.reports.output import ReportCancelled, ReportError
from desktop.reports.roster import member_roster
from desktop.reports.summary_data import reporting_from_ledger
from desktop.reports.summary_report import summary_report
from desktop.reports.unit_report import unit_report

PASSWORD = "mat-khau-thu-1"
NOW = datetime(2026, 11, 26, 9, 30)
AS_OF = NOW.date()
DEMO_DAY = date(2025, 10, 1)
# Given in shuffled order; the roster must print them in this order (given name, then the rest).
SORTED_NAMES = ["Trần Thị An", "Lê Thị Ánh", "Nguyễn Thị Bình", "Đỗ Thị Chi", "Phạm Thị Đào"]
SHUFFLED = [SORTED_NAMES[i] for i in (3, 0, 4, 2, 1)]


# -- helpers ---------------------------------------------------------------------------------


def pdf_text(path: Path) -> list[str]:
    """The text of each page, whitespace collapsed (table cells wrap onto several lines)."""
    reader = pypdf.PdfReader(str(path))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def percent_text(numerator: int, denominator: int) -> str:
    """`45,13%`, rounded half up as the union counts, computed here independently."""
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return f"{value}".replace(".", ",") + "%"


def count(db, sql: str, *params) -> int:
    return db.execute(sql, params).fetchone()[0]


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A realistic commune of 300 members."""
    session = create_demo(tmp_path_factory.mktemp("demo"), members=300, today=DEMO_DAY)
    yield session
    session.close()


@pytest.fixture(scope="module")
def demo_report(demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "bao-cao.pdf"
    result = unit_report(demo, out, now=NOW)
    return result, pdf_text(out)


@pytest.fixture(scope="module")
def hand_unit(tmp_path_factory):
    """A commune built by hand: 113 branches whose heads are 51 party members (45,13%), one
    branch with five members, a 1.500.000 ₫ allowance, a chairwoman."""
    created = create_unit(
        tmp_path_factory.mktemp("hand"),
        NewUnit("X1", "Hội LHPN xã Tân Phú", "commune", parent_code="P1"),
        admin_password=PASSWORD,
    )
    store = created.session.store
    store.save("cadres", {"full_name": "Nguyễn Thị Hương", "position": "chair"})
    branches = []
    for n in range(113):
        branch = store.save("branches", {"name": f"Chi hội Thôn {n + 1}"}).ids[0]
        branches.append(branch)
        store.save(
            "branch_heads",
            {
                "branch_id": branch,
                "full_name": f"Hoàng Thị Mai {n}",
                "is_party_member": int(n < 51),
                "monthly_allowance": 1,
                "allowance_source": "local_budget",
                "allowance_amount_vnd": 1_500_000,
            },
        )
    for k, name in enumerate(SHUFFLED):
        store.save(
            "members",
            {
                "branch_id": branches[0],
                "full_name": name,
                "birth_date": f"19{70 + k}-03-0{k + 1}",
                "citizen_id": f"0011{70 + k}00000{k}",
                "religion": "Phật giáo",
                "status": "active",
            },
        )
    yield created.session
    created.session.close()


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """A province with three communes; the third has never reported."""
    created = create_unit(
        tmp_path_factory.mktemp("province"),
        NewUnit("20", "Hội LHPN tỉnh Lạng Sơn", "province"),
        admin_password=PASSWORD,
    )
    store = created.session.store
    plan = {  # code: (name, heads, of which party members, members)
        "06001": ("Hội LHPN xã An Bình", 5, 3, 4),
        "06002": ("Hội LHPN xã Bắc Sơn", 4, 1, 2),
        "06003": ("Hội LHPN xã Cao Lộc", 2, 2, 1),
    }
    for code, (name, heads, party, members) in plan.items():
        store.save(
            "units",
            {"code": code, "name": name, "level": "commune", "parent_code": "20"},
            unit_code=code,
        )
        store.save("models", {"kind": "one_plus_one", "name": "Mô hình 1+1"}, unit_code=code)
        for n in range(heads):
            branch = store.save("branches", {"name": f"Chi hội {n}"}, unit_code=code).ids[0]
            store.save(
                "branch_heads",
                {"branch_id": branch, "full_name": "Lò Thị Hoa", "is_party_member": int(n < party)},
                unit_code=code,
            )
            if n < members:
                store.save(
                    "members",
                    {"branch_id": branch, "full_name": "Vi Thị Lan", "status": "active"},
                    unit_code=code,
                )
    yield created.session
    created.session.close()


# -- the unit report -------------------------------------------------------------------------


def test_unit_report_looks_like_an_administrative_document(demo, demo_report):
    result, pages = demo_report
    db = demo.store.db
    name = count(db, "SELECT name FROM units WHERE code = ?", demo.store.unit_code)
    chair = count(db, "SELECT full_name FROM cadres WHERE position = 'chair'")
    first = pages[0]
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        name.upper(),
        "HỘI LHPN TỈNH",  # the parent, named from the administrative catalogue
        "/BC-HLHPN",
        "ngày 26 tháng 11 năm 2026",
        "BÁO CÁO",
        f"Tình hình tổ chức và hoạt động của {name}",
    ):
        assert text in first, text
    last = pages[-1]
    for text in ("Nơi nhận:", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", chair, "Lưu: VT."):
        assert text in last, text
    assert result.pages == len(pages) > 1
    for n, page in enumerate(pages, 1):
        assert f"Trang {n}/{len(pages)}" in page
        assert f"mã dữ liệu {result.fingerprint}" in page
        assert "lập lúc 09:30 ngày 26/11/2026" in page


def test_unit_report_shows_every_indicator_with_its_counts(demo, demo_report):
    _, pages = demo_report
    text = " ".join(pages)
    for label in LABELS.values():
        assert label in text, label
    db = demo.store.db
    heads = count(db, "SELECT COUNT(*) FROM branch_heads WHERE is_deleted = 0")
    party = count(db, "SELECT COUNT(*) FROM branch_heads WHERE is_party_member = 1")
    assert f"Chi hội trưởng là đảng viên {party} {heads} {percent_text(party, heads)}" in text
    for words in ("Biểu đồ", "mục tiêu nhiệm kỳ", "Đạt", "Tổng cộng", "ĐỘI NGŨ CÁN BỘ HỘI"):
        assert words in text, words


def test_unit_report_figures_in_the_vietnamese_way(hand_unit, tmp_path):
    out = tmp_path / "x1.pdf"
    unit_report(hand_unit, out, now=NOW)
    text = " ".join(pdf_text(out))
    assert "Chi hội trưởng là đảng viên 51 113 45,13%" in text  # 38,506 of 85,328 in the article
    assert "1.500.000 ₫" in text
    assert "113 chi hội trưởng" in text
    assert "Nguyễn Thị Hương" in text  # the chairwoman signs
    assert "ĐƠN VỊ P1" in text  # the parent is unknown here: its code stands for its name


def test_the_fonts_are_embedded_and_cover_vietnamese(demo_report):
    result, _ = demo_report
    reader = pypdf.PdfReader(str(result.path))
    names = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
            names.add(str(font["/BaseFont"]))
    assert any("LiberationSerif" in n for n in names)
    assert any("LiberationSerif-Bold" in n for n in names)


def test_a_rendered_page_is_not_blank(demo_report):
    result, _ = demo_report
    page = pypdfium2.PdfDocument(str(result.path))[0]
    image = page.render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:200])  # pixels darker than light grey
    assert dark > image.width * image.height * 0.02


def test_a_unit_with_no_branches_still_reports(tmp_path):
    created = create_unit(
        tmp_path / "empty",
        NewUnit("E1", "Hội LHPN phường Mới", "commune", parent_code="P9"),
        admin_password=PASSWORD,
    )
    try:
        result = unit_report(created.session, tmp_path / "empty.pdf", now=NOW)
        roster = member_roster(created.session, tmp_path / "roster.pdf", now=NOW)
    finally:
        created.session.close()
    text = " ".join(pdf_text(result.path))
    assert "Chưa có chi hội nào được ghi sổ." in text
    assert "Chưa có cán bộ Hội nào được ghi sổ." in text
    assert "Mới, ngày 26 tháng 11 năm 2026" in text
    assert "Chưa có hội viên nào được ghi sổ." in " ".join(pdf_text(roster.path))


def test_header_lines_setting_replaces_the_issuing_body(hand_unit, tmp_path):
    db = hand_unit.store.db
    hand_unit.set_setting("report_header_lines", "Đảng ủy xã Tân Phú\nHội LHPN xã Tân Phú")
    try:
        unit_report(hand_unit, tmp_path / "x.pdf", now=NOW)
    finally:
        settings.put(db, "report_header_lines", "")
        db.conn.commit()
    first = pdf_text(tmp_path / "x.pdf")[0]
    assert "ĐẢNG ỦY XÃ TÂN PHÚ" in first and "ĐƠN VỊ P1" not in first


# -- the fingerprint -------------------------------------------------------------------------


def test_fingerprint_is_stable_for_the_same_data_and_changes_with_it(hand_unit, tmp_path):
    first = unit_report(hand_unit, tmp_path / "a.pdf", now=NOW)
    second = unit_report(hand_unit, tmp_path / "b.pdf", now=datetime(2026, 12, 1, 8, 0))
    assert first.fingerprint == second.fingerprint == data_fingerprint(hand_unit.store.db)
    assert len(first.fingerprint) == 12 and int(first.fingerprint, 16) >= 0
    cadre = hand_unit.store.save("cadres", {"full_name": "Lê Thị Hạnh", "position": "other"})
    third = unit_report(hand_unit, tmp_path / "c.pdf", now=NOW)
    assert third.fingerprint != first.fingerprint
    assert f"mã dữ liệu {third.fingerprint}" in pdf_text(third.path)[0]
    hand_unit.store.delete("cadres", cadre.ids[0])  # a delete is a change too
    assert data_fingerprint(hand_unit.store.db) not in (first.fingerprint, third.fingerprint)


# -- the roster ------------------------------------------------------------------------------


def test_roster_leaves_out_sensitive_fields_and_sorts_by_given_name(hand_unit, tmp_path):
    result = member_roster(hand_unit, tmp_path / "ds.pdf", now=NOW)
    text = " ".join(pdf_text(result.path))
    assert "DANH SÁCH HỘI VIÊN" in text and "/DS-HLHPN" in text
    for hidden in ("Số CCCD", "001170000000", "Ngày sinh", "Tôn giáo", "Phật giáo", "Dân tộc"):
        assert hidden not in text, hidden
    positions = [text.index(name) for name in SORTED_NAMES]
    assert positions == sorted(positions)
    page = pypdf.PdfReader(str(result.path)).pages[0]
    assert page.mediabox.width < page.mediabox.height  # portrait


def test_roster_prints_sensitive_columns_only_when_asked(hand_unit, tmp_path):
    columns = ["full_name", "citizen_id", "birth_date", "ethnicity", "religion", "address"]
    columns += ["phone", "joined_on", "card_number"]
    result = member_roster(hand_unit, tmp_path / "ds.pdf", columns=columns, now=NOW)
    text = " ".join(pdf_text(result.path))
    assert "001170000000" in text and "01/03/1970" in text and "Phật giáo" in text
    assert "dữ liệu cá nhân nhạy cảm" in text
    page = pypdf.PdfReader(str(result.path)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape for many columns


def test_a_viewer_gets_no_personal_columns_in_a_roster(hand_unit, tmp_path):
    from desktop.installation.setup import login
    from desktop.security.users import add_user

    add_user(hand_unit, "xemds", "mat-khau-xem", "viewer")
    viewer = login(hand_unit.data_dir, "xemds", "mat-khau-xem")
    try:
        with pytest.raises(ReportError, match="không được xuất dữ liệu cá nhân"):
            member_roster(viewer, tmp_path / "ds.pdf", columns=["full_name", "citizen_id"])
        assert not (tmp_path / "ds.pdf").exists()
        member_roster(viewer, tmp_path / "ok.pdf", now=NOW)  # the default columns: allowed
        assert (tmp_path / "ok.pdf").exists()
    finally:
        viewer.close()


def test_roster_refuses_an_unknown_column(hand_unit, tmp_path):
    with pytest.raises(ReportError, match="không có cột “password”"):
        member_roster(hand_unit, tmp_path / "ds.pdf", columns=["full_name", "password"])
    assert not (tmp_path / "ds.pdf").exists()


# -- the summary -----------------------------------------------------------------------------


def test_summary_lists_each_commune_with_reporting_status(province, tmp_path):
    reporting = {"06001": (date(2026, 11, 20), 7), "06002": ("2026-11-25T10:00:00", 3)}
    result = summary_report(province, tmp_path / "th.pdf", reporting=reporting, now=NOW)
    pages = pdf_text(result.path)
    text = " ".join(pages)
    assert "BÁO CÁO TỔNG HỢP" in text and "HỘI LHPN TỈNH LẠNG SƠN" in text
    for name in ("Xã An Bình", "Xã Bắc Sơn", "Xã Cao Lộc"):
        assert name in text
    assert "3/5 · 60,00%" in text and "1/4 · 25,00%" in text and "2/2 · 100,00%" in text
    assert "20/11/2026 (7) 6" in text  # received, package number, days since
    assert "25/11/2026 (3) 1" in text
    assert "Chưa báo cáo" in text
    missing = text[text.index("CHƯA BÁO CÁO") :]
    assert "06003" in missing and "06001" not in missing
    # The totals agree with the indicators of the province.
    by_id = {i.id: i for i in compute_indicators(province.store.db, "20", as_of=AS_OF)}
    party = by_id["branch_heads_party_members"]
    assert (party.numerator, party.denominator) == (6, 11)
    assert f"6/11 · {percent_text(6, 11)}" in text
    assert "Tổng cộng (3 cơ sở)" in text and "2 đã báo cáo" in text
    page = pypdf.PdfReader(str(result.path)).pages[0]
    assert page.mediabox.width > page.mediabox.height


def _insert(db, table: str, rows: list[dict]) -> None:
    cols = (*KEY_COLUMNS, *TABLES[table].field_names, *SYNC_COLUMNS)
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [
            tuple({"is_deleted": 0, "db_version": 1, "clocks": "{}", **r}.get(c) for c in cols)
            for r in rows
        ],
    )


def test_a_long_summary_splits_with_the_header_on_every_page(tmp_path):
    db = open_database(tmp_path / "p.db")
    units = [{"id": "p", "unit_code": "P", "code": "P", "name": "Tỉnh Mẫu", "level": "province"}]
    units += [
        {
            "id": f"u{c}",
            "unit_code": f"C{c:03d}",
            "code": f"C{c:03d}",
            "name": f"Xã Số {c}",
            "level": "commune",
            "parent_code": "P",
        }
        for c in range(250)
    ]
    with db.atomic():
        _insert(db, "units", units)
        db.execute("INSERT INTO sync_state (key, value) VALUES ('unit_code', 'P')")
    result = summary_report(db, tmp_path / "th.pdf", now=NOW)
    pages = pdf_text(result.path)
    table_pages = [p for p in pages if "Xã Số " in p and "Hội viên" in p]
    assert len(table_pages) >= 5
    assert all("Chi hội trưởng" in p and "Gói số liệu gần nhất" in p for p in table_pages)
    assert "Xã Số 249" in " ".join(pages) and "Tổng cộng (250 cơ sở)" in " ".join(pages)
    db.close()


def test_reporting_comes_from_the_packages_each_unit_sent_up(tmp_path):
    db = open_database(tmp_path / "l.db")
    sql = (
        "INSERT INTO ledger (unit_code, device_id, seq, manifest_hash, package_id, kind, rows, "
        "received_at) VALUES (?, 'd', ?, 'h', ?, ?, 0, ?)"
    )
    for unit, seq, kind, received in (
        ("06001", 1, "up", "2026-11-02T08:00:00+00:00"),
        ("06001", 2, "up", "2026-11-20T08:00:00+00:00"),
        ("06002", 5, "relay", "2026-11-21T08:00:00+00:00"),
    ):
        db.execute(sql, [unit, seq, f"{unit}-{seq}", kind, received])
    assert reporting_from_ledger(db) == {"06001": (date(2026, 11, 20), 2)}
    db.close()


# -- the enrolment sheet ---------------------------------------------------------------------


def test_enrolment_sheet_prints_the_fingerprint_large(tmp_path):
    result = enrolment_sheet(
        tmp_path / "phieu.pdf",
        unit_code="06076",
        unit_name="Hội LHPN xã Quý Hòa",
        fingerprint="K7QM-2XAB-P9DF-W3HT-R4NE",
        parent_name="Hội LHPN tỉnh Lạng Sơn",
        now=NOW,
    )
    assert result.pages == 1 and result.fingerprint == ""
    text = pdf_text(result.path)[0]
    for words in (
        "PHIẾU XÁC NHẬN MÁY",
        "HỘI LHPN XÃ QUÝ HÒA",
        "Mã máy",
        "K7QM - 2XAB - P9DF - W3HT - R4NE",
        "Trùng khớp",
        "NGƯỜI ĐỀ NGHỊ",
        "CÁN BỘ ĐỐI CHIẾU",
    ):
        assert words in text, words


def test_fingerprint_groups():
    assert fingerprint_groups("k7qm2xabp9") == ["K7QM", "2XAB", "P9"]
    assert fingerprint_groups("ABCDE-FGHIJ") == ["ABCDE", "FGHIJ"]
    with pytest.raises(ReportError):
        enrolment_sheet(Path("never.pdf"), unit_code="X", unit_name="X", fingerprint=" - ")


# -- failures: nothing half-written ----------------------------------------------------------


def test_an_unwritable_path_is_a_clear_error_and_leaves_no_file(hand_unit, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="không có hoặc không ghi vào được"):
        unit_report(hand_unit, blocker / "report.pdf", now=NOW)
    with pytest.raises(ReportError, match="là một thư mục"):
        unit_report(hand_unit, tmp_path, now=NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.parametrize(
    ("code", "words"), [(errno.ENOSPC, "đã đầy"), (errno.EACCES, "Không có quyền ghi")]
)
def test_a_full_or_forbidden_disk_leaves_no_half_written_pdf(
    hand_unit, tmp_path, monkeypatch, code, words
):
    def refuse(fd):
        raise OSError(code, "refused")

    monkeypatch.setattr("desktop.files.os.fsync", refuse)
    with pytest.raises(ReportError, match=words):
        unit_report(hand_unit, tmp_path / "report.pdf", now=NOW)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []  # neither the PDF nor its temporary file


def test_progress_is_reported_and_cancel_writes_nothing(hand_unit, tmp_path):
    seen = []
    member_roster(hand_unit, tmp_path / "ok.pdf", progress=lambda *a: seen.append(a), now=NOW)
    assert seen and seen[-1][0] >= 1 and all(isinstance(label, str) for *_, label in seen)
    with pytest.raises(ReportCancelled):
        unit_report(hand_unit, tmp_path / "no.pdf", cancelled=lambda: True, now=NOW)
    assert not (tmp_path / "no.pdf").exists()
    # Cancelled inside a page break of the roster: reportlab re-raises it with its own notes,
    # and it is still a cancellation with our message, not a TypeError.
    with pytest.raises(ReportCancelled, match=r"^Đã hủy lập báo cáo") as caught:
        member_roster(hand_unit, tmp_path / "no.pdf", cancelled=lambda: True, now=NOW)
    # The one cancel exception, which the window's task runner reports as a cancel.
    assert isinstance(caught.value, WorkCancelled) and isinstance(caught.value, ReportError)
    assert not (tmp_path / "no.pdf").exists()


# -- formatting ------------------------------------------------------------------------------


def test_vietnamese_formats():
    assert fmt.decree_date("Quý Hòa", date(2026, 2, 5)) == "Quý Hòa, ngày 05 tháng 02 năm 2026"
    assert fmt.decree_date("Quý Hòa", date(2026, 11, 26)) == "Quý Hòa, ngày 26 tháng 11 năm 2026"
    assert fmt.decree_date("Quý Hòa", date(2026, 3, 9)) == "Quý Hòa, ngày 09 tháng 3 năm 2026"
    assert fmt.money(1_500_000) == "1.500.000 ₫"
    assert fmt.percent(38.51) == "38,51%"
    assert fmt.number(13752) == "13.752"
    assert fmt.day("1975") == "1975" and fmt.day("2026-01-02") == "02/01/2026"


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def cli_password(monkeypatch):
    monkeypatch.setenv("SOHOI_PASSWORD", DEMO_PASSWORD)
    monkeypatch.delenv("SOHOI_USER", raising=False)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_cli_writes_each_report(demo, tmp_path, cli_password, capsys):
    data = str(demo.data_dir)
    for kind in ("unit", "summary", "roster"):
        code, out = run("report", "--data", data, "--kind", kind, "--out", str(tmp_path / kind))
        assert code == 0, capsys.readouterr().err
        assert "Đã ghi" in out and "trang" in out
        assert (tmp_path / kind).read_bytes().startswith(b"%PDF")
    code, _ = run(
        "report",
        "--data",
        data,
        "--kind",
        "roster",
        "--columns",
        "full_name,citizen_id",
        "--out",
        str(tmp_path / "ds.pdf"),
    )
    assert code == 0
    cid = count(
        demo.store.db,
        "SELECT citizen_id FROM members WHERE citizen_id IS NOT NULL AND status = 'active' LIMIT 1",
    )
    assert cid in " ".join(pdf_text(tmp_path / "ds.pdf"))
    code, _ = run("report", "--data", data, "--kind", "unit", "--columns", "phone", "--out", "x")
    assert code == 2 and "chỉ dùng với --kind roster" in capsys.readouterr().err


def test_cli_enrolment_sheet_shows_this_devices_fingerprint(demo, tmp_path, cli_password):
    from desktop.sync.enrolment import identity

    data, out = str(demo.data_dir), tmp_path / "phieu.pdf"
    code, _ = run("report", "--data", data, "--kind", "enrolment", "--out", str(out))
    assert code == 0
    session = login(demo.data_dir, "admin", DEMO_PASSWORD)
    fp = identity(session).fingerprint
    session.close()
    text = pdf_text(out)[0]
    assert " - ".join(fp.split("-")) in text


def test_a_province_addresses_the_centre_by_its_name_before_its_record_came(tmp_path):
    from desktop.reports.header import default_header

    created = create_unit(
        tmp_path / "tinh",
        NewUnit("20", "Hội LHPN tỉnh Lạng Sơn", "province", parent_code="TW"),
        admin_password=DEMO_PASSWORD,
    )
    try:
        header = default_header(created.session.store.db, "20", on=date(2026, 7, 10))
    finally:
        created.session.close()
    assert header.issuer_lines == ("Hội LHPN Việt Nam", "Hội LHPN tỉnh Lạng Sơn")
    assert header.recipients[0] == "Trung ương Hội LHPN Việt Nam (để báo cáo)"
    assert not any("TW" in line for line in (*header.issuer_lines, *header.recipients))
