"""Files the window ships with: the style sheet (the fonts are in desktop/resources)."""

from __future__ import annotations

from pathlib import Path

RESOURCE_DIR = Path(__file__).resolve().parent
STYLE_SHEET = RESOURCE_DIR / "style.qss"


def style_sheet() -> str:
    """The application's light style sheet."""
    return STYLE_SHEET.read_text(encoding="utf-8")
