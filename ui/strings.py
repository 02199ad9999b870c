"""Every Vietnamese text the window shows, in one place.

Widgets never spell a user-facing string themselves: they take it from here, so wording is
reviewed in one file and a later move to Qt translation files touches only this module.
Texts with values in them are functions, so the grammar stays with the words.
"""

from __future__ import annotations

APP_NAME = "Sổ Hội"
APP_TITLE = "Sổ Hội — Hội Liên hiệp Phụ nữ Việt Nam"


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

COMING_SOON_TITLE = "Đang được xây dựng"


def coming_soon(section: str) -> str:
    """The polite note on a section that is not built yet."""
    return (
        f"Mục «{section}» đang được hoàn thiện và sẽ có trong bản cập nhật tới.\n"
        "Xin cảm ơn chị em đã kiên nhẫn chờ đợi!"
    )


# -- overview page ------------------------------------------------------------------------

OVERVIEW_INDICATORS = "Các chỉ tiêu nhiệm kỳ"
UNIT_CODE = "Mã đơn vị"
UNIT_LEVEL = "Cấp"
UNIT_UNKNOWN = "Chưa có thông tin đơn vị"
NO_INDICATORS = "Chưa có chỉ tiêu nào để hiển thị."


def indicators_heading(term: str) -> str:
    """The heading above the indicators table."""
    return f"{OVERVIEW_INDICATORS} {term}"


def indicators_as_of(as_of: str) -> str:
    """When the figures were computed; `as_of` is an ISO date."""
    return f"Số liệu tính đến ngày {format_day(as_of)}."


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


LOCK = "Khóa"
LOCK_TIP = "Khóa màn hình khi rời máy (Ctrl+L)"
LOCKED_WINDOW_TITLE = f"{APP_NAME} — Đã khóa"
LOCKED_HEADING = "Đã khóa"
LOCKED_NOTE = "Sổ Hội đã khóa để bảo vệ thông tin của hội viên."
UNLOCK_PROMPT = "Nhập mật khẩu để tiếp tục làm việc."
UNLOCK = "Mở khóa"
UNLOCKING = "Đang mở khóa…"
SWITCH_USER = "Đổi người dùng"


# -- lists ----------------------------------------------------------------------------------

YES = "Có"
NO = "Không"
FILTER_ALL = "Tất cả"
SEARCH_PLACEHOLDER = "Tìm (Ctrl+F): gõ tên, số điện thoại…, không dấu cũng được"
SEARCH_NAME = "Tìm kiếm"
ADD_TIP = "Thêm bản ghi mới (Ctrl+N)"
COLUMNS_MENU = "Chọn cột hiển thị"

# Column headings shorter than the field's label in db.schema (a list has less room).
LIST_COLUMN_LABELS: dict[str, str] = {
    "birth_date": "Năm sinh",
    "branch_id": "Chi hội",
    "area_name": "Thôn/tổ dân phố",
    "uses_social_media": "Dùng mạng xã hội",
    "is_party_member": "Đảng viên",
    "party_development": "Phát triển Đảng",
    "monthly_allowance": "Hỗ trợ hằng tháng",
    "allowance_amount_vnd": "Mức hỗ trợ",
    "allowance_source": "Nguồn hỗ trợ",
    "software_proficient": "Thành thạo phần mềm",
    "education": "Trình độ",
    "card_number": "Số thẻ",
    "members_count": "Số thành viên",
    "participants": "Người tham gia",
    "started_on": "Ngày bắt đầu",
    "attendees": "Số người dự",
    "uses_it": "Ứng dụng CNTT",
    "url": "Địa chỉ trang",
}


def add_record(noun: str) -> str:
    """The button that adds a record: "Thêm hội viên"."""
    return f"Thêm {noun}"


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def list_count(shown: int, total: int, noun: str) -> str:
    """The line under a list: "Đang hiển thị 1.234 / 5.000 hội viên"."""
    if total == 0:
        return f"Chưa có {noun} nào. Nhấn «{add_record(noun)}» (Ctrl+N) để nhập."
    return f"Đang hiển thị {_count(shown)} / {_count(total)} {noun}"


def personal_column(label: str) -> str:
    """A personal column in the column menu, saying why it starts hidden."""
    return f"{label} (thông tin cá nhân)"


# -- forms ----------------------------------------------------------------------------------

REQUIRED_MARK = " *"
REQUIRED_NOTE = "Ô có dấu * là bắt buộc. Enter để lưu, Esc để thôi."
REQUIRED_NOTE_REVERT = "Ô có dấu * là bắt buộc. Enter để lưu, Esc để trả lại như đã lưu."
FORM_READ_ONLY_NOTE = "Tài khoản chỉ xem: có thể đọc nhưng không sửa được thông tin."
DATE_PLACEHOLDER = "dd/mm/yyyy"
BIRTH_DATE_PLACEHOLDER = "dd/mm/yyyy, hoặc chỉ năm sinh"
YEAR_PLACEHOLDER = "yyyy"
LIST_PLACEHOLDER = "Ghi nhiều mục, cách nhau bằng dấu phẩy"
MONEY_SUFFIX = " ₫"
NO_CHOICE = "— Chưa chọn —"
NO_BRANCH = "— Không thuộc chi hội nào —"
CHOOSE_BRANCH = "— Chọn chi hội —"
UNKNOWN_CHOICE = "(không còn trong danh sách)"
SAVE = "Lưu (Enter)"
SAVE_AND_NEXT = "Lưu và thêm tiếp (Enter)"
SAVE_AND_CLOSE = "Lưu và đóng (Ctrl+S)"
CANCEL_FORM = "Hủy (Esc)"
REVERT = "Hoàn lại (Esc)"
CLOSE_FORM = "Đóng (Esc)"
DELETE = "Xóa…"
DRAFT_RESTORED = "Đã mở lại phần đang nhập dở, chưa được lưu."
RECORD_GONE = "Không tìm thấy bản ghi này nữa (có thể vừa bị xóa)."


def form_title_new(noun: str) -> str:
    """The heading of a blank form: "Thêm hội viên"."""
    return f"Thêm {noun}"


def form_title_edit(noun: str, title: object) -> str:
    """The heading of a record's form: "Sửa hội viên: Nguyễn Thị Ánh"."""
    return f"Sửa {noun}: {title}" if title else f"Sửa {noun}"


def form_title_view(noun: str, title: object) -> str:
    """The heading of a record's form for a viewer: "Xem hội viên: Nguyễn Thị Ánh"."""
    return f"Xem {noun}: {title}" if title else f"Xem {noun}"


def cannot_save(labels: list[str], general: list[str]) -> str:
    """Why a save was refused: which fields to fix (and problems of the whole record)."""
    parts = []
    if labels:
        parts.append(f"Chưa lưu được. Hãy sửa: {', '.join(labels)} (xem dòng chữ đỏ dưới ô).")
    parts += general
    return " ".join(parts) if parts else "Chưa lưu được."


def saved(description: str, op: str, warnings: list[str]) -> str:
    """What a save did, and how to take it back; with the warnings it carried."""
    if op == "none":
        text = f"Không có gì thay đổi ở {description}."
    else:
        done = "Đã thêm" if op == "insert" else "Đã lưu"
        text = f"{done} {description}. Nhấn Ctrl+Z nếu muốn hoàn tác."
    if warnings:
        text += " Lưu ý: " + "; ".join(warnings)
    return text


# -- deleting, undoing ------------------------------------------------------------------------

DELETE_TITLE = "Xóa bản ghi"
DELETE_YES = "Xóa"
DELETE_NO = "Không xóa"


def delete_consequence(table: str) -> str:
    """What a delete does, under the question; for members, the gentler way to record a leave."""
    text = "Việc xóa không hoàn tác được: thông tin cá nhân của bản ghi sẽ bị xóa hẳn."
    if table == "members":
        text += (
            " Nếu chỉ muốn ghi nhận hội viên chuyển đi, ra khỏi Hội hay đã mất, "
            "xin sửa ô «Tình trạng» thay vì xóa."
        )
    return text


NOTHING_TO_UNDO = "Không còn thao tác nào để hoàn tác."
FINISH_FORM_FIRST = "Hãy lưu (Enter) hoặc hủy (Esc) biểu mẫu đang nhập trước."
UNDO_FINISH_FORM_FIRST = "Hãy lưu hoặc hủy biểu mẫu đang nhập trước khi hoàn tác."


def confirm_delete(description: str) -> str:
    """The question before deleting: "Xóa hội viên “Nguyễn Thị Ánh”?"."""
    return f"Xóa {description}?"


def deleted(description: str) -> str:
    return f"Đã xóa {description}."


def cannot_delete(description: str, reason: str) -> str:
    return f"Chưa xóa được {description}: {reason}"


def cannot_undo_delete(description: str) -> str:
    """Ctrl+Z after a delete: said politely, nothing changes."""
    return (
        f"Rất tiếc, không hoàn tác được việc xóa {description}: bản ghi đã xóa không khôi "
        "phục được vì thông tin cá nhân đã được xóa hẳn. Nếu cần, xin nhập lại."
    )


def undone_insert(description: str) -> str:
    return f"Đã hoàn tác: bỏ {description} vừa thêm."


def undone_update(description: str) -> str:
    return f"Đã hoàn tác: {description} trở lại như trước lần sửa vừa rồi."


def undo_failed(reason: str) -> str:
    return f"Chưa hoàn tác được: {reason}"


# -- overview: data problems ------------------------------------------------------------------

FINDINGS_HEADING = "Dữ liệu cần kiểm tra"
CHECKING_DATA = "Đang kiểm tra dữ liệu…"
FINDING_OPEN_TIP = "Nhấn để mở bản ghi và sửa."
SEVERITY_LABELS = {"error": "Lỗi", "warning": "Lưu ý"}


def findings_summary(errors: int, warnings: int) -> str:
    """The line above the data problems."""
    if not errors and not warnings:
        return "Không thấy vấn đề nào trong dữ liệu của đơn vị."
    parts = []
    if errors:
        parts.append(f"{_count(errors)} lỗi (chấm đỏ) cần sửa")
    if warnings:
        parts.append(f"{_count(warnings)} lưu ý (chấm vàng) nên xem lại")
    return f"{', '.join(parts)}. Nhấn vào một dòng để mở bản ghi."


def checks_failed(reason: str) -> str:
    return f"Chưa kiểm tra được dữ liệu: {reason}"


# == reports, sync, settings, journal and first start (pages of ui/pages, ui/dialogs) ========

# -- shared by these pages -------------------------------------------------------------------

CHOOSE_FOLDER = "Chọn thư mục…"
CHOOSE_FILE = "Chọn tệp…"
OPEN = "Mở"
OPEN_FOLDER = "Mở thư mục"
READ_ONLY_ROLE = "Tài khoản chỉ xem: chỉ xem được, không thực hiện được thao tác này."
ADMIN_ONLY = "Chỉ tài khoản quản trị mới thay đổi được phần này."


def saved_to(path: str) -> str:
    """The note after a file was written."""
    return f"Đã lưu: {path}"


def failed(reason: str) -> str:
    """The note after something could not be done; `reason` is already Vietnamese."""
    reason = reason.strip()
    return f"Chưa thực hiện được: {reason[:1].lower() + reason[1:] if reason else ''}"


# -- reports page ----------------------------------------------------------------------------

REPORTS_TITLE = "Báo cáo"
REPORTS_INTRO = "Chọn loại báo cáo, nơi lưu tệp PDF, rồi bấm «Tạo báo cáo»."
REPORT_KINDS = {
    "unit": "Báo cáo của đơn vị",
    "summary": "Báo cáo tổng hợp các đơn vị cấp dưới",
    "roster": "Danh sách hội viên",
    "enrolment": "Phiếu đăng ký khóa của thiết bị",
}
REPORT_KIND_HELP = {
    "unit": "Số liệu hội viên, chi hội, cán bộ và các chỉ tiêu nhiệm kỳ của đơn vị này.",
    "summary": "Tổng hợp số liệu mà các đơn vị cấp dưới đã gửi lên, kèm tình hình nộp báo cáo.",
    "roster": "Danh sách hội viên theo từng chi hội, để in và ký xác nhận.",
    "enrolment": "Phiếu in mã nhận dạng khóa của máy này, gửi cấp trên khi đăng ký đồng bộ.",
}
REPORT_KIND_LABEL = "Loại báo cáo"
REPORT_SENSITIVE = "Kèm thông tin nhạy cảm (ngày sinh, CCCD, dân tộc, tôn giáo)"
REPORT_SENSITIVE_TIP = "Chỉ chọn khi thật cần: danh sách in ra sẽ có thông tin cá nhân."
REPORT_SAVE_AS = "Lưu vào"
REPORT_GENERATE = "Tạo báo cáo"
REPORT_GENERATING = "Đang tạo báo cáo…"
REPORT_NO_PATH = "Hãy chọn nơi lưu tệp báo cáo."
REPORT_FILE_FILTER = "Tệp PDF (*.pdf)"


def report_saved(path: str, pages: int) -> str:
    """The note after a report was written."""
    return f"Đã lưu {pages} trang vào {path}"


# -- sync page -------------------------------------------------------------------------------

SYNC_TITLE = "Đồng bộ"
SYNC_SEND_HEADING = "Gửi lên cấp trên"
SYNC_SEND_NOTE = "Cắm USB, chọn ổ USB (hoặc một thư mục), rồi bấm «Ghi tệp gửi cấp trên»."
SYNC_SEND = "Ghi tệp gửi cấp trên"
SYNC_RECEIVE_HEADING = "Nhận từ USB"
SYNC_RECEIVE_NOTE = (
    "Chọn thư mục có các tệp .sohoi; giấy báo nhận được ghi lại vào chính thư mục đó."
)
SYNC_RECEIVE = "Nhận các tệp"
SYNC_TARGET = "Nơi ghi"
SYNC_SOURCE = "Nơi đọc"
SYNC_NO_FOLDER = "Hãy chọn ổ USB hoặc thư mục trước."
SYNC_DRIVE_OTHER = "Thư mục khác…"
SYNC_VIEWER = "Tài khoản chỉ xem không gửi, nhận tệp đồng bộ được."
SYNC_NOTHING_NEW = "Không có thay đổi nào mới để gửi."
VERDICT_LABELS = {
    "accepted": "Đã nhận",
    "duplicate": "Đã nhận trước đó",
    "receipt": "Giấy báo nhận",
    "rejected": "Từ chối",
}
IMPORT_COLUMNS = ("Tệp", "Đơn vị", "Số thứ tự", "Kết quả", "Lý do")
SYNC_NO_PACKAGES = "Thư mục này không có tệp đồng bộ (.sohoi) nào."


def drive_label(name: str, free_bytes: int) -> str:
    """A removable drive in the list: its name and free space."""
    return f"{name} (còn trống {free_bytes / 1024**3:.1f} GB)".replace(".", ",")


def export_done(files: list[str], rows: int) -> str:
    """The note after the package for the level above was written."""
    names = ", ".join(files)
    return f"Đã ghi {len(files)} tệp ({rows} thay đổi): {names}. Có thể rút USB an toàn."


def import_done(accepted: int, rejected: int, receipts: int) -> str:
    """The note after packages were read."""
    text = f"Đã nhận {accepted} tệp"
    if rejected:
        text += f", từ chối {rejected} tệp"
    if receipts:
        text += f"; đã ghi {receipts} giấy báo nhận vào USB"
    return text + "."


ENROL_HEADING = "Đăng ký khóa"
ENROL_FINGERPRINT = "Mã nhận dạng khóa của máy này"
ENROL_FINGERPRINT_NOTE = "Đọc mã này cho cấp trên khi gọi điện, hoặc in «Phiếu đăng ký khóa»."
ENROL_REQUEST = "Tạo yêu cầu đăng ký…"
ENROL_APPROVE = "Duyệt yêu cầu của cấp dưới…"
ENROL_ACCEPT = "Nhận chứng thư từ cấp trên…"
ENROL_REQUEST_FILTER = "Yêu cầu đăng ký (*.sohoi-request)"
ENROL_BUNDLE_FILTER = "Chứng thư (*.sohoi-cert)"
ENROL_APPROVE_TITLE = "Duyệt yêu cầu đăng ký khóa"
ENROL_APPROVE_INTRO = (
    "Gõ mã nhận dạng in trên phiếu đăng ký mà đơn vị cấp dưới gửi (hoặc đọc qua điện thoại). "
    "Không chép từ tệp: chính việc đối chiếu này chống tệp bị đánh tráo."
)
ENROL_TYPED = "Mã nhận dạng trên phiếu"
ENROL_APPROVE_OK = "Duyệt và ghi chứng thư"
ENROL_TYPED_MISSING = "Hãy gõ mã nhận dạng in trên phiếu."
ENROL_CERTIFIED = "Máy này đã được cấp trên xác nhận khóa."
ENROL_NOT_CERTIFIED = "Máy này chưa được cấp trên xác nhận khóa."


def enrol_request_unit(unit_code: str, unit_name: str, device_id: str) -> str:
    """Who sent an enrolment request."""
    return f"Đơn vị: {unit_name} (mã {unit_code})\nThiết bị: {device_id}"


def request_written(path: str) -> str:
    return f"Đã ghi yêu cầu vào {path}. Gửi tệp này và phiếu đăng ký cho cấp trên."


def certificate_written(path: str) -> str:
    return f"Đã duyệt. Chứng thư đã ghi vào {path}: gửi tệp này cho đơn vị cấp dưới."


def certificate_accepted(issuer: str) -> str:
    return f"Đã nhận chứng thư do thiết bị {issuer} của cấp trên cấp. Có thể gửi báo cáo lên."


DASHBOARD_HEADING = "Tình hình nộp báo cáo của cấp dưới"
DASHBOARD_COLUMNS = (
    "Đơn vị",
    "Thiết bị",
    "Số thứ tự cuối",
    "Ngày nhận cuối",
    "Số ngày",
    "Thiếu gói",
    "Cảnh báo",
)
DASHBOARD_EMPTY = "Chưa có thiết bị cấp dưới nào đăng ký hoặc gửi báo cáo."
DASHBOARD_NOTE = "Dòng tô đỏ: có cảnh báo, hoặc đã quá 30 ngày chưa gửi."
NEVER = "Chưa gửi"

# -- settings page ---------------------------------------------------------------------------

SETTINGS_TITLE = "Cài đặt"
SETTINGS_SAVE = "Lưu cài đặt"
SETTINGS_SAVED = "Đã lưu cài đặt."
PORTABLE_HEADING = "Chế độ mang theo (USB)"
BACKUP_HEADING = "Sao lưu"
BACKUP_NOW = "Sao lưu ngay"
BACKUP_EXPORT = "Sao lưu mang đi…"
BACKUP_EXPORT_TITLE = "Sao lưu mang đi"
BACKUP_EXPORT_INTRO = (
    "Bản sao lưu mang đi được khóa bằng một cụm mật khẩu riêng (ít nhất 8 ký tự). "
    "Hãy ghi cụm mật khẩu này ra giấy và cất giữ cẩn thận: mất nó thì không mở được bản sao lưu."
)
PASSPHRASE = "Cụm mật khẩu"
PASSPHRASE_AGAIN = "Nhập lại cụm mật khẩu"
PASSPHRASES_DIFFER = "Hai lần nhập cụm mật khẩu không giống nhau."
BACKUP_FILE_FILTER = "Bản sao lưu Sổ Hội (*.sohoi-backup)"


def portable_status(portable: bool, data_dir: str) -> str:
    """Where the data lives and whether the program runs from a USB stick."""
    if portable:
        return f"Đang chạy ở chế độ mang theo: dữ liệu nằm cùng chương trình, tại {data_dir}."
    return f"Không chạy ở chế độ mang theo. Dữ liệu nằm tại {data_dir}."


def backup_done(path: str) -> str:
    return f"Đã sao lưu vào {path}"


# -- journal page ----------------------------------------------------------------------------

JOURNAL_TITLE = "Nhật ký"
JOURNAL_ADMIN_ONLY = (
    "Nhật ký thao tác chỉ dành cho tài khoản quản trị. "
    "Nếu cần xem, xin nhờ người quản trị của đơn vị."
)
JOURNAL_NOTE = "500 thao tác gần nhất, mới nhất ở trên."
JOURNAL_COLUMNS = ("Thời gian", "Người dùng", "Thao tác", "Bảng", "Số dòng", "Các trường")
JOURNAL_VERIFY = "Kiểm tra toàn vẹn"
AUDIT_ACTIONS = {
    "insert": "Thêm",
    "update": "Sửa",
    "delete": "Xoá",
    "login": "Đăng nhập",
    "recover": "Khôi phục mật khẩu",
    "lock": "Khóa màn hình",
    "unlock": "Mở khóa",
    "export": "Gửi báo cáo lên",
    "export_down": "Gửi xuống cấp dưới",
    "import": "Nhận báo cáo",
    "import_down": "Nhận từ cấp trên",
    "backup": "Sao lưu",
    "restore": "Khôi phục bản sao lưu",
    "unit_create": "Tạo đơn vị",
    "user_add": "Thêm tài khoản",
    "user_disable": "Khóa tài khoản",
    "password_change": "Đổi mật khẩu",
    "password_reset": "Đặt lại mật khẩu",
    "recovery_renew": "Đổi mã khôi phục",
    "setting": "Đổi cài đặt",
    "root_create": "Tạo khóa gốc",
    "enrol_approve": "Duyệt đăng ký khóa",
    "enrol_accept": "Nhận chứng thư",
    "second_device": "Đăng ký máy thứ hai",
    "revoke": "Thu hồi khóa",
    "sheet_export": "Xuất bảng tính",
    "sheet_import": "Nhập bảng tính",
}


def audit_verified(entries: int) -> str:
    return f"Nhật ký toàn vẹn: {entries} mục, không mục nào bị sửa hay xóa."


def audit_broken(seq: int | None, reason: str | None) -> str:
    where = f" tại mục số {seq}" if seq is not None else ""
    return f"Nhật ký KHÔNG toàn vẹn{where}: {reason or 'có mục bị sửa hoặc xóa'}."


def passphrase_short(minimum: int) -> str:
    return f"Cụm mật khẩu phải có ít nhất {minimum} ký tự."
