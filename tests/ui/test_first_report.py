"""A commune's first report in one trip, through the windows: the commune opens the province's
invitation and writes its first trip to a "stick"; the province approves it (the Mã máy typed)
and imports it in the same sitting; the commune reads the stick back: "cấp trên đã nhận"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.sync import first_trip
from desktop.sync.enrolment import identity
from tests.desktop.sync_helpers import (  # noqa: F401  (fixtures)
    add_members,
    commune_rows,
    template,
    world,
)
from tests.ui.conftest import type_text
from ui import strings
from ui.dialogs.enrol_approve import ApproveDialog
from ui.pages.sync_page import SyncPage

NEW = "06003"


def test_a_first_report_in_one_trip(app, qtbot, world, tmp_path: Path) -> None:  # noqa: F811
    usb = tmp_path / "usb"
    usb.mkdir()
    add_members(world[NEW], 3)
    invitation = usb / "thu-moi.sohoi-invite"
    invitation.write_bytes(first_trip.make_invitation(world["20"]))
    commune = world[NEW]
    page = SyncPage(commune)
    qtbot.addWidget(page)
    page.show()
    page.set_folder(usb)
    panel = page.first_report
    assert panel.isVisible()
    device_code = identity(commune).fingerprint
    assert panel.device_code.text() == device_code
    assert strings.FIRST_STEP_INVITATION in panel.missing.text()

    assert panel.open_invitation(invitation)
    shown = panel.invitation.text()
    assert "Hội LHPN tỉnh Thái Nguyên" in shown
    assert identity(world["20"]).fingerprint in shown
    assert strings.FIRST_STEP_WRITE in panel.missing.text()

    page.send_button.click()
    assert "mang lên tỉnh" in page.notice.text()
    assert len(list(usb.glob("*.sohoi-request"))) == 1
    assert len(list(usb.glob("*.sohoi-first"))) == 1
    assert strings.FIRST_STEP_APPROVE in panel.missing.text()

    # At the province: approve with the Mã máy typed, the first report imported at once.
    top = SyncPage(world["20"])
    qtbot.addWidget(top)
    (request,) = usb.glob("*.sohoi-request")
    # Read before approving: nothing taken, and the note says what to do next.
    top.set_folder(usb)
    waiting = top.receive()
    assert waiting is not None and [v.status for v in waiting.verdicts] == ["pending"]
    assert "1 báo cáo đầu tiên chờ duyệt máy gửi" in top.notice.text()
    assert commune_rows(world["20"], {NEW}) != commune_rows(commune, {NEW})

    def type_code() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ApproveDialog)
        type_text(dialog.typed, device_code.lower())
        dialog.ok_button.click()

    QTimer.singleShot(0, type_code)
    assert top.enrolment.approve_request(request) is not None
    assert "nhận báo cáo đầu tiên" in top.enrolment.notice.text(), top.enrolment.notice.text()
    assert commune_rows(world["20"], {NEW}) == commune_rows(commune, {NEW})
    assert len(list(usb.glob("receipt_*.sohoi"))) == 1

    # Back at the commune: the certificate and the receipt, nothing red.
    result = page.receive()
    assert result is not None and result.ok
    assert [v.status for v in result.verdicts] == ["receipt"]
    assert page.results.rowCount() == 1
    assert "cấp trên đã nhận" in page.results.item(0, 4).text()
    assert panel.missing.text() == strings.FIRST_DONE
    assert "cấp trên đã nhận" in panel.missing.text()
    assert page.enrolment.state.text() == strings.ENROL_CERTIFIED
    text = " ".join(w.text() for w in panel.findChildren(type(panel.missing)))
    assert identity(commune).device_id not in text  # never a hex id in the checklist


def test_the_province_writes_its_invitation_from_the_window(app, qtbot, world, tmp_path: Path):  # noqa: F811
    usb = tmp_path / "usb"
    usb.mkdir()
    top = SyncPage(world["20"])
    qtbot.addWidget(top)
    top.show()
    panel = top.enrolment
    assert panel.invite_button.isVisible() and panel.invite_button.isEnabled()
    path = panel.write_invitation(usb / "thu-moi-20.sohoi-invite")
    assert path is not None
    fingerprint = identity(world["20"]).fingerprint
    assert fingerprint in panel.notice.text()
    assert first_trip.read_invitation(path.read_bytes()).unit_code == "20"
    # The commune opens it: the province's name, never a code of hex.
    commune = SyncPage(world[NEW])
    qtbot.addWidget(commune)
    commune.show()
    assert commune.first_report.open_invitation(path)
    assert "Hội LHPN tỉnh Thái Nguyên" in commune.first_report.invitation.text()
    # A commune has no one below to invite.
    assert commune.enrolment is None or not commune.enrolment.invite_button.isVisible()


def test_a_pc_confirmed_the_other_way_gets_no_checklist(app, qtbot, world) -> None:  # noqa: F811
    """Province 20 was confirmed by the centre through a request and a certificate, and never
    sent: its Đồng bộ page has no first-report checklist, and one Mã máy."""
    page = SyncPage(world["20"])
    qtbot.addWidget(page)
    page.show()
    assert not page.first_report.isVisible()
    assert page.enrolment.isVisible()
    assert page.enrolment.fingerprint.text() == identity(world["20"]).fingerprint


def test_a_province_on_the_same_path_reads_of_the_centre(app, qtbot, tmp_path: Path) -> None:
    from tests.desktop.sync_helpers import new_unit

    province = new_unit(tmp_path / "22", "22", "province", "TW", "Hội LHPN tỉnh Bắc Ninh")
    try:
        page = SyncPage(province)
        qtbot.addWidget(page)
        page.show()
        panel = page.first_report
        assert panel.isVisible()  # not yet confirmed by the centre
        texts = [panel.title(), panel.missing.text(), *(step.text() for step in panel.steps)]
        assert "một chuyến lên Trung ương" in panel.title()
        assert "Nhận thư mời của Trung ương" in panel.missing.text()
        assert not any("tỉnh" in text.lower() for text in texts), texts
    finally:
        province.close()


def test_the_approval_message_names_the_levels_of_who_approves():
    at_province = strings.first_trip_approved("Hội LHPN xã Tân Cương", 12, 0, "province")
    at_centre = strings.first_trip_approved("Hội LHPN tỉnh Thái Nguyên", 12, 0, "central")
    assert "trả USB cho xã" in at_province
    assert "trả USB cho tỉnh" in at_centre and "xã" not in at_centre
    refused = strings.first_trip_approved("Hội LHPN tỉnh Thái Nguyên", 0, 1, "central")
    assert "Trung ương KHÔNG nhận" in refused
