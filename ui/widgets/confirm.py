"""Questions asked before something that cannot be taken back, in Vietnamese, "no" by default."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ui import strings


def confirm_delete(parent: QWidget | None, table: str, description: str, details: str = "") -> bool:
    """Ask whether to delete the record `description` names; True only for "Xóa". `details`
    tells namesakes apart (birth year, branch, the citizen ID's last digits).

    The safe answer ("Không xóa") is the default button and Esc, so a stray Enter keeps the
    record.
    """
    box = QMessageBox(parent)
    box.setObjectName("confirmDelete")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(strings.DELETE_TITLE)
    box.setText(strings.confirm_delete(description, details))
    box.setInformativeText(strings.delete_consequence(table))
    delete = box.addButton(strings.DELETE_YES, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(strings.DELETE_NO, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is delete
