"""Starting the window: the QApplication, the bundled fonts, the style sheet, the login.

PySide6 wheels carry no fonts, so a machine without a suitable system font would show Vietnamese
as boxes: the fonts shipped in desktop/resources are registered before any widget is made and
Liberation Sans becomes the application font.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.installation.paths import portable_requested
from desktop.installation.portable import layout_for
from desktop.resources import UI_FONT_FAMILY, font_paths
from ui import strings
from ui.resources import APP_ICON, QT_TRANSLATIONS_DIR, style_sheet
from ui.session_flow import SessionFlow

if TYPE_CHECKING:
    from desktop.security.session import Session

APP_FONT_POINT_SIZE = 10.5
QT_TRANSLATION = "qtbase_vi"  # the packaged program keeps only *_vi.qm (packaging/bundle_policy.py)


class FontError(RuntimeError):
    """A bundled font could not be loaded: the installation is damaged."""


def register_fonts() -> list[str]:
    """Register every bundled font with Qt once; the font families now available."""
    families: list[str] = []
    for path in font_paths():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise FontError(f"Qt could not load the bundled font {path}")
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    return families


def setup_application(app: QApplication) -> None:
    """Give a QApplication the look of Sổ Hội: its name, the bundled fonts, the style sheet.

    Safe to call again on the same application (tests share one); the fonts are registered once.
    """
    app.setApplicationName(strings.APP_NAME)
    install_qt_translations(app)
    app.setWindowIcon(QIcon(str(APP_ICON)))  # every window's title bar and the task bar
    if not app.property("sohoi_fonts_registered"):
        register_fonts()
        app.setProperty("sohoi_fonts_registered", True)
    font = QFont(UI_FONT_FAMILY)
    font.setPointSizeF(APP_FONT_POINT_SIZE)
    # Hinting snaps the small hook of ỉ, ỷ … onto the stem at text sizes, and "chỉ tiêu"
    # (indicator) then reads "chi tiêu" (spending): keep the outlines as drawn.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setStyleSheet(style_sheet())


def install_qt_translations(app: QApplication) -> bool:
    """Qt's own words in Vietnamese (the standard buttons: "Hủy", "Đồng ý"; the file dialogs):
    `qtbase_vi.qm` from Qt's translations folder, else the one shipped in ui/resources. Whether
    one is installed; once per application."""
    if app.property("sohoi_qt_translator"):
        return True
    translator = QTranslator(app)
    folders = (
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(QT_TRANSLATIONS_DIR),
    )
    if not any(translator.load(QT_TRANSLATION, folder) for folder in folders):
        return False
    app.installTranslator(translator)
    app.setProperty("sohoi_qt_translator", True)
    return True


def use_portable_settings() -> Path | None:
    """In portable mode, Qt's own settings (QSettings, in which the file dialogs keep their last
    folder and history) go to an INI file in the portable folder's `profile/config`, never to
    the registry (Windows' native format) or the host's configuration folder; that folder, or
    None when not portable. Before any QSettings or dialog is made
    (desktop.installation.portable)."""
    if not portable_requested():
        return None
    folder = layout_for().config
    folder.mkdir(parents=True, exist_ok=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    return folder


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The process's QApplication (made if there is none yet), set up by `setup_application`;
    in portable mode Qt's settings are pointed at the portable folder first."""
    use_portable_settings()
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    setup_application(app)
    return app


def show_startup_error(message: str) -> None:
    """A modal box saying why the unit cannot be opened, when there is no console to read it on."""
    create_application()
    QMessageBox.critical(None, strings.CANNOT_OPEN_TITLE, message)


def run(
    data_dir: Path,
    *,
    session: Session | None = None,
    hint: str | None = None,
    username: str | None = None,
    removable: bool = False,
    screenshot: Path | None = None,
    first_start: bool = False,
    after_show: Callable[[], None] | None = None,
) -> int:
    """Show the login window of `data_dir`'s unit and run until the last window closes.

    `session`: already signed in (`python -m desktop --user`): the main window opens at once.
    `hint`: a line under the login form (the demo's documented password, for the demo only).
    `username`: the account chosen in the login window's list. `removable`: the data folder is
    on a USB stick (passed on to the sign-in). `screenshot`: save a picture of the first window
    there (the main window with a session, else the login window) and return at once without
    waiting for a person (documentation, checks on machines with no screen). `first_start`:
    the folder has no unit yet, the first-start wizard opens instead of the login.
    `after_show`: work that can wait until the first window is on screen (the log file). The
    exit code.
    """
    app = create_application()
    flow = SessionFlow(data_dir, hint=hint, username=username, removable=removable)
    window: QWidget
    if first_start:
        window = flow.show_first_start()
    elif session is not None:
        window = flow.open_main(session)
    else:
        window = flow.show_login()
    try:
        if screenshot is not None:
            app.processEvents()
            saved = window.grab().save(str(screenshot))
            window.close()
            return 0 if saved else 1
        if after_show is not None:
            QTimer.singleShot(0, after_show)
        return app.exec()
    finally:
        flow.close_session()
