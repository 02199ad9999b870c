"""The installation's settings, each declared once: key, default, type and what it is for.

Values live in the `settings` table inside the encrypted database (so a setting that names a
person or a place is protected too, and travels with a backup). Changing one needs the
"settings" permission and is written to the audit log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    type: type
    help: str  # Vietnamese, shown on the settings page
    minimum: float | None = None
    maximum: float | None = None


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting(
            "idle_lock_minutes",
            10,
            int,
            "Tự khóa sau số phút không thao tác (0: không tự khóa)",
            0,
            240,
        ),
        Setting(
            "recycle_days",
            30,
            int,
            "Số ngày giữ bản ghi đã xóa để khôi phục (mục «Đã xóa gần đây»)",
            1,
            365,
        ),
        Setting("font_point_size", 10.5, float, "Cỡ chữ của cửa sổ", 9, 20),
        Setting("backup_dir", "", str, "Thư mục sao lưu (để trống: thư mục backups cạnh dữ liệu)"),
        Setting("report_header_lines", "", str, "Dòng tiêu đề cơ quan trên báo cáo (mỗi dòng một)"),
        Setting("sync_dir", "", str, "Thư mục đồng bộ (USB) dùng lần trước"),
    )
}
# What the window remembers of the last use (the sync folder), not a choice of how it works:
# anyone signed in may store it (`Session.remember`), unlogged, and the settings page omits it.
REMEMBERED = frozenset({"sync_dir"})


class SettingError(ValueError):
    """A refused value; the message is Vietnamese."""


def coerce(key: str, value: Any) -> Any:
    """The value converted to the setting's type and checked against its bounds."""
    spec = SETTINGS[key]
    try:
        converted = spec.type(value)
    except (TypeError, ValueError):
        raise SettingError(f"Giá trị không hợp lệ cho “{spec.help}”.") from None
    if spec.minimum is not None and converted < spec.minimum:
        raise SettingError(f"“{spec.help}” không được nhỏ hơn {spec.minimum:g}.")
    if spec.maximum is not None and converted > spec.maximum:
        raise SettingError(f"“{spec.help}” không được lớn hơn {spec.maximum:g}.")
    return converted


def get(db: Database, key: str) -> Any:
    """The stored value, or the default."""
    spec = SETTINGS[key]
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return spec.default
    try:
        return coerce(key, json.loads(row[0]))
    except (ValueError, SettingError):
        return spec.default


def put(db: Database, key: str, value: Any) -> None:
    """Store a value (the caller checks the permission and writes the audit entry)."""
    db.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
        [key, json.dumps(coerce(key, value), ensure_ascii=False)],
    )
