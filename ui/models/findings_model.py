"""The data problems of the unit (`db.checks.check_all`) as a list: one line per finding.

Each line names the record and says what is wrong, in the words of the rule; a red dot marks
an error (the write path would refuse the record as it is), an amber one a warning. The finding
itself rides on `FindingRole`, so a click can open the record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from db.checks import Finding
from ui import strings
from ui.forms.field_grid import sentence

Index = QModelIndex | QPersistentModelIndex

FindingRole = Qt.ItemDataRole.UserRole + 1
COLOURS = {"error": QColor("#c8453c"), "warning": QColor("#d89216")}
DOT_SIZE = 12


def _dot(colour: QColor) -> QIcon:
    pixmap = QPixmap(DOT_SIZE, DOT_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, DOT_SIZE - 2, DOT_SIZE - 2)
    painter.end()
    return QIcon(pixmap)


def finding_text(finding: Finding) -> str:
    """`Hội viên “Vi Thị Liên” — Số CCCD: đây là số CMND cũ …`."""
    return sentence(str(finding.problem))


class FindingsModel(QAbstractListModel):
    """A read-only list of findings; `set_findings` replaces them all."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._icons: dict[str, QIcon] = {}

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.beginResetModel()
        self._findings = list(findings)
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def count(self, severity: str) -> int:
        """How many findings are errors, or warnings."""
        return sum(1 for f in self._findings if f.problem.severity == severity)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._findings):
            return None
        finding = self._findings[index.row()]
        severity = finding.problem.severity
        if role == Qt.ItemDataRole.DisplayRole:
            return finding_text(finding)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{strings.SEVERITY_LABELS.get(severity, '')}. {strings.FINDING_OPEN_TIP}"
        if role == Qt.ItemDataRole.DecorationRole:
            icon = self._icons.get(severity)
            if icon is None:
                icon = self._icons[severity] = _dot(COLOURS.get(severity, COLOURS["warning"]))
            return icon
        if role == FindingRole:
            return finding
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
