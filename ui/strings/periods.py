"""Reporting periods on the overview: the current period, closing it, reopening it, the list."""

from __future__ import annotations

from datetime import date

from db.text import format_count


def _day(d: date) -> str:
    return f"{d:%d/%m/%Y}"


PERIOD_CLOSE_ACTION = "Chốt số liệu kỳ này…"
PERIOD_REOPEN_ACTION = "Mở lại để sửa…"
PERIOD_LIST_ACTION = "Các kỳ báo cáo…"
PERIOD_CLOSE_TITLE = "Chốt số liệu kỳ báo cáo"
PERIOD_CLOSE_YES = "Chốt số liệu"
PERIOD_CLOSE_NO = "Chưa chốt"
PERIOD_REOPEN_TITLE = "Mở lại kỳ báo cáo để sửa"
PERIOD_REOPEN_YES = "Mở lại"
PERIOD_REASON = "Lý do mở lại"
PERIOD_LIST_TITLE = "Các kỳ báo cáo"
PERIOD_CLOSE_BUTTON = "Đóng"
PERIOD_CLOSE_CHOSEN = "Chốt số liệu kỳ đã chọn…"
PERIOD_CLOSE_CHOSEN_TIP = (
    "Chọn một kỳ đã đến ngày chốt mà chưa chốt (kể cả kỳ đã quá hạn) rồi bấm nút này."
)


def period_closed_now(name: str) -> str:
    return f"Đã chốt số liệu kỳ “{name}”. Nhớ ghi tệp gửi cấp trên (trang Đồng bộ)."


PERIOD_COLUMNS = ("Kỳ báo cáo", "Chốt số liệu đến", "Hạn nộp", "Tình trạng", "Các lần chốt")
PERIOD_FIGURE_COLUMNS = ("Số liệu", "Tử số", "Mẫu số", "Giá trị")
PERIOD_STATES = {
    "open": "Chưa chốt",
    "closed": "Đã chốt",
    "late": "Chốt muộn",
    "corrected": "Đã sửa (chốt lại)",
}
PERIOD_COUNT_LABELS = {
    "branches": "Số chi hội",
    "branch_heads": "Số chi hội trưởng",
    "members": "Số hội viên (mọi tình trạng)",
    "cadres": "Số cán bộ Hội",
    "models": "Số mô hình đang hoạt động",
    "channels": "Số kênh trực tuyến",
}


def period_line(
    name: str, due: date, state: str, *, reopened: int = 0, unsent: bool = False
) -> str:
    """The overview's line: the current period, its due date and its state; a period reopened
    (`reopened`: the version it replaces) is to be closed again, a close not yet written for
    the level above (`unsent`) to be sent."""
    if state == "open" and reopened:
        return (
            f"Kỳ báo cáo: {name} — hạn {_day(due)} · Đang mở lại để sửa (đã chốt lần {reopened}): "
            "sửa xong hãy chốt lại"
        )
    line = f"Kỳ báo cáo: {name} — hạn {_day(due)} · {PERIOD_STATES[state]}"
    if unsent:
        line += " — chưa gửi lên cấp trên: ghi tệp ở trang Đồng bộ"
    return line


def period_close_from(cut_off: date) -> str:
    return f"Chốt được từ ngày {_day(cut_off)}, ngày chốt số liệu của kỳ."


def period_close_from_suffix(cut_off: date) -> str:
    return f" (chốt được từ {_day(cut_off)})"


def period_close_question(name: str, cut_off: date) -> str:
    return (
        f"Chốt số liệu kỳ “{name}” (số liệu đến ngày {_day(cut_off)})? Số liệu chốt là số liệu "
        f"đang có trong sổ: nếu đã nhập cả những thay đổi sau ngày {_day(cut_off)}, hãy kiểm tra "
        "trước khi chốt. Sau khi chốt, các số liệu dưới đây được giữ nguyên dù dữ liệu còn được "
        "sửa; muốn sửa phải mở lại kỳ và ghi lý do."
    )


def period_reopen_intro(name: str, version: int) -> str:
    return (
        f"Mở lại kỳ “{name}” để sửa số liệu. Số liệu đã chốt lần {version} được giữ lại và "
        "ghi là đã thay thế khi chốt lại. Cho đến khi chốt lại và gửi lên, cấp trên tính đơn vị "
        "là chưa chốt kỳ này. Hãy ghi lý do mở lại."
    )


def period_members_status(label: str) -> str:
    return f"Hội viên: {label.lower()}"


def period_version(
    version: int, closed_on: date, closed_by: str, superseded: bool, reopened: bool
) -> str:
    """One closed version in the list of periods."""
    text = f"Lần {version}: {_day(closed_on)}, {closed_by}"
    if superseded:
        return text + " (đã thay thế)"
    if reopened:
        return text + " (đã mở lại)"
    return text


def period_count(n: int) -> str:
    return format_count(n)


# -- periods at a province and the centre: the overview's line, the communes not closed, the
# -- province's own close, the units page's column, the centre's calendar -----------------------

PERIOD_NOT_CLOSED_ACTION = "Cơ sở chưa chốt…"
PERIOD_UPPER_TIP = (
    "Số liệu của một kỳ ở cấp trên là tổng số liệu đã chốt của các cơ sở; cơ sở chưa chốt "
    "(hoặc đã mở lại để sửa) không có trong tổng."
)
# Whose own close the line states: "Số liệu của tỉnh: Chưa chốt".
UPPER_OWN = {"province": "tỉnh", "district": "huyện", "central": "Trung ương"}
NOT_CLOSED_TITLE = "Cơ sở chưa chốt số liệu"
NOT_CLOSED_COLUMNS = ("Mã", "Tên cơ sở", "Đã gửi dữ liệu")
NOT_CLOSED_SENT = "Đã gửi, chưa chốt"
NOT_CLOSED_NEVER = "Chưa gửi lần nào"
NOT_CLOSED_PROVINCE_COLUMN = "Thuộc tỉnh"
NOT_CLOSED_COPY = "Sao chép danh sách"
NOT_CLOSED_COPY_TIP = "Chép cả danh sách (mã, tên) để dán vào Excel, Zalo hoặc văn bản"
UPPER_CLOSE_SEE_ALL = "Xem đủ danh sách…"
UPPER_CLOSE_ALL_IN = "Mọi cơ sở đã chốt số liệu kỳ này: tổng dưới đây gồm số liệu của tất cả."
UPPER_CLOSE_NAMES = 8  # communes named in the warning; the rest in "Xem đủ danh sách…"
PERIOD_CHOOSER = "Kỳ báo cáo"
FILTER_NOT_CLOSED = "Chưa chốt kỳ này"
PERIOD_COLUMN = "Chốt số liệu"
PERIOD_LOADING = "…"
PERIOD_UPCOMING = "Chưa đến ngày chốt"
PERIOD_UPPER_COLUMN = "Cơ sở đã chốt"
DECLARE_ACTION = "Khai báo kỳ báo cáo…"
DECLARE_TITLE = "Khai báo kỳ báo cáo"
DECLARE_INTRO = (
    "Kỳ khai báo ở đây áp dụng cho cả hệ thống: mọi tỉnh và cơ sở chốt số liệu theo kỳ này. "
    "Gõ mã của một kỳ đã có (ví dụ 2026-H1) để đổi tên hoặc ngày của kỳ đó."
)
DECLARE_ID = "Mã kỳ (chữ không dấu, số, dấu gạch; ví dụ 2026-Q3)"
DECLARE_NAME = "Tên kỳ (ví dụ Quý III/2026)"
DECLARE_CUT_OFF = "Ngày chốt số liệu"
DECLARE_DUE = "Hạn nộp báo cáo"
DECLARE_YES = "Khai báo"
DATE_EDIT_FORMAT = "dd/MM/yyyy"  # Qt's pattern for a day the Vietnamese way


def upper_period_line(
    name: str,
    cut_off: date,
    due: date,
    closed: int,
    communes: int,
    level: str,
    state: str,
    provinces: tuple[int, int] | None = None,
) -> str:
    """The overview's lines at a province or the centre: the current period with its cut-off
    and due date; then how many communes (and, at the centre, provinces) closed, and the unit's
    own state."""
    count = f"Đã chốt: {format_count(closed)}/{format_count(communes)} cơ sở"
    if provinces is not None:
        count += f" ({format_count(provinces[0])}/{format_count(provinces[1])} tỉnh)"
    own = UPPER_OWN.get(level, "đơn vị")
    return (
        f"Kỳ báo cáo: {name} — số liệu đến {_day(cut_off)}, hạn {_day(due)}\n"
        f"{count} · Số liệu của {own}: {PERIOD_STATES[state]}"
    )


def not_closed_intro(count: int, name: str) -> str:
    if not count:
        return f"Mọi cơ sở đã chốt số liệu kỳ “{name}”."
    return (
        f"{format_count(count)} cơ sở chưa chốt số liệu kỳ “{name}”: số liệu của họ chưa có "
        "trong tổng. Cơ sở đã gửi dữ liệu mà chưa chốt thường chỉ cần nhắc chốt và gửi lại; cơ "
        "sở chưa gửi lần nào cần liên hệ. Bấm vào tiêu đề cột để sắp xếp."
    )


def not_closed_copied(count: int) -> str:
    return f"Đã chép {format_count(count)} cơ sở; dán (Ctrl+V) vào nơi cần gửi."


def upper_close_question(name: str, cut_off: date, closed: int, communes: int, level: str) -> str:
    own = UPPER_OWN.get(level, "đơn vị")
    return (
        f"Chốt số liệu kỳ “{name}”, tính đến ngày {_day(cut_off)}? Số liệu của {own} là tổng "
        f"số liệu đã chốt của {format_count(closed)}/{format_count(communes)} cơ sở (dưới đây); "
        "sau khi chốt được giữ nguyên, muốn sửa phải mở lại kỳ và ghi lý do."
    )


def upper_close_warning(count: int, names: list[str], never_sent: int = 0) -> str:
    """The warning before an upper level closes: the communes whose figures are not in it (of
    them, `never_sent` never sent a file)."""
    more = count - len(names)
    listed = ", ".join(names) + (f" … và {format_count(more)} cơ sở nữa" if more > 0 else "")
    text = f"{format_count(count)} cơ sở chưa chốt, số liệu của họ không có trong tổng: {listed}."
    if never_sent:
        text += f" Trong đó {format_count(never_sent)} cơ sở chưa gửi dữ liệu lần nào."
    return text


def upper_close_ack(count: int) -> str:
    return f"Tôi biết {format_count(count)} cơ sở chưa chốt và vẫn chốt số liệu kỳ này"


def period_column_tip(name: str) -> str:
    return f"Tình trạng chốt số liệu kỳ “{name}” (chọn kỳ ở trên bảng)"


def period_column_export(name: str) -> str:
    return f"Chốt số liệu kỳ {name}"


def period_cell(label: str, counts: tuple[int, int] | None = None) -> str:
    """A unit's state (`db.periods.STATE_LABELS`) in the units table; at the centre a
    province's, with how many of its communes closed."""
    if counts is None:
        return label
    return f"{label} · {format_count(counts[0])}/{format_count(counts[1])} cơ sở"


def period_cell_tip(closed_on: date, version: int) -> str:
    return f"Chốt ngày {_day(closed_on)}" + (f" (lần {version})" if version > 1 else "")


def units_period_progress(closed: int, communes: int) -> str:
    return f"Đã chốt: {format_count(closed)}/{format_count(communes)} cơ sở"


def period_communes_closed(closed: int, communes: int) -> str:
    return f"{format_count(closed)}/{format_count(communes)}"


def period_declared(name: str, version: int) -> str:
    return (
        f"Đã khai báo kỳ “{name}” (lịch báo cáo lần {version}). Các tỉnh và cơ sở nhận được lịch "
        "mới cùng tệp gửi xuống cấp dưới lần tới (trang Đồng bộ, «Ghi tệp gửi cấp dưới»)."
    )
