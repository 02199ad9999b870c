"""One spelling of Vietnamese throughout what a person sees: the old-style tone placement.

In a syllable ending in "oa", "oe" or "uy" (no final consonant), the tone sits on the first
vowel: "xóa", "hóa", "hòa", "khỏe", "thủy", "lũy" — never "xoá", "hoá", "hoà", "khoẻ", "thuỷ",
"luỹ". ("quý" is not such a syllable: "qu" is its consonant.) Every string literal of db/,
desktop/ and ui/ is checked, f-strings' pieces included; docstrings are code documentation
(one quotes a legacy-encoded text as decoded) and are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("db", "desktop", "ui")

# The other style: a toned a/e after o, or a toned y after u (not "qu"), ending the syllable.
NEW_STYLE = re.compile(
    r"[oO][áàảãạéèẻẽẹÁÀẢÃẠÉÈẺẼẸ](?!\w)|(?<![qQ])[uU][ýỳỷỹỵÝỲỶỸỴ](?!\w)", re.UNICODE
)


def other_style(text: str) -> list[str]:
    """The words of `text` written in the other style."""
    words = re.findall(r"\w+", text)
    return [w for w in words if NEW_STYLE.search(w)]


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    for node in ast.walk(tree):
        doc = node.body[0] if isinstance(node, kinds) and node.body else None
        if isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant):
            ids.add(id(doc.value))
    return ids


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Xoá bản ghi", ["Xoá"]),
        ("tệp không được mã hoá", ["hoá"]),
        ("Uỷ viên, thuỷ lợi, luỹ kế, khoẻ", ["Uỷ", "thuỷ", "luỹ", "khoẻ"]),
        ("Xóa, hóa, hòa, thủy, lũy, khỏe, Ủy viên", []),
        ("quý, hoàn tác, toàn vẹn, khoản, huýt", []),
    ],
)
def test_the_check_tells_the_two_styles_apart(text, found):
    assert other_style(text) == found


def test_every_string_shown_uses_the_old_style_tone_placement():
    wrong = []
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            for line, text in _literals(path):
                for word in other_style(text):
                    wrong.append(f"{path.relative_to(ROOT).as_posix()}:{line}: {word}")
    for path in sorted((ROOT / "ui" / "resources").glob("*.qss")):
        wrong += [f"{path.name}: {w}" for w in other_style(path.read_text(encoding="utf-8"))]
    assert wrong == []
