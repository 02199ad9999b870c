"""Portable mode: Qt's own settings (QSettings, the file dialog's history) stay on the stick.

On Windows Qt's native settings format is the registry, which no environment variable redirects;
the window therefore switches QSettings to INI files in the portable folder before it makes any
QSettings or dialog, on every OS. A child process (Qt's settings paths are set once per process)
starts the window's application in portable mode, with every host folder watched.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.desktop.test_portable import Host

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    from desktop.installation.portable import enter_if_portable
    enter_if_portable()
    from ui.app import create_application
    app = create_application([])
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog
    settings = QSettings()
    settings.setValue("cua_so/vi_tri", "giữa màn hình")
    settings.sync()
    dialog = QFileDialog(None, "Chọn tệp")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    app.processEvents()
    dialog.close()
    import shiboken6
    shiboken6.delete(dialog)  # QFileDialog keeps its history when it is destroyed
    print(settings.fileName())
    print(settings.format() == QSettings.Format.IniFormat)
    """
)


def test_qt_settings_land_in_the_portable_folder(tmp_path):
    host = Host(tmp_path, marker=True)
    env = host.env(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        env=env,
        cwd=host.cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    name, ini = done.stdout.split("\n")[-3:-1]
    config = host.data / "profile" / "config"
    written = Path(name)
    assert ini == "True"  # an INI file, never the registry
    assert written.is_relative_to(config) and written.is_file()
    assert "giữa màn hình" in written.read_text(encoding="utf-8")
    assert any(p.name == "QtProject.conf" for p in config.rglob("*"))  # the dialog's history
    host.assert_host_untouched()
