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
