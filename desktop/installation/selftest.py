"""`sohoi --self-test` (and `SoHoi --self-test`): does this copy of the program work, here?

Meant for the PC a commune office was handed the program on (a USB stick, no Python), for the
build machine and for CI: it runs the program's main paths end to end on throwaway data and
prints one line per check, `OK  …` or `LỖI …`, then a summary; the exit code is 0 when
nothing failed, else 1.

Everything happens in one temporary folder (Python's `tempfile`, so in portable mode inside the
stick's `data/tmp/`), removed at the end whatever happened:

1. the bundled fonts and the administrative catalogue (vietnam_provinces) are there;
2. an encrypted central unit, a province and a commune of it are created (SQLCipher, Argon2id);
3. the commune's demo records go through the write path and are read back, updated and
   deleted (a tombstone keeps no personal field);
4. the single-instance lock refuses a second holder of the same folder;
5. the province enrols with the central level, the commune with the province (request,
   fingerprint, certificate);
6. the commune exports a sync package, the province imports it and holds the same rows (the
   merge's first stage in a child process, as for a large import: the frozen program starts
   itself again for it);
7. the unit report is printed to PDF;
8. the main window opens for the commune and closes again (offscreen when there is no display):
   the check the entry point hands in (desktop/__main__.py gives ui.run.window_smoke_test), as
   desktop/ never imports ui/; run without one, this check fails and says so.

Nothing personal is printed: the data is made up, and only counts and codes are shown.
"""

from __future__ import annotations

import argparse
import contextlib
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from db.schema import CENTRAL_CODE
from desktop.security.session import Session

EXIT_OK, EXIT_FAILED = 0, 1
OK, FAILED = "OK", "LỖI"
DEMO_MEMBERS = 60
TEMP_PREFIX = "sohoi-selftest-"

# Opens the main window for a session and closes it: a one-line description (ui/, handed in by
# the entry point, desktop/__main__.py).
WindowCheck = Callable[[Session], str]


class Blocked(Exception):
    """A check that cannot run because one it depends on failed."""


@dataclass
class Outcome:
    """What became of one check."""

    label: str
    status: str  # OK or FAILED
    detail: str
    seconds: float

    def line(self) -> str:
        return f"{self.status:<6} {self.label}: {self.detail} ({self.seconds:.1f} s)"


@dataclass
class _State:
    """What the checks hand on to the ones after them."""

    root: Path
    password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    central: Session | None = None
    province: Session | None = None
    commune: Session | None = None
    commune_code: str | None = None
    province_code: int = 0
    member_ids: list[str] = field(default_factory=list)
    package_dir: Path | None = None
    window_check: WindowCheck | None = None

    def need_units(self) -> tuple[Session, Session, Session]:
        if self.central is None or self.province is None or self.commune is None:
            raise Blocked("chưa tạo được đơn vị tạm (xem lỗi ở trên)")
        return self.central, self.province, self.commune

    def close(self) -> None:
        for session in (self.central, self.province, self.commune):
            if session is not None:
                session.close()
        self.central = self.province = self.commune = None


def cmd_self_test(
    args: argparse.Namespace, out: IO[str], window_check: WindowCheck | None = None
) -> int:
    """`sohoi --self-test`: run every check, print a line each; 0 when none failed, else 1.

    Portable mode (`--portable`, or the marker file) has been entered by the caller
    (desktop.cli.support.command_scope) before this runs, so the temporary folder is the
    stick's.
    """
    del args
    outcomes = run_self_test(lambda o: print(o.line(), file=out, flush=True), window_check)
    failed = sum(o.status == FAILED for o in outcomes)
    print(
        f"Tự kiểm tra: {len(outcomes) - failed} đạt, {failed} lỗi."
        + (" Chương trình chạy được trên máy này." if not failed else ""),
        file=out,
        flush=True,
    )
    return EXIT_FAILED if failed else EXIT_OK


def run_self_test(
    report: Callable[[Outcome], None] | None = None, window_check: WindowCheck | None = None
) -> list[Outcome]:
    """Run the checks in a temporary folder (removed afterwards); their outcomes, in order.

    `report` is called with each outcome as soon as it is known (the command prints it);
    `window_check` opens and closes the main window for a session (check_window).
    """
    outcomes: list[Outcome] = []

    def record(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if report is not None:
            report(outcome)

    root = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
    state = _State(root, window_check=window_check)
    try:
        for label, check in CHECKS:
            record(_run_check(label, check, state))
    finally:
        state.close()
    record(_run_check("Dọn thư mục tạm", lambda _: _remove(root), state))
    return outcomes


def _run_check(label: str, check: Callable[[_State], str], state: _State) -> Outcome:
    started = time.perf_counter()
    try:
        detail, status = check(state), OK
    except Blocked as exc:
        detail, status = str(exc), FAILED
    except Exception as exc:  # every failure is a line of the report, never a traceback
        detail, status = f"{type(exc).__name__}: {exc}", FAILED
    return Outcome(label, status, detail, time.perf_counter() - started)


# -- the checks --------------------------------------------------------------------------------


def check_fonts(state: _State) -> str:
    """The bundled fonts and their licence are installed with the program."""
    from desktop.resources import FONT_LICENCE, font_paths

    paths = font_paths()  # FileNotFoundError names a missing one
    if not FONT_LICENCE.is_file():
        raise FileNotFoundError(f"thiếu giấy phép phông chữ {FONT_LICENCE.name}")
    return f"{len(paths)} phông Liberation và giấy phép OFL"


def check_catalogue(state: _State) -> str:
    """The administrative units (vietnam_provinces), its code and its JSON data files."""
    import vietnam_provinces as vp

    provinces = list(vp.Province.iter_all())
    wards = sum(1 for _ in vp.Ward.iter_all())
    missing = [
        p.name
        for p in (vp.NESTED_DIVISIONS_JSON_PATH, vp.FLAT_DIVISIONS_JSON_PATH)
        if not p.is_file()
    ]
    if missing:
        raise FileNotFoundError(f"thiếu tệp dữ liệu hành chính: {', '.join(missing)}")
    if len(provinces) < 34 or wards < 3000:
        raise ValueError(f"danh mục không đủ: {len(provinces)} tỉnh, {wards} xã/phường")
    return f"{len(provinces)} tỉnh/thành, {wards:_} xã/phường/đặc khu".replace("_", ".")


def check_create_units(state: _State) -> str:
    """A central unit, a province and one of its communes, each an encrypted database with an
    admin (the chain the enrolment check needs: a unit is vouched for by its parent only)."""
    from desktop.demo.unit import commune_unit_code, demo_commune
    from desktop.installation.setup import NewUnit, create_unit

    ward = demo_commune(seed=1)
    code = commune_unit_code(ward)
    province_code = f"{ward.province_code.value:02d}"
    central = NewUnit(CENTRAL_CODE, "Trung ương Hội LHPN Việt Nam (tự kiểm tra)", "central")
    province = NewUnit(
        province_code, "Hội LHPN tỉnh (tự kiểm tra)", "province", parent_code=CENTRAL_CODE
    )
    commune = NewUnit(
        code,
        f"Hội LHPN {ward.name} (tự kiểm tra)",
        "commune",
        parent_code=province_code,
        admin_area_code=code,
    )
    state.central = create_unit(
        state.root / "central", central, admin_password=state.password
    ).session
    state.province = create_unit(
        state.root / "province", province, admin_password=state.password
    ).session
    state.commune = create_unit(
        state.root / "commune", commune, admin_password=state.password
    ).session
    state.commune_code = code
    state.province_code = ward.province_code.value
    return f"trung ương {CENTRAL_CODE}, tỉnh {province_code} và xã {code}, cơ sở dữ liệu mã hóa"


def check_write_read(state: _State) -> str:
    """Demo records through the write path, read back, one updated, one deleted."""
    from datetime import date

    from desktop.demo.unit import demo_changes

    _, _, commune = state.need_units()
    store = commune.store
    assert state.commune_code is not None
    changes = demo_changes(
        state.commune_code,
        members=DEMO_MEMBERS,
        seed=1,
        today=date.today(),
        province_code=state.province_code,
    )
    written = store.write(changes)
    members = [c for c in changes if c.table == "members"]
    stored = store.db.execute(
        "SELECT id, full_name FROM members WHERE unit_code = ? AND is_deleted = 0",
        [state.commune_code],
    ).fetchall()
    if len(stored) != len(members):
        raise ValueError(f"ghi {len(members)} hội viên, đọc lại được {len(stored)}")
    names = dict(stored)
    for change in members:
        if names.get(change.id) != change.values.get("full_name"):
            raise ValueError("một hội viên đọc lại không giống bản đã ghi")
    first, last = members[0].id, members[-1].id
    assert first is not None and last is not None
    store.save("members", {"note": "Tự kiểm tra: sửa"}, id=first)
    if (store.get("members", first) or {}).get("note") != "Tự kiểm tra: sửa":
        raise ValueError("sửa một hội viên không được lưu")
    store.delete("members", last)
    tombstone = store.get("members", last, include_deleted=True) or {}
    if tombstone.get("is_deleted") != 1 or tombstone.get("full_name"):
        raise ValueError("xóa một hội viên không để lại bản ghi xóa sạch dữ liệu cá nhân")
    state.member_ids = [i for i, _ in stored if i != last]
    return (
        f"{written.count('insert')} bản ghi ({len(members)} hội viên) ghi và đọc lại đúng, "
        "sửa 1, xóa 1"
    )


def check_instance_lock(state: _State) -> str:
    """One program per data folder: a second holder is refused, and the lock comes back."""
    from desktop.installation.instance_lock import AlreadyRunning, InstanceLock

    _, _, commune = state.need_units()
    with InstanceLock(commune.data_dir) as first:
        if not first.held:
            raise RuntimeError("không khóa được thư mục dữ liệu")
        try:
            InstanceLock(commune.data_dir).acquire().release()
        except AlreadyRunning:
            pass
        else:
            raise RuntimeError("chương trình thứ hai mở được cùng thư mục dữ liệu")
    with InstanceLock(commune.data_dir) as again:
        if not again.held:
            raise RuntimeError("khóa không được trả lại sau khi đóng")
    return "chương trình thứ hai bị từ chối, khóa được trả lại"


def check_enrolment(state: _State) -> str:
    """The province asks, the central level approves with the fingerprint, the province
    accepts; then the commune the same with the province."""
    from desktop.sync.enrolment import accept, approve, ensure_root, identity, make_request

    central, province, commune = state.need_units()
    ensure_root(central)
    for parent, child in ((central, province), (province, commune)):
        bundle = approve(parent, make_request(child), identity(child).fingerprint)
        accept(child, bundle, issuer_fingerprint=identity(parent).fingerprint)
    return f"tỉnh được trung ương, xã {state.commune_code} được tỉnh xác nhận khóa"


def check_export(state: _State) -> str:
    """The commune writes its signed, encrypted package onto the (pretend) stick."""
    from desktop.sync.export import export_up

    _, _, commune = state.need_units()
    state.package_dir = state.root / "usb"
    result = export_up(commune, state.package_dir)
    if not result.paths or not all(p.is_file() for p in result.paths):
        raise RuntimeError("không có tệp gói nào được ghi")
    return f"{result.rows} thay đổi trong gói {result.paths[0].name}"


def check_import(state: _State) -> str:
    """The province imports the package and then holds the commune's rows."""
    from desktop.sync.importer import import_paths

    _, province, commune = state.need_units()
    if state.package_dir is None:
        raise Blocked("chưa xuất được gói (xem lỗi ở trên)")
    result = import_paths(province, [state.package_dir], child_process=True)
    refused = [f"{v.path.name}: {v.reason}" for v in result.verdicts if not v.ok]
    if refused or not result.verdicts:
        raise RuntimeError("gói bị từ chối: " + ("; ".join(refused) or "không có tệp"))
    if result.child_lost:
        raise RuntimeError("không chạy được tiến trình phụ của việc nhập gói")
    query = "SELECT id, full_name FROM members WHERE unit_code = ? AND is_deleted = 0 ORDER BY id"
    there = province.store.db.execute(query, [state.commune_code]).fetchall()
    here = commune.store.db.execute(query, [state.commune_code]).fetchall()
    if there != here:
        raise ValueError(f"tỉnh có {len(there)} hội viên của xã, xã có {len(here)}")
    accepted = sum(v.status == "accepted" for v in result.verdicts)
    return f"{accepted} gói nhận, {len(there)} hội viên giống hệt ở hai nơi"


def check_report(state: _State) -> str:
    """The unit report as a PDF (reportlab, the bundled fonts)."""
    from desktop.reports.unit_report import unit_report

    _, _, commune = state.need_units()
    path = state.root / "bao-cao-don-vi.pdf"
    result = unit_report(commune, path)
    head = path.read_bytes()[:5]
    if head != b"%PDF-":
        raise ValueError("tệp báo cáo không phải PDF")
    return f"báo cáo đơn vị {result.pages} trang, {path.stat().st_size // 1024} KB"


def check_window(state: _State) -> str:
    """The main window opens for the commune and closes (the window check handed in)."""
    _, _, commune = state.need_units()
    if state.window_check is None:
        raise Blocked("không có cửa sổ để kiểm tra (chạy qua SoHoi hoặc sohoi)")
    return state.window_check(commune)


CHECKS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("Phông chữ kèm theo", check_fonts),
    ("Danh mục đơn vị hành chính", check_catalogue),
    ("Tạo đơn vị tạm", check_create_units),
    ("Ghi và đọc bản ghi", check_write_read),
    ("Khóa một chương trình mỗi thư mục", check_instance_lock),
    ("Đăng ký khóa với cấp trên", check_enrolment),
    ("Xuất gói đồng bộ", check_export),
    ("Nhập gói đồng bộ", check_import),
    ("In báo cáo PDF", check_report),
    ("Mở cửa sổ chính", check_window),
)


def _remove(root: Path) -> str:
    """Remove the temporary folder; a file still held (an antivirus on Windows) gets retries."""
    for attempt in range(5):
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(root)
        if not root.exists():
            return "đã xóa mọi dữ liệu tạm"
        time.sleep(0.2 * (attempt + 1))
    shutil.rmtree(root)  # the last try raises, naming what could not be removed
    return "đã xóa mọi dữ liệu tạm"
