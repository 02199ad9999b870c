"""PyInstaller's own hook for PySide6.QtWidgets, filtered by packaging/bundle_policy.py: which Qt
plugins and translations the program carries. PyInstaller prefers the hooks of this folder
(`hookspath` in packaging/sohoi.spec) to its own."""

from bundle_policy import filter_hook_binaries, filter_hook_datas
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = filter_hook_binaries(binaries)
datas = filter_hook_datas(datas)
