"""Files the window ships with: the style sheet and its icons (fonts: desktop/resources)."""

from __future__ import annotations

from pathlib import Path

RESOURCE_DIR = Path(__file__).resolve().parent
STYLE_SHEET = RESOURCE_DIR / "style.qss"
APP_ICON = RESOURCE_DIR / "app-icon.png"  # packaging/icons/sohoi.png (packaging/make_icon.py)
# Qt's own words in Vietnamese, for when Qt's translations folder has none (Qt ships no
# qtbase_vi.qm): built from qtbase_vi.ts beside it with `pyside6-lrelease`.
QT_TRANSLATIONS_DIR = RESOURCE_DIR / "translations"


RESOURCE_PLACEHOLDER = "@RESOURCES@"  # in style.qss: this folder, whatever the working directory


def style_sheet() -> str:
    """The application's light style sheet, its `url(@RESOURCES@/…)` pointing into this folder."""
    text = STYLE_SHEET.read_text(encoding="utf-8")
    return text.replace(RESOURCE_PLACEHOLDER, RESOURCE_DIR.as_posix())
