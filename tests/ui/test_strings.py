"""The strings package: every text defined once, so no module silently replaces another's."""

from __future__ import annotations

import importlib
import pkgutil

import ui.strings


def test_no_text_is_defined_in_two_modules_of_the_package():
    owners: dict[str, list[str]] = {}
    for info in pkgutil.iter_modules(ui.strings.__path__):
        module = importlib.import_module(f"ui.strings.{info.name}")
        for name, value in vars(module).items():
            own = getattr(value, "__module__", module.__name__) == module.__name__
            if own and not name.startswith("_") and name != "annotations":
                owners.setdefault(name, []).append(info.name)
    assert {n: m for n, m in owners.items() if len(m) > 1} == {}


def test_the_status_bar_says_what_was_sent_and_acknowledged():
    from ui import strings

    assert strings.status_sync(0, "", 0, "") == "Chưa gửi báo cáo lên cấp trên"
    sent = strings.status_sync(5, "2026-11-26T08:30:00", 5, "")
    assert sent == "Gửi lần cuối: gói 5 lúc 26/11/2026 08:30 (cấp trên đã nhận)"
    assert "(cấp trên đã nhận đến gói 3)" in strings.status_sync(5, "2026-11-26T08:30:00", 3, "")
    assert "(chưa có biên nhận)" in strings.status_sync(1, "2026-11-26T08:30:00", 0, "")
    received = strings.status_sync(0, "", 0, "2026-11-27T01:00:00")
    assert received == "Nhận lần cuối: 27/11/2026 01:00"
