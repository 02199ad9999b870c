"""The bundled fonts: present, registered with Qt, and covering every Vietnamese letter."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from desktop.resources import FONT_DIR, FONT_LICENCE, FONT_NAMES, font_path, font_paths
from ui import strings
from ui.app import register_fonts

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # ngang huyền hỏi ngã sắc nặng


def vietnamese_letters() -> set[str]:
    """The 134 letters beyond ASCII that Vietnamese writes (67 lower-case, 67 capital)."""
    lower = {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES} | {"đ"}
    lower = {c for c in lower if not c.isascii()}
    return lower | {c.upper() for c in lower}


def test_there_are_134_vietnamese_letters():
    letters = vietnamese_letters()
    assert len(letters) == 134
    assert {"ặ", "Ự", "ỹ", "Đ"} <= letters


def test_font_path_finds_each_bundled_font_and_refuses_others():
    assert [p.name for p in font_paths()] == [f"{n}.ttf" for n in FONT_NAMES]
    assert font_path("LiberationSerif-Italic.ttf") == FONT_DIR / "LiberationSerif-Italic.ttf"
    with pytest.raises(FileNotFoundError):
        font_path("ComicSans")
    assert "SIL OPEN FONT LICENSE Version 1.1" in FONT_LICENCE.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", FONT_NAMES)
def test_each_bundled_font_has_every_vietnamese_letter_and_the_dong_sign(app, name):
    raw = QRawFont(str(font_path(name)), 12)
    assert raw.isValid()
    missing = sorted(c for c in vietnamese_letters() | {"₫"} if not raw.supportsCharacter(ord(c)))
    assert missing == []
    assert not raw.supportsCharacter(0x4E00)  # the check can fail: no CJK in Liberation


def test_registered_families_and_application_font(app):
    families = register_fonts()
    assert families == ["Liberation Sans", "Liberation Serif"]
    assert {"Liberation Sans", "Liberation Serif"} <= set(QFontDatabase.families())
    assert app.font().family() == "Liberation Sans"
    assert app.font().pointSizeF() >= 10


def test_every_string_of_the_window_can_be_drawn_without_boxes(app):
    raw = QRawFont.fromFont(QFont("Liberation Sans"))
    texts = [v for k, v in vars(strings).items() if not k.startswith("_") and isinstance(v, str)]
    texts += list(strings.SECTIONS.values())
    texts += [strings.indicators_as_of("2026-11-26")]
    missing = {
        c
        for text in texts
        for c in text
        if c.isprintable() and not c.isspace() and not raw.supportsCharacter(ord(c))
    }
    assert missing == set()


def test_hook_above_survives_at_text_sizes(qapp):
    """Hinting merges the hook of ỉ into the stem of bold text at 10–12 pt: “chỉ” then reads
    “chi”. The application font asks for no hinting; draw both and compare."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics, QGuiApplication, QImage, QPainter

    from ui.app import setup_application

    setup_application(qapp)
    font = QGuiApplication.font()
    assert font.hintingPreference() == QFont.HintingPreference.PreferNoHinting

    def ink(text: str) -> int:
        f = QFont(font)
        f.setBold(True)
        metrics = QFontMetrics(f)
        image = QImage(
            metrics.horizontalAdvance(text) + 4,
            metrics.height() + 4,
            QImage.Format.Format_Grayscale8,
        )
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setFont(f)
        painter.drawText(2, metrics.ascent() + 2, text)
        painter.end()
        return sum(
            255 - image.pixelColor(x, y).value()
            for x in range(image.width())
            for y in range(image.height())
        )

    assert ink("chỉ") != ink("chi")
