"""The first start, driven as a person would: a new commune from the catalogue, its admin,
the recovery code, the enrolment request; a central unit; a restore from a backup; and what the
database and the folder hold afterwards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db.store import unit_row_id
from desktop.backup.make import export_backup
from desktop.installation.setup import login, recover
from desktop.installation.unit_files import unit_exists
from desktop.security.keyfile import KEYFILE_NAME
from tests.ui.conftest import PASSWORD, make_unit, type_text
from tests.ui.lists_forms_support import choose_in_combo, retype, tick
from ui.first_start.wizard import FirstStartWindow
from ui.session_flow import SessionFlow

NEW_PASSWORD = "Chủ-tịch-2026"


@pytest.fixture
def wizard(app, qtbot, tmp_path) -> FirstStartWindow:
    window = FirstStartWindow(tmp_path / "mới")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill_commune(qtbot, wizard: FirstStartWindow) -> None:
    """Lạng Sơn, then "quy hoa" typed without tones and Enter: the first commune is chosen."""
    click(qtbot, wizard.next_button)  # "Tạo đơn vị mới" is the default choice
    place = wizard.place
    assert wizard.current() is place
    assert not wizard.next_button.isEnabled()  # no commune chosen yet
    choose_in_combo(qtbot, place.province, "Tỉnh Lạng Sơn")
    place.search.setFocus()
    type_text(place.search, "quy hoa")
    assert place.place() is None  # two match: Quý Hòa, and Yên Bình which took in a Quý Hòa
    qtbot.keyClick(place.search, Qt.Key.Key_Return)
    assert place.place() is not None and place.place().name == "Xã Quý Hòa"


def fill_admin(qtbot, wizard: FirstStartWindow) -> None:
    admin = wizard.admin
    assert wizard.current() is admin
    admin.password.setFocus()
    type_text(admin.password, "ngắn")
    assert admin.message.text() == "Mật khẩu phải có ít nhất 8 ký tự."
    assert not wizard.next_button.isEnabled()
    retype(qtbot, admin.password, NEW_PASSWORD)
    admin.again.setFocus()
    type_text(admin.again, NEW_PASSWORD[:-1] + "7")
    assert admin.message.text() == "Hai lần nhập mật khẩu chưa giống nhau."
    assert not wizard.next_button.isEnabled()
    retype(qtbot, admin.again, NEW_PASSWORD)
    assert admin.message.text() == ""
    assert wizard.next_button.text() == "Tạo đơn vị" and wizard.next_button.isEnabled()


def test_a_new_commune_is_created_from_the_catalogue_with_its_admin(wizard, qtbot, tmp_path):
    created = []
    wizard.created.connect(created.append)
    data_dir = tmp_path / "mới"

    fill_commune(qtbot, wizard)
    place = wizard.place
    assert place.communes.currentItem().text() == "Xã Quý Hòa — gồm xã Vĩnh Yên cũ"
    assert place.name.text() == "Hội LHPN xã Quý Hòa"
    assert place.code_line.text() == "Mã đơn vị: 06076 · mã đơn vị cấp trên: 20"
    click(qtbot, wizard.next_button)
    fill_admin(qtbot, wizard)
    assert not unit_exists(data_dir)  # nothing is written before "Tạo đơn vị"
    qtbot.keyClick(wizard.admin.again, Qt.Key.Key_Return)  # Enter does what the button does

    recovery = wizard.recovery
    assert wizard.current() is recovery
    code = recovery.code.text()
    assert len(code) >= 20
    assert code not in (data_dir / KEYFILE_NAME).read_text(encoding="utf-8")
    assert not wizard.next_button.isEnabled()  # not before the code is said to be kept
    sheet = recovery.save_sheet(tmp_path / "phiếu.pdf")
    assert sheet is not None and sheet.read_bytes().startswith(b"%PDF")
    assert "Hãy in ra rồi xóa tệp này" in recovery.notice.text()
    tick(qtbot, recovery.kept)
    click(qtbot, wizard.next_button)

    enrol = wizard.enrol
    assert wizard.current() is enrol
    assert enrol.panel is not None and len(enrol.panel.fingerprint.text()) > 10
    request = enrol.panel.write_request(tmp_path / "yeu-cau.sohoi-request")
    assert request is not None and request.stat().st_size > 0
    assert enrol.save_sheet(tmp_path / "dang-ky.pdf") is not None
    assert wizard.next_button.text() == "Bắt đầu sử dụng"
    click(qtbot, wizard.next_button)

    [session] = created
    try:
        unit = session.store.get("units", unit_row_id(session.store.unit_code))
        assert (unit["code"], unit["name"], unit["level"]) == (
            "06076",
            "Hội LHPN xã Quý Hòa",
            "commune",
        )
        assert (unit["parent_code"], unit["admin_area_code"]) == ("20", "06076")
        assert session.account.username == "admin" and session.can("keys")
    finally:
        session.close()
    login(data_dir, "admin", NEW_PASSWORD).close()  # the password typed opens the unit
    recover(
        data_dir, code, username="admin", new_password="Mật-khẩu-mới-2027"
    ).close()  # and so does the code


def test_a_central_unit_needs_no_province(wizard, qtbot, tmp_path):
    created = []
    wizard.created.connect(created.append)
    click(qtbot, wizard.next_button)
    place = wizard.place
    tick(qtbot, place.level_buttons["central"])
    assert place.province.isHidden() and place.search.isHidden()
    assert place.name.text() == "Trung ương Hội LHPN Việt Nam"
    assert place.code_line.text() == "Mã đơn vị: TW"
    click(qtbot, wizard.next_button)
    fill_admin(qtbot, wizard)
    click(qtbot, wizard.next_button)
    tick(qtbot, wizard.recovery.kept)
    click(qtbot, wizard.next_button)
    assert wizard.enrol.panel.request_button.isHidden()  # the centre asks no one
    assert not wizard.enrol.panel.approve_button.isHidden()
    click(qtbot, wizard.next_button)
    [session] = created
    try:
        unit = session.store.get("units", unit_row_id("TW"))
        assert (unit["level"], unit.get("parent_code")) == ("central", None)
    finally:
        session.close()


def test_going_back_keeps_what_was_chosen_and_a_bad_search_says_so(wizard, qtbot):
    fill_commune(qtbot, wizard)
    place = wizard.place
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.back_button)
    assert wizard.current() is place and place.name.text() == "Hội LHPN xã Quý Hòa"
    retype(qtbot, place.search, "không có xã này")
    assert place.message.text() == ("Không có xã, phường nào khớp với tên đã gõ trong tỉnh này.")
    assert not wizard.next_button.isEnabled()


def test_a_restore_with_a_wrong_passphrase_changes_nothing_then_the_right_one_restores(
    app, qtbot, tmp_path
):
    original = make_unit(tmp_path / "cũ").session
    backup = export_backup(original, tmp_path / "sao-luu.sohoi-backup", "cụm-mật-khẩu-dài")
    members = original.store.db["members"].count
    original.close()
    data_dir = tmp_path / "máy-mới"
    flow = SessionFlow(data_dir)
    wizard = flow.show_first_start()
    qtbot.addWidget(wizard)
    tick(qtbot, wizard.choice.buttons["restore"])
    click(qtbot, wizard.next_button)
    page = wizard.restore
    assert not wizard.next_button.isEnabled()
    assert page.choose(backup) is not None
    assert "mã C1" in page.described.text()
    page.passphrase.setFocus()
    type_text(page.passphrase, "sai-mật-khẩu-rồi")
    click(qtbot, wizard.next_button)
    assert page.message.text() == "Mật khẩu của tệp sao lưu không đúng."
    assert not unit_exists(data_dir)
    assert wizard.isVisible()

    retype(qtbot, page.passphrase, "cụm-mật-khẩu-dài")
    click(qtbot, wizard.next_button)

    assert flow.first_start is None and flow.login_window is not None
    assert flow.login_window.isVisible()
    assert "Đã khôi phục đơn vị mã C1" in flow.login_window.hint.text()
    restored = login(data_dir, "admin", PASSWORD)
    try:
        assert restored.store.db["members"].count == members
    finally:
        restored.close()
        flow.login_window.close()


def test_the_flow_opens_the_main_window_signed_in_once_the_unit_is_made(app, qtbot, tmp_path):
    flow = SessionFlow(tmp_path / "mới")
    wizard = flow.show_first_start()
    qtbot.addWidget(wizard)
    fill_commune(qtbot, wizard)
    click(qtbot, wizard.next_button)
    fill_admin(qtbot, wizard)
    click(qtbot, wizard.next_button)
    tick(qtbot, wizard.recovery.kept)
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.next_button)
    try:
        assert flow.main_window is not None and flow.main_window.isVisible()
        assert "Hội LHPN xã Quý Hòa" in flow.main_window.windowTitle()
        assert flow.first_start is None
    finally:
        flow.main_window.close()
        flow.close_session()


def test_closing_the_wizard_before_the_unit_is_made_leaves_the_folder_empty(wizard, qtbot):
    fill_commune(qtbot, wizard)
    wizard.close()
    assert not unit_exists(wizard.data_dir)
    assert not wizard.data_dir.exists() or not any(wizard.data_dir.iterdir())


def test_the_catalogue_search_finds_communes_by_their_former_names():
    from desktop.units import catalogue

    lang_son = catalogue.communes("20")
    assert [p.name for p in catalogue.search(lang_son, "VINH YEN")] == [
        "Phường Đông Kinh",
        "Xã Quý Hòa",
    ]
    assert [p.name for p in catalogue.search(lang_son, "quy hoa")] == ["Xã Quý Hòa", "Xã Yên Bình"]
    assert len(catalogue.provinces()) == 34
    assert sum(len(catalogue.communes(p.code)) for p in catalogue.provinces()) == 3321
