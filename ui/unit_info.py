"""What the window says about the unit an installation keeps: its code, name and level."""

from __future__ import annotations

from dataclasses import dataclass

from db.schema import UPPER_LEVELS, choice_label
from db.store import Store, unit_row_id
from desktop.units.catalogue import name_of


@dataclass(frozen=True)
class UnitInfo:
    """The unit's identity as shown in the title, the status bar and the overview."""

    code: str
    name: str
    level: str  # id from db.schema.LEVELS, "" when unknown

    @property
    def is_upper(self) -> bool:
        """A province or the centre: its window shows the units below, not member lists."""
        return self.level in UPPER_LEVELS

    @property
    def level_label(self) -> str:
        """The level in Vietnamese ("Cơ sở (xã/phường/đặc khu)")."""
        return choice_label("units", "level", self.level) if self.level else ""


def load_unit_info(store: Store, code: str | None = None) -> UnitInfo:
    """The identity of unit `code` (default: the store's own unit). A unit whose record has not
    arrived (a commune below before its first file) is named as the administrative catalogue
    names it; the code stands in for a name only when the catalogue does not know it either."""
    code = code or store.unit_code or ""
    record = store.get("units", unit_row_id(code)) if code else None
    if record is None:
        return UnitInfo(code=code, name=name_of(code) or code, level="")
    name = record.get("name") or name_of(code) or code
    return UnitInfo(code=code, name=name, level=record.get("level") or "")
