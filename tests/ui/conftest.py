"""A small commune on disk and the Sổ Hội look applied to pytest-qt's one QApplication."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from db.store import Store
from desktop.units import NewUnit, create_unit

UNIT_CODE = "C1"
UNIT_NAME = "Hội LHPN xã Tân Phú"
TODAY = date(2026, 11, 26)


def make_unit(data_dir: Path) -> Store:
    """A commune with two branches, each with a head, and a handful of members."""
    store = create_unit(data_dir, NewUnit(UNIT_CODE, UNIT_NAME, "commune", parent_code="P1"))
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
    return store


@pytest.fixture
def unit_dir(tmp_path: Path) -> Iterator[Path]:
    """The data folder of a small commune, closed again so others may open it."""
    data = tmp_path / "unit"
    make_unit(data).db.close()
    yield data


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = make_unit(tmp_path / "unit")
    yield s
    s.db.close()


@pytest.fixture
def app(qapp):
    """pytest-qt's QApplication, with the bundled fonts and the style sheet of Sổ Hội."""
    from ui.app import setup_application

    setup_application(qapp)
    return qapp
