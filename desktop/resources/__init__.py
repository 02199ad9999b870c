"""Files the program ships beside its code: the bundled fonts and their licence.

They live in desktop/, not ui/, because the window (ui/) and the PDF reports (desktop/) both use
them. PySide6 wheels carry no fonts, so without these Qt would draw Vietnamese letters as boxes on
a machine with no suitable system font (docs/ARCHITECTURE.md, "Design decisions").

Liberation Sans and Serif 2.1.5 (SIL OFL 1.1, `fonts/OFL.txt`) have all 134 Vietnamese letters and
the đồng sign ₫; Liberation Serif is metric-compatible with Times New Roman, the administrative
standard for documents. Paths are taken relative to this module, which holds both when run from
source and when frozen by PyInstaller (its `__file__` then points inside the bundle, where the
spec must copy `desktop/resources/fonts`).
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_LICENCE = FONT_DIR / "OFL.txt"

UI_FONT_FAMILY = "Liberation Sans"
DOCUMENT_FONT_FAMILY = "Liberation Serif"

# Every font file shipped, without extension; each is registered once (reportlab embeds only one
# of two fonts with the same internal name).
FONT_NAMES = (
    "LiberationSans-Regular",
    "LiberationSans-Bold",
    "LiberationSerif-Regular",
    "LiberationSerif-Bold",
    "LiberationSerif-Italic",
)


def font_path(name: str) -> Path:
    """The path of a bundled font, by file name with or without `.ttf`.

    >>> font_path("LiberationSerif-Regular").name
    'LiberationSerif-Regular.ttf'

    FileNotFoundError when no such font is bundled, so a missing file fails loudly at start-up
    rather than as boxes on screen or in a PDF.
    """
    stem = name.removesuffix(".ttf")
    if stem not in FONT_NAMES:
        raise FileNotFoundError(f"no bundled font named {name!r}; bundled: {', '.join(FONT_NAMES)}")
    path = FONT_DIR / f"{stem}.ttf"
    if not path.is_file():
        raise FileNotFoundError(f"bundled font missing from the installation: {path}")
    return path


def font_paths() -> list[Path]:
    """Every bundled font file, in FONT_NAMES order."""
    return [font_path(name) for name in FONT_NAMES]
