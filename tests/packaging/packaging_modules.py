"""Load the build's own modules (packaging/*.py) in tests.

packaging/ is deliberately not a Python package: a `packaging/__init__.py` at the top of the
source tree would hide the `packaging` library that pip, pytest and PyInstaller import. The
modules are loaded from their files instead, under names of their own.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load(name: str) -> ModuleType:
    """packaging/<name>.py as the module `sohoi_packaging_<name>` (loaded once)."""
    key = f"sohoi_packaging_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module
