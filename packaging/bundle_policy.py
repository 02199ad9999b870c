"""What the frozen Sổ Hội carries, and what it leaves out: the decisions in one place.

Used by packaging/sohoi.spec and the Qt hooks of packaging/hooks/, and checked by
tests/packaging/test_bundle_policy.py.

**Qt.** The window uses QtCore, QtGui and QtWidgets only. PyInstaller's Qt hooks would also
collect every plugin of those modules (Wayland, EGL devices, GTK and portal themes, touch input,
TLS …) and, through the plugins' own dependencies, more Qt libraries and even system libraries
(GTK for the gtk3 theme). packaging/hooks/ replaces the hooks of QtCore, QtGui and QtWidgets with
the same ones filtered by `keep_binary` / `keep_data`, *before* PyInstaller follows the plugins'
dependencies, so what is dropped drags nothing in. The spec applies `keep_binary` once more to
everything collected, as a safety net. Kept plugins (by type, then by a word of the file name;
None keeps every one):

- platforms: `offscreen` (self-test, CI), `xcb` (Linux desktops; Wayland sessions run it through
  XWayland), `windows`, `cocoa`;
- xcbglintegrations: all (tiny; what xcb looks for when something asks for OpenGL);
- imageformats: `svg` (the style sheet's arrows; PNG, BMP and the like are built into QtGui);
- iconengines: `svg` (QIcon from an SVG file);
- platforminputcontexts: `compose` and `ibus` (Vietnamese typing methods on Linux: ibus-unikey,
  ibus-bamboo); not the Qt Quick virtual keyboard;
- styles: all (Windows' native style).

Qt translations: only Vietnamese (`*_vi.qm`), for the day the window loads Qt's own strings.

**Linux system libraries.** PySide6's own Linux wheel does not carry the libraries Qt takes from
the desktop (X11 and xcb, xkbcommon, fontconfig, FreeType, GLib, D-Bus, zlib, libstdc++): pip
installs it on any desktop distribution because they are there. PyInstaller would copy this build
machine's versions of them (and of what they load: systemd, gcrypt …) into the program, which both
costs ~13 MB and mixes old copies with the desktop's own graphics and font stack (a newer Mesa
or libpng loaded beside an older bundled libstdc++ or zlib fails) — the reason linuxdeployqt and
AppImage leave the same libraries out. `HOST_LIBRARIES` lists them; the program then needs on
Linux exactly what `pip install PySide6` needs (docs/PACKAGING.md).
"""

from __future__ import annotations

import sys
from pathlib import PurePath

KEEP_PLUGINS: dict[str, tuple[str, ...] | None] = {
    "platforms": ("offscreen", "xcb", "windows", "cocoa"),
    "xcbglintegrations": None,
    "imageformats": ("svg",),
    "iconengines": ("svg",),
    "platforminputcontexts": ("compose", "ibus"),
    "styles": None,
}

# Qt libraries nothing kept needs (a safety net: the filtered hooks should not collect them).
DROP_QT_LIBRARIES = (
    "Qt6Network",
    "Qt6Qml",
    "Qt6Quick",
    "Qt6Pdf",
    "Qt6WebEngine",
    "Qt6Multimedia",
    "Qt6VirtualKeyboard",
    "Qt6WaylandClient",
    "Qt6WaylandCompositor",
    "Qt6WlShellIntegration",
    "Qt6EglFSDeviceIntegration",
    "Qt6EglFsKmsSupport",
    "Qt6Designer",
    "Qt6Help",
    "Qt6Sql",
    "Qt6PrintSupport",
    "Qt6Test",
    "Qt6UiTools",
    "Qt6Labs",
    "Qt6Lottie",
    "Qt6Concurrent",
    "Qt6Xml",
    "Qt6OpenGLWidgets",
    # Windows: OpenGL through ANGLE and the software OpenGL renderer (20 MB), for Qt Quick and
    # OpenGL widgets; Qt Widgets paint without them.
    "opengl32sw",
    "libEGL",
    "libGLESv2",
    "d3dcompiler",
)

# Linux: what Qt (and the manylinux wheels) take from the desktop system, and what those load.
# Matched on the file name up to ".so" (libxcb matches libxcb.so.1 and libxcb-*.so.*).
HOST_LIBRARIES = (
    # X11 and xcb, keyboards (Qt's xcb platform)
    "libX11",
    "libXau",
    "libXdmcp",
    "libxcb",
    "libxkbcommon",
    "libbsd",
    "libmd",
    # fonts (QtGui)
    "libfontconfig",
    "libfreetype",
    "libpng16",
    "libbrotlicommon",
    "libbrotlidec",
    "libexpat",
    # GLib event loop (QtCore), D-Bus (QtGui's accessibility and portals) and what they load
    "libglib-2.0",
    "libgthread-2.0",
    "libpcre2-8",
    "libdbus-1",
    "libsystemd",
    "libgcrypt",
    "libgpg-error",
    "liblz4",
    "libcap",
    "libzstd",
    "liblzma",
    # the C++ runtime and zlib every manylinux wheel expects from the system
    "libstdc++",
    "libgcc_s",
    "libz",
    "libuuid",
)

# Python modules of PySide6 the program never imports.
UNUSED_QT_MODULES = (
    "QtConcurrent",
    "QtDBus",
    "QtDesigner",
    "QtHelp",
    "QtLabsStyleKit",
    "QtNetwork",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPrintSupport",
    "QtQml",
    "QtQmlFeatures",
    "QtQuick",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtSql",
    "QtSvg",
    "QtSvgWidgets",
    "QtTest",
    "QtUiTools",
    "QtXml",
    "QtWebEngineCore",
    "QtWebEngineWidgets",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtCharts",
    "Qt3DCore",
)

# Other Python modules left out.
EXCLUDED_MODULES = (
    *(f"PySide6.{m}" for m in UNUSED_QT_MODULES),
    "tkinter",
    "_tkinter",
    # reportlab needs Pillow's core (reportlab.lib.utils imports PIL.Image), not the codecs
    # and bridges that bring large libraries (AVIF, WebP, colour management, FreeType, Tk, Qt).
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingft",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
    # Only the tests and the build use these; none is imported by the program.
    "numpy",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "pypdf",
    "pypdfium2",
    "PyInstaller",
    "setuptools",
    "pkg_resources",
    "pip",
    "IPython",
    "ruff",
)


def _parts(path: str) -> tuple[str, ...]:
    return PurePath(path.replace("\\", "/")).parts


def _plugin(dest: str) -> tuple[str, str] | None:
    """(plugin type, file name) when `dest` is a file under a Qt `plugins` folder."""
    parts = _parts(dest)
    if "plugins" not in parts:
        return None
    at = len(parts) - 1 - parts[::-1].index("plugins")
    if at + 2 > len(parts) - 1:  # no type folder between "plugins" and the file
        return None
    return parts[at + 1], parts[-1]


def keep_plugin(kind: str, filename: str) -> bool:
    """Whether the Qt plugin `filename` of type `kind` goes into the program."""
    if kind not in KEEP_PLUGINS:
        return False
    words = KEEP_PLUGINS[kind]
    name = filename.lower()
    return words is None or any(w in name for w in words)


def is_host_library(filename: str) -> bool:
    """Whether a Linux library (`libxcb-shm.so.0`) is one the desktop system provides."""
    stem = filename.split(".so", 1)[0]
    return any(stem == lib or stem.startswith(lib + "-") for lib in HOST_LIBRARIES)


def keep_binary(dest: str, *, platform: str = sys.platform) -> bool:
    """Whether a collected binary (its path inside the bundle) goes into the program."""
    plugin = _plugin(dest)
    if plugin is not None:
        return keep_plugin(*plugin)
    parts = _parts(dest)
    name = parts[-1]
    if any(name.startswith((lib, "lib" + lib)) for lib in DROP_QT_LIBRARIES):
        return False
    # Only top-level system libraries: a wheel's private copies (pillow.libs/libxcb-<hash>.so)
    # have their own names and stay.
    return not (platform.startswith("linux") and len(parts) == 1 and is_host_library(name))


def keep_data(dest: str) -> bool:
    """Whether a collected data file goes into the program: Qt translations only Vietnamese."""
    path = PurePath(dest.replace("\\", "/"))
    if "translations" in path.parts and path.suffix == ".qm":
        return path.stem.endswith("_vi")
    return True


def filter_hook_binaries(binaries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A hook's (source, destination folder) binaries, filtered by `keep_binary`."""
    return [(src, dst) for src, dst in binaries if keep_binary(f"{dst}/{PurePath(src).name}")]


def filter_hook_datas(datas: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A hook's (source, destination folder) data files, filtered by `keep_data`."""
    return [(src, dst) for src, dst in datas if keep_data(f"{dst}/{PurePath(src).name}")]
