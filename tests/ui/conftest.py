"""A small commune on disk, its admin's session, and the Sổ Hội look on pytest-qt's QApplication.

Units are made with the real key file and Argon2id (~0.1–0.3 s per password), so each test pays
for one unit and only the sign-ins it is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from desktop.installation.setup import CreatedUnit, NewUnit, create_unit
from desktop.security.session import Session

UNIT_CODE = "C1"
UNIT_NAME = "Hội LHPN xã Tân Phú"
TODAY = date(2026, 11, 26)
ADMIN = "admin"
PASSWORD = "Mật-khẩu-2026"  # Vietnamese letters on purpose: typed one character at a time


def make_unit(data_dir: Path) -> CreatedUnit:
    """A commune with two branches, each with a head, and a handful of members; admin signed in."""
    created = create_unit(
        data_dir,
        NewUnit(UNIT_CODE, UNIT_NAME, "commune", parent_code="P1"),
        admin_password=PASSWORD,
    )
    store = created.session.store
    store.today = lambda: TODAY
    names = ["Nguyễn Thị Ánh", "Trần Thị Bích", "Lê Thị Cúc", "Phạm Thị Dung", "Hoàng Thị Én"]
    for n, branch_name in enumerate(["Chi hội Thôn Đông", "Chi hội Thôn Đoài"]):
        branch = store.save("branches", {"name": branch_name, "uses_social_media": True}).ids[0]
        store.save(
            "branch_heads",
            {
                "branch_id": branch,
                "full_name": names[n],
                "monthly_allowance": True,
                "is_party_member": n == 0,
            },
        )
        for name in names:
            store.save(
                "members",
                {
                    "branch_id": branch,
                    "full_name": name,
                    "joined_on": "2023-03-08",
                    "status": "active",
                },
            )
    store.save(
        "cadres",
        {
            "full_name": "Võ Thị Giang",
            "position": "chair",
            "software_proficient": True,
            "is_party_member": True,
        },
    )
    return created


@dataclass(frozen=True)
class MadeUnit:
    """A unit's data folder, no one signed in, and the recovery code printed at its creation."""

    data_dir: Path
    recovery_code: str


@pytest.fixture
def made_unit(tmp_path: Path) -> MadeUnit:
    created = make_unit(tmp_path / "unit")
    created.session.close()
    return MadeUnit(tmp_path / "unit", created.recovery_code)


@pytest.fixture
def unit_dir(made_unit: MadeUnit) -> Path:
    """The data folder of a small commune, closed again so others may sign in."""
    return made_unit.data_dir


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    """The admin of a small commune, signed in."""
    s = make_unit(tmp_path / "unit").session
    yield s
    s.close()


@pytest.fixture
def app(qapp):
    """pytest-qt's QApplication, with the bundled fonts and the style sheet of Sổ Hội."""
    from ui.app import setup_application

    setup_application(qapp)
    return qapp


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` into `widget` a key at a time (qtbot.keyClicks aborts on Vietnamese letters)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


class FakeClock:
    """A monotonic clock that moves only when a test sets `now`."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
