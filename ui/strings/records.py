"""Lists, forms, deleting and undoing, and the data problems of the overview."""

from __future__ import annotations

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
    "area_name": "Thôn/ấp/bản/tổ dân phố",
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
CATALOGUE_PLACEHOLDER = "Gõ để tìm trong danh mục (không dấu cũng được)"
CATALOGUE_OTHER_PLACEHOLDER = "Khác: ghi rõ"
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
SAVE_ANYWAY = "Vẫn lưu"
VIEW_OTHER = "Xem người kia"


def possible_duplicate(description: str, messages: list[str]) -> str:
    """Above a form whose person may already be entered: who the other one is, and the choice."""
    return (
        f"Chưa lưu: {description} {'; '.join(messages)} Nếu đúng là hai người khác nhau, "
        "nhấn «Vẫn lưu»."
    )


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
    text = (
        "Bản ghi đã xóa vẫn khôi phục được trong mục «Đã xóa gần đây» một thời gian; "
        "sau đó thông tin cá nhân của bản ghi sẽ bị xóa hẳn."
    )
    if table == "members":
        text += (
            " Nếu chỉ muốn ghi nhận hội viên chuyển đi, ra khỏi Hội hay đã mất, "
            "xin sửa ô «Tình trạng» thay vì xóa."
        )
    return text


NOTHING_TO_UNDO = "Không còn thao tác nào để hoàn tác."
FINISH_FORM_FIRST = "Hãy lưu (Enter) hoặc hủy (Esc) biểu mẫu đang nhập trước."
UNDO_FINISH_FORM_FIRST = "Hãy lưu hoặc hủy biểu mẫu đang nhập trước khi hoàn tác."


def confirm_delete(description: str, details: str = "") -> str:
    """The question before deleting: "Xóa hội viên “Nguyễn Thị Ánh”?", and on a line of its
    own what tells namesakes apart: "Sinh năm 1985, Chi hội Thôn Đông, CCCD •••• •••• 1234"."""
    question = f"Xóa {description}?"
    return f"{question}\n{details[:1].upper()}{details[1:]}." if details else question


def deleted(description: str) -> str:
    return f"Đã xóa {description}. Nhấn «Hoàn tác» (Ctrl+Z) nếu xóa nhầm."


UNDO_DELETE = "Hoàn tác"
RECYCLE_BIN = "Đã xóa gần đây"
RECYCLE_BIN_TITLE = "Đã xóa gần đây"
RESTORE_RECORD = "Khôi phục"
RECYCLE_BIN_CLOSE = "Đóng"
RECYCLE_BIN_COLUMNS = ("Loại", "Tên", "Xóa lúc", "Người xóa")
RECYCLE_BIN_EMPTY = "Không có bản ghi nào đã xóa gần đây."
RECYCLE_BIN_COMMAND_LINE = "(dòng lệnh)"


def recycle_bin_note(days: int) -> str:
    return f"Bản ghi đã xóa được giữ {days} ngày để khôi phục; sau đó thông tin cá nhân bị xóa hẳn."


def record_restored(description: str) -> str:
    return f"Đã khôi phục {description}."


def cannot_restore(reason: str) -> str:
    return f"Chưa khôi phục được: {reason}"


def cannot_delete(description: str, reason: str) -> str:
    return f"Chưa xóa được {description}: {reason}"


def undone_delete(description: str) -> str:
    return f"Đã hoàn tác: {description} đã được khôi phục."


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


def drafts_waiting(links: list[tuple[str, str, bool]]) -> str:
    """The status bar's links to half-filled forms: (key, section, new record?) each."""
    parts = [
        f'<a href="{key}">{section}{" (thêm mới)" if new else ""}</a>'
        for key, section, new in links[:3]
    ]
    more = f" và {len(links) - 3} biểu mẫu khác" if len(links) > 3 else ""
    return "Đang nhập dở: " + ", ".join(parts) + more + " — bấm để nhập tiếp."
