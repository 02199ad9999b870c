"""The first-start wizard: a new unit, a restored backup, the enrolment with the level above."""

from __future__ import annotations

FIRST_START_TITLE = "Sổ Hội — Bắt đầu"
FIRST_START_WELCOME = "Chào mừng đến với Sổ Hội"
FIRST_START_INTRO = (
    "Máy này chưa có dữ liệu của đơn vị nào. Sổ Hội sẽ giữ dữ liệu của đơn vị ngay trên máy "
    "(được mã hóa), không cần mạng. Hãy chọn cách bắt đầu:"
)
CHOICE_CREATE = "Tạo đơn vị mới"
CHOICE_CREATE_NOTE = (
    "Lần đầu dùng Sổ Hội: chọn tỉnh, xã (phường) của Hội, rồi đặt mật khẩu quản trị."
)
CHOICE_RESTORE = "Khôi phục từ bản sao lưu"
CHOICE_RESTORE_NOTE = (
    "Đơn vị đã dùng Sổ Hội trên máy khác (hoặc máy cũ bị hỏng): mở tệp sao lưu "
    "(.sohoi-backup) để đưa dữ liệu về máy này."
)
BACK = "Quay lại"
NEXT = "Tiếp tục"
CREATE_UNIT = "Tạo đơn vị"
CREATING_UNIT = "Đang tạo đơn vị…"
START_USING = "Bắt đầu sử dụng"
STEP_PLACE = "Bước 1/4 · Đơn vị của Hội"
STEP_ADMIN = "Bước 2/4 · Tài khoản quản trị"
STEP_RECOVERY = "Bước 3/4 · Mã khôi phục"
STEP_ENROL = "Bước 4/4 · Đăng ký với cấp trên"
STEP_RESTORE = "Khôi phục từ bản sao lưu"

# -- the unit ------------------------------------------------------------------------------------

LEVEL_LABEL = "Cấp của đơn vị"
LEVEL_CHOICES = {
    "commune": "Cơ sở Hội (xã, phường, đặc khu)",
    "province": "Tỉnh, thành phố",
    "central": "Trung ương Hội",
}
PROVINCE_LABEL = "Tỉnh, thành phố"
COMMUNE_LABEL = "Xã, phường, đặc khu"
COMMUNE_SEARCH = "Gõ tên để tìm (không dấu cũng được, cả tên xã cũ trước khi sáp nhập)"
UNIT_NAME_LABEL = "Tên đơn vị (như trên báo cáo)"
PICK_COMMUNE = "Hãy chọn xã, phường, đặc khu của Hội trong danh sách."
NO_COMMUNE_FOUND = "Không có xã, phường nào khớp với tên đã gõ trong tỉnh này."
UNIT_NAME_EMPTY = "Hãy nhập tên đơn vị."


def place_with_former(name: str, former: tuple[str, ...]) -> str:
    """A commune in the list, with the units merged into it: "Xã Quý Hòa — gồm xã Vĩnh Yên cũ"."""
    if not former:
        return name
    olds = ", ".join(f"{n[0].lower()}{n[1:]}" for n in former)
    return f"{name} — gồm {olds} cũ"


def unit_code_line(code: str, parent: str | None) -> str:
    """What the unit will be called in sync files and reports."""
    line = f"Mã đơn vị: {code}"
    return f"{line} · mã đơn vị cấp trên: {parent}" if parent else line


# -- the admin account --------------------------------------------------------------------------

ADMIN_INTRO = (
    "Tài khoản quản trị tạo thêm tài khoản cho người khác, sao lưu và đăng ký với cấp trên. "
    "Mật khẩu mở khóa dữ liệu của đơn vị: hãy chọn mật khẩu dễ nhớ với bạn, khó đoán với "
    "người khác."
)
ADMIN_USERNAME = "Tên đăng nhập"
ADMIN_PASSWORD = "Mật khẩu"
ADMIN_PASSWORD_AGAIN = "Nhập lại mật khẩu"
ADMIN_PASSWORDS_DIFFER = "Hai lần nhập mật khẩu chưa giống nhau."
USERNAME_EMPTY = "Hãy nhập tên đăng nhập."


def password_too_short(minimum: int) -> str:
    """Under the password field while it is too short."""
    return f"Mật khẩu phải có ít nhất {minimum} ký tự."


# -- the recovery code --------------------------------------------------------------------------

RECOVERY_CODE_INTRO = (
    "Đây là mã khôi phục của đơn vị. Khi quên mật khẩu quản trị, chỉ mã này mở lại được dữ "
    "liệu. Sổ Hội chỉ hiện mã một lần: hãy in hoặc chép ra giấy, cất nơi an toàn (không dán "
    "cạnh máy tính)."
)
COPY = "Chép"
COPIED = "Đã chép mã vào bộ nhớ tạm. Hãy dán vào nơi an toàn rồi xóa khỏi bộ nhớ tạm."
PRINT_RECOVERY = "Lưu phiếu để in (PDF)…"
RECOVERY_PDF_FILTER = "Tệp PDF (*.pdf)"
RECOVERY_KEPT = "Tôi đã in hoặc chép mã khôi phục và cất ở nơi an toàn"


def recovery_saved(path: str) -> str:
    """After the recovery sheet is written: print it, then delete the file."""
    return f"Đã lưu phiếu vào {path}. Hãy in ra rồi xóa tệp này: ai có mã là mở được dữ liệu."


# -- enrolment and the end -----------------------------------------------------------------------

ENROL_INTRO = (
    "Để cấp trên nhận tệp đồng bộ của đơn vị, máy này cần được cấp trên xác nhận: tạo yêu "
    "cầu xác nhận máy vào USB, in «Phiếu xác nhận máy», mang (hoặc gửi) lên cấp trên; khi có "
    "giấy xác nhận của cấp trên thì nhận ở đây, hoặc sau này ở trang Đồng bộ. Có thể làm việc "
    "này sau."
)
CENTRAL_INTRO = (
    "Trung ương Hội là gốc tin cậy: máy của các tỉnh được máy này xác nhận. Khi duyệt yêu cầu của "
    "một tỉnh, hãy đối chiếu Mã máy trên phiếu của tỉnh đó."
)
PRINT_ENROL_SHEET = "In «Phiếu xác nhận máy» (PDF)…"
ENROL_SHEET_FILTER = "Tệp PDF (*.pdf)"


def enrol_sheet_saved(path: str) -> str:
    """After the enrolment sheet is written."""
    return f"Đã lưu phiếu vào {path}. Hãy in ra, ký và mang lên cấp trên cùng tệp yêu cầu."


def unit_created(name: str, code: str) -> str:
    """The line at the top of the last steps."""
    return f"Đã tạo đơn vị {name} (mã {code}). Bạn đang đăng nhập bằng tài khoản quản trị."


# -- restoring --------------------------------------------------------------------------------

RESTORE_INTRO = (
    "Chọn tệp sao lưu của đơn vị (thường ở USB hoặc thư mục backups của máy cũ). Sổ Hội kiểm "
    "tra toàn bộ tệp trước khi khôi phục."
)
CHOOSE_BACKUP = "Chọn tệp sao lưu…"
RESTORE = "Khôi phục"
RESTORING = "Đang khôi phục…"
BACKUP_PASSPHRASE = "Mật khẩu của bản sao lưu"
BACKUP_ACCOUNT = "Tên đăng nhập trong bản sao lưu"
BACKUP_SECRET = "Mật khẩu của tài khoản đó (hoặc mã khôi phục)"
BACKUP_PORTABLE_NOTE = "Bản sao lưu này được khóa bằng mật khẩu riêng, đặt khi sao lưu."
BACKUP_AUTO_NOTE = (
    "Bản sao lưu tự động: mở bằng tài khoản và mật khẩu lúc sao lưu, hoặc bằng mã khôi phục."
)


def backup_described(unit_code: str, when: str) -> str:
    """What the chosen backup holds, read from its clear header."""
    return f"Bản sao lưu của đơn vị mã {unit_code}, lúc {when}."


def restored(unit_code: str, when: str) -> str:
    """Shown in the login window after a restore."""
    return (
        f"Đã khôi phục đơn vị mã {unit_code} về lúc {when}. Hãy đăng nhập; mật khẩu các tài "
        "khoản như lúc sao lưu."
    )
