"""The Cài đặt and Nhật ký pages: an admin changes a setting, a viewer only looks; the log reads."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.installation import settings
from desktop.security.session import Session
from ui import strings
from ui.pages.audit_page import AuditPage
from ui.pages.settings_page import SettingsPage


def as_viewer(session: Session) -> None:
    session.account = replace(session.account, role="viewer")


def test_admin_changes_idle_minutes_and_font(app, qtbot, session: Session) -> None:
    page = SettingsPage(session)
    qtbot.addWidget(page)
    page.show()
    idle = page.editors["idle_lock_minutes"]
    assert idle.isEnabled() and idle.value() == 10
    assert idle.maximum() == 240
    idle.setValue(25)
    page.editors["font_point_size"].setValue(12)
    page.save_button.click()
    assert page.notice.text() == strings.SETTINGS_SAVED
    assert settings.get(session.store.db, "idle_lock_minutes") == 25
    assert session.idle_seconds == 25 * 60
    assert QApplication.instance().font().pointSizeF() == 12
    page.editors["font_point_size"].setValue(10.5)
    page.save_button.click()


def test_viewer_sees_settings_read_only(app, qtbot, session: Session) -> None:
    as_viewer(session)
    page = SettingsPage(session)
    qtbot.addWidget(page)
    page.show()
    assert all(not editor.isEnabled() for editor in page.editors.values())
    assert not page.save_button.isVisible()
    assert page.read_only_note.isVisible()


def test_manual_backup_and_portable_status(app, qtbot, session: Session, tmp_path: Path) -> None:
    page = SettingsPage(session)
    qtbot.addWidget(page)
    page.show()
    assert "chế độ mang theo" in page.portable.text()
    path = page.backup_now()
    assert path is not None and path.exists()
    assert page.saved.isVisible()
    out = page.export_portable(tmp_path / "mang-di.sohoi-backup", "cụm-mật-khẩu-dài")
    assert out is not None and out.exists()


def test_journal_lists_login_and_verifies(app, qtbot, session: Session) -> None:
    page = AuditPage(session)
    qtbot.addWidget(page)
    page.show()
    actions = [page.table.item(r, 2).text() for r in range(page.table.rowCount())]
    assert "Tạo đơn vị" in actions
    assert "Thêm" in actions
    when = page.table.item(0, 0).text()
    assert len(when) == 16 and when[2] == "/" and when[5] == "/"
    page.verify_button.click()
    assert "toàn vẹn" in page.notice.text()
    assert "KHÔNG" not in page.notice.text()


def test_journal_shows_login_entry(app, qtbot, unit_dir: Path) -> None:
    from desktop.installation.setup import login
    from tests.ui.conftest import ADMIN, PASSWORD

    signed = login(unit_dir, ADMIN, PASSWORD)
    try:
        page = AuditPage(signed)
        qtbot.addWidget(page)
        assert page.table.item(0, 2).text() == "Đăng nhập"
        assert page.table.item(0, 1).text() == ADMIN
    finally:
        signed.close()


def test_journal_is_for_admins_only(app, qtbot, session: Session) -> None:
    as_viewer(session)
    page = AuditPage(session)
    qtbot.addWidget(page)
    page.show()
    assert not page.table.isVisible()
    assert page.note.text() == strings.JOURNAL_ADMIN_ONLY
