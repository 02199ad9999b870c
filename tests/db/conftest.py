from datetime import date

import pytest

from db.connection import open_memory
from db.store import Store

TODAY = date(2026, 11, 26)


@pytest.fixture
def store() -> Store:
    """A commune C1 (under province P1) in an in-memory database."""
    s = Store(open_memory(), today=lambda: TODAY)
    s.set_unit("C1")
    s.save(
        "units",
        {"code": "C1", "name": "Hội LHPN xã Tân Phú", "level": "commune", "parent_code": "P1"},
    )
    return s


@pytest.fixture
def branch(store: Store) -> str:
    return store.save("branches", {"name": "Chi hội Thôn Đông", "area_name": "Thôn Đông"}).ids[0]
