"""Render the main screens with the demo commune, offscreen, into docs/screenshots/*.png.

    make screenshots        (or: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py)

The demo commune is made afresh in a temporary folder (2,000 members, dated `DAY`), signed in
as its admin, and each screen is driven as a person would drive it (typing, Enter) before it
is grabbed. The province's workspace (its units table) is a simulated province
(desktop/demo/nation.py): a real installation that received real packages from some of its
communes. Nothing is written outside the temporary folder and docs/screenshots/.
`scripts/screenshots.py province` makes the province's pictures only (its units table, its
overview's reporting period and the close's warning), `scripts/screenshots.py
accounts` the accounts page's only, `scripts/screenshots.py sheet-mapping` the import's column
choices only, `scripts/screenshots.py first-report` the commune's one-trip checklist only.
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
from typing import cast

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# A UI tool: it drives the window itself, so it may use Qt as ui/ does.
from PySide6.QtCore import Qt  # noqa: E402, TID251
from PySide6.QtTest import QTest  # noqa: E402, TID251
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget  # noqa: E402, TID251

from desktop.demo.unit import DEMO_PASSWORD, DEMO_USERNAME, create_demo  # noqa: E402
from desktop.security.session import Session  # noqa: E402
from ui import strings  # noqa: E402
from ui.app import create_application  # noqa: E402
from ui.forms.field_editors import ChoiceEditor, TextEditor  # noqa: E402
from ui.login_window import LoginWindow  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.pages.overview_page import OverviewPage  # noqa: E402
from ui.pages.table_page import TablePage  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
DAY = date(2026, 11, 20)  # the demo's data are dated from this day: the pictures stay the same
MEMBERS = 2000
FILES = (
    "first-start.png",
    "first-start-recovery.png",
    "login.png",
    "overview.png",
    "members.png",
    "member-form.png",
    "sheet-import.png",
    "sheet-mapping.png",
    "lock.png",
    "province-units.png",
    "province-period.png",
    "province-period-close.png",
    "accounts.png",
    "first-report.png",
)
PROVINCE_COMMUNES, PROVINCE_MEMBERS = 12, 150  # communes that reported, members each
# The province's pictures are of "6 tháng đầu năm 2026" a few days before its due date (15/07):
# of the communes that reported, these many closed it (the last of them late: a correction).
PERIOD_DAY, PERIOD_ID = date(2026, 7, 10), "2026-H1"
PROVINCE_CLOSED = 9


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


def first_start(app: QApplication, data_dir: Path) -> None:
    """The wizard of an empty folder: the commune chosen, then the recovery code shown."""
    from ui.first_start.wizard import FirstStartWindow

    wizard = FirstStartWindow(data_dir)
    wizard.show()
    wizard.forward()
    place = wizard.place
    place.choose_province("20")
    place.search.setFocus()
    type_text(place.search, "quy hoa")
    QTest.keyClick(place.search, Qt.Key.Key_Return)
    settle(app)
    save(wizard, "first-start.png")
    wizard.forward()
    for field in (wizard.admin.password, wizard.admin.again):
        field.setFocus()
        type_text(field, "Chủ-tịch-2026")
    wizard.forward()
    settle(app)
    save(wizard, "first-start-recovery.png")
    wizard.close()


def write_demo_sheet(path: Path, session: Session) -> Path:
    """A branch's member list as people type it: new members, one already known whose phone
    changed, one repeated, and three mistakes (a date, a citizen ID, a branch)."""
    from openpyxl import Workbook

    from db.lists import branch_choices

    branches = [name for _id, name in branch_choices(session.store)]
    known_name, known_birth, known_branch = session.store.db.execute(
        "SELECT m.full_name, m.birth_date, b.name FROM members m "
        "JOIN branches b ON b.id = m.branch_id "
        "WHERE m.is_deleted = 0 AND length(m.birth_date) = 10 ORDER BY m.full_name LIMIT 1"
    ).fetchone()
    year, month, day = known_birth.split("-")
    book = Workbook()
    sheet = book.active
    sheet.append([f"DANH SÁCH HỘI VIÊN MỚI — {branches[0].upper()}"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Số điện thoại", "Chi hội"])
    rows = [
        ("Nguyễn Thị Hồng Nhung", "15/08/1990", "001190004521", "0912345170", branches[0]),
        ("Trần Thị Thu Hà", "1987", "", "0987 654 310", branches[0]),
        ("Lê Thị Bích Ngọc", "31/02/1991", "", "", branches[0]),
        (known_name, f"{day}/{month}/{year}", "", "0977 123 456", known_branch),
        ("Phạm Thị Lan", "02/11/1985", "0011850", "", branches[1]),
        ("Nguyễn Thị Hồng Nhung", "15/08/1990", "001190004521", "0912345170", branches[0]),
        ("Đặng Thị Thanh Xuân", "20/03/1995", "", "0868 221 904", branches[1]),
        ("Hoàng Thị Mai", "1979", "", "", "Chi hội Thôn 9"),
        ("Bùi Thị Yến", "07/07/1983", "", "0355 610 287", branches[1]),
        ("Vi Thị Hoa", "1992", "", "", branches[0]),
    ]
    for n, row in enumerate(rows, 1):
        sheet.append([n, *row])
    book.save(path)
    return path


def sheet_import(app: QApplication, members: TablePage, folder: Path) -> None:
    """The import wizard after its dry run: each row's fate and why, before anything is saved."""
    wizard = members.import_sheet()
    assert wizard is not None
    path = write_demo_sheet(folder / "danh-sach-moi.xlsx", members.session)
    wizard.choose.path.setText(str(path))
    wizard.read()
    settle(app, lambda: wizard.plan is not None)
    save(wizard, "sheet-import.png")
    wizard.reject()


def received_on(day: date) -> Callable[[], str]:
    """The importer's clock stopped on `day`, so "Lần nhận cuối" and "Số ngày" read as on that
    day."""
    return lambda: f"{day.isoformat()}T08:00:00+00:00"


def closed_snapshots(session: Session, codes: list[str], period_id: str) -> None:
    """The snapshots these communes would have sent up had they closed the period: their
    figures as of its cut-off, computed from the copy of their records the province holds,
    stored as received (the simulated communes keep no database of their own to close in)."""
    from db.indicators import compute_indicators
    from db.periods import Snapshot, find_period, headline_counts, insert_snapshot

    db = session.store.db
    period = find_period(db, period_id, PERIOD_DAY)
    assert period is not None
    with db.atomic():
        for n, code in enumerate(codes):
            day = PERIOD_DAY.replace(day=1 + n) if n < len(codes) - 1 else PERIOD_DAY
            indicators = compute_indicators(db, code, as_of=period.cut_off)
            figures = {
                "as_of": period.cut_off.isoformat(),
                "indicators": [i.as_dict() for i in indicators],
                "counts": headline_counts(db, code),
            }
            for version in (1, 2) if n == len(codes) - 1 else (1,):
                insert_snapshot(
                    db,
                    Snapshot(
                        period.id,
                        code,
                        version,
                        period.name,
                        period.cut_off,
                        period.due,
                        f"{day.isoformat()}T09:00:00+00:00",
                        day,
                        "admin",
                        None if version == 1 else "Bổ sung hội viên mới",
                        figures,
                        "0" * 64,
                        None,
                        None,
                        None,
                        None,
                        received_at=f"{PERIOD_DAY.isoformat()}T08:00:00+00:00",
                    ),
                )


def province(app: QApplication, folder: Path) -> None:
    """A province on 10/07/2026, some of its communes having closed "6 tháng đầu năm 2026": its
    units table (every commune of its catalogue, their state for the period, those that
    reported first, with their indicators against the targets), its overview's period line,
    and the confirmation of its own close warning of the communes not closed."""
    from desktop.demo.nation import pick_provinces, upper_levels, write_packages
    from desktop.sync import importer
    from ui.dialogs.upper_period_dialogs import UpperClosePeriodDialog
    from ui.pages.units_page import UnitsPage

    (code,) = pick_provinces(1, 98)
    sessions = upper_levels(folder / "tinh", [code], DEMO_PASSWORD)
    sessions["TW"].close()
    session = sessions[code]
    session.store.today = lambda: PERIOD_DAY
    stick = folder / "usb"
    list(
        write_packages(
            session, stick, communes=PROVINCE_COMMUNES, members=PROVINCE_MEMBERS, today=PERIOD_DAY
        )
    )
    clock = importer._now_iso
    importer._now_iso = received_on(PERIOD_DAY)
    try:
        importer.import_paths(session, [stick])
    finally:
        importer._now_iso = clock
    reported = sorted(p.name.split("_")[0] for p in stick.iterdir())
    closed_snapshots(session, reported[:PROVINCE_CLOSED], PERIOD_ID)
    window = MainWindow(session)
    window.resize(1366, 768)
    window.show()
    page = window.show_section("units_below")
    assert isinstance(page, UnitsPage)
    settle(app, lambda: not page.loading() and page.proxy.rowCount() > 0)
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # those that reported first
    settle(app)
    save(window, "province-units.png")
    overview = window.show_section("overview")
    assert isinstance(overview, OverviewPage)
    settle(app, lambda: not overview.checking())
    save(window, "province-period.png")
    dialog = overview.period.ask_close()
    assert isinstance(dialog, UpperClosePeriodDialog)
    settle(app)
    save(dialog, "province-period-close.png")
    dialog.reject()
    window.close()
    session.close()


def accounts(app: QApplication, folder: Path) -> None:
    """The admin's Tài khoản page: the demo's admin signed in, two colleagues and one account
    disabled, a colleague's row chosen."""
    from desktop.installation.setup import login
    from desktop.security import users
    from ui.pages.accounts_page import AccountsPage

    session = create_demo(folder / "tai-khoan", members=50, today=DAY)
    for name, display, role in (
        ("mai", "Trần Thị Mai", "entry"),
        ("lan", "Nguyễn Thị Lan", "viewer"),
        ("hoa", "Lê Thị Hoa", "entry"),
    ):
        users.add_user(session, name, "mat-khau-tam-thoi", role, display)
    users.disable_user(session, "hoa")
    session.close()
    session = login(folder / "tai-khoan", DEMO_USERNAME, DEMO_PASSWORD)
    window = MainWindow(session)
    window.show()
    page = window.show_section("accounts")
    assert isinstance(page, AccountsPage)
    page.select("mai")
    settle(app)
    save(window, "accounts.png")
    window.close()
    session.close()


def write_mapping_sheet(path: Path, session: Session) -> Path:
    """A branch's list with a two-row header ("Thông tin liên hệ" merged over the phone and the
    address) and a column no field matches ("Khen thưởng")."""
    from openpyxl import Workbook

    from db.lists import branch_choices

    branch = branch_choices(session.store)[0][1]
    book = Workbook()
    sheet = book.active
    sheet.append([f"DANH SÁCH HỘI VIÊN {branch.upper()}"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Thông tin liên hệ", None, "Khen thưởng"])
    sheet.append([None, None, None, "Số điện thoại", "Địa chỉ"])
    rows = [
        ("Nguyễn Thị Hồng Nhung", "15/08/1990", "0912345170", "Xóm 2", "Giấy khen 2025"),
        ("Trần Thị Thu Hà", "1987", "0987 654 310", "Xóm 4", ""),
        ("Đặng Thị Thanh Xuân", "20/03/1995", "0868 221 904", "Xóm 1", ""),
        ("Bùi Thị Yến", "07/07/1983", "0355 610 287", "Xóm 3", "Giấy khen 2024"),
    ]
    for n, row in enumerate(rows, 1):
        sheet.append([n, *row])
    for cells in ("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"):
        sheet.merge_cells(cells)
    book.save(path)
    return path


def sheet_mapping(app: QApplication, folder: Path) -> None:
    """The import's column choices after its dry run: a drop-down per column of the sheet."""
    data_dir = folder / "ban-do-cot"
    session = create_demo(data_dir, members=200, today=DAY)
    session.store.today = lambda: DAY
    members = TablePage(session, "members")
    members.resize(1100, 700)
    members.show()
    settle(app)
    wizard = members.import_sheet()
    assert wizard is not None
    path = write_mapping_sheet(folder / "danh-sach-hai-dong.xlsx", session)
    wizard.choose.path.setText(str(path))
    wizard.read()
    settle(app, lambda: wizard.plan is not None)
    save(wizard, "sheet-mapping.png")
    wizard.reject()
    members.close()
    session.close()


def first_report(app: QApplication, folder: Path) -> None:
    """The demo commune's Đồng bộ page on its first report: the province's invitation opened,
    the request and the first report written to the stick, the trip to the province next."""
    from desktop.demo.nation import upper_levels
    from desktop.installation.setup import login
    from desktop.sync import first_trip
    from ui.pages.sync_page import SyncPage

    session = create_demo(folder / "xa", members=50, today=DAY)
    parent = session.store.db.execute(
        "SELECT parent_code FROM units WHERE code = ?", [session.store.unit_code]
    ).fetchone()[0]
    session.close()
    sessions = upper_levels(folder / "tinh", [parent], DEMO_PASSWORD)
    invitation = folder / "thu-moi-cua-tinh.sohoi-invite"
    invitation.write_bytes(first_trip.make_invitation(sessions[parent]))
    for s in sessions.values():
        s.close()
    session = login(folder / "xa", DEMO_USERNAME, DEMO_PASSWORD)
    stick = folder / "USB"
    stick.mkdir()
    window = MainWindow(session)
    window.resize(1366, 768)
    window.show()
    page = window.show_section("sync")
    assert isinstance(page, SyncPage)
    page.set_folder(stick)
    page.first_report.open_invitation(invitation)
    page.send()
    settle(app)
    save(window, "first-report.png")
    window.close()
    session.close()


def main() -> int:
    app = create_application()
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="sohoi-"))
    try:
        if sys.argv[1:] == ["province"]:
            province(app, folder)
            return 0
        if sys.argv[1:] == ["accounts"]:
            accounts(app, folder)
            return 0
        if sys.argv[1:] == ["sheet-mapping"]:
            sheet_mapping(app, folder)
            return 0
        if sys.argv[1:] == ["first-report"]:
            first_report(app, folder)
            return 0
        first_start(app, folder / "moi")
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
        assert isinstance(overview, OverviewPage)
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
        branch = cast(ChoiceEditor, form.blocks["branch_id"].editor).combo
        branch.setCurrentIndex(2)

        def line(name: str) -> QLineEdit:
            return cast(TextEditor, form.blocks[name].editor).line

        line("full_name").setFocus()
        type_text(line("full_name"), "Lê Thị Hồng Nhung")
        for name, text in (("birth_date", "15/08/1990"), ("citizen_id", "123456789")):
            line(name).setFocus()
            type_text(line(name), text)
        phone = line("phone")
        phone.setFocus()
        type_text(phone, "12")
        QTest.keyClick(phone, Qt.Key.Key_Return)  # refused: the messages say why
        settle(app)
        save(window, "member-form.png")
        form.cancel()

        sheet_import(app, members, folder)

        window.lock()
        settle(app)
        save(window, "lock.png")
        window.close()
        session.close()

        province(app, folder)
        accounts(app, folder)
        sheet_mapping(app, folder)
        first_report(app, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    print(f"Screenshots in {OUT.relative_to(ROOT)}:")
    sys.exit(main())
