"""The upper levels' window (province, centre): its sections, the units table, the person
search and the checks across units (ui/pages/units_page.py, people_page.py, upper_checks.py)."""

from __future__ import annotations

from db.text import format_count
from ui.strings import core as _core

# The sections of a province's or the centre's window, in navigation order: what the upper
# level owns itself, the units below and, for roles that may see personal data, the search.
UPPER_SECTIONS: dict[str, str] = {
    "overview": _core.SECTIONS["overview"],
    "unit": _core.SECTIONS["unit"],
    "cadres": _core.SECTIONS["cadres"],
    "units_below": "Đơn vị cấp dưới",
    "people": "Tìm người",
    "sync": _core.SECTIONS["sync"],
    "reports": _core.SECTIONS["reports"],
    "journal": _core.SECTIONS["journal"],
    "settings": _core.SECTIONS["settings"],
}

# -- units table -------------------------------------------------------------------------------

UNITS_HEADING = "Các đơn vị cấp dưới"
UNITS_COLUMNS = ("Mã", "Tên đơn vị", "Lần nhận cuối", "Số ngày", "Gói chưa nhận", "Cảnh báo")
UNITS_COLUMN_TIPS = (
    "Mã đơn vị hành chính",
    "Tên đơn vị",
    "Ngày nhận được gói báo cáo mới nhất của đơn vị",
    "Số ngày kể từ lần nhận cuối",
    "Số gói báo cáo đơn vị đã gửi mà chưa nhận được (USB còn trên đường, bị mất hoặc chưa mang "
    "lên); không tính gói mà dữ liệu đã đến qua gói gửi sau",
    "Số lần cảnh báo khi nhận gói của đơn vị",
)
UNITS_NEVER = "Chưa gửi"
UNITS_SEARCH = "Tìm theo tên hoặc mã (gõ không dấu cũng được)"
FILTER_NOT_MET = "Chưa đạt chỉ tiêu"
FILTER_ANY_INDICATOR = "Bất kỳ chỉ tiêu nào"
FILTER_STALE = "Chưa báo cáo 30 ngày"
UNITS_EXPORT = "Xuất Excel…"
UNITS_EXPORT_TIP = "Lưu bảng đang hiển thị (đã lọc) ra tệp Excel (.xlsx)"
UNITS_EXPORT_SHEET = "Đơn vị cấp dưới"
UNITS_EXPORTING = "Đang xuất Excel…"
UNITS_LOADING = "Đang tải bảng đơn vị cấp dưới…"
UNITS_NOTE = (
    "Màu xanh: đạt chỉ tiêu; màu đỏ: chưa đạt. Nhấp đúp vào một đơn vị để xem chỉ tiêu và danh "
    "sách của đơn vị đó (chỉ xem)."
)
UNITS_CENTRAL_NOTE = "Bấm vào mũi tên trước một tỉnh để xem các xã, phường của tỉnh đó."


def units_summary(shown: int, total: int, reported: int) -> str:
    """The line above the units table."""
    head = f"{format_count(total)} đơn vị, {format_count(reported)} đã báo cáo"
    return head + (f" — đang hiển thị {format_count(shown)}" if shown != total else "") + "."


def units_file_stem(code: str) -> str:
    return f"don-vi-cap-duoi-{code}"


def units_exported(rows: int, path: str) -> str:
    return f"Đã xuất {format_count(rows)} đơn vị ra tệp: {path}"


def units_load_failed(reason: str) -> str:
    return f"Chưa tải được bảng đơn vị cấp dưới: {reason}"


# -- the reporting state in a unit's drill-down ---------------------------------------------


def drill_reporting(last: str, days: int | None, missing: int, alarms: int) -> str:
    """One line on how a unit below reports; `last` already dd/mm/yyyy, "" when never."""
    if not last:
        return "Báo cáo: chưa nhận được gói nào từ đơn vị này."
    ago = "hôm nay" if not days else f"{format_count(days)} ngày trước"
    parts = [f"Báo cáo: gói mới nhất nhận ngày {last} ({ago})"]
    parts.append(f"thiếu {format_count(missing)} gói" if missing else "không thiếu gói nào")
    parts.append(f"{format_count(alarms)} cảnh báo" if alarms else "không có cảnh báo")
    return ", ".join(parts) + "."


# -- person search ---------------------------------------------------------------------------

PEOPLE_HEADING = "Tìm người trong các đơn vị cấp dưới"
PEOPLE_SEARCH = "Gõ họ tên (không dấu cũng được), số CCCD hoặc số điện thoại"
PEOPLE_COLUMNS = ("Họ và tên", "Loại", "Chi hội", "Đơn vị", "Tình trạng")
PERSON_KINDS = {"members": "Hội viên", "branch_heads": "Chi hội trưởng", "cadres": "Cán bộ"}
PEOPLE_HINT = (
    "Gõ tên (ví dụ: hoa) hoặc cả họ tên (nguyen thi hoa), không dấu cũng được; hoặc số CCCD "
    "(12 số), số điện thoại. Chỉ xem, không sửa được."
)
PEOPLE_SEARCHING = "Đang tìm…"
PEOPLE_NONE = "Không tìm thấy ai."


def people_found(count: int, more: bool) -> str:
    """The line above the results: how many are shown, and whether more come on scrolling."""
    if more:
        return f"Đã hiện {format_count(count)} người; kéo xuống để xem thêm."
    return f"Tìm thấy {format_count(count)} người."


def people_failed(reason: str) -> str:
    return f"Chưa tìm được: {reason}"


# -- checks across units (the upper level's overview) -----------------------------------------

UPPER_CHECKS_HEADING = "Kiểm tra giữa các đơn vị cấp dưới"
UPPER_CHECKING = "Đang kiểm tra giữa các đơn vị…"
UPPER_CHECKS_NOTE = "Nhấp vào một dòng để xem đơn vị đó (chỉ xem)."


def duplicate_citizen(shown_id: str, names: list[str]) -> str:
    return f"Số CCCD {shown_id} là hội viên ở {len(names)} đơn vị: {', '.join(names)}"


def no_chair(name: str) -> str:
    return f"{name}: chưa có cán bộ giữ chức vụ Chủ tịch"


def never_reported(name: str) -> str:
    return f"{name}: chưa gửi báo cáo lần nào"


def upper_checks_summary(duplicates: int, no_chairs: int, silent: int) -> str:
    if not (duplicates or no_chairs or silent):
        return "Không thấy vấn đề nào giữa các đơn vị cấp dưới."
    return (
        f"{format_count(duplicates)} số CCCD trùng giữa các đơn vị, "
        f"{format_count(no_chairs)} đơn vị chưa có Chủ tịch, "
        f"{format_count(silent)} đơn vị chưa báo cáo lần nào."
    )


def more_not_shown(count: int) -> str:
    return f"… và {format_count(count)} trường hợp nữa (không liệt kê hết)."


def upper_checks_failed(reason: str) -> str:
    return f"Chưa kiểm tra được: {reason}"
