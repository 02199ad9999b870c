"""Creating and opening a unit's installation in a data folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db.connection import DatabaseUnavailable, open_database
from db.store import Store
from desktop.paths import database_path


class UnitError(Exception):
    """A unit cannot be created or opened; the message is Vietnamese, for people."""


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str
    level: str
    parent_code: str | None = None
    admin_area_code: str | None = None


def create_unit(data_dir: Path, unit: NewUnit, **unit_fields: object) -> Store:
    """Create the database of a new unit in `data_dir` with the unit's own record."""
    path = database_path(data_dir)
    if path.exists():
        raise UnitError(f"Thư mục {data_dir} đã có dữ liệu của một đơn vị.")
    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(open_database(path))
    values = {
        "code": unit.code.strip(),
        "name": unit.name,
        "level": unit.level,
        "parent_code": unit.parent_code,
        "admin_area_code": unit.admin_area_code,
        **unit_fields,
    }
    try:
        if not values["code"]:
            raise UnitError("Mã đơn vị không được để trống.")
        store.set_unit(values["code"])
        store.save("units", {k: v for k, v in values.items() if v is not None})
    except BaseException:
        # A refused unit leaves no half-made database behind.
        store.db.close()
        for leftover in data_dir.glob(path.name + "*"):
            leftover.unlink()
        raise
    return store


def open_unit(data_dir: Path) -> Store:
    """Open the unit kept in `data_dir`; UnitError when there is none."""
    path = database_path(data_dir)
    if not path.exists():
        raise UnitError(
            f"Chưa có dữ liệu đơn vị trong thư mục {data_dir}. "
            "Hãy tạo đơn vị (sohoi init) hoặc dữ liệu mẫu (sohoi demo)."
        )
    try:
        store = Store(open_database(path, create=False))
    except DatabaseUnavailable as exc:
        raise UnitError(str(exc)) from exc
    if store.unit_code is None:
        raise UnitError(f"Cơ sở dữ liệu trong {data_dir} chưa gắn với đơn vị nào.")
    return store
