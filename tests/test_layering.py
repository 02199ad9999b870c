"""ui → desktop → db, never back: checked on the import statements of every module."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The one place allowed to reach up: the GUI entry point imports ui lazily.
LAZY_GUI_ENTRY = {ROOT / "desktop" / "gui.py"}


def imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
    return found


def violations(package: str, banned: tuple[str, ...]) -> list[str]:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for module, line in imports(path):
            top = module.split(".")[0]
            if top in banned and path not in LAZY_GUI_ENTRY:
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return bad


def test_db_imports_no_upper_layer_nor_qt_nor_reportlab():
    assert violations("db", ("desktop", "ui", "PySide6", "shiboken6", "reportlab")) == []


def test_desktop_imports_neither_ui_nor_qt():
    assert violations("desktop", ("ui", "PySide6", "shiboken6")) == []


def test_the_gui_entry_imports_ui_only_inside_a_function():
    path = ROOT / "desktop" / "gui.py"
    if not path.exists():
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:  # module level only
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            assert not any(n.split(".")[0] in ("ui", "PySide6") for n in names), names
