"""Accounts in the window: the Tài khoản page (admins), its dialogs, one's own password."""

from __future__ import annotations

ACCOUNTS_SECTION = "Tài khoản"
ACCOUNTS_TITLE = "Tài khoản"
ACCOUNTS_NOTE = (
    "Những người được phép mở sổ của đơn vị trên máy này. Mỗi người một tài khoản, "
    "không dùng chung mật khẩu."
)
ACCOUNTS_ADMIN_ONLY = "Chỉ tài khoản quản trị mới quản lý được tài khoản."
ACCOUNTS_COLUMNS = ("Tên đăng nhập", "Họ tên", "Vai trò", "Trạng thái", "Đăng nhập lần cuối")
ACCOUNT_ACTIVE = "Đang dùng"
ACCOUNT_DISABLED = "Ngừng dùng"
NEVER_SIGNED_IN = "Chưa đăng nhập"
ACCOUNT_ADD = "Thêm tài khoản…"
ACCOUNT_RESET = "Đặt lại mật khẩu…"
ACCOUNT_DISABLE = "Ngừng tài khoản…"
ACCOUNT_ENABLE = "Cho dùng lại…"
ACCOUNT_ROLE = "Đổi vai trò…"
ACCOUNT_RENEW_RECOVERY = "Đổi mã khôi phục…"
ACCOUNT_PICK_FIRST = "Hãy chọn một tài khoản trong danh sách."

# -- adding an account ------------------------------------------------------------------------

ADD_USER_TITLE = "Thêm tài khoản"
ADD_USER_INTRO = (
    "Tạo tài khoản cho một người khác. Đặt mật khẩu ban đầu rồi đưa tận tay người đó; "
    "họ có thể tự đổi bằng nút “Đổi mật khẩu” ở thanh dưới cùng."
)
NEW_USERNAME = "Tên đăng nhập"
NEW_DISPLAY_NAME = "Họ tên (không bắt buộc)"
NEW_ROLE = "Vai trò"
FIRST_PASSWORD = "Mật khẩu ban đầu"
FIRST_PASSWORD_AGAIN = "Nhập lại mật khẩu ban đầu"
ADD_USER_CONFIRM = "Thêm tài khoản"
USERNAME_MISSING = "Hãy nhập tên đăng nhập."
ROLE_HELP = {
    "admin": "Quản trị: mọi việc, kể cả tài khoản, khóa, cài đặt và khôi phục",
    "entry": "Nhập liệu: xem, thêm, sửa dữ liệu, đồng bộ, sao lưu, báo cáo",
    "viewer": "Chỉ xem: xem và in báo cáo",
}


def user_added(username: str, role_label: str) -> str:
    return f"Đã thêm tài khoản “{username}” ({role_label})."


# -- one-time password, disable, role --------------------------------------------------------

CONFIRM_TITLE = "Xác nhận"
RESET_CONFIRM = "Đặt lại mật khẩu"
DISABLE_CONFIRM = "Ngừng tài khoản"
ENABLE_CONFIRM = "Cho dùng lại"
RENEW_CONFIRM = "Đổi mã khôi phục"


def confirm_reset(username: str) -> str:
    return (
        f"Đặt lại mật khẩu của “{username}”? Mật khẩu cũ sẽ không dùng được nữa; Sổ Hội tạo "
        "một mật khẩu dùng một lần để anh/chị đưa cho người đó."
    )


def confirm_disable(username: str) -> str:
    return (
        f"Ngừng tài khoản “{username}”? Người đó sẽ không đăng nhập được nữa. Dữ liệu họ đã "
        "nhập vẫn giữ nguyên; có thể cho dùng lại sau."
    )


def confirm_enable(username: str) -> str:
    return (
        f"Cho dùng lại tài khoản “{username}”? Mật khẩu cũ không dùng lại được: Sổ Hội tạo một mật "
        "khẩu dùng một lần để anh/chị đưa cho người đó."
    )


CONFIRM_RENEW = (
    "Tạo mã khôi phục mới? Mã cũ (trên phiếu đã in) sẽ không dùng được nữa. Hãy in phiếu mới "
    "và hủy phiếu cũ."
)
ONE_TIME_TITLE = "Mật khẩu dùng một lần"
ONE_TIME_DONE = "Tôi đã ghi lại, đóng"
ONE_TIME_COPIED = "Đã chép mật khẩu vào bộ nhớ tạm. Hãy xóa khỏi bộ nhớ tạm sau khi dùng."


def one_time_intro(username: str) -> str:
    return (
        f"Mật khẩu mới của “{username}”. Sổ Hội chỉ hiện một lần: hãy chép ra giấy và đưa tận "
        "tay người đó. Lần đăng nhập tới, Sổ Hội sẽ yêu cầu họ đặt mật khẩu của riêng mình."
    )


def user_disabled(username: str) -> str:
    return f"Đã ngừng tài khoản “{username}”: mật khẩu của người đó không còn mở được sổ."


def password_reset_done(username: str) -> str:
    return f"Đã đặt mật khẩu mới cho “{username}”."


ROLE_TITLE = "Đổi vai trò"


def role_intro(username: str) -> str:
    return f"Vai trò mới của “{username}”:"


def role_changed(username: str, role_label: str) -> str:
    return f"Tài khoản “{username}” nay có vai trò {role_label}."


RENEW_TITLE = "Mã khôi phục mới"
RENEW_HEADING = "Mã khôi phục mới của đơn vị"
RENEW_CLOSE = "Đóng"
RECOVERY_RENEWED = "Đã đổi mã khôi phục; mã cũ không còn dùng được."

# -- one's own password -----------------------------------------------------------------------

CHANGE_PASSWORD = "Đổi mật khẩu"
CHANGE_PASSWORD_TIP = "Đổi mật khẩu của chính mình"
CHANGE_PASSWORD_TITLE = "Đổi mật khẩu"
CHANGE_PASSWORD_INTRO = "Nhập mật khẩu đang dùng, rồi mật khẩu mới hai lần."
CHANGE_PASSWORD_FORCED_INTRO = (
    "Mật khẩu này do quản trị viên đặt lại giúp. Trước khi làm việc, hãy đặt mật khẩu của riêng "
    "mình: nhập mật khẩu vừa dùng để đăng nhập, rồi mật khẩu mới hai lần. Đóng hộp này thì "
    "cửa sổ sẽ khóa."
)
CURRENT_PASSWORD = "Mật khẩu hiện tại"
CHANGE_PASSWORD_CONFIRM = "Đổi mật khẩu"
PASSWORD_CHANGED = "Đã đổi mật khẩu. Lần đăng nhập sau hãy dùng mật khẩu mới."


def signed_in_as(username: str, role_label: str, display_name: str | None) -> str:
    """Who is signed in, by their name when the account has one (status bar, lock screen)."""
    if not display_name:
        return f"Người dùng: {username} ({role_label})"
    return f"Người dùng: {display_name} — {username} ({role_label})"
