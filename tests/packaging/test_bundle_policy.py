"""What the frozen program carries (packaging/bundle_policy.py), decided file by file."""

from __future__ import annotations

import pytest

from tests.packaging.packaging_modules import load

policy = load("bundle_policy")


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6\\plugins\\platforms\\qoffscreen.dll",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/plugins/imageformats/qsvg.dll",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt6Widgets.dll",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "libpython3.12.so.1.0",
        "libcrypto.so.3",
        "pillow.libs/libxcb-9065bb12.so.1.1.0",  # a wheel's private copy, not the system's
    ],
)
def test_kept(dest):
    assert policy.keep_binary(dest, platform="linux")


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6/Qt6Pdf.dll",
        "PySide6/opengl32sw.dll",
        "libX11.so.6",
        "libxcb-shm.so.0",
        "libfontconfig.so.1",
        "libglib-2.0.so.0",
        "libstdc++.so.6",
        "libz.so.1",
    ],
)
def test_dropped(dest):
    assert not policy.keep_binary(dest, platform="linux")


def test_system_libraries_are_dropped_only_on_linux():
    assert policy.keep_binary("libz.so.1", platform="win32")
    assert not policy.keep_binary("libz.so.1", platform="linux")


def test_host_library_names_match_whole_names_only():
    assert policy.is_host_library("libzstd.so.1")
    assert policy.is_host_library("libX11-xcb.so.1")
    assert not policy.is_host_library("libicuuc.so.73")
    assert not policy.is_host_library("libpython3.12.so.1.0")
    assert not policy.is_host_library("libsqlite3.so.0")


def test_only_vietnamese_qt_translations():
    assert policy.keep_data("PySide6/Qt/translations/qtbase_vi.qm")
    assert not policy.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert policy.keep_data("vietnam_provinces/data/flat-divisions.json")


def test_hooks_filter_source_destination_pairs():
    binaries = [
        ("/x/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms"),
        ("/x/plugins/platforms/libqvnc.so", "PySide6/Qt/plugins/platforms"),
    ]
    assert policy.filter_hook_binaries(binaries) == binaries[:1]
    datas = [
        ("/x/translations/qt_vi.qm", "PySide6/Qt/translations"),
        ("/x/translations/qt_fr.qm", "PySide6/Qt/translations"),
    ]
    assert policy.filter_hook_datas(datas) == datas[:1]


def test_the_program_never_excludes_what_it_imports():
    imported = {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PIL", "PIL.Image"}
    assert not imported & set(policy.EXCLUDED_MODULES)
