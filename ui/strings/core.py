"""The program, navigation, overview, start-up, signing in, recovery and the lock."""

from __future__ import annotations

APP_NAME = "Sổ Hội"


def window_title(unit_name: str) -> str:
    """The main window's title: the program, then the unit it keeps."""
    return f"{APP_NAME} — {unit_name}"


def status_unit(unit_name: str, unit_code: str) -> str:
    """The status bar's permanent note of which unit this installation keeps."""
    return f"Đơn vị: {unit_name} (mã {unit_code})"


# -- navigation: one label per section, in the order they are listed ------------------------

SECTIONS: dict[str, str] = {
    "overview": "Tổng quan",
    "unit": "Đơn vị",
    "cadres": "Cán bộ",
    "branches": "Chi hội",
    "branch_heads": "Chi hội trưởng",
    "members": "Hội viên",
    "models": "Mô hình",
    "online_channels": "Kênh trực tuyến",
    "activities": "Sinh hoạt",
    "sync": "Đồng bộ",
    "reports": "Báo cáo",
    "journal": "Nhật ký",
    "settings": "Cài đặt",
}
NAVIGATION_NAME = "Các mục"

# -- overview page ------------------------------------------------------------------------

OVERVIEW_INDICATORS = "Các chỉ tiêu nhiệm kỳ"
UNIT_CODE = "Mã đơn vị"
UNIT_LEVEL = "Cấp"
NO_INDICATORS = "Chưa có chỉ tiêu nào để hiển thị."


def indicators_heading(term: str) -> str:
    """The heading above the indicators table."""
    return f"{OVERVIEW_INDICATORS} {term}"


def indicators_as_of(as_of: str) -> str:
    """When the figures were computed; `as_of` is an ISO date. They are the live ones, not a
    closed period's (those are in "Các kỳ báo cáo…" and the reports of a period)."""
    return f"Số liệu hiện có (chưa chốt), tính đến ngày {format_day(as_of)}."


# -- indicators table ---------------------------------------------------------------------

COL_INDICATOR = "Chỉ tiêu"
COL_NUMERATOR = "Tử số"
COL_DENOMINATOR = "Mẫu số"
COL_VALUE = "Giá trị"
COL_TARGET = "Mục tiêu"
COL_MET = "Đạt"

MET = "Đạt"
NOT_MET = "Chưa đạt"
NOT_APPLICABLE = "—"  # no denominator, no target, or nothing to judge yet


def indicator_tooltip(label: str, as_of: str) -> str:
    """The hover text of an indicator row; `as_of` is an ISO date."""
    return f"{label}\nSố liệu tính đến ngày {format_day(as_of)}."


def format_day(iso: str) -> str:
    """An ISO date (YYYY-MM-DD…) the Vietnamese way, dd/mm/yyyy; other text unchanged."""
    year, _, rest = iso[:10].partition("-")
    month, _, day = rest.partition("-")
    if len(year) == 4 and len(month) == 2 and len(day) == 2:
        return f"{day}/{month}/{year}"
    return iso


# -- start-up -----------------------------------------------------------------------------

CANNOT_OPEN_TITLE = "Không mở được dữ liệu"


# -- signing in ---------------------------------------------------------------------------

LOGIN_WINDOW_TITLE = f"{APP_NAME} — Đăng nhập"
LOGIN_SUBTITLE = "Hội Liên hiệp Phụ nữ Việt Nam"
USERNAME = "Tên đăng nhập"
PASSWORD = "Mật khẩu"
SIGN_IN = "Đăng nhập"
SIGNING_IN = "Đang đăng nhập…"
FORGOT_PASSWORD = "Quên mật khẩu?"
PASSWORD_MISSING = "Hãy nhập mật khẩu."
NO_ACCOUNTS = "Thư mục dữ liệu này chưa có tài khoản nào được phép đăng nhập."
TRY_AGAIN_NOW = "Bây giờ có thể thử lại."


def data_folder(path: str, *, removable: bool = False) -> str:
    """Which data folder the login opens (the unit's name is inside the encrypted database)."""
    where = "Dữ liệu trên USB" if removable else "Thư mục dữ liệu"
    return f"{where}: {path}"


def demo_hint(username: str, password: str) -> str:
    """The documented account of the demo data, shown on its login screen only."""
    return f"Dữ liệu mẫu: tài khoản {username}, mật khẩu {password}"


def wait_countdown(seconds: int) -> str:
    """The honest countdown after too many wrong passwords."""
    return f"Hãy đợi {seconds} giây…"


# -- recovery code ------------------------------------------------------------------------

RECOVERY_TITLE = "Đặt lại mật khẩu quản trị"
RECOVERY_INTRO = (
    "Nhập mã khôi phục đã in ra khi tạo đơn vị (6 nhóm, mỗi nhóm 4 ký tự), "
    "rồi đặt mật khẩu mới cho tài khoản quản trị."
)
RECOVERY_ACCOUNT = "Tài khoản quản trị"
RECOVERY_CODE = "Mã khôi phục"
RECOVERY_CODE_PLACEHOLDER = "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
NEW_PASSWORD = "Mật khẩu mới"
NEW_PASSWORD_AGAIN = "Nhập lại mật khẩu mới"
RECOVER = "Đặt mật khẩu mới"
CANCEL = "Hủy"
RECOVERY_CODE_MISSING = "Hãy nhập mã khôi phục."
PASSWORDS_DIFFER = "Hai lần nhập mật khẩu mới không giống nhau."


# -- the signed-in person, the lock -------------------------------------------------------


def status_user(username: str, role_label: str) -> str:
    """The status bar's note of who is signed in."""
    return f"Người dùng: {username} ({role_label})"


def status_sync(sent_seq: int, sent_at: str, acked_seq: int, received_at: str) -> str:
    """The status bar's note of the last sync: sent up (and acknowledged), received from below."""
    parts = []
    if sent_seq:
        sent = f"Gửi lần cuối: gói {sent_seq} lúc {_moment(sent_at)}"
        if acked_seq >= sent_seq:
            sent += " (cấp trên đã nhận)"
        elif acked_seq:
            sent += f" (cấp trên đã nhận đến gói {acked_seq})"
        else:
            sent += " (chưa có biên nhận)"
        parts.append(sent)
    if received_at:
        parts.append(f"Nhận lần cuối: {_moment(received_at)}")
    return " · ".join(parts) or "Chưa gửi báo cáo lên cấp trên"


def _moment(iso: str) -> str:
    """ "2026-11-26T08:30:00+00:00" as "26/11/2026 15:30" in this computer's time."""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%d/%m/%Y %H:%M")


LOCK = "Khóa"
LOCK_TIP = "Khóa màn hình khi rời máy (Ctrl+L)"
LOCKED_WINDOW_TITLE = f"{APP_NAME} — Đã khóa"
LOCKED_HEADING = "Đã khóa"
LOCKED_NOTE = "Sổ Hội đã khóa để bảo vệ thông tin của hội viên."
UNLOCK_PROMPT = "Nhập mật khẩu để tiếp tục làm việc."
UNLOCK = "Mở khóa"
UNLOCKING = "Đang mở khóa…"
SWITCH_USER = "Đổi người dùng"
