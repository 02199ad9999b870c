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

from desktop.spreadsheets.exporter import (
    EXPORT_TABLES,
    INDICATORS,
    SENSITIVE_FIELDS,
    ExportSummary,
    export_indicators,
    export_list,
)
from desktop.spreadsheets.headers import IMPORT_TABLES, Column
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
from desktop.spreadsheets.templates import write_template

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
