"""No field id reaches the screen: every page of a commune's and a province's window, and the
Nhật ký page after edits and deletes, show the fields' Vietnamese labels, never `is_deleted`,
`full_name` or a record's hex id."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from db.schema import SYNC_COLUMNS, TABLES
from tests.ui.lists_forms_support import open_window
from tests.ui.upper_support import Province, build_province
from ui.main_window import MainWindow

# The ids a person must never read: every snake_case field name of the schema, the bookkeeping
# columns, and hex ids (a record's uuid, a long digest).
FIELD_IDS = {name for spec in TABLES.values() for name in spec.field_names if "_" in name} | set(
    SYNC_COLUMNS
)
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_HEX = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}|\b(?=[0-9a-f]*[a-f])[0-9a-f]{16,}\b")
ROWS = 300  # rows of each view read


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model: one column, its columnCount private in PySide6
        return 1


def _model_texts(model: QAbstractItemModel, parent: QModelIndex) -> list[str]:
    columns = _columns(model, parent)
    out = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    for r in range(min(model.rowCount(parent), ROWS)):
        for c in range(columns):
            index = model.index(r, c, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if value is not None:
                    out.append(str(value))
    return out


def visible_texts(root: QWidget) -> list[str]:
    """Every text `root` shows: labels, buttons, fields, lists and tables, their tips."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        texts.append(w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts += [w.text(), w.placeholderText()]
        elif isinstance(w, (QTextEdit, QPlainTextEdit)):
            texts.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            texts += _model_texts(w.model(), QModelIndex())
    return [t for t in texts if t]


def ids_shown(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        found += [t for t in _SNAKE.findall(text) if t in FIELD_IDS]
        found += _HEX.findall(text)
    return found


def every_page(qtbot, window: MainWindow) -> dict[str, list[str]]:
    """The ids shown on each page of the window, by section."""
    shown = {}
    for key in window.section_keys():
        page = window.show_section(key)
        qtbot.wait(50)
        loading = getattr(page, "loading", None)
        if callable(loading):
            qtbot.waitUntil(lambda p=page: not p.loading(), timeout=10_000)
        ids = ids_shown(visible_texts(window))
        if ids:
            shown[key] = ids
    return shown


def test_the_check_finds_a_field_id_and_a_hex_id():
    assert ids_shown(["Các trường: is_deleted, Họ và tên"]) == ["is_deleted"]
    assert ids_shown(["mã 3f2a9c1e-12ab-4cde-8f00-0123456789ab"]) == ["3f2a9c1e-12ab-4cde"]
    assert ids_shown(["Họ và tên, Ngày sinh · Đã xóa", "CCCD 001186012345", "Tháng 11/2026"]) == []


def test_no_page_of_a_commune_shows_a_field_id_after_edits_and_deletes(app, qtbot, session):
    store = session.store
    member = store.db.execute("SELECT id FROM members ORDER BY rowid LIMIT 1").fetchone()[0]
    store.save("members", {"phone": "0912345678", "citizen_id": "001186012345"}, id=member)
    store.save(
        "members", {"birth_date": "1986-05-01", "special_groups": ["Người khuyết tật"]}, id=member
    )
    other = store.db.execute("SELECT id FROM members ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    store.delete("members", other)
    branch = store.save("branches", {"name": "Chi hội Thôn Mới", "area_name": "Thôn Mới"}).ids[0]
    store.delete("branches", branch)
    window = open_window(qtbot, session)
    assert every_page(qtbot, window) == {}
    journal = window.show_section("journal")
    texts = visible_texts(journal)
    assert any("Đã xóa" in t for t in texts), "the delete is in the journal, by its label"
    assert any("Số điện thoại" in t for t in texts)
    window.show_section("members").open_record(member)
    qtbot.wait(50)
    assert ids_shown(visible_texts(window)) == []


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Iterator[Province]:
    built = build_province(tmp_path_factory.mktemp("province"))
    yield built
    built.session.close()


def test_no_page_of_a_province_shows_a_field_id(app, qtbot, province):
    window = open_window(qtbot, province.session)
    assert every_page(qtbot, window) == {}
