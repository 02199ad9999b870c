"""Excel and CSV lists in and out: importing a unit's own sheets, exporting lists and indicators.

Import is a dry run first (`plan_import`: every row's fate and reasons, nothing changed), then
`apply_import` (the accepted rows, one transaction, through the write path). Export writes
.xlsx lists (`export_list`), the indicators table (`export_indicators`) and blank templates
(`write_template`). No Qt here: the window and the `sohoi sheet` command both call these.

Modules: `reader` (files, sheets), `encodings` (TCVN3, Windows-1258), `headers` (header row and
column mapping), `cells` and `dates` (cell values), `branches` and `matching` (which branch,
which stored record), `importer` and `report` (the dry run and its application), `exporter`,
`templates` and `workbook` (writing).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# What the package offers, and the module each comes from. They load at first use (PEP 562):
# asking which tables can be imported (desktop.spreadsheets.tables) must not load openpyxl.
_FROM = {
    "ADD": "desktop.spreadsheets.report",
    "Column": "desktop.spreadsheets.headers",
    "DUPLICATE": "desktop.spreadsheets.report",
    "EXPORT_TABLES": "desktop.spreadsheets.tables",
    "ExportSummary": "desktop.spreadsheets.exporter",
    "FATE_LABELS": "desktop.spreadsheets.report",
    "IMPORT_TABLES": "desktop.spreadsheets.tables",
    "INDICATORS": "desktop.spreadsheets.tables",
    "ImportPlan": "desktop.spreadsheets.report",
    "ImportResult": "desktop.spreadsheets.report",
    "REJECTED": "desktop.spreadsheets.report",
    "RowOutcome": "desktop.spreadsheets.report",
    "SENSITIVE_FIELDS": "desktop.spreadsheets.exporter",
    "SheetError": "desktop.spreadsheets.reader",
    "UNCHANGED": "desktop.spreadsheets.report",
    "UPDATE": "desktop.spreadsheets.report",
    "apply_import": "desktop.spreadsheets.importer",
    "export_indicators": "desktop.spreadsheets.exporter",
    "export_list": "desktop.spreadsheets.exporter",
    "plan_import": "desktop.spreadsheets.importer",
    "write_template": "desktop.spreadsheets.templates",
}

if TYPE_CHECKING:
    from desktop.spreadsheets.exporter import (
        SENSITIVE_FIELDS,
        ExportSummary,
        export_indicators,
        export_list,
    )
    from desktop.spreadsheets.headers import Column
    from desktop.spreadsheets.importer import apply_import, plan_import
    from desktop.spreadsheets.reader import SheetError
    from desktop.spreadsheets.report import (
        ADD,
        DUPLICATE,
        FATE_LABELS,
        REJECTED,
        UNCHANGED,
        UPDATE,
        ImportPlan,
        ImportResult,
        RowOutcome,
    )
    from desktop.spreadsheets.tables import EXPORT_TABLES, IMPORT_TABLES, INDICATORS
    from desktop.spreadsheets.templates import write_template


def __getattr__(name: str) -> Any:
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_FROM[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "ADD",
    "DUPLICATE",
    "EXPORT_TABLES",
    "FATE_LABELS",
    "IMPORT_TABLES",
    "INDICATORS",
    "REJECTED",
    "SENSITIVE_FIELDS",
    "UNCHANGED",
    "UPDATE",
    "Column",
    "ExportSummary",
    "ImportPlan",
    "ImportResult",
    "RowOutcome",
    "SheetError",
    "apply_import",
    "export_indicators",
    "export_list",
    "plan_import",
    "write_template",
]
