"""The reports, sync, settings and journal pages (ui/pages, ui/dialogs)."""

from __future__ import annotations

from db.text import format_count
from ui.strings import core as _core

# == reports, sync, settings, journal and first start (pages of ui/pages, ui/dialogs) ========

# -- shared by these pages -------------------------------------------------------------------

CHOOSE_FOLDER = "Chọn thư mục…"
CHOOSE_FILE = "Chọn tệp…"
OPEN = "Mở"
READ_ONLY_ROLE = "Tài khoản chỉ xem: chỉ xem được, không thực hiện được thao tác này."
ADMIN_ONLY = "Chỉ tài khoản quản trị mới thay đổi được phần này."


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
    "periods": "So sánh các kỳ báo cáo đã chốt",
    "enrolment": "Phiếu xác nhận máy",
}
REPORT_KIND_HELP = {
    "unit": "Số liệu hội viên, chi hội, cán bộ và các chỉ tiêu nhiệm kỳ của đơn vị này.",
    "summary": "Tổng hợp số liệu mà các đơn vị cấp dưới đã gửi lên, kèm tình hình nộp báo cáo.",
    "roster": "Danh sách hội viên theo từng chi hội, để in và ký xác nhận.",
    "periods": "Các chỉ tiêu qua các kỳ đã chốt của nhiệm kỳ, so với mục tiêu, kèm biểu đồ "
    "(ở cấp trên: tổng số liệu đã chốt của các cơ sở, kèm số cơ sở đã chốt mỗi kỳ).",
    "enrolment": "Phiếu in Mã máy của máy này, mang lên cấp trên khi xin xác nhận máy.",
}
REPORT_KIND_LABEL = "Loại báo cáo"
REPORT_SENSITIVE = "Kèm thông tin nhạy cảm (ngày sinh, CCCD, dân tộc, tôn giáo)"
REPORT_SENSITIVE_TIP = "Chỉ chọn khi thật cần: danh sách in ra sẽ có thông tin cá nhân."
REPORT_SAVE_AS = "Lưu vào"
REPORT_GENERATE = "Tạo báo cáo"
REPORT_GENERATING = "Đang tạo báo cáo…"
REPORT_CANCELLED = "Đã hủy: chưa tạo báo cáo (không có tệp nào được ghi)."
REPORT_UNEXPECTED = (
    "Có lỗi không mong muốn khi tạo báo cáo; hãy thử lại, hoặc báo cho cán bộ hỗ trợ."
)
REPORT_NO_PATH = "Hãy chọn nơi lưu tệp báo cáo."
REPORT_FILE_FILTER = "Tệp PDF (*.pdf)"
REPORT_PERIOD_LABEL = "Kỳ báo cáo"
REPORT_PERIOD_LIVE = "Số liệu hiện tại"
REPORT_PERIOD_TIP = (
    "«Số liệu hiện tại»: tính từ dữ liệu đang có. Chọn một kỳ báo cáo để in số liệu đã chốt "
    "của kỳ đó (ở cấp trên: tổng số liệu các cơ sở đã chốt), không đổi dù dữ liệu được sửa sau."
)


def report_period_option(name: str, state: str | None) -> str:
    """A period in the report page's choice; `state` is its label at a commune, None above."""
    return name + (f" · {state}" if state else "")


def report_period_not_closed(name: str) -> str:
    """Why a commune's report of a period cannot be made yet."""
    return (
        f"Kỳ “{name}” chưa chốt số liệu nên chưa có báo cáo theo kỳ. Hãy chốt số liệu kỳ này "
        "(trang Tổng quan, «Các kỳ báo cáo…», chọn kỳ rồi «Chốt số liệu kỳ đã chọn…») hoặc chọn "
        "«Số liệu hiện tại»."
    )


def report_saved(path: str, pages: int) -> str:
    """The note after a report was written."""
    return f"Đã lưu {pages} trang vào {path}"


# -- sync page -------------------------------------------------------------------------------

SYNC_TITLE = "Đồng bộ"
SYNC_SEND_HEADING = "Gửi lên cấp trên"
SYNC_SEND_NOTE = "Cắm USB, chọn ổ USB (hoặc một thư mục), rồi bấm «Ghi tệp gửi cấp trên»."
SYNC_SEND = "Ghi tệp gửi cấp trên"
SYNC_DOWN_HEADING = "Gửi xuống cấp dưới"
SYNC_DOWN_NOTE = (
    "Lịch kỳ báo cáo, mục tiêu nhiệm kỳ, danh sách máy bị thu hồi và giấy báo nhận cho các đơn vị "
    "cấp dưới: bấm «Ghi tệp gửi cấp dưới» rồi mang USB về cho họ bấm «Nhận các tệp»."
)
SYNC_DOWN = "Ghi tệp gửi cấp dưới"
SYNC_DOWN_WRITING = "Đang ghi tệp gửi cấp dưới…"
SYNC_RECEIVE_HEADING = "Nhận từ USB"
SYNC_RECEIVE_NOTE = (
    "Chọn thư mục có các tệp .sohoi; giấy báo nhận được ghi lại vào chính thư mục đó."
)
SYNC_RECEIVE = "Nhận các tệp"
SYNC_TARGET = "Nơi ghi"
SYNC_NO_FOLDER = "Hãy chọn ổ USB hoặc thư mục trước."
SYNC_DRIVE_OTHER = "Thư mục khác…"
SYNC_FOLDER_NONE = "Chưa chọn nơi ghi"  # the drop-down's text while no folder is chosen
SYNC_VIEWER = "Tài khoản chỉ xem không gửi, nhận tệp đồng bộ được."
SYNC_NOTHING_NEW = "Không có thay đổi nào mới để gửi."
VERDICT_LABELS = {
    "accepted": "Đã nhận",
    "duplicate": "Đã nhận trước đó",
    "receipt": "Giấy báo nhận",
    "rejected": "Từ chối",
    "pending": "Chờ duyệt máy gửi",
}
IMPORT_COLUMNS = ("Mã", "Tên đơn vị", "Gói số", "Kết quả", "Lý do", "Tệp")
SYNC_NO_PACKAGES = "Thư mục này không có tệp đồng bộ (.sohoi) nào."
SYNC_ONLY_OWN_PACKAGES = (
    "Ở đây chỉ có các tệp máy này đã ghi để gửi lên cấp trên; chưa có tệp nào gửi về cho đơn "
    "vị. Hãy mang USB lên cấp trên, rồi bấm «Nhận các tệp» khi mang về."
)


def drive_label(name: str, free_bytes: int) -> str:
    """A removable drive in the list: its name and free space."""
    return f"{name} (còn trống {free_bytes / 1024**3:.1f} GB)".replace(".", ",")


def export_done(files: list[str], rows: int, relayed: int = 0) -> str:
    """The note after the package for the level above was written: a commune's one file by its
    name; at a province its own file's changes and how many of its communes' files it carries
    up, never a wall of their names."""
    if not relayed:
        names = ", ".join(files)
        return f"Đã ghi {len(files)} tệp ({rows} thay đổi): {names}. Có thể rút USB an toàn."
    own = f"{format_count(rows)} thay đổi" if rows else "không có thay đổi mới"
    return (
        f"Đã ghi tệp của đơn vị ({own}) và {format_count(relayed)} tệp của các cơ sở chuyển "
        "lên. Có thể rút USB an toàn."
    )


def export_down_done(files: int, rows: int) -> str:
    """The note after the package for the units below (and their receipts) was written."""
    return (
        f"Đã ghi tệp gửi cấp dưới ({rows} bản ghi) và {files - 1} giấy báo nhận. "
        "Có thể rút USB an toàn."
    )


def import_done(accepted: int, rejected: int, receipts: int, pending: int = 0) -> str:
    """The note after packages were read."""
    text = f"Đã nhận {accepted} tệp"
    if rejected:
        text += f", từ chối {rejected} tệp"
    if pending:
        text += (
            f"; {pending} báo cáo đầu tiên chờ duyệt máy gửi: bấm «Duyệt yêu cầu của cấp "
            "dưới…» và chọn tệp yêu cầu trên USB"
        )
    if receipts:
        text += f"; đã ghi {receipts} giấy báo nhận vào USB"
    return text + "."


ENROL_HEADING = "Xác nhận máy với cấp trên"
ENROL_FINGERPRINT = "Mã máy"
ENROL_FINGERPRINT_NOTE = "Đọc mã này cho cấp trên khi gọi điện, hoặc in «Phiếu xác nhận máy»."
ENROL_REQUEST = "Tạo yêu cầu xác nhận máy…"
ENROL_APPROVE = "Duyệt yêu cầu của cấp dưới…"
ENROL_ACCEPT = "Nhận giấy xác nhận của cấp trên…"
ENROL_REQUEST_FILTER = "Yêu cầu xác nhận máy (*.sohoi-request)"
ENROL_BUNDLE_FILTER = "Giấy xác nhận (*.sohoi-cert)"
ENROL_APPROVE_TITLE = "Duyệt yêu cầu xác nhận máy"
ENROL_APPROVE_INTRO = (
    "Gõ Mã máy in trên phiếu xác nhận máy mà đơn vị cấp dưới gửi (hoặc đọc qua điện thoại). "
    "Không chép từ tệp: chính việc đối chiếu này chống tệp bị đánh tráo."
)
ENROL_TYPED = "Mã máy trên phiếu"
ENROL_APPROVE_OK = "Duyệt và ghi giấy xác nhận"
ENROL_TYPED_MISSING = "Hãy gõ Mã máy in trên phiếu."
ENROL_CERTIFIED = "Máy này đã được cấp trên xác nhận."
ENROL_NOT_CERTIFIED = "Máy này chưa được cấp trên xác nhận."


def enrol_request_unit(unit_code: str, unit_name: str, device_id: str) -> str:
    """Who sent an enrolment request."""
    return f"Đơn vị: {unit_name} (mã {unit_code})"  # never the device's hex id


def request_written(path: str) -> str:
    return f"Đã ghi yêu cầu vào {path}. Mang tệp này và phiếu xác nhận máy lên cấp trên."


def certificate_written(path: str) -> str:
    return f"Đã duyệt. Giấy xác nhận đã ghi vào {path}: mang tệp này về cho đơn vị cấp dưới."


def certificate_accepted(issuer: str) -> str:
    """`issuer`: the level above's unit name (never a device id)."""
    return f"Đã nhận Giấy xác nhận của {issuer}. Có thể gửi báo cáo lên."


DASHBOARD_HEADING = "Tình hình nộp báo cáo của cấp dưới"
DASHBOARD_COLUMNS = (
    "Mã",
    "Tên đơn vị",
    "Máy",
    "Gói mới nhất",
    "Lần nhận cuối",
    "Số ngày",
    "Gói chưa nhận",
    "Cảnh báo",
    "Bản ghi cách ly",
)


def device_number(n: int) -> str:
    """A unit's n-th device in the reporting table."""
    return f"Máy {n}"


DASHBOARD_EMPTY = "Chưa có thiết bị cấp dưới nào đăng ký hoặc gửi báo cáo."
DASHBOARD_NOTE = (
    "Dòng tô đỏ: có cảnh báo, có bản ghi bị cách ly (sai quy định nên chưa nhận: đơn vị đó cần "
    "sửa rồi gửi lại), hoặc đã quá 30 ngày chưa gửi. Nhấp đúp vào một dòng để xem chỉ tiêu và "
    "danh sách của đơn vị đó (chỉ xem)."
)


def quarantine_cell(count: int, reasons: tuple[dict, ...]) -> str:
    """`3: hội viên — Tình trạng: … (2 bản ghi); …`, empty when nothing was set aside."""
    if not count:
        return ""
    return f"{count}: " + "; ".join(f"{r['reason']} ({r['rows']} bản ghi)" for r in reasons)


DRILL_NOTE = (
    "Số liệu theo các gói đã nhận từ đơn vị này; chỉ xem, không sửa được. Đơn vị tự sửa rồi gửi "
    "lại gói mới."
)
DRILL_INDICATORS = "Chỉ tiêu"
DRILL_CLOSE = "Đóng"
DRILL_SEARCH = "Tìm (gõ không dấu cũng được)"


def drill_title(name: str, code: str) -> str:
    """The title of a unit below, opened from the dashboard."""
    return f"{name} (mã {code})" if name and name != code else f"Đơn vị mã {code}"


def drill_tab(table: str, count: int) -> str:
    """A tab of a unit below: its list and how many records."""
    return f"{_core.SECTIONS[table]} ({count:,})".replace(",", ".")


NEVER = "Chưa gửi"

IMPORT_COLUMN_TIPS = (
    "Mã đơn vị hành chính của đơn vị gửi tệp",
    "Tên đơn vị gửi tệp",
    "Số thứ tự của gói trong các gói đơn vị đó đã gửi",
    "Tệp đã được nhận, đã nhận từ trước, hay bị từ chối",
    "Vì sao tệp bị từ chối hoặc chưa nhận; đưa chuột vào ô để xem đủ",
    "Tên tệp trên USB; đưa chuột vào ô để xem đủ",
)
IMPORT_UNKNOWN_UNIT = "Không rõ đơn vị"  # a file refused before its sender could be read
DASHBOARD_COLUMN_TIPS = (
    "Mã đơn vị hành chính",
    "Tên đơn vị",
    "Các máy của một đơn vị được đánh số Máy 1, Máy 2…",
    "Số thứ tự của gói mới nhất đã nhận từ máy này",
    "Ngày nhận gói mới nhất từ máy này",
    "Số ngày kể từ lần nhận cuối",
    "Số thứ tự các gói máy này đã gửi mà chưa nhận được (USB còn trên đường, bị mất hoặc chưa "
    "mang lên), dữ liệu của chúng cũng chưa đến qua gói sau",
    "Số lần cảnh báo khi nhận gói của máy này",
    "Số bản ghi bị cách ly (sai quy định nên chưa nhận: đơn vị đó cần sửa rồi gửi lại) và lý "
    "do; đưa chuột vào ô để xem đủ",
)


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
    "delete": "Xóa",
    "undelete": "Khôi phục bản ghi đã xóa",
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
    "user_disable": "Ngừng tài khoản",
    "password_change": "Đổi mật khẩu",
    "password_reset": "Đặt lại mật khẩu",
    "recovery_renew": "Đổi mã khôi phục",
    "setting": "Đổi cài đặt",
    "root_create": "Tạo khóa gốc",
    "enrol_approve": "Duyệt xác nhận máy",
    "enrol_accept": "Nhận giấy xác nhận của cấp trên",
    "second_device": "Đăng ký máy thứ hai",
    "revoke": "Thu hồi khóa",
    "sheet_export": "Xuất bảng tính",
    "sheet_import": "Nhập bảng tính",
    "unrevoke": "Bỏ thu hồi khóa",
    "rekey": "Đổi khóa dữ liệu",
    "rekey_left_out": "Đổi khóa: có khóa cũ chưa được cấp lại",
    "role_change": "Đổi vai trò tài khoản",
    "find": "Tìm người",
    "dump": "Xuất toàn bộ dữ liệu",
    "dump_refused": "Từ chối xuất toàn bộ dữ liệu",
    "period_close": "Chốt số liệu kỳ báo cáo",
    "period_reopen": "Mở lại kỳ báo cáo",
    "period_declare": "Khai báo kỳ báo cáo",
}
AUDIT_OTHER_ACTION = "Thao tác khác"
AUDIT_OTHER_TABLES = {"indicators": "chỉ tiêu, chỉ số", "period_snapshots": "số liệu đã chốt"}


def audit_verified(entries: int) -> str:
    return f"Nhật ký toàn vẹn: {entries} mục, không mục nào bị sửa hay xóa."


def audit_broken(seq: int | None, reason: str | None) -> str:
    where = f" tại mục số {seq}" if seq is not None else ""
    return f"Nhật ký KHÔNG toàn vẹn{where}: {reason or 'có mục bị sửa hoặc xóa'}."


def passphrase_short(minimum: int) -> str:
    return f"Cụm mật khẩu phải có ít nhất {minimum} ký tự."


SYNC_SENDING = "Đang ghi gói báo cáo vào thư mục đã chọn…"
SYNC_RECEIVING = "Đang đọc, kiểm tra và nhập các gói trong thư mục…"
SYNC_STOP = "Dừng sau gói này"
SYNC_STOPPING = "Sẽ dừng sau gói đang đọc…"
SYNC_UNEXPECTED = "có lỗi không mong muốn; dữ liệu đã nhập trước đó vẫn giữ nguyên. Hãy thử lại."


def sync_step(done: int, total: int, name: str) -> str:
    """Under the progress bar: which package was just read."""
    return f"Đã xử lý {done}/{total} gói · {name}" if name else f"Đã xử lý {done}/{total} gói"


def import_step(name: str, rows: int, rate: int) -> str:
    """Under the progress bar while receiving: the file just read, rows so far and their pace."""
    return f"{name} · tổng {format_count(rows)} dòng, {format_count(rate)} dòng/giây"


def import_stopped(accepted: int, left: int) -> str:
    """After "Dừng": what was kept, what is left for the next time."""
    return (
        f"Đã dừng theo yêu cầu: {accepted} gói đã nhập (kèm biên nhận); {left} gói chưa đọc, "
        "sẽ nhận ở lần sau."
    )
