"""Which lists go in and out of spreadsheets: light, so the window can ask without loading
openpyxl (the package's modules load it; the window imports them only when a dialog opens)."""

from __future__ import annotations

from db.schema import TABLES

IMPORT_TABLES = ("members", "branch_heads", "cadres", "branches")
INDICATORS = "indicators"  # the indicators table, exported as a list of its own
EXPORT_TABLES = (*TABLES, INDICATORS)
