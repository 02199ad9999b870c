"""ui → desktop → db, never back: checked on the import statements of every module.

- db/ imports neither desktop/ nor ui/, nor Qt, nor reportlab.
- desktop/ imports neither ui/ nor Qt. desktop/__main__.py is not one of its modules but the
  entry point above both front ends (`python -m desktop`, `SoHoi`, `sohoi`): it loads ui/ only
  inside a function, once it knows the window (or the self-test's window check) is wanted, and
  never imports Qt itself.
- ui/ runs no SQL: no `.execute(` on a connection, no SQL statement in a string. Queries live in
  db/ (or desktop/) and ui/ calls a function.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY_POINT = ROOT / "desktop" / "__main__.py"
QT = ("PySide6", "shiboken6")
# The start of an SQL statement in a string literal (the project writes SQL keywords in capitals).
SQL = re.compile(
    r"^\s*(SELECT\s.+\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s"
    r"|PRAGMA\s|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER)\s|DROP\s+(TABLE|INDEX)\s|WITH\s+\w+\s+AS\s)",
    re.DOTALL,
)
EXECUTING = ("execute", "executemany", "executescript")


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def imports(node: ast.AST) -> list[tuple[str, int]]:
    found = []
    for n in ast.walk(node):
        if isinstance(n, ast.Import):
            found += [(a.name, n.lineno) for a in n.names]
        elif isinstance(n, ast.ImportFrom) and n.module and n.level == 0:
            found.append((n.module, n.lineno))
    return found


def module_level_imports(tree: ast.Module) -> list[tuple[str, int]]:
    """Imports run when the module loads: everywhere but inside a function."""
    found = []
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found += imports(node)
        else:
            stack.extend(ast.iter_child_nodes(node))
    return found


def modules(package: str) -> list[Path]:
    found = sorted((ROOT / package).rglob("*.py"))
    assert found, f"{package}/ has no module: the layout moved, this test must follow"
    return found


def violations(paths: list[Path], banned: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in paths
        for module, line in imports(parse(path))
        if module.split(".")[0] in banned
    ]


def test_db_imports_no_upper_layer_nor_qt_nor_reportlab():
    assert violations(modules("db"), ("desktop", "ui", *QT, "reportlab")) == []


def test_desktop_imports_neither_ui_nor_qt():
    paths = [p for p in modules("desktop") if p != ENTRY_POINT]
    assert violations(paths, ("ui", *QT)) == []


def test_the_entry_point_loads_ui_only_inside_a_function_and_never_qt():
    assert ENTRY_POINT.is_file(), "the entry point moved: this test must follow"
    tree = parse(ENTRY_POINT)
    assert violations([ENTRY_POINT], QT) == []
    eager = [(m, line) for m, line in module_level_imports(tree) if m.split(".")[0] == "ui"]
    assert eager == [], f"desktop/__main__.py imports ui/ when it loads: {eager}"
    lazy = [m for m, _ in imports(tree) if m.split(".")[0] == "ui"]
    assert lazy, "the entry point no longer loads the window: this test must follow"


def sql_in_ui() -> list[str]:
    found = []
    for path in modules("ui"):
        for node in ast.walk(parse(path)):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in EXECUTING
            ):
                found.append(f"{where} calls .{node.func.attr}(")
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and SQL.match(node.value)
            ):
                found.append(f"{where} holds SQL: {node.value[:40]!r}")
    return found


def test_ui_runs_no_sql():
    assert sql_in_ui() == []


def test_the_sql_check_sees_sql():
    """The patterns of test_ui_runs_no_sql catch what they are meant to."""
    for sql in (
        "SELECT id, name FROM branches WHERE is_deleted = 0",
        "INSERT INTO audit (x) VALUES (?)",
        "INSERT OR REPLACE INTO settings VALUES (?, ?)",
        "UPDATE members SET status = ?",
        "DELETE FROM drafts WHERE key = ?",
        "PRAGMA query_only = ON",
    ):
        assert SQL.match(sql), sql
    for text in ("Xóa…", "Select a file from the list", "Cập nhật"):
        assert not SQL.match(text), text
