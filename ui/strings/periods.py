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
PERIOD_UPPER_NOTE = (
    "Ở cấp trên, số liệu của kỳ là tổng số liệu đã chốt của các cơ sở cấp dưới; "
    "phần này sẽ có khi các bản chốt được gửi lên qua tệp đồng bộ."
)


def period_line(name: str, due: date, state: str) -> str:
    """The overview's line: the current period, its due date and its state."""
    return f"Kỳ báo cáo: {name} — hạn {_day(due)} · {PERIOD_STATES[state]}"


def period_close_from(cut_off: date) -> str:
    return f"Chốt được từ ngày {_day(cut_off)}, ngày chốt số liệu của kỳ."


def period_close_from_suffix(cut_off: date) -> str:
    return f" (chốt được từ {_day(cut_off)})"


def period_close_question(name: str, cut_off: date) -> str:
    return (
        f"Chốt số liệu kỳ “{name}”, tính đến ngày {_day(cut_off)}? Sau khi chốt, các số liệu "
        "dưới đây được giữ nguyên dù dữ liệu còn được sửa; muốn sửa phải mở lại kỳ và ghi lý do."
    )


def period_reopen_intro(name: str, version: int) -> str:
    return (
        f"Mở lại kỳ “{name}” để sửa số liệu. Số liệu đã chốt lần {version} được giữ lại và "
        "ghi là đã thay thế khi chốt lại. Hãy ghi lý do mở lại."
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
