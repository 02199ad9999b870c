"""The window's part of `sohoi --self-test` (desktop.installation.selftest, via ui.run): does this
installation draw the main window with its fonts, style sheet and icons?"""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QImage, QImageReader

from desktop.security.session import Session
from ui.app import create_application
from ui.main_window import MainWindow
from ui.resources import RESOURCE_DIR


def open_and_close_main_window(session: Session) -> str:
    """Open the main window for `session`, draw it, close it; a one-line description.

    RuntimeError when something is missing: a frozen build that forgot the SVG image plugin
    or a resource still starts, but draws no arrows or boxes instead of letters.
    """
    app = create_application()
    formats = {bytes(f.data()).decode("ascii") for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise RuntimeError("Qt không đọc được ảnh SVG (thiếu plugin imageformats/svg)")
    icons = sorted([*RESOURCE_DIR.glob("*.svg"), *RESOURCE_DIR.glob("*.png")])
    for icon in icons:
        if QImage(str(icon)).isNull():
            raise RuntimeError(f"không vẽ được {icon.name}")
    window = MainWindow(session)
    try:
        window.show()
        app.processEvents()
        picture = window.grab()
        if picture.isNull() or picture.width() == 0:
            raise RuntimeError("cửa sổ chính không vẽ được")
        title = window.windowTitle()
    finally:
        window.close()
        QThreadPool.globalInstance().waitForDone(10_000)  # background checks of the overview
        app.processEvents()
        window.deleteLater()
        app.processEvents()
    if not title:
        raise RuntimeError("cửa sổ chính không có tiêu đề")
    return (
        f"nền {app.platformName()}, {picture.width()}×{picture.height()} điểm ảnh, "
        f"phông {app.font().family()}, {len(icons)} biểu tượng"
    )
