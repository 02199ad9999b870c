"""The style sheet: every picture it names ships with the program, wherever it is started from."""

from __future__ import annotations

import re
from pathlib import Path

from ui.resources import RESOURCE_PLACEHOLDER, style_sheet


def test_every_url_of_the_style_sheet_points_to_a_shipped_file():
    text = style_sheet()
    assert RESOURCE_PLACEHOLDER not in text
    urls = re.findall(r"url\(([^)]+)\)", text)
    assert urls, "the combo box arrow at least"
    for url in urls:
        assert Path(url).is_absolute() and Path(url).is_file(), url


def test_every_window_carries_the_program_icon(app):
    icon = app.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(32, 32).width() == 32  # the bundled PNG, drawn at title-bar size
