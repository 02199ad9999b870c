"""The bundled Liberation fonts registered with reportlab, each file once.

Two registrations of fonts with the same internal name make reportlab embed only one of them
(docs/ARCHITECTURE.md, "Design decisions"), so every file is registered exactly once, under a fixed
name, and the serif family is assembled from those registrations. Liberation Serif (metric
twin of Times New Roman, the administrative standard) carries every Vietnamese letter and ₫.
There is no bold italic file: the family maps bold italic to bold.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.resources import font_path

SERIF = "LiberationSerif"
SERIF_BOLD = "LiberationSerif-Bold"
SERIF_ITALIC = "LiberationSerif-Italic"
SANS = "LiberationSans"
SANS_BOLD = "LiberationSans-Bold"

_FILES = {
    SERIF: "LiberationSerif-Regular",
    SERIF_BOLD: "LiberationSerif-Bold",
    SERIF_ITALIC: "LiberationSerif-Italic",
    SANS: "LiberationSans-Regular",
    SANS_BOLD: "LiberationSans-Bold",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the bundled fonts and the serif family (idempotent, thread-safe)."""
    global _registered
    with _lock:
        if _registered:
            return
        known = set(pdfmetrics.getRegisteredFontNames())
        for name, file in _FILES.items():
            if name not in known:
                pdfmetrics.registerFont(TTFont(name, str(font_path(file))))
        # <b> and <i> in paragraphs resolve through these mappings.
        addMapping(SERIF, 0, 0, SERIF)
        addMapping(SERIF, 1, 0, SERIF_BOLD)
        addMapping(SERIF, 0, 1, SERIF_ITALIC)
        addMapping(SERIF, 1, 1, SERIF_BOLD)
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
        _registered = True


def text_width(text: str, font: str, size: float) -> float:
    """The width in points of `text` set in a registered font."""
    register_fonts()
    width: float = pdfmetrics.stringWidth(text, font, size)
    return width
