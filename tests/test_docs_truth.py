"""The docs stay true: every document cited exists, and docs/ARCHITECTURE.md names real modules,
every one of them.

- A Markdown file named in a module (db/, desktop/, ui/, scripts/, packaging/, tests/) or in a
  document (docs/, README.md, CHANGELOG.md) exists, from the repository root, from docs/ or
  beside the file that names it.
- Every path of the repository's code named in a document exists, and every dotted name of a
  module (`db.store.Store.write`) resolves to a module and its attributes.
- Every module of db/, desktop/ and ui/ (not `__init__.py`) has its row in the table of
  docs/ARCHITECTURE.md, by its own path or by its package folder's (`desktop/reports/`).
- Every `sohoi` command, verb and option written in a document exists (tests/desktop/test_docs.py
  checks the other way: every command and option is in docs/CLI.md).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("db", "desktop", "ui", "scripts", "packaging", "tests")
LAYERS = ("db", "desktop", "ui")
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md", ROOT / "CHANGELOG.md"]
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"

# A Markdown file name, bare or with folders, not part of a longer word, path or address.
_MARKDOWN = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w-]+\.md)\b")
# A path into the repository's code: `db/schema.py`, `desktop/sync/`, `tests/bench/`.
_CODE_PATH = re.compile(r"(?<![\w/.-])((?:" + "|".join(CODE_DIRS) + r")/[\w./-]*[\w/])")
# A dotted name under a layer: `db.merge.merge_rows`, `ui.run.window_smoke_test`.
_DOTTED = re.compile(r"(?<![\w/.-])((?:" + "|".join(LAYERS) + r")(?:\.[A-Za-z_]\w*)+)")
# A path in backticks in the architecture table: a module or a package folder.
_TABLE_PATH = re.compile(r"`((?:" + "|".join(CODE_DIRS) + r")/[\w/.-]*(?:\.py|/))`")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _python_files() -> list[Path]:
    return sorted(p for d in CODE_DIRS for p in (ROOT / d).rglob("*.py"))


def _cited_markdown() -> list[tuple[str, str]]:
    cited = []
    for path in _python_files() + DOCS:
        for name in sorted(set(_MARKDOWN.findall(_text(path)))):
            cited.append((_rel(path), name))
    return cited


def _resolves(citing: str, name: str) -> bool:
    return any((base / name).is_file() for base in (ROOT, ROOT / "docs", (ROOT / citing).parent))


def test_markdown_citations_are_found():
    assert _cited_markdown(), "the search for citations found none: the pattern is broken"


@pytest.mark.parametrize(("citing", "name"), _cited_markdown())
def test_every_cited_document_exists(citing, name):
    assert _resolves(citing, name), f"{citing} cites {name}, which is not in the repository"


def _architecture_table() -> str:
    text = _text(ARCHITECTURE)
    start = text.index("## Where each concern lives")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_every_code_path_named_in_the_docs_exists():
    missing = [
        f"{_rel(doc)}: {path}"
        for doc in DOCS
        if doc.name != "CHANGELOG.md"  # history may name what has since moved
        for path in sorted(set(_CODE_PATH.findall(_text(doc))))
        if not (ROOT / path).exists()
    ]
    assert not missing, "named in the docs but not in the repository:\n" + "\n".join(missing)


def test_the_architecture_table_names_paths_in_full():
    table = _architecture_table()
    short = re.findall(r"`([\w-]+\.py)`", table)
    assert not short, f"give these their folder in docs/ARCHITECTURE.md: {short}"
    assert _TABLE_PATH.findall(table), "the table names no module: the pattern is broken"


def _resolve_dotted(name: str) -> bool:
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_every_dotted_module_name_in_the_docs_resolves():
    names = {
        (_rel(doc), name)
        for doc in DOCS
        if doc.name != "CHANGELOG.md"
        for name in _DOTTED.findall(_text(doc))
    }
    assert names, "the docs name no dotted module: the pattern is broken"
    wrong = sorted(f"{doc}: {name}" for doc, name in names if not _resolve_dotted(name))
    assert not wrong, "named in the docs but not in the code:\n" + "\n".join(wrong)


def test_every_module_has_a_row_in_architecture():
    named = set(_TABLE_PATH.findall(_architecture_table()))
    # A package folder covers its modules; a layer's own folder (`ui/`) would cover everything.
    folders = {p for p in named if p.endswith("/") and p.count("/") > 1}
    orphans = [
        module
        for layer in LAYERS
        for module in map(_rel, sorted((ROOT / layer).rglob("*.py")))
        if not module.endswith("__init__.py")
        and module not in named
        and not any(module.startswith(folder) for folder in folders)
    ]
    assert not orphans, "modules without a row in docs/ARCHITECTURE.md:\n" + "\n".join(orphans)


# A `sohoi …` command as the docs write it: in backticks, or on a line of a shell example.
_SOHOI_SPAN = re.compile(r"`(?:[\w./]*/)?sohoi( [^`]*)`")
_SOHOI_LINE = re.compile(r"^(?:\w+=\S+ )*(?:[\w./]*/)?sohoi( .*)$", re.MULTILINE)


def _subcommands(parser) -> dict:
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            return action.choices
    return {}


def _flags(parser) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


def _sohoi_uses() -> list[tuple[str, str]]:
    uses = set()
    for doc in DOCS:
        text = _text(doc)
        uses |= {(_rel(doc), m.strip()) for m in _SOHOI_SPAN.findall(text)}
        uses |= {(_rel(doc), m.strip()) for m in _SOHOI_LINE.findall(text)}
    return sorted(uses)


def _command_problem(use: str) -> str | None:
    from desktop.cli.main import build_parser

    root = build_parser()
    parser, words = root, [w for w in re.split(r"[\s\[\]|]+", use) if w]
    flags = _flags(root)
    for word in words:
        if word.startswith("--"):
            name = word.split("=")[0]
            if name not in flags:
                return f"{name} is not an option of `{parser.prog}`"
        elif re.fullmatch(r"[a-z][a-z-]*", word) and _subcommands(parser):
            if word not in _subcommands(parser):
                return f"`{parser.prog} {word}` is not a command"
            parser = _subcommands(parser)[word]
            flags = _flags(parser) | _flags(root)
        elif parser is root and not word.startswith("-"):
            break  # a placeholder (COMMAND) or prose: nothing more to check
    return None


def test_the_docs_name_sohoi_commands():
    assert len(_sohoi_uses()) > 20, "the search for `sohoi …` found little: the pattern is broken"


def test_every_sohoi_command_in_the_docs_exists():
    wrong = [
        f"{doc}: `sohoi {use}`: {problem}"
        for doc, use in _sohoi_uses()
        if doc != "CHANGELOG.md"
        for problem in [_command_problem(use)]
        if problem
    ]
    assert not wrong, "commands in the docs that `sohoi` does not have:\n" + "\n".join(wrong)
